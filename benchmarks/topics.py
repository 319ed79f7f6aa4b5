"""Measure topics in listings and search: the first call works a topic out, later ones read it.

    python benchmarks/topics.py --corpus path/to/rxhive [--topic renal ...] [--runs 5]

For each topic, in fresh processes over a warm index in a temporary cache:
- `list --section TOPIC --count` the first time (the topic is worked out for every
  monograph, across all cores, and kept in the index);
- the same again, and `list --missing TOPIC --count` (the median of --runs each);
- `search WORD --section TOPIC` (the median of --runs);
and the cold `index --rebuild` of the corpus, which works out no topic.
It is a benchmark, not a test: machines differ and are noisy.
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
from pathlib import Path

# A word each topic's passages often hold, for the search measured.
WORDS = {
    "boxed_warning": "risk",
    "contraindications": "allergy",
    "interactions": "warfarin",
    "pregnancy": "pregnancy",
    "breastfeeding": "milk",
    "children": "children",
    "elderly": "elderly",
    "renal": "kidney",
    "hepatic": "liver",
    "overdose": "overdose",
    "storage": "temperature",
    "missed_dose": "remember",
}


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run a command; return its wall seconds and what it printed."""
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stderr}")
    return elapsed, done.stdout.strip()


def main() -> int:
    """Print, per topic, the cost of its first listing and of the calls after it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--topic", action="append", choices=sorted(WORDS))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    medinfo = [sys.executable, "-m", "medinfo", "--dir", str(args.corpus)]
    cache = tempfile.mkdtemp(prefix="medinfo-topics-")
    env = {**os.environ, "MEDINFO_CACHE_DIR": cache}
    try:
        build, _ = timed([*medinfo, "index", "--rebuild", "--format", "plain"], env)
        print(f"cold index --rebuild: {build:.2f} s (no topic worked out)")
        print(f"{'topic':18} {'first':>8} {'kept':>8} {'missing':>8} {'search':>8}  found")
        for topic in args.topic or list(WORDS):
            count = [*medinfo, "list", "--section", topic, "--count"]
            first, found = timed(count, env)
            kept = statistics.median(timed(count, env)[0] for _ in range(args.runs))
            lacks = [*medinfo, "list", "--missing", topic, "--count"]
            missing = statistics.median(timed(lacks, env)[0] for _ in range(args.runs))
            search = [*medinfo, "search", WORDS[topic], "--section", topic, "--format", "plain"]
            searched = statistics.median(timed(search, env)[0] for _ in range(args.runs))
            print(
                f"{topic:18} {first:7.2f}s {kept:7.2f}s {missing:7.2f}s {searched:7.2f}s  {found}"
            )
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
