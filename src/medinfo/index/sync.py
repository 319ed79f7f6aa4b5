"""Freshness: what changed on disk since the index was written, found cheaply.

- every call stats the directories (not the files): adding, removing, renaming or
  replacing a file by rename changes its directory's mtime, so only that
  directory is listed again;
- every text shown is checked against its file's content digest right before it
  is shown (`stale`), and read again if it differs;
- an in-place edit of a file that is not shown is caught by a stat sweep of all
  files at most SWEEP_SECONDS after the last one, or at once by `medinfo index`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import time

from medinfo import releasezip
from medinfo.index.keys import digest
from medinfo.scan import DirStat, FileStat, list_dir, os_path, read_file, stamp, walk

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import BinaryIO

    from medinfo.index.store import Store

SWEEP_SECONDS = 60.0
RACY_SECONDS = 2.0


class Changes:
    """What a look at the disk found: files to read again, files gone, directories."""

    __slots__ = ("changed", "gone_dirs", "moved", "new_dirs", "removed", "swept")

    def __init__(self) -> None:
        self.changed: dict[tuple[int, str], None] = {}  # ordered, without duplicates
        self.removed: set[tuple[int, str]] = set()
        self.new_dirs: list[DirStat] = []
        self.gone_dirs: list[tuple[int, str]] = []
        # Labels inside a release found at another offset, unchanged: (root, path, offset).
        self.moved: list[tuple[int, str, int]] = []
        self.swept = False

    def __bool__(self) -> bool:
        return bool(self.changed or self.removed or self.new_dirs or self.gone_dirs or self.moved)


def look(store: Store, roots: list[str], sweep: bool = False, verify: bool = False) -> Changes:
    """Compare the index with the disk (see the module's notes) and return what differs."""
    changes = Changes()
    known_dirs = store.dirs()
    known = {(root, rel) for root, rel, _ in known_dirs}
    for root, rel, mtime in known_dirs:
        path = os_path(roots[root], rel)
        try:
            current = stamp(os.stat(path))
        except OSError:
            changes.gone_dirs.append((root, rel))
            continue
        if current != mtime:
            _rescan_dir(store, roots, root, rel, known, changes)
    last = store.last_sweep()
    if sweep or verify or last is None or time.time() - last > SWEEP_SECONDS:
        _sweep(store, roots, changes, verify)
        changes.swept = True
    return changes


def stale(store: Store, roots: list[str], file_ids: Iterable[int]) -> Changes:
    """Return which of the given files changed content or disappeared since indexed."""
    changes = Changes()
    for root, rel, fingerprint in store.digests(file_ids):
        inner = releasezip.split(rel)
        if inner is not None:
            if not _inner_unchanged(store, roots[root], root, rel, inner, fingerprint):
                changes.changed[(root, rel)] = None
            continue
        try:
            data, _ = read_file(roots[root], rel)
        except OSError:
            changes.removed.add((root, rel))
            continue
        if digest(data) != fingerprint:
            changes.changed[(root, rel)] = None
    return changes


def _inner_unchanged(
    store: Store, root_path: str, root: int, rel: str, inner: tuple[str, str], known: bytes
) -> bool:
    """Tell whether a label inside a release is still the one indexed (its local header)."""
    offset = store.offset(root, rel)
    if offset is None:
        return False
    return releasezip.unchanged(os_path(root_path, inner[0]), inner[1], offset, known)


def _rescan_dir(
    store: Store,
    roots: list[str],
    root: int,
    rel: str,
    known: set[tuple[int, str]],
    changes: Changes,
) -> None:
    """List one changed directory again and note what was added, changed or removed."""
    root_path = roots[root]
    try:
        files, subdirs, mtime = list_dir(root, root_path, rel, os.path.realpath(root_path))
    except OSError:
        changes.gone_dirs.append((root, rel))
        if os.path.isfile(os_path(root_path, rel)):  # a release no longer readable: say so
            changes.changed[(root, rel)] = None
        return
    changes.new_dirs.append(DirStat(root, rel, mtime))
    stored = store.files_in(root, rel)
    # A label a changed release held damaged is read again: its entry in the central
    # directory (what it should be) is the same once the release is repaired.
    damaged = _damaged(store, root, rel) if files and releasezip.split(files[0].rel) else set()
    for fs in files:
        known_stat = stored.pop(fs.rel, None)
        if known_stat is None or fs.rel in damaged:
            changes.changed[(root, fs.rel)] = None
        elif known_stat == (fs.size, fs.mtime_ns, fs.ctime_ns, fs.ino):
            continue
        elif known_stat[:3] == fs[2:5] and releasezip.split(fs.rel):
            # The same label (size, CRC) moved within its rewritten release: nothing to parse.
            changes.moved.append((root, fs.rel, fs.ino))
        else:
            changes.changed[(root, fs.rel)] = None
    changes.removed.update((root, name) for name in stored)
    present = set(subdirs)
    for sub in subdirs:
        if (root, sub) not in known:
            found, found_dirs = walk_under(root, root_path, sub)
            changes.changed.update(((root, f.rel), None) for f in found)
            changes.new_dirs.extend(found_dirs)
    for other_root, other in known:
        parent = other.rsplit("/", 1)[0] if "/" in other else ""
        if other_root == root and other and parent == rel and other not in present:
            changes.gone_dirs.append((root, other))


def _damaged(store: Store, root: int, release: str) -> set[str]:
    """Return the labels of a release stored with an error (few: one query of those)."""
    return {
        rel
        for other, rel, _ in store.skipped()
        if other == root and (split := releasezip.split(rel)) and split[0] == release
    }


def _sweep(store: Store, roots: list[str], changes: Changes, verify: bool) -> None:
    """Stat every known file (and with verify, compare contents) to catch in-place edits."""
    inside: list[tuple[str, str, tuple[int, str, int, int, int, int, bytes]]] = []
    # Without verify, a release's labels are not looked at one by one: not even read.
    for row in store.files() if verify else store.loose_files():
        inner = releasezip.split(row[1])
        if inner is None:
            _sweep_file(roots, changes, verify, row)
        elif verify:  # otherwise its release is stat'ed as a directory on every call
            inside.append((os_path(roots[row[0]], inner[0]), inner[1], row))
    _became_releases(store, roots, changes)
    # One release open at a time: a folder of many weekly updates must not run out of files.
    inside.sort(key=lambda item: item[0])
    for where, group in itertools.groupby(inside, key=lambda item: item[0]):
        with contextlib.ExitStack() as release:
            stream: BinaryIO | None
            try:
                stream = release.enter_context(open(where, "rb"))
            except OSError:
                stream = None
            for _, name, (root, rel, _s, _m, _c, ino, fingerprint) in group:
                same = stream is not None and releasezip.unchanged(
                    where, name, ino, fingerprint, stream
                )
                if not same:
                    changes.changed[(root, rel)] = None


def _became_releases(store: Store, roots: list[str], changes: Changes) -> None:
    """List again the folder of a zip that changed into a readable release in place.

    A release cut short is stored as a file (its error shown); completed where it
    is (a resumed download, its folder unchanged), it is read as the labels it holds.
    """
    listed = {(d.root, d.rel) for d in changes.new_dirs}
    known: set[tuple[int, str]] | None = None
    for root, rel in list(changes.changed):
        if not rel.casefold().endswith(".zip") or releasezip.split(rel) is not None:
            continue
        if not releasezip.is_release(os_path(roots[root], rel)):
            continue
        del changes.changed[(root, rel)]  # no longer a file: its row goes with the listing
        folder = releasezip.parent(rel)
        if (root, folder) in listed:  # listed already, the release found there
            continue
        if known is None:
            known = {(r, d) for r, d, _ in store.dirs()}
        _rescan_dir(store, roots, root, folder, known, changes)
        listed.add((root, folder))


def _sweep_file(
    roots: list[str],
    changes: Changes,
    verify: bool,
    row: tuple[int, str, int, int, int, int, bytes],
) -> None:
    """Stat one file (and with verify, compare its content) against what was stored."""
    root, rel, size, mtime, ctime, ino, fingerprint = row
    try:
        st = os.stat(os_path(roots[root], rel))
    except OSError:
        changes.removed.add((root, rel))
        return
    if (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) != (size, mtime, ctime, ino):
        changes.changed[(root, rel)] = None
    elif verify:
        try:
            data, _ = read_file(roots[root], rel)
        except OSError:
            changes.changed[(root, rel)] = None
            return
        if digest(data) != fingerprint:
            changes.changed[(root, rel)] = None


def settled(dirs: list[DirStat]) -> list[DirStat]:
    """Return dirs with recently modified ones marked for a second look.

    A directory's mtime comes from a coarse clock: an entry added in the same tick
    as the listing would leave it unchanged. A mtime under RACY_SECONDS old is stored
    as 0, so the next call lists that directory again (as git does for racy files).
    """
    cutoff = time.time_ns() - int(RACY_SECONDS * 1e9)
    return [d if d.mtime_ns < cutoff else d._replace(mtime_ns=0) for d in dirs]


def walk_under(root: int, root_path: str, rel: str) -> tuple[list[FileStat], list[DirStat]]:
    """Walk a subdirectory of a root, returning paths relative to the root."""
    files, dirs = walk(root, os_path(root_path, rel))
    # A release zip's labels are OUTER:INNER (medinfo.releasezip), a folder's files DIR/NAME.
    files = [fs._replace(rel=rel + ("" if fs.rel[:1] == ":" else "/") + fs.rel) for fs in files]
    dirs = [ds._replace(rel=f"{rel}/{ds.rel}" if ds.rel else rel) for ds in dirs]
    return files, dirs
