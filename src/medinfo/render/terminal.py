"""Rich output for a terminal: a header panel, a panel per section, tables for lists.

Every string from a monograph goes into a rich.text.Text (a section's text through its
blocks, render.blocks), never into markup: "[bold red]" in a file stays those eleven
characters.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from medinfo import structure
from medinfo.answers import Comparison, Gathered, Mentions, Quote
from medinfo.model import MARK_END, MARK_START, Hit, Hits, Listing, Monograph, Section, shown_title
from medinfo.render import Options
from medinfo.render.blocks import markdown, stored
from medinfo.render.plain import unknown as unknown  # nothing on stdout, as in a pipe
from medinfo.render.protocol import KeyRow
from medinfo.render.screen import console  # markup, emoji and highlighting off: text is data
from medinfo.render.wording import counted, in_words, totals

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.table import Table

    from medinfo.changes import Changes
    from medinfo.findings import Report
    from medinfo.rules import Rule

_ACCENT = "cyan"


def _table(**settings: Any) -> Table:
    """Return a rich Table, imported when a view first draws one."""
    from rich.table import Table

    return Table(**settings)


def _header(monograph: Monograph) -> Panel:
    """Return the panel that names the drug, its aliases and its class."""
    lines = Text(monograph.name, style="bold")
    if monograph.aliases:
        lines.append("\nAlso known as: ", style="dim")
        lines.append(", ".join(monograph.aliases))
    if monograph.drug_class:
        lines.append("\nClass: ", style="dim")
        lines.append(monograph.drug_class)
    for what, value in monograph.label_facts():
        lines.append(f"\n{what}: ", style="dim")
        lines.append(value)
    lines.append("\n")
    lines.append(monograph.path, style="dim")  # its name in the collection, not where installed
    return Panel(lines, border_style=_ACCENT, box=box.DOUBLE)


def _faq_table(monograph: Monograph) -> Table:
    """Return the FAQs as a question/answer table."""
    table = _table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
    table.add_column("Question", style="bold", ratio=2, overflow="fold")
    table.add_column("Answer", ratio=3, overflow="fold")
    for faq in monograph.faqs:
        table.add_row(Text(structure.unmark(faq.question)), Text(structure.unmark(faq.answer)))
    return table


def _groups_table(groups: list[structure.Group], first: str) -> Table:
    """Return labelled lists (side effects by frequency) as a two-column table."""
    table = _table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
    # Folded where too narrow, never cut with an ellipsis: at 40 columns "Common" read "Comm…".
    table.add_column(first, style="bold", ratio=1, overflow="fold")
    table.add_column("Side effect" if first == "Frequency" else "Item", ratio=4, overflow="fold")
    for group in groups:
        for number, item in enumerate(group.items):
            table.add_row(Text(group.label if number == 0 else ""), Text(item))
        table.add_section()
    return table


def _body(section: Section, monograph: Monograph) -> RenderableType:
    """Return what goes inside a section's panel: a table where the content is a list."""
    if section.key == "faqs" and monograph.faqs:
        faqs = Monograph(
            monograph.name,
            monograph.path,
            faqs=[faq for faq in monograph.faqs if faq.question in section.text],
        )
        if faqs.faqs:
            return _faq_table(faqs)
    if section.key == "side_effects":
        groups, rest = structure.grouped(section.text)
        if groups:
            parts: list[RenderableType] = [_groups_table(groups, "Frequency")]
            if _said(section.text, rest):
                parts += [Text(""), stored(section.blocks, section.text, set(rest))]
            return Group(*parts)
    if section.key == "generic_name":
        rows = structure.components(section.text)
        if len(rows) >= 2:
            table = _table(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
            table.add_column("Component", style="bold", overflow="fold")
            table.add_column("Strength / form", overflow="fold")
            for name, detail in rows:
                table.add_row(Text(name), Text(detail))
            rest = structure.unlisted(section.text)
            if not _said(section.text, rest):
                return table
            return Group(table, stored(section.blocks, section.text, set(rest)))
    return stored(section.blocks, section.text)


def _said(text: str, lines: list[int]) -> bool:
    """Tell whether any of these lines of text says something."""
    every = text.split("\n")
    return any(every[number].strip() for number in lines)


def show(
    monograph: Monograph, sections: list[Section | Gathered], whole: bool, options: Options
) -> None:
    """Print a header panel and one panel per section (per source section of a topic)."""
    out = console(options)
    options.shown(monograph.name, monograph.path)
    options.answers.append(("show", monograph, sections, whole))
    parts: list[RenderableType] = [_header(monograph)] if whole else []
    for section in sections:
        if isinstance(section, Gathered):
            # A panel per section the topic was gathered from, its passages as written.
            parts.extend(_quotes(section.label, src, said) for src, said in section.by_section())
            continue
        title = Text(section.label, style=f"bold {_ACCENT}")
        parts.append(_panel(_body(section, monograph), title))
    if not whole:
        parts.insert(0, Text(monograph.name, style="bold"))
    out.print(Group(*parts))


def _quotes(heading: str, source: str, quotes: list[Quote]) -> Panel:
    """Return a panel of passages quoted from one section, saying which."""
    title = Text(heading, style=f"bold {_ACCENT}")
    title.append(f" · from {source}", style=_ACCENT)
    body: list[RenderableType] = []
    for number, quote in enumerate(quotes):
        if number:
            body.append(Text(""))
        body.append(markdown(quote.text))
    return _panel(Group(*body), title)


def _panel(body: RenderableType, title: Text) -> Panel:
    """Return a titled panel; a boxed warning's is heavy and red, and says so without colour."""
    if "BOXED WARNING" not in title.plain:
        return Panel(body, title=title, title_align="left", border_style=_ACCENT)
    title.stylize("bold red")
    return Panel(body, title=title, title_align="left", border_style="bold red", box=box.HEAVY)


# Below this many columns per drug, a table's cells get too narrow to read.
_CELL_MIN = 28


def _cell(parts: list[Section | Gathered], monograph: Monograph) -> RenderableType:
    """Return what one drug says for one row of a comparison."""
    if not parts:
        return Text("nothing found", style="dim italic")
    shown: list[RenderableType] = []
    for part in parts:
        if shown:
            shown.append(Text(""))
        if isinstance(part, Gathered):
            for source, quotes in part.by_section():
                shown.append(Text(f"from {source}:", style="dim"))
                shown.extend(markdown(quote.text) for quote in quotes)
        else:
            if part.component:
                shown.append(Text(part.label, style="dim"))
            shown.append(_body(part, monograph))
    return Group(*shown)


def compare(comparison: Comparison, options: Options) -> None:
    """Print a table, a column per drug; where too narrow, a panel per drug and row."""
    from medinfo.sections import TITLES

    out = console(options)
    drugs = comparison.monographs
    for monograph in drugs:
        options.shown(monograph.name, monograph.path)
    options.answers.append(("compare", comparison))
    if out.width >= 16 + _CELL_MIN * len(drugs):
        table = _table(box=box.ROUNDED, show_lines=True, expand=True)
        table.add_column("", style=f"bold {_ACCENT}", max_width=18, overflow="fold")
        for monograph in drugs:
            table.add_column(Text(monograph.name, style="bold"), ratio=1, overflow="fold")
        for key in comparison.keys:
            cells = [_cell(comparison.cell(key, n), m) for n, m in enumerate(drugs)]
            table.add_row(Text(shown_title(key, TITLES[key])), *cells)
        out.print(table)
        return
    panels: list[RenderableType] = []
    for key in comparison.keys:
        for column, monograph in enumerate(drugs):
            title = Text(f"{monograph.name} · {shown_title(key, TITLES[key])}", f"bold {_ACCENT}")
            panels.append(_panel(_cell(comparison.cell(key, column), monograph), title))
    out.print(Group(*panels))


def interactions(mentions: Mentions, options: Options) -> None:
    """Print the note, then a panel per monograph and section that names another drug."""
    parts: list[RenderableType] = [Text(mentions.note, style="dim italic")]
    options.titles.extend(name for name in mentions.drugs if name not in options.titles)
    options.answers.append(("interactions", mentions))
    for mention in mentions.mentions:
        heading = mention.heading()
        parts += [_quotes(heading, source, quotes) for source, quotes in mention.by_section()]
    console(options).print(Group(*parts))


# A sign column and marks around changed words say it without colour; colour helps.
_CHANGE = {"+": "green", "-": "red", "~": "yellow", " ": "", "=": ""}


def diff(changes: Changes, options: Options) -> None:
    """Print both sides, a panel per changed section with a sign column, and the rest counted."""
    head = Text()
    for sign, side in (("-", changes.old), ("+", changes.new)):
        head.append(f"{sign * 3} {side.describe()}\n", "bold").append(f"    {side.file}\n", "dim")
    parts: list[RenderableType] = [head]
    for section in changes.sections:
        # The sign in a column of its own, so a wrapped line is still seen to be changed.
        body = _table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=True)
        body.add_column(no_wrap=True)
        body.add_column(ratio=1, overflow="fold")
        for number, hunk in enumerate(section.hunks):
            if number:
                body.add_row(Text(""), Text("⋯", style="dim"))
            for line in hunk:
                text = Text()
                for op, piece in line.pieces():
                    text.append(piece, style=_CHANGE[op] + (" strike" if op == "-" else ""))
                body.add_row(Text(line.sign, style=f"bold {_CHANGE[line.sign]}"), text)
        parts.append(_panel(body, Text(section.heading(), style=f"bold {_ACCENT}")))
    console(options).print(Group(*parts, Text(changes.summary())))


