"""Finding the labels that list an NDC: a lookup by code or barcode, as cheap as one by name."""

from __future__ import annotations

from medinfo.choice import Candidate
from medinfo.ndc import query_keys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library


def by_ndc(library: Library, term: str, labeler: str = "") -> list[Candidate] | None:
    """Return the labels (of a labeler) that list the NDC a term is; None when it is no NDC.

    Ten bare digits or a barcode may be any of three configurations: each that a
    label lists is a match.
    """
    keys = query_keys(term)
    if not keys:
        return None
    rows = library.ask(lambda store: store.find_ndc(keys, labeler))
    return [Candidate(row) for row in rows]


def listing_ndc(library: Library, term: str) -> set[tuple[str, str]] | None:
    """Return directory (as shown) and path of each label listing an NDC; None if it is none."""
    keys = query_keys(term)
    if not keys:
        return None
    rows = library.ask(lambda store: store.find_ndc(keys))
    shown = library.index.store.shown_roots
    return {(shown[row[3]], row[10]) for row in rows}


def unlisted(term: str, labeler: str = "") -> tuple[str, str]:
    """Return what to say when no label lists an NDC: the message and a hint."""
    whose = f" from a labeler named '{labeler}'" if labeler else ""
    return (
        f"no label{whose} lists NDC {term}",
        f"`medinfo fetch {term}` asks DailyMed for the label that lists it",
    )
