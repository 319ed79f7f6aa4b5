"""The terminal view: width, colour, the pager and handouts, on real pseudo-terminals."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import shutil
import struct
import subprocess
import sys
import termios
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from medinfo.errors import MedinfoError
from medinfo.render import color_choice

ESCAPE = re.compile(rb"\x1b\[[0-9;]*m")
COLOUR = re.compile(rb"\x1b\[(?:[0-9;]*;)?(?:3[0-9]|38;[25]);?[0-9;]*m")


def medinfo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run medinfo in a pipe."""
    return subprocess.run(
        [sys.executable, "-m", "medinfo", *args],
        capture_output=True,
        text=True,
        env=env or dict(os.environ),
        timeout=60,
    )


def on_terminal(
    command: list[str],
    env: dict[str, str],
    rows: int = 24,
    columns: int = 100,
    keys: bytes = b"",
) -> bytes:
    """Run a command on a pseudo-terminal of a given size; return what it showed.

    keys are typed once the output has stopped for a moment (a pager waiting).
    """
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal's size, then the command
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        os.execvpe(command[0], command, env)
    shown = b""
    deadline = time.monotonic() + 60
    typed = not keys
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            if not typed:
                os.write(fd, keys)
                typed = True
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the command ended: the terminal is gone
            break
        if not chunk:
            break
        shown += chunk
    os.waitpid(pid, 0)
    os.close(fd)
    return shown


def python_medinfo(*args: str) -> list[str]:
    """Return the command line that runs medinfo with this Python."""
    return [sys.executable, "-m", "medinfo", *args]


# -- colour --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("no_color", "color", "environment", "expected"),
    [
        (False, None, {}, "auto"),
        (True, None, {"FORCE_COLOR": "1"}, "never"),  # the command line first
        (False, "always", {"NO_COLOR": "1"}, "always"),
        (False, "never", {"FORCE_COLOR": "1"}, "never"),
        (False, None, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, "never"),  # then NO_COLOR
        (False, None, {"NO_COLOR": ""}, "auto"),  # set but empty: not set
        (False, None, {"FORCE_COLOR": "1", "TERM": "dumb"}, "always"),  # then FORCE_COLOR
        (False, None, {"TERM": "dumb"}, "never"),
        (False, "auto", {}, "auto"),
    ],
)
def test_colour_follows_one_precedence(
    monkeypatch: pytest.MonkeyPatch,
    no_color: bool,
    color: str | None,
    environment: dict[str, str],
    expected: str,
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert color_choice(no_color, color) == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--no-color", "--color", "always"), "contradict"),
        (("--color", "sometimes"), "unknown colour choice 'sometimes'"),
        (("--pager", "--no-pager"), "contradict"),
        (("--html", "x.html", "--json"), "do not go with --format json"),
        (("--width", "5"), "5"),
    ],
)
def test_conflicting_or_bad_look_options_are_usage_errors(
    collection: Path, args: tuple[str, ...], message: str
) -> None:
    result = medinfo("show", "alphacillin", "--dir", str(collection), *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_color_always_and_never_in_a_pipe(collection: Path) -> None:
    look = ("show", "alphacillin", "dose", "--dir", str(collection), "--format", "rich")
    always = medinfo(*look, "--color", "always").stdout.encode()
    assert COLOUR.search(always)
    never = medinfo(*look, "--color", "never", env={**os.environ, "FORCE_COLOR": "1"})
    assert not COLOUR.search(never.stdout.encode())
    env = {**os.environ, "FORCE_COLOR": "1"}
    assert COLOUR.search(medinfo(*look, env=env).stdout.encode())
    env = {**os.environ, "FORCE_COLOR": "1", "NO_COLOR": "1"}
    assert not COLOUR.search(medinfo(*look, env=env).stdout.encode())


def test_colour_on_a_terminal_and_not_with_no_color_or_dumb(collection: Path) -> None:
    look = python_medinfo("show", "alphacillin", "dose", "--dir", str(collection))
    assert COLOUR.search(on_terminal(look, dict(os.environ)))
    assert not COLOUR.search(on_terminal([*look, "--no-color"], dict(os.environ)))
    assert not COLOUR.search(on_terminal(look, {**os.environ, "NO_COLOR": "1"}))
    dumb = on_terminal(look, {**os.environ, "TERM": "dumb"})
    assert not ESCAPE.search(dumb) and b"## Dosage" in dumb  # plain text, as in a pipe


def test_width_sets_the_columns_of_the_view(collection: Path) -> None:
    for width in (40, 120):
        result = medinfo(
            "show",
            "alphacillin",
            "--dir",
            str(collection),
            "--format",
            "rich",
            "--width",
            str(width),
        )
        assert result.returncode == 0
        assert max(len(line) for line in result.stdout.splitlines()) == width


# -- the pager -----------------------------------------------------------------


def paged_env(tmp_path: Path, **extra: str) -> tuple[dict[str, str], Path]:
    """Return an environment whose pager records what it is given, and where."""
    record = tmp_path / "paged.txt"
    return {**os.environ, "MEDINFO_PAGER": f"cat > {record}", **extra}, record


def test_a_tall_view_goes_through_the_pager_with_colours(collection: Path, tmp_path: Path) -> None:
    env, record = paged_env(tmp_path)
    on_terminal(python_medinfo("alphacillin", "--dir", str(collection)), env, rows=10)
    paged = record.read_bytes()
    assert b"Alphacillin" in paged and COLOUR.search(paged)


def test_a_view_that_fits_is_not_paged_unless_asked(collection: Path, tmp_path: Path) -> None:
    env, record = paged_env(tmp_path)
    short = python_medinfo("alphacillin", "dose", "--dir", str(collection))
    shown = on_terminal(short, env, rows=40)
    assert not record.exists() and b"Dosage" in shown
    on_terminal([*short, "--pager"], env, rows=40)
    assert b"Dosage" in record.read_bytes()


def test_no_pager_in_a_pipe_or_with_no_pager(collection: Path, tmp_path: Path) -> None:
    env, record = paged_env(tmp_path)
    tall = python_medinfo("alphacillin", "--dir", str(collection))
    shown = on_terminal([*tall, "--no-pager"], env, rows=10)
    assert not record.exists() and b"Alphacillin" in shown
    piped = " ".join(f"'{arg}'" for arg in tall) + " | cat"
    shown = on_terminal(["/bin/sh", "-c", piped], env, rows=10)
    assert not record.exists() and b"Alphacillin" in shown
    env["MEDINFO_PAGER"] = ""  # empty: no pager, as with git
    on_terminal(tall, env, rows=10)
    assert not record.exists()


def test_pager_falls_back_to_pager_and_a_missing_one_loses_nothing(
    collection: Path, tmp_path: Path
) -> None:
    record = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"cat > {record}"}
    tall = python_medinfo("alphacillin", "--dir", str(collection))
    on_terminal(tall, env, rows=10)
    assert b"Alphacillin" in record.read_bytes()
    shown = on_terminal(tall, {**os.environ, "MEDINFO_PAGER": "no-such-pager-here"}, rows=10)
    assert b"Alphacillin" in shown and b"How it Works" in shown


