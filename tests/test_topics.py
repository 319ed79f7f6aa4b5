"""Topics, sentence by sentence: what each rule takes, what it leaves, and how it quotes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medinfo.library import Library
from medinfo.readers import read_path
from medinfo.sections import TOPIC_KEYS
from medinfo.topics import TOPICS, gather, sentences, units

FIXTURES = Path(__file__).parent / "fixtures"
ZETAMOL = read_path(FIXTURES / "topics" / "zetamol.md")
BUNDLED = Path(__file__).parent.parent / "monographs"


def quoted(key: str) -> list[tuple[str, str]]:
    """Return (section, text) of every quote the fixture gives for a topic."""
    found = gather(ZETAMOL, key)
    return [] if found is None else [(q.section, q.text) for q in found.quotes]


# Each topic: what must be quoted (in this order), and sentences that must not be.
EXPECTED: dict[str, tuple[list[tuple[str, str]], list[str]]] = {
    "contraindications": (
        [
            ("dosage", "Children under 12 years should not use it."),
            (
                "precautions",
                "**Contraindications:**\n\n* Allergy to zetamol.\n* Severe liver disease.",
            ),
            ("precautions", "Zetamol must not be taken with other medicines that contain zetamol."),
        ],
        ["There is an increased risk of stomach upset.", "This fixture is contraindicated"],
    ),
    "interactions": (
        [
            ("precautions", "Zetamol must not be taken with other medicines that contain zetamol."),
            # Alcohol is a drug taken with it; "-cillin" is the stem of an antibiotic's name.
            ("precautions", "Heavy alcohol use raises the risk."),
            ("precautions", "Zetamol interacts with warfarin and may raise the INR."),
            ("precautions", "Alphacillin may raise zetamol levels."),
        ],
        ["There is an increased risk", "Relieves", "Nausea"],
    ),
    "pregnancy": (
        [
            (
                "precautions",
                "Pregnancy: it is not known whether it harms an unborn baby. Ask a doctor.",
            ),
            ("faqs", "**Q: Can I take it while pregnant?** A: Ask your doctor first."),
        ],
        ["It passes into breast milk in small amounts."],
    ),
    "breastfeeding": (
        [("precautions", "It passes into breast milk in small amounts.")],
        ["Pregnancy: it is not known"],
    ),
    "children": (
        [("dosage", "Children under 12 years should not use it.")],
        ["Store below 25 °C, out of the reach of children."],
    ),
    "elderly": ([("dosage", "#### Elderly\nStart at the lowest dose.")], ["Take 500 mg. Then"]),
    "renal": (
        [
            ("dosage", "**Kidney problems:** People on dialysis take half the dose."),
            # A measure of kidney function is about the kidneys too.
            ("dosage", "Reduce the dose when creatinine clearance is below 30 mL/min."),
        ],
        ["Children under 12 years"],
    ),
    "hepatic": (
        # A side effect on the liver is no guidance for liver disease.
        [("precautions", "Severe liver disease.")],
        ["Allergy to zetamol.", "Liver damage, in rare cases"],
    ),
    "overdose": (
        [
            (
                "faqs",
                "**Q: What happens if I take too much?** A: Call a poison control centre at once.",
            )
        ],
        ["Never take a double dose."],
    ),
    "storage": (
        [
            ("precautions", "Store below 25 °C, out of the reach of children."),
            ("precautions", "Do not freeze."),
        ],
        [],
    ),
    "missed_dose": (
        [
            (
                "faqs",
                "**Q: What if I forget a dose?** A: Take it when you remember. "
                "Never take a double dose.",
            )
        ],
        ["Call a poison control centre"],
    ),
    "boxed_warning": ([], []),
}


def test_every_topic_has_expectations() -> None:
    assert set(EXPECTED) == set(TOPIC_KEYS) == set(TOPICS)


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_what_each_topic_takes_and_leaves(key: str) -> None:
    wanted, unwanted = EXPECTED[key]
    got = quoted(key)
    assert got == wanted
    for text in unwanted:
        assert not any(text in quote for _, quote in got), text


def test_sentences_end_where_they_end_and_abbreviations_do_not_end_them() -> None:
    text = (
        "Relieves pain, e.g. headache. Take approx. 30 mL. Adults take 5 mg. Then rest.\n"
        'It is "safe." Ask (see leaflet). Is it? Yes! 2.5 mg twice daily.'
    )
    assert sentences(text) == [
        "Relieves pain, e.g. headache.",
        # A dose ("30 mL.", "5 mg.") does not end a sentence, as "e.g." and "approx." do not:
        # the issue asks for that, at the price of joining a sentence that ends in a dose.
        "Take approx. 30 mL. Adults take 5 mg. Then rest.",
        'It is "safe."',
        "Ask (see leaflet).",
        "Is it?",
        "Yes!",
        "2.5 mg twice daily.",
    ]
    # Nothing is lost or changed: the sentences are the text, split at spaces.
    assert " ".join(sentences(text)).split() == text.split()


def test_units_carry_the_label_they_stand_under() -> None:
    text = (
        "**Contraindications:**\n\n* Allergy.\n* Asthma.\n\nA paragraph.\n\n"
        "* **Breastfeeding:** Avoid.\n* Plain: item.\n#### Children\nHalf the dose.\n\n"
        "* **Dose:** 5 mg/kg."
    )
    assert units(text) == [
        (
            "Contraindications:",
            "**Contraindications:**\n\n* Allergy.\n* Asthma.",  # quoted whole, label and all
            [(None, "Allergy."), (None, "Asthma.")],
        ),
        (None, "A paragraph.", [(None, "A paragraph.")]),
        (
            "Breastfeeding:",
            "**Breastfeeding:** Avoid.",
            [("Breastfeeding:", "**Breastfeeding:** Avoid.")],
        ),
        ("Plain", "Plain: item.", [("Plain", "Plain: item.")]),
        (
            "Children",
            "#### Children\nHalf the dose.\n\n* **Dose:** 5 mg/kg.",  # a heading covers all
            [(None, "Half the dose."), ("Dose:", "**Dose:** 5 mg/kg.")],
        ),
    ]


def test_the_seed_answers_as_the_issue_asks(run) -> None:
    result = run("show", "anifrolumab", "contraindications")
    assert result.exit_code == 0, result.stderr
    assert "contraindicated" in result.stdout and "previous anaphylactic reaction" in result.stdout
    assert "increased risk of serious infections" not in result.stdout
    assert "(from Precautions)" in result.stdout


def test_warfarin_pregnancy_quotes_precautions(run) -> None:
    result = run("show", "warfarin", "pregnancy", "--json")
    topic = json.loads(result.stdout)["sections"][0]
    assert topic["key"] == "pregnancy" and topic["gathered"] is True
    assert any(
        q["section"] == "precautions" and "avoided in pregnancy" in q["text"]
        for q in topic["quotes"]
    )


def test_a_written_section_comes_with_what_the_others_say(run, tmp_path: Path) -> None:
    (tmp_path / "x.md").write_text(
        "# Xdrug\n### Precautions\nIt is contraindicated in gout. Take it with water.\n"
        "### Contraindications\nNot for people with gout. It is contraindicated in gout.\n"
        "### FAQs\n* **Q: Who should not take it?** A: People with asthma must not use it.\n"
    )
    data = json.loads(run("show", "xdrug", "ci", "--json", "--dir", str(tmp_path)).stdout)
    # In document order; a sentence the written section already holds is not repeated
    # (here the Precautions one is the same words, so only the FAQ is gathered).
    assert data["sections"] == [
        {
            "key": "contraindications",
            "title": "Contraindications",
            "component": None,
            "text": "Not for people with gout. It is contraindicated in gout.",
        },
        {
            "key": "contraindications",
            "title": "Contraindications",
            "gathered": True,
            "quotes": [
                {
                    "section": "faqs",
                    "title": "FAQs",
                    "text": "**Q: Who should not take it?** A: People with asthma must not use it.",
                }
            ],
        },
    ]


def test_nothing_found_says_so(run, collection: Path) -> None:
    result = run("show", "plainol", "breastfeeding", "--dir", str(collection))
    assert result.exit_code == 1
    assert result.stderr == "Error: Plainol: nothing about breastfeeding found\n"
    both = run("show", "alphacillin", "dose", "lactation", "--dir", str(collection))
    assert both.exit_code == 0 and "500 mg" in both.stdout
    assert "Alphacillin: nothing about breastfeeding found" in both.stderr


@pytest.mark.parametrize("fmt", ["rich", "plain", "json", "markdown"])
def test_every_format_names_the_source_section(run, fmt: str) -> None:
    result = run("show", "warfarin", "interactions", "--format", fmt, env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.stderr
    assert "Precautions" in result.stdout
    assert "Medicines that change the INR" in result.stdout


@pytest.mark.parametrize(
    "word",
    [
        "ci",
        "contraindicated",
        "drug interactions",
        "lactation",
        "nursing",
        "kidney",
        "liver",
        "paediatric",
        "pediatric",
        "geriatric",
        "overdosage",
        "missed",
    ],
)
def test_natural_words_select_topics(word: str) -> None:
    from medinfo.sections import user_key

    assert user_key(word) in TOPIC_KEYS


# Stricter than the rules: what a reader would call naming the subject.
SUBJECT = {
    "pregnancy": re.compile(r"pregnan", re.I),
    "breastfeeding": re.compile(r"breast|lactation|nursing", re.I),
    "renal": re.compile(r"kidney|renal|(?-i:eGFR|CrCl)|creatinine|dialysis", re.I),
    "hepatic": re.compile(r"liver|hepat", re.I),
}


@pytest.mark.parametrize(
    "path",
    sorted([*BUNDLED.glob("*.md"), *FIXTURES.rglob("*.md")]),
    ids=lambda path: path.name,
)
def test_quotes_stand_word_for_word_in_their_section(path: Path) -> None:
    monograph = read_path(path)
    texts: dict[str, list[str]] = {}
    for section in monograph.sections:
        texts.setdefault(section.label, []).append(section.text)
    for key in TOPIC_KEYS:
        found = gather(monograph, key)
        for quote in found.quotes if found else []:
            # Within one section's text (with the emphasis it opens or closes at its ends):
            # a quote never runs across two sections.
            # A table's quote is its caption, header and some of its rows, and a list's is
            # its lead-in and some of its items: each line as written.
            lines = "\n|---" in quote.text or re.search(r"\n {0,3}(?:[-*+]|\d+[.)]) ", quote.text)
            pieces = quote.text.split("\n") if lines else [quote.text]
            for piece in pieces:
                assert any(piece.strip("*_") in text for text in texts[quote.title]), (
                    key,
                    quote.text,
                )
            if key in SUBJECT:
                assert SUBJECT[key].search(quote.text), (key, quote.text)
    says = " ".join(s.text for s in monograph.sections if s.key != "disclaimer")
    if re.search(r"contraindicated", says, re.I):
        assert gather(monograph, "contraindications") is not None


def test_a_written_topic_section_is_whole_and_first_in_its_place(isolated: Path) -> None:
    from medinfo.answers import Gathered
    from medinfo.model import Section
    from medinfo.topics import answer

    warfarin = Library().show("warfarin")
    chosen, missing = answer(warfarin, ["boxed_warning", "overdose", "storage"])
    assert isinstance(chosen[0], Section) and chosen[0].key == "boxed_warning"
    # Overdose has no section of its own: "Vitamin K is the antidote." is gathered.
    overdose = [part for part in chosen if isinstance(part, Gathered)]
    assert any("antidote" in quote.text for part in overdose for quote in part.quotes)
    assert missing == ["storage"]  # a topic the monograph says nothing about


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Avoid St. John's wort. Take it daily.", ["Avoid St. John's wort.", "Take it daily."]),
        ("Approved in the U.S. Food rules apply.", ["Approved in the U.S. Food rules apply."]),
        (
            "**Avoid in pregnancy.** Take it with food.",
            ["**Avoid in pregnancy.**", "Take it with food."],
        ),
        ("It is \u201csafe.\u201d Then stop.", ["It is \u201csafe.\u201d", "Then stop."]),
        (
            "Check kidneys. eGFR below 30 needs care.",
            ["Check kidneys.", "eGFR below 30 needs care."],
        ),
        ("Take 2.5 mg twice daily. No food.", ["Take 2.5 mg twice daily.", "No food."]),
    ],
)
def test_odd_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_shapes_real_collections_use(tmp_path: Path) -> None:
    from medinfo.readers import read_markdown

    m = read_markdown(
        "# Odd\n### Pregnancy and lactation\nAvoid.\n\n### Precautions\n"
        "**Contraindicated in:**\n\nPatients with gout.\n\n### FAQs\n"
        "**Q: Can I take it while breastfeeding?**\n\nA: No.\n\n"
        "It may harm childbearing plans. Blood lactate may rise. FAQ: what if I do not take it?\n",
        "odd.md",
    )
    assert [q.text for q in gather(m, "pregnancy").quotes] == ["Avoid."]  # the whole section
    assert [q.text for q in gather(m, "contraindications").quotes] == [
        "**Contraindicated in:**\n\nPatients with gout."
    ]
    assert [q.text for q in gather(m, "breastfeeding").quotes] == [
        "Avoid.",
        "**Q: Can I take it while breastfeeding?**\n\nA: No.",
    ]
    assert gather(m, "children") is None  # "childbearing" is not about children


# Issue: topics missed what monographs say. Each case below is on a fixture of our own
# (tests/fixtures/topics/quintapam.md) and failed before the rules changed.
QUINTAPAM = read_path(FIXTURES / "topics" / "quintapam.md")


def texts(key: str, monograph=QUINTAPAM) -> list[str]:
    """Return the texts of every quote a monograph gives for a topic."""
    found = gather(monograph, key)
    return [] if found is None else [quote.text for quote in found.quotes]


@pytest.mark.parametrize(
    "item",
    [
        "**Serotonin syndrome:** Risk rises with triptans, tramadol and St John's wort.",
        "**Bleeding:** Risk rises with NSAIDs such as ibuprofen, with aspirin and with warfarin.",
        "**Sedation:** Benzodiazepines and other sedatives add to drowsiness.",
        "**Absorption:** Take it 2 hours apart from antacids, iron supplements or calcium "
        "supplements.",
        "**Do not combine with:** MAO inhibitors, pimozide or thioridazine.",
        "Clopidogrel works less well with omeprazole, which quintapam does not affect.",
        # A FAQ is quoted with its question.
        "**Q: What painkiller can I take?** A: Paracetamol is preferred. "
        "Ibuprofen raises the bleeding risk.",
    ],
)
def test_an_item_naming_drugs_or_classes_is_an_interaction(item: str) -> None:
    assert item in texts("interactions")


@pytest.mark.parametrize(
    "text",
    [
        "food does not change",  # a FAQ about food
        "Unlike warfarin",  # a comparison
        "topoisomerase",  # mechanism (How it Works)
        "with lithium",  # a use, not a drug taken with it
        "more so with alcohol",  # a side effect
    ],
)
def test_food_comparisons_mechanisms_uses_and_effects_are_not_interactions(text: str) -> None:
    assert not any(text in quote for quote in texts("interactions"))


def test_mechanism_words_are_not_an_interaction_anywhere() -> None:
    from medinfo.topics import TOPICS

    interactions = TOPICS["interactions"]
    assert not interactions.takes("It interacts with topoisomerase II in dividing cells.")
    assert not interactions.takes("It interacts with serotonin receptors in the gut.")
    assert interactions.takes("It interacts with warfarin.")


def test_the_drugs_own_names_and_class_are_not_another_drug() -> None:
    from medinfo.topics import TOPICS, own_names

    own = own_names(QUINTAPAM)
    interactions = TOPICS["interactions"]
    assert not interactions.takes("Quintex is taken in the morning.", own)
    assert not interactions.takes("Antidepressants can take weeks to work.", own)
    assert interactions.takes("Do not take it with other antidepressants.", own)


def test_do_not_combine_must_not_and_should_not_are_contraindications() -> None:
    said = texts("contraindications")
    assert said == [
        "**Do not combine with:** MAO inhibitors, pimozide or thioridazine.",
        "It must not be used in severe heart failure.",
        "It should not be taken by people with porphyria.",
    ]  # and not "This information should not be used for self-medication."


def test_kidney_function_words_are_renal_and_the_egfr_receptor_is_not() -> None:
    assert texts("renal") == [
        "**Kidney impairment:** Halve the dose.",
        "Quintapam is cleared renally.",
        "If eGFR is below 30 mL/min, give it every other day.",
        "Reduce the dose when creatinine clearance (CrCl) is below 50 mL/min.",
        "People on haemodialysis take it after dialysis.",
    ]  # not "Tumours with EGFR mutations were not studied."


def test_child_pugh_is_hepatic_and_made_in_the_liver_is_not() -> None:
    assert texts("hepatic") == [
        "**Severe liver disease:** Avoid in Child-Pugh class C.",
        "It is cleared more slowly when the liver is damaged.",
    ]  # not "made in the liver", not "broken down by the liver"


def test_overdose_antidote_and_reversal_but_not_the_diet() -> None:
    assert texts("overdose") == [
        "If INR is too high, vitamin K can reverse the effect.",
        "Taking too much causes deep sleep; the antidote is flumazenil.",
        "**Q: What if I take too much?** A: Call a poison centre at once.",
    ]  # not "too much potassium" in food, not vitamin K in leafy greens


def _label(sections: list[tuple[str, str, str]]):
    """Return an FDA label's Monograph made of (key, title, text) sections."""
    from medinfo.model import Monograph, Section

    return Monograph("Renalex", "renalex.xml", sections=[Section(*section) for section in sections])


