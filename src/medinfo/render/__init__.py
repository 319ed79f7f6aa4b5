"""Output formats: one module each, all implementing `Renderer`; the commands pick one."""

from __future__ import annotations

import os
import sys
from typing import Any, Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.model import Entry, Hit, Monograph, Section

FORMATS = ("rich", "plain", "json", "markdown")

# A row of `medinfo sections`: key, title, and the words that select it.
KeyRow = tuple[str, str, list[str]]


class Options:
    """How output should look: format and colour, decided once per call."""

    __slots__ = ("color", "format")

    def __init__(self, format: str, color: bool) -> None:
        self.format = format
        self.color = color


class Renderer(Protocol):
    """What every output format can print: one function per command, named after it."""

    def show(
        self, monograph: Monograph, sections: list[Section], whole: bool, options: Options
    ) -> None:
        """Print a monograph, or the chosen sections of it."""

    def search(self, query: str, hits: list[Hit], options: Options) -> None:
        """Print search hits."""

    def list_(self, entries: list[Entry], options: Options) -> None:
        """Print a listing of monographs."""

    def sections(self, rows: list[KeyRow], options: Options) -> None:
        """Print the section keys and the words that select them."""

    def index(self, report: dict[str, Any], options: Options) -> None:
        """Print what building or refreshing the index did."""


def choose(fmt: str | None, as_json: bool, no_color: bool) -> Options:
    """Decide the output format from the options and where stdout goes."""
    if as_json:
        fmt = "json"
    if fmt is None:
        fmt = "rich" if sys.stdout.isatty() and os.environ.get("TERM") != "dumb" else "plain"
    color = not no_color and "NO_COLOR" not in os.environ
    return Options(fmt, color)


def renderer(options: Options) -> Renderer:
    """Return the renderer of a format, importing only that one."""
    if options.format == "rich":
        from medinfo.render import terminal

        return terminal
    if options.format == "json":
        from medinfo.render import jsonout

        return jsonout
    if options.format == "markdown":
        from medinfo.render import markdown

        return markdown
    from medinfo.render import plain

    return plain
