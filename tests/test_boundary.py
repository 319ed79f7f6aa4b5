"""The one error boundary: every failure becomes a message and an exit code, or a bug."""

from __future__ import annotations

import sqlite3

import pytest

from medinfo.boundary import guarded
from medinfo.errors import MedinfoError, NotFound


def fail(error: BaseException) -> int:
    """Raise the error, as a command would."""
    raise error


@pytest.mark.parametrize(
    ("error", "code", "message"),
    [
        (MedinfoError("unknown format 'x'", 2, "choose one of: rich"), 2, "Error: unknown format"),
        (NotFound("no monograph found for 'x'"), 1, "Error: no monograph found for 'x'\n"),
        (
            FileNotFoundError(2, "No such file or directory", "/srv/m/a.md"),
            2,
            "Error: /srv/m/a.md: No such file or directory\n",
        ),
        (
            OSError(28, "No space left on device"),
            2,
            "Error: cannot write the answer: No space left on device\n",
        ),
        (sqlite3.OperationalError("disk I/O error"), 2, "Error: the index cache failed"),
        (KeyboardInterrupt(), 130, ""),
        (BrokenPipeError(32, "Broken pipe"), 141, ""),
    ],
)
def test_failures_become_messages_and_codes(
    error: BaseException, code: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert guarded(lambda: fail(error)) == code
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(message) if message else captured.err == ""
    assert "Traceback" not in captured.err


def test_a_hint_goes_on_its_own_line(capsys: pytest.CaptureFixture[str]) -> None:
    guarded(lambda: fail(MedinfoError("unknown section 'dosee'", 2, "sections: dosage")))
    assert capsys.readouterr().err == "Error: unknown section 'dosee'\n  sections: dosage\n"


def test_messages_are_cleaned(capsys: pytest.CaptureFixture[str]) -> None:
    guarded(lambda: fail(FileNotFoundError(2, "No such file", "/srv/\x1b]0;x\x07.md")))
    assert "\x1b" not in capsys.readouterr().err


def test_a_bug_is_not_hidden() -> None:
    with pytest.raises(ZeroDivisionError):
        guarded(lambda: 1 // 0)
