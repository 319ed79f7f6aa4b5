"""The index database: its schema and every SQL statement medinfo runs.

Which file the database lives in, and what happens when that file cannot be used,
is the concern of medinfo.index.cachefile; this module only talks SQL.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time

from medinfo.errors import MedinfoError
from medinfo.model import MARK_END, MARK_START, Entry, Faq, Hit, Monograph, Section
from medinfo.scan import shown_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from medinfo.index.build import Parsed
    from medinfo.scan import DirStat

SCHEMA_VERSION = 6
# How long to wait for another process's write to finish before answering from
# memory instead. Writers here hold the lock for milliseconds (files are parsed
# before the transaction opens), so a longer wait means something is stuck.
BUSY_SECONDS = 2.0

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE dirs(root INTEGER, rel TEXT, mtime_ns INTEGER, PRIMARY KEY(root, rel));
CREATE TABLE files(
    id INTEGER PRIMARY KEY, root INTEGER, dir TEXT, rel TEXT,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER,
    digest BLOB, error TEXT, UNIQUE(root, rel));
CREATE INDEX files_dir ON files(root, dir);
CREATE INDEX files_error ON files(root, rel) WHERE error IS NOT NULL;
-- What a listing needs, in rows small enough that a page holds dozens of them; the
-- large front matter and FAQs of each monograph live apart, in extras.
-- labeler, kind, effective date and set id are an FDA label's (NULL for Markdown):
-- they choose among the many labels of one drug and tell them apart in a listing.
CREATE TABLE docs(
    file_id INTEGER PRIMARY KEY, name TEXT, fold TEXT, root INTEGER, rel TEXT,
    aliases TEXT, keys TEXT, drug_class TEXT,
    labeler TEXT, kind TEXT, effective TEXT, set_id TEXT);
CREATE TABLE extras(file_id INTEGER PRIMARY KEY, metadata TEXT, faqs TEXT);
-- Covering: a listing reads this index alone, already in its order.
CREATE INDEX docs_list ON docs(
    fold, root, rel, name, aliases, keys, drug_class, labeler, kind, effective, set_id);
CREATE TABLE sections(
    id INTEGER PRIMARY KEY, file_id INTEGER, ord INTEGER, key TEXT, title TEXT,
    component TEXT, name TEXT, text TEXT);
CREATE INDEX sections_file ON sections(file_id);
CREATE TABLE names(norm TEXT, file_id INTEGER, rank INTEGER, label TEXT);
CREATE INDEX names_norm ON names(norm);
-- Porter stems English (infection ~ infections); unicode61 with remove_diacritics 2
-- makes "cafe" find "Café". External content: the text is stored once, in sections.
-- The key column lets a search be limited to one kind of section inside FTS5 itself
-- ({key} : "side_effects"), instead of filtering a join of every match.
CREATE VIRTUAL TABLE fts USING fts5(
    name, title, text, key, content='sections', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2');
"""

# bm25 weights for (name, section title, text, key): a word in the drug's name says
# the most about relevance, then a section title, then running text; the key column
# only filters.
_BM25 = "bm25(fts, 10.0, 3.0, 1.0, 0.0)"
# A monograph is hidden when an earlier directory holds one of the same name.
_VISIBLE = "NOT EXISTS (SELECT 1 FROM docs e WHERE e.fold = d.fold AND e.root < d.root)"


