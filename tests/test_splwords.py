"""The FDA label reader gives each section's search words as it writes the Markdown.

Where it gives them (Section.plain), they are the words medinfo.readers.blocks reads
of that Markdown, character for character; where it cannot be sure, it gives none
and the index parses the Markdown.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medinfo.errors import ParseError
from medinfo.index.build import _plain
from medinfo.model import Section
from medinfo.readers import read_path, splwords
from medinfo.readers.blocks import build, words

FIXTURES = Path(__file__).parent / "fixtures"
LABELS = sorted(FIXTURES.rglob("*.xml"))


def _sections(path: Path) -> list[Section]:
    """Return the sections of a label, none if the reader refuses it."""
    try:
        return read_path(path).sections
    except ParseError:
        return []


@pytest.mark.parametrize("path", LABELS, ids=lambda path: str(path.relative_to(FIXTURES)))
def test_the_words_given_are_those_of_the_markdown(path: Path) -> None:
    for section in _sections(path):
        if section.plain is not None:
            assert section.plain == words(build(section.text)), section.title


def test_most_sections_of_the_fixture_labels_are_given_words() -> None:
    sections = [section for path in LABELS for section in _sections(path)]
    given = [section for section in sections if section.plain is not None]
    assert len(sections) > 100
    assert len(given) >= 0.8 * len(sections)


def test_every_kind_of_text_is_given_the_words_markdown_makes_of_it() -> None:
    # What the reader is not sure of (links, HTML-looking text, entities, lines like
    # list items...) is parsed block by block; the words are the whole section's.
    label = read_path(FIXTURES / "splplain" / "wordsmith.xml")
    assert len(label.sections) == 19
    for section in label.sections:
        assert section.plain == words(build(section.text)), section.title
    table = next(section for section in label.sections if section.title == "Tables")
    # a cell's lines, one each; emphasis over a <br>; a pipe and a footnote mark kept
    assert "Headache\n(all)\n12%\n4%*\n6 | 3 %\nCₘₐₓ rise\n10⁶/mm³\nx™" in str(table.plain)


def test_only_the_blocks_the_reader_is_unsure_of_are_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from medinfo.readers import blocks

    parsed: list[str] = []
    real = blocks.build

    def counted(text: str) -> list[object]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(blocks, "build", counted)
    label = read_path(FIXTURES / "splplain" / "wordsmith.xml")
    assert parsed and all(any(text in s.text for s in label.sections) for text in parsed)
    assert sum(map(len, parsed)) < 0.5 * sum(len(s.text) for s in label.sections)


# Markdown the reader may write, and whether its words must be given.
GIVEN = [
    "**Note**:Take with food.",
    "a *b* c",
    "**a *b* c**",
    "***both*** and **(N = 377)**",
    "CYP2C9*1/*3 and 2*3 tablets",
    "*Reported in 2%",
    "Nausea*, diarrhea*",
    "** Registered trademark",
    "AUC_0-inf",
    "1. Take one",
    "007) Step",
    "- An item",
    "+ An item",
    "* An item",
    "- - An item in an item",
    "- 1. A step in an item",
    "> 5 mg",
    "- > 5 mg",
    "<5 years; p <0.05; a < b",
    "[N=7] patients",
    "First line\nsecond line",
    "\\# not a heading",
    "\\- not an item",
    "a \\ b",
    "see (**a**)",
    "“**quoted**”",
    "WORDSMITH®**x**",
    "-5 °C and +PLUS",
]
UNSURE = [
    "- - > 5",
    "text\n- an item",
    "text\n1. an item",
    "`code`",
    "<b>bold</b>",
    "&amp;",
    "[a](http://example.org)",
    "[1]: http://example.org",
    "# Heading",
    "text\n---",
    "a | b\n--- | ---",
    "**a*",
    "a  \nb",
    "a\\",
    "~~struck~~",
    "_a_",
    "-_-",
    "****x****",
]


@pytest.mark.parametrize("text", GIVEN + UNSURE)
def test_a_paragraph_s_words_are_the_parser_s_or_none(text: str) -> None:
    said = splwords.paragraph(text)
    assert said is None or said == words(build(text))
    assert (said is not None) == (text in GIVEN)


@pytest.mark.parametrize(
    "lines",
    [
        ["**Headache", "(all)**"],
        ["a*", "*b"],
        ["***", "b***"],  # a line of marks alone: the cell starts with its next line
        ["x", "y"],
        ["6 | 3", "*p"],
        ["`x`"],
        ["<i>x</i>"],
    ],
)
def test_a_cell_s_words_are_the_parser_s_or_none(lines: list[str]) -> None:
    said = splwords.cell(lines)
    text = "<br>".join(line.replace("|", "\\|") for line in lines)
    parsed = words(build(f"| {text} |\n|---|"))
    assert said is None or said == parsed


def test_the_index_takes_the_reader_s_words_when_given() -> None:
    # Given: no Markdown parsed, so no blocks kept (the view parses what it shows).
    given = Section("usage", "Usage", "**Take** it", plain="given words")
    assert _plain(given) == ("given words", None)
    plain, blocks = _plain(Section("usage", "Usage", "**Take** it"))
    assert plain == "Take it" and blocks is not None and '"b"' in blocks
