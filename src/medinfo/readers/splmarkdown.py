"""The narrative text of an SPL section as Markdown: paragraphs, lists, emphasis, tables."""

from __future__ import annotations

import re

from medinfo.readers.splchars import bold, bridges, edge_marks, literal, script, spaced, spanned
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

NS = "{urn:hl7-org:v3}"
# Elements whose text is never shown: Highlights repeat the section in short, and
# images are not text.
_SKIPPED = frozenset(f"{NS}{tag}" for tag in ("excerpt", "renderMultiMedia", "observationMedia"))
# Tags compared whole, namespace included: the reader meets hundreds of thousands.
_PARAGRAPH, _LIST, _TABLE, _CAPTION, _ITEM = (
    f"{NS}{tag}" for tag in ("paragraph", "list", "table", "caption", "item")
)
_BR, _SUP, _SUB, _FOOTNOTE, _LINK, _CONTENT = (
    f"{NS}{tag}" for tag in ("br", "sup", "sub", "footnote", "linkHtml", "content")
)
_CONTAINERS = frozenset(f"{NS}{tag}" for tag in ("text", "section", "component"))
_BLOCKS = frozenset((_PARAGRAPH, _LIST, _TABLE))
_CELLS = frozenset((f"{NS}td", f"{NS}th"))


def element_text(element: Element | None) -> str:
    """Return all the text inside an element, with inline markup as Markdown."""
    if element is None:
        return ""
    return _inline(element)


def markdown(text: Element | None) -> str:
    """Return a section's <text> as Markdown blocks."""
    if text is None:
        return ""
    blocks = _blocks(text)
    joined = clean("\n\n".join(block for block in blocks if block.strip())).strip()
    return _LEADING_BOLD.sub(_unlabel, joined) if "**" in joined else joined


# A line that opens with a section's name in bold ("**WARNINGS**", "**Active
# Ingredient**:") would be read as the start of that section if the label is written
# out as Markdown and read back; in bold italics no reader takes it for a label.
_LEADING_BOLD = re.compile(r"^\*\*(?P<label>[^*\n]{1,80})\*\*", re.M)


def _unlabel(match: re.Match[str]) -> str:
    """Return a leading bold label in bold italics when it names a section."""
    from medinfo.sections import BOLD_KEYS, classify

    label = classify(match["label"])
    return f"***{match['label']}***" if label and label.key in BOLD_KEYS else match[0]


def _blocks(element: Element) -> list[str]:
    """Return the blocks (paragraphs, lists, tables) inside an element.

    Text and inline elements straight inside it ("m<sup>2</sup>" between two
    tables) are one paragraph, as they read, not a paragraph each.
    """
    blocks: list[str] = []
    loose = element.text or ""
    run: list[Element] = []
    tails: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            if tails:
                tails[-1] += " " + (child.tail or "")
            else:
                loose += " " + (child.tail or "")
            continue
        if tag not in _BLOCKS and tag not in _CONTAINERS:  # inline content straight in it
            run.append(child)
            tails.append(child.tail or "")
            continue
        blocks.append(_loose(loose, run, tails))
        loose, run, tails = child.tail or "", [], []
        if tag == _PARAGRAPH:
            blocks.append(_paragraph(child))
        elif tag == _LIST:
            blocks.append(_list(child))
        elif tag == _TABLE:
            blocks.append(_table(child))
        else:
            blocks.extend(_blocks(child))
    blocks.append(_loose(loose, run, tails))
    return [block for block in blocks if block]


def _loose(text: str, run: list[Element], tails: list[str]) -> str:
    """Return text and inline elements outside any paragraph as one, its lines kept."""
    if not run and not text.strip():
        return ""
    lines = (" ".join(line.split()) for line in _inline_parts(text, run, tails).split("\n"))
    return "\n".join(literal(line) for line in lines if line)


