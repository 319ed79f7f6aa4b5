"""Section and topic keys, the words that select them, and heading classification."""

from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

# Stable keys of written sections, in the order a monograph usually presents them;
# JSON uses these.
KEYS: tuple[str, ...] = (
    "overview",
    "generic_name",
    "usage",
    "dosage",
    "dosage_forms",
    "side_effects",
    "how_it_works",
    "precautions",
    "faqs",
    "description",
    "patient_info",
    "disclaimer",
    "other",
)

# The keys a bold label ("**Usage:**") may open a section of. Others, such as
# "**Dosage Forms:**" or "**Contraindications:**", stand inside the section they are
# in: a heading of their own ("### Contraindications") makes them a section.
BOLD_KEYS = frozenset(
    [
        "generic_name",
        "usage",
        "dosage",
        "side_effects",
        "how_it_works",
        "precautions",
        "faqs",
        "disclaimer",
    ]
)

# Stable keys of topics: a section of its own when a monograph has one (a heading
# such as "### Contraindications"), and what the other sections say (topics.py).
TOPIC_KEYS: tuple[str, ...] = (
    "boxed_warning",
    "contraindications",
    "interactions",
    "pregnancy",
    "breastfeeding",
    "children",
    "elderly",
    "renal",
    "hepatic",
    "overdose",
    "storage",
    "missed_dose",
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
    "dosage_forms": "Dosage Forms and Strengths",
    "description": "Description",
    "patient_info": "Patient Information",
    "boxed_warning": "Boxed Warning",
    "contraindications": "Contraindications",
    "interactions": "Interactions",
    "pregnancy": "Pregnancy",
    "breastfeeding": "Breastfeeding",
    "children": "Children",
    "elderly": "Elderly",
    "renal": "Kidney (renal) impairment",
    "hepatic": "Liver (hepatic) impairment",
    "overdose": "Overdose",
    "storage": "Storage",
    "missed_dose": "Missed dose",
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
    "dosage_forms": ("dosage forms", "dosage forms and strengths", "forms and strengths"),
    "description": ("description",),
    "patient_info": (
        "patient information",
        "patient counseling information",
        "patient counselling information",
        "medication guide",
    ),
    # Topics, as headings of their own. Bold labels naming them stay inside the
    # section they stand in (see the Markdown reader): there they are gathered.
    "boxed_warning": ("boxed warning", "black box warning", "warning box"),
    "contraindications": ("contraindications", "contraindication", "who should not take it"),
    "interactions": ("interactions", "drug interactions", "interactions with other medicines"),
    "pregnancy": ("pregnancy", "use in pregnancy", "pregnancy and breastfeeding"),
    "breastfeeding": ("breastfeeding", "breast feeding", "lactation", "nursing mothers"),
    "children": ("children", "use in children", "pediatric use", "paediatric use"),
    "elderly": ("elderly", "use in the elderly", "geriatric use", "older adults"),
    "renal": ("renal impairment", "kidney impairment", "kidney disease", "renal dosing"),
    "hepatic": ("hepatic impairment", "liver impairment", "liver disease"),
    "overdose": ("overdose", "overdosage"),
    "storage": ("storage", "storage and handling", "how to store", "how to store it"),
    "missed_dose": ("missed dose", "missed doses", "if you miss a dose"),
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
    "precautions": ("warning", "caution", "cautions", "safety"),
    "faqs": ("faq", "qa", "q and a"),
    "disclaimer": ("legal",),
    "other": ("others", "extra", "misc"),
    "dosage_forms": ("forms", "strengths", "formulations"),
    "description": ("inactive ingredients",),
    "patient_info": ("counseling", "counselling", "patient"),
    "boxed_warning": ("boxed", "black box", "box warning", "bbw"),
    "contraindications": ("ci", "cis", "contraindicated", "contra indications", "avoid"),
    "interactions": ("interaction", "interacts", "ddi", "ddis", "drug interaction"),
    "pregnancy": ("pregnant", "pregnancy category"),
    "breastfeeding": ("breast-feeding", "nursing", "breast milk", "lactating"),
    "children": ("child", "kids", "pediatric", "paediatric", "paediatrics", "pediatrics"),
    "elderly": ("geriatric", "geriatrics", "older", "old age", "seniors"),
    "renal": (
        "renal",
        "kidney",
        "kidneys",
        "ckd",
        "egfr",
        "crcl",
        "kidney dose",
        "kidney dosing",
        "renal dose",
        "kidney function",
    ),
    "hepatic": ("hepatic", "liver", "liver dose", "liver dosing", "hepatic dose", "hepatic dosing"),
    "overdose": ("od", "too much", "poisoning"),
    "storage": ("store", "storing", "keep"),
    "missed_dose": ("missed", "missing a dose", "forgot", "forgotten dose"),
}


