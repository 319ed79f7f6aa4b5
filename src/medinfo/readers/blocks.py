"""A section's Markdown as the small block structure the terminal view draws, from markdown-it-py.

Built once, when a file is read for the index, and kept there as compact JSON. A
top-level entry is [first line, end line, block], the lines those of the section's
text (so a view can leave out the lines a table shows); a block is one of

    ["p", spans]                 a paragraph
    ["h", level, spans]          a heading
    ["ul", items]                a bullet list; an item is a list of blocks
    ["ol", numbers, items]       a numbered list, each item with its own number
    ["table", aligns, header, rows]   aligns "l", "c", "r" or ""; a cell is spans
    ["hr"], ["code", text], ["quote", blocks]

and a span is [text, marks] or [text, marks, href] for a link, marks being the
emphasis around it from the outside in: "b" bold, "i" italic, "c" code, "s" struck.
A line break ("<br>" in a table cell) is "\\n" in a span's text. Raw HTML other than
a line break is left out, as rich.markdown leaves it out; an HTML block is a paragraph
of its text, since monograph text is data.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

# "* >5 cm: up to 4 mL" is a comparison, not a block quote: Markdown would show the
# line as a quote and drop the ">", changing what the dose says.
_GREATER = re.compile(r"^([ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?)>(?=[ \t]*[\d.=<])", re.M)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_MARKS = {"strong": "b", "em": "i", "s": "s"}
_ALIGN = {"text-align:left": "l", "text-align:center": "c", "text-align:right": "r"}


class Unbuildable(ValueError):
    """Markdown holds something the block structure has no place for."""


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """Return the parser rich.markdown uses: CommonMark with tables and strikethrough."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def build(text: str) -> list[Any]:
    """Return the blocks of a Markdown text; raise Unbuildable for what they cannot hold."""
    from markdown_it.tree import SyntaxTreeNode

    escaped = _GREATER.sub(r"\1\\>", text) if ">" in text else text
    root = SyntaxTreeNode(_parser().parse(escaped))
    entries = []
    for node in root.children:
        first, end = node.map or (0, 0)
        entries.append([first, end, _block(node)])
    return entries


def dumps(text: str) -> str | None:
    """Return the blocks of a text as compact JSON, or None when they cannot be built."""
    try:
        return json.dumps(build(text), ensure_ascii=False, separators=(",", ":"))
    except (Unbuildable, RecursionError):
        return None


def _block(node: SyntaxTreeNode) -> list[Any]:
    """Return one block."""
    kind = node.type
    if kind == "paragraph":
        return ["p", _spans(node)]
    if kind == "heading":
        return ["h", int(node.tag[1:]), _spans(node)]
    if kind == "bullet_list":
        return ["ul", [_blocks(item) for item in node.children]]
    if kind == "ordered_list":
        start = int(str(node.attrs.get("start", 1)))
        numbers = [
            int(item.info) if item.info.isdigit() else start + n
            for n, item in enumerate(node.children)
        ]
        return ["ol", numbers, [_blocks(item) for item in node.children]]
    if kind == "table":
        return _table(node)
    if kind == "hr":
        return ["hr"]
    if kind in ("fence", "code_block"):
        return ["code", node.content]
    if kind == "blockquote":
        return ["quote", _blocks(node)]
    if kind == "html_block":
        return ["p", [[node.content.strip("\n"), ""]]]
    raise Unbuildable(kind)


def _blocks(node: SyntaxTreeNode) -> list[Any]:
    """Return the blocks inside a list item or a quote."""
    return [_block(child) for child in node.children]


def _table(node: SyntaxTreeNode) -> list[Any]:
    """Return a table block: the alignment of each column, the header cells and the rows."""
    aligns: list[str] = []
    header: list[Any] = []
    rows: list[Any] = []
    for part in node.children:
        for row in part.children:
            cells = [_spans(cell) for cell in row.children]
            if part.type == "thead":
                header = cells
                aligns = [_ALIGN.get(str(cell.attrs.get("style", "")), "") for cell in row.children]
            else:
                rows.append(cells)
    return ["table", aligns, header, rows]


def _spans(node: SyntaxTreeNode) -> list[Any]:
    """Return the text of a paragraph, heading or cell as spans."""
    spans: list[Any] = []
    for child in node.children:  # the one inline node, when there is text
        _inline(child.children, "", spans)
    return spans


def _inline(nodes: list[SyntaxTreeNode], marks: str, spans: list[Any]) -> None:
    """Add the spans of inline nodes under the given emphasis."""
    for node in nodes:
        kind = node.type
        if kind == "text":
            _add(spans, node.content, marks)
        elif kind == "softbreak":
            _add(spans, " ", marks)
        elif kind == "hardbreak":
            _add(spans, "\n", marks)
        elif kind == "code_inline":
            _add(spans, node.content, marks + "c")
        elif kind in _MARKS:
            _inline(node.children, marks + _MARKS[kind], spans)
        elif kind == "link":
            spans.append([_plain(node), marks, str(node.attrs.get("href", ""))])
        elif kind == "image":
            _add(spans, _plain(node), marks)  # its description, as a line of text would say
        elif kind == "html_inline":
            if _BREAK.fullmatch(node.content.strip()):
                _add(spans, "\n", marks)
        else:
            raise Unbuildable(kind)


def _plain(node: SyntaxTreeNode) -> str:
    """Return the text inside a link or image, its emphasis left out (as rich.markdown does)."""
    parts: list[str] = []
    for child in node.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" " if child.type == "softbreak" else "\n")
        elif child.type == "html_inline" and _BREAK.fullmatch(child.content.strip()):
            parts.append("\n")
        else:
            parts.append(_plain(child))
    return "".join(parts)


def _add(spans: list[Any], text: str, marks: str) -> None:
    """Add text, joined to the span before when that has the same emphasis and no link."""
    if spans and len(spans[-1]) == 2 and spans[-1][1] == marks:
        spans[-1][0] += text
    else:
        spans.append([text, marks])
