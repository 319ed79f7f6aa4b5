"""A path that only looks like a label inside a release zip is the file it names."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from medinfo import releasezip
from tests.test_releasezip import RELEASE, SPL, _index, _inner, _members, _paths, _release

SET_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"  # zolvexa.xml's
_SET_ID_1 = "00000000-0000-4000-8000-000000000001"  # the second label of _members


def _settled(*paths: Path) -> None:
    """Give paths an old mtime, so the next call trusts their listing (no racy second look)."""
    for path in paths:
        os.utime(path, ns=(1_600_000_000_000_000_000,) * 2)


def test_files_and_folders_whose_names_hold_zip_colon_are_read(run, tmp_path: Path) -> None:
    collection = tmp_path / "labels"
    folder = collection / "odd.zip:dir"  # a folder, not a member of a release "odd.zip"
    folder.mkdir(parents=True)
    shutil.copy(SPL / "zolvexa.xml", folder / "zolvexa.xml")
    shutil.copy(SPL / "tabulex.xml", collection / "x.ZIP:y.xml")
    (collection / ":lead.md").write_text("# Leadwort\n\n### Usage\nA leading colon.\n")
    report = _index(run, collection)
    assert report["skipped"] == []
    assert report["monographs"] == 3
    assert _paths(run, collection) == [":lead.md", "odd.zip:dir/zolvexa.xml", "x.ZIP:y.xml"]
    result = run("show", "--dir", str(collection), SET_ID, "contraindications")
    assert result.exit_code == 0, result.stderr
    assert "Severe liver disease." in result.stdout
    result = run("check", "--dir", str(collection))
    assert result.exit_code == 0, result.stdout + result.stderr
    # The folder's file is listed under that folder: its removal is seen there.
    _settled(collection, folder)
    assert _index(run, collection)["parsed_now"] == 0
    (folder / "zolvexa.xml").unlink()
    assert "odd.zip:dir/zolvexa.xml" not in _paths(run, collection)


def test_a_new_folder_with_a_file_named_with_a_leading_colon_is_read(run, tmp_path: Path) -> None:
    collection = tmp_path / "labels"
    collection.mkdir()
    shutil.copy(SPL / "tabulex.xml", collection / "tabulex.xml")
    _settled(collection)
    assert _index(run, collection)["monographs"] == 1
    (collection / "more").mkdir()  # a folder found on a later call, walked on its own
    shutil.copy(SPL / "zolvexa.xml", collection / "more" / ":zolvexa.xml")
    result = run("index", "--dir", str(collection), "--json")
    assert "skipped" not in result.stderr  # never read as "more:zolvexa.xml" first
    report = json.loads(result.stdout)
    assert (report["parsed_now"], report["removed_now"], report["monographs"]) == (1, 0, 2)
    assert "more/:zolvexa.xml" in _paths(run, collection)


def test_a_release_in_a_folder_named_with_zip_colon_or_a_long_casefold(run, tmp_path: Path) -> None:
    collection = tmp_path / "labels"
    for folder in ("Straße", "a.zip:b"):  # "ß" casefolds to two letters
        (collection / folder).mkdir(parents=True)
        _release(collection / folder / RELEASE, _members(range(2)))
    report = _index(run, collection)
    assert (report["skipped"], report["monographs"]) == ([], 4)
    result = run("show", "--dir", str(collection), _SET_ID_1, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["path"].endswith(f"/{RELEASE}:{_inner(1)}")


def test_a_stored_path_splits_at_its_release_whatever_its_case_folding() -> None:
    rel = f"Straße/{RELEASE}:{_inner(1)}"
    assert releasezip.split(rel) == (f"Straße/{RELEASE}", _inner(1))
    assert releasezip.parent(rel) == f"Straße/{RELEASE}"
    assert releasezip.split(f"a/B.ZIP:{_inner(1)}") == ("a/B.ZIP", _inner(1))