def _snippet(hit: Hit) -> Text:
    """Return a snippet with its matched words highlighted."""
    text = Text()
    flat = hit.one_line()
    for number, piece in enumerate(flat.split(MARK_START)):
        matched, _, after = piece.partition(MARK_END) if number else ("", "", piece)
        if matched:
            text.append(matched, style="bold yellow reverse")
        text.append(after)
    return text


def search(query: str, hits: Hits, options: Options) -> None:
    """Print the hits as a table: drug, section, snippet."""
    table = _table(
        box=box.ROUNDED, expand=True, title=Text(f"Search: {query}"), title_justify="left"
    )
    # A name is folded, never cut: "Hydroxy…" could be either of two drugs.
    table.add_column("Drug", style="bold", ratio=2, overflow="fold")
    table.add_column("Section", style=_ACCENT, ratio=2, overflow="fold")
    table.add_column("Snippet", ratio=7, overflow="fold")
    for hit in hits:
        table.add_row(Text(hit.name), Text(hit.section), _snippet(hit))
    console(options).print(table)


def list_(listing: Listing, options: Options) -> None:
    """Print the monographs as a table, with their count."""
    entries = listing.entries()
    labels = any(entry.label for entry in entries)
    table = _table(box=box.ROUNDED, expand=False, caption=Text(counted(len(entries), "monograph")))
    table.add_column("Name", style="bold", overflow="fold")
    table.add_column("Also known as", overflow="fold")
    if labels:  # FDA labels: which is which
        for title in ("Labeler", "Kind", "Effective", "Route · form"):
            table.add_column(title, overflow="fold")
        # The set id is what a user types to pick a label: never broken across lines.
        table.add_column("Set id", style="dim", no_wrap=True, min_width=36)
    else:
        table.add_column("Class", style="dim", overflow="fold")
    table.add_column("Sections", justify="right", overflow="fold")
    for entry in entries:
        cells = [Text(entry.name), Text(", ".join(entry.aliases))]
        if labels:
            labeler, kind, effective, set_id = entry.label or ("", "", "", "")
            cells += [Text(value or "") for value in (labeler, kind, effective)]
            cells += [Text(entry.product), Text(set_id)]
        else:
            cells.append(Text(entry.drug_class or ""))
        table.add_row(*cells, Text(str(len(entry.keys))))
    console(options).print(table)


