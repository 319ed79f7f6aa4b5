"""Every path in a message is shown on one line: a name's line break never starts another."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
FORGED = "\nwarning: forged\t\x1b[2J"  # a line break, a tab and an escape sequence in a name
SHOWN = "\\nwarning: forged\\t[2J"  # as messages show it
BAD = "---\ntitle: [unclosed\n---\n# Bad\n"  # front matter that cannot be read


def _lines(text: str) -> list[str]:
    """Return the lines of output that mention the forged name."""
    return [line for line in text.splitlines() if "forged" in line]


@pytest.fixture
def odd_collection(tmp_path: Path) -> Path:
    """Return a collection whose folder and one file have a line break in their names."""
    folder = tmp_path / f"labels{FORGED}"
    folder.mkdir()
    shutil.copy(FIXTURES / "collection" / "alphacillin.md", folder)
    (folder / f"bad{FORGED}.md").write_text(BAD)
    return folder


@pytest.mark.parametrize("command", [["index"], ["list"], ["list", "--count"]])
def test_a_skipped_file_is_one_warning_line(run, odd_collection: Path, command) -> None:
    result = run(*command, "--dir", str(odd_collection))
    assert result.exit_code == 0, result.stderr
    lines = _lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("warning: skipped ") and lines[0].endswith("(line 3)")
    assert f"labels{SHOWN}/bad{SHOWN}.md" in lines[0]
    assert "\x1b" not in result.stderr + result.stdout


def test_index_names_its_directories_on_one_line(run, odd_collection: Path) -> None:
    result = run("index", "--dir", str(odd_collection))
    assert [line.split(":", 1)[0] for line in _lines(result.stdout)] == ["directories", "skipped"]


def test_errors_naming_a_directory_are_one_line(run, tmp_path: Path) -> None:
    missing = tmp_path / f"gone{FORGED}"
    result = run("list", "--dir", str(missing))
    assert result.exit_code == 2
    assert _lines(result.stderr) == [f"Error: directory not found: {tmp_path}/gone{SHOWN}"]
    empty = tmp_path / f"empty{FORGED}"
    empty.mkdir()
    result = run("list", "--dir", str(empty))
    assert result.exit_code == 1, result.stderr
    assert len(_lines(result.stderr)) == 1
    assert _lines(result.stderr)[0].startswith("Error: no monographs in ")
