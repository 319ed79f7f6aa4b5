"""The `fetch` and `update` commands: labels from DailyMed into the user's collection.

The only commands that use the network. Labels are downloaded a few at a time (a
public service deserves no more) and each is put in place atomically
(medinfo.fetch.collection), so a failure part-way leaves every label whole.
"""

from __future__ import annotations

import contextlib
import sys

from medinfo.boundary import warn
from medinfo.errors import USAGE, MedinfoError, NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import TypeVar

    from medinfo.fetch.collection import Label
    from medinfo.fetch.dailymed import DailyMed
    from medinfo.request import Request

    T = TypeVar("T")
# Requests at a time, at most.
WORKERS = 3


def _service(timeout: int | None) -> DailyMed:
    """Return the DailyMed endpoints over a client with the chosen timeout."""
    from medinfo.fetch.client import DEFAULT_TIMEOUT, Client
    from medinfo.fetch.dailymed import DailyMed

    return DailyMed(Client(float(timeout) if timeout else DEFAULT_TIMEOUT))


def _root(into: str | None) -> str:
    """Return the collection to write: --into, else the user's label collection."""
    import os

    from medinfo.labelstore import data_dir

    root = os.path.expanduser(into) if into else data_dir()
    if os.path.exists(root) and not os.path.isdir(root):
        from medinfo.scan import shown_line

        raise MedinfoError(f"not a directory: {shown_line(into or root)}", USAGE)
    return root


def _set_ids(service: DailyMed, term: str, limit: int | None) -> tuple[list[str], int]:
    """Return the set ids a term asks for (at most limit), and how many DailyMed has in all."""
    from medinfo.labelstore import is_set_id
    from medinfo.ndc import asked_forms
    from medinfo.ndclookup import refuse_misread

    if is_set_id(term):
        return [term.lower()], 1
    refuse_misread(term)  # a misread barcode is no drug name to ask DailyMed for
    forms = asked_forms(term)
    if forms:
        found: list[str] = []
        for form in forms:
            found += [s for s in _listed(service, "ndc", form, None)[0] if s not in found]
        return (found if limit is None else found[:limit]), len(found)
    return _listed(service, "drug_name", term, limit)


def _listed(service: DailyMed, field: str, value: str, limit: int | None) -> tuple[list[str], int]:
    """Return the set ids of the list for field=value (at most limit) and how many it has."""
    from medinfo.fetch.dailymed import PAGE_SIZE

    size = min(limit or PAGE_SIZE, PAGE_SIZE)
    page = service.labels(field, value, 1, size)
    ids = list(dict.fromkeys(label.set_id for label in page.labels))
    total = page.total
    number = 1
    while page.more and (limit is None or len(ids) < limit):
        number += 1
        page = service.labels(field, value, number, size)
        new = [label.set_id for label in page.labels if label.set_id not in ids]
        if not new:
            break  # a page with nothing new: the list has ended, whatever it says
        ids += new
    return (ids if limit is None else ids[:limit]), max(total, len(ids))


def _a_few_at_a_time(
    ask: Callable[[str], T], set_ids: list[str], tick: Callable[[], None] | None
) -> Iterator[tuple[str, T]]:
    """Yield (set id, answer) for each set id in order, asking a few at a time.

    Daemon threads rather than a ThreadPoolExecutor, whose workers Python waits for at
    exit: Ctrl-C must end medinfo at once, not when the requests under way time out.
    """
    import threading

    answers: dict[int, T] = {}
    failures: dict[int, Exception] = {}
    ready = threading.Condition()
    pending = iter(range(len(set_ids)))
    stopped = threading.Event()

    def work() -> None:
        while not stopped.is_set():
            with ready:
                index = next(pending, None)
            if index is None:
                return
            try:
                answer = ask(set_ids[index])
            except Exception as exc:  # raised in the main thread, in its turn
                with ready:
                    failures[index] = exc
                    ready.notify_all()
                continue
            with ready:
                answers[index] = answer
                ready.notify_all()

    for _ in range(min(WORKERS, len(set_ids))):
        threading.Thread(target=work, daemon=True).start()
    try:
        for index, set_id in enumerate(set_ids):
            with ready:
                while index not in answers and index not in failures:
                    ready.wait()
            if index in failures:
                raise failures[index]
            if tick is not None:
                tick()
            yield set_id, answers.pop(index)
    finally:
        stopped.set()  # no new request; those under way end with their deadline


def _counter(request: Request, total: int) -> Callable[[], None] | None:
    """Return a progress tick for many labels where someone watches, else None."""
    from medinfo.render.progress import Counter, wanted

    if total < 2 or not wanted(request.options):
        return None
    counter = Counter("Fetching labels", total)
    return lambda: counter()


def _json_of(label: Label, old: Label | None) -> dict[str, str | bool]:
    """Return a fetched or updated label as JSON."""
    return {
        "name": label.name,
        "labeler": label.labeler,
        "version": label.version,
        "previous_version": old.version if old is not None else "",
        "set_id": label.set_id,
        "path": label.path,
    }


