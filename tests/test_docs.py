"""The README documents every command, and every command has help."""

from __future__ import annotations

from pathlib import Path

import pytest

from medinfo.cli import app

README = (Path(__file__).parent.parent / "README.md").read_text()
COMMANDS = sorted(command.name or command.callback.__name__ for command in app.registered_commands)


def test_commands_are_known() -> None:
    assert COMMANDS == [
        "check",
        "compare",
        "diff",
        "export",
        "fetch",
        "index",
        "interactions",
        "list",
        "search",
        "sections",
        "show",
        "update",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_in_the_readme(command: str) -> None:
    assert f"medinfo {command}" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and len(result.stdout) > 100


def test_quickstart_commands_are_the_ci_commands() -> None:
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text()
    assert "pip install '.[test]' && ruff check . && mypy && python -m pytest" in README
    assert "pip install '.[test]' && ruff check . && mypy && python -m pytest" in ci


def test_readme_python_example_runs(tmp_path: Path) -> None:
    import re
    import subprocess
    import sys

    block = re.search(r"```python\n(.*?)```", README, re.S)
    assert block is not None
    env = {"MEDINFO_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", block[1]],
        cwd=Path(__file__).parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Saphnelo" in result.stdout and "Anifrolumab" in result.stdout


def test_every_check_rule_is_in_the_readme() -> None:
    from medinfo.rules import RULES

    for rule in RULES.values():
        assert f"| `{rule.id}` | {rule.name} | {rule.severity} |" in README
