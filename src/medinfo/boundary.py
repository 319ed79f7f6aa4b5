"""The one error boundary every command runs in: each failure ends as a message and a code."""

from __future__ import annotations

import errno
import os
import sys

from medinfo.errors import CLOSED_PIPE, INTERRUPTED, USAGE, MedinfoError
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


def guarded(action: Callable[[], int]) -> int:
    """Run action; turn every expected failure into a message on stderr and an exit code."""
    try:
        return action()
    except MedinfoError as exc:
        return report(exc)
    except KeyboardInterrupt:
        # What was not written yet must not be written at exit: the reader may be
        # gone, or blocked, and the user asked to stop.
        detach_stdout()
        return INTERRUPTED
    except BrokenPipeError:
        return closed_pipe()
    except OSError as exc:
        if exc.filename is None and exc.errno in _WRITE_ERRORS:  # the answer could not be written
            detach_stdout()
        return report(MedinfoError(_os_message(exc), USAGE))
    except Exception as exc:
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(exc, sqlite3.Error):
            raise  # a bug: its traceback is what will get it fixed
        return report(
            MedinfoError(
                f"the index cache failed: {exc}",
                USAGE,
                "try `medinfo index --rebuild`, or MEDINFO_CACHE_DIR for another cache directory",
            )
        )


# What a write to a full or failing disk raises.
_WRITE_ERRORS = frozenset((errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT))


def _os_message(exc: OSError) -> str:
    """Return an operating-system error as a sentence that names its path."""
    reason = exc.strerror or str(exc)
    if exc.filename is not None:
        return f"{clean(os.fsdecode(exc.filename))}: {reason}"
    if exc.errno in _WRITE_ERRORS:
        return f"cannot write the answer: {reason}"
    return reason


def closed_pipe() -> int:
    """Stop quietly when the reader of stdout has gone (`medinfo export | head`)."""
    detach_stdout()
    return CLOSED_PIPE


def detach_stdout() -> None:
    """Point stdout at /dev/null, so that what is still buffered is never written."""
    # Python flushes stdout again at exit, and would report (or block on) that
    # too: the way out that Python's documentation gives for SIGPIPE.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass  # stdout is not a real file (a test's capture): nothing will be flushed


def warn(message: str, hint: str | None = None) -> None:
    """Write a message for people to stderr."""
    sys.stderr.write(clean(message) + "\n")
    if hint:
        sys.stderr.write(f"  {clean(hint)}\n")


def warn_skipped(skipped: list[tuple[str, str]]) -> None:
    """Report files that could not be parsed, one line each: path and reason."""
    for path, reason in skipped:
        warn(f"warning: skipped {path}: {reason}")


def report(error: MedinfoError) -> int:
    """Print an expected failure as "Error: ..." on stderr; return its exit code."""
    warn(f"Error: {error.message}", error.hint)
    return error.code
