"""Characters of label text in Markdown: sub- and superscripts, escapes, emphasis marks."""

from __future__ import annotations

import re
from functools import lru_cache

# Sub- and superscripts as the Unicode characters that print them ("m²", "Cₘₐₓ"), so
# that they survive every output; a comma or a point between digits stays as it is.
SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()abcdefghijklmnoprstuvwxyz",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
        strict=True,
    )
)
SUBSCRIPT = dict(
    zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True)
)
MARKS = {"TM": "™", "SM": "℠"}
BETWEEN = frozenset(",. ")
WORD = re.compile(r"[^\W_]")
# A label line that Markdown would take for a heading, a heading's underline, a
# rule, a code fence or a bullet ("# Scale from 0", a footnote mark; a row of dashes
# under a paragraph; "~~~ see below ~~~"; "* - Glyburide was given", a footnote) is
# text: its first mark is escaped.
STRUCTURE = re.compile(
    r"#{1,6}(?:[ \t]|$)|=+ *$|-+ *$|(?:- *){3,}$|(?:_ *){3,}$|(?:\* *){3,}$|```|~~~|\*[ \t]"
)


def literal(line: str) -> str:
    """Return a line of label text, escaped if Markdown would read it as structure."""
    if line and line[0] in "#-=_*`~" and STRUCTURE.match(line):
        return "\\" + line
    return line


def bold(text: str) -> str:
    """Return a caption in bold, once: bold inside it would make "****Table 1****"."""
    core = text.replace("**", "").strip()
    return f"**{core}**" if core else ""


def spaced(raw: str, inner: str) -> str:
    """Return inner with a space before and after where raw had white space there."""
    lead = " " if raw[:1].isspace() else ""
    trail = " " if raw[-1:].isspace() else ""
    return f"{lead}{inner}{trail}" if inner else lead or trail


def script(raw: str, sup: bool) -> str:
    """Return a <sup> or <sub> text as the characters that print it ("10⁹", "Cₘₐₓ").

    What has no such character stays readable as it is: a mark that reads the same
    either way ("®", "†"), or letters with no superscript form.
    """
    core = raw.strip()
    if not core:
        return spaced(raw, "")
    table = SUPERSCRIPT if sup else SUBSCRIPT
    if sup and core in MARKS:
        shown = MARKS[core]
    elif all(ch in table or ch in BETWEEN for ch in core) and any(ch in table for ch in core):
        shown = "".join(table.get(ch, ch) for ch in core)
    elif sup and any(ch.isdigit() for ch in core):
        shown = "".join(table.get(ch, ch) for ch in core)  # the digits at least: "¹ʼ²"
    else:
        shown = core
    return spaced(raw, shown)


def bridges(text: str, style: str, mark: str) -> bool:
    """Return whether text between two runs of an emphasis mark leaves them one run.

    White space does (not a line break); so does text around no word in the same
    emphasis ("**NAPRELAN**<b>®</b> **is**": bold around "®" is no run of its own).
    """
    if "\n" in text:
        return False
    if not text.strip():
        return True
    if not style or WORD.search(text) or "*" in text:
        return False
    return ("**" if "bold" in style.casefold() else "*") == mark


def edge_marks(text: str, head: bool, end: bool) -> tuple[str, str]:
    """Return "**" for the start (if head) and the end (if end) of text a bold run holds."""
    core = text.strip()
    opens = "**" if head and core.startswith("**") and not core.startswith("***") else ""
    closes = "**" if end and core.endswith("**") and not core.endswith("***") else ""
    return opens, closes


def spanned(value: str | None) -> int:
    """Return a span attribute as a count from 1 to 1,000 (as browsers cap colspan)."""
    try:
        return min(1000, max(1, int(value or "1")))
    except ValueError:
        return 1


@lru_cache(maxsize=4096)
def names_section(title: str) -> bool:
    """Tell whether a bold line saying title would be read as the start of a section."""
    # Cached: labels repeat the same few hundred sub-headings and bold labels.
    from medinfo.sections import BOLD_KEYS, classify

    label = classify(title)
    return bool(label and label.key in BOLD_KEYS)
