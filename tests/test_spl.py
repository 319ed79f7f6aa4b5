"""FDA labels (SPL XML and DailyMed zips) read as monographs, beside Markdown ones."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from medinfo.errors import ParseError
from medinfo.model import Monograph
from medinfo.readers import read_bytes
from medinfo.readers.spl import parse_spl

SPL = Path(__file__).parent / "fixtures" / "spl"
ZOLVEXA = parse_spl((SPL / "zolvexa.xml").read_bytes(), "zolvexa.xml")


def section(key: str, n: int = 0) -> str:
    """Return the text of the n-th section of a key in the fixture label."""
    return [s.text for s in ZOLVEXA.sections if s.key == key][n]


def test_sections_by_loinc_code_at_any_depth() -> None:
    assert [(s.key, s.title) for s in ZOLVEXA.sections] == [
        ("boxed_warning", "Boxed Warning"),  # untitled: the code's standard title
        ("usage", "Indications and usage"),
        ("dosage", "Dosage and administration"),  # its renal subsection stays in it
        ("contraindications", "Contraindications"),
        ("precautions", "Warnings and precautions"),
        ("interactions", "Drug Interactions"),  # nested, with a code of its own
        ("pregnancy", "8.1 Pregnancy"),  # a title given twice keeps its number, if it has one
        ("pregnancy", "Pregnancy"),  # the same code twice: both kept
        ("overdose", "Overdosage"),
    ]


def test_highlights_are_skipped_and_subsections_stay_in_their_parent() -> None:
    assert "HIGHLIGHT ONLY" not in json.dumps(ZOLVEXA.to_dict())
    assert section("precautions") == (
        "**5.1 Hepatotoxicity**\n\nMonitor ALT monthly. Stop if jaundice occurs."
    )


def test_text_becomes_markdown() -> None:
    dosage = section("dosage")
    assert "the dose is 10 mg/m² in children." in dosage  # a superscript
    assert section("contraindications") == (
        "1. Known hypersensitivity to zolvexamine.\n2. Severe liver disease."
    )
    assert section("boxed_warning").startswith("**WARNING: SERIOUS LIVER INJURY**")
    assert section("overdose") == (
        "Call a poison center. See [poison help](https://example.org/poison).\nSecond line."
    )


def test_tables_stay_tables_with_spans_caption_and_footnotes() -> None:
    assert (
        "**Table 1: Dose by weight**\n\n"
        "| Weight | Dose |  |\n"
        "|---|---|---|\n"
        "| Under 50 kg | 12.5 mg | once daily |\n"
        "|  | 25 mg | if tolerated |\n"  # under a row span
        "| 50 kg \\| over | 25 mg | once daily |\n"
        "\nDoses are for tablets.\n\n"  # the footnote, below the table
        "**2.2 Dosage in Renal Impairment**\n\n"  # Dosage keeps its renal subsection
    ) in section("dosage")


def test_metadata_under_the_design_keys() -> None:
    assert ZOLVEXA.name == "Zolvexa XR"
    assert ZOLVEXA.aliases == ["zolvexamine hydrochloride"]
    assert ZOLVEXA.source == "spl"
    assert ZOLVEXA.metadata == {
        "set_id": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "version": "7",
        "effective_date": "2023-04-15",
        "kind": "prescription",
        "labeler": "Fixture Pharma Inc",
        "brand_names": ["Zolvexa XR"],
        "generic_names": ["zolvexamine hydrochloride"],
        "active_ingredients": [{"name": "Zolvexamine Hydrochloride", "strength": "25 mg"}],
        "dosage_forms": ["Tablet, extended release"],
        "routes": ["Oral"],
        "ndc": ["12345-678"],
        "inactive_ingredients": [
            {
                "product": "Zolvexa XR",
                "strength": "25 mg",
                "ndc": "12345-678",
                "ingredients": ["LACTOSE"],
            }
        ],
    }


def test_otc_drug_facts() -> None:
    label = parse_spl((SPL / "coughfix.xml").read_bytes(), "coughfix.xml")
    assert label.metadata["kind"] == "otc"
    assert [s.key for s in label.sections] == [
        "generic_name",
        "usage",
        "usage",
        "contraindications",
        "interactions",
        "dosage",
    ]


def _zipped(xml: bytes, name: str = "label.xml") -> bytes:
    """Return a DailyMed-like zip holding an XML label and an image."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, xml)
        archive.writestr("image.jpg", b"\xff\xd8 not really an image")
    return buffer.getvalue()


