"""Words that name a drug or a class of drugs, for telling an interaction by its words.

Three kinds, so that the rule works on monographs it has never seen:

- class words: "NSAIDs", "MAO inhibitors", "blood thinners", "iron supplements",
  "St John's wort", "other medicines"...;
- INN stems, the endings the WHO gives drugs of one family: -pril, -sartan,
  -olol, -statin, -azole, -mycin, -cillin, -floxacin, -triptan, -parin,
  -gliptin, -dipine, -prazole, -tidine, -azepam...;
- drugs named often whose name has no such stem: warfarin, digoxin, lithium,
  methotrexate, aspirin, paracetamol, clopidogrel...

A sentence that names one speaks of another drug unless it only compares ("unlike
warfarin") or names an allergy; a class word alone ("corticosteroids") may be the
drug's own kind, so it counts when the sentence speaks of using it (with, taking...).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

# Classes and groups, as monographs write them (singular or plural).
_CLASSES = (
    r"NSAIDs?|non-?steroidal anti-?inflammator\w*"
    r"|anti-?inflammatory (?:drugs|medicines|painkillers)"
    r"|MAO-?Is?|MAOIs?|MAO(?:-[AB])? inhibitors?|monoamine oxidase inhibitors?"
    r"|SSRIs?|SNRIs?|TCAs?|tricyclics?(?: antidepressants?)?|antidepressants?"
    r"|serotonergic (?:drugs|medicines|medications|agents)|triptans?"
    r"|opioids?|opiates?|narcotics?|benzodiazepines?|sedatives?|hypnotics?|tranquill?[iy][sz]ers?"
    r"|sleeping (?:pills|tablets|medicines?)|sleep (?:aids|medicines?|medications?)"
    r"|CNS depressants?|central nervous system depressants?|muscle relaxants?"
    r"|antipsychotics?|neuroleptics?|anticonvulsants?|antiepileptics?"
    r"|anti-?seizure (?:drugs|medicines)"
    r"|stimulants?|amphetamines?|antihistamines?|decongestants?|anticholinergics?"
    r"|anticoagulants?|blood[- ]thinn(?:ers?|ing (?:drugs|medicines?|medications?))"
    r"|antiplatelets?(?: (?:drugs|medicines|agents))?|antithrombotics?|thrombolytics?"
    r"|antacids?|proton pump inhibitors?|PPIs?|H2 (?:blockers?|antagonists?)"
    r"|(?:iron|calcium|magnesium|zinc|potassium|aluminium|aluminum)"
    r"(?:-containing|-based| containing| supplements?| salts?| carbonate| hydroxide| citrate"
    r"| chloride| tablets?)"
    r"|potassium-sparing|salt substitutes?|(?:herbal|dietary|mineral|vitamin) (?:supplements"
    r"|remedies|products|medicines)|multivitamins"
    r"|diuretics?|water (?:pills|tablets)|ACE inhibitors?|angiotensin[- ](?:converting enzyme "
    r"inhibitors?|(?:II )?receptor (?:blockers?|antagonists?))|ARBs?"
    r"|beta[- ]?blockers?|calcium[- ]channel blockers?|alpha[- ]?blockers?"
    r"|nitrates|nitrate (?:medicines?|drugs)"
    r"|antiarrhythmics?|cardiac glycosides?|statins?|fibrates?|bile acid sequestrants?"
    r"|antibiotics?|antibacterials?|antifungals?|antivirals?|antiretrovirals?"
    r"|protease inhibitors?|macrolides?|quinolones?|fluoroquinolones?|tetracyclines?"
    r"|aminoglycosides?|sulfonamides?|sulpha drugs"
    r"|corticosteroids?|steroids?|glucocorticoids?|immunosuppressants?|immunosuppressive (?:drugs"
    r"|medicines|agents)|live (?:attenuated )?vaccines?|other vaccines"
    r"|insulins?|sulfonylureas?|sulphonylureas?|antidiabetics?|(?:diabetes|blood[- ]sugar|"
    r"blood[- ]pressure|heart|seizure|epilepsy|thyroid|cholesterol|pain|cold|cough|allergy|"
    r"migraine|HIV) (?:medicines?|medications?|drugs|tablets|pills)"
    r"|(?:oral |hormonal )?contraceptives?|birth control|hormone replacement therapy|HRT"
    r"|oestrogens?|estrogens?|laxatives?|bisphosphonates?|PDE-?5 inhibitors?|(?:oral )?retinoids?"
    # "CYP2C19" alone is an enzyme (poor metabolizers are genetics); its inhibitors are drugs.
    r"|CYP ?\d\w*(?: (?:inhibitors?|inducers?|substrates?))|P-gp (?:inhibitors?|inducers?)"
    r"|QT[- ]prolonging|anaesthetics?|anesthetics?|contrast (?:media|agents?|dyes?)"
    r"|chemotherapy (?:drugs|medicines)|cytotoxics?"
    r"|St\.? John'?s[- ]?wort|ginkgo(?: biloba)?|ginseng|grapefruit"
    r"|(?:other|any|all(?: the| your)?|some|certain|prescription|non-?prescription|"
    r"over-the-counter|OTC) (?:medicines|medications|drugs|remedies)"
)
# WHO INN stems (endings), each after at least three letters of a name.
_STEMS = (
    r"pril|prilat|sartan|olol|alol|statin|azole|mycin|micin|cillin|floxacin|oxacin|cycline"
    r"|triptan|parin|xaban|gatran|gliptin|gliflozin|glitazone|glinide|dipine|prazole"
    r"|(?<!his)(?<!cy)tidine|tadine|azepam|azolam|zolam|azepate|barbital|setron|oxetine"
    r"|triptyline|ipramine|peridol|apine|(?<!pov)(?<!rrol)idone|navir|buvir|previr|asvir"
    r"|tegravir|clovir|ciclovir|vudine|tinib|limus|profen|fenac|coxib|oxicam|semide|thiazide"
    r"|tanide|(?<!les)(?<!ster)terol|lukast|afil|dronate|caine|olone|asone|isone|formin|penem|codone|morphone"
    r"|giline|tropium|gabalin|pentin|darone|fibrate|zosin|faxine|izine|azine|ximab|zumab|umab"
)
# Named often, with no stem that would find them.
_NAMES = (
    r"warfarin|acenocoumarol|phenprocoumon|digoxin|lithium|methotrexate|aspirin"
    r"|acetylsalicylic acid|salicylates|paracetamol|acetaminophen|clopidogrel|prasugrel"
    r"|ticagrelor|dipyridamole|heparins?|metformin|levothyroxine|thyroxine|liothyronine"
    r"|phenytoin|fosphenytoin|carbamazepine|valpro(?:ate|ic acid)|lamotrigine|topiramate"
    r"|levetiracetam|phenobarbit(?:al|one)|primidone|rifampi(?:ci)?n|rifabutin|isoniazid"
    r"|theophylline|aminophylline|ciclosporin|cyclosporine?|amiodarone|verapamil|diltiazem"
    r"|quinidine|quinine|allopurinol|febuxostat|colchicine|tramadol|codeine|morphine|fentanyl"
    r"|methadone|buprenorphine|naloxone|naltrexone|pethidine|meperidine|tapentadol|disulfiram"
    r"|ritonavir|cobicistat|nitroglycerine?|glyceryl trinitrate|isosorbide|spironolactone"
    r"|eplerenone|amiloride|triamterene|sucralfate|cholestyramine|colestyramine|colestipol"
    r"|orlistat|probenecid|linezolid|methylene blue|pimozide|thioridazine|tamoxifen|tizanidine"
    r"|ergotamine|ergot alkaloids?|dextromethorphan|pseudoephedrine|ephedrine|levodopa|carbidopa"
    r"|metoclopramide|domperidone|bupropion|trazodone|buspirone|tryptophan|trimethoprim"
    r"|sulfamethoxazole|co-trimoxazole|nitrofurantoin|chloramphenicol|clozapine|mercaptopurine"
    r"|azathioprine|mycophenolate|cyclophosphamide|baclofen|modafinil|digitalis|adrenaline"
    r"|epinephrine|atropine|glucagon|desmopressin|oxytocin|testosterone|progestogens?"
    r"|alcohol(?!-free| ?free| wipe| swab|-based| based)|ethanol|nicotine|cannabis|methylphenidate"
)
# Words that look like a drug word but name a substance or something else.
_NOT = (
    r"(?:benzyl|cetyl|stearyl|cetostearyl|polyvinyl|isopropyl|rubbing|phenylethyl|lanolin)"
    r" alcohol"
)
# "antibiotic resistance", "ACE inhibitor-induced", "corticosteroid-responsive":
# the word describes something else.
_DESCRIBES = (
    r"(?![- ](?:resist\w*|induced|associated|related|responsive|naive|refractory|dependent"
    r"|effects?|properties|action|activity|use disorder|exacerbated|sensitive|intoleran\w*"
    r"|allerg\w*|withdrawal|dependence|abuse|addiction|misuse|overdoses?|poisoning))"
)

CLASSES = re.compile(rf"\b(?:{_CLASSES}){_DESCRIBES}\b", re.I)
NAMES = re.compile(
    rf"(?:\b(?:{_NAMES})|\b[a-z]{{3,}}(?:{_STEMS})s?){_DESCRIBES}\b",
    re.I,
)
_NOT_DRUG = re.compile(_NOT, re.I)


def drugs_named(text: str, own: re.Pattern[str] | None = None) -> tuple[list[str], list[str]]:
    """Return the drug names and the class words in text, leaving out a drug's own names."""
    text = _NOT_DRUG.sub(" ", text)
    if own is not None:
        text = own.sub(" ", text)  # "Sertraline affects platelets" names no other drug
    names = [match.group() for match in NAMES.finditer(text)]
    classes = [match.group() for match in CLASSES.finditer(text)]
    return names, classes


