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
    from medinfo.sections import TITLES

    chosen = [
        f"{what} '{value}'"
        for what, value in (
            ("matching", pattern),
            ("from a labeler named", labeler),
            ("for route", route),
            ("in form", form),
        )
        if value
    ]
    kept = len(library.entries(pattern, None, None, labeler, route, form))
    if not kept or not (has or lacks):
        return " ".join(["no monograph", *chosen])
    said = {key: TITLES[key].lower() for key in (has, lacks) if key}
    scope = "".join(f" {part}" for part in chosen)
    if lacks and not has:
        return f"every monograph{scope} ({kept}) has {said[lacks]}"
    what = f"{said[has]} without {said[lacks]}" if has and lacks else said[has or ""]
    return f"none of the {kept} monographs{scope} has {what}"