def test_a_dailymed_zip() -> None:
    label = read_bytes(_zipped((SPL / "coughfix.xml").read_bytes()), "coughfix.zip")
    assert label.name == "Coughfix"


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<document xmlns="urn:hl7-org:v3"><title>&lol2;</title></document>'
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<document xmlns="urn:hl7-org:v3"><title>&x;</title></document>'
)

# A full billion laughs (10^9 "lol"s): refused before any of it is expanded.
FULL_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY l0 "lol">'
    + b"".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">'.encode() for n in range(1, 10))
    + b']><document xmlns="urn:hl7-org:v3"><title>&l9;</title></document>'
)
PARAMETER = (
    b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "http://example.invalid/x.dtd">%p;]>'
    b'<document xmlns="urn:hl7-org:v3"/>'
)
EXTERNAL_DTD = b'<!DOCTYPE document SYSTEM "file:///etc/passwd"><document/>'
# A DOCTYPE may follow a long comment; it is still seen before the root.
LATE_DOCTYPE = b"<!--" + b"x" * 200_000 + b"-->" + BILLION_LAUGHS[21:]
UTF16_LAUGHS = BILLION_LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (BILLION_LAUGHS, "unsafe XML refused"),
        (FULL_LAUGHS, "unsafe XML refused"),
        (EXTERNAL, "unsafe XML refused"),
        (PARAMETER, "unsafe XML refused"),
        (EXTERNAL_DTD, "unsafe XML refused"),
        (LATE_DOCTYPE, "unsafe XML refused"),
        (UTF16_LAUGHS.decode().encode("utf-16"), "unsafe XML refused"),
        (UTF16_LAUGHS.decode().encode("utf-16-le"), "unsafe XML refused"),  # no BOM
        # A DOCTYPE after many megabytes: refused before expat reads any of it, when
        # expat would have expanded entities up to 100 times the bytes before it.
        (b"<!--" + b"x" * 3_000_000 + b"-->" + BILLION_LAUGHS[21:], "unsafe XML refused"),
        # An encoding in which "<!DOCTYPE" is not written as in ASCII cannot be checked.
        (
            b'<?xml version="1.0" encoding="cp037"?>' + "<!DOCTYPE d []>".encode("cp037"),
            "unsupported XML encoding: cp037",
        ),
        (b"<document xmlns='urn:hl7-org:v3'><title>&x;</title></document>", "undefined entity"),
        (b"<document xmlns='urn:hl7-org:v3'><title>unclosed", "malformed XML"),
        (b"<rss><channel/></rss>", "not an SPL document: its root is <rss>"),
        (b"<document xmlns='urn:hl7-org:v3'/>", "without a structured body"),
    ],
)
def test_bad_xml_is_refused_with_its_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_spl(data, "bad.xml")


def test_a_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("label.xml", b"<a>" + b" " * 10_000_000 + b"</a>")
    with pytest.raises(ParseError, match="expands too much"):
        read_bytes(buffer.getvalue(), "bomb.zip")


def test_labels_beside_markdown_in_one_collection(run, collection: Path, tmp_path: Path) -> None:
    shutil.copy(SPL / "zolvexa.xml", collection / "zolvexa.xml")
    (collection / "coughfix.zip").write_bytes(_zipped((SPL / "coughfix.xml").read_bytes()))
    (collection / "laughs.xml").write_bytes(BILLION_LAUGHS)
    (collection / "feed.xml").write_bytes(b"<rss/>")
    (collection / "broken.zip").write_bytes(b"PK not a zip")
    listed = run("list", "--dir", str(collection))
    assert listed.exit_code == 0
    assert "Zolvexa XR" in listed.stdout and "Coughfix" in listed.stdout
    assert "Alphacillin" in listed.stdout  # the Markdown ones are still there
    for bad in ("laughs.xml", "feed.xml", "broken.zip"):
        assert bad in listed.stderr
    assert "Traceback" not in listed.stderr
    ci = run("show", "zolvexa", "contraindications", "--dir", str(collection))
    assert ci.exit_code == 0 and "Known hypersensitivity to zolvexamine." in ci.stdout
    data = json.loads(
        run("show", "zolvexamine hydrochloride", "--json", "--dir", str(collection)).stdout
    )
    assert data["source"] == "spl" and data["metadata"]["labeler"] == "Fixture Pharma Inc"
    hits = run("search", "jaundice", "--dir", str(collection), "--json")
    assert [hit["name"] for hit in json.loads(hits.stdout)["hits"]] == ["Zolvexa XR"]


