"""Answers that say what they are: search totals, empty answers explained on stderr,
plain answers that name their drug, snippets in plain text."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

# What Markdown or a GFM table writes and a plain snippet must never show.
# Markup a snippet must not show (a numbered step keeps its number: "2. Then inject").
MARKUP = re.compile(r"\*\*|__|<br>|\||^\s*[*+-] |\s[*+-] |\]\(")


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    """Return a private copy of the fixture collection of this file."""
    target = tmp_path / "answers"
    shutil.copytree(FIXTURES / "answers", target)
    return target


# -- search: how many hits, and how to see the rest --------------------------------


def test_search_says_how_many_hits_the_limit_left_out(run, answers: Path) -> None:
    result = run("search", "bleeding", "--limit", "2", "--dir", str(answers))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 2  # stdout carries the hits alone
    assert "2 of 4 hits shown; --limit 4 shows all" in result.stderr


def test_search_says_nothing_more_when_every_hit_is_shown(run, answers: Path) -> None:
    result = run("search", "bleeding", "--dir", str(answers))
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4
    assert result.stderr == ""


def test_search_json_has_the_total(run, answers: Path) -> None:
    limited = json.loads(
        run("search", "bleeding", "--limit", "3", "--json", "--dir", str(answers)).stdout
    )
    assert limited["query"] == "bleeding"
    assert limited["total"] == 4 and len(limited["hits"]) == 3
    whole = json.loads(run("search", "bleeding", "--json", "--dir", str(answers)).stdout)
    assert whole["total"] == 4 and len(whole["hits"]) == 4
    # The limited hits are the best of all of them, in the same order.
    assert limited["hits"] == whole["hits"][:3]


def test_search_total_counts_only_the_monographs_shown(run, answers: Path, tmp_path: Path) -> None:
    # A second directory holding a monograph of the same name: the first one wins,
    # and the hidden one's sections are not counted.
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(answers / "fibrinol.md", other / "fibrinol.md")
    shutil.copy(answers / "clotamin.md", other / "clotamin-copy.md")
    (other / "clotamin-copy.md").write_text(
        (answers / "clotamin.md").read_text().replace("Clotamin", "Clotaminex")
    )
    args = ("--dir", str(answers), "--dir", str(other))
    data = json.loads(run("search", "bleeding", "--limit", "1", "--json", *args).stdout)
    assert data["total"] == 5  # four of the first directory, Clotaminex of the second
    assert len(data["hits"]) == 1


# -- empty answers explain themselves -------------------------------------------------


def test_list_missing_a_section_every_monograph_has_says_so(run, answers: Path) -> None:
    result = run("list", "--missing", "dosage", "--dir", str(answers))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "every monograph (3) has dosage"


def test_list_with_a_section_no_monograph_has_says_so(run, answers: Path) -> None:
    result = run("list", "--section", "boxed_warning", "--dir", str(answers))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip() == "none of the 3 monographs says anything about boxed warning"
    result = run("list", "--section", "patient_info", "--missing", "dosage", "--dir", str(answers))
    assert (
        result.stderr.strip() == "none of the 3 monographs has patient information and lacks dosage"
    )


def test_an_empty_listing_of_one_monograph_counts_it_in_the_singular(run, answers: Path) -> None:
    result = run("list", "bleed*", "--section", "boxed_warning", "--dir", str(answers))
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        result.stderr.strip()
        == "none of the monographs matching 'bleed*' (1) says anything about boxed warning"
    )


def test_an_empty_topic_listing_says_what_the_topic_found(run, tmp_path: Path) -> None:
    # A topic is what the sections say, not a section: "has pregnancy" would be wrong.
    for name in ("Onea", "Twoa"):
        (tmp_path / f"{name.lower()}.md").write_text(
            f"---\ntitle: {name}\n---\n\n### Precautions\nAvoid it in pregnancy.\n",
            encoding="utf-8",
        )
    result = run("list", "--missing", "pregnancy", "--dir", str(tmp_path))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == "every monograph (2) says something about pregnancy"
    result = run("list", "--section", "renal", "--dir", str(tmp_path))
    assert (
        result.stderr.strip()
        == "none of the 2 monographs says anything about kidney (renal) impairment"
    )


def test_an_empty_list_names_the_filters_that_emptied_it(run, answers: Path) -> None:
    narrowed = run("list", "clot", "--missing", "dosage", "--dir", str(answers))
    assert narrowed.stderr.strip() == "every monograph matching 'clot' (1) has dosage"
    nothing = run("list", "zzz", "--missing", "dosage", "--dir", str(answers))
    assert nothing.exit_code == 1 and nothing.stderr.strip() == "no monograph matching 'zzz'"


def test_a_count_of_zero_needs_no_explanation(run, answers: Path) -> None:
    result = run("list", "--missing", "dosage", "--count", "--dir", str(answers))
    assert (result.exit_code, result.stdout, result.stderr) == (1, "0\n", "")


def test_a_list_that_finds_some_says_nothing_more(run, answers: Path) -> None:
    result = run("list", "--missing", "usage", "--dir", str(answers))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "Fibrinol\n", "")


LOOKUPS = [
    ("show", "warfarin"),
    ("warfarin", "dose"),
    ("search", "bleeding"),
    ("list",),
    ("list", "--missing", "dosage"),
    ("compare", "warfarin", "apixaban"),
    ("interactions", "warfarin"),
    ("interactions", "warfarin", "aspirin"),
]


@pytest.mark.parametrize("args", LOOKUPS, ids=" ".join)
def test_a_folder_without_monographs_says_so(run, tmp_path: Path, args: tuple[str, ...]) -> None:
    empty = tmp_path / "empty folder"
    empty.mkdir()
    (empty / "notes.txt").write_text("not a monograph")
    result = run(*args, "--dir", str(empty))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"Error: no monographs in {empty}" in result.stderr


def test_a_folder_whose_files_cannot_be_read_says_how_many(run, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "a.xml").write_text("<document>")
    result = run("show", "warfarin", "--dir", str(broken))
    assert result.exit_code == 1
    assert f"no monographs in {broken}: 1 file found, none could be read" in result.stderr
    assert f"medinfo check {broken}" in result.stderr


def test_several_folders_without_monographs_are_all_named(run, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    result = run("search", "bleeding", "--dir", str(first), "--dir", str(second))
    assert result.exit_code == 1
    assert f"no monographs in {first}, {second}" in result.stderr


def test_commands_that_do_not_look_things_up_take_an_empty_folder(run, tmp_path: Path) -> None:
    for args in (("index",), ("export",), ("check",)):
        result = run(*args, "--dir", str(tmp_path))
        assert result.exit_code == 0, (args, result.stderr)
        assert "no monographs" not in result.stderr


def test_a_missing_folder_names_where_it_was_given(run, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    by_option = run("list", "--dir", str(missing))
    assert by_option.exit_code == 2
    assert f"directory not found: {missing}" in by_option.stderr
    assert "named by --dir" in by_option.stderr
    by_path = run("list", env={"MEDINFO_PATH": str(missing)})
    assert by_path.exit_code == 2 and "named by MEDINFO_PATH" in by_path.stderr


# -- plain answers name their drug ----------------------------------------------------


def test_plain_sections_begin_with_the_drug_name(run, answers: Path) -> None:
    for name, title in (("bleedol", "Bleedol"), ("clotamin", "Clotamin")):
        result = run(name, "dose", "--format", "plain", "--dir", str(answers))
        assert result.exit_code == 0
        assert result.stdout.startswith(f"# {title}\n\n## Dosage\n\n")


def test_plain_topics_and_interactions_begin_with_the_drug_names(run) -> None:
    topics = str(FIXTURES / "topics")
    topic = run("zetamol", "renal", "pregnancy", "--format", "plain", "--dir", topics)
    assert topic.exit_code == 0, topic.stderr
    assert topic.stdout.startswith("# Zetamol\n\n## ")
    fixtures = str(FIXTURES / "interactions")
    both = run("interactions", "coagulin", "paramol", "--format", "plain", "--dir", fixtures)
    assert both.exit_code == 0, both.stderr
    assert both.stdout.startswith("# Coagulin | Paramol\n\n")


def test_plain_whole_monograph_and_other_formats_are_unchanged(run, answers: Path) -> None:
    whole = run("bleedol", "--format", "plain", "--dir", str(answers))
    assert whole.stdout.startswith("# Bleedol\nAlso known as: Hemastop\n\n## Usage")
    markdown = run("bleedol", "dose", "--format", "markdown", "--dir", str(answers))
    assert markdown.stdout.count("# Bleedol") == 1  # the document's own H1 already names it
    data = json.loads(run("bleedol", "dose", "--json", "--dir", str(answers)).stdout)
    assert data["name"] == "Bleedol"


# -- snippets are plain text ----------------------------------------------------------


def snippets(run, directory: Path | str, query: str, fmt: str) -> list[str]:
    """Return the snippets a search prints in one format."""
    result = run("search", query, "--format", fmt, "--dir", str(directory))
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        return [hit["snippet"] for hit in json.loads(result.stdout)["hits"]]
    return [line.split("\t")[2] for line in result.stdout.splitlines()]


def test_snippets_hold_no_markdown(run, answers: Path) -> None:
    for fmt in ("plain", "json"):
        found = snippets(run, answers, "bruising OR gut OR evening", fmt)
        assert found and not [s for s in found if MARKUP.search(s)], found
    side = snippets(run, answers, "bruising", "plain")[0]
    # Word for word, in order: each item, cell or line apart, nothing dropped, nothing added.
    assert (
        "Common: · Bruising more easily · Nosebleeds or bleeding gums · Rare: · 1. Bleeding" in side
    )


def test_snippets_quote_tables_cell_by_cell(run, answers: Path) -> None:
    [dose] = snippets(run, answers, "evening", "plain")
    # A line break inside a cell (<br>) is a line too.
    assert "Dose · When · to take · 5 mg · Evening · with food" in dose


def test_snippets_keep_link_targets_and_list_words(run, answers: Path) -> None:
    [rare] = snippets(run, answers, "leaflet", "plain")
    assert "See the leaflet (https://example.org/bleedol) about bleeding risk" in rare


def test_rich_snippets_are_plain_and_highlight_the_words(run, answers: Path) -> None:
    result = run("search", "bruising", "--format", "rich", "--width", "200", "--dir", str(answers))
    assert result.exit_code == 0
    assert "Bruising more easily · Nosebleeds" in result.stdout
    assert "**" not in result.stdout and "<br>" not in result.stdout


def test_markdown_snippets_escape_what_markdown_would_read(run, answers: Path) -> None:
    result = run("search", "leaflet", "--format", "markdown", "--dir", str(answers))
    assert r"the leaflet (https://example.org/bleedol)" in result.stdout
    assert "**" not in result.stdout.split("): ", 1)[1]


def test_label_snippets_read_table_cells_without_breaks(run, tmp_path: Path) -> None:
    labels = tmp_path / "spl"
    shutil.copytree(FIXTURES / "spl", labels)
    [hit] = snippets(run, labels, "lovastatin", "plain")
    assert not MARKUP.search(hit), hit
    assert "Lomitapide · Lovastatin · Atorvastatin · Contraindicated" in hit