def test_a_labels_renal_answer_is_not_only_its_pharmacokinetics() -> None:
    from medinfo.answers import Gathered
    from medinfo.model import Section
    from medinfo.topics import answer

    label = _label(
        [
            ("boxed_warning", "Warning", "Lactic acidosis is more likely in renal impairment."),
            (
                "dosage",
                "Dosage and Administration",
                "#### 2.3 Recommendations for Use in Renal Impairment\n\n"
                "Assess eGFR before starting. Do not start when eGFR is 30 to 45.",
            ),
            (
                "contraindications",
                "Contraindications",
                "Severe renal impairment (eGFR below 30 mL/min/1.73 m2).",
            ),
            ("side_effects", "Adverse Reactions", "Acute renal failure occurred in 1%."),
            ("how_it_works", "Clinical Pharmacology", "Renal clearance is 3.5 times CrCl."),
            ("renal", "Renal Impairment", "The half-life is prolonged in renal impairment."),
            ("patient_info", "Medication Guide", "Tell your doctor about kidney problems."),
        ]
    )
    chosen, missing = answer(label, ["renal"])
    assert missing == []
    quoted = [q.text for part in chosen if isinstance(part, Gathered) for q in part.quotes]
    assert quoted == [
        "Lactic acidosis is more likely in renal impairment.",
        "#### 2.3 Recommendations for Use in Renal Impairment\n\n"
        "Assess eGFR before starting. Do not start when eGFR is 30 to 45.",
        "Severe renal impairment (eGFR below 30 mL/min/1.73 m2).",
    ]  # not the adverse reactions, the pharmacology or the patient leaflet
    written = [part for part in chosen if isinstance(part, Section)]
    assert [section.title for section in written] == ["Renal Impairment"]  # kept, whole