def _relabel(xml: bytes, labeler: str, kind: str, date: str, set_id: str) -> bytes:
    """Return the fixture label as another labeler's label of the same drug."""
    text = xml.decode()
    text = text.replace("Fixture Pharma Inc", labeler).replace("20230415", date)
    text = text.replace("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee", set_id)
    if kind == "otc":
        text = text.replace('code="34391-3"', 'code="34390-5"')
    return text.encode()


def test_many_labels_of_one_drug(run, tmp_path: Path) -> None:
    xml = (SPL / "zolvexa.xml").read_bytes()
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "a.xml").write_bytes(_relabel(xml, "Old Rx Labs", "rx", "20190101", "1" * 8))
    (folder / "b.xml").write_bytes(_relabel(xml, "New Rx Labs", "rx", "20220101", "2" * 8))
    (folder / "c.xml").write_bytes(_relabel(xml, "Newest OTC Co", "otc", "20240101", "3" * 8))
    shown = run("show", "zolvexa xr", "--json", "--dir", str(folder))
    assert json.loads(shown.stdout)["metadata"]["labeler"] == "New Rx Labs"  # Rx, then newest
    assert "2 other labels of 'zolvexa xr' (3 in all)" in shown.stderr
    picked = run("show", "zolvexa xr", "--labeler", "otc co", "--json", "--dir", str(folder))
    assert json.loads(picked.stdout)["metadata"]["labeler"] == "Newest OTC Co"
    by_id = run("show", "11111111", "--json", "--dir", str(folder))
    assert json.loads(by_id.stdout)["metadata"]["labeler"] == "Old Rx Labs"
    listed = json.loads(run("list", "zolvexa xr", "--json", "--dir", str(folder)).stdout)
    assert sorted((e["labeler"], e["kind"], e["effective_date"]) for e in listed) == [
        ("New Rx Labs", "prescription", "2022-01-01"),
        ("Newest OTC Co", "otc", "2024-01-01"),
        ("Old Rx Labs", "prescription", "2019-01-01"),
    ]
    # In a pipe too, each label says which it is; the names alone are the first column.
    piped = run("list", "zolvexa", "--dir", str(folder)).stdout.splitlines()
    assert sorted(line.split("\t") for line in piped)[0] == [
        "Zolvexa XR",
        "New Rx Labs",
        "prescription",
        "2022-01-01",
        "22222222",
        "Oral",
        "Tablet, extended release",
    ]
    only = run("list", "--labeler", "old rx", "--dir", str(folder))
    row = "Zolvexa XR\tOld Rx Labs\tprescription\t2019-01-01\t11111111"
    assert only.stdout == row + "\tOral\tTablet, extended release\n"
    missing = run("show", "zolvexa xr", "--labeler", "nobody", "--dir", str(folder))
    assert missing.exit_code == 1 and "from a labeler named 'nobody'" in missing.stderr


def _reads_back(label: Monograph) -> None:
    """Assert that a label written as Markdown reads back to the same sections and names."""
    import contextlib

    from medinfo.readers import read_markdown
    from medinfo.render import Options
    from medinfo.render import markdown as markdown_out

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        markdown_out.show(label, label.sections, True, Options("markdown", False))
    again = read_markdown(out.getvalue(), label.path.replace(".xml", ".md"))
    assert [(s.key, s.title, s.component, s.text) for s in again.sections] == [
        (s.key, s.title, s.component, s.text) for s in label.sections
    ]
    assert (again.name, again.aliases) == (label.name, label.aliases)
    assert {k: v for k, v in again.metadata.items() if k != "aliases"} == label.metadata


@pytest.mark.parametrize("name", ["zolvexa.xml", "coughfix.xml"])
def test_markdown_out_reads_back_to_the_same_sections(name: str) -> None:
    _reads_back(parse_spl((SPL / name).read_bytes(), name))