# The class a drug belongs to, by its INN stem or its name: a monograph of
# diclofenac that says "NSAIDs" speaks of its own kind unless it says "other NSAIDs".
# Each entry: a pattern a name of the drug matches whole, and how texts name its class.
_NSAIDS = (
    r"NSAIDs?|non-?steroidal anti-?inflammator\w*(?: (?:drugs?|medicines?|agents?))?"
    r"|anti-?inflammatory (?:drugs?|medicines?|painkillers?)"
)
_ANTIBIOTICS = r"antibiotics?|antibacterials?"
_ANTIDEPRESSANTS = r"antidepressants?"
_OWN_CLASSES: tuple[tuple[str, str], ...] = (
    (
        r"\w+(?:profen|fenac|oxicam|coxib)|naproxen|ketorolac|indomethacin|indometacin"
        r"|etodolac|nabumetone|diflunisal|sulindac|mefenamic|tolmetin|oxaprozin",
        _NSAIDS,
    ),
    (r"\w+(?:olol|alol)", r"beta[- ]?blockers?|beta[- ]adrenergic (?:blocking agents?|blockers?)"),
    (
        r"\w+(?:pril|prilat)",
        r"ACE inhibitors?|angiotensin[- ]converting enzyme (?:\(ACE\) )?inhibitors?",
    ),
    (
        r"\w+sartan",
        r"ARBs?|angiotensin[- ](?:II )?receptor (?:blockers?|antagonists?)",
    ),
    (r"\w+statin", r"statins?|HMG-?CoA reductase inhibitors?"),
    (r"\w+prazole", r"proton pump inhibitors?|PPIs?"),
    (
        r"cimetidine|ranitidine|famotidine|nizatidine",
        r"H2[- ](?:receptor )?(?:blockers?|antagonists?)",
    ),
    (r"\w+(?:azepam|azolam|zolam|azepate)", r"benzodiazepines?"),
    (
        r"sertraline|citalopram|escitalopram|fluoxetine|paroxetine|fluvoxamine",
        rf"SSRIs?|selective serotonin reuptake inhibitors?|{_ANTIDEPRESSANTS}",
    ),
    (
        r"venlafaxine|desvenlafaxine|duloxetine|milnacipran|levomilnacipran",
        rf"SNRIs?|serotonin(?: and |-)norepinephrine reuptake inhibitors?|{_ANTIDEPRESSANTS}",
    ),
    (
        r"\w+(?:triptyline|ipramine)",
        rf"TCAs?|tricyclics?(?: {_ANTIDEPRESSANTS})?|{_ANTIDEPRESSANTS}",
    ),
    (r"\w+triptan", r"triptans?"),
    (r"\w+cillin", rf"penicillins?|{_ANTIBIOTICS}"),
    (r"\w+(?:floxacin|oxacin)", rf"(?:fluoro)?quinolones?|{_ANTIBIOTICS}"),
    (r"\w+cycline", rf"tetracyclines?|{_ANTIBIOTICS}"),
    (r"\w+thromycin", rf"macrolides?|{_ANTIBIOTICS}"),
    (r"\w+(?:mycin|micin)", _ANTIBIOTICS),
    (r"\w+conazole", r"(?:azole )?antifungals?"),
    (
        r"\w+(?:parin|xaban|gatran)|warfarin|acenocoumarol|phenprocoumon",
        r"anticoagulants?|blood[- ]thinn(?:ers?|ing (?:drugs|medicines?|medications?))",
    ),
    (
        r"clopidogrel|prasugrel|ticagrelor|ticlopidine",
        r"antiplatelets?(?: (?:drugs|medicines|agents))?",
    ),
    (r"\w+gliptin", r"DPP-?4 inhibitors?"),
    (r"\w+gliflozin", r"SGLT-?2 inhibitors?"),
    (r"\w+dipine", r"calcium[- ]channel blockers?"),
    (r"\w+(?:semide|thiazide|tanide)", r"diuretics?|water (?:pills|tablets)"),
    (r"\w+dronate", r"bisphosphonates?"),
    (
        r"\w+(?:codone|morphone)|morphine|codeine|tramadol|fentanyl|methadone|tapentadol"
        r"|buprenorphine|pethidine|meperidine",
        r"opioids?(?: (?:analgesics?|agonists?))?|opiates?|narcotics?",
    ),
    (
        r"\w+(?:olone|asone|isone)|hydrocortisone|cortisone|budesonide|fluticasone",
        r"corticosteroids?|glucocorticoids?|steroids?",
    ),
    (
        r"glipizide|glyburide|glibenclamide|gliclazide|glimepiride",
        r"sulfonylureas?|sulphonylureas?",
    ),
)
_CLASS_BY_NAME = [(re.compile(name, re.I), words) for name, words in _OWN_CLASSES]
# Any of them: most words of most names are of no class, and one pattern tells so.
_ANY_CLASS_NAME = re.compile("|".join(f"(?:{name})" for name, _ in _OWN_CLASSES), re.I)


