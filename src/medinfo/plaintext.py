"""The words of Markdown text without its markup: what search indexes and quotes in snippets.

Made from markdown-it-py's tokens when the index is built, so that a search snippet
reads "Common: Bruising more easily", never "**Common:** * Bruising". Every word
of the text is kept, in order: emphasis, list markers, table pipes and link targets
are markup, the words inside them are not (a link reads "label (url)", as on
screen). Blocks (paragraphs, list items, table
cells, headings) end in a line break, so that no two words run together; a line
broken only to wrap it (a soft break) is one line, as it is on screen.
"""

from __future__ import annotations

import re
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Where a block ends: what follows it starts on a line of its own.
_BLOCK_ENDS = frozenset(
    ("paragraph_close", "heading_close", "th_close", "td_close", "list_item_close", "hr")
)
# A line break inside a table cell, as GFM tables write one (FDA labels' cells do).
_CELL_BREAK = "<br>"
# Whatever the parser below could read as markup: a character that can open
# emphasis, a link, code, an entity, an escape or a table cell, or a line that can
# open a list or be a rule. Text without any of these is its own plain text (four
# in ten sections of a Markdown collection), and the parse, which costs more than
# reading the file, is saved.
_MARKUP = re.compile(r"[*_`\[\]<>|\\&#~]|^[ \t]*(?:[-+]|\d+[.)])(?:[ \t]|$)|^[ \t]*-{3}", re.M)


# A blank line between paragraphs, and a line break inside one (only wrapping it).
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_SOFT_BREAK = re.compile(r"[ \t]*\n[ \t]*")


# What markdown-it's inline rules could read as markup in a block's text (emphasis,
# code, links, autolinks, entities, escapes): a paragraph, item or cell without any
# of these is its own text, and its inline parse (two thirds of the time) is saved.
_INLINE_MARKUP = re.compile(r"[*_`\[\]<>&\\]")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Return the CommonMark parser with GFM tables, raw HTML read as text, inline left to us."""
    from markdown_it import MarkdownIt

    # html off: a "<" in monograph text is a word's character, never a tag to drop.
    # Off too, the rules that would drop words or only rename blocks: a reference
    # definition stays text, indented text and underlined titles stay paragraphs.
    # The inline rules run only on text that may hold inline markup (plain_text).
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .disable(["reference", "code", "lheading", "html_block", "html_inline"])
        .disable(["inline", "text_join"])
    )


def plain_text(markdown: str) -> str:
    """Return the words of Markdown text, a line per block, without markup."""
    if not _MARKUP.search(markdown):
        # Paragraphs only: a line per paragraph, its wrapped lines joined.
        paragraphs = _PARAGRAPH_BREAK.split(markdown.strip())
        return "\n".join(_SOFT_BREAK.sub(" ", paragraph) for paragraph in paragraphs if paragraph)
    md = _markdown()
    out: list[str] = []
    for token in md.parse(markdown):
        if token.type == "inline":
            text = token.content
            out.append(
                _inline(md.inline.parse(text, md, {}, []))
                if _INLINE_MARKUP.search(text)
                else _SOFT_BREAK.sub(" ", text)
            )
        elif token.type == "fence":
            out.append(token.content)
        if token.type in _BLOCK_ENDS and out and out[-1] and not out[-1].endswith("\n"):
            out.append("\n")  # once: an empty table cell adds no blank line
    return "".join(out).strip()


def _inline(children: list[Token]) -> str:
    """Return the words of inline tokens: text, code, a link as "label (url)" as shown."""
    parts: list[str] = []
    links: list[tuple[int, str]] = []  # where each open link's label starts, and its target
    for child in children:
        if child.type in ("text", "text_special", "code_inline"):
            parts.append(child.content.replace(_CELL_BREAK, "\n"))
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":  # its description is its text
            parts.append(_inline(child.children or []))
        elif child.type == "link_open":
            links.append((len(parts), str(child.attrs.get("href", ""))))
        elif child.type == "link_close" and links:
            start, href = links.pop()
            if href and href != "".join(parts[start:]):
                parts.append(f" ({href})")
    return "".join(parts)
