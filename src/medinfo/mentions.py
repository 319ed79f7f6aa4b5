"""Cross-mentions: the passages in one monograph that name another drug, quoted.

A drug is named by its name, an alias, a part of its combination ("codeine" for
Paracetamol + Codeine) or its class ("NSAIDs" for a drug whose class is
"Nonsteroidal anti-inflammatory drug (NSAID)"). This is what the monographs say
about two drugs together, not the verdict of an interaction checker.

What is quoted, so that a quote says what it is about:
- an item, FAQ or block whose label names the drug ("**Warfarin:** ...",
  "**Q: Is it safe with warfarin?** A: ...", "#### Warfarin" and what it covers): whole;
- a sentence that names the drug inside an item with a lead of its own (a FAQ,
  "**Bleeding:** ..."): the item from its lead to the last sentence that names
  the drug, so that a FAQ answer comes with its question and "Omeprazole may
  raise it" with the "**Medicines that change the INR:**" it speaks of (such
  items are short: 99% of those of a 3,204-monograph collection hold four
  sentences or fewer);
- the same under a bold label line that covers one block ("**Q: ...?**" on its
  own line, "A: ..." below): from the label line on;
- any other sentence that names the drug: the sentence.
Every quote is a stretch of the monograph's text as written, but a table's rows.

- rows of a table that name the drug: a table of its own, with the table's caption
  and header.
A sentence that names the drug only to compare the two, or only as what one is
allergic to, is not about taking them together, and is not quoted (see
medinfo.mentiontext). A label names a class by its drugs' stems ("NSAIDs" for
ketorolac); a class both drugs are of names the other only where the text speaks of
others of it or of taking them together.
"""

from __future__ import annotations

import re
from functools import lru_cache

from medinfo.answers import Quote
from medinfo.drugwords import classes_of
from medinfo.excerpt import excerpt
from medinfo.mentiontext import names, spelled, table_rows
from medinfo.names import FORM_WORDS, SALTS
from medinfo.text import fold
from medinfo.textunits import is_table
from medinfo.topics import spans, units

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from medinfo.model import Monograph, Section

NOTE = (
    "What the monographs say about these drugs together, quoted from their text; "
    "not an interaction checker: no mention is no proof of safety."
)

_PARTS = re.compile(r"\s*(?:\+|/| with | and )\s*", re.I)
_LABEL_PARTS = re.compile(r"\s*(?:\+|/|,| with | and )\s*", re.I)
_PAREN = re.compile(r"\(([^()]{2,40})\)")
# Shorter than this, a name or alias matches too much text by chance.
_SHORTEST = 3
# Words of a name that say its salt or form, not the drug (see `_saltless`).
_NOT_DRUG = SALTS | FORM_WORDS
_WORDS = re.compile(r"[^\W_]+")


def terms(monograph: Monograph) -> list[str]:
    """Return the words that name a drug: name, aliases (and without salts), parts, class."""
    return terms_of(
        monograph.name, monograph.aliases, monograph.drug_class, monograph.source == "spl"
    )


def terms_of(
    name: str, aliases: Iterable[str], drug_class: str | None, label: bool = False
) -> list[str]:
    """Return the words that name a drug of this name, aliases and class.

    The parts of a combination are those of its name, or for an FDA label of its
    generic names (its aliases, "diphenhydramine citrate, ibuprofen"; its name when
    it has none, being its generic name): a label's title is a brand ("Aleve-D Sinus
    and Headache"), whose parts need not be drugs. Its class comes from `drug_class`
    and from the class its names' stems say (see `class_terms`).
    """
    aliases = list(aliases)
    return _unique([*name_terms(name, aliases, label), *class_terms(name, aliases, drug_class)])


def name_terms(name: str, aliases: Iterable[str], label: bool = False) -> list[str]:
    """Return the words that name a drug by its name, aliases and parts, not its class."""
    aliases = list(aliases)
    found = [name, *aliases]
    found.extend(plain for plain in map(_saltless, found) if plain)
    for whole in (aliases or [name]) if label else [name]:
        parts = [part for part in (_LABEL_PARTS if label else _PARTS).split(whole) if part]
        if len(parts) > 1:
            found.extend(parts)
            found.extend(plain for plain in map(_saltless, parts) if plain)
    return _unique(found)