@lru_cache(maxsize=65536)  # `interactions` asks of every name of a collection, whose words repeat
def _classes_of_word(word: str) -> tuple[str, ...]:
    """Return the class patterns one word of a drug's name says it is of."""
    if not _ANY_CLASS_NAME.fullmatch(word):
        return ()
    return tuple(words for pattern, words in _CLASS_BY_NAME if pattern.fullmatch(word))


def classes_of(names: Iterable[str], kinds: Iterable[str] = ()) -> list[str]:
    """Return patterns of a drug's classes: by its names' stems, and all words for its kinds.

    A kind ("Nonsteroidal Anti-inflammatory Drug", from a label's metadata) brings every
    way texts write that class ("NSAIDs").
    """
    found: list[str] = []
    for name in names:
        for word in re.findall(r"[^\W\d_]{4,}", name):
            found.extend(_classes_of_word(word.casefold()))
    for kind in kinds:
        found.extend(words for _, words in _OWN_CLASSES if re.fullmatch(words, kind, re.I))
    return list(dict.fromkeys(found))


# "Like other NSAIDs, ...", "as with all statins": the drug's own class, by its words.
_LIKE_OTHER = re.compile(
    r"\b(?:like|as with|as do|as for|similar to) (?:all |other |many |most |some )?", re.I
)


