"""Markdown parsed into the tokens markdown-it-py gives rich.markdown, without markdown-it.

Importing rich.markdown costs about 60 ms (markdown-it-py, Pygments), more than a
lookup. This is a port of the markdown-it-py 4 rules that monograph text uses:
paragraphs, ATX headings, lists, GFM tables, thematic breaks, emphasis, backslash
escapes, inline links and line breaks, rule for rule, so that the tokens are the same; a
"<br>" inside a line (a line break in a table cell) is a hard break, as the
fallback shows it too.
Text holding anything else (code, block quotes, HTML, entities, images, setext
headings, reference links, strikethrough) raises Unsupported, and the caller leaves it
to rich.markdown: a text is rendered slower, never differently.
"""

from __future__ import annotations

import re

from medinfo.render.mdblock import SPACE, TRIM, Block
from medinfo.render.mdinline import Token, Unsupported, inline

__all__ = ["Token", "Unsupported", "parse"]

# markdown-it's recursion limit (the commonmark preset's maxNesting).
_MAX_NESTING = 20
# markdown-it stops a table that would add more empty cells than this.
_MAX_CELLS = 0x10000

# What markdown-it would read as a construct outside this port, found in one pass.
_UNSUPPORTED = re.compile(
    r"(?P<code>`)|(?P<strikethrough>~~)|(?P<image>!\[)"
    r"|(?P<autolink><[^<>\x00-\x20]*[:@][^<>\x00-\x20]*>)|(?P<html><(?!br>)[A-Za-z/!?]|^ *<br>)"
    r"|(?P<entity>&#[xX]?[0-9a-fA-F]+;|&[A-Za-z][A-Za-z0-9]+;)"
    r"|(?P<control>[\x00-\x08\x0b-\x1f\x7f])",
    re.M,
)
_HEADER_CELL = re.compile(r"^:?-+:?$")


def parse(text: str) -> list[Token]:
    """Return the tokens of text, inline tokens replaced by their children."""
    found = _UNSUPPORTED.search(text)
    if found:
        raise Unsupported(found.lastgroup)
    state = Block(text)
    if text:
        _tokenize(state, 0, state.line_max)
    tokens: list[Token] = []
    for token in state.tokens:
        # rich.markdown sees an inline token's children, or the token if it has none
        children = inline(token.content) if token.type == "inline" and token.content else []
        tokens += children or [token]
    return tokens


def _tokenize(s: Block, line: int, end: int) -> None:
    """Parse the blocks of lines line to end (markdown-it ParserBlock.tokenize)."""
    while line < end:
        while line < s.line_max and s.is_empty(line):
            line += 1
        s.line = line
        if line >= end or s.s_count[line] < s.blk_indent:
            break
        if s.level >= _MAX_NESTING:
            raise Unsupported("nesting")  # markdown-it drops the rest of the text
        for rule in _RULES:
            if rule(s, line, end, False):
                break
        line = s.line
        if line < end and s.is_empty(line):
            line += 1
            s.line = line


def _table(s: Block, start: int, end: int, silent: bool) -> bool:
    """Parse a GFM table: a header row, a delimiter row, body rows."""
    if start + 2 > end:
        return False
    nxt = start + 1
    if s.s_count[nxt] < s.blk_indent or s.is_code(nxt):
        return False
    src = s.src
    pos, stop = s.b_marks[nxt] + s.t_shift[nxt], s.e_marks[nxt]
    if pos + 1 >= stop or src[pos] not in "|-:":
        return False
    second = src[pos + 1]
    if (second not in "|-:" and second not in SPACE) or (src[pos] == "-" and second in SPACE):
        return False
    if any(ch not in "|-:" and ch not in SPACE for ch in src[pos + 2 : stop]):
        return False
    columns = src[pos:stop].split("|")
    aligns: list[str] = []
    for index, column in enumerate(columns):
        cell = column.strip(TRIM)
        if not cell:
            if index in (0, len(columns) - 1):
                continue
            return False
        if not _HEADER_CELL.search(cell):
            return False
        if cell[-1] == ":":
            aligns.append("center" if cell[0] == ":" else "right")
        else:
            aligns.append("left" if cell[0] == ":" else "")
    header = _line(s, start).strip(TRIM)
    if "|" not in header or s.is_code(start):
        return False
    cells = _cells(header)
    if not cells or len(cells) != len(aligns):
        return False
    if silent:
        return True
    old, s.parent = s.parent, "table"
    s.push("table_open", "table", 1)
    s.push("thead_open", "thead", 1)
    _row(s, "th", cells, aligns)
    s.push("thead_close", "thead", -1)
    autocompleted = 0
    nxt = start + 2
    while nxt < end:
        if s.s_count[nxt] < s.blk_indent or any(rule(s, nxt, end, True) for rule in _TABLE_END):
            break
        text = _line(s, nxt).strip(TRIM)
        if not text or s.is_code(nxt):
            break
        cells = _cells(text)
        autocompleted += len(aligns) - len(cells)
        if autocompleted > _MAX_CELLS:
            break
        if nxt == start + 2:
            s.push("tbody_open", "tbody", 1)
        _row(s, "td", cells, aligns)
        nxt += 1
    if nxt > start + 2:
        s.push("tbody_close", "tbody", -1)
    s.push("table_close", "table", -1)
    s.parent = old
    s.line = nxt
    return True


