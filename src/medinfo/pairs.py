"""What the monographs of drugs say about each other, by drug: `interactions`.

The pairs are of drugs, not of files: two monographs or labels of one drug (the
same drug key, or the same name once salt words are dropped) are never a pair.
With two names each drug is its monograph or label as `show` picks it. With one,
the drug is the one `show` picks, and each other drug is said once: under the name
of the label `show` picks for it, what the drug's text says naming it by any of
its labels' names; and what it says of the drug, from its first label (in
medinfo.choice's order) that names it, counting how many of its other labels say
the same and how many say it otherwise, rather than once per label. Products that
share a drug and that its text quotes the same (Ibuprofen, "Ibuprofen and
Famotidine") come under one heading, the others listed "also in".
"""

from __future__ import annotations

from functools import partial
from typing import Any

from medinfo.answers import Mention, Mentions
from medinfo.choice import Candidate, chosen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.answers import Quote
    from medinfo.index.store import Store
    from medinfo.library import Library
    from medinfo.model import Monograph


def between(monographs: list[Monograph]) -> Mentions:
    """Return what each of the monographs says about each of the others.

    Two monographs of one drug (two labels, a salt and its base) are no pair.
    """
    from itertools import combinations

    from medinfo.mentions import NOTE, drugs_of, said

    found: list[Mention] = []
    for first, second in combinations(monographs, 2):
        if drugs_of(first) & drugs_of(second):
            continue
        for source, about in ((first, second), (second, first)):
            quoted = said(source, about)
            if quoted:
                found.append(Mention(source.name, about.name, quoted))
    return Mentions([m.name for m in monographs], found, NOTE)


def mentions(library: Library, name: str) -> Mentions:
    """Return the drugs one names in its text, and those whose text names it, once each.

    Each pair is decided as `between` decides it (mentions.said), so one name
    finds every pair two names find; the index only narrows which monographs to
    read, by tests that let through every one `said` could quote.
    """
    from medinfo.index.fts import any_of
    from medinfo.mentions import (
        NOTE,
        contains,
        drug_keys,
        drugs_of,
        heads,
        naming,
        quotes,
        terms,
        terms_about,
    )

    file_id, subject = library.located(name)
    own = drugs_of(subject)  # another label of the same drug is not another drug
    found: list[Mention] = []
    # What it names: the drugs one of whose terms (class too) is a run of its words.
    rows = {row[0]: row for row in library.ask(lambda store: store.naming_terms())}
    words = heads(subject)
    named = naming(subject, (row for row in rows.values() if row[0] != file_id))
    keyed: list[tuple[set[str], str, Mention]] = []
    for drug, group in _by_drug(library, named, own):
        keys = {key for c in group for key in drug_keys(c.name, c.label_drug)}
        if contains(own, keys):
            continue  # a kit's text on its own part is not on another drug (mentions.said)
        shown = _chosen_of(library, drug, group)
        others = [rows[c.file_id] for c in group if c.file_id in rows]
        about = terms_about(subject, others, words, kin=not contains(keys, own))
        quoted = quotes(subject, about) if about is not None else []
        if quoted:
            keyed.append((keys, drug, Mention(subject.name, shown.name, quoted)))
    found.extend(_merged(keyed))
    # Who names it: the monographs whose text the index finds one of its terms in
    # (porter stems "SSRIs" and "NSAIDs" as it stems "SSRI" and "NSAID").
    own_terms = terms(subject)
    match = any_of(own_terms) if own_terms else ""
    mentioning = library.ask(lambda store: store.mentioning(match) if match else [])
    for drug, group in _by_drug(library, [i for i in mentioning if i != file_id], own):
        mention = _said_by(library, drug, group, subject)
        if mention is not None:
            found.append(mention)
    return Mentions([subject.name], found, NOTE)


