"""Check that two versions of medinfo read every file into the same sections, and time both.

    python benchmarks/sameread.py --corpus path/to/rxhive --corpus path/to/spl \
        --against path/to/other/checkout/src

For a change meant to make reading cheaper without changing what it gives: each file
(Markdown, SPL XML, DailyMed zip) is read by this medinfo and by the one under
--against, as the index reads it (readers.read_bytes), and every section's key,
title, component, text, blocks and search text are compared. Printed: the files
and sections read, the count of differences by field with the first few named, and
the processor time each version spent reading (noisy: compare, do not trust one run).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FIELDS = ("key", "title", "component", "text", "blocks", "plain")


def dump(out: Path, corpora: list[Path]) -> None:
    """Write each file's sections as one JSON line, as the medinfo on sys.path reads them."""
    from medinfo.index.build import _plain
    from medinfo.readers import read_bytes

    spent = 0.0
    with out.open("w", encoding="utf-8") as stream:
        for corpus in corpora:
            for path in sorted(corpus.rglob("*")):
                if path.suffix.casefold() not in (".md", ".xml", ".zip"):
                    continue
                data = path.read_bytes()
                started = time.process_time()
                try:
                    monograph = read_bytes(data, path.name, str(path.parent))
                    rows: list[object] = [
                        [s.key, s.title, s.component, s.text, s.blocks, _plain(s)]
                        for s in monograph.sections
                    ]
                except Exception as exc:  # a file one version cannot read is a difference too
                    rows = ["error", type(exc).__name__, str(exc)]
                spent += time.process_time() - started
                stream.write(json.dumps([str(path), rows], ensure_ascii=False) + "\n")
    print(f"{spent:.2f}", file=sys.stderr)


def run_dump(source: Path | None, out: Path, corpora: list[Path]) -> float:
    """Dump with the medinfo in a source folder (None: this one); return its reading time."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")])
    command = [sys.executable, __file__, "--dump", str(out), *(f"--corpus={c}" for c in corpora)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return float(done.stderr.split()[-1])


def compare(ours: Path, theirs: Path, shown: int = 10) -> int:
    """Print the differences between two dumps; return how many sections differ."""
    counts: collections.Counter[str] = collections.Counter()
    files = sections = differing = 0
    with ours.open(encoding="utf-8") as a, theirs.open(encoding="utf-8") as b:
        for line_a, line_b in zip(a, b, strict=True):
            (path, rows_a), (_, rows_b) = json.loads(line_a), json.loads(line_b)
            files += 1
            sections += len(rows_a) if rows_a[:1] != ["error"] else 0
            if rows_a == rows_b:
                continue
            if len(rows_a) != len(rows_b) or "error" in (rows_a[:1] + rows_b[:1]):
                counts["sections or error"] += 1
                differing += 1
                if sum(counts.values()) <= shown:
                    print(f"{path}: {len(rows_b)} sections -> {len(rows_a)}")
                continue
            for row_a, row_b in zip(rows_a, rows_b, strict=True):
                differing += row_a != row_b
                for field, new, old in zip(FIELDS, row_a, row_b, strict=True):
                    if new != old:
                        counts[field] += 1
                        if sum(counts.values()) <= shown:
                            print(f"{path} {row_a[0]} {field}: {old!r:.200} -> {new!r:.200}")
    print(f"{files} files, {sections} sections; sections differing: {differing}", end="")
    print(f" (by field: {dict(counts)})" if counts else "")
    return differing


def main() -> int:
    """Read the corpora with both versions and compare what they give."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--against", type=Path, help="the src folder of the other version")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.dump, args.corpus)
        return 0
    if args.against is None:
        parser.error("--against is required")
    with tempfile.TemporaryDirectory(prefix="medinfo-sameread-") as work:
        ours, theirs = Path(work, "ours.jsonl"), Path(work, "theirs.jsonl")
        spent_theirs = run_dump(args.against.resolve(), theirs, args.corpus)
        spent_ours = run_dump(None, ours, args.corpus)
        print(f"reading: {spent_ours:.2f} s here, {spent_theirs:.2f} s in --against (CPU)")
        return 1 if compare(ours, theirs) else 0


if __name__ == "__main__":
    sys.exit(main())
