"""Canonical section keys, the words that select them, and heading classification."""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

# Stable keys, in the order a monograph usually presents them; JSON uses these.
KEYS: tuple[str, ...] = (
    "overview",
    "generic_name",
    "usage",
    "dosage",
    "side_effects",
    "how_it_works",
    "precautions",
    "faqs",
    "disclaimer",
    "other",
)

TITLES: dict[str, str] = {
    "overview": "Overview",
    "generic_name": "Generic Name",
    "usage": "Usage",
    "dosage": "Dosage",
    "side_effects": "Side Effects",
    "how_it_works": "How it Works",
    "precautions": "Precautions",
    "faqs": "FAQs",
    "disclaimer": "Disclaimer",
    "other": "Other",
}

# Headings and bold labels that name a section, lowercased with "&" read as "and".
# Kept narrow on purpose: a bold label inside a section only starts a new section
# when it is one of these, so "**Common Side Effects:**" stays a sub-heading.
_HEADINGS: dict[str, tuple[str, ...]] = {
    "generic_name": (
        "generic name",
        "generic names",
        "generic name(s)",
        "generic",
        "generic names and combinations",
        "active ingredient",
        "active ingredients",
        "components",
        "composition",
    ),
    "usage": (
        # Not "combined use": in combination monographs that labels a paragraph
        # inside Dosage or Side Effects, not a section of its own.
        "usage",
        "usages",
        "uses",
        "use",
        "indication",
        "indications",
        "combined usage",
        "what it is used for",
        "therapeutic uses",
    ),
    "dosage": (
        "dosage",
        "dosages",
        "dose",
        "doses",
        "dosing",
        "dosage and administration",
        "combined dosage",
    ),
    "side_effects": (
        "side effects",
        "side effect",
        "adverse effects",
        "adverse reactions",
        "possible side effects",
        "combined side effects",
    ),
    "how_it_works": (
        "how it works",
        "how does it work",
        "how they work",
        "how it work",
        "mechanism",
        "mechanism of action",
        "pharmacology",
        "combined mechanism",
    ),
    "precautions": (
        "precautions",
        "precaution",
        "warnings and precautions",
        "precautions and warnings",
        "warnings",
        "combined precautions",
    ),
    "faqs": (
        "faqs",
        "faq",
        "frequently asked questions",
        "faqs combined use",
        "questions",
        "common questions",
    ),
    "disclaimer": ("disclaimer", "important disclaimer", "medical disclaimer"),
}

# What a user may type to pick a section on the command line, on top of the
# heading words above and the keys themselves.
_USER_WORDS: dict[str, tuple[str, ...]] = {
    "overview": ("overview", "intro", "introduction", "summary", "about"),
    "generic_name": ("name", "generic", "ingredients"),
    "usage": ("used for", "what for", "purpose"),
    "dosage": ("posology", "administration", "how much", "strength"),
    "side_effects": ("adverse", "adr", "adrs", "effects", "se", "reactions"),
    "how_it_works": ("moa", "action", "mode of action"),
    "precautions": (
        "warning",
        "caution",
        "cautions",
        "contraindication",
        "contraindications",
        "interactions",
        "interaction",
        "safety",
    ),
    "faqs": ("faq", "qa", "q and a"),
    "disclaimer": ("legal",),
    "other": ("others", "extra", "misc"),
}


@lru_cache(maxsize=8192)  # the same few labels recur in every file of a collection
def _norm(label: str) -> str:
    """Return label lowercased, with "&" as "and" and punctuation at the edges removed."""
    label = label.casefold().replace("&", " and ").replace("_", " ").replace("-", " ")
    label = re.sub(r"\s+", " ", label)
    return label.strip(" \t:.;,*#-")


_HEADING_KEY: dict[str, str] = {
    _norm(word): key for key, words in _HEADINGS.items() for word in words
}
_USER_KEY: dict[str, str] = dict(_HEADING_KEY)
for _key, _words in _USER_WORDS.items():
    for _word in (*_words, _key, TITLES[_key]):
        _USER_KEY[_norm(_word)] = _key
_PAREN = re.compile(r"^(?P<label>.*?)\s*\((?P<paren>[^()]*)\)\s*:?\s*$")


# What a heading or bold label says: its section key and the component it names.
Label = namedtuple("Label", ["key", "component"])


def user_key(word: str) -> str | None:
    """Return the section key that a word typed by a user selects, if any."""
    return _USER_KEY.get(_norm(word))


def user_words() -> dict[str, list[str]]:
    """Return, per key, the words a user may type to select it."""
    words: dict[str, list[str]] = {key: [] for key in KEYS}
    for word, key in sorted(_USER_KEY.items()):
        words[key].append(word)
    return words


def classify(label: str, components: tuple[str, ...] = ()) -> Label | None:
    """Return the section a heading or bold label names, or None when it names none.

    ``components`` are the folded names of a combination's parts; a prefix or a
    parenthesis naming one of them ("Finasteride Usage", "Dosage (Adapalene)")
    becomes the section's component.
    """
    norm = _norm(label)
    key = _HEADING_KEY.get(norm)
    if key:
        return Label(key, None)
    match = _PAREN.match(label)
    if match:
        inner = _norm(match["label"])
        key = _HEADING_KEY.get(inner)
        if key:
            paren = match["paren"].strip()
            return Label(key, paren if _names_component(paren, components) else None)
        component_label = classify(match["label"], components)
        if component_label:
            return component_label
    words = label.strip().rstrip(":").split()
    for cut in range(1, len(words)):
        key = _HEADING_KEY.get(_norm(" ".join(words[cut:])))
        prefix = " ".join(words[:cut]).strip(" -:")
        # A part's name holds no colon or comma: "X: Usage, Dosage, Precautions" lists
        # the sections that follow; it is not a Precautions heading.
        if key and not any(ch in prefix for ch in ":,") and _names_component(prefix, components):
            return Label(key, prefix)
    return None


def _names_component(text: str, components: tuple[str, ...]) -> bool:
    """Tell whether text names one of the monograph's components (or the whole of it)."""
    from medinfo.text import fold

    folded = fold(text)
    if not folded or not components:
        return False
    return any(folded in part or part in folded for part in components if len(part) >= 3)