def fetch(
    request: Request,
    terms: list[str],
    fetch_limit: int,
    all_labels: bool,
    into: str | None,
    timeout: int | None,
) -> int:
    """Download the current labels of names, set ids or NDCs into the collection."""
    from medinfo.fetch.collection import install

    if not terms:
        raise MedinfoError("name a drug, a set id or an NDC to fetch", USAGE)
    root = _root(into)
    service = _service(timeout)
    limit = None if all_labels else fetch_limit
    wanted: list[str] = []
    for term in terms:
        ids, total = _set_ids(service, term, limit)
        if not ids:
            from medinfo.ndc import asked_forms

            kind = "with NDC " if asked_forms(term) else "for "
            raise NotFound(f"DailyMed has no label {kind}'{term}'")
        if total > len(ids):
            import shlex

            more = total - len(ids)
            request.notes.append(
                f"{more} more label{'s' if more > 1 else ''} of '{term}' on DailyMed: "
                f"`medinfo fetch {shlex.quote(term)} --all` fetches every one (or --limit {total})"
            )
        wanted += [set_id for set_id in ids if set_id not in wanted]
    as_json = request.options.format == "json"
    done: list[dict[str, str | bool]] = []
    asked = _a_few_at_a_time(service.label, wanted, _counter(request, len(wanted)))
    with _told_partly(as_json, {"directory": root, "fetched": done}):
        for set_id, data in asked:
            label, old, unchanged = install(root, set_id, data)
            done.append({**_json_of(label, old), "unchanged": unchanged})
            if not as_json:
                # A label already there, byte for byte, was not fetched anew: say so.
                said = "already current" if unchanged else "fetched"
                change = f", was version {old.version}" if old is not None else ""
                sys.stdout.write(
                    f"{said} {label.shown}: version {label.version}{change}, "
                    f"set id {label.set_id}\n"
                )
    if as_json:
        _write_json({"directory": root, "fetched": done})
    return 0


def update(request: Request, dry_run: bool, into: str | None, timeout: int | None) -> int:
    """Download the newer versions of the labels in the collection; name each one."""
    from medinfo.fetch.collection import collection, install

    root = _root(into)
    labels = collection(root)
    if not labels:
        raise NotFound(f"no fetched labels in {root}", "`medinfo fetch NAME` fetches one")
    service = _service(timeout)
    stale: list[tuple[Label, int]] = []
    by_id = {label.set_id: label for label in labels}
    asked = _a_few_at_a_time(service.newest_version, list(by_id), _counter(request, len(labels)))
    for set_id, newest in asked:
        label = by_id[set_id]
        current = int(label.version) if label.version.isdigit() else -1
        if newest is not None and newest > current:
            stale.append((label, newest))
    as_json = request.options.format == "json"
    done: list[dict[str, str | bool]] = []
    if dry_run:
        for label, newest in stale:
            done.append({**_json_of(label, None), "newer_version": str(newest)})
            if not as_json:
                sys.stdout.write(
                    f"{label.shown}: version {label.version} -> {newest} (not fetched: --dry-run)\n"
                )
    else:
        listed = {label.set_id: newest for label, newest in stale}
        fetched = _a_few_at_a_time(service.label, list(listed), _counter(request, len(listed)))
        with _told_partly(as_json, {"directory": root, "updated": done}):
            for set_id, data in fetched:
                new, old, unchanged = install(root, set_id, data)
                if unchanged:  # the history is ahead of the label DailyMed serves: nothing to take
                    warn(
                        f"{new.shown}: DailyMed lists version {listed[set_id]}, "
                        f"but its label is still version {new.version}"
                    )
                    continue
                done.append(_json_of(new, old))
                if not as_json:
                    was = old.version if old is not None else "?"
                    sys.stdout.write(f"{new.shown}: version {was} -> {new.version}\n")
    if as_json:
        key = "would_update" if dry_run else "updated"
        _write_json({"directory": root, key: done})
    if not stale:
        many = len(labels) > 1
        warn(
            f"all {len(labels)} fetched labels are current"
            if many
            else "the fetched label is current"
        )
    return 0


@contextlib.contextmanager
def _told_partly(as_json: bool, document: dict[str, object]) -> Iterator[None]:
    """On a failure partway, still print what was done as JSON, with the error beside it.

    The labels installed before the failure stay in the collection: a script must learn
    of them, as the lines printed so far tell a reader of plain text.
    """
    try:
        yield
    except MedinfoError as exc:
        if as_json and any(value for value in document.values() if isinstance(value, list)):
            _write_json({**document, "error": exc.message})
        raise


def _write_json(document: dict[str, object]) -> None:
    """Write one JSON document to stdout."""
    import json

    sys.stdout.write(json.dumps(document, ensure_ascii=True) + "\n")


# The function behind each command of this module, by the command's name.
HANDLERS: dict[str, Callable[..., int]] = {"fetch": fetch, "update": update}
