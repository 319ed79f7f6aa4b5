"""FDA labels: cold build against the least any reader must do, and section coverage.

    python benchmarks/spl.py --corpus path/to/spl [--runs 3]

- Cold `medinfo index --rebuild` of the labels, against a plain sequential loop that
  parses each file with xml.etree.ElementTree and reads all its text (itertext);
  runs alternate, and the ratio of the medians is printed.
- With --rxhive, lookups: `show NAME --format plain` on the labels against the same
  command on a Markdown collection, both with a warm index, alternating; and the
  peak memory of show and search on the labels.
- Section coverage, checked independently of medinfo's reader: for every section of
  DESIGN.md's LOINC table that has text, a section of the monograph must hold the
  section's first and last words: one of the code's key, of the key its title says
  (a "Lactation" section coded as pregnancy is breastfeeding), or of the coded
  section around it (a subsection of Dosage stays in Dosage).
- Labels as written, from the XML: superscripted numbers kept as superscripts; line
  breaks in table cells kept (as <br>); spaces kept around links; no list item with a
  second marker ("1. 1.", "- •"); every Lactation or Nursing Mothers section in
  breastfeeding; no "****" or emphasis around punctuation alone in any text; no bold
  closed and opened again across a space ("** **"), inside a word or not.
- Sections: labels whose keyed sections show a key and title twice, and of them those
  whose XML does not give that title twice; labels with a coded subsection shown
  before the coded section around it (each found by the first words of its text).
- Round trip: each label written as Markdown (`show --format markdown`) reads back
  to the same sections, with the medinfo this Python imports.

    python benchmarks/spl.py --corpus path/to/spl --checks-only   # no timings
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

LOOP = """
import sys, xml.etree.ElementTree as ET
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.xml")):
    "".join(ET.parse(path).getroot().itertext())
"""
NS = "{urn:hl7-org:v3}"


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run a command; return its wall time and the CPU time of it and its children."""
    started = time.perf_counter()
    before = os.times()
    subprocess.run(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True
    )
    after = os.times()
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return time.perf_counter() - started, cpu


