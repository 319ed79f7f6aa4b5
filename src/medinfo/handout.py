"""Handouts: an HTML page a patient can be given, and the SVG template of Rich's export.

The page is drawn from the blocks the terminal view draws (medinfo.readers.blocks):
proportional type, headings, lists and tables, a print stylesheet, the drug's name as
its title, each source by its file name, the disclaimer, and nothing loaded from
anywhere. Monograph text is data: every string is escaped here, and a link becomes
one only when its address is on the web or mail (never javascript: or data:).
"""

from __future__ import annotations

import json
import re
from html import escape

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.answers import Comparison, Gathered, Mentions, Quote
    from medinfo.model import Monograph, Section

DISCLAIMER = (
    "Quoted word for word from the monographs named above. For information: it does not "
    "replace the advice of a doctor or pharmacist who knows the patient."
)
_LINKS = re.compile(r"(?:https?://|mailto:)[^\s<>\"']+", re.I)
_TAGS = {"b": "strong", "i": "em", "c": "code", "s": "s"}
_ALIGN = {"l": ' class="l"', "c": ' class="c"', "r": ' class="r"'}
_STYLE = """\
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Liberation Sans", sans-serif; font-size: 16px; line-height: 1.5; color: #111;
  background: #fff; max-width: 50rem; margin: 0 auto; padding: 1.5rem;
  overflow-wrap: anywhere; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin: 1.6rem 0 .4rem; padding-bottom: .15rem;
  border-bottom: 1px solid #bbb; }
h3, h4, h5, h6 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
p, ul, ol, table, blockquote { margin: .4rem 0; }
li > p { margin: .1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .92em; }
th, td { border: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top;
  hyphens: auto; overflow-wrap: break-word; }
table.wide { font-size: .8em; }
table.wide th, table.wide td, table.compare td { overflow-wrap: anywhere; }
th { background: #f0f0f0; }
.c { text-align: center; } .r { text-align: right; }
table.compare { table-layout: fixed; }
table.compare th:first-child { width: 8.5rem; }
blockquote { padding-left: .8rem; border-left: 3px solid #999; }
pre { white-space: pre-wrap; font-size: .9em; }
.facts, .source, .note, footer { color: #333; font-size: .92rem; }
.facts p, .source { margin: .1rem 0; }
.from { font-weight: normal; font-size: .9em; color: #333; }
.none { font-style: italic; color: #555; }
.boxed { border: 3px solid #a00; padding: 0 .8rem .4rem; margin-top: 1.2rem; }
.boxed h2 { color: #a00; border: 0; text-transform: uppercase; }
footer { border-top: 1px solid #bbb; margin-top: 2rem; padding-top: .4rem; }
@page { size: auto; margin: 16mm 14mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  tr, li, blockquote { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; }
}
"""
# Rich's SVG export with the fonts of this machine: its own template fetches a web font.
SVG = """\
<svg class="rich-terminal" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">
<style>
.{unique_id}-matrix {{
    font-family: Menlo, "DejaVu Sans Mono", Consolas, "Liberation Mono", "Courier New", monospace;
    font-size: {char_height}px;
    line-height: {line_height}px;
    font-variant-east-asian: full-width;
}}
.{unique_id}-title {{ font-size: 18px; font-weight: bold; font-family: sans-serif; }}
{styles}
</style>
<defs>
<clipPath id="{unique_id}-clip-terminal">
<rect x="0" y="0" width="{terminal_width}" height="{terminal_height}" />
</clipPath>
{lines}
</defs>
{chrome}
<g transform="translate({terminal_x}, {terminal_y})" clip-path="url(#{unique_id}-clip-terminal)">
{backgrounds}
<g class="{unique_id}-matrix">
{matrix}
</g>
</g>
</svg>
"""


def page(answers: list[tuple[Any, ...]]) -> str:
    """Return the HTML page of the answers the view showed, in the order it showed them."""
    from datetime import date

    from medinfo import __version__

    titles: list[str] = []
    parts: list[str] = []
    for answer in answers:
        title, body = _ANSWERS[answer[0]](*answer[1:])
        titles.append(title)
        parts.append(f"<article>\n{body}\n</article>")
    footer = f"<p>{escape(DISCLAIMER)}</p>\n<p>medinfo {__version__}, {date.today()}</p>"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing may be fetched, whatever a monograph holds.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">\n"
        f"<title>{escape('; '.join(dict.fromkeys(titles)) or 'medinfo')}</title>\n"
        f"<style>\n{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(parts)
        + f"\n<footer>\n{footer}\n</footer>\n</body>\n</html>\n"
    )


