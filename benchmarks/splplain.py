"""The search words the FDA label reader gives, checked against Markdown's, and the time saved.

    python benchmarks/splplain.py --corpus path/to/spl [--show 5]

Every label of the corpus is read; for every section, the words the reader gave
(Section.plain) are compared with medinfo.readers.blocks.words of its Markdown, as
the index would otherwise compute them. Printed: the sections with words given, how
many of those are equal (all must be; the first differences are shown), the labels
with every section given, and the CPU time per label of reading a label and having
all its sections' words, with the reader's words (parsing only the blocks it is unsure of)
and without them (parsing every section), side by side in one run, and their ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from medinfo.readers.blocks import build, words
from medinfo.readers.spl import parse_spl


def _parsed(text: str) -> str:
    """Return the words of a section's Markdown as the index computes them."""
    return words(build(text))


def main(argv: list[str] | None = None) -> int:
    """Compare the reader's words with Markdown's over a corpus of labels; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="a folder of SPL XML labels")
    parser.add_argument("--show", type=int, default=5, help="differences to print")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.xml"))
    sections = given = equal = labels = whole = 0
    with_cpu = without_cpu = 0.0
    differences: list[tuple[str, str, str, str]] = []
    for path in paths:
        data = path.read_bytes()
        try:
            parse_spl(data, str(path))  # warm: the first read loads what it imports
        except Exception:  # a label the reader refuses is not counted
            continue
        labels += 1
        start = time.process_time()  # with: the reader's words, the others parsed
        monograph = parse_spl(data, str(path))
        for section in monograph.sections:
            if section.plain is None:
                _parsed(section.text)
        with_cpu += time.process_time() - start
        start = time.process_time()  # without: every section's words parsed
        again = parse_spl(data, str(path))
        expected = [_parsed(section.text) for section in again.sections]
        without_cpu += time.process_time() - start
        filled = [section for section in monograph.sections if section.plain is not None]
        sections += len(monograph.sections)
        given += len(filled)
        whole += len(filled) == len(monograph.sections)
        for section, wanted in zip(monograph.sections, expected, strict=True):
            if section.plain is None:
                continue
            if section.plain == wanted:
                equal += 1
            else:
                differences.append((path.name, section.key, section.plain, wanted))
    print(f"labels: {labels}, sections: {sections}")
    print(f"words given by the reader: {given} sections ({given / max(sections, 1):.1%})")
    print(f"labels with every section given: {whole} ({whole / max(labels, 1):.1%})")
    print(f"equal to the words of the parsed Markdown: {equal} of {given}")
    print(
        f"CPU per label: {without_cpu / max(labels, 1) * 1000:.2f} ms parsing every section, "
        f"{with_cpu / max(labels, 1) * 1000:.2f} ms with the reader's words: "
        f"ratio {with_cpu / max(without_cpu, 1e-9):.2f}"
    )
    for name, key, plain, wanted in differences[: args.show]:
        at = next(
            (n for n, (a, b) in enumerate(zip(plain, wanted, strict=False)) if a != b),
            min(len(plain), len(wanted)),
        )
        print(f"\n{name} {key} differs at {at}:")
        print(f"  reader: {plain[max(0, at - 80) : at + 80]!r}")
        print(f"  parsed: {wanted[max(0, at - 80) : at + 80]!r}")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