@lru_cache(maxsize=8192)  # the same few labels recur in every file of a collection
def _norm(label: str) -> str:
    """Return label lowercased, with "&" as "and" and punctuation at the edges removed."""
    label = label.casefold().replace("&", " and ").replace("_", " ").replace("-", " ")
    label = re.sub(r"\s+", " ", label)
    return label.strip(" \t:.;,*#-")


@lru_cache(maxsize=1)  # made when first asked: a view of a monograph needs neither
def _keys() -> tuple[dict[str, str], dict[str, str]]:
    """Return the keys by heading word and by word a user may type, both normalised."""
    heading = {_norm(word): key for key, words in _HEADINGS.items() for word in words}
    user = dict(heading)
    for key, words in _USER_WORDS.items():
        for word in (*words, key, TITLES[key]):
            user[_norm(word)] = key
    return heading, user


_PAREN = re.compile(r"^(?P<label>.*?)\s*\((?P<paren>[^()]*)\)\s*:?\s*$")


# What a heading or bold label says: its section key and the component it names.
Label = namedtuple("Label", ["key", "component"])


def user_key(word: str) -> str | None:
    """Return the section key that a word typed by a user selects, if any."""
    return _keys()[1].get(_norm(word))


def read_words(words: list[str]) -> tuple[list[str], str | None]:
    """Return the keys that words typed in a row select, and the first word selecting none.

    Longest phrase first: "side effects" is one key, not "side" and "effects". The
    word is None when every word selects a key. An argument may hold several words
    (a quoted "side effects").
    """
    keys, rest = _read(words)
    return keys, rest[0] if rest else None


def unread(words: list[str]) -> list[str]:
    """Return the first word that selects no key and the words after it; [] if none."""
    return _read(words)[1]


def _read(words: list[str]) -> tuple[list[str], list[str]]:
    """Return the keys that words in a row select, and the words from the first selecting none."""
    split = [part for word in words for part in _norm(word).split(" ") if part]
    keys: list[str] = []
    at = 0
    while at < len(split):
        found = _phrase(split, at)
        if found is None:
            return keys, split[at:]
        keys.append(found[0])
        at = found[1]
    return keys, []


def starts_phrase(words: list[str]) -> bool:
    """Tell whether the first of the words, alone or with those after it, selects keys.

    Every word of the first is read: a quoted name that begins with a section word
    ("liver extract") is a name, a quoted "side effects" is a section.
    """
    split = [part for word in words[:1] for part in _norm(word).split(" ") if part]
    every = list(split)
    for word in words[1:]:  # only as many as a phrase may take: linear in a loop over words
        if len(every) >= len(split) + _longest():
            break
        every.extend(part for part in _norm(word).split(" ") if part)
    at = 0
    while at < len(split):
        found = _phrase(every, at)
        if found is None:
            return False
        at = found[1]
    return bool(split)


def first_reading(words: list[str]) -> int:
    """Return the first of the words from which the rest all select keys, read as read_words does.

    len(words) when the last word selects none. One pass from the end: trying each
    start with read_words took time growing with the square of the words.
    """
    split: list[str] = []
    starts: list[int] = []
    for word in words:
        starts.append(len(split))
        split.extend(part for part in _norm(word).split(" ") if part)
    reads = [False] * len(split) + [True]  # whether the parts from here on all read
    for at in range(len(split) - 1, -1, -1):
        found = _phrase(split, at)
        reads[at] = found is not None and reads[found[1]]
    return next((n for n, start in enumerate(starts) if reads[start]), len(words))


