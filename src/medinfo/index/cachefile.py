"""The cache file's life: where the index database lives, and what to do when it can't.

The database is a cache. When it is missing, damaged or of another schema, it is
built again, into a new file renamed over the old one; when it cannot be read or
written (locked by another process, a read-only or full disk), the index carries
on in memory, so an answer never depends on the cache directory being healthy.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3

from medinfo.index.store import Store, connect
from medinfo.index.store.schema import SCHEMA_VERSION

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


class Unusable(Exception):
    """The cache file cannot be used now; the message says why, for a note to the user."""


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """Tell whether an error means the database file is damaged (not merely busy)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return False
    return not isinstance(exc, sqlite3.OperationalError) or any(
        word in text for word in ("malformed", "not a database", "no such table", "corrupt")
    )


def unusable_reason(exc: BaseException) -> str | None:
    """Return why an error means the file cannot be used now (busy, read-only, full), or None."""
    if not isinstance(exc, sqlite3.OperationalError):
        return None
    text = str(exc).lower()
    for words, reason in (
        (("locked", "busy"), "locked by another process"),
        (("readonly", "read-only", "unable to open"), "not writable"),
        (("disk is full",), "disk full"),
        (("disk i/o",), "disk I/O error"),
    ):
        if any(word in text for word in words):
            return reason
    return None


# A build left behind by a killed process: no build takes this long.
STALE_SECONDS = 3600.0


def _remove_stale(folder: str) -> None:
    """Remove half-built databases of processes that were killed while building."""
    import time

    cutoff = time.time() - STALE_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".index-") and entry.name.endswith(".tmp"):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(entry.path)


def _sync(path: str) -> None:
    """Write a file's data to the disk, so that a crash after its rename cannot leave it torn."""
    with open(path, "rb+") as file:  # Windows syncs only a file open for writing
        os.fsync(file.fileno())


class CacheFile:
    """The index database of one set of directories: on disk where possible, else in memory."""

    def __init__(self, path: str | None, roots: list[str]) -> None:
        self.path = path
        self.roots = roots
        self._store: Store | None = None
        self.in_memory = False
        # Told why, once, when answers start coming from memory.
        self.on_memory: Callable[[str], None] | None = None

    @property
    def store(self) -> Store:
        """Return the open database."""
        assert self._store is not None, "index is not open"
        return self._store

    def open(self) -> bool:
        """Open the existing file; False when there is none or it must be built again.

        Raises Unusable when it is locked, and sqlite3.DatabaseError when damaged.
        """
        if self.path is None or not os.path.exists(self.path):
            return False
        store = Store(connect(self.path), self.roots)
        try:
            version, roots = store.header()
        except sqlite3.OperationalError as exc:
            store.close()
            reason = unusable_reason(exc)
            if reason is None:
                raise
            raise Unusable(reason) from None
        except BaseException:
            store.close()
            raise
        if version != SCHEMA_VERSION or roots != self.roots:
            store.close()
            return False
        self._store = store
        return True

    def unpackable(self) -> bool:
        """Tell whether the open database was found holding a blob that cannot be unpacked."""
        return self._store is not None and self._store.unpackable

    def close(self) -> None:
        """Close the database, if open."""
        if self._store is not None:
            self._store.close()
            self._store = None

    def remove(self) -> None:
        """Delete the database file and its journals, if they can be deleted."""
        self.close()
        if self.path is None:
            return
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    def build(self, fill: Callable[[Store], None], memory_because: str = "") -> None:
        """Build a new database with fill, then put it in place of the old one atomically.

        The new file is written beside the old one and renamed over it, so readers keep
        the file they opened. Where that cannot be done (or memory_because says why it
        cannot), the new database stays in memory.
        """
        self.close()
        tmp, why = (None, memory_because) if memory_because else self._temp_file()
        if tmp is not None:
            try:
                store = Store(connect(tmp), self.roots)
                try:
                    store.create()
                    store.load(fill)
                finally:
                    store.close()
                _sync(tmp)  # written unsynced (Store.create): on disk before it is in place
                os.replace(tmp, self.path or "")  # atomic: readers keep the file they opened
                tmp = None
                self._store = Store(connect(self.path or ""), self.roots)
                return
            except sqlite3.OperationalError as exc:
                why = unusable_reason(exc) or ""
                if not why:
                    raise
            except OSError as exc:
                why = f"not writable: {exc.strerror or exc}"
            finally:
                if tmp is not None:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        store = Store(connect(":memory:"), self.roots)
        store.create()
        store.load(fill)
        self._store = store
        self._went_to_memory(why)

    def _temp_file(self) -> tuple[str | None, str]:
        """Return a new file beside the database, or None and why it cannot be made."""
        if self.path is None:
            return None, ""
        import tempfile

        folder = os.path.dirname(self.path)
        try:
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=folder)
            os.close(fd)
        except OSError as exc:
            return None, f"not writable: {exc.strerror or exc}"
        _remove_stale(folder)
        return tmp, ""

    def _went_to_memory(self, why: str) -> None:
        """Note that answers now come from memory."""
        self.in_memory = True
        if why and self.on_memory is not None:
            self.on_memory(why)

    def write(self, action: Callable[[Store], None]) -> None:
        """Run action in a write transaction; move to an in-memory copy if the file refuses.

        Raises Unusable when the file can be neither written nor copied.
        """
        if not self.in_memory:
            try:
                self.store.transaction(action)
                return
            except sqlite3.OperationalError as exc:
                why = unusable_reason(exc)
                if why is None:
                    raise
            try:
                memory = self.store.copy_to_memory()
            except sqlite3.OperationalError as exc:
                raise Unusable(unusable_reason(exc) or str(exc)) from None
            self.close()
            self._store = memory
            self._went_to_memory(why)
        self.store.transaction(action)
