"""The Markdown reader: the text of one monograph file -> Monograph; pure, no file access."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from medinfo.errors import ParseError
from medinfo.model import Monograph, Section
from medinfo.readers import problems
from medinfo.readers.faqs import parse_faqs
from medinfo.readers.frontmatter import aliases_of, decode, read_front_matter, text_value
from medinfo.scan import size_limit
from medinfo.sections import (
    BOLD_KEYS,
    KEYS,
    TOPIC_KEYS,
    Label,
    classify,
    names_component,
)
from medinfo.text import clean, fold

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_BOLD_LABEL = re.compile(
    r"^(?P<mark>\*\*|__)(?P<label>[^*_\n]{1,80}?)(?P<c1>:?)\s*(?P=mark)"
    r"\s*(?P<c2>:?)[ \t]*(?P<rest>.*)$"
)
_KEY_ATTRIBUTE = re.compile(r"\s*\{#(?P<key>[a-z_]+)\}\s*$")
_ALL_KEYS = frozenset((*KEYS, *TOPIC_KEYS))
_LIST_SPLIT = re.compile(r",|&|\band\b", re.I)
_COMPONENT_SPLIT = re.compile(r"\s*(?:\+|,|/|&|\band\b|\bwith\b)\s*", re.I)


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """Return a block-only CommonMark parser: sections need headings and paragraphs only."""
    from markdown_it import MarkdownIt

    # Sections start at headings and at paragraphs that open with a bold label.
    # Inline parsing, lists, quotes and indented code never move a boundary (the
    # indentation check in _sections keeps list text out) but cost two thirds of
    # the time; fences stay, so a "### Usage" inside one is not a heading. Raw
    # HTML stays text, since monograph text is data.
    return MarkdownIt("commonmark", {"html": False}).disable(
        ["inline", "text_join", "list", "reference", "html_block", "code", "blockquote"]
    )


def parse(text: str, path: str = "", directory: str = "") -> Monograph:
    """Parse the text of a monograph file; raise ParseError when it cannot be read."""
    # Real monographs are a few kilobytes; the cap (MEDINFO_MAX_FILE_KB) keeps hostile
    # files (pathological Markdown) from taking minutes or gigabytes.
    limit = size_limit(path or "monograph.md")
    if len(text) > limit:
        raise ParseError(f"file is larger than {limit // 1000} kB", "MI004")
    text = text.removeprefix("\ufeff")
    noted = problems.control_characters(text)
    metadata, body, raw, offset = read_front_matter(text)
    stem = clean(path.rsplit("/", 1)[-1].rsplit(".", 1)[0]) if path else ""
    sections, h1, openers = _sections(body, metadata.get("title") or "")
    name = text_value(metadata.get("title")) or h1 or _pretty(stem) or "Untitled"
    aliases = aliases_of(metadata.get("aliases"))
    faqs = [
        faq for section in sections if section.key == "faqs" for faq in parse_faqs(section.text)
    ]
    monograph = Monograph(
        name=name,
        path=path,
        dir=directory,
        aliases=aliases,
        metadata=metadata,
        sections=sections,
        faqs=faqs,
    )
    noted += problems.yaml_tags(raw) + problems.titles(metadata, raw, h1)
    noted += problems.sections(sections, openers, offset)
    monograph.problems = noted
    return monograph


def parse_bytes(data: bytes, path: str = "", directory: str = "") -> Monograph:
    """Decode file bytes and parse them, noting a file that is not UTF-8."""
    text, legacy = decode(data)
    monograph = parse(text, path, directory)
    if legacy is not None:
        monograph.problems[:0] = problems.legacy_encoding(data, legacy)
    return monograph


def _pretty(stem: str) -> str:
    """Return a file name stem as a display name."""
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", stem) if word)


def components_of(title: str) -> tuple[str, ...]:
    """Return the folded names of a combination's parts, and of the whole title."""
    parts = [fold(p) for p in _COMPONENT_SPLIT.split(title)]
    return tuple(dict.fromkeys(p for p in [*parts, fold(title)] if p))


