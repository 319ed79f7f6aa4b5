"""Every option of the spec, with any value: no traceback, a documented exit code, one answer.

Command lines are made from medinfo.spec itself (every command, every option, an
option of another command, values valid, at the edges, out of range, huge,
negative, not numbers, empty, unicode, control characters; an option repeated or
left without its value), and run in-process against the fixture collection.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medinfo.cli import run_typer
from medinfo.entry import fast_parse, main
from medinfo.render import COLORS, FORMATS
from medinfo.spec import COMMANDS, OPTIONS, Option

# What a command does: found, not found, usage error (DESIGN.md, exit status), and 3
# when fetch finds no DailyMed (every test points MEDINFO_DAILYMED_URL at a closed
# port); 130 and 141 are for signals, which none of these runs receives.
EXIT_CODES = {0, 1, 2, 3}

# Words no value can do without: empty, blank, dashes, markup, escapes, a bidi
# override, a byte that is not UTF-8 (as Python passes it from argv), format codes.
HOSTILE = [
    "",
    " ",
    "-",
    "--",
    "-x",
    "--json",
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x9b31m",
    "\u202eevil",
    "\udcff",
    "é",
    "[red]x[/red]",
    ":pill:",
    "%s{}",
    "a\nb",
    "\t",
]
# Any text a command line can carry: no NUL, which argv cannot hold, and no "/",
# so that a value taken as a path stays inside the test's own directory.
TEXT = st.text(st.characters(blacklist_characters="\x00/"), max_size=8)

# What is never written to a terminal: C0 and C1 controls but tab and newline, bidi
# overrides.
CONTROL = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]")

# The arguments each command needs, to reach its options.
ARGUMENTS = {
    "show": ["alphacillin", "dose"],
    "search": ["zoster"],
    "list": [],
    "compare": ["alphacillin", "betazol"],
    "interactions": ["alphacillin"],
    "diff": ["alphacillin", "betazol"],
    "sections": [],
    "export": [],
    "check": [],
    "index": [],
    "fetch": ["alphacillin"],
    "update": [],
}


def numbers(option: Option) -> st.SearchStrategy[str]:
    """Return values of a number option: in range, at its ends and beyond, and not numbers."""
    low = option.minimum if option.minimum is not None else 0
    high = option.maximum if option.maximum is not None else 10**6
    return st.one_of(
        st.integers(low, min(high, low + 200)).map(str),
        st.sampled_from([low - 1, low, high, high + 1, 2**63, 2**64, 10**20, -(10**20)]).map(str),
        st.integers(max_value=-1).map(str),
        st.sampled_from(["9" * 5000, "٣٠", "²", "1e3", "0x10", "1_000", "+25", " 25 ", "nan"]),
        st.sampled_from(HOSTILE),
        TEXT,
    )


def strings(option: Option, collection: Path) -> st.SearchStrategy[str]:
    """Return values of a text option: what it means to take, and anything else."""
    known: dict[str, list[str]] = {
        "dirs": [str(collection), "missing", ".", str(collection / "alphacillin.md")],
        "fmt": [*FORMATS, "html", "JSON"],
        "color": [*COLORS, "yes"],
        "html": ["-", "out.html", "missing/out.html", "."],
        "svg": ["-", "out.svg", "."],
        "section": ["faq", "dose", "side-effects", "pregnancy", "bogus"],
        "missing": ["faq", "dosage", "renal", "bogus"],
        "labeler": ["Acme", "zz"],
        "route": ["oral", "eye", "zz"],
        "form": ["tablet", "zz"],
        "select": ["MI3", "MI301", "no-sections", "MI999"],
        "ignore": ["MI3", "no-sections", "MI999"],
        "into": [".", "labels", "missing/labels", str(collection / "alphacillin.md")],
    }
    return st.one_of(st.sampled_from(known[option.dest]), st.sampled_from(HOSTILE), TEXT)


@st.composite
def command_lines(draw: st.DrawFn, collection: Path) -> list[str]:
    """Return a command line of one command of the spec, with options of any kind."""
    name = draw(st.sampled_from(sorted(COMMANDS)))
    command = COMMANDS[name]
    own = [option.dest for option in command.options]
    # Mostly its own options; now and then another command's, which is a usage error.
    dests = draw(st.lists(st.sampled_from(own or sorted(OPTIONS)), max_size=4))
    if draw(st.integers(0, 9)) == 0:
        dests.append(draw(st.sampled_from(sorted(OPTIONS))))
    words: list[str] = []
    for dest in dests:
        option = OPTIONS[dest]
        spelling = draw(st.sampled_from(option.names))
        if option.is_flag:
            words += [spelling] if draw(st.integers(0, 9)) else [f"{spelling}=yes"]
            continue
        value = draw(numbers(option) if option.type is int else strings(option, collection))
        form = draw(st.sampled_from(["apart", "apart", "apart", "equals", "alone", "joined"]))
        if form == "equals":
            words.append(f"{spelling}={value}")
        elif form == "joined":  # -n5, as Click reads a short name; --limit5 is no option
            words.append(f"{spelling}{value}")
        elif form == "alone":  # no value: the next word, if any, is taken for it
            words.append(spelling)
        else:
            words += [spelling, value]
    arguments = list(ARGUMENTS[name])
    if name == "show" and draw(st.booleans()):
        arguments = ["-"]  # names from standard input
    if arguments and draw(st.integers(0, 4)) == 0:  # an argument of any text too
        arguments[draw(st.integers(0, len(arguments) - 1))] = draw(
            st.one_of(st.sampled_from(HOSTILE), TEXT)
        )
    before = draw(st.booleans())
    line = [*words, *arguments] if before else [*arguments, *words]
    if draw(st.integers(0, 9)) == 0:  # the end of options, somewhere
        line.insert(draw(st.integers(0, len(line))), "--")
    if "dirs" in own:
        line += ["--dir", str(collection)]
    if name == "show" and draw(st.booleans()):
        return line  # `medinfo NAME ...`, the bare form
    if draw(st.integers(0, 4)) == 0:  # options before the command: `medinfo --json list`
        return [*words, name, *arguments, *line[len(words) + len(arguments) :]]
    return [name, *line]


# Numbers read from the environment, and values for them.
ENVIRONMENT = ["COLUMNS", "LINES", "MEDINFO_MAX_FILE_KB", "MEDINFO_MAX_LABEL_KB"]
SETTINGS = st.one_of(
    st.sampled_from(["0", "1", "19", "20", "80", "1000", "1001", "-5", " 80", "1e3", "²", "٣٠"]),
    st.sampled_from(["99999999999999999999", "9" * 5000, "1000000000", "1000000001"]),
    st.sampled_from(HOSTILE),
    TEXT,
)


def run(argv: list[str], how: str, capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run a command line by main (fast path first) or by Typer; return code, stdout, stderr."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO("alphacillin\nnosuchdrug\n"))
        code = main(argv) if how == "main" else run_typer(argv)
    out, err = capfd.readouterr()
    return code, out, err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty directory of the test's own: `--dir .` and handout files land there."""
    where = tmp_path / "work"
    where.mkdir()
    monkeypatch.chdir(where)
    return where


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_option_with_any_value(
    data: st.DataObject, collection: Path, workdir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    argv = data.draw(command_lines(collection), label="argv")
    environment = data.draw(
        st.dictionaries(st.sampled_from(ENVIRONMENT), SETTINGS, max_size=2), label="environment"
    )
    with pytest.MonkeyPatch.context() as patch:
        for name, value in environment.items():
            patch.setenv(name, value)
        check(argv, capfd)


def check(argv: list[str], capfd: pytest.CaptureFixture[str]) -> None:
    """Run a command line both ways, and check what the contract promises of any."""
    code, out, err = run(argv, "main", capfd)  # an exception here is the failure
    assert code in EXIT_CODES, (code, err)
    assert "Traceback" not in err
    assert not CONTROL.search(err), err  # messages are cleaned, like all text shown
    if code == 2:  # a usage error: said on stderr, nothing on stdout
        assert "Error" in err
        assert out == ""
    if fast_parse(argv) is not None:  # the fast path answered: Typer must answer the same
        assert run(argv, "typer", capfd)[::2] == (code, err)


# What the property test found, each kept as an example of its own.


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "zoster", "\x1b]0;title\x07"],  # an extra argument, quoted by Click
        ["alphacillin", "--\x1b[2Jx"],  # an unknown option
        ["search", "zoster", "--limit", "\x9b31m"],  # a value that is no number
    ],
)
def test_usage_errors_quote_the_command_line_cleaned(
    argv: list[str], collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*argv, "--dir", str(collection)], "main", capfd)
    assert code == 2 and out == ""
    assert "Error:" in err
    assert not CONTROL.search(err), err


