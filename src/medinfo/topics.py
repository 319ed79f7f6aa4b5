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

from medinfo.answers import Gathered, Quote
from medinfo.sections import TITLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section


class Topic:
    """What makes text about a topic: labels that name it, and words in a sentence."""

    __slots__ = ("about", "exclude", "key", "labels", "sentences", "skip")

    def __init__(
        self,
        key: str,
        about: str,
        labels: str,
        sentences: str,
        exclude: str = r"(?!)",
        skip: tuple[str, ...] = (),
    ) -> None:
        self.key = key
        self.skip = frozenset(("disclaimer", *skip))  # sections never searched
        self.about = about  # the rule in one line, for `medinfo sections` and the README
        self.labels = re.compile(labels, re.I)
        self.sentences = re.compile(sentences, re.I)
        self.exclude = re.compile(exclude, re.I)  # words that make a sentence about else

    def takes(self, sentence: str) -> bool:
        """Tell whether a sentence is about the topic."""
        return bool(self.sentences.search(sentence)) and not self.exclude.search(sentence)


_PREGNANCY = r"\bpregnan"
_BREASTFEEDING = (
    r"\bbreast[- ]?(?:feed|fed|milk)|\blactat(?:ion|ing)\b|\bnursing (?:mother|women|infant|baby)"
    r"|\bwhile nursing|\bare nursing"
)
# A sentence must name the kidneys itself: one that gives only a measure ("eGFR
# below 30", "on dialysis") is too often about something else to be quoted alone.
# Under a label or heading that names them, every sentence counts.
_KIDNEY = r"\bkidney|\brenal\b|\bnephr"
_LIVER = r"\bliver\b|\bhepat"

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
            'items labelled "Contraindications", "Who should not take it" or "Not suitable for"; '
            'sentences with "contraindicated", "must not be used/taken/given", "should not be '
            'used/taken by", "do not use if / with a known"',
            r"contra-?indicat|who should not (?:take|use)|^do not (?:take|use)|not suitable"
            r"|should not be (?:used|taken)",
            r"contra-?indicat|\bmust not (?:be )?(?:used|taken|given|use|take)"
            r"|\bshould not (?:be )?(?:used|taken|given) (?:by|in|if|with|during)"
            r"|\bshould not (?:use|take) (?:it|this)"
            r"|\bdo not (?:use|take)(?: it| this(?: medicine)?)? (?:if|in people|with a known)",
        ),
        Topic(
            "interactions",
            "items labelled as interactions or other medicines; sentences about interacting, "
            "other medicines, CYP inhibitors or inducers, concomitant use, grapefruit (not "
            "in Usage, How it Works or Side Effects)",
            r"interact|medicines|medications|\bdrugs\b|pain ?(?:relievers|killers)|alcohol|food",
            r"\binteract|\bother (?:medicines|medications|drugs)\b|\bCYP\d\w* (?:inhibitor|inducer)"
            r"|\bconcomitant|\bco-?administ|\bgrapefruit",
            skip=("usage", "how_it_works", "side_effects"),  # uses, effects: not interactions
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
            r"\bchild(?:ren|hood|'s)?\b|\bpa?ediatric|\binfant|\badolescen|\bneonat|\bnewborn",
            r"\bchild(?:ren|hood|'s|ren's)?\b|\bpa?ediatric|\binfants?\b|\badolescen|\bneonat"
            r"|\bnewborn|\bteenager",
            exclude=r"(?:reach|sight) of (?:young )?children",  # that is storage
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
            "sentences and labelled items that name the kidneys (kidney, renal, nephro-)",
            _KIDNEY,
            _KIDNEY,
        ),
        Topic(
            "hepatic",
            "sentences and labelled items that name the liver (liver, hepatic, hepato-)",
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


_SUB_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<text>.*?)[ \t#]*$")
_PLAIN_LEAD = re.compile(r"^(?P<label>[A-Z][\w ,&/()'-]{0,40}):\s")
_ITEM = re.compile(r"^ {0,3}(?:[*+-]|\d+[.)])[ \t]+")
_BOLD_LEAD = re.compile(r"^(\*\*|__)(?P<label>[^*_\n]{1,200}?)\1")
# A sentence ends at . ! or ? (and a closing quote, bracket or emphasis), then space,
# then something that can start a sentence: a capital, a digit, or a word such as
# "eGFR" or "iPLEDGE".
_END = re.compile(
    r"[.!?][\"')\]*_\u201d\u2019]*\s+"
    r"(?=[\"'(\[*_\u201c\u2018]*(?:[A-Z0-9]|[a-z]+[A-Z]))"
)
# Words whose period is not the end of a sentence.
_LATIN = ("e.g", "i.e", "approx", "vs", "cf", "dr", "mr", "mrs", "ms", "fig", "incl", "esp", "st")
_UNITS = ("mg", "mcg", "µg", "kg", "g", "ml", "iu", "mmol", "tab", "tabs", "caps", "inj")
_ABBREVIATIONS = frozenset((*_LATIN, *_UNITS, "ca", "al", "inc", "u.s", "u.k"))


def gather(monograph: Monograph, key: str) -> Gathered | None:
    """Return the quotes of a monograph about a topic, or None when nothing is about it."""
    topic = TOPICS[key]
    quotes: list[Quote] = []
    for section in monograph.sections:
        if section.key in topic.skip:
            continue
        if topic.labels.search(section.title):  # "Pregnancy and lactation": all of it
            quotes.append(Quote(section.key, section.label, section.text))
            continue
        quotes.extend(_quotes(section, topic))
    if not quotes:
        return None
    return Gathered(key, TITLES[key], quotes)


def _quotes(section: Section, topic: Topic) -> list[Quote]:
    """Return the parts of one section's text that are about a topic, in order."""
    found: list[Quote] = []

    def quote(text: str) -> None:
        found.append(Quote(section.key, section.label, text))

    for label, text, parts in units(section.text):
        if label is not None and topic.labels.search(label):
            quote(text)
            continue
        for own, body in parts:
            if own is not None and topic.labels.search(own):
                quote(body)
                continue
            for sentence in sentences(body):
                if topic.takes(sentence):
                    quote(sentence)
    return found


# A unit of text: its label, the text as written (from the label on), and its
# blocks, each with a label of its own or None.
Unit = tuple[str | None, str, list[tuple[str | None, str]]]


def units(text: str) -> list[Unit]:
    """Group Markdown text into what each label covers.

    A list item or paragraph with a lead of its own ("**Breastfeeding:** ...",
    "**Q: Can I ...?** A: ...", "Pregnancy: ...") is a unit. So is a label line alone
    with what it covers, quoted whole from the label on, so that a quote says what it
    is about: a bold line ("**Contraindications:**") covers the list below it, a
    heading ("#### Children") everything up to the next heading.
    """
    lines = text.split("\n")
    found: list[Unit] = []
    label: str | None = None
    first = end = 0
    heading = False
    parts: list[tuple[str | None, str]] = []

    def close() -> None:
        nonlocal label
        if label is not None and parts:
            found.append((label, "\n".join(lines[first:end]).strip(), list(parts)))
        label = None
        parts.clear()

    for kind, own, body, start, stop in _blocks(lines):
        if kind == "label":
            close()
            label, first, heading = own, start, bool(_SUB_HEADING.match(lines[start]))
            continue
        covers = heading or (kind == "item" and own is None)
        if label is not None and not covers and not parts and own is None:
            covers = True  # "**Contraindicated in:**", then its paragraph; "**Q: ...?**", "A: ..."
            parts.append((own, body))
            end = stop + 1
            close()
            continue
        if label is not None and covers:
            parts.append((own, body))
            end = stop + 1
            continue
        close()  # a paragraph, or an item with a label of its own, ends a bold label's list
        found.append((own, body, [(own, body)]))
    close()
    return found


def _blocks(lines: list[str]) -> list[tuple[str, str | None, str, int, int]]:
    """Split lines into blocks: (kind, own label, text, first line, last line).

    Kinds: "label" (a bold label alone on its line, or a heading), "item", "paragraph".
    """
    found: list[tuple[str, str | None, str, int, int]] = []
    start = -1

    def close(stop: int) -> None:
        nonlocal start
        if start < 0:
            return
        block = "\n".join(lines[start:stop]).strip()
        first, start = start, -1
        body = _ITEM.sub("", block, count=1)
        lead = _BOLD_LEAD.match(body)
        if lead and not body[lead.end() :].strip(" :*_"):
            found.append(("label", lead["label"], body, first, stop - 1))
            return
        is_item = bool(_ITEM.match(block))
        if lead is None and is_item:
            lead = _PLAIN_LEAD.match(body)  # "* Pregnancy: it is not known ..."
        kind = "item" if is_item else "paragraph"
        found.append((kind, lead["label"] if lead else None, body, first, stop - 1))

    for number, line in enumerate(lines):
        heading = _SUB_HEADING.match(line)
        if heading:
            close(number)
            found.append(("label", heading["text"].strip(), line, number, number))
        elif not line.strip():
            close(number)
        elif _ITEM.match(line) or (line.lstrip().startswith(("**Q", "__Q")) and start >= 0):
            close(number)
            start = number
        elif start < 0:
            start = number
    close(len(lines))
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
