"""A panel that draws what rich.panel.Panel (Rich 15) draws, with one layer fewer.

Panel wraps its content in a Padding, whose lines it renders and splits again. Frame
renders the content's lines once and puts the same one-space margins and borders
around them: the same segments, in the same order, so the same bytes, for the panels
medinfo draws (expanded, padding (0, 1), a title on the left or none, no subtitle, no
width or height). Anything else is drawn by Panel itself. Measured on the view of a
monograph, this saves about 1 ms of 8; tests/test_frame.py proves the output equal,
and benchmarks/richview.py compares whole views of a collection.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.padding import Padding
from rich.panel import Panel
from rich.segment import Segment
from rich.text import Text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

_MARGINS = (0, 1, 0, 1)


class Frame(Panel):
    """A rich Panel, drawn without the Padding that Panel puts its content in."""

    def _drawn_as_panel(self, options: ConsoleOptions) -> bool:
        """Return whether this frame is outside the subset drawn here."""
        return bool(
            not self.expand
            or self.width is not None
            or self.height is not None
            or options.height is not None
            or self.subtitle
            or self.title_align != "left"
            or self.style != "none"
            or Padding.unpack(self.padding) != _MARGINS
            or options.max_width < 5
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the top line with the title, each content line between borders, the bottom."""
        if self._drawn_as_panel(options):
            yield from super().__rich_console__(console, options)
            return
        margin = console.get_style("none")  # Padding's style, and Panel's own
        border = margin + console.get_style(self.border_style)
        width = options.max_width
        box = self.box.substitute(
            options, safe=console.safe_box if self.safe_box is None else self.safe_box
        )
        child = options.update(width=width - 2, height=None, highlight=self.highlight)
        lines = console.render_lines(
            self.renderable, child.update_width(width - 4), style=margin, pad=True
        )
        title = self._title
        if title is None:
            yield Segment(box.get_top([width - 2]), border)
        else:
            title.stylize_before(border)
            title.truncate(width - 4)
            if title.style:
                title.stylize(console.get_style(title.style))
            excess = width - 4 - cell_len(title.plain)
            if excess:
                title = Text.assemble(title, (box.top * excess, border), no_wrap=True, end="")
            yield Segment(box.top_left + box.top, border)
            yield from console.render(title, child.update_width(width - 4))
            yield Segment(box.top + box.top_right, border)
        new_line = Segment.line()
        yield new_line
        start, end = Segment(box.mid_left, border), Segment(box.mid_right, border)
        space = Segment(" ", margin)
        for line in lines:
            yield start
            yield space
            yield from line
            yield space
            yield end
            yield new_line
        yield Segment(box.get_bottom([width - 2]), border)
        yield new_line
