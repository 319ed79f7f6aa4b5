"""The one error type of medinfo: a message for people, an exit code and a hint."""

from __future__ import annotations

# Exit statuses of the contract (README: exit codes).
OK = 0
NOT_FOUND = 1
USAGE = 2  # also unusable input: a missing directory, a file that cannot be read
NETWORK = 3  # DailyMed could not be reached or kept failing (fetch, update)
INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
CLOSED_PIPE = 141  # the reader of stdout went away, as shells report SIGPIPE


class MedinfoError(Exception):
    """An expected failure, shown as "Error: message" with an optional hint."""

    def __init__(self, message: str, code: int = USAGE, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.hint = hint


class NotFound(MedinfoError):
    """Nothing matched: an unknown drug, no search hits."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message, NOT_FOUND, hint)


class ParseError(Exception):
    """A monograph file that cannot be read; the reason names what is wrong.

    rule is the id of the `medinfo check` rule it breaks (medinfo.rules), and line
    the line of the file where the problem is, when known.
    """

    def __init__(self, message: str, rule: str = "MI001", line: int = 0) -> None:
        super().__init__(message)
        self.rule = rule
        self.line = line