def test_an_spl_fixture_of_our_own_answers_renal_from_dosage_and_contraindications(
    run,
) -> None:
    result = run("show", "nephrolix", "renal", "--json", "--dir", str(FIXTURES / "topics"))
    assert result.exit_code == 0, result.stderr
    parts = json.loads(result.stdout)["sections"]
    said = json.dumps(parts)
    assert "Recommendations for Use in Renal Impairment: assess eGFR" in said
    assert "contraindicated in patients with an eGFR below 30" in said
    assert "half-life" in said  # the pharmacokinetic subsection is kept, but not alone
    assert "Acute kidney injury was reported" not in said  # adverse reactions


# Bundled monographs hold these phrases today (monographs/*.md); the answers must quote them.
@pytest.mark.parametrize(
    ("drug", "key", "phrases"),
    [
        (
            "sertraline",
            "interactions",
            [
                "an MAO inhibitor (including linezolid",
                "NSAIDs such as ibuprofen",
                "Risk rises with triptans, tramadol",
            ],
        ),
        (
            "tramadol",
            "interactions",
            ["**Benzodiazepines and other sedatives:**", "**Sedatives:** benzodiazepines"],
        ),
        ("clopidogrel", "interactions", ["**Omeprazole and esomeprazole:**"]),
        ("doxycycline", "interactions", ["**Antacids, iron and minerals:**"]),
        ("warfarin", "interactions", ["**Other bleeding risks:** Clopidogrel"]),
        (
            "fluoxetine",
            "contraindications",
            ["MAO inhibitors (including linezolid", "pimozide or thioridazine"],
        ),
        ("warfarin", "overdose", ["Vitamin K is the antidote."]),
        # Harm to the liver in an overdose is what a question about the liver must show.
        ("paracetamol", "hepatic", ["sometimes fatal liver damage"]),
    ],
)
def test_bundled_answers_hold_what_their_monographs_say(
    run, drug: str, key: str, phrases: list[str]
) -> None:
    result = run("show", drug, key, "--format", "plain")
    assert result.exit_code == 0, result.stderr
    for phrase in phrases:
        assert phrase in result.stdout, phrase


