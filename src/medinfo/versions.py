"""A label's kept versions, named as SETID@VERSION: `medinfo show SETID@12`.

A version is found in the index (a release or a folder holding several versions of
a set id), else in a collection's `.previous/SETID/VERSION.xml`, where `medinfo
update` keeps the versions it replaced; those are hidden from the scanner and so
read from their file, now, as `medinfo diff` reads them.
"""

from __future__ import annotations

import os

from medinfo.choice import Candidate
from medinfo.errors import USAGE, MedinfoError, NotFound, ParseError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library
    from medinfo.model import Monograph


def split(name: str) -> tuple[str, str] | None:
    """Return the set id and version a SETID@VERSION name gives, or None for any other name."""
    from medinfo.labelstore import is_set_id

    set_id, at, version = name.strip().partition("@")
    set_id, version = set_id.strip().lower(), version.strip()
    if not at or not is_set_id(set_id):
        return None
    return set_id, version


def of_version(library: Library, set_id: str, version: str) -> list[Candidate]:
    """Return the label of one version of a set id; raise NotFound naming the versions kept."""
    rows = library.ask(lambda store: store.versions(set_id))
    found = [Candidate(row) for row in rows if str(row[8] or "") == version]
    if found:
        return found[:1]
    numbers = [str(row[8] or "?") for row in rows]
    numbers += [str(n) for n, _, _ in _previous(library.roots, set_id) if str(n) not in numbers]
    if not numbers:
        raise NotFound(f"no label has set id {set_id}")
    newest = str(rows[0][8]) if rows else numbers[0]  # the current one, else the newest kept
    kept = ", ".join(sorted(numbers, key=lambda n: -int(n) if n.isdigit() else 1))
    raise NotFound(
        f"no version {version or '(none given)'} of set id {set_id} is kept",
        f"versions kept: {kept} (newest first); e.g. medinfo show {set_id}@{newest}",
    )


def _previous(roots: list[str], set_id: str) -> list[tuple[int, str, str]]:
    """Return the versions the collections keep in `.previous`: (version, collection, path)."""
    from medinfo.labelstore import previous_versions

    return [
        (number, root, path)
        for root in roots
        if os.path.isdir(root)  # a release zip named as a collection keeps none
        for number, path in previous_versions(root, set_id)
    ]


def kept_elsewhere(library: Library, name: str) -> Monograph | None:
    """Return the SETID@VERSION a collection's `.previous` keeps, read now; None if none does.

    The first collection of the lookup path that keeps the version wins, as a
    first directory wins for a name.
    """
    versioned = split(name)
    if versioned is None or not (versioned[1].isascii() and versioned[1].isdigit()):
        return None
    set_id, version = versioned
    for number, root, path in _previous(library.roots, set_id):
        if number == int(version):
            return read_kept(root, os.path.relpath(path, root))
    return None


def read_kept(root: str, rel: str) -> Monograph:
    """Return the monograph of a kept version's file, read safely; report one that is not."""
    from medinfo.readers import read_bytes
    from medinfo.scan import read_file, shown_line, shown_path

    path = os.path.join(root, rel)
    try:
        # Kept inside its collection, as the scanner keeps symlinks: a link may lead anywhere.
        if os.path.commonpath([os.path.realpath(path), os.path.realpath(root)]) != (
            os.path.realpath(root)
        ):
            raise OSError("a symlink leading out of the collection")
        data, _ = read_file(root, rel)  # a regular file, its size capped
        # Its folder as the index shows a label's (Store.shown_roots): odd bytes escaped.
        return read_bytes(data, rel, shown_path(root))
    except (OSError, ParseError) as exc:
        reason = (exc.strerror or str(exc)) if isinstance(exc, OSError) else str(exc)
    except Exception as exc:  # a hostile file, as the index's build reports one
        reason = f"cannot parse: {type(exc).__name__}"
    raise MedinfoError(f"cannot read {shown_line(path)}: {reason}", USAGE)


def kept_note(library: Library) -> list[str]:
    """Return the note a listing ends with when older versions of labels are kept."""
    old, labels = library.ask(lambda store: store.kept_versions())
    if not old:
        return []
    versions = f"{old} older version{'s' if old > 1 else ''}"
    of = f"{labels} label{'s' if labels > 1 else ''}"
    return [
        f"note: {versions} of {of} kept besides the current ones listed;"
        " show one with medinfo show SETID@VERSION, compare with medinfo diff SETID@VERSION SETID"
    ]
