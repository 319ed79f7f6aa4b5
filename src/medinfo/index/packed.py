"""A section as the index keeps it: its text, plain words and view blocks in one compressed blob.

A label's Markdown and its plain words are most of the index and compress to about a
seventh of their size; zlib (the standard library) packs them on the build's workers,
and a lookup unpacks only the sections it shows. The blob is the text, then the plain
words unless they are the text itself (a section without markup), then the blocks of
the terminal view (medinfo.readers.blocks) as JSON when the build parsed the Markdown
for the plain words anyway. plain_at and blocks_at say where those start; -1 when
they are not there.
"""

from __future__ import annotations

import zlib

# zlib's default: level 1 made the index 10% larger and saved only a third of a
# millisecond a label.
LEVEL = 6


def pack(text: str, plain: str, blocks: str | None) -> tuple[bytes, int, int]:
    """Return the blob of a section, where its plain words start and where its blocks do."""
    data = text.encode()
    plain_at = blocks_at = -1
    if plain != text:
        plain_at = len(data)
        data += plain.encode()
    if blocks is not None:
        blocks_at = len(data)
        data += blocks.encode()
    return zlib.compress(data, LEVEL), plain_at, blocks_at


def unpack(body: bytes, plain_at: int, blocks_at: int) -> tuple[str, str | None]:
    """Return a section's Markdown and its blocks (JSON, or None) from its blob."""
    data = zlib.decompress(body)
    ends = [at for at in (plain_at, blocks_at) if at >= 0]
    text = data[: ends[0]] if ends else data
    return text.decode(), data[blocks_at:].decode() if blocks_at >= 0 else None


def plain_of(body: bytes, plain_at: int, blocks_at: int) -> str:
    """Return a section's plain words, what search matches and quotes, from its blob."""
    data = zlib.decompress(body)
    if plain_at < 0:
        return (data[:blocks_at] if blocks_at >= 0 else data).decode()
    return (data[plain_at:blocks_at] if blocks_at >= 0 else data[plain_at:]).decode()
