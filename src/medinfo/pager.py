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

    As with git, an empty value or `cat` means no pager, and so does the default
    less where it is not installed; a pager the user named is tried, and if it
    cannot be run the view is written here with a note, never lost.
    """
    for name in ("MEDINFO_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            command = value.strip()
            return None if command in ("", "cat") else command
    return "less" if shutil.which("less") else None


# A pager command with none of these runs without a shell, which costs a process.
_SHELL_CHARACTERS = frozenset("|&;<>()$`\\\"'*?[]#~=%{}!\n")


def page(text: str, command: str) -> None:
    """Show text through the pager, colours kept; write it here, with a note, if it fails."""
    import signal
    import subprocess

    env = dict(os.environ)
    # As git does: colours through (R), no wait for what fits one screen (F), and no
    # clearing of the screen on exit (X), unless the user has chosen otherwise.
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    shell = not _SHELL_CHARACTERS.isdisjoint(command)
    try:
        # subprocess, not os.posix_spawnp, which Windows does not have; the shell
        # (sh, or cmd on Windows) only where the command needs one.
        pager = subprocess.Popen(
            command if shell else command.split(), stdin=subprocess.PIPE, env=env, shell=shell
        )
    except (OSError, ValueError) as exc:  # not found, not executable, not a command
        _unpaged(text, command, getattr(exc, "strerror", None) or str(exc))
        return
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search);
    # this process only waits for it, and is ignored only after the pager started.
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        # The reader may quit before the end (q in less): communicate ignores the
        # pipe it closed, and waits for the pager to end.
        pager.communicate(text.encode(sys.stdout.encoding or "utf-8", "replace"))
    finally:
        signal.signal(signal.SIGINT, previous)
    # A reader who quits early exits 0 (less on q), or by Ctrl-C (more has no other
    # way out: it dies of SIGINT, or its shell says 130); a pager that failed, or a
    # shell that could not start it (126, 127), may have shown nothing: the view is
    # not lost.
    if pager.returncode not in (0, -signal.SIGINT, 128 + signal.SIGINT):
        _unpaged(text, command, f"it exited with status {pager.returncode}")


def _unpaged(text: str, command: str, reason: str) -> None:
    """Write the view here, since the pager could not show it, and say why on stderr."""
    from medinfo.text import clean

    sys.stdout.write(text)
    sys.stdout.flush()
    sys.stderr.write(clean(f"note: the pager '{command}' could not show this view: {reason}\n"))