def _heading_text(content: str) -> str:
    """Return heading text without emphasis markers wrapped around all of it."""
    text = content.strip()
    for mark in ("**", "__", "*", "_"):
        if len(text) > 2 * len(mark) and text.startswith(mark) and text.endswith(mark):
            return text[len(mark) : -len(mark)].strip()
    return text


class _Start:
    """Where a section's opener (heading or bold label) and its text start in the body."""

    __slots__ = ("component", "first", "key", "line", "opener", "title")

    def __init__(
        self, opener: int, line: int, key: str, title: str, first: str, component: str | None
    ) -> None:
        self.opener = opener
        self.line = line
        self.key = key
        self.title = title
        self.first = first
        self.component = component


def _split_label(text: str, components: tuple[str, ...]) -> tuple[Label, str, str] | None:
    """Classify a heading's text, also when the section's text follows a colon on its line."""
    # The colon first: "Alphadine Usage: dose" is Usage saying "dose", not a Dosage
    # heading of a part called "Alphadine Usage"; "Levosulpiride: Usage" still is Usage.
    head, colon, rest = text.partition(":")
    if colon and rest.strip():
        label = classify(head, components)
        if label:
            return label, head.strip(), rest.strip()
    label = classify(text, components)
    if label:
        return label, text.strip().rstrip(":").strip(), ""
    return None