def test_the_handout_note_names_its_file_cleaned(
    collection: Path, workdir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    name = "\x1b[2Jhandout.html"
    code, _, err = run(["alphacillin", "--dir", str(collection), "--html", name], "main", capfd)
    assert code == 0
    assert (workdir / name).exists()  # the file has the name asked for
    assert err == "wrote HTML handout: [2Jhandout.html\n"  # the escape character gone


@pytest.mark.parametrize(
    "argv",
    [
        ["alphacillin", "--labeler", "caf\udce9"],
        ["search", "\udcff"],
        ["list", "--route", "\udcff"],
        ["list", "amox\udcff"],
    ],
)
def test_a_word_that_is_not_utf8_is_a_usage_error(
    argv: list[str], collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # As Python passes `medinfo search $'\xff'`: was UnicodeEncodeError from SQLite.
    code, out, err = run([*argv, "--dir", str(collection)], "main", capfd)
    assert (code, out) == (2, "")
    assert "is not UTF-8 text" in err


def test_a_directory_that_is_not_utf8_is_still_a_directory(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    odd = tmp_path / "caf\udce9"  # a real file name of bytes that are not UTF-8
    odd.mkdir()
    (odd / "alphacillin.md").write_text("# Alphacillin\n\n### Usage\n\nFor tests.\n")
    code, out, _ = run(["alphacillin", "usage", "--dir", str(odd)], "main", capfd)
    assert code == 0 and "For tests." in out


@pytest.mark.parametrize("name", ["MEDINFO_MAX_FILE_KB", "MEDINFO_MAX_LABEL_KB"])
@pytest.mark.parametrize("value", ["²", "9" * 5000, "1000000001", "0"])
def test_a_size_limit_out_of_its_range_is_a_usage_error(
    name: str,
    value: str,
    collection: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    # "²" and 5,000 digits were ValueError from int().
    monkeypatch.setenv(name, value)
    code, out, err = run(["alphacillin", "--dir", str(collection)], "main", capfd)
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {name} is '{value[:20]}")
    assert "not a whole number of kilobytes from 1 to 1,000,000,000" in err


def test_a_size_limit_at_the_top_of_its_range_is_taken(
    collection: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MEDINFO_MAX_FILE_KB", "1000000000")
    assert run(["alphacillin", "--dir", str(collection)], "main", capfd)[0] == 0