def class_terms(name: str, aliases: Iterable[str], drug_class: str | None) -> list[str]:
    """Return the words that name a drug's class: its `drug_class`, and its stem's class.

    A label has no `drug_class`; its names do: diclofenac, ketorolac and ibuprofen are
    NSAIDs (drugwords.classes_of), so a label that names "NSAIDs" names each of them.
    """
    return list(_class_terms(name, tuple(aliases), drug_class))


@lru_cache(maxsize=4096)
def _class_terms(name: str, aliases: tuple[str, ...], drug_class: str | None) -> tuple[str, ...]:
    """Return `class_terms`, kept: the many monographs of a collection share few names."""
    found: list[str] = []
    if drug_class:
        found.append(_PAREN.sub("", drug_class))  # "Selective ... inhibitor antidepressant"
        found.extend(_PAREN.findall(drug_class))  # "(NSAID)", "(SSRI)"
    for words in classes_of([name, *aliases]):
        ways = spelled(words)
        # "NSAID" finds "NSAIDs" too (see `pattern`).
        found.extend(term for term in ways if not (term[-1:] == "s" and term[:-1] in ways))
    return tuple(_unique(found))


def _unique(found: Iterable[str]) -> list[str]:
    """Return terms once each (by case), white space made single, none too short."""
    unique: dict[str, str] = {}
    for term in found:
        term = " ".join(term.split())  # "inhibitor  antidepressant", once "(SSRI)" is out
        unique.setdefault(term.casefold(), term)
    # The length that counts is the folded one: it is what `naming` compares.
    return [term for term in unique.values() if len(fold(term)) >= _SHORTEST]


def _saltless(name: str) -> str:
    """Return a name without its salt and form words ("Metformin HCl ER" -> "Metformin").

    The first word is kept, and a name that starts with a salt word is left whole:
    "Calcium carbonate" is not "calcium", nor "Sodium valproate" "valproate" (the
    first word is what `naming` looks for). Empty when nothing is left out.
    """
    words = name.split()
    if len(words) < 2:
        return ""
    keys = [_key(word) for word in words]
    if keys[0] in _NOT_DRUG or not any(key in _NOT_DRUG for key in keys):
        return ""
    kept = [words[0]] + [
        word
        for word, key in zip(words[1:], keys[1:], strict=True)
        if key not in _NOT_DRUG and not word[0].isdigit()
    ]
    return " ".join(kept)


def pattern(names: list[str], kin: list[str] | None = None) -> re.Pattern[str]:
    """Return a pattern that finds any of the names as whole words, plural or not.

    The kin, class words the source shares (see `said`), are found as the group "kin".
    """

    def either(terms: list[str]) -> str:
        return "|".join(
            sorted(
                (r"\s+".join(re.escape(word) for word in term.split()) for term in terms),
                key=len,
                reverse=True,
            )
        )

    alternatives = either(names)
    if kin:
        alternatives = f"(?P<kin>{either(kin)})" + (f"|{alternatives}" if names else "")
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?:e?s)?(?!\w)", re.I)


def said(
    source: Monograph,
    about: Monograph,
    words: set[str] | None = None,
    memo: dict[tuple[str, str, str, str], list[Quote]] | None = None,
) -> list[Quote]:
    """Return what one monograph says about another drug: the passages that name it.

    A term both drugs have names the source itself: ibuprofen's own text saying
    "ibuprofen" is not about Ibuprofen + Paracetamol, nor a kit's text about its
    diclofenac about Diclofenac (a source that contains the drug says nothing of it
    as another drug). A class both drugs are of ("NSAIDs" in a label of another
    NSAID) names it only where the text speaks of another drug of the class or of
    taking them together (see `names`). Given the source's `heads` as words, terms
    whose first word is not among them are left out of the pattern: they cannot
    match, so no match changes, and one pattern then serves the many combinations
    that share a part (one name asks about each of them). A memo keeps what each
    section said, for labels that repeat another's text.
    """
    own, other = drugs_of(source), drugs_of(about)
    if contains(own, other):
        return []
    named, kin = _about(
        source, about.name, about.aliases, about.drug_class, about.source == "spl", words
    )
    if contains(other, own):
        kin = []  # a kit's class is that of the source's own drug in it
    return quotes_in(source.sections, pattern(named, kin), memo) if named or kin else []


