"""What a command was asked for beyond its own arguments: directories, output, notes."""

from __future__ import annotations

from medinfo.boundary import warn, warn_skipped
from medinfo.errors import NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.library import Library
    from medinfo.render import Renderer


class Request:
    """What a command was asked for beyond its own arguments: directories and output."""

    # The options every command may take that say where from and how the answer looks.
    SHARED = frozenset(
        ("dirs", "fmt", "as_json", "no_color", "color", "width", "pager", "no_pager", "html", "svg")
    )

    def __init__(self, values: dict[str, Any]) -> None:
        from medinfo.render import choose

        self.dirs: list[str] | None = values.get("dirs") or None
        self.options = choose(values)
        self._render: Renderer | None = None
        self.notes: list[str] = []  # for stderr once the answer is out: below a table

    @property
    def render(self) -> Renderer:
        """Return the renderer of the chosen format, imported when first needed."""
        if self._render is None:
            from medinfo.render import renderer

            self._render = renderer(self.options)
        return self._render

    def finish(self) -> None:
        """Send what the terminal view gathered to the screen, a pager or a handout file."""
        if self.options.stream is not None:
            from medinfo.render.screen import finish

            finish(self.options)
        for note in self.notes:
            warn(note)

    def library(
        self, rebuild: bool = False, verify: bool = False, quiet: bool = False, lookup: bool = True
    ) -> Library:
        """Open the library over the chosen directories, with a progress bar if slow.

        quiet: files that cannot be read are not reported here (check reports them).
        lookup: a collection without monographs is NotFound, saying so.
        """
        from medinfo.library import Library
        from medinfo.render.progress import factory

        # The bar and notes go to stderr, so they never mix with the answer.
        library = Library(self.dirs, progress=factory(self.options), notify=warn)
        library.open(rebuild=rebuild, verify=verify)
        if not quiet:
            warn_skipped(library.stats.skipped)
        if lookup and library.empty():
            raise NotFound(*library.emptiness())
        return library