def _show(monograph: Monograph, sections: list[Section | Gathered], whole: bool) -> tuple[str, str]:
    """Return the title and HTML of a monograph, or of the chosen sections of it."""
    from medinfo.answers import Gathered

    parts = [f"<h1>{_text(monograph.name)}</h1>"]
    if whole:
        facts = [("Also known as", ", ".join(monograph.aliases))] if monograph.aliases else []
        facts += [("Class", monograph.drug_class)] if monograph.drug_class else []
        facts += monograph.label_facts()
        lines = "".join(f"<p>{_text(what)}: {_text(value)}</p>" for what, value in facts)
        parts.append(f'<div class="facts">{lines}</div>' if lines else "")
    parts.append(f'<p class="source">Source: {_text(source(monograph))}</p>')
    for section in sections:
        if isinstance(section, Gathered):
            parts.extend(
                _quotes(section.title, title, quotes) for title, quotes in section.by_section()
            )
        else:  # a boxed warning framed, as on a label: it stands out on paper and in grey too
            boxed = ' class="boxed"' if section.key == "boxed_warning" else ""
            body = f"<h2>{_text(section.label)}</h2>\n{_section(section, 2)}"
            parts.append(f"<section{boxed}>\n{body}\n</section>")
    return monograph.name, "\n".join(part for part in parts if part)


def source(monograph: Monograph) -> str:
    """Return a monograph's file by its name in its collection (for a label, with its facts)."""
    if monograph.source != "spl":
        return monograph.path
    facts = [
        f"{what} {monograph.metadata[key]}"
        for key, what in (
            ("labeler", "labeler"),
            ("version", "version"),
            ("effective_date", "effective"),
            ("set_id", "set id"),
        )
        if isinstance(monograph.metadata.get(key), str) and monograph.metadata[key]
    ]
    return f"{monograph.path} ({', '.join(facts)})" if facts else monograph.path


def _quotes(heading: str, title: str, quotes: list[Quote]) -> str:
    """Return passages quoted from one section, under a heading that says which."""
    body = "\n".join(f"<blockquote>{_markdown(quote.text, 2)}</blockquote>" for quote in quotes)
    return (
        f'<section>\n<h2>{_text(heading)} <span class="from">· from {_text(title)}</span></h2>\n'
        f"{body}\n</section>"
    )


def _compare(comparison: Comparison) -> tuple[str, str]:
    """Return the title and HTML of drugs side by side: a column each, a row per key."""
    from medinfo.answers import Gathered
    from medinfo.sections import TITLES

    drugs = comparison.monographs
    title = "Compared: " + ", ".join(monograph.name for monograph in drugs)
    sources = "; ".join(source(monograph) for monograph in drugs)
    head = "".join(f'<th scope="col">{_text(monograph.name)}</th>' for monograph in drugs)
    rows = []
    for key in comparison.keys:
        cells = []
        for column in range(len(drugs)):
            shown = []
            for part in comparison.cell(key, column):
                if isinstance(part, Gathered):
                    for where, quotes in part.by_section():
                        shown.append(f'<p class="from">From {_text(where)}:</p>')
                        shown += [_markdown(quote.text, 3) for quote in quotes]
                    continue
                if part.component or part.title != TITLES.get(part.key, part.title):
                    shown.append(f'<p class="from">{_text(part.label)}:</p>')
                shown.append(_section(part, 3))
            cells.append("\n".join(shown) or '<p class="none">nothing found</p>')
        row = "".join(f"<td>{cell}</td>" for cell in cells)
        rows.append(f'<tr><th scope="row">{_text(TITLES[key])}</th>{row}</tr>\n')
    return title, (
        f"<h1>{_text(title)}</h1>\n"
        f'<p class="source">Sources: {_text(sources)}</p>\n'
        f'<table class="compare">\n<thead><tr><th></th>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table>"
    )


