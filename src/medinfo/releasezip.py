"""DailyMed's release zips (zips of label zips) read as folders of labels, never extracted.

A release zip (`dm_spl_release_human_rx_part1.zip`, `dm_spl_weekly_update_*.zip`, ...)
holds `prescription/DATE_SETID.zip`, each a label zip as DailyMed's single downloads are.
The index treats such a zip as a directory: its modification time is kept as a
directory's, and each inner label zip is a file of its own, stored as
`OUTER:INNER` (`dm_spl_release_human_rx_part1.zip:prescription/20261201_SETID.zip`;
`:INNER` when the collection named is the release zip itself). An inner label's
identity comes from the release's central directory alone (size, CRC, compressed
size, offset), so knowing what changed reads no label.
"""

from __future__ import annotations

import os
import re
import struct

from medinfo.errors import ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import zipfile
    from typing import BinaryIO

SEP = ":"
_HEADER = struct.Struct("<4s5H3L2H")  # a zip's local file header, 30 bytes
_LOCAL = b"PK\x03\x04"
_END = b"PK\x05\x06"  # the end of central directory record
_TAIL = 22 + 0xFFFF  # that record and the longest comment after it
_FOLDERS = 8  # folder entries looked past before a release's first label zip


# Where a stored path leaves its release: the first ".zip:". A real file or folder
# whose name holds one (or starts with ":") is stored with its colons escaped
# (medinfo.scan.text_name), so this is the separator in every stored path. Matched
# without casefold(), which lengthens some names ("ß" -> "ss") and so moves the cut.
_SEPARATOR = re.compile(re.escape(".zip" + SEP), re.IGNORECASE)


def split(rel: str) -> tuple[str, str] | None:
    """Return (outer zip's path, inner name) of an inner label's stored path; None for a file."""
    if rel.startswith(SEP):
        return "", rel[1:]
    found = _SEPARATOR.search(rel)
    return None if found is None else (rel[: found.start() + 4], rel[found.end() :])


def looks_inner(name: str) -> bool:
    """Tell whether a file or folder's own name would be read as a label inside a release."""
    return name.startswith(SEP) or _SEPARATOR.search(name) is not None


def parent(rel: str) -> str:
    """Return the directory a stored path is listed under: an inner label's is its release."""
    parts = split(rel)
    if parts is not None:
        return parts[0]
    return rel.rsplit("/", 1)[0] if "/" in rel else ""


def join(outer: str, inner: str) -> str:
    """Return the stored path of a label inside a release."""
    return f"{outer}{SEP}{inner}"


def is_release(path: str) -> bool:
    """Tell whether a file is a zip of label zips (its first member, past folders, a zip).

    Only the first local headers and the end record are read, so a folder of
    single-label zips costs two small reads each.
    """
    try:
        with open(path, "rb") as stream:
            name = _first_file(stream)
            if not name.casefold().endswith(".zip"):
                return False
            # A release cut short has no end record: read as a file, it is reported.
            start = max(0, os.fstat(stream.fileno()).st_size - _TAIL)
            stream.seek(start)
            return _ends(stream.read(_TAIL), start)
    except OSError:
        return False


def _ends(tail: bytes, start: int) -> bool:
    """Tell whether a zip's last bytes (from offset start) are its own end record.

    The record's signature alone is no proof: a release of stored label zips holds
    each one's end record, so one cut short still shows one near its end. Its own
    is followed by its comment alone, and its central directory ends where it starts.
    """
    at = tail.rfind(_END)
    while at >= 0:
        record = tail[at : at + 22]
        if len(record) == 22:
            cd_size, cd_offset, comment = struct.unpack("<LLH", record[12:22])
            zip64 = tail[max(0, at - 20) : at - 16] == b"PK\x06\x07"  # sizes in its locator
            placed = zip64 or cd_offset + cd_size == start + at
            if placed and at + 22 + comment == len(tail):
                return True
        at = tail.rfind(_END, 0, at)
    return False


def as_release(data: bytes) -> str:
    """Return what a zip's bytes are if they begin as a release's ("" if they do not)."""
    import io

    if not _first_file(io.BytesIO(data)).casefold().endswith(".zip"):
        return ""
    start = max(0, len(data) - _TAIL)
    if _ends(data[start:], start):
        return "a release zip (of label zips), not one label: name it or its folder with --dir"
    return "a release zip (of label zips) without its end: cut short?"


def _first_file(stream: BinaryIO) -> str:
    """Return the name of a zip's first member that is no folder ("" if none is found soon).

    A label zipped with its folder (`zip -r`) starts with that folder: only what
    follows tells a label from a release.
    """
    for _ in range(_FOLDERS):
        head = stream.read(_HEADER.size)
        if len(head) < _HEADER.size or head[:4] != _LOCAL:
            return ""
        fields = _HEADER.unpack(head)
        name = stream.read(fields[9]).decode("utf-8", "replace")
        if not name.endswith("/"):
            return name
        stream.seek(fields[10] + fields[7], os.SEEK_CUR)  # its extra field and (empty) data
        if fields[2] & 0x08:  # a data descriptor follows, its signature optional
            mark = stream.read(4)
            stream.seek(12 if mark == b"PK\x07\x08" else 8, os.SEEK_CUR)
    return ""


