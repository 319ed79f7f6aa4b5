"""A release damaged or cut short, then repaired where it is, is read again."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from tests.test_releasezip import RELEASE, _index, _inner, _members, _paths, _release, _skipped

OLD = (1_600_000_000_000_000_000,) * 2  # a long settled mtime, put back after each rewrite


@pytest.fixture(autouse=True)
def trusted_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Store every stamp as it is: no second look at what was written a moment ago."""
    from medinfo.index import sync

    monkeypatch.setattr(sync, "RACY_SECONDS", 0.0)


def _rewrite(release: Path, data: bytes, folder: Path) -> None:
    """Write a release's bytes in place, its and its folder's mtimes put back as they were."""
    with open(release, "r+b") as stream:
        stream.write(data)
        stream.truncate()
    os.utime(release, ns=OLD)
    os.utime(folder, ns=OLD)


def _damaged(good: bytes, release: Path, number: int) -> bytes:
    """Return a release's bytes with the middle of one label zip overwritten (same size)."""
    with zipfile.ZipFile(release) as archive:
        info = archive.getinfo(_inner(number))
    middle = info.header_offset + 30 + len(info.filename) + info.compress_size // 2
    return good[:middle] + bytes(16) + good[middle + 16 :]  # a download's unfilled block


@pytest.mark.parametrize("named", ["folder", "release"])
def test_a_damaged_label_repaired_in_place_is_read_again(run, tmp_path: Path, named: str) -> None:
    folder = tmp_path / "dailymed"
    folder.mkdir()
    release = folder / RELEASE
    _release(release, _members(range(3)), zipfile.ZIP_STORED)
    good = release.read_bytes()
    _rewrite(release, _damaged(good, release, 1), folder)
    where = folder if named == "folder" else release
    report = _index(run, where)
    assert (report["monographs"], len(_skipped(report))) == (2, 1)
    assert next(iter(_skipped(report))).endswith(f"{RELEASE}:{_inner(1)}")
    again = _index(run, where)  # unchanged: nothing parsed, the damage still reported
    assert (again["parsed_now"], len(_skipped(again))) == (0, 1)
    _rewrite(release, good, folder)  # the same size and mtime: only its ctime moved
    repaired = _index(run, where)
    assert (repaired["parsed_now"], repaired["monographs"], repaired["skipped"]) == (1, 3, [])
    assert _index(run, where)["parsed_now"] == 0


def test_a_release_of_stored_label_zips_cut_short_is_reported_then_read_when_complete(
    run, tmp_path: Path
) -> None:
    folder = tmp_path / "dailymed"
    folder.mkdir()
    release = folder / RELEASE
    _release(release, _members(range(3)), zipfile.ZIP_STORED)
    good = release.read_bytes()
    # Cut after the second label zip: its own end record is the last one in the file.
    with zipfile.ZipFile(release) as archive:
        cut = archive.getinfo(_inner(2)).header_offset
    _rewrite(release, good[:cut], folder)
    report = _index(run, folder)
    assert list(_skipped(report)) == [str(release)]
    assert "cut short" in _skipped(report)[str(release)]
    assert report["monographs"] == 0  # not the last whole label zip, named as the release
    _rewrite(release, good, folder)  # the download completed where it was
    completed = _index(run, folder)
    assert (completed["parsed_now"], completed["monographs"], completed["skipped"]) == (3, 3, [])
    assert len(_paths(run, folder)) == 3
    assert _index(run, folder)["parsed_now"] == 0
