"""Plain text for pipes: the Markdown of the chosen sections, no escapes, no boxes."""

from __future__ import annotations

import re
import sys

from medinfo.answers import Gathered
from medinfo.model import shown_title
from medinfo.sections import TITLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.answers import Comparison, Mentions
    from medinfo.changes import Changes
    from medinfo.findings import Report
    from medinfo.model import Hits, Listing, Monograph, Section
    from medinfo.render import KeyRow, Options
    from medinfo.rules import Rule


_ROW = re.compile(r"(?<!\\)\|")


def broken(text: str) -> str:
    """Return Markdown with its "<br>" line breaks as lines, as a reader of text sees them.

    In a table a row whose cells hold several lines becomes as many lines, each
    cell's first line beside the others' first lines (a label pairs drugs and
    recommendations so), and a rule under each row keeps rows apart.
    """
    if "<br>" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and lines[end].lstrip().startswith("|"):
            end += 1
        if end == start:
            out.append(lines[start].replace("<br>", "\n"))
            start += 1
            continue
        table = lines[start:end]
        if not any("<br>" in row for row in table):
            out.extend(table)
        else:
            rule = table[1] if len(table) > 1 and set(table[1].strip()) <= set("|-: ") else ""
            for number, row in enumerate(table):
                out.extend(_row_lines(row) if "<br>" in row else [row])
                if rule and number > 1 and number + 1 < len(table):
                    out.append(rule)
        start = end
    return "\n".join(out)


def _row_lines(row: str) -> list[str]:
    """Return a table row whose cells hold "<br>" as one line per line of its cells."""
    indent = row[: len(row) - len(row.lstrip())]
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = [cell.strip().split("<br>") for cell in _ROW.split(inner)]
    depth = max(len(cell) for cell in cells)
    return [
        indent + "| " + " | ".join(cell[n] if n < len(cell) else "" for cell in cells) + " |"
        for n in range(depth)
    ]


def _write(text: str) -> None:
    """Write text to stdout as it is (never through Rich: it would wrap and eat brackets)."""
    sys.stdout.write(text)


def show(
    monograph: Monograph, sections: list[Section | Gathered], whole: bool, options: Options
) -> None:
    """Print a monograph, or only the chosen sections, as Markdown."""
    # Named first, whole or not: which drug an answer is about, in a loop or a file too.
    head = [f"# {monograph.name}"]
    if whole:
        if monograph.aliases:
            head.append("Also known as: " + ", ".join(monograph.aliases))
        if monograph.drug_class:
            head.append(f"Class: {monograph.drug_class}")
        head += [f"{what}: {value}" for what, value in monograph.label_facts()]
    parts = ["\n".join(head)]
    for section in sections:
        if isinstance(section, Gathered):
            # Each passage as written, under the section it stands in.
            for title, quotes in section.by_section():
                texts = "\n\n".join(broken(quote.text) for quote in quotes)
                parts.append(f"## {section.label} (from {title})\n\n{texts}")
        else:
            parts.append(f"## {section.label}\n\n{broken(section.text)}".rstrip())
    _write("\n\n".join(parts) + ("\n\n" if options.many else "\n"))


def unknown(query: str, error: str, options: Options) -> None:
    """Say nothing on stdout: the error went to stderr, and the answers stay clean."""


def said(part: Section | Gathered) -> str:
    """Return what a section or gathered topic says, with where each passage is from."""
    if isinstance(part, Gathered):
        return "\n\n".join(
            f"From {title}:\n\n" + "\n\n".join(quote.text for quote in quotes)
            for title, quotes in part.by_section()
        )
    if part.component or part.title != TITLES.get(part.key, part.title):
        return f"{part.label}:\n\n{part.text}".rstrip()
    return part.text