def _sections(body: str, title: str) -> tuple[list[Section], str, list[int]]:
    """Split the Markdown body into sections; return them, the first H1's text, and the
    line (from 0, in the body) where each section opens."""
    tokens = _markdown().parse(body)
    lines = body.split("\n")
    h1 = ""
    h1_lines: set[int] = set()
    components = components_of(str(title)) if title else ()
    starts: list[_Start] = []
    key, level_now, component_now = "overview", 0, None
    by_heading = False  # whether the current section was opened by a heading
    context: str | None = None  # the part a per-component heading ("### Benidipine") names
    context_level = 0
    context_opener = -1  # the line of the heading that set the context
    sticky = False  # whether same-level headings stay inside the context
    part: tuple[str, int] | None = None  # a bold line naming a part, and where it stands
    alone: tuple[str, int] | None = None  # a paragraph that is only such a line
    from_line = False  # whether the context was set by such a line, not by a heading
    # The keys the parts named by such lines had so far: the combination's own sections
    # (its FAQs, its disclaimer) follow the last part under keys the parts did not use.
    shape: set[str] = set()
    part_keys: set[str] = set()
    for index, token in enumerate(tokens):
        if token.level != 0 or token.map is None:
            continue
        opener, line = token.map
        named, alone = alone, None
        if token.type == "heading_open":
            part = None
            level = int(token.tag[1:])
            text = _heading_text(tokens[index + 1].content)
            if level == 1 and not h1 and key == "overview":
                h1 = " ".join(text.split())
                components = components or components_of(h1)
                h1_lines.update(range(opener, line))
                continue
            explicit = _KEY_ATTRIBUTE.search(text)
            if explicit and explicit["key"] in _ALL_KEYS:
                # "### Teratogenic Effects {#pregnancy}": the key, written out.
                text = text[: explicit.start()].strip()
                found = None
                if explicit["key"] != "other":
                    found = (Label(explicit["key"], None), text, "")  # a part only by context
            else:
                found = _split_label(text, components)
            inside = key not in ("overview", "other") and level > level_now
            if found and found[0].key not in BOLD_KEYS and inside:
                continue  # "#### Children" inside Dosage is a sub-heading of it
            if found:
                label, label_title, rest = found
                if named is not None and label.component is None:
                    # "**Chloramphenicol**" alone, then "### Usage": the part the
                    # headings below are about, until another part is named. The
                    # name opens the first section, so no section before ends with it.
                    shape |= part_keys
                    part_keys = set()
                    context, context_level, context_opener = named[0], level, named[1]
                    sticky, from_line, opener = True, True, named[1]
                elif from_line and (level < context_level or _whole(label.key, shape)):
                    context, sticky, from_line = None, False, False
                if from_line:
                    part_keys.add(label.key)
                if context and level == context_level and not sticky:
                    # "### Clomiphene" right above "### Generic Name": a bare heading at
                    # the same level names the part the following sections are about.
                    previous = starts[-1]
                    sticky = (
                        previous.key == "other"
                        and previous.opener == context_opener
                        and not "".join(lines[previous.line : opener]).strip()
                    )
                if not (context and (level > context_level or sticky)):
                    context, sticky = None, False
                component = label.component or context
                starts.append(_Start(opener, line, label.key, label_title, rest, component))
                key, level_now, component_now = label.key, level, component
                by_heading = True
            elif key not in ("overview", "other") and level > level_now:
                continue  # a sub-heading inside a section stays part of its text
            else:
                title_text = text.rstrip(":").strip()
                context, context_level = _part_named(title_text) or None, level
                context_opener, sticky, from_line = opener, False, False
                starts.append(_Start(opener, line, "other", title_text, "", None))
                key, level_now, component_now = "other", level, context
                by_heading = True
        elif token.type == "paragraph_open":
            if lines[opener][:1] in (" ", "\t"):
                continue  # indented: list item text (lists are not parsed, for speed)
            found_parts = _part_items(lines, opener, line, components, part)
            if found_parts is not None:
                part, item_starts = found_parts
                if part and part[1] == opener and _names_part(lines, opener, line, components):
                    alone = part  # a part named by a line lasts until the next such line
                    context, sticky, from_line = None, False, False
                if item_starts:
                    starts.extend(item_starts)
                    last = item_starts[-1]
                    key, level_now, component_now = last.key, 7, last.component
                    by_heading = False
                continue
            part = None
            content = tokens[index + 1].content
            head, _, tail = content.partition("\n")
            match = _BOLD_LABEL.match(head)
            if not match or not (match["c1"] or match["c2"] or not match["rest"]):
                continue
            bold = classify(match["label"], components)
            if not bold or bold.key not in BOLD_KEYS:
                # "**Contraindications:**" inside Precautions is part of Precautions;
                # the topic gathers it from there.
                continue
            if from_line and _whole(bold.key, shape):
                context, sticky, from_line = None, False, False
            if from_line:
                part_keys.add(bold.key)
            component = bold.component or context
            if bold.key == key and (by_heading or component == component_now):
                # "**Warnings:**" or "**Alprazolam FAQs:**" inside a heading's section of
                # the same key is a sub-heading of it, not a new section.
                continue
            first = f"{match['rest']}\n{tail}" if tail else match["rest"]
            title_text = match["label"].strip()
            starts.append(_Start(opener, line, bold.key, title_text, first, component))
            # A bold label outranks no heading: any heading after it closes it.
            key, level_now, component_now = bold.key, 7, component
            by_heading = False

    sections: list[Section] = []
    openers: list[int] = []
    end = starts[0].opener if starts else len(lines)
    overview = _join("", lines[:end], h1_lines, 0)
    if overview:
        sections.append(Section("overview", "Overview", overview))
        openers.append(0)
    for number, start in enumerate(starts):
        end = starts[number + 1].opener if number + 1 < len(starts) else len(lines)
        text = _join(start.first, lines[start.line : end], h1_lines, start.line)
        following = starts[number + 1] if number + 1 < len(starts) else None
        if (
            start.key == "other"
            and not text
            and following
            and following.component
            and following.component == _part_named(start.title)
        ):
            continue  # "### Benidipine" only names the part the next sections are about
        sections.append(Section(start.key, start.title, text, start.component))
        openers.append(start.opener)
    return sections, h1, openers


_PART_LINE = re.compile(r"^\s*(?:[*+-]\s+)?(\*\*|__)(?P<name>[^*_\n]{1,80}?):?\1:?\s*$")
_ITEM_LABEL = re.compile(r"^\s*[*+-]\s+(\*\*|__)(?P<label>[^*_\n]{1,80}?):?\1:?[ \t]*(?P<rest>.*)$")