@pytest.mark.skipif(shutil.which("less") is None, reason="less is not installed")
def test_real_less_shows_colours_and_quits_on_q(collection: Path) -> None:
    tall = python_medinfo("alphacillin", "--dir", str(collection))
    shown = on_terminal(tall, dict(os.environ), rows=10, keys=b"q")
    assert b"Alphacillin" in shown and COLOUR.search(shown)
    # A view that fits one screen: less -F prints it and quits without a key.
    started = time.monotonic()
    short = on_terminal(
        python_medinfo("alphacillin", "dose", "--dir", str(collection)), dict(os.environ), rows=40
    )
    assert b"Dosage" in short and time.monotonic() - started < 30


# -- handouts ------------------------------------------------------------------


def test_html_handout_is_standalone_with_title_source_and_disclaimer(tmp_path: Path) -> None:
    target = tmp_path / "anifrolumab.html"
    result = medinfo("show", "anifrolumab", "--html", str(target))
    assert result.returncode == 0 and result.stdout == ""
    assert str(target) in result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<title>Anifrolumab</title>" in page
    assert "300 mg" in page and "<h2>Dosage</h2>" in page
    assert "Source: anifrolumab.md" in page
    assert "For information: it does not" in page
    assert "background: #fff" in page  # light, for printing
    assert "\x1b" not in page and "<pre" not in page


def test_svg_handout_is_valid_svg_and_dash_writes_stdout(tmp_path: Path) -> None:
    result = medinfo("show", "anifrolumab", "dose", "--svg", "-")
    assert result.returncode == 0
    root = ET.fromstring(result.stdout)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "300" in result.stdout
    both = medinfo(
        "anifrolumab", "--svg", str(tmp_path / "a.svg"), "--html", str(tmp_path / "a.html")
    )
    assert both.returncode == 0
    ET.parse(tmp_path / "a.svg")
    assert "<title>" in (tmp_path / "a.html").read_text(encoding="utf-8")


def test_a_hostile_title_stays_text_in_a_handout(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        '---\ntitle: "Evil <script>alert(1)</script> {code}"\n---\n\n'
        "### Dosage\n\n[bold red]1 tablet[/] <b>daily</b>\n",
        encoding="utf-8",
    )
    target = tmp_path / "evil.html"
    result = medinfo("show", "evil", "--dir", str(folder), "--html", str(target))
    assert result.returncode == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "{code}" in page  # braces in a title are not a template's
    assert "[bold red]1 tablet[/]" in page


