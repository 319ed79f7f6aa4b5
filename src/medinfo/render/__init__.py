"""Output formats: one module each, all implementing `Renderer`; the commands pick one."""

from __future__ import annotations

import os
import sys

from medinfo.errors import USAGE, MedinfoError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.render.protocol import KeyRow, Renderer

FORMATS = ("rich", "plain", "json", "markdown")
__all__ = ["COLORS", "FORMATS", "KeyRow", "Options", "Renderer", "choose", "renderer"]


def __getattr__(name: str) -> object:
    """Return Renderer or KeyRow, defined apart: `typing` costs milliseconds on every call."""
    if name in ("Renderer", "KeyRow"):
        from medinfo.render import protocol

        return getattr(protocol, name)
    raise AttributeError(f"module 'medinfo.render' has no attribute {name!r}")


class Options:
    """How output should look: format, colour, width, paging and handouts, decided once."""

    __slots__ = (
        "answers",
        "color",
        "force_color",
        "format",
        "handouts",
        "many",
        "pager",
        "sources",
        "stream",
        "titles",
        "width",
    )

    def __init__(
        self,
        format: str,
        color: bool,
        *,
        force_color: bool = False,
        width: int | None = None,
        pager: bool | None = None,
        handouts: tuple[tuple[str, str], ...] = (),
    ) -> None:
        self.format = format
        self.color = color  # False: never; True: where the output can show it
        self.force_color = force_color  # escapes even when stdout is not a terminal
        self.width = width
        self.pager = pager  # None: page what is taller than the screen
        self.handouts = handouts  # ("html" or "svg", path or "-")
        self.many = False  # several monographs in one answer (`show -`): name each
        self.stream: Any = None  # the terminal view's console, made on first use
        # The drugs and files the view showed, which a handout names.
        self.titles: list[str] = []
        self.sources: list[str] = []
        self.answers: list[tuple[Any, ...]] = []  # what the view showed, for an HTML handout

    def shown(self, name: str, source: str) -> None:
        """Note a monograph the view shows, for the handout's title and sources."""
        if name not in self.titles:
            self.titles.append(name)
        self.sources.append(source)


COLORS = ("auto", "always", "never")


def choose(values: dict[str, Any]) -> Options:
    """Decide how the answer looks from the command's options, the environment and stdout."""
    from medinfo.termsize import check_size

    check_size()  # before any console is made: Rich would fail on it there
    fmt = values.get("fmt")
    if fmt is not None and fmt not in FORMATS:
        raise MedinfoError(f"unknown format '{fmt}'", USAGE, "choose one of: " + ", ".join(FORMATS))
    if values.get("as_json"):
        fmt = "json"
    handouts = tuple((kind, values[kind]) for kind in ("html", "svg") if values.get(kind))
    if handouts:
        if fmt not in (None, "rich"):
            raise MedinfoError(
                "--html and --svg write handouts of the view: they do not go with --format "
                f"{fmt}" + (" (or --json)" if fmt == "json" else ""),
                USAGE,
            )
        fmt = "rich"
    if fmt is None:
        fmt = "rich" if sys.stdout.isatty() and os.environ.get("TERM") != "dumb" else "plain"
    if values.get("pager") and values.get("no_pager"):
        raise MedinfoError("--pager and --no-pager contradict each other", USAGE)
    pager = True if values.get("pager") else False if values.get("no_pager") else None
    when = color_choice(bool(values.get("no_color")), values.get("color"))
    width = values.get("width")
    return Options(
        fmt,
        when != "never",
        force_color=when == "always",
        width=width if isinstance(width, int) else None,
        pager=pager,
        handouts=handouts,
    )


def color_choice(no_color: bool, color: str | None) -> str:
    """Return always, never or auto, by the one documented precedence.

    The command line first (--no-color is --color never), then NO_COLOR, then
    FORCE_COLOR, then TERM=dumb; otherwise colour where the output is a terminal.
    """
    if color is not None and color not in COLORS:
        raise MedinfoError(
            f"unknown colour choice '{color}'", USAGE, "choose auto, always or never"
        )
    if no_color and color == "always":
        raise MedinfoError("--no-color and --color always contradict each other", USAGE)
    if no_color or color == "never":
        return "never"
    if color == "always":
        return "always"
    if os.environ.get("NO_COLOR"):
        return "never"
    if os.environ.get("FORCE_COLOR"):
        return "always"
    if os.environ.get("TERM") == "dumb":
        return "never"
    return "auto"


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
