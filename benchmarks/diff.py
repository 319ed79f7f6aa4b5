"""Time `medinfo diff` on real labels, and check that every changed line quotes its file.

    python benchmarks/diff.py --corpus path/to/spl [--limit 400]

Labels are grouped by drug (medinfo.names.drug_key of the label's name); each label is
compared with the next of its group (two labelers' labels of one drug, as `medinfo diff
A B` does) and with itself with one sentence of each section dropped (as after an
update); and, the worst case for difflib, the words of the longest label as one line
against the same with a word in fifty changed. Printed: how many pairs, the median, 95th
percentile and slowest comparison (reading the files is not timed: `diff` reads two, as
`show` reads one), how many changed lines do not give back a line of their files word for
word (must be 0), and the worst case's time.
It is a benchmark, not a test: machines differ and are noisy.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from itertools import pairwise
from pathlib import Path

from medinfo.changes import ADDED, REMOVED, Changes, Part, Side, compare
from medinfo.labeldiff import parts
from medinfo.model import Monograph, Section
from medinfo.names import drug_key
from medinfo.readers import read_path

_SENTENCE_END = re.compile(r"(?<=[.!?]) ")


def dropped(monograph: Monograph) -> Monograph:
    """Return the monograph with the second sentence of each section's first paragraph gone."""
    sections = []
    for section in monograph.sections:
        sentences = _SENTENCE_END.split(section.text, maxsplit=2)
        text = section.text
        if len(sentences) == 3:
            text = sentences[0] + " " + sentences[2]
        sections.append(Section(section.key, section.title, text, section.component))
    return Monograph(monograph.name, monograph.path, monograph.dir, sections=sections)


def unfaithful(changes: Changes, before: Monograph, after: Monograph) -> int:
    """Return how many changed lines do not quote their files word for word.

    A line's new words must be a line of the new file; its old words, words of the old
    file in that order (white space between them is the new file's, or a space).
    """
    old = "\n".join("".join(s.text.split()) for s in before.sections)
    new = {line for s in after.sections for line in s.text.split("\n")}
    wrong = 0
    for section in changes.sections:
        for hunk in section.hunks:
            for line in hunk:
                if line.sign != "-" and line.text(ADDED) not in new:
                    wrong += 1
                if line.sign != "+" and "".join(line.text(REMOVED).split()) not in old:
                    wrong += 1
    return wrong


def _words(monograph: Monograph) -> int:
    """Return how many words a monograph's sections hold."""
    return sum(len(section.text.split()) for section in monograph.sections)


def _one(text: str) -> Part:
    """Return a text as one part to compare."""
    return Part(("text",), "other", "Text", text)


def main() -> int:
    """Compare the corpus's labels in pairs and print the timings."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", required=True, help="a folder of SPL XML labels")
    parser.add_argument("--limit", type=int, default=0, help="read at most this many labels")
    args = parser.parse_args()
    files = sorted(Path(args.corpus).rglob("*.xml"))
    if args.limit:
        files = files[: args.limit]
    groups: dict[str, list[Monograph]] = {}
    for path in files:
        try:
            monograph = read_path(path)
        except Exception as exc:  # a file the reader refuses is skipped, as the index does
            print(f"skipped {path}: {exc}", file=sys.stderr)
            continue
        groups.setdefault(drug_key(monograph.name), []).append(monograph)
    pairs = [(m, dropped(m)) for group in groups.values() for m in group]
    pairs += [(a, b) for group in groups.values() for a, b in pairwise(group)]
    times: list[tuple[float, str]] = []
    wrong = 0
    for before, after in pairs:
        started = time.perf_counter()
        changes = compare(
            Side(before, before.path),
            Side(after, after.path),
            parts(before.sections),
            parts(after.sections),
        )
        times.append((time.perf_counter() - started, f"{before.path} -> {after.path}"))
        wrong += unfaithful(changes, before, after)
    seconds = sorted(t for t, _ in times)
    print(f"labels read: {sum(len(g) for g in groups.values())}, pairs compared: {len(pairs)}")
    print(f"median {statistics.median(seconds) * 1000:.1f} ms")
    print(f"95th percentile {seconds[int(len(seconds) * 0.95)] * 1000:.1f} ms")
    slowest = max(times)
    print(f"slowest {slowest[0] * 1000:.1f} ms ({slowest[1]})")
    print(f"changed lines not word for word from their file: {wrong}")
    longest = max((m for group in groups.values() for m in group), key=_words)
    line = " ".join(" ".join(s.text for s in longest.sections).split())
    edited = " ".join(w if n % 50 else w + "x" for n, w in enumerate(line.split()))
    started = time.perf_counter()
    compare(Side(longest, ""), Side(longest, ""), [_one(line)], [_one(edited)])
    took = time.perf_counter() - started
    print(f"one line of {len(line.split()):,} words, a word in 50 changed: {took:.2f} s")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