def compared(comparison: Comparison, nothing: str) -> str:
    """Return a comparison as Markdown: a section per key, under it each drug in turn."""
    parts = ["# " + " | ".join(m.name for m in comparison.monographs)]
    for key in comparison.keys:
        parts.append(f"## {shown_title(key, TITLES[key])}")
        for column, monograph in enumerate(comparison.monographs):
            cell = comparison.cell(key, column)
            text = "\n\n".join(said(part) for part in cell) or nothing
            parts.append(f"### {monograph.name}\n\n{text}")
    return "\n\n".join(parts) + "\n"


def compare(comparison: Comparison, options: Options) -> None:
    """Print a section per key, and under it each drug in turn."""
    _write(broken(compared(comparison, "(nothing found)")))


def diff(changes: Changes, options: Options) -> None:
    """Print the changes as a unified diff, word changes marked [-like this-]{+and this+}."""
    _write(changes.unified())


def interactions(mentions: Mentions, options: Options) -> None:
    """Print the drugs asked about, the note, then each monograph's passages about another."""
    parts = ["# " + " | ".join(mentions.drugs), mentions.note]
    for mention in mentions.mentions:
        for title, quotes in mention.by_section():
            texts = "\n\n".join(broken(quote.text) for quote in quotes)
            parts.append(f"## {mention.heading()} (from {title})\n\n{texts}")
    _write("\n\n".join(parts) + "\n")


def search(query: str, hits: Hits, options: Options) -> None:
    """Print one hit a line: name, section, snippet, separated by tabs."""
    _write("".join(f"{hit.name}\t{hit.key}\t{hit.plain_snippet()}\n" for hit in hits))


def list_(listing: Listing, options: Options) -> None:
    """Print one monograph name a line, to compose with fzf, xargs and wc -l.

    Asked for by name or labeler, a label's line goes on, after tabs, with its
    labeler, kind, effective date and set id, the way to pick one, then its routes and
    its dosage forms (`cut -f1` still gives the names).
    """
    if listing.narrowed:
        lines = [
            "\t".join(
                [
                    entry.name,
                    *(" ".join((value or "").split()) for value in entry.label),
                    ", ".join(entry.routes),
                    "; ".join(entry.forms),
                ]
            )
            if entry.label
            else entry.name
            for entry in listing.entries()
        ]
        _write("".join(f"{line}\n" for line in lines))
        return
    names = listing.names()
    _write("\n".join(names) + "\n" if names else "")


def sections(rows: list[KeyRow], options: Options) -> None:
    """Print each section key with the words that select it."""
    # Key, title and words first, as scripts read them; then section or topic.
    _write(
        "".join(
            f"{key}\t{title}\t{', '.join(words)}\t"
            + (f"topic\t{rule}" if rule else "section")
            + "\n"
            for key, title, words, rule in rows
        )
    )


def index(report: dict[str, Any], options: Options) -> None:
    """Print index statistics as "name: value" lines."""
    from medinfo.render.wording import in_words

    lines = [f"{k}: {in_words(v)}" for k, v in report.items() if k != "skipped"]
    lines += [f"skipped: {path}: {reason}" for path, reason in report.get("skipped", [])]
    _write("\n".join(lines) + "\n")


def check(report: Report, options: Options) -> None:
    """Print `path:line: RULE severity: message` lines; the summary goes to stderr."""
    _write(
        "".join(
            f"{f.path}:{max(f.line, 1)}: {f.rule} {f.severity}: {f.message}\n"
            for f in report.findings
        )
    )
    sys.stderr.write(summary(report))


def summary(report: Report) -> str:
    """Return the summary of a check: totals, then the count of each rule."""
    from medinfo.render.wording import totals
    from medinfo.rules import ERROR, RULES

    errors = report.count(ERROR)
    lines = [totals(errors, len(report.findings) - errors, report.files)]
    lines += [
        f"  {rule} {RULES[rule].name} ({RULES[rule].severity}): {count}"
        for rule, count in report.summary().items()
    ]
    return "\n".join(lines) + "\n"


def check_rules(rules: list[Rule], options: Options) -> None:
    """Print each rule: id, severity, name and what it finds, tab-separated."""
    _write("".join(f"{r.id}\t{r.severity}\t{r.name}\t{r.summary}\n" for r in rules))
