"""The FDA label reader: HL7 SPL XML, or a DailyMed zip holding one -> Monograph. Pure.

Sections are found by LOINC code at any depth (DESIGN.md's table); Highlights
excerpts, which repeat the full text in short, are skipped; a section without a
title gets its code's standard one; a numbered subsection ("5.1 Hepatotoxicity")
stays in its parent's text under a sub-heading of its own, and a subsection with a
key of its own follows its parent, which stays one section. A document that declares
a DTD is refused, so no entity can be defined, expanded or fetched; sizes are capped
before anything is read.
"""

from __future__ import annotations

import re
from collections import Counter
from xml.etree.ElementTree import ParseError as XmlError
from xml.etree.ElementTree import TreeBuilder, XMLParser

from medinfo.errors import ParseError
from medinfo.model import Monograph, Section
from medinfo.readers import splwords
from medinfo.readers.splchars import names_section
from medinfo.readers.splmarkdown import NS, element_text, section_text
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_XML_BYTES = 15_000_000  # the longest real labels are a few megabytes
UNCLASSIFIED = "42229-5"

# LOINC section codes and the keys they are (DESIGN.md, "Section keys").
KEYS: dict[str, str] = {
    "34066-1": "boxed_warning",
    "34067-9": "usage",
    "34068-7": "dosage",
    "43678-2": "dosage_forms",
    "34070-3": "contraindications",
    "50570-1": "contraindications",
    "43685-7": "precautions",
    "34071-1": "precautions",
    "42232-9": "precautions",
    "50569-3": "precautions",
    "50567-7": "precautions",
    "50566-9": "precautions",
    "50565-1": "precautions",
    "34084-4": "side_effects",
    "34073-7": "interactions",
    "50568-5": "interactions",
    "42228-7": "pregnancy",
    "34077-8": "pregnancy",
    "34078-6": "pregnancy",
    "34079-4": "pregnancy",
    "53414-9": "pregnancy",
    "77290-5": "breastfeeding",
    "34080-2": "breastfeeding",
    "34081-0": "children",
    "34082-8": "elderly",
    "34088-5": "overdose",
    "34090-1": "how_it_works",
    "43679-0": "how_it_works",
    "34069-5": "storage",
    "44425-7": "storage",
    "60561-8": "storage",
    "34076-0": "patient_info",
    "88436-1": "patient_info",
    "42231-1": "patient_info",
    "42230-3": "patient_info",
    "55106-9": "generic_name",
    "55105-1": "usage",
    "34089-3": "description",
    "51727-6": "description",
}

# The standard titles of codes, for sections that have none.
TITLES: dict[str, str] = {
    "34066-1": "Boxed Warning",
    "34067-9": "Indications and Usage",
    "34068-7": "Dosage and Administration",
    "43678-2": "Dosage Forms and Strengths",
    "34070-3": "Contraindications",
    "50570-1": "Do Not Use",
    "43685-7": "Warnings and Precautions",
    "34071-1": "Warnings",
    "42232-9": "Precautions",
    "50569-3": "Ask a Doctor",
    "50567-7": "When Using This Product",
    "50566-9": "Stop Use",
    "50565-1": "Keep Out of Reach of Children",
    "34084-4": "Adverse Reactions",
    "34073-7": "Drug Interactions",
    "50568-5": "Ask a Doctor or Pharmacist",
    "42228-7": "Pregnancy",
    "34077-8": "Teratogenic Effects",
    "34078-6": "Nonteratogenic Effects",
    "34079-4": "Labor and Delivery",
    "53414-9": "Pregnant or Breast-Feeding",
    "77290-5": "Lactation",
    "34080-2": "Nursing Mothers",
    "34081-0": "Pediatric Use",
    "34082-8": "Geriatric Use",
    "34088-5": "Overdosage",
    "34090-1": "Clinical Pharmacology",
    "43679-0": "Mechanism of Action",
    "34069-5": "How Supplied",
    "44425-7": "Storage and Handling",
    "60561-8": "Other Information",
    "34076-0": "Patient Counseling Information",
    "88436-1": "Patient Counseling Information",
    "42231-1": "Medication Guide",
    "42230-3": "Patient Package Insert",
    "55106-9": "Active Ingredient",
    "55105-1": "Purpose",
    "34089-3": "Description",
    "51727-6": "Inactive Ingredients",
    "48780-1": "Product Data",
    "51945-4": "Package Label",
    "34092-7": "Clinical Studies",
    "43680-8": "Nonclinical Toxicology",
    "43684-0": "Use in Specific Populations",
}

