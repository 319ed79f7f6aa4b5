"""Which of a drug's monographs and FDA labels to show, and how to name the others.

The rule (README, "Many labels of one drug"): a name matched whole, or a label of
the drug the name is (any salt, medinfo.names.drug_key), before one matched by its
words; then the first directory (a later one's are hidden); then, when the name says
more than the drug (a salt, a form), what matches it as written; then a Markdown
monograph (file name over title over alias) before labels; among labels, prescription
before OTC, then a systemic route (oral, then injected) before other systemic ones
(rectal, sublingual) and local ones (eye, ear, skin, nose, transdermal) and kits, then
the newest (effective date, then version), then set id and path, so that ties are
always broken the same way. The routes and forms a label has are its own words,
stored at build time: nothing is parsed here.
"""

from __future__ import annotations

import functools

from medinfo.text import name_words

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# Routes of an injection, as SPL writes them (lowercased).
INJECTED = frozenset(
    """
    intravenous intramuscular subcutaneous intradermal intra-articular intralesional
    intrathecal epidural intra-arterial intracavernous intraperitoneal parenteral
    infiltration perineural intravitreal intrasynovial intraspinal
    """.split()
)
# Systemic routes that are neither swallowed nor injected.
_OTHER_SYSTEMIC = frozenset(("rectal", "sublingual", "buccal"))

# What a user may type for --route, and the label routes (lowercased) each means.
ROUTE_WORDS: dict[str, frozenset[str]] = {
    "oral": frozenset(("oral",)),
    "mouth": frozenset(("oral",)),
    "by mouth": frozenset(("oral",)),
    "po": frozenset(("oral",)),
    "injection": INJECTED,
    "injected": INJECTED,
    "injectable": INJECTED,
    "parenteral": INJECTED,
    "iv": frozenset(("intravenous",)),
    "im": frozenset(("intramuscular",)),
    "sc": frozenset(("subcutaneous",)),
    "subq": frozenset(("subcutaneous",)),
    "ophthalmic": frozenset(("ophthalmic",)),
    "eye": frozenset(("ophthalmic",)),
    "eyes": frozenset(("ophthalmic",)),
    "otic": frozenset(("otic", "auricular (otic)")),
    "ear": frozenset(("otic", "auricular (otic)")),
    "topical": frozenset(("topical", "cutaneous")),
    "skin": frozenset(("topical", "cutaneous", "transdermal")),
    "cutaneous": frozenset(("topical", "cutaneous")),
    "dermal": frozenset(("topical", "cutaneous")),
    "nasal": frozenset(("nasal",)),
    "nose": frozenset(("nasal",)),
    "intranasal": frozenset(("nasal",)),
    "inhalation": frozenset(("respiratory (inhalation)", "inhalation")),
    "inhaled": frozenset(("respiratory (inhalation)", "inhalation")),
    "vaginal": frozenset(("vaginal",)),
    "transdermal": frozenset(("transdermal",)),
}

# What shell completion offers for --form: one word each.
FORM_OFFERED = [
    "tablet",
    "capsule",
    "extended-release",
    "delayed-release",
    "chewable",
    "suspension",
    "solution",
    "injection",
    "drops",
    "gel",
    "cream",
    "ointment",
    "patch",
    "spray",
    "suppository",
    "powder",
    "kit",
]

