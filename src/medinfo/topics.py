"""Topics: which sentences of a monograph are about a question, by rules kept in this one place.

A topic (contraindications, pregnancy, kidney dosing...) is answered by the
monograph's own section for it when it has one, and by what the other sections
say about it: every list item labelled with the topic ("* **Breastfeeding:** ...",
or items under a "**Contraindications:**" line), every labelled item or FAQ whose
label or text is about it (quoted whole, label and all, so the quote says what it
is about), and every other sentence whose words are about it, quoted word for word
in document order with the section it came from. Sentences are never cut or
merged; a quote already inside the written section is not repeated.

What "about" means is each Topic's `about` line (shown by `medinfo sections`):
- interactions: a sentence naming another drug or a class of drugs (drugwords.py:
  class words, INN stems, drugs named often) in a section where that means using
  them together (not Usage, How it Works, Side Effects, Description); or the words
  "interacts", "concomitant", "co-administered"... A comparison ("unlike
  warfarin") or a mechanism ("interacts with topoisomerase") is not one, and a
  FAQ about food is not one either.
- contraindications: "contraindicated", "must not be used/taken", "do not
  combine", "should not be used/taken"; not "this information should not be used".
- renal, hepatic: kidney and liver words, including "renally", eGFR (not the
  oncology receptor EGFR: case matters), creatinine clearance, CrCl, dialysis,
  Child-Pugh, cirrhosis; a sentence on how the body handles the drug ("made in the
  liver") is not about liver disease unless it says so.
- overdose: overdose, "took too much" (not "too much potassium" in the diet),
  poison centres, antidotes, reversal agents, vitamin K to reverse an
  anticoagulant, "taken more than".

An FDA label ("spl") is searched only in the sections that tell a prescriber what
to do: Boxed Warning, Dosage and Administration, Contraindications, Warnings and
Precautions, Drug Interactions, Use in Specific Populations and Overdosage; so a
pharmacokinetic subsection (a "Renal Impairment" under Clinical Pharmacology) is
never the whole kidney answer.
"""

from __future__ import annotations

import re

from medinfo.answers import Gathered, Quote
from medinfo.drugwords import drugs_named
from medinfo.sections import TITLES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Monograph, Section

_NEVER = r"(?!)"


class Topic:
    """What makes text about a topic: labels that name it, and words in a sentence."""

    __slots__ = (
        "about",
        "drugs",
        "exclude",
        "key",
        "labels",
        "no_drugs",
        "sentences",
        "skip",
        "unless",
    )

    def __init__(
        self,
        key: str,
        about: str,
        labels: str,
        sentences: str,
        exclude: str = _NEVER,
        skip: tuple[str, ...] = (),
        unless: str = _NEVER,
        drugs: bool = False,
        no_drugs: tuple[str, ...] = (),
    ) -> None:
        self.key = key
        self.skip = frozenset(("disclaimer", *skip))  # sections never searched
        self.about = about  # the rule in one line, for `medinfo sections` and the README
        self.labels = re.compile(labels, re.I)
        self.sentences = re.compile(sentences, re.I)
        self.exclude = re.compile(exclude, re.I)  # words that make a sentence about else
        self.unless = re.compile(unless, re.I)  # words that make it about the topic after all
        self.drugs = drugs  # naming another drug or class makes a sentence about the topic
        self.no_drugs = frozenset(no_drugs)  # sections where naming a drug is not enough

    def takes(self, sentence: str, own: re.Pattern[str] | None = None, drugs: bool = True) -> bool:
        """Tell whether a sentence is about the topic (own: the drug's own names)."""
        if self.sentences.search(sentence) and not self._excluded(sentence):
            return True
        return drugs and self.drugs and _names_another(sentence, own)

    def labelled(self, label: str, own: re.Pattern[str] | None = None, drugs: bool = True) -> bool:
        """Tell whether a label (a heading, a bold lead, a FAQ's question) names the topic.

        A label that names a drug or class ("**Warfarin:**", "**MAO inhibitors:**") is
        about interactions; a question is read as a sentence.
        """
        if self.labels.search(label) and not self._excluded(label):
            return True
        if not (drugs and self.drugs):
            return False
        if _QUESTION.match(label):
            return _names_another(label, own)
        return any(drugs_named(label, own))

    def _excluded(self, text: str) -> bool:
        """Tell whether words about something else rule the text out."""
        return bool(self.exclude.search(text)) and not self.unless.search(text)