@lru_cache(maxsize=1)
def _longest() -> int:
    """Return how many words the longest phrase of the user's table has."""
    return max(len(phrase.split(" ")) for phrase in _keys()[1])


def _phrase(split: list[str], at: int) -> tuple[str, int] | None:
    """Return the key of the longest phrase starting at a word, and where it ends."""
    table = _keys()[1]
    for end in range(min(len(split), at + _longest()), at, -1):
        key = table.get(" ".join(split[at:end]))
        if key is not None:
            return key, end
    return None


def nearest_words(word: str, limit: int = 4) -> list[str]:
    """Return the section and topic words closest to a word that selects none, one a key."""
    import difflib

    typed = _norm(word)
    table = _keys()[1]
    words = sorted(table)
    close = difflib.get_close_matches(typed, words, n=limit * 4, cutoff=0.7)
    # "side" is the start of "side effects", too short to be close to it.
    begun = [w for w in words if w.startswith(typed + " ")] if typed else []
    found = [*close, *begun]
    chosen: dict[str, str] = {}
    for near in found:
        key = table[near]
        # The key's own words when they are close too: "side effects", not "side effect".
        chosen.setdefault(key, _norm(key) if _norm(key) in found else near)
    return list(chosen.values())[:limit]


def nearest_phrase(words: list[str], limit: int = 4) -> tuple[str, list[str]]:
    """Return a mistyped phrase as typed and the phrases closest to it, one a key.

    The first word with those after it, as many as a phrase may have, longest first
    ("sidde effects", "side efects": side effects); ("", []) when no phrase of two
    words or more is close.
    """
    import difflib

    split = [part for word in words for part in _norm(word).split(" ") if part][: _longest()]
    table = _keys()[1]
    for size in range(len(split), 1, -1):
        typed = " ".join(split[:size])
        same = [phrase for phrase in sorted(table) if phrase.count(" ") == size - 1]
        close = difflib.get_close_matches(typed, same, n=limit * 4, cutoff=0.8)
        chosen: dict[str, str] = {}
        for near in close:
            key = table[near]
            chosen.setdefault(key, _norm(key) if _norm(key) in close else near)
        if chosen:
            return typed, list(chosen.values())[:limit]
    return "", []


def user_words() -> dict[str, list[str]]:
    """Return, per key, the words a user may type to select it."""
    words: dict[str, list[str]] = {key: [] for key in (*KEYS, *TOPIC_KEYS)}
    for word, key in sorted(_keys()[1].items()):
        words[key].append(word)
    return words


def classify(label: str, components: tuple[str, ...] = ()) -> Label | None:
    """Return the section a heading or bold label names, or None when it names none.

    ``components`` are the folded names of a combination's parts; a prefix or a
    parenthesis naming one of them ("Finasteride Usage", "Dosage (Adapalene)")
    becomes the section's component.
    """
    headings = _keys()[0]
    key = headings.get(_norm(label))
    if key:
        return Label(key, None)
    match = _PAREN.match(label)
    if match:
        inner = _norm(match["label"])
        key = headings.get(inner)
        if key:
            paren = match["paren"].strip()
            return Label(key, paren if names_component(paren, components) else None)
        component_label = classify(match["label"], components)
        if component_label:
            return component_label
    words = label.strip().rstrip(":").split()
    for cut in range(1, len(words)):
        key = headings.get(_norm(" ".join(words[cut:])))
        prefix = " ".join(words[:cut]).strip(" -:")
        # A part's name holds no colon or comma: "X: Usage, Dosage, Precautions" lists
        # the sections that follow; it is not a Precautions heading.
        if key and not any(ch in prefix for ch in ":,") and names_component(prefix, components):
            return Label(key, prefix)
    return None


def names_component(text: str, components: tuple[str, ...]) -> bool:
    """Tell whether text names one of the monograph's components (or the whole of it)."""
    from medinfo.text import fold

    folded = fold(text)
    if not folded or not components:
        return False
    return any(folded in part or part in folded for part in components if len(part) >= 3)