def sections(rows: list[KeyRow], options: Options) -> None:
    """Print the section keys and the words that select them."""
    table = _table(box=box.ROUNDED, title=Text("Sections"), title_justify="left")
    table.add_column("Key", style=f"bold {_ACCENT}")
    table.add_column("Title")
    table.add_column("Words you can type")
    topics = _table(
        box=box.ROUNDED,
        title=Text("Topics: the section of that name, else what the monograph says about it"),
        title_justify="left",
    )
    topics.add_column("Key", style=f"bold {_ACCENT}")
    topics.add_column("Words you can type", ratio=2)
    topics.add_column("Gathered from the other sections", ratio=3)
    for key, title, words, rule in rows:
        if rule:
            topics.add_row(Text(key), Text(", ".join(words)), Text(rule))
        else:
            table.add_row(Text(key), Text(title), Text(", ".join(words)))
    out = console(options)
    out.print(table)
    out.print(topics)


def index(report: dict[str, Any], options: Options) -> None:
    """Print index statistics as a table, and skipped files with their reasons."""
    table = _table(box=box.ROUNDED, show_header=False)
    table.add_column("", style="bold")
    table.add_column("")
    for key, value in report.items():
        if key != "skipped":
            table.add_row(Text(key.replace("_", " ")), Text(in_words(value)))
    out = console(options)
    out.print(table)
    skipped = report.get("skipped", [])
    if skipped:
        bad = _table(box=box.ROUNDED, title=Text("Skipped files"))
        bad.add_column("File")
        bad.add_column("Reason")
        for path, reason in skipped:
            bad.add_row(Text(path), Text(reason))
        out.print(bad)