class Merged(Mention):
    """A mention that stands for the products containing its drug that are quoted the same."""

    __slots__ = ("also",)

    def __init__(self, mention: Mention, also: list[str]) -> None:
        super().__init__(mention.source, mention.about, mention.quotes, mention.others)
        self.also = also  # the products, by name

    def heading(self) -> str:
        """Return "Metformin on Ibuprofen (also in: Ibuprofen and Famotidine)"."""
        return f"{super().heading()} (also in: {', '.join(self.also)})"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the mention, with the products it stands for."""
        return {**super().to_dict(), "also_in": list(self.also)}


def _merged(keyed: list[tuple[set[str], str, Mention]]) -> list[Mention]:
    """Return mentions, one for products of a drug that are quoted the same.

    Metformin's table row on ibuprofen names "Ibuprofen and Famotidine" as it names
    Ibuprofen: the same quotes under each would say it once per product. Products
    that share a drug (by their drug keys' words) and are quoted the same come under
    the one of fewest drugs ("ibuprofen", not "famotidine ibuprofen"), in order.
    """
    same: dict[tuple[tuple[str, str], ...], list[list[int]]] = {}
    for at, (_, _, mention) in enumerate(keyed):
        said = tuple((quote.section, quote.text) for quote in mention.quotes)
        words = {word for key in keyed[at][0] for word in key.split()}
        groups = same.setdefault(said, [])
        shared = [
            group
            for group in groups
            if any(words & {w for key in keyed[i][0] for w in key.split()} for i in group)
        ]
        if shared:
            shared[0].append(at)
        else:
            groups.append([at])
    heads: dict[int, list[int]] = {}
    for groups in same.values():
        for group in groups:
            head = min(group, key=lambda at: (len(keyed[at][1].split()), at))
            heads[head] = [at for at in group if at != head]
    return [
        Merged(mention, [keyed[other][2].about for other in heads[at]]) if heads[at] else mention
        for at, (_, _, mention) in enumerate(keyed)
        if at in heads
    ]


class _Named(Candidate):
    """A candidate with its name and its label's drug key, as the index keeps them."""

    __slots__ = ("label_drug", "name")

    def __init__(self, row: tuple[object, ...]) -> None:
        super().__init__(row)
        self.name = str(row[13])
        self.label_drug = row[14] if isinstance(row[14], str) else None


def _by_drug(library: Library, ids: list[int], own: set[str]) -> list[tuple[str, list[_Named]]]:
    """Return monographs by their drug, in the order of medinfo.choice, leaving own out."""
    from medinfo.mentions import drug_keys
    from medinfo.names import drug_key

    if not ids:
        return []
    rows = library.ask(lambda store: store.candidates(ids))
    named = {row[0]: _Named(row) for row in rows}
    # A drug is each key its monographs share: a label's drug key, a name's (a
    # misspelt generic name still joins the labels of the same title).
    groups: list[tuple[set[str], list[Candidate]]] = []
    for one in named.values():
        keys = drug_keys(one.name, one.label_drug)
        if keys & own:
            continue
        joined = [group for group in groups if group[0] & keys]
        merged: tuple[set[str], list[Candidate]] = (keys, [one])
        for group in joined:
            groups.remove(group)
            merged[0].update(group[0])
            merged[1].extend(group[1])
        groups.append(merged)
    found = []
    for _, members in groups:
        ordered = [named[c.file_id] for c in chosen(members, False)]
        # Said by the key most of them have: one label's misspelt generic name is not it.
        said = [c.label_drug or drug_key(c.name) for c in ordered]
        found.append((max(said, key=said.count), ordered))
    return sorted(found, key=lambda item: item[0])


def _chosen_of(library: Library, drug: str, group: list[_Named]) -> _Named:
    """Return the monograph or label `show` picks for a drug, of those found or its labels."""
    ids = [c.file_id for c in group]
    rows = library.ask(lambda store: store.candidates(ids, drug))
    named = {row[0]: _Named(row) for row in rows}
    candidates: list[Candidate] = [*named.values()]
    return named[chosen(candidates, False)[0].file_id]


def _said_by(
    library: Library, drug: str, group: list[_Named], subject: Monograph
) -> Mention | None:
    """Return what one drug's monographs say about another, once: from the first that does.

    In medinfo.choice's order; the others that name it are counted, as saying the
    same (the same quotes) or saying it otherwise, not shown again.
    """
    from medinfo.mentions import said

    found: Mention | None = None
    memo: dict[tuple[str, str, str, str], list[Quote]] = {}  # labels repeat each other
    for candidate in group:
        source = library.ask(partial(_read, file_id=candidate.file_id))
        quoted = said(source, subject, memo=memo) if source is not None else []
        if not quoted or source is None:
            continue
        if found is None:
            found = Mention(source.name, subject.name, quoted, drug=drug)
        elif [(q.section, q.text) for q in quoted] == [(q.section, q.text) for q in found.quotes]:
            found.others += 1
        else:
            found.otherwise += 1
    return found


def _read(store: Store, file_id: int) -> Monograph | None:
    """Read one monograph back from the index."""
    return store.monograph(file_id)
