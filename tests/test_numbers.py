"""Number options and numbers from the environment: a range each, refused alike by both parsers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from medinfo.cli import run_typer
from medinfo.commands import execute
from medinfo.entry import fast_parse, main
from medinfo.spec import COMMANDS, OPTIONS

NUMBERS = sorted(dest for dest, option in OPTIONS.items() if option.type is int)
# A command line of each command that takes the option, the option to be added last.
WITH = {
    "limit": ["search", "zoster"],
    "width": ["alphacillin", "--format", "rich"],
    "fetch_limit": ["fetch", "alphacillin"],
    "timeout": ["update"],
}
# What a command line of WITH ends with when the number is taken: fetch finds no DailyMed
# (conftest points it at a closed port), update no fetched labels.
TAKEN = {"fetch_limit": 3, "timeout": 1}


def _line(dest: str, collection: Path) -> list[str]:
    """Return the command line of WITH for an option, over the collection where it reads one."""
    command = COMMANDS["show" if WITH[dest][0] not in COMMANDS else WITH[dest][0]]
    takes_dirs = any(option.dest == "dirs" for option in command.options)
    return [*WITH[dest], "--dir", str(collection)] if takes_dirs else list(WITH[dest])


def test_every_number_option_has_a_range() -> None:
    assert sorted(WITH) == NUMBERS  # a new number option needs a case here
    for dest in NUMBERS:
        option = OPTIONS[dest]
        assert option.minimum is not None and option.maximum is not None, dest
        assert option.minimum <= option.maximum, dest


def test_the_ranges_are_what_a_user_can_want() -> None:
    assert (OPTIONS["width"].minimum, OPTIONS["width"].maximum) == (20, 1000)
    # Every hit of 50,000 labels of about 40 sections, and an INTEGER to SQLite.
    assert OPTIONS["limit"].maximum is not None
    assert 50_000 * 40 <= OPTIONS["limit"].maximum < 2**63
    assert OPTIONS["limit"].range_words() == "a whole number from 1 to 10,000,000"


def _outside(dest: str) -> list[str]:
    """Return values of a number option that are not in its range, or not numbers."""
    option = OPTIONS[dest]
    assert option.minimum is not None and option.maximum is not None
    return [
        str(option.minimum - 1),
        str(option.maximum + 1),
        "99999999999999999999",
        "9" * 5000,  # more digits than int() reads
        "-1",
        "abc",
        "",
        "1e3",
        "²",
    ]


CASES = [(dest, value) for dest in NUMBERS for value in _outside(dest)]


@pytest.mark.parametrize(("dest", "value"), CASES)
def test_outside_the_range_is_a_usage_error_that_names_it(
    dest: str, value: str, collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    option = OPTIONS[dest]
    argv = [*_line(dest, collection), option.names[0], value]
    assert fast_parse(argv) is None  # the fast path leaves it to Click's usage error
    assert main(argv) == 2
    fast = capfd.readouterr()
    assert run_typer(argv) == 2
    typer = capfd.readouterr()
    assert fast == typer  # the same message, whichever way in
    assert fast.out == ""
    assert option.names[0] in fast.err
    assert option.range_words() in fast.err
    assert "Traceback" not in fast.err


@pytest.mark.parametrize("dest", NUMBERS)
def test_both_ends_of_the_range_are_taken(
    dest: str, collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    option = OPTIONS[dest]
    for value in (option.minimum, option.maximum):
        argv = [*_line(dest, collection), option.names[-1], str(value)]
        parsed = fast_parse(argv)
        assert parsed is not None and parsed[1][dest] == value
        assert main(argv) == TAKEN.get(dest, 0)
        fast = capfd.readouterr()
        assert run_typer(argv) == TAKEN.get(dest, 0)
        assert capfd.readouterr().out == fast.out


def test_huge_limit_and_width_are_usage_errors_not_tracebacks(
    collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Were OverflowError from SQLite's LIMIT and from Rich's padding.
    huge = "99999999999999999999"
    assert main(["search", "zoster", "--dir", str(collection), "--limit", huge]) == 2
    assert capfd.readouterr().err.endswith(
        "Error: Invalid value for '--limit' / '-n': '99999999999999999999' is not a whole "
        "number from 1 to 10,000,000.\n"
    )
    assert main(["alphacillin", "--dir", str(collection), "--width", huge, "-f", "rich"]) == 2
    assert "from 20 to 1,000" in capfd.readouterr().err


def _dests(command: str) -> set[str]:
    """Return the options a command takes, by name."""
    return {option.dest for option in COMMANDS[command].options}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_shows_each_range(command: str, capfd: pytest.CaptureFixture[str]) -> None:
    assert run_typer([command, "--help"]) == 0
    out = capfd.readouterr().out
    for dest in NUMBERS:
        option = OPTIONS[dest]
        shown = f"{option.minimum}<=x<={option.maximum}"
        assert (shown in out) == (dest in _dests(command)), (command, dest)


@pytest.mark.parametrize(("dest", "value"), [("limit", 0), ("limit", 10**20), ("width", 10**20)])
def test_execute_refuses_a_number_out_of_range_too(
    dest: str, value: int, collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Whatever calls it: the parsers refuse these first, but no path may reach SQLite or Rich.
    command = "search" if dest == "limit" else "show"
    values = COMMANDS[command].defaults()
    values.update({"dirs": [str(collection)], "fmt": "rich", dest: value})
    values.update({"query": "zoster"} if command == "search" else {"name": "alphacillin"})
    assert execute(command, values) == 2
    err = capfd.readouterr().err
    assert f"--{dest} is {OPTIONS[dest].range_words()}, not {value}" in err


def _widest(text: str) -> int:
    """Return the widest line of a view, escapes left out."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", text)
    return max(len(line) for line in plain.splitlines())


