"""The index database: every SQL statement medinfo runs lives in this package.

Here the connection and the writes; the schema in .schema, what the library asks
in .reads. Which file the database lives in, and what happens when that file
cannot be used, is the concern of medinfo.index.cachefile; this package only talks SQL.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
import zlib

from medinfo import releasezip
from medinfo.errors import MedinfoError
from medinfo.index.packed import plain_of
from medinfo.index.store.checks import Checks
from medinfo.index.store.reads import TOPIC_DONE, Reads
from medinfo.index.store.schema import SCHEMA, SCHEMA_VERSION
from medinfo.index.store.versions import Versions
from medinfo.scan import shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from medinfo.index.build import Parsed
    from medinfo.scan import DirStat

# How long to wait for another process's write to finish before answering from
# memory instead. Writers here hold the lock for milliseconds (files are parsed
# before the transaction opens), so a longer wait means something is stuck.
BUSY_SECONDS = 2.0

# A build's page cache: what its search tables' merges reread stays in memory.
BUILD_CACHE_KB = 65536
# FTS5's own automerge, and the one of a build (see Store.load).
AUTOMERGE = 4
BUILD_AUTOMERGE = 8
# The search tables a build fills.
BULK_SEARCH_TABLES = ("fts", "ingredient_fts")


def connect(target: str) -> sqlite3.Connection:
    """Open a database with the settings every connection here needs."""
    conn = sqlite3.connect(
        target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    return conn


class Store(Reads, Checks, Versions):
    """An open index database and the statements run against it."""

    def __init__(self, conn: sqlite3.Connection, roots: list[str]) -> None:
        self.conn = conn
        self.roots = roots
        self.shown_roots = [shown_path(root) for root in roots]  # what a user sees
        self.touched: set[str] = set()  # set ids written since their versions were ranked
        self.changed = False  # monographs written or forgotten in this transaction
        # A packed blob zlib refuses inside a statement (a search's snippet, a file
        # forgotten) reaches the caller only as "SQL logic error": this says the file is
        # damaged, so that it is built again (medinfo.index.Index.recover).
        self.unpackable = False
        # What the search table reads of a section (schema: section_words).
        conn.create_function("plain_of", 4, self._plain_of, deterministic=True)
        # Which commits of other processes this store had seen when it was opened: what
        # is kept to save time is kept only if there has been none since (see _keep).
        try:
            self.seen: int = conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.Error:
            self.seen = -1  # not a database: reading it says so; nothing is kept

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def _plain_of(self, body: bytes, at: int, plain_at: int, blocks_at: int) -> str:
        """Return a section's plain words (packed.plain_of); note a blob that cannot be unpacked."""
        try:
            return plain_of(body, at, plain_at, blocks_at)
        except zlib.error:
            self.unpackable = True
            raise

    def header(self) -> tuple[int, list[str] | None]:
        """Return the schema version and the directories the database was built for."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            return version, None
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
        return version, json.loads(row[0]) if row else None

    def create(self) -> None:
        """Create the schema in an empty database, set up for one fast bulk load."""
        conn = self.conn
        # Safe only because a new database is a file of its own until it is complete: a
        # half-built file is thrown away, never opened (medinfo.index.cachefile builds it
        # under a temporary name, and syncs it once, whole, before renaming it into place).
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        # The search tables' merges reread pages that SQLite's default 2 MB cache has let
        # go by the time they come back (at 50,000 labels: 8 s more of the kernel's time).
        conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KB}")
        try:
            conn.executescript(SCHEMA)
        except sqlite3.OperationalError as exc:
            if "fts5" not in str(exc):
                raise
            raise MedinfoError(
                f"this Python's SQLite {sqlite3.sqlite_version} has no FTS5 full-text search",
                hint="use a Python built with a SQLite that includes FTS5 (most builds do)",
            ) from None
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("INSERT INTO meta VALUES ('roots', ?)", (json.dumps(self.roots),))
        conn.execute("INSERT INTO meta VALUES ('sweep', ?)", (str(time.time()),))

    def load(self, fill: Callable[[Store], None]) -> None:
        """Fill the database create() has just made, in one transaction, as fast as it fills.

        Its indexes are made from the rows once they are all written, not kept up to
        date row by row (each row of names, ndcs or docs lands at a random place in each
        of theirs): 5 s less of 60 at 50,000 labels, and filled pages. The search
        tables merge their segments eight at a time instead of four meanwhile: each
        word's entries are rewritten fewer times (7 s less of 60).
        """
        db = self.conn

        def bulk(store: Store) -> None:
            indexes = db.execute(
                # sqlite_master, not sqlite_schema: that name came with SQLite 3.33.
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
            ).fetchall()
            for name, _ in indexes:
                db.execute(f'DROP INDEX "{name}"')
            self._automerge(BUILD_AUTOMERGE)
            fill(store)
            for _, sql in indexes:  # as the schema creates them: the same statement
                db.execute(sql)
            self._automerge(AUTOMERGE)  # later writes are a few labels at a time

        self.transaction(bulk, immediate=False)

    def _automerge(self, segments: int) -> None:
        """Set how many segments of one size the search tables gather before merging them."""
        for table in BULK_SEARCH_TABLES:
            self.conn.execute(
                f"INSERT INTO {table}({table}, rank) VALUES ('automerge', ?)", (segments,)
            )

    def transaction(self, action: Callable[[Store], None], immediate: bool = True) -> None:
        """Run action in one transaction, rolled back if it fails."""
        # IMMEDIATE takes the write lock at once: a deferred transaction that reads and
        # then writes fails at once when another process writes, despite the timeout.
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            # Any write may change which names a listing shows; once here, not per file
            # (a trigger on docs cost a 32,040-file build 20%).
            self.conn.execute("DELETE FROM meta WHERE key = 'names'")
            action(self)
            self.rank_versions()
            if self.changed:  # which monographs are visible may have changed
                self.conn.execute("DELETE FROM meta WHERE key GLOB ?", (TOPIC_DONE + "*",))
            self.changed = False
            self.conn.execute("COMMIT")
        except BaseException:
            self.touched.clear()
            self.changed = False
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise

    def copy_to_memory(self) -> Store:
        """Return a copy of the database in memory, where changes can be made."""
        # Given up after BUSY_SECONDS, as a busy database is: else the copy would wait
        # for as long as another process holds the lock.
        deadline = time.monotonic() + BUSY_SECONDS

        def progress(status: int, remaining: int, total: int) -> None:
            busy = status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            if busy and time.monotonic() > deadline:
                raise sqlite3.OperationalError("database is locked")

        memory = connect(":memory:")
        try:
            self.conn.backup(memory, progress=progress, sleep=0.05)
        except BaseException:
            memory.close()
            raise
        return Store(memory, self.roots)

    # -- writing (inside build or write) -----------------------------------------

    def put_dirs(self, dirs: Iterable[DirStat]) -> None:
        """Record directories and their modification times."""
        self.conn.executemany("INSERT OR REPLACE INTO dirs VALUES (?,?,?)", dirs)

    def drop_dir(self, root: int, rel: str) -> list[str]:
        """Forget a directory and those below it; return the files that were under them."""
        prefix = f"{rel}/" if rel else ""
        db = self.conn
        rows = db.execute(
            "SELECT rel FROM files WHERE root = ? AND (dir = ? OR substr(rel, 1, ?) = ?)",
            (root, rel, len(prefix), prefix),
        ).fetchall()
        db.execute(
            "DELETE FROM dirs WHERE root = ? AND (rel = ? OR substr(rel, 1, ?) = ?)",
            (root, rel, len(prefix), prefix),
        )
        return [r[0] for r in rows]

    def mark_swept(self) -> None:
        """Record that every file was just checked."""
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('sweep', ?)", (str(time.time()),))

    def put(self, item: Parsed, next_id: list[int] | None = None) -> None:
        """Store one parsed file, replacing what was stored for it.

        With next_id (a fresh build), section ids are given here so that both the
        sections and the search tables are filled in bulk.
        """
        fs = item.stat
        db = self.conn
        self.changed = True
        if next_id is None:
            self.forget(fs.root, fs.rel)
        parent = releasezip.parent(fs.rel)
        cur = db.execute(
            "INSERT INTO files(root, dir, rel, size, mtime_ns, ctime_ns, ino, digest, error)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (fs.root, parent, *fs[1:], item.digest, item.error),
        )
        file_id = cur.lastrowid
        if item.problems:
            db.executemany(
                "INSERT INTO problems VALUES (?,?,?,?)",
                [(file_id, line, rule, message) for rule, line, message in item.problems],
            )
        if item.rows is None:
            return
        doc, names, sections, ndcs, ingredients, body = item.rows
        db.execute(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)", (file_id, *doc[:15])
        )
        if doc[10]:  # a set id: which of its versions is current may change
            self.touched.add(str(doc[10]))
        db.execute("INSERT INTO extras VALUES (?,?,?)", (file_id, *doc[15:]))
        db.executemany(
            "INSERT INTO names VALUES (?,?,?,?)",
            [(norm, file_id, rank, label) for norm, rank, label in names],
        )
        db.executemany("INSERT INTO ndcs VALUES (?,?)", [(key, file_id) for key in ndcs])
        if ingredients:  # words, then the inactive ones' title and text for search
            listed = (file_id, file_id, "", ingredients[1], ingredients[2], "description")
            db.execute("INSERT INTO ingredients VALUES (?,?,?,?,?,?,?)", (*listed, ingredients[0]))
            if ingredients[2]:
                db.execute(
                    "INSERT INTO ingredient_fts(rowid, name, title, plain, key) VALUES (?,?,?,?,?)",
                    (file_id, *listed[2:]),
                )
        db.execute("INSERT INTO bodies VALUES (?,?)", (file_id, body))
        if next_id is not None:
            first = next_id[0]
            next_id[0] += len(sections)
            rows = [(first + n, file_id, *row) for n, row in enumerate(sections)]
            db.executemany(
                "INSERT INTO sections(id, file_id, ord, key, title, component, name, at,"
                " plain_at, blocks_at, stop) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [row[:11] for row in rows],
            )
            db.executemany(
                "INSERT INTO fts(rowid, name, title, plain, key) VALUES (?,?,?,?,?)",
                [(row[0], row[6], row[4], row[11], row[3]) for row in rows],
            )
            return
        for row in sections:
            cur = db.execute(
                "INSERT INTO sections(file_id, ord, key, title, component, name, at,"
                " plain_at, blocks_at, stop) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (file_id, *row[:9]),
            )
            db.execute(
                "INSERT INTO fts(rowid, name, title, plain, key) VALUES (?,?,?,?,?)",
                (cur.lastrowid, row[4], row[2], row[9], row[1]),
            )

    def put_topics(
        self, key: str, stamp: str, rows: Iterable[tuple[int, bytes, str, str, str]]
    ) -> None:
        """Keep what a topic finds in monographs: (file id, digest, name, title, plain text) each.

        Rows of other rules (another stamp) are dropped first; a row whose file has
        changed since it was read (another digest), that is no longer a current
        version, or that another process kept meanwhile, is left out.
        """
        db = self.conn
        row = db.execute("SELECT value FROM meta WHERE key = 'topics'").fetchone()
        if row is None or row[0] != stamp:
            db.execute("INSERT INTO topic_fts(topic_fts) VALUES ('delete-all')")
            db.execute("DELETE FROM topics")
            # Another install's rules (the index is shared): no topic is done any more.
            db.execute("DELETE FROM meta WHERE key GLOB ?", (TOPIC_DONE + "*",))
            db.execute("INSERT OR REPLACE INTO meta VALUES ('topics', ?)", (stamp,))
        for file_id, digest, name, title, plain in rows:
            cur = db.execute(
                "INSERT OR IGNORE INTO topics(file_id, key, name, title, plain)"
                " SELECT ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM files f"
                "  JOIN docs d ON d.file_id = f.id WHERE f.id = ? AND f.digest = ? AND d.current)",
                (file_id, key, name, title, plain, file_id, digest),
            )
            if cur.rowcount == 1 and plain:
                db.execute(
                    "INSERT INTO topic_fts(rowid, name, title, plain, key) VALUES (?,?,?,?,?)",
                    (cur.lastrowid, name, title, plain, key),
                )

    def mark_topic_done(self, key: str, stamp: str) -> None:
        """Record that every visible monograph has a topic worked out, unless one lacks it now.

        Checked inside the write, so that no other process's write comes between; any
        write of a monograph drops the record (transaction).
        """
        if not self.topic_lacking(key, stamp):
            self.conn.execute(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)", (TOPIC_DONE + key, stamp)
            )

    def names(self) -> list[str]:
        """Return the name of every visible monograph, in listing order, kept for the next."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()
        if row is not None:
            return row[0].split("\0") if row[0] else []
        names = self.names_in_order()
        self._keep("INSERT OR REPLACE INTO meta VALUES ('names', ?)", ("\0".join(names),))
        return names

    def _keep(self, sql: str, values: tuple[object, ...]) -> None:
        """Write what is only kept to save time, unless it would wait for a lock or the disk."""
        db = self.conn
        try:
            # A nicety: never wait for a lock, nor for the disk (what is lost in a crash
            # is made again; a damaged cache is rebuilt).
            db.execute("PRAGMA busy_timeout = 0")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("BEGIN IMMEDIATE")
            try:
                # Made from what was read since this store opened: if another process
                # has written since, it may be out of date, and is not kept.
                now = db.execute("PRAGMA data_version").fetchone()[0]
                if now == self.seen:
                    db.execute(sql, values)
                db.execute("COMMIT")
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    db.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            pass  # locked, read-only or full: the next call makes it again
        finally:
            # Each on its own: inside a transaction the first cannot be set back.
            with contextlib.suppress(sqlite3.Error):
                db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
            with contextlib.suppress(sqlite3.Error):
                db.execute("PRAGMA synchronous = FULL")

    def forget(self, root: int, rel: str) -> None:
        """Remove one file and everything derived from it."""
        db = self.conn
        row = db.execute("SELECT id FROM files WHERE root = ? AND rel = ?", (root, rel)).fetchone()
        if row is None:
            return
        self.changed = True
        file_id = row[0]
        found = db.execute(
            "SELECT set_id, current FROM docs WHERE file_id = ?", (file_id,)
        ).fetchone()
        if found and found[0]:  # an older version may become current
            self.touched.add(found[0])
        if found and found[1]:  # an older version is in no search table
            self._unsearch(file_id)
        db.execute("DELETE FROM sections WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM bodies WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM names WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM ndcs WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM ingredients WHERE id = ?", (file_id,))  # its file id (schema)
        db.execute("DELETE FROM docs WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM extras WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM problems WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM files WHERE id = ?", (file_id,))

    # -- what freshness checks read ----------------------------------------------

    def dirs(self) -> list[tuple[int, str, int]]:
        """Return every known directory: root, relative path, modification time."""
        return self.conn.execute("SELECT root, rel, mtime_ns FROM dirs").fetchall()

    def files_in(self, root: int, rel: str) -> dict[str, tuple[int, int, int, int]]:
        """Return the files stored for one directory, with size, mtime, ctime and inode."""
        rows = self.conn.execute(
            "SELECT rel, size, mtime_ns, ctime_ns, ino FROM files WHERE root = ? AND dir = ?",
            (root, rel),
        )
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}

    def move(self, moved: Iterable[tuple[int, str, int]]) -> None:
        """Record where labels inside a rewritten release now start: (root, path, offset)."""
        self.conn.executemany(
            "UPDATE files SET ino = ? WHERE root = ? AND rel = ?",
            [(offset, root, rel) for root, rel, offset in moved],
        )

    def offset(self, root: int, rel: str) -> int | None:
        """Return where a label inside a release starts in it (stored as its inode)."""
        row = self.conn.execute(
            "SELECT ino FROM files WHERE root = ? AND rel = ?", (root, rel)
        ).fetchone()
        return None if row is None else int(row[0])

    def files(self) -> list[tuple[int, str, int, int, int, int, bytes]]:
        """Return every stored file: root, path, size, mtime, ctime, inode, digest."""
        return self.conn.execute(
            "SELECT root, rel, size, mtime_ns, ctime_ns, ino, digest FROM files"
        ).fetchall()

    def digests(self, file_ids: Iterable[int]) -> list[tuple[int, str, bytes]]:
        """Return root, path and content digest of the given files."""
        ids = ",".join(str(int(i)) for i in file_ids)
        return self.conn.execute(
            f"SELECT root, rel, digest FROM files WHERE id IN ({ids})"
        ).fetchall()

    def last_sweep(self) -> float | None:
        """Return when every file was last checked (seconds since the epoch), if ever."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'sweep'").fetchone()
        return float(row[0]) if row else None