@pytest.mark.parametrize(
    ("drug", "key", "text"),
    [
        ("warfarin", "hepatic", "made in the liver"),
        ("lisinopril", "overdose", "raise potassium too much"),
        ("lisinopril", "overdose", "raise your level too much"),
        ("amoxicillin clavulanic acid", "interactions", "Why take it with food"),
        # Dialysis that does not remove the drug in an overdose is no kidney guidance.
        ("sertraline", "renal", "Overdose"),
    ],
)
def test_bundled_answers_leave_out_what_is_not_about_the_topic(
    run, drug: str, key: str, text: str
) -> None:
    result = run("show", drug, key, "--format", "plain")
    assert text not in result.stdout


def test_a_bold_label_covers_labelled_items_and_a_lone_bold_item_is_kept() -> None:
    text = (
        "**Adult dose (opioid overdose):**\n\n* **IV:** 0.4 mg.\n* **IM:** 0.4 mg.\n\n"
        "* **Q: What if I suspect an overdose?**\n* **A:** Call for help.\n\n"
        "* **Liver damage (with overdose)**"
    )
    assert units(text) == [
        (
            "Adult dose (opioid overdose):",
            "**Adult dose (opioid overdose):**\n\n* **IV:** 0.4 mg.\n* **IM:** 0.4 mg.",
            [("IV:", "**IV:** 0.4 mg."), ("IM:", "**IM:** 0.4 mg.")],
        ),
        (
            "Q: What if I suspect an overdose?",
            "* **Q: What if I suspect an overdose?**\n* **A:** Call for help.",
            [("A:", "**A:** Call for help.")],
        ),
        (
            "Liver damage (with overdose)",
            "* **Liver damage (with overdose)**",
            [("Liver damage (with overdose)", "**Liver damage (with overdose)**")],
        ),
    ]


