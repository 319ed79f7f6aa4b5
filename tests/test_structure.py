"""Lists inside sections, as the Rich tables show them."""

from __future__ import annotations

from medinfo.structure import components, groups, short_label


def test_bold_labels_over_lists() -> None:
    found, rest = groups(
        "**Common:**\n\n* Nausea\n* Rash\n\n**Rare:**\n\n* Anaphylaxis\n\nSeek help."
    )
    assert found == [("Common", ["Nausea", "Rash"]), ("Rare", ["Anaphylaxis"])]
    assert rest == "Seek help."


def test_sentence_labels_are_shortened() -> None:
    text = (
        "Common side effects may include:\n\n* Nausea\n* Headache\n\n"
        "Less common, but serious side effects can occur:\n\n* Pancreatitis\n"
    )
    found, rest = groups(text)
    assert found == [
        ("Common", ["Nausea", "Headache"]),
        ("Less common, but serious", ["Pancreatitis"]),
    ]
    assert rest == ""


def test_items_that_carry_their_label() -> None:
    found, _ = groups("* Common: itching, burning\n* Rare: blistering")
    assert found == [("Common", ["itching, burning"]), ("Rare", ["blistering"])]


def test_prose_without_lists_has_no_groups() -> None:
    text = "Common side effects include bronchitis.\n\nRare: anaphylaxis."
    found, rest = groups(text)
    assert found == []
    assert rest == text


def test_short_label_keeps_parentheses_whole() -> None:
    assert (
        short_label("Common (in more than 10% of people)") == "Common (in more than 10% of people)"
    )
    assert short_label("Less Common but Serious Side Effects") == "Less Common but Serious"


def test_components_of_a_combination() -> None:
    text = "* Amoxicillin: 875 mg\n* **Clavulanic acid** - 125 mg\n* Codeine phosphate 30 mg tablet"
    assert components(text) == [
        ("Amoxicillin", "875 mg"),
        ("Clavulanic acid", "125 mg"),
        ("Codeine phosphate", "30 mg tablet"),
    ]
