"""Blocks (medinfo.readers.blocks) drawn with Rich's Text, Table and Rule, in rich.markdown's
styles; a numbered item keeps its own number. Monograph text reaches Rich as Text, never markup.
"""

from __future__ import annotations

import json

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Collection
    from typing import Any

_MARKS = {"b": "markdown.strong", "i": "markdown.em", "c": "markdown.code", "s": "markdown.s"}
_JUSTIFY = {"l": "left", "c": "center", "r": "right"}


def stored(blocks: str | None, text: str, lines: Collection[int] | None = None) -> RenderableType:
    """Return the view of a section from its stored blocks, or from its text parsed now.

    With lines, only the blocks that lie wholly on those lines of the text are shown
    (what a table beside them does not show); when a block lies across them, the
    text of those lines is parsed instead.
    """
    from medinfo.readers.blocks import built

    # None kept (a label whose reader gave its words): parsed now, drawn the same.
    entries = json.loads(blocks) if blocks else built(text)
    if entries is None:
        return markdown(text if lines is None else _lines_of(text, lines))
    if lines is not None:
        every = text.split("\n")
        shown = []
        for first, end, block in entries:
            # A block's lines may end with the blank line after it, which says nothing.
            said = [n for n in range(first, min(end, len(every))) if every[n].strip()]
            inside = sum(number in lines for number in said)
            if inside and inside < len(said):
                return markdown(_lines_of(text, lines))
            if inside:
                shown.append([first, end, block])
        entries = shown
    return view([block for _, _, block in entries])


def _lines_of(text: str, lines: Collection[int]) -> str:
    """Return the given lines of text."""
    return "\n".join(line for n, line in enumerate(text.split("\n")) if n in lines).strip("\n")


def markdown(text: str) -> RenderableType:
    """Return the view of Markdown text parsed now (a quote, or a text without blocks)."""
    from medinfo.readers.blocks import Unbuildable, build

    try:
        return view([block for _, _, block in build(text)])
    except (Unbuildable, RecursionError):
        from rich.markdown import Markdown

        return Markdown(text, hyperlinks=False)


def view(blocks: list[Any]) -> RenderableType:
    """Return blocks as one renderable, a blank line between them (none after a rule)."""
    parts: list[RenderableType] = []
    blank = False
    for block in blocks:
        if blank:
            parts.append(Text(""))
        parts.extend(_draw(block, ""))
        blank = block[0] != "hr"  # a rule brings its own empty line
    return Group(*parts)


def _draw(block: list[Any], base: str) -> list[RenderableType]:
    """Return the renderables of one block; base is the style of what holds it."""
    kind = block[0]
    if kind == "p":
        return [_text(block[1], base)]
    if kind == "h":
        justify = "center" if block[1] == 1 else "left"  # as rich.markdown places headings
        return [_text(block[2], f"{base} markdown.h{block[1]}".strip(), justify)]
    if kind == "ul":
        return [_Marked(" • ", "markdown.item.bullet", _inner(item, base)) for item in block[1]]
    if kind == "ol":
        numbers, items = block[1], block[2]
        width = max(len(str(n)) for n in [*numbers, numbers[0] + len(numbers)]) + 2
        return [
            _Marked(f"{n}".rjust(width - 1) + " ", "markdown.item.number", _inner(item, base))
            for n, item in zip(numbers, items, strict=True)
        ]
    if kind == "table":
        return [_table(block[1], block[2], block[3], base)]
    if kind == "hr":
        from rich.rule import Rule

        return [Rule(style="markdown.hr", characters="-"), Text()]
    if kind == "code":
        return [_text([block[1].rstrip()], f"{base} markdown.code_block".strip())]
    if kind == "quote":
        quoted = f"{base} markdown.block_quote".strip()
        return [_Marked("▌ ", "markdown.block_quote", _inner(block[1], quoted), 4, "▌ ")]
    raise ValueError(f"unknown block {kind!r}")


def _inner(blocks: list[Any], base: str) -> RenderableType:
    """Return the blocks inside a list item or quote, with no blank line between them."""
    return Group(*[part for block in blocks for part in _draw(block, base)])


def _text(spans: list[Any], base: str, justify: Any = "left") -> Text:
    """Return spans as Text: each piece styled by what holds it, then by its emphasis."""
    text = Text(justify=justify)
    outer = base.split()
    for span in spans:
        if isinstance(span, str):  # plain text
            _piece(text, span, outer)
            continue
        marks = [*outer, *(_MARKS[mark] for mark in span[1])]
        if len(span) == 2:
            _piece(text, span[0], marks)
            continue
        # A link shows its text and its address, as rich.markdown without hyperlinks.
        _piece(text, span[0], [*marks, "markdown.link"])
        _piece(text, " (", marks)
        _piece(text, span[2], [*marks, "markdown.link_url"])
        _piece(text, ")", marks)
    return text


def _piece(text: Text, words: str, styles: list[str]) -> None:
    """Append words to text with styles, the outermost first (so later ones win)."""
    start = len(text)
    text.append(words)
    for style in styles:
        text.stylize(style, start, len(text))


def _table(aligns: list[str], header: list[Any], rows: list[Any], base: str) -> RenderableType:
    """Return a table as rich.markdown draws one: simple box, header in the table style."""
    from rich import box
    from rich.table import Table

    table = Table(
        box=box.SIMPLE,
        pad_edge=False,
        style="markdown.table.border",
        show_edge=True,
        collapse_padding=True,
    )
    justify = [_JUSTIFY.get(align, "default") for align in aligns]
    for number, cell in enumerate(header):
        heading = _text(cell, base, justify[number])
        heading.stylize("markdown.table.header")
        table.add_column(heading, overflow="fold")  # a word cut with "…" is lost
    for row in rows:
        table.add_row(*(_text(cell, base, justify[n]) for n, cell in enumerate(row)))
    return table


class _Marked:
    """Blocks drawn narrower, after a marker on their first line (a bullet, a number)."""

    def __init__(
        self, marker: str, style: str, body: RenderableType, narrower: int = 0, rest: str = ""
    ) -> None:
        """Keep the marker, its style, what it marks, and what marks the lines after it."""
        self.marker = marker
        self.style = style
        self.body = body
        self.narrower = narrower or len(marker)
        self.rest = rest or " " * len(marker)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the body's lines, each after the marker or the space under it."""
        style = console.get_style(self.style, default="none")
        width = max(1, options.max_width - self.narrower)  # a cell narrower than a marker
        lines = console.render_lines(self.body, options.update(width=width))
        first, rest = Segment(self.marker, style), Segment(self.rest, style)
        for number, line in enumerate(lines):
            yield first if number == 0 else rest
            yield from line
            yield Segment.line()