def _paragraph(element: Element) -> str:
    """Return a paragraph, its lines kept apart where <br/> breaks them."""
    inline = _inline(element)
    if "\n" in inline:
        lines = [literal(" ".join(line.split())) for line in inline.split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = literal(" ".join(inline.split()))
    caption = element.find(_CAPTION)
    if caption is not None:
        text = f"{bold(' '.join(_inline(caption).split()))}\n{text}".strip()
    return text


def _inline(element: Element) -> str:
    """Return the text of an element with emphasis, sub/superscripts, links and breaks."""
    if not len(element):
        text = element.text or ""
        return text.replace("\n", " ") if "\n" in text else text
    return _inline_parts(element.text or "", list(element))


_STYLED = re.compile(r"bold|italics|emphasis", re.I)
_WORD = re.compile(r"[^\W_]")


def _inline_parts(text: str, children: list[Element], tails: list[str] | None = None) -> str:
    """Return text and the inline children that follow it as Markdown.

    Each child is followed by its tail, or by tails[i] when tails are given (an item
    whose lists and tables were taken out, their tails joined to what precedes them).
    """
    if "\n" in text:
        text = text.replace("\n", " ")
    parts: list[str] = [text]
    last = text[-1:]  # the character before the next child, for emphasis to open
    # The part that closes the last emphasis run and its mark, while only white space
    # (or emphasis of the same kind around no word, "®") follows it.
    run: tuple[int, str] | None = None
    for index, child in enumerate(children):
        tag = child.tag
        tail = (child.tail or "") if tails is None else tails[index]
        if "\n" in tail:
            tail = tail.replace("\n", " ")
        bridged = False  # whether this child and its tail leave the run open
        if tag == _CONTENT:
            style = child.get("styleCode") or ""
            if style and _STYLED.search(style):
                nxt = children[index + 1] if index + 1 < len(children) else None
                after = tail[:1] or (_first(nxt) if nxt is not None else "")
                inner, opens, closes = _styled(child, last, after)
            else:  # underline, a font or no style: nothing to show in Markdown
                inner, opens, closes = _inline(child), "", ""
            if not opens and not closes and len(child):  # a bold run at a wrapper's edge
                opens, closes = _edges(child, inner)
            if run and opens and opens == run[1]:
                # "**ser** **i** **ous**", "**A****B**": runs of one emphasis, with
                # nothing but white space between them, are one run
                at = run[0]
                kept = parts[at].rstrip()
                parts[at] = kept[: -len(opens)] + parts[at][len(kept) :]
                start = len(inner) - len(inner.lstrip())
                inner = inner[:start] + inner[start + len(opens) :]
            if closes:
                run = (len(parts), closes)
                bridged = True
            elif not opens and run and bridges(inner, style, run[1]):
                bridged = True  # bold around "®" or white space alone
        elif tag in _SKIPPED or tag == _CAPTION:
            inner = ""
        elif tag == _BR:
            inner = "\n"
        elif tag in (_SUP, _SUB):
            inner = script(_inline(child), tag == _SUP)
        elif tag == _FOOTNOTE:
            inner = f" [{' '.join(_inline(child).split())}]"
        elif tag == _LINK:
            raw = _inline(child)
            label = " ".join(raw.split())
            href = child.get("href", "")
            inner = f"[{label}]({href})" if href.startswith(("http://", "https://")) else label
            inner = spaced(raw, inner)  # "see<linkHtml> Dosage</linkHtml>": not "seeDosage"
        elif tag in _BLOCKS:
            inner = "\n" + "\n".join(_blocks_of(child)) + "\n"
        else:
            inner = _inline(child)
        if not bridged and not (run and bridges(inner, "", "")):
            run = None
        parts.append(inner)
        if tail:
            parts.append(tail)
            if run and not bridges(tail, "", ""):
                run = None
        last = (tail or inner or last)[-1:]
    return "".join(parts)


def _edges(element: Element, inner: str) -> tuple[str, str]:
    """Return the bold marks of the bold runs at a wrapper's edges (italics around bold)."""
    bolds = [e.tag == _CONTENT and "bold" in (e.get("styleCode") or "").lower() for e in element]
    loose = (element.text or "").strip(), (element[-1].tail or "").strip()
    return edge_marks(inner, bolds[0] and not loose[0], bolds[-1] and not loose[1])


def _first(element: Element) -> str:
    """Return the first character of an element's text, if any."""
    return next((text[:1] for text in element.itertext() if text), "")


def _blocks_of(element: Element) -> list[str]:
    """Return one block-level element as Markdown lines."""
    tag = element.tag
    if tag == _LIST:
        return [_list(element)]
    if tag == _TABLE:
        return [_table(element)]
    return [_paragraph(element)]


def _styled(element: Element, before: str = "", after: str = "") -> tuple[str, str, str]:
    """Return <content> text, bold or italic as its styleCode says, and its edge marks.

    Emphasis goes only around words (around "(" alone it would show as "**(**"),
    and punctuation at its edge goes outside it where a word touches it, as
    Markdown would not otherwise read the marks as emphasis ("**Note:**Take").
    The marks returned are the one the text opens with (after white space) and
    the one it closes with (before white space), empty where punctuation or
    nothing stands there: where another run of the same emphasis may join it.
    """
    text = _inline(element)
    style = (element.get("styleCode") or "").casefold()
    core = text.strip()
    if not core or "\n" in core or not _WORD.search(core):
        return text, "", ""
    if "bold" in style:
        mark = "**"
    elif "italics" in style or "emphasis" in style:
        mark = "*"
    else:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if mark == "**":
        core = core.replace("**", "")  # bold inside bold: once is enough
    elif core.startswith("*") or core.endswith("*"):
        return text, "", ""  # italics around bold or italics: Markdown has no way to say it
    head = tail = ""
    if not trail and after[:1].isalnum():
        while core and not core[-1].isalnum():
            tail = core[-1] + tail
            core = core[:-1]
    if not lead and before[:1].isalnum():
        while core and not core[0].isalnum():
            head += core[0]
            core = core[1:]
    if not core.strip() or core != core.strip():
        return text, "", ""
    styled = f"{lead}{head}{mark}{core}{mark}{tail}{trail}"
    return styled, "" if head else mark, "" if tail else mark


# The bullets a list item may carry as its own marker, in its caption or as its
# first character; "o" is a caption only (a bullet drawn in a symbol font).
_BULLETS = frozenset("•●·▪▫◦∘○■□◆◇►▸‣\u2043\u2013-*✓✔➢➤")  # \u2043 hyphen bullet, en dash
_NUMBERED = re.compile(r"\d{1,9}[.)]")
# A number as an item's first words: "1. Osteoarthritis", "2.Ketoprofen" (not "2.5 mg").
_NUMBER_FIRST = re.compile(r"(\d{1,9}[.)])(?: +|(?=[A-Z]))")


def _list(element: Element, indent: str = "") -> str:
    """Return a list, ordered or not, its caption first, nested lists and tables indented.

    An item's own marker (a caption "1." or "•", a bullet as its first character)
    is used instead of the list's: a number stays that number, a bullet a bullet,
    and any other ("a.", "(i)") starts a line of its own before the item's text.
    What is nested in an item is indented to its text, so it stays in the item.
    """
    ordered = (element.get("listType") or "").casefold() == "ordered"
    lines: list[str] = []
    caption = element.find(_CAPTION)
    caption_text = " ".join(_inline(caption).split()) if caption is not None else ""
    if caption_text:
        lines.append(f"{indent}{bold(caption_text)}")
    for number, item in enumerate(element.findall(_ITEM), 1):
        own = ""
        inline: list[Element] = []
        tails: list[str] = []
        nested: list[Element] = []
        before = item.text or ""
        for child in item:
            tag = child.tag
            if tag in (_LIST, _TABLE):  # a table stays a table, below its item
                nested.append(child)
            elif tag == _CAPTION and not own and not inline and not before.strip():
                own = " ".join(_inline(child).split())
            elif tag == _CAPTION:  # a caption further on is text of the item
                words = f" {_inline(child)} {child.tail or ''}"
                if tails:
                    tails[-1] += words
                else:
                    before += words
                continue
            else:
                inline.append(child)
                tails.append(child.tail or "")
                continue
            tail = child.tail or ""  # the text after a nested block goes on the item's line
            if tails:
                tails[-1] += " " + tail
            else:
                before += " " + tail
        # Lines broken by <br/> stay lines (continuation lines of the item; in a
        # table cell, lines of the cell).
        broken = (
            " ".join(line.split()) for line in _inline_parts(before, inline, tails).split("\n")
        )
        text, *more = [line for line in broken if line] or [""]
        if not own and text[:1] in _BULLETS and text[1:2] in ("", " ") and text[:1] != "*":
            own, text = text[:1], text[2:]
        elif (not own or own in _BULLETS) and (numbered := _NUMBER_FIRST.match(text)):
            # a number, also after a bullet ("• 2. Naproxen"): the number says more
            own, text = numbered[1], text[numbered.end() :]
        if not text and not nested:
            continue  # an empty item says nothing, and a bare "-" would underline a heading
        if _NUMBERED.fullmatch(own):
            marker = own
        elif own in _BULLETS or own == "o" or (not own and not ordered):
            marker = "-"
        elif not own:
            marker = f"{number}."
        else:  # a marker Markdown has no list for: the item's own line, as written
            if lines and lines[-1]:
                lines.append("")
            lines.append(f"{indent}{literal(f'{own} {text}'.strip())}")
            lines.extend(f"{indent}{literal(line)}" for line in more)
            lines.extend(block for child in nested if (block := _nested(child, indent)))
            lines.append("")
            continue
        if text:
            inner = indent + " " * (len(marker) + 1)
            lines.append(f"{indent}{marker} {text}".rstrip())
            lines.extend(f"{inner}{literal(line)}" for line in more)
            lines.extend(block for child in nested if (block := _nested(child, inner)))
        else:  # an item holding only a list or table: that, at the list's own level
            lines.extend(block for child in nested if (block := _nested(child, indent)))
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def _nested(element: Element, indent: str) -> str:
    """Return a list or table inside a list item, indented to the item's text."""
    if element.tag == _LIST:
        return _list(element, indent)
    return "\n".join(f"{indent}{line}" if line else line for line in _table(element).split("\n"))


def _table(element: Element) -> str:
    """Return a table as a Markdown pipe table, with its caption and footnotes kept.

    Spanned cells are flattened: the text stands in the first cell it spans, the
    others are left empty, so every row has as many cells as the widest.
    """
    caption = element.find(_CAPTION)
    rows: list[list[str]] = []
    header_rows = 0
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    notes = [  # below the table, a line each, as the label prints them
        note
        for foot in element.findall(f"{NS}tfoot")
        for cell in foot.iter()
        if cell.tag in _CELLS
        for line in _inline(cell).split("\n")
        if (note := literal(" ".join(line.split())))
    ]
    for part in ("thead", "tbody"):
        for section in element.findall(f"{NS}{part}"):
            for row in section.findall(f"{NS}tr"):
                cells: list[str] = []
                column = 0
                for cell in row:
                    if cell.tag not in _CELLS:
                        continue
                    while pending.get(column, 0) > 0:
                        cells.append("")
                        pending[column] -= 1
                        column += 1
                    cells.append(_cell(cell))
                    colspan_text, rowspan_text = cell.get("colspan"), cell.get("rowspan")
                    span = spanned(colspan_text) if colspan_text else 1
                    rowspan = spanned(rowspan_text) if rowspan_text else 1
                    for extra in range(span):
                        if extra:
                            cells.append("")
                        if rowspan > 1:
                            pending[column + extra] = rowspan - 1
                    column += span
                while pending.get(column, 0) > 0:
                    cells.append("")
                    pending[column] -= 1
                    column += 1
                rows.append(cells)
                if part == "thead":
                    header_rows += 1
    for row in element.findall(f"{NS}tr"):  # rows straight under <table>
        rows.append([_cell(c) for c in row if c.tag in _CELLS])
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    head = rows[0] if header_rows else [""] * width
    body = rows[1:] if header_rows else rows
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    text = "\n".join(lines)
    title = bold(" ".join(_inline(caption).split())) if caption is not None else ""
    if title:
        text = f"{title}\n\n{text}"
    if notes:  # footnotes below the table, as the label prints them
        text += "\n\n" + "\n".join(notes)
    return text


def _cell(cell: Element) -> str:
    """Return a table cell on one line, its line breaks as <br> (as GFM tables write them).

    A <br/> in a cell separates lines that pair with the lines of the next cell
    (one drug a line, one recommendation a line): flattened, the pairs are lost.
    """
    inline = _inline(cell)
    if "\n" in inline:
        lines = (" ".join(line.split()) for line in inline.split("\n"))
        text = "<br>".join(line for line in lines if line)
    else:
        text = " ".join(inline.split())
    return text.replace("|", "\\|") if "|" in text else text
