"""Find monograph files under directories, safely: regular files inside the roots only."""

from __future__ import annotations

import os
import stat
from collections import namedtuple

from medinfo.releasezip import is_release, looks_inner
from medinfo.text import one_line

SUFFIXES = (".md", ".markdown", ".xml", ".zip")
MAX_BYTES = 1_000_000  # larger Markdown "monographs" are reported, never read
MAX_LABEL_BYTES = 30_000_000  # FDA labels (XML, or a zip with images) run to megabytes


LIMITS = {"MEDINFO_MAX_FILE_KB": MAX_BYTES, "MEDINFO_MAX_LABEL_KB": MAX_LABEL_BYTES}
# The range of a size limit setting, in kilobytes: up to a terabyte.
MOST_KB = 1_000_000_000


def size_limit(rel: str) -> int:
    """Return the largest file of this kind that is read: the setting's, else the default."""
    name = (
        "MEDINFO_MAX_LABEL_KB"
        if rel.casefold().endswith((".xml", ".zip"))
        else "MEDINFO_MAX_FILE_KB"
    )
    return _kilobytes(os.environ.get(name, "")) * 1000 or LIMITS[name]


def limits_key() -> str:
    """Return what size limits other than the defaults add to an index's key ("" for none).

    A file too large under one limit is kept in the index as skipped, and its stat
    does not change when the limit does: another limit is another index.
    """
    chosen = []
    for name, default in LIMITS.items():
        kilobytes = _kilobytes(os.environ.get(name, ""))
        if kilobytes and kilobytes * 1000 != default:
            chosen.append(f"{name}={kilobytes}")
    return " ".join(chosen)


def _kilobytes(value: str) -> int:
    """Return a size limit setting in kilobytes; 0 if it is not a number in the range."""
    value = value.strip()
    # ASCII digits only: str.isdigit() also takes "²", which int() refuses.
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MOST_KB)):
        return 0
    return int(value) if 0 < int(value) <= MOST_KB else 0


def check_limits() -> None:
    """Refuse a size limit setting that is not a whole number of kilobytes in the range."""
    from medinfo.errors import USAGE, MedinfoError

    for name in LIMITS:
        value = os.environ.get(name, "").strip()
        if value and not _kilobytes(value):
            shown = value if len(value) <= 20 else value[:20] + "…"
            raise MedinfoError(
                f"{name} is {shown!r}, not a whole number of kilobytes from 1 to {MOST_KB:,}",
                USAGE,
            )


# A monograph file found under a root (an index into the list of roots), with
# what tells whether it changed.
FileStat = namedtuple("FileStat", ["root", "rel", "size", "mtime_ns", "ctime_ns", "ino"])
# A directory under a root and its modification time, which changes when an entry
# is added, removed or renamed (for a release zip, see `stamp`).
DirStat = namedtuple("DirStat", ["root", "rel", "mtime_ns"])


def stamp(st: os.stat_result) -> int:
    """Return what tells that a directory (its mtime) or a release zip (its ctime) changed.

    A release rewritten in place can keep its mtime and size (a resumed download
    that sets the server's time): only its ctime, which no one can set back, moves.
    """
    return st.st_ctime_ns if stat.S_ISREG(st.st_mode) else st.st_mtime_ns


# A file name that is not valid UTF-8 reaches Python with its odd bytes as
# surrogates (PEP 383), which SQLite refuses to store. Those 128 code points are
# kept as code points of a private-use plane instead, and turned back into the
# same bytes wherever the file is opened.
_TO_TEXT = {0xDC80 + n: 0xF0080 + n for n in range(128)}
# The colons of a name that would read as a label inside a release zip (medinfo.
# releasezip: "OUTER.zip:INNER"), a folder "a.zip:b" or a file ":x.xml", are kept
# as the code point of ":" in the same plane, so that a stored ":" after ".zip" is
# always a release's.
_COLON = 0xF0000 + ord(":")
_TO_OS = {text: native for native, text in _TO_TEXT.items()} | {_COLON: ord(":")}


def text_name(name: str) -> str:
    """Return a name from the file system as text that can be stored."""
    if ":" in name and looks_inner(name):
        name = name.replace(":", chr(_COLON))
    return name if name.isascii() else name.translate(_TO_TEXT)


def os_path(root: str, rel: str) -> str:
    """Return the path on disk of a file known by its stored relative path."""
    if not rel:
        return root
    return os.path.join(root, rel if rel.isascii() else rel.translate(_TO_OS))


def shown_name(rel: str) -> str:
    """Return a stored relative path for display: odd bytes as \\xNN escapes."""
    if rel.isascii():
        return rel
    return "".join(
        ":" if ord(ch) == _COLON else f"\\x{ord(ch) - 0xF0000:02x}" if ord(ch) in _TO_OS else ch
        for ch in rel
    )


