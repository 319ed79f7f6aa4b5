"""Measure what a TAB costs: medinfo's completion answers, against the 150 ms target.

    python benchmarks/completion.py --corpus path/to/rxhive --scale 10   # 32,040 files
    python benchmarks/completion.py --corpus path/to/monographs [--runs 21]
    python benchmarks/completion.py --corpus path/to/rxhive --cold 35,100,200,500


Each completion is a fresh process started as the shell's script starts it:
`medinfo` with `_MEDINFO_COMPLETE=bash_complete`, COMP_WORDS and COMP_CWORD, over a
warm index of the corpus (built once, before timing). Its wall time is set against
the target and, run for run, against `python -c "import sqlite3"`: the cost of
starting Python at all. "in bash" is the whole TAB inside bash: the script's
function, medinfo's answer and bash reading it. The program is the console script
beside this Python (what a virtual environment or pipx runs); --medinfo names
another, such as a pyenv shim, whose own start-up then counts too. With --scale N
the corpus is replicated N times as benchmarks/bench.py does, so the RxHive sample's
3,204 files stand for 32,040. With --cold, a first TAB instead: on a fresh cache,
over a sample of that many files of the corpus (copied, the same sample every run;
0 means the whole corpus), as shipped (it builds the index when the collection is
small enough: medinfo.completion_index.BUILD_FILES) and as it would cost if it built at
any size, which is what the size rule is set by. It is a benchmark, not a test:
machines differ and are noisy.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import corpus_under, measured_env, program  # beside this file: benchmarks/ is no package

TARGET_SECONDS = 0.150


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Run a command; return its wall time and how many lines it printed."""
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed, result.stdout.count(b"\n")


# Times the script's completion function inside bash (so bash's own start-up is left
# out): medinfo's answer plus bash reading it into COMPREPLY, what a TAB costs.
IN_BASH = r"""
source "$1"; shift
read -ra COMP_WORDS <<< "$1"; [[ $1 == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
for ((i = 0; i < $2; i++)); do
    start=$EPOCHREALTIME; _medinfo_completion medinfo; end=$EPOCHREALTIME
    echo "$start $end ${#COMPREPLY[@]}"
done
"""


def in_bash(script: Path, line: str, runs: int, env: dict[str, str]) -> tuple[float, int]:
    """Return the median time of a TAB inside bash, and how many candidates it gave."""
    result = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", IN_BASH, "bash", str(script), line, str(runs)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    rows = [row.split() for row in result.stdout.splitlines()]
    return statistics.median(float(end) - float(start) for start, end, _ in rows), int(rows[0][2])


def cases(prefix: str, name: str) -> list[tuple[str, str]]:
    """Return (what it shows, command line typed up to the TAB) of each case measured."""
    return [
        (f"a name, {len(prefix)} letters typed", f"medinfo show {prefix}"),
        ("a name, 1 letter typed", f"medinfo show {prefix[0]}"),
        ("every name (nothing typed)", "medinfo show "),
        ("commands and every name", "medinfo "),
        ("section words after a name", f"medinfo {name} d"),
        ("an option's values", f"medinfo {name} --format "),
    ]


# A TAB with the size rule lifted: what building any collection in a TAB would cost.
ANY_SIZE = (
    "import medinfo.completion_index as c\n"
    "c.BUILD_FILES = c.BUILD_BYTES = 10**12\n"
    "from medinfo.entry import run\n"
    "run()\n"
)


def sample(corpus: Path, work: Path, size: int) -> tuple[Path, int, int]:
    """Copy a sample of the corpus's monographs (the same every run); return it, files, bytes."""
    everything = sorted(
        path
        for path in corpus.rglob("*")
        if path.suffix.lower() in (".md", ".markdown", ".xml", ".zip") and path.is_file()
    )
    chosen = (
        random.Random(size).sample(everything, size) if 0 < size < len(everything) else everything
    )
    target = work / f"sample-{size}"
    for path in chosen:
        copy = target / path.relative_to(corpus)
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    return target, len(chosen), sum(path.stat().st_size for path in chosen)


