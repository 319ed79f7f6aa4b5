"""The search words of the Markdown the SPL reader writes, known as it writes it.

The reader knows what it writes: a paragraph, a list item, a table cell, a line
break, emphasis it put around words. Search indexes a section's words the way
medinfo.readers.blocks.words lays them out (a line per paragraph, item, cell or
line break; a numbered item's number; no marks), so the reader gives them
alongside the Markdown instead of having it parsed again at every build.

It may give them only where they are certain to be what a Markdown parser reads
in its own text, character for character. So every function here returns None
where the text holds anything whose reading is not plain: a line Markdown could
take for a heading, quote, list, rule, table or link definition; code spans,
underscores, strikethrough, links, HTML or entities; emphasis marks that could
open and close alike, or that do not pair up on their own. The section's words
are then left to the parser.
"""

from __future__ import annotations

import re
from string import punctuation

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

Lines = list[str] | None  # the lines of words of a block, or None when not certain

_PUNCT = frozenset(punctuation)
# Inline text whose reading depends on rules beyond plain words and paired emphasis:
# code spans, underscore emphasis, strikethrough, a link or image ("](" or "]["),
# HTML, an autolink or anything between < and > without a space, an entity, a
# backslash that escapes no punctuation (a line break at a line's end), a line
# break made of spaces.
_UNSURE = re.compile(
    r"[`_]|~~|\]\(|\]\[|<[A-Za-z/!?]|<[^\s<>]*>|&#?[A-Za-z0-9]+;"
    r"|\\(?![!-/:-@\[-`{-~])| \n|\n "
)
# What a line may start with only in Markdown's structure: a heading, a quote, a
# list, a setext underline, a rule, a fence, HTML, a table row, a link definition,
# an indent (a dash stays text only before a letter or digit: "-5 °C").
_STRUCTURE = re.compile(r"[#>+=_~`<|\[ \t]|-(?![^\W_])|\d{1,9}[.)](?:[ \t]|$)")
# Emphasis marks and backslash escapes, in the order they come.
_MARKS = re.compile(r"\*+|\\[!-/:-@\[-`{-~]")
# A row of dashes, colons and pipes: what makes the line above a table's header.
_DELIMITER = re.compile(r"[-:| \t]*-[-:| \t]*")


def inline(text: str, before: str = "", after: str = "") -> str | None:
    """Return inline Markdown as its words, or None when its reading is not certain.

    before and after are the characters around it (none: a line's start or end).
    A newline in text is a soft break, which reads as a space. Emphasis is taken
    as emphasis only where its marks can only open or only close, and each
    closing mark follows an opening one of its length.
    """
    if _UNSURE.search(text):
        return None
    if "*" not in text and "\\" not in text:
        return text.replace("\n", " ") if "\n" in text else text
    parts: list[str] = []
    done = 0
    opened = 0  # the length of the open emphasis mark, if any
    for match in _MARKS.finditer(text):
        start, end = match.span()
        parts.append(text[done:start])
        done = end
        mark = match[0]
        if mark[0] == "\\":
            parts.append(mark[1])
            continue
        prev = _kind(text[start - 1] if start else before)
        following = _kind(text[end] if end < len(text) else after)
        if prev is None or following is None or len(mark) > 3:
            return None
        # As CommonMark says when a run of "*" may open or close emphasis.
        left = following != " " and (following != "." or prev in " .")
        right = prev != " " and (prev != "." or following in " .")
        if left and not right and not opened:
            opened = len(mark)
        elif right and not left and opened == len(mark):
            opened = 0
        else:
            return None
    if opened:
        return None
    parts.append(text[done:])
    words = "".join(parts)
    return words.replace("\n", " ") if "\n" in words else words


def _kind(char: str) -> str | None:
    """Return " " for white space or no character, "." for punctuation, "a" for a letter
    or digit, None for anything whose kind Markdown parsers do not all agree on."""
    if not char or char in " \n\t":
        return " "
    if char in _PUNCT:
        return "."
    return "a" if char.isalnum() else None


def paragraph(text: str) -> str | None:
    """Return a paragraph's words (its lines joined by spaces), or None if not certain."""
    for line in text.split("\n"):
        if not line or _STRUCTURE.match(line) or "|" in line:
            return None
    if "\n" in text and any(_DELIMITER.fullmatch(line) for line in text.split("\n")):
        return None
    return inline(text)


def cell(lines: list[str]) -> str | None:
    """Return the words of a table cell whose lines are joined by <br>, a line each."""
    shown = []
    for number, line in enumerate(lines):
        before = ">" if number else ""
        after = "<" if number < len(lines) - 1 else ""
        words = inline(line, before, after)
        if words is None:
            return None
        shown.append(words)
    return "\n".join(shown)


def joined(blocks: Iterable[Lines]) -> Lines:
    """Return the lines of blocks one after another, or None if any is not certain."""
    lines: list[str] = []
    for block in blocks:
        if block is None:
            return None
        lines.extend(block)
    return lines


def text(lines: Lines) -> str | None:
    """Return lines of words as the one text search indexes, empty lines left out."""
    if lines is None:
        return None
    return "\n".join(line for line in lines if line.strip())
