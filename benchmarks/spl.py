"""FDA labels: cold build against the least any reader must do, and section coverage.

    python benchmarks/spl.py --corpus path/to/spl [--runs 3]

- Cold `medinfo index --rebuild` of the labels, against a plain sequential loop that
  parses each file with xml.etree.ElementTree and reads all its text (itertext);
  runs alternate, and the ratio of the medians is printed.
- With --rxhive, lookups: `show NAME --format plain` on the labels against the same
  command on a Markdown collection, both with a warm index, alternating; and the
  peak memory of show and search on the labels.
- Section coverage, checked independently of medinfo's reader: for every section of
  DESIGN.md's LOINC table that has text, the monograph's section of that key must
  hold the section's first and last words.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

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


def coverage(corpus: Path, env: dict[str, str], medinfo: str) -> tuple[int, int, list[str]]:
    """Return how many coded sections with text are found whole, of how many, and misses."""
    sys.path.insert(0, str(Path(__file__).parent.parent / "src"))
    from medinfo.readers.spl import KEYS  # the table of codes only; the check is our own

    exported = subprocess.run(
        [medinfo, "--dir", str(corpus), "export"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    import json

    by_path = {}
    for line in exported:
        data = json.loads(line)
        by_path[data["path"]] = data
    found = total = 0
    misses: list[str] = []
    for path in sorted(corpus.rglob("*.xml")):
        rel = str(path.relative_to(corpus))
        monograph = by_path.get(rel)
        root = ET.parse(path).getroot()
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
            texts = [
                _plain(s["text"]) for s in (monograph or {}).get("sections", []) if s["key"] == key
            ]
            first, last = _plain(words[0]), _plain(words[-1])
            if any(first in t and last in t for t in texts):
                found += 1
            elif len(misses) < 10:
                misses.append(f"{rel}: {key}: {first} ... {last}")
    return found, total, misses


def _plain(text: str) -> str:
    """Return text without Markdown's marks and list bullets, on one line."""
    for mark in ("**", "*", "_", "^", "\\", "|"):
        text = text.replace(mark, "")
    return " ".join(text.replace("•", " ").split())


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
        for _ in range(args.runs):
            shutil.rmtree(work / "cache", ignore_errors=True)
            build.append(timed([medinfo, "--dir", str(corpus), "index", "--rebuild"], env))
            loop.append(timed([sys.executable, "-c", LOOP, str(corpus)], env))
        b, p = (statistics.median(t[0] for t in build), statistics.median(t[0] for t in loop))
        print(f"cold build {b:.2f} s, ElementTree itertext loop {p:.2f} s: {b / p:.2f}x", end="")
        print(f" (target <=0.5x) on {os.cpu_count()} cores")
        # The work done, whatever the cores: how much more than the loop the build does.
        bc, pc = (statistics.median(t[1] for t in build), statistics.median(t[1] for t in loop))
        print(f"CPU time: build {bc:.2f} s, loop {pc:.2f} s: {bc / pc:.2f}x")
        if args.rxhive:
            lookups(corpus, args.rxhive.resolve(), env, medinfo, args.runs)
        found, total, misses = coverage(corpus, env, medinfo)
        print(f"coded sections with text found whole: {found} of {total} = {found / total:.2%}")
        for miss in misses:
            print(f"  miss: {miss}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
