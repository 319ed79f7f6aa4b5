"""Excerpts of Markdown text: a sentence cut from a paragraph keeps its emphasis whole.

A label often sets a whole paragraph in bold ("**If lactic acidosis is suspected,
... Prompt hemodialysis is recommended.**"). Quoted alone, its second sentence would
carry a closing "**" and no opening one, which a reader sees as stray asterisks.
An excerpt therefore opens the emphasis that is open where it starts and closes what
is open where it ends: the words are the source's, and so is their emphasis.
"""

from __future__ import annotations

import re

# A run of asterisks or underscores, unless escaped with a backslash.
_RUN = re.compile(r"(?<!\\)(\*+|_+)")


def excerpt(text: str, start: int, end: int) -> str:
    """Return text[start:end] with the emphasis open at either end opened and closed."""
    if _open(text, 0, len(text), []):
        return text[start:end]  # a stray "*" of the source's own: nothing to go by
    opened = _open(text, 0, start, [])
    still = _open(text, start, end, list(opened))
    return "".join(opened) + text[start:end] + "".join(reversed(still))


def _open(text: str, start: int, end: int, stack: list[str]) -> list[str]:
    """Return the emphasis markers open after text[start:end], given those open before."""
    for run in _RUN.finditer(text, start, end):
        # Whether a run is emphasis depends on its neighbours in the whole text.
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if before.isspace() and after.isspace():
            continue  # "2 * 3", a list bullet: not emphasis
        char = run.group()[0]
        if char == "_" and before.isalnum() and after.isalnum():
            continue  # snake_case: underscores inside a word are not emphasis
        size = len(run.group())
        # A run of three is bold and italic at once; of two, bold; of one, italic.
        for marker in ([char * 2] if size >= 2 else []) + ([char] if size % 2 else []):
            if marker in stack:
                del stack[len(stack) - 1 - stack[::-1].index(marker)]
            else:
                stack.append(marker)
    return stack