def own_class_said(text: str) -> list[str]:
    """Return the class words a text puts the drug among ("like other NSAIDs")."""
    found: list[str] = []
    for match in _LIKE_OTHER.finditer(text):
        named = CLASSES.match(text, match.end())
        if named:
            found.append(named.group())
    return found


# A comparison names a drug without speaking of using the two together: "Unlike
# warfarin, it needs no INR tests", "as effective as ibuprofen", "like other NSAIDs".
_COMPARING = (
    r"unlike|compared (?:to|with)|than|similar to|as effective as|like (?:other|many|all)"
    r"|as with (?:other|all)|belongs? to|a member of|class of|related to|derived from"
    r"|same (?:class|family|group)|(?:in )?the same way as"
)
# An alternative is named too, not taken with it: "when an ACE inhibitor is unsuitable",
# "less often than with ACE inhibitors", "switch you to losartan", "use paracetamol
# instead", "another antiplatelet may be chosen".
_ALTERNATIVES = (
    r"instead(?: of)?|alternatives?|rather than|in place of"
    r"|(?:is|are) (?:unsuitable|not suitable|not tolerated|poorly tolerated|not an option)"
    r"|cannot (?:be )?(?:take|taken|tolerate|tolerated|use|used)|unable to (?:take|tolerate)"
    r"|(?:less|more) (?:often|common(?:ly)?|likely|frequent(?:ly)?) than"
    r"|switch(?:es|ed|ing)? (?:you |them |patients |people )?(?:over )?to"
    r"|(?:may|can|could|might) be (?:chosen|preferred|used instead)|(?:is|are) (?:chosen|preferred)"
)
COMPARES = re.compile(rf"\b(?:{_COMPARING}|{_ALTERNATIVES})\b", re.I)
ALTERNATIVES = re.compile(rf"\b(?:{_ALTERNATIVES})\b", re.I)
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
    r"|apart|separate\w*|stop\w*|switch\w*|levels?|concentrations?)\b",
    re.I,
)
# An allergy to a drug or class is a contraindication, not an interaction, unless
# the sentence speaks of taking the two together.
_ALLERGY = re.compile(r"\ballerg|\bhypersensitiv", re.I)
_BOTH = re.compile(
    r"\b(?:interact\w*|concomitant\w*|together|at the same time|while (?:taking|using|on)"
    r"|(?:people|patients|those|anyone|you)"
    r" (?:taking|on|using|receiving|who take|who are taking))\b",
    re.I,
)


def names_another(sentence: str, own: re.Pattern[str] | None) -> bool:
    """Tell whether a sentence names a drug other than its own, and not only to compare."""
    names, classes = drugs_named(sentence, own)
    if not names and not (classes and _USING.search(sentence)):
        return False
    if _ALLERGY.search(sentence) and not _BOTH.search(sentence):
        return False
    if ALTERNATIVES.search(sentence) and not _BOTH.search(sentence):
        return False  # "take paracetamol instead": one or the other, not both
    return not (COMPARES.search(sentence) and not _TOGETHER.search(sentence))
