"""What in a monograph's text names a drug, and how a table's rows that do are quoted.

A drug named only to compare the two, only as the source's own kind ("like other
NSAIDs") or only as what one is allergic to is not named as taken with it (`names`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from medinfo.textunits import ROW

# Spellings of a class pattern (see `spelled`): at most this many, for a pattern
# of many optional parts.
_MOST_SPELLINGS = 64


@lru_cache(maxsize=512)  # a few dozen class patterns, asked of every drug of a collection
def spelled(regex: str) -> tuple[str, ...]:
    """Return the texts a class pattern of drugwords matches, as literal terms.

    Such a pattern is made of letters, escaped characters, "?", character sets
    ("[- ]") and groups of alternatives; an alternative with a repeat of a class
    ("inflammator\\w*") has no finite spellings and is left out (its class has
    others: "NSAIDs" for "non-steroidal anti-inflammatory drugs").
    """
    spelled, _ = _alternatives(regex, 0)
    return tuple(spelled[:_MOST_SPELLINGS])


def _alternatives(regex: str, at: int) -> tuple[list[str], int]:
    """Return the spellings of alternatives from a place up to a closing bracket or the end."""
    found: list[str] = []
    while True:
        spelled, at = _sequence(regex, at)
        if spelled is not None:
            found.extend(spelled)
        if at < len(regex) and regex[at] == "|":
            at += 1
            continue
        return found, at


def _sequence(regex: str, at: int) -> tuple[list[str] | None, int]:
    """Return the spellings of one alternative, or None when it has no finite spellings."""
    spelled: list[str] | None = [""]
    while at < len(regex) and regex[at] not in "|)":
        char = regex[at]
        options: list[str] | None
        if char == "(":
            at += 3 if regex.startswith("(?:", at) else 1
            options, at = _alternatives(regex, at)
            at += 1  # its ")"
        elif char == "[":
            close = regex.index("]", at + 1)
            options, at = list(regex[at + 1 : close]), close + 1
        elif char == "\\":
            escaped = regex[at + 1]
            options = None if escaped.isalnum() else [escaped]  # "\\w", "\\d": any of many
            at += 2
        else:
            options, at = [char], at + 1
        if at < len(regex) and regex[at] in "*+":
            options, at = None, at + 1
        elif at < len(regex) and regex[at] == "?":
            options, at = (None if options is None else [*options, ""]), at + 1
        if options is None or spelled is None:
            spelled = None
        else:
            spelled = [head + tail for head in spelled for tail in options][:_MOST_SPELLINGS]
    return spelled, at


def table_rows(table: str, hits: list[tuple[int, int]]) -> str:
    """Return a table's rows that name the drug as a table of its own, as topics quotes one.

    Its caption, header and delimiter rows come first (a label's table, whose first row
    is empty, has its header in the bold rows below it), then each row that names the
    drug as written, with the row that heads it ("| **No dosing adjustments required:**
    | |"); a table whose caption or header names it is quoted whole. A cell is never cut.
    """
    lines = table.split("\n")
    at = next(number for number, line in enumerate(lines) if ROW.match(line))
    hit_lines = {table.count("\n", 0, start) for start, _ in hits}
    if min(hit_lines) < at + 2:
        return table  # the caption or the header names it: the whole table is about it
    chosen: list[int] = []
    group = -1
    header = not any(_cells(lines[at]))
    for number in range(at + 2, len(lines)):
        cells = _cells(lines[number])
        heads = len(cells) > 1 and bool(cells[0]) and not any(cells[1:])
        header = header and not heads and all(not c or _BOLD.fullmatch(c) for c in cells[:1])
        if header:
            chosen.append(number)  # "| **Coadministered Drug** | **Dose** |", "|  | **AUC** |"
        elif heads:
            group = number  # a row with only its first cell heads the rows below it
        elif number in hit_lines:
            if group >= 0 and group not in chosen:
                chosen.append(group)
            chosen.append(number)
    caption = "\n".join(lines[:at]).strip()
    return "\n".join(
        [*([caption, ""] if caption else []), *lines[at : at + 2], *(lines[n] for n in chosen)]
    )


_BOLD = re.compile(r"(\*\*|__).+\1")


def _cells(row: str) -> list[str]:
    """Return the cells of a table's row, without their white space."""
    return [cell.strip() for cell in row.strip().strip("|").split("|")]


def names(text: str, named: re.Pattern[str]) -> bool:
    """Tell whether text names the drug other than only to compare with it.

    Nor only by a class the source is of, unless it speaks of others of the class or of
    taking them together ("currently receiving aspirin or NSAIDs", not "NSAIDs can cause
    ulcers"); nor only as what one is allergic or sensitive to ("asthma after taking
    aspirin"), unless it speaks of taking them together.
    """
    allergy = _ALLERGY.search(text) is not None and _TOGETHER.search(text) is None
    return any(
        not allergy and not compares(text, match) and not _own_kind(text, match)
        for match in named.finditer(text)
    )


# Where a class the source is of names other drugs taken with it: "with other
# NSAIDs", "concomitant use of diclofenac with other NSAIDs", "patients currently
# receiving aspirin or NSAIDs", "Concomitant use with NSAIDs" (not "concomitant use
# of NSAIDs and methotrexate": the class with a third drug; nor "patients taking
# ketorolac or other NSAIDs", "like other NSAIDs": what the source is).
_WITH_OTHERS = re.compile(r"\bwith\s+(?:any\s+)?(?:other|another)\s+$", re.I)
_OTHERS_OF = re.compile(r"\b(?:other|another)\s+$", re.I)
_RECEIVING = re.compile(
    r"\b(?:currently|already|concurrently)\s+(?:receiving|taking|using|on)"
    r"\s+(?:[\w-]+\s+(?:or|and)\s+)?$",
    re.I,
)
_USED_WITH = re.compile(
    r"\b(?:concomitant|concurrent|combined)\s+(?:use|administration|therapy)\s+(?:with|of)\s+$",
    re.I,
)
# ... where that is all the heading or sentence says: "During concomitant therapy
# with NSAIDs, ..." in an item on diuretics is about the diuretic.
_ENDS = re.compile(
    r"[\s*_:.)]*$|\s+(?:is|are)\s+(?:not\s+recommended|contraindicated|to\s+be\s+avoided)\b",
    re.I,
)
_AS_WITH = re.compile(
    r"\b(?:like|as\s+with|as\s+do|as\s+for|similar\s+to|like\s+that\s+of)\s+"
    r"(?:all\s+|other\s+|many\s+|most\s+)?$",
    re.I,
)
_TOGETHER = re.compile(
    r"\b(?:concomitant\w*|concurrent\w*|co-?administ\w*|combin\w*|together|at\s+the\s+same\s+time"
    r"|in\s+addition\s+to|alongside|interact\w*|while\s+(?:taking|using|on|receiving)"
    r"|(?:currently|already)\s+(?:taking|using|receiving|on))\b",
    re.I,
)
# What one is allergic or sensitive to, or reacts to on its own: not taken with it.
_ALLERGY = re.compile(
    r"\b(?:allerg\w*|hypersensitiv\w*|sensitivity|reactivity|\w+-sensitive|cross-?(?:sensitiv|reactiv)\w*"
    r"|(?:after|upon)\s+(?:taking|using|receiving|ingesting))",
    re.I,
)


def _own_kind(text: str, match: re.Match[str]) -> bool:
    """Tell whether a class the source is of names only the source's own kind there."""
    if not match.groupdict().get("kin"):
        return False
    before = text[max(0, match.start() - 60) : match.start()]
    if _AS_WITH.search(before):
        return True  # "as with other NSAIDs": what the source is
    if _WITH_OTHERS.search(before) or _RECEIVING.search(before):
        return False
    if _OTHERS_OF.search(before) and _TOGETHER.search(text):
        return False
    return not (_USED_WITH.search(before) and _ENDS.match(text, match.end()))


# Words that make what follows them the other side of a comparison: "unlike X",
# "compared with X", "similar to X", "as effective as X" (not "as well as", "as long
# as"), "more/less/safer ... than X" (not "other than"), "less often than with X",
# and the alternatives: "instead of X", "rather than X", "in place of X", "an
# alternative to X", "preferred over/to X", "switch you to X" (not "switch you from
# X to Y": how to change over is about the two together), "people who cannot take
# X", "intolerant of X".
_COMPARING = re.compile(
    r"\b(?:unlike|compared (?:with|to)|in comparison (?:with|to)|similar to"
    r"|alternatives? to|instead of|in place of|preferred (?:over|to)"
    r"|as (?!(?:well|soon|long|far|much|many|often|early|late|little|needed)\b)\w+ as"
    r"|(?:more|less|fewer|(?!other\b)\w{2,}er)\b(?:\s+\w+){0,2}\s+than"
    r"(?:\s+(?:with|on|in|for|by))?"
    r"|switch(?:es|ed|ing)?\s+(?:you|them|him|her|patients|people|the\s+patient)\s+to"
    r"|(?:be|been|is|are|was|were)\s+switched\s+to"
    r"|who\s+(?:cannot|can\s*not|can't|could\s+not|are\s+unable\s+to)\s+(?:take|tolerate|use)"
    r"|intolerant\s+(?:of|to))\s+",
    re.I,
)
# Where the compared thing ends: punctuation, or a word that starts a clause or a
# phrase of its own ("Unlike X, it ...", "as effective as X in preventing ...",
# "instead of ibuprofen if you take warfarin": warfarin is not compared there).
_COMPARED_END = re.compile(
    r"[,;:!?]|\.(?:\s|$)|\b(?:if|when|whenever|while|because|since|unless|until|with|without"
    r"|in|for|during|but|so|though|although|who|which|that|to|is|are|was|were|be|been|has|have"
    r"|had|does|do|did|can|could|may|might|will|would|should|must|it|its|they|this|these|you"
    r"|your)\b",
    re.I,
)
# The drug as the subject of a comparison, maybe one of a short list or in brackets
# after another name: "Paracetamol (acetaminophen) is usually preferred",
# "loratadine and cetirizine, are generally preferred", "X is considered safer",
# "X is an alternative" (not "X is better avoided": that advice is about taking the
# two together).
_COMPARED_SUBJECT = re.compile(
    r"\)?(?:\s*\([^()]*\))?(?:(?:\s*,\s*|\s+(?:and|or)\s+)[\w-]+(?:\s*\([^()]*\))?){0,4},?"
    r"\s+(?:is|are)\s+(?:(?:\w+ly|now|often|also|still|then|considered|thought|seen)\s+)*"
    r"(?:to\s+be\s+)?(?:the\s+|an?\s+)?(?:preferred|alternative|(?:better|safer)"
    r"(?!\s+(?:avoided|not|to|taken|used|given|stopped|left)\b)|similar)\b",
    re.I,
)
# ... unless the sentence goes on about it: "X is usually preferred, but regular use
# can raise the INR" says what X does with the drug.
_GOES_ON = re.compile(r"\b(?:but|however|although|though|yet|except)\b", re.I)
# The drug as what cannot be used, in a clause that says when the other is used
# instead: "when an ACE inhibitor such as lisinopril is unsuitable" (both named),
# "when X inhibitors are unsuitable", "if X is not tolerated", "for whom X is deemed
# unsuitable", "when X cannot be used" (not "X cannot be used with it": that is
# about the two together).
_UNSUITABLE = re.compile(
    r"\)?(?:\s*\([^()]*\))?(?:\s+(?!(?:with|and|or|plus|together)\b)[\w-]+){0,2}"
    r"(?:,?\s+(?:such\s+as|like|e\.g\.,?|including)\s+[\w-]+){0,1}"
    r",?\s+(?:(?:is|are|has|have)\s+(?:(?:\w+ly|been|deemed|considered"
    r"|found|failed|or|is|are|contraindicated|ineffective|not|poorly)\s+)*?(?:unsuitable"
    r"|not\s+suitable|(?:not|poorly)\s+tolerated)|(?:cannot|can\s*not|can't)\s+be\s+"
    r"(?:used|taken|tolerated))\b(?!\s+(?:with|together|alongside|while|during|at\s+the\s+same))",
    re.I,
)
# "X alone", "X by itself": the other side of a comparison is the two taken together.
_ALONE = re.compile(r"\)?(?:\s*\([^()]*\))?\s+(?:alone|by\s+itself|on\s+its\s+own)\b", re.I)
_CONDITION = re.compile(r"\b(?:when|whenever|if|where|whom|unless)\b", re.I)
_CLAUSE_START = re.compile(r"[.;:!?]\s|\n")


def compares(text: str, match: re.Match[str]) -> bool:
    """Tell whether a drug's name, where it was found in a sentence, is only compared.

    It is when it stands in the compared part of a comparing phrase ("Unlike
    warfarin, it does not need regular INR blood tests"), or is the subject of
    one that says nothing more ("Paracetamol is usually preferred."). Only that
    mention: the sentence is quoted if it names the drug elsewhere. When in doubt
    the sentence is kept: a missed interaction is the unsafe mistake.
    """
    start = match.start()
    if _ALONE.match(text, match.end()):
        return False  # "more often than with warfarin alone": the two together, compared
    for comparing in _COMPARING.finditer(text, 0, start):
        end = _COMPARED_END.search(text, comparing.end())
        if end is None or end.start() >= match.end():
            return True
    subject = _COMPARED_SUBJECT.match(text, match.end())
    if subject is not None and not _GOES_ON.search(text, subject.end()):
        return True
    if _UNSUITABLE.match(text, match.end()):
        clause = max((found.end() for found in _CLAUSE_START.finditer(text, 0, start)), default=0)
        return _CONDITION.search(text, clause, start) is not None
    return False
