"""Every output format, byte for byte, against the expected files in tests/golden/.

After an intended change of the output, write them anew and review the diff:

    python -m pytest tests/test_golden.py --update-golden && git diff tests/golden
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from medinfo.library import Library
from medinfo.model import Listing
from medinfo.render import Options, Renderer, renderer

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures"
# What the header panel shows instead of the temporary directory of the test.
SHOWN_DIR = "/srv/monographs"

# name, format, colour; "rich-color" is the terminal form with its escape sequences.
FORMATS = {
    "rich": ("rich", False),
    "rich-color": ("rich", True),
    "plain": ("plain", False),
    "json": ("json", False),
    "markdown": ("markdown", False),
}
SUFFIX = {"rich": "txt", "rich-color": "ansi", "plain": "txt", "json": "json", "markdown": "md"}
MONOGRAPHS = ["alphacillin", "betazol", "gamdel", "plainol", "inertol", "zetamol"]


@pytest.fixture
def library(tmp_path: Path) -> Library:
    """Return a library over every fixture monograph, the hostile one included."""
    target = tmp_path / "golden"
    shutil.copytree(FIXTURES / "collection", target)
    shutil.copy(FIXTURES / "hostile" / "inertol.md", target / "inertol.md")
    shutil.copy(FIXTURES / "topics" / "zetamol.md", target / "zetamol.md")
    return Library([str(target)]).open()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fix what Rich reads from the environment: width, height and colour support."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)


def render(kind: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Renderer, Options]:
    """Return the renderer and options of a golden format."""
    fmt, color = FORMATS[kind]
    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    options = Options(fmt, True)
    return renderer(options), options


def check(name: str, output: str, request: pytest.FixtureRequest) -> None:
    """Compare output with its golden file, or write the file when asked to."""
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(output, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path.name}: run with --update-golden"
    expected = path.read_text(encoding="utf-8")
    assert output == expected, f"{path.name} differs; if intended, run with --update-golden"


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("drug", MONOGRAPHS)
@pytest.mark.usefixtures("terminal")
def test_show_whole_monograph(
    drug: str,
    kind: str,
    library: Library,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monograph = library.show(drug)
    monograph.dir = SHOWN_DIR
    out, options = render(kind, monkeypatch)
    out.show(monograph, monograph.sections, True, options)
    check(f"show-{drug}.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.usefixtures("terminal")
def test_show_chosen_sections(
    kind: str,
    library: Library,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monograph = library.show("alphacillin")
    monograph.dir = SHOWN_DIR
    out, options = render(kind, monkeypatch)
    out.show(monograph, monograph.select(["faqs", "dosage"]), False, options)
    check(f"show-alphacillin-faqs-dosage.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.usefixtures("terminal")
def test_show_topics(
    kind: str,
    library: Library,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from medinfo.topics import answer

    monograph = library.show("zetamol")
    monograph.dir = SHOWN_DIR
    chosen, missing = answer(monograph, ["contraindications", "renal", "dosage", "pregnancy"])
    assert missing == []
    out, options = render(kind, monkeypatch)
    out.show(monograph, chosen, False, options)
    check(f"show-zetamol-topics.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.usefixtures("terminal")
def test_compare_and_interactions(
    kind: str,
    library: Library,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from medinfo.answers import Comparison
    from medinfo.topics import answer

    drugs = [library.show(name) for name in ("alphacillin", "zetamol")]
    for monograph in drugs:
        monograph.dir = SHOWN_DIR
    keys = ["dosage", "contraindications", "overdose"]
    answers = [{key: answer(m, [key])[0] for key in keys} for m in drugs]
    out, options = render(kind, monkeypatch)
    out.compare(Comparison(drugs, keys, answers), options)
    check(f"compare.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)
    out.interactions(library.between(drugs), options)
    check(f"interactions.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.usefixtures("terminal")
def test_search_list_and_sections(
    kind: str,
    library: Library,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    out, options = render(kind, monkeypatch)
    out.search("zoster OR itching", library.search("zoster OR itching"), options)
    check(f"search.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)
    entries = library.entries()
    for entry in entries:
        entry.dir = SHOWN_DIR
    out.list_(Listing(lambda: entries), options)
    check(f"list.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)
    from medinfo.commands import Request, sections

    sections_request = Request({"fmt": options.format})
    sections_request._render = out
    sections(sections_request)
    check(f"sections.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.usefixtures("terminal")
def test_diff(
    kind: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    from medinfo.changes import Side, compare
    from medinfo.labeldiff import parts
    from medinfo.readers import read_path

    v4, v5, other = (
        read_path(FIXTURES / "diff" / f"clarivex-{n}.xml") for n in ("v4", "v5", "other")
    )
    files = [f"/srv/labels/{m.metadata['set_id']}.xml" for m in (v4, v5, other)]
    files[0] = f"/srv/labels/.previous/{v4.metadata['set_id']}/4.xml"
    sides = [Side(m, file) for m, file in zip((v4, v5, other), files, strict=True)]
    out, options = render(kind, monkeypatch)
    out.diff(compare(sides[0], sides[1], parts(v4.sections), parts(v5.sections)), options)
    check(f"diff-previous.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)
    out.diff(compare(sides[2], sides[1], parts(other.sections), parts(v5.sections)), options)
    check(f"diff-labels.{kind}.{SUFFIX[kind]}", capsys.readouterr().out, request)


ERRORS = [
    ["show", "alphacilin"],
    ["show", "alphacillin", "dosee"],
    ["show", "betazol", "disclaimer"],
    ["show", "alphacillin", "--format", "html"],
    ["search", 'amox"'],
    ["search", "xylophone"],
    ["list", "--missing", "bogus"],
    ["list", "--dir", "/nonexistent/monographs"],
]


def test_error_messages(
    library: Library, capfd: pytest.CaptureFixture[str], request: pytest.FixtureRequest
) -> None:
    from medinfo.entry import main

    folder = library.roots[0]
    lines = []
    for argv in ERRORS:
        args = argv if "--dir" in argv else [*argv, "--dir", folder]
        code = main(args)
        captured = capfd.readouterr()
        lines.append(f"$ medinfo {' '.join(argv)}\n{captured.err}exit {code}\n")
        assert captured.out == "", argv
    check("errors.txt", "\n".join(lines), request)
