"""Shared fixtures: an isolated cache and environment, fixture collections, a CLI runner."""

from __future__ import annotations

import io
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import settings
from rich.console import Console, RenderableType
from typer.testing import CliRunner

from medinfo.cli import app

# Every property test runs the same examples on every run and machine: CI must never
# meet a new one by chance. (The examples also depend on Hypothesis's version, which
# pyproject.toml pins for that reason.)
settings.register_profile("medinfo", derandomize=True, database=None)
settings.load_profile("medinfo")

FIXTURES = Path(__file__).parent / "fixtures"
# The sections of fixtures/collection/alphacillin.md, in file order.
ALPHACILLIN_KEYS = [
    "generic_name",
    "usage",
    "dosage",
    "side_effects",
    "how_it_works",
    "precautions",
    "faqs",
    "disclaimer",
]


def console(width: int, mode: str) -> Console:
    """Return a console writing to memory: a pipe ("plain"), truecolour, or NO_COLOR."""
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=mode != "plain",
        color_system="truecolor" if mode != "plain" else None,
        no_color=mode == "no_color",
        highlight=False,
        emoji=False,
        markup=False,
    )


def printed(renderable: RenderableType, width: int, mode: str) -> str:
    """Return what a console of that width and colour mode prints for a renderable."""
    out = console(width, mode)
    out.print(renderable)
    assert isinstance(out.file, io.StringIO)
    return out.file.getvalue()


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the cache at a temporary directory and clear what the terminal may set."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("MEDINFO_CACHE_DIR", str(cache))
    # PYTHONUNBUFFERED too: programs started by the tests must buffer their output
    # as they do for users, or failures at the final flush go untested.
    for name in (
        "MEDINFO_PATH",
        "NO_COLOR",
        "FORCE_COLOR",
        "COLUMNS",
        "LINES",
        "XDG_CACHE_HOME",
        "PYTHONUNBUFFERED",
        "MEDINFO_PAGER",
        "PAGER",
        "LESS",
        # A developer's proxy would stand between the tests and their loopback server.
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "http_proxy",
        "https_proxy",
        "NO_PROXY",
        "no_proxy",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    # No developer's own fetched labels on the default path, and no test ever asks the
    # real DailyMed: the address is a loopback port nothing listens on.
    monkeypatch.setenv("MEDINFO_DATA_DIR", str(tmp_path / "no-fetched-labels"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    monkeypatch.setenv("MEDINFO_DAILYMED_URL", f"http://127.0.0.1:{closed}/dailymed")
    return cache


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    """Return a private copy of the fixture collection, free to modify."""
    target = tmp_path / "collection"
    shutil.copytree(FIXTURES / "collection", target)
    return target


@pytest.fixture
def local(tmp_path: Path) -> Path:
    """Return a private copy of the local-override collection."""
    target = tmp_path / "local"
    shutil.copytree(FIXTURES / "local", target)
    return target


class Run:
    """Invoke the real command line and keep stdout, stderr and the exit code apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict[str, str] | None = None, input: str | None = None):
        """Run medinfo with args; a crash fails the test instead of hiding in a result."""
        result = self.runner.invoke(app, list(args), env=env, input=input, catch_exceptions=True)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result


@pytest.fixture
def run() -> Run:
    """Return a function that runs medinfo's command line."""
    return Run()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-golden, which rewrites tests/golden/ from the current output."""
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="write the expected outputs of tests/golden/ anew (after an intended change)",
    )
