"""A progress bar on stderr for index builds that take longer than about a second."""

from __future__ import annotations

import sys
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

DELAY = 1.0


def factory() -> Callable[[int, int], Callable[[int], None] | None] | None:
    """Return a progress starter for the library, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        return None

    def start(total: int, done: int) -> Callable[[int], None]:
        """Begin counting parsed files; the bar appears only once a second has passed."""
        began = time.monotonic()
        state: dict[str, Any] = {"count": done, "bar": None, "task": None}

        def tick(count: int) -> None:
            state["count"] += count
            bar = state["bar"]
            if bar is None and time.monotonic() - began > DELAY and state["count"] < total:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

                bar = Progress(
                    TextColumn("Indexing monographs"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    console=Console(stderr=True),
                    transient=True,
                )
                state["bar"], state["task"] = bar, bar.add_task("index", total=total)
                bar.start()
            if bar is not None:
                bar.update(state["task"], completed=state["count"])
                if state["count"] >= total:
                    bar.stop()

        return tick

    return start
