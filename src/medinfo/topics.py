"""Topics: which sentences of a monograph are about a question, quoted word for word.

A topic (contraindications, pregnancy, kidney dosing...) is answered by the
monograph's own section for it when it has one, and by what the other sections
say about it: every list item labelled with the topic ("* **Breastfeeding:** ...",
or items under a "**Contraindications:**" line), every labelled item or FAQ whose
label or text is about it (quoted whole, label and all, so the quote says what it
is about), and every other sentence whose words are about it, quoted word for word
in document order with the section it came from. Sentences are never cut or
merged; a quote already inside the written section is not repeated.

The rules (what "about" means for each topic) are in topicrules.py, the words that
name drugs in drugwords.py.
"""

from __future__ import annotations

import re

from medinfo.answers import Gathered, Quote
from medinfo.drugwords import COMPARES, classes_of, drugs_named, own_class_said
from medinfo.excerpt import excerpt
from medinfo.sections import TITLES
from medinfo.topicrules import LABEL_SECTIONS, POPULATIONS, TOPICS, Topic

__all__ = ["TOPICS", "Topic", "answer", "gather", "own_names", "sentences", "spans", "units"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section

_SUB_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
_PLAIN_LEAD = re.compile(r"^(?P<label>[A-Z][\w ,&/()'-]{0,40}):\s")
_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]+")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(?P<label>[^*_\n]{1,200}?)\1")
# A sentence ends at . ! or ? (and a closing quote, bracket or emphasis), then space,
# then something that can start a sentence: a capital, a digit, or a word such as
# "eGFR" or "iPLEDGE".
_END = re.compile(
    r"[.!?][\"')\]*_\u201d\u2019]*\s+"
    r"(?=[\"'(\[*_\u201c\u2018]*(?:[A-Z0-9]|[a-z]+[A-Z]))"
)
# Words whose period is not the end of a sentence.
_LATIN = ("e.g", "i.e", "approx", "vs", "cf", "dr", "mr", "mrs", "ms", "fig", "incl", "esp", "st")
_UNITS = ("mg", "mcg", "µg", "kg", "g", "ml", "iu", "mmol", "tab", "tabs", "caps", "inj")
_ABBREVIATIONS = frozenset((*_LATIN, *_UNITS, "ca", "al", "inc", "u.s", "u.k"))


def gather(monograph: Monograph, key: str) -> Gathered | None:
    """Return the quotes of a monograph about a topic, or None when nothing is about it.

    The topic's written sections are not searched: they are the answer whole.
    """
    quotes = [quote for part in _parts(monograph, key) if isinstance(part, list) for quote in part]
    return Gathered(key, TITLES[key], quotes) if quotes else None


def _parts(monograph: Monograph, key: str) -> list[Section | list[Quote]]:
    """Return, in document order, the topic's written sections and the quotes of the others."""
    topic = TOPICS[key]
    own = own_names(monograph)
    label = monograph.source == "spl"
    written = [section for section in monograph.sections if section.key == key]
    said = [_squash(section.text) for section in written]
    parts: list[Section | list[Quote]] = []
    for section in monograph.sections:
        if section.key == key:
            parts.append(section)
            continue
        if section.key in topic.skip:
            continue
        if label and not _searched_in_label(section):
            continue
        if topic.labelled(
            section.title, own, section.key not in topic.no_drugs
        ):  # "Pregnancy and lactation": all of it
            found = [Quote(section.key, section.label, section.text)]
        else:
            found = _quotes(section, topic, own)
        found = [quote for quote in found if not any(_squash(quote.text) in s for s in said)]
        if not found:
            continue
        if parts and isinstance(parts[-1], list):
            parts[-1].extend(found)
        else:
            parts.append(found)
    return parts


def _searched_in_label(section: Section) -> bool:
    """Tell whether a section of an FDA label is one that says what to do."""
    return section.key in LABEL_SECTIONS or bool(POPULATIONS.search(section.title))


def _squash(text: str) -> str:
    """Return text without spaces, so a quote is found inside the text it came from."""
    return "".join(text.split())


