"""The SQLite cache of parsed monographs: building, freshness, and reading it back.

One database per set of monograph directories. It is derived data: when it is
missing, corrupt, of another schema version or for other directories, it is
rebuilt; when it cannot be written, an in-memory copy answers instead.

Freshness, cheaply (see README, "How fresh answers are"):
- every call stats the directories (not the files): adding, removing, renaming or
  replacing a file by rename changes its directory's mtime, so only that
  directory is listed again;
- every text shown is checked against its file's content digest right before it
  is shown, and re-parsed if it differs;
- an in-place edit of a file that is not shown is caught by a stat sweep of all
  files at most SWEEP_SECONDS after the last one, or at once by `medinfo index`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time

from medinfo.model import Faq, Monograph, Section
from medinfo.scan import DirStat, FileStat, file_stat, list_dir, read_file, walk
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import Any

SCHEMA_VERSION = 4
SWEEP_SECONDS = 60.0
RACY_SECONDS = 2.0
# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200

_SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE dirs(root INTEGER, rel TEXT, mtime_ns INTEGER, PRIMARY KEY(root, rel));
CREATE TABLE files(
    id INTEGER PRIMARY KEY, root INTEGER, dir TEXT, rel TEXT,
    size INTEGER, mtime_ns INTEGER, ctime_ns INTEGER, ino INTEGER,
    digest BLOB, error TEXT, UNIQUE(root, rel));
CREATE INDEX files_dir ON files(root, dir);
CREATE TABLE docs(
    file_id INTEGER PRIMARY KEY, name TEXT, fold TEXT, root INTEGER, rel TEXT,
    aliases TEXT, metadata TEXT, faqs TEXT, keys TEXT);
CREATE INDEX docs_fold ON docs(fold, root);
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


try:  # the module behind hashlib.blake2b, without hashlib's OpenSSL start-up
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - other Python implementations
    from hashlib import blake2b as _blake2b


def digest(data: bytes) -> bytes:
    """Return the content digest that decides whether a file changed."""
    return _blake2b(data, digest_size=16).digest()


class Parsed:
    """The outcome of reading and parsing one file, ready to store."""

    __slots__ = ("digest", "error", "monograph", "rows", "stat")

    def __init__(
        self, stat: FileStat, fingerprint: bytes, monograph: Monograph | None, error: str | None
    ) -> None:
        self.stat = stat
        self.digest = fingerprint
        self.monograph = monograph
        self.error = error
        self.rows: Any = None  # what _store writes, prepared where the parsing happened


class Stats:
    """What a build or refresh did, for `medinfo index` and for warnings."""

    __slots__ = ("parsed", "rebuilt", "removed", "seconds", "skipped")

    def __init__(self) -> None:
        self.parsed = 0
        self.removed = 0
        self.skipped: list[tuple[str, str]] = []
        self.seconds = 0.0
        self.rebuilt = False


def parse_one(root: str, root_index: int, rel: str) -> Parsed:
    """Read and parse one file; failures become an error reason, never an exception."""
    from medinfo.errors import ParseError
    from medinfo.parser import parse_bytes

    try:
        data, st = read_file(root, rel)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        try:  # keep the real stat, so an unchanged unreadable file is not retried every call
            fs = file_stat(root_index, rel, os.stat(os.path.join(root, rel)))
        except OSError:
            fs = FileStat(root_index, rel, -1, 0, 0, 0)
        return Parsed(fs, b"", None, f"cannot read: {reason}")
    fs = file_stat(root_index, rel, st)
    fingerprint = digest(data)
    try:
        monograph = parse_bytes(data, rel, root)
    except ParseError as exc:
        return Parsed(fs, fingerprint, None, str(exc))
    except (RecursionError, MemoryError, ValueError) as exc:
        return Parsed(fs, fingerprint, None, f"cannot parse: {type(exc).__name__}")
    parsed = Parsed(fs, fingerprint, monograph, None)
    parsed.rows = _rows(parsed)
    parsed.monograph = None  # the rows hold it all: no need to send the text twice
    return parsed


def _parse_batch(batch: list[tuple[str, int, str]]) -> list[Parsed]:
    """Parse a batch of files in a worker process."""
    return [parse_one(root, index, rel) for root, index, rel in batch]


def parse_many(
    roots: list[str], files: list[tuple[int, str]], progress: Callable[[int], None] | None = None
) -> Iterator[Parsed]:
    """Parse files, across all cores when there are many; yield results as they come."""
    jobs = [(roots[index], index, rel) for index, rel in files]
    # The cores this process may use, which in a container can be fewer than the machine's.
    workers = (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        for job in jobs:
            yield parse_one(*job)
            if progress:
                progress(1)
        return
    import multiprocessing

    # Importing the parser before forking lets every worker start with it loaded.
    import medinfo.parser  # noqa: F401

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    context = multiprocessing.get_context(method)
    size = max(8, min(64, len(jobs) // (workers * 16) or 8))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    with context.Pool(workers) as pool:
        for results in pool.imap_unordered(_parse_batch, batches):
            yield from results
            if progress:
                progress(len(results))


def _connect(target: str) -> sqlite3.Connection:
    """Open a database with the settings every connection here needs."""
    conn = sqlite3.connect(target, timeout=10.0, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


def _create(conn: sqlite3.Connection, roots: list[str]) -> None:
    """Create the schema in an empty database."""
    try:
        conn.executescript(_SCHEMA)
    except sqlite3.OperationalError as exc:
        if "fts5" not in str(exc):
            raise
        from medinfo.errors import MedinfoError

        raise MedinfoError(
            f"this Python's SQLite {sqlite3.sqlite_version} has no FTS5 full-text search",
            hint="use a Python built with a SQLite that includes FTS5 (most builds do)",
        ) from None
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.execute("INSERT INTO meta VALUES ('roots', ?)", (json.dumps(roots),))
    conn.execute("INSERT INTO meta VALUES ('sweep', ?)", (str(time.time()),))


def name_keys(name: str) -> tuple[str, str]:
    """Return the two lookup keys of a name: folded whole, and its words sorted.

    The second makes every spelling of a combination meet: "paracetamol + codeine",
    "Paracetamol-Codeine" and "codeine/paracetamol" all give "codeine paracetamol".
    """
    import re

    from medinfo.text import fold

    words = [fold(w) for w in re.split(r"[^\w]+|_", name.casefold())]
    words = [w for w in words if w and w not in ("and", "with")]
    return fold(name), " ".join(sorted(words)) if len(words) > 1 else ""


def _rows(
    item: Parsed,
) -> tuple[tuple[Any, ...], list[tuple[str, int, str]], list[tuple[Any, ...]]]:
    """Return the docs row, name keys and section rows of a parsed file (done in workers)."""
    m = item.monograph
    assert m is not None
    fs = item.stat
    doc = (
        m.name,
        name_keys(m.name)[0],
        fs.root,
        fs.rel,
        json.dumps(m.aliases, ensure_ascii=False),
        json.dumps(m.metadata, ensure_ascii=False),
        json.dumps([[f.question, f.answer] for f in m.faqs], ensure_ascii=False),
        " ".join(dict.fromkeys(s.key for s in m.sections)),
    )
    stem = fs.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    names: list[tuple[str, int, str]] = []
    for rank, label in [(0, stem), (1, m.name)] + [(2, alias) for alias in m.aliases]:
        whole, words = name_keys(label)
        names.append((whole, rank, label))
        if words:
            names.append((words, rank + 3, label))
    sections = [
        (number, s.key, s.title, s.component, m.name, s.text) for number, s in enumerate(m.sections)
    ]
    return doc, [n for n in dict.fromkeys(names) if n[0]], sections


def _store(conn: sqlite3.Connection, item: Parsed, fresh: list[int] | None = None) -> None:
    """Replace what the database holds for one file with a fresh parse."""
    fs = item.stat
    if fresh is None:
        _forget(conn, fs.root, fs.rel)
    parent = fs.rel.rsplit("/", 1)[0] if "/" in fs.rel else ""
    cur = conn.execute(
        "INSERT INTO files(root, dir, rel, size, mtime_ns, ctime_ns, ino, digest, error)"
        " VALUES (?,?,?,?,?,?,?,?,?)",
        (
            fs.root,
            parent,
            fs.rel,
            fs.size,
            fs.mtime_ns,
            fs.ctime_ns,
            fs.ino,
            item.digest,
            item.error,
        ),
    )
    if item.rows is None:
        return
    file_id = cur.lastrowid
    doc, names, sections = item.rows
    conn.execute("INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)", (file_id, *doc))
    conn.executemany(
        "INSERT INTO names VALUES (?,?,?,?)",
        [(norm, file_id, rank, label) for norm, rank, label in names],
    )
    if fresh is not None:
        # Explicit ids let both tables be filled in bulk, while the workers parse on.
        first = fresh[0]
        fresh[0] += len(sections)
        rows = [(first + n, file_id, *row) for n, row in enumerate(sections)]
        conn.executemany(
            "INSERT INTO sections(id, file_id, ord, key, title, component, name, text)"
            " VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )
        conn.executemany(
            "INSERT INTO fts(rowid, name, title, text, key) VALUES (?,?,?,?,?)",
            [(row[0], row[6], row[4], row[7], row[3]) for row in rows],
        )
        return
    for row in sections:
        cur = conn.execute(
            "INSERT INTO sections(file_id, ord, key, title, component, name, text)"
            " VALUES (?,?,?,?,?,?,?)",
            (file_id, *row),
        )
        conn.execute(
            "INSERT INTO fts(rowid, name, title, text, key) VALUES (?,?,?,?,?)",
            (cur.lastrowid, row[4], row[2], row[5], row[1]),
        )


def _forget(conn: sqlite3.Connection, root: int, rel: str) -> None:
    """Remove one file and everything derived from it."""
    row = conn.execute("SELECT id FROM files WHERE root = ? AND rel = ?", (root, rel)).fetchone()
    if row is None:
        return
    file_id = row[0]
    conn.execute(
        "INSERT INTO fts(fts, rowid, name, title, text, key)"
        " SELECT 'delete', id, name, title, text, key FROM sections WHERE file_id = ?",
        (file_id,),
    )
    for table in ("sections", "names"):
        conn.execute(f"DELETE FROM {table} WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM docs WHERE file_id = ?", (file_id,))
    conn.execute("DELETE FROM files WHERE id = ?", (file_id,))


class Index:
    """An open, fresh index over a list of monograph directories."""

    def __init__(self, roots: list[str], cache_dir: str | os.PathLike[str] | None) -> None:
        self.roots = roots
        self.cache_dir = os.fspath(cache_dir) if cache_dir is not None else None
        self.path = (
            os.path.join(self.cache_dir, f"index-{_roots_key(roots)}.sqlite3")
            if self.cache_dir
            else None
        )
        self.conn: sqlite3.Connection | None = None
        self.in_memory = False
        self.stats = Stats()
        self.progress: Callable[[int, int], Callable[[int], None] | None] | None = None

    # -- opening -----------------------------------------------------------------

    def open(self, rebuild: bool = False, sweep: bool = False) -> Index:
        """Open the database, building or refreshing it as needed."""
        try:
            self._open(rebuild, sweep)
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            self.recover()
        return self

    def recover(self) -> None:
        """Throw away a damaged database and build a new one."""
        self.close()
        self._remove_files()
        self._build()

    def _open(self, rebuild: bool, sweep: bool) -> None:
        """Open or build; refresh an existing database."""
        if rebuild:
            self._remove_files()
        if self.path is None or not os.path.exists(self.path):
            self._build()
            return
        self.conn = _connect(self.path)
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        roots = self.conn.execute("SELECT value FROM meta WHERE key = 'roots'").fetchone()
        if version != SCHEMA_VERSION or roots is None or json.loads(roots[0]) != self.roots:
            self.close()
            self._remove_files()
            self._build()
            return
        self.refresh(sweep=sweep)

    def close(self) -> None:
        """Close the connection, if any."""
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _remove_files(self) -> None:
        """Delete the database file and its journals, if they can be deleted."""
        if self.path is None:
            return
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.unlink(f"{self.path}{suffix}")

    # -- building ----------------------------------------------------------------

    def _build(self) -> None:
        """Build the whole index from scratch, atomically replacing any old one."""
        started = time.perf_counter()
        files: list[FileStat] = []
        dirs: list[DirStat] = []
        for index, root in enumerate(self.roots):
            found, found_dirs = walk(index, root)
            files.extend(found)
            dirs.extend(found_dirs)
        tmp = self._temp_path()
        conn = _connect(tmp or ":memory:")
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        _create(conn, self.roots)
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO dirs VALUES (?,?,?)", _settled(dirs))
        self._store_parsed(conn, [(f.root, f.rel) for f in files], fresh=True)
        conn.execute("COMMIT")
        self.stats.rebuilt = True
        if tmp is None:
            self.conn, self.in_memory = conn, True
        else:
            conn.close()
            assert self.path is not None
            os.replace(tmp, self.path)  # atomic: readers keep the file they opened
            self.conn = _connect(self.path)
        self.stats.seconds += time.perf_counter() - started

    def _temp_path(self) -> str | None:
        """Return a new temporary file in the cache directory, or None if it is unwritable."""
        if self.cache_dir is None:
            return None
        import tempfile

        try:
            os.makedirs(self.cache_dir, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".tmp", dir=self.cache_dir)
            os.close(fd)
        except OSError:
            return None
        return tmp

    def _store_parsed(
        self, conn: sqlite3.Connection, files: list[tuple[int, str]], fresh: bool = False
    ) -> None:
        """Parse files and store them, reporting progress on long runs."""
        if not files:
            return
        tick = self.progress(len(files), 0) if self.progress else None
        next_id = [1] if fresh else None
        for item in parse_many(self.roots, files, tick):
            _store(conn, item, next_id)
            self.stats.parsed += 1
            if item.error:
                self.stats.skipped.append((self.display(item.stat.root, item.stat.rel), item.error))

    def display(self, root: int, rel: str) -> str:
        """Return a file's path as a user would write it."""
        return os.path.join(self.roots[root], rel)

    # -- freshness ---------------------------------------------------------------

    def refresh(self, sweep: bool = False, verify: bool = False) -> None:
        """Bring the index up to date with the directories (see the module's notes)."""
        started = time.perf_counter()
        conn = self._db()
        known_dirs = conn.execute("SELECT root, rel, mtime_ns FROM dirs").fetchall()
        changed_files: dict[tuple[int, str], None] = {}
        removed: set[tuple[int, str]] = set()
        new_dirs: list[DirStat] = []
        gone_dirs: list[tuple[int, str]] = []
        known = {(root, rel) for root, rel, _ in known_dirs}
        for root, rel, mtime in known_dirs:
            path = os.path.join(self.roots[root], rel) if rel else self.roots[root]
            try:
                current = os.stat(path).st_mtime_ns
            except OSError:
                gone_dirs.append((root, rel))
                continue
            if current != mtime:
                self._rescan_dir(root, rel, known, changed_files, removed, new_dirs, gone_dirs)
        last = conn.execute("SELECT value FROM meta WHERE key = 'sweep'").fetchone()
        due = last is None or time.time() - float(last[0]) > SWEEP_SECONDS
        if sweep or verify or due:
            self._sweep(changed_files, removed, verify)
        if changed_files or removed or new_dirs or gone_dirs:
            self._write(lambda db: self._apply(db, changed_files, removed, new_dirs, gone_dirs))
        elif due or sweep or verify:
            self._mark_swept()
        self.stats.seconds += time.perf_counter() - started

    def _mark_swept(self) -> None:
        """Record that all files were checked; a read-only cache just checks again next time."""
        try:
            self._db().execute(
                "INSERT OR REPLACE INTO meta VALUES ('sweep', ?)", (str(time.time()),)
            )
        except sqlite3.OperationalError as exc:
            if not _is_readonly(exc) and "locked" not in str(exc):
                raise

    def _rescan_dir(
        self,
        root: int,
        rel: str,
        known: set[tuple[int, str]],
        changed: dict[tuple[int, str], None],
        removed: set[tuple[int, str]],
        new_dirs: list[DirStat],
        gone_dirs: list[tuple[int, str]],
    ) -> None:
        """List one changed directory again and note what was added, changed or removed."""
        root_path = self.roots[root]
        try:
            files, subdirs, mtime = list_dir(root, root_path, rel, os.path.realpath(root_path))
        except OSError:
            gone_dirs.append((root, rel))
            return
        new_dirs.append(DirStat(root, rel, mtime))
        rows = self._db().execute(
            "SELECT rel, size, mtime_ns, ctime_ns, ino FROM files WHERE root = ? AND dir = ?",
            (root, rel),
        )
        stored = {r[0]: tuple(r[1:]) for r in rows}
        for fs in files:
            if stored.pop(fs.rel, None) != (fs.size, fs.mtime_ns, fs.ctime_ns, fs.ino):
                changed[(root, fs.rel)] = None
        removed.update((root, name) for name in stored)
        present = set(subdirs)
        for sub in subdirs:
            if (root, sub) not in known:
                found, found_dirs = walk_under(root, root_path, sub)
                changed.update(((root, f.rel), None) for f in found)
                new_dirs.extend(found_dirs)
        for other_root, other in known:
            parent = other.rsplit("/", 1)[0] if "/" in other else ""
            if other_root == root and other and parent == rel and other not in present:
                gone_dirs.append((root, other))

    def _sweep(
        self,
        changed: dict[tuple[int, str], None],
        removed: set[tuple[int, str]],
        verify: bool,
    ) -> None:
        """Stat every known file (and with verify, compare contents) to catch in-place edits."""
        rows = (
            self._db()
            .execute("SELECT root, rel, size, mtime_ns, ctime_ns, ino, digest FROM files")
            .fetchall()
        )
        for root, rel, size, mtime, ctime, ino, fingerprint in rows:
            path = os.path.join(self.roots[root], rel)
            try:
                st = os.stat(path)
            except OSError:
                removed.add((root, rel))
                continue
            if (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino) != (size, mtime, ctime, ino):
                changed[(root, rel)] = None
            elif verify:
                try:
                    data, _ = read_file(self.roots[root], rel)
                except OSError:
                    changed[(root, rel)] = None
                    continue
                if digest(data) != fingerprint:
                    changed[(root, rel)] = None

    def _apply(
        self,
        conn: sqlite3.Connection,
        changed: dict[tuple[int, str], None],
        removed: set[tuple[int, str]],
        new_dirs: list[DirStat],
        gone_dirs: list[tuple[int, str]],
    ) -> None:
        """Write the changes found by a refresh, inside the caller's transaction."""
        for root, rel in gone_dirs:
            prefix = f"{rel}/" if rel else ""
            rows = conn.execute(
                "SELECT rel FROM files WHERE root = ? AND (dir = ? OR substr(rel, 1, ?) = ?)",
                (root, rel, len(prefix), prefix),
            ).fetchall()
            removed.update((root, r[0]) for r in rows)
            conn.execute(
                "DELETE FROM dirs WHERE root = ? AND (rel = ? OR substr(rel, 1, ?) = ?)",
                (root, rel, len(prefix), prefix),
            )
        conn.executemany("INSERT OR REPLACE INTO dirs VALUES (?,?,?)", _settled(new_dirs))
        for root, rel in removed - set(changed):
            _forget(conn, root, rel)
            self.stats.removed += 1
        self._store_parsed(conn, list(changed))
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('sweep', ?)", (str(time.time()),))

    def _write(self, action: Callable[[sqlite3.Connection], None]) -> None:
        """Run action in a write transaction; fall back to an in-memory copy if read-only."""
        conn = self._db()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if not _is_readonly(exc):
                raise
            conn = self._to_memory()
            conn.execute("BEGIN IMMEDIATE")
        try:
            action(conn)
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            conn.execute("ROLLBACK")
            if not _is_readonly(exc) or self.in_memory:
                raise
            conn = self._to_memory()
            conn.execute("BEGIN IMMEDIATE")
            action(conn)
            conn.execute("COMMIT")

    def _to_memory(self) -> sqlite3.Connection:
        """Copy the database into memory, so changes can be made where the file cannot."""
        memory = _connect(":memory:")
        self._db().backup(memory)
        self.close()
        self.conn, self.in_memory = memory, True
        return memory

    def _db(self) -> sqlite3.Connection:
        """Return the open connection."""
        assert self.conn is not None, "index is not open"
        return self.conn

    # -- reading -----------------------------------------------------------------

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        """Run a read query and return all rows."""
        return self._db().execute(sql, tuple(params)).fetchall()

    def verify(self, file_ids: Iterable[int]) -> bool:
        """Re-parse the given files if their content changed; tell whether any did."""
        ids = ",".join(str(int(i)) for i in file_ids)
        rows = self.query(f"SELECT id, root, rel, digest FROM files WHERE id IN ({ids})")
        stale: dict[tuple[int, str], None] = {}
        removed: set[tuple[int, str]] = set()
        for _, root, rel, fingerprint in rows:
            try:
                data, _ = read_file(self.roots[root], rel)
            except OSError:
                removed.add((root, rel))
                continue
            if digest(data) != fingerprint:
                stale[(root, rel)] = None
        if not stale and not removed:
            return False
        self._write(lambda db: self._apply(db, stale, removed, [], []))
        return True

    def monograph(self, file_id: int) -> Monograph | None:
        """Read one monograph back from the index."""
        row = (
            self._db()
            .execute(
                "SELECT name, root, rel, aliases, metadata, faqs FROM docs WHERE file_id = ?",
                (file_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        name, root, rel, aliases, metadata, faqs = row
        sections = [
            Section(key, title, text, component)
            for key, title, component, text in self._db().execute(
                "SELECT key, title, component, text FROM sections WHERE file_id = ? ORDER BY ord",
                (file_id,),
            )
        ]
        return Monograph(
            name=name,
            path=clean(rel),  # file names are untrusted text too
            dir=self.roots[root],
            aliases=json.loads(aliases),
            metadata=json.loads(metadata),
            sections=sections,
            faqs=[Faq(q, a) for q, a in json.loads(faqs)],
        )


def _settled(dirs: list[DirStat]) -> list[DirStat]:
    """Return dirs with recently modified ones marked for a second look.

    A directory's mtime comes from a coarse clock: an entry added in the same tick
    as the listing would leave it unchanged. A mtime under RACY_SECONDS old is stored
    as 0, so the next call lists that directory again (as git does for racy files).
    """
    cutoff = time.time_ns() - int(RACY_SECONDS * 1e9)
    return [d if d.mtime_ns < cutoff else d._replace(mtime_ns=0) for d in dirs]


def walk_under(root: int, root_path: str, rel: str) -> tuple[list[FileStat], list[DirStat]]:
    """Walk a subdirectory of a root, returning paths relative to the root."""
    files, dirs = walk(root, os.path.join(root_path, rel))
    files = [fs._replace(rel=f"{rel}/{fs.rel}") for fs in files]
    dirs = [ds._replace(rel=f"{rel}/{ds.rel}" if ds.rel else rel) for ds in dirs]
    return files, dirs


def _roots_key(roots: list[str]) -> str:
    """Return a short stable key for a list of directories."""
    return _blake2b("\0".join(roots).encode(), digest_size=8).hexdigest()


def _is_readonly(exc: sqlite3.OperationalError) -> bool:
    """Tell whether an error means the database cannot be written."""
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """Tell whether an error means the database file is damaged (not merely busy)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return False
    return not isinstance(exc, sqlite3.OperationalError) or any(
        word in text for word in ("malformed", "not a database", "no such table", "corrupt")
    )