# A table is a unit of its own: a quote holds whole rows under the table's header
# (tests/fixtures/topics/tabulex.md), never a sentence cut from a cell.
TABULEX = read_path(FIXTURES / "topics" / "tabulex.md")


def test_a_tables_rows_about_the_topic_are_quoted_as_a_table_with_caption_and_header() -> None:
    assert texts("renal", TABULEX) == [
        # A short table whose header is about the topic: whole, with its caption.
        "**Table 2: Dose by kidney function**\n\n"
        "| Creatinine clearance | Dose |\n|---|---|\n"
        "| above 50 mL/min | 100 mg twice daily |\n"
        "| below 50 mL/min | 50 mg twice daily. Check it yearly. |",
        # A long one: its caption, header and delimiter, then the rows about the kidneys
        # under the row that heads them.
        "**Table 3: Drugs that change the effect of tabulex**\n\n"
        "|  |  |\n|---|---|\n"
        "| **Diuretics** |  |\n"
        "| *Clinical Impact:* | Tabulex may reduce their effect. Patients with kidney disease "
        "need checks. |\n"
        "| *Intervention:* | Measure renal function<br>weekly. |",
    ]


def test_a_row_naming_a_class_brings_the_rows_it_heads() -> None:
    (quote,) = texts("interactions", TABULEX)
    rows = quote.split("\n")[4:]
    assert rows[:3] == [
        "| **Anticoagulants** |  |",
        "| *Clinical Impact:* | Bleeding risk rises. Check the INR. |",
        "| *Examples:* | warfarin, apixaban |",
    ]
    assert "| **Antacids** |  |" in rows  # and what it heads
    assert all(row.startswith("| ") and row.endswith(" |") for row in rows)