# Two names of one drug, so that a monograph of one does not take the other for
# another drug ("Paracetamol (Acetaminophen)").
_PAIRS = (
    ("paracetamol", "acetaminophen"),
    ("salbutamol", "albuterol"),
    ("adrenaline", "epinephrine"),
    ("noradrenaline", "norepinephrine"),
    ("ciclosporin", "cyclosporine"),
    ("rifampicin", "rifampin"),
    ("pethidine", "meperidine"),
    ("glyceryl trinitrate", "nitroglycerin"),
)
_SAME = {one: other for pair in _PAIRS for one, other in (pair, pair[::-1])}


def own_names(monograph: Monograph) -> re.Pattern[str]:
    """Return a pattern for the monograph's own drug: its names, its parts, its class.

    Its class is read from the metadata (`drug_class`), from its name's stem or name
    (drugwords: diclofenac is an NSAID, atenolol a beta-blocker), from "X is a ..."
    sentences and from "like other NSAIDs". A class word of its own is its own unless
    "other" or "another" comes before it ("other NSAIDs" are other drugs).
    """
    names = {monograph.name, *monograph.aliases}
    for name in list(names):
        names.update(re.findall(r"[^\W\d_][\w-]{3,}", name))
        names.update(re.findall(r"[^\W\d_]\w{3,}", name))  # "S-Amlodipine": amlodipine too
    names.update(
        part.strip() for part in re.split(r"\s*(?:\+|/|,| with | and )\s*", monograph.name)
    )
    names.update(_SAME[name.casefold()] for name in list(names) if name.casefold() in _SAME)
    names.discard("")
    said = " ".join(_said_class(monograph))
    classes = {word for words in drugs_named(said) for word in words}
    classes.update(_kind(monograph))
    classes -= names
    alternatives = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    pattern = r"(?<!\w)(?:" + alternatives + r")(?:e?s)?(?!\w)"
    kinds = sorted((re.escape(word) for word in classes), key=len, reverse=True)
    kinds += classes_of(
        sorted(names), sorted(classes)
    )  # "NSAIDs" for diclofenac, "beta-blockers" for -olol
    if kinds:
        pattern += r"|(?<!other )(?<!another )(?<!\w)(?:" + "|".join(kinds) + r")(?:e?s)?(?!\w)"
    return re.compile(pattern, re.I)


# Metadata that may say what kind of drug it is: a monograph's front matter, or a
# label's pharmacologic class where its reader keeps one.
_CLASS_KEYS = (
    "drug_class",
    "pharmacologic_class",
    "pharm_class",
    "established_pharmacologic_class",
)


def _said_class(monograph: Monograph) -> list[str]:
    """Return what a monograph's metadata says its drug's class is."""
    found = [monograph.drug_class or ""]
    for key in _CLASS_KEYS:
        value = monograph.metadata.get(key)
        values = value if isinstance(value, list) else [value]
        found.extend(item for item in values if isinstance(item, str))
    return found


# Where a monograph says what kind of drug it is: "Diclofenac is a nonsteroidal
# anti-inflammatory drug (NSAID)", "It belongs to a class of medicines called statins".
_SAYS_KIND = re.compile(
    r"\b(?:is|are) (?:a|an|one of)\b|\bbelongs? to\b|\bclass of\b|\bknown as\b|\btype of\b",
    re.I,
)
_DESCRIBED_IN = ("overview", "generic_name", "usage", "how_it_works", "description")


def _kind(monograph: Monograph) -> set[str]:
    """Return the class words a monograph uses for its own drug, where it says what it is."""
    found: set[str] = set()
    for section in monograph.sections:
        if section.key in _DESCRIBED_IN:
            for sentence in sentences(section.text):
                if _SAYS_KIND.search(sentence):
                    found.update(drugs_named(sentence)[1])
        if section.key != "disclaimer":
            found.update(own_class_said(section.text))  # "like other NSAIDs", anywhere
    return {word for word in found if not word.casefold().startswith(("other ", "any ", "all "))}


