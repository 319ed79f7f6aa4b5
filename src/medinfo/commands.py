"""What each command does with its parsed values.

Free of Click and Typer: the fast path of medinfo.entry and the Typer commands of
medinfo.cli both call `execute`, so every command runs the same code, inside the
one error boundary of medinfo.boundary, whichever parser read the command line.
"""

from __future__ import annotations

import sys
import time
from functools import partial

from medinfo import fetching
from medinfo.boundary import guarded, report, warn, warn_skipped
from medinfo.errors import NOT_FOUND, USAGE, MedinfoError, NotFound
from medinfo.labeldiff import diff
from medinfo.request import Request as Request  # re-exported: commands import it from here
from medinfo.sectionwords import (
    combined,
    longer_name,
    mistyped,
    mistyped_names,
    name_words,
    section_key,
    section_keys,
)
from medinfo.values import check_values

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from medinfo.answers import Gathered
    from medinfo.library import Library
    from medinfo.model import Monograph, Section


def execute(command: str, values: dict[str, Any]) -> int:
    """Run a command with its parsed values, inside the error boundary; return the exit code."""

    def action() -> int:
        check_values(values)  # what both parsers refuse, refused for any caller
        request = Request(values)
        own = {key: value for key, value in values.items() if key not in Request.SHARED}
        code = HANDLERS[command](request, **own)
        request.finish()
        return code

    return guarded(action)


def report_skipped(library: Library) -> None:
    """Report every skipped file of the collection, not only those parsed during this call."""
    already = {path for path, _ in library.stats.skipped}
    warn_skipped([item for item in library.skipped() if item[0] not in already])


def show(
    request: Request,
    name: str,
    sections: list[str],
    labeler: str | None = None,
    route: str | None = None,
    form: str | None = None,
) -> int:
    """Show a monograph, or only the sections the words name; "-" reads names from stdin."""
    pick = (labeler or "", route or "", form or "")
    if name == "-":
        return _show_many(request, section_keys(sections), *pick)
    # "medinfo show metoprolol succinate dose": leading words that are not section
    # words may be the rest of the drug's name; the words after them name sections.
    extra = name_words(sections)
    keys = section_keys(sections[extra:])
    library = request.library()
    located = partial(_located, library, pick)
    try:
        monograph = located(" ".join([name, *sections[:extra]]))
    except NotFound:
        # "ibuprofen junior strength": a name may end in section words too.
        longer = longer_name(name, sections, extra, located)
        if longer is None:
            if extra:
                mistyped(sections[:extra], sections[extra:])  # a mistyped section: exit 2
            raise
        monograph, keys = longer
    _show_one(request, monograph, keys)
    return 0


def _located(library: Library, pick: tuple[str, str, str], name: str) -> Monograph:
    """Return the monograph a name means; a known name with a pick that fits none is that error."""
    try:
        return library.show(name, *pick)
    except NotFound as exc:  # not a mistyped section word ("diclofenac sodium --labeler zzz")
        if any(pick) and library.names_a_drug(name):
            raise MedinfoError(exc.message, NOT_FOUND, exc.hint) from None
        raise


def _show_one(request: Request, monograph: Monograph, keys: list[str]) -> None:
    """Render a monograph, or what it says for the keys; raise NotFound if it says nothing.

    A boxed warning comes first wherever it is shown. Sections asked for by name are
    what is answered, with no boxed warning added; on a terminal a note says there is one.
    """
    from medinfo.model import BOXED, boxed_first

    if not keys:
        request.render.show(monograph, boxed_first(monograph.sections), True, request.options)
        return
    chosen, missing = _answer(monograph, keys)
    if not chosen:
        raise NotFound(*_lacking(monograph, missing))
    for key in missing:  # the others are answered: say what was not found, and go on
        warn(_lacking(monograph, [key])[0])
    request.render.show(monograph, boxed_first(chosen), False, request.options)
    said = {section.key for section in monograph.sections}
    if request.options.format == "rich" and BOXED in said and BOXED not in keys:
        request.notes.append(f"note: {monograph.name} has a BOXED WARNING (add 'boxed')")


def _show_many(
    request: Request, keys: list[str], labeler: str = "", route: str = "", form: str = ""
) -> int:
    """Answer every name read from stdin in turn; report the unknown ones and go on."""
    library = request.library()
    request.options.many = True
    failed = 0
    try:
        lines = sys.stdin.readlines()  # a list of names is small; read it before answering
    except (OSError, ValueError) as exc:
        raise MedinfoError(f"cannot read names from standard input: {exc}", USAGE) from None
    for line in lines:
        query = line.strip()
        if not query or query.startswith("#"):
            continue
        try:
            _show_one(request, library.show(query, labeler, route, form), keys)
        except MedinfoError as exc:  # an unknown name, or nothing for the keys
            failed += 1
            report(exc)
            request.render.unknown(query, exc.message, request.options)
    return NOT_FOUND if failed else 0


