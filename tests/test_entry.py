"""The fast path: every command answered without Click or Typer, exactly as Typer would."""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medinfo.cli import app, run_typer
from medinfo.entry import fast_parse, main
from medinfo.spec import COMMANDS


@pytest.mark.parametrize(
    ("argv", "command", "expected"),
    [
        (["aspirin"], "show", {"name": "aspirin", "sections": []}),
        (["show", "aspirin", "dose", "faq"], "show", {"sections": ["dose", "faq"]}),
        (["--dir", "x", "aspirin", "--json"], "show", {"dirs": ["x"], "as_json": True}),
        (["-d", "x", "--dir=y", "aspirin"], "show", {"dirs": ["x", "y"]}),
        (["search", "zoster", "-n", "5", "--section=side-effects"], "search", {"limit": 5}),
        (["search", "zoster"], "search", {"limit": 20, "section": None}),
        (["list"], "list", {"pattern": None, "count": False}),
        (["list", "amox*", "--missing", "faq", "-c"], "list", {"pattern": "amox*", "count": True}),
        (["sections", "--json"], "sections", {"as_json": True}),
        (["export", "--dir", "x"], "export", {"dirs": ["x"]}),
        (["index", "--rebuild", "--format", "plain"], "index", {"rebuild": True, "path": False}),
        (["--dir", "x", "index", "--path"], "index", {"path": True, "dirs": ["x"]}),
    ],
)
def test_well_formed_command_lines_take_the_fast_path(
    argv: list[str], command: str, expected: dict[str, object]
) -> None:
    parsed = fast_parse(argv)
    assert parsed is not None
    assert parsed[0] == command
    assert {key: parsed[1][key] for key in expected} == expected


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["-h"],
        ["--version"],
        ["show", "--help"],
        ["list", "--help"],
        ["search"],
        ["search", "a", "b"],
        ["search", "x", "--limit", "many"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "-n5"],
        ["aspirin", "--limit", "3"],
        ["aspirin", "--frobnicate"],
        ["aspirin", "--dir"],
        ["aspirin", "--json=yes"],
        ["aspirin", "--format", "json", "--format", "plain"],
        ["aspirin", "-d=x"],
        ["--", "aspirin"],
        ["show"],
        ["list", "a", "b"],
        ["sections", "extra"],
        ["sections", "--dir", "x"],
        ["export", "--json"],
        ["index", "--count"],
        ["list", "-cs", "faq"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast_parse(argv) is None


def test_shell_completion_is_answered_before_any_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("_MEDINFO_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "medinfo sec")
    monkeypatch.setenv("COMP_CWORD", "1")
    assert fast_parse(["aspirin"]) is None  # never run as a command
    assert main(["aspirin"]) == 0  # medinfo.completion answers, whatever argv says
    assert capsys.readouterr().out == "plain\nsections\n"


def test_spec_and_typer_declare_the_same_commands_and_options() -> None:
    import click
    import typer.main

    group = typer.main.get_command(app)
    assert set(group.commands) == set(COMMANDS)  # type: ignore[attr-defined]
    for name, command in COMMANDS.items():
        params = {param.name: param for param in group.commands[name].params}  # type: ignore[attr-defined]
        for option in command.options:
            param = params.pop(option.dest)
            assert isinstance(param, click.Option), option.dest
            assert set(param.opts) == set(option.names), option.dest
            assert param.is_flag == option.is_flag, option.dest
            assert param.multiple == option.multiple, option.dest
            if option.type is int:
                assert isinstance(param.type, click.IntRange), option.dest
                assert param.type.min == option.minimum, option.dest
                assert param.type.max == option.maximum, option.dest
            if not option.is_flag and not option.multiple:
                assert param.default == option.default, option.dest
        for argument in command.arguments:
            param = params.pop(argument.dest)
            assert isinstance(param, click.Argument), argument.dest
            assert param.required == argument.required, argument.dest
            assert (param.nargs == -1) == argument.variadic, argument.dest
        assert not params, name  # nothing Typer knows that the spec does not


def _normalised(text: str) -> str:
    """Return output with the time a build took blanked out: it differs between runs."""
    return re.sub(r'("seconds": |seconds: |seconds\s+│\s+)[0-9.]+', r"\1#", text)


def agree(args: list[str], capfd: pytest.CaptureFixture[str]) -> None:
    """Run a command line both ways and check stdout, stderr and exit status are equal."""
    if "index" in args:  # its report says what this very call built: build beforehand
        main(args)
        capfd.readouterr()
    names = "alphacillin\n# a comment\nnosuchdrug\n"  # what `show -` reads
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(names))
        fast_code = main(args)
    fast = capfd.readouterr()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(names))
        typer_code = run_typer(args)
    slow = capfd.readouterr()
    assert (fast_code, _normalised(fast.out), fast.err) == (
        typer_code,
        _normalised(slow.out),
        slow.err,
    )


