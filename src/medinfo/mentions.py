"""Cross-mentions: the sentences in one monograph that name another drug, quoted.

A drug is named by its name, an alias, a part of its combination ("codeine" for
Paracetamol + Codeine) or its class ("NSAIDs" for a drug whose class is
"Nonsteroidal anti-inflammatory drug (NSAID)"). This is what the monographs say
about two drugs together, not the verdict of an interaction checker.
"""

from __future__ import annotations

import re

from medinfo.answers import Quote
from medinfo.topics import sentences, units

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section

NOTE = (
    "What the monographs say about these drugs together, quoted from their text; "
    "not an interaction checker: no mention is no proof of safety."
)

_PARTS = re.compile(r"\s*(?:\+|/| with | and )\s*", re.I)
_PAREN = re.compile(r"\(([^()]{2,40})\)")
# Shorter than this, a name or alias matches too much text by chance.
_SHORTEST = 3


def terms(monograph: Monograph, with_class: bool = True) -> list[str]:
    """Return the words that name a drug: name, aliases, parts, and its class."""
    found = [monograph.name, *monograph.aliases]
    parts = [part for part in _PARTS.split(monograph.name) if part]
    if len(parts) > 1:
        found.extend(parts)
    drug_class = monograph.drug_class
    if with_class and drug_class:
        found.append(_PAREN.sub("", drug_class).strip())
        found.extend(_PAREN.findall(drug_class))  # "(NSAID)", "(SSRI)"
    unique = {term.strip().casefold(): term.strip() for term in found}
    return [term for key, term in unique.items() if len(key) >= _SHORTEST]


def pattern(names: list[str]) -> re.Pattern[str]:
    """Return a pattern that finds any of the names as whole words, plural or not."""
    alternatives = sorted((re.escape(name) for name in names), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?:e?s)?(?!\w)", re.I)


def quotes(monograph: Monograph, named: re.Pattern[str]) -> list[Quote]:
    """Return the sentences (and labelled items) of a monograph that name a drug."""
    return quotes_in(monograph.sections, named)


def quotes_in(sections: list[Section], named: re.Pattern[str]) -> list[Quote]:
    """Return the sentences (and labelled items) of some sections that name a drug."""
    found: list[Quote] = []
    for section in sections:
        if section.key == "disclaimer":
            continue
        for label, text, parts in units(section.text):
            if label is not None and named.search(label):
                found.append(Quote(section.key, section.label, text))  # "#### Warfarin" and all
                continue
            for _, body in parts:
                for sentence in sentences(body):
                    if named.search(sentence):
                        found.append(Quote(section.key, section.label, sentence))
    return found


def ngrams(monograph: Monograph, longest: int = 4) -> list[str]:
    """Return every run of one to `longest` words of a monograph's text, as lookup keys."""
    from medinfo.text import fold

    keys: dict[str, None] = {}
    for section in monograph.sections:
        if section.key == "disclaimer":
            continue
        words = _WORDS.findall(section.text)
        for start in range(len(words)):
            for size in range(1, longest + 1):
                if start + size <= len(words):
                    key = fold("".join(words[start : start + size]))
                    if len(key) >= _SHORTEST:
                        keys[key] = None
    return list(keys)


_WORDS = re.compile(r"[^\W_]+")
