"""A label's kept versions, named as SETID@VERSION: `medinfo show SETID@12`."""

from __future__ import annotations

from medinfo.choice import Candidate
from medinfo.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library


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
    if not rows:
        raise NotFound(f"no label has set id {set_id}")
    found = [Candidate(row) for row in rows if str(row[8] or "") == version]
    if found:
        return found[:1]
    kept = ", ".join(str(row[8] or "?") for row in rows)
    raise NotFound(
        f"no version {version or '(none given)'} of set id {set_id} is kept",
        f"versions kept: {kept} (newest first); e.g. medinfo show {set_id}@{rows[0][8]}",
    )


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