CASES = [
    ["alphacillin", "dose"],
    ["show", "alphacillin", "--json"],
    ["alphacillin", "dosee"],
    ["alphacilin"],
    ["betazol", "disclaimer"],
    ["search", "zoster"],
    ["search", "zoster", "--json", "--section", "side-effects"],
    ["search", 'amox"'],
    ["search", "xylophone"],
    ["alphacillin", "--format", "html"],
    ["list"],
    ["list", "--json", "--section", "faq"],
    ["list", "zzz"],
    ["list", "--missing", "bogus"],
    ["list", "-c"],
    ["export"],
    ["index", "--format", "plain"],
    ["index", "--json"],
    ["index", "--path"],
    ["show", "-", "dose"],
    ["show", "-", "--json"],
]


@pytest.mark.parametrize("argv", CASES)
def test_fast_path_and_typer_agree(
    argv: list[str], collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = [*argv, "--dir", str(collection)]
    assert fast_parse(args) is not None
    agree(args, capfd)


@pytest.mark.parametrize("argv", [["sections"], ["sections", "--json"], ["sections", "-f", "md"]])
def test_sections_agree(argv: list[str], capfd: pytest.CaptureFixture[str]) -> None:
    assert fast_parse(argv) is not None
    agree(argv, capfd)


WORDS = [
    "",
    "-d",
    "--dir=",
    "--section=faq",
    "--missing=usage",
    "-x",
    "alphacillin",
    "betazol",
    "gamdel",
    "gammadine",
    "deltamol",
    "amox*",
    "dose",
    "faq",
    "side-effects",
    "dosee",
    "show",
    "search",
    "list",
    "sections",
    "export",
    "index",
    "zoster",
    "herpes zoster",
    '"zoster',
    "zost*",
    "--json",
    "--no-color",
    "--format",
    "plain",
    "json",
    "markdown",
    "rich",
    "html",
    "--section",
    "-s",
    "--missing",
    "--count",
    "-c",
    "--path",
    "usage",
    "--limit",
    "-n",
    "2",
    "0",
    "-f",
    "--format=json",
    "--limit=1",
    "-",
]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    argv=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    where=st.integers(min_value=0, max_value=6),
)
def test_any_command_line_the_fast_path_takes_matches_typer(
    argv: list[str], where: int, collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # The collection goes anywhere: first, last, or between other words.
    args = [*argv[:where], "--dir", str(collection), *argv[where:]]
    if fast_parse(args) is None:
        return
    agree(args, capfd)


def _bigger(collection: Path, files: int = 400) -> None:
    """Add enough monographs that the output outgrows a pipe's buffer."""
    text = "# Filler {n}\n### Usage\n" + "Relieves a long list of complaints. " * 40 + "\n"
    for number in range(files):
        (collection / f"filler-{number:04}.md").write_text(text.format(n=number))


def test_closed_pipe_exits_141_quietly(collection: Path, isolated: Path) -> None:
    _bigger(collection)
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    command = [sys.executable, "-m", "medinfo", "export", "--dir", str(collection)]
    subprocess.run(command, env=env, capture_output=True, check=True)  # a warm index
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(100)  # as `head -c 100` does, then goes away
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert len(head) == 100 and head.startswith(b"{")
    assert stderr == b""


def test_closed_pipe_in_a_shell_pipeline(collection: Path, isolated: Path) -> None:
    _bigger(collection)
    script = (
        f'{sys.executable} -m medinfo export --dir "$1" | head -c 100 >/dev/null;'
        ' echo "${PIPESTATUS[0]}"'
    )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    result = subprocess.run(
        ["bash", "-c", script, "bash", str(collection)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "141\n"
    assert result.stderr == ""


def test_ctrl_c_exits_130_without_a_traceback(collection: Path, isolated: Path) -> None:
    _bigger(collection)
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    command = [sys.executable, "-m", "medinfo", "export", "--dir", str(collection)]
    subprocess.run(command, env=env, capture_output=True, check=True)
    # Nobody reads its output, so it blocks writing, mid-answer, until interrupted.
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(1)
    assert first == b"{"
    process.send_signal(signal.SIGINT)
    try:
        code = process.wait(timeout=60)
    finally:
        process.stdout.close()
    assert code == 130
    assert b"Traceback" not in process.stderr.read()


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_no_command_imports_click_or_typer(command: str, collection: Path, isolated: Path) -> None:
    argv = {
        "show": ["show", "alphacillin", "dose"],
        "search": ["search", "zoster"],
        "list": ["list"],
        "sections": ["sections"],
        "export": ["export"],
        "index": ["index"],
        "compare": ["compare", "alphacillin", "betazol", "dose"],
        "interactions": ["interactions", "alphacillin"],
        "diff": ["diff", "alphacillin", "betazol", "dose"],
        "check": ["check"],
        "fetch": ["fetch", "alphacillin"],  # against no service (conftest): exit 3
        "update": ["update"],
    }[command]
    if command not in ("sections", "fetch", "update"):
        argv += ["--dir", str(collection)]
    code = (
        "import sys\n"
        "from medinfo.entry import main\n"
        f"code = main({argv!r})\n"
        "print('LOADED', [m for m in ('click', 'typer') if m in sys.modules], code)\n"
    )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert "LOADED []" in result.stdout, result.stderr
