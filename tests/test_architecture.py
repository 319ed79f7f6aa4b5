"""The layout keeps its promises: imports flow one way, SQL in one module, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import medinfo

SRC = Path(medinfo.__file__).parent
MODULES = sorted(SRC.rglob("*.py"))
SQL = re.compile(r"\b(SELECT|INSERT|DELETE|UPDATE|CREATE|PRAGMA|BEGIN|COMMIT|ROLLBACK)\b")


def module_name(path: Path) -> str:
    """Return the dotted name of a source file."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Return every module a source file imports, at its top or inside functions."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def strings(path: Path) -> list[str]:
    """Return the string constants of a source file, docstrings and comments excluded."""
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_is_long(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 450


def test_sql_lives_in_the_store_only() -> None:
    holders = {module_name(path) for path in MODULES if any(SQL.search(s) for s in strings(path))}
    assert holders == {"medinfo.index.store"}


@pytest.mark.parametrize("path", sorted((SRC / "render").glob("*.py")), ids=module_name)
def test_renderers_reach_neither_the_index_nor_the_library(path: Path) -> None:
    reached = imports(path)
    assert not {m for m in reached if m.split(".")[0] == "sqlite3"}
    assert not {m for m in reached if m.startswith(("medinfo.index", "medinfo.library"))}


def test_imports_have_no_circle() -> None:
    graph = {module_name(path): imports(path) for path in MODULES}
    names = set(graph)
    edges = {
        name: {target for target in graph[name] if target in names and target != name}
        for name in names
    }
    # A package imports its own parts (medinfo.index -> medinfo.index.store): not a circle.
    for name in names:
        edges[name] = {t for t in edges[name] if not t.startswith(name + ".")}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for target in edges[start]:
            if target == goal or (target not in seen and reaches(target, goal, seen | {target})):
                return True
        return False

    circles = sorted(name for name in names if reaches(name, name, {name}))
    assert circles == []


def test_the_core_never_imports_the_command_line() -> None:
    command_line = ("medinfo.cli", "medinfo.entry", "typer", "click")
    for path in MODULES:
        if module_name(path) in ("medinfo.cli", "medinfo.entry", "medinfo.__main__"):
            continue
        assert not {m for m in imports(path) if m.startswith(command_line)}, path.name