def test_a_handout_that_cannot_be_written_is_reported(collection: Path, tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "x.html"
    result = medinfo("show", "alphacillin", "--dir", str(collection), "--html", str(target))
    assert result.returncode == 2
    assert str(target) in result.stderr and "Traceback" not in result.stderr


def _chromium() -> str | None:
    """Return a Chromium program if one is installed."""
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.mark.skipif(_chromium() is None, reason="Chromium is not installed")
def test_html_handout_in_a_real_headless_browser(tmp_path: Path) -> None:
    target = tmp_path / "anifrolumab.html"
    assert medinfo("show", "anifrolumab", "--html", str(target)).returncode == 0
    browser = _chromium()
    assert browser is not None
    dom = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", target.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "300 mg" in dom
    for panel in ("Dosage", "Side Effects", "Anifrolumab"):
        assert panel in dom
    shot = tmp_path / "page.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--screenshot={shot}",
            "--window-size=1000,1400",
            target.as_uri(),
        ],
        capture_output=True,
        timeout=120,
    )
    assert shot.stat().st_size > 10_000  # something was drawn


# -- progress --------------------------------------------------------------------


def test_export_to_a_file_from_a_terminal_shows_progress(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medinfo.commands import execute
    from medinfo.render import progress

    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w")
    answer = (tmp_path / "all.jsonl").open("w")
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", answer)
    monkeypatch.setattr(progress, "DELAY", -1.0)  # show at once: the fixture is quick
    assert execute("export", {"dirs": [str(collection)]}) == 0
    terminal.flush()
    answer.close()
    assert b"Exporting monographs" in os.read(master, 65536)
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["name"] for line in lines} >= {"Alphacillin", "Betazol"}
    terminal.close()
    os.close(master)


def test_no_progress_in_a_pipe(collection: Path) -> None:
    result = medinfo("export", "--dir", str(collection))
    assert result.returncode == 0 and result.stderr == ""


def test_unknown_colour_is_a_medinfo_error() -> None:
    with pytest.raises(MedinfoError):
        color_choice(False, "blue")


# -- views drawn from the index's blocks -------------------------------------------

PROBE = (
    "import sys\n"
    "from medinfo.entry import main\n"
    "code = main(sys.argv[1:])\n"
    "parsers = [name for name in ('markdown_it', 'rich.markdown') if name in sys.modules]\n"
    "sys.stderr.write('PARSERS=%s\\n' % ','.join(parsers))\n"
)


def _view(collection: Path, columns: int = 100, redirect: Path | None = None) -> bytes:
    """Show alphacillin on a terminal (stdout into a file when redirect is given)."""
    env = {key: value for key, value in os.environ.items() if key not in ("COLUMNS", "LINES")}
    command = [sys.executable, "-c", PROBE, "--dir", str(collection), "show", "alphacillin"]
    command += ["--no-pager", "--format", "rich"]
    if redirect is not None:
        command = ["/bin/sh", "-c", 'exec "$@" > "$0"', str(redirect), *command]
    return on_terminal(command, env, columns=columns)


def test_a_view_draws_the_blocks_built_with_the_index_without_parsing(collection: Path) -> None:
    _view(collection)  # builds the index, which parses each section once
    shown = _view(collection)
    assert b"Alphacillin" in shown and b"PARSERS=\r\n" in shown


def test_a_view_follows_the_file_and_the_width(collection: Path) -> None:
    _view(collection)
    wide = _view(collection, columns=140)
    assert max(len(line) for line in ESCAPE.sub(b"", wide).splitlines()) > 100
    text = (collection / "alphacillin.md").read_text(encoding="utf-8")
    (collection / "alphacillin.md").write_text(text.replace("500 mg", "750 mg"), encoding="utf-8")
    changed = _view(collection, columns=140)
    assert b"750 mg" in changed and b"500 mg" not in changed


def test_the_width_is_the_terminals_with_stdout_in_a_file(collection: Path, tmp_path: Path) -> None:
    # Rich asks stdin and stderr for the size when stdout is a file: the view in the
    # file is 120 columns wide, and a later one on a 60-column terminal is 60 wide.
    wide, narrow = tmp_path / "wide.txt", tmp_path / "narrow.txt"
    _view(collection, columns=120, redirect=wide)
    assert max(len(line) for line in wide.read_text(encoding="utf-8").splitlines()) == 120
    _view(collection, columns=60, redirect=narrow)
    assert max(len(line) for line in narrow.read_text(encoding="utf-8").splitlines()) == 60
    shown = ESCAPE.sub(b"", _view(collection, columns=60)).decode()
    assert max(len(line) for line in shown.splitlines() if "PARSERS" not in line) == 60


def test_a_comparison_that_opens_a_line_is_not_a_quote(tmp_path: Path) -> None:
    folder = tmp_path / "doses"
    folder.mkdir()
    (folder / "sizol.md").write_text(
        "# Sizol\n\n### Dosage\n* >5 cm: up to 4 mL\n* <1 cm: 0.5 mL\n\n>12 years: 10 mg\n",
        encoding="utf-8",
    )
    shown = medinfo("show", "sizol", "dose", "--dir", str(folder), "--format", "rich").stdout
    assert ">5 cm: up to 4 mL" in shown and ">12 years: 10 mg" in shown
    assert "▌" not in shown  # no block quote bar where the dose says "more than"