def is_label_name(name: str) -> bool:
    """Tell whether a member of a release is a label zip."""
    return name.casefold().endswith(".zip") and not name.endswith("/")


def members(path: str) -> list[zipfile.ZipInfo]:
    """Return the label zips a release's central directory lists; raise OSError if unreadable."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            # A name listed twice is one label: the last entry, the one a read finds.
            named = {i.filename: i for i in archive.infolist() if is_label_name(i.filename)}
            return list(named.values())
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise OSError(f"not a readable zip: {type(exc).__name__}") from None


def identity(info: zipfile.ZipInfo) -> tuple[int, int, int, int]:
    """Return what stands for a file's (size, mtime, ctime, inode) for an inner label."""
    return info.file_size, info.CRC, info.compress_size, info.header_offset


def fingerprint(info: zipfile.ZipInfo) -> bytes:
    """Return an inner label's digest: its CRC and size, as the central directory gives them."""
    return struct.pack("<LQ", info.CRC, info.file_size)


# Each process keeps its own open releases: a ZipFile opened before a fork would share
# its file position with the workers.
_OPEN: dict[tuple[int, str], tuple[tuple[int, int, int, int], zipfile.ZipFile]] = {}
_KEEP = 4


def _archive(path: str) -> zipfile.ZipFile:
    """Return this process's open ZipFile of a release, opened again if the file changed."""
    st = os.stat(path)
    # ctime and inode too: a release rewritten in place, or replaced, may keep mtime and size.
    key, stamp = (os.getpid(), path), (st.st_mtime_ns, st.st_size, st.st_ctime_ns, st.st_ino)
    kept = _OPEN.get(key)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    if kept is not None:
        kept[1].close()
    if len(_OPEN) >= _KEEP:
        close_all()
    import zipfile

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise OSError(f"not a readable zip: {type(exc).__name__}") from None
    _OPEN[key] = (stamp, archive)
    return archive


def close_all() -> None:
    """Close the releases this process keeps open."""
    for key, (_, archive) in list(_OPEN.items()):
        if key[0] == os.getpid():
            archive.close()
        del _OPEN[key]


def read(path: str, inner: str, limit: int) -> tuple[zipfile.ZipInfo, bytes]:
    """Return an inner label zip's entry and bytes, its size and ratio capped before reading.

    Raises OSError when the release cannot be read or lacks the member, ParseError
    (with its entry in `info`) when the member is too large or damaged.
    """
    archive = _archive(path)
    try:
        info = archive.getinfo(inner)
    except KeyError:
        raise OSError("no longer in the release") from None
    if info.file_size > limit:
        raise InnerError(info, f"larger than {limit // 1000} kB", "MI004")
    from medinfo.zipread import read_member

    try:
        return info, read_member(archive, info, limit, "cannot read the label zip")
    except ParseError as exc:  # kept with its entry, so that it is not retried
        raise InnerError(info, str(exc), exc.rule) from None


class InnerError(ParseError):
    """An inner label that cannot be read, with its entry (so that it is not retried)."""

    def __init__(self, info: zipfile.ZipInfo, message: str, rule: str) -> None:
        super().__init__(message, rule)
        self.info = info


def unchanged(
    path: str, inner: str, offset: int, known: bytes, stream: BinaryIO | None = None
) -> bool:
    """Tell whether an inner label is still where and what it was, from its local header.

    One small read, instead of the release's whole central directory: before a
    label is shown, this is all that is checked. Given the release open (stream),
    many labels are checked without opening it again for each.
    """
    try:
        if stream is None:
            with open(path, "rb") as opened:
                return unchanged(path, inner, offset, known, opened)
        stream.seek(offset)
        head = stream.read(_HEADER.size)
        if len(head) < _HEADER.size or head[:4] != _LOCAL:
            return False
        fields = _HEADER.unpack(head)
        name = stream.read(fields[9])
    except OSError:
        return False
    flags, crc, size = fields[2], fields[6], fields[8]
    if flags & 0x08 or size == 0xFFFFFFFF:  # sizes elsewhere: ask the central directory
        try:
            info = _archive(path).getinfo(inner)
        except (OSError, KeyError):
            return False
        return info.header_offset == offset and fingerprint(info) == known
    encoding = "utf-8" if flags & 0x800 else "cp437"
    same_name = name.decode(encoding, "replace") == inner
    return same_name and struct.pack("<LQ", crc, size) == known
