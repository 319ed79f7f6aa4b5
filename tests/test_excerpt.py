"""Quotes cut from a paragraph set in bold or italics keep their emphasis whole."""

from __future__ import annotations

import re

import pytest

from medinfo.excerpt import excerpt
from medinfo.mentions import pattern, quotes
from medinfo.model import Monograph, Section
from medinfo.topics import gather

# As FDA labels write a boxed warning: one bold paragraph of several sentences, with a
# reference in a bold run of its own (the first run is too long to be a label).
BOLD = (
    "**If lactic acidosis is suspected, stop the drug and topiramate at once and begin supportive "
    "measures in a hospital setting, with blood lactate, anion gap and acid-base balance "
    "checked straight away. Prompt hemodialysis is "
    "recommended in renal impairment [see** **Warnings and Precautions (5.1)**]."
)


def _balanced(text: str) -> bool:
    """Tell whether every bold and italic marker of a quote is closed."""
    runs = re.findall(r"(?<!\\)\*+", text)
    return (
        sum(len(run) // 2 for run in runs) % 2 == 0 and sum(len(run) % 2 for run in runs) % 2 == 0
    )


def test_a_sentence_inside_a_bold_paragraph_is_quoted_in_bold() -> None:
    label = Monograph(
        "Lactiform", "lactiform.xml", sections=[Section("boxed_warning", "Warning", BOLD)]
    )
    found = gather(label, "renal")
    assert found is not None
    assert [quote.text for quote in found.quotes] == [
        "**Prompt hemodialysis is recommended in renal impairment [see** "
        "**Warnings and Precautions (5.1)**]."
    ]


def test_an_interaction_quote_from_a_bold_paragraph_is_balanced() -> None:
    label = Monograph(
        "Lactiform", "lactiform.xml", sections=[Section("boxed_warning", "Warning", BOLD)]
    )
    found = quotes(label, pattern(["topiramate"]))
    assert [quote.text for quote in found] == [
        "**If lactic acidosis is suspected, stop the drug and topiramate at once and begin "
        "supportive measures in a hospital setting, with blood lactate, anion gap and acid-base "
        "balance checked straight away.**"
    ]


@pytest.mark.parametrize(
    ("text", "piece", "expected"),
    [
        ("**One. Two.**", "Two.", "**Two.**"),
        ("**One. Two.**", "One.", "**One.**"),
        ("*One. Two.* Three.", "Two.", "*Two.*"),
        ("***One. Two.*** Three.", "Two.", "***Two.***"),
        ("**One. *Two. Three.* Four.**", "Three.", "***Three.***"),
        ("Plain. Text.", "Text.", "Text."),
        # The source's own stray marker: nothing to go by, the words as they stand.
        (
            "Take *p<0.05 with food. Then rest.",
            "Take *p<0.05 with food.",
            "Take *p<0.05 with food.",
        ),
        # Not emphasis: arithmetic, a list bullet, underscores inside a word.
        ("2 * 3 is six. snake_case_word here.", "snake_case_word here.", "snake_case_word here."),
        # An escaped asterisk is text.
        (r"**A \* B. C.**", "C.", "**C.**"),
    ],
)
def test_an_excerpt_opens_and_closes_what_is_open_around_it(
    text: str, piece: str, expected: str
) -> None:
    start = text.index(piece)
    got = excerpt(text, start, start + len(piece))
    assert got == expected
    assert _balanced(got) or "*p" in got