def _quotes(section: Section, topic: Topic, own: re.Pattern[str] | None = None) -> list[Quote]:
    """Return the parts of one section's text that are about a topic, in order."""
    found: list[Quote] = []

    def quote(text: str) -> None:
        found.append(Quote(section.key, section.label, text))

    drugs = section.key not in topic.no_drugs
    guarded = section.key in topic.guarded

    def labelled(label: str, text: str) -> bool:
        return topic.labelled(label, own, drugs) and not (guarded and not topic.guard.search(text))

    for label, text, parts in units(section.text):
        if label is not None and labelled(label, text):
            quote(text)
            continue
        for own_label, body in parts:
            if own_label is not None and labelled(own_label, body):
                quote(body)
                continue
            if any(_DELIMITER.match(line) for line in body.split("\n")):
                rows = _table_rows(body, topic, own, drugs)
                if rows is not None:  # under a label of its own: the label line says what
                    lead = text.split("\n", 1)[0] if label is not None and len(parts) == 1 else ""
                    quote(f"{lead}\n\n{rows}" if lead and lead not in rows else rows)
                continue
            # A FAQ on alternatives names other drugs to compare, not to take together.
            named = drugs and not (own_label and COMPARES.search(own_label))
            about = [
                (start, end)
                for start, end in spans(body)
                if topic.takes_in(section.key, body[start:end], own, named)
            ]
            heading = own_label if own_label is not None else label
            if about and heading is not None and _elsewhere(heading, topic, section.key):
                # "**Overdose:** ... naloxone ...": about this topic only if it says so.
                about = [span for span in about if topic.together.search(body[slice(*span)])]
            if own_label is not None and about:
                quote(body)  # a labelled item or a FAQ, whole: the quote says what it is about
            else:
                for start, end in about:
                    quote(excerpt(body, start, end))  # its emphasis whole, as in the paragraph
    return found


def _elsewhere(label: str, topic: Topic, section: str) -> bool:
    """Tell whether a label files its text under another topic or a dose, for a topic that asks.

    Only a topic with words of its own for such items (interactions: taking the two
    together) asks: "**Overdose:**", "**Pregnancy:**", "**Storage:**" items, and the
    labelled items of Dosage ("**Acute coronary syndrome:**").
    """
    if not topic.together.pattern:
        return False
    if section == "dosage":
        return True
    return any(other.labels.search(label) for other in TOPICS.values() if other is not topic)


# A table this short is quoted whole when a row of it is about the topic.
_SMALL_TABLE = 5


def _table_rows(table: str, topic: Topic, own: re.Pattern[str] | None, drugs: bool) -> str | None:
    """Return a table's rows about a topic as a table of its own, or None when none is.

    The caption, header and delimiter rows come first, then each row about the topic,
    as written; a row with only its first cell filled heads the rows below it
    ("| **Anticoagulants** | |") and comes with them. A caption or header about the
    topic, or a short table, makes the whole table the quote; a cell is never cut.
    """
    lines = table.split("\n")
    at = next(number for number, line in enumerate(lines) if _ROW.match(line))
    caption = "\n".join(lines[:at]).strip()
    head, rows = lines[at : at + 2], lines[at + 2 :]
    if (caption and topic.labelled(caption.strip("*_ "), own, drugs)) or topic.takes(
        lines[at], own, drugs
    ):
        return table
    chosen: list[int] = []
    group = -1  # the row heading the rows below it
    taken_group = False
    for number, row in enumerate(rows):
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        heads_group = len(cells) > 1 and bool(cells[0]) and not any(cells[1:])
        if heads_group:
            group = number
            taken_group = topic.takes(cells[0].strip("*_ "), own, drugs) or topic.labelled(
                cells[0].strip("*_ :"), own, drugs
            )
            if taken_group:
                chosen.append(number)
            continue
        if taken_group or topic.takes(row, own, drugs):
            if group >= 0 and group not in chosen:
                chosen.append(group)
            chosen.append(number)
    if not chosen:
        return None
    if len(rows) <= _SMALL_TABLE:
        return table
    return "\n".join(
        [*([caption, ""] if caption else []), *head, *(rows[number] for number in chosen)]
    )