def connect(target: str) -> sqlite3.Connection:
    """Open a database with the settings every connection here needs."""
    conn = sqlite3.connect(
        target, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
    return conn


class Store:
    """An open index database and the statements run against it."""

    def __init__(self, conn: sqlite3.Connection, roots: list[str]) -> None:
        self.conn = conn
        self.roots = roots
        self.shown_roots = [shown_path(root) for root in roots]  # what a user sees

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

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
        conn.execute("PRAGMA journal_mode = OFF")  # a half-built file is thrown away anyway
        conn.execute("PRAGMA synchronous = OFF")
        try:
            conn.executescript(_SCHEMA)
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

    def transaction(self, action: Callable[[Store], None], immediate: bool = True) -> None:
        """Run action in one transaction, rolled back if it fails."""
        # IMMEDIATE takes the write lock at once: a deferred transaction that reads and
        # then writes fails at once when another process writes, despite the timeout.
        self.conn.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
        try:
            action(self)
            self.conn.execute("COMMIT")
        except BaseException:
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
        if next_id is None:
            self.forget(fs.root, fs.rel)
        parent = fs.rel.rsplit("/", 1)[0] if "/" in fs.rel else ""
        cur = db.execute(
            "INSERT INTO files(root, dir, rel, size, mtime_ns, ctime_ns, ino, digest, error)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (fs.root, parent, *fs[1:], item.digest, item.error),
        )
        if item.rows is None:
            return
        file_id = cur.lastrowid
        doc, names, sections = item.rows
        db.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", (file_id, *doc[:11]))
        db.execute("INSERT INTO extras VALUES (?,?,?)", (file_id, *doc[11:]))
        db.executemany(
            "INSERT INTO names VALUES (?,?,?,?)",
            [(norm, file_id, rank, label) for norm, rank, label in names],
        )
        if next_id is not None:
            first = next_id[0]
            next_id[0] += len(sections)
            rows = [(first + n, file_id, *row) for n, row in enumerate(sections)]
            db.executemany(
                "INSERT INTO sections(id, file_id, ord, key, title, component, name, text)"
                " VALUES (?,?,?,?,?,?,?,?)",
                rows,
            )
            db.executemany(
                "INSERT INTO fts(rowid, name, title, text, key) VALUES (?,?,?,?,?)",
                [(row[0], row[6], row[4], row[7], row[3]) for row in rows],
            )
            return
        for row in sections:
            cur = db.execute(
                "INSERT INTO sections(file_id, ord, key, title, component, name, text)"
                " VALUES (?,?,?,?,?,?,?)",
                (file_id, *row),
            )
            db.execute(
                "INSERT INTO fts(rowid, name, title, text, key) VALUES (?,?,?,?,?)",
                (cur.lastrowid, row[4], row[2], row[5], row[1]),
            )

    def forget(self, root: int, rel: str) -> None:
        """Remove one file and everything derived from it."""
        db = self.conn
        row = db.execute("SELECT id FROM files WHERE root = ? AND rel = ?", (root, rel)).fetchone()
        if row is None:
            return
        file_id = row[0]
        db.execute(
            "INSERT INTO fts(fts, rowid, name, title, text, key)"
            " SELECT 'delete', id, name, title, text, key FROM sections WHERE file_id = ?",
            (file_id,),
        )
        db.execute("DELETE FROM sections WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM names WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM docs WHERE file_id = ?", (file_id,))
        db.execute("DELETE FROM extras WHERE file_id = ?", (file_id,))
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

    # -- what the library asks ---------------------------------------------------

    def find(self, whole: str, words: str, labeler: str = "") -> list[tuple[Any, ...]]:
        """Return the monographs a name key means (of a labeler): id, whether the whole
        name matched, root, best rank, and the label's kind, effective date, labeler, path."""
        return self.conn.execute(
            "SELECT n.file_id, max(n.norm = ?), min(f.root), min(n.rank), d.kind, d.effective,"
            " d.labeler, f.rel FROM names n JOIN files f ON f.id = n.file_id"
            " JOIN docs d ON d.file_id = n.file_id"
            " WHERE n.norm IN (?, ?) AND (? = '' OR instr(lower(d.labeler), lower(?)) > 0)"
            " GROUP BY n.file_id",
            (whole, whole, words or whole, labeler, labeler),
        ).fetchall()

    def name_of(self, norm: str) -> str | None:
        """Return the name of the monograph a lookup key names by file name, title or alias."""
        row = self.conn.execute(
            "SELECT d.name FROM names n JOIN docs d ON d.file_id = n.file_id"
            " WHERE n.norm = ? AND n.rank <= 2 ORDER BY n.rank, d.root LIMIT 1",
            (norm,),
        ).fetchone()
        return str(row[0]) if row else None

    def named(self, keys: list[str]) -> set[int]:
        """Return the visible monographs whose file name, title or alias is one of the keys."""
        found: set[int] = set()
        for start in range(0, len(keys), 500):  # below every SQLite's limit of parameters
            chunk = keys[start : start + 500]
            rows = self.conn.execute(
                "SELECT DISTINCT n.file_id FROM names n JOIN docs d ON d.file_id = n.file_id"
                f" WHERE n.norm IN ({','.join('?' * len(chunk))}) AND n.rank <= 2"
                f" AND {_VISIBLE}",
                chunk,
            )
            found.update(row[0] for row in rows)
        return found

    def mentioning(self, match: str) -> list[tuple[int, str, Section]]:
        """Return the sections an FTS5 expression matches: file id, monograph name, section."""
        rows = self.conn.execute(
            "SELECT s.file_id, d.name, s.key, s.title, s.text, s.component FROM fts"
            " JOIN sections s ON s.id = fts.rowid JOIN docs d ON d.file_id = s.file_id"
            f" WHERE fts MATCH ? AND {_VISIBLE} ORDER BY s.file_id, s.ord",
            (match,),
        )
        return [(row[0], row[1], Section(*row[2:])) for row in rows]

    def labels(self) -> dict[str, str]:
        """Return every file name, title and alias, by lookup key."""
        rows = self.conn.execute("SELECT DISTINCT norm, label FROM names WHERE rank <= 2")
        return {norm: label for norm, label in rows}

    def monograph(self, file_id: int) -> Monograph | None:
        """Read one monograph back."""
        db = self.conn
        row = db.execute(
            "SELECT d.name, d.root, d.rel, d.aliases, e.metadata, e.faqs"
            " FROM docs d JOIN extras e USING (file_id) WHERE d.file_id = ?",
            (file_id,),
        ).fetchone()
        if row is None:
            return None
        name, root, rel, aliases, metadata, faqs = row
        sections = [
            Section(key, title, text, component)
            for key, title, component, text in db.execute(
                "SELECT key, title, component, text FROM sections WHERE file_id = ? ORDER BY ord",
                (file_id,),
            )
        ]
        return Monograph(
            name=name,
            path=rel,  # cleaned when stored: file names are untrusted text too
            dir=self.shown_roots[root],
            aliases=json.loads(aliases),
            metadata=json.loads(metadata),
            sections=sections,
            faqs=[Faq(q, a) for q, a in json.loads(faqs)],
        )

    def entries(self) -> list[Entry]:
        """Return every visible monograph as a listing entry, by name."""
        # With one directory nothing can be hidden: no subquery per row.
        visible = f"WHERE {_VISIBLE}" if len(self.roots) > 1 else ""
        rows = self.conn.execute(
            "SELECT d.name, d.root, d.rel, d.aliases, d.drug_class, d.keys, d.labeler, d.kind,"
            f" d.effective, d.set_id FROM docs d {visible} ORDER BY d.fold, d.root, d.rel"
        )
        roots = self.shown_roots  # paths were cleaned when stored
        return [
            Entry(
                n,
                rel,
                roots[root],
                json.loads(a) if a != "[]" else [],
                cls,
                keys,
                label=((labeler, kind, effective, set_id) if set_id else None),
            )
            for n, root, rel, a, cls, keys, labeler, kind, effective, set_id in rows
        ]

    def names(self) -> list[str]:
        """Return the name of every visible monograph, in listing order."""
        visible = f"WHERE {_VISIBLE}" if len(self.roots) > 1 else ""
        sql = f"SELECT d.name FROM docs d {visible} ORDER BY d.fold, d.root, d.rel"
        return [row[0] for row in self.conn.execute(sql)]

    def visible(self) -> list[tuple[int, int, str]]:
        """Return file id, root and path on disk of every visible monograph, in that order."""
        return self.conn.execute(
            "SELECT d.file_id, f.root, f.rel FROM docs d JOIN files f ON f.id = d.file_id"
            f" WHERE {_VISIBLE} ORDER BY f.root, f.rel"
        ).fetchall()

    def search(self, match: str, limit: int) -> list[Hit]:
        """Return the sections an FTS5 query matches, best first, with snippets.

        Ranking runs inside FTS5 alone; snippets are built only for the hits shown.
        """
        db = self.conn
        if len(self.roots) > 1:
            ranked = db.execute(
                f"SELECT fts.rowid, {_BM25} AS score FROM fts"
                " JOIN sections s ON s.id = fts.rowid JOIN docs d ON d.file_id = s.file_id"
                f" WHERE fts MATCH ? AND {_VISIBLE} ORDER BY score LIMIT ?",
                (match, limit),
            ).fetchall()
        else:  # one directory: nothing can be hidden, so no join per match
            ranked = db.execute(
                f"SELECT rowid, {_BM25} AS score FROM fts WHERE fts MATCH ? ORDER BY score LIMIT ?",
                (match, limit),
            ).fetchall()
        if not ranked:
            return []
        ids = ",".join(str(int(rowid)) for rowid, _ in ranked)
        snippets = dict(
            db.execute(
                f"SELECT rowid, snippet(fts, 2, '{MARK_START}', '{MARK_END}', '…', 16)"
                f" FROM fts WHERE fts MATCH ? AND rowid IN ({ids})",
                (match,),
            ).fetchall()
        )
        rows = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT s.id, s.file_id, d.name, d.rel, s.key, s.title, s.component"
                f" FROM sections s JOIN docs d ON d.file_id = s.file_id WHERE s.id IN ({ids})"
            )
        }
        hits = []
        for rowid, score in ranked:
            file_id, name, rel, key, title, component = rows[rowid]
            snippet = snippets.get(rowid, "")
            hit = Hit(name, rel, key, title, component, snippet, round(-score, 3))
            hit.file_id = file_id
            hits.append(hit)
        return hits

    def skipped(self) -> list[tuple[int, str, str]]:
        """Return the files that could not be read or parsed: root, path, reason."""
        sql = "SELECT root, rel, error FROM files WHERE error IS NOT NULL ORDER BY root, rel"
        return self.conn.execute(sql).fetchall()

    def counts(self) -> dict[str, int]:
        """Return how many files, monographs and sections the database holds."""
        tables = {"files": "files", "monographs": "docs", "sections": "sections"}
        sql = ", ".join(f"(SELECT count(*) FROM {table})" for table in tables.values())
        return dict(zip(tables, self.conn.execute(f"SELECT {sql}").fetchone(), strict=True))
