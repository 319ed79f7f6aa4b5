"""compare and interactions: drugs side by side, and what their monographs say of each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medinfo.answers import Mentions
from medinfo.library import Library
from medinfo.mentions import drugs_of, names, pattern, quotes_in, terms_of
from medinfo.model import Section
from medinfo.pairs import Merged

FIXTURES = Path(__file__).parent / "fixtures"

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
            "boxed_warning",  # first, since a drug compared has one
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
    pairs = {
        (m["in"], about)
        for m in data["mentions"]
        for about in (m["about"], *m.get("also_in", []))  # products of one drug, quoted the same
    }
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


# -- interactions: one name and two names agree; what a quote is ------------------

INTERACTIONS = FIXTURES / "interactions"


def _pairs(mentions: Mentions) -> dict[tuple[str, str], list[str]]:
    """Return each pair of a result (in, about) with the texts quoted for it.

    A mention that stands for the products containing its drug gives each its pair.
    """
    return {
        (m.source, about): [q.text for q in m.quotes]
        for m in mentions.mentions
        for about in (m.about, *(m.also if isinstance(m, Merged) else []))
    }


def _one_name_holds_two_names(library: Library) -> None:
    """Check: the pairs two names find, with their quotes, are among those one name finds."""
    monographs = list(library.export())
    assert len(monographs) >= 2
    for subject in monographs:
        one = _pairs(library.mentions(subject.name))
        for other in monographs:
            if other is subject:
                continue
            for pair, quoted in _pairs(library.between([subject, other])).items():
                assert one.get(pair) == quoted, (subject.name, pair)


def _verbatim(library: Library) -> None:
    """Check: every quote of one-name mode is a stretch of one section of its monograph."""
    for monograph in library.export():
        texts = {m.name: [s.text for s in m.sections] for m in library.export()}
        for mention in library.mentions(monograph.name).mentions:
            for quote in mention.quotes:
                # A table's quote is its caption, header and the rows that name the drug.
                pieces = quote.text.split("\n") if "\n|" in quote.text else [quote.text]
                assert any(
                    all(piece.strip("*_") in text for piece in pieces)
                    for text in texts[mention.source]
                ), quote.text


def test_one_name_finds_every_pair_two_names_find(isolated: Path) -> None:
    library = Library([str(INTERACTIONS)], isolated).open()
    _one_name_holds_two_names(library)
    _verbatim(library)
    # Coagulin names Serotra only by its class ("SSRI antidepressants").
    assert ("Coagulin", "Serotra") in _pairs(library.mentions("coagulin"))


def test_one_name_finds_every_pair_two_names_find_in_the_bundled_collection(
    isolated: Path,
) -> None:
    # A property of the code, whatever the bundled monographs say.
    library = Library(None, isolated).open()
    _one_name_holds_two_names(library)
    _verbatim(library)


def test_interactions_of_one_name_name_a_drug_by_its_class(run) -> None:
    one = run("interactions", "coagulin", "--dir", str(INTERACTIONS), "--json")
    two = run("interactions", "coagulin", "serotra", "--dir", str(INTERACTIONS), "--json")
    assert one.exit_code == 0 and two.exit_code == 0, one.stderr + two.stderr
    both = {(m["in"], m["about"]): m["quotes"] for m in json.loads(one.stdout)["mentions"]}
    for mention in json.loads(two.stdout)["mentions"]:
        assert both[(mention["in"], mention["about"])] == mention["quotes"]
    assert both[("Coagulin", "Serotra")] == [
        {
            "section": "precautions",
            "title": "Precautions",
            "text": "**Other bleeding risks:** antiplatelets, and SSRI antidepressants.",
        }
    ]


def _between(first: str, second: str) -> dict[tuple[str, str], list[str]]:
    """Return what the fixture monographs of two drugs say of each other."""
    library = Library([str(INTERACTIONS)]).open()
    return _pairs(library.between([library.show(first), library.show(second)]))


def test_a_comparison_is_not_an_interaction() -> None:
    said = _between("xabarin", "coagulin")
    # "Unlike coagulin, ..." (Usage) and "similar to coagulin" (How it Works) compare.
    assert said[("Xabarin", "Coagulin")] == [
        "**Bleeding risk with other medicines:** aspirin and other anticoagulants such as coagulin."
    ]


def test_a_preferred_drug_that_the_sentence_goes_on_about_is_an_interaction() -> None:
    said = _between("xabarin", "paramol")
    assert said[("Xabarin", "Paramol")] == [
        "**Pain relievers:** Aspirin adds to bleeding risk. Paramol is usually preferred, "
        "but regular use can raise the INR."
    ]
    # "Paramol is usually preferred." alone, in a FAQ, is a comparison.
    assert ("Serotra", "Paramol") not in _between("serotra", "paramol")
    assert _between("coagulin", "paramol")[("Coagulin", "Paramol")] == [
        "**Medicines that change the INR:** Antibiotics can raise it. "
        "Paramol may raise it slightly."
    ]


def test_a_faq_is_quoted_with_its_question() -> None:
    said = _between("serotra", "coagulin")
    assert said[("Serotra", "Coagulin")] == [
        "**Q: Is it safe with blood thinners?** A: Tell your doctor first. "
        "Coagulin and xabarin add to bleeding risk."
    ]
    # The question alone on its line, the answer below it.
    assert _between("paramol", "coagulin")[("Paramol", "Coagulin")] == [
        "**Coagulin:** Usually the preferred pain reliever, but regular use can raise the INR.",
        "**Q: Is it safe with blood thinners?**\n\nA: Regular use can raise the INR of people on"
        " coagulin.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Unlike warfarin, it does not need regular INR blood tests.",
        "Compared with warfarin, it causes less major bleeding.",
        "In comparison to warfarin (Coumadin), fewer blood tests are needed.",
        "It is as effective as warfarin in preventing stroke.",
        "It causes less bleeding than warfarin.",
        "It is an alternative to warfarin for people who cannot have INR checks.",
        "It can be used instead of warfarin.",
        "It is often used rather than warfarin.",
        "Unlike anticoagulants such as warfarin, it does not thin the blood.",
        "A: Warfarin (Coumadin) is usually preferred.",
        "Warfarin and heparin are generally preferred in pregnancy.",
        "Warfarin is often a safer choice.",
        # An alternative when the other cannot be used, and ways of saying "instead".
        "It is used for heart failure when an anticoagulant such as warfarin is unsuitable.",
        "It is used when anticoagulants (warfarin) are not tolerated.",
        "It is for people for whom warfarin is deemed unsuitable.",
        "It is used when other treatments, like warfarin, have failed or are unsuitable.",
        "It is an option when warfarin cannot be used.",
        "Bruising (much less often than with warfarin).",
        "If the blood tests are a burden, your doctor may switch you to a medicine such as"
        " warfarin.",
        "Your doctor may switch you to another anticoagulant such as warfarin.",
        "It suits people who cannot take warfarin.",
    ],
)
def test_sentences_that_only_compare(sentence: str) -> None:
    assert not names(sentence, pattern(["Warfarin", "Coumadin"]))


@pytest.mark.parametrize(
    "sentence",
    [
        "Ibuprofen and aspirin increase stomach bleeding risk with warfarin.",
        "Warfarin is usually preferred, but regular use can raise the INR.",
        "Unlike aspirin, it adds to the bleeding risk of warfarin.",
        "Use paracetamol instead of ibuprofen if you take warfarin.",
        "Avoid NSAIDs as well as warfarin.",
        "It is safe as long as warfarin is not taken too.",
        "Warfarin is better avoided.",
        "Combining it with warfarin is riskier than either alone.",
        "Bleeding is more likely with warfarin.",
        "Avoid warfarin.",
        "Warfarin raises its levels.",
        "Do not take with warfarin.",
        "Warfarin cannot be used with it.",
        "If warfarin cannot be used together with it, stop one of them.",
        "Warfarin is unsuitable for people on it.",
        "When switching you from warfarin to it, wait until the INR is below 2.",
        "It is used when warfarin is not tolerated, but warfarin raises its levels.",
        "Bleeding is more common than with warfarin alone when the two are combined.",
    ],
)
def test_sentences_that_are_about_taking_them_together(sentence: str) -> None:
    assert names(sentence, pattern(["Warfarin", "Coumadin"]))


def test_a_preferred_drug_in_one_sentence_and_an_interaction_in_the_next() -> None:
    text = (
        "* **Q: What painkiller can I take?** A: Paracetamol is usually preferred. Ibuprofen "
        "and aspirin increase stomach bleeding risk with sertraline, so ask your pharmacist first."
    )
    faq = [Section("faqs", "FAQs", text)]
    assert quotes_in(faq, pattern(["Paracetamol"])) == []
    [quote] = quotes_in(faq, pattern(["Ibuprofen"]))
    assert quote.text == text[2:]  # the FAQ with its question, from "**Q:" on


def test_a_name_both_drugs_share_is_the_monographs_own(isolated: Path, tmp_path: Path) -> None:
    (tmp_path / "alphadol.md").write_text(
        "# Alphadol\n### Precautions\nAlphadol may cause drowsiness. Avoid betamol.\n"
    )
    (tmp_path / "combo.md").write_text("# Alphadol + Betamol\n### Usage\nPain.\n")
    library = Library([str(tmp_path)], isolated).open()
    said = _pairs(library.mentions("alphadol"))
    # "betamol" names the combination; "Alphadol may cause drowsiness" is about itself.
    assert said == {("Alphadol", "Alphadol + Betamol"): ["Avoid betamol."]}


def test_an_alternative_is_not_quoted_as_an_interaction(isolated: Path, tmp_path: Path) -> None:
    (tmp_path / "sartanol.md").write_text(
        "---\ntitle: Sartanol\ndrug_class: Angiotensin receptor blocker (ARB)\n---\n"
        "### Usage\nIt is used for heart failure when an ACE inhibitor such as pritolin is"
        " unsuitable.\n### Side Effects\n* Dry cough (much less often than with ACE"
        " inhibitors).\n### Precautions\n**ACE inhibitors:** Avoid pritolin; it raises"
        " potassium.\n"
    )
    (tmp_path / "pritolin.md").write_text(
        "---\ntitle: Pritolin\ndrug_class: ACE inhibitor\n---\n"
        "### FAQs\n* **Q: What if I get a cough?** A: Your doctor may switch you to a medicine"
        " such as sartanol.\n"
    )
    library = Library([str(tmp_path)], isolated).open()
    said = _pairs(library.between([library.show("sartanol"), library.show("pritolin")]))
    assert said == {
        ("Sartanol", "Pritolin"): ["**ACE inhibitors:** Avoid pritolin; it raises potassium."]
    }


# -- interactions of FDA labels: by drug, not by label ----------------------------

LABELS = FIXTURES / "interactions-labels"


def test_two_labels_of_one_drug_are_no_pair(isolated: Path) -> None:
    # A salt and its base, each naming the other: one drug.
    library = Library([str(LABELS)], isolated).open()
    pairs = _pairs(library.mentions("velmorin"))
    assert pairs and all(
        not ("Velmorin" in source and "Velmorin" in about) for source, about in pairs
    )
    base = library.show("velmorin", labeler="Base Pharma")
    salt = library.show("velmorin", labeler="V Labs")
    assert library.between([base, salt]).mentions == []


def test_one_name_says_each_other_drug_once(run) -> None:
    result = run("interactions", "velmorin", "--dir", str(LABELS), "--json")
    assert result.exit_code == 0, result.stderr
    mentions = json.loads(result.stdout)["mentions"]
    # Velmorin is its label `show` picks; Darafen's three labels name it: said once,
    # from Darafen's first label, with the others counted, not repeated.
    assert [(m["in"], m["about"]) for m in mentions] == [
        ("Velmorin Hydrochloride", "Darafen"),
        ("Darafen", "Velmorin Hydrochloride"),
    ]
    assert (
        mentions[0]["quotes"][0]["text"] == "Darafen raises velmorin levels; monitor blood sugar."
    )
    darafen = mentions[1]
    assert darafen["quotes"][0]["text"] == "Velmorin: darafen raises its levels."
    assert (darafen["same_in_other_labels"], darafen["otherwise_in_other_labels"]) == (1, 1)
    plain = run("interactions", "velmorin", "--dir", str(LABELS), "--format", "plain").stdout
    assert (
        "## Darafen on Velmorin Hydrochloride (and 1 other darafen label says the same;"
        " 1 says it in other words) (from Drug interactions)"
    ) in plain


def test_one_name_finds_what_two_names_find_of_labels(isolated: Path) -> None:
    """Two names on labels are each drug's label as `show` picks it: one name finds the same."""
    library = Library([str(LABELS)], isolated).open()
    drug = {m.name: min(drugs_of(m)) for m in library.export()}  # a label's drug, by its name

    def by_drug(mentions: Mentions) -> dict[tuple[str, str], list[str]]:
        return {(drug[s], drug[a]): quoted for (s, a), quoted in _pairs(mentions).items()}

    names = ("velmorin", "darafen", "painaway")  # Painaway: a label of Darafen, not its first
    for first in names:
        one = by_drug(library.mentions(first))
        for second in names:
            two = by_drug(library.between([library.show(first), library.show(second)]))
            for pair, quoted in two.items():
                assert pair in one, (first, second, pair)
                if second != "painaway":  # what Painaway says otherwise is counted, not shown
                    assert set(quoted) <= set(one[pair]), (first, second, pair)
    # A label of a drug is named by the drug's name without its salt: "velmorin".
    assert _pairs(library.between([library.show("darafen"), library.show("velmorin")])) == {
        ("Velmorin Hydrochloride", "Darafen"): [
            "Darafen raises velmorin levels; monitor blood sugar."
        ],
        ("Darafen", "Velmorin Hydrochloride"): ["Velmorin: darafen raises its levels."],
    }


