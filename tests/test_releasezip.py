"""DailyMed's release zips (zips of label zips) read as collections, and kept fresh cheaply."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from medinfo import releasezip

SPL = Path(__file__).parent / "fixtures" / "spl"
LABELS = sorted(SPL.glob("*.xml"))
RELEASE = "dm_spl_release_human_rx_part1.zip"
WEEKLY = "dm_spl_weekly_update_112326_112726.zip"


def _set_id(number: int) -> str:
    """Return the made-up set id of the label copy with this number."""
    return f"00000000-0000-4000-8000-{number:012d}"


def _label(number: int, extra: bytes = b"") -> bytes:
    """Return a fixture label (cycling over tests/fixtures/spl) given a set id of its own."""
    xml = LABELS[number % len(LABELS)].read_bytes()
    start = xml.index(b'<setId root="') + len(b'<setId root="')
    end = xml.index(b'"', start)
    return xml[:start] + _set_id(number).encode() + xml[end:] + extra


def _label_zip(xml: bytes, image: bytes = b"\x89PNG....") -> bytes:
    """Return a label zip as DailyMed's: the XML, named by a document id, and an image."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("0a1b2c3d-document.xml", xml)
        archive.writestr("figure.jpg", image)
    return out.getvalue()


def _release(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> None:
    """Write a release zip: `prescription/DATE_SETID.zip` members, as DailyMed names them."""
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)


def _inner(number: int, date: str = "20261201") -> str:
    """Return the name of a label zip inside a release."""
    return f"prescription/{date}_{_set_id(number)}.zip"


def _members(numbers: range) -> dict[str, bytes]:
    """Return the label zips of the numbered label copies."""
    return {_inner(n): _label_zip(_label(n)) for n in numbers}