# A unit of text: its label, the text as written (from the label on), and its
# blocks, each with a label of its own or None.
Unit = tuple[str | None, str, list[tuple[str | None, str]]]


def units(text: str) -> list[Unit]:
    """Group Markdown text into what each label covers.

    A list item or paragraph with a lead of its own ("**Breastfeeding:** ...",
    "**Q: Can I ...?** A: ...", "Pregnancy: ...") is a unit. So is a label line alone
    with what it covers, quoted whole from the label on, so that a quote says what it
    is about: a bold line ("**Contraindications:**") covers the list below it, a
    heading ("#### Children") everything up to the next heading.
    """
    lines = text.split("\n")
    found: list[Unit] = []
    label: str | None = None
    first = end = 0
    heading = False
    parts: list[tuple[str | None, str]] = []

    def close() -> None:
        nonlocal label
        if label is not None and parts:
            found.append((label, "\n".join(lines[first:end]).strip(), list(parts)))
        elif label is not None and not heading:  # "* **Liver damage (in overdose)**" alone
            alone = "\n".join(lines[first:end]).strip()
            found.append((label, alone, [(label, _ITEM.sub("", alone, count=1))]))
        label = None
        parts.clear()

    for kind, own, body, start, stop in _blocks(lines):
        if kind == "label":
            close()
            label, first, heading = own, start, bool(_SUB_HEADING.match(lines[start]))
            end = stop + 1
            continue
        # A bold label's list runs on through items, labelled or not ("**Adult dose:**",
        # then "* **IV:** ..."; "* **Q: ...?**", then "* **A:** ...").
        covers = heading or kind == "item"
        if label is not None and not covers and not parts and own is None:
            covers = True  # "**Contraindicated in:**", then its paragraph; "**Q: ...?**", "A: ..."
            parts.append((own, body))
            end = stop + 1
            close()
            continue
        if label is not None and covers:
            parts.append((own, body))
            end = stop + 1
            continue
        close()  # a paragraph ends a bold label's list
        found.append((own, body, [(own, body)]))
    close()
    return found


def _blocks(lines: list[str]) -> list[tuple[str, str | None, str, int, int]]:
    """Split lines into blocks: (kind, own label, text, first line, last line).

    Kinds: "label" (a bold label alone on its line, or a heading), "item", "paragraph",
    "table" (a Markdown table, with the "Table N: ..." caption line just above it).
    """
    found: list[tuple[str, str | None, str, int, int]] = []
    start = -1

    def close(stop: int) -> None:
        nonlocal start
        if start < 0:
            return
        block = "\n".join(lines[start:stop]).strip()
        first, start = start, -1
        body = _ITEM.sub("", block, count=1)
        lead = _BOLD_LEAD.match(body)
        if lead and not body[lead.end() :].strip(" :*_"):
            found.append(("label", lead["label"], body, first, stop - 1))
            return
        is_item = bool(_ITEM.match(block))
        if lead is None and is_item:
            lead = _PLAIN_LEAD.match(body)  # "* Pregnancy: it is not known ..."
        kind = "item" if is_item else "paragraph"
        found.append((kind, lead["label"] if lead else None, body, first, stop - 1))

    number = 0
    while number < len(lines):
        line = lines[number]
        heading = _SUB_HEADING.match(line)
        if _table_starts(lines, number):
            close(number)
            first = number
            if found and _caption_before(found[-1], lines, number):
                first = found.pop()[3]  # "**Table 4: ...**" just above goes with its table
            number += 2
            while number < len(lines) and _ROW.match(lines[number]):
                number += 1
            found.append(("table", None, "\n".join(lines[first:number]).strip(), first, number - 1))
            continue
        if heading:
            close(number)
            found.append(("label", heading["text"].strip(), line, number, number))
        elif not line.strip():
            close(number)
        elif _ITEM.match(line) or (line.lstrip().startswith(("**Q", "__Q")) and start >= 0):
            close(number)
            start = number
        elif start < 0:
            start = number
        number += 1
    close(len(lines))
    return found


