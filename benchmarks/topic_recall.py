"""Measure topic recall and precision against a sentence-level oracle of its own.

The oracle is deliberately simpler than medinfo's rules (src/medinfo/topics.py)
and written apart from them, so the two can disagree: a sentence "names a topic
in its own words" when it holds one of the plain words below ("interacts",
"contraindicated", "eGFR", "kidney", "pregnant", "breastfeeding", "overdose"...).

- Recall: of the oracle's sentences (every section but the disclaimer), the share
  that stands inside the topic's answer (`medinfo show NAME TOPIC`: the written
  section, the gathered quotes, or both). Markdown emphasis, list markers, table
  pipes and spacing are ignored when comparing.
  Columns: "recall" over every section; "scoped" without the sections where the
  oracle's words are not the topic's (OUT_OF_SCOPE): How it Works for interactions
  ("interacts with receptors" is mechanism), and Usage, Side Effects, How it Works
  and Description for renal and hepatic (a side effect "kidney problems", a use
  "treats liver flukes", "the liver releases glucose" are no guidance for kidney or
  liver impairment; the rules quote such a sentence only when it speaks of
  impairment, disease or dosing). "issue" is the recall of the sentences holding the
  issue's own example words only ("interacts", "contraindicated", "eGFR", "kidney
  disease", "liver disease", "pregnant", "breastfeeding", "overdose"), over every
  section and scoped.
- Precision: of the gathered quotes, the share that holds an oracle sentence. A
  quote the oracle does not recognise may still be right (an item that names
  "MAO inhibitors" says nothing of "interacts"): `--sample N --seed S` prints N
  random quotes per topic the oracle did not recognise (or, with --sample-from all,
  any quotes), for a person to judge.

    python benchmarks/topic_recall.py --corpus PATH [--topic KEY] [--misses 10]
    python benchmarks/topic_recall.py --corpus PATH --sample 20 --seed 2

Measured on the RxHive corpus (3,204 monographs) with the rules of this version:
    topic              recall  scoped  issue  scoped
    interactions        95.7%   99.5%  74.4%   96.7%
    contraindications   96.7%   96.7% 100.0%  100.0%
    renal               82.1%   98.7%  96.2%  100.0%
    hepatic             69.0%   95.2%  98.6%  100.0%
    pregnancy, breastfeeding 100%; overdose 97.0%
The issue-word recall of interactions is 74.4% over every section because most
sentences saying "interacts" stand in How it Works and say "interacts with
receptors / enzymes / the body's endocannabinoid system": mechanism, which the rules
leave out on purpose (How it Works is not searched for interactions). Within scope
it is 96.7%; the rest are mechanisms in Usage ("interacts with opioid receptors")
and FAQs about food only ("Are there any food interactions?"), both left out on
purpose. Renal and hepatic recall over every section is low because Side Effects
("kidney problems", "increased liver enzymes") and How it Works hold most of the
sentences the oracle counts there. Within scope the misses are left out on purpose:
FAQs on side effects ("alcohol can increase the risk of liver damage", "long-term use
can cause kidney damage"), "medicines metabolized by the liver" and "the liver enzyme
CYP3A4" in interaction sentences, doses for an indication ("Kidney Transplant:",
"kidney infections") and dialysis that does not remove the drug in an overdose. On
the 35 bundled monographs (--corpus monographs) scoped recall is renal 86.8% and
hepatic 83.1% (100% and 98.7% before Overdose items, FAQs and indication doses had to
speak of impairment): each miss there is one of those.

Hand-checked precision, judged by reading each quote as a pharmacist would (is it
something to show for that question?), over the RxHive corpus. From the quotes the
oracle does not recognise, right / judged, and the precision that gives with the
oracle's share: with this version (--sample 20 --seed 2), renal 17/20 (about 99.8%;
wrong: "hemolytic-uremic syndrome" and "elevation of BUN and creatinine" as harms,
"Glomerular Filtration Evaluation" as a use) and hepatic 16/20 (about 99.8%; wrong:
"autoimmune hepatitis" and "alcoholic hepatitis" as uses, hepatobiliary cancers,
screening for hepatitis); the kidney quotes the oracle misses are mostly CrCl doses
and nephrotoxicity warnings, the liver ones hepatotoxicity and cirrhosis cautions.
With the previous versions (--seed 1): interactions 18/20 (about 97%), renal about
13/20, hepatic about 15/20, contraindications 19/20 (99%), breastfeeding 16/20
(99%), overdose 14/20 (93%); pregnancy: every quote names pregnancy.
What the rules leave out on purpose and the oracle counts: "interacts with
receptors" (mechanism), "the liver converts it" (physiology), a side effect on the
kidneys or the liver, "raise potassium too much" (not an overdose), "this
information should not be used for self-medication", dialysis in an overdose.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

from medinfo.errors import ParseError
from medinfo.readers import read_path
from medinfo.topics import answer

# The oracle: plain words a reader would say name the topic. Case matters only for
# eGFR (EGFR is a receptor in cancer medicine).
ORACLE: dict[str, re.Pattern[str]] = {
    "interactions": re.compile(r"(?i:\binteract(?:s|ion|ions|ing)?\b|\bconcomitant)"),
    "contraindications": re.compile(
        r"(?i:contraindicat|\bmust not be (?:used|taken)|\bdo not combine"
        r"|\bshould not be (?:used|taken))"
    ),
    "renal": re.compile(
        r"(?i:\bkidneys?\b|\brenal(?:ly)?\b|\bcreatinine clearance\b|\bdialysis\b)|\beGFR\b"
    ),
    "hepatic": re.compile(r"(?i:\bliver\b|\bhepatic\b|\bchild-pugh\b)"),
    "pregnancy": re.compile(r"(?i:\bpregnan)"),
    "breastfeeding": re.compile(r"(?i:\bbreast-?feed|\bbreast milk\b|\bnursing mothers?\b)"),
    "overdose": re.compile(r"(?i:\boverdos|\btoo much\b)"),
}
# The issue's own examples of "naming the topic in its own words", one or two a topic.
ISSUE_WORDS: dict[str, re.Pattern[str]] = {
    "interactions": re.compile(r"(?i:\binteracts\b)"),
    "contraindications": re.compile(r"(?i:\bcontraindicated\b)"),
    "renal": re.compile(r"\beGFR\b|(?i:\bkidney disease\b)"),
    "hepatic": re.compile(r"(?i:\bliver disease\b|\bhepatic impairment\b)"),
    "pregnancy": re.compile(r"(?i:\bpregnant\b)"),
    "breastfeeding": re.compile(r"(?i:\bbreastfeeding\b)"),
    "overdose": re.compile(r"(?i:\boverdose\b)"),
}
# Sections where the oracle's words are not the topic's: "interacts with receptors"
# in How it Works is mechanism; the kidneys and the liver in Usage ("treats kidney
# stones"), Side Effects ("kidney problems"), How it Works ("the liver releases
# glucose") and Description are what the drug treats, harms or passes through, not
# guidance for kidney or liver impairment (the rules quote such a sentence only when it
# speaks of impairment, disease or dosing).
_ORGAN = frozenset(("usage", "side_effects", "how_it_works", "description"))
OUT_OF_SCOPE: dict[str, frozenset[str]] = {
    "interactions": frozenset(("how_it_works",)),
    "renal": _ORGAN,
    "hepatic": _ORGAN,
}
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_MARKUP = re.compile(r"[*_#>|`]+|^\s*(?:[-+]|\d+[.)])\s+", re.M)


def _plain(text: str) -> str:
    """Return text without Markdown marks and with single spaces, for comparing."""
    return " ".join(_MARKUP.sub(" ", text).split())


def oracle_sentences(text: str, rule: re.Pattern[str]) -> list[str]:
    """Return the sentences of a section's text that the oracle says name the topic."""
    found = []
    for line in text.split("\n"):
        for piece in _SPLIT.split(_plain(line)):
            if len(piece) > 3 and rule.search(piece):
                found.append(piece)
    return found


