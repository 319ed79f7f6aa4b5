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
# What each ASCII character is to emphasis: " " white space (or none), "." punctuation.
_ASCII = {
    chr(n): " " if chr(n) in " \t\n\r\x0b\x0c" else "." if chr(n) in _PUNCT else "a"
    for n in range(128)
}
_ASCII[""] = " "
# Inline text whose reading depends on rules beyond plain words and paired emphasis:
# code spans, strikethrough, a link or image ("](" or "]["), HTML, an autolink or
# anything between < and > without a space, an entity, a backslash that breaks the
# line (at a line's end), a line break made of spaces.
_UNSURE = re.compile(r"`|~~|\]\(|\]\[|<[A-Za-z/!?]|<[^\s<>]*>|&#?[A-Za-z0-9]+;|\\\n|\\$| \n|\n ")
# A character every match of _UNSURE holds: most text has none, and one class is
# searched much faster than the alternation.
_MAYBE_UNSURE = re.compile(r"[`~\]<&\\\n]")
# What a line may start with only in Markdown's structure: a heading, a quote (a
# comparison, "> 5 mg", is text: blocks.build escapes it), a bullet, a numbered
# item, a rule or setext underline, a fence, HTML, an indent.
_STRUCTURE = re.compile(
    r"#{1,6}(?:[ \t]|$)|>(?![ \t]*[\d.=<])|[-+*](?:[ \t]|$)|\d{1,9}[.)](?:[ \t]|$)"
    r"|[-=*_ \t]+$|~~~|<[A-Za-z/!?]|[ \t]"
)
# A list item's marker: its words are the item's, after its number if numbered.
_ITEM = re.compile(r"(?:[-+*]|(\d{1,9})[.)])(?:[ \t]+|$)")
# Emphasis marks and backslash escapes, in the order they come: a run of "*", a run
# of "_", a backslash before punctuation. Written to start with one character class,
# which the regex engine scans for fast, where the plain alternation tries each branch
# at every character (three times slower on label text).
_MARKS = re.compile(r"[*_\\](?:(?<=\*)\**|(?<=_)_*|(?<=\\)[!-/:-@\[-`{-~])")
# A row of dashes, colons and pipes: what makes the line above a table's header.
_DELIMITER = re.compile(r"[-:| \t]*-[-:| \t]*")


def inline(text: str) -> str | None:
    """Return inline Markdown as its words, or None when its reading is not certain.

    A newline in text is a soft break, which reads as a space.
    """
    if _MAYBE_UNSURE.search(text) and _UNSURE.search(text):
        return None
    if "*" not in text and "\\" not in text and "_" not in text:
        return text.replace("\n", " ") if "\n" in text else text
    words = _emphasis(text)
    return words.replace("\n", " ") if words and "\n" in words else words


def _emphasis(text: str) -> str | None:
    """Return text without the marks of its emphasis and escapes, or None if not certain.

    A run of "*" that can close emphasis closes the innermost open one, of its
    length; one that can open it opens it; any other is text, as are opening ones
    never closed; anything else (a run closing one of another length) is not
    certain. A run of "_" is text when it cannot open emphasis, else not certain.
    """
    if text[:2] == "**" and text.count("*") == 4 and "_" not in text and "\\" not in text:
        # The most common: one bold run opening the text ("**Warnings**", "**Note:** Take").
        close = text.find("**", 2)
        first, last, after = text[2:3], text[close - 1 : close], text[close + 2 : close + 3]
        kind = _ASCII.get(last, " ")
        # It opens (a word or punctuation after it) and closes (a word before it, or
        # punctuation before it and no word after): its marks go, as markdown-it reads it.
        if (
            close > 2
            and _ASCII.get(first, " ") != " "
            and (kind == "a" or (kind == "." and _ASCII.get(after, "a") != "a"))
        ):
            return text[2:close] + text[close + 2 :]
    parts: list[str] = []
    done = 0
    opened: list[tuple[int, int]] = []  # the open emphasis: its length, where in parts
    for match in _MARKS.finditer(text):
        start, end = match.span()
        parts.append(text[done:start])
        done = end
        mark = match[0]
        if mark[0] == "\\":
            parts.append(mark[1])
            continue
        before = text[start - 1] if start else ""
        after = text[end : end + 1]
        if mark == "*" and before.isalnum() and after.isdecimal():
            parts.append(mark)  # escaped by blocks.build ("CYP2C9*1/*3")
            continue
        prev = _ASCII.get(before) or _kind(before)
        following = _ASCII.get(after) or _kind(after)
        # As CommonMark says when a run may open or close emphasis.
        left = following != " " and (following != "." or prev != "a")
        right = prev != " " and (prev != "." or following != "a")
        if mark[0] == "_":
            if left and (not right or prev == "."):
                return None
            parts.append(mark)
        elif opened and right:
            if len(mark) != opened.pop()[0]:
                return None
        elif left:
            if len(mark) > 3:
                return None
            opened.append((len(mark), len(parts)))
            parts.append("")
        else:  # closing none (none is open), or neither opening nor closing: text
            parts.append(mark)
    for length, at in opened:  # opening marks never closed are text
        parts[at] = "*" * length
    parts.append(text[done:])
    return "".join(parts)


def _kind(char: str) -> str:
    """Return " " for white space or no character, "." for punctuation, "a" for others,
    as markdown-it-py tells them apart for emphasis."""
    if not char:
        return " "
    from markdown_it.common.utils import isPunctChar, isWhiteSpace

    return " " if isWhiteSpace(ord(char)) else "." if isPunctChar(char) else "a"


def paragraph(text: str, markers: int = 0) -> str | None:
    """Return a paragraph's words (its lines joined by spaces), or None if not certain.

    A paragraph of one line that starts as a list item is read as one, as Markdown
    reads it: its words, after its number if numbered. markers is how many list
    markers stand before the text on its line.
    """
    if "\n" not in text:
        if text[:1].isalpha():  # no structure starts with a letter
            return inline(text)
        lines = [text]
    else:
        lines = text.split("\n")
        if not all(lines) or any(map(_DELIMITER.fullmatch, lines)):
            return None
    if not text:
        return None
    item = _ITEM.match(text)
    if item:
        rest = text[item.end() :]
        if len(lines) > 1 or not rest:
            return None  # a line after it may be of the item or another
        words = paragraph(rest, markers + 1)
        return words if words is None or item[1] is None else f"{int(item[1])}. {words}"
    if any(_STRUCTURE.match(line) for line in lines) or (markers > 1 and text[0] == ">"):
        return None
    if text[0] == "[" and "]:" in text:
        return None  # a link reference definition
    return inline(text)


def cell(lines: list[str]) -> str | None:
    """Return the words of a table cell whose lines are joined by <br>, a line each.

    Emphasis may go on over a <br>, so the cell is read whole.
    """
    if len(lines) == 1:
        return inline(lines[0])
    if any(_UNSURE.search(line) for line in lines):
        return None  # none holds "<br>" itself: the only ones are those joining them
    text = "<br>".join(lines)
    if "*" not in text and "\\" not in text and "_" not in text:
        return "\n".join(lines)
    words = _emphasis(text)  # a line of marks alone leaves an empty line, as cut off
    return None if words is None else words.replace("<br>", "\n").strip("\n")


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
