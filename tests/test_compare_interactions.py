"""compare and interactions: drugs side by side, and what their monographs say of each other."""

from __future__ import annotations

import json

import pytest

FORMATS = ["rich", "plain", "json", "markdown"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    "names", [["warfarin", "apixaban"], ["ibuprofen", "aspirin", "paracetamol"]]
)
def test_compare_in_every_format(run, fmt: str, names: list[str]) -> None:
    result = run("compare", *names, "--format", fmt, env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["keys"] == [
            "usage",
            "dosage",
            "side_effects",
            "contraindications",
            "interactions",
            "pregnancy",
        ]
        assert [drug["name"].casefold() for drug in data["drugs"]] == names
        assert all(set(drug["answers"]) == set(data["keys"]) for drug in data["drugs"])
    else:
        for name in names:
            assert name.casefold() in out.casefold()
        assert "Dosage" in out and "Pregnancy" in out


def test_compare_rows_are_the_sections_asked(run) -> None:
    data = json.loads(run("compare", "warfarin", "apixaban", "dose", "ci", "--json").stdout)
    assert data["keys"] == ["dosage", "contraindications"]
    warfarin = data["drugs"][0]["answers"]
    assert warfarin["dosage"][0]["key"] == "dosage"
    assert warfarin["contraindications"][0]["gathered"] is True


def test_compare_table_or_panels_by_width(run) -> None:
    wide = run("compare", "warfarin", "apixaban", "ci", "--format", "rich", env={"COLUMNS": "120"})
    assert "│ Contraindications" in wide.stdout  # a row of the table
    narrow = run("compare", "warfarin", "apixaban", "ci", "--format", "rich", env={"COLUMNS": "50"})
    assert "Warfarin · Contraindications" in narrow.stdout  # a panel per drug and row


def test_compare_unknown_names_give_no_partial_table(run) -> None:
    result = run("compare", "warfarin", "apixabn", "nosuchdrug")
    assert result.exit_code == 1 and result.stdout == ""
    assert "did you mean: Apixaban?" in result.stderr
    assert "no monograph found for 'nosuchdrug'" in result.stderr


def test_compare_needs_two_names(run) -> None:
    result = run("compare", "warfarin", "dose")
    assert result.exit_code == 2 and "two or more drug names" in result.stderr


@pytest.mark.parametrize(
    ("other", "said"),
    [
        ("aspirin", "Aspirin and NSAIDs such as ibuprofen add to bleeding risk"),
        ("ibuprofen", "Aspirin and NSAIDs such as ibuprofen add to bleeding risk"),
    ],
)
def test_interactions_of_a_pair_quote_the_monographs(run, other: str, said: str) -> None:
    result = run("interactions", "warfarin", other, "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert "not an interaction checker" in data["note"]
    mentions = {(m["in"], m["about"]): m["quotes"] for m in data["mentions"]}
    assert any(
        said in q["text"] and q["section"] == "precautions"
        for q in mentions[("Warfarin", other.capitalize())]
    )
    assert (other.capitalize(), "Warfarin") in mentions  # and the other way round


def test_interactions_name_a_drug_by_its_class(run, tmp_path) -> None:
    (tmp_path / "a.md").write_text("# Alphadol\n### Precautions\nAvoid NSAIDs while taking it.\n")
    (tmp_path / "b.md").write_text(
        "---\ntitle: Betaprofen\ndrug_class: Nonsteroidal anti-inflammatory drug (NSAID)\n---\n"
        "### Usage\nPain.\n"
    )
    result = run(
        "interactions", "alphadol", "betaprofen", "--dir", str(tmp_path), "--format", "plain"
    )
    assert result.exit_code == 0, result.stderr
    assert "## Alphadol on Betaprofen (from Precautions)" in result.stdout
    assert "Avoid NSAIDs while taking it." in result.stdout


def test_interactions_of_one_name_both_ways(run) -> None:
    data = json.loads(run("interactions", "warfarin", "--json").stdout)
    pairs = {(m["in"], m["about"]) for m in data["mentions"]}
    assert ("Warfarin", "Amoxicillin + Clavulanic Acid") in pairs  # its text names them
    assert ("Apixaban", "Warfarin") in pairs  # their text names it
    assert all("Warfarin" in pair for pair in pairs)


def test_interactions_nothing_found(run) -> None:
    result = run("interactions", "warfarin", "metformin")
    assert result.exit_code == 1
    assert "do not name each other" in result.stderr


@pytest.mark.parametrize("fmt", FORMATS)
def test_interactions_say_what_they_are_in_every_format(run, fmt: str) -> None:
    result = run("interactions", "warfarin", "aspirin", "--format", fmt, env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "not an interaction checker" in " ".join(result.stdout.split())
