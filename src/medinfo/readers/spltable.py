"""An SPL table as a Markdown pipe table, with the words search indexes of it."""

from __future__ import annotations

from medinfo.readers import splwords
from medinfo.readers.splchars import bold, literal, spanned

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from xml.etree.ElementTree import Element

    from medinfo.readers.splwords import Lines

NS = "{urn:hl7-org:v3}"
_CAPTION = f"{NS}caption"
_CELLS = frozenset((f"{NS}td", f"{NS}th"))


def table(element: Element, inline_text: Callable[[Element], str]) -> tuple[str, Lines]:
    """Return a table as a Markdown pipe table, with its caption and footnotes kept.

    Spanned cells are flattened: the text stands in the first cell it spans, the
    others are left empty, so every row has as many cells as the widest. Its words
    are the caption's, a line per cell (a line per line of a cell), the notes'.
    inline_text returns an element's inline Markdown (medinfo.readers.splmarkdown's).
    """
    caption = element.find(_CAPTION)
    rows: list[list[tuple[str, str | None]]] = []
    header_rows = 0
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan above
    notes = [  # below the table, a line each, as the label prints them
        note
        for foot in element.findall(f"{NS}tfoot")
        for cell in foot.iter()
        if cell.tag in _CELLS
        for line in inline_text(cell).split("\n")
        if (note := literal(" ".join(line.split())))
    ]
    empty = ("", "")
    for part in ("thead", "tbody"):
        for section in element.findall(f"{NS}{part}"):
            for row in section.findall(f"{NS}tr"):
                cells: list[tuple[str, str | None]] = []
                column = 0
                for cell in row:
                    if cell.tag not in _CELLS:
                        continue
                    while pending.get(column, 0) > 0:
                        cells.append(empty)
                        pending[column] -= 1
                        column += 1
                    cells.append(_cell(inline_text(cell)))
                    colspan_text, rowspan_text = cell.get("colspan"), cell.get("rowspan")
                    span = spanned(colspan_text) if colspan_text else 1
                    rowspan = spanned(rowspan_text) if rowspan_text else 1
                    for extra in range(span):
                        if extra:
                            cells.append(empty)
                        if rowspan > 1:
                            pending[column + extra] = rowspan - 1
                    column += span
                while pending.get(column, 0) > 0:
                    cells.append(empty)
                    pending[column] -= 1
                    column += 1
                rows.append(cells)
                if part == "thead":
                    header_rows += 1
    for row in element.findall(f"{NS}tr"):  # rows straight under <table>
        rows.append([_cell(inline_text(c)) for c in row if c.tag in _CELLS])
    rows = [row for row in rows if any(cell[0].strip() for cell in row)]
    if not rows:
        return "", []
    width = max(len(row) for row in rows)
    rows = [row + [empty] * (width - len(row)) for row in rows]
    head = rows[0] if header_rows else [empty] * width
    body = rows[1:] if header_rows else rows
    lines = ["| " + " | ".join(cell[0] for cell in head) + " |", "|" + "---|" * width]
    lines += ["| " + " | ".join(cell[0] for cell in row) + " |" for row in body]
    text = "\n".join(lines)
    said: list[str | None] = [cell[1] for row in [head, *body] for cell in row]
    title = bold(" ".join(inline_text(caption).split())) if caption is not None else ""
    if title:
        text = f"{title}\n\n{text}"
        said.insert(0, splwords.paragraph(title))
    if notes:  # footnotes below the table, as the label prints them
        text += "\n\n" + "\n".join(notes)
        said.append(splwords.paragraph("\n".join(notes)))
    return text, None if None in said else [line for line in said if line is not None]


def _cell(inline: str) -> tuple[str, str | None]:
    """Return a table cell on one line, its line breaks as <br> (as GFM tables write them),
    and its words, a line per line.

    A <br/> in a cell separates lines that pair with the lines of the next cell
    (one drug a line, one recommendation a line): flattened, the pairs are lost.
    """
    if "\n" in inline:
        lines = [line for line in (" ".join(line.split()) for line in inline.split("\n")) if line]
        text = "<br>".join(lines)
    else:
        text = " ".join(inline.split())
        lines = [text]
    # A table row splits at a pipe: a backslash before one escaped is read two ways.
    said = None if "|" in text and "\\" in text else splwords.cell(lines)
    return (text.replace("|", "\\|") if "|" in text else text), said
