"""Topics in every monograph at once, for listings and search: worked out once, kept in the index.

`list --section pregnancy`, `list --missing renal` and `search QUERY --section renal`
need what `show NAME TOPIC` would quote for every monograph. A topic takes about a
millisecond a monograph (3,204 monographs: 2 to 10 s a topic, 70 s for all twelve),
so it is worked out the first time a listing or search asks for it, across all cores,
and kept in the index (its rows go when their file changes, and all of them when the
rules do); later calls read it. Building the index does not pay for topics nobody asks for.
"""

from __future__ import annotations

import os
from functools import partial

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from medinfo.index import Index
    from medinfo.index.store import Store
    from medinfo.model import Monograph

# Below this many monographs, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200
# Rows kept per write transaction: other processes never wait long for the lock.
CHUNK = 500
# The modules whose rules decide what a topic quotes: a change to one of them makes
# the kept rows out of date.
_RULES = (
    "topicindex.py",  # topic_text: what of an answer is kept, and how
    "topics.py",
    "topicrules.py",
    "drugwords.py",
    "organwords.py",
    "textunits.py",
    "excerpt.py",
    "answers.py",
    "sections.py",
    "readers/blocks.py",
)


def rules_stamp() -> str:
    """Return a stamp of the topic rules in use, which changes whenever one of them does."""
    import hashlib

    here = os.path.dirname(__file__)
    parts = []
    for name in _RULES:
        try:
            with open(os.path.join(here, name), "rb") as file:
                content = file.read()
        except OSError:
            parts.append(f"{name}:?")
            continue
        # By what the rules say, not when their files were written: installing the
        # same release again keeps every topic worked out (minutes each for 50,000
        # labels). 115 kB read and hashed: 0.2 ms a call.
        parts.append(f"{name}:{hashlib.sha256(content).hexdigest()[:16]}")
    return " ".join(parts)


def topic_text(monograph: Monograph, key: str) -> str:
    """Return what `show NAME TOPIC` quotes of a monograph as plain text, parts by blank lines."""
    from medinfo.answers import Gathered
    from medinfo.readers.blocks import plain_text
    from medinfo.topics import answer

    parts: list[str] = []
    for part in answer(monograph, [key])[0]:
        if isinstance(part, Gathered):
            parts.extend(quote.text for quote in part.quotes)
        else:
            parts.append(part.text)
    # Plain, as the sections' searched text is: a snippet never shows "**" or "<br>".
    return "\n\n".join(plain_text(text) for text in parts if text.strip())


def ensure(index: Index, key: str, among: set[tuple[str, str]] | None = None) -> None:
    """Work out a topic for each visible monograph the index has not kept it for, and keep it.

    among: only these monographs (directory as shown, path), those a listing's other
    filters leave.
    """
    stamp = rules_stamp()
    if index.store.topic_done(key, stamp):  # one row read, not a probe per monograph
        return
    for _ in range(2):  # a cache that refuses the write is read into memory: once more there
        lacking = [
            (file_id, digest)
            for file_id, digest, root, rel in index.store.topic_lacking(key, stamp)
            if among is None or (root, rel) in among
        ]
        refused = _work_out(index, key, stamp, lacking) if lacking else None
        if not refused:
            if among is None:  # every monograph has it now: said in one row
                index.write(partial(_done, key=key, stamp=stamp))
            return
        index.build(memory_because=refused)


def _work_out(index: Index, key: str, stamp: str, lacking: list[tuple[int, bytes]]) -> str | None:
    """Work out a topic for these monographs (id, digest) and keep it; return why not kept."""
    from medinfo.sections import TITLES

    digests = dict(lacking)
    tick = index.progress(len(lacking), 0) if index.progress else None
    refused = None
    try:
        found = _texts(index, [file_id for file_id, _ in lacking], key)
        while chunk := [row for _, row in zip(range(CHUNK), found, strict=False)]:
            rows = [
                (file_id, digests[file_id], name, TITLES[key], text)
                for file_id, name, text in chunk
            ]
            refused = index.write(partial(_keep, key=key, stamp=stamp, rows=rows))
            if tick:
                tick(len(chunk))
            if refused:
                break
    finally:
        stop = getattr(tick, "stop", None)
        if stop is not None:
            stop()
    return refused


def _keep(store: Store, key: str, stamp: str, rows: list[tuple[int, bytes, str, str, str]]) -> None:
    """Keep rows of a topic in the index."""
    store.put_topics(key, stamp, rows)


def _done(store: Store, key: str, stamp: str) -> None:
    """Record that a topic is worked out for every monograph (if none lacks it now)."""
    store.mark_topic_done(key, stamp)


def _texts(index: Index, file_ids: list[int], key: str) -> Iterator[tuple[int, str, str]]:
    """Yield (file id, name, topic text) of each monograph, across all cores when many."""
    from medinfo.index.workers import batch_size, cores, spread

    store = index.store
    workers = cores()

    def monographs(ids: list[int]) -> list[tuple[int, Monograph]]:
        found = [(file_id, store.monograph(file_id)) for file_id in ids]
        return [(file_id, m) for file_id, m in found if m is not None]

    if len(file_ids) < PARALLEL_THRESHOLD or workers < 2:
        for file_id, monograph in monographs(file_ids):
            yield file_id, monograph.name, topic_text(monograph, key)
        return
    import medinfo.topics  # noqa: F401  (imported once, before forking)

    size = batch_size(len(file_ids), workers)
    batches = ((key, monographs(file_ids[at : at + size])) for at in range(0, len(file_ids), size))
    for results in spread(_batch, batches, workers):
        yield from results


def _batch(job: tuple[str, list[tuple[int, Monograph]]]) -> list[tuple[int, str, str]]:
    """Work out a topic for a batch of monographs in a worker process."""
    key, monographs = job
    return [(file_id, m.name, topic_text(m, key)) for file_id, m in monographs]