def test_a_drug_is_named_without_its_salt_and_a_label_by_its_generic_parts() -> None:
    assert "Metformin" in terms_of("Metformin Hydrochloride", [], None)
    assert "Metformin" in terms_of("Glucoform", ["Metformin HCl ER"], None, label=True)
    # A name that starts with a salt word stays whole: "Calcium" is not the drug.
    assert terms_of("Calcium Carbonate", [], None) == ["Calcium Carbonate"]
    # A label's title is a brand: its parts are those of its generic names.
    brand = terms_of(
        "Aleve-D Sinus and Headache",
        ["Naproxen sodium and pseudoephedrine hydrochloride"],
        None,
        label=True,
    )
    assert "Headache" not in brand
    assert {"Naproxen", "pseudoephedrine"} <= set(brand)
    listed = terms_of("Nightrelief", ["diphenhydramine citrate, ibuprofen"], None, label=True)
    assert "ibuprofen" in listed
    assert "Codeine" in terms_of("Paracetamol + Codeine", [], None)  # a monograph's own name


KIN = FIXTURES / "interactions-kin"


def test_a_label_naming_a_class_names_each_drug_of_it(isolated: Path) -> None:
    # Labels have no `drug_class`: zelofenac and barprofen are NSAIDs by their stems.
    library = Library([str(KIN)], isolated).open()
    pairs = _pairs(library.between([library.show("barprofen"), library.show("zelofenac")]))
    contraindicated = (
        "Barprofen is contraindicated in patients currently receiving aspirin or NSAIDs"
        " because of the cumulative risk of ulcers."
    )
    # Its own kind ("NSAIDs, including barprofen, can cause", "Like other NSAIDs") is not
    # another drug; "NSAIDs and warfarin" is the class with a third drug.
    assert pairs == {
        ("Barprofen", "Zelofenac Sodium"): [contraindicated],
        ("Zelofenac Sodium", "Barprofen"): [
            "Avoid concomitant use of zelofenac with other NSAIDs."
        ],
    }
    one = _pairs(library.mentions("zelofenac"))
    assert one[("Coumarol", "Zelofenac Sodium")] == [
        "Anti-inflammatory painkillers taken with coumarol raise the bleeding risk."
    ]
    # One name finds what two names find, by drug (Neobar is a label of barprofen).
    drug = {m.name: min(drugs_of(m)) for m in library.export()}
    for first in ("barprofen", "zelofenac", "zelopak", "coumarol"):
        one_of = {(drug[s], drug[a]) for s, a in _pairs(library.mentions(first))}
        for second in ("barprofen", "zelofenac", "zelopak", "coumarol"):
            two = library.between([library.show(first), library.show(second)])
            assert {(drug[s], drug[a]) for s, a in _pairs(two)} <= one_of, (first, second)
    _verbatim(library)


