"""The terminal view as text: kept between calls, and delivered to the screen or a pager.

Nothing here imports Rich: a view kept from an earlier call (the index keeps the
last view of each monograph, under a key of everything that shaped it) is written
out without rendering anything.
"""

from __future__ import annotations

import os
import shutil
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.render import Options


def view_key(options: Options, keys: list[str]) -> str | None:
    """Return what a view of one monograph depends on besides its file, or None if unkept.

    Width and height as Rich finds them, whether stdout is a terminal, the colour
    choice and the terminal's colour variables, the sections asked for, and the code
    that renders (medinfo's view modules and Rich, by their files' modification times).
    """
    if options.format != "rich" or options.handouts or options.many:
        return None
    tty = sys.stdout.isatty()
    env = os.environ
    parts = [
        str(options.width or _columns(tty)),
        str(tty),
        str(options.color),
        str(options.force_color),
        env.get("TERM", ""),
        env.get("COLORTERM", ""),
        env.get("TTY_COMPATIBLE", ""),
        " ".join(keys),
        _code_stamp(),
    ]
    return "\x1f".join(parts)


def check_size() -> None:
    """Refuse a COLUMNS or LINES that Rich would read as a number but cannot.

    Rich takes any value of digits (str.isdigit) for the terminal's size and reads it
    with int(), which fails on "²" or on thousands of digits, wherever a console is made.
    """
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name, "")
        if value.isdigit() and _number(value) is None:
            from medinfo.errors import USAGE, MedinfoError

            shown = value if len(value) <= 20 else value[:20] + "…"
            what = "columns" if name == "COLUMNS" else "lines"
            raise MedinfoError(f"{name} is {shown!r}, not a number of {what}", USAGE)


def _number(value: str) -> int | None:
    """Return the number a value of decimal digits says, or None if int() cannot read it."""
    try:
        return int(value)
    except ValueError:
        return None


def bounded(width: int) -> int:
    """Return a terminal's width within the range of --width: the view is drawn that wide."""
    from medinfo.spec import OPTIONS

    option = OPTIONS["width"]
    return min(max(width, option.minimum or 0), option.maximum or width)


def _columns(tty: bool) -> int:
    """Return the width of the view: COLUMNS, else the terminal's, else 80, within range."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return bounded(_number(columns) or 0)
    if tty:
        try:
            return bounded(os.get_terminal_size(sys.stdout.fileno()).columns)
        except OSError:
            pass
    return 80


def _lines() -> int:
    """Return the height Rich would find: LINES, else the terminal's, else 25."""
    lines = os.environ.get("LINES", "")
    if lines.isdigit():
        return _number(lines) or 0
    try:
        return os.get_terminal_size(sys.stdout.fileno()).lines
    except OSError:
        return 25


def _code_stamp() -> str:
    """Return a stamp of the code that renders views, which changes when it is upgraded."""
    import importlib.util

    here = os.path.dirname(__file__)
    paths = [os.path.join(here, name) for name in ("terminal.py", "mdview.py", "screen.py")]
    spec = importlib.util.find_spec("rich")
    if spec is not None and spec.origin:
        paths.append(os.path.join(os.path.dirname(spec.origin), "console.py"))
    stamps = []
    for path in paths:
        try:
            stamps.append(str(os.stat(path).st_mtime_ns))
        except OSError:
            stamps.append("-")
    return ",".join(stamps)


def deliver(text: str, options: Options) -> None:
    """Write a view to the screen, or through the pager when it is taller than the screen."""
    command = pager_command() if options.pager is not False and sys.stdout.isatty() else None
    if command and (options.pager or text.count("\n") >= _lines()):
        page(text, command)
    else:
        sys.stdout.write(text)


def pager_command() -> str | None:
    """Return the pager to run (MEDINFO_PAGER, else PAGER, else less), or None for none.

    As with git, an empty value or `cat` means no pager; a pager that is not installed
    means none too, so the view is never lost.
    """
    for name in ("MEDINFO_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            command = value.strip()
            break
    else:
        command = "less"
    if command in ("", "cat"):
        return None
    try:
        import shlex  # only to find a pager's program

        program = shlex.split(command)[0]
    except (ValueError, IndexError):
        return None
    return command if shutil.which(program) else None


# A pager command with none of these runs without a shell, which costs a process.
_SHELL_CHARACTERS = frozenset("|&;<>()$`\\\"'*?[]#~=%{}!\n")


def page(text: str, command: str) -> None:
    """Show text through the pager, colours kept; write it directly if the pager fails."""
    import contextlib
    import signal

    env = dict(os.environ)
    # As git does: colours through (R), no wait for what fits one screen (F), and no
    # clearing of the screen on exit (X), unless the user has chosen otherwise.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    argv = command.split() if _SHELL_CHARACTERS.isdisjoint(command) else ["/bin/sh", "-c", command]
    reader, writer = os.pipe()
    try:
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, reader, 0)])
    except OSError:
        os.close(reader)
        os.close(writer)
        sys.stdout.write(text)
        return
    os.close(reader)
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search);
    # this process only waits for it, and is ignored only after the pager started.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    data = text.encode(sys.stdout.encoding or "utf-8", "replace")
    try:
        # The reader may quit before the end (q in less): nothing more to show then.
        with contextlib.suppress(BrokenPipeError), os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
        os.waitpid(pid, 0)
    finally:
        signal.signal(signal.SIGINT, previous)
