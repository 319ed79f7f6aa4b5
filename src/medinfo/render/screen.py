"""Where the terminal view goes: straight to the screen, through a pager, or into a handout.

The view is printed to one console per call. On a terminal that console gathers
the view first, so that a view taller than the screen can go through a pager, the
way git does. For a handout it records the view: --svg writes Rich's export of it, on
a light theme, with the files it quotes and a disclaimer below; --html writes a page
of what the view showed (medinfo.handout).
"""

from __future__ import annotations

import io
import os
import sys

from rich.console import Console

from medinfo.pager import deliver, pager_command
from medinfo.render import Options
from medinfo.termsize import bounded
from medinfo.text import one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Literal

    ColorSystem = Literal["auto", "standard", "256", "truecolor", "windows"] | None

HANDOUT_WIDTH = 100


def settings() -> dict[str, Any]:
    """Return the console settings every view needs: monograph text is data, not markup."""
    return {"highlight": False, "emoji": False, "markup": False, "soft_wrap": False}


def console(options: Options, stderr: bool = False) -> Console:
    """Return the console of this call's view (made on first use), or one for stderr."""
    if stderr:
        return Console(stderr=True, no_color=not options.color, **settings())
    if options.stream is None:
        options.stream = _stream(options)
    stream: Console = options.stream
    return stream


def _stream(options: Options) -> Console:
    """Return the console the view is printed to: the screen, or a buffer to page or export."""
    if options.handouts:
        return Console(
            file=io.StringIO(),
            record=True,
            width=options.width or HANDOUT_WIDTH,
            force_terminal=True,
            color_system="truecolor",
            no_color=not options.color,
            **settings(),
        )
    screen = Console(
        width=options.width,
        no_color=not options.color,
        force_terminal=True if options.force_color else None,
        color_system=_system(options),
        **settings(),
    )
    if options.width is None:  # the terminal's, or COLUMNS, which may say 0 or 10**20
        screen.width = bounded(screen.width)
    pages = options.pager is not False and sys.stdout.isatty() and pager_command() is not None
    if not pages:
        return screen
    # Gathered with everything the screen would get, to be paged if it is too tall.
    system: ColorSystem = screen.color_system  # type: ignore[assignment]
    return Console(
        file=io.StringIO(),
        width=screen.width,
        height=screen.height,
        force_terminal=screen.is_terminal,
        color_system=system,
        no_color=screen.no_color,
        **settings(),
    )


def _system(options: Options) -> ColorSystem:
    """Return the colour system: what the terminal says, at least 16 colours when forced."""
    if options.force_color and os.environ.get("TERM") in ("dumb", "unknown"):
        return "standard"  # Rich would find none, yet colour was asked for
    return "auto"


def finish(options: Options) -> None:
    """Write what the view gathered: to handout files, through the pager, or to the screen."""
    stream: Console = options.stream
    if options.handouts:
        _handouts(options, stream)
        return
    if not isinstance(stream.file, io.StringIO):
        return  # printed straight to the screen already
    deliver(stream.file.getvalue(), options.pager, stream.height)


def _handouts(options: Options, stream: Console) -> None:
    """Write each handout asked for: the HTML page, or Rich's SVG of the view above its
    sources and the disclaimer."""
    from datetime import date

    from rich.terminal_theme import DEFAULT_TERMINAL_THEME
    from rich.text import Text

    from medinfo import __version__
    from medinfo.handout import DISCLAIMER, SVG, page

    if any(kind == "svg" for kind, _ in options.handouts):
        sources = list(dict.fromkeys(options.sources))
        footer = Text("", style="dim")
        if sources:
            footer.append("Source: " + "; ".join(sources) + "\n")
        footer.append(DISCLAIMER + "\n")
        footer.append(f"medinfo {__version__}, {date.today().isoformat()}")
        stream.print(footer)
    title = "medinfo: " + ", ".join(options.titles) if options.titles else "medinfo"
    for kind, path in options.handouts:
        if kind == "html":
            data = page(options.answers)
        else:  # with this machine's fonts: Rich's own template fetches one from the web
            data = stream.export_svg(
                title=title, theme=DEFAULT_TERMINAL_THEME, clear=False, code_format=SVG
            )
        if path == "-":
            sys.stdout.write(data)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(data)
            # The file's name as typed, which may hold an escape sequence: cleaned.
            sys.stderr.write(f"wrote {kind.upper()} handout: {one_line(path)}\n")