def test_a_salt_of_amino_acid_is_the_same_drug(isolated: Path) -> None:
    # Neobar is barprofen lysine: a label of barprofen, never a pair with it.
    library = Library([str(KIN)], isolated).open()
    assert "barprofen" in drugs_of(library.show("neobar"))
    assert library.between([library.show("barprofen"), library.show("neobar")]).mentions == []
    assert all("Neobar" not in pair for pair in _pairs(library.mentions("barprofen")))


def test_a_kit_that_contains_the_drug_says_nothing_of_it_as_another(isolated: Path) -> None:
    library = Library([str(KIN)], isolated).open()
    kit, drug = library.show("zelopak"), library.show("zelofenac")
    # "Zelofenac may cause bleeding" in the kit; "other NSAIDs" in zelofenac's label.
    assert library.between([kit, drug]).mentions == []
    one = _pairs(library.mentions("zelofenac"))
    assert ("Zelopak", "Zelofenac Sodium") not in one
    assert ("Zelofenac Sodium", "Zelopak") not in one
    # What it says of another drug still counts.
    assert _pairs(library.mentions("zelopak"))[("Zelopak", "Barprofen")] == [
        "Do not take barprofen with this kit."
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Barprofen should not be given to patients who have had asthma after taking aspirin.",
        "Patients who had an allergic reaction with aspirin should not take barprofen.",
        "Aspirin sensitivity: bronchospasm may follow.",
        "It is contraindicated in aspirin-sensitive asthma.",
        "Patients with bronchospastic reactivity to aspirin should not take it.",
    ],
)
def test_an_allergy_to_a_drug_is_not_an_interaction(sentence: str) -> None:
    assert not names(sentence, pattern(["aspirin"]))