@pytest.mark.parametrize(("columns", "width"), [("99999999999999999999", 1000), ("1200", 1000)])
def test_a_huge_columns_draws_the_widest_view(
    columns: str,
    width: int,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["alphacillin", "--dir", str(collection), "--format", "rich"]) == 0
    assert _widest(capfd.readouterr().out) == width


@pytest.mark.parametrize("columns", ["0", "1", "19"])
def test_a_tiny_columns_draws_the_narrowest_view_whole(
    columns: str,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # COLUMNS=0 made Rich draw nothing at all, exit 0; 1 drew only the corners.
    monkeypatch.setenv("COLUMNS", columns)
    assert main(["alphacillin", "dose", "--dir", str(collection), "--format", "rich"]) == 0
    out = capfd.readouterr().out
    assert _widest(out) == 20
    assert "mg" in out


@pytest.mark.parametrize("name", ["COLUMNS", "LINES"])
@pytest.mark.parametrize("value", ["²", "9" * 5000])
def test_a_size_rich_cannot_read_is_a_usage_error(
    name: str,
    value: str,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # Rich reads any str.isdigit() value with int(): ValueError wherever a console is made.
    monkeypatch.setenv(name, value)
    assert main(["alphacillin", "dose", "--dir", str(collection), "--format", "rich"]) == 2
    err = capfd.readouterr().err
    assert err.startswith(f"Error: {name} is '{value[:20]}")
    assert "not a number of" in err


@pytest.mark.parametrize("value", ["abc", "", " 80", "-5"])
def test_a_size_rich_ignores_is_ignored(
    value: str,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("COLUMNS", value)
    assert main(["alphacillin", "dose", "--dir", str(collection), "--format", "rich"]) == 0
    assert _widest(capfd.readouterr().out) == 80  # not a terminal: Rich's 80


@pytest.mark.parametrize("width", ["20", "40"])
@pytest.mark.parametrize(
    "argv",
    [
        ["alphacillin", "side-effects", "faq"],
        ["compare", "alphacillin", "betazol"],
        ["gammadine-deltamol"],
        ["list"],
    ],
)
def test_the_narrowest_views_cut_no_word(
    argv: list[str], width: str, collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Table cells were cut with an ellipsis ("Comm…" for Common at 40 columns): folded now.
    args = [*argv, "--dir", str(collection), "--format", "rich", "--no-color", "--width", width]
    assert main(args) == 0
    out = capfd.readouterr().out
    assert _widest(out) == int(width)
    assert "…" not in out  # the fixtures have none of their own
