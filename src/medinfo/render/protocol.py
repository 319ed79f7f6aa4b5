"""The interface every output format implements: one function per command, named after it."""

from __future__ import annotations

from typing import Any, Protocol

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.answers import Comparison, Gathered, Mentions
    from medinfo.changes import Changes
    from medinfo.findings import Report
    from medinfo.model import Hits, Listing, Monograph, Section
    from medinfo.render import Options
    from medinfo.rules import Rule

# A row of `medinfo sections`: key, title, the words that select it, and for a
# topic what is gathered from the sections other than its own ("" for a section).
KeyRow = tuple[str, str, list[str], str]


class Renderer(Protocol):
    """What every output format can print: one function per command, named after it."""

    def show(
        self,
        monograph: Monograph,
        sections: list[Section | Gathered],
        whole: bool,
        options: Options,
    ) -> None:
        """Print a monograph, or the chosen sections of it."""

    def unknown(self, query: str, error: str, options: Options) -> None:
        """Print, where the format has room for it, that a name of many found nothing."""

    def compare(self, comparison: Comparison, options: Options) -> None:
        """Print drugs side by side, a row per section or topic."""

    def interactions(self, mentions: Mentions, options: Options) -> None:
        """Print what the monographs say about each other, with the note on what it is."""

    def diff(self, changes: Changes, options: Options) -> None:
        """Print what changed, section by section, word by word; or that nothing did."""

    def search(self, query: str, hits: Hits, options: Options) -> None:
        """Print search hits."""

    def list_(self, listing: Listing, options: Options) -> None:
        """Print a listing of monographs."""

    def sections(self, rows: list[KeyRow], options: Options) -> None:
        """Print the section keys and the words that select them."""

    def index(self, report: dict[str, Any], options: Options) -> None:
        """Print what building or refreshing the index did."""

    def check(self, report: Report, options: Options) -> None:
        """Print what `medinfo check` found, a finding a line, and a summary by rule."""

    def check_rules(self, rules: list[Rule], options: Options) -> None:
        """Print the rules `medinfo check` applies."""
