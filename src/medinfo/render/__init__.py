"""Output formats: one module each, all with the same functions; the CLI picks one."""

from __future__ import annotations

import importlib
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import ModuleType

FORMATS = ("rich", "plain", "json", "markdown")


class Options:
    """How output should look: format and colour, decided once per call."""

    __slots__ = ("color", "format")

    def __init__(self, format: str, color: bool) -> None:
        self.format = format
        self.color = color


def choose(fmt: str | None, as_json: bool, no_color: bool) -> Options:
    """Decide the output format from the options and where stdout goes."""
    if as_json:
        fmt = "json"
    if fmt is None:
        fmt = "rich" if sys.stdout.isatty() and os.environ.get("TERM") != "dumb" else "plain"
    color = not no_color and "NO_COLOR" not in os.environ
    return Options(fmt, color)


def module(options: Options) -> ModuleType:
    """Return the renderer module for a format."""
    name = {"rich": "terminal", "plain": "plain", "json": "jsonout", "markdown": "markdown"}
    return importlib.import_module(f"medinfo.render.{name[options.format]}")