def _answer(monograph: Monograph, keys: list[str]) -> tuple[list[Section | Gathered], list[str]]:
    """Return the sections (and topics) the keys select, and the keys nothing answers."""
    from medinfo.sections import TOPIC_KEYS

    if any(key in TOPIC_KEYS for key in keys):
        from medinfo.topics import answer  # its rules cost a few milliseconds to compile

        return answer(monograph, keys)
    chosen: list[Section | Gathered] = []
    chosen.extend(monograph.select(keys))
    found = {section.key for section in monograph.sections}
    return chosen, [key for key in keys if key not in found]


def _lacking(monograph: Monograph, keys: list[str]) -> tuple[str, str | None]:
    """Return the message (and hint) for keys a monograph has nothing for."""
    from medinfo.sections import TITLES, TOPIC_KEYS

    topics = [key for key in keys if key in TOPIC_KEYS]
    if topics:
        about = ", ".join(TITLES[key].lower() for key in topics)
        return f"{monograph.name}: nothing about {about} found", None
    return (
        f"{monograph.name} has no {', '.join(keys)} section",
        "its sections: " + ", ".join(dict.fromkeys(s.key for s in monograph.sections)),
    )


def search(request: Request, query: str, section: str | None, limit: int) -> int:
    """Search the text of all monographs, best matches first."""
    key = section_key(section, "--section") if section is not None else None
    hits = request.library().search(query, key, limit)
    if not hits and request.options.format != "json":
        raise NotFound(f"no matches for {query!r}")
    request.render.search(query, hits, request.options)
    if hits.more:
        shown, total = len(hits), hits.total
        request.notes.append(f"{shown} of {total} hits shown; --limit {total} shows all")
    return 0 if hits else NOT_FOUND


def list_(
    request: Request,
    pattern: str | None,
    section: str | None,
    missing: str | None,
    count: bool,
    labeler: str | None = None,
    route: str | None = None,
    form: str | None = None,
    ingredient: list[str] | None = None,
) -> int:
    """List monographs, one name a line in a pipe."""
    has = section_key(section, "--section") if section is not None else None
    lacks = section_key(missing, "--missing") if missing is not None else None
    library = request.library()
    report_skipped(library)
    listing = library.listing(pattern, has, lacks, labeler or "", route or "", form or "")
    if ingredient:
        from medinfo.excipientlist import naming

        listing = naming(library, listing, ingredient)
    if count:
        sys.stdout.write(f"{len(listing)}\n")
    else:
        request.render.list_(listing, request.options)
    from medinfo.versions import kept_note

    request.notes.extend(kept_note(library))
    if not len(listing) and not count:  # a count of 0 says it; an empty list is explained
        from medinfo.empty import why_empty

        pick = (labeler or "", route or "", form or "")
        if ingredient:
            from medinfo.excipientlist import unnamed

            request.notes.append(unnamed(ingredient, any((pattern, has, lacks, *pick))))
        else:
            request.notes.append(why_empty(library, pattern, has, lacks, *pick))
    return 0 if len(listing) else NOT_FOUND


# What `compare` puts side by side when no section or topic is named.
COMPARED = ["usage", "dosage", "side_effects", "contraindications", "interactions", "pregnancy"]


def compare(
    request: Request, words: list[str], route: str | None = None, form: str | None = None
) -> int:
    """Compare drugs side by side: names first, then sections or topics."""
    from medinfo.answers import Comparison
    from medinfo.sections import starts_phrase
    from medinfo.topics import answer

    words = combined(words)
    # Names up to the first word that begins a section or topic word ("side effects").
    split = next((n for n in range(1, len(words)) if starts_phrase(words[n:])), len(words))
    names, keys = words[:split], section_keys(words[split:]) or COMPARED
    if len(names) < 2:
        raise MedinfoError(
            "compare needs two or more drug names", USAGE, "e.g. medinfo compare warfarin apixaban"
        )
    library = request.library()
    # A third name that names no drug but is close to a section word is a mistyped one.
    mistyped_names(names[2:], library.names_a_drug, words[split:])
    # Every name first: a table with a missing column would mislead.
    monographs = _every(library, names, route or "", form or "")
    if monographs is None:
        return NOT_FOUND
    boxed = any(section.key == "boxed_warning" for one in monographs for section in one.sections)
    if keys is COMPARED and boxed:  # it stands out in every view: never left out unasked
        keys = ["boxed_warning", *keys]
    keys = sorted(keys, key=lambda key: key != "boxed_warning")  # a boxed warning's row first
    answers = [{key: answer(monograph, [key])[0] for key in keys} for monograph in monographs]
    request.render.compare(Comparison(monographs, keys, answers), request.options)
    return 0


