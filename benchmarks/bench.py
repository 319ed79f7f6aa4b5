"""Measure medinfo against its baselines, side by side in one run, and print the ratios.

    python benchmarks/bench.py --corpus path/to/rxhive [--scale 10] [--runs 15]

What is compared (medians of repeated runs; every command is a fresh process):
- `show NAME dosage --format plain`, warm index, against
  `python -c "import typer, rich.console, sqlite3"` (the cost of starting at all);
- `show NAME` in Rich form on a pseudo-terminal, against the same baseline;
- `list` and `sections` in a pipe, against `show NAME dosage --format plain` (every
  command should answer as fast as the quickest one);
- `interactions NAME` (one name: what it names and what names it; target under 1 s);
- `show - dosage` answering 1,000 names read from stdin in one call, against 1,000
  single calls of `show NAME dosage` (one run each: the single calls take a while);
- `search QUERY`, warm index, against `rg -il QUERY` over the same files;
- a cold `medinfo index --rebuild`, against a plain sequential loop of
  python-frontmatter + markdown-it-py parsing of the same files;
- peak memory (max RSS) of `show` and `search`.

With --scale N the corpus is replicated N times under new file names and titles,
in a temporary directory, so that a 3,204-file corpus stands for a 32,000-file one.
It is a benchmark, not a test: machines differ and are noisy; compare ratios.
"""

from __future__ import annotations

import argparse
import os
import pty
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PLAIN_LOOP = """
import sys
from pathlib import Path
import frontmatter
from markdown_it import MarkdownIt
md = MarkdownIt("commonmark")
for path in sorted(Path(sys.argv[1]).rglob("*.md")):
    post = frontmatter.loads(path.read_text(encoding="utf-8", errors="replace"))
    md.parse(post.content)
"""


def _retitle(text: str, suffix: str) -> str:
    """Return text with suffix added to the title in its front matter (quoted as JSON)."""
    import json

    import yaml

    def swap(match: re.Match[str]) -> str:
        try:
            title = yaml.safe_load(match[1])
        except yaml.YAMLError:
            return match[0]
        return f"title: {json.dumps(str(title) + suffix)}"

    return re.sub(r"^title: (.*)$", swap, text, count=1, flags=re.M)


def replicate(corpus: Path, target: Path, scale: int) -> int:
    """Copy the corpus scale times under new names and titles; return the file count."""
    count = 0
    for source in sorted(corpus.rglob("*.md")):
        rel = source.relative_to(corpus)
        text = source.read_text(encoding="utf-8", errors="replace")
        for copy in range(scale):
            dest = target / rel.parent / (f"{rel.stem}-copy{copy}.md" if copy else rel.name)
            dest.parent.mkdir(parents=True, exist_ok=True)
            if copy:
                dest.write_text(_retitle(text, f" (copy {copy})"), encoding="utf-8")
            else:
                dest.write_text(text, encoding="utf-8")
            count += 1
    return count


def run_once(
    command: list[str], env: dict[str, str], tty: bool = False, columns: int = 100
) -> tuple[float, int]:
    """Run a command to completion; return wall seconds and peak memory in kB."""
    if tty:
        return _run_on_pty(command, env, columns)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def _run_on_pty(command: list[str], env: dict[str, str], columns: int = 100) -> tuple[float, int]:
    """Run a command with a pseudo-terminal as stdout, so it renders for a terminal."""
    master, slave = pty.openpty()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env={**env, "COLUMNS": str(columns)}, stdout=slave, stderr=subprocess.DEVNULL
    )
    os.close(slave)
    while True:  # drain the terminal so the program never blocks on a full buffer
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                if not os.read(master, 65536):
                    break
            except OSError:
                break
        elif process.poll() is not None:
            break
    _, _, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    os.close(master)
    return elapsed, usage.ru_maxrss


def interleaved(
    first: Callable[[], tuple[float, int]], second: Callable[[], tuple[float, int]], runs: int
) -> tuple[float, float, int]:
    """Alternate two measurements so that machine noise hits both alike."""
    a, b, peaks = [], [], []
    for _ in range(runs):
        t, peak = first()
        a.append(t)
        peaks.append(peak)
        b.append(second()[0])
    return statistics.median(a), statistics.median(b), max(peaks)


