"""The narrative text of an SPL section as Markdown: paragraphs, lists, emphasis, tables."""

from __future__ import annotations

import re

from medinfo.readers import splchars, splwords
from medinfo.readers.splchars import bold, bridges, edge_marks, literal, script, spaced
from medinfo.readers.spltable import table
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

    from medinfo.readers.splwords import Lines

    Block = tuple[str, Lines]  # a block's Markdown and its words (medinfo.readers.splwords)

NS = "{urn:hl7-org:v3}"
# Elements whose text is never shown: Highlights repeat the section in short, and
# images are not text.
_SKIPPED = frozenset(f"{NS}{tag}" for tag in ("excerpt", "renderMultiMedia", "observationMedia"))
# Tags compared whole, namespace included: the reader meets hundreds of thousands.
_PARAGRAPH, _LIST, _TABLE, _CAPTION, _ITEM = (
    f"{NS}{tag}" for tag in ("paragraph", "list", "table", "caption", "item")
)
_BR, _SUP, _SUB, _FOOTNOTE, _LINK, _CONTENT = (
    f"{NS}{tag}" for tag in ("br", "sup", "sub", "footnote", "linkHtml", "content")
)
_CONTAINERS = frozenset(f"{NS}{tag}" for tag in ("text", "section", "component"))
_BLOCKS = frozenset((_PARAGRAPH, _LIST, _TABLE))


def element_text(element: Element | None) -> str:
    """Return all the text inside an element, with inline markup as Markdown."""
    if element is None:
        return ""
    return inline_text(element)


def markdown(text: Element | None) -> str:
    """Return a section's <text> as Markdown blocks."""
    return section_text(text)[0]


def section_text(text: Element | None) -> tuple[str, str | None]:
    """Return a section's <text> as Markdown blocks, and its words when they are certain.

    The words are what medinfo.readers.blocks.words reads of the Markdown, given
    here so that no build of the index parses it again (medinfo.readers.splwords).
    """
    if text is None:
        return "", ""
    blocks = [block for block in _blocks(text) if block[0].strip()]
    raw = "\n\n".join(block[0] for block in blocks)
    joined = clean(raw).strip()
    # Cleaning that removed a character may have joined what it stood between.
    said = splwords.text(splwords.joined(_words(b) for b in blocks)) if joined == raw else None
    if not joined.startswith("**") and "\n**" not in joined:  # no line opens in bold
        return joined, said
    shown = _LEADING_BOLD.sub(_unlabel, "\n" + joined)[1:]
    if said is not None and shown != joined:  # bold made bold italics: the same words?
        for old, new in zip(joined.split("\n"), shown.split("\n"), strict=True):
            if old != new and (
                splwords.inline(old) is None or splwords.inline(old) != splwords.inline(new)
            ):
                return shown, None
    return shown, said


def _words(block: Block) -> Lines:
    """Return a block's words: the reader's, else what Markdown makes of the block alone.

    Blocks stand apart (a blank line between them, no reference one makes for
    another), so parsing the one the reader is not sure of is parsing its part of
    the section: most of a label's words stay unparsed.
    """
    if block[1] is not None:
        return block[1]
    from medinfo.readers.blocks import built, words

    entries = built(block[0])
    return None if entries is None else words(entries).split("\n")


# A line that opens with a section's name in bold ("**WARNINGS**", "**Active
# Ingredient**:") would be read as the start of that section if the label is written
# out as Markdown and read back; in bold italics no reader takes it for a label.
# Matched after a newline (the text is given one in front) rather than at "^" in
# multiline mode: a pattern starting with literal text is searched for much faster.
_LEADING_BOLD = re.compile(r"\n\*\*(?P<label>[^*\n]{1,80})\*\*")


def _unlabel(match: re.Match[str]) -> str:
    """Return a leading bold label in bold italics when it names a section."""
    return f"\n***{match['label']}***" if splchars.names_section(match["label"]) else match[0]


def _blocks(element: Element) -> list[Block]:
    """Return the blocks (paragraphs, lists, tables) inside an element, with their words.

    Text and inline elements straight inside it ("m<sup>2</sup>" between two
    tables) are one paragraph, as they read, not a paragraph each.
    """
    blocks: list[Block] = []
    loose = element.text or ""
    run: list[Element] = []
    tails: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            if tails:
                tails[-1] += " " + (child.tail or "")
            else:
                loose += " " + (child.tail or "")
            continue
        if tag not in _BLOCKS and tag not in _CONTAINERS:  # inline content straight in it
            run.append(child)
            tails.append(child.tail or "")
            continue
        blocks.append(_loose(loose, run, tails))
        loose, run, tails = child.tail or "", [], []
        if tag == _PARAGRAPH:
            text = _paragraph(child)
            blocks.append((text, _said(text)))
        elif tag == _LIST:
            blocks.append(_list(child))
        elif tag == _TABLE:
            blocks.append(table(child, inline_text))
        else:
            blocks.extend(_blocks(child))
    blocks.append(_loose(loose, run, tails))
    return [block for block in blocks if block[0]]


