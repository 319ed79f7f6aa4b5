"""The ingredients of FDA labels, active and inactive: how they are shown and found by name."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> str:
    """Return a name as its words, casefolded, one space apart and a space either side.

    So a phrase is found in a name as whole words: " lactose " in " lactose monohydrate ",
    " yellow no 5 " in " fd c yellow no 5 ", but " yellow no 1 " not in " d c yellow no 10 ".
    """
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _entries(value: object) -> list[dict[str, object]]:
    """Return the dictionaries of a metadata list."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _names(value: object) -> list[str]:
    """Return the text items of a list."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def names(metadata: dict[str, object]) -> list[str]:
    """Return every ingredient a label names, active then inactive, each once."""
    found = [str(e.get("name", "")) for e in _entries(metadata.get("active_ingredients"))]
    for entry in _entries(metadata.get("inactive_ingredients")):
        found += _names(entry.get("ingredients"))
    return [name for name in dict.fromkeys(found) if name]


def index_words(metadata: dict[str, object]) -> str | None:
    """Return what the index keeps to find a label by ingredient: each name's words, "|" apart.

    No phrase holds "|", so none is found across two names.
    """
    return "|".join(words(name) for name in names(metadata)) or None


# The title of what search finds in a label's product data, beside its sections.
SEARCHED_TITLE = "Inactive ingredients (product data)"


def index_row(metadata: dict[str, object]) -> tuple[str, str, str] | None:
    """Return what the index keeps of a label's ingredients: words, and title and text to search.

    The text is the inactive ones, each once, as the label names them, "; " apart.
    """
    found = index_words(metadata)
    if found is None:
        return None
    inactive = [
        name
        for entry in _entries(metadata.get("inactive_ingredients"))
        for name in _names(entry.get("ingredients"))
    ]
    plain = "; ".join(dict.fromkeys(inactive))
    return found, SEARCHED_TITLE if plain else "", plain


def facts(metadata: dict[str, object]) -> list[tuple[str, str]]:
    """Return the active and inactive ingredients to show, as (what, value) pairs.

    The inactive ones once when every product lists the same, else per product:
    which strength holds lactose is what is asked.
    """
    found: list[tuple[str, str]] = []
    actives = [
        " ".join(filter(None, (str(e.get("name", "")), str(e.get("strength", "")))))
        for e in _entries(metadata.get("active_ingredients"))
    ]
    if any(actives):
        found.append(("Active ingredients", "; ".join(dict.fromkeys(a for a in actives if a))))
    groups: dict[tuple[str, ...], list[str]] = {}
    for entry in _entries(metadata.get("inactive_ingredients")):
        listed = tuple(_names(entry.get("ingredients")))
        if listed:
            groups.setdefault(listed, []).append(_product(entry))
    for listed, products in groups.items():
        shown = "; ".join(listed)  # names hold commas: "SODIUM PHOSPHATE, DIBASIC"
        if len(groups) == 1:
            found.append(("Inactive ingredients", shown))
        else:
            found.append((f"Inactive ingredients ({'; '.join(products)})", shown))
    return found


def _product(entry: dict[str, object]) -> str:
    """Return how a product is told apart: "Meloxicam 7.5 mg, NDC 57664-512"."""
    name = " ".join(str(entry.get(key, "")) for key in ("product", "strength")).strip()
    ndc = str(entry.get("ndc", ""))
    return ", ".join(filter(None, (name, f"NDC {ndc}" if ndc else "")))
