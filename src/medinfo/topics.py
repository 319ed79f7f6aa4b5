"""Topics: which sentences of a monograph are about a question, quoted word for word.

A topic (contraindications, pregnancy, kidney dosing...) is answered by the
monograph's own section for it when it has one, and by what the other sections
say about it: every list item labelled with the topic ("* **Breastfeeding:** ...",
or items under a "**Contraindications:**" line), every labelled item or FAQ whose
label or text is about it (quoted whole, label and all, so the quote says what it
is about), and every other sentence whose words are about it, quoted word for word
in document order with the section it came from. Sentences are never cut or
merged; a quote already inside the written section is not repeated.

The rules (what "about" means for each topic) are in topicrules.py, the words that
name drugs in drugwords.py, the kidney and liver words in organwords.py, and how
text splits into labelled units, tables and sentences in textunits.py. A table's
quote is its caption, header and the rows about the topic, never a sentence cut from
a cell; a list item that does not stand alone comes with its list's lead-in.
"""

from __future__ import annotations

import re

from medinfo.answers import Gathered, Quote
from medinfo.drugwords import COMPARES, classes_of, drugs_named, own_class_said
from medinfo.excerpt import excerpt
from medinfo.sections import TITLES
from medinfo.textunits import ROW, is_table, lead_ins, sentences, spans, units
from medinfo.topicrules import LABEL_SECTIONS, POPULATIONS, TOPICS, Topic

__all__ = ["TOPICS", "Topic", "answer", "gather", "own_names", "sentences", "spans", "units"]

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section


def gather(monograph: Monograph, key: str) -> Gathered | None:
    """Return the quotes of a monograph about a topic, or None when nothing is about it.

    The topic's written sections are not searched: they are the answer whole.
    """
    quotes = [quote for part in _parts(monograph, key) if isinstance(part, list) for quote in part]
    return Gathered(key, TITLES[key], quotes) if quotes else None


def _parts(monograph: Monograph, key: str) -> list[Section | list[Quote]]:
    """Return, in document order, the topic's written sections and the quotes of the others."""
    topic = TOPICS[key]
    # The drug's own names only tell another drug from it, which only a topic that
    # drugs speak to asks (interactions): worked out for the others, they were half
    # the time of answering them.
    own = own_names(monograph) if topic.drugs else None
    label = monograph.source == "spl"
    written = [section for section in monograph.sections if section.key == key]
    said = [_squash(section.text) for section in written]
    parts: list[Section | list[Quote]] = []
    for section in monograph.sections:
        if section.key == key:
            parts.append(section)
            continue
        if section.key in topic.skip:
            continue
        if label and not _searched_in_label(section):
            continue
        if topic.labelled(
            section.title, own, section.key not in topic.no_drugs
        ):  # "Pregnancy and lactation": all of it
            found = [Quote(section.key, section.label, section.text)]
        else:
            found = _quotes(section, topic, own)
        found = [quote for quote in found if not any(_squash(quote.text) in s for s in said)]
        if not found:
            continue
        if parts and isinstance(parts[-1], list):
            parts[-1].extend(found)
        else:
            parts.append(found)
    return parts


def _searched_in_label(section: Section) -> bool:
    """Tell whether a section of an FDA label is one that says what to do."""
    return section.key in LABEL_SECTIONS or bool(POPULATIONS.search(section.title))


def _squash(text: str) -> str:
    """Return text without spaces, so a quote is found inside the text it came from."""
    return "".join(text.split())


# Two names of one drug, so that a monograph of one does not take the other for
# another drug ("Paracetamol (Acetaminophen)").
_PAIRS = (
    ("paracetamol", "acetaminophen"),
    ("salbutamol", "albuterol"),
    ("adrenaline", "epinephrine"),
    ("noradrenaline", "norepinephrine"),
    ("ciclosporin", "cyclosporine"),
    ("rifampicin", "rifampin"),
    ("pethidine", "meperidine"),
    ("glyceryl trinitrate", "nitroglycerin"),
)
_SAME = {one: other for pair in _PAIRS for one, other in (pair, pair[::-1])}


