"""Measure how many standard sections of a collection the parser files under the right key.

A section counts when a heading or a bold label names it with its standard words
("### Dosage", "### Dosage:", "### Usage: text", "**Usage:** text") and the parsed
monograph has a section of that key whose text holds everything up to the next
heading or standard label. The reference here is deliberately independent of the
parser: plain line-based rules, no markdown-it.

    python benchmarks/section_recall.py --corpus PATH [--show 10]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from medinfo.errors import ParseError
from medinfo.readers.markdown import parse

STANDARD = {
    "generic name": "generic_name",
    "generic names": "generic_name",
    "usage": "usage",
    "dosage": "dosage",
    "side effects": "side_effects",
    "how it works": "how_it_works",
    "precautions": "precautions",
    "faqs": "faqs",
    "disclaimer": "disclaimer",
}
HEADING = re.compile(r"^#{1,6}\s+(?P<label>[^:\n]+?)\s*(?::\s*(?P<rest>.*))?$")
BOLD = re.compile(r"^\*\*(?P<label>[^*\n]+?):?\*\*:?\s*(?P<rest>.*)$")


def _squash(text: str) -> str:
    """Return text with all whitespace removed, so wrapping does not matter."""
    return re.sub(r"\s+", "", text)


def _label(label: str) -> str:
    """Return a label lowercased, without a trailing qualifier such as "(Combined Use)"."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", label.strip()).lower()


def expected_sections(body: str) -> list[tuple[str, str, str]]:
    """Return (key, opening line, text) for each standard heading or bold label."""
    found: list[tuple[str, str, list[str]]] = []
    current: list[str] | None = None
    for line in body.split("\n"):
        heading = HEADING.match(line)
        bold = BOLD.match(line)
        match = heading or bold
        key = STANDARD.get(_label(match["label"])) if match else None
        if bold and not key:
            match = None
        if heading or key:
            current = None
        if key and match:
            current = [match["rest"] or ""]
            found.append((key, line, current))
        elif current is not None:
            current.append(line)
    return [(key, line, "\n".join(text).strip()) for key, line, text in found]


def main() -> int:
    """Run the measurement and print the figure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--show", type=int, default=10, help="print this many misses")
    args = parser.parse_args()
    total = hits = files = failed = 0
    misses: list[str] = []
    for path in sorted(args.corpus.rglob("*.md")):
        files += 1
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            monograph = parse(text, str(path.relative_to(args.corpus)))
        except ParseError as exc:
            failed += 1
            misses.append(f"{path}: not parsed: {exc}")
            continue
        body = text.split("\n---", 1)[1] if text.startswith("---") else text
        by_key: dict[str, list[str]] = {}
        for section in monograph.sections:
            by_key.setdefault(section.key, []).append(_squash(section.text))
        for key, line, expected in expected_sections(body):
            total += 1
            want = _squash(expected)
            if any(want in got for got in by_key.get(key, [])):
                hits += 1
            else:
                misses.append(f"{path.relative_to(args.corpus)}: {key}: {line[:70]}")
    print(f"files: {files}, not parsed: {failed}")
    print(f"standard sections: {total}, filed under the right key with their text: {hits}")
    print(f"recall: {100 * hits / max(total, 1):.2f}%")
    for miss in misses[: args.show]:
        print("  miss:", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