def _line(s: Block, line: int) -> str:
    """Return a line from its first non-space character."""
    return s.src[s.b_marks[line] + s.t_shift[line] : s.e_marks[line]]


def _cells(text: str) -> list[str]:
    """Return a table row cut at its pipes, escaped pipes kept (markdown-it escapedSplit)."""
    cells: list[str] = []
    current, last, escaped = "", 0, False
    for pos, ch in enumerate(text):
        if ch == "|":
            if not escaped:
                cells.append(current + text[last:pos])
                current, last = "", pos + 1
            else:
                current += text[last : pos - 1]
                last = pos
        escaped = ch == "\\"
    cells.append(current + text[last:])
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _row(s: Block, tag: str, cells: list[str], aligns: list[str]) -> None:
    """Add the tokens of a table row, padded or cut to the header's columns."""
    s.push("tr_open", "tr", 1)
    for index, align in enumerate(aligns):
        token = s.push(f"{tag}_open", tag, 1)
        if align:
            token.attrs["style"] = f"text-align:{align}"
        s.push("inline", "", 0, cells[index].strip(TRIM) if index < len(cells) else "")
        s.push(f"{tag}_close", tag, -1)
    s.push("tr_close", "tr", -1)


def _code(s: Block, start: int, end: int, silent: bool) -> bool:
    """Refuse an indented code block."""
    if s.is_code(start):
        raise Unsupported("indented code")
    return False


def _blockquote(s: Block, start: int, end: int, silent: bool) -> bool:
    """Refuse a block quote."""
    pos = s.b_marks[start] + s.t_shift[start]
    if pos < s.e_marks[start] and s.src[pos] == ">":
        raise Unsupported("block quote")
    return False


def _reference(s: Block, start: int, end: int, silent: bool) -> bool:
    """Refuse what might be a link reference definition."""
    pos = s.b_marks[start] + s.t_shift[start]
    if pos < s.e_marks[start] and s.src[pos] == "[" and "]:" in s.src[pos:]:
        raise Unsupported("reference")
    return False


def _hr(s: Block, start: int, end: int, silent: bool) -> bool:
    """Parse a thematic break: three or more of one of * - _, spaces between."""
    if s.is_code(start):
        return False
    pos, stop = s.b_marks[start] + s.t_shift[start], s.e_marks[start]
    if pos >= stop or s.src[pos] not in "*-_":
        return False
    marker = s.src[pos]
    count = 0
    for ch in s.src[pos:stop]:
        if ch != marker and ch not in SPACE:
            return False
        count += ch == marker
    if count < 3:
        return False
    if not silent:
        s.line = start + 1
        s.push("hr", "hr", 0)
    return True


def _heading(s: Block, start: int, end: int, silent: bool) -> bool:
    """Parse an ATX heading: one to six #, a space, the title, optional closing #."""
    src = s.src
    pos, stop = s.b_marks[start] + s.t_shift[start], s.e_marks[start]
    if s.is_code(start) or pos >= stop or src[pos] != "#":
        return False
    level = 1
    pos += 1
    while pos < stop and src[pos] == "#" and level <= 6:
        level += 1
        pos += 1
    if level > 6 or (pos < stop and src[pos] not in SPACE):
        return False
    if silent:
        return True
    while stop > pos and src[stop - 1] in SPACE:
        stop -= 1
    cut = stop
    while cut > pos and src[cut - 1] == "#":
        cut -= 1
    if cut > pos and src[cut - 1] in SPACE:
        stop = cut
    s.line = start + 1
    s.push("heading_open", f"h{level}", 1)
    s.push("inline", "", 0, src[pos:stop].strip(TRIM))
    s.push("heading_close", f"h{level}", -1)
    return True