def own_names(monograph: Monograph) -> re.Pattern[str]:
    """Return a pattern for the monograph's own drug: its names, its parts, its class.

    Its class is read from the metadata (`drug_class`), from its name's stem or name
    (drugwords: diclofenac is an NSAID, atenolol a beta-blocker), from "X is a ..."
    sentences and from "like other NSAIDs". A class word of its own is its own unless
    "other" or "another" comes before it ("other NSAIDs" are other drugs).
    """
    names = {monograph.name, *monograph.aliases}
    for name in list(names):
        names.update(re.findall(r"[^\W\d_][\w-]{3,}", name))
        names.update(re.findall(r"[^\W\d_]\w{3,}", name))  # "S-Amlodipine": amlodipine too
    names.update(
        part.strip() for part in re.split(r"\s*(?:\+|/|,| with | and )\s*", monograph.name)
    )
    names.update(_SAME[name.casefold()] for name in list(names) if name.casefold() in _SAME)
    names.discard("")
    said = " ".join(_said_class(monograph))
    classes = {word for words in drugs_named(said) for word in words}
    classes.update(_kind(monograph))
    classes -= names
    alternatives = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    pattern = r"(?<!\w)(?:" + alternatives + r")(?:e?s)?(?!\w)"
    kinds = sorted((re.escape(word) for word in classes), key=len, reverse=True)
    kinds += classes_of(
        sorted(names), sorted(classes)
    )  # "NSAIDs" for diclofenac, "beta-blockers" for -olol
    if kinds:
        pattern += r"|(?<!other )(?<!another )(?<!\w)(?:" + "|".join(kinds) + r")(?:e?s)?(?!\w)"
    return re.compile(pattern, re.I)


# Metadata that may say what kind of drug it is: a monograph's front matter, or a
# label's pharmacologic class where its reader keeps one.
_CLASS_KEYS = (
    "drug_class",
    "pharmacologic_class",
    "pharm_class",
    "established_pharmacologic_class",
)


def _said_class(monograph: Monograph) -> list[str]:
    """Return what a monograph's metadata says its drug's class is."""
    found = [monograph.drug_class or ""]
    for key in _CLASS_KEYS:
        value = monograph.metadata.get(key)
        values = value if isinstance(value, list) else [value]
        found.extend(item for item in values if isinstance(item, str))
    return found


# Where a monograph says what kind of drug it is: "Diclofenac is a nonsteroidal
# anti-inflammatory drug (NSAID)", "It belongs to a class of medicines called statins".
_SAYS_KIND = re.compile(
    r"\b(?:is|are) (?:a|an|one of)\b|\bbelongs? to\b|\bclass of\b|\bknown as\b|\btype of\b",
    re.I,
)
_DESCRIBED_IN = ("overview", "generic_name", "usage", "how_it_works", "description")


def _kind(monograph: Monograph) -> set[str]:
    """Return the class words a monograph uses for its own drug, where it says what it is."""
    found: set[str] = set()
    for section in monograph.sections:
        if section.key in _DESCRIBED_IN:
            for sentence in sentences(section.text):
                if _SAYS_KIND.search(sentence):
                    found.update(drugs_named(sentence)[1])
        if section.key != "disclaimer":
            found.update(own_class_said(section.text))  # "like other NSAIDs", anywhere
    return {word for word in found if not word.casefold().startswith(("other ", "any ", "all "))}


def _quotes(section: Section, topic: Topic, own: re.Pattern[str] | None = None) -> list[Quote]:
    """Return the parts of one section's text that are about a topic, in order."""
    found: list[Quote] = []

    def quote(text: str) -> None:
        found.append(Quote(section.key, section.label, text))

    drugs = section.key not in topic.no_drugs

    def labelled(label: str, text: str) -> bool:
        return topic.labelled(label, own, drugs) and topic.guarded_passes(section.key, text, label)

    leads = lead_ins(section.text)
    listed = ""  # the lead-in of the list the last quote came from, if it did

    for label, text, parts in units(section.text):
        if label is None and text in leads:
            listed = _listed(found, (text, *leads[text]), listed, topic, section, own, drugs)
            continue
        listed = ""
        if label is not None and labelled(label, text):
            quote(text)
            continue
        for own_label, body in parts:
            if own_label is not None and labelled(own_label, body):
                quote(body)
                continue
            if is_table(body):
                rows = _table_rows(body, topic, own, drugs)
                if rows is not None:  # under a label of its own: the label line says what
                    lead = text.split("\n", 1)[0] if label is not None and len(parts) == 1 else ""
                    quote(f"{lead}\n\n{rows}" if lead and lead not in rows else rows)
                continue
            # A FAQ on alternatives names other drugs to compare, not to take together.
            named = drugs and not (own_label and COMPARES.search(own_label))
            heading = own_label if own_label is not None else label
            about = [
                (start, end)
                for start, end in spans(body)
                if topic.takes_in(section.key, body[start:end], own, named, heading)
            ]
            if about and heading is not None and _elsewhere(heading, topic, section.key):
                # "**Overdose:** ... naloxone ...": about this topic only if it says so.
                about = [span for span in about if topic.together.search(body[slice(*span)])]
            if own_label is not None and about:
                quote(body)  # a labelled item or a FAQ, whole: the quote says what it is about
            else:
                for start, end in about:
                    quote(excerpt(body, start, end))  # its emphasis whole, as in the paragraph
    return found