# A label's first dosage form (lowercased words) in pharmacist words, by route kind:
# (words the form holds, singular, plural); the first whose words it holds wins.
Phrases = tuple[tuple[set[str], str, str], ...]
_ORAL: Phrases = (
    ({"extended", "tablet"}, "extended-release tablet", "extended-release tablets"),
    ({"delayed", "tablet"}, "delayed-release tablet", "delayed-release tablets"),
    ({"chewable"}, "chewable tablet", "chewable tablets"),
    ({"disintegrating"}, "orally disintegrating tablet", "orally disintegrating tablets"),
    ({"tablet"}, "oral tablet", "oral tablets"),
    ({"extended", "capsule"}, "extended-release capsule", "extended-release capsules"),
    ({"delayed", "capsule"}, "delayed-release capsule", "delayed-release capsules"),
    ({"capsule"}, "oral capsule", "oral capsules"),
    ({"powder"}, "oral powder", "oral powders"),
    ({"granule"}, "oral granules", "oral granules"),
    ({"suspension"}, "oral suspension", "oral suspensions"),
    ({"syrup"}, "syrup", "syrups"),
    ({"solution"}, "oral solution", "oral solutions"),
    ({"liquid"}, "oral liquid", "oral liquids"),
    ({"elixir"}, "elixir", "elixirs"),
    ({"film"}, "oral film", "oral films"),
    ({"lozenge"}, "lozenge", "lozenges"),
)
_EYE: Phrases = (
    ({"ointment"}, "eye ointment", "eye ointments"),
    ({"gel"}, "eye gel", "eye gels"),
    (set(), "eye drops", "eye drops"),
)
_EAR: Phrases = ((set(), "ear drops", "ear drops"),)
_SKIN: Phrases = (
    ({"patch"}, "skin patch", "skin patches"),
    ({"gel"}, "gel", "gels"),
    ({"cream"}, "cream", "creams"),
    ({"ointment"}, "ointment", "ointments"),
    ({"lotion"}, "lotion", "lotions"),
    ({"foam"}, "foam", "foams"),
    ({"spray"}, "skin spray", "skin sprays"),
    ({"solution"}, "topical solution", "topical solutions"),
)
_NOSE: Phrases = (({"spray"}, "nasal spray", "nasal sprays"),)
_PATCH: Phrases = ((set(), "transdermal patch", "transdermal patches"),)
_RECTAL: Phrases = (
    ({"suppository"}, "suppository", "suppositories"),
    ({"enema"}, "enema", "enemas"),
)
_LUNG: Phrases = (
    ({"aerosol"}, "inhaler", "inhalers"),
    ({"powder"}, "inhalation powder", "inhalation powders"),
    ({"solution"}, "inhalation solution", "inhalation solutions"),
)
_PHRASES: dict[str, Phrases] = {
    "oral": _ORAL,
    "ophthalmic": _EYE,
    "otic": _EAR,
    "auricular (otic)": _EAR,
    "topical": _SKIN,
    "cutaneous": _SKIN,
    "nasal": _NOSE,
    "transdermal": _PATCH,
    "rectal": _RECTAL,
    "respiratory (inhalation)": _LUNG,
}
_KIT = ("kit", "kits")
_INJECTION = ("injection", "injections")
_MONOGRAPH = ("monograph", "monographs")
# Form words a user may type for another spelling of them.
_FORM_SYNONYMS = {
    "er": ["extended", "release"],
    "xr": ["extended", "release"],
    "sr": ["extended", "release"],
    "dr": ["delayed", "release"],
    "ec": ["delayed", "release"],
    "drop": ["drops"],
    "injectable": ["injection"],
    "pill": ["tablet"],
}


def split(stored: str | None) -> list[str]:
    """Return the routes or forms the index keeps for a label, lowercased, in label order."""
    return [part.casefold() for part in stored.split("\n") if part] if stored else []


def route_rank(routes: list[str], forms: list[str]) -> int:
    """Return where a label's routes put it: 0 oral, 1 injected, 2 other systemic, 3 local."""
    if forms and all(form == "kit" for form in forms):
        return 3  # a kit packs the drug with other things: never the drug's own form
    ranks = [_rank(route) for route in routes]
    return min(ranks, default=3)


def _rank(route: str) -> int:
    """Return the rank of one route (see route_rank)."""
    if route == "oral":
        return 0
    if route in INJECTED:
        return 1
    return 2 if route in _OTHER_SYSTEMIC else 3


def phrase(routes: list[str], forms: list[str]) -> tuple[str, str]:
    """Return what a pharmacist calls a label's product, singular and plural.

    Its best route and first form; a route or form without a name here is said in
    the label's own words, lowercased.
    """
    form = forms[0] if forms else ""
    if form == "kit":
        return _KIT
    route = min(routes, key=_rank) if routes else ""
    if route in INJECTED or form.startswith("injection"):
        return _INJECTION
    words = set(singular_words(form))
    for needed, one, many in _PHRASES.get(route, ()):
        if needed <= words:
            return one, many
    own = " ".join(part for part in (route, form) if part) or "label"
    return own, own


def singular_words(text: str) -> list[str]:
    """Return the words of a route or form, each singular ("tablets" -> "tablet")."""
    found = []
    for word in name_words(text):
        if len(word) > 3 and word.endswith(("ches", "shes", "xes", "sses")):
            word = word[:-2]
        elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "drops")):
            word = word[:-1]
        found.append(word)
    return found


def breakdown(products: Iterable[tuple[str, str] | None]) -> str:
    """Return "16 oral tablets, 17 injections, 1 monograph": a count per kind, most first."""
    counts: dict[tuple[str, str], int] = {}
    for product in products:
        key = product if product is not None else _MONOGRAPH
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0][1]))
    return ", ".join(f"{n} {one if n == 1 else many}" for (one, many), n in ordered)