# An unclassified section whose title says one of these is a topic of its own.
_TITLE_KEYS = (
    (
        re.compile(r"\b(?:renal|kidney)\b.*\bimpairment|\brenal (?:insufficiency|failure)", re.I),
        "renal",
    ),
    (re.compile(r"\b(?:hepatic|liver)\b.*\bimpairment|\bhepatic insufficiency", re.I), "hepatic"),
)
# Vaccines are prescription products, whose labels have a document code of their own.
_KINDS = {"34391-3": "prescription", "53404-0": "prescription", "34390-5": "otc"}
_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\s*")


def parse_spl(data: bytes, path: str = "", directory: str = "") -> Monograph:
    """Parse the bytes of an SPL document; raise ParseError when it is not a usable one."""
    if len(data) > MAX_XML_BYTES:
        raise ParseError(f"label is larger than {MAX_XML_BYTES // 1_000_000} MB", "MI004")
    try:
        return _read(data, path, directory)
    except RecursionError:
        raise ParseError("elements nested too deeply", "MI501") from None


def _read(data: bytes, path: str, directory: str) -> Monograph:
    """Read a parsed-to-be SPL document (see parse_spl)."""
    root = _parse_xml(data)
    if root.tag != f"{NS}document":
        tag = root.tag.rpartition("}")[2]
        raise ParseError(f"not an SPL document: its root is <{tag}>, not <document>", "MI502")
    body = root.find(f"{NS}component/{NS}structuredBody")
    if body is None:
        raise ParseError("SPL document without a structured body", "MI502")
    metadata = _metadata(root)
    writer = _Writer()
    for element in body.findall(f"{NS}component/{NS}section"):
        _read_section(element, writer)
    sections = writer.sections
    if writer.conflicts:  # DESIGN.md: a title that contradicts its code is kept in metadata
        metadata["code_conflicts"] = writer.conflicts
    if not sections:
        raise ParseError("SPL document without any section text", "MI503")
    brands = _strings(metadata.get("brand_names"))
    generics = _strings(metadata.get("generic_names"))
    names = brands or generics
    name = names[0] if names else _title(root) or clean(path.rsplit("/", 1)[-1].rsplit(".", 1)[0])
    aliases = [a for a in dict.fromkeys([*brands, *generics]) if a.casefold() != name.casefold()]
    return Monograph(
        name=name, path=path, dir=directory, aliases=aliases, metadata=metadata, sections=sections
    )


def _parse_xml(data: bytes) -> Element:
    """Parse XML safely: a document with a DTD is refused, so no entity can be declared."""
    _refuse_dtd(data)
    parser = XMLParser(target=_Builder())
    try:
        parser.feed(data)
        root: Element = parser.close()
        return root
    except _Refused:
        raise ParseError("unsafe XML refused: it declares a DTD (DOCTYPE)", "MI504") from None
    except XmlError as exc:
        raise ParseError(f"malformed XML: {exc}", "MI501", exc.position[0]) from None
    except (LookupError, ValueError) as exc:  # an encoding Python cannot or will not read
        raise ParseError(f"unsupported XML encoding: {exc}", "MI506") from None


_DOCTYPE = "<!DOCTYPE"
_DECLARED = re.compile(
    rb"(?:\xef\xbb\xbf)?<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})"
)


def _refuse_dtd(data: bytes) -> None:
    """Refuse a document that declares a DTD, in its bytes, before the parser starts.

    Expat, once started, goes on to the end of its input after a callback fails,
    declaring and expanding entities as it goes; so the DOCTYPE is looked for first,
    in the document's own encoding (an encoding that does not write "<!DOCTYPE" as
    ASCII does, or as UTF-16 does, is refused). The builder's DOCTYPE hook stays as
    a second guard.
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<"):  # UTF-16, as expat sees it
        markers: tuple[bytes, ...] = (_DOCTYPE.encode("utf-16-le"), _DOCTYPE.encode("utf-16-be"))
    else:
        declared = _DECLARED.match(data)
        if declared:
            name = declared[1].decode("ascii")
            try:
                ascii_like = (
                    _DOCTYPE.encode(name) == _DOCTYPE.encode() and "<?>".encode(name) == b"<?>"
                )
            except (LookupError, UnicodeError, ValueError):
                ascii_like = False
            if not ascii_like:
                raise ParseError(f"unsupported XML encoding: {name}", "MI506")
        markers = (_DOCTYPE.encode(),)
    if any(marker in data for marker in markers):
        raise ParseError("unsafe XML refused: it declares a DTD (DOCTYPE)", "MI504")


class _Refused(Exception):
    """A document declared a DTD."""


class _Builder(TreeBuilder):
    """ElementTree's C tree builder, raising at the start of a DOCTYPE."""

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        """Refuse the DTD: without one no entity exists to expand or fetch."""
        raise _Refused


