"""What a monograph that reads still gets wrong: problems noted for `medinfo check`.

Each is (rule id, line, message), the rule one of medinfo.rules; none stops a file
from being read. Messages name what they found, and quote it only once it is clean.
"""

from __future__ import annotations

import re

from medinfo.sections import KEYS, TITLES, TOPIC_KEYS
from medinfo.text import UNSAFE, clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.model import Section

Problem = tuple[str, int, str]

# The sections a monograph is for; an overview, a disclaimer or an unknown heading
# alone is not one (RxHive's "I cannot provide information..." pages have only those).
STANDARD = frozenset((*KEYS, *TOPIC_KEYS)) - {"overview", "other", "disclaimer"}
_ESCAPE = re.compile(r"[\x1b\x9b]")
_TITLE_LINE = re.compile(r"^title[ \t]*:", re.M)


def line_of(text: str, index: int) -> int:
    """Return the line number (from 1) of a position in text."""
    return text.count("\n", 0, index) + 1


def control_characters(text: str) -> list[Problem]:
    """Note control characters and escape sequences, which are removed when shown."""
    if "\r" in text:  # a line ending, CRLF or old Mac, not a control character
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = UNSAFE.search(text)
    if first is None:
        return []
    count = len(UNSAFE.findall(text))
    code = f"U+{ord(first[0]):04X}"
    if count == 1:
        found = f"1 control character ({code})"
    elif _ESCAPE.search(text):
        found = f"{count} escape sequences and control characters ({code} first)"
    else:
        found = f"{count} control characters ({code} first)"
    return [("MI401", line_of(text, first.start()), f"{found}; removed when shown")]


def legacy_encoding(data: bytes, error: UnicodeDecodeError) -> list[Problem]:
    """Note a file that is not UTF-8, at the line of its first byte that is not."""
    line = data.count(b"\n", 0, error.start) + 1
    byte = data[error.start]
    return [("MI003", line, f"not UTF-8 (byte 0x{byte:02X}): read as Windows-1252")]


def yaml_tags(raw: str) -> list[Problem]:
    """Note the first explicit YAML tag (!!str, !custom) of front matter that loaded."""
    if "!" not in raw:
        return []
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        for event in yaml.parse(raw, Loader=loader):
            tag = getattr(event, "tag", None)
            if tag:
                mark = event.start_mark
                where = mark.line + 2 if mark is not None else 1  # the "---" line is line 1
                return [("MI104", where, f"YAML tag {clean(tag)!r}: front matter is plain data")]
    except yaml.YAMLError:
        return []
    return []


def titles(metadata: dict[str, Any], raw: str, h1: str) -> list[Problem]:
    """Note a missing title, or a title that is not text."""
    value = metadata.get("title")
    if value is None or value == "":
        if h1:
            return []
        return [("MI201", 1, "no title in the front matter and no # heading: named after the file")]
    if isinstance(value, str):
        return []
    found = _TITLE_LINE.search(raw)
    line = line_of(raw, found.start()) + 1 if found else 1
    kind = {"list": "a list", "dict": "a mapping", "bool": "true or false"}.get(
        type(value).__name__, "a number"
    )
    return [("MI202", line, f"title is {kind}, not text")]


def sections(found: list[Section], openers: list[int], offset: int) -> list[Problem]:
    """Note no standard section at all, empty ones, and one given twice for a part."""
    problems: list[Problem] = []
    if not any(section.key in STANDARD for section in found):
        said = " ".join(found[0].text.split())[:70] if found and found[0].text else ""
        quote = f': it says "{said}..."' if said else ""
        return [("MI301", 1, f"none of the standard sections (Usage, Dosage...){quote}")]
    first_line: dict[tuple[str, str | None], int] = {}
    for section, opener in zip(found, openers, strict=True):
        if section.key not in STANDARD:
            continue
        line = offset + opener + 1
        name = section.title or TITLES.get(section.key, section.key)
        if not section.text.strip():
            problems.append(("MI302", line, f"section '{name}' is empty"))
        part = (section.key, section.component)
        if part in first_line:
            whose = f" of {section.component}" if section.component else ""
            problems.append(
                (
                    "MI303",
                    line,
                    f"second {section.key} section{whose} ('{name}'); the first is on "
                    f"line {first_line[part]}",
                )
            )
        else:
            first_line[part] = line
    return problems
