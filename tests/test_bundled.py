"""The bundled monographs: what a pharmacist asks of each answers with what its label says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BUNDLED = Path(__file__).parent.parent / "monographs"

# The topics every bundled monograph must answer, so that an edit dropping one fails.
REQUIRED = ["contraindications", "overdose", "renal", "interactions"]


def quotes(run, name: str, topic: str) -> list[str]:
    """Return the texts a topic's answer quotes from a bundled monograph, one per quote."""
    result = run("show", name, topic, "--json")
    assert result.exit_code == 0, result.stderr
    found: list[str] = []
    for section in json.loads(result.stdout)["sections"]:
        if section.get("gathered"):
            found.extend(quote["text"] for quote in section["quotes"])
        else:
            found.append(section["text"])  # the monograph's own section of that name
    return found


@pytest.mark.parametrize(
    ("name", "topic", "phrases"),
    [
        # The gaps the issue names.
        ("apixaban", "contraindications", ["active pathological bleeding", "hypersensitivity"]),
        ("metformin", "contraindications", ["metabolic acidosis", "diabetic ketoacidosis"]),
        ("metformin", "contraindications", ["eGFR below 30"]),
        ("warfarin", "overdose", ["vitamin K", "phytonadione", "prothrombin complex"]),
        ("warfarin", "overdose", ["fresh frozen plasma"]),
        ("apixaban", "overdose", ["andexanet alfa", "local reversal protocol"]),
        ("apixaban", "overdose", ["prothrombin complex", "activated charcoal"]),
        # Found in the review of the others.
        ("tramadol", "overdose", ["naloxone", "seizures"]),
        ("paracetamol-codeine", "overdose", ["naloxone", "acetylcysteine"]),
        ("paracetamol", "overdose", ["acetylcysteine", "100 mg/L at 4 hours"]),
        ("aspirin", "overdose", ["sodium bicarbonate", "hemodialysis"]),
        ("fluoxetine", "contraindications", ["MAO inhibitor", "pimozide", "thioridazine"]),
        ("ciprofloxacin", "contraindications", ["fluoroquinolone", "tizanidine"]),
        ("simvastatin", "contraindications", ["strong CYP3A4 inhibitor", "gemfibrozil"]),
        ("sitagliptin-metformin", "contraindications", ["diabetic ketoacidosis", "eGFR below 30"]),
        ("tramadol", "contraindications", ["MAO inhibitor", "paralytic ileus"]),
        ("gabapentin", "renal", ["15 to 29 mL/min", "125 mg to 350 mg"]),
        ("cetirizine", "renal", ["11 to 31 mL/min"]),
        ("salbutamol", "interactions", ["beta blockers", "MAO inhibitors"]),
    ],
)
def test_a_bundled_answer_holds_what_its_label_says(
    run, name: str, topic: str, phrases: list[str]
) -> None:
    found = [text.casefold() for text in quotes(run, name, topic)]
    # All in one quote: the item is quoted whole, so each phrase keeps its context.
    wanted = [phrase.casefold() for phrase in phrases]
    assert any(all(phrase in text for phrase in wanted) for text in found), (phrases, found)


@pytest.mark.parametrize(
    ("name", "topic", "phrase"),
    [
        ("warfarin", "overdose", "In the UK, the BNF advises"),
        ("metformin", "contraindications", "In the UK, it is also contraindicated"),
        ("apixaban", "contraindications", "In the UK, it is also contraindicated"),
        ("tramadol", "contraindications", "In the UK, it is also contraindicated"),
    ],
)
def test_uk_differences_are_said_as_such(run, name: str, topic: str, phrase: str) -> None:
    assert any(phrase in text for text in quotes(run, name, topic))


def test_every_bundled_monograph_answers_the_safety_topics(run) -> None:
    listed = json.loads(run("list", "--json").stdout)
    names = sorted(entry["path"].removesuffix(".md") for entry in listed)
    assert names == sorted(path.stem for path in BUNDLED.glob("*.md"))
    lacking = [
        (name, topic)
        for name in names
        for topic in REQUIRED
        if run("show", name, topic).exit_code != 0
    ]
    assert lacking == []
