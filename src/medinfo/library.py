"""The questions medinfo answers, over a fresh index: find, show, list, search, export."""

from __future__ import annotations

import os
import sqlite3
from functools import partial

from medinfo.answers import Mentions
from medinfo.choice import Candidate, chosen, note, split
from medinfo.errors import USAGE, MedinfoError, NotFound
from medinfo.index import Index, Stats
from medinfo.index.fts import match_expression
from medinfo.model import Listing
from medinfo.releasezip import is_release
from medinfo.scan import check_limits, shown_line
from medinfo.text import fold, name_keys, one_line
from medinfo.versions import kept_elsewhere

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TypeVar

    from medinfo.index import Progress
    from medinfo.index.store import Store
    from medinfo.model import Entry, Hits, Monograph

    T = TypeVar("T")


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
    from medinfo.userdirs import user_dir

    return user_dir("cache")


def resolve_dirs(dirs: list[str] | None) -> list[str]:
    """Return the monograph directories to use: --dir, else MEDINFO_PATH, else bundled."""
    source = "--dir"  # which the messages name: a path from the environment is no typo
    if not dirs:
        env = os.environ.get("MEDINFO_PATH", "")
        dirs = [d for d in env.split(os.pathsep) if d.strip()]
        source = "MEDINFO_PATH"
    if not dirs:
        from medinfo.labelstore import default_dirs

        return default_dirs(bundled_dir())
    roots: list[str] = []
    for given in dirs:
        path, shown = os.path.expanduser(given), shown_line(given)
        if not os.path.exists(path):
            raise MedinfoError(f"directory not found: {shown}", USAGE, f"named by {source}")
        if not os.path.isdir(path) and not is_release(path):
            raise MedinfoError(f"not a directory: {shown}", USAGE, f"named by {source}")
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
        progress: Progress | None = None,
        notify: Callable[[str], None] | None = None,
    ) -> None:
        check_limits()
        self.roots = resolve_dirs(dirs)
        self.index = Index(self.roots, cache if cache is not None else cache_dir())
        self.index.progress = progress
        self.index.notify = notify
        self.notify = notify  # told notes for people: the cache, a name found another way
        self._opened = False

    def open(self, rebuild: bool = False, sweep: bool = False, verify: bool = False) -> Library:
        """Open the index, building or refreshing it."""
        self.index.open(rebuild=rebuild, sweep=sweep)
        self._opened = True
        if verify and not self.index.stats.rebuilt:  # a new build has just read every file
            self._guard(lambda: self.index.refresh(verify=True))
        return self

    @property
    def stats(self) -> Stats:
        """Return what building and refreshing did during this call."""
        return self.index.stats

    def _guard(self, action: Callable[[], T]) -> T:
        """Run a question; if the cache turns out damaged or locked, recover and ask again."""
        if not self._opened:
            self.open()
        try:
            return action()
        except sqlite3.DatabaseError as exc:
            self.index.recover(exc)
            return action()

    def ask(self, question: Callable[[Store], T]) -> T:
        """Ask the index a question, recovering from a damaged or locked cache."""
        return self._guard(lambda: question(self.index.store))

    # -- names -------------------------------------------------------------------

    def find(self, name: str, labeler: str = "", route: str = "", form: str = "") -> int:
        """Return the file id of the monograph a name means; raise NotFound with suggestions.

        When several monographs or labels share the name (or drug), the first of
        medinfo.choice's rule is taken, and a note counts the others by route and form.
        """
        found = self.candidates(name, labeler, route, form)
        if len(found) > 1 and self.notify is not None:
            self.notify(note(name, found, route, form))
        return found[0].file_id

    def names_a_drug(self, name: str) -> bool:
        """Tell whether a name means a monograph as written (no other spelling, no pick)."""
        from medinfo.ndclookup import by_ndc

        found = self._guard(lambda: self.index.store.find(*name_keys(name)))
        return bool(found or by_ndc(self, name))

    def candidates(
        self, name: str, labeler: str = "", route: str = "", form: str = "", every: bool = False
    ) -> list[Candidate]:
        """Return what a name means, show's choice first (every: in every folder); or NotFound."""
        from medinfo.names import drug_key
        from medinfo.versions import of_version, split

        if versioned := split(name):  # SETID@VERSION: one version, current or kept
            return of_version(self, *versioned)
        whole, words = name_keys(name)
        if not whole:
            raise MedinfoError("empty drug name", USAGE)
        drug = drug_key(name)
        # "diclofenac sodium" says more than the drug: what matches it as written first.
        specific = drug.replace(" ", "") != whole

        def look(keys: tuple[str, str], drug: str = "") -> list[Candidate]:
            rows = self._guard(lambda: self.index.store.find(*keys, drug, labeler))
            return [Candidate(row) for row in rows]

        from medinfo.ndclookup import by_ndc, unlisted

        coded = by_ndc(self, name, labeler)  # None unless the name is an NDC or a barcode
        found = coded or look((whole, words), drug)
        if coded is not None and not found:
            raise NotFound(*unlisted(name, labeler))
        if not found and not labeler:
            found, spelled = self._find_spelled(name, look)
            if found and self.notify is not None:
                self.notify(f"note: nothing is named '{name}'; found it as '{spelled}'")
        if found and (route or form):
            found = self._narrowed(name, found, route, form)
        if found:
            return chosen(found, specific, every)
        if labeler:
            raise NotFound(f"no monograph of '{name}' from a labeler named '{labeler}'")
        suggestions = self.suggest(name)
        hint = "did you mean: " + ", ".join(suggestions) + "?" if suggestions else None
        raise NotFound(f"no monograph found for '{name}'", hint)

    def _find_spelled(
        self, name: str, look: Callable[[tuple[str, str]], list[Candidate]]
    ) -> tuple[list[Candidate], str]:
        """Return what another spelling of a name finds (see medinfo.names), and the spelling."""
        from medinfo.names import spellings

        store = self.index.store
        for spelling in spellings(name, lambda word: store.name_of(fold(word))):
            found = look(name_keys(spelling))
            if found:
                return found, spelling
        return [], ""

    def _narrowed(
        self, name: str, found: list[Candidate], route: str, form: str
    ) -> list[Candidate]:
        """Return the labels of the route and form asked for; raise if none is (see choice)."""
        from medinfo.choice import check_words, narrowed

        check_words(route, form, lambda: self._guard(self.index.store.routes_and_forms))
        return narrowed(name, found, route, form)

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Return names close to a misspelt or partial one."""
        from rapidfuzz import fuzz, process

        whole, _ = name_keys(name)
        labels = self._guard(lambda: self.index.store.labels())
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

    def show(self, name: str, labeler: str = "", route: str = "", form: str = "") -> Monograph:
        """Return the monograph a name means (of that labeler, route and form), as it is now."""
        return self.located(name, labeler, route, form)[1]

    def located(
        self, name: str, labeler: str = "", route: str = "", form: str = ""
    ) -> tuple[int, Monograph]:
        """Return the file id and monograph a name means, as its file says now."""

        def read() -> tuple[int, Monograph]:
            try:
                file_id = self.find(name, labeler, route, form)
            except NotFound:  # SETID@VERSION that `medinfo update` keeps: not indexed, no id
                if (kept := kept_elsewhere(self, name)) is None:
                    raise
                return 0, kept
            if self.index.verify([file_id]):
                # The file changed: its names may have, too (said once, above).
                file_id = self.candidates(name, labeler, route, form)[0].file_id
            monograph = self.index.store.monograph(file_id)
            if monograph is None:
                raise NotFound(f"no monograph found for '{name}'")
            return file_id, monograph

        return self._guard(read)

    def entries(
        self,
        pattern: str | None = None,
        section: str | None = None,
        missing: str | None = None,
        labeler: str = "",
        route: str = "",
        form: str = "",
    ) -> list[Entry]:
        """Return the monographs whose name or alias matches pattern, filtered as asked.

        By sections or topics (what `show NAME TOPIC` finds), and for FDA labels by
        labeler, route and dosage form.
        """
        from medinfo.ndclookup import listing_ndc
        from medinfo.sections import TOPIC_KEYS

        coded = listing_ndc(self, pattern) if pattern else None  # the labels listing an NDC
        match = _matcher(pattern) if coded is None else None
        wanted = labeler.casefold()
        # A topic is worked out last, for the monographs the other filters leave.
        has = section if section not in TOPIC_KEYS else None
        lacks = missing if missing not in TOPIC_KEYS else None
        # A name (no wildcard): the few monographs that may hold it read whole, not all.
        folded = fold(pattern) if match and pattern and not any(c in "*?[" for c in pattern) else ""
        ids = self._guard(lambda: self.index.store.holding(folded)) if folded else None
        entries = [
            entry
            for entry in self._guard(lambda: self.index.store.entries(ids))
            if (not wanted or (entry.label and wanted in (entry.label[0] or "").casefold()))
            and (not has or has in entry.keys)
            and not (lacks and lacks in entry.keys)
            and (not match or any(match(n) for n in (entry.name, entry.path, *entry.aliases)))
            and (coded is None or (entry.dir, entry.path) in coded)
        ]
        if route or form:
            entries = self._of_route_and_form(entries, route, form)
        for key, keep in ((section, True), (missing, False)):
            if key in TOPIC_KEYS and entries:
                assert key is not None
                found = self._topic_found(key, {(entry.dir, entry.path) for entry in entries})
                entries = [entry for entry in entries if ((entry.dir, entry.path) in found) == keep]
        return entries

    def _topic_found(self, key: str, among: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """Return directory and path of each of these monographs a topic finds something in."""
        from medinfo.topicindex import ensure

        def found() -> set[tuple[str, str]]:
            ensure(self.index, key, among)
            return self.index.store.topic_found(key) & among

        return self._guard(found)

    def _of_route_and_form(self, entries: list[Entry], route: str, form: str) -> list[Entry]:
        """Return the entries that are FDA labels of the route and form asked for."""
        from medinfo.choice import check_words, has_form, has_route

        check_words(route, form, lambda: self._guard(self.index.store.routes_and_forms))
        shown = self.index.store.shown_roots
        kept = {
            (shown[root], rel)
            for root, rel, routes, forms in self._guard(lambda: self.index.store.routes_and_forms())
            if (not route or has_route(split(routes), route))
            and (not form or has_form(split(routes), split(forms), form))
        }
        return [entry for entry in entries if (entry.dir, entry.path) in kept]

    def listing(
        self,
        pattern: str | None = None,
        section: str | None = None,
        missing: str | None = None,
        labeler: str = "",
        route: str = "",
        form: str = "",
    ) -> Listing:
        """Return the monographs whose name or alias matches pattern, read as they are used."""
        entries = partial(self.entries, pattern, section, missing, labeler, route, form)
        if pattern or section or missing or labeler or route or form:
            # The filters need whole entries anyway.
            return Listing(entries, narrowed=bool(pattern or labeler or route or form))
        return Listing(entries, lambda: self._guard(lambda: self.index.store.names()))

    def between(self, monographs: list[Monograph]) -> Mentions:
        """Return what each of the monographs says about each of the others (medinfo.pairs)."""
        from medinfo.pairs import between

        return between(monographs)

    def mentions(self, name: str) -> Mentions:
        """Return the drugs one names in its text, and those whose text names it (medinfo.pairs)."""
        from medinfo.pairs import mentions

        return mentions(self, name)

    def search(self, query: str, section: str | None = None, limit: int = 20) -> Hits:
        """Return sections matching a full-text query, best first, as their files say now.

        The hits know how many sections matched in all (`total`), beyond the limit.
        """
        from medinfo.sections import TOPIC_KEYS

        match = match_expression(query, section)

        def run() -> Hits:
            try:
                if section in TOPIC_KEYS:  # within what `show NAME TOPIC` quotes
                    from medinfo.topicindex import ensure

                    ensure(self.index, section)
                    return self.index.store.topic_search(match, limit)
                return self.index.store.search(match, limit)
            except sqlite3.OperationalError as exc:
                if "fts5" in str(exc) or "syntax" in str(exc) or "no such column" in str(exc):
                    raise MedinfoError(
                        f"cannot search for {query!r}: {exc}",
                        USAGE,
                        'put words in double quotes to search for them as they are, e.g. "C++"',
                    ) from None
                raise

        hits = self._guard(run)
        for _ in range(3):  # files changed under the hits: read them again and ask again
            ids = {hit.file_id for hit in hits}
            if not ids or not self._guard(partial(self.index.verify, ids)):
                break
            hits = self._guard(run)
        return hits

    def export(self) -> Iterator[Monograph]:
        """Yield every visible monograph, in directory and path order."""
        done: tuple[int, str] = (-1, "")
        while True:
            builds = self.index.builds
            rows = self._guard(lambda: self.index.store.visible())
            for file_id, root, rel in rows:
                if (root, rel) <= done:
                    continue
                monograph = self._guard(partial(self._monograph, file_id))
                if self.index.builds != builds:
                    break  # rebuilt meanwhile (the cache was lost): file ids changed
                done = (root, rel)
                if monograph is not None:
                    yield monograph
            else:
                return

    def _monograph(self, file_id: int) -> Monograph | None:
        """Read one monograph back from the index."""
        return self.index.store.monograph(file_id)

    def skipped(self) -> list[tuple[str, str]]:
        """Return the files that could not be read or parsed, with the reason."""
        rows = self._guard(lambda: self.index.store.skipped())
        return [(self.index.display(root, rel), error) for root, rel, error in rows]

    def counts(self) -> dict[str, int]:
        """Return how many files, monographs and sections the index holds."""
        return self._guard(lambda: self.index.store.counts())

    def empty(self) -> bool:
        """Tell whether the directories hold no monograph at all."""
        return self._guard(lambda: self.index.store.empty())

    def emptiness(self) -> tuple[str, str]:
        """Return what to say of directories that hold no monograph: where, and why."""
        import shlex

        shown = self.index.store.shown_roots
        where = ", ".join(one_line(root) for root in shown)
        files = self.counts()["files"]
        if files:
            found = f"{files} file" + ("s" if files > 1 else "")
            return (
                f"no monographs in {where}: {found} found, none could be read",
                f"`medinfo check {one_line(' '.join(shlex.quote(r) for r in shown))}` says why",
            )
        kinds = "Markdown (.md, .markdown) or FDA label (.xml, .zip) files"
        return f"no monographs in {where}", f"looked for {kinds}, in subfolders too"

    def findings(self) -> list[tuple[int, str, int, str, str]]:
        """Return what parsing noted of each file: root, path, line, rule, message."""
        return self._guard(lambda: self.index.store.findings())

    def name_clashes(self) -> list[tuple[str, int, str, int, str, str]]:
        """Return names two monographs of one directory claim: rule, file, other, name."""
        return self._guard(lambda: self.index.store.name_clashes())


def _matcher(pattern: str | None) -> Callable[[str], bool] | None:
    """Return a test for names: a glob when the pattern has wildcards, else a substring."""
    if not pattern:
        return None
    if any(ch in pattern for ch in "*?["):
        import fnmatch

        glob = pattern.casefold()
        return lambda name: fnmatch.fnmatchcase(name.casefold(), glob)
    needle = fold(pattern)
    return lambda name: needle in fold(name)