# Label text that Markdown would read as structure: a footnote mark "#" opening a
# line, a rule of dashes or a lone dash under a line (a heading underline), an empty
# list item, and an item that holds only a list.
AWKWARD = (
    "Cough suppressant</paragraph>"
    "<paragraph># Scale from 0 (best) to 100 (worst).</paragraph>"
    "<paragraph>comply with applicable regulations<br/>----------</paragraph>"
    "<paragraph>(see<br/>-<br/>Warnings)</paragraph><paragraph>===</paragraph>"
    "<paragraph>~~~ see below ~~~</paragraph><paragraph>```</paragraph>"
    "<paragraph>#331 and <content styleCode='bold'>-</content></paragraph>"
    "<list><item>before use</item><item/><item><list><item>only nested</item></list></item></list>"
    "<paragraph>the end"
)


def test_label_text_that_looks_like_markdown_structure_stays_text() -> None:
    xml = (SPL / "coughfix.xml").read_text().replace("Cough suppressant", AWKWARD)
    label = parse_spl(xml.encode(), "awkward.xml")
    purpose = next(s for s in label.sections if s.title == "Purpose")
    assert "\\# Scale from 0" in purpose.text
    assert "\\----------" in purpose.text and "(see\n\\-\nWarnings)" in purpose.text
    assert "- before use\n- only nested" in purpose.text  # no bare "-" line
    assert "\\~~~ see below" in purpose.text and "\\```" in purpose.text  # no code fence
    assert "#331 and -\n" in purpose.text  # neither a heading nor a rule; no bold "-" alone
    _reads_back(label)


