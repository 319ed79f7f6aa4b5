"""The fast path for show and search: same answers as the full command line, or none."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medinfo.cli import run_typer
from medinfo.entry import fast_parse, main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["aspirin"], ("show", "aspirin", [])),
        (["show", "aspirin", "dose", "faq"], ("show", "aspirin", ["dose", "faq"])),
        (["--dir", "x", "aspirin", "--json"], ("show", "aspirin", [])),
        (["search", "herpes zoster", "-n", "5", "--section=side-effects"], ("search", None, None)),
    ],
)
def test_plain_forms_take_the_fast_path(argv: list[str], expected: tuple) -> None:
    parsed = fast_parse(argv)
    assert parsed is not None
    command, args = parsed
    assert command == expected[0]
    if command == "show":
        assert (args["name"], args["words"]) == expected[1:]


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--help"],
        ["show", "--help"],
        ["list"],
        ["sections"],
        ["index", "--rebuild"],
        ["export"],
        ["search"],
        ["search", "a", "b"],
        ["search", "x", "--limit", "many"],
        ["search", "x", "--limit", "0"],
        ["aspirin", "--limit", "3"],
        ["aspirin", "--frobnicate"],
        ["aspirin", "--dir"],
        ["aspirin", "--format", "json", "--format", "plain"],
        ["aspirin", "-d=x"],
        ["--", "aspirin"],
    ],
)
def test_everything_else_goes_to_typer(argv: list[str]) -> None:
    assert fast_parse(argv) is None


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
]


@pytest.mark.parametrize("argv", CASES)
def test_fast_path_and_typer_agree(
    argv: list[str], collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = [*argv, "--dir", str(collection)]
    assert fast_parse(args) is not None
    fast_code = main(args)
    fast = capfd.readouterr()
    typer_code = run_typer(args)
    slow = capfd.readouterr()
    assert (fast_code, fast.out, fast.err) == (typer_code, slow.out, slow.err)


def test_closed_pipe_ends_quietly(collection: Path) -> None:
    for number in range(2000):
        (collection / f"filler-{number:04}.md").write_text(f"# Filler {number}\nText.\n")
    pipeline = subprocess.run(
        f"{sys.executable} -m medinfo list --dir {collection} | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        check=False,
    )
    assert pipeline.stdout == "Alphacillin\n"
    assert "Traceback" not in pipeline.stderr and "Error" not in pipeline.stderr


WORDS = [
    "alphacillin",
    "betazol",
    "gamdel",
    "gammadine",
    "deltamol",
    "dose",
    "faq",
    "side-effects",
    "dosee",
    "show",
    "search",
    "list",
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
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(argv=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
def test_any_command_line_the_fast_path_takes_matches_typer(
    argv: list[str], collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = [*argv, "--dir", str(collection)]
    if fast_parse(args) is None:
        return
    fast_code = main(args)
    fast = capfd.readouterr()
    typer_code = run_typer(args)
    slow = capfd.readouterr()
    assert (fast_code, fast.out, fast.err) == (typer_code, slow.out, slow.err)