def _loose(text: str, run: list[Element], tails: list[str]) -> Block:
    """Return text and inline elements outside any paragraph as one, its lines kept."""
    if not run and not text.strip():
        return "", []
    lines = (" ".join(line.split()) for line in _inline_parts(text, run, tails).split("\n"))
    said = "\n".join(literal(line) for line in lines if line)
    return said, _said(said)


def _paragraph(element: Element) -> str:
    """Return a paragraph's Markdown, its lines kept apart where <br/> breaks them."""
    inline = inline_text(element)
    if "\n" in inline:
        lines = [literal(" ".join(line.split())) for line in inline.split("\n")]
        text = "\n".join(line for line in lines if line)
    else:
        text = literal(" ".join(inline.split()))
    caption = element.find(_CAPTION)
    if caption is not None:
        text = f"{bold(' '.join(inline_text(caption).split()))}\n{text}".strip()
    return text


def _said(paragraph: str) -> Lines:
    """Return the words of a paragraph as its one line, or None when not certain."""
    words = splwords.paragraph(paragraph) if paragraph else ""
    return None if words is None else [words]


def inline_text(element: Element) -> str:
    """Return the text of an element with emphasis, sub/superscripts, links and breaks."""
    if not len(element):
        text = element.text or ""
        return text.replace("\n", " ") if "\n" in text else text
    return _inline_parts(element.text or "", list(element))


_STYLED = re.compile(r"bold|italics|emphasis", re.I)
_WORD = re.compile(r"[^\W_]")


def _inline_parts(text: str, children: list[Element], tails: list[str] | None = None) -> str:
    """Return text and the inline children that follow it as Markdown.

    Each child is followed by its tail, or by tails[i] when tails are given (an item
    whose lists and tables were taken out, their tails joined to what precedes them).
    """
    if "\n" in text:
        text = text.replace("\n", " ")
    parts: list[str] = [text]
    last = text[-1:]  # the character before the next child, for emphasis to open
    # The part that closes the last emphasis run and its mark, while only white space
    # (or emphasis of the same kind around no word, "®") follows it.
    run: tuple[int, str] | None = None
    for index, child in enumerate(children):
        tag = child.tag
        tail = (child.tail or "") if tails is None else tails[index]
        if "\n" in tail:
            tail = tail.replace("\n", " ")
        bridged = False  # whether this child and its tail leave the run open
        if tag == _CONTENT:
            style = child.get("styleCode") or ""
            if style and _STYLED.search(style):
                nxt = children[index + 1] if index + 1 < len(children) else None
                after = tail[:1] or (_first(nxt) if nxt is not None else "")
                inner, opens, closes = _styled(child, last, after)
            else:  # underline, a font or no style: nothing to show in Markdown
                inner, opens, closes = inline_text(child), "", ""
            if not opens and not closes and len(child):  # a bold run at a wrapper's edge
                opens, closes = _edges(child, inner)
            if run and opens and opens == run[1]:
                # "**ser** **i** **ous**", "**A****B**": runs of one emphasis, with
                # nothing but white space between them, are one run
                at = run[0]
                kept = parts[at].rstrip()
                parts[at] = kept[: -len(opens)] + parts[at][len(kept) :]
                start = len(inner) - len(inner.lstrip())
                inner = inner[:start] + inner[start + len(opens) :]
            if closes:
                run = (len(parts), closes)
                bridged = True
            elif not opens and run and bridges(inner, style, run[1]):
                bridged = True  # bold around "®" or white space alone
        elif tag in _SKIPPED or tag == _CAPTION:
            inner = ""
        elif tag == _BR:
            inner = "\n"
        elif tag in (_SUP, _SUB):
            inner = script(inline_text(child), tag == _SUP)
        elif tag == _FOOTNOTE:
            inner = f" [{' '.join(inline_text(child).split())}]"
        elif tag == _LINK:
            raw = inline_text(child)
            label = " ".join(raw.split())
            href = child.get("href", "")
            inner = f"[{label}]({href})" if href.startswith(("http://", "https://")) else label
            inner = spaced(raw, inner)  # "see<linkHtml> Dosage</linkHtml>": not "seeDosage"
        elif tag in _BLOCKS:
            inner = "\n" + "\n".join(_blocks_of(child)) + "\n"
        else:
            inner = inline_text(child)
        if not bridged and not (run and bridges(inner, "", "")):
            run = None
        parts.append(inner)
        if tail:
            parts.append(tail)
            if run and not bridges(tail, "", ""):
                run = None
        last = (tail or inner or last)[-1:]
    return "".join(parts)