def _about(
    source: Monograph,
    name: str,
    aliases: list[str],
    drug_class: str | None,
    label: bool,
    words: set[str] | None,
) -> tuple[list[str], list[str]]:
    """Return the terms of a drug that name it in a source's text: others, and shared classes."""
    own = {term.casefold() for term in terms(source)}
    own_names = {
        term.casefold() for term in name_terms(source.name, source.aliases, source.source == "spl")
    }
    classes = {term.casefold() for term in class_terms(name, aliases, drug_class)}
    named: list[str] = []
    kin: list[str] = []
    for term in terms_of(name, aliases, drug_class, label):
        folded = term.casefold()
        if words is not None and _key(_WORDS.findall(term)[0]) not in words:
            continue
        if folded not in own:
            named.append(term)
        elif folded in classes and folded not in own_names:
            kin.append(term)
    return named, kin


def contains(source: set[str], about: set[str]) -> bool:
    """Tell whether a drug is one part of another (a kit, a combination) by their drug keys.

    Such a product's text naming the drug is about its own part, not another drug.
    """
    words = [set(key.split()) for key in source]
    return any(set(key.split()) < whole for key in about for whole in words)


def terms_about(
    source: Monograph,
    others: Iterable[tuple[int, str, list[str], str | None, bool]],
    words: set[str] | None = None,
    kin: bool = True,
) -> re.Pattern[str] | None:
    """Return the pattern `said` would make for a drug of several monographs, all in one.

    Each of the others is (id, name, aliases, class, label): the terms of every label of one
    drug, so that its text naming any of them is found once, not once per label. Without
    kin, for a drug that contains the source's, a class both are of is left out.
    """
    named: dict[str, str] = {}
    shared_terms: dict[str, str] = {}
    for _, name, aliases, drug_class, label in others:
        other, shared = _about(source, name, aliases, drug_class, label, words)
        named.update((term.casefold(), term) for term in other)
        if kin:
            shared_terms.update((term.casefold(), term) for term in shared)
    if not named and not shared_terms:
        return None
    return pattern(list(named.values()), list(shared_terms.values()))


def drug_keys(name: str, label_drug: str | None) -> set[str]:
    """Return the drug a monograph is: its label's drug key, and its name's without salts.

    Two monographs that share one are the same drug ("Metformin HCl" and a label of
    "Metformin Hydrochloride"), never a pair.
    """
    from medinfo.names import drug_key

    return {key for key in (label_drug, drug_key(name)) if key}


def drugs_of(monograph: Monograph) -> set[str]:
    """Return the drug a monograph is (see drug_keys), its label's key as the index makes it."""
    label_drug = None
    if monograph.source == "spl":
        from medinfo.names import label_drug as of_label

        generics = monograph.metadata.get("generic_names")
        names = [g for g in generics if isinstance(g, str)] if isinstance(generics, list) else []
        label_drug = of_label(names or [monograph.name])
    return drug_keys(monograph.name, label_drug)


def quotes(monograph: Monograph, named: re.Pattern[str]) -> list[Quote]:
    """Return the passages of a monograph that name a drug (see the module's docstring)."""
    return quotes_in(monograph.sections, named)


def quotes_in(
    sections: list[Section],
    named: re.Pattern[str],
    memo: dict[tuple[str, str, str, str], list[Quote]] | None = None,
) -> list[Quote]:
    """Return the passages of some sections that name a drug, in document order."""
    if memo is None:
        return [quote for section in sections for quote in _quotes_of(section, named)]
    found: list[Quote] = []
    for section in sections:
        key = (named.pattern, section.key, section.label, section.text)
        if key not in memo:
            memo[key] = _quotes_of(section, named)
        found.extend(memo[key])
    return found


