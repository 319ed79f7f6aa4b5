"""Text hygiene for untrusted monograph content: one place, applied by the readers."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, C1 controls, and the bidi overrides and
# isolates that can make text read differently from what it says (Trojan Source); and
# HOLE, which nothing shows either.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0]")
# What the front-matter reader puts where an unsafe character was when removing it
# would change what YAML reads: a Unicode noncharacter, which YAML reads as text.
HOLE = "\ufdd0"


def clean(value: str) -> str:
    """Return value with newlines normalised and terminal control characters removed."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub("", value)


def one_line(value: str) -> str:
    """Return a path (or name) for a message: cleaned, a line break or tab as \\n or \\t.

    A message is one line per file: a name holding a line break must not start a
    line of its own, which could pass for another message.
    """
    return clean(value).replace("\n", "\\n").replace("\t", "\\t")


_NOT_ALNUM = re.compile(r"[\W_]+")
_WORD_SPLIT = re.compile(r"[^\w]+|_")


def fold(value: str) -> str:
    """Return a lookup key: lowercase letters and digits only, accents removed."""
    value = value.casefold()
    if not value.isascii():
        import unicodedata

        value = "".join(
            ch for ch in unicodedata.normalize("NFKD", value) if not unicodedata.combining(ch)
        )
    return _NOT_ALNUM.sub("", value)


# Every ASCII byte but a letter, a digit and the line break: what fold removes of ASCII.
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum() and b != ord("\n"))


def fold_lines(text: str) -> bytes:
    """Return fold of each line of a text, the lines kept, as UTF-8: many keys at C speed.

    An ASCII line is lowercased and its other bytes dropped in one pass over the whole
    text, which is what fold does to it; a line with any other character is folded alone.
    """
    if not text.isascii():
        text = "\n".join(line if line.isascii() else fold(line) for line in text.split("\n"))
    # A folded line has no ASCII byte these drop and none to lowercase: unchanged.
    return text.encode().lower().translate(None, _ASCII_NOT_ALNUM)


def name_keys(name: str) -> tuple[str, str]:
    """Return the two lookup keys of a name: folded whole, and its words sorted.

    The second makes every spelling of a combination meet: "paracetamol + codeine",
    "Paracetamol-Codeine" and "codeine/paracetamol" all give "codeine paracetamol".
    """
    words = [fold(w) for w in name_words(name)]
    words = [w for w in words if w and w not in ("and", "with")]
    return fold(name), " ".join(sorted(words)) if len(words) > 1 else ""


def name_words(name: str) -> list[str]:
    """Return the words of a name, lowercased, split at anything but letters and digits."""
    return [word for word in _WORD_SPLIT.split(name.casefold()) if word]
