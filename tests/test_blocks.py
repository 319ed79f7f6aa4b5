"""Sections parsed once into blocks by markdown-it-py, and drawn from them with Rich."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from medinfo.readers import read_bytes, read_markdown
from medinfo.readers.blocks import build, dumps, plain_text
from medinfo.render import blocks as drawn
from tests.test_fuzz import FUZZ, SEED

FIXTURES = Path(__file__).parent / "fixtures"


def draw(renderable: object, width: int = 60) -> str:
    """Return what a renderable shows at a width, without colour."""
    console = Console(width=width, color_system=None, markup=False, highlight=False)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get()


def test_blocks_hold_paragraphs_headings_lists_tables_and_rules_with_their_spans() -> None:
    text = (
        "Take **500 mg** with *food*, `twice` [a day](https://x.example).\n\n"
        "#### Children\n\n3. First\n5. Second\n\n- one\n- two\n\n---\n\n"
        "| Drug | Advice |\n|---|--:|\n| A<br>B | lower<br/>dose |\n"
    )
    entries = build(text)
    assert [entry[:2] for entry in entries] == [[0, 1], [2, 3], [4, 7], [7, 10], [10, 11], [12, 15]]
    blocks = [block for _, _, block in entries]
    assert blocks[0] == [
        "p",
        [
            "Take ",
            ["500 mg", "b"],
            " with ",
            ["food", "i"],
            ", ",
            ["twice", "c"],
            " ",
            ["a day", "", "https://x.example"],
            ".",
        ],
    ]
    assert blocks[1] == ["h", 4, ["Children"]]
    assert blocks[2][:2] == ["ol", [3, 5]]  # each item with the number it was written with
    assert blocks[3] == ["ul", [[["p", ["one"]]], [["p", ["two"]]]]]
    assert blocks[4] == ["hr"]
    assert blocks[5] == [
        "table",
        ["", "r"],
        [["Drug"], ["Advice"]],
        [[["A\nB"], ["lower\ndose"]]],
    ]
    assert json.loads(dumps(text) or "") == entries


def test_the_view_draws_numbers_as_written_line_breaks_in_cells_and_links_as_text() -> None:
    text = "3. First\n5. Second\n\n| Drug | Advice |\n|---|---|\n| A<br>B | x |\n\n[Site](https://x.example)"
    shown = draw(drawn.markdown(text))
    assert " 3 First" in shown and " 5 Second" in shown
    lines = shown.splitlines()
    assert any(line.split() == ["A", "x"] for line in lines)
    assert any(line.split() == ["B"] for line in lines)  # the <br> breaks the cell's line
    assert "Site (https://x.example)" in shown


def test_monograph_text_is_never_read_as_markup() -> None:
    shown = draw(drawn.markdown("Take [bold red]two[/bold red] tablets :pill:"))
    assert "[bold red]two[/bold red]" in shown and ":pill:" in shown


def test_a_comparison_at_the_start_of_a_line_is_no_quote() -> None:
    blocks = [block for _, _, block in build("* >5 cm: up to 4 mL\n\n>12 years: 10 mg")]
    assert blocks[0][1][0][0] == ["p", [">5 cm: up to 4 mL"]]
    assert blocks[1] == ["p", [">12 years: 10 mg"]]


def test_an_html_block_is_shown_as_text_not_dropped() -> None:
    shown = draw(drawn.markdown("<div>Take with food</div>"))
    assert "<div>Take with food</div>" in shown


def test_the_index_keeps_the_blocks_it_parsed_each_section_into() -> None:
    from medinfo.index.build import parse_one
    from medinfo.index.packed import section

    parsed = parse_one(str(FIXTURES / "collection"), 0, "alphacillin.md")
    assert parsed.rows is not None
    sections, body = parsed.rows[2], parsed.rows[5]
    assert sections
    for row in sections:
        text, blocks = section(body, *row[5:9])
        assert blocks is not None and blocks == dumps(text)
    # The JSON output is unchanged: blocks are the view's, not the monograph's.
    monograph = read_bytes((FIXTURES / "collection" / "alphacillin.md").read_bytes())
    assert "blocks" not in monograph.sections[0].to_dict()


def test_only_the_lines_a_table_leaves_are_drawn_from_the_blocks() -> None:
    text = "**Common:**\n\n* Nausea\n\n**Rare:**\n\n* Rash\n\nSeek help for a rash with fever."
    section = read_markdown(f"# X\n\n### Side Effects\n{text}\n").sections[0]
    shown = draw(drawn.stored(dumps(section.text), section.text, {3, 7, 8}))
    assert [line.rstrip() for line in shown.splitlines()] == ["Seek help for a rash with fever."]
    # A block the table shows part of: the lines left are parsed and drawn as they are.
    text = "* Nausea\n* Headache\n\nAfter."
    shown = draw(drawn.stored(dumps(text), text, {1, 2, 3}))
    assert [line.rstrip() for line in shown.splitlines()] == [" • Headache", "", "After."]


def test_text_whose_blocks_cannot_be_built_is_drawn_by_rich_markdown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.markdown import Markdown

    from medinfo.readers import blocks

    def refuse(text: str) -> list[object]:
        raise blocks.Unbuildable("a token of a later markdown-it-py")

    monkeypatch.setattr(blocks, "build", refuse)
    assert dumps("Some *text*") is None
    assert isinstance(drawn.stored(None, "Some *text*"), Markdown)


PIECES = st.sampled_from(
    ["word", "**bold**", "*it*", "`code`", "[l](u)", "<br>", "<b>", "\n", "\n\n", "- ", "3. ",
     "> ", "| a | b |\n|---|--:|\n| 1 | 2<br>3 |\n", "---\n", "    ", "#", "```\nx\n```",
     "\\", "&amp;"]
)  # fmt: skip


@FUZZ
@SEED
@given(pieces=st.lists(PIECES, max_size=30), width=st.integers(1, 50))
def test_any_markdown_is_built_and_drawn_at_any_width(pieces: list[str], width: int) -> None:
    text = "".join(pieces)
    stored = dumps(text)
    assert stored is not None  # markdown-it-py's nodes (CommonMark, tables) all have a block
    shown = draw(drawn.stored(stored, text), width)
    assert all(len(line) <= width for line in shown.splitlines())


def test_a_superscript_in_raw_html_stays_a_power_of_ten() -> None:
    # rich.markdown leaves the tags out: "10<sup>6</sup> PFU" would read 106 PFU.
    shown = draw(drawn.markdown("Up to 10<sup>6</sup> PFU; C<sub>max</sub> at 2 h; 10<sup>x"))
    assert "Up to 10⁶ PFU; Cₘₐₓ at 2 h; 10x" in shown


def test_a_link_reference_definition_is_shown_not_dropped() -> None:
    # markdown-it-py keeps "[1]: http://..." as a reference and makes no token of it:
    # the view, the handout and search's plain text lost the line whole.
    from medinfo.handout import page
    from medinfo.readers.blocks import plain_text

    text = "See the label.\n\n[1]: https://example.org/label\n[2]: <https://x.org/b> 'B'\n\nEnd."
    assert plain_text(text).split("\n") == [
        "See the label.",
        "[1]: https://example.org/label",
        "[2]: <https://x.org/b> 'B'",
        "End.",
    ]
    shown = draw(drawn.markdown(text))
    assert "[1]: https://example.org/label" in shown and "[2]: <https://x.org/b> 'B'" in shown
    monograph = read_markdown(f"# Reffol\n\n### References\n{text}\n")
    html = page([("show", monograph, monograph.sections, True)])
    assert "[1]: https://example.org/label" in html
    assert "[2]: &lt;https://x.org/b&gt; 'B'" in html


def test_a_table_in_a_section_folds_its_words_never_cuts_them() -> None:
    # At 20 columns "Dose" read "Do…", "only note" "on… no…", "alone" "al…".
    text = "| Dose | Note | Extra |\n|---|---|---|\n| 5 mg | only note | x |\n| alone | | |"
    shown = draw(drawn.markdown(text), width=16)
    assert "…" not in shown
    letters = sorted(shown.replace("─", "").replace(" ", "").replace("\n", ""))
    assert letters == sorted("DoseNoteExtra5mgonlynotexalone")


def test_an_asterisk_inside_a_name_or_product_is_text_not_emphasis() -> None:
    # Read as emphasis, "CYP2C9*1/*3 ... CYP2C9*3/*3" lost its asterisks and ran the
    # allele numbers together ("CYP2C91/3"), in the view, the handout and search.
    text = "Carriers of CYP2C9*1/*3 (n = 9) and CYP2C9*3/*3 (n = 1); HLA-A*02:01; 2*3 tablets."
    assert plain_text(text) == text
    assert plain_text("Take **5 mg** and *then* more.") == "Take 5 mg and then more."


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("**Common:**\n\n* Nausea\n\n**Rare:**\n\n* Rash\n\nSeek help for a rash.", {3, 7, 8}),
        ("* Nausea\n* Headache\n\nAfter.", {1, 2, 3}),
        ("| A | B |\n|---|---|\n| 1<br>2 | x |\n\n3. Third\n4. Fourth", None),
        # A reference defined outside the lines drawn still makes the link it makes.
        ("* Nausea\n\nSee [the leaflet][x].\n\n[x]: https://example.org/l", {2}),
    ],
)
def test_a_section_without_kept_blocks_is_drawn_as_one_with_them(
    text: str, lines: set[int] | None
) -> None:
    # A label whose reader gave its words keeps no blocks: the view parses its text,
    # and must draw what the kept blocks would have drawn, line for line.
    assert draw(drawn.stored(None, text, lines)) == draw(drawn.stored(dumps(text), text, lines))
