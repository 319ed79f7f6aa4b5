"""The narrative text of an SPL section as Markdown: paragraphs, lists, emphasis, tables."""

from __future__ import annotations

import re

from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

NS = "{urn:hl7-org:v3}"
_SUPERSCRIPT = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUP_CHARS = frozenset("0123456789+-=()n")
_SUB_CHARS = frozenset("0123456789+-=()")
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


# A label line that Markdown would take for a heading, a heading's underline, a
# rule or a code fence ("# Scale from 0", a footnote mark; a row of dashes under a
# paragraph; "~~~ see below ~~~") is text: its first mark is escaped.
_STRUCTURE = re.compile(
    r"#{1,6}(?:[ \t]|$)|=+ *$|-+ *$|(?:- *){3,}$|(?:_ *){3,}$|(?:\* *){3,}$|```|~~~"
)


def _literal(line: str) -> str:
    """Return a line of label text, escaped if Markdown would read it as structure."""
    if line and line[0] in "#-=_*`~" and _STRUCTURE.match(line):
        return "\\" + line
    return line


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
    """Return the blocks (paragraphs, lists, tables) inside an element."""
    blocks: list[str] = []
    loose = element.text.strip() if element.text else ""
    if loose:
        blocks.append(_literal(" ".join(loose.split())))
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            pass
        elif tag == _PARAGRAPH:
            blocks.append(_paragraph(child))
        elif tag == _LIST:
            blocks.append(_list(child, 0))
        elif tag == _TABLE:
            blocks.append(_table(child))
        elif tag in _CONTAINERS:
            blocks.extend(_blocks(child))
        else:  # inline content directly in <text>
            blocks.append(_literal(" ".join(_inline(child).split())))
        tail = child.tail.strip() if child.tail else ""
        if tail:
            blocks.append(_literal(" ".join(tail.split())))
    return blocks


def _paragraph(element: Element) -> str:
    """Return a paragraph, its lines kept apart where <br/> breaks them."""
    inline = _inline(element)
    if "\n" in inline:
        lines = [_literal(" ".join(line.split())) for line in inline.split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = _literal(" ".join(inline.split()))
    caption = element.find(_CAPTION)
    if caption is not None:
        text = f"**{' '.join(_inline(caption).split())}**\n{text}".strip()
    return text


def _inline(element: Element) -> str:
    """Return the text of an element with emphasis, sub/superscripts, links and breaks."""
    if not len(element):
        return element.text or ""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == _CONTENT:
            inner = _styled(child)
        elif tag in _SKIPPED or tag == _CAPTION:
            inner = ""
        elif tag == _BR:
            inner = "\n"
        elif tag == _SUP:  # "m²"; what has no superscript letter stays readable: "^TM"
            raw = _inline(child).strip()
            if not raw:
                inner = ""
            elif set(raw) <= _SUP_CHARS:
                inner = raw.translate(_SUPERSCRIPT)
            elif not any(ch.isalnum() for ch in raw):
                inner = raw  # "®", "*", "†": marks that read the same either way
            else:
                inner = f"^{raw}"
        elif tag == _SUB:
            raw = _inline(child).strip()
            inner = raw.translate(_SUBSCRIPT) if set(raw) <= _SUB_CHARS else f"_{raw}"
        elif tag == _FOOTNOTE:
            inner = f" [{' '.join(_inline(child).split())}]"
        elif tag == _LINK:
            label = " ".join(_inline(child).split())
            href = child.get("href", "")
            inner = f"[{label}]({href})" if href.startswith(("http://", "https://")) else label
        elif tag in _BLOCKS:
            inner = "\n" + "\n".join(_blocks_of(child)) + "\n"
        else:
            inner = _inline(child)
        parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)


def _blocks_of(element: Element) -> list[str]:
    """Return one block-level element as Markdown lines."""
    tag = element.tag
    if tag == _LIST:
        return [_list(element, 0)]
    if tag == _TABLE:
        return [_table(element)]
    return [_paragraph(element)]


def _styled(element: Element) -> str:
    """Return <content> text, bold or italic as its styleCode says."""
    text = _inline(element)
    style = (element.get("styleCode") or "").casefold()
    core = text.strip()
    if not core or "\n" in core:
        return text
    if "bold" in style:
        core = f"**{core}**"
    elif "italics" in style or "emphasis" in style:
        core = f"*{core}*"
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{core}{trail}"


def _list(element: Element, depth: int) -> str:
    """Return a list, ordered or not, its caption first, nested lists and tables indented."""
    ordered = (element.get("listType") or "").casefold() == "ordered"
    lines: list[str] = []
    caption = element.find(_CAPTION)
    caption_text = " ".join(_inline(caption).split()) if caption is not None else ""
    if caption_text:
        lines.append(f"{'  ' * depth}**{caption_text}**")
    for number, item in enumerate(element.findall(_ITEM), 1):
        marker = f"{number}." if ordered else "-"
        text_parts: list[str] = [item.text or ""]
        nested: list[str] = []
        for child in item:
            tag = child.tag
            if tag == _LIST:
                nested.append(_list(child, depth + 1))
            elif tag == _TABLE:  # a table stays a table, below its item
                table = _table(child)
                nested.append(
                    "\n".join(f"{'  ' * (depth + 1)}{line}" for line in table.split("\n"))
                )
            elif tag == _CAPTION:
                text_parts.append(" " + _inline(child) + " ")
            elif tag == _PARAGRAPH:
                text_parts.append(" " + _paragraph(child) + " ")
            else:
                text_parts.append(_inline(child))
            text_parts.append(child.tail or "")
        text = " ".join("".join(text_parts).split())
        if not text and not nested:
            continue  # an empty item says nothing, and a bare "-" would underline a heading
        if text:
            lines.append(f"{'  ' * depth}{marker} {text}".rstrip())
            lines.extend(nested)
        else:  # an item holding only a list or table: that, one level up
            lines.extend(
                line[2:] if line.startswith("  ") else line
                for block in nested
                for line in block.split("\n")
            )
    return "\n".join(lines)


def _table(element: Element) -> str:
    """Return a table as a Markdown pipe table, with its caption and footnotes kept.

    Spanned cells are flattened: the text stands in the first cell it spans, the
    others are left empty, so every row has as many cells as the widest.
    """
    caption = element.find(_CAPTION)
    rows: list[list[str]] = []
    header_rows = 0
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    notes = [
        note
        for foot in element.findall(f"{NS}tfoot")
        for cell in foot.iter()
        if cell.tag in _CELLS and (note := _literal(" ".join(_inline(cell).split())))
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
                    text = " ".join(_inline(cell).split())
                    cells.append(text.replace("|", "\\|") if "|" in text else text)
                    colspan_text, rowspan_text = cell.get("colspan"), cell.get("rowspan")
                    span = _int(colspan_text) if colspan_text else 1
                    rowspan = _int(rowspan_text) if rowspan_text else 1
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
        cells = [" ".join(_inline(c).split()) for c in row if c.tag in _CELLS]
        rows.append([cell.replace("|", "\\|") for cell in cells])
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
    if caption is not None:
        text = f"**{' '.join(_inline(caption).split())}**\n\n{text}"
    if notes:  # footnotes below the table, as the label prints them
        text += "\n\n" + "\n".join(notes)
    return text


def _int(value: str | None) -> int:
    """Return a span attribute as a count from 1 to 1,000 (as browsers cap colspan)."""
    try:
        return min(1000, max(1, int(value or "1")))
    except ValueError:
        return 1
