"""A section's Markdown for the terminal, as rich.markdown renders it, without importing it.

markdown(text) returns a renderable whose output is byte for byte that of
rich.markdown.Markdown(text, hyperlinks=False), at any width, with or without colour:
mdparse gives the tokens markdown-it would, and the elements below are those of
rich.markdown (Rich 15; tests/test_mdview.py compares the two) for the tokens monographs
hold: paragraphs, headings, lists, tables, rules, emphasis, links shown as
"label (url)", and "<br>" shown as a line break. A text mdparse does not handle goes
to rich.markdown itself. Text is never read as Rich markup: it only ever reaches Rich
inside Text objects.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.style import Style, StyleStack
from rich.table import Table
from rich.text import Text

from medinfo.render.mdparse import Token, Unsupported, parse


def markdown(text: str) -> RenderableType:
    """Return text rendered as rich.markdown would, links shown as text.

    A line break written "<br>" (in a table cell, where a line cannot break) is
    shown as one: rich.markdown would drop it, joining the words around it.
    """
    try:
        return MarkdownView(parse(text))
    except Unsupported:
        import re

        from markdown_it.token import Token as ItToken
        from rich.markdown import Markdown

        view = Markdown(text, hyperlinks=False)
        for block in view.parsed:
            for index, child in enumerate(block.children or ()):
                if child.type == "html_inline" and re.fullmatch(r"<br\s*/?>", child.content, re.I):
                    assert block.children is not None
                    block.children[index] = ItToken("hardbreak", "br", 0)
        return view


class MarkdownView:
    """Tokens rendered with rich.markdown's elements and rules."""

    def __init__(self, tokens: list[Token]) -> None:
        """Keep the tokens; the elements are made at each rendering, as Rich does."""
        self.tokens = tokens

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the blocks with a blank line between them (rich.markdown.Markdown)."""
        options = options.update(height=None)
        context = _Context(console, console.get_style("none", default="none"))
        new_line = False
        for token in self.tokens:
            kind = token.type
            if kind == "text":
                context.on_text(token.content)
            elif kind == "softbreak" or kind == "hardbreak":
                context.on_text(" " if kind == "softbreak" else "\n")
            elif kind == "link_open":
                context.stack.append(_Link(str(token.attrs["href"])))
            elif kind == "link_close":
                link = context.stack.pop()
                assert isinstance(link, _Link)
                context.enter_style(console.get_style("markdown.link", default="none"))
                context.on_text(link.text.plain)
                context.leave_style()
                context.on_text(" (")
                context.enter_style(console.get_style("markdown.link_url", default="none"))
                context.on_text(link.href)
                context.leave_style()
                context.on_text(")")
            elif token.tag == "em" or token.tag == "strong":
                if token.nesting == 1:
                    context.enter_style(f"markdown.{token.tag}")
                else:
                    context.leave_style()
            else:
                if token.nesting >= 0:
                    element = _element(token)
                    context.stack.append(element)
                    element.on_enter(context)
                if token.nesting <= 0:
                    element = context.stack.pop()
                    if not context.stack or context.stack[-1].on_child_close(element):
                        if new_line and kind != "inline":
                            yield Segment.line()
                        yield from console.render(element, options)
                    element.on_leave(context)
                    new_line = element.new_line


class _Context:
    """The styles and open elements while rendering (rich.markdown.MarkdownContext)."""

    def __init__(self, console: Console, style: Style) -> None:
        """Start with no open element and the base style."""
        self.console = console
        self.styles = StyleStack(style)
        self.stack: list[_Element] = []

    def enter_style(self, style: str | Style) -> Style:
        """Push a style (a theme name or a Style) and return the combined style."""
        self.styles.push(self.console.get_style(style, default="none"))
        return self.styles.current

    def leave_style(self) -> None:
        """Pop the last style."""
        self.styles.pop()

    def on_text(self, text: str) -> None:
        """Give text to the innermost open element."""
        self.stack[-1].on_text(self, text)


class _Element:
    """A rendered piece of Markdown (rich.markdown.MarkdownElement)."""

    new_line = True

    def on_enter(self, context: _Context) -> None:
        """Start: nothing by default."""

    def on_text(self, context: _Context, text: str) -> None:
        """Take text: ignored by default."""

    def on_leave(self, context: _Context) -> None:
        """End: nothing by default."""

    def on_child_close(self, child: _Element) -> bool:
        """Return whether a closed child is rendered on its own (else it is kept)."""
        return True

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Render nothing by default."""
        return iter(())


class _TextElement(_Element):
    """An element that gathers styled text (rich.markdown.TextElement)."""

    style_name = "none"

    def on_enter(self, context: _Context) -> None:
        """Enter the element's style and start its text."""
        self.style = context.enter_style(self.style_name)
        self.text = Text(justify="left")

    def on_text(self, context: _Context, text: str) -> None:
        """Append text in the current style."""
        self.text.append(text, context.styles.current)

    def on_leave(self, context: _Context) -> None:
        """Leave the element's style."""
        context.leave_style()


class _Paragraph(_TextElement):
    """A paragraph."""

    style_name = "markdown.paragraph"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the paragraph's text, left-justified."""
        self.text.justify = "left"
        yield self.text


