"""The layout keeps its promises: imports flow one way, SQL in one module, small modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import medinfo

SRC = Path(medinfo.__file__).parent
MODULES = sorted(SRC.rglob("*.py"))
SQL = re.compile(
    r"\bSELECT\b.+\bFROM\b|\bINSERT\s+(OR\s+\w+\s+)?INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b"
    r"|\bCREATE\s+(VIRTUAL\s+)?(TABLE|INDEX)\b|\bPRAGMA\s+\w+|^\s*(BEGIN|COMMIT|ROLLBACK)\b",
    re.I | re.S,
)


def module_name(path: Path) -> str:
    """Return the dotted name of a source file."""
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, for_types: bool = True) -> set[str]:
    """Return every module a source file imports, at its top or inside functions.

    Without for_types, imports made only for type checkers (under TYPE_CHECKING),
    which never run, are left out.
    """
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if (
            not for_types
            and isinstance(node, ast.If)
            and isinstance(node.test, ast.Name)
            and node.test.id == "TYPE_CHECKING"
        ):
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text()))
    return found


def strings(path: Path) -> list[str]:
    """Return the string constants of a source file, docstrings excluded.

    An f-string counts as one string, its fields as "{}", so "SELECT {x} FROM t" is
    seen whole.
    """
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    parts = {
        id(value)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for value in node.values
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            found.append(
                "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings | parts
        ):
            found.append(node.value)
    return found


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_no_module_is_long(path: Path) -> None:
    assert len(path.read_text().splitlines()) <= 450


def test_sql_lives_in_the_store_only() -> None:
    holders = {module_name(path) for path in MODULES if any(SQL.search(s) for s in strings(path))}
    # One package: the schema, the writes (with the file's life), the reads, check's and
    # the ranking of a label's versions.
    parts = ("", ".schema", ".reads", ".checks", ".versions")
    store = {f"medinfo.index.store{part}" for part in parts}
    assert holders == store


GRAPH = {module_name(path): imports(path) for path in MODULES}
RUNTIME = {module_name(path): imports(path, for_types=False) for path in MODULES}


def edges(name: str, graph: dict[str, set[str]]) -> set[str]:
    """Return the medinfo modules a module imports (a name imported from one counts as it).

    The front door `medinfo` is not a floor of the house: `from medinfo import x` is an
    import of medinfo.x. Nor is a module's own package (medinfo.render for
    medinfo.render.plain), which Python loads before any module inside it.
    """
    found = set()
    for target in graph[name]:
        front, _, public = target.partition(".")
        if front == "medinfo" and public in medinfo._HOMES:  # from medinfo import Library
            target = medinfo._HOMES[public]
        while target and target not in graph:
            target = target.rpartition(".")[0]  # "medinfo.model.Entry" -> "medinfo.model"
        if target and target not in (name, "medinfo") and not name.startswith(target + "."):
            found.add(target)
    return found


def reachable(name: str, graph: dict[str, set[str]] = GRAPH) -> set[str]:
    """Return every medinfo module a module imports, directly or through others."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        for target in edges(pending.pop(), graph):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


@pytest.mark.parametrize(
    "path", [*sorted((SRC / "render").glob("*.py")), SRC / "handout.py"], ids=module_name
)
def test_renderers_reach_neither_the_index_nor_the_library(path: Path) -> None:
    name = module_name(path)
    reached = reachable(name) | {name}
    outside = {m for module in reached for m in GRAPH[module] if not m.startswith("medinfo")}
    assert not {m for m in outside if m.split(".")[0] == "sqlite3"}
    assert not {m for m in reached if m.startswith(("medinfo.index", "medinfo.library"))}


def test_imports_have_no_circle() -> None:
    circles = sorted(name for name in RUNTIME if name in reachable(name, RUNTIME))
    assert circles == []


def test_the_core_never_imports_the_command_line() -> None:
    command_line = ("medinfo.cli", "medinfo.entry", "typer", "click")
    for path in MODULES:
        if module_name(path) in ("medinfo.cli", "medinfo.entry", "medinfo.__main__"):
            continue
        assert not {m for m in imports(path) if m.startswith(command_line)}, path.name


PRIVATE_RICH = re.compile(r"rich\._|\._title\b|_collapse_widths|set_shape|\bBox\.substitute")


@pytest.mark.parametrize("path", MODULES, ids=module_name)
def test_rich_is_used_by_its_public_api_only(path: Path) -> None:
    # A private name of Rich can change in any release; the view must not lean on one.
    assert not PRIVATE_RICH.findall(path.read_text(encoding="utf-8"))


def test_the_renderers_hold_no_copy_of_another_library() -> None:
    # Rich draws the view and markdown-it-py parses Markdown: what is left is small.
    lines = sum(len(path.read_text().splitlines()) for path in (SRC / "render").glob("*.py"))
    # 1,600 until diff's views (rich, plain, JSON, Markdown); their text forms live in
    # medinfo.changes, and markdown re-uses plain's views where it has none of its own.
    assert lines <= 1610