def _quotes_of(section: Section, named: re.Pattern[str]) -> list[Quote]:
    """Return the passages of one section that name a drug, in document order."""
    found: list[Quote] = []
    if section.key == "disclaimer" or not named.search(section.text):
        return found  # nothing in it can name the drug: no need to split it up

    def quote(text: str) -> None:
        found.append(Quote(section.key, section.label, text))

    for label, text, parts in units(section.text):
        if label is not None and names(label, named):
            quote(text)  # "#### Warfarin" and all it covers
            continue
        # A bold label line and the one block it covers: "**Q: ...?**", then "A: ...".
        covered = label is not None and len(parts) == 1 and not text.startswith("#")
        for own, body in parts:
            hits = [(start, end) for start, end in spans(body) if names(body[start:end], named)]
            if not hits:
                continue
            if is_table(body):
                rows = table_rows(body, hits)
                lead = text.split("\n", 1)[0] if covered else ""
                quote(f"{lead}\n\n{rows}" if lead and lead not in rows else rows)
            elif covered or own is not None:
                # From the lead on: a FAQ with its question, an item with its label.
                whole = text if covered else body
                end = max(whole.find(body), 0) + hits[-1][1]
                quote(excerpt(whole, 0, end))
            else:
                for start, end in hits:
                    quote(excerpt(body, start, end))  # its emphasis whole, as written
    return found


def naming(
    subject: Monograph, others: Iterable[tuple[int, str, list[str], str | None, bool]]
) -> list[int]:
    """Return which of the others (id, name, aliases, class, label) a monograph's text may name.

    Every drug `quotes` finds is among them: where the pattern matches a term, the
    text's words are the term's words, the last maybe with "s" or "es" (a word of
    its own after a term that ends in a bracket), so the folded run of words that
    starts with the term's first word is the folded term, maybe with "s" or "es".
    The converse need not hold (a comparison, a run across two sentences), which
    `quotes` then decides.
    """
    texts = _words(subject)
    known = heads(subject, texts)
    # The terms by their first word, with how many words they have: only those of
    # drugs with a term's first word in the text, which spares building the terms
    # of every drug of a large collection.
    starts: dict[str, list[tuple[int, int, str]]] = {}
    for other_id, name, aliases, drug_class, label in others:
        firsts = _FIRST_OF_PART.findall(name)
        if drug_class:  # most monographs have neither class nor aliases
            firsts.extend(_FIRST_OF_CLASS.findall(drug_class))
        if aliases:
            firsts.extend(first for alias in aliases for first in _FIRST_OF_PART.findall(alias))
        # The class its names' stems say ("NSAIDs", "water tablets" for furosemide).
        firsts.extend(_WORDS.findall(term)[0] for term in class_terms(name, aliases, None))
        if not any(_key(first) in known for first in firsts):
            continue
        for term in terms_of(name, aliases, drug_class, label):
            words = [_key(word) for word in _WORDS.findall(term)]
            if words:
                starts.setdefault(words[0], []).append((other_id, len(words), fold(term)))
    found: set[int] = set()
    for words in texts:
        for at, word in enumerate(words):
            for head in (word, word[:-1], word[:-2]) if word.endswith("s") else (word,):
                for other_id, size, key in starts.get(head, ()):
                    if other_id in found:
                        continue
                    run = "".join(words[at : at + size])
                    plural = (key + "s", key + "es")
                    if (
                        run == key
                        or run in plural
                        or run + "".join(words[at + size : at + size + 1]) in plural
                    ):
                        found.add(other_id)
    return sorted(found)


def heads(monograph: Monograph, texts: list[list[str]] | None = None) -> set[str]:
    """Return the words a term that a monograph's text names may start with (as keys).

    Each word of the text, and without its "s" or "es": a one-word term in the
    plural ("SSRIs").
    """
    found: set[str] = set()
    for words in _words(monograph) if texts is None else texts:
        for word in words:
            found.add(word)
            if word.endswith("s"):
                found.update((word[:-1], word[:-2] if word.endswith("es") else word))
    return found


def _words(monograph: Monograph) -> list[list[str]]:
    """Return the words of each section a mention may stand in, as keys."""
    return [
        [_key(word) for word in _WORDS.findall(section.text)]
        for section in monograph.sections
        if section.key != "disclaimer"
    ]


# The first word of each term `terms_of` makes of a name (the name, each part) or a
# class (the class, what is in its brackets, and after them when it starts with one).
_FIRST_OF_PART = re.compile(r"(?:^|[+/,]|\s(?:with|and)\s)[\W_]*?([^\W_]+)", re.I)
_FIRST_OF_CLASS = re.compile(r"(?:^|[()])[\W_]*?([^\W_]+)")


def _key(word: str) -> str:
    """Return a word's lookup key: `fold`, quicker for the plain ASCII word it mostly is."""
    return word.lower() if word.isascii() else fold(word)
