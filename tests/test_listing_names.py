"""`list PATTERN` reads only the monographs that may hold the pattern, and lists what it did."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medinfo.library import Library
from medinfo.text import fold, fold_lines

MONOGRAPHS = {
    # path: (title, aliases)
    "duo.md": ("Duocol", ["Ab", "Cd"]),  # "bc" only where two aliases run together
    "cafe/latte.md": ("Lattex®", ["Café Noir", "Straße"]),
    "cafe/mocha.md": ("Mochaline", []),
    "plain/umlaut.md": ("Überdose", ['Quoted "Alias"']),
    "plain/x_y.md": ("Xylo-Ymer", ["日本 Tab"]),
    "plain/zeta.md": ("Zeta 20 mg", ["ZETA/20"]),
    # Others, so that a pattern holds fewer than half of them: only those are read.
    **{f"more/other{n}.md": (f"Other {n}", [f"Kin {n}"]) for n in range(8)},
}


def _write(folder: Path, monographs: dict[str, tuple[str, list[str]]]) -> None:
    """Write minimal Markdown monographs of these titles and aliases."""
    for rel, (title, aliases) in monographs.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        front = "".join(f"  - {json.dumps(alias, ensure_ascii=False)}\n" for alias in aliases)
        front = f"aliases:\n{front}" if aliases else ""
        path.write_text(
            f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n{front}---\n\n# {title}\n"
            "### Usage\nFor tests.\n",
            encoding="utf-8",
        )


def _listed(run, *args: str) -> list[tuple[str, str]]:
    """Return (name, path) of each entry `medinfo list ... --json` gives, in its order."""
    result = run("list", *args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return [(e["name"], e["path"]) for e in json.loads(result.stdout or "[]")]


def _expected(run, dirs: list[str], pattern: str) -> list[tuple[str, str]]:
    """Return the entries of the whole listing whose name, path or an alias holds pattern."""
    result = run("list", *dirs, "--json")
    needle = fold(pattern)
    return [
        (e["name"], e["path"])
        for e in json.loads(result.stdout)
        if any(needle in fold(text) for text in (e["name"], e["path"], *e["aliases"]))
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        "bc",
        "AB",
        "cafe",
        "CAFÉ",
        "strasse",
        "lattex",
        "latte",
        "mocha",
        "umlaut",
        "uber",
        "back",
        "slash",
        "x_y",
        "xy",
        "日本",
        "zeta20",
        "20",
        "md",
        "o",
        "Über-dose",
        "nothing",
    ],
)
def test_a_pattern_lists_what_the_whole_listing_holds(run, tmp_path: Path, pattern: str) -> None:
    folder = tmp_path / "monographs"
    _write(folder, MONOGRAPHS)
    dirs = ["--dir", str(folder)]
    assert _listed(run, pattern, *dirs) == _expected(run, dirs, pattern)


def test_aliases_run_together_and_escapes_find_nothing_more(run, tmp_path: Path) -> None:
    folder = tmp_path / "monographs"
    _write(folder, MONOGRAPHS)
    assert _listed(run, "bc", "--dir", str(folder)) == []  # "Ab", "Cd": no alias holds it
    assert [n for n, _ in _listed(run, "cafe", "--dir", str(folder))] == ["Lattex®", "Mochaline"]
    assert _listed(run, "kin3", "--dir", str(folder)) == [("Other 3", "more/other3.md")]


def test_an_escaped_control_character_in_an_alias_reads_every_monograph(
    tmp_path: Path, isolated: Path
) -> None:
    # Readers leave no control character in an alias; were one there, the index's JSON
    # would escape it ("\\t": a t between two letters) and the folded text mislead.
    folder = tmp_path / "monographs"
    _write(folder, MONOGRAPHS)
    store = Library([str(folder)], isolated).open().index.store
    assert store.holding("kin3") is not None
    store.conn.execute("UPDATE docs SET aliases = ? WHERE name = 'Mochaline'", ('["Tab\\tbed"]',))
    assert store.holding("kin3") is None  # the caller reads them all


def test_a_name_in_an_earlier_directory_hides_the_later_ones(run, tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, {"mocha.md": ("Mochaline", ["Early"])})
    _write(second, MONOGRAPHS)
    dirs = ["--dir", str(first), "--dir", str(second)]
    for pattern in ("mocha", "early", "cafe"):
        assert _listed(run, pattern, *dirs) == _expected(run, dirs, pattern)
    assert [p for _, p in _listed(run, "mocha", *dirs)] == ["mocha.md"]


def test_fold_lines_folds_each_line_as_fold_does() -> None:
    lines = [
        "Naprelan®",
        "Café au Lait",
        "ÆSTHETIC Straße",
        "日本語 Tab_x",
        "a-b/c.d:e",
        "",
        "\uff26\uff55\uff4c\uff4c",  # fullwidth
        "İstanbul",
        "x\u0301y",
        "ﬁne",
        "½ tab",
        '["A b", "C"]',
    ]
    assert fold_lines("\n".join(lines)) == "\n".join(fold(line) for line in lines).encode()
