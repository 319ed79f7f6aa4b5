"""Grid draws and measures byte for byte what rich.table.Table draws, without importing it."""

from __future__ import annotations

import random
import subprocess
import sys
from collections.abc import Callable
from typing import Any

from hypothesis import given, seed, settings
from hypothesis import strategies as st
from rich import _ratio, box
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from medinfo.render.grid import Grid, ratio_distribute, ratio_reduce
from tests.conftest import console
from tests.conftest import printed as render

SEED = 20261126
MODES = ("color", "no_color")
JUSTIFY = ("default", "left", "center", "right")


# Cell text: words, words wider than any console, nothing, wide characters, line breaks.
WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz"), min_size=1, max_size=30)
PIECE = st.one_of(
    WORD,
    WORD,
    st.integers(201, 260).map(lambda n: "w" * n),
    st.just(""),
    st.text(st.sampled_from("漢字表示薬剤師副作用"), min_size=1, max_size=8),
    st.sampled_from(["😀", "💊💊", "🩺 ok", "é", "x\u0301"]),
)
# Pieces joined by a space, or one time in three by a line break.
CELL_TEXT = st.lists(st.tuples(PIECE, st.sampled_from(" \n ")), max_size=6).map(
    lambda parts: "".join(piece + gap for piece, gap in parts)[:-1]
)


@st.composite
def cells(draw: st.DrawFn, styled: bool = False) -> Text:
    """Draw a Text cell; Markdown's carry a justify and spans of inline styles."""
    text = Text(draw(CELL_TEXT), justify=draw(st.sampled_from(JUSTIFY)) if styled else None)
    if styled and text.plain and draw(st.booleans()):
        start = draw(st.integers(0, len(text.plain) - 1))
        text.stylize(draw(st.sampled_from(["bold", "italic", "red on blue"])), start)
    return text


Build = Callable[[type[Any]], Any]


