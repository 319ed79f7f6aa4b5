"""Units of Markdown text: labelled blocks, tables and whole sentences, as written.

A monograph's section text is read as blocks (a label line, a list item, a
paragraph, a table with its caption), grouped into units by the label that covers
them, and split into sentences; a table's row is never cut. topics.py and
mentions.py quote from these.
"""

from __future__ import annotations

import re

__all__ = ["ROW", "Unit", "is_table", "lead_ins", "sentences", "spans", "units"]

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


# A line that introduces a list: it ends in ":" or stops mid-sentence ("The chance
# is higher if the child"), with no full stop, question or exclamation mark.
_OPEN_END = re.compile(r"(?::|[^.!?:;)\]\"'\u201d*_\s])[*_\s]*$")


def lead_ins(text: str) -> dict[str, tuple[str, str]]:
    """Map each list item that does not stand alone to its list's lead-in and its lines.

    An item does not stand alone when the paragraph just above its list introduces it
    ("The chance is higher if the child", "Tell your doctor if you take:"); a bold
    label line just above that paragraph ("**Stomach bleeding warning:**") is part of
    the lead-in. Keys are the items' text as units() gives it (without the marker);
    values are the lead-in and the item's lines, both as written.
    """
    lines = text.split("\n")
    blocks = _blocks(lines)
    found: dict[str, tuple[str, str]] = {}
    lead: str | None = None
    for number, (kind, own, body, first, last) in enumerate(blocks):
        if kind == "item" and own is None and lead is not None:
            found.setdefault(body, (lead, "\n".join(lines[first : last + 1]).strip()))
            continue
        if kind == "item":
            continue  # items of a list without a lead-in, or with labels of their own
        lead = None
        if kind != "paragraph" or not _OPEN_END.search(body) or number + 1 >= len(blocks):
            continue
        if blocks[number + 1][0] != "item":
            continue
        start = first
        above = blocks[number - 1] if number else None
        if above is not None and above[0] == "label" and not _SUB_HEADING.match(lines[above[3]]):
            start = above[3]  # "**Stomach bleeding warning:**" names what the list is about
        lead = "\n".join(lines[start : last + 1]).strip()
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
            while number < len(lines) and ROW.match(lines[number]):
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
ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_DELIMITER = re.compile(r"^ {0,3}\|(?:[ \t]*:?-+:?[ \t]*\|)+[ \t]*$")
# A table's caption, on its own line just above it: "**Table 4: Dosage in ...**".
_CAPTION = re.compile(r"^[*_]*Table\s+[\w.-]+\b")


def _table_starts(lines: list[str], number: int) -> bool:
    """Tell whether a Markdown table starts at a line: a row, then a delimiter row."""
    return (
        number + 1 < len(lines)
        and bool(ROW.match(lines[number]))
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
        if not ROW.match(line.group().rstrip("\n")):
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


def is_table(text: str) -> bool:
    """Tell whether a block of text is a Markdown table (with its caption, maybe)."""
    return any(_DELIMITER.match(line) for line in text.split("\n"))