def test_an_allergy_said_with_taking_them_together_is_an_interaction() -> None:
    sentence = "Patients allergic to penicillin who take aspirin concomitantly may bleed."
    assert names(sentence, pattern(["aspirin"]))


TABLE = """**In Vivo Assessment of Drug Interactions**

**Table 5: Effect of Coadministered Drug on Velmorin**

|  |  |  |
|---|---|---|
| **Coadministered Drug** | **Dose** | **AUC ratio** |
| **No dosing adjustments required for the following:** |  |  |
| Coagulin | 5 mg | 0.91 |
| Darafen | 400 mg | 1.05 |
| Serotra | 10 mg | 1.16 |"""


def test_a_quote_from_a_table_is_a_table_with_its_caption_and_header() -> None:
    found = quotes_in(
        [Section("clinical_pharmacology", "Clinical pharmacology", TABLE)], pattern(["Darafen"])
    )
    assert [quote.text for quote in found] == [
        "**In Vivo Assessment of Drug Interactions**\n\n"
        "**Table 5: Effect of Coadministered Drug on Velmorin**\n\n"
        "|  |  |  |\n|---|---|---|\n"
        "| **Coadministered Drug** | **Dose** | **AUC ratio** |\n"
        "| **No dosing adjustments required for the following:** |  |  |\n"
        "| Darafen | 400 mg | 1.05 |"
    ]


def test_products_containing_a_drug_quoted_the_same_are_one_heading(run) -> None:
    # Coumarol's sentence names Zelofenac and the Zelopak kit (zelofenac and capsaicin).
    result = run("interactions", "coumarol", "--dir", str(KIN), "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("Anti-inflammatory painkillers taken with coumarol") == 2
    assert "## Coumarol on Zelofenac Sodium (also in: Zelopak) (from Drug interactions)" in (
        result.stdout
    )
    assert "## Coumarol on Barprofen (from Drug interactions)" in result.stdout  # another drug
    data = json.loads(run("interactions", "coumarol", "--dir", str(KIN), "--json").stdout)
    assert [m.get("also_in") for m in data["mentions"]] == [None, ["Zelopak"]]
