"""A collection of broken and hostile files: no traceback, no control character from them in
any output, and every good file beside them still found."""

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

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = "---\ntitle: {title}\n---\n\n# {title}\n\n### Usage\nPain.\n\n### Dosage\n1 tablet.\n"
# What a terminal would act on: C0 controls but tab and newline, DEL, C1, bidi overrides.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC8 = "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[31m"


def _zip(member: bytes, name: str = "label.xml") -> bytes:
    """Return a zip holding one member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, member)
    return buffer.getvalue()


HOSTILE: dict[str, bytes] = {
    "empty.md": b"",
    "binary.md": b"\x7fELF\x02\x01\x01\x00\x00\x00",
    "invalid-utf8.md": b"---\ntitle: Latinol\n---\n### Usage\ncaf\xe9 \x81\x8d pain\n",
    "bom.md": "\ufeff---\ntitle: Bomol\n---\n### Usage\nPain.\n".encode(),
    "crlf.md": b"---\r\ntitle: Crlfol\r\n---\r\n### Usage\r\nPain.\r\n",
    "lone-cr.md": b"---\rtitle: Lonecrol\r---\r### Usage\rPain.\r",
    "list-front.md": b"---\n- a\n- b\n---\n### Usage\nx\n",
    "number-front.md": b"---\n42\n---\n### Usage\nx\n",
    "python-tag.md": b"---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\n",
    "alias-bomb.md": (
        b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c]\n---\n"
    ),
    "title-number.md": GOOD.format(title="1234").encode(),
    "title-list.md": b"---\ntitle: [a, b]\n---\n### Usage\nPain.\n",
    "huge.md": GOOD.format(title="Hugeol").encode() + b"x" * 200_000,
    "nested.md": ("# Nestol\n\n### Usage\n" + "- " * 10_000 + "deep\n").encode(),
    "stars.md": ("# Starol\n\n### Usage\n" + "*" * 100_000 + "\n").encode(),
    "brackets.md": (
        "# Brackol\n\n### Usage\n" + "[" * 100_000 + "a" + "](" * 20_000 + "\n"
    ).encode(),
    "markup.md": (
        f'---\ntitle: "[bold red]Evilol[/] {OSC52}{CSI}"\n'
        f"aliases: ['{OSC8}', 'Bad\u202eol']\n---\n\n"
        f"### Usage\n[link=https://evil.example]Pain[/link] {CSI}now\x9b31m \u202ereversed\n\n"
        f"### Dosage\n:pill: 1 tablet {OSC52} \x07\x08\n"
    ).encode(),
    "dtd.xml": b'<!DOCTYPE d SYSTEM "file:///etc/passwd"><document/>',
    "external.xml": (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<document xmlns="urn:hl7-org:v3"><title>&x;</title></document>'
    ),
    "laughs.xml": (
        b'<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><document>&c;</document>'
    ),
    "bomb.zip": _zip(b"<document>" + b" " * 12_000_000 + b"</document>"),
}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """Return a collection of hostile files, two good ones, and bad links and a FIFO."""
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, data in HOSTILE.items():
        (folder / name).write_bytes(data)
    (folder / "goodol.md").write_text(GOOD.format(title="Goodol"), encoding="utf-8")
    shutil.copy(FIXTURES / "spl" / "zolvexa.xml", folder / "zolvexa.xml")
    outside = tmp_path / "secret.md"
    outside.write_text(GOOD.format(title="Secretol"), encoding="utf-8")
    (folder / "leak.md").symlink_to(outside)
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.md")
    return folder


def medinfo(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run medinfo on the collection, in a pipe, with a small size limit."""
    env = {**os.environ, "MEDINFO_MAX_FILE_KB": "150"}
    return subprocess.run(
        [sys.executable, "-m", "medinfo", "--dir", str(folder), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def clean_run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run medinfo; assert no traceback and no control character in anything it wrote."""
    result = medinfo(folder, *args)
    assert "Traceback" not in result.stderr, result.stderr
    for stream in (result.stdout, result.stderr):
        found = CONTROL.search(stream)
        assert found is None, (
            f"{args}: {found[0]!r} in {stream[max(0, found.start() - 40) : found.end() + 40]!r}"
        )
    return result


FORMATS = (("--format", "rich"), ("--format", "plain"), ("--json",), ("--format", "markdown"))


def test_good_files_are_found_beside_hostile_ones(hostile: Path) -> None:
    listed = clean_run(hostile, "list")
    names = listed.stdout.splitlines()
    for name in ("Goodol", "Zolvexa XR", "Bomol", "Crlfol", "Lonecrol", "Latinol", "1234"):
        assert name in names, name
    assert "Secretol" not in listed.stdout  # a link out of the collection is never read
    for bad in ("binary.md", "list-front.md", "python-tag.md", "alias-bomb.md", "huge.md"):
        assert bad in listed.stderr
    for bad in ("dtd.xml", "external.xml", "laughs.xml", "bomb.zip"):
        assert bad in listed.stderr
    assert "pwned" not in listed.stdout + listed.stderr
    assert clean_run(hostile, "show", "goodol", "dose").stdout.strip().endswith("1 tablet.")


@pytest.mark.parametrize("look", FORMATS, ids=lambda look: look[-1])
def test_no_control_character_reaches_any_output(hostile: Path, look: tuple[str, ...]) -> None:
    for name in ("markup", "bomol", "latinol", "nestol", "starol", "brackol", "goodol"):
        result = clean_run(hostile, "show", name, *look)
        assert result.returncode == 0, (name, result.stderr)
    clean_run(hostile, "list", *look)
    clean_run(hostile, "search", "pain", *look)
    clean_run(hostile, "compare", "goodol", "markup", *look)
    clean_run(hostile, "interactions", "goodol", "markup", *look)
    clean_run(hostile, "check", *look)
    clean_run(hostile, "index", *look)


def test_hostile_text_is_shown_as_written_without_its_controls(hostile: Path) -> None:
    data = json.loads(clean_run(hostile, "show", "markup", "--json").stdout)
    assert data["name"].startswith("[bold red]Evilol[/]")  # markup stays text
    usage = next(s["text"] for s in data["sections"] if s["key"] == "usage")
    assert "[link=https://evil.example]Pain[/link]" in usage and "reversed" in usage
    rich = clean_run(hostile, "show", "markup", "--format", "rich").stdout
    assert "[bold red]Evilol[/]" in rich and ":pill:" in rich  # no markup, no emoji


def test_export_and_check_see_every_file(hostile: Path) -> None:
    exported = clean_run(hostile, "export")
    names = {json.loads(line)["name"] for line in exported.stdout.splitlines()}
    assert {"Goodol", "Zolvexa XR", "Bomol"} <= names
    checked = clean_run(hostile, "check")
    flagged = {line.split(":", 1)[0].rsplit("/", 1)[-1] for line in checked.stdout.splitlines()}
    expected = {
        "binary.md", "invalid-utf8.md", "list-front.md", "number-front.md", "python-tag.md",
        "alias-bomb.md", "title-number.md", "title-list.md", "huge.md", "markup.md",
        "dtd.xml", "external.xml", "laughs.xml", "bomb.zip", "leak.md", "loop.md", "zero.md",
        "fifo.md", "empty.md",
    }  # fmt: skip
    assert expected <= flagged
    assert not {"goodol.md", "zolvexa.xml", "bom.md", "crlf.md", "lone-cr.md"} & flagged


def test_the_size_limit_is_a_setting(hostile: Path) -> None:
    env = {**os.environ, "MEDINFO_MAX_FILE_KB": "500"}
    found = subprocess.run(
        [sys.executable, "-m", "medinfo", "--dir", str(hostile), "show", "hugeol", "dose"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert found.returncode == 0 and "1 tablet." in found.stdout
    env["MEDINFO_MAX_FILE_KB"] = "lots"
    refused = subprocess.run(
        [sys.executable, "-m", "medinfo", "--dir", str(hostile), "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert refused.returncode == 2 and "MEDINFO_MAX_FILE_KB" in refused.stderr


def test_a_file_deleted_between_scan_and_read(collection: Path) -> None:
    from medinfo.index.build import parse_one

    (collection / "alphacillin.md").unlink()  # listed by the scan, gone when read
    parsed = parse_one(str(collection), 0, "alphacillin.md")
    assert parsed.rows is None and parsed.error is not None
    assert parsed.problems[0][0] == "MI001" and "No such file" in parsed.error
