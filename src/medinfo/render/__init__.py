"""Output formats: one module each, all implementing `Renderer`; the commands pick one."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.render.protocol import KeyRow, Renderer

FORMATS = ("rich", "plain", "json", "markdown")
__all__ = ["FORMATS", "KeyRow", "Options", "Renderer", "choose", "renderer"]


def __getattr__(name: str) -> object:
    """Return Renderer or KeyRow, defined apart: `typing` costs milliseconds on every call."""
    if name in ("Renderer", "KeyRow"):
        from medinfo.render import protocol

        return getattr(protocol, name)
    raise AttributeError(f"module 'medinfo.render' has no attribute {name!r}")


class Options:
    """How output should look: format and colour, decided once per call."""

    __slots__ = ("color", "format", "many")

    def __init__(self, format: str, color: bool) -> None:
        self.format = format
        self.color = color
        self.many = False  # several monographs in one answer (`show -`): name each


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
