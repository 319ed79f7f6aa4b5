"""Names: salt and ester forms, other spellings and parts known by another name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medinfo.names import spellings


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("metformin hydrochloride", "Metformin"),
        ("Metformin HCl", "Metformin"),
        ("amoxicillin clavulanate", "Amoxicillin + Clavulanic Acid"),
        ("amoxicillin/clavulanate potassium", "Amoxicillin + Clavulanic Acid"),
        ("acetaminophen codeine", "Paracetamol + Codeine"),
        ("codeine phosphate + acetaminophen", "Paracetamol + Codeine"),
        ("warfarin sodium", "Warfarin"),
        ("losartan potassium", "Losartan"),
    ],
)
def test_other_forms_find_the_drug(run, query: str, name: str) -> None:
    result = run("show", query, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == name


def test_an_exact_name_always_wins(run, tmp_path: Path) -> None:
    (tmp_path / "metformin.md").write_text("# Metformin\n### Usage\nPlain.\n")
    (tmp_path / "metformin-er.md").write_text(
        "---\ntitle: Metformin Hydrochloride\n---\n### Usage\nThe salt's own monograph.\n"
    )
    result = run("show", "metformin hydrochloride", "usage", "--dir", str(tmp_path))
    assert "The salt's own monograph." in result.stdout


def test_a_salt_alone_finds_nothing(run) -> None:
    result = run("show", "hydrochloride")
    assert result.exit_code == 1 and "no monograph found" in result.stderr


def test_spellings_follow_the_rule() -> None:
    aliases = {"acetaminophen": "Paracetamol"}
    assert spellings("Metformin Hydrochloride", aliases.get) == ["metformin"]
    assert spellings("clavulanate potassium", aliases.get) == [
        "clavulanate",
        "clavulanic acid",
    ]
    # An ester stays: "estradiol valerate" is a product of its own.
    assert spellings("oestradiol valerate", aliases.get)[0] == "estradiol valerate"
    assert spellings("lithium carbonate", aliases.get) == ["lithium"]
    assert "valproic acid" in spellings("sodium valproate", aliases.get)
    assert spellings("acetaminophen codeine", aliases.get) == [
        "acetaminofen codeine",
        "paracetamol codeine",
    ]
    assert spellings("warfarin", aliases.get) == []  # nothing to try beyond the name


def test_a_name_found_another_way_says_so(run) -> None:
    result = run("show", "metformin hydrochloride", "dose")
    assert result.exit_code == 0
    assert "note: nothing is named 'metformin hydrochloride'; found it as 'metformin'" in (
        result.stderr
    )


def test_an_ester_is_not_dropped(run, tmp_path: Path) -> None:
    (tmp_path / "h.md").write_text("# Hydrocortisone\n### Usage\nMild steroid.\n")
    result = run("show", "hydrocortisone butyrate", "--dir", str(tmp_path))
    assert result.exit_code == 1  # a potent steroid is not the mild one