def _index(run, where: Path, *more: str) -> dict[str, object]:
    """Run `medinfo index --json` over a folder or zip and return what it reports."""
    result = run("index", "--dir", str(where), "--json", *more)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _paths(run, where: Path, *args: str) -> list[str]:
    """Return the paths `medinfo list --json` gives."""
    result = run("list", "--dir", str(where), "--json", *args)
    assert result.exit_code == 0, result.stderr
    return sorted(entry["path"] for entry in json.loads(result.stdout))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Return a folder holding a release of six labels."""
    target = tmp_path / "dailymed"
    target.mkdir()
    _release(target / RELEASE, _members(range(6)))
    return target


def test_a_folder_of_a_release_and_an_update_lists_every_label_inside(run, folder: Path) -> None:
    _release(folder / WEEKLY, _members(range(6, 8)))
    result = run("list", "--dir", str(folder), "--count")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "8"
    paths = _paths(run, folder)
    assert f"{RELEASE}:{_inner(0)}" in paths
    assert f"{WEEKLY}:{_inner(7)}" in paths
    assert not [p for p in folder.rglob("*") if p.suffix == ".xml"]  # nothing extracted


def test_a_label_inside_a_release_is_shown_by_its_set_id(run, folder: Path) -> None:
    result = run("show", "--dir", str(folder), _set_id(3), "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["metadata"]["set_id"] == _set_id(3)
    assert shown["path"] == f"{RELEASE}:{_inner(3)}"


def test_dir_naming_one_release_zip_reads_the_labels_in_it(run, folder: Path) -> None:
    _release(folder / WEEKLY, _members(range(6, 8)))
    result = run("list", "--dir", str(folder / WEEKLY), "--count")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2"
    assert _paths(run, folder / WEEKLY) == [f":{_inner(6)}", f":{_inner(7)}"]


def test_a_zip_that_is_no_release_is_still_refused_as_a_collection(run, tmp_path: Path) -> None:
    single = tmp_path / "one-label.zip"
    single.write_bytes(_label_zip(_label(0)))
    result = run("list", "--dir", str(single))
    assert result.exit_code == 2
    assert "not a directory" in result.stderr


def _skipped(report: dict[str, object]) -> dict[str, str]:
    """Return the skipped files of an index report, by path."""
    skipped = report["skipped"]
    assert isinstance(skipped, list)
    return {entry["path"]: entry["reason"] for entry in skipped}


def test_a_damaged_label_zip_is_named_inside_its_release_and_the_rest_read(
    run, folder: Path
) -> None:
    members = _members(range(4))
    members[_inner(2)] = b"PK\x03\x04 not a zip at all, cut short"
    _release(folder / RELEASE, members)
    skipped = _skipped(_index(run, folder))
    where = str(folder / RELEASE) + ":" + _inner(2)
    assert list(skipped) == [where]
    assert "zip" in skipped[where]
    assert len(_paths(run, folder)) == 3


def test_a_damaged_release_member_is_skipped_with_its_crc_error(run, folder: Path) -> None:
    members = _members(range(3))
    _release(folder / RELEASE, members, zipfile.ZIP_STORED)
    data = bytearray((folder / RELEASE).read_bytes())
    # Flip bytes in the middle of the second stored label zip: its CRC no longer holds.
    with zipfile.ZipFile(folder / RELEASE) as archive:
        info = archive.getinfo(_inner(1))
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    data[middle : middle + 8] = b"XXXXXXXX"
    (folder / RELEASE).write_bytes(bytes(data))
    skipped = _skipped(_index(run, folder))
    assert list(skipped) == [str(folder / RELEASE) + ":" + _inner(1)]
    assert len(_paths(run, folder)) == 2


def test_the_size_cap_holds_per_inner_label_not_for_the_release(
    run, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    members = _members(range(6))
    members[_inner(4)] = _label_zip(_label(4), image=os.urandom(60_000))
    _release(folder / RELEASE, members)
    assert (folder / RELEASE).stat().st_size > 60_000  # the release is over the cap ...
    monkeypatch.setenv("MEDINFO_MAX_LABEL_KB", "40")  # ... each other label under it
    skipped = _skipped(_index(run, folder))
    assert skipped == {str(folder / RELEASE) + ":" + _inner(4): "larger than 40 kB"}
    assert len(_paths(run, folder)) == 5


def test_a_label_zip_that_expands_too_much_is_refused(run, folder: Path) -> None:
    members = _members(range(3))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("label.xml", _label(1))
        archive.writestr("figure.jpg", bytes(2_000_000))
    members[_inner(1)] = bomb.getvalue()
    _release(folder / RELEASE, members)
    skipped = _skipped(_index(run, folder))
    assert skipped == {
        str(folder / RELEASE) + ":" + _inner(1): "zip member expands too much (a zip bomb?)"
    }


def test_a_label_declaring_a_dtd_inside_a_release_is_refused(run, folder: Path) -> None:
    members = _members(range(3))
    xml = _label(1).replace(b"<document", b'<!DOCTYPE document [<!ENTITY x "boom">]>\n<document', 1)
    members[_inner(1)] = _label_zip(xml)
    _release(folder / RELEASE, members)
    skipped = _skipped(_index(run, folder))
    assert list(skipped) == [str(folder / RELEASE) + ":" + _inner(1)]
    assert "DTD" in skipped[str(folder / RELEASE) + ":" + _inner(1)]
    assert len(_paths(run, folder)) == 2


def test_an_unchanged_release_indexed_again_parses_nothing(run, folder: Path) -> None:
    assert _index(run, folder)["parsed_now"] == 6
    again = _index(run, folder)
    assert (again["parsed_now"], again["removed_now"], again["monographs"]) == (0, 0, 6)


def test_an_update_zip_beside_the_release_parses_only_its_own_labels(run, folder: Path) -> None:
    assert _index(run, folder)["parsed_now"] == 6
    # Two new versions of labels already in the release, and one new label.
    newer = (b'<versionNumber value="', b'<versionNumber value="1')
    update = {_inner(n, "20261127"): _label_zip(_label(n).replace(*newer, 1)) for n in (0, 1)}
    update[_inner(9, "20261127")] = _label_zip(_label(9))
    os.utime(folder, ns=(0, 0))  # as if the folder's mtime came from a coarse clock
    _release(folder / WEEKLY, update)
    report = _index(run, folder)
    assert (report["parsed_now"], report["monographs"]) == (3, 9)
    # Both versions of set id 0 are indexed; only the newer one, the update's, is listed.
    assert _paths(run, folder, _set_id(0)) == [f"{WEEKLY}:{_inner(0, '20261127')}"]
    (folder / WEEKLY).unlink()
    gone = _index(run, folder)
    assert (gone["parsed_now"], gone["removed_now"], gone["monographs"]) == (0, 3, 6)
    assert _paths(run, folder, _set_id(0)) == [f"{RELEASE}:{_inner(0)}"]


def test_a_rewritten_release_parses_only_the_labels_that_changed(run, folder: Path) -> None:
    assert _index(run, folder)["parsed_now"] == 6
    members = _members(range(6))
    # A longer first label: every label after it now starts further on in the release.
    members[_inner(0)] = _label_zip(_label(0, extra=b"\n<!-- a new version -->\n" * 20))
    _release(folder / RELEASE, members)
    os.utime(folder / RELEASE, ns=(1, 1))
    report = _index(run, folder)
    assert (report["parsed_now"], report["monographs"]) == (1, 6)
    # The labels that moved are shown from where they now are, without being read again.
    result = run("show", "--dir", str(folder), _set_id(5), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["metadata"]["set_id"] == _set_id(5)


def test_an_inner_label_is_checked_against_its_local_header_before_shown(tmp_path: Path) -> None:
    path = tmp_path / RELEASE
    _release(path, _members(range(2)))
    [first, second] = releasezip.members(str(path))
    known = releasezip.fingerprint(second)
    assert releasezip.unchanged(str(path), second.filename, second.header_offset, known)
    assert not releasezip.unchanged(str(path), second.filename, first.header_offset, known)
    assert not releasezip.unchanged(str(path), second.filename, second.header_offset, b"other")


def test_release_names_split_into_their_release_and_member() -> None:
    assert releasezip.split(f"{RELEASE}:{_inner(1)}") == (RELEASE, _inner(1))
    assert releasezip.split(f"sub/{RELEASE}:{_inner(1)}") == (f"sub/{RELEASE}", _inner(1))
    assert releasezip.split(f":{_inner(1)}") == ("", _inner(1))
    assert releasezip.split("sub/label.zip") is None
    assert releasezip.parent(f"sub/{RELEASE}:{_inner(1)}") == f"sub/{RELEASE}"
    assert releasezip.parent("sub/label.zip") == "sub"


def test_the_workers_of_a_large_build_each_read_the_release_themselves(run, folder: Path) -> None:
    from medinfo.index.build import PARALLEL_THRESHOLD

    count = PARALLEL_THRESHOLD + 10  # enough for worker processes, when there are cores
    _release(folder / RELEASE, _members(range(count)))
    report = _index(run, folder)
    assert (report["parsed_now"], report["monographs"], report["skipped"]) == (count, count, [])
    result = run("show", "--dir", str(folder), _set_id(count - 1), "--json")
    assert json.loads(result.stdout)["metadata"]["set_id"] == _set_id(count - 1)


def test_a_tab_never_indexes_a_release_named_as_the_collection(folder: Path) -> None:
    from medinfo.completion_index import small

    assert not small([str(folder / RELEASE)])


def test_index_finds_a_release_rewritten_in_place_with_its_old_mtime(run, folder: Path) -> None:
    old = (1_600_000_000_000_000_000,) * 2  # long settled: the stored mtimes are kept as they are
    os.utime(folder / RELEASE, ns=old)
    os.utime(folder, ns=old)
    assert _index(run, folder)["parsed_now"] == 6
    members = _members(range(6))
    members[_inner(5)] = _label_zip(_label(5, extra=b"\n<!-- edited in place -->\n"))
    with open(folder / RELEASE, "r+b") as stream:  # in place: the same file, its mtime put back
        _release(folder / "new.tmp", members)
        stream.write((folder / "new.tmp").read_bytes())
        stream.truncate()
    (folder / "new.tmp").unlink()
    os.utime(folder / RELEASE, ns=old)
    os.utime(folder, ns=old)
    # Only the label's local header tells: `medinfo index` reads each one (not a lookup).
    report = _index(run, folder)
    assert (report["parsed_now"], report["monographs"]) == (1, 6)


def test_a_truncated_release_is_reported_and_the_other_releases_read(run, folder: Path) -> None:
    _release(folder / WEEKLY, _members(range(6, 10)))
    data = (folder / WEEKLY).read_bytes()
    (folder / WEEKLY).write_bytes(data[: len(data) // 2])  # a download cut short
    skipped = _skipped(_index(run, folder))
    assert list(skipped) == [str(folder / WEEKLY)]
    assert "zip" in skipped[str(folder / WEEKLY)]
    assert len(_paths(run, folder)) == 6
    checked = run("check", "--dir", str(folder))
    assert WEEKLY in checked.stdout + checked.stderr


def test_a_release_cut_short_in_place_after_indexing_is_reported(run, folder: Path) -> None:
    _release(folder / WEEKLY, _members(range(6, 10)))
    assert _index(run, folder)["monographs"] == 10
    stamp = os.stat(folder)
    data = (folder / WEEKLY).read_bytes()
    with open(folder / WEEKLY, "r+b") as stream:  # rewritten in place: the folder is unchanged
        stream.truncate(len(data) // 2)
    os.utime(folder, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    report = _index(run, folder)
    assert list(_skipped(report)) == [str(folder / WEEKLY)]
    assert report["monographs"] == 6


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files by /proc")
def test_checking_many_releases_keeps_few_files_open(run, tmp_path: Path) -> None:
    import resource

    target = tmp_path / "weeklies"
    target.mkdir()
    for week in range(30):
        _release(target / f"dm_spl_weekly_update_{week:03d}.zip", _members(range(week, week + 1)))
    assert _index(run, target)["parsed_now"] == 30
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    # Fewer spare descriptors than releases: one kept open per release would run out.
    resource.setrlimit(resource.RLIMIT_NOFILE, (len(os.listdir("/proc/self/fd")) + 15, hard))
    try:
        again = _index(run, target)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert (again["parsed_now"], again["monographs"]) == (0, 30)


def test_a_release_naming_one_label_twice_keeps_the_last_and_the_rest(run, folder: Path) -> None:
    warned = pytest.warns(UserWarning, match="Duplicate name")
    with warned, zipfile.ZipFile(folder / WEEKLY, "w") as archive:
        for number in (6, 7, 8):
            archive.writestr(_inner(number), _label_zip(_label(number)))
        archive.writestr(_inner(7), _label_zip(_label(9)))  # the name again, other content
    assert _index(run, folder)["monographs"] == 9
    result = run("show", "--dir", str(folder), _set_id(9), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["path"] == f"{WEEKLY}:{_inner(7)}"
    assert _index(run, folder)["parsed_now"] == 0


def test_a_label_zipped_with_its_folder_is_read_as_one_label(run, folder: Path) -> None:
    with zipfile.ZipFile(folder / "one-label.zip", "w") as archive:  # as `zip -r` makes it
        archive.writestr("label/", b"")
        archive.writestr("label/label.xml", _label(40))
    assert _index(run, folder)["monographs"] == 7
    assert "one-label.zip" in _paths(run, folder)


def test_a_release_whose_folder_entry_comes_first_is_read_as_a_release(run, folder: Path) -> None:
    with zipfile.ZipFile(folder / WEEKLY, "w") as archive:
        archive.writestr("prescription/", b"")
        for name, data in _members(range(6, 8)).items():
            archive.writestr(name, data)
    assert _index(run, folder)["monographs"] == 8


def test_a_name_inside_a_release_never_breaks_a_warning_line(run, folder: Path) -> None:
    members = _members(range(2))
    members["prescription/bad\nwarning: forged\x1b[2J.zip"] = b"not a zip"
    _release(folder / RELEASE, members)
    result = run("index", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "forged" in line]
    assert len(lines) == 1
    assert lines[0].startswith("warning: skipped ")
    assert "\\n" in lines[0] and "\x1b" not in result.stderr


def test_check_names_a_label_inside_a_release_as_index_does(run, folder: Path) -> None:
    members = _members(range(2))
    members["prescription/bad\nforged.zip"] = b"not a zip"
    _release(folder / RELEASE, members)
    for where, shown in ((folder, f"{RELEASE}:"), (folder / RELEASE, f"{RELEASE}:")):
        result = run("check", "--dir", str(where))
        lines = [line for line in result.stdout.splitlines() if "forged" in line]
        assert len(lines) == 1, result.stdout
        assert f"{shown}prescription/bad\\nforged.zip:" in lines[0]


def test_check_never_prints_a_terminal_control_from_a_name_inside_a_release(
    run, folder: Path
) -> None:
    members = _members(range(2))
    members["prescription/\x1b]0;pwned\x07\x1b[31mred.zip"] = b"not a zip"
    _release(folder / RELEASE, members)
    result = run("check", "--dir", str(folder))
    assert "red.zip:" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr
    assert "\x07" not in result.stdout + result.stderr
