"""The terminal view's text delivered to the screen, or through a pager when it is too tall."""

from __future__ import annotations

import os
import shutil
import sys


def deliver(text: str, pager: bool | None, height: int) -> None:
    """Write a view to the screen, or through the pager when it is taller than the screen.

    pager is the choice of --pager (True), --no-pager (False) or neither (None); the
    height is the one Rich's console found for the screen.
    """
    command = pager_command() if pager is not False and sys.stdout.isatty() else None
    if command and (pager or text.count("\n") >= height):
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
