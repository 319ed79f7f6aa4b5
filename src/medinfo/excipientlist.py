"""Listing the FDA labels that name an ingredient: `medinfo list --ingredient lactose`."""

from __future__ import annotations

from medinfo.excipients import words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library
    from medinfo.model import Listing


def naming(library: Library, listing: Listing, asked: list[str]) -> Listing:
    """Return the monographs of a listing that name every ingredient asked for.

    Found in the index (one scan of short rows an ingredient), not in each label.
    """
    from medinfo.errors import MedinfoError
    from medinfo.model import Listing

    phrases = [words(name) for name in asked]
    for name, phrase in zip(asked, phrases, strict=True):
        if not phrase.strip():
            raise MedinfoError(f"--ingredient needs a name with a letter or digit, not {name!r}")
    answers = library.ask(lambda store: [store.with_ingredient(phrase) for phrase in phrases])
    shown = library.index.store.shown_roots
    kept: set[tuple[str, str]] | None = None
    for rows in answers:
        found = {(shown[root], rel) for root, rel in rows}
        kept = found if kept is None else kept & found
    chosen = kept or set()
    return Listing(
        lambda: [e for e in listing.entries() if (e.dir, e.path) in chosen], narrowed=True
    )


def unnamed(asked: list[str], filtered: bool) -> str:
    """Return why a listing by ingredient is empty."""
    what = " and ".join(f"'{name}'" for name in asked)
    among = " among those the other filters leave" if filtered else ""
    return f"no label names an ingredient {what}{among}"
