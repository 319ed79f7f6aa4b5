"""The rules of topics, in one place: what makes a label or a sentence about each topic.

What "about" means is each Topic's `about` line (shown by `medinfo sections`):
- interactions: a sentence naming another drug or a class of drugs (drugwords.py:
  class words, INN stems, drugs named often) in a section where that means using
  them together (not Usage, How it Works, Side Effects, Description); or the words
  "interacts", "concomitant", "co-administered"... A comparison ("unlike
  warfarin"), an alternative ("switch to losartan", "when an ACE inhibitor is
  unsuitable") or a mechanism ("interacts with topoisomerase") is not one, and a
  FAQ about food is not one either. The drug's own class is not another drug. An
  item labelled with another topic or a dose ("**Overdose:**", "**Acute attacks:**")
  is one only when a sentence of it speaks of taking the drugs together.
- contraindications: "contraindicated", "must not be used/taken", "do not
  combine", "should not be used/taken", "do not use ... if you are allergic", "should
  avoid using it" with a known allergy; not "this information should not be used".
- renal, hepatic: kidney and liver words, including "renally", eGFR (not the
  oncology receptor EGFR: case matters), creatinine clearance, CrCl, dialysis,
  Child-Pugh, cirrhosis; a sentence on what the liver does or what passes through
  it ("made in the liver", "the liver releases glucose") is not about liver disease
  unless it says so. In Usage, Side Effects, How it Works and Description (what the
  drug treats, harms or how it acts) a sentence counts only when it speaks of
  impairment, disease or dosing: a side effect on the kidneys is no kidney guidance. A
  use in Usage ("caused by", "used to treat", "protects the kidneys") and a dose in How
  it Works or Side Effects ("the liver converts part of each dose") do not count. An
  Overdose section or item, a FAQ and a dose for an indication ("**Diabetic kidney
  disease:** 50 mg") count only when they speak of impairment or a dose for it:
  dialysis removing the drug in an overdose is not kidney guidance. "Kidney
  infection" is not the kidneys, and "the liver enzyme CYP2D6" or "through liver
  enzymes" is not the liver.
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
from typing import Any

from medinfo.organwords import (
    KIDNEY,
    LIVER,
    LIVER_DISEASE,
    LIVER_ENZYME,
    LIVER_PHYSIOLOGY,
    ORGAN_GUARDED,
    ORGAN_GUARDS,
    ORGAN_GUIDANCE,
    ORGAN_LABEL_GUARDS,
)
from medinfo.sections import TOPIC_KEYS

_QUESTION = re.compile(r"\W*Q\b", re.I)  # a FAQ's question, read as a sentence
_NEVER = r"(?!)"


class Topic:
    """What makes text about a topic: labels that name it, and words in a sentence."""

    __slots__ = (
        "_spec",
        "_spec_guards",
        "about",
        "drugs",
        "exclude",
        "guard",
        "guarded",
        "guards",
        "ignore",
        "key",
        "label_guards",
        "labels",
        "no_drugs",
        "sentences",
        "skip",
        "together",
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
        guarded: tuple[str, ...] = (),
        guard: str = _NEVER,
        together: str = r"",
        guards: dict[str, str] | None = None,
        label_guards: tuple[tuple[str, str, str], ...] = (),
        ignore: str = _NEVER,
    ) -> None:
        self.key = key
        self.skip = frozenset(("disclaimer", *skip))  # sections never searched
        self.about = about  # the rule in one line, for `medinfo sections` and the README
        self.drugs = drugs  # naming another drug or class makes a sentence about the topic
        self.no_drugs = frozenset(no_drugs)  # sections where naming a drug is not enough
        # Sections where a sentence must also match the guard: a side effect on the kidneys
        # is no guidance for kidney impairment, unless it speaks of impairment or dosing.
        self.guarded = frozenset(guarded)
        # The patterns are compiled when first used (see _compile): `medinfo sections`
        # shows the rules' words without paying for them.
        self._spec = (labels, sentences, exclude, unless, guard, together, ignore)
        self._spec_guards = (guards or {}, label_guards)

    def __getattr__(self, name: str) -> Any:
        """Compile the topic's patterns when one of them is first asked for."""
        if name == "_spec" or not hasattr(self, "_spec"):
            raise AttributeError(name)
        self._compile()
        return object.__getattribute__(self, name)

    def _compile(self) -> None:
        """Compile the topic's patterns from the words it was made with."""
        labels, sentences, exclude, unless, guard, together, ignore = self._spec
        guards, label_guards = self._spec_guards
        del self._spec
        self.labels = re.compile(labels, re.I)
        self.sentences = re.compile(sentences, re.I)
        self.exclude = re.compile(exclude, re.I)  # words that make a sentence about else
        self.unless = re.compile(unless, re.I)  # words that make it about the topic after all
        self.guard = re.compile(guard, re.I)
        # Sections with a guard of their own (How it Works: "dose" is no guidance there).
        self.guards = {where: re.compile(words, re.I | re.S) for where, words in guards.items()}
        # Items whose label files them under something else (section key or "" for any,
        # label, guard): an "**Overdose:**" item, a dose for an indication ("**Kidney
        # infection:**") is about the topic only when its own text passes the guard.
        self.label_guards = tuple(
            (where, re.compile(label, re.I), re.compile(words, re.I | re.S))
            for where, label, words in label_guards
        )
        self.ignore = re.compile(ignore, re.I)  # words that never count for the topic
        # What an item labelled with another topic (Overdose, a dose heading) must say for
        # this topic to quote it: for interactions, taking the drugs together.
        self.together = re.compile(together, re.I)

    def takes_in(
        self,
        section: str,
        sentence: str,
        own: re.Pattern[str] | None = None,
        drugs: bool = True,
        label: str | None = None,
    ) -> bool:
        """Tell whether a sentence of a section (its key), under a label maybe, is about it."""
        if not self.guarded_passes(section, sentence, label):
            return False
        return self.takes(sentence, own, drugs)

    def guarded_passes(self, section: str, text: str, label: str | None = None) -> bool:
        """Tell whether text of a section, under a label maybe, says what its guard asks.

        Under a label that files it elsewhere ("**Overdose:**", "**Kidney infection:**")
        the text must say it without the label's words.
        """
        if label is not None:
            for where, about, guard in self.label_guards:
                if where in ("", section) and about.search(label):
                    return bool(guard.search(text.replace(label, " ", 1)))
        if section in self.guards:
            return bool(self.guards[section].search(text))
        return section not in self.guarded or bool(self.guard.search(text))

    def takes(self, sentence: str, own: re.Pattern[str] | None = None, drugs: bool = True) -> bool:
        """Tell whether a sentence is about the topic (own: the drug's own names)."""
        sentence = self.ignore.sub(" ", sentence)
        if self.sentences.search(sentence) and not self._excluded(sentence):
            return True
        if not (drugs and self.drugs):
            return False
        from medinfo.drugwords import names_another  # its vocabulary takes ms to compile

        return names_another(sentence, own)

    def labelled(self, label: str, own: re.Pattern[str] | None = None, drugs: bool = True) -> bool:
        """Tell whether a label (a heading, a bold lead, a FAQ's question) names the topic.

        A label that names a drug or class ("**Warfarin:**", "**MAO inhibitors:**") is
        about interactions; a question is read as a sentence.
        """
        label = self.ignore.sub(" ", label)
        if self.labels.search(label) and not self._excluded(label):
            return True
        if not (drugs and self.drugs):
            return False
        if _QUESTION.match(label):
            from medinfo.drugwords import names_another

            return names_another(label, own)
        from medinfo.drugwords import drugs_named

        return any(drugs_named(label, own))

    def _excluded(self, text: str) -> bool:
        """Tell whether words about something else rule the text out."""
        return bool(self.exclude.search(text)) and not self.unless.search(text)