def test_spans_keep_a_table_row_whole() -> None:
    from medinfo.topics import spans

    text = "Intro. See below.\n\n| a | One. Two. |\n|---|---|\n| b | Three. Four. |"
    assert [text[start:end] for start, end in spans(text)] == [
        "Intro.",
        "See below.",
        "| a | One. Two. |",
        "| b | Three. Four. |",
    ]


# A drug's own class is not another drug (tests/fixtures/topics/zorfenac.md): its
# class comes from its name's stem, its metadata, or "like other ..." in its text.
def test_a_stem_gives_the_drugs_own_class_and_other_still_counts() -> None:
    zorfenac = read_path(FIXTURES / "topics" / "zorfenac.md")
    assert texts("interactions", zorfenac) == [
        "Do not take it with other NSAIDs such as naproxen.",
        "Taking it with warfarin raises the bleeding risk.",
    ]  # not "Avoid NSAIDs in the last three months of pregnancy."


def _plain_label(text: str, metadata: dict[str, object] | None = None):
    """Return a Markdown monograph of one Precautions section, and maybe metadata."""
    from medinfo.model import Monograph, Section

    return Monograph(
        "Plainex",
        "plainex.md",
        metadata=metadata or {},
        sections=[Section("precautions", "Precautions", text)],
    )


