"""Reading one member of a zip safely: its size capped and its expansion bounded."""

from __future__ import annotations

from medinfo.errors import ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import zipfile

MAX_RATIO = 200  # text compresses well, but not like a zip bomb


def read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int, damaged: str
) -> bytes:
    """Return a zip member's bytes, at most limit; raise ParseError for a bomb or damaged data.

    damaged begins the message for data that cannot be inflated ("cannot read ...").
    """
    if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
        raise ParseError("zip member expands too much (a zip bomb?)", "MI505")
    try:
        with archive.open(member) as stream:
            data = stream.read(limit + 1)  # the header's size may lie
    except Exception as exc:  # damaged data: zlib.error, BadZipFile, CRC errors...
        raise ParseError(f"{damaged}: {type(exc).__name__}", "MI505") from None
    if len(data) > limit:
        raise ParseError("zip member expands too much (a zip bomb?)", "MI505")
    return data
