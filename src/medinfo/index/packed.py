"""A section's text and search text as the index keeps them: one compressed blob.

A label's Markdown and its plain words are most of the index and compress to about a
seventh of their size; zlib (the standard library) makes them on the build's workers,
and a view reads only the few sections it shows. `cut` tells where the text ends in
the blob, or is -1 when the plain words are the text itself (a section without
markup), which then is stored once.
"""

from __future__ import annotations

import zlib

# zlib's default: level 1 made the index 10% larger and saved only a third of a
# millisecond a label.
LEVEL = 6


def pack(text: str, plain: str) -> tuple[bytes, int]:
    """Return the blob of a section's text and plain words, and where the text ends in it."""
    if plain == text:
        return zlib.compress(text.encode(), LEVEL), -1
    data = text.encode()
    return zlib.compress(data + plain.encode(), LEVEL), len(data)


def text_of(body: bytes, cut: int) -> str:
    """Return a section's Markdown from its blob."""
    data = zlib.decompress(body)
    return (data if cut < 0 else data[:cut]).decode()


def plain_of(body: bytes, cut: int) -> str:
    """Return a section's plain words, what search matches and quotes, from its blob."""
    data = zlib.decompress(body)
    return (data if cut < 0 else data[cut:]).decode()