def shown_path(path: str) -> str:
    """Return a path as given by the system for display: odd bytes as \\xNN escapes."""
    if path.isascii():
        return path
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown_line(path: str) -> str:
    """Return a path as given by the system for a message: odd bytes escaped, on one line."""
    return one_line(shown_path(path))


def file_stat(root: int, rel: str, st: os.stat_result) -> FileStat:
    """Return the FileStat of a stat result."""
    return FileStat(root, rel, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def is_monograph_name(name: str) -> bool:
    """Tell whether a file name looks like a monograph (Markdown, not hidden)."""
    return not name.startswith(".") and name.lower().endswith(SUFFIXES)


def _inside(path: str, root_real: str) -> bool:
    """Tell whether a resolved path lies inside the resolved root."""
    return path == root_real or path.startswith(root_real.rstrip(os.sep) + os.sep)


def list_dir(
    root_index: int, root: str, rel: str, root_real: str
) -> tuple[list[FileStat], list[str], int]:
    """List one directory: monograph files, subdirectories (relative) and its mtime.

    Symbolic links are followed only when they resolve inside the root, and only
    regular files are kept: a link to /etc/passwd, a FIFO or /dev/zero is skipped.
    """
    path = os_path(root, rel)
    files: list[FileStat] = []
    subdirs: list[str] = []
    st = os.stat(path)
    if stat.S_ISREG(st.st_mode):  # a release zip, listed as a folder of its labels
        return _release_files(root_index, rel, path), [], stamp(st)
    mtime = st.st_mtime_ns
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = text_name(entry.name)
            child = f"{rel}/{name}" if rel else name
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _inside(target, root_real):
                        continue
                    st = os.stat(target)
                else:
                    st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if stat.S_ISDIR(st.st_mode):
                if not entry.is_symlink():  # linked directories could loop or duplicate
                    subdirs.append(child)
            elif stat.S_ISREG(st.st_mode) and is_monograph_name(entry.name):
                if entry.name.casefold().endswith(".zip") and is_release(entry.path):
                    subdirs.append(child)  # its labels are listed as a folder's files
                else:
                    files.append(file_stat(root_index, child, st))
    return files, subdirs, mtime


def _release_files(root_index: int, rel: str, path: str) -> list[FileStat]:
    """Return the label zips a release's central directory lists, as files of the index."""
    from medinfo import releasezip

    return [
        FileStat(root_index, releasezip.join(rel, info.filename), *releasezip.identity(info))
        for info in releasezip.members(path)
    ]


def walk(root_index: int, root: str) -> tuple[list[FileStat], list[DirStat]]:
    """Return every monograph file and directory under root, recursively."""
    root_real = os.path.realpath(root)
    files: list[FileStat] = []
    dirs: list[DirStat] = []
    pending = [""]
    while pending:
        rel = pending.pop()
        try:
            found, subdirs, mtime = list_dir(root_index, root, rel, root_real)
        except OSError:
            continue
        files.extend(found)
        dirs.append(DirStat(root_index, rel, mtime))
        pending.extend(subdirs)
    return files, dirs


def strays(root: str) -> list[tuple[str, str, str]]:
    """Return what has a monograph's name but the walk leaves out: (path, rule, why)."""
    root_real = os.path.realpath(root)
    found: list[tuple[str, str, str]] = []
    pending = [""]
    while pending:
        rel = pending.pop()
        try:
            with os.scandir(os_path(root, rel)) as listing:
                entries = list(listing)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = f"{rel}/{text_name(entry.name)}" if rel else text_name(entry.name)
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(child)
                    continue
                if not is_monograph_name(entry.name):
                    continue
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if not _inside(target, root_real):
                        where = one_line(shown_path(target))
                        found.append(
                            (child, "MI006", f"symlink leads out of the collection: {where}")
                        )
                        continue
                    try:
                        st = os.stat(target)
                    except OSError as exc:
                        reason = exc.strerror or "no target"
                        found.append((child, "MI006", f"symlink leads nowhere ({reason})"))
                        continue
                else:
                    st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
                found.append((child, "MI005", f"not a regular file but {_kind(st.st_mode)}"))
    return found


def _kind(mode: int) -> str:
    """Return what a file that is not a regular one is."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "something else"


def read_file(root: str, rel: str) -> tuple[bytes, os.stat_result]:
    """Read a monograph file and its stat as of before the read; refuse non-regular files."""
    path = os_path(root, rel)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the read
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError("not a regular file")
        limit = size_limit(rel)
        if st.st_size > limit:
            raise OSError(f"larger than {limit // 1000} kB")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise OSError(f"larger than {limit // 1000} kB")
        return data, st
    finally:
        os.close(fd)
