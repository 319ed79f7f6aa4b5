"""The questions medinfo answers, over a fresh index: find, show, list, search, export."""

from __future__ import annotations

import os
import sqlite3
import sys

from medinfo.errors import USAGE, MedinfoError, NotFound
from medinfo.index import Index, Stats, is_corruption, name_keys
from medinfo.model import section_label
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any, TypeVar

    from medinfo.model import Monograph

    T = TypeVar("T")

# Markers around matched words in snippets: control characters never survive the
# parser's cleaning, so they cannot be forged by a monograph.
MARK_START = "\x02"
MARK_END = "\x03"

# bm25 weights for (name, section title, text, key): a word in the drug's name says
# the most about relevance, then a section title, then running text; the key column
# only filters.
_BM25 = "bm25(fts, 10.0, 3.0, 1.0, 0.0)"
# A monograph is hidden when an earlier directory holds one of the same name.
_VISIBLE = "NOT EXISTS (SELECT 1 FROM docs e WHERE e.fold = d.fold AND e.root < d.root)"


class Entry:
    """One monograph in a listing."""

    __slots__ = ("aliases", "dir", "drug_class", "keys", "name", "path")

    def __init__(
        self,
        name: str,
        path: str,
        dir: str,
        aliases: list[str],
        drug_class: str | None,
        keys: list[str],
    ) -> None:
        self.name = name
        self.path = clean(path)  # file names are untrusted text too
        self.dir = dir
        self.aliases = aliases
        self.drug_class = drug_class
        self.keys = keys

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the entry."""
        return {
            "name": self.name,
            "path": self.path,
            "dir": self.dir,
            "aliases": self.aliases,
            "drug_class": self.drug_class,
            "sections": self.keys,
        }


class Hit:
    """One search result: a section of a monograph, with a snippet around the match."""

    __slots__ = ("component", "file_id", "key", "name", "path", "score", "snippet", "title")

    def __init__(
        self,
        name: str,
        path: str,
        key: str,
        title: str,
        component: str | None,
        snippet: str,
        score: float,
    ) -> None:
        self.name = name
        self.path = clean(path)
        self.key = key
        self.title = title
        self.component = component
        self.snippet = snippet
        self.score = score
        self.file_id = 0  # which file to check for freshness before showing the hit

    @property
    def section(self) -> str:
        """Return the section's title with its component, for display."""
        return section_label(self.title, self.component)

    def plain_snippet(self) -> str:
        """Return the snippet on one line, without match markers."""
        text = self.snippet.replace(MARK_START, "").replace(MARK_END, "")
        return " ".join(text.split())

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the hit."""
        return {
            "name": self.name,
            "path": self.path,
            "section": self.key,
            "title": self.title,
            "component": self.component,
            "snippet": self.plain_snippet(),
            "score": self.score,
        }


def bundled_dir() -> str:
    """Return the monograph collection shipped with medinfo."""
    here = os.path.dirname(os.path.realpath(__file__))
    installed = os.path.join(here, "monographs")
    if os.path.isdir(installed):
        return installed
    # A source checkout or an editable install: the collection beside src/.
    return os.path.join(os.path.dirname(os.path.dirname(here)), "monographs")


def cache_dir() -> str:
    """Return where indexes are kept: MEDINFO_CACHE_DIR, else the user cache directory."""
    override = os.environ.get("MEDINFO_CACHE_DIR")
    if override:
        return os.path.expanduser(override)
    if sys.platform.startswith(("linux", "freebsd")):
        # The XDG rule platformdirs applies here, without its 15 ms import on every call.
        xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
        base = (
            xdg if xdg and os.path.isabs(xdg) else os.path.join(os.path.expanduser("~"), ".cache")
        )
        return os.path.join(base, "medinfo")
    import platformdirs

    return platformdirs.user_cache_dir("medinfo", appauthor=False)


def resolve_dirs(dirs: list[str] | None) -> list[str]:
    """Return the monograph directories to use: --dir, else MEDINFO_PATH, else bundled."""
    if not dirs:
        env = os.environ.get("MEDINFO_PATH", "")
        dirs = [d for d in env.split(os.pathsep) if d.strip()]
    if not dirs:
        return [bundled_dir()]
    roots: list[str] = []
    for given in dirs:
        path = os.path.expanduser(given)
        if not os.path.exists(path):
            raise MedinfoError(f"directory not found: {given}", USAGE)
        if not os.path.isdir(path):
            raise MedinfoError(f"not a directory: {given}", USAGE)
        resolved = os.path.realpath(path)
        if resolved not in roots:
            roots.append(resolved)
    return roots


class Library:
    """A set of monograph directories and the index that answers questions about them."""

    def __init__(
        self,
        dirs: list[str] | None = None,
        cache: str | os.PathLike[str] | None = None,
        progress: Callable[[int, int], Callable[[int], None] | None] | None = None,
    ) -> None:
        self.roots = resolve_dirs(dirs)
        self.index = Index(self.roots, cache if cache is not None else cache_dir())
        self.index.progress = progress
        self._opened = False

    def open(self, rebuild: bool = False, sweep: bool = False, verify: bool = False) -> Library:
        """Open the index, building or refreshing it."""
        self.index.open(rebuild=rebuild, sweep=sweep)
        if verify and not self.index.stats.rebuilt:  # a new build has just read every file
            self._guard(lambda: self.index.refresh(verify=True))
        self._opened = True
        return self

    @property
    def stats(self) -> Stats:
        """Return what building and refreshing did during this call."""
        return self.index.stats

    def _guard(self, action: Callable[[], T]) -> T:
        """Run a read; if the database turns out to be damaged, rebuild it and run it again."""
        if not self._opened:
            self.open()
        try:
            return action()
        except sqlite3.DatabaseError as exc:
            if not is_corruption(exc):
                raise
            self.index.recover()
            return action()

    # -- names -------------------------------------------------------------------

    def find(self, name: str) -> int:
        """Return the file id of the monograph a name means; raise NotFound with suggestions."""
        whole, words = name_keys(name)
        if not whole:
            raise MedinfoError("empty drug name", USAGE)
        rows = self._guard(
            lambda: self.index.query(
                "SELECT n.file_id FROM names n JOIN files f ON f.id = n.file_id"
                " WHERE n.norm IN (?, ?) ORDER BY n.norm = ? DESC, f.root, n.rank, f.rel LIMIT 1",
                (whole, words or whole, whole),
            )
        )
        if rows:
            return int(rows[0][0])
        suggestions = self.suggest(name)
        hint = "did you mean: " + ", ".join(suggestions) + "?" if suggestions else None
        raise NotFound(f"no monograph found for '{name}'", hint)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Return names close to a misspelt or partial one."""
        from rapidfuzz import fuzz, process

        whole, _ = name_keys(name)
        rows = self._guard(
            lambda: self.index.query("SELECT DISTINCT norm, label FROM names WHERE rank <= 2")
        )
        labels = {norm: label for norm, label in rows}
        found = [
            labels[norm]
            for _, _, norm in process.extract(
                whole,
                {norm: norm for norm in labels},
                scorer=fuzz.WRatio,
                limit=limit,
                score_cutoff=75,
            )
        ]
        if len(whole) >= 4:
            found += sorted(label for norm, label in labels.items() if whole in norm)[:limit]
        return list(dict.fromkeys(found))[:limit]

    # -- questions ---------------------------------------------------------------

    def show(self, name: str) -> Monograph:
        """Return the monograph a name means, as its file says now."""

        def read() -> Monograph:
            file_id = self.find(name)
            if self.index.verify([file_id]):
                file_id = self.find(name)  # the file changed: its names may have, too
            monograph = self.index.monograph(file_id)
            if monograph is None:
                raise NotFound(f"no monograph found for '{name}'")
            return monograph

        return self._guard(read)

    def entries(
        self, pattern: str | None = None, section: str | None = None, missing: str | None = None
    ) -> list[Entry]:
        """Return the monographs whose name or alias matches pattern, filtered by sections."""
        import json

        rows = self._guard(
            lambda: self.index.query(
                f"SELECT d.name, d.root, d.rel, d.aliases, d.metadata, d.keys FROM docs d"
                f" WHERE {_VISIBLE} ORDER BY d.fold, d.root, d.rel"
            )
        )
        match = _matcher(pattern)
        result: list[Entry] = []
        for name, root, rel, aliases, metadata, keys in rows:
            alias_list = json.loads(aliases)
            key_list = keys.split()
            if section and section not in key_list:
                continue
            if missing and missing in key_list:
                continue
            if match and not any(match(n) for n in (name, rel, *alias_list)):
                continue
            drug_class = json.loads(metadata).get("drug_class")
            result.append(
                Entry(
                    name,
                    rel,
                    self.roots[root],
                    alias_list,
                    drug_class if isinstance(drug_class, str) else None,
                    key_list,
                )
            )
        return result

    def search(self, query: str, section: str | None = None, limit: int = 20) -> list[Hit]:
        """Return sections matching a full-text query, best first, as their files say now."""
        match = "{name title text} : (" + fts_query(query) + ")"
        if section:
            match = f'{{key}} : "{section}" AND {match}'

        def run() -> list[Hit]:
            try:
                return self._search(match, limit)
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax" in str(exc) or "no such column" in str(exc):
                    raise MedinfoError(
                        f"cannot search for {query!r}: {exc}",
                        USAGE,
                        'put words in double quotes to search for them as they are, e.g. "C++"',
                    ) from None
                raise

        hits = self._guard(run)
        for _ in range(3):  # files changed under the hits: re-parse them and ask again
            ids = {hit.file_id for hit in hits}
            if not ids or not self._guard(lambda ids=ids: self.index.verify(ids)):
                break
            hits = self._guard(run)
        return hits

    def _search(self, match: str, limit: int) -> list[Hit]:
        """Rank inside FTS5 alone, then build snippets for the few hits shown."""
        if len(self.roots) > 1:
            ranked = self.index.query(
                f"SELECT fts.rowid, {_BM25} AS score FROM fts"
                " JOIN sections s ON s.id = fts.rowid JOIN docs d ON d.file_id = s.file_id"
                f" WHERE fts MATCH ? AND {_VISIBLE} ORDER BY score LIMIT ?",
                (match, limit),
            )
        else:  # one directory: nothing can be hidden, so no join per match
            ranked = self.index.query(
                f"SELECT rowid, {_BM25} AS score FROM fts WHERE fts MATCH ? ORDER BY score LIMIT ?",
                (match, limit),
            )
        if not ranked:
            return []
        ids = ",".join(str(int(rowid)) for rowid, _ in ranked)
        snippets = dict(
            self.index.query(
                f"SELECT rowid, snippet(fts, 2, '{MARK_START}', '{MARK_END}', '…', 16)"
                f" FROM fts WHERE fts MATCH ? AND rowid IN ({ids})",
                (match,),
            )
        )
        rows = {
            row[0]: row[1:]
            for row in self.index.query(
                "SELECT s.id, s.file_id, d.name, d.rel, s.key, s.title, s.component"
                f" FROM sections s JOIN docs d ON d.file_id = s.file_id WHERE s.id IN ({ids})"
            )
        }
        hits = []
        for rowid, score in ranked:
            file_id, name, rel, key, title, component = rows[rowid]
            hit = Hit(name, rel, key, title, component, snippets.get(rowid, ""), round(-score, 3))
            hit.file_id = file_id
            hits.append(hit)
        return hits

    def export(self) -> Iterator[Monograph]:
        """Yield every visible monograph, checked against its file first."""
        rows = self._guard(
            lambda: self.index.query(
                f"SELECT d.file_id FROM docs d WHERE {_VISIBLE} ORDER BY d.root, d.rel"
            )
        )
        for (file_id,) in rows:
            monograph = self._guard(lambda f=file_id: self.index.monograph(f))
            if monograph is not None:
                yield monograph

    def skipped(self) -> list[tuple[str, str]]:
        """Return the files that could not be read or parsed, with the reason."""
        rows = self._guard(
            lambda: self.index.query(
                "SELECT root, rel, error FROM files WHERE error IS NOT NULL ORDER BY root, rel"
            )
        )
        return [(self.index.display(root, rel), error) for root, rel, error in rows]

    def counts(self) -> dict[str, int]:
        """Return how many files, monographs and sections the index holds."""
        rows = self._guard(
            lambda: self.index.query(
                "SELECT (SELECT count(*) FROM files), (SELECT count(*) FROM docs),"
                " (SELECT count(*) FROM sections)"
            )
        )
        files, docs, sections = rows[0]
        return {"files": files, "monographs": docs, "sections": sections}


