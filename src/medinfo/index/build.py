"""Reading monograph files into rows to store, across all cores when there are many."""

from __future__ import annotations

import json
import os

from medinfo import releasezip
from medinfo.errors import ParseError
from medinfo.index.keys import digest
from medinfo.scan import FileStat, file_stat, os_path, read_file, shown_name, size_limit
from medinfo.text import clean, name_keys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Generator
    from typing import Any

    from medinfo.model import Monograph, Section

    # What the store writes for one monograph, prepared where the parsing happened: its
    # docs row, name keys, section rows (each with its place in the packed blob, then
    # its plain words for the search table), NDC keys, ingredient words, title and text
    # (medinfo.excipients.index_row), and the packed blob (medinfo.index.packed).
    Rows = tuple[
        tuple[Any, ...],
        list[tuple[str, int, str]],
        list[tuple[Any, ...]],
        list[str],
        tuple[str, str, str] | None,
        bytes,
    ]

# Below this many files, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 200


class Parsed:
    """The outcome of reading one file: its stat, digest, and rows or the reason it failed,
    with what `medinfo check` reports of it: (rule, line, message)."""

    __slots__ = ("digest", "error", "problems", "rows", "stat")

    def __init__(
        self,
        stat: FileStat,
        fingerprint: bytes,
        rows: Rows | None,
        error: str | None,
        problems: list[tuple[str, int, str]] | None = None,
    ) -> None:
        self.stat = stat
        self.digest = fingerprint
        self.rows = rows
        self.error = error
        self.problems = problems or []


def parse_one(root: str, root_index: int, rel: str) -> Parsed:
    """Read and parse one file; failures become an error reason, never an exception."""
    if releasezip.split(rel) is not None:
        return _parse_inner(root, root_index, rel)
    try:
        data, st = read_file(root, rel)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        try:  # keep the real stat, so an unchanged unreadable file is not retried every call
            fs = file_stat(root_index, rel, os.stat(os_path(root, rel)))
        except OSError:
            fs = FileStat(root_index, rel, -1, 0, 0, 0)
        error = f"cannot read: {reason}"
        return Parsed(fs, b"", None, error, [(_read_rule(reason), 0, error)])
    return _parse(root, data, file_stat(root_index, rel, st), digest(data))


def _parse_inner(root: str, root_index: int, rel: str) -> Parsed:
    """Read and parse one label zip inside a release; failures become an error reason."""
    outer, inner = releasezip.split(rel) or ("", "")
    try:
        info, data = releasezip.read(os_path(root, outer), inner, size_limit(rel))
    except releasezip.InnerError as exc:
        fs = FileStat(root_index, rel, *releasezip.identity(exc.info))
        found = [(exc.rule, 0, str(exc))]
        return Parsed(fs, releasezip.fingerprint(exc.info), None, str(exc), found)
    except OSError as exc:
        error = f"cannot read: {exc.strerror or exc}"
        fs = FileStat(root_index, rel, -1, 0, 0, 0)
        return Parsed(fs, b"", None, error, [("MI001", 0, error)])
    info_stat = FileStat(root_index, rel, *releasezip.identity(info))
    return _parse(root, data, info_stat, releasezip.fingerprint(info))


def _parse(root: str, data: bytes, fs: FileStat, fingerprint: bytes) -> Parsed:
    """Parse one file's bytes; failures become an error reason, never an exception."""
    from medinfo.readers import read_bytes

    try:
        monograph = read_bytes(data, fs.rel, root)
    except ParseError as exc:
        return Parsed(fs, fingerprint, None, str(exc), [(exc.rule, exc.line, str(exc))])
    except Exception as exc:  # one hostile file must never stop the others
        error = f"cannot parse: {type(exc).__name__}"
        return Parsed(fs, fingerprint, None, error, [("MI001", 0, error)])
    # Only the rows travel back from a worker: the text is not sent twice.
    return Parsed(fs, fingerprint, rows(monograph, fs), None, monograph.problems)


def _read_rule(reason: str) -> str:
    """Return the check rule of a file that could not be read (medinfo.scan's reasons)."""
    if reason.startswith("larger than"):
        return "MI004"
    if reason == "not a regular file":
        return "MI005"
    return "MI001"


def _plain(section: Section) -> tuple[str, str | None]:
    """Return the words search matches in a section, and its view's blocks if parsed for them.

    The SPL reader gives the words as it writes the text, where it is sure of them:
    then no Markdown is parsed, and the view parses the section when it shows it.
    """
    if section.plain is not None:
        return section.plain, None
    from medinfo.readers.blocks import built, encoded, words

    entries = built(section.text)
    if entries is None:
        return section.text.strip(), None  # what rich.markdown draws: the words are all there
    return words(entries), encoded(entries)


