"""What each command does, given parsed arguments: ask the library, hand over to a renderer.

Free of Click and Typer, so the fast path of `medinfo.entry` and the Typer commands
of `medinfo.cli` run exactly the same code.
"""

from __future__ import annotations

import sys
import time

from medinfo.errors import NOT_FOUND, USAGE, MedinfoError, NotFound
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Call:
    """What every command shares: the output options, the renderer, the directories."""

    def __init__(
        self, dirs: list[str] | None, fmt: str | None, as_json: bool, no_color: bool
    ) -> None:
        from medinfo.render import FORMATS, choose, module

        if fmt is not None and fmt not in FORMATS:
            raise MedinfoError(
                f"unknown format '{fmt}'", USAGE, "choose one of: " + ", ".join(FORMATS)
            )
        self.dirs = dirs
        self.options = choose(fmt, as_json, no_color)
        self.render = module(self.options)

    def library(self, **open_options: Any) -> Any:
        """Open the library over the chosen directories, with a progress bar if slow."""
        from medinfo.library import Library
        from medinfo.render.progress import factory

        # The bar goes to stderr, so it never mixes with the answer, whatever its format.
        library = Library(self.dirs, progress=factory())
        library.open(**open_options)
        warn_skipped(library.stats.skipped)
        return library


def warn(message: str, hint: str | None = None) -> None:
    """Write a message for people to stderr."""
    sys.stderr.write(clean(message) + "\n")
    if hint:
        sys.stderr.write(f"  {clean(hint)}\n")


def warn_skipped(skipped: list[tuple[str, str]]) -> None:
    """Report files that could not be parsed, one line each: path and reason."""
    for path, reason in skipped:
        warn(f"warning: skipped {path}: {reason}")


def report_skipped(library: Any) -> None:
    """Report every skipped file of the collection, not only those parsed during this call."""
    already = {path for path, _ in library.stats.skipped}
    warn_skipped([item for item in library.skipped() if item[0] not in already])


def report(error: MedinfoError) -> int:
    """Print an expected failure as "Error: ..." on stderr; return its exit code."""
    warn(f"Error: {error.message}", error.hint)
    return error.code


def section_keys(words: list[str]) -> list[str]:
    """Return the section keys the user's words select; unknown words are a usage error."""
    from medinfo.sections import KEYS, user_key

    keys: list[str] = []
    for word in words:
        key = user_key(word)
        if key is None:
            raise MedinfoError(
                f"unknown section '{word}'",
                USAGE,
                "sections: " + ", ".join(KEYS) + " (see `medinfo sections`)",
            )
        keys.append(key)
    return list(dict.fromkeys(keys))


def show(call: Call, name: str, words: list[str]) -> int:
    """Show a monograph, or only the sections the words name."""
    from medinfo.sections import user_key

    # "medinfo show metoprolol succinate dose": leading words that are not section
    # names may be the rest of the drug's name.
    extra = 0
    while extra < len(words) and user_key(words[extra]) is None:
        extra += 1
    keys = section_keys(words[extra:])
    library = call.library()
    if extra:
        try:
            monograph = library.show(" ".join([name, *words[:extra]]))
        except NotFound:
            section_keys(words[:extra])  # more likely a mistyped section: exit 2
            raise
    else:
        monograph = library.show(name)
    chosen = monograph.select(keys) if keys else monograph.sections
    if keys and not chosen:
        raise NotFound(
            f"{monograph.name} has no {', '.join(keys)} section",
            "its sections: " + ", ".join(dict.fromkeys(s.key for s in monograph.sections)),
        )
    call.render.show(monograph, chosen, not keys, call.options)
    return 0


def search(call: Call, query: str, section: str | None, limit: int) -> int:
    """Search the text of all monographs, best matches first."""
    key = section_keys([section])[0] if section else None
    if limit < 1:
        raise MedinfoError(f"--limit must be at least 1, not {limit}", USAGE)
    hits = call.library().search(query, key, limit)
    if not hits and call.options.format != "json":
        raise NotFound(f"no matches for {query!r}")
    call.render.search(query, hits, call.options)
    return 0 if hits else NOT_FOUND


def listing(
    call: Call, pattern: str | None, section: str | None, missing: str | None, count: bool
) -> int:
    """List monographs, one name a line in a pipe."""
    has = section_keys([section])[0] if section else None
    lacks = section_keys([missing])[0] if missing else None
    library = call.library()
    report_skipped(library)
    entries = library.entries(pattern, has, lacks)
    if count:
        sys.stdout.write(f"{len(entries)}\n")
    else:
        call.render.listing(entries, call.options)
    return 0 if entries else NOT_FOUND


def sections(call: Call) -> int:
    """List the section keys and the words that select them."""
    from medinfo.sections import KEYS, TITLES, user_words

    words = user_words()
    rows = [(key, TITLES[key], [w for w in words[key] if w != key]) for key in KEYS]
    call.render.keys(rows, call.options)
    return 0


def export(dirs: list[str] | None) -> int:
    """Print every monograph as JSON Lines, each checked against its file first."""
    from medinfo.render.jsonout import dump

    library = Call(dirs, "json", True, True).library(verify=True)
    report_skipped(library)
    write = sys.stdout.write
    for monograph in library.export():
        write(dump(monograph.to_dict()) + "\n")
    return 0


def index(call: Call, rebuild: bool, path_only: bool) -> int:
    """Build or refresh the index, checking every file, and print statistics."""
    started = time.perf_counter()
    library = call.library(rebuild=rebuild, verify=True)
    if path_only:
        sys.stdout.write(f"{library.index.path or ':memory:'}\n")
        return 0
    stats = library.stats
    counts = library.counts()
    summary: dict[str, Any] = {
        "directories": ", ".join(library.roots),
        "index": "(in memory)" if library.index.in_memory else str(library.index.path),
        "files": counts["files"],
        "monographs": counts["monographs"],
        "sections": counts["sections"],
        "parsed_now": stats.parsed,
        "removed_now": stats.removed,
        "rebuilt": stats.rebuilt,
        "seconds": round(time.perf_counter() - started, 3),
        "skipped": library.skipped(),
    }
    call.render.stats(summary, call.options)
    return 0