def test_like_other_names_the_drugs_own_class() -> None:
    said = (
        "Like other beta-blockers, plainex slows the heart. Beta-blockers should be stopped "
        "slowly. Do not take it with other beta-blockers."
    )
    assert texts("interactions", _plain_label(said)) == ["Do not take it with other beta-blockers."]


def test_a_class_in_the_metadata_brings_every_way_of_writing_it() -> None:
    said = "Avoid NSAIDs in late pregnancy. Take it with digoxin only under care."
    label = _plain_label(said, {"pharmacologic_class": ["Nonsteroidal Anti-inflammatory Drug"]})
    assert texts("interactions", label) == ["Take it with digoxin only under care."]
    assert texts("interactions", _plain_label(said)) == [
        "Avoid NSAIDs in late pregnancy.",
        "Take it with digoxin only under care.",
    ]  # without the class, "NSAIDs" is another drug


# Precision (tests/fixtures/topics/precisol.md): an item filed under another topic or
# a dose is an interaction only when it speaks of taking the drugs together; the
# kidneys and the liver in Usage, Side Effects and How it Works are not impairment.
PRECISOL = read_path(FIXTURES / "topics" / "precisol.md")


def test_an_item_of_another_topic_or_a_dose_is_an_interaction_only_when_it_says_so() -> None:
    assert texts("interactions", PRECISOL) == [
        "**With rifampin:** Double the dose.",  # labelled with a drug: an interaction
        "**Pregnancy:** Avoid. Do not take it together with warfarin in pregnancy.",
        "**Q: Can I take it with ibuprofen?** A: Yes, with care.",
    ]  # not "Acute attacks", "Overdose", "Genetic differences", the food FAQ


def test_side_effects_usage_and_physiology_are_not_kidney_or_liver_impairment() -> None:
    assert texts("renal", PRECISOL) == ["Worse kidney function in people with kidney disease"]
    assert texts("hepatic", PRECISOL) == [
        "**Liver:** The liver releases more glucose at night. People with liver disease take "
        "half the dose."
    ]  # not "the liver releases" in How it Works, nor the side effect "Liver problems"


