"""What a parsed command line may hold, whichever parser read it, checked before a command runs."""

from __future__ import annotations

from medinfo.errors import USAGE, MedinfoError
from medinfo.spec import OPTIONS

# Values that name files: bytes that are not UTF-8 are part of a file's name (scan keeps them).
PATHS = frozenset(("dirs", "html", "svg", "paths", "into"))


def check_values(values: dict[str, object]) -> None:
    """Refuse a number out of its option's range, and a word that is not UTF-8 text.

    Both parsers refuse such numbers already; this stops any other caller before
    SQLite or Rich overflows. A word that is not UTF-8 reaches Python as lone
    surrogates, which SQLite refuses, and no monograph can match.
    """
    for dest, value in values.items():
        option = OPTIONS.get(dest)
        if isinstance(value, int) and option is not None and option.type is int:
            if not option.in_range(value):
                raise MedinfoError(f"{option.names[0]} is {option.range_words()}, not {value}")
            continue
        words = value if isinstance(value, list) else [value]
        for word in words if dest not in PATHS else ():
            if isinstance(word, str) and not word.isascii():
                try:
                    word.encode("utf-8")
                except UnicodeEncodeError:
                    shown = word.encode("utf-8", "backslashreplace").decode("utf-8")
                    raise MedinfoError(
                        f"'{shown}' is not UTF-8 text",
                        USAGE,
                        "medinfo reads words as UTF-8: check the terminal's or the script's",
                    ) from None
