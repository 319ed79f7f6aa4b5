"""Lists inside section text: side effects by frequency, components of a combination.

Cheap regular expressions over a section's Markdown, so rendering a table never
needs the Markdown parser on a lookup.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_ITEM = re.compile(r"^\s{0,3}(?:[*+-]|\d+[.)])\s+(?P<text>.*)$")
_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(?P<label>[^*_\n]{1,80}?):?(?:\*\*|__):?\s*(?P<rest>.*)$")
_PLAIN_LEAD = re.compile(r"^(?P<label>[A-Z][^:.\n]{0,60}?):\s*(?P<rest>.*)$")
_STRONG = re.compile(r"(\*\*|__)(.+?)\1")


class Group(NamedTuple):
    """A labelled list inside a section, e.g. "Common" and its side effects."""

    label: str
    items: list[str]


_LABEL_TAIL = re.compile(
    r"\s*\b(?:side[- ]effects?|adverse (?:effects|reactions)|reactions|may include|include"
    r"|can occur|are|occurring)\b.*$",
    re.I | re.S,
)


def short_label(label: str) -> str:
    """Return a frequency label without its sentence ("Common side effects may include")."""
    match = _LABEL_TAIL.search(label)
    if not match:
        return label
    short = label[: match.start()].strip(" ,;:-")
    if not short or short.count("(") > short.count(")"):
        return label  # nothing left, or the cut would fall inside a parenthesis
    return short[:1].upper() + short[1:]


def unmark(text: str) -> str:
    """Return text without bold markers, for table cells."""
    return _STRONG.sub(r"\2", text).strip()


def groups(text: str) -> tuple[list[Group], str]:
    """Split text into labelled lists and the rest.

    Recognised: a label line ("**Common:**", "Common side effects may include:")
    followed by a bullet list, and items that carry their label
    ("* Common: headache, dizziness"). The rest keeps every other line, so nothing
    is lost when the groups are shown as a table.
    """
    found, kept = grouped(text)
    lines = text.split("\n")
    return found, "\n".join(lines[number] for number in kept).strip("\n")


def grouped(text: str) -> tuple[list[Group], list[int]]:
    """Return the labelled lists of text and the numbers of the lines they leave (the rest)."""
    found: list[Group] = []
    rest: list[int] = []
    label: str | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines):
        stripped = line.strip()
        item = _ITEM.match(line)
        if item and not line.startswith(("    ", "\t")):
            body = item["text"].strip()
            lead = _BOLD_LEAD.match(body) or _PLAIN_LEAD.match(body)
            if label is None and lead and lead["rest"] and _looks_like_label(lead["label"]):
                found.append(Group(short_label(unmark(lead["label"])), [unmark(lead["rest"])]))
                continue
            if label is not None:
                found[-1].items.append(unmark(body))
                continue
            rest.append(number)
            continue
        if label is not None and line.startswith(("  ", "\t")) and stripped and found[-1].items:
            found[-1].items[-1] += " " + unmark(stripped)  # a wrapped list item
            continue
        if not stripped:
            if label is not None and not _next_is_item(lines, number):
                label = None
            if label is None:
                rest.append(number)
            continue
        lead = _BOLD_LEAD.match(stripped)
        heading = None
        if lead and not lead["rest"]:
            heading = lead["label"]
        elif stripped.endswith(":") and len(stripped) < 120 and _next_is_item(lines, number):
            heading = stripped.rstrip(":")
        if heading and _next_is_item(lines, number):
            label = short_label(unmark(heading.rstrip(":")))
            found.append(Group(label, []))
            continue
        label = None
        rest.append(number)
    return [group for group in found if group.items], rest


def _next_is_item(lines: list[str], number: int) -> bool:
    """Tell whether the next non-blank line after lines[number] is a list item."""
    for line in lines[number + 1 :]:
        if line.strip():
            return bool(_ITEM.match(line))
    return False


def _looks_like_label(label: str) -> bool:
    """Tell whether an item's lead ("Common", "Rare") reads as a frequency label."""
    words = label.split()
    return 0 < len(words) <= 6


def unlisted(text: str) -> list[int]:
    """Return the numbers of the lines of text that are not list items."""
    return [number for number, line in enumerate(text.split("\n")) if not _LISTED.match(line)]


_LISTED = re.compile(r"^\s{0,3}(?:[*+-]|\d+[.)])\s+")


def components(text: str) -> list[tuple[str, str]]:
    """Return (component, detail) rows from a combination's bullet list, if it has one."""
    rows: list[tuple[str, str]] = []
    for line in text.split("\n"):
        item = _ITEM.match(line)
        if not item:
            continue
        body = unmark(item["text"])
        for separator in (":", " - ", " \u2013 "):  # colon, hyphen, en dash
            if separator in body:
                name, _, detail = body.partition(separator)
                rows.append((name.strip(), detail.strip()))
                break
        else:
            match = re.match(
                r"^(?P<name>.+?)\s+(?P<detail>\d[\d.,]*\s*(?:mg|mcg|g|ml|iu|%).*)$", body, re.I
            )
            rows.append((match["name"], match["detail"]) if match else (body, ""))
    return rows
