"""A section's Markdown as the small block structure the terminal view draws, from markdown-it-py.

Built once, when the index is built (it parses the Markdown for the plain words search
matches), and kept there as compact JSON; a label whose reader gave its plain words has
none kept, and the view builds the blocks of the sections it shows. A top-level entry
is [first line, end line, block], the lines those of the section's text (so a view can
leave out the lines a table shows); a block is one of

    ["p", spans]                 a paragraph
    ["h", level, spans]          a heading
    ["ul", items]                a bullet list; an item is a list of blocks
    ["ol", numbers, items]       a numbered list, each item with its own number
    ["table", aligns, header, rows]   aligns "l", "c", "r" or ""; a cell is spans
    ["hr"], ["code", text], ["quote", blocks]

and a span is a string of plain text, [text, marks], or [text, marks, href] for a link,
marks being the emphasis around it from the outside in: "b" bold, "i" italic, "c" code,
"s" struck.
A line break ("<br>" in a table cell) is "\\n" in a span's text, and "10<sup>6</sup>"
is "10⁶" (rich.markdown would show "106"). Other raw HTML tags are left out, as
rich.markdown leaves them out; an HTML block is a paragraph of its text, since
monograph text is data.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# "* >5 cm: up to 4 mL" is a comparison, not a block quote: Markdown would show the
# line as a quote and drop the ">", changing what the dose says.
_GREATER = re.compile(r"^([ \t]*(?:(?:[*+-]|\d{1,9}[.)])[ \t]+)?)>(?=[ \t]*[\d.=<])", re.M)
# "CYP2C9*1/*3", "HLA-A*02:01", "2*3 tablets": an asterisk between a letter or digit
# and a digit is part of a name or a product, not emphasis; read as emphasis, it
# vanishes and joins what it stood between ("CYP2C91/3").
_STAR = re.compile(r"(?<=[^\W_])\*(?=\d)")
_BREAK = re.compile(r"<br\s*/?>", re.I)
_SCRIPT = re.compile(r"<(/?)su([pb])>", re.I)
_MARKS = {"strong_open": "b", "em_open": "i", "s_open": "s"}
_CLOSES = frozenset(("strong_close", "em_close", "s_close"))
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
    escaped = _GREATER.sub(r"\1\\>", text) if ">" in text else text
    escaped = _STAR.sub(r"\\*", escaped) if "*" in escaped else escaped
    tokens = _parser().parse(escaped)
    lines = text.split("\n")
    entries: list[Any] = []
    at = shown = 0
    while at < len(tokens):
        first, end = tokens[at].map or (0, 0)
        _unparsed(lines, shown, first, entries)
        block, at = _block(tokens, at)
        entries.append([first, end, block])
        shown = max(shown, end)
    _unparsed(lines, shown, len(lines), entries)
    return entries


def _unparsed(lines: list[str], start: int, stop: int, entries: list[Any]) -> None:
    """Add the lines between two blocks that made no token, each run as a paragraph.

    markdown-it-py keeps a link reference definition ("[1]: https://...") for the
    links that use it and makes no token of it: its words would be lost.
    """
    run: list[int] = []
    for number in range(start, stop + 1):
        if number < stop and lines[number].strip():
            run.append(number)
        elif run:
            said = "\n".join(lines[n].strip() for n in run)
            entries.append([run[0], run[-1] + 1, ["p", [said]]])
            run = []


def built(text: str) -> list[Any] | None:
    """Return the blocks of a text, or None when they cannot be built."""
    try:
        return build(text)
    except (Unbuildable, RecursionError, IndexError):
        return None


def encoded(entries: list[Any]) -> str:
    """Return blocks as the compact JSON the index keeps."""
    return json.dumps(entries, ensure_ascii=False, separators=(",", ":"))


def dumps(text: str) -> str | None:
    """Return the blocks of a text as compact JSON, or None when they cannot be built."""
    entries = built(text)
    return None if entries is None else encoded(entries)


def plain_text(text: str) -> str:
    """Return the words of a Markdown text without its markup, as the view shows them."""
    entries = built(text)
    # Else what rich.markdown draws instead: the words are all there.
    return text.strip() if entries is None else words(entries)


def words(entries: list[Any]) -> str:
    """Return the words of blocks as plain text, what search matches and quotes in snippets.

    A line per paragraph, heading, list item, table cell or line break, so that no two
    words run together; every word in order, and a numbered item's number; emphasis,
    bullets, table pipes and rules are markup and left out. A link reads "label (url)".
    """
    lines: list[str] = []
    for _first, _end, block in entries:
        _words(block, lines)
    return "\n".join(line.strip("\n") for line in lines if line.strip())


def _words(block: list[Any], lines: list[str]) -> None:
    """Add the lines of words of one block."""
    kind = block[0]
    if kind == "p":
        lines.append(_spoken(block[1]))
    elif kind == "h":
        lines.append(_spoken(block[2]))
    elif kind in ("ul", "quote"):
        for item in block[1] if kind == "ul" else [block[1]]:
            for inner in item:
                _words(inner, lines)
    elif kind == "ol":  # a step's number is part of what it says ("2. Then inject")
        for number, item in zip(block[1], block[2], strict=False):
            start = len(lines)
            for inner in item:
                _words(inner, lines)
            if len(lines) > start:
                lines[start] = f"{number}. {lines[start]}"
    elif kind == "table":
        lines.extend(_spoken(cell) for row in [block[2], *block[3]] for cell in row)
    elif kind == "code":
        lines.append(block[1])


def _spoken(spans: list[Any]) -> str:
    """Return the text of spans, a link as "label (url)" unless its label is its address."""
    parts = []
    for span in spans:
        if isinstance(span, str):
            parts.append(span)
        elif len(span) == 3 and span[2] and span[2] != span[0]:
            parts.append(f"{span[0]} ({span[2]})")
        else:
            parts.append(span[0])
    return "".join(parts)


def _block(tokens: list[Token], at: int) -> tuple[list[Any], int]:
    """Return the block that starts at a token, and where the next one starts.

    markdown-it-py's token stream is read as it is, not as a tree: a tree of its
    nodes costs a third of the parse again, at every build of the index.
    """
    token = tokens[at]
    kind = token.type
    if kind in ("paragraph_open", "heading_open"):
        spans = _spans(tokens[at + 1].children or [])
        if kind == "paragraph_open":
            return ["p", spans], at + 3
        return ["h", int(token.tag[1:]), spans], at + 3
    if kind in ("bullet_list_open", "ordered_list_open"):
        close = kind.replace("_open", "_close")
        start = int(str(token.attrs.get("start", 1)))
        numbers: list[int] = []
        items: list[Any] = []
        at += 1
        while tokens[at].type != close:  # each a list_item_open
            info = tokens[at].info
            numbers.append(int(info) if info.isdigit() else start + len(numbers))
            item, at = _until(tokens, at + 1, "list_item_close")
            items.append(item)
        if kind == "bullet_list_open":
            return ["ul", items], at + 1
        return ["ol", numbers, items], at + 1
    if kind == "table_open":
        return _table(tokens, at)
    if kind == "hr":
        return ["hr"], at + 1
    if kind in ("fence", "code_block"):
        return ["code", token.content], at + 1
    if kind == "blockquote_open":
        quoted, at = _until(tokens, at + 1, "blockquote_close")
        return ["quote", quoted], at
    if kind == "html_block":
        return ["p", [token.content.strip("\n")]], at + 1
    raise Unbuildable(kind)


def _until(tokens: list[Token], at: int, close: str) -> tuple[list[Any], int]:
    """Return the blocks up to a closing token (of a list item or a quote), and what follows."""
    blocks = []
    while tokens[at].type != close:
        block, at = _block(tokens, at)
        blocks.append(block)
    return blocks, at + 1


def _table(tokens: list[Token], at: int) -> tuple[list[Any], int]:
    """Return a table block: the alignment of each column, the header cells and the rows."""
    aligns: list[str] = []
    header: list[Any] = []
    rows: list[Any] = []
    row: list[Any] = []
    head = False
    while tokens[at].type != "table_close":
        token = tokens[at]
        kind = token.type
        if kind in ("thead_open", "tbody_open"):
            head = kind == "thead_open"
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            if head:
                header = row
            else:
                rows.append(row)
        elif kind in ("th_open", "td_open"):
            inline = tokens[at + 1]
            row.append(_spans(inline.children or []) if inline.type == "inline" else [])
            if head:
                aligns.append(_ALIGN.get(str(token.attrs.get("style", "")), ""))
        at += 1
    return ["table", aligns, header, rows], at + 1


def _spans(children: list[Token]) -> list[Any]:
    """Return the inline tokens of a paragraph, heading or cell as spans."""
    spans: list[Any] = []
    marks = ""
    link: list[Any] | None = None  # the link being read: its text, emphasis and address
    script = _scripts(children)
    for number, token in enumerate(children):
        kind = token.type
        if number in script:
            _add(spans, script[number], marks)
        elif link is not None:
            if kind == "link_close":
                spans.append(link)
                link = None
            else:  # its emphasis left out, as rich.markdown shows a link's text
                link[0] += _plain(token)
        elif kind == "text":
            _add(spans, token.content, marks)
        elif kind in ("softbreak", "hardbreak", "html_inline", "image"):
            _add(spans, _plain(token), marks)
        elif kind == "code_inline":
            _add(spans, token.content, marks + "c")
        elif kind in _MARKS:
            marks += _MARKS[kind]
        elif kind in _CLOSES:
            marks = marks[:-1]
        elif kind == "link_open":
            link = ["", marks, str(token.attrs.get("href", ""))]
        else:
            raise Unbuildable(kind)
    return spans


def _scripts(children: list[Token]) -> dict[int, str]:
    """Return the text tokens between <sup> and </sup> (or <sub>) as the characters that
    print them, by position: "10<sup>6</sup>" is 10⁶, not 106."""
    from medinfo.readers.splchars import script

    shown: dict[int, str] = {}
    opened: tuple[int, str] | None = None
    for number, token in enumerate(children):
        tag = _SCRIPT.fullmatch(token.content.strip()) if token.type == "html_inline" else None
        if tag and not tag[1]:
            opened = (number, tag[2].lower())
        elif tag and opened and opened[1] == tag[2].lower():
            inside = children[opened[0] + 1 : number]
            if inside and all(inner.type == "text" for inner in inside):
                for at, inner in enumerate(inside, opened[0] + 1):
                    shown[at] = script(inner.content, opened[1] == "p")
            opened = None
        elif token.type != "text":
            opened = None  # only plain text is raised or lowered
    return shown


def _plain(token: Token) -> str:
    """Return what an inline token shows as plain text: a line break, an image's words."""
    kind = token.type
    if kind == "softbreak":
        return " "
    if kind == "hardbreak":
        return "\n"
    if kind == "html_inline":
        return "\n" if _BREAK.fullmatch(token.content.strip()) else ""
    if kind in ("text", "code_inline", "image"):
        return token.content  # an image's description
    return ""


def _add(spans: list[Any], text: str, marks: str) -> None:
    """Add text, joined to the span before when that has the same emphasis and no link."""
    if not text:
        return
    last = spans[-1] if spans else None
    if isinstance(last, str) and not marks:
        spans[-1] = last + text
    elif isinstance(last, list) and len(last) == 2 and last[1] == marks:
        last[0] += text
    else:
        spans.append(text if not marks else [text, marks])
