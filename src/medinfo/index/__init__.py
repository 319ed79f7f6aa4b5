"""The index: parsed monographs cached in SQLite, kept fresh with the directories.

Parts, each with one concern: `store` (the schema and every SQL statement),
`cachefile` (where the database lives, and what to do when it cannot be used),
`build` (reading files, in parallel), `sync` (what changed on disk). `Index`
puts them together: open or build, refresh, verify before showing.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from functools import partial

from medinfo.index.cachefile import CacheFile, Unusable, is_corruption, unusable_reason
from medinfo.index.keys import short_key
from medinfo.index.sync import Changes, look, settled, stale
from medinfo.scan import FileStat, limits_key, shown_name, shown_path, walk
from medinfo.text import one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Iterable
    from typing import Protocol

    from medinfo.index.build import Parsed
    from medinfo.index.store import Store

    class Tick(Protocol):
        """What counts the files parsed, for a progress bar."""

        def __call__(self, count: int = 1) -> None:
            """Add count files to those parsed."""

        def stop(self) -> None:
            """End the count: the bar, if one shows, goes."""

    # Given (total, already done), returns what is told how many more are done.
    Progress = Callable[[int, int], Tick | None]

# Files stored per write transaction during a refresh: small enough that other
# processes never wait long, large enough that commits are few.
CHUNK = 500


class Stats:
    """What a build or refresh did during this call, for `medinfo index` and warnings."""

    __slots__ = ("notes", "parsed", "rebuilt", "removed", "seconds", "skipped")

    def __init__(self) -> None:
        self.parsed = 0
        self.removed = 0
        self.skipped: list[tuple[str, str]] = []
        self.notes: list[str] = []
        self.seconds = 0.0
        self.rebuilt = False


class Index:
    """An open, fresh index over a list of monograph directories."""

    def __init__(self, roots: list[str], cache_dir: str | os.PathLike[str] | None) -> None:
        self.roots = roots
        folder = os.fspath(cache_dir) if cache_dir is not None else None
        limits = limits_key()  # another size limit, another index: what it skipped differs
        key = chr(0).join([*roots, limits] if limits else roots)
        self.path = os.path.join(folder, f"index-{short_key(key)}.sqlite3") if folder else None
        self.shown_path = one_line(shown_path(self.path)) if self.path else ":memory:"
        self.cache = CacheFile(self.path, roots)
        self.cache.on_memory = self._in_memory_now
        self.stats = Stats()
        self.builds = 0  # how many times this call built the index from scratch
        self.progress: Progress | None = None
        # Told each note for people (the cache could not be used, ...), once.
        self.notify: Callable[[str], None] | None = None

    @property
    def store(self) -> Store:
        """Return the open database, to ask it questions."""
        return self.cache.store

    @property
    def in_memory(self) -> bool:
        """Tell whether answers come from memory rather than the cache file."""
        return self.cache.in_memory

    def _in_memory_now(self, why: str) -> None:
        """Say once that the cache file could not be used, and why."""
        if self.stats.notes:
            return
        note = f"note: cannot use the index cache ({why}); answering from memory: {self.shown_path}"
        self.stats.notes.append(note)
        if self.notify is not None:
            self.notify(note)

    # -- opening -----------------------------------------------------------------

    def open(self, rebuild: bool = False, sweep: bool = False) -> Index:
        """Open the cache, building or refreshing it as needed."""
        try:
            if rebuild:
                self.cache.remove()
            if self.cache.open():
                self.refresh(sweep=sweep)
            else:
                self.cache.remove()
                self.build()
        except Unusable as exc:
            self.build(memory_because=str(exc))
        except sqlite3.DatabaseError as exc:
            self.recover(exc)
        return self

    def recover(self, exc: sqlite3.DatabaseError) -> None:
        """After a failed read: rebuild a damaged file, or read the files into memory if busy."""
        why = unusable_reason(exc)
        if why is None and not is_corruption(exc) and not self.cache.unpackable():
            raise exc
        self.cache.close()
        if why is None:
            self.cache.remove()
        self.build(memory_because=why or "")

    def close(self) -> None:
        """Close the cache."""
        self.cache.close()

    # -- building ----------------------------------------------------------------

    def build(self, memory_because: str = "") -> None:
        """Read every file and build the index from scratch (in memory if told why)."""
        started = time.perf_counter()
        files: list[FileStat] = []
        dirs = []
        for number, root in enumerate(self.roots):
            found, found_dirs = walk(number, root)
            files.extend(found)
            dirs.extend(found_dirs)

        parsed, skipped = self.stats.parsed, len(self.stats.skipped)

        def fill(store: Store) -> None:
            # Run again in memory when the disk refuses: count this build once.
            self.stats.parsed = parsed
            del self.stats.skipped[skipped:]
            store.put_dirs(settled(dirs))
            next_id = [1]
            with contextlib.closing(self._parse([(f.root, f.rel) for f in files])) as items:
                for item in items:
                    store.put(item, next_id)

        self.cache.build(fill, memory_because)
        self.builds += 1
        self.stats.rebuilt = True
        self.stats.seconds += time.perf_counter() - started

    def _parse(self, files: list[tuple[int, str]]) -> Generator[Parsed, None, None]:
        """Parse files, counting them and noting the ones that cannot be used."""
        tick = self.progress(len(files), 0) if self.progress and files else None
        from medinfo.index.build import parse_many  # only when files must be read

        try:
            with contextlib.closing(parse_many(self.roots, files, tick)) as results:
                for item in results:
                    self.stats.parsed += 1
                    if item.error:
                        shown = self.display(item.stat.root, item.stat.rel)
                        self.stats.skipped.append((shown, item.error))
                    yield item
        finally:
            # Interrupted too (Ctrl-C): a bar left drawn would leave the shell's prompt
            # at the end of its line.
            if tick is not None:
                tick.stop()

    def display(self, root: int, rel: str) -> str:
        """Return a file's path as a user would write it."""
        # A name (of a file, a folder, a label inside a release) may hold a line break:
        # shown escaped, one line per message.
        where = one_line(shown_path(self.roots[root]))
        name = one_line(shown_name(rel))
        if rel.startswith(":"):  # a label of the release zip that is the collection
            return where + name
        return os.path.join(where, name)

    # -- freshness ---------------------------------------------------------------

    def refresh(self, sweep: bool = False, verify: bool = False) -> None:
        """Bring the index up to date with the directories (see medinfo.index.sync)."""
        started = time.perf_counter()
        self._apply(look(self.store, self.roots, sweep, verify))
        self.stats.seconds += time.perf_counter() - started

    def verify(self, file_ids: Iterable[int]) -> bool:
        """Read the given files again if their content changed; tell whether any did."""
        changes = stale(self.store, self.roots, file_ids)
        if not changes:
            return False
        self._apply(changes)
        return True

    def _apply(self, changes: Changes) -> None:
        """Store what changed: parse first, then write in short transactions."""
        if not changes:
            if changes.swept and not self.cache.in_memory:
                # Only saves the next call a sweep: not worth a copy in memory.
                try:
                    self.store.transaction(lambda store: store.mark_swept())
                except sqlite3.OperationalError as exc:
                    if unusable_reason(exc) is None:
                        raise
            return
        # Files are parsed before a transaction opens, so that other processes wait
        # for milliseconds of writing, never for seconds of parsing.
        refused = None
        parsed, skipped = self.stats.parsed, len(self.stats.skipped)
        with contextlib.closing(self._parse(list(changes.changed))) as items:
            while chunk := [item for _, item in zip(range(CHUNK), items, strict=False)]:
                refused = self._write(partial(_put_all, items=chunk))
                if refused:
                    break
        if refused:  # the parse above has stopped: read everything into memory
            self.stats.parsed = parsed  # what it parsed is parsed again, and counted then
            del self.stats.skipped[skipped:]
            self.build(memory_because=refused)
            return

        forgotten: list[tuple[int, str]] = []

        def finish(store: Store) -> None:
            removed = set(changes.removed)
            for root, rel in changes.gone_dirs:
                removed.update((root, name) for name in store.drop_dir(root, rel))
            store.put_dirs(settled(changes.new_dirs))
            store.move(changes.moved)
            forgotten[:] = sorted(removed - set(changes.changed))
            for root, rel in forgotten:
                store.forget(root, rel)
            if changes.swept:
                store.mark_swept()

        refused = self._write(finish)
        if refused:
            self.build(memory_because=refused)
        else:
            self.stats.removed += len(forgotten)

    def write(self, action: Callable[[Store], None]) -> str | None:
        """Write through the cache; return why not when it can be neither written nor copied."""
        return self._write(action)

    def _write(self, action: Callable[[Store], None]) -> str | None:
        """Write through the cache; return why not when it can be neither written nor copied."""
        try:
            self.cache.write(action)
        except Unusable as exc:
            return str(exc)
        return None


def _put_all(store: Store, items: list[Parsed]) -> None:
    """Store parsed files."""
    for item in items:
        store.put(item)
