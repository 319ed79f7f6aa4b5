"""The parser on strings: every heading form, FAQs, front matter, hostile input."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medinfo.errors import ParseError
from medinfo.readers.faqs import parse_faqs
from medinfo.readers.markdown import parse, parse_bytes
from tests.conftest import ALPHACILLIN_KEYS, FIXTURES


def keyed(text: str, path: str = "x.md") -> dict[str, list[str]]:
    """Return section texts by key."""
    found: dict[str, list[str]] = {}
    for section in parse(text, path).sections:
        found.setdefault(section.key, []).append(section.text)
    return found


def test_seed_like_monograph_has_every_standard_section() -> None:
    text = (FIXTURES / "collection" / "alphacillin.md").read_text()
    m = parse(text, "alphacillin.md")
    assert m.name == "Alphacillin"
    assert m.aliases == ["Alphamox", "Alpha-Cill"]
    assert m.drug_class == "Test penicillin"
    assert m.metadata["layout"] == "minimal-medicine"
    assert [s.key for s in m.sections] == ALPHACILLIN_KEYS
    dosage = m.select(["dosage"])[0].text
    assert "500 mg by mouth every 8 hours" in dosage
    assert "25 mg/kg" in dosage
    assert m.select(["disclaimer"])[0].text.startswith("Fixture text for tests only")
    assert [f.question for f in m.faqs] == ["Can I drink alcohol?", "What if I miss a dose?"]
    assert m.faqs[1].answer.startswith("Take it when you remember")


def test_heading_with_trailing_colon() -> None:
    sections = keyed("# X\n### Dosage:\n5 mg daily\n\n### Side Effects:\nnausea\n")
    assert sections["dosage"] == ["5 mg daily"]
    assert sections["side_effects"] == ["nausea"]


def test_text_on_the_heading_line_belongs_to_the_section() -> None:
    sections = keyed("# X\n### Usage: Benfotiamine treats neuropathy.\nMore text.\n")
    assert sections["usage"] == ["Benfotiamine treats neuropathy.\nMore text."]


def test_bold_labels_alone_and_with_text() -> None:
    text = (
        "# X\n### Generic Name\nX\n\n**Usage:**\n\nFor pain.\n\n"
        "**Dosage:** 10 mg\ntwice a day\n\n**Side Effects**:\n\n* headache\n"
    )
    sections = keyed(text)
    assert sections["usage"] == ["For pain."]
    assert sections["dosage"] == ["10 mg\ntwice a day"]
    assert sections["side_effects"] == ["* headache"]


def test_label_of_the_same_kind_inside_a_section_does_not_split_it() -> None:
    text = (
        "# X\n### Precautions\nGeneral.\n\n**Warnings:** Do not drive.\n\n"
        "**Common Side Effects:** none\n"
    )
    sections = keyed(text)
    assert len(sections["precautions"]) == 1
    assert "Do not drive." in sections["precautions"][0]
    assert "**Common Side Effects:** none" in sections["precautions"][0]


def test_text_before_the_first_heading_is_the_overview() -> None:
    m = parse("---\ntitle: Y\n---\nIntro line.\n\n# Y\nMore intro.\n\n### Usage\nU\n", "y.md")
    assert m.sections[0].key == "overview"
    assert m.sections[0].text == "Intro line.\n\nMore intro."


def test_per_component_headings_give_components() -> None:
    m = parse((FIXTURES / "collection" / "sub" / "gammadine-deltamol.md").read_text(), "g.md")
    found = [(s.key, s.component) for s in m.sections]
    assert ("generic_name", None) in found
    assert ("usage", "Gammadine") in found
    assert ("dosage", "Gammadine") in found
    assert ("usage", "Deltamol") in found
    assert ("dosage", "Deltamol") in found
    assert ("faqs", None) in found
    other = [s for s in m.sections if s.key == "other"]
    assert other[0].title == "Combined Use of Gammadine and Deltamol"
    assert m.faqs[0].question == "Is it safe with alcohol?"


def test_bare_component_headings_at_the_same_level() -> None:
    text = (
        "# A + B\n### Alpha\n### Usage\nFor a.\n### Dosage\n1 mg\n"
        "### Beta\n\n### Usage\nFor b.\n### Notes\nShared remark.\n### Dosage\n2 mg\n"
    )
    found = [(s.key, s.component, s.text) for s in parse(text, "ab.md").sections]
    assert found == [
        ("usage", "Alpha", "For a."),
        ("dosage", "Alpha", "1 mg"),
        ("usage", "Beta", "For b."),
        ("other", None, "Shared remark."),
        ("dosage", None, "2 mg"),
    ]


def test_monograph_without_sections_keeps_all_text() -> None:
    m = parse("Only prose here.\n\nAnd a second paragraph.\n", "b/plain-drug.md")
    assert m.name == "Plain Drug"
    assert [s.key for s in m.sections] == ["overview"]
    assert m.sections[0].text == "Only prose here.\n\nAnd a second paragraph."


def test_unknown_heading_is_other_with_its_title() -> None:
    m = parse("# X\n### Notes for nurses\nKeep cold.\n", "x.md")
    assert (m.sections[0].key, m.sections[0].title, m.sections[0].text) == (
        "other",
        "Notes for nurses",
        "Keep cold.",
    )


def test_topic_headings_are_sections_of_their_own() -> None:
    m = parse("# X\n### Storage\nKeep cold.\n### Contraindications\nAllergy.\n", "x.md")
    assert [(s.key, s.title, s.text) for s in m.sections] == [
        ("storage", "Storage", "Keep cold."),
        ("contraindications", "Contraindications", "Allergy."),
    ]


def test_topic_labels_inside_a_section_stay_in_it() -> None:
    text = (
        "# X\n### Precautions\n**Contraindications:**\n\n* Allergy.\n\n**Dosage Forms:** Tablets.\n"
    )
    m = parse(text, "x.md")
    assert [s.key for s in m.sections] == ["precautions"]
    assert "**Contraindications:**" in m.sections[0].text


def test_setext_heading_without_text_keeps_its_words() -> None:
    m = parse("# X\n### Usage\nU\n\nA long remark\n---\n", "x.md")
    assert (m.sections[-1].key, m.sections[-1].title, m.sections[-1].text) == (
        "other",
        "A long remark",
        "",
    )


def test_sub_headings_stay_inside_their_section() -> None:
    sections = keyed("# X\n### Dosage\nIntro\n#### Adults\n5 mg\n#### Children\n1 mg\n")
    assert sections["dosage"] == ["Intro\n#### Adults\n5 mg\n#### Children\n1 mg"]


def test_fenced_heading_is_not_a_section() -> None:
    sections = keyed("# X\n### Usage\n```\n### Dosage\n```\n")
    assert "dosage" not in sections


def test_no_text_is_dropped() -> None:
    text = (FIXTURES / "collection" / "betazol.md").read_text()
    body = text.split("---\n", 2)[2]
    kept = "\n".join(s.title + "\n" + s.text for s in parse(text, "b.md").sections)
    for line in body.splitlines():
        words = re.sub(r"[*#:]", " ", line).split()
        for word in words:
            assert word in kept, f"lost {word!r} of {line!r}"


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("* **Q: A?** A: B.", [("A?", "B.")]),
        ("**Q: A?**\nA: B.", [("A?", "B.")]),
        ("1. **Q: One?** A: Yes.\n2. **Q: Two?** A: No.", [("One?", "Yes."), ("Two?", "No.")]),
        ("**Q:** Why?\n**A:** Because.", [("Why?", "Because.")]),
        ("* **How long?** Two weeks.", [("How long?", "Two weeks.")]),
        ("**Q: Stored?**\n\nA: Cold.", [("Stored?", "Cold.")]),
    ],
)
def test_faq_forms(text: str, pairs: list[tuple[str, str]]) -> None:
    assert [(f.question, f.answer) for f in parse_faqs(text)] == pairs


def test_bom_and_crlf_keep_the_front_matter() -> None:
    m = parse("\ufeff---\r\ntitle: Zed\r\naliases: [Zedex]\r\n---\r\n### Usage\r\nZ\r\n", "z.md")
    assert m.name == "Zed"
    assert m.aliases == ["Zedex"]
    assert m.sections[0].text == "Z"


def test_yaml_surprises_become_strings_and_json_safe_values() -> None:
    m = parse("---\ntitle: NO\ndate: 2024-01-02\naliases: Foo, Bar\n---\nx\n", "n.md")
    assert m.name == "False"  # YAML 1.1 reads NO as false; the value is kept, shown as text
    assert m.metadata["date"] == "2024-01-02"
    assert m.aliases == ["Foo", "Bar"]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nx", "invalid YAML"),
        ("---\na: &a [1,1]\nb: &b [*a,*a]\n---\nx", "aliases"),
        ("---\n- a\n- b\n---\nx", "not a mapping"),
        ("---\ntitle: [unclosed\n---\nx", "invalid YAML"),
    ],
)
def test_bad_front_matter_is_a_parse_error_with_a_reason(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse(text, "bad.md")


def test_binary_files_are_parse_errors() -> None:
    with pytest.raises(ParseError, match="binary"):
        parse_bytes(b"abc\x00def", "x.md")


def test_legacy_encodings_are_read() -> None:
    assert parse_bytes(b"# Caf\xe9\n### Usage\nCaf\xe9 \x93quoted\x94\n", "c.md").name == "Café"
    text = parse_bytes(b"# C\n### Usage\nCaf\xe9 \x93quoted\x94\n", "c.md").sections[0].text
    assert text == "Café \u201cquoted\u201d"
    utf16 = "# Ütf\n### Usage\nU\n".encode("utf-16")
    assert parse_bytes(utf16, "u.md").name == "Ütf"


def test_unclosed_front_matter_is_body_text() -> None:
    m = parse("---\ntitle: x\nno closing line\n", "open.md")
    assert m.name == "Open"
    assert m.sections[0].text == "---\ntitle: x\nno closing line"


def test_json_looking_first_line_is_not_json_front_matter() -> None:
    m = parse('{"title": "x"}\n### Usage\nU\n', "j.md")
    assert m.sections[0].text == '{"title": "x"}'


def test_control_characters_are_removed_everywhere() -> None:
    text = (
        '---\ntitle: "Evil\\e]0;owned\\a"\n---\n# Evil\n### Usage\n'
        "Red \x1b[31mtext\x1b[0m \x9b2J and \u202eflipped\u202c [bold red]markup[/]\n"
    )
    m = parse(text, "e.md")
    dumped = repr(m.to_dict())
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in dumped
    assert "[bold red]markup[/]" in m.sections[0].text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        m = parse(text, "fuzz.md")
    except ParseError:
        return
    for section in m.sections:
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", section.text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "### Usage",
                "### Dosage:",
                "**Side Effects:**",
                "**Dosage:** 5 mg",
                "plain words",
                "",
                "* item",
                "### Other heading",
                "# Title",
            ]
        ),
        max_size=20,
    )
)
def test_every_plain_line_lands_in_some_section(lines: list[str]) -> None:
    m = parse("\n".join(lines), "p.md")
    texts = "\n".join(s.text for s in m.sections)
    assert texts.count("plain words") == lines.count("plain words")
    assert texts.count("* item") == lines.count("* item")


def test_labels_as_items_under_a_bold_part_name() -> None:
    text = (
        "---\ntitle: Alprazolam + Melatonin\n---\n# Alprazolam + Melatonin\n"
        "### Generic Name\nBoth.\n\n**Melatonin**\n\n* **Usage:** Helps sleep.\n"
        "* **Dosage:** 3 mg at night,\n  with water.\n\n* **Alprazolam:**\n"
        "  * **Usage:** Anxiety.\n\n### FAQs\n* **Q: Safe?** A: Ask.\n"
    )
    m = parse(text, "x.md")
    assert [(s.key, s.component, s.text) for s in m.sections] == [
        ("generic_name", None, "Both."),
        ("usage", "Melatonin", "Helps sleep."),
        ("dosage", "Melatonin", "3 mg at night,\n  with water."),
        ("usage", "Alprazolam", "Anxiety."),
        ("faqs", None, "* **Q: Safe?** A: Ask."),
    ]


def test_a_bold_part_name_alone_names_the_headings_below_it() -> None:
    # As combination pages often run: each part's name in bold, then the usual headings,
    # then the combination's own sections, of kinds the parts did not have.
    text = (
        "---\ntitle: Coffeinol + Dolamine + Zedine\n---\n# Coffeinol + Dolamine + Zedine\n\n"
        "Three drugs.\n\n**1. Coffeinol (Caff):**\n\n### Usage\nWakes.\n\n### Dosage\n50 mg.\n\n"
        "**Dolamine**\n\n### Usage\nPain.\n\n#### Children\nLess.\n\n### Dosage\n1 g.\n\n"
        "**Combined use of Coffeinol and Dolamine:**\nTogether.\n\n"
        "### FAQs\n* **Q: Safe?** A: Ask.\n\n**Disclaimer:** Ask.\n"
    )
    m = parse(text, "x.md")
    assert [(s.key, s.component, s.text) for s in m.sections] == [
        ("overview", None, "Three drugs."),
        ("usage", "Coffeinol (Caff)", "Wakes."),
        ("dosage", "Coffeinol (Caff)", "50 mg."),
        ("usage", "Dolamine", "Pain.\n\n#### Children\nLess."),
        ("dosage", "Dolamine", "1 g.\n\n**Combined use of Coffeinol and Dolamine:**\nTogether."),
        ("faqs", None, "* **Q: Safe?** A: Ask."),
        ("disclaimer", None, "Ask."),
    ]  # fmt: skip


def test_a_part_named_by_a_bold_line_ends_at_a_higher_heading_and_a_disclaimer() -> None:
    text = (
        "---\ntitle: Coffeinol + Dolamine\n---\n# Coffeinol + Dolamine\n\n"
        "**Coffeinol**\n\n### Usage\nWakes.\n\n### Precautions\nHeart.\n\n"
        "* **Dolamine:**\n  more is absorbed with it.\n\n### Side Effects\nJitters.\n\n"
        "## Storage\nDry.\n\n### Disclaimer\nAsk.\n"
    )
    m = parse(text, "x.md")
    # A passing mention of the other part, in a list, does not end the part.
    assert [(s.key, s.component) for s in m.sections] == [
        ("usage", "Coffeinol"),
        ("precautions", "Coffeinol"),
        ("side_effects", "Coffeinol"),
        ("storage", None),
        ("disclaimer", None),
    ]


def test_a_part_keeps_the_sections_the_parts_before_it_lacked() -> None:
    text = (
        "---\ntitle: Coffeinol + Dolamine\n---\n# Coffeinol + Dolamine\n\n"
        "**Coffeinol**\n\n### Usage\nWakes.\n\n### Dosage\n50 mg.\n\n"
        "**Dolamine**\n\n### Usage\nPain.\n\n### Side Effects\nRash.\n\n### Dosage\n1 g.\n\n"
        "**Precautions:** Liver.\n"
    )
    assert [(s.key, s.component) for s in parse(text, "x.md").sections] == [
        ("usage", "Coffeinol"),
        ("dosage", "Coffeinol"),
        ("usage", "Dolamine"),
        ("side_effects", "Dolamine"),
        ("dosage", "Dolamine"),
        ("precautions", "Dolamine"),
    ]


def test_a_strength_before_a_part_name_is_not_numbering() -> None:
    text = (
        "---\ntitle: Lidocaine + Prilocaine\n---\n# Lidocaine + Prilocaine\n\n"
        "**2.5% Lidocaine**\n\n* **Dosage:** apply thin.\n\n"
        "**0.5 mg Prilocaine**\n\n* **Dosage:** once.\n"
    )
    components = [s.component for s in parse(text, "x.md").sections]
    assert components == ["2.5% Lidocaine", "0.5 mg Prilocaine"]


def test_a_bold_line_above_a_heading_that_names_its_own_part_stays_text() -> None:
    text = (
        "---\ntitle: Caffeine + Ergotamine\n---\n# Caffeine + Ergotamine\n\n### Usage\nPain.\n\n"
        "**Caffeine (anhydrous USP):**\n\n## Usage (Ergotamine)\n\nmigraine\n"
    )
    m = parse(text, "x.md")
    assert [(s.key, s.component, s.text) for s in m.sections] == [
        ("usage", None, "Pain.\n\n**Caffeine (anhydrous USP):**"),
        ("usage", "Ergotamine", "migraine"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "**Zedine is not a substitute for antibiotics.**",  # a sentence
        "**Zedine (not given here, for safety reasons)**",  # more than a synonym
        "**Coffeinol + Zedine**",  # the title, in bold
        "* **Zedine:**\n    * Common: nausea.",  # a list item, with its list
    ],
)
def test_a_bold_line_that_is_not_a_part_name_keeps_its_place(line: str) -> None:
    text = (
        "---\ntitle: Coffeinol + Zedine\n---\n# Coffeinol + Zedine\n\n"
        f"### Side Effects\nSome.\n\n{line}\n\n### Usage\nPain.\n"
    )
    m = parse(text, "x.md")
    assert [(s.key, s.component) for s in m.sections] == [("side_effects", None), ("usage", None)]
    assert m.sections[0].text == f"Some.\n\n{line}"


def test_labelled_items_without_a_part_stay_items() -> None:
    text = "# Dolo\n### Precautions\n**Important:**\n\n* **Dosage:** Ask.\n* **Usage:** Ask.\n"
    m = parse(text, "x.md")
    assert [s.key for s in m.sections] == ["precautions"]
    assert "* **Dosage:** Ask." in m.sections[0].text
