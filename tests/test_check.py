"""`medinfo check`: each rule on a file made to break it, and no good file flagged."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from medinfo.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "---\ntitle: {title}\n---\n\n# {title}\n\n### Usage\nPain.\n\n### Dosage\n1 tablet.\n"
LINE = re.compile(
    r"^(?P<path>.+):(?P<line>\d+): (?P<rule>MI\d{3}) (?P<severity>error|warning): .+$"
)


def good(title: str) -> str:
    """Return a monograph with nothing wrong with it."""
    return GOOD.format(title=title)


def _zip_bomb() -> bytes:
    """Return a zip whose one label expands far beyond what its size suggests."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("label.xml", b"<a>" + b" " * 10_000_000 + b"</a>")
    return buffer.getvalue()


# Each file breaks one rule (and only that one), and says which.
BROKEN: dict[str, tuple[bytes | str, str]] = {
    "binary.md": (b"# X\n\x00\x00\x00", "MI002"),
    "legacy.md": (good("Legacol").replace("Pain.", "Caf\u00e9 pain.").encode("cp1252"), "MI003"),
    "bad-yaml.md": ("---\ntitle: a: b\n---\n### Usage\nx\n", "MI101"),
    "list-front.md": ("---\n- a\n---\n### Usage\nx\n", "MI102"),
    "alias-bomb.md": ("---\na: &x [1]\nb: [*x, *x]\n---\n### Usage\nx\n", "MI103"),
    "tagged.md": (good("Taggol").replace("title: Taggol", "title: Taggol\nn: !!str 5"), "MI104"),
    "untitled.md": ("### Usage\nPain.\n", "MI201"),
    "numbered.md": (good("Numbol").replace("title: Numbol", "title: 42"), "MI202"),
    "refusal.md": ("# Mixol\n\nI cannot provide information on this combination.\n", "MI301"),
    "empty-section.md": (good("Emptol") + "\n### Side Effects\n\n", "MI302"),
    "twice.md": (good("Twicol") + "\n### Usage\nAgain.\n", "MI303"),
    "escapes.md": (good("Escapol").replace("Pain.", "Pain.\x1b]52;c;SGk=\x07"), "MI401"),
    "broken.xml": (b"<document xmlns='urn:hl7-org:v3'><title>unclosed", "MI501"),
    "feed.xml": (b"<rss><channel/></rss>", "MI502"),
    "laughs.xml": (b'<!DOCTYPE d [<!ENTITY x "y">]><document/>', "MI504"),
    "bomb.zip": (_zip_bomb(), "MI505"),
}


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """Return a collection of good files beside one broken file per rule."""
    folder = tmp_path / "messy"
    folder.mkdir()
    for name in ("goodol", "betterol"):
        (folder / f"{name}.md").write_text(good(name.capitalize()), encoding="utf-8")
    shutil.copy(FIXTURES / "spl" / "zolvexa.xml", folder / "zolvexa.xml")
    for name, (content, _) in BROKEN.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)
    (folder / "big.md").write_text(good("Bigol") + "x" * 1_100_000, encoding="utf-8")
    # Two files claim one name; an alias is another file's name.
    (folder / "dup-a.md").write_text(good("Duplol"), encoding="utf-8")
    (folder / "dup-b.md").write_text(good("Duplol"), encoding="utf-8")
    (folder / "aliased.md").write_text(
        good("Aliasol").replace("title: Aliasol", "title: Aliasol\naliases: [Goodol]"),
        encoding="utf-8",
    )
    outside = tmp_path / "outside.md"
    outside.write_text(good("Outsidol"), encoding="utf-8")
    (folder / "leak.md").symlink_to(outside)
    (folder / "loop.md").symlink_to(folder / "loop.md")
    os.mkfifo(folder / "pipe.md")
    return folder