_PREGNANCY = r"\bpregnan"
_BREASTFEEDING = (
    r"\bbreast[- ]?(?:feed|fed|milk)|\blactat(?:ion|ing)\b|\bnursing (?:mother|women|infant|baby)"
    r"|\bwhile nursing|\bare nursing|\bnursing (?:a|your) (?:baby|infant|child)"
)
_OVERDOSE = (
    r"\boverdos\w*|\btoo much\b|\btoo many (?:tablets|capsules|pills|doses|puffs|patches)"
    r"|\bpoisons? (?:control|cent(?:re|er)s?|information|help ?line|unit)"
    r"|\bantidotes?\b|\breversal (?:agents?|medicines?|drugs?|treatments?)"
    r"|\b(?:treatments?|medicines?|agents?|drugs?|antidotes?) (?:to|that|which|can|may) reverse\b"
    r"|\breverses? (?:the )?(?:effects? of )?(?:an? )?(?:anticoagula\w*|blood thinn\w*|opioid\w*"
    r"|sedation|overdose|bleeding)"
    r"|\b(?:has|have|had|you've|someone has) (?:taken|used|swallowed) more\b"
    r"|\b(?:taken|took|swallowed) more (?:than (?:the|you|your|prescribed|recommended|directed)"
    r"|of (?:it|this|the))\b|\baccidental(?:ly)? (?:ingestion|swallow\w*"
    r"|overdose|taken|take|exposure)"
    r"|\bvitamin K1?\b(?=[^.]*\b(?:revers\w*|antidote|too high|high INR|excessive))"
)
# "Too much" of something else: the diet ("too much potassium"), an effect ("lower
# blood pressure too much").
_NOT_OVERDOSE = (
    r"\b(?:raises?|raising|lowers?|lowering|drops?|dropping|falls?|increases?|decreases?|reduces?"
    r"|rises?|go(?:es)? (?:up|down)|slows?|slowing)\b(?: \w+){0,3} too much\b"
    r"|\b(?:has|have|having|makes?|produces?|accumulates?|absorbs?|is|are)\b(?: \w+){0,3}"
    r" too much\b|\btoo much (?:potassium|sodium|salt|sugar|fluid|water|sun|sunlight|caffeine"
    r"|fat|weight|exercise|stress|light|noise|heat|acid|iron|hormone|thyroid|insulin)\b"
    r"|\b(?:diet|foods?|eat|eating|meals?|leafy|vegetables)\b"
    # An antidote's own use: "used as an antidote for cyanide poisoning".
    r"|\b(?:is|as) (?:a|an) (?:\w+ )?antidotes? (?:for|in|to)\b|\bantidotes? for (?:\w+ ){0,3}"
    r"(?:poisoning|contamination|toxicity)"
)
_OVERDOSE_AFTER_ALL = (
    r"\boverdos|\bpoisons? (?:control|cent)|\bthe antidote\b"
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

# Interactions with food alone: a FAQ "Are there any food interactions?" is not one.
_FOOD_ONLY = (
    r"\b(?:food|dietary|meal|diet)s? (?:interactions?|and drink interactions?)"
    r"|\binteract\w* with (?:food|meals?|diet|foods)\b(?! or (?:medic|drug))"
)
# What makes an item labelled with another topic ("**Overdose:**", a dose heading
# such as "**Acute coronary syndrome:**") an interaction: it speaks of the two drugs
# together, or of one changing the other's levels or effect.
_TOGETHER = (
    r"\btogether\b|\bcombin\w*|\bconcomitant\w*|\bco-?administ\w*|\binteract\w*"
    r"|\bat the same time\b|\bwhile (?:taking|using|on)\b|\b(?:people|patients|those|anyone)"
    r" (?:taking|on|using|receiving)\b|\bavoid\w*|\bwithin \d+ (?:days|weeks|hours)\b|\bapart\b"
    r"|\b(?:rais|lower|increas|decreas|reduc|chang|affect|boost)\w*"
    r" (?:its |the |their |your |\w+'s )?(?:\w+ )?"
    r"(?:levels?|concentrations?|effects?|INR|exposure|absorption)\b"
    r"|\badds? to\b|\bdo not (?:take|use|combine)\b"
)

# Other medicines named as what was tried before, or as what one is allergic to.
_NOT_TAKEN_WITH = (
    r"\b(?:when|if|after|where|whose \w+ (?:has|have)n't responded to|responded \w+ to|like|than"
    r"|unlike|as with) (?:\w+ ){0,2}other (?:medicines|medications|drugs|treatments)"
    r"|\ballerg(?:y|ies|ic) to\b|\bhypersensitiv\w* to\b"
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
            'if / with a known", "do not use/take ... if you are allergic / have", "should avoid '
            'using it" with a known allergy (not "this information should not be used")',
            r"contra-?indicat|who should not (?:take|use)|^do not (?:take|use|combine)|not suitable"
            r"|should not be (?:used|taken)|must not be (?:used|taken|combined|given)"
            r"|\bdo not combine|\bnever (?:use|take|combine)",
            r"contra-?indicat|\bmust not (?:be )?(?:used|taken|given|combined|use|take|combine)"
            r"|\bshould not (?:be )?(?:used|taken|given|combined|administered|prescribed)\b"
            r"|\bshould not (?:use|take) (?:it|this)"
            r"|\bdo not (?:use|take)(?: it| this(?: medicine)?)? (?:if|in people|with a known)"
            # "Do not use this medication if you are allergic to ...", "... if you have ..."
            r"|\bdo not (?:use|take|apply)\b[^.;:]{0,60}?\bif (?:you|the patient|your child)"
            r"(?: are| have| has|'re|'ve| had| were)\b"
            r"|\bdo not combine|\bnever (?:be )?(?:combined|combine)\b|\bnot (?:be )?suitable for"
            # "Individuals with known allergies to X should avoid using it."
            r"|\b(?:allerg|hypersensitiv)\w*[^.;]*\bshould (?:avoid (?:using|taking|it|this)"
            r"|not (?:use|take) (?:it|this))"
            r"|\bshould avoid (?:using |taking )?(?:it|this)\b[^.;]*\b(?:allerg|hypersensitiv)",
            exclude=_NOT_CONTRAINDICATION,
        ),
        Topic(
            "interactions",
            "items labelled with an interaction, another medicine, a drug or a class; "
            "sentences naming another drug or class of drugs (NSAIDs, MAO inhibitors, SSRIs, "
            "opioids, anticoagulants, antacids, iron supplements, St John's wort, INN stems "
            "such as -pril, -sartan, -statin, -azole, -mycin; warfarin, digoxin, lithium...) "
            "or saying interacts, concomitant, co-administered, CYP inhibitors, grapefruit; "
            'not comparisons ("unlike warfarin"), alternatives ("switch to", "instead", "if X '
            'is unsuitable"), mechanisms ("interacts with receptors"), enzymes alone (CYP2C19) '
            "or food alone; not the drug's own class (from its metadata, its name's stem, "
            '"like other NSAIDs") unless "other" comes before it; an item filed under another '
            "topic or a dose (Overdose, Pregnancy, a dosing heading) only when it speaks of taking "
            "them together; not in Usage, How it Works, Side Effects or Description",
            r"interact|\bother (?:medicines|medications|drugs)\b"
            r"|\bwith (?:any |other )?(?:medicines|medications|drugs)\b"
            r"|pain ?(?:relievers?|killers?)|\bmedicines to avoid",
            r"\binteract|\bother (?:medicines|medications|drugs)\b|\bCYP\d\w* (?:inhibitor|inducer)"
            r"|\bconcomitant|\bco-?administ|\bgrapefruit",
            exclude=_MECHANISM + "|" + _NOT_TAKEN_WITH + "|" + _FOOD_ONLY,
            # "hypersensitivity to tetracyclines ... and with concomitant use of oral
            # retinoids": the allergy does not make the rest something else.
            unless=r"\bconcomitant\w*|\bco-?administ\w*",
            skip=("how_it_works", "description"),  # mechanism and contents: not interactions
            drugs=True,
            together=_TOGETHER,
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
            "CrCl, dialysis, haemodialysis, uraemia; in Usage, Side Effects, How it Works and "
            "Description only when they speak of impairment, disease or dosing (not a use, nor a "
            "dose in How it Works or Side Effects); "
            "in Overdose, FAQs and a dose for an indication only when they speak of impairment "
            "(dialysis removing the drug is not); not a kidney infection",
            KIDNEY,
            KIDNEY,
            guarded=ORGAN_GUARDED,
            guard=ORGAN_GUIDANCE,
            guards=ORGAN_GUARDS,
            label_guards=ORGAN_LABEL_GUARDS,
        ),
        Topic(
            "hepatic",
            "sentences and labelled items about the liver: liver, hepatic, hepato-, Child-Pugh, "
            'cirrhosis; not what the liver does or what passes through it ("made in the liver", '
            '"the liver releases glucose") unless the sentence speaks of liver disease, damage or '
            "caution; in Usage, Side Effects, How it Works and Description only when they speak "
            "of impairment, disease or dosing (not a use, nor a dose in How it Works or Side "
            "Effects); in "
            "Overdose and FAQs only when they speak of impairment; not the liver enzymes CYP...",
            LIVER,
            LIVER,
            exclude=LIVER_PHYSIOLOGY,
            unless=LIVER_DISEASE,
            guarded=ORGAN_GUARDED,
            guard=ORGAN_GUIDANCE,
            guards=ORGAN_GUARDS,
            label_guards=ORGAN_LABEL_GUARDS,
            ignore=LIVER_ENZYME,
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
LABEL_SECTIONS = (frozenset(TOPIC_KEYS) - {"storage", "missed_dose"}) | {
    "dosage",
    "precautions",
}
POPULATIONS = re.compile(r"specific populations", re.I)
