"""Markdown documents: a monograph as a file medinfo itself can read back."""

from __future__ import annotations

import json
import re
import sys

from medinfo.answers import Gathered
from medinfo.model import Section

# Plain lines where a format has no Markdown form of its own: index statistics, a
# check's findings; and, as there, nothing on stdout for a name that found nothing.
from medinfo.render.plain import check as check
from medinfo.render.plain import compared
from medinfo.render.plain import index as index
from medinfo.render.plain import unknown as unknown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from medinfo.answers import Comparison, Mentions
    from medinfo.changes import Changes
    from medinfo.model import Hits, Listing, Monograph
    from medinfo.render import KeyRow, Options
    from medinfo.rules import Rule


_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]|$)", re.M)


def _yaml(value: Any) -> str:
    """Return a value as YAML that loads back to it: JSON, which quotes "NO" and "12:30"."""
    # Two characters YAML does not allow unescaped, and the text cleaning keeps.
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


# Words YAML 1.1 reads as booleans or null, not as the text they are.
_YAML_WORDS = frozenset(("yes", "no", "true", "false", "on", "off", "null"))


def _key(key: str) -> str:
    """Return a front matter key, quoted where YAML would read it otherwise."""
    plain = (
        re.fullmatch(r"[A-Za-z_][\w -]*", key)
        and not key.endswith(" ")
        and key.casefold() not in _YAML_WORDS
    )
    return key if plain else _yaml(key)


def show(
    monograph: Monograph, sections: list[Section | Gathered], whole: bool, options: Options
) -> None:
    """Print a monograph file: its front matter as it was, the name as H1, a ### per section."""
    front = dict(monograph.metadata)
    if monograph.aliases and "aliases" not in front:
        front["aliases"] = monograph.aliases
    parts = [f"---\n{''.join(f'{_key(k)}: {_yaml(v)}{chr(10)}' for k, v in front.items())}---"]
    if not front:
        parts = []
    parts.append(f"# {monograph.name}")
    parts.extend(_sections(sections, _keyed(monograph)))
    if options.many:
        parts.append("")  # a blank line between one monograph file and the next
    sys.stdout.write("\n\n".join(parts) + "\n")


def _keyed(monograph: Monograph) -> Callable[[Section], str]:
    """Return how to write a section's title so that it reads back under its own key.

    A title the reader would file under another key ("Teratogenic Effects", from an
    FDA label's Pregnancy code) carries its key: "Teratogenic Effects {#pregnancy}".
    """
    from medinfo.readers.markdown import components_of
    from medinfo.sections import classify

    components = components_of(monograph.name)

    def title(section: Section) -> str:
        label = classify(section.title, components)
        key, part = (label.key, label.component) if label else ("other", None)
        if key == section.key and part in (None, section.component):
            return section.title
        return f"{section.title} {{#{section.key}}}"

    return title


