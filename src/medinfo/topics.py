"""Topics: which sentences of a monograph are about a question, by rules kept in this one place.

A topic (contraindications, pregnancy, kidney dosing...) is answered by the
monograph's own section for it when it has one; otherwise its text is gathered:
every list item labelled with the topic ("* **Breastfeeding:** ...", or items
under a "**Contraindications:**" line), every FAQ whose question is about it, and
every other sentence whose words are about it, quoted word for word in document
order with the section it came from. Sentences are never cut or merged.
"""

from __future__ import annotations

import re

from medinfo.model import Gathered, Quote
from medinfo.sections import TITLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section


class Topic:
    """What makes text about a topic: labels that name it, and words in a sentence."""

    __slots__ = ("about", "key", "labels", "sentences")

    def __init__(self, key: str, about: str, labels: str, sentences: str) -> None:
        self.key = key
        self.about = about  # the rule in one line, for `medinfo sections` and the README
        self.labels = re.compile(labels, re.I)
        self.sentences = re.compile(sentences, re.I)


_PREGNANCY = r"\bpregnan"
_BREASTFEEDING = (
    r"\bbreast[- ]?(?:feed|fed|milk)|\blactat|\bnursing (?:mother|women|infant|baby)"
    r"|\bwhile nursing|\bare nursing"
)
_KIDNEY = r"\bkidney|\brenal\b|\bnephro|creatinine clearance|\bCrCl\b|\beGFR\b|\bdialysis"
_LIVER = r"\bliver\b|\bhepat|\bcirrhosis|\bjaundice|\bChild[- ]Pugh"

TOPICS: dict[str, Topic] = {
    topic.key: topic
    for topic in (
        Topic(
            "boxed_warning",
            'sentences that mention a "boxed warning" or "black box" warning',
            r"boxed warning|black[- ]box",
            r"boxed warning|black[- ]box warning",
        ),
        Topic(
            "contraindications",
            'items labelled "Contraindications" or "Who should not take it"; sentences with '
            '"contraindicated", "must not be used/taken/given", "should not be used/taken by"',
            r"contra-?indicat|who should not (?:take|use)|do not (?:take|use)",
            r"contra-?indicat|\bmust not (?:be )?(?:used|taken|given|use|take)"
            r"|\bshould not (?:be )?(?:used|taken|given) (?:by|in|if|with|during)"
            r"|\bshould not (?:use|take) (?:it|this)",
        ),
        Topic(
            "interactions",
            "items labelled as interactions; sentences about interacting, other medicines, "
            "CYP enzymes, inhibitors or inducers, taking it together with something",
            r"interact|medicines|medications|\bdrugs\b|pain ?(?:relievers|killers)|alcohol|food",
            r"\binteract|\bother (?:medicines|medications|drugs)\b|\bCYP\d|\binhibitors?\b"
            r"|\binducers?\b|\bconcomitant|\bco-?administ|\b(?:taken|used|combined) (?:together )?"
            r"with (?:other|an?|any)\b|\bgrapefruit",
        ),
        Topic(
            "pregnancy",
            'sentences and labelled items that name pregnancy ("pregnant", "pregnancy")',
            _PREGNANCY,
            _PREGNANCY,
        ),
        Topic(
            "breastfeeding",
            "sentences and labelled items that name breastfeeding, breast milk, lactation or "
            '"nursing mothers"',
            _BREASTFEEDING,
            _BREASTFEEDING,
        ),
        Topic(
            "children",
            "sentences and labelled items about children, infants, adolescents, pediatric use",
            r"\bchild|\bpa?ediatric|\binfant|\badolescen|\bneonat|\bnewborn",
            r"\bchild|\bpa?ediatric|\binfants?\b|\badolescen|\bneonat|\bnewborn|\bteenager",
        ),
        Topic(
            "elderly",
            "sentences and labelled items about older adults, the elderly, geriatric use",
            r"\belderly|\bolder (?:adults|people|patients)|\bgeriatric",
            r"\belderly|\bolder (?:adults|people|patients|persons)|\bgeriatric"
            r"|\b(?:over|aged|above) (?:the age of )?6[05]\b",
        ),
        Topic(
            "renal",
            "sentences and labelled items that name the kidneys: kidney, renal, creatinine "
            "clearance, CrCl, eGFR, dialysis",
            _KIDNEY,
            _KIDNEY,
        ),
        Topic(
            "hepatic",
            "sentences and labelled items that name the liver: liver, hepatic, cirrhosis, "
            "jaundice, Child-Pugh",
            _LIVER,
            _LIVER,
        ),
        Topic(
            "overdose",
            'sentences about an overdose or "too much", and poison centres',
            r"overdos|too much",
            r"\boverdos|\btoo much\b|\bpoison(?:s)? (?:control|cent)",
        ),
        Topic(
            "storage",
            "sentences about storing it: store, storage, refrigerator, room temperature, out "
            "of reach of children, disposal",
            r"storage|\bstor(?:e|ing)\b|disposal",
            r"\bstor(?:e|ed|ing|age)\b|\brefrigerat|\broom temperature|\bdo not freeze"
            r"|\bout of (?:the )?(?:reach|sight) of children|\bdispos(?:e|al)",
        ),
        Topic(
            "missed_dose",
            "sentences about a missed or forgotten dose, or a double dose",
            r"miss(?:ed)? (?:a )?dose|forget",
            r"\bmiss(?:ed|es)? (?:a |the |your |one )?dose|\bforg[eo]t|\bdouble (?:the )?dose",
        ),
    )
}