def route_means(value: str) -> frozenset[str]:
    """Return the label routes (lowercased) a --route value means."""
    typed = " ".join(value.casefold().split())
    return ROUTE_WORDS.get(typed, frozenset((typed,)))


def has_route(routes: list[str], value: str) -> bool:
    """Tell whether a label of these routes is of the route a user asked for."""
    wanted = route_means(value)
    return any(route in wanted for route in routes)


def form_words(value: str) -> set[str]:
    """Return the words a --form value asks for, singular, other spellings spelled out."""
    found: set[str] = set()
    for word in singular_words(value):
        found.update(_FORM_SYNONYMS.get(word, [word]))
    return found - {"and", "for"}


def has_form(routes: list[str], forms: list[str], value: str) -> bool:
    """Tell whether a label's forms (or what a pharmacist calls them) hold every word asked."""
    wanted = form_words(value)
    if not wanted:
        return False
    said = set(singular_words(" ".join(phrase(routes, forms))))
    return any(wanted <= set(singular_words(form)) | said for form in forms)


def known_route(value: str, routes: Iterable[str]) -> bool:
    """Tell whether a --route value is a route at all: one of ours, or a label's own word."""
    typed = " ".join(value.casefold().split())
    return typed in ROUTE_WORDS or typed in {route.casefold() for route in routes}


def known_form(value: str, forms: Iterable[str]) -> bool:
    """Tell whether every word of a --form value is a form word: ours, or a label's."""
    known = {word for form in forms for word in singular_words(form)}
    for table in _PHRASES.values():
        for needed, one, many in table:
            known.update(needed, singular_words(one), singular_words(many))
    known.update(("injection", "kit", "drops", "eye", "ear", "nasal", "skin", *_FORM_SYNONYMS))
    wanted = form_words(value)
    return bool(wanted) and wanted <= known


class Candidate:
    """A monograph a name may mean, with what choosing among them needs (from the index)."""

    __slots__ = (
        "drug",
        "effective",
        "file_id",
        "forms",
        "kind",
        "label",
        "place",
        "rank",
        "rel",
        "root",
        "routes",
        "said",
        "set_id",
        "version",
        "whole",
    )

    def __init__(self, row: tuple[object, ...]) -> None:
        (file_id, whole, drug, root, rank, label, kind, effective, version, set_id, rel) = row[:11]
        self.file_id = _integer(file_id)
        self.whole = bool(whole)
        self.drug = bool(drug)
        self.root = _integer(root)
        self.rank = _integer(rank)
        self.label = bool(label)
        self.kind = kind if isinstance(kind, str) else ""
        self.effective = _number(effective)
        self.version = _number(version)
        self.set_id = set_id if isinstance(set_id, str) else ""
        self.rel = str(rel)
        routes, forms, self.place, self.said = _product(
            row[11] if isinstance(row[11], str) else None,
            row[12] if isinstance(row[12], str) else None,
        )
        self.routes, self.forms = list(routes), list(forms)

    def order(self, specific: bool) -> tuple[object, ...]:
        """Return the sort key of the rule above; specific: the name says more than the drug."""
        tier = 0 if self.whole or self.drug else 1
        first = (tier, self.root, specific and not self.whole, self.label)
        if not self.label:
            return (*first, self.rank, 0, 0, 0, 0, "", self.rel)
        kind = {"prescription": 0, "otc": 2}.get(self.kind, 1)
        return (*first, 0, kind, self.place, -self.effective, -self.version, self.set_id, self.rel)

    def product(self) -> tuple[str, str] | None:
        """Return what a pharmacist calls this label's product; None for a Markdown monograph."""
        return self.said if self.label else None


# A drug's thousands of labels have a few routes and forms between them: each pair
# is split, ranked and named once, not once a label.
@functools.lru_cache(maxsize=1024)
def _product(
    routes: str | None, forms: str | None
) -> tuple[tuple[str, ...], tuple[str, ...], int, tuple[str, str]]:
    """Return stored routes and forms split, their route rank and their product's phrase."""
    split_routes, split_forms = split(routes), split(forms)
    rank, said = route_rank(split_routes, split_forms), phrase(split_routes, split_forms)
    return tuple(split_routes), tuple(split_forms), rank, said


