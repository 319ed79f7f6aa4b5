"""Where a TAB's drug names come from: the index, opened read-only, or built if small.

A TAB never refreshes an index (that is for the next command) and never waits
long on one. Without a usable index (none yet, an older medinfo's, a damaged file),
a small collection is indexed on the spot, silently and as every command builds
it: into a new file renamed over the old, so that a TAB interrupted, or racing
another, leaves either no index or a whole one. A larger collection offers no
names until a command has built its index.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.index import Index
    from medinfo.index.store import Store

# A TAB builds a missing index when the collection holds at most this many monograph
# files, of at most this many bytes in all, so that a first TAB stays near the 150 ms
# a TAB may take. Measured cold (benchmarks/completion.py --cold): about 4 times
# Python's own start for the bundled 35 monographs and for 50 RxHive files, 5 to 6
# times for 100; the bytes keep out FDA labels, a hundred kilobytes and more each.
BUILD_FILES = 50
BUILD_BYTES = 400_000
# Entries of any kind looked at before the collection is taken as large: a TAB with
# --dir at a home directory must not walk it all to find few monographs.
LOOK_ENTRIES = 20 * BUILD_FILES


def opened(roots: list[str], busy: float) -> Store | None:
    """Open the index of the directories; None if there is none to be had.

    An existing index is opened read-only, waiting at most busy seconds for a
    writer; without a usable one, a small collection is indexed now (BUILD_FILES).
    """
    from medinfo.index import Index
    from medinfo.library import cache_dir

    index = Index(roots, cache_dir())
    store, missing = _existing(index.path, roots, busy)
    if store is None and missing and small(roots):
        return _built(index)
    return store


def _existing(path: str | None, roots: list[str], busy: float) -> tuple[Store | None, bool]:
    """Open an index file read-only; with None, tell whether it is missing or unusable.

    A file another process holds locked is not missing: that process is at work on it.
    """
    import sqlite3

    from medinfo.index.cachefile import is_corruption
    from medinfo.index.store import Store
    from medinfo.index.store.schema import SCHEMA_VERSION

    if path is None or not os.path.isfile(path):
        return None, True
    uri = path.replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    try:
        conn = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=busy)
    except sqlite3.Error:
        return None, False
    store = Store(conn, roots)
    try:
        if store.header() == (SCHEMA_VERSION, roots):
            return store, False
        missing = True  # an older medinfo's, or another collection's
    except sqlite3.DatabaseError as exc:
        missing = is_corruption(exc)  # damaged: built again; locked: left alone
    conn.close()
    return None, missing


def small(roots: list[str]) -> bool:
    """Tell whether the collection is small enough for a TAB to index it: a bounded walk."""
    from medinfo.scan import is_monograph_name

    if any(os.path.isfile(root) for root in roots):
        return False  # a release zip named as the collection: thousands of labels, maybe
    files = size = seen = 0
    pending = list(roots)
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                for entry in listing:
                    seen += 1
                    if seen > LOOK_ENTRIES:
                        return False
                    if entry.name.startswith("."):  # as the index's walk: hidden, left out
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append(entry.path)
                    elif is_monograph_name(entry.name):
                        files += 1
                        try:
                            size += entry.stat().st_size
                        except OSError:  # a link to nowhere: the build leaves it out
                            continue
                        if files > BUILD_FILES or size > BUILD_BYTES:
                            return False
        except OSError:  # unreadable: the build would leave it out too
            continue
    return True


def _built(index: Index) -> Store | None:
    """Build the index of a small collection now, saying nothing; None if it cannot be done.

    It is built as every command builds it: into a new file renamed over the old, so
    a TAB interrupted or racing another leaves either no file or a whole one.
    """
    import sqlite3
    import warnings

    from medinfo.errors import MedinfoError

    index.progress = None  # nothing but completions may reach the terminal
    index.notify = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            index.open()
    except (sqlite3.Error, OSError, MedinfoError):  # no FTS5, a disk that fails...
        index.close()
        return None
    return index.store