def _sections(
    sections: list[Section | Gathered], title: Callable[[Section], str] = lambda s: s.title
) -> list[str]:
    """Return the sections as Markdown blocks, with heading levels the reader reads back.

    The reader gives a section the component named by a bare heading above it (one
    level up, or right above at the same level), and keeps headings below a
    section's level inside its text; the levels here follow those rules.
    """
    written = [s for s in sections if isinstance(s, Section)]
    inner = min((len(m[1]) for s in written for m in _HEADING.finditer(s.text)), default=7)
    parts = any(s.component for s in written)
    # Sections one level above the highest heading in any text (and their parts one
    # level below them): ### where that is possible.
    level = max(1, min(3, inner - (2 if parts else 1)))
    blocks: list[str] = []
    group: str | None = None
    previous = "overview"  # what decides whether a deeper heading is read as text
    for number, section in enumerate(sections):
        following = sections[number + 1] if number + 1 < len(sections) else None
        if isinstance(section, Gathered):
            group = None
            said = [
                f"From {title}:\n\n" + "\n\n".join(_quoted(quote.text) for quote in quotes)
                for title, quotes in section.by_section()
            ]
            blocks.append(f"{'#' * level} {section.title}\n\n" + "\n\n".join(said))
            previous = "section"
            continue
        if following is not None and isinstance(following, Gathered):
            following = None  # it is written as a section of its own heading
        if section.key == "overview" and not blocks:  # after a boxed warning: with a heading
            blocks.append(section.text)
            continue
        if section.component:
            if section.component != group:
                blocks.append(f"{'#' * level} {section.component}")
                group = section.component
            blocks.append(f"{'#' * (level + 1)} {title(section)}\n{section.text}".rstrip())
            previous = "part"
            continue
        group = None
        marks = "#" * level
        if (
            section.key == "other"
            and not section.text
            and following is not None
            and following.key != "other"
            and not following.component
        ):
            # An empty heading right above one of the same level would name the part
            # the next sections are about: it goes a level down where nothing takes
            # it for a sub-heading, else what follows goes a level up.
            if previous in ("overview", "other", "part"):
                marks += "#"
            elif level > 1:
                level -= 1
        blocks.append(f"{marks} {title(section)}\n{section.text}".rstrip())
        previous = "other" if section.key == "other" else "section"
    return blocks


def _quoted(text: str) -> str:
    """Return text as a Markdown block quote."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.split("\n"))


def compare(comparison: Comparison, options: Options) -> None:
    """Print a section per key, and under it each drug in turn."""
    sys.stdout.write(compared(comparison, "*Nothing found.*"))


def diff(changes: Changes, options: Options) -> None:
    """Print the changes as a diff block, which Markdown viewers show as written."""
    text = changes.unified()  # in a fence longer than any run of backticks in the text
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`{3,}", text))])
    sys.stdout.write(f"# {changes.new.describe()}\n\n{fence}diff\n{text}{fence}\n")


def interactions(mentions: Mentions, options: Options) -> None:
    """Print the note, then each monograph's passages about another drug, as quotes."""
    parts = [f"*{mentions.note}*"]
    for mention in mentions.mentions:
        for title, quotes in mention.by_section():
            said = "\n\n".join(_quoted(quote.text) for quote in quotes)
            parts.append(f"## {mention.heading()}\n\nFrom {title}:\n\n{said}")
    sys.stdout.write("\n\n".join(parts) + "\n")


def search(query: str, hits: Hits, options: Options) -> None:
    """Print the hits as a Markdown list."""
    sys.stdout.write(
        "".join(
            f"- **{hit.name}** ({hit.section}): {_escaped(hit.plain_snippet())}\n" for hit in hits
        )
    )


_PUNCTUATION = re.compile(r"([\\`*_\[\]<>|~#&])")


def _escaped(text: str) -> str:
    """Return plain text as Markdown that shows it as it is: its punctuation escaped."""
    return _PUNCTUATION.sub(r"\\\1", text)


def list_(listing: Listing, options: Options) -> None:
    """Print the entries as a Markdown list."""
    entries = listing.entries()
    sys.stdout.write("".join(f"- {entry.name} (`{entry.path}`)\n" for entry in entries))


def sections(rows: list[KeyRow], options: Options) -> None:
    """Print the section keys as a Markdown table."""
    lines = ["## Sections", "", "| key | title | words |", "|---|---|---|"]
    lines += [
        f"| `{k}` | {title} | {', '.join(words)} |" for k, title, words, rule in rows if not rule
    ]
    lines += ["", "## Topics", "", "| key | title | words | gathered |", "|---|---|---|---|"]
    lines += [
        f"| `{k}` | {title} | {', '.join(words)} | {rule} |"
        for k, title, words, rule in rows
        if rule
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def check_rules(rules: list[Rule], options: Options) -> None:
    """Print the rules as a Markdown table."""
    lines = ["| Rule | Severity | Name | Finds |", "|---|---|---|---|"]
    lines += [f"| {r.id} | {r.severity} | {r.name} | {r.summary} |" for r in rules]
    sys.stdout.write("\n".join(lines) + "\n")
