"""Frame draws what rich.panel.Panel draws, byte for byte, for the panels of medinfo's view."""

from __future__ import annotations

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from medinfo.render.frame import Frame
from medinfo.render.grid import Grid
from medinfo.render.mdview import markdown
from tests.conftest import printed

WORDS = st.one_of(
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
    st.from_regex(r"[A-Za-z]{20,40}", fullmatch=True),  # longer than a narrow panel
    st.sampled_from(["食品", "💊", "mg/m²", "\t", "[bold]", "≥5 mL"]),
)
PHRASE = st.lists(WORDS, min_size=0, max_size=12).map(" ".join)
STYLES = st.sampled_from(["", "bold", "bold cyan", "dim", "italic red on white"])
MODES = ("plain", "color", "no_color")


@st.composite
def body(draw: st.DrawFn) -> RenderableType:
    """Return what a section panel may hold: text, Markdown, a table, or a group of them."""
    kind = draw(st.integers(0, 3))
    if kind == 0:
        return Text(draw(PHRASE), style=draw(STYLES))
    if kind == 1:
        lines = draw(st.lists(PHRASE, min_size=1, max_size=4))
        return markdown("\n".join(f"* {line}" if n % 2 else line for n, line in enumerate(lines)))
    if kind == 2:
        table = Grid(box=box.SIMPLE_HEAD, show_edge=False, expand=True)
        table.add_column("Question", style="bold", ratio=2)
        table.add_column("Answer", ratio=3)
        for _ in range(draw(st.integers(0, 3))):
            table.add_row(Text(draw(PHRASE)), Text(draw(PHRASE)))
        return table
    return Group(Text(draw(PHRASE)), Text(""), markdown(draw(PHRASE) or "x"))


@st.composite
def title(draw: st.DrawFn) -> Text | None:
    """Return a panel title as the view makes them: styled text, perhaps two-styled."""
    if not draw(st.booleans()):
        return None
    text = Text(draw(PHRASE) or "Usage", style=draw(STYLES))
    if draw(st.booleans()):
        text.append(f" · from {draw(PHRASE)}", style=draw(STYLES))
    return text


@seed(20261126)
@settings(max_examples=150, deadline=None, database=None)
@given(
    body(),
    title(),
    st.sampled_from([box.ROUNDED, box.DOUBLE, box.SQUARE]),
    st.sampled_from(["cyan", "none", "bold red"]),
    st.integers(1, 160),
)
def test_a_frame_is_drawn_as_rich_panel_draws_it(
    content: RenderableType, heading: Text | None, kind: box.Box, border: str, width: int
) -> None:
    for mode in MODES:
        ours = Frame(content, title=heading, title_align="left", border_style=border, box=kind)
        theirs = Panel(content, title=heading, title_align="left", border_style=border, box=kind)
        assert printed(ours, width, mode) == printed(theirs, width, mode)
        # Inside a group, as the view prints its panels one after another.
        assert printed(Group(ours, ours), width, mode) == printed(
            Group(theirs, theirs), width, mode
        )


@pytest.mark.parametrize(
    "settings_",
    [
        {"expand": False},
        {"subtitle": "below"},
        {"title_align": "center"},
        {"padding": (1, 2)},
        {"width": 30},
        {"style": "on blue"},
    ],
)
def test_a_frame_outside_the_subset_is_drawn_by_panel(settings_: dict[str, object]) -> None:
    content = markdown("Take **one** tablet.\n\n* with water\n* after food")
    for width in (8, 40, 100):
        ours = Frame(content, title=Text("Dosage"), **settings_)  # type: ignore[arg-type]
        theirs = Panel(content, title=Text("Dosage"), **settings_)  # type: ignore[arg-type]
        assert printed(ours, width, "color") == printed(theirs, width, "color")