# A comparison names a drug without speaking of using the two together: "Unlike
# warfarin, it needs no INR tests", "as effective as ibuprofen", "like other NSAIDs".
_COMPARES = re.compile(
    r"\b(?:unlike|compared (?:to|with)|than|similar to|instead of|alternatives? to|as effective as"
    r"|like (?:other|many|all)|as with (?:other|all)|belongs? to|a member of|class of|related to"
    r"|derived from|same (?:class|family|group))\b",
    re.I,
)
_TOGETHER = re.compile(
    r"\b(?:together|combin\w*|concomitant\w*|interact\w*|at the same time|while (?:taking|using|on)"
    r"|alongside|taking|takes?|avoid\w*|with (?:other|any))\b",
    re.I,
)


# A class word ("corticosteroids", "antibiotics") is often the drug's own kind; it
# speaks of another drug when the sentence speaks of using it: with, taking, other...
_USING = re.compile(
    r"\b(?:with|together|combin\w*|concomitant\w*|co-?administ\w*|interact\w*|taking|takes?"
    r"|taken|using|receiving|plus|alongside|other|another|avoid\w*|while|before|after|within"
    r"|apart|separate\w*|stop\w*|switch\w*)\b",
    re.I,
)
# An allergy to a drug or class is a contraindication, not an interaction.
_ALLERGY = re.compile(r"\ballerg|\bhypersensitiv", re.I)
_QUESTION = re.compile(r"\W*Q\b", re.I)


def _names_another(sentence: str, own: re.Pattern[str] | None) -> bool:
    """Tell whether a sentence names a drug other than its own, and not only to compare."""
    names, classes = drugs_named(sentence, own)
    if not names and not (classes and _USING.search(sentence)):
        return False
    if _ALLERGY.search(sentence) and not _TOGETHER.search(sentence):
        return False
    return not (_COMPARES.search(sentence) and not _TOGETHER.search(sentence))


