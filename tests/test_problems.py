"""What the readers note for `medinfo check`: each rule on a file made to break it."""

from __future__ import annotations

import pytest

from medinfo.errors import ParseError
from medinfo.readers import read_bytes
from medinfo.rules import RULES

GOOD = "---\ntitle: Goodol\n---\n\n# Goodol\n\n### Usage\nPain.\n\n### Dosage\n1 tablet.\n"


def problems(text: str | bytes, name: str = "drug.md") -> list[tuple[str, int, str]]:
    """Return the problems a file's reader notes."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_bytes(data, name).problems


def refused(text: str | bytes, name: str = "drug.md") -> tuple[str, int]:
    """Return the rule and line of the error a file is refused with."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(ParseError) as caught:
        read_bytes(data, name)
    return caught.value.rule, caught.value.line


def test_a_good_file_has_no_problems() -> None:
    assert problems(GOOD) == []


def test_every_rule_has_a_known_severity_and_a_unique_name() -> None:
    assert {rule.severity for rule in RULES.values()} == {"error", "warning"}
    names = [rule.name for rule in RULES.values()]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("text", "rule", "line"),
    [
        ("---\nlayout: x\ntitle: a: b\n---\n# X\n", "MI101", 3),
        ("---\n- a\n- b\n---\n# X\n", "MI102", 1),
        ("---\ntitle: &a x\nalias: *a\n---\n# X\n", "MI103", 1),
        ("---\ntitle: !!python/object/apply:os.system ['ls']\n---\n# X\n", "MI101", 2),
        (b"# X\n\x00\x01binary", "MI002", 2),
        ("x" * 1_000_001, "MI004", 0),
    ],
)
def test_refused_files_say_which_rule_and_line(text: str | bytes, rule: str, line: int) -> None:
    assert refused(text) == (rule, line)


def test_legacy_encoding_is_read_and_noted_at_its_line() -> None:
    data = GOOD.replace("Pain.", "Pain caf\u00e9.").encode("cp1252")
    found = problems(data)
    assert found[0][:2] == ("MI003", 8) and "0xE9" in found[0][2]


def test_control_characters_are_noted_where_they_first_are() -> None:
    found = problems(GOOD.replace("1 tablet.", "1 \x1b]52;c;SGVsbG8=\x07tablet.\x1b[2J"))
    assert [p[:2] for p in found] == [("MI401", 11)]
    assert "escape sequences" in found[0][2] and "\x1b" not in found[0][2]


@pytest.mark.parametrize("hidden", ["\u202e", "\x1b", "\x85", "\ufdd0"])
def test_a_control_character_in_front_matter_does_not_change_what_the_yaml_says(
    hidden: str,
) -> None:
    # Removed before YAML reads it, "- \u202e [bold] X" would become "-  [bold] X": a flow
    # list followed by text, which YAML refuses, and a file that reads would not.
    text = GOOD.replace("title: Goodol", f"title: Goodol\naliases:\n- {hidden} [bold] Gdl")
    monograph = read_bytes(text.encode("utf-8"), "goodol.md")
    assert monograph.aliases == ["[bold] Gdl"]
    assert [p[0] for p in problems(text)] == ["MI401"]


@pytest.mark.parametrize(
    "front",
    [
        "\x01---\ntitle: Goodol\n---",  # before the opening line
        "---\ntitle:\x01 Goodol\n---",  # between a key and its value
        "---\ntitle: Goodol\naliases:\n\x01- Gdl\n---",  # before a list item
    ],
)
def test_front_matter_with_a_control_character_reads_as_it_did(front: str) -> None:
    # Removed first, these read as the writer meant; only YAML's refusal of the cleaned
    # text makes the reader try again with a placeholder where each character was.
    text = GOOD.replace("---\ntitle: Goodol\n---", front)
    monograph = read_bytes(text.encode("utf-8"), "x.md")
    assert monograph.name == "Goodol"
    assert [p[0] for p in monograph.problems] == ["MI401"]


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("\u2066#1 choice\u2069", "#1 choice"),  # not a comment
        ("first \x07# second", "first # second"),  # nor here
        ("\u2067&Co Goodol", "&Co Goodol"),  # not an anchor
        ("\u2067*Goodol", "*Goodol"),  # not an alias, which would refuse the file
        ("\u202e[Goodol]", "[Goodol]"),  # not a list
    ],
)
def test_a_removed_character_never_turns_text_into_yaml_syntax(value: str, read: str) -> None:
    text = GOOD.replace("title: Goodol", f"title: Goodol\nnote: {value}")
    assert read_bytes(text.encode("utf-8"), "x.md").metadata["note"] == read


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_findings_are_on_the_lines_of_the_file_whatever_its_line_endings(ending: str) -> None:
    text = GOOD + "\n### Usage\nAgain.\n"  # Usage on line 7 and on line 13
    body = text.replace("Pain.", "Pain.\x01\x01\x01")
    found = problems(body.replace("\n", ending))
    assert [p[:2] for p in found] == [("MI401", 8), ("MI303", 13)]
    assert "line 7" in found[1][2]


def test_yaml_tag_is_noted_and_the_file_still_read() -> None:
    found = problems(GOOD.replace("title: Goodol", "title: Goodol\nstrength: !!str 5"))
    assert [p[:2] for p in found] == [("MI104", 3)]


def test_missing_title_and_title_not_text() -> None:
    assert [p[0] for p in problems("### Usage\nPain.\n")] == ["MI201"]
    assert problems("# Named Here\n### Usage\nPain.\n") == []
    found = problems(GOOD.replace("title: Goodol", "title: 42"))
    assert [p[:2] for p in found] == [("MI202", 2)] and "a number" in found[0][2]
    found = problems(GOOD.replace("title: Goodol", "layout: x\ntitle:\n  - a\n  - b"))
    assert [p[:2] for p in found] == [("MI202", 3)] and "a list" in found[0][2]


def test_a_refusal_page_has_no_standard_sections() -> None:
    found = problems("# Mixol\n\nI cannot provide information on this combination.\n")
    assert [p[:2] for p in found] == [("MI301", 1)]
    assert 'it says "I cannot provide information' in found[0][2]


def test_empty_and_repeated_sections_are_noted_at_their_headings() -> None:
    text = GOOD + "\n### Side Effects\n\n### Usage\nAgain.\n"
    found = problems(text)
    assert [p[:2] for p in found] == [("MI302", 13), ("MI303", 15)]
    assert "the first is on line 7" in found[1][2]


def test_the_same_section_for_two_parts_is_not_repeated() -> None:
    text = "# Alphadine + Betadine\n\n### Alphadine Usage\nOne.\n\n### Betadine Usage\nTwo.\n"
    assert problems(text) == []


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        (b"<document xmlns='urn:hl7-org:v3'><title>unclosed", "MI501"),
        (b"<rss><channel/></rss>", "MI502"),
        (b'<!DOCTYPE d [<!ENTITY x "y">]><document/>', "MI504"),
        (b'<?xml version="1.0" encoding="cp037"?><document/>', "MI506"),
    ],
)
def test_labels_are_refused_under_their_rules(data: bytes, rule: str) -> None:
    assert refused(data, "label.xml")[0] == rule


def test_a_broken_zip_is_its_own_rule() -> None:
    assert refused(b"PK\x03\x04 not a zip", "label.zip")[0] == "MI505"