def _part_items(
    lines: list[str],
    opener: int,
    end: int,
    components: tuple[str, ...],
    part: tuple[str, int] | None,
) -> tuple[tuple[str, int] | None, list[_Start]] | None:
    """Read a paragraph as a part's labelled items, or return None when it is not one.

    "**Melatonin**" alone (naming a part of the combination), then items such as
    "* **Dosage:** 3 mg at night", make a section per item about that part. The
    result is the part still open, and the sections its items start.
    """
    item_starts: list[_Start] = []
    for number in range(opener, end):
        text = lines[number]
        named = _PART_LINE.match(text)
        if named and not classify(named["name"], components):
            if not names_component(named["name"], components):
                return None if number == opener else (part, item_starts)
            part = (_NUMBERING.sub("", named["name"]).strip(), number)  # "1. Caffeine"
            continue
        item = _ITEM_LABEL.match(text)
        label = classify(item["label"], components) if item and part else None
        if item is None or part is None or label is None or label.key not in BOLD_KEYS:
            if number == opener:
                return None  # an ordinary paragraph
            continue  # a wrapped line of the item above
        first_of_part = part[1] >= 0
        start_line = part[1] if first_of_part else number  # the part's name opens its first
        item_starts.append(
            _Start(start_line, number + 1, label.key, item["label"].strip(), item["rest"], part[0])
        )
        part = (part[0], -1)
    return part, item_starts


def _whole(key: str, shape: set[str]) -> bool:
    """Tell whether a section after parts named by bold lines is the combination's own.

    It is when it is a disclaimer, or FAQs where none of those parts had any: FAQs
    after parts made of Usage, Dosage and Precautions are about the combination. A
    part may have sections the others lack; those stay its own.
    """
    return key == "disclaimer" or (key == "faqs" and bool(shape) and key not in shape)


# "1. ", "2) ", "Component 2: ", "Part 1 -" before a part's name; not "2.5% Lidocaine".
_NUMBER = r"(?:(?:component|part|drug)\s*\d+\s*[:.)-]|\d+[.)](?=\s))"
_NUMBERING = re.compile(rf"^\s*{_NUMBER}\s*", re.I)
# What may stand around a part's name on its own line: numbering, "(…)", a colon.
_PART_DECOR = re.compile(rf"^\s*{_NUMBER}\s*|\s*\(\s*(?:[^()\s]+\s*){{1,3}}\)|:\s*$", re.I)


def _names_part(lines: list[str], opener: int, end: int, components: tuple[str, ...]) -> bool:
    """Tell whether a paragraph is only a bold line naming one part of a combination.

    "**Flurbiprofen**" or "**1. Caffeine:**" qualifies; "* **Flurbiprofen:**" with a
    list, or "**Ivermectin is not a substitute for antibiotics.**", does not.
    """
    named = _PART_LINE.match(lines[opener]) if end - opener == 1 else None
    if named is None or lines[opener][:2] not in ("**", "__") or len(components) < 3:
        return False
    name = _PART_DECOR.sub("", named["name"])
    # A sentence names no part, nor does the title in bold (the last of components).
    return "." not in name and fold(name) in components[:-1]


def _part_named(title: str) -> str:
    """Return the part of a combination a bare heading names: all of it, or what precedes
    a colon followed only by section names ("Guaifenesin: Usage, Dosage, Precautions")."""
    head, colon, tail = title.partition(":")
    if colon and head.strip():
        words = [w for w in _LIST_SPLIT.split(tail) if w.strip()]
        if words and all(classify(word) for word in words):
            return head.strip()
    return title


def _join(first: str, lines: list[str], skip: set[int], offset: int) -> str:
    """Return a section's Markdown: text from the opening line, then its own lines."""
    kept = [line for number, line in enumerate(lines, offset) if number not in skip]
    body = "\n".join(kept).strip("\n")
    first = first.strip()
    if first and body:
        return f"{first}\n{body}".rstrip()
    return (first or body).rstrip()
