"""How numbers and flags read in output for people: "1 warning", "2 files", "yes"."""

from __future__ import annotations


def counted(number: int, one: str, many: str = "") -> str:
    """Return a number with its noun, singular for exactly one ("1 file", "0 files")."""
    return f"{number} {one if number == 1 else many or one + 's'}"


def in_words(value: object) -> str:
    """Return a statistic as a person reads it: yes or no, not Python's True or False."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def totals(errors: int, warnings: int, files: int) -> str:
    """Return the totals of a check: "1 error, 2 warnings in 1 file"."""
    return f"{counted(errors, 'error')}, {counted(warnings, 'warning')} in {counted(files, 'file')}"