def test_do_not_use_if_you_are_allergic_is_a_contraindication() -> None:
    assert texts("contraindications", PRECISOL) == [
        "**Allergy:** Do not use this medication if you are allergic to precisol or any of its "
        "components."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "It is used for heart failure when an ACE inhibitor such as lisinopril is unsuitable.",
        "It is used when a statin such as atorvastatin is not tolerated.",
        "Dry cough (much less often than with ACE inhibitors)",
        "Your doctor may switch you to a medicine such as losartan, which rarely causes cough.",
        "Your doctor may switch you to another statin such as atorvastatin.",
        "Take paracetamol instead.",
        "CYP2C19 poor metabolizers taking it respond less.",
    ],
)
def test_alternatives_and_enzymes_are_not_another_drug_taken_with_it(sentence: str) -> None:
    from medinfo.drugwords import names_another

    assert not names_another(sentence, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "Take paracetamol instead of ibuprofen while taking warfarin.",
        "Strong CYP3A4 inhibitors raise its levels.",
        "It is contraindicated in people allergic to it and in people taking MAO inhibitors.",
    ],
)
def test_taking_together_still_counts_beside_those_words(sentence: str) -> None:
    from medinfo.drugwords import names_another

    assert names_another(sentence, None)


def test_concomitant_use_counts_beside_an_allergy_to_the_drugs_own_class() -> None:
    from medinfo.model import Monograph, Section

    said = (
        "It is contraindicated in hypersensitivity to tetracyclines and with concomitant use "
        "of oral retinoids."
    )
    zymecycline = Monograph(
        "Zymecycline",
        "zymecycline.md",
        sections=[
            Section("usage", "Usage", "Zymecycline is a tetracycline antibiotic."),
            Section("precautions", "Precautions", said),
        ],
    )
    assert texts("interactions", zymecycline) == [said]


# Kidney and liver guidance (tests/fixtures/topics/filtrazol.md): an Overdose item or
# section, a FAQ, or a dose for an indication is quoted only when it speaks of
# impairment or a dose for it. Dialysis that removes (or does not remove) the drug in
# an overdose, what the drug treats, what the liver does to a dose and the liver's
# CYP enzymes are not kidney or liver impairment.
FILTRAZOL = read_path(FIXTURES / "topics" / "filtrazol.md")


def test_dialysis_in_an_overdose_indications_and_faqs_are_not_kidney_guidance() -> None:
    assert texts("renal", FILTRAZOL) == [
        "**Diabetic kidney disease:** 50 mg once daily.",  # a dose for a kidney disease
        "**Kidney impairment:** Severe kidney disease: do not use. In eGFR below 30, lower the "
        "dose.",
        "Filtrazol is dialyzable; give a supplemental dose after dialysis.",
        "**Monitoring:** Kidney function should be checked.",
        "Levels build up more easily in kidney impairment.",
        "**Q: Is it safe for people with kidney problems?** A: Individuals with kidney problems "
        "should use it with caution.",
    ]  # not "hemodialysis is not likely to help", "caused by kidney disease", "kidney
    # infection: 500 mg", "kidney damage" as a side effect


def test_what_the_liver_does_to_a_dose_enzymes_and_faqs_are_not_liver_guidance() -> None:
    assert texts("hepatic", FILTRAZOL) == [
        "**Liver impairment:** In liver disease, lower the dose."
    ]  # not "the liver converts part of each dose", "the liver enzyme CYP2D6", "through
    # liver enzymes", Reye's syndrome, "liver reactions are more common", "liver damage"
    # from extra doses or above the maximum dose


def test_an_allergy_and_should_avoid_using_it_is_a_contraindication() -> None:
    assert texts("contraindications", FILTRAZOL) == [
        "**Allergies:** Individuals with known allergies to filtrazol should avoid using it.",
        "It should not be used by people with a known allergy to chamomile.",
    ]


# A list item that does not stand alone (tests/fixtures/topics/leadolin.md) comes with
# the line that introduces its list, and the bold label above that line.
def test_a_list_item_is_quoted_with_its_lead_in() -> None:
    leadolin = read_path(FIXTURES / "topics" / "leadolin.md")
    assert texts("interactions", leadolin) == [
        "**Stomach bleeding warning:**\n\nThis product contains an NSAID, which may cause "
        "severe stomach bleeding. The chance is higher if the child\n\n"
        "- takes a blood thinning (anticoagulant) or steroid drug\n"
        "- takes other drugs containing prescription or nonprescription NSAIDs [aspirin, "
        "ibuprofen, naproxen, or others]",
        "Tell your doctor if you take:\n\n- warfarin",
        "Do not take it with other medicines that contain:\n\n- aspirin",  # the lead-in once
    ]