def two_columns(
    header: tuple[str, str], ratios: tuple[int | None, int | None]
) -> st.SearchStrategy[Build]:
    """Return a strategy for the FAQ or component table as a function of the class."""
    rows = st.lists(st.tuples(cells(), cells()), max_size=12)

    def build(data: list[tuple[Text, Text]]) -> Build:
        def make(cls: type[Any]) -> Any:
            table = cls(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
            table.add_column(header[0], style="bold", ratio=ratios[0])
            table.add_column(header[1], ratio=ratios[1])
            for question, answer in data:
                table.add_row(question.copy(), answer.copy())
            return table

        return make

    return rows.map(build)


@st.composite
def grouped(draw: st.DrawFn) -> Build:
    """Draw the side effects table: labelled groups, a section after each."""
    groups = draw(st.lists(st.tuples(CELL_TEXT, st.lists(CELL_TEXT, max_size=4)), max_size=5))

    def make(cls: type[Any]) -> Any:
        table = cls(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
        table.add_column("Frequency", style="bold", ratio=1)
        table.add_column("Side effect", ratio=4)
        for label, items in groups:
            for number, item in enumerate(items):
                table.add_row(Text(label if number == 0 else ""), Text(item))
            table.add_section()
        return table

    return make


@st.composite
def markdown(draw: st.DrawFn) -> Build:
    """Draw a table as rich.markdown's TableElement builds it; rows may be short or long."""
    count = draw(st.integers(1, 8))
    headers = draw(st.lists(cells(styled=True), min_size=count, max_size=count))
    rows = draw(st.lists(st.lists(cells(styled=True), max_size=count + 1), max_size=12))

    def make(cls: type[Any]) -> Any:
        table = cls(
            box=box.SIMPLE,
            pad_edge=False,
            style="markdown.table.border",
            show_edge=True,
            collapse_padding=True,
        )
        for header in headers:
            heading = header.copy()
            heading.stylize("markdown.table.header")
            table.add_column(heading)
        for row in rows:
            table.add_row(*(cell.copy() for cell in row))
        return table

    return make


def assert_same(make: Build, width: int) -> None:
    """Assert Grid prints and measures as Table at width, alone and in a panel."""
    for mode in MODES:
        assert render(make(Grid), width, mode) == render(make(Table), width, mode), mode
    panel = {cls: Panel(make(cls), title="Section") for cls in (Grid, Table)}
    assert render(panel[Grid], width, "color") == render(panel[Table], width, "color")
    out = console(width, "color")
    assert Measurement.get(out, out.options, make(Grid)) == Measurement.get(
        out, out.options, make(Table)
    )


WIDTHS = st.integers(5, 200)
RUNS = settings(max_examples=120, deadline=None, database=None)


@seed(SEED)
@RUNS
@given(two_columns(("Question", "Answer"), (2, 3)), WIDTHS)
def test_a_faq_table_is_drawn_as_rich_table_draws_it(make: Build, width: int) -> None:
    """The FAQ table: two columns by ratio 2:3."""
    assert_same(make, width)


@seed(SEED)
@RUNS
@given(grouped(), WIDTHS)
def test_side_effects_by_frequency_are_drawn_as_rich_table_draws_them(
    make: Build, width: int
) -> None:
    """The side effects table: ratio 1:4 and a line after each group."""
    assert_same(make, width)


@seed(SEED)
@RUNS
@given(two_columns(("Component", "Strength / form"), (None, None)), WIDTHS)
def test_components_are_drawn_as_rich_table_draws_them(make: Build, width: int) -> None:
    """The components table: two columns sized by content, then expanded."""
    assert_same(make, width)


@seed(SEED)
@settings(max_examples=200, deadline=None, database=None)
@given(markdown(), WIDTHS)
def test_a_markdown_table_is_drawn_as_rich_markdown_draws_it(make: Build, width: int) -> None:
    """A Markdown table: edges, collapsed padding, justified cells, ragged rows."""
    assert_same(make, width)


BOXES = [box.SIMPLE, box.SIMPLE_HEAD, box.MINIMAL, box.ROUNDED, box.HEAVY_HEAD, box.ASCII]


@st.composite
def any_settings(draw: st.DrawFn) -> Build:
    """Draw any settings Grid takes: box, edges, padding, ratios (0 too), str cells, sections."""
    keywords = {
        "box": draw(st.sampled_from(BOXES)),
        "show_edge": draw(st.booleans()),
        "expand": draw(st.booleans()),
        "pad_edge": draw(st.booleans()),
        "collapse_padding": draw(st.booleans()),
        "style": draw(st.sampled_from(["none", "markdown.table.border", "red on blue"])),
    }
    count = draw(st.integers(1, 5))
    cell = st.one_of(cells(styled=True), CELL_TEXT, st.none())
    columns = draw(
        st.lists(
            st.tuples(
                st.one_of(cells(styled=True), CELL_TEXT),
                st.sampled_from([None, "bold", "italic on red"]),
                st.sampled_from([None, None, 0, 1, 2, 5]),
            ),
            min_size=count,
            max_size=count,
        )
    )
    rows = draw(st.lists(st.tuples(st.lists(cell, max_size=count), st.booleans()), max_size=8))

    def make(cls: type[Any]) -> Any:
        table = cls(**keywords)
        for header, style, ratio in columns:
            table.add_column(copy(header), style=style, ratio=ratio)
        for row, section in rows:
            table.add_row(*map(copy, row))
            if section:
                table.add_section()
        return table

    return make


def copy(cell: Any) -> Any:
    """Return a copy of a Text (Rich may change one as it renders), anything else as is."""
    return cell.copy() if isinstance(cell, Text) else cell


@seed(SEED)
@RUNS
@given(any_settings(), WIDTHS)
def test_every_supported_setting_draws_as_rich_table(make: Build, width: int) -> None:
    """Every combination of the settings Grid takes draws as Table draws it."""
    assert_same(make, width)


def test_narrow_widths_and_empty_tables_draw_as_rich_table() -> None:
    """Widths down to 1 and a table of headers only draw as Table draws them."""
    tables: list[Build] = [
        lambda cls: two_columns_fixed(cls, []),
        lambda cls: two_columns_fixed(cls, [(Text("Why?"), Text("Because " * 9))]),
    ]
    for make in tables:
        for width in range(1, 30):
            assert_same(make, width)


def two_columns_fixed(cls: type[Any], rows: list[tuple[Text, Text]]) -> Any:
    """Return the FAQ table with those rows."""
    table = cls(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
    table.add_column("Question", style="bold", ratio=2)
    table.add_column("Answer", ratio=3)
    for row in rows:
        table.add_row(*row)
    return table


def test_a_cell_grid_does_not_draw_goes_to_rich_table() -> None:
    """A cell Grid does not draw (a panel) is drawn by a real Table, measured as one."""

    def make(cls: type[Any]) -> Any:
        table = cls(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
        table.add_column("Question", style="bold", ratio=2)
        table.add_column("Answer", ratio=3)
        table.add_row(Text("Why?"), Panel(Text("Inside a panel")))
        table.add_section()
        table.add_row("plain", None)
        return table

    for width in (5, 20, 60, 120):
        assert_same(make, width)


def test_integer_ratio_helpers_equal_rich_ratio() -> None:
    """The integer ratio helpers give what rich._ratio's give, on random inputs."""
    rng = random.Random(SEED)
    for _ in range(20_000):
        size = rng.randint(1, 10)
        scale = rng.choice([3, 30, 300, 10**6])
        ratios = [rng.choice([0, rng.randint(0, scale)]) for _ in range(size)]
        values = [rng.randint(0, scale) for _ in range(size)]
        maximums = [rng.choice([0, rng.randint(0, scale)]) for _ in range(size)]
        total = rng.randint(-scale, 4 * scale)
        assert ratio_reduce(total, ratios, maximums, values) == _ratio.ratio_reduce(
            total, ratios, maximums, values
        )
        minimums = rng.choice([None, [rng.randint(0, scale) for _ in range(size)]])
        if sum(r for r, low in zip(ratios, minimums or ratios, strict=True) if low) > 0:
            assert ratio_distribute(total, ratios, minimums) == _ratio.ratio_distribute(
                total, ratios, minimums
            )


def test_importing_grid_loads_neither_rich_table_nor_fractions() -> None:
    """Importing grid loads neither rich.table nor rich._ratio, fractions or decimal."""
    code = (
        "import medinfo.render.grid, sys; print(sorted(m for m in "
        "('rich.table','fractions','decimal','rich._ratio') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