_SEVERITY = {"error": "bold red", "warning": "yellow"}


def check(report: Report, options: Options) -> None:
    """Print the findings as a table, then the count of each rule."""
    from medinfo.rules import RULES

    out = console(options)
    if report.findings:
        table = _table(box=box.ROUNDED, expand=True, title=Text("Check"), title_justify="left")
        table.add_column("File", ratio=3, overflow="fold")
        table.add_column("Line", justify="right")
        table.add_column("Rule")
        table.add_column("Problem", ratio=4)
        for f in report.findings:
            shown_rule = Text(f.rule, style=_SEVERITY[f.severity])
            table.add_row(Text(f.path), Text(str(max(f.line, 1))), shown_rule, Text(f.message))
        out.print(table)
    counts = _table(box=box.SIMPLE_HEAD, title=Text(_totals(report)), title_justify="left")
    counts.add_column("Rule")
    counts.add_column("Name")
    counts.add_column("Severity")
    counts.add_column("Found", justify="right")
    for rule, count in report.summary().items():
        severity = RULES[rule].severity
        counts.add_row(
            Text(rule),
            Text(RULES[rule].name),
            Text(severity, style=_SEVERITY[severity]),
            Text(str(count)),
        )
    out.print(counts)


def _totals(report: Report) -> str:
    """Return the totals of a check in words."""
    errors = report.count("error")
    return totals(errors, len(report.findings) - errors, report.files)


def check_rules(rules: list[Rule], options: Options) -> None:
    """Print the rules as a table."""
    table = _table(box=box.ROUNDED, title=Text("Rules of medinfo check"), title_justify="left")
    for column in ("Rule", "Severity", "Name", "Finds"):
        table.add_column(column)
    for r in rules:
        table.add_row(
            Text(r.id), Text(r.severity, style=_SEVERITY[r.severity]), Text(r.name), Text(r.summary)
        )
    console(options).print(table)
