"""`medinfo diff`: what changed in a label since its previous kept version, or between two.

The previous version of a fetched label lives beside it (medinfo.labelstore); it is
read with the reader, never through the index, and so is the current one, so both
are read the same way and as their files say now. The comparison is medinfo.changes.
"""

from __future__ import annotations

import os

from medinfo.answers import Gathered
from medinfo.errors import NOT_FOUND, USAGE, MedinfoError, NotFound, ParseError
from medinfo.sectionwords import combined, section_keys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from medinfo.changes import Changes, Part, Side
    from medinfo.commands import Request
    from medinfo.library import Library
    from medinfo.model import Monograph, Section

# What DESIGN's contract and the README say when a label has no previous version.
NO_PREVIOUS = "{} has no previous version; medinfo update keeps one when a new version arrives"


def diff(request: Request, words: list[str], exit_code: bool = False) -> int:
    """Show what changed: one name against its previous version, two names against each other."""
    from medinfo.sections import starts_phrase

    words = combined(words)
    # Names up to the first word that begins a section or topic word, as compare reads them.
    split = next((n for n in range(1, len(words)) if starts_phrase(words[n:])), len(words))
    names, keys = words[:split], section_keys(words[split:])
    if not names:
        raise MedinfoError("diff needs a drug name or set id", USAGE, "e.g. medinfo diff warfarin")
    library = request.library()
    whole = " ".join(names)
    # "warfarin sodium" is one name when it names a drug and its words do not each.
    if len(names) > 1 and library.names_a_drug(whole):
        names = names if all(library.names_a_drug(name) for name in names) else [whole]
    if len(names) == 1:
        old, new, before, after = _since_previous(library, names[0])
    elif len(names) == 2:
        old, new, before, after = _two(library, names[0], names[1])
    else:
        raise MedinfoError(
            "diff compares a label with its previous version, or two labels or monographs",
            USAGE,
            "e.g. medinfo diff warfarin, or medinfo diff warfarin coumadin contraindications",
        )
    changes = _changes(old, new, before, after, keys)
    request.render.diff(changes, request.options)
    return NOT_FOUND if exit_code and changes.sections else 0


def _changes(old: Side, new: Side, before: Monograph, after: Monograph, keys: list[str]) -> Changes:
    """Return the changes of the sections (or topics) asked for, or of every section."""
    from medinfo.changes import compare

    if not keys:
        return compare(old, new, parts(before.sections), parts(after.sections))
    from medinfo.sections import TITLES
    from medinfo.topics import answer

    was, missing_before = answer(before, keys)
    now, missing_after = answer(after, keys)
    neither = [key for key in missing_before if key in missing_after]
    if len(neither) == len(keys):
        about = ", ".join(TITLES[key].lower() for key in neither)
        raise NotFound(f"neither {old.describe()} nor {new.describe()} says anything about {about}")
    return compare(old, new, parts(was), parts(now))


def parts(sections: Sequence[Section | Gathered]) -> list[Part]:
    """Return the parts to compare: each section, and each section a topic quotes from."""
    from medinfo.changes import NUMBERING, Part
    from medinfo.text import fold

    found: list[Part] = []
    for section in sections:
        if isinstance(section, Gathered):
            for source, quotes in section.by_section():
                text = "\n\n".join(quote.text for quote in quotes)
                ident = (section.key, "", "from " + fold(NUMBERING.sub("", source)))
                label = f"{section.label} · from {source}"
                found.append(Part(ident, section.key, label, text, quoted=True))
            continue
        # The title says what an "other" section is; a numbered one is the same unnumbered.
        title = fold(NUMBERING.sub("", section.title)) if section.key == "other" else ""
        ident = (section.key, section.component or "", title)
        found.append(Part(ident, section.key, section.label, section.text))
    return found


def _since_previous(library: Library, name: str) -> tuple[Side, Side, Monograph, Monograph]:
    """Return a label and its newest previous version, both read from their files now.

    Of the labels a name means, the first (in show's order) that has a previous one.
    """
    from medinfo.changes import Side
    from medinfo.labelstore import is_set_id

    candidates = library.candidates(name, every=True)
    kept: list[tuple[str, list[tuple[int, str]]]] = []
    for candidate in candidates:
        if candidate.set_id and is_set_id(candidate.set_id):
            file = _file(library, candidate.file_id)
            versions = _kept(file, candidate.set_id)
            if versions:
                kept.append((file, versions))
    if not kept:
        # A label says more than a monograph of the same name would: "has no previous version".
        first = next((c for c in candidates if c.set_id), candidates[0])
        monograph = library.show(first.set_id or name)
        if not first.set_id:
            raise NotFound(
                f"{monograph.name} is a monograph, not an FDA label: only labels that "
                "medinfo fetch keeps have previous versions",
                f"compare two with: medinfo diff {name} OTHER",
            )
        raise NotFound(NO_PREVIOUS.format(Side(monograph, "").who()))
    if len(kept) > 1 and library.notify is not None:
        others = len(kept) - 1
        library.notify(
            f"note: {others} other label{'s' if others > 1 else ''} of '{name}' "
            f"{'have' if others > 1 else 'has'} a previous version too; name one by its set id "
            f"(medinfo list {name})"
        )
    from medinfo.versions import read_kept

    file, versions = kept[0]
    _, previous = versions[0]
    after = _read(file)
    # As `show SETID@VERSION` reads it: never through a symlink out of its collection.
    collection = os.path.dirname(os.path.dirname(os.path.dirname(previous)))  # .previous/ID/N
    before = read_kept(collection, os.path.relpath(previous, collection))
    return Side(before, _shown(previous)), Side(after, _shown(file)), before, after


def _file(library: Library, file_id: int) -> str:
    """Return a file's path on disk: its own name, not the one cleaned for display."""
    from medinfo.scan import os_path

    ((root, rel, _),) = library.ask(lambda store: store.digests([file_id]))
    return os_path(library.index.roots[root], rel)


def _kept(file: str, set_id: str) -> list[tuple[int, str]]:
    """Return the kept previous versions of a label, beside it or in the label collection."""
    from medinfo.labelstore import data_dir, previous_versions

    versions = previous_versions(os.path.dirname(file), set_id)
    if versions:
        return versions
    return previous_versions(data_dir(), set_id)


def _read(path: str) -> Monograph:
    """Return the monograph a file holds, read now; a file that cannot be read is unusable."""
    from medinfo.readers import read_path

    try:
        return read_path(path)
    except (OSError, ParseError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    except Exception as exc:  # a hostile file, as the index's build reports one
        reason = f"cannot parse: {type(exc).__name__}"
    raise MedinfoError(f"cannot read {_shown(path)}: {reason}", USAGE)


def _two(library: Library, first: str, second: str) -> tuple[Side, Side, Monograph, Monograph]:
    """Return the monographs two names mean, the first as the old side."""
    from medinfo.changes import Side

    before, after = library.show(first), library.show(second)
    files = [os.path.join(m.dir, m.path) for m in (before, after)]
    if files[0] == files[1]:
        raise MedinfoError(
            f"'{first}' and '{second}' are the same monograph",
            USAGE,
            "name two labels or monographs, or one to compare with its previous version",
        )
    return Side(before, _shown(files[0])), Side(after, _shown(files[1])), before, after


def _shown(path: str) -> str:
    """Return a file's path as it is shown: odd bytes escaped, control characters gone."""
    from medinfo.scan import shown_line

    return shown_line(path)
