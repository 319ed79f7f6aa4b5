"""The terminal's size as Rich finds it, refused or bounded where Rich cannot use it."""

from __future__ import annotations

import os


def check_size() -> None:
    """Refuse a COLUMNS or LINES that Rich would read as a number but cannot.

    Rich takes any value of digits (str.isdigit) for the terminal's size and reads it
    with int(), which fails on "²" or on thousands of digits, wherever a console is made.
    """
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and _number(value) is None:
            from medinfo.errors import USAGE, MedinfoError

            shown = value if len(value) <= 20 else value[:20] + "…"
            what = "columns" if name == "COLUMNS" else "lines"
            raise MedinfoError(f"{name} is {shown!r}, not a number of {what}", USAGE)


def _number(value: str) -> int | None:
    """Return the number a value of decimal digits says, or None if int() cannot read it."""
    try:
        return int(value)
    except ValueError:
        return None


def bounded(width: int) -> int:
    """Return a terminal's width within the range of --width: the view is drawn that wide."""
    from medinfo.spec import OPTIONS

    option = OPTIONS["width"]
    return min(max(width, option.minimum or 0), option.maximum or width)
