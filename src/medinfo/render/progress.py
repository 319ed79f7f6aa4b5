"""Progress bars on stderr for work that takes longer than about a second.

A bar appears only where someone watches: stderr a terminal, stdout not a pipe,
and the answer not JSON (a script reads that); and only once a second has passed,
so quick calls never flash one.
"""

from __future__ import annotations

import os
import stat
import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from medinfo.render import Options

DELAY = 1.0


def wanted(options: Options | None = None) -> bool:
    """Tell whether a bar may show: stderr a terminal, stdout not a pipe, no JSON."""
    if options is not None and options.format == "json":
        return False
    try:
        if not os.isatty(sys.stderr.fileno()):
            return False
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (OSError, ValueError):  # a test's capture, or a closed stream
        return False
    return not (stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode))


class Counter:
    """Count work done towards a total; show a transient bar once a second has passed."""

    def __init__(self, label: str, total: int, done: int = 0) -> None:
        self.label = label
        self.total = total
        self.count = done
        self.began = time.monotonic()
        self.bar: Any = None
        self.task: Any = None

    def __call__(self, count: int = 1) -> None:
        """Add count to the work done, and draw the bar if it is due."""
        self.count += count
        if self.bar is None and time.monotonic() - self.began > DELAY and self.count < self.total:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            self.bar = Progress(
                TextColumn(self.label),
                BarColumn(),
                MofNCompleteColumn(),
                console=Console(stderr=True),
                transient=True,
                redirect_stdout=False,  # the answer goes to stdout as it is, never via Rich
                redirect_stderr=False,
            )
            self.task = self.bar.add_task(self.label, total=self.total)
            self.bar.start()
        if self.bar is not None:
            self.bar.update(self.task, completed=self.count)
            if self.count >= self.total:
                self.stop()

    def stop(self) -> None:
        """Remove the bar, if one is showing."""
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def exporting(total: Callable[[], int]) -> Counter | None:
    """Return a counter for an export written to a file from a terminal, else None.

    Written to the terminal itself, the JSON scrolling by is the progress; in a
    pipe, nobody watches. total: how many monographs, asked only if a bar may show.
    """
    if not wanted() or sys.stdout.isatty():
        return None
    return Counter("Exporting monographs", total())


def factory(options: Options | None = None) -> Callable[[int, int], Counter] | None:
    """Return a progress starter for an index build, or None where no bar may show."""
    if not wanted(options):
        return None

    def start(total: int, done: int) -> Counter:
        """Begin counting parsed files."""
        return Counter("Indexing monographs", total, done)

    return start