# Sections never searched for a topic: the disclaimer says nothing about the drug.
_SKIPPED = frozenset(("disclaimer",))

_SUB_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]+")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(?P<label>[^*_\n]{1,200}?)\1")
# A sentence ends at . ! or ? (and a closing quote or bracket), then space, then
# something that can start a sentence.
_END = re.compile(r"[.!?][\"')\]]*\s+(?=[\"'(\[*_]*[A-Z0-9])")
# Words whose period is not the end of a sentence.
_LATIN = ("e.g", "i.e", "approx", "vs", "cf", "dr", "mr", "mrs", "ms", "fig", "incl", "esp")
_UNITS = ("mg", "mcg", "µg", "kg", "g", "ml", "iu", "mmol", "tab", "tabs", "caps", "inj")
_ABBREVIATIONS = frozenset((*_LATIN, *_UNITS, "ca", "al"))


def gather(monograph: Monograph, key: str) -> Gathered | None:
    """Return the quotes of a monograph about a topic, or None when nothing is about it."""
    topic = TOPICS[key]
    quotes: list[Quote] = []
    for section in monograph.sections:
        if section.key in _SKIPPED:
            continue
        quotes.extend(_quotes(section, topic))
    if not quotes:
        return None
    return Gathered(key, TITLES[key], quotes)


def _quotes(section: Section, topic: Topic) -> list[Quote]:
    """Return the parts of one section's text that are about a topic, in order."""
    found: list[Quote] = []
    for label, text in blocks(section.text):
        if label is not None and topic.labels.search(label):
            found.append(Quote(section.key, section.label, text))
            continue
        for sentence in sentences(text):
            if topic.sentences.search(sentence):
                found.append(Quote(section.key, section.label, sentence))
    return found


def blocks(text: str) -> list[tuple[str | None, str]]:
    """Split Markdown text into list items and paragraphs, each with the label it is under.

    The label is an item's or paragraph's own bold lead ("**Breastfeeding:** ...",
    "**Q: Can I ...?** A: ...") or a bold line alone right above a list.
    """
    found: list[tuple[str | None, str]] = []
    current: list[str] = []
    heading: str | None = None  # a bold line alone, naming the list below it
    sub: str | None = None  # a sub-heading ("#### Children"), naming what follows it

    def close() -> None:
        nonlocal heading
        if not current:
            return
        block = "\n".join(current).strip()
        current.clear()
        body = _ITEM.sub("", block, count=1)
        lead = _BOLD_LEAD.match(body)
        if lead and not body[lead.end() :].strip(" :*_"):
            heading = lead["label"]  # a label alone: it names what follows
            return
        is_item = bool(_ITEM.match(block))
        label = lead["label"] if lead else heading if is_item else None
        if not is_item:
            heading = None  # a paragraph ends the list a label line named
        found.append((label if label is not None else sub, body))

    for line in text.split("\n"):
        marks = _SUB_HEADING.match(line)
        if marks:
            close()
            sub, heading = marks["text"].strip(), None
        elif not line.strip():
            close()
        elif _ITEM.match(line) or (line.lstrip().startswith(("**Q", "__Q")) and current):
            close()
            current.append(line)
        else:
            current.append(line)
    close()
    return found


def sentences(text: str) -> list[str]:
    """Split a paragraph or list item into whole sentences, as written."""
    found: list[str] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].rsplit(None, 1)
        word = before[-1].rstrip(".").casefold().lstrip("(\"'") if before else ""
        if word in _ABBREVIATIONS:
            continue  # "e.g. Aspirin", "approx. 5", "5 mg. Then": not an end
        found.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        found.append(rest)
    return found


def answer(monograph: Monograph, keys: list[str]) -> tuple[list[Section | Gathered], list[str]]:
    """Return what a monograph says for each key, in the order asked, and the keys it lacks.

    A written section of the key is the answer; a topic without one is gathered.
    """
    chosen: list[Section | Gathered] = []
    missing: list[str] = []
    for key in keys:
        written = [section for section in monograph.sections if section.key == key]
        if written:
            chosen.extend(written)
            continue
        found = gather(monograph, key) if key in TOPICS else None
        if found is None:
            missing.append(key)
        else:
            chosen.append(found)
    return chosen, missing
