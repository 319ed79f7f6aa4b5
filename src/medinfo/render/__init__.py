"""Output formats: one module each, all with the same functions; the CLI picks one."""

from __future__ import annotations

import importlib
import os
import sys
from dataclasses import dataclass
from types import ModuleType

FORMATS = ("rich", "plain", "json", "markdown")


@dataclass(slots=True)
class Options:
    """How output should look: format and colour, decided once per call."""

    format: str
    color: bool


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