def _edges(element: Element, inner: str) -> tuple[str, str]:
    """Return the bold marks of the bold runs at a wrapper's edges (italics around bold)."""
    bolds = [e.tag == _CONTENT and "bold" in (e.get("styleCode") or "").lower() for e in element]
    loose = (element.text or "").strip(), (element[-1].tail or "").strip()
    return edge_marks(inner, bolds[0] and not loose[0], bolds[-1] and not loose[1])


def _first(element: Element) -> str:
    """Return the first character of an element's text, if any."""
    return next((text[:1] for text in element.itertext() if text), "")


def _blocks_of(element: Element) -> list[str]:
    """Return one block-level element as Markdown lines."""
    tag = element.tag
    if tag == _LIST:
        return [_list(element)[0]]
    if tag == _TABLE:
        return [table(element, inline_text)[0]]
    return [_paragraph(element)]  # inline: its words are not wanted, so not made


def _styled(element: Element, before: str = "", after: str = "") -> tuple[str, str, str]:
    """Return <content> text, bold or italic as its styleCode says, and its edge marks.

    Emphasis goes only around words (around "(" alone it would show as "**(**"),
    and punctuation at its edge goes outside it where a word touches it, as
    Markdown would not otherwise read the marks as emphasis ("**Note:**Take").
    The marks returned are the one the text opens with (after white space) and
    the one it closes with (before white space), empty where punctuation or
    nothing stands there: where another run of the same emphasis may join it.
    """
    text = inline_text(element)
    style = (element.get("styleCode") or "").casefold()
    core = text.strip()
    if not core or "\n" in core or not _WORD.search(core):
        return text, "", ""
    if "bold" in style:
        mark = "**"
    elif "italics" in style or "emphasis" in style:
        mark = "*"
    else:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    if mark == "**":
        core = core.replace("**", "")  # bold inside bold: once is enough
    elif core.startswith("*") or core.endswith("*"):
        return text, "", ""  # italics around bold or italics: Markdown has no way to say it
    head = tail = ""
    if not trail and after[:1].isalnum():
        while core and not core[-1].isalnum():
            tail = core[-1] + tail
            core = core[:-1]
    if not lead and before[:1].isalnum():
        while core and not core[0].isalnum():
            head += core[0]
            core = core[1:]
    if not core.strip() or core != core.strip():
        return text, "", ""
    styled = f"{lead}{head}{mark}{core}{mark}{tail}{trail}"
    return styled, "" if head else mark, "" if tail else mark


# The bullets a list item may carry as its own marker, in its caption or as its
# first character; "o" is a caption only (a bullet drawn in a symbol font).
_BULLETS = frozenset("•●·▪▫◦∘○■□◆◇►▸‣\u2043\u2013-*✓✔➢➤")  # \u2043 hyphen bullet, en dash
_NUMBERED = re.compile(r"\d{1,9}[.)]")
# A number as an item's first words: "1. Osteoarthritis", "2.Ketoprofen" (not "2.5 mg").
_NUMBER_FIRST = re.compile(r"(\d{1,9}[.)])(?: +|(?=[A-Z]))")