def _matcher(pattern: str | None) -> Callable[[str], bool] | None:
    """Return a test for names: a glob when the pattern has wildcards, else a substring."""
    if not pattern:
        return None
    from medinfo.text import fold

    if any(ch in pattern for ch in "*?["):
        import fnmatch

        glob = pattern.casefold()
        return lambda name: fnmatch.fnmatchcase(name.casefold(), glob)
    needle = fold(pattern)
    return lambda name: needle in fold(name)


def fts_query(query: str) -> str:
    """Return a user's query as FTS5 syntax: words and "phrases" literal, word* a prefix.

    AND, OR, NOT and parentheses keep their FTS5 meaning; everything else is quoted,
    so "C++", "dose-adjust" or a stray colon never reach FTS5 as syntax.
    """
    import re

    if not query.strip():
        raise MedinfoError("empty search query", USAGE)
    if query.count('"') % 2:
        raise MedinfoError(
            f"unbalanced double quote in query {query!r}", USAGE, "close the quoted phrase"
        )
    parts: list[str] = []
    for token in re.findall(r'"[^"]*"\*?|[()]|[^\s()"]+', query):
        if token in ("AND", "OR", "NOT", "(", ")") or token.startswith('"'):
            parts.append(token)
        elif token.endswith("*") and token.strip("*"):
            parts.append('"' + token.rstrip("*") + '"*')
        else:
            parts.append('"' + token + '"')
    return " ".join(parts)