class _Writer:
    """The sections read so far, each with the text it gathers, and those open around.

    A keyed section takes its place when it starts, so a parent comes before its
    keyed subsections, and these follow it in document order ("12 Clinical
    Pharmacology", then "12.1 Mechanism of Action"). Text goes to the innermost open
    keyed section, whatever keyed subsections came between: a parent stays one
    section, its own text and unkeyed subsections in document order ("8.1" before
    "8.5" when both stay in it), not pieces of it around each keyed subsection.
    """

    def __init__(self) -> None:
        """Start with no section."""
        # key, title, numbered, text; and the words of its parts (None: left to be parsed)
        self.read: list[tuple[str, str, str, list[str], list[str | None]]] = []
        self.open: list[int] = []  # where the keyed sections open around are in read
        self.conflicts: list[dict[str, str]] = []

    @property
    def within(self) -> str | None:
        """Return the key of the innermost open keyed section, if any."""
        return self.read[self.open[-1]][0] if self.open else None

    def start(self, key: str, title: str, numbered: str, own: str, said: str | None) -> None:
        """Open a keyed section, in its place after those read so far."""
        self.open.append(len(self.read))
        self.read.append((key, title, numbered, [own] if own else [], [said] if own else []))

    def text(self, part: str, said: str | None) -> None:
        """Add Markdown, and its words if certain, to the innermost open section's text."""
        if part and self.open:
            self.read[self.open[-1]][3].append(part)
            self.read[self.open[-1]][4].append(said)

    @property
    def sections(self) -> list[Section]:
        """Return the sections that hold text, in their places.

        A title above keyed subsections only, or above no text at all, has nothing
        to show. A title the label gives two sections of one key keeps its number
        where it has one ("5.9 Pregnancy" under Warnings, "8.1 Pregnancy"), so a
        reader can tell them apart.
        """
        held = [
            (key, title, numbered, text, None if None in said else "\n".join(filter(None, said)))
            for key, title, numbered, parts, said in self.read
            if (text := "\n\n".join(part for part in parts if part).strip())
        ]
        seen = Counter((key, title) for key, title, *_ in held)
        return [
            Section(key, numbered if seen[key, title] > 1 else title, text, plain=plain)
            for key, title, numbered, text, plain in held
        ]


def _read_section(element: Element, writer: _Writer) -> None:
    """Read a section into writer: a section of its own key, or text of its parent's.

    A section with a key of its own becomes a section; a nested one without a key
    (a numbered subsection) is text of the section around it, under its own
    sub-heading; so is every subsection of Dosage and Administration, which keeps
    its renal and hepatic dosing, and of Contraindications, which keeps them all.
    """
    code_element = element.find(f"{NS}code")
    code = code_element.get("code", "") if code_element is not None else ""
    title_element = element.find(f"{NS}title")
    # A title as plain words: its emphasis is the heading's, not the text's.
    title = " ".join("".join(title_element.itertext()).split()) if title_element is not None else ""
    shown_title = clean(title) or TITLES.get(code, "")
    within = writer.within
    # Every subsection of Contraindications stays in it, whatever its code: "4.3
    # Pregnancy" (coded as pregnancy) is a contraindication, and filed under Pregnancy
    # it went missing from the answer to "contraindications of ...".
    kept = within in ("dosage", "contraindications")
    key = None if kept else _key(code, shown_title, within, writer.conflicts)
    if key is None and within is None:
        key = "other"
    own, said = section_text(element.find(f"{NS}text"))
    if key is None:  # stays in the parent, under its own sub-heading
        if shown_title:
            heading = _sub_heading(shown_title)
            # The words are the heading's line, then the text's.
            words = splwords.paragraph(heading)
            said = None if words is None or said is None else f"{words}\n{said}".strip("\n")
            own = f"{heading}\n\n{own}".strip()
        writer.text(own, said)
        for child in element.findall(f"{NS}component/{NS}section"):
            _read_section(child, writer)
        return
    numbered = shown_title.rstrip(" :") or TITLES.get(code, "Other")
    title_shown = _NUMBER.sub("", numbered) or TITLES.get(code, "Other")
    if title_shown.isupper():  # "WARNINGS AND PRECAUTIONS"
        title_shown, numbered = title_shown.capitalize(), _capitalized(numbered)
    writer.start(key, title_shown, numbered, own, said)
    for child in element.findall(f"{NS}component/{NS}section"):
        _read_section(child, writer)
    writer.open.pop()


