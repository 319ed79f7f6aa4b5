"""Finding files safely: links that leave the folder, FIFOs, loops, hidden files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from medinfo.library import Library


def names(collection: Path, cache: Path) -> list[str]:
    """Return the monograph names a library finds."""
    return [entry.name for entry in Library([str(collection)], cache).open().entries()]


def test_only_regular_markdown_files_inside_the_root(
    collection: Path, isolated: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.md"
    outside.write_text("# Outside\n### Usage\nSecret.\n")
    (collection / "link-out.md").symlink_to(outside)
    (collection / "link-in.md").symlink_to(collection / "betazol.md")
    (collection / "loop").symlink_to(collection)
    (collection / "passwd.md").symlink_to("/etc/passwd")
    os.mkfifo(collection / "fifo.md")
    (collection / ".hidden.md").write_text("# Hidden\n")
    (collection / "notes.txt").write_text("# Not markdown\n")
    found = names(collection, isolated)
    assert "Outside" not in found and "Hidden" not in found
    assert found.count("Betazol") == 2  # the link inside the folder is a second file
    assert len(found) == 5


def test_oversized_file_is_skipped_with_a_reason(collection: Path, isolated: Path) -> None:
    (collection / "huge.md").write_text("# Huge\n" + "x" * 1_100_000)
    library = Library([str(collection)], isolated).open()
    assert [reason for path, reason in library.skipped() if path.endswith("huge.md")] == [
        "cannot read: larger than 1000 kB"
    ]
    assert len(library.entries()) == 4


def test_file_names_that_are_not_utf8(run, collection: Path) -> None:
    odd = os.fsencode(collection) + b"/caf\xe9.md"
    with open(odd, "wb") as handle:
        handle.write(b"# Cafe\n### Usage\nOdd name.\n")
    listed = run("list", "--json", "--dir", str(collection))
    assert listed.exit_code == 0, listed.stderr
    paths = [entry["path"] for entry in json.loads(listed.stdout)]
    assert "caf\\xe9.md" in paths and len(paths) == 5  # shown with the byte escaped
    assert "Odd name." in run("show", "cafe", "usage", "--dir", str(collection)).stdout
    with open(odd, "wb") as handle:  # the same bytes open the same file again
        handle.write(b"# Cafe\n### Usage\nEdited in place.\n")
    assert "Edited in place." in run("show", "cafe", "usage", "--dir", str(collection)).stdout
    assert json.loads(run("index", "--json", "--dir", str(collection)).stdout)["parsed_now"] == 0


def test_directory_names_that_are_not_utf8(run, collection: Path, tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/caf\xe9"
    os.rename(collection, odd)
    folder = os.fsdecode(odd)
    listed = run("list", "--json", "--dir", folder)
    assert listed.exit_code == 0, listed.stderr
    assert json.loads(listed.stdout)[0]["dir"].endswith("/caf\\xe9")  # the byte escaped
    shown = run("show", "alphacillin", "--format", "rich", "--dir", folder)
    assert shown.exit_code == 0, shown.stderr
    assert "alphacillin.md" in shown.stdout  # the file by its name, not its folder's
    result = run("index", "--dir", folder, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.stderr
    assert "caf\\xe9" in result.stdout