def _paragraph(s: Block, start: int, end: int, silent: bool) -> bool:
    """Parse a paragraph: lines up to a blank one or a block that may interrupt it."""
    nxt, end = start + 1, s.line_max
    old, s.parent = s.parent, "paragraph"
    while nxt < end and not s.is_empty(nxt):
        if s.s_count[nxt] - s.blk_indent > 3:
            nxt += 1  # a lazy continuation line, however indented
            continue
        if s.s_count[nxt] >= s.blk_indent:  # markdown-it's lheading rule would look here
            pos, stop = s.b_marks[nxt] + s.t_shift[nxt], s.e_marks[nxt]
            marks = s.src[pos:stop]
            if marks[:1] in ("-", "=") and not marks.lstrip(marks[0]).strip(" \t"):
                raise Unsupported("setext heading")
        if any(rule(s, nxt, end, True) for rule in _PARAGRAPH_END):
            break
        nxt += 1
    s.line = nxt
    s.push("paragraph_open", "p", 1)
    s.push("inline", "", 0, s.get_lines(start, nxt, s.blk_indent).strip(TRIM))
    s.push("paragraph_close", "p", -1)
    s.parent = old
    return True


def _marker_end(s: Block, line: int) -> tuple[int, bool]:
    """Return the position after a list marker on line (-1 if none), and if it is ordered."""
    src = s.src
    start, stop = s.b_marks[line] + s.t_shift[line], s.e_marks[line]
    pos = start
    if pos + 1 < stop and "0" <= src[pos] <= "9":
        pos += 1
        while pos < stop and "0" <= src[pos] <= "9" and pos - start < 9:
            pos += 1
        if pos < stop and src[pos] in ".)" and (pos + 1 >= stop or src[pos + 1] in SPACE):
            return pos + 1, True
        return -1, True
    if pos < stop and src[pos] in "*-+" and (pos + 1 >= stop or src[pos + 1] in SPACE):
        return pos + 1, False
    return -1, False


def _list(s: Block, start: int, end: int, silent: bool) -> bool:
    """Parse a bullet or ordered list, each item's blocks parsed in turn."""
    if s.is_code(start):
        return False
    # "  - a\n     - b": an item indented 4 or more past its list is text, not a list
    if 0 <= s.list_indent <= s.s_count[start] - 4 and s.s_count[start] < s.blk_indent:
        return False
    interrupts = silent and s.parent == "paragraph" and s.s_count[start] >= s.blk_indent
    after, ordered = _marker_end(s, start)
    if after < 0:
        return False
    first = s.b_marks[start] + s.t_shift[start]
    value = int(s.src[first : after - 1]) if ordered else 1
    if interrupts and (value != 1 or s.skip_spaces(after) >= s.e_marks[start]):
        return False
    marker = s.src[after - 1]
    if silent:
        return True
    kind = "ordered_list" if ordered else "bullet_list"
    token = s.push(f"{kind}_open", "ol" if ordered else "ul", 1)
    if value != 1:
        token.attrs["start"] = value
    nxt = start
    old_parent, s.parent = s.parent, "list"
    while nxt < end:
        pos, stop = after, s.e_marks[nxt]
        initial = offset = s.s_count[nxt] + after - (s.b_marks[start] + s.t_shift[start])
        while pos < stop and s.src[pos] in SPACE:
            offset += 4 - offset % 4 if s.src[pos] == "\t" else 1
            pos += 1
        content = pos
        gap = 1 if content >= stop else offset - initial
        indent = initial + (1 if gap > 4 else gap)
        s.push("list_item_open", "li", 1)
        old_shift, old_count, old_list = s.t_shift[start], s.s_count[start], s.list_indent
        s.list_indent, s.blk_indent = s.blk_indent, indent
        s.t_shift[start] = content - s.b_marks[start]
        s.s_count[start] = offset
        if content >= stop and s.is_empty(start + 1):
            s.line = min(s.line + 2, end)  # an empty item ends the list before a blank line
        else:
            _tokenize(s, start, end)
        s.blk_indent, s.list_indent = s.list_indent, old_list
        s.t_shift[start], s.s_count[start] = old_shift, old_count
        s.push("list_item_close", "li", -1)
        nxt = start = s.line
        if nxt >= end or s.s_count[nxt] < s.blk_indent or s.is_code(start):
            break
        if any(rule(s, nxt, end, True) for rule in _LIST_END):
            break
        after, same = _marker_end(s, nxt)
        if after < 0 or same != ordered or s.src[after - 1] != marker:
            break
    s.push(f"{kind}_close", "ol" if ordered else "ul", -1)
    s.line = nxt
    s.parent = old_parent
    return True


# The block rules in markdown-it's order, and those that can end a paragraph, a list
# or a table without a blank line (their "alt" lists); fences and HTML blocks are left
# out: they cannot match a text that passed _UNSUPPORTED.
_RULES = (_table, _code, _blockquote, _hr, _list, _reference, _heading, _paragraph)
_PARAGRAPH_END = (_table, _blockquote, _hr, _list, _heading)
_LIST_END = (_blockquote, _hr)
_TABLE_END = (_blockquote, _hr, _list, _heading)