def _every(
    library: Library, names: list[str], route: str = "", form: str = ""
) -> list[Monograph] | None:
    """Return the monograph of every name; None when any is unknown, each one reported."""
    monographs: list[Monograph] = []
    failed: list[NotFound] = []
    for name in names:
        try:
            monographs.append(library.show(name, route=route, form=form))
        except NotFound as exc:
            failed.append(exc)
    for unknown in failed:
        report(unknown)
    return None if failed else monographs


def interactions(request: Request, names: list[str]) -> int:
    """Show what the monographs say about drugs together (one name: about it)."""
    names = combined(names)
    if not names:
        raise MedinfoError("interactions needs one or more drug names", USAGE)
    library = request.library()
    if len(names) == 1:
        result = library.mentions(names[0])
    else:
        found = _every(library, names)
        if found is None:
            return NOT_FOUND
        monographs = found
        files = [(m.dir, m.path) for m in monographs]
        for number, file in enumerate(files):
            if file in files[:number]:
                same = f"'{names[files.index(file)]}' and '{names[number]}' are the same monograph"
                raise MedinfoError(same, USAGE, "name each drug once")
        result = library.between(monographs)
    if not result.mentions:
        drugs = result.drugs
        if len(drugs) == 1:
            raise NotFound(f"no monograph names {drugs[0]}, and its text names no other")
        raise NotFound(f"the monographs of {', '.join(drugs)} do not name each other")
    request.render.interactions(result, request.options)
    return 0


def sections(request: Request) -> int:
    """List the section and topic keys, the words that select them, and what topics gather."""
    from medinfo.sections import KEYS, TITLES, TOPIC_KEYS, user_words
    from medinfo.topicrules import TOPICS  # the rules' words, not their compiled patterns

    words = user_words()
    rows = [(key, TITLES[key], [w for w in words[key] if w != key], "") for key in KEYS]
    rows += [
        (key, TITLES[key], [w for w in words[key] if w != key], TOPICS[key].about)
        for key in TOPIC_KEYS
    ]
    request.render.sections(rows, request.options)
    return 0


def export(request: Request) -> int:
    """Print every monograph as JSON Lines, each checked against its file first."""
    from medinfo.render.jsonout import dump

    library = request.library(verify=True, lookup=False)
    report_skipped(library)
    write = sys.stdout.write
    from medinfo.render.progress import exporting

    tick = exporting(lambda: library.counts()["monographs"])
    try:
        for monograph in library.export():
            write(dump(monograph.to_dict()) + "\n")
            if tick:
                tick()
    finally:
        if tick:
            tick.stop()
    return 0


def check(
    request: Request,
    paths: list[str],
    rules: bool,
    select: list[str],
    ignore: list[str],
    strict: bool,
) -> int:
    """Check every file of the collection; exit 1 when an error (or with strict, any) is found."""
    from medinfo.check import check as run_check
    from medinfo.check import chosen_rules
    from medinfo.rules import RULES

    if rules:
        request.render.check_rules(list(RULES.values()), request.options)
        return 0
    chosen = chosen_rules(select, ignore)
    if paths:
        request.dirs = paths
    report = run_check(request.library(verify=True, quiet=True, lookup=False), chosen)
    request.render.check(report, request.options)
    return 1 if report.failed(strict) else 0


def index(request: Request, rebuild: bool, path: bool) -> int:
    """Build or refresh the index, checking every file, and print statistics."""
    if path:
        from medinfo.library import Library

        sys.stdout.write(f"{Library(request.dirs).index.shown_path}\n")
        return 0
    from medinfo.text import one_line

    started = time.perf_counter()
    library = request.library(rebuild=rebuild, verify=True, lookup=False)
    stats = library.stats
    counts = library.counts()
    older, of = library.ask(lambda store: store.kept_versions())  # as list's note counts them
    summary: dict[str, Any] = {
        "directories": ", ".join(one_line(root) for root in library.index.store.shown_roots),
        "index": "(in memory)" if library.index.in_memory else library.index.shown_path,
        "files": counts["files"],
        "monographs": counts["monographs"],
        "sections": counts["sections"],
        "older_versions": older,  # of labels, besides the current ones (medinfo.versions)
        "older_versions_set_ids": of,
        "parsed_now": stats.parsed,
        "removed_now": stats.removed,
        "rebuilt": stats.rebuilt,
        "seconds": round(time.perf_counter() - started, 3),
        "skipped": library.skipped(),
    }
    request.render.index(summary, request.options)
    return 0


# The function behind each command of medinfo.spec, by the command's name.
HANDLERS: dict[str, Callable[..., int]] = {
    "show": show,
    "search": search,
    "list": list_,
    "compare": compare,
    "interactions": interactions,
    "diff": diff,
    "sections": sections,
    "export": export,
    "check": check,
    "index": index,
    **fetching.HANDLERS,  # fetch, update
}