# A Markdown table: a row, a delimiter row ("|---|:--:|"), then rows, each a line
# of cells between pipes (a cell may hold "<br>").
_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_DELIMITER = re.compile(r"^ {0,3}\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
# A table's caption, on its own line just above it: "**Table 4: Dosage in ...**".
_CAPTION = re.compile(r"^[*_]*Table\s+[\w.-]+\b")


def _table_starts(lines: list[str], number: int) -> bool:
    """Tell whether a Markdown table starts at a line: a row, then a delimiter row."""
    return (
        number + 1 < len(lines)
        and bool(_ROW.match(lines[number]))
        and bool(_DELIMITER.match(lines[number + 1]))
    )


def _caption_before(
    block: tuple[str, str | None, str, int, int], lines: list[str], at: int
) -> bool:
    """Tell whether a block is a one-line "Table N: ..." caption right above a table."""
    _, _, text, first, last = block
    between = lines[last + 1 : at]
    return first == last and bool(_CAPTION.match(text)) and not any(s.strip() for s in between)


def sentences(text: str) -> list[str]:
    """Split a paragraph or list item into whole sentences, as written."""
    return [text[start:end] for start, end in spans(text)]


def spans(text: str) -> list[tuple[int, int]]:
    """Return where each whole sentence of a paragraph or list item starts and ends.

    A table's row is one span, whole, and so is each line of a table's text that is
    not a row (its caption, its delimiter): a sentence never runs across cells.
    """
    if "|" not in text:
        return _sentence_spans(text, 0, len(text))
    found: list[tuple[int, int]] = []
    start = 0
    for line in re.finditer(r"[^\n]*(?:\n|$)", text):
        if not _ROW.match(line.group().rstrip("\n")):
            continue
        found.extend(_sentence_spans(text, start, line.start()))
        row = line.group().rstrip("\n")
        lead = len(row) - len(row.lstrip())
        found.append((line.start() + lead, line.start() + len(row.rstrip())))
        start = line.end()
    found.extend(_sentence_spans(text, start, len(text)))
    return [(first, last) for first, last in found if not _DELIMITER.match(text[first:last])]


def _sentence_spans(text: str, begin: int, stop: int) -> list[tuple[int, int]]:
    """Return where each whole sentence of text[begin:stop] starts and ends."""
    found: list[tuple[int, int]] = []
    start = begin

    def add(end: int) -> None:
        piece = text[start:end]
        if piece.strip():
            lead = len(piece) - len(piece.lstrip())
            found.append((start + lead, start + len(piece.rstrip())))

    for match in _END.finditer(text, begin, stop):
        before = text[start : match.start()].rsplit(None, 1)
        word = before[-1].rstrip(".").casefold().lstrip("(\"'") if before else ""
        if word in _ABBREVIATIONS:
            continue  # "e.g. Aspirin", "approx. 5", "5 mg. Then": not an end
        add(match.end())
        start = match.end()
    add(stop)
    return found


def answer(monograph: Monograph, keys: list[str]) -> tuple[list[Section | Gathered], list[str]]:
    """Return what a monograph says for each key, in the order asked, and the keys it lacks.

    A section key is answered by its sections. A topic is answered by its written
    sections and by what the other sections say about it, in document order: a
    "Renal Impairment" subsection of a label comes with the dosing rules and
    contraindications that speak of the kidneys.
    """
    chosen: list[Section | Gathered] = []
    missing: list[str] = []
    for key in keys:
        if key in TOPICS:
            parts = [
                part if not isinstance(part, list) else Gathered(key, TITLES[key], part)
                for part in _parts(monograph, key)
            ]
        else:
            parts = [section for section in monograph.sections if section.key == key]
        if parts:
            chosen.extend(parts)
        else:
            missing.append(key)
    return chosen, missing
