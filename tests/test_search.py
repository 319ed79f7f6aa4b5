"""Full-text search: ranking, phrases, prefixes, sections, bad queries, output forms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medinfo.index.fts import fts_query


def hits(run, collection: Path, *args: str) -> list[dict]:
    """Return the JSON hits of a search."""
    result = run("search", *args, "--json", "--dir", str(collection))
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["total"] >= len(data["hits"])
    return data["hits"]


def test_words_find_the_section_that_holds_them(run, collection: Path) -> None:
    found = hits(run, collection, "herpes zoster")
    assert [(h["name"], h["section"]) for h in found] == [("Alphacillin", "side_effects")]
    assert "Herpes zoster reactivation" in found[0]["snippet"]


def test_phrase_prefix_and_section(run, collection: Path) -> None:
    assert hits(run, collection, '"zoster herpes"') == []
    assert [h["name"] for h in hits(run, collection, "zost*")] == ["Alphacillin"]
    assert hits(run, collection, "herpes", "--section", "side-effects")[0]["name"] == "Alphacillin"
    result = run("search", "herpes", "--section", "dose", "--dir", str(collection))
    assert result.exit_code == 1 and "no matches" in result.stderr


def test_case_and_accents_do_not_matter(run, collection: Path) -> None:
    assert [h["name"] for h in hits(run, collection, "CAFE")] == ["Plainol"]
    assert [h["name"] for h in hits(run, collection, "café")] == ["Plainol"]


def test_name_matches_rank_first_and_limit(run, collection: Path) -> None:
    found = hits(run, collection, "betazol")
    assert found[0]["name"] == "Betazol"
    assert len(hits(run, collection, "betazol", "--limit", "1")) == 1


def test_pipe_output_is_tab_separated_lines(run, collection: Path) -> None:
    result = run("search", "zoster", "--dir", str(collection))
    assert result.exit_code == 0
    name, key, snippet = result.stdout.rstrip("\n").split("\t")
    assert (name, key) == ("Alphacillin", "side_effects")
    assert "zoster" in snippet and "\x1b" not in result.stdout and "\x02" not in snippet


def test_rich_output_is_a_table(run, collection: Path) -> None:
    result = run("search", "zoster", "--format", "rich", "--dir", str(collection))
    assert "Alphacillin" in result.stdout and "Side Effects" in result.stdout
    assert "╭" in result.stdout


@pytest.mark.parametrize("query", ['amox"', "AND", "(", "zoster OR", "NOT", "NEAR(a b)"])
def test_queries_fts5_rejects_are_usage_errors(run, collection: Path, query: str) -> None:
    result = run("search", query, "--dir", str(collection))
    assert result.exit_code == 2
    assert result.stderr.startswith("Error:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("query", ["C++", "dose-adjust", "a:b", "x^y", "*", "-", "col:umn"])
def test_odd_characters_are_searched_as_text(run, collection: Path, query: str) -> None:
    result = run("search", query, "--dir", str(collection))
    assert result.exit_code in (0, 1), result.stderr


def test_operators_keep_their_meaning() -> None:
    assert fts_query("herpes OR zoster") == '"herpes" OR "zoster"'
    assert fts_query('"herpes zoster" zost*') == '"herpes zoster" "zost"*'
    assert fts_query("C++ dose-adjust") == '"C++" "dose-adjust"'


def test_no_hits_is_exit_1_and_json_has_no_hits(run, collection: Path) -> None:
    result = run("search", "xylophone", "--json", "--dir", str(collection))
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {"query": "xylophone", "total": 0, "hits": []}