def medinfo(*args: str) -> subprocess.CompletedProcess[str]:
    """Run medinfo in a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "medinfo", *args], capture_output=True, text=True, timeout=120
    )


EXPECTED = {
    **{name: rule for name, (_, rule) in BROKEN.items()},
    "big.md": "MI004",
    "dup-a.md": "MI203",
    "dup-b.md": "MI203",
    "aliased.md": "MI204",
    "leak.md": "MI006",
    "loop.md": "MI006",
    "pipe.md": "MI005",
}


def test_check_names_each_bad_file_with_its_rule_and_no_good_file(messy: Path) -> None:
    result = medinfo("check", str(messy))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    found: dict[str, set[str]] = {}
    for line in result.stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not a path:line: RULE severity: message line: {line!r}"
        assert match["severity"] == RULES[match["rule"]].severity
        found.setdefault(Path(match["path"]).name, set()).add(match["rule"])
    assert found == {name: {rule} for name, rule in EXPECTED.items()}
    assert "\x1b" not in result.stdout + result.stderr  # the escape file's bytes stay out
    assert "MI203 duplicate-name (error): 2" in result.stderr


def test_lines_point_at_the_problem(messy: Path) -> None:
    lines = medinfo("check", str(messy)).stdout.splitlines()
    assert any(line.endswith("section 'Side Effects' is empty") for line in lines)
    empty = next(line for line in lines if "MI302" in line)
    assert ":13: MI302" in empty  # the line of the empty heading
    bad_yaml = next(line for line in lines if "MI101" in line)
    assert ":2: MI101" in bad_yaml


def test_select_ignore_and_strict(messy: Path) -> None:
    only = medinfo("check", str(messy), "--select", "no-sections,MI501")
    assert {LINE.match(line)["rule"] for line in only.stdout.splitlines()} == {"MI301", "MI501"}
    warnings = medinfo("check", str(messy), "--select", "MI3", "--ignore", "MI301")
    assert {LINE.match(line)["rule"] for line in warnings.stdout.splitlines()} == {
        "MI302",
        "MI303",
    }
    assert warnings.returncode == 0  # warnings alone pass
    assert (
        medinfo("check", str(messy), "--select", "MI3", "--ignore", "MI301", "--strict").returncode
        == 1
    )
    unknown = medinfo("check", str(messy), "--select", "MI999")
    assert unknown.returncode == 2 and "unknown rule 'MI999'" in unknown.stderr


def test_a_clean_collection_passes(tmp_path: Path) -> None:
    folder = tmp_path / "clean"
    folder.mkdir()
    (folder / "goodol.md").write_text(good("Goodol"), encoding="utf-8")
    result = medinfo("check", str(folder))
    assert result.returncode == 0 and result.stdout == ""
    assert "0 errors, 0 warnings in 1 file\n" in result.stderr


def test_counts_are_said_in_the_singular_for_one(tmp_path: Path) -> None:
    folder = tmp_path / "few"
    folder.mkdir()
    (folder / "goodol.md").write_text(good("Goodol"), encoding="utf-8")
    (folder / "escapol.md").write_text(
        good("Escapol").replace("Pain.", "Pain.\x07"), encoding="utf-8"
    )
    plain = medinfo("check", str(folder))
    assert plain.stderr.startswith("0 errors, 1 warning in 2 files\n")
    assert plain.stdout.endswith(
        ": MI401 warning: 1 control character (U+0007); removed when shown\n"
    )
    (folder / "nul.md").write_bytes(b"\x00\x01binary")
    (folder / "goodol.md").unlink()
    rich = medinfo("check", str(folder), "--format", "rich", "--width", "160")
    assert "1 error, 1 warning in 2 files" in rich.stdout
    data = json.loads(medinfo("check", str(folder), "--json").stdout)
    assert (data["errors"], data["warnings"], data["files"]) == (1, 1, 2)  # JSON: numbers
    (folder / "escapol.md").unlink()
    assert medinfo("check", str(folder)).stderr.startswith("1 error, 0 warnings in 1 file\n")


def test_json_and_rules(messy: Path) -> None:
    data = json.loads(medinfo("check", str(messy), "--json").stdout)
    assert data["errors"] == sum(1 for r in EXPECTED.values() if RULES[r].severity == "error")
    assert data["summary"]["MI203"] == 2
    assert {f["path"].rsplit("/", 1)[-1] for f in data["findings"]} == set(EXPECTED)
    rules = json.loads(medinfo("check", "--rules", "--json").stdout)
    assert [rule["id"] for rule in rules] == list(RULES)
    plain = medinfo("check", "--rules").stdout.splitlines()
    assert plain[0].split("\t")[:3] == ["MI001", "error", "unreadable-file"]


def test_check_uses_fresh_parse_results_and_sees_edits(messy: Path) -> None:
    first = medinfo("check", str(messy))
    (messy / "refusal.md").write_text(good("Mixol"), encoding="utf-8")  # fixed
    second = medinfo("check", str(messy))
    assert "refusal.md" in first.stdout and "refusal.md" not in second.stdout


def test_check_on_a_terminal_is_a_table(messy: Path) -> None:
    result = medinfo("check", str(messy), "--format", "rich", "--width", "160")
    assert "duplicate-name" in result.stdout and "│" in result.stdout
    assert result.returncode == 1
