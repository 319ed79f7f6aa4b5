"""The plain text search indexes: every word of the Markdown as the view shows it, no markup."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from medinfo.readers.blocks import plain_text

WORD = re.compile(r"[^\W_]+")


def test_emphasis_and_list_markers_go_the_words_stay() -> None:
    text = "**Common:**\n* Bruising more easily\n* Nosebleeds or **bleeding** gums"
    assert plain_text(text).split("\n") == [
        "Common:",
        "Bruising more easily",
        "Nosebleeds or bleeding gums",
    ]


def test_table_cells_and_cell_breaks_are_lines() -> None:
    text = (
        "| Drugs | Advice |\n|---|---|\n| Lovastatin<br>Atorvastatin | Avoid<br>Caution \\| halve |"
    )
    assert plain_text(text).split("\n") == [
        "Drugs",
        "Advice",
        "Lovastatin",
        "Atorvastatin",
        "Avoid",
        "Caution | halve",
    ]


def test_empty_cells_add_no_blank_lines() -> None:
    assert plain_text("| a |  | b |\n|---|---|---|\n|  |  | c |") == "a\nb\nc"


def test_links_read_as_on_screen_and_images_by_their_description() -> None:
    text = "See [the label](https://example.org/x) or <https://example.org/y> ![a chart](c.png)."
    assert plain_text(text) == (
        "See the label (https://example.org/x) or https://example.org/y a chart."
    )


def test_what_is_not_markup_stays_as_written() -> None:
    text = "Take 5 < 6 mg & <b>not</b> a tag; 2*3 tablets; snake_case; [1]: not a link"
    # An HTML tag is markup the view leaves out; its words stay.
    assert WORD.findall(plain_text(text)) == WORD.findall(
        text.replace("<b>", "").replace("</b>", "")
    )
    assert plain_text("Plain text\nover two lines.") == "Plain text over two lines."
    assert plain_text("One *line*\nwrapped.\n\nTwo.") == "One line wrapped.\nTwo."
    assert plain_text("One line\nwrapped.\n\n\nTwo.") == "One line wrapped.\nTwo."
    assert plain_text("") == ""


def test_headings_numbers_and_code_keep_their_words() -> None:
    text = "#### Children\nDose by weight.\n\n1. First\n2. Then `10 mg`\n\n```\nkept 1:1\n```"
    assert plain_text(text).split("\n") == [
        "Children",
        "Dose by weight.",
        "1. First",
        "2. Then 10 mg",
        "kept 1:1",
    ]


@given(st.lists(st.sampled_from(["dose", "**bold**", "* item", "| a | b |", "1. step", "\n", " "])))
def test_no_two_words_run_together(parts: list[str]) -> None:
    text = " ".join(parts)
    for word in WORD.findall(plain_text(text)):
        assert word in {"dose", "bold", "item", "a", "b", "step", "1"}