def test_a_set_id_cannot_forge_a_listing_row(run, tmp_path: Path) -> None:
    xml = (SPL / "coughfix.xml").read_text()
    forged = xml.replace(
        'root="99999999-8888-7777-6666-555555555555"',
        'root="1111&#10;Evil&#9;otc&#9;2099-01-01&#9;fake"',
    )
    assert forged != xml
    (tmp_path / "c.xml").write_text(forged)
    listed = run("list", "coughfix", "--dir", str(tmp_path))
    assert listed.stdout.count("\n") == 1 and listed.stdout.count("\t") == 6


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b'<?xml version="1.0" encoding="ebcdic-xx"?><document/>', "unsupported XML encoding"),
        (b'<?xml version="1.0" encoding="utf-7"?><document/>', "unsupported XML encoding"),
        (
            b"<document xmlns='urn:hl7-org:v3'>" + b"<a>" * 5000 + b"</a>" * 5000 + b"</document>",
            "without a structured body",
        ),
    ],
)
def test_odd_encodings_and_depth_are_refused_clearly(data: bytes, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        read_bytes(data, "odd.xml")


def test_deep_nesting_in_text_is_refused_clearly() -> None:
    xml = (SPL / "coughfix.xml").read_text()
    deep = "<content>" * 3000 + "x" + "</content>" * 3000
    xml = xml.replace("Cough suppressant", deep)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse_spl(xml.encode(), "deep.xml")


def test_a_damaged_zip_is_refused_clearly() -> None:
    data = bytearray(_zipped((SPL / "coughfix.xml").read_bytes()))
    data[60:90] = b"\x00" * 30  # damage the compressed label
    with pytest.raises(ParseError, match="zip"):
        read_bytes(bytes(data), "damaged.zip")


def test_huge_spans_are_capped() -> None:
    xml = (SPL / "zolvexa.xml").read_text().replace('colspan="2"', 'colspan="2000000"')
    label = parse_spl(xml.encode(), "wide.xml")
    widest = max(len(line) for s in label.sections for line in s.text.split("\n"))
    assert widest < 10_000


def test_strength_per_volume() -> None:
    xml = (
        (SPL / "zolvexa.xml")
        .read_text()
        .replace('<denominator value="1" unit="1"/>', '<denominator value="5" unit="mL"/>')
    )
    label = parse_spl(xml.encode(), "liquid.xml")
    assert label.metadata["active_ingredients"] == [
        {"name": "Zolvexamine Hydrochloride", "strength": "25 mg per 5 mL"}
    ]


def test_a_date_that_is_not_a_date_does_not_break_the_choice(run, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\ntitle: Zorbex\neffective_date: March 2020\n---\n# Z\n")
    (tmp_path / "b.md").write_text("---\ntitle: Zorbex\neffective_date: 2021-01-01\n---\n# Z\n")
    result = run("show", "zorbex", "--json", "--dir", str(tmp_path))
    assert result.exit_code == 0 and "1 other monograph matches" in result.stderr


# A label with what real labels hold and the reader once showed wrongly: sub- and
# superscripts in list items, cells and captions; line breaks in cells pairing the
# lines of two cells; items with their own markers; keyed subsections between others;
# sections whose LOINC code contradicts their title.
TABULEX = parse_spl((SPL / "tabulex.xml").read_bytes(), "tabulex.xml")


def tabulex(key: str) -> str:
    """Return the text of the first section of a key in the Tabulex label."""
    return next(s.text for s in TABULEX.sections if s.key == key)


def test_superscripts_and_subscripts_everywhere() -> None:
    assert "below 1.5 x 10⁹/L." in tabulex("precautions")  # in a list item
    assert "- Do not start if eGFR is below 45 mL/min/1.73 m²." in tabulex("dosage")
    assert "| - Body surface 1.73 m² |" in tabulex("interactions")  # a list in a cell
    assert tabulex("interactions").startswith("**Table 8: Statins with tabulexine, area in m²**")
    assert "(Cₘₐₓ were higher)" in tabulex("precautions")  # not "C_maxwere"


def test_line_breaks_in_cells_are_kept() -> None:
    assert (
        "| Lomitapide<br>Lovastatin<br>Atorvastatin "
        "| Contraindicated<br>Contraindicated<br>Use With Caution |"
    ) in tabulex("interactions")


def test_line_breaks_in_cells_in_plain_text_and_json(run, tmp_path: Path) -> None:
    shutil.copy(SPL / "tabulex.xml", tmp_path / "tabulex.xml")
    plain = run("show", "tabulex", "interactions", "--format", "plain", "--dir", str(tmp_path))
    assert plain.exit_code == 0
    rows = plain.stdout.splitlines()
    assert "| Lomitapide | Contraindicated |" in rows
    assert "| Atorvastatin | Use With Caution |" in rows
    assert "<br>" not in plain.stdout
    data = json.loads(
        run("show", "tabulex", "interactions", "--json", "--dir", str(tmp_path)).stdout
    )
    assert "Lomitapide<br>Lovastatin" in json.dumps(data, ensure_ascii=False)


def test_a_list_item_uses_its_own_marker() -> None:
    precautions = tabulex("precautions")
    assert "1. Lactic Acidosis: stop the drug.\n2. Check ANC" in precautions  # not "1. 1."
    assert "- headache\n- dizziness\n" in precautions  # not "- •"
    assert "\n\na. rash\n\n" in precautions  # a marker no Markdown list has: its own line


def test_parents_first_whole_then_keyed_subsections_and_dosage_keeps_them_all() -> None:
    assert [(s.key, s.title) for s in TABULEX.sections] == [
        ("dosage", "Dosage and administration"),
        ("precautions", "Warnings and precautions"),
        ("interactions", "Drug interactions"),
        ("other", "Use in specific populations"),  # 8.3 and 8.5, before its keyed 8.1, 8.2
        ("pregnancy", "Pregnancy"),
        ("breastfeeding", "Lactation"),  # coded as pregnancy
        ("renal", "Renal Impairment"),
        ("how_it_works", "Clinical pharmacology"),  # 12.3, the parent before its 12.1
        ("how_it_works", "Mechanism of Action"),
    ]
    dosage = tabulex("dosage")
    titles = ["2.1 Recommended", "2.2 Recommendations for Use in Renal", "2.3 Dosage in Geri"]
    assert [dosage.index(f"**{title}") for title in titles] == sorted(
        dosage.index(f"**{title}") for title in titles
    )
    assert "**2.4 Discontinuation" in dosage  # after a coded (geriatric) subsection
    assert "Background risk is unknown." in tabulex("pregnancy")  # its own subsection


def test_a_title_that_contradicts_its_code_wins_and_is_noted() -> None:
    assert tabulex("breastfeeding") == "Tabulexine is present in human milk."
    assert "**5.2 Serious Skin Reactions**" in tabulex("precautions")
    assert "Advise contraception." in tabulex("other")
    assert TABULEX.metadata["code_conflicts"] == [
        {"title": "5.2 Serious Skin Reactions", "code": "42228-7", "filed_as": "precautions"},
        {"title": "8.2 Lactation", "code": "42228-7", "filed_as": "breastfeeding"},
        {
            "title": "8.3 Females and Males of Reproductive Potential",
            "code": "34080-2",
            "filed_as": "other",
        },
    ]
    assert "code_conflicts" not in ZOLVEXA.metadata


def test_no_stray_emphasis_or_missing_spaces() -> None:
    text = "\n".join(s.text for s in TABULEX.sections)
    assert "****" not in text and "**(**" not in text
    assert "in women ((see Dosage)." in text  # a bold "(" alone is no emphasis
    assert "(see Dosage and Administration (2))." in text  # not "seeDosage"


def test_tabulex_reads_back_from_markdown() -> None:
    _reads_back(TABULEX)


def test_newlines_of_the_xml_layout_are_spaces_and_only_br_breaks() -> None:
    xml = (SPL / "tabulex.xml").read_text().replace("Lomitapide<br/>", "Lomi-\n   tapide<br/>")
    label = parse_spl(xml.encode(), "layout.xml")
    interactions = next(s.text for s in label.sections if s.key == "interactions")
    assert "| Lomi- tapide<br>Lovastatin<br>Atorvastatin |" in interactions


def test_inline_text_between_blocks_is_one_paragraph() -> None:
    xml = (SPL / "tabulex.xml").read_text()
    xml = xml.replace(
        "</table></text>", "</table>Area is 1.73 m<sup>2</sup> per <content>dose</content>.</text>"
    )
    label = parse_spl(xml.encode(), "loose.xml")
    interactions = next(s.text for s in label.sections if s.key == "interactions")
    assert interactions.endswith("|\n\nArea is 1.73 m² per dose.")


def test_a_section_without_a_code_is_filed_by_its_title_without_a_conflict() -> None:
    xml = (SPL / "tabulex.xml").read_text()
    coded = (
        '<code code="42228-7" codeSystem="2.16.840.1.113883.6.1"/>\n        <title>8.2 Lactation'
    )
    assert coded in xml
    label = parse_spl(xml.replace(coded, "<title>8.2 Lactation").encode(), "uncoded.xml")
    assert [s.text for s in label.sections if s.key == "breastfeeding"] == [
        "Tabulexine is present in human milk."
    ]
    conflicts = label.metadata["code_conflicts"]
    assert isinstance(conflicts, list)
    assert "8.2 Lactation" not in [conflict["title"] for conflict in conflicts]


def test_plain_text_shows_cell_lines_side_by_side_and_rows_apart() -> None:
    from medinfo.render.plain import broken

    table = "| A | B |\n|---|---|\n| a1<br>a2 | b1 |\n| c \\| d | e |\n"
    assert broken("Before<br>after\n\n  " + table.replace("\n|", "\n  |")) == (
        "Before\nafter\n\n"
        "  | A | B |\n  |---|---|\n  | a1 | b1 |\n  | a2 |  |\n  |---|---|\n  | c \\| d | e |\n"
    )
    assert broken(table.replace("<br>", " ")) == table.replace("<br>", " ")  # left as it is


def test_a_list_in_a_numbered_item_stays_in_it() -> None:
    from medinfo.readers.blocks import build

    xml = (SPL / "tabulex.xml").read_text()
    item = "<item><caption>1.</caption>Lactic Acidosis: stop the drug.</item>"
    nested = item.replace("</item>", "<list><item>Check lactate.</item></list></item>")
    label = parse_spl(xml.replace(item, nested).encode(), "nested.xml")
    text = next(s.text for s in label.sections if s.key == "precautions")
    assert "1. Lactic Acidosis: stop the drug.\n   - Check lactate.\n2. Check ANC" in text
    numbered = next(block for _, _, block in build(text) if block[0] == "ol")
    assert numbered[1][:2] == [1, 2] and numbered[2][0][1][0] == "ul"  # inside item 1


def test_bold_runs_side_by_side_are_one_and_a_bold_caption_is_bold_once() -> None:
    from xml.etree.ElementTree import fromstring

    from medinfo.readers.splmarkdown import markdown

    text = fromstring(
        '<text xmlns="urn:hl7-org:v3"><paragraph>x<content styleCode="bold">Tab</content>'
        '<content styleCode="bold">le 1</content></paragraph><table><caption>'
        '<content styleCode="bold">Table 2</content></caption><tbody><tr><td>a</td></tr>'
        "</tbody></table></text>"
    )
    assert markdown(text) == "x**Table 1**\n\n**Table 2**\n\n|  |\n|---|\n| a |"


PRECURA = parse_spl((SPL / "precura.xml").read_bytes(), "precura.xml")


def test_a_parent_is_one_section_before_its_keyed_subsections() -> None:
    # Precautions holds General, Laboratory Tests and Carcinogenesis, in their order,
    # once: not four pieces around Information for Patients, Drug Interactions,
    # Pregnancy; Clinical Pharmacology comes before its Mechanism of Action.
    assert [(s.key, s.title) for s in PRECURA.sections] == [
        ("boxed_warning", "Cardiovascular risk"),
        ("how_it_works", "Clinical pharmacology"),
        ("how_it_works", "Mechanism of Action"),
        ("precautions", "Warnings"),
        ("precautions", "Precautions"),
        ("patient_info", "Information for Patients"),
        ("interactions", "Drug Interactions"),
        ("pregnancy", "Pregnancy"),
        ("breastfeeding", "Nursing Mothers"),
        ("elderly", "Geriatric Use"),
    ]
    precautions = [s.text for s in PRECURA.sections if s.title == "Precautions"]
    assert precautions == [
        "**General**\n\nUse the lowest dose.\n\n**Laboratory Tests**\n\nCheck the blood count."
        "\n\n**Carcinogenesis, Mutagenesis, Impairment of Fertility**\n\n"
        "No tumours were seen in rats."
    ]


def test_bold_runs_with_only_white_space_between_are_one_run() -> None:
    boxed = PRECURA.sections[0].text
    assert "** **" not in boxed
    assert boxed == (
        # the spaces of the layout stay, as a browser shows them
        "- **The elderly are at greater risk for ser i ous bleeding. ( s ee** WARNINGS ).\n"
        "- **Precura ® is contraindicated after bypass surgery.**\n\n"  # bold "®" alone joins
        # bold italics is bold; italics inside bold stay marked inside it; italics
        # after bold are a run of their own
        "**Do not crush tablets. *Note* well. Take** *with food*.\n\n"
        "**Lactic Acidosis can occur.**"  # bold inside italics, or inside a change mark
    )


def test_precura_reads_back_from_markdown() -> None:
    _reads_back(PRECURA)


STATIN = b"""<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:hl7-org:v3">
  <id root="d0c00000-0000-4000-8000-0000000000aa"/>
  <code code="34391-3"/><title>Statinol tablets</title>
  <setId root="5e700000-0000-4000-8000-0000000000aa"/><versionNumber value="2"/>
  <component><structuredBody>
    <component><section><code code="34070-3"/><title>4 CONTRAINDICATIONS</title>
      <component><section><code code="42229-5"/><title>4.1 Active liver disease</title>
      </section></component>
      <component><section><code code="42228-7"/><title>4.3 Pregnancy</title>
        <text><paragraph>Statinol may cause fetal harm; do not use in pregnancy.</paragraph></text>
      </section></component>
    </section></component>
    <component><section><code code="42228-7"/><title>8.1 Pregnancy</title>
      <text><paragraph>Pregnancy category X.</paragraph></text>
    </section></component>
  </structuredBody></component>
</document>
"""


def test_every_subsection_of_contraindications_stays_a_contraindication() -> None:
    # "4.3 Pregnancy" is coded as a pregnancy section; filed under Pregnancy, it went
    # missing from the answer to "contraindications of statinol".
    label = parse_spl(STATIN, "statinol.xml")
    contraindications = [s for s in label.sections if s.key == "contraindications"]
    assert len(contraindications) == 1
    text = contraindications[0].text
    assert "4.1 Active liver disease" in text and "4.3 Pregnancy" in text
    assert "Statinol may cause fetal harm; do not use in pregnancy." in text
    pregnancy = [s.text for s in label.sections if s.key == "pregnancy"]
    assert pregnancy == ["Pregnancy category X."]
