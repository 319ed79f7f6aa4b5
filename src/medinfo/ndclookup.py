"""Finding the labels that list an NDC: a lookup by code or barcode, as cheap as one by name."""

from __future__ import annotations

from medinfo.choice import Candidate
from medinfo.errors import NotFound
from medinfo.ndc import misread, query_keys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.library import Library


def by_ndc(library: Library, term: str, labeler: str = "") -> list[Candidate] | None:
    """Return the labels (of a labeler) that list the NDC a term is; None when it is no NDC.

    Ten bare digits or a barcode may be any of three configurations: each that a
    label lists is a match.
    """
    keys = query_keys(term)
    if not keys:
        refuse_misread(term)
        return None
    return [Candidate(row) for row in _rows(library, term, keys, labeler)]


def refuse_misread(term: str) -> None:
    """Raise NotFound for a barcode whose check digit is wrong: a misread, not a name."""
    expected = misread(term)
    if expected is not None:
        raise NotFound(
            f"{term} looks like a package barcode, but its check digit should be"
            f" {expected}, not {term[-1]}",
            "scan or type the barcode again",
        )


def listing_ndc(library: Library, term: str) -> set[tuple[str, str]] | None:
    """Return directory (as shown) and path of each label listing an NDC; None if it is none."""
    keys = query_keys(term)
    if not keys:
        return None
    rows = _rows(library, term, keys)
    shown = library.index.store.shown_roots
    return {(shown[row[3]], row[10]) for row in rows}


def _rows(library: Library, term: str, keys: list[str], labeler: str = "") -> list[Any]:
    """Return the index rows of the labels listing a code, else those listing its product.

    A package that a label does not list (a new size, a label that lists only its
    products) is of a product it may list: that label is found, and a note says so.
    Not for ten bare digits or a barcode: the product of another configuration than
    the package's would be another labeler's drug.
    """
    rows = library.ask(lambda store: store.find_ndc(keys, labeler))
    if rows or len(keys) != 1 or len(keys[0]) != 11:
        return rows
    product = keys[0][:9]
    rows = library.ask(lambda store: store.find_ndc([product], labeler))
    if rows and library.notify is not None:
        # Named as typed (0777-3105), or in the eleven-digit form's 5-4 when typed bare.
        parts = term.strip().split("-")
        shown = "-".join(parts[:2]) if len(parts) == 3 else f"{product[:5]}-{product[5:]}"
        library.notify(
            f"note: no label lists the package NDC {term}; found by its product, NDC {shown}"
        )
    return rows


def unlisted(term: str, labeler: str = "") -> tuple[str, str]:
    """Return what to say when no label lists an NDC: the message and a hint."""
    whose = f" from a labeler named '{labeler}'" if labeler else ""
    return (
        f"no label{whose} lists NDC {term}",
        f"`medinfo fetch {term}` asks DailyMed for the label that lists it",
    )