def rows(m: Monograph, fs: FileStat) -> Rows:
    """Return the docs row, name keys, section rows, NDC keys and ingredients of a monograph."""
    from medinfo.excipients import index_row
    from medinfo.index.packed import pack

    doc = (
        m.name,
        name_keys(m.name)[0],
        fs.root,
        clean(shown_name(fs.rel)),  # the path as shown: file names are untrusted text too
        json.dumps(m.aliases, ensure_ascii=False),
        " ".join(dict.fromkeys(s.key for s in m.sections)),
        m.drug_class,
        *(_text(m.metadata.get(key)) for key in ("labeler", "kind", "effective_date", "set_id")),
        *_label(m),
        json.dumps(m.metadata, ensure_ascii=False),
        json.dumps([[f.question, f.answer] for f in m.faqs], ensure_ascii=False),
    )
    stem = fs.rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    names: list[tuple[str, int, str]] = []
    set_id = _text(m.metadata.get("set_id"))
    others = [(2, alias) for alias in m.aliases] + ([(2, set_id)] if set_id else [])
    for rank, label in [(0, stem), (1, m.name), *others]:
        whole, words = name_keys(label)
        names.append((whole, rank, label))
        if words:
            names.append((words, rank + 3, label))
    # Packed here, on the build's workers; the plain words go to the search table too
    # (last in each row), which keeps nothing of them but their terms.
    parsed = [_plain(s) for s in m.sections]
    body, places = pack(
        (s.text, plain, blocks) for s, (plain, blocks) in zip(m.sections, parsed, strict=True)
    )
    sections = [
        (number, s.key, s.title, s.component, m.name, *place, plain)
        for number, (s, place, (plain, _)) in enumerate(
            zip(m.sections, places, parsed, strict=True)
        )
    ]
    named = [n for n in dict.fromkeys(names) if n[0]]
    return doc, named, sections, _ndc_keys(m), index_row(m.metadata), body


def _ndc_keys(m: Monograph) -> list[str]:
    """Return the keys of every NDC a monograph lists, product and package (medinfo.ndc).

    A label's, and those a Markdown monograph's front matter gives under the same keys
    (one code, or a list), as a label written out with `--format markdown` does.
    """
    from medinfo.ndc import code_keys

    codes: list[str] = []
    for key in ("ndc", "package_ndc"):
        value = m.metadata.get(key)
        codes += [value] if isinstance(value, str) else _texts(value)
    return list(dict.fromkeys(key for code in codes for key in code_keys(code)))


def _label(m: Monograph) -> tuple[str | None, str | None, str | None, str | None]:
    """Return what choosing among a drug's labels needs: version, drug, routes, forms.

    None for a Markdown monograph: only labels are grouped by their drug.
    """
    if m.source != "spl":
        return None, None, None, None
    from medinfo.names import label_drug

    generics = _texts(m.metadata.get("generic_names"))
    routes = "\n".join(" ".join(r.split()) for r in _texts(m.metadata.get("routes")))
    forms = "\n".join(" ".join(f.split()) for f in _texts(m.metadata.get("dosage_forms")))
    return (
        _text(m.metadata.get("version")),
        label_drug(generics or [m.name]),
        routes or None,
        forms or None,
    )


def _texts(value: object) -> list[str]:
    """Return the text items of a metadata list."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _text(value: object) -> str | None:
    """Return a metadata value if it is text."""
    return value if isinstance(value, str) and value else None


def _parse_batch(batch: list[tuple[str, int, str]]) -> list[Parsed]:
    """Parse a batch of files in a worker process."""
    return [parse_one(root, index, rel) for root, index, rel in batch]


def parse_many(
    roots: list[str], files: list[tuple[int, str]], progress: Callable[[int], None] | None = None
) -> Generator[Parsed, None, None]:
    """Parse files, across all cores when there are many; yield results as they come."""
    from medinfo.index.workers import batch_size, cores, spread

    jobs = [(roots[index], index, rel) for index, rel in files]
    workers = cores()
    if len(jobs) < PARALLEL_THRESHOLD or workers < 2:
        import gc

        gc.enable()  # the console script turns it off for lookups
        try:
            for job in jobs:
                yield parse_one(*job)
                if progress:
                    progress(1)
        finally:
            releasezip.close_all()
        return
    # Importing the readers before forking lets every worker start with them loaded.
    import medinfo.readers.markdown  # noqa: F401

    size = batch_size(len(jobs), workers)
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    for results in spread(_parse_batch, batches, workers):
        yield from results
        if progress:
            progress(len(results))
