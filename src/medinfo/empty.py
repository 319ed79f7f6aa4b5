"""What an empty listing says on stderr, so that nothing comes back without a reason."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library


def why_empty(
    library: Library,
    pattern: str | None,
    has: str | None,
    lacks: str | None,
    labeler: str = "",
    route: str = "",
    form: str = "",
) -> str:
    """Return why `list` found nothing: no name matches, or every (no) monograph has the key."""
    from medinfo.ndc import query_keys

    coded = bool(pattern and query_keys(pattern))  # a pattern that is an NDC or a barcode
    if coded and not (has or lacks or labeler or route or form):
        return f"no label lists NDC {pattern}"
    chosen = [
        f"{what} '{value}'"
        for what, value in (
            ("listing NDC" if coded else "matching", pattern),
            ("from a labeler named", labeler),
            ("for route", route),
            ("in form", form),
        )
        if value
    ]
    kept = len(library.entries(pattern, None, None, labeler, route, form))
    if not kept or not (has or lacks):
        return " ".join(["no monograph", *chosen])
    scope = "".join(f" {part}" for part in chosen)
    if lacks and not has:
        return f"every monograph{scope} ({kept}) {_has(lacks, 'something')}"
    what = _has(has or "", "anything")
    if lacks:
        what += f" and {_lacks(lacks)}"
    if kept == 1:  # not "none of the 1 monographs"
        return f"none of the monographs{scope} (1) {what}"
    return f"none of the {kept} monographs{scope} {what}"


def _has(key: str, amount: str) -> str:
    """Return what a monograph does that has a section, or that a topic finds something in."""
    return _said(key, f"says {amount} about", "has")


def _lacks(key: str) -> str:
    """Return what a monograph does that lacks a section, or that a topic finds nothing in."""
    return _said(key, "says nothing about", "lacks")


def _said(key: str, of_topic: str, of_section: str) -> str:
    """Return the verb for a topic or for a section, with the key's title."""
    from medinfo.sections import TITLES, TOPIC_KEYS

    # A topic is not a section a monograph has: it is what its sections say.
    return f"{of_topic if key in TOPIC_KEYS else of_section} {TITLES[key].lower()}"
