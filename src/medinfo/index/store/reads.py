"""What the library asks the index: lookups, listings, search and counts, in SQL."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
import zlib

from medinfo import releasezip
from medinfo.model import MARK_END, MARK_START, Entry, Faq, Hit, Hits, Monograph, Section
from medinfo.text import fold_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

# bm25 weights for (name, section title, text, key): a word in the drug's name says
# the most about relevance, then a section title, then running text; the key column
# only filters.
_BM25 = "bm25({}, 10.0, 3.0, 1.0, 0.0)"
# A monograph is hidden when an earlier directory holds one of the same name, and an
# older version of a label always (schema: docs.current).
_VISIBLE = (
    "d.current AND NOT EXISTS"
    " (SELECT 1 FROM docs e WHERE e.fold = d.fold AND e.root < d.root AND e.current)"
)
# meta's record that a topic is worked out for every visible monograph, by its key
# (Store.mark_topic_done); any write of a monograph drops them all (Store.transaction).
TOPIC_DONE = "topic done "
# A JSON escape of a control character: \t, \u0085 (and a backslash before t, u...).
_ESCAPE = re.compile(r"\\[bfnrtu]")


class Reads:
    """The read statements of the index database, for Store."""

    conn: sqlite3.Connection
    roots: list[str]
    shown_roots: list[str]

    def _visible(self) -> str:
        """Return the condition a visible monograph d meets, as simple as the directories allow."""
        # With one directory nothing can be hidden by name: no subquery per row.
        return _VISIBLE if len(self.roots) > 1 else "d.current"

    def find(
        self, whole: str, words: str, drug: str = "", labeler: str = ""
    ) -> list[tuple[Any, ...]]:
        """Return the monographs a name means (of a labeler), for medinfo.choice.Candidate.

        By its name keys, and, for FDA labels, by the drug key of the name. Each row:
        id, whether the whole name matched, whether the drug did, root, best rank,
        whether it is a label, kind, effective date, version, set id, path, routes, forms.
        """
        # Grouped before docs is read: a monograph matches by two name keys and its
        # drug, and a drug's thousands of labels are read once each, not three times.
        return self.conn.execute(
            "SELECT d.file_id, m.whole, m.drug, d.root, m.rank,"
            " d.drug IS NOT NULL, d.kind, d.effective, d.version, d.set_id, d.rel,"
            " d.routes, d.forms FROM ("
            "  SELECT file_id, max(whole) AS whole, max(drug) AS drug, min(rank) AS rank FROM ("
            "   SELECT file_id, norm = ? AS whole, 0 AS drug, rank FROM names WHERE norm IN (?, ?)"
            "   UNION ALL SELECT file_id, 0, 1, 9 FROM docs WHERE drug = ?"
            "  ) GROUP BY file_id"
            ") m JOIN docs d ON d.file_id = m.file_id"
            " WHERE d.current AND (? = '' OR instr(lower(d.labeler), lower(?)) > 0)",
            (whole, whole, words or whole, drug or None, labeler, labeler),
        ).fetchall()

    def find_ndc(self, keys: list[str], labeler: str = "") -> list[tuple[Any, ...]]:
        """Return the monographs (of a labeler) listing an NDC of these keys, as `find` makes rows.

        Each counted a whole match, and last the smallest of the keys it lists.
        """
        marks = ",".join("?" * len(keys))
        return self.conn.execute(
            "SELECT d.file_id, 1, 0, d.root, 0, d.drug IS NOT NULL, d.kind, d.effective,"
            " d.version, d.set_id, d.rel, d.routes, d.forms, min(n.key) FROM ndcs n JOIN docs d"
            f" ON d.file_id = n.file_id WHERE n.key IN ({marks}) AND d.current"
            " AND (? = '' OR instr(lower(d.labeler), lower(?)) > 0) GROUP BY d.file_id",
            (*keys, labeler, labeler),
        ).fetchall()

    def with_ingredient(self, phrase: str) -> list[tuple[int, str]]:
        """Return root and path of each monograph naming an ingredient with these words.

        phrase is as medinfo.excipients.words makes it: " yellow no 5 ".
        """
        return self.conn.execute(
            "SELECT d.root, d.rel FROM ingredients i JOIN docs d ON d.file_id = i.file_id"
            " WHERE instr(i.words, ?) > 0 AND d.current",
            (phrase,),
        ).fetchall()

    def routes_and_forms(self) -> list[tuple[int, str, str | None, str | None]]:
        """Return root, path, routes and dosage forms of every FDA label."""
        return self.conn.execute(
            "SELECT root, rel, routes, forms FROM docs WHERE drug IS NOT NULL AND current"
        ).fetchall()

    def name_of(self, norm: str) -> str | None:
        """Return the name of the monograph a lookup key names by file name, title or alias."""
        row = self.conn.execute(
            "SELECT d.name FROM names n JOIN docs d ON d.file_id = n.file_id"
            " WHERE n.norm = ? AND n.rank <= 2 AND d.current ORDER BY n.rank, d.root LIMIT 1",
            (norm,),
        ).fetchone()
        return str(row[0]) if row else None

    def naming_terms(self) -> list[tuple[int, str, list[str], str | None, bool]]:
        """Return what names each visible monograph: id, name, aliases, class, if a label."""
        rows = self.conn.execute(
            "SELECT d.file_id, d.name, d.aliases, d.drug_class, d.drug IS NOT NULL FROM docs d"
            f" WHERE {_VISIBLE}"
        )
        return [
            (i, name, json.loads(a) if a != "[]" else [], cls, bool(label))
            for i, name, a, cls, label in rows
        ]

    def candidates(self, ids: list[int], drug: str = "") -> list[tuple[Any, ...]]:
        """Return the monographs of these ids, and the labels of a drug, to choose among.

        Rows as `find` makes them (every one counted a match of the drug, no name
        matched, so of one rank), then the monograph's name and its label's drug key.
        """
        listed = ",".join(str(int(file_id)) for file_id in ids)
        return self.conn.execute(
            "SELECT d.file_id, 0, 1, d.root, 0, d.drug IS NOT NULL, d.kind, d.effective,"
            " d.version, d.set_id, d.rel, d.routes, d.forms, d.name, d.drug"
            " FROM docs d WHERE d.file_id IN ("
            f"  SELECT file_id FROM docs WHERE file_id IN ({listed})"
            "  UNION SELECT file_id FROM docs WHERE drug = ? AND current)",
            (drug or None,),
        ).fetchall()

    def mentioning(self, match: str) -> list[int]:
        """Return the visible monographs with a section an FTS5 expression matches, by id."""
        rows = self.conn.execute(
            "SELECT DISTINCT s.file_id FROM fts JOIN sections s ON s.id = fts.rowid"
            f" JOIN docs d ON d.file_id = s.file_id WHERE fts MATCH ? AND {self._visible()}"
            " ORDER BY s.file_id",
            (match,),
        )
        return [row[0] for row in rows]

    def labels(self) -> dict[str, str]:
        """Return every file name, title and alias, by lookup key."""
        rows = self.conn.execute(
            "SELECT DISTINCT n.norm, n.label FROM names n JOIN docs d ON d.file_id = n.file_id"
            " WHERE n.rank <= 2 AND d.current"
        )
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
        from medinfo.index.packed import section

        found = db.execute("SELECT body FROM bodies WHERE file_id = ?", (file_id,)).fetchone()
        sections = []
        for key, title, component, *place in db.execute(
            "SELECT key, title, component, at, plain_at, blocks_at, stop FROM sections"
            " WHERE file_id = ? ORDER BY ord",
            (file_id,),
        ):
            try:
                text, blocks = section(found[0], *place)
            except zlib.error:  # damaged where SQLite cannot see it: a damaged cache all the same
                raise sqlite3.DatabaseError(
                    "database disk image is malformed: packed sections cannot be unpacked"
                ) from None
            sections.append(Section(key, title, text, component, blocks))
        return Monograph(
            name=name,
            path=rel,  # cleaned when stored: file names are untrusted text too
            dir=self.shown_roots[root],
            aliases=json.loads(aliases),
            metadata=json.loads(metadata),
            sections=sections,
            faqs=[Faq(q, a) for q, a in json.loads(faqs)],
        )

    def entries(self, ids: list[int] | None = None) -> list[Entry]:
        """Return every visible monograph (of these ids) as a listing entry, by name."""
        visible = f"WHERE {self._visible()}"
        if ids is not None:
            visible += f" AND d.file_id IN ({','.join(str(int(i)) for i in ids)})"
        rows = self.conn.execute(
            "SELECT d.name, d.root, d.rel, d.aliases, d.drug_class, d.keys, d.labeler, d.kind,"
            " d.effective, d.set_id, d.routes, d.forms"
            f" FROM docs d {visible} ORDER BY d.fold, d.root, d.rel"
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
                routes=routes.split("\n") if routes else None,
                forms=forms.split("\n") if forms else None,
            )
            for n, root, rel, a, cls, keys, labeler, kind, effective, set_id, routes, forms in rows
        ]

    def holding(self, key: str) -> list[int] | None:
        """Return the ids of the visible monographs whose name, path or an alias may hold key.

        key is a lookup key (medinfo.text.fold). Every monograph whose folded name, path
        or alias holds it is returned, and a few whose aliases hold it only run together;
        None when that cannot be told so (a line break in a field, a control character
        in an alias), or when more than half of them may: then every monograph may.
        """
        visible = self._visible()
        # Names, paths and aliases (JSON) of every monograph, a line each, as three
        # strings (and the ids as a fourth): folded and searched in a few C calls each,
        # not a Python call a row.
        count, ids, *fields = self.conn.execute(
            "SELECT count(*), group_concat(d.file_id), group_concat(d.fold, char(10)),"
            " group_concat(d.rel, char(10)), group_concat(d.aliases, char(10))"
            f" FROM docs d WHERE {visible}"
        ).fetchone()
        if not count:
            return []
        if any(f is None or f.count("\n") != count - 1 for f in fields):
            return None  # a line break in a path: lines are not monographs
        # An escaped control character would put letters between two of an alias's (an
        # escaped quote or backslash folds away as they do): every monograph is read then.
        if _ESCAPE.search(fields[2]):
            return None
        wanted, rows = key.encode(), set()
        for field in fields:
            folded = fold_lines(field)
            line, seen, at = 0, 0, folded.find(wanted)  # line: the line breaks before at
            while at >= 0:
                line += folded.count(b"\n", seen, at)
                rows.add(line)
                if 2 * len(rows) > count:  # most of them: reading them all is quicker
                    return None
                seen = folded.find(b"\n", at) + 1  # on from the next line
                if not seen:
                    break
                line, at = line + 1, folded.find(wanted, seen)
        listed = ids.split(",")
        return [int(listed[row]) for row in sorted(rows)]

    def names_in_order(self) -> list[str]:
        """Return the name of every visible monograph, in listing order, read from docs."""
        visible = f"WHERE {self._visible()}"
        sql = f"SELECT d.name FROM docs d {visible} ORDER BY d.fold, d.root, d.rel"
        return [row[0] for row in self.conn.execute(sql)]

    def visible(self) -> list[tuple[int, int, str]]:
        """Return file id, root and path on disk of every visible monograph, in that order."""
        return self.conn.execute(
            "SELECT d.file_id, f.root, f.rel FROM docs d JOIN files f ON f.id = d.file_id"
            f" WHERE {self._visible()} ORDER BY f.root, f.rel"
        ).fetchall()

    def search(self, match: str, limit: int) -> Hits:
        """Return the sections an FTS5 query matches, best first, with snippets, and their total.

        Ranking runs inside FTS5 alone; snippets are built only for the hits shown;
        the matches are counted only when there are more than the limit.
        """
        with self._snapshot():
            hits = self._hits("fts", "sections", "s.component", match, limit)
            # A label's product data names its inactive ingredients as no section may
            # ("FD&C Yellow No. 6" where the text says "yellow #6"): found beside them.
            listed = self._hits("ingredient_fts", "ingredients", "NULL", match, limit)
        if not listed:
            return hits
        both = sorted([*hits, *listed], key=lambda hit: -hit.score)[:limit]
        return Hits(both, total=hits.total + listed.total)

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[None]:
        """Read in one transaction: what another process commits meanwhile waits for its end.

        A search ranks, counts, quotes and names its hits in four statements: they must
        all see the same index, or a hit ranked may be gone when it is named.
        """
        db = self.conn
        if db.in_transaction:  # inside a write: it sees one state already
            yield
            return
        db.execute("BEGIN")
        try:
            yield
        finally:
            db.execute("COMMIT")

    def _hits(self, fts: str, table: str, component: str, match: str, limit: int) -> Hits:
        """Return the rows of a table its FTS5 table matches, best first, as hits."""
        db = self.conn
        if len(self.roots) > 1:  # a monograph of an earlier directory hides one of its name
            matching = (
                f"FROM {fts} JOIN {table} s ON s.id = {fts}.rowid"
                f" JOIN docs d ON d.file_id = s.file_id WHERE {fts} MATCH ? AND {_VISIBLE}"
            )
        else:  # one directory: the search tables hold current versions alone (schema)
            matching = f"FROM {fts} WHERE {fts} MATCH ?"
        ranked = db.execute(
            f"SELECT {fts}.rowid, {_BM25.format(fts)} AS score {matching} ORDER BY score LIMIT ?",
            (match, limit),
        ).fetchall()
        if not ranked:
            return Hits()
        total = len(ranked)
        if total == limit:  # there may be more: count them, without ranking them
            total = db.execute(f"SELECT count(*) {matching}", (match,)).fetchone()[0]
        ids = ",".join(str(int(rowid)) for rowid, _ in ranked)
        snippets = dict(
            db.execute(
                f"SELECT rowid, snippet({fts}, 2, '{MARK_START}', '{MARK_END}', '…', 16)"
                f" FROM {fts} WHERE {fts} MATCH ? AND rowid IN ({ids})",
                (match,),
            ).fetchall()
        )
        rows = {
            row[0]: row[1:]
            for row in db.execute(
                f"SELECT s.id, s.file_id, d.name, d.rel, s.key, s.title, {component}"
                f" FROM {table} s JOIN docs d ON d.file_id = s.file_id WHERE s.id IN ({ids})"
            )
        }
        hits = Hits(total=total)
        for rowid, score in ranked:
            file_id, name, rel, key, title, part = rows[rowid]
            hit = Hit(name, rel, key, title, part, snippets.get(rowid, ""), round(-score, 3))
            hit.file_id = file_id
            hits.append(hit)
        return hits

    def topic_done(self, key: str, stamp: str) -> bool:
        """Tell whether every visible monograph has a topic worked out by these rules."""
        row = self.conn.execute(
            "SELECT value FROM meta WHERE key = ?", (TOPIC_DONE + key,)
        ).fetchone()
        return row is not None and row[0] == stamp

    def topic_lacking(self, key: str, stamp: str) -> list[tuple[int, bytes, str, str]]:
        """Return each visible monograph a topic has not been worked out for.

        Id, digest, directory (as shown) and path; every monograph when the rows kept
        were made by other rules (another stamp).
        """
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'topics'").fetchone()
        kept = "" if row is not None and row[0] == stamp else " AND 0"
        visible = self._visible()
        rows = self.conn.execute(
            "SELECT d.file_id, f.digest, d.root, d.rel FROM docs d JOIN files f ON f.id = d.file_id"
            f" WHERE {visible} AND NOT EXISTS (SELECT 1 FROM topics t"
            f"  WHERE t.key = ? AND t.file_id = d.file_id{kept}) ORDER BY d.file_id",
            (key,),
        )
        roots = self.shown_roots
        return [(file_id, digest, roots[root], rel) for file_id, digest, root, rel in rows]

    def topic_found(self, key: str) -> set[tuple[str, str]]:
        """Return directory (as shown) and path of each monograph a topic finds something in."""
        roots = self.shown_roots
        rows = self.conn.execute(
            "SELECT d.root, d.rel FROM topics t JOIN docs d ON d.file_id = t.file_id"
            " WHERE t.key = ? AND t.plain != '' AND d.current",
            (key,),
        )
        return {(roots[root], rel) for root, rel in rows}

    def topic_search(self, match: str, limit: int) -> Hits:
        """Return the topic passages an FTS5 query matches, best first, with snippets and total."""
        with self._snapshot():
            return self._hits("topic_fts", "topics", "NULL", match, limit)

    def kept_versions(self) -> tuple[int, int]:
        """Return how many older versions are kept, and of how many set ids."""
        row = self.conn.execute(
            "SELECT count(*), count(DISTINCT set_id) FROM docs WHERE current = 0"
        ).fetchone()
        return int(row[0]), int(row[1])

    def versions(self, set_id: str) -> list[tuple[Any, ...]]:
        """Return every version kept of a set id, newest first, as `candidates` makes rows."""
        return self.conn.execute(
            "SELECT d.file_id, 1, 0, d.root, 0, d.drug IS NOT NULL, d.kind, d.effective,"
            " d.version, d.set_id, d.rel, d.routes, d.forms, d.name, d.drug FROM docs d"
            " WHERE d.set_id = ? ORDER BY d.current DESC, CAST(d.version AS INTEGER) DESC,"
            " d.effective DESC, d.root, d.rel",
            (set_id,),
        ).fetchall()

    def loose_files(self) -> list[tuple[int, str, int, int, int, int, bytes]]:
        """Return the stored files but the labels inside release zips, as Store.files does."""
        # A path that holds ".zip:" (ASCII letters lowercased) is a label inside a
        # release (medinfo.releasezip.split): a release's tens of thousands are left in
        # SQLite, not returned to be told apart one by one.
        inside = ".zip" + releasezip.SEP
        return self.conn.execute(
            "SELECT root, rel, size, mtime_ns, ctime_ns, ino, digest FROM files"
            " WHERE substr(rel, 1, 1) != ? AND instr(lower(rel), ?) = 0",
            (releasezip.SEP, inside),
        ).fetchall()

    def skipped(self) -> list[tuple[int, str, str]]:
        """Return the files that could not be read or parsed: root, path, reason."""
        sql = "SELECT root, rel, error FROM files WHERE error IS NOT NULL ORDER BY root, rel"
        return self.conn.execute(sql).fetchall()

    def empty(self) -> bool:
        """Tell whether the database holds no monograph at all."""
        return not self.conn.execute("SELECT 1 FROM docs LIMIT 1").fetchone()

    def counts(self) -> dict[str, int]:
        """Return how many files, monographs and sections the database holds."""
        tables = {"files": "files", "monographs": "docs", "sections": "sections"}
        sql = ", ".join(f"(SELECT count(*) FROM {table})" for table in tables.values())
        return dict(zip(tables, self.conn.execute(f"SELECT {sql}").fetchone(), strict=True))

    def names_from(self, start: str) -> list[tuple[str, int, str]]:
        """Return key, rank and label of each file name, title and alias whose key begins start."""
        # A range of the index names_norm: every key that starts with start sorts
        # between start and start with its last character one higher.
        end = start[:-1] + chr(ord(start[-1]) + 1)
        return self.conn.execute(
            "SELECT n.norm, n.rank, n.label FROM names n JOIN docs d ON d.file_id = n.file_id"
            " WHERE n.norm >= ? AND n.norm < ? AND n.rank <= 2 AND d.current",
            (start, end),
        ).fetchall()

    def labelers(self) -> list[str]:
        """Return the name of every FDA label's labeler, once each."""
        rows = self.conn.execute("SELECT DISTINCT labeler FROM docs WHERE labeler IS NOT NULL")
        return [row[0] for row in rows]
