"""Check that medinfo's Markdown view renders every section of a collection as rich.markdown.

    python benchmarks/mdview.py --corpus path/to/collection [--jobs 4]
    python benchmarks/mdview.py --jsonl export.jsonl      # the output of `medinfo export`

Every section's text is rendered both ways, by rich.markdown.Markdown(text,
hyperlinks=False) and by medinfo.render.mdview, at widths 60, 100 and 160, without
colour (a pipe), with colour (a truecolor terminal) and with NO_COLOR on a terminal, and
the bytes compared. Prints how many sections are identical, how many fell back to
rich.markdown and why, how many differ, and the first differences. Exits 1 on any
difference.
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from rich.console import Console, RenderableType
from rich.markdown import Markdown

from medinfo.render.mdparse import Unsupported, parse
from medinfo.render.mdview import MarkdownView

WIDTHS = (60, 100, 160)
MODES = ("plain", "color", "no_color")


def render(renderable: RenderableType, width: int, mode: str) -> str:
    """Return what a console of that width and colour mode prints for a renderable."""
    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        force_terminal=mode != "plain",
        color_system="truecolor" if mode != "plain" else None,
        no_color=mode == "no_color",
        highlight=False,
        emoji=False,
        markup=False,
    )
    console.print(renderable)
    return out.getvalue()


def check(text: str) -> tuple[str, str]:
    """Return ("same" | "fallback" | "differ", the reason or the first difference)."""
    try:
        view = MarkdownView(parse(text))
    except Unsupported as reason:
        return "fallback", str(reason)
    for width in WIDTHS:
        for mode in MODES:
            theirs = render(Markdown(text, hyperlinks=False), width, mode)
            ours = render(view, width, mode)
            if ours != theirs:
                diff = difflib.unified_diff(
                    theirs.splitlines(), ours.splitlines(), "rich.markdown", "mdview", lineterm=""
                )
                return "differ", f"width {width}, {mode}:\n" + "\n".join(list(diff)[:12])
    return "same", ""


def check_all(texts: list[str]) -> list[tuple[str, str]]:
    """Check a batch of texts (one task of the process pool)."""
    return [check(text) for text in texts]


def sections(jsonl: str) -> list[tuple[str, str]]:
    """Return (monograph and section, text) for every section in an export."""
    found = []
    for line in jsonl.splitlines():
        if line.strip():
            monograph = json.loads(line)
            for section in monograph["sections"]:
                found.append((f"{monograph['path']} / {section['title']}", section["text"]))
    return found


def export(corpus: Path) -> str:
    """Return `medinfo --dir corpus export`, built with a cache of its own."""
    with tempfile.TemporaryDirectory(prefix="medinfo-mdview-") as cache:
        env = {**os.environ, "MEDINFO_CACHE_DIR": cache}
        done = subprocess.run(
            [sys.executable, "-m", "medinfo", "--dir", str(corpus), "export"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    return done.stdout


def main() -> int:
    """Compare every section both ways and print the tally."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--corpus", type=Path, help="a folder of monographs or labels")
    source.add_argument("--jsonl", type=Path, help="the output of `medinfo export`")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--show", type=int, default=3, help="differences to print")
    args = parser.parse_args()
    started = time.perf_counter()
    jsonl = args.jsonl.read_text(encoding="utf-8") if args.jsonl else export(args.corpus)
    found = sections(jsonl)
    texts = [text for _, text in found]
    size = max(1, len(texts) // (args.jobs * 8))
    batches = [texts[start : start + size] for start in range(0, len(texts), size)]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = [result for batch in pool.map(check_all, batches) for result in batch]
    tally = Counter(outcome for outcome, _ in results)
    reasons = Counter(reason for outcome, reason in results if outcome == "fallback")
    total = len(results)
    print(f"sections: {total} ({len(WIDTHS)} widths x {len(MODES)} colour modes each)")
    print(f"identical: {tally['same']} ({tally['same'] / max(1, total):.2%})")
    share = tally["fallback"] / max(1, total)
    print(f"fell back to rich.markdown: {tally['fallback']} ({share:.2%})")
    for reason, count in reasons.most_common():
        print(f"  {reason}: {count}")
    print(f"differ: {tally['differ']}")
    shown = 0
    for (where, text), (outcome, detail) in zip(found, results, strict=True):
        if outcome == "differ" and shown < args.show:
            shown += 1
            print(f"\n--- {where}\n{text[:500]!r}\n{detail}")
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 1 if tally["differ"] else 0


if __name__ == "__main__":
    sys.exit(main())