# What a title says about pregnancy and breastfeeding, whatever the section's code:
# the code is sometimes wrong ("8.2 Lactation" coded as pregnancy), the title rarely.
_PREGNANCY = re.compile(r"\bpregna|teratogen|\blabou?r\b|\bdeliver|\bfetal\b|\bfetus", re.I)
_LACTATION = re.compile(r"lactat|\bnursing\b|\bbreast|\bmilk\b", re.I)
# Under a code of another topic, only a title that names nothing else moves a section.
_ONLY_PREGNANCY = re.compile(r"(?:use in |usage in )?pregnancy", re.I)
_ONLY_LACTATION = re.compile(r"(?:use in )?(?:lactation|nursing mothers|breast-?feeding)", re.I)
_BY_CODE_TITLE: dict[str, str] = {}  # a standard title, folded -> its key (made when needed)


def _key(code: str, title: str, within: str | None, conflicts: list[dict[str, str]]) -> str | None:
    """Return the key a section is filed under, from its code and title; None if no key.

    A title that contradicts the code wins: a "Lactation" section coded as pregnancy
    is breastfeeding; a title about something else entirely ("Females and Males of
    Reproductive Potential", "Serious Skin Reactions") under a pregnancy or
    breastfeeding code is filed by its title, else stays in its parent (a nested
    one) or is `other` (a top-level one). Each such conflict is noted.
    """
    coded = KEYS.get(code)
    words = _NUMBER.sub("", title).strip(" :.-")
    if coded in ("pregnancy", "breastfeeding"):
        pregnancy, lactation = bool(_PREGNANCY.search(words)), bool(_LACTATION.search(words))
        if pregnancy == lactation:  # both ("Pregnant or Breast-Feeding"), or neither
            key = coded if pregnancy or not words else _by_title(words)
            if key is None and within == coded:
                return None  # "Risk Summary", "Data" under Pregnancy: its subsections
        else:
            key = "pregnancy" if pregnancy else "breastfeeding"
    elif _ONLY_PREGNANCY.fullmatch(words):
        key = "pregnancy"
    elif _ONLY_LACTATION.fullmatch(words):
        key = "breastfeeding"
    elif coded is None and code == UNCLASSIFIED:
        return next((k for pattern, k in _TITLE_KEYS if pattern.search(title)), None)
    else:
        return coded
    if key != coded and code not in ("", UNCLASSIFIED):  # no code, or "unclassified": no conflict
        filed = key or within or "other"
        conflicts.append({"title": title, "code": code, "filed_as": filed})
    return key


def _by_title(words: str) -> str | None:
    """Return the key a title names: a code's standard title, a renal or hepatic one."""
    if not _BY_CODE_TITLE:
        _BY_CODE_TITLE.update(
            (" ".join(name.casefold().split()), KEYS[code])
            for code, name in TITLES.items()
            if code in KEYS
        )
    key = _BY_CODE_TITLE.get(" ".join(words.casefold().split()))
    return key or next((k for pattern, k in _TITLE_KEYS if pattern.search(words)), None)


def _capitalized(title: str) -> str:
    """Return a title in capitals as a sentence, after its number ("5.9 Pregnancy")."""
    number = _NUMBER.match(title)
    at = number.end() if number else 0
    return title[:at] + title[at:].capitalize()


def _sub_heading(title: str) -> str:
    """Return a subsection's title as a bold line, which Markdown readers keep as text.

    A Markdown heading would start a section of its own when the file is read back;
    a bold line that names a section ("**Warnings**") would too, so that one is in
    bold italics, which no reader takes for a label.
    """
    bold_italics = names_section(title)
    title = title.replace("*", "\\*")  # a title's own asterisks are text ("Related**")
    return f"***{title}***" if bold_italics else f"**{title}**"


def _strings(value: object) -> list[str]:
    """Return a metadata value as a list of strings."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _title(root: Element) -> str:
    """Return the document's title as one line of text."""
    element = root.find(f"{NS}title")
    return clean(" ".join(element_text(element).split())) if element is not None else ""


def _metadata(root: Element) -> dict[str, object]:
    """Return the label's metadata under DESIGN.md's JSON keys."""
    from medinfo.readers.splmeta import metadata

    return metadata(root, _KINDS)