def chosen(candidates: list[Candidate], specific: bool, every: bool = False) -> list[Candidate]:
    """Return the candidates of the first directory that has one (every: of all), in order."""
    ordered = sorted(candidates, key=lambda c: c.order(specific))
    return ordered if every else [c for c in ordered if c.root == ordered[0].root]


def _integer(value: object) -> int:
    """Return an integer the index gives as one (anything else as its digits)."""
    return value if type(value) is int else int(str(value))


# Labels of one drug share their dates and versions: each is read once.
@functools.lru_cache(maxsize=4096)
def _number(value: object) -> int:
    """Return a date (YYYY-MM-DD) or version as a number to sort by; 0 when it is neither."""
    digits = value.replace("-", "") if isinstance(value, str) else ""
    return int(digits) if digits.isdigit() and len(digits) <= 12 else 0


def narrowed(name: str, found: list[Candidate], route: str, form: str) -> list[Candidate]:
    """Return the labels of the route and form asked for; raise NotFound if none is.

    The message then says what the drug's labels are, and their routes.
    """
    from medinfo.errors import NotFound

    kept = [
        c
        for c in found
        if c.label
        and (not route or has_route(c.routes, route))
        and (not form or has_form(c.routes, c.forms, form))
    ]
    if kept:
        return kept
    asked = " and ".join(
        part
        for part in (f"route '{route}'" if route else "", f"form '{form}'" if form else "")
        if part
    )
    labels = [c for c in chosen(found, False) if c.label]
    if not labels:
        raise NotFound(f"'{name}' has no FDA label, so none has {asked}")
    routes = ", ".join(dict.fromkeys(r for c in labels for r in c.routes)) or "none"
    raise NotFound(
        f"no label of '{name}' has {asked}",
        f"its labels: {breakdown(c.product() for c in labels)} (routes: {routes})",
    )


def check_words(
    route: str, form: str, labels: Callable[[], list[tuple[int, str, str | None, str | None]]]
) -> None:
    """Raise a usage error (exit 2) for a --route or --form value that is no route or form.

    labels gives root, path, routes and forms of every label, asked only when a value
    is none of ours: a route or form word as some label writes it is one too.
    """
    from medinfo.errors import USAGE, MedinfoError

    rows: list[tuple[int, str, str | None, str | None]] = []
    if (route and not known_route(route, ())) or (form and not known_form(form, ())):
        rows = labels()
    if route and not known_route(route, (r for row in rows for r in split(row[2]))):
        raise MedinfoError(
            f"unknown route '{route}'",
            USAGE,
            "routes: oral, injection (intravenous, intramuscular, subcutaneous), "
            "ophthalmic or eye, otic or ear, topical or skin, nasal, inhalation, rectal, "
            "vaginal, transdermal, or a route as labels write it",
        )
    if form and not known_form(form, (f for row in rows for f in split(row[3]))):
        raise MedinfoError(
            f"unknown dosage form '{form}'",
            USAGE,
            "e.g. tablet, capsule, extended-release, injection, eye drops, gel, patch",
        )


def note(name: str, found: list[Candidate], route: str = "", form: str = "") -> str:
    """Return the note on the others a name matched: how many, and of which route and form."""
    from medinfo.ndc import query_keys

    others = found[1:]
    coded = bool(query_keys(name))  # found by the NDC or barcode it is, not by name
    asked = " ".join(
        part
        for part in (f"--route {route}" if route else "", f"--form {form}" if form else "")
        if part
    )
    where = f" with {asked}" if asked else ""
    if not any(c.label for c in found):
        matches = "other monograph matches" if len(others) == 1 else "other monographs match"
        head = f"{len(others)} {matches} '{name}'{where}"
    else:
        noun = "labels" if all(c.label for c in others) else "monographs"
        noun = noun[:-1] if len(others) == 1 else noun
        kinds = breakdown(c.product() for c in others)
        of = f"{'lists' if len(others) == 1 else 'list'} NDC {name}" if coded else f"of '{name}'"
        head = f"{len(others)} other {noun} {of}{where} ({len(found)} in all): {kinds}"
    picks = "--route, --form, --labeler or a set id picks one"
    if not any(c.label for c in found) or coded:
        return f"note: {head}; `medinfo list {name}` shows them, {picks}"
    # A listing matches the name in titles too, so it also holds the combinations and
    # kits that this count leaves out: say so, or the two numbers seem to disagree.
    listed = "shows them (and any combination or kit named like it)"
    return f"note: {head}; `medinfo list {name}` {listed}; {picks}"