def answer_parts(monograph: object, key: str) -> tuple[list[str], list[str]]:
    """Return the texts of a topic's answer: written sections, and gathered quotes."""
    chosen, _ = answer(monograph, [key])  # type: ignore[arg-type]
    written: list[str] = []
    quotes: list[str] = []
    for part in chosen:
        if hasattr(part, "quotes"):
            quotes.extend(quote.text for quote in part.quotes)
        else:
            written.append(part.text)
    return written, quotes


def main() -> int:
    """Print recall and precision per topic over a corpus of Markdown monographs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--topic", action="append", choices=sorted(ORACLE))
    parser.add_argument("--misses", type=int, default=0, help="print N missed sentences a topic")
    parser.add_argument("--sample", type=int, default=0, help="print N unrecognised quotes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--sample-from",
        choices=("unrecognised", "all"),
        default="unrecognised",
        help="draw the sample from the quotes the oracle does not recognise, or from all",
    )
    args = parser.parse_args()
    keys = args.topic or list(ORACLE)
    paths = sorted(args.corpus.rglob("*.md"))
    if not paths:
        print(f"no *.md files under {args.corpus}", file=sys.stderr)
        return 2
    wanted = dict.fromkeys(keys, 0)
    found = dict.fromkeys(keys, 0)
    named = dict.fromkeys(keys, 0)  # the same, with the issue's words only
    named_found = dict.fromkeys(keys, 0)
    named_out = dict.fromkeys(keys, 0)  # the same, within the topic's scope
    named_found_out = dict.fromkeys(keys, 0)
    # The same counts within the topic's scope (OUT_OF_SCOPE).
    wanted_out = dict.fromkeys(keys, 0)
    found_out = dict.fromkeys(keys, 0)
    quotes = dict.fromkeys(keys, 0)
    recognised = dict.fromkeys(keys, 0)
    missed: dict[str, list[str]] = {key: [] for key in keys}
    unknown: dict[str, list[str]] = {key: [] for key in keys}
    every: dict[str, list[str]] = {key: [] for key in keys}
    for path in paths:
        try:
            monograph = read_path(path)
        except ParseError:
            continue
        for key in keys:
            rule = ORACLE[key]
            written, gathered = answer_parts(monograph, key)
            said = [_plain(text) for text in [*written, *gathered]]
            for section in monograph.sections:
                if section.key == "disclaimer":
                    continue
                for sentence in oracle_sentences(section.text, rule):
                    wanted[key] += 1
                    outside = section.key not in OUT_OF_SCOPE.get(key, ())
                    wanted_out[key] += outside
                    if any(sentence in text for text in said):
                        found[key] += 1
                        found_out[key] += outside
                    elif outside:
                        missed[key].append(f"{path.name} [{section.key}] {sentence}")
                for sentence in oracle_sentences(section.text, ISSUE_WORDS[key]):
                    named[key] += 1
                    hit = any(sentence in text for text in said)
                    named_found[key] += hit
                    if section.key not in OUT_OF_SCOPE.get(key, ()):
                        named_out[key] += 1
                        named_found_out[key] += hit
            for text in gathered:
                quotes[key] += 1
                every[key].append(f"{path.name}: {text}")
                if oracle_sentences(text, rule):
                    recognised[key] += 1
                else:
                    unknown[key].append(f"{path.name}: {text}")
    print(f"{len(paths)} monographs under {args.corpus}")
    print(
        f"{'topic':<18} {'oracle':>7} {'found':>7} {'recall':>7} {'scoped':>7} "
        f"{'issue':>6} {'recall':>7} {'scoped':>7} {'quotes':>7} {'oracle%':>8}"
    )
    for key in keys:
        recall = found[key] / wanted[key] if wanted[key] else 1.0
        share = recognised[key] / quotes[key] if quotes[key] else 1.0
        outside = found_out[key] / wanted_out[key] if wanted_out[key] else 1.0
        issue = named_found[key] / named[key] if named[key] else 1.0
        issue_out = named_found_out[key] / named_out[key] if named_out[key] else 1.0
        print(
            f"{key:<18} {wanted[key]:>7} {found[key]:>7} {recall:>7.1%} {outside:>7.1%} "
            f"{named[key]:>6} {issue:>7.1%} {issue_out:>7.1%} {quotes[key]:>7} {share:>8.1%}"
        )
    rng = random.Random(args.seed)
    for key in keys:
        if args.misses and missed[key]:
            print(f"\n## {key}: missed sentences")
            for line in rng.sample(missed[key], min(args.misses, len(missed[key]))):
                print(" -", line[:400])
        pool = unknown[key] if args.sample_from == "unrecognised" else every[key]
        if args.sample and pool:
            what = "the oracle does not recognise" if pool is unknown[key] else "drawn from all"
            print(f"\n## {key}: quotes {what} (judge each)")
            for number, line in enumerate(rng.sample(pool, min(args.sample, len(pool))), 1):
                print(f" {number:>2}. {line[:500]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
