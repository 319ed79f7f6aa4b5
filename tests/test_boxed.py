"""A boxed warning stands out in every view: first, under BOXED WARNING, heavy and red."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medinfo.model import Section, boxed_first, shown_title

# thrombexa.md: an overview, then Generic Name, Dosage, and a Boxed Warning fourth in
# the file; lactimin.xml: an FDA label whose boxed warning follows its contraindications.
BOXED = str(Path(__file__).parent / "fixtures" / "boxed")
ESCAPE = re.compile(r"\x1b\[([0-9;]*)m")
WARNING = "Thrombexa can cause major or fatal bleeding."


def test_plain_whole_view_begins_with_the_boxed_warning_after_the_name(run) -> None:
    result = run("show", "thrombexa", "--dir", BOXED, "--format", "plain")
    assert result.exit_code == 0, result.stderr
    paragraphs = result.stdout.split("\n\n")
    assert paragraphs[0].startswith("# Thrombexa\n")  # the name, its aliases and class
    assert paragraphs[1] == "## BOXED WARNING"
    assert paragraphs[2].startswith(WARNING)
    assert paragraphs[3] == "## Overview"  # then the rest, in file order
    assert result.stdout.count(WARNING) == 1  # moved, not repeated


def test_bundled_warfarin_begins_with_its_boxed_warning(run) -> None:
    paragraphs = run("show", "warfarin", "--format", "plain").stdout.split("\n\n")
    assert paragraphs[0].startswith("# Warfarin\n") and paragraphs[1] == "## BOXED WARNING"
    assert "fatal bleeding" in paragraphs[2]


def test_a_label_keeps_its_own_title_after_boxed_warning(run) -> None:
    result = run("show", "lactimin", "--dir", BOXED, "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split("\n\n")[1] == "## BOXED WARNING · Warning: lactic acidosis"


@pytest.mark.parametrize("color", [False, True])
def test_terminal_panel_is_heavy_and_titled_not_by_colour_alone(run, color: bool) -> None:
    env = {"COLUMNS": "80"} | ({"FORCE_COLOR": "1"} if color else {})
    args = ["show", "thrombexa", "--dir", BOXED, "--format", "rich"]
    result = run(*args, *([] if color else ["--no-color"]), env=env)
    assert result.exit_code == 0, result.stderr
    shown = ESCAPE.sub("", result.stdout)
    tops = [line for line in shown.splitlines() if line.startswith(("┏", "╭"))]
    # The header panel, then the boxed warning's heavy border, then the others' light one.
    assert tops[0].startswith("┏━ BOXED WARNING ━")
    assert all(line.startswith("╭─ ") for line in tops[1:])
    assert shown.index("BOXED WARNING") < shown.index("Overview") < shown.index("Generic Name")
    if color:
        border = next(line for line in result.stdout.splitlines() if "┏" in line)
        assert any("31" in codes.split(";") for codes in ESCAPE.findall(border))  # red
    else:
        assert ESCAPE.search(result.stdout) is None


def test_json_lists_the_boxed_warning_first_with_its_key_and_title_unchanged(run) -> None:
    data = json.loads(run("show", "thrombexa", "--dir", BOXED, "--json").stdout)
    assert [s["key"] for s in data["sections"]] == [
        "boxed_warning",
        "overview",
        "generic_name",
        "dosage",
        "precautions",
    ]
    assert data["sections"][0]["title"] == "Boxed Warning"
    line = json.loads(run("export", "--dir", BOXED).stdout.splitlines()[0])
    assert line["sections"][0]["key"] == "boxed_warning"


def test_markdown_puts_it_first_and_reads_back_to_the_same_monograph(run, tmp_path: Path) -> None:
    out = run("show", "thrombexa", "--dir", BOXED, "--format", "markdown").stdout
    headings = [line for line in out.splitlines() if line.startswith("### ")]
    assert headings[0] == "### Boxed Warning"
    # The overview is no longer the text before the first heading: it has one of its own.
    assert headings[1] == "### Overview {#overview}"
    (tmp_path / "thrombexa.md").write_text(out, encoding="utf-8")
    again = json.loads(run("show", "thrombexa", "--dir", str(tmp_path), "--json").stdout)
    first = json.loads(run("show", "thrombexa", "--dir", BOXED, "--json").stdout)
    assert again["sections"] == first["sections"]


def test_named_sections_answer_what_was_asked_and_a_terminal_is_told(run) -> None:
    plain = run("show", "thrombexa", "dose", "--dir", BOXED, "--format", "plain")
    assert WARNING not in plain.stdout and plain.stderr == ""
    rich = run("show", "thrombexa", "dose", "--dir", BOXED, "--format", "rich")
    assert WARNING not in rich.stdout
    assert "Thrombexa has a BOXED WARNING" in rich.stderr
    asked = run("show", "thrombexa", "dose", "boxed", "--dir", BOXED, "--json")
    keys = [s["key"] for s in json.loads(asked.stdout)["sections"]]
    assert keys == ["boxed_warning", "dosage"]  # asked for with others: still first
    told = run("show", "thrombexa", "boxed", "--dir", BOXED, "--format", "rich")
    assert "BOXED WARNING" not in told.stderr


def test_compare_labels_and_leads_with_the_boxed_warning_row(run) -> None:
    args = ["compare", "thrombexa", "sedatol", "dose", "boxed", "--dir", BOXED]
    data = json.loads(run(*args, "--json").stdout)
    assert data["keys"] == ["boxed_warning", "dosage"]
    plain = run(*args, "--format", "plain").stdout
    assert plain.split("\n\n")[1] == "## BOXED WARNING"
    rich = run(*args, "--format", "rich", env={"COLUMNS": "120"}).stdout
    assert "│ BOXED WARNING │" in rich


def test_compare_with_no_sections_named_leads_with_a_boxed_warning(run) -> None:
    # 'compare warfarin apixaban' showed usage, dosage ... and neither boxed warning.
    data = json.loads(run("compare", "thrombexa", "sedatol", "--dir", BOXED, "--json").stdout)
    assert data["keys"][0] == "boxed_warning" and "usage" in data["keys"]
    assert data["drugs"][1]["answers"]["boxed_warning"] == []  # sedatol has none
    plain = run("compare", "thrombexa", "sedatol", "--dir", BOXED, "--format", "plain").stdout
    assert plain.split("\n\n")[1] == "## BOXED WARNING"


@pytest.mark.parametrize("fmt", ["plain", "rich", "markdown"])
def test_a_quote_from_a_boxed_warning_says_so(run, fmt: str) -> None:
    result = run("interactions", "thrombexa", "sedatol", "--dir", BOXED, "--format", fmt)
    assert result.exit_code == 0, result.stderr
    assert "Taking it with Sedatol raises that risk." in result.stdout
    assert "BOXED WARNING" in result.stdout
    if fmt == "rich":
        assert "┏━ Thrombexa on Sedatol · from BOXED WARNING" in result.stdout


def test_shown_title_and_order() -> None:
    assert shown_title("boxed_warning", "Boxed warning") == "BOXED WARNING"
    assert shown_title("boxed_warning", "Cardiovascular risk") == (
        "BOXED WARNING · Cardiovascular risk"
    )
    assert shown_title("dosage", "Dosage") == "Dosage"
    parts = [Section("usage", "Usage", "a"), Section("boxed_warning", "W", "b")]
    parts.append(Section("dosage", "Dosage", "c"))
    assert [s.key for s in boxed_first(parts)] == ["boxed_warning", "usage", "dosage"]