def _list(element: Element, indent: str = "") -> Block:
    """Return a list, ordered or not, its caption first, nested lists and tables indented,
    and its words: a line per item, a numbered item's number first (None if nested).

    An item's own marker (a caption "1." or "•", a bullet as its first character)
    is used instead of the list's: a number stays that number, a bullet a bullet,
    and any other ("a.", "(i)") starts a line of its own before the item's text.
    What is nested in an item is indented to its text, so it stays in the item.
    """
    ordered = (element.get("listType") or "").casefold() == "ordered"
    lines: list[str] = []
    said: list[str | None] = []
    caption = element.find(_CAPTION)
    caption_text = " ".join(inline_text(caption).split()) if caption is not None else ""
    if caption_text:
        lines.append(f"{indent}{bold(caption_text)}")
        said.append(splwords.paragraph(bold(caption_text)))
    for number, item in enumerate(element.findall(_ITEM), 1):
        own = ""
        inline: list[Element] = []
        tails: list[str] = []
        nested: list[Element] = []
        before = item.text or ""
        for child in item:
            tag = child.tag
            if tag in (_LIST, _TABLE):  # a table stays a table, below its item
                nested.append(child)
            elif tag == _CAPTION and not own and not inline and not before.strip():
                own = " ".join(inline_text(child).split())
            elif tag == _CAPTION:  # a caption further on is text of the item
                words = f" {inline_text(child)} {child.tail or ''}"
                if tails:
                    tails[-1] += words
                else:
                    before += words
                continue
            else:
                inline.append(child)
                tails.append(child.tail or "")
                continue
            tail = child.tail or ""  # the text after a nested block goes on the item's line
            if tails:
                tails[-1] += " " + tail
            else:
                before += " " + tail
        # Lines broken by <br/> stay lines (continuation lines of the item; in a
        # table cell, lines of the cell).
        broken = (
            " ".join(line.split()) for line in _inline_parts(before, inline, tails).split("\n")
        )
        text, *more = [line for line in broken if line] or [""]
        if not own and text[:1] in _BULLETS and text[1:2] in ("", " ") and text[:1] != "*":
            own, text = text[:1], text[2:]
        elif (not own or own in _BULLETS) and (numbered := _NUMBER_FIRST.match(text)):
            # a number, also after a bullet ("• 2. Naproxen"): the number says more
            own, text = numbered[1], text[numbered.end() :]
        if not text and not nested:
            continue  # an empty item says nothing, and a bare "-" would underline a heading
        if _NUMBERED.fullmatch(own):
            marker = own
        elif own in _BULLETS or own == "o" or (not own and not ordered):
            marker = "-"
        elif not own:
            marker = f"{number}."
        else:  # a marker Markdown has no list for: the item's own line, as written
            if lines and lines[-1]:
                lines.append("")
            shown = [literal(f"{own} {text}".strip()), *(literal(line) for line in more)]
            lines.extend(f"{indent}{line}" for line in shown)
            said.append(splwords.paragraph("\n".join(shown)))
            under = [block for child in nested if (block := _nested(child, indent))[0]]
            lines.extend(block[0] for block in under)
            said.append(_under(under))
            lines.append("")
            continue
        if text:
            inner = indent + " " * (len(marker) + 1)
            # A numbered list interrupts the paragraph above it only from number 1.
            shown = [text, *(literal(line) for line in more)]
            said_item = splwords.paragraph("\n".join(shown), markers=1)
            if marker[0] != "-" and int(marker[:-1]) != 1 and len(lines) == 1 and caption_text:
                said_item = None  # the caption's paragraph would go on
            if said_item and marker[0] != "-":  # a numbered item's words start with its number
                said_item = f"{int(marker[:-1])}. {said_item}"
            said.append(said_item)
            lines.append(f"{indent}{marker} {text}".rstrip())
            lines.extend(f"{inner}{literal(line)}" for line in more)
            under = [block for child in nested if (block := _nested(child, inner))[0]]
            lines.extend(block[0] for block in under)
            said.append(_under(under))
        else:  # an item holding only a list or table: that, at the list's own level
            lines.extend(block[0] for child in nested if (block := _nested(child, indent))[0])
            said.append(None)  # its words are left to the parser
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines), None if None in said else [line for line in said if line]


def _nested(element: Element, indent: str) -> Block:
    """Return a list or table inside a list item, indented to the item's text."""
    if element.tag == _LIST:
        return _list(element, indent)
    text, said = table(element, inline_text)
    return "\n".join(f"{indent}{line}" if line else line for line in text.split("\n")), said


# The first line of a list or table that breaks off the paragraph above it (a list
# numbered from 1 only); any other goes on in it (a caption, "a. Lettered", "3. Step").
_BREAKS_OFF = re.compile(r" *(?:- |0{0,8}1[.)] |\|)")
_ITEM_START = re.compile(r" *(?:- |\d{1,9}[.)] )")


def _under(blocks: list[Block]) -> str | None:
    """Return the words of the lists and tables under an item's text, or None if not certain.

    The first must break off the paragraph above it; a table only may come first
    (after a list, its rows would go on in the list's last item).
    """
    if not blocks:
        return ""
    if not _BREAKS_OFF.match(blocks[0][0]):
        return None
    if any(not _ITEM_START.match(block[0]) for block in blocks[1:]):
        return None
    return splwords.text(splwords.joined(block[1] for block in blocks))