def _listed(
    found: list[Quote],
    item: tuple[str, str, str],
    listed: str,
    topic: Topic,
    section: Section,
    own: re.Pattern[str] | None,
    drugs: bool,
) -> str:
    """Quote a list item that does not stand alone with its list's lead-in; return the lead-in.

    Items of one list about the topic join one quote: the lead-in, then each of them
    as written ("The chance is higher if the child" and "- takes a blood thinning
    (anticoagulant) or steroid drug"). Return "" when no item of the list so far is.
    """
    body, lead, lines = item
    if not any(
        topic.takes_in(section.key, body[start:end], own, drugs) for start, end in spans(body)
    ):
        return listed if listed == lead else ""  # a later item of the list joins the quote
    if listed == lead and found:
        last = found[-1]
        found[-1] = Quote(last.section, last.title, f"{last.text}\n{lines}")
        return lead
    if found and _squash(found[-1].text) in _squash(lead):
        found.pop()  # the lead-in, quoted as a sentence of its own: it comes with its items
    found.append(Quote(section.key, section.label, f"{lead}\n\n{lines}"))
    return lead


def _elsewhere(label: str, topic: Topic, section: str) -> bool:
    """Tell whether a label files its text under another topic or a dose, for a topic that asks.

    Only a topic with words of its own for such items (interactions: taking the two
    together) asks: "**Overdose:**", "**Pregnancy:**", "**Storage:**" items, and the
    labelled items of Dosage ("**Acute coronary syndrome:**").
    """
    if not topic.together.pattern:
        return False
    if section == "dosage":
        return True
    return any(other.labels.search(label) for other in TOPICS.values() if other is not topic)


# A table this short is quoted whole when a row of it is about the topic.
_SMALL_TABLE = 5


def _table_rows(table: str, topic: Topic, own: re.Pattern[str] | None, drugs: bool) -> str | None:
    """Return a table's rows about a topic as a table of its own, or None when none is.

    The caption, header and delimiter rows come first, then each row about the topic,
    as written; a row with only its first cell filled heads the rows below it
    ("| **Anticoagulants** | |") and comes with them. A caption or header about the
    topic, or a short table, makes the whole table the quote; a cell is never cut.
    """
    lines = table.split("\n")
    at = next(number for number, line in enumerate(lines) if ROW.match(line))
    caption = "\n".join(lines[:at]).strip()
    head, rows = lines[at : at + 2], lines[at + 2 :]
    if (caption and topic.labelled(caption.strip("*_ "), own, drugs)) or topic.takes(
        lines[at], own, drugs
    ):
        return table
    chosen: list[int] = []
    group = -1  # the row heading the rows below it
    taken_group = False
    for number, row in enumerate(rows):
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        heads_group = len(cells) > 1 and bool(cells[0]) and not any(cells[1:])
        if heads_group:
            group = number
            taken_group = topic.takes(cells[0].strip("*_ "), own, drugs) or topic.labelled(
                cells[0].strip("*_ :"), own, drugs
            )
            if taken_group:
                chosen.append(number)
            continue
        if taken_group or topic.takes(row, own, drugs):
            if group >= 0 and group not in chosen:
                chosen.append(group)
            chosen.append(number)
    if not chosen:
        return None
    if len(rows) <= _SMALL_TABLE:
        return table
    return "\n".join(
        [*([caption, ""] if caption else []), *head, *(rows[number] for number in chosen)]
    )


def answer(monograph: Monograph, keys: list[str]) -> tuple[list[Section | Gathered], list[str]]:
    """Return what a monograph says for each key, in the order asked, and the keys it lacks.

    A section key is answered by its sections. A topic is answered by its written
    sections and by what the other sections say about it, in document order: a
    "Renal Impairment" subsection of a label comes with the dosing rules and
    contraindications that speak of the kidneys.
    """
    chosen: list[Section | Gathered] = []
    missing: list[str] = []
    for key in keys:
        if key in TOPICS:
            parts = [
                part if not isinstance(part, list) else Gathered(key, TITLES[key], part)
                for part in _parts(monograph, key)
            ]
        else:
            parts = [section for section in monograph.sections if section.key == key]
        if parts:
            chosen.extend(parts)
        else:
            missing.append(key)
    return chosen, missing
