"""Many processes on one cold cache, and caches damaged in every way: right answers, always."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest


def command(collection: Path, *args: str) -> list[str]:
    """Return the command line of medinfo on a collection."""
    return [sys.executable, "-m", "medinfo", "--dir", str(collection), *args]


def run(collection: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run medinfo on a collection, in a pipe."""
    return subprocess.run(
        command(collection, *args), capture_output=True, text=True, timeout=120, env=os.environ
    )


def index_file(collection: Path) -> Path:
    """Return the index file medinfo uses for a collection."""
    return Path(run(collection, "index", "--path").stdout.strip())


def test_eight_processes_at_once_on_a_cold_cache(collection: Path, isolated: Path) -> None:
    for n in range(40):  # enough files that the builds overlap
        (collection / f"extra-{n}.md").write_text(
            f"# Extra {n}\n\n### Usage\nFor test {n}.\n", encoding="utf-8"
        )
    started = [
        subprocess.Popen(
            command(collection, "show", "alphacillin", "dose", "--json"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(8)
    ]
    answers = [process.communicate(timeout=120) for process in started]
    assert [process.returncode for process in started] == [0] * 8
    assert len({out for out, _ in answers}) == 1 and "500 mg" in answers[0][0]
    for _, err in answers:
        assert "Traceback" not in err and err.count("\n") <= 1
    database = index_file(collection)
    with sqlite3.connect(database) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM docs").fetchone()[0] == 44
    report = run(collection, "index")
    assert "parsed_now: 0" in report.stdout  # the cache left behind is whole and fresh


def _damage_truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _damage_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(path.stat().st_size))


def _damage_old_schema(path: Path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 1")


def _damage_empty(path: Path) -> None:
    path.write_bytes(b"")


@pytest.mark.parametrize(
    "damage",
    [_damage_truncate, _damage_garbage, _damage_old_schema, _damage_empty],
    ids=["truncated", "garbage", "older-schema", "empty"],
)
def test_a_damaged_cache_still_answers_and_says_so_once_at_most(
    collection: Path, isolated: Path, damage: object
) -> None:
    first = run(collection, "show", "alphacillin", "dose")
    assert first.returncode == 0
    damage(index_file(collection))  # type: ignore[operator]
    again = run(collection, "show", "alphacillin", "dose")
    assert again.returncode == 0 and again.stdout == first.stdout
    assert "Traceback" not in again.stderr and again.stderr.count("\n") <= 1
    third = run(collection, "show", "alphacillin", "dose")
    assert third.stdout == first.stdout and third.stderr == ""  # repaired for good


class _Racing:
    """A connection that lets another process write just after a search ranked its hits."""

    def __init__(self, conn: sqlite3.Connection, write: Callable[[], None]) -> None:
        self.conn, self.write, self.ranked, self.written = conn, write, False, False

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        """Run a statement; before the one after the first ranking, let the other write."""
        if self.ranked and not self.written:
            self.written = True
            self.write()
        cursor = self.conn.execute(sql, *args)
        self.ranked = self.ranked or "bm25(" in sql
        return cursor

    def __getattr__(self, name: str) -> object:
        return getattr(self.conn, name)


def test_a_search_sees_one_index_while_another_process_removes_a_hit(
    collection: Path, isolated: Path
) -> None:
    from medinfo.index.store import Store, connect
    from medinfo.library import Library

    library = Library([str(collection)]).open()
    store = library.index.store
    before = [(hit.path, hit.key) for hit in store.search('"mg"', 20)]
    assert len(before) > 1
    gone = before[0][0]
    committed = threading.Event()

    def remove() -> None:  # another process, on a connection of its own
        other = Store(connect(str(index_file(collection))), store.roots)
        other.transaction(lambda s: s.forget(0, gone))
        other.close()
        committed.set()

    writer = threading.Thread(target=remove)
    conn = store.conn
    store.conn = _Racing(conn, lambda: (writer.start(), committed.wait(1)))  # type: ignore[assignment]
    try:
        hits = store.search('"mg"', 20)  # ranked, counted, quoted and named as one state
    finally:
        store.conn = conn
    assert [(hit.path, hit.key) for hit in hits] == before and not committed.is_set()
    writer.join(10)  # the removal waited for the search, then went in
    assert committed.is_set()
    assert gone not in [hit.path for hit in store.search('"mg"', 20)]