def corpus_under(corpus: Path, work: Path, scale: int) -> tuple[Path, int]:
    """Return the corpus to measure and its Markdown files, replicated under work if scale > 1."""
    if scale > 1:
        return work / "corpus", replicate(corpus, work / "corpus", scale)
    return corpus.resolve(), sum(1 for _ in corpus.rglob("*.md"))


def measured_env(work: Path, **settings: str) -> dict[str, str]:
    """Return the environment medinfo is measured in: its own cache, under work."""
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(work / "cache"), **settings}
    # Compiled modules are what an installed program runs: without them every call
    # would compile medinfo again (this variable forbids writing them).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def program(given: str | None) -> str | None:
    """Return the medinfo to measure: the one given, else beside this Python, else on PATH.

    Beside this Python first: a version manager's shim on PATH (pyenv) would add its
    own start-up to every medinfo row and to no baseline.
    """
    beside = Path(sys.executable).with_name("medinfo")
    return given or (str(beside) if beside.exists() else shutil.which("medinfo"))


def main() -> int:
    """Run every measurement and print the table of ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of monographs")
    parser.add_argument("--scale", type=int, default=1, help="replicate the corpus N times")
    parser.add_argument("--runs", type=int, default=15, help="runs of each quick command")
    parser.add_argument("--build-runs", type=int, default=3, help="runs of each cold build")
    parser.add_argument("--name", default="atorvastatin", help="drug to show")
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="another folder to look in, after the corpus (e.g. one holding --name's monograph)",
    )
    parser.add_argument("--query", default="herpes zoster", help="words to search for")
    parser.add_argument("--medinfo", help="the medinfo program to measure (default: on PATH)")
    parser.add_argument(
        "--views-only",
        action="store_true",
        help="measure only plain show and the Rich views (no builds, batches or search)",
    )
    args = parser.parse_args()
    medinfo = program(args.medinfo)
    if medinfo is None:
        raise SystemExit("medinfo is not installed: pip install . first")
    work = Path(tempfile.mkdtemp(prefix="medinfo-bench-"))
    try:
        corpus, files = corpus_under(args.corpus, work, args.scale)
        env = measured_env(work)
        env.pop("NO_COLOR", None)
        base = [medinfo, "--dir", str(corpus)]
        for folder in args.also:
            base += ["--dir", str(folder.resolve())]
        print(f"corpus: {files} files (scale {args.scale}); runs: {args.runs}", file=sys.stderr)

        rows: list[tuple[str, float, str, float, float | None]] = []

        # Cold builds, alternating with the plain parse loop.
        def cold() -> tuple[float, int]:
            shutil.rmtree(work / "cache", ignore_errors=True)
            return run_once([*base, "index", "--rebuild", "--format", "plain"], env)

        loop = [sys.executable, "-c", PLAIN_LOOP, str(corpus)]
        if not args.views_only:
            build, plain, _ = interleaved(cold, lambda: run_once(loop, env), args.build_runs)
            rows.append(("cold index build", build, "plain parse loop", plain, 0.4))

        run_once([*base, "index"], env)  # warm: what every later call finds
        imports = [sys.executable, "-c", "import typer, rich.console, sqlite3"]
        show = [*base, "show", args.name, "dosage", "--format", "plain"]
        t_show, t_base, peak_show = interleaved(
            lambda: run_once(show, env), lambda: run_once(imports, env), args.runs
        )
        rows.append(("show --format plain", t_show, "import typer, rich, sqlite3", t_base, 1.3))
        # The view alone: a whole monograph is taller than the terminal, and through the
        # pager the time would be the pager's start as well (measured on the next row).
        rich_show = [*base, "show", args.name, "--no-pager"]
        t_rich, t_base2, _ = interleaved(
            lambda: run_once(rich_show, env, tty=True), lambda: run_once(imports, env), args.runs
        )
        rows.append(
            ("show, Rich on a terminal", t_rich, "import typer, rich, sqlite3", t_base2, 1.0)
        )
        # A view never shown before at this width: rendered, and kept for the next call.
        # Each run is one column wider than the last, from the 100 of the row above.
        widths = iter(range(101, 100_000))

        def first_view() -> tuple[float, int]:
            return run_once(rich_show, env, tty=True, columns=next(widths))

        t_first, t_base3, _ = interleaved(first_view, lambda: run_once(imports, env), args.runs)
        rows.append(
            ("show, Rich, a first view", t_first, "import typer, rich, sqlite3", t_base3, 1.0)
        )
        # The same against Rich's console alone: what any Rich program pays to start.
        console_only = [sys.executable, "-c", "import rich.console, sqlite3"]
        t_first2, t_base4, _ = interleaved(
            first_view, lambda: run_once(console_only, env), args.runs
        )
        rows.append(
            ("show, Rich, a first view", t_first2, "import rich.console, sqlite3", t_base4, 1.6)
        )
        peak_search = 0
        if not args.views_only:
            paged = [*base, "show", args.name]
            t_paged, t_view, _ = interleaved(
                lambda: run_once(paged, env, tty=True),
                lambda: run_once(rich_show, env, tty=True),
                args.runs,
            )
            rows.append(("the same through the pager", t_paged, "--no-pager", t_view, 1.2))

            for command in ([*base, "list"], [medinfo, "sections"]):
                t_cmd, t_show2, _ = interleaved(
                    lambda command=command: run_once(command, env),
                    lambda: run_once(show, env),
                    args.runs,
                )
                rows.append((command[-1], t_cmd, "show NAME dosage", t_show2, 1.3))

            interactions = [*base, "interactions", args.name, "--format", "plain"]
            t_int, t_show3, _ = interleaved(
                lambda: run_once(interactions, env), lambda: run_once(show, env), args.runs
            )
            rows.append(("interactions NAME", t_int, "show NAME dosage", t_show3, None))

            names = subprocess.run(
                [*base, "list"], env=env, capture_output=True, text=True, check=True
            ).stdout.split("\n")[:-1]
            batch = "\n".join((names * (1000 // max(1, len(names)) + 1))[:1000]) + "\n"
            started = time.perf_counter()
            subprocess.run(
                [*base, "show", "-", "dosage", "--format", "plain"],
                input=batch,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            t_batch = time.perf_counter() - started
            started = time.perf_counter()
            for name in batch.splitlines():
                subprocess.run(
                    [*base, "show", name, "dosage", "--format", "plain"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    check=False,
                )
            t_single = time.perf_counter() - started
            rows.append(("show - (1,000 names)", t_batch, "1,000 single calls", t_single, 0.05))

            search = [*base, "search", args.query, "--format", "plain"]
            grep = shutil.which("rg")
            grep_cmd = [grep, "-il", args.query, str(corpus)] if grep else None
            if grep_cmd is None:
                grep_cmd = ["grep", "-ril", args.query, str(corpus)]
                print("rg not found: comparing search with grep -ril instead", file=sys.stderr)
            t_search, t_grep, peak_search = interleaved(
                lambda: run_once(search, env), lambda: run_once(grep_cmd, env), args.runs
            )
            # The search target is set for about 32,000 files (--scale 10 of the RxHive sample):
            # on small collections rg finishes before any Python program has started.
            grep_label = " ".join(grep_cmd[:2])
            target = 0.5 if files >= 30000 else None
            rows.append(("search", t_search, grep_label, t_grep, target))

        print(f"\n{'measure':28} {'medinfo':>9} {'baseline':28} {'base':>9} {'ratio':>7} target")
        for label, ours, base_label, theirs, target in rows:
            ratio = ours / theirs
            if target is None and label.startswith("interactions"):
                goal = f"(target: under 1 s) {'ok' if ours < 1 else 'OVER'}"
            elif target is None:
                goal = "(target at 30,000 files)"
            else:
                goal = f"<={target}x {'ok' if ratio <= target else 'OVER'}"
            print(
                f"{label:28} {ours * 1000:7.1f}ms {base_label:28} {theirs * 1000:7.1f}ms "
                f"{ratio:6.2f}x {goal}"
            )
        for label, peak in (("show", peak_show), ("search", peak_search)):
            if not peak:
                continue
            verdict = "ok" if peak / 1024 < 80 else "OVER"
            print(f"peak memory of {label:13} {peak / 1024:7.1f} MB (target < 80 MB) {verdict}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