def first_tab(medinfo: str, sizes: list[int], corpus: Path, work: Path, runs: int) -> None:
    """Time a first TAB on a fresh cache over samples of the corpus, as shipped and at any size."""
    line = "medinfo show a"
    python = [sys.executable, "-c", "import sqlite3"]
    print(
        f"\n{'first TAB (show a<TAB>), fresh cache':38} {'bytes':>9} {'offers':>7} "
        f"{'median':>9} {'built':>6} {'any size':>9} {'warm':>8} {'python':>8}"
        f"  target {TARGET_SECONDS * 1000:.0f} ms"
    )
    for size in sizes:
        folder, files, size_bytes = sample(corpus, work, size)
        env = measured_env(work, MEDINFO_PATH=str(folder))
        cache = Path(env["MEDINFO_CACHE_DIR"])
        request = {**env, "_MEDINFO_COMPLETE": "bash_complete", "COMP_WORDS": line}
        request["COMP_CWORD"] = "2"
        shipped, lifted, warm, base = [], [], [], []
        offered = 0
        built = False
        for _ in range(runs):  # alternating, so machine noise hits each alike
            shutil.rmtree(cache, ignore_errors=True)
            seconds, offered = timed([medinfo], request)
            shipped.append(seconds)
            built = cache.is_dir() and any(cache.glob("index-*.sqlite3"))
            shutil.rmtree(cache, ignore_errors=True)
            lifted.append(timed([sys.executable, "-c", ANY_SIZE], request)[0])
            warm.append(timed([medinfo], request)[0])  # over the index just built
            base.append(timed(python, env)[0])
        shutil.rmtree(cache, ignore_errors=True)
        median = statistics.median(shipped)
        label = f"{files} files"
        print(
            f"{label:38} {size_bytes:9d} {offered - 1:7d} {median * 1000:7.1f}ms "
            f"{'yes' if built else 'no':>6} {statistics.median(lifted) * 1000:7.1f}ms "
            f"{statistics.median(warm) * 1000:6.1f}ms {statistics.median(base) * 1000:6.1f}ms"
        )


def main() -> int:
    """Build the index once, then time each completion against the target and Python."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of monographs")
    parser.add_argument("--scale", type=int, default=1, help="replicate the corpus N times")
    parser.add_argument("--runs", type=int, default=15, help="runs of each case")
    parser.add_argument("--prefix", default="para", help="the start of a name, as typed")
    parser.add_argument("--name", default="paracetamol", help="a drug, for section words")
    parser.add_argument("--medinfo", help="the program to run (default: beside this Python)")
    parser.add_argument(
        "--cold",
        help="first TABs instead, over samples of these sizes (comma-separated; 0: all)",
    )
    args = parser.parse_args()
    medinfo = program(args.medinfo)
    if medinfo is None:
        raise SystemExit("medinfo is not installed: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="medinfo-completion-"))
    try:
        if args.cold:
            sizes = [int(size) for size in args.cold.split(",")]
            print(f"program: {medinfo}; runs: {args.runs}", file=sys.stderr)
            first_tab(medinfo, sizes, args.corpus.resolve(), work, args.runs)
            return 0
        corpus, files = corpus_under(args.corpus, work, args.scale)
        env = measured_env(work, MEDINFO_PATH=str(corpus))
        print(f"corpus: {files} files; program: {medinfo}; runs: {args.runs}", file=sys.stderr)
        print("building the index once ...", file=sys.stderr)
        subprocess.run([medinfo, "index"], env=env, capture_output=True, check=True)
        python = [sys.executable, "-c", "import sqlite3"]
        script = work / "medinfo.bash"
        script.write_bytes(
            subprocess.run(
                [medinfo, "--show-completion", "bash"], check=True, capture_output=True
            ).stdout
        )
        # medinfo on PATH for the script, as the one measured
        bash_env = {**env, "PATH": f"{Path(medinfo).parent}{os.pathsep}{env.get('PATH', '')}"}

        print(
            f"\n{'TAB after':34} {'offers':>7} {'median':>9} {'max':>9} {'python':>9} "
            f"{'ratio':>6} {'in bash':>9}  target {TARGET_SECONDS * 1000:.0f} ms"
        )
        for label, line in cases(args.prefix, args.name):
            words = line.split(" ")
            request = {
                **env,
                "_MEDINFO_COMPLETE": "bash_complete",
                "COMP_WORDS": line,
                "COMP_CWORD": str(len(words) - 1),
            }
            ours, theirs, offered = [], [], 0
            for _ in range(args.runs):  # alternating, so machine noise hits both alike
                seconds, offered = timed([medinfo], request)
                ours.append(seconds)
                theirs.append(timed(python, env)[0])
            median, base = statistics.median(ours), statistics.median(theirs)
            tab, _ = in_bash(script, line, args.runs, bash_env)
            verdict = "ok" if max(median, tab) < TARGET_SECONDS else "OVER"
            print(
                f"{label:34} {offered - 1:7d} {median * 1000:7.1f}ms {max(ours) * 1000:7.1f}ms "
                f"{base * 1000:7.1f}ms {median / base:5.2f}x {tab * 1000:7.1f}ms  {verdict}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