def _interactions(mentions: Mentions) -> tuple[str, str]:
    """Return the title and HTML of what the monographs say about each other, quoted."""
    title = "Interactions: " + ", ".join(mentions.drugs)
    parts = [f"<h1>{_text(title)}</h1>", f'<p class="note">{_text(mentions.note)}</p>']
    for mention in mentions.mentions:
        heading = mention.heading()
        parts += [_quotes(heading, where, quotes) for where, quotes in mention.by_section()]
    return title, "\n".join(parts)


_ANSWERS: dict[str, Any] = {
    "show": _show,
    "compare": _compare,
    "interactions": _interactions,
}


def _section(section: Section, level: int) -> str:
    """Return a section's text as HTML, from its stored blocks (parsed now if none were)."""
    if not section.blocks:
        return _markdown(section.text, level)
    return "\n".join(_block(block, level) for _, _, block in json.loads(section.blocks))


def _markdown(text: str, level: int) -> str:
    """Return Markdown parsed now as HTML; a text the blocks cannot hold, as paragraphs."""
    from medinfo.readers.blocks import Unbuildable, build

    try:
        return "\n".join(_block(block, level) for _, _, block in build(text))
    except (Unbuildable, RecursionError, IndexError):
        paragraphs = re.split(r"\n[ \t]*\n", text.strip())
        return "\n".join(f"<p>{_text(paragraph)}</p>" for paragraph in paragraphs)


def _block(block: list[Any], level: int) -> str:
    """Return one block as HTML; level is the heading level of what holds it."""
    kind = block[0]
    if kind == "p":
        return f"<p>{_spans(block[1])}</p>"
    if kind == "h":
        tag = f"h{min(block[1] + level, 6)}"
        return f"<{tag}>{_spans(block[2])}</{tag}>"
    if kind == "ul":
        listed = "".join(f"<li>{_blocks(item, level)}</li>\n" for item in block[1])
        return f"<ul>\n{listed}</ul>"
    if kind == "ol":
        items = zip(block[1], block[2], strict=True)
        listed = "".join(f'<li value="{int(n)}">{_blocks(item, level)}</li>\n' for n, item in items)
        return f"<ol>\n{listed}</ol>"
    if kind == "table":
        aligns, header, rows = block[1], block[2], block[3]
        head = "".join(
            f"<th{_ALIGN.get(aligns[n] if n < len(aligns) else '', '')}>{_spans(cell)}</th>"
            for n, cell in enumerate(header)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f"<td{_ALIGN.get(aligns[n] if n < len(aligns) else '', '')}>{_spans(cell)}</td>"
                for n, cell in enumerate(row)
            )
            + "</tr>\n"
            for row in rows
        )
        # A number stays whole in a cell, unless the table has too many columns for a page.
        wide = ' class="wide"' if max(len(row) for row in [header, *rows]) >= 6 else ""
        return f"<table{wide}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>"
    if kind == "hr":
        return "<hr>"
    if kind == "code":  # what the monograph itself marks as code
        return f"<pre><code>{escape(block[1].rstrip())}</code></pre>"
    if kind == "quote":
        return f"<blockquote>{_blocks(block[1], level)}</blockquote>"
    raise ValueError(f"unknown block {kind!r}")


def _blocks(blocks: list[Any], level: int) -> str:
    """Return the blocks inside a list item or quote."""
    return "\n".join(_block(block, level) for block in blocks)


def _spans(spans: list[Any]) -> str:
    """Return spans as HTML: emphasis as tags, a link as the terminal shows it, all escaped."""
    out = []
    for span in spans:
        if isinstance(span, str):
            out.append(_text(span))
            continue
        shown = _text(span[0])
        if len(span) == 3:
            address = span[2]
            if _LINKS.fullmatch(address):
                shown = f'<a href="{escape(address)}">{shown}</a>'
            if address and address != span[0]:
                shown += f" ({_text(address)})"  # on paper too
        for mark in reversed(span[1]):  # the innermost first
            shown = f"<{_TAGS[mark]}>{shown}</{_TAGS[mark]}>"
        out.append(shown)
    return "".join(out)


def _text(text: str) -> str:
    """Return text escaped for HTML, its line breaks kept."""
    return escape(text, quote=False).replace("\n", "<br>\n")