_PREGNANCY = r"\bpregnan"
_BREASTFEEDING = (
    r"\bbreast[- ]?(?:feed|fed|milk)|\blactat(?:ion|ing)\b|\bnursing (?:mother|women|infant|baby)"
    r"|\bwhile nursing|\bare nursing|\bnursing (?:a|your) (?:baby|infant|child)"
)
# Kidney function words. eGFR, GFR and CrCl keep their case: EGFR is a receptor in
# cancer medicine, and "crcl" in lower case is no abbreviation anyone writes.
_KIDNEY = (
    r"\bkidneys?\b|\bkidney|\brenal(?:ly)?\b|\bnephr\w*|(?-i:\beGFR\b|\bGFR\b|\bCrCl\b|\bCLcr\b)"
    r"|\bcreatinine\b|\bglomerular filtration|\b(?:haemo|hemo)?dialy[sz]\w*|\buraemi|\buremi"
)
_LIVER = r"\bliver\b|\bhepat\w*|\bchild[- ]pugh\b|\bcirrho\w*"
# How the body handles the drug is physiology, not liver disease, unless the
# sentence also speaks of disease, impairment, damage or what to do about it.
_LIVER_PHYSIOLOGY = (
    r"\b(?:made|produced|synthesi[sz]ed|stored|metaboli[sz]ed|broken down|processed|converted"
    r"|activated|inactivated|cleared|eliminated|excreted|transformed|changed)"
    r"(?: \w+ly)?(?: (?:mainly|mostly|primarily|largely|partly|extensively))? (?:in|by) the liver"
    r"|\bthe liver (?:makes|inactivates|produces|converts|breaks down|metaboli[sz]es|processes"
    r"|stores|turns|changes|activates)|\bliver (?:cells|enzymes?) (?:make|convert|break)"
)
_LIVER_DISEASE = (
    r"\bimpair|\bdisease|\bproblems?\b|\bdamage|\bfailure|\bcirrho|\bfunction|\binsufficien"
    r"|\bcaution|\bavoid|\breduce|\badjust|\btoxic|\binjur|\bmonitor|\bhepatitis"
)
_OVERDOSE = (
    r"\boverdos\w*|\btoo much\b|\btoo many (?:tablets|capsules|pills|doses|puffs|patches)"
    r"|\bpoisons? (?:control|cent(?:re|er)s?|information|help ?line|unit)"
    r"|\bantidotes?\b|\breversal (?:agents?|medicines?|drugs?|treatments?)"
    r"|\b(?:to|can|may|will|that|which|help) reverse\b"
    r"(?! transcriptase)"
    r"|\b(?:has|have|had|you've|someone has) (?:taken|used|swallowed) more\b"
    r"|\b(?:taken|took|swallowed) more (?:than|of)\b|\baccidental(?:ly)? (?:ingestion|swallow\w*"
    r"|overdose|taken|take|exposure)"
    r"|\bvitamin K1?\b(?=[^.]*\b(?:revers\w*|antidote|too high|high INR|excessive|bleeding))"
)
# "Too much" of something else: the diet ("too much potassium"), an effect ("lower
# blood pressure too much").
_NOT_OVERDOSE = (
    r"\b(?:raises?|raising|lowers?|lowering|drops?|dropping|falls?|increases?|decreases?|reduces?"
    r"|rises?|go(?:es)? (?:up|down)|slows?|slowing)\b(?: \w+){0,3} too much\b"
    r"|\b(?:has|have|having|makes?|produces?|accumulates?|absorbs?|is|are)\b(?: \w+){0,3}"
    r" too much\b|\btoo much (?:potassium|sodium|salt|sugar|fluid|water|sun|sunlight|caffeine"
    r"|fat|weight|exercise|stress|light|noise|heat|acid|iron|hormone|thyroid|insulin)\b|\b(?:diet|foods?|eat|eating|meals?|leafy|vegetables)\b"
)
_OVERDOSE_AFTER_ALL = (
    r"\boverdos|\bpoisons? (?:control|cent)|\bantidote"
    r"|\b(?:take|takes|taken|took|taking|use|used|using|swallow\w*) (?:\w+ ){0,2}too much\b"
    r"|\btoo much (?:of )?(?:this|the|your|it)\b"
)
# A sentence that says how to use a monograph's text, not whom a drug is for.
_NOT_CONTRAINDICATION = (
    r"\bnot (?:be )?suitable for (?:everyone|every|all|any)\b"
    r"|\b(?:information|guide|leaflet|text|details|instructions|this page)\b[^.]{0,60}"
    r"\b(?:should|must) not be used|\bsubstitute for|\bself-?(?:medicat|prescrib|diagnos|treat)"
    r"|\bshould not be (?:used|taken) (?:for )?(?:longer|more) than"
)
# Mechanism: what the drug does in the body is not a drug interaction.
_MECHANISM = (
    r"\binteract\w* with (?:the |its |their |specific |several |various |certain )?(?:\w+[- ]){0,3}"
    r"(?:receptors?|enzymes?|DNA|RNA|proteins?|topoisomerase\w*|tubulin|channels?|cells?|membranes?"
    r"|bacteria\w*|ribosom\w*|targets?|sites?|kinases?|factors?|neurotransmitters?|transporters?"
    r"|the (?:central nervous system|body|brain|immune system)|lymphocytes)"
    r"|\b(?:cell|molecular|protein|receptor)[- ]\w* interactions?\b|\binteractions? (?:between|of) "
    r"(?:cells|proteins|molecules)"
)

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
            'items labelled "Contraindications", "Who should not take it", "Do not combine '
            'with" or "Not suitable for"; sentences with "contraindicated", "must not be '
            'used/taken/combined", "should not be used/taken", "do not combine", "do not use '
            'if / with a known" (not "this information should not be used")',
            r"contra-?indicat|who should not (?:take|use)|^do not (?:take|use|combine)|not suitable"
            r"|should not be (?:used|taken)|must not be (?:used|taken|combined|given)"
            r"|\bdo not combine|\bnever (?:use|take|combine)",
            r"contra-?indicat|\bmust not (?:be )?(?:used|taken|given|combined|use|take|combine)"
            r"|\bshould not (?:be )?(?:used|taken|given|combined|administered|prescribed)\b"
            r"|\bshould not (?:use|take) (?:it|this)"
            r"|\bdo not (?:use|take)(?: it| this(?: medicine)?)? (?:if|in people|with a known)"
            r"|\bdo not combine|\bnever (?:be )?(?:combined|combine)\b|\bnot (?:be )?suitable for",
            exclude=_NOT_CONTRAINDICATION,
        ),
        Topic(
            "interactions",
            "items labelled with an interaction, another medicine, a drug or a class; "
            "sentences naming another drug or class of drugs (NSAIDs, MAO inhibitors, SSRIs, "
            "opioids, anticoagulants, antacids, iron supplements, St John's wort, INN stems "
            "such as -pril, -sartan, -statin, -azole, -mycin; warfarin, digoxin, lithium...) "
            "or saying interacts, concomitant, co-administered, CYP inhibitors, grapefruit; "
            'not comparisons ("unlike warfarin"), mechanisms ("interacts with receptors") '
            "or food alone; not in Usage, How it Works, Side Effects or Description",
            r"interact|\bother (?:medicines|medications|drugs)\b"
            r"|\bwith (?:any |other )?(?:medicines|medications|drugs)\b"
            r"|pain ?(?:relievers?|killers?)|\bmedicines to avoid",
            r"\binteract|\bother (?:medicines|medications|drugs)\b|\bCYP\d\w* (?:inhibitor|inducer)"
            r"|\bconcomitant|\bco-?administ|\bgrapefruit",
            exclude=_MECHANISM,
            skip=("how_it_works", "description"),  # mechanism and contents: not interactions
            drugs=True,
            # Uses, effects, names: a drug named there is not one taken with it.
            no_drugs=("usage", "side_effects", "generic_name", "dosage_forms", "storage"),
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
            "sentences and labelled items about the kidneys or kidney function: kidney, renal, "
            "renally, nephro-, eGFR/GFR (case kept: EGFR is a receptor), creatinine (clearance), "
            "CrCl, dialysis, haemodialysis, uraemia",
            _KIDNEY,
            _KIDNEY,
        ),
        Topic(
            "hepatic",
            "sentences and labelled items about the liver: liver, hepatic, hepato-, Child-Pugh, "
            'cirrhosis; not how the body handles the drug ("made in the liver", "broken down '
            'by the liver") unless the sentence speaks of liver disease, damage or caution',
            _LIVER,
            _LIVER,
            exclude=_LIVER_PHYSIOLOGY,
            unless=_LIVER_DISEASE,
        ),
        Topic(
            "overdose",
            'sentences about an overdose, taking "too much" (not "too much potassium" in the '
            "diet, nor lowering blood pressure too much), poison centres, antidotes, reversal "
            'agents, vitamin K to reverse an anticoagulant, "taken more than"',
            r"overdos|too much|poisons? (?:control|cent)|antidote|\breversal agent",
            _OVERDOSE,
            exclude=_NOT_OVERDOSE,
            unless=_OVERDOSE_AFTER_ALL,
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

# The sections of an FDA label that say what to do; the rest (clinical
# pharmacology, studies, adverse reaction tables, the patient leaflets that repeat
# the label) are not searched for a topic.
LABEL_SECTIONS = frozenset(
    (
        "boxed_warning",
        "dosage",
        "contraindications",
        "precautions",
        "interactions",
        "pregnancy",
        "breastfeeding",
        "children",
        "elderly",
        "renal",
        "hepatic",
        "overdose",
    )
)
_POPULATIONS = re.compile(r"specific populations", re.I)

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
    """Return the quotes of a monograph about a topic, or None when nothing is about it.

    The topic's written sections are not searched: they are the answer whole.
    """
    quotes = [quote for part in _parts(monograph, key) if isinstance(part, list) for quote in part]
    return Gathered(key, TITLES[key], quotes) if quotes else None


def _parts(monograph: Monograph, key: str) -> list[Section | list[Quote]]:
    """Return, in document order, the topic's written sections and the quotes of the others."""
    topic = TOPICS[key]
    own = own_names(monograph)
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
    return section.key in LABEL_SECTIONS or bool(_POPULATIONS.search(section.title))


def _squash(text: str) -> str:
    """Return text without spaces, so a quote is found inside the text it came from."""
    return "".join(text.split())


def own_names(monograph: Monograph) -> re.Pattern[str]:
    """Return a pattern for the monograph's own drug: its names, its parts, its class.

    A class word of its own ("antidepressants" for sertraline) is its own unless
    "other" or "another" comes before it ("other antidepressants" are other drugs).
    """
    names = {monograph.name, *monograph.aliases}
    for name in list(names):
        names.update(re.findall(r"[^\W\d_][\w-]{3,}", name))
    names.update(
        part.strip() for part in re.split(r"\s*(?:\+|/|,| with | and )\s*", monograph.name)
    )
    names.discard("")
    classes = {word for words in drugs_named(monograph.drug_class or "") for word in words}
    classes -= names
    alternatives = "|".join(sorted((re.escape(name) for name in names), key=len, reverse=True))
    pattern = r"(?<!\w)(?:" + alternatives + r")(?:e?s)?(?!\w)"
    if classes:
        words = "|".join(sorted((re.escape(word) for word in classes), key=len, reverse=True))
        pattern += r"|(?<!other )(?<!another )(?<!\w)(?:" + words + r")(?:e?s)?(?!\w)"
    return re.compile(pattern, re.I)


def _quotes(section: Section, topic: Topic, own: re.Pattern[str] | None = None) -> list[Quote]:
    """Return the parts of one section's text that are about a topic, in order."""
    found: list[Quote] = []

    def quote(text: str) -> None:
        found.append(Quote(section.key, section.label, text))

    drugs = section.key not in topic.no_drugs
    for label, text, parts in units(section.text):
        if label is not None and topic.labelled(label, own, drugs):
            quote(text)
            continue
        for own_label, body in parts:
            if own_label is not None and topic.labelled(own_label, own, drugs):
                quote(body)
                continue
            about = [s for s in sentences(body) if topic.takes(s, own, drugs)]
            if own_label is not None and about:
                quote(body)  # a labelled item or a FAQ, whole: the quote says what it is about
            else:
                for sentence in about:
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
        elif label is not None and not heading:  # "* **Liver damage (in overdose)**" alone
            alone = "\n".join(lines[first:end]).strip()
            found.append((label, alone, [(label, _ITEM.sub("", alone, count=1))]))
        label = None
        parts.clear()

    for kind, own, body, start, stop in _blocks(lines):
        if kind == "label":
            close()
            label, first, heading = own, start, bool(_SUB_HEADING.match(lines[start]))
            end = stop + 1
            continue
        # A bold label's list runs on through items, labelled or not ("**Adult dose:**",
        # then "* **IV:** ..."; "* **Q: ...?**", then "* **A:** ...").
        covers = heading or kind == "item"
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
        close()  # a paragraph ends a bold label's list
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
