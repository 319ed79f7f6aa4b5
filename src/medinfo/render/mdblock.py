"""The block parser's state for mdparse: the text's lines, their indents, the tokens so far.

A port of markdown-it-py 4's StateBlock, without the bookkeeping that only block
quotes need (bsCount), its names kept close to markdown-it's for comparison.
"""

from __future__ import annotations

from medinfo.render.mdinline import Token

SPACE = (" ", "\t")
# The characters JavaScript's trim() removes, as markdown-it-py's mdTrim.
TRIM = (
    "".join(
        chr(code)
        for code in (9, 10, 11, 12, 13, 32, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029)
    )
    + "\u202f\u205f\u3000"
)


class Block:
    """The block parser's state: the lines of the text and where blocks stand."""

    def __init__(self, src: str) -> None:
        """Cut the text into lines, measuring each line's indent (markdown-it StateBlock)."""
        self.src = src
        self.b_marks: list[int] = []
        self.e_marks: list[int] = []
        self.t_shift: list[int] = []
        self.s_count: list[int] = []
        start, length = 0, len(src)
        while start < length:
            end = src.find("\n", start)
            if end < 0:
                end = length
            indent = offset = 0
            pos = start
            while pos < end and src[pos] in SPACE:
                indent += 1
                offset += 4 - offset % 4 if src[pos] == "\t" else 1
                pos += 1
            if pos == end == length:
                break  # a last line of spaces only gets no marker, as in markdown-it
            self.b_marks.append(start)
            self.e_marks.append(end)
            self.t_shift.append(indent)
            self.s_count.append(offset)
            start = end + 1 if end < length else length
        self.b_marks.append(length)
        self.e_marks.append(length)
        self.t_shift.append(0)
        self.s_count.append(0)
        self.line_max = len(self.b_marks) - 1
        self.tokens: list[Token] = []
        self.blk_indent = 0
        self.line = 0
        self.list_indent = -1
        self.parent = "root"
        self.level = 0

    def push(self, type_: str, tag: str, nesting: int, content: str = "") -> Token:
        """Add a token, keeping the nesting level."""
        token = Token(type_, tag, nesting, content)
        self.level += nesting if nesting < 0 else 0
        self.tokens.append(token)
        self.level += nesting if nesting > 0 else 0
        return token

    def is_empty(self, line: int) -> bool:
        """Return whether a line holds only spaces."""
        return self.b_marks[line] + self.t_shift[line] >= self.e_marks[line]

    def is_code(self, line: int) -> bool:
        """Return whether a line is indented enough to be code."""
        return self.s_count[line] - self.blk_indent >= 4

    def skip_spaces(self, pos: int) -> int:
        """Return the position after the spaces at pos."""
        while pos < len(self.src) and self.src[pos] in SPACE:
            pos += 1
        return pos

    def get_lines(self, begin: int, end: int, indent: int) -> str:
        """Return lines begin to end, up to indent columns of indentation removed."""
        parts = []
        for line in range(begin, end):
            line_indent = 0
            first = line_start = self.b_marks[line]
            last = self.e_marks[line] + 1 if line + 1 < end else self.e_marks[line]
            while first < last and line_indent < indent:
                ch = self.src[first]
                if ch in SPACE:
                    line_indent += 4 - line_indent % 4 if ch == "\t" else 1
                elif first - line_start < self.t_shift[line]:
                    line_indent += 1
                else:
                    break
                first += 1
            extra = " " * (line_indent - indent) if line_indent > indent else ""
            parts.append(extra + self.src[first:last])
        return "".join(parts)