class _Heading(_TextElement):
    """A heading: h1 centred, the others left."""

    def __init__(self, tag: str) -> None:
        """Remember the level, which names the style."""
        self.tag = tag
        self.style_name = f"markdown.{tag}"

    def on_enter(self, context: _Context) -> None:
        """Start the text (unjustified) and enter the heading's style."""
        self.text = Text()
        context.enter_style(self.style_name)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield a copy of the text, justified for its level."""
        text = self.text.copy()
        text.justify = "center" if self.tag == "h1" else "left"
        yield text


class _Rule(_Element):
    """A thematic break: a line of dashes, then an empty line instead of a blank one."""

    new_line = False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield a rule of dashes and an empty text."""
        from rich.rule import Rule  # only labels with an empty bold caption have one

        yield Rule(style=console.get_style("markdown.hr", default="none"), characters="-")
        yield Text()


class _Link(_TextElement):
    """A link's label, gathered to be shown as "label (url)"."""

    def __init__(self, href: str) -> None:
        """Start an empty label for the link to href."""
        self.text = Text("")
        self.href = href


class _Item(_TextElement):
    """A list item: its blocks, rendered beside a bullet or a number."""

    style_name = "markdown.item"

    def __init__(self) -> None:
        """Start with no blocks."""
        self.elements: list[_Element] = []

    def on_child_close(self, child: _Element) -> bool:
        """Keep a closed block for the item."""
        self.elements.append(child)
        return False

    def render(
        self, console: Console, options: ConsoleOptions, numeral: str, style_name: str
    ) -> RenderResult:
        """Yield the item's lines, the first after the numeral, the others indented."""
        render_options = options.update(width=options.max_width - len(numeral))
        lines = console.render_lines(Group(*self.elements), render_options, style=self.style)
        style = console.get_style(style_name, default="none")
        first, padding = Segment(numeral, style), Segment(" " * len(numeral), style)
        new_line = Segment("\n")
        for number, line in enumerate(lines):
            yield padding if number else first
            yield from line
            yield new_line


class _List(_Element):
    """A bullet or ordered list (rich.markdown.ListElement)."""

    def __init__(self, ordered: bool, start: int) -> None:
        """Start with no items."""
        self.ordered = ordered
        self.start = start
        self.items: list[_Item] = []

    def on_child_close(self, child: _Element) -> bool:
        """Keep a closed item."""
        assert isinstance(child, _Item)
        self.items.append(child)
        return False

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield each item with " • " or its number, right-aligned to the widest."""
        if not self.ordered:
            for item in self.items:
                yield from item.render(console, options, " • ", "markdown.item.bullet")
            return
        width = len(str(self.start + len(self.items))) + 2
        for index, item in enumerate(self.items):
            numeral = f"{self.start + index}".rjust(width - 1) + " "
            yield from item.render(console, options, numeral, "markdown.item.number")


class _Cell(_Element):
    """A table cell: its text, justified as its column's alignment says."""

    def __init__(self, justify: str) -> None:
        """Start an empty cell."""
        self.content = Text("", justify=justify)  # type: ignore[arg-type]

    def on_text(self, context: _Context, text: str) -> None:
        """Append text in the current style."""
        self.content.append(text, context.styles.current)


class _Parts(_Element):
    """A table, its header or body, or a row: the parts closed inside it."""

    def __init__(self, tag: str) -> None:
        """Start empty, remembering which part this is."""
        self.tag = tag
        self.parts: list[_Element] = []

    def on_child_close(self, child: _Element) -> bool:
        """Keep a closed part."""
        self.parts.append(child)
        return False

    def rows(self) -> list[list[_Cell]]:
        """Return a header's or body's rows, as lists of cells."""
        return [
            [cell for cell in row.parts if isinstance(cell, _Cell)]
            for row in self.parts
            if isinstance(row, _Parts)
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield a table (rich.markdown.TableElement): header cells styled, then the rows."""
        table = Table(
            box=box.SIMPLE,
            pad_edge=False,
            style="markdown.table.border",
            show_edge=True,
            collapse_padding=True,
        )
        for section in self.parts:  # the header, then the body (markdown-it's order)
            assert isinstance(section, _Parts)
            rows = section.rows()
            if section.tag == "thead":
                for cell in rows[-1] if rows else []:
                    heading = cell.content.copy()
                    heading.stylize("markdown.table.header")
                    table.add_column(heading)
            else:
                for cells in rows:
                    table.add_row(*(cell.content for cell in cells))
        yield table


def _element(token: Token) -> _Element:
    """Return the element an opening or self-closing token starts."""
    kind = token.type
    if kind == "paragraph_open":
        return _Paragraph()
    if kind == "heading_open":
        return _Heading(token.tag)
    if kind == "bullet_list_open" or kind == "ordered_list_open":
        return _List(kind == "ordered_list_open", int(token.attrs.get("start", 1)))
    if kind == "list_item_open":
        return _Item()
    if kind == "inline":
        return _Element()  # an empty heading or cell: renders nothing, but counts as a block
    if kind == "hr":
        return _Rule()
    if kind in ("table_open", "thead_open", "tbody_open", "tr_open"):
        return _Parts(token.tag)
    style = str(token.attrs.get("style", ""))  # th_open, td_open
    return _Cell(style.partition("text-align:")[2] or "default")
