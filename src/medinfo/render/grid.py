"""A table that draws what rich.table.Table (Rich 15) draws, without importing rich.table.

rich.table imports rich._ratio, which imports fractions and, through it, decimal and
numbers: about 5 ms at start-up. Grid takes Table's constructor keywords and methods
for the subset medinfo uses (a box, show_edge, expand, pad_edge, style,
collapse_padding; columns with a header, a style and a ratio; rows of Text or str
cells; sections) and yields the same segments, byte for byte, at any width, with or
without colour: the same measurements, the same widths (ratio_distribute,
_collapse_widths and ratio_reduce, redone below in integers) and the same rendering of
padded cells and box lines. tests/test_grid.py proves it against Table. Anything else
(another kind of cell, no box, no columns) is drawn by a real Table, imported then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from rich import box as boxes
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.style import Style, StyleType
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
    from rich.table import Table


def _round_half_even(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half to even, as round() rounds the float."""
    quotient, remainder = divmod(numerator, denominator)  # denominator > 0: floor division
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        quotient += 1
    return quotient


def ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    """Return values less total shared by ratio, each share capped (rich._ratio.ratio_reduce)."""
    # Rich divides in floats and rounds; below 2**52 the float quotient is never close
    # enough to a half to round differently from the exact one, so integers agree.
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=False)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=False):
        if ratio and total_ratio > 0:
            share = min(maximum, _round_half_even(ratio * remaining, total_ratio))
            result.append(value - share)
            remaining -= share
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def ratio_distribute(total: int, ratios: list[int], minimums: list[int] | None = None) -> list[int]:
    """Return total shared by ratio, each share at least its minimum (rich._ratio's)."""
    if minimums:
        ratios = [ratio if low else 0 for ratio, low in zip(ratios, minimums, strict=False)]
    total_ratio = sum(ratios)
    assert total_ratio > 0, "Sum of ratios must be > 0"  # Rich fails the same way
    remaining = total
    shares: list[int] = []
    lows = [0] * len(ratios) if minimums is None else minimums
    for ratio, low in zip(ratios, lows, strict=False):
        # Ceiling of the quotient, exact where Rich's float is (see ratio_reduce).
        share = max(low, -(-ratio * remaining // total_ratio)) if total_ratio > 0 else remaining
        shares.append(share)
        total_ratio -= ratio
        remaining -= share
    return shares


def _collapse(widths: list[int], max_width: int) -> list[int]:
    """Return widths with the widest columns narrowed in turn toward max_width."""
    # Table._collapse_widths with every column wrapable (none has a width or no_wrap).
    excess = sum(widths) - max_width
    while widths and sum(widths) and excess > 0:
        widest = max(widths)
        second = max((width for width in widths if width != widest), default=0)
        if widest == second:
            break
        ratios = [int(width == widest) for width in widths]
        widths = ratio_reduce(excess, ratios, [min(excess, widest - second)] * len(widths), widths)
        excess = sum(widths) - max_width
    return widths


class _Column(NamedTuple):
    """A column: its header, the style of its cells, its ratio (None: sized by content)."""

    header: RenderableType
    style: StyleType | None
    ratio: int | None


class Grid:
    """A rich.table.Table for medinfo's tables, drawn without importing rich.table."""

    def __init__(
        self,
        *,
        box: boxes.Box | None = boxes.HEAVY_HEAD,
        show_edge: bool = True,
        expand: bool = False,
        pad_edge: bool = True,
        style: StyleType = "none",
        collapse_padding: bool = False,
    ) -> None:
        """Keep Table's settings; the others are Table's defaults."""
        self.box = box
        self.show_edge = show_edge
        self.expand = expand
        self.pad_edge = pad_edge
        self.style = style
        self.collapse_padding = collapse_padding
        self.columns: list[_Column] = []
        self.rows: list[list[RenderableType]] = []
        self.sections: list[bool] = []  # per row: a line is drawn beneath it

    def add_column(
        self,
        header: RenderableType = "",
        *,
        style: StyleType | None = None,
        ratio: int | None = None,
    ) -> None:
        """Add a column with a header, a style for its cells and an optional ratio."""
        self.columns.append(_Column(header, style, ratio))

    def add_row(self, *cells: RenderableType | None) -> None:
        """Add a row; missing cells are blank, extra cells add columns (as Table does)."""
        for _ in range(len(cells) - len(self.columns)):
            self.columns.append(_Column("", None, None))
            for row in self.rows:
                row.append(Text(""))  # what Table puts in a new column's earlier rows
        padded = [*cells, *[None] * (len(self.columns) - len(cells))]
        self.rows.append(["" if cell is None else cell for cell in padded])
        self.sections.append(False)

    def add_section(self) -> None:
        """Draw a line beneath the last row added, if any."""
        if self.sections:
            self.sections[-1] = True

    def _supported(self) -> bool:
        """Return whether this grid is in the subset drawn here rather than by Table."""
        cells = [column.header for column in self.columns] + [c for row in self.rows for c in row]
        return bool(self.box and self.columns) and all(isinstance(c, str | Text) for c in cells)

    def _table(self) -> Table:
        """Return the equivalent rich.table.Table, for what Grid does not draw itself."""
        from rich.table import Table

        table = Table(
            box=self.box,
            show_edge=self.show_edge,
            expand=self.expand,
            pad_edge=self.pad_edge,
            style=self.style,
            collapse_padding=self.collapse_padding,
        )
        for column in self.columns:
            table.add_column(column.header, style=column.style, ratio=column.ratio)
        for row, end_section in zip(self.rows, self.sections, strict=True):
            table.add_row(*row, end_section=end_section)
        return table

    @property
    def _extra_width(self) -> int:
        """Return the width of the box's verticals: the edges and one between columns."""
        return (2 if self.show_edge else 0) + len(self.columns) - 1

    def _padding_width(self, index: int) -> int:
        """Return the padding Table counts for a column (Table._get_padding_width)."""
        # With collapse_padding Rich zeroes the left before taking |left - right|, so
        # it counts the right padding only; padding is Table's default (0, 1).
        left = 0 if self.collapse_padding or (not self.pad_edge and index == 0) else 1
        right = 0 if not self.pad_edge and index == len(self.columns) - 1 else 1
        return left + right

    def _sides(self, index: int) -> tuple[int, int]:
        """Return the left and right padding Table puts around a column's cells."""
        # Top and bottom padding are 0 whatever the row; only the sides vary by column.
        left = 1
        if (self.collapse_padding and index > 0) or (not self.pad_edge and index == 0):
            left = 0
        right = 0 if not self.pad_edge and index == len(self.columns) - 1 else 1
        return left, right

    def _cells(self, index: int) -> list[Padding]:
        """Return a column's header and cells, each padded as Table pads it."""
        left, right = self._sides(index)
        cells = [self.columns[index].header, *(row[index] for row in self.rows)]
        return [Padding(cell, (0, right, 0, left)) for cell in cells]

    def _measure_column(self, console: Console, options: ConsoleOptions, index: int) -> Measurement:
        """Return the widest minimum and maximum of a column's padded cells."""
        if options.max_width < 1:
            return Measurement(0, 0)
        sizes = [Measurement.get(console, options, cell) for cell in self._cells(index)]
        return Measurement(
            max(size.minimum for size in sizes), max(size.maximum for size in sizes)
        ).with_maximum(options.max_width)

    def _widths(self, console: Console, options: ConsoleOptions) -> list[int]:
        """Return the columns' widths, padding included (Table._calculate_column_widths)."""
        max_width = options.max_width
        count = len(self.columns)
        flexible = [index for index, column in enumerate(self.columns) if column.ratio is not None]
        ratios = [self.columns[index].ratio or 0 for index in flexible]
        minimums = [1 + self._padding_width(index) for index in flexible]
        if self.expand and any(ratios) and len(flexible) == count:
            # Every column takes its share of the width: measuring them, as Table does,
            # would find widths it then replaces (the FAQ and side-effect tables).
            widths = ratio_distribute(max_width, ratios, minimums)
        else:
            ranges = [self._measure_column(console, options, index) for index in range(count)]
            widths = [size.maximum or 1 for size in ranges]
            if self.expand and any(ratios):
                fixed = sum(ranges[i].maximum for i in range(count) if i not in flexible)
                shares = ratio_distribute(max_width - fixed, ratios, minimums)
                for index, share in zip(flexible, shares, strict=True):
                    widths[index] = share
        table_width = sum(widths)
        if table_width > max_width:
            widths = _collapse(widths, max_width)
            table_width = sum(widths)
            if table_width > max_width:  # last resort: narrow every column alike
                widths = ratio_reduce(table_width - max_width, [1] * count, widths, widths)
                table_width = sum(widths)
            # Measured again at their new widths; Rich keeps the table_width of before.
            widths = [
                self._measure_column(console, options.update_width(width), index).maximum
                for index, width in enumerate(widths)
            ]
        if table_width < max_width and self.expand:
            spare = ratio_distribute(max_width - table_width, widths)
            widths = [width + more for width, more in zip(widths, spare, strict=True)]
        return widths

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """Return the grid's narrowest and widest widths, as Table.__rich_measure__ does."""
        if not self._supported():
            return self._table().__rich_measure__(console, options)
        if options.max_width < 0:
            return Measurement(0, 0)
        extra = self._extra_width
        # Table measures its columns within the width it would give them, borders aside.
        inner = sum(self._widths(console, options.update_width(options.max_width - extra)))
        sizes = [
            self._measure_column(console, options.update_width(inner), index)
            for index in range(len(self.columns))
        ]
        return Measurement(
            sum(size.minimum for size in sizes) + extra, sum(size.maximum for size in sizes) + extra
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the header, the rows and the box lines as Table.__rich_console__ does."""
        if not self._supported():
            yield self._table()
            return
        extra = self._extra_width
        widths = self._widths(console, options.update_width(options.max_width - extra))
        options = options.update(width=sum(widths) + extra, highlight=False, height=None)
        assert self.box is not None  # _supported
        box = self.box.substitute(options, safe=console.safe_box)
        border = console.get_style(self.style or "")  # the table style; no border_style
        header_style = console.get_style("table.header")
        styles = [console.get_style(column.style or "") for column in self.columns]
        columns = [
            [column.header, *(row[index] for row in self.rows)]
            for index, column in enumerate(self.columns)
        ]
        rows = list(zip(*columns, strict=True))
        new_line = Segment.line()
        if self.show_edge:
            yield Segment(box.get_top(widths), border)
            yield new_line
        for number, cells in enumerate(rows):
            head, last = number == 0, number == len(rows) - 1
            # The header row takes the head verticals, the last row the foot ones.
            level = "head" if head else "foot" if last else "mid"
            left, right, divider = (
                Segment(getattr(box, f"{level}_{part}"), border)
                for part in ("left", "right", "vertical")
            )  # a blank divider would take the row's background too, but rows have none
            cell_styles = [header_style] * len(styles) if head else styles
            rendered = self._render_row(console, options, widths, list(cells), cell_styles, head)
            for line in zip(*rendered, strict=True):
                if self.show_edge:
                    yield left
                for column, segments in enumerate(line):
                    if column:
                        yield divider
                    yield from segments
                if self.show_edge:
                    yield right
                yield new_line
            if head or (self.sections[number - 1] and not last):
                yield Segment(
                    box.get_row(widths, "head" if head else "row", self.show_edge), border
                )
                yield new_line
        if self.show_edge:
            yield Segment(box.get_bottom(widths), border)
            yield new_line

    def _render_row(
        self,
        console: Console,
        options: ConsoleOptions,
        widths: list[int],
        cells: list[RenderableType],
        styles: list[Style],
        head: bool,
    ) -> list[list[list[Segment]]]:
        """Return a row's cells as lines, all as tall as the tallest (header at the bottom)."""
        margin = console.get_style("none")  # Padding's style
        rendered = []
        for index, (width, cell, style) in enumerate(zip(widths, cells, styles, strict=True)):
            # Table's column defaults: left, wrapped, ellipsis, no highlighting.
            cell_options = options.update(
                width=width,
                justify="left",
                no_wrap=False,
                overflow="ellipsis",
                height=None,
                highlight=False,
            )
            rendered.append(_padded(console, cell_options, cell, self._sides(index), style, margin))
        height = max(len(lines) for lines in rendered)
        align = Segment.align_bottom if head else Segment.align_top
        # Rich aligns to the tallest cell but shapes to at least one line: at width 0
        # cells render no lines, and the row is still drawn one line high.
        return [
            Segment.set_shape(align(lines, width, height, style), width, max(1, height))
            for lines, width, style in zip(rendered, widths, styles, strict=True)
        ]


def _padded(
    console: Console,
    options: ConsoleOptions,
    cell: RenderableType,
    sides: tuple[int, int],
    style: Style,
    margin: Style,
) -> list[list[Segment]]:
    """Return a cell's lines as Table gets them from a Padding of it, rendered once."""
    # What render_lines(Padding(cell), style=style) gives: the cell's lines between
    # margins of Padding's style, then the cell's style over every segment. Where
    # there is no room, Console.render draws nothing, and so no lines.
    left, right = sides
    if options.max_width < 1:
        return []
    lines = console.render_lines(
        cell, options.update_width(options.max_width - left - right), style=margin, pad=True
    )
    before = [Segment(" " * left, margin)] if left else []
    after = [Segment(" " * right, margin)] if right else []
    padded = [[*before, *line, *after] for line in lines]
    if style:
        return [list(Segment.apply_style(line, style)) for line in padded]
    return padded