def export(corpus: Path, env: dict[str, str], medinfo: str) -> dict[str, dict[str, Any]]:
    """Return every monograph medinfo exports from the corpus, by path."""
    exported = subprocess.run(
        [medinfo, "--dir", str(corpus), "export"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return {data["path"]: data for data in map(json.loads, exported)}


LINK = re.compile(r"\[([^\]]*)\]\(https?://[^)\s]*\)")
# What a section's title says, independently of the reader's own patterns.
LACTATION = re.compile(r"lactation|nursing mother|breast.?feeding", re.I)
PREGNANCY = re.compile(r"pregna", re.I)  # "Pregnacncy" too


def title_of(section: ET.Element) -> str:
    """Return a section's title as plain words."""
    title = section.find(f"{NS}title")
    return " ".join("".join(title.itertext()).split()) if title is not None else ""


def coverage(corpus: Path, monographs: dict[str, dict[str, Any]]) -> tuple[int, int, list[str]]:
    """Return how many coded sections with text are found whole, of how many, and misses."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "src"))
    from medinfo.readers.spl import KEYS  # the table of codes only; the check is our own

    found = total = 0
    misses: list[str] = []
    for path in sorted(corpus.rglob("*.xml")):
        rel = str(path.relative_to(corpus))
        monograph = monographs.get(rel)
        root = ET.parse(path).getroot()
        parents = {child: parent for parent in root.iter() for child in parent}
        for section in root.iter(f"{NS}section"):
            code = section.find(f"{NS}code")
            key = KEYS.get(code.get("code", "") if code is not None else "")
            text = section.find(f"{NS}text")
            if key is None or text is None:
                continue
            for excerpt in text.iter(f"{NS}excerpt"):
                excerpt.clear()
            words = "".join(text.itertext()).split()
            if not words:
                continue
            total += 1
            keys = {key}
            title = title_of(section)
            if LACTATION.search(title) and not PREGNANCY.search(title):
                keys.add("breastfeeding")
            elif PREGNANCY.search(title) and not LACTATION.search(title):
                keys.add("pregnancy")
            elif key in ("pregnancy", "breastfeeding"):
                keys.add("other")  # a title about something else entirely
            around = parents.get(section)
            while around is not None:
                code = around.find(f"{NS}code") if around.tag == f"{NS}section" else None
                if code is not None and KEYS.get(code.get("code", "")):
                    keys.add(KEYS[code.get("code", "")])
                    break
                around = parents.get(around)
            texts = [
                _plain(s["text"]) for s in (monograph or {}).get("sections", []) if s["key"] in keys
            ]
            first, last = _plain(words[0]), _plain(words[-1])
            if any(first in t and last in t for t in texts):
                found += 1
            elif len(misses) < 10:
                misses.append(f"{rel}: {key}: {first} ... {last}")
    return found, total, misses


SUPERSCRIPT = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
# A list line whose item repeats a marker: "1. 1. Lactic", "- • Take", "- - Take".
DOUBLED = re.compile(r"^\s*(?:[-*+]|\d+[.)])[ \t]+(?:[-*+•●▪◦∘○■·]|\d+[.)])(?:[ \t]|$)", re.M)
# "****", or bold opening (after a space) around punctuation alone: "**(**see".
STRAY = re.compile(r"\*\*\*\*|(?:^|(?<=\s))\*\*[^\w\s*]{1,3}\*\*", re.M)
# Bold closed and opened again with only a space between: "**risk for** **ser**".
GAP = re.compile(r"\*\* \*\*")
# The same inside a word the label's runs split: "**ser** **i** **ous**", "**s** **ee**".
SPLIT = re.compile(r"(?<=\w)\*\* \*\*(?=\w)")
NUMBER = re.compile(r"^\s*\d+(?:\.\d+)*\s*")


def as_written(corpus: Path, monographs: dict[str, dict[str, Any]]) -> dict[str, list[int]]:
    """Return, per check of a label shown as written, [kept, of how many] over the corpus."""
    counts = {
        name: [0, 0]
        for name in ("superscripts", "cell breaks", "link spaces", "lactation sections")
    }
    for path in sorted(corpus.rglob("*.xml")):
        monograph = monographs.get(str(path.relative_to(corpus))) or {}
        root = ET.parse(path).getroot()
        for excerpt in root.iter(f"{NS}excerpt"):
            excerpt.clear()
        sections = monograph.get("sections", [])
        shown = "\n".join(s["text"] for s in sections)
        # a break before a list item in a cell shows the item's marker after it
        flat = re.sub(r"<br>(?:[-+]|\d{1,9}[.)]) ", "<br>", _plain(shown))
        lines_of = "\n".join(_plain(line) for line in shown.splitlines())
        for parent in root.iter():
            children = list(parent)
            for index, child in enumerate(children):
                before = (children[index - 1].tail if index else parent.text) or ""
                if child.tag == f"{NS}sup":
                    raw = "".join(child.itertext()).strip()
                    if not raw or not any(c.isdigit() for c in raw) or raw.strip("0123456789+-,"):
                        continue
                    expected = (
                        before.rstrip()[-1:] if before[-1:].strip() else ""
                    ) + raw.translate(SUPERSCRIPT)
                    counts["superscripts"][1] += 1
                    counts["superscripts"][0] += expected in shown
                elif child.tag == f"{NS}linkHtml":
                    label = "".join(child.itertext())
                    tail = child.tail or ""
                    pairs = []
                    if label.split() and label[-1:].isspace() and tail[:1].isalnum():
                        pairs.append((label.split()[-1], tail.split()[0]))
                    if label.split() and label[:1].isspace() and before[-1:].isalnum():
                        pairs.append((before.split()[-1], label.split()[0]))
                    for a, b in pairs:
                        counts["link spaces"][1] += 1
                        counts["link spaces"][0] += _plain(f"{a} {b}") in flat
        for cell in (c for c in root.iter() if c.tag in (f"{NS}td", f"{NS}th")):
            lines = [(text.split(), broken) for text, broken in _lines(cell)]
            for (above, _), (below, broken) in itertools.pairwise(lines):
                if not broken:
                    continue
                counts["cell breaks"][1] += 1
                pair = f"{_plain(above[-1])}<br>{_plain(below[0])}"
                # under a table (its footnotes) the break is a line's end
                counts["cell breaks"][0] += pair in flat or pair.replace("<br>", "\n") in lines_of
        for section in root.iter(f"{NS}section"):
            title = title_of(section)
            text = section.find(f"{NS}text")
            words = "".join(text.itertext()).split() if text is not None else []
            if not words or not LACTATION.search(title) or PREGNANCY.search(title):
                continue
            first, last = _plain(words[0]), _plain(words[-1])
            counts["lactation sections"][1] += 1
            counts["lactation sections"][0] += any(
                s["key"] == "breastfeeding"
                and first in _plain(s["text"])
                and last in _plain(s["text"])
                for s in sections
            )
    texts = [s["text"] for data in monographs.values() for s in data.get("sections", [])]
    doubled = sum(len(DOUBLED.findall(text)) for text in texts)
    stray = sum(len(STRAY.findall(text)) for text in texts)
    counts["lists without a doubled marker (lines with one)"] = [0, doubled]
    counts["texts without stray emphasis (marks found)"] = [0, stray]
    counts["bold runs not split by a space (`** **` found)"] = [
        0,
        sum(len(GAP.findall(text)) for text in texts),
    ]
    counts["bold runs not split inside a word (found)"] = [
        0,
        sum(len(SPLIT.findall(text)) for text in texts),
    ]
    return counts


def repeats(corpus: Path, monographs: dict[str, dict[str, Any]]) -> tuple[int, int, int]:
    """Return labels with a keyed section's title twice, of them the label itself does not
    give that title as often, and labels with a keyed subsection shown before its parent.
    """
    sys.path.insert(0, str(Path(__file__).parent.parent / "src"))
    from medinfo.readers.spl import KEYS, TITLES  # the tables only; the check is our own

    repeated = unwritten = misordered = 0
    for path in sorted(corpus.rglob("*.xml")):
        sections = (monographs.get(str(path.relative_to(corpus))) or {}).get("sections", [])
        shown = [(s["key"], s["title"]) for s in sections if s["key"] != "other"]
        twice = {pair for pair in shown if shown.count(pair) > 1}
        root = ET.parse(path).getroot()
        for excerpt in root.iter(f"{NS}excerpt"):
            excerpt.clear()
        if twice:
            repeated += 1
            written: dict[str, int] = {}
            for section in root.iter(f"{NS}section"):
                code = section.find(f"{NS}code")
                title = title_of(section) or TITLES.get(
                    code.get("code", "") if code is not None else "", ""
                )
                folded = NUMBER.sub("", title).rstrip(" :").casefold()
                written[folded] = written.get(folded, 0) + 1
            unwritten += any(
                written.get(title.casefold(), 0) < shown.count((key, title)) for key, title in twice
            )
        # A coded section with text inside a coded one with text: the parent shows
        # first. Each is found by its first words, in a section of its code's key if
        # one holds them (a subsection's words are often repeated elsewhere).
        texts = [(s["key"], _plain(s["text"])) for s in sections]
        parents = {child: parent for parent in root.iter() for child in parent}

        wrong = False
        for section in root.iter(f"{NS}section"):
            code = section.find(f"{NS}code")
            key = KEYS.get(code.get("code", "") if code is not None else "")
            if key is None:
                continue
            around, outer = parents.get(section), None
            while around is not None and not (
                around.tag == f"{NS}section"
                and (outer := around.find(f"{NS}code")) is not None
                and outer.get("code", "") in KEYS
            ):
                around = parents.get(around)
            if around is None or outer is None:
                continue
            child = _where(section, key, texts, parents, KEYS)
            parent = _where(around, KEYS[outer.get("code", "")], texts, parents, KEYS)
            wrong = wrong or (child >= 0 and parent >= 0 and child < parent)
        misordered += wrong
    return repeated, unwritten, misordered


ROUND_TRIP = """
import contextlib, io, sys
from pathlib import Path
from medinfo.readers import read_markdown
from medinfo.readers.spl import parse_spl
from medinfo.render import Options, markdown
same = total = 0
for path in sorted(Path(sys.argv[1]).rglob("*.xml")):
    label = parse_spl(path.read_bytes(), path.name)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        markdown.show(label, label.sections, True, Options("markdown", False))
    again = read_markdown(out.getvalue(), path.name)
    total += 1
    same += [(s.key, s.title, s.text) for s in again.sections] == [
        (s.key, s.title, s.text) for s in label.sections
    ]
print(same, total)
"""


def round_trip(corpus: Path, env: dict[str, str]) -> tuple[int, int]:
    """Return how many labels read back from their Markdown to the same sections."""
    out = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(corpus)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return int(out[0]), int(out[1])


def _where(
    section: ET.Element,
    key: str,
    texts: list[tuple[str, str]],
    parents: dict[ET.Element, ET.Element],
    keys: dict[str, str],
) -> int:
    """Return the index of the shown section holding a section's first words, or -1.

    Its first words are those of its own text or, if it has none, of the first
    subsection without a code of its own. Words found in two sections of its key,
    or in none of its key and two others, are not judged (-1): labels repeat text.
    """
    for text in section.iter(f"{NS}text"):
        around = parents.get(text)
        code = around.find(f"{NS}code") if around is not None else None
        if around is not section and code is not None and code.get("code", "") in keys:
            continue
        words = "".join(text.itertext()).split()
        if len(words) < 4:
            continue
        phrase = _plain(" ".join(words[:6]))
        found = [i for i, (k, t) in enumerate(texts) if phrase in t]
        own = [i for i in found if texts[i][0] == key] or found
        return own[0] if len(own) == 1 else -1
    return -1


def _lines(element: ET.Element) -> list[tuple[str, bool]]:
    """Return the lines of an element's text, each with whether a <br/> came before it.

    Paragraphs and list items start lines of their own, without a <br/>.
    """
    pieces: list[tuple[str, bool]] = [("", False)]

    def add(text: str) -> None:
        pieces[-1] = (pieces[-1][0] + text, pieces[-1][1])

    def walk(node: ET.Element) -> None:
        add(node.text or "")
        for child in node:
            if child.tag == f"{NS}br":
                pieces.append(("", True))
            elif child.tag in (f"{NS}paragraph", f"{NS}item"):
                pieces.append(("", False))
                walk(child)
                pieces.append(("", False))
            else:
                walk(child)
            add(child.tail or "")

    walk(element)
    lines: list[tuple[str, bool]] = []
    broken = False
    for text, after_br in pieces:
        broken = broken or after_br
        if text.split():
            lines.append((text, broken))
            broken = False
    return lines


def _plain(text: str) -> str:
    """Return text without Markdown's marks, links' targets and list bullets, on one line."""
    text = LINK.sub(r"\1", text)
    for mark in ("**", "*", "_", "^", "\\", "|", "[", "]"):
        text = text.replace(mark, "")
    # compared as letters and digits: "m²" and "Cₘₐₓ" are "m2" and "Cmax"
    return " ".join(unicodedata.normalize("NFKC", text.replace("•", " ")).split())


def lookups(corpus: Path, rxhive: Path, env: dict[str, str], medinfo: str, runs: int) -> None:
    """Print show's time on labels against Markdown, and peak memory of show and search."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench import run_once

    def names(folder: Path) -> list[str]:
        listed = subprocess.run(
            [medinfo, "--dir", str(folder), "list"], env=env, capture_output=True, text=True
        ).stdout.splitlines()
        return listed[:: max(1, len(listed) // 10)][:10]  # ten names spread over the list

    sides = {"labels": corpus, "markdown": rxhive}
    chosen = {side: names(folder) for side, folder in sides.items()}  # also warms both indexes
    times: dict[str, list[float]] = {side: [] for side in sides}
    for _ in range(runs):
        for side, folder in sides.items():
            for name in chosen[side]:
                command = [medinfo, "--dir", str(folder), "show", name, "--format", "plain"]
                times[side].append(run_once(command, env)[0])
    label, mark = statistics.median(times["labels"]), statistics.median(times["markdown"])
    print(f"show on labels {label * 1000:.1f} ms, on Markdown {mark * 1000:.1f} ms:", end="")
    print(f" {label / mark:.2f}x (target <=1.1x)")
    show_rss = max(
        run_once([medinfo, "--dir", str(corpus), "show", name, "--json"], env)[1]
        for name in chosen["labels"]
    )
    search_rss = max(
        run_once([medinfo, "--dir", str(corpus), "search", word], env)[1]
        for word in ("hepatotoxicity", "pregnancy", "tablet")
    )
    print(f"peak memory: show {show_rss / 1024:.0f} MB, search {search_rss / 1024:.0f} MB", end="")
    print(" (target <80 MB)")


def main() -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of SPL labels")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--medinfo", help="the medinfo program (default: on PATH)")
    parser.add_argument("--rxhive", type=Path, help="a Markdown collection to compare lookups with")
    parser.add_argument(
        "--checks-only", action="store_true", help="only the checks of the text, no timings"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from bench import measured_env, program

    medinfo = program(args.medinfo)
    if medinfo is None:
        raise SystemExit("medinfo is not installed: pip install . first")
    corpus = args.corpus.resolve()
    work = Path(tempfile.mkdtemp(prefix="medinfo-spl-"))
    try:
        env = measured_env(work)
        build, loop = [], []
        for _ in range(0 if args.checks_only else args.runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            build.append(timed([medinfo, "--dir", str(corpus), "index", "--rebuild"], env))
            loop.append(timed([sys.executable, "-c", LOOP, str(corpus)], env))
        if build:
            b, p = (statistics.median(t[0] for t in build), statistics.median(t[0] for t in loop))
            print(
                f"cold build {b:.2f} s, ElementTree itertext loop {p:.2f} s: {b / p:.2f}x", end=""
            )
            print(f" (target <=0.5x) on {os.cpu_count()} cores")
            # The work done, whatever the cores: how much more than the loop the build does.
            bc, pc = (statistics.median(t[1] for t in build), statistics.median(t[1] for t in loop))
            print(f"CPU time: build {bc:.2f} s, loop {pc:.2f} s: {bc / pc:.2f}x")
        if args.rxhive and not args.checks_only:
            lookups(corpus, args.rxhive.resolve(), env, medinfo, args.runs)
        monographs = export(corpus, env, medinfo)
        found, total, misses = coverage(corpus, monographs)
        print(f"coded sections with text found whole: {found} of {total} = {found / total:.2%}")
        for miss in misses:
            print(f"  miss: {miss}")
        for name, (kept, of) in as_written(corpus, monographs).items():
            if name.endswith(")"):  # a count of defects: none is the target
                print(f"{name}: {of} (target 0)")
            else:
                print(f"{name} kept: {kept} of {of} = {kept / max(of, 1):.2%}")
        repeated, unwritten, misordered = repeats(corpus, monographs)
        print(f"labels with a section's key and title twice (not other): {repeated}", end="")
        print(f", of them not twice in the label: {unwritten} (target 0)")
        print(f"labels with a subsection shown before its parent: {misordered} (target 0)")
        same, labels = round_trip(corpus, env)
        print(f"labels that read back from Markdown to the same sections: {same} of {labels}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
