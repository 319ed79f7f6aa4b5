"""The pager: started with subprocess (Windows has no posix_spawnp), and the view never lost."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from medinfo import pager
from tests.test_screen import on_terminal, python_medinfo

TALL = "".join(f"line {n} of the view\n" for n in range(20_000))  # beyond a pipe's buffer


def test_pages_without_posix_spawnp_as_on_windows(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delattr(os, "posix_spawnp", raising=False)
    record = tmp_path / "paged.txt"
    pager.page("the view\n", f"tee {record}")  # no shell character: run without a shell
    assert record.read_text() == "the view\n"
    pager.page("through a shell\n", f"cat > {shlex.quote(str(record))}")
    assert record.read_text() == "through a shell\n"
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("kind", ["missing", "not executable", "failing", "shell cannot run"])
def test_a_pager_that_cannot_show_the_view_leaves_it_here_with_a_note(
    kind: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "pager.sh"
    script.write_text("#!/bin/sh\ncat >/dev/null\n")
    script.chmod(0o644)
    command = {
        "missing": str(tmp_path / "no-such-pager"),
        "not executable": str(script),
        "failing": "false",
        "shell cannot run": "LESS=R no-such-pager-here",  # sh exits 127
    }[kind]
    pager.page("the view\n", command)
    out, err = capfd.readouterr()
    assert out == "the view\n"
    assert f"note: the pager '{command}' could not show this view" in err


def test_a_reader_who_quits_early_ends_quietly(capfd: pytest.CaptureFixture[str]) -> None:
    pager.page(TALL, "head -n 1")  # reads one line and closes the pipe, like q in less
    out, err = capfd.readouterr()
    assert out == "line 0 of the view\n" and err == ""


def test_a_pager_that_exits_early_on_a_terminal_exits_0(collection: Path) -> None:
    tall = shlex.join(python_medinfo("alphacillin", "--dir", str(collection)))
    env = {**os.environ, "MEDINFO_PAGER": "head -n 2"}
    shown = on_terminal(["/bin/sh", "-c", f'{tall}; echo "exit=$?"'], env, rows=10)
    assert shown.endswith(b"exit=0\r\n") and b"Traceback" not in shown
    assert b"How it Works" not in shown  # the pager's two lines, not the view again


def test_a_missing_pager_on_a_terminal_shows_the_view_and_says_so(collection: Path) -> None:
    tall = python_medinfo("alphacillin", "--dir", str(collection))
    shown = on_terminal(tall, {**os.environ, "MEDINFO_PAGER": "no-such-pager-here"}, rows=10)
    assert b"How it Works" in shown
    assert b"note: the pager 'no-such-pager-here' could not show this view" in shown


def test_the_default_less_where_it_is_missing_means_no_pager(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no less here
    assert pager.pager_command() is None
    monkeypatch.setenv("PAGER", "no-such-pager-here")  # named by the user: tried
    assert pager.pager_command() == "no-such-pager-here"


@pytest.mark.parametrize("how", ["killed", "through a shell"])
def test_a_pager_ended_by_ctrl_c_is_a_reader_who_quit(
    how: str, capfd: pytest.CaptureFixture[str]
) -> None:
    # more dies of Ctrl-C: the whole view was written again after it, with a note
    # that it "exited with status -2".
    quit_by_ctrl_c = "head -n 1; kill -INT $$"
    command = {
        "killed": f"exec sh -c {shlex.quote(quit_by_ctrl_c)}",
        "through a shell": f"sh -c {shlex.quote(quit_by_ctrl_c)}; exit $?",
    }[how]
    pager.page(TALL, command)
    out, err = capfd.readouterr()
    assert out == "line 0 of the view\n" and err == ""
