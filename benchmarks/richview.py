"""Check that every monograph's terminal view is the same as Rich's Table and Panel draw it.

    python benchmarks/richview.py --corpus path/to/collection [--jobs 2]

medinfo draws the tables of a monograph's view (FAQs, side effects by frequency,
components, and the tables in section Markdown) with medinfo.render.grid.Grid, which
draws what rich.table.Table draws without importing it, and its panels with
medinfo.render.frame.Frame, which draws what rich.panel.Panel draws with a layer
fewer. This renders the whole view of every monograph (`show NAME`) both ways, at
widths 60, 100 and 160, without colour, with colour and with NO_COLOR, and compares
the bytes. Prints how many views are identical and the first differences; exits 1 on
any difference.
"""

from __future__ import annotations

import argparse
import difflib
import io
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from rich.panel import Panel
from rich.table import Table

import medinfo.render.mdview as mdview
import medinfo.render.terminal as terminal
from medinfo.library import Library
from medinfo.model import Monograph
from medinfo.render import Options
from medinfo.render.frame import Frame
from medinfo.render.grid import Grid

WIDTHS = (60, 100, 160)
MODES = ("plain", "color", "no_color")


class _AsTable(Table):
    """rich's own Table, taking Grid's keywords."""

    def add_column(self, header: Any = "", **settings: Any) -> None:  # type: ignore[override]
        """Add a column as Table does."""
        super().add_column(header, **settings)


def view(monograph: Monograph, width: int, mode: str) -> str:
    """Return a monograph's whole terminal view at one width and colour mode."""
    # A pipe; a truecolor terminal; a terminal with NO_COLOR (styles without colours).
    options = Options("rich", mode != "no_color", force_color=mode != "plain", width=width)
    out = io.StringIO()
    with redirect_stdout(out):
        terminal.show(monograph, list(monograph.sections), True, options)
    return out.getvalue()


def check(monograph: Monograph) -> str:
    """Return "" when both ways agree, else the first difference."""
    for width in WIDTHS:
        for mode in MODES:
            ours = view(monograph, width, mode)
            _draw_with(_AsTable, Panel)
            try:
                theirs = view(monograph, width, mode)
            finally:
                _draw_with(Grid, Frame)
            if ours != theirs:
                diff = difflib.unified_diff(
                    theirs.splitlines(), ours.splitlines(), "Table", "Grid", lineterm=""
                )
                return f"width {width}, {mode}:\n" + "\n".join(list(diff)[:12])
    return ""


def _draw_with(table: type, panel: type) -> None:
    """Make the terminal view draw its tables and panels with these."""
    # Module globals, swapped on purpose: the view looks them up at each call.
    for module in (terminal, mdview):
        setattr(module, "Grid", table)  # noqa: B010
    setattr(terminal, "Frame", panel)  # noqa: B010


def check_all(monographs: list[Monograph]) -> list[tuple[str, str]]:
    """Check a batch of monographs (one task of the process pool)."""
    os.environ["COLORTERM"] = "truecolor"
    return [(monograph.path, check(monograph)) for monograph in monographs]


def main() -> int:
    """Compare every monograph's view both ways and print the tally."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a folder of monographs")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--show", type=int, default=3, help="differences to print")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="medinfo-richview-") as cache:
        monographs = list(Library([str(args.corpus)], Path(cache)).open().export())
    size = max(1, len(monographs) // (args.jobs * 8))
    batches = [monographs[start : start + size] for start in range(0, len(monographs), size)]
    with ProcessPoolExecutor(args.jobs) as pool:
        results = [result for batch in pool.map(check_all, batches) for result in batch]
    differ = [(name, detail) for name, detail in results if detail]
    print(f"monographs: {len(results)} ({len(WIDTHS)} widths x {len(MODES)} colour modes each)")
    print(f"identical: {len(results) - len(differ)}")
    print(f"differ: {len(differ)}")
    for name, detail in differ[: args.show]:
        print(f"\n--- {name}\n{detail}")
    print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
