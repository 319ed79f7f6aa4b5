"""Plain data: monographs, listing entries and search hits, and their JSON form; no I/O."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any, Protocol, TypeVar

    class _Keyed(Protocol):
        key: str

    Shown = TypeVar("Shown", bound=_Keyed)

# Plain classes rather than dataclasses: a lookup does not otherwise import
# dataclasses, which brings inspect, ast, dis and tokenize (about 5 ms measured with
# `python -X importtime`), and each slotted dataclass costs about 0.2 ms to make.

BOXED = "boxed_warning"
# Titles that say no more than "boxed warning": shown as BOXED WARNING alone.
_BOXED_TITLES = frozenset(("boxed warning", "boxed warnings", "boxed warning section"))


def shown_title(key: str, title: str) -> str:
    """Return the title a part is shown under: a boxed warning's says so in capitals.

    Not by colour alone: a label's own title ("Warning: lactic acidosis") follows,
    and a plain "Boxed warning" is just BOXED WARNING.
    """
    if key != BOXED:
        return title
    plain = " ".join(title.casefold().replace(":", " ").split())
    return "BOXED WARNING" if plain in _BOXED_TITLES else f"BOXED WARNING · {title}"


def boxed_first(parts: Iterable[Shown]) -> list[Shown]:
    """Return sections (or topics) with any boxed warning first, the rest in their order."""
    return sorted(parts, key=lambda part: part.key != BOXED)


class Section:
    """One section of a monograph: a stable key, the title as written, its Markdown."""

    __slots__ = ("blocks", "component", "key", "plain", "text", "title")

    def __init__(
        self,
        key: str,
        title: str,
        text: str,
        component: str | None = None,
        blocks: str | None = None,
        plain: str | None = None,
    ) -> None:
        self.key = key
        self.title = title
        self.text = text
        self.component = component
        # The text parsed for the terminal view (medinfo.readers.blocks), as JSON, kept
        # by the index when it parsed the text; None when the view is to parse it. Not
        # part of the JSON output.
        self.blocks = blocks
        # The words search indexes, when the reader knows them as it writes the text
        # (medinfo.readers.blocks.words of it, exactly); None leaves them to be parsed.
        # Not part of the JSON output either.
        self.plain = plain

    def __repr__(self) -> str:
        return f"Section({self.key!r}, {self.title!r}, component={self.component!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Section) and self.to_dict() == other.to_dict()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the section."""
        return {
            "key": self.key,
            "title": self.title,
            "component": self.component,
            "text": self.text,
        }

    @property
    def label(self) -> str:
        """Return the title with the component it is about, for display."""
        return section_label(shown_title(self.key, self.title), self.component)


def section_label(title: str, component: str | None) -> str:
    """Return a section title with its component, unless the title already names it."""
    if component and component.casefold() not in title.casefold():
        return f"{title} ({component})"
    return title


class Faq:
    """A question and its answer from a monograph's FAQ section."""

    __slots__ = ("answer", "question")

    def __init__(self, question: str, answer: str) -> None:
        self.question = question
        self.answer = answer

    def __repr__(self) -> str:
        return f"Faq({self.question!r}, {self.answer!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Faq) and (self.question, self.answer) == (
            other.question,
            other.answer,
        )

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form of the pair."""
        return {"question": self.question, "answer": self.answer}


class Monograph:
    """A drug monograph: names, front matter and sections in file order.

    Shown, a boxed warning comes first (boxed_first), in every format.
    """

    __slots__ = ("aliases", "dir", "faqs", "metadata", "name", "path", "problems", "sections")

    def __init__(
        self,
        name: str,
        path: str,
        dir: str = "",
        aliases: list[str] | None = None,
        metadata: dict[str, Any] | None = None,
        sections: list[Section] | None = None,
        faqs: list[Faq] | None = None,
    ) -> None:
        self.name = name
        self.path = path
        self.dir = dir
        self.aliases = aliases if aliases is not None else []
        self.metadata = metadata if metadata is not None else {}
        self.sections = sections if sections is not None else []
        self.faqs = faqs if faqs is not None else []
        # What `medinfo check` reports of the file: (rule id, line, message).
        self.problems: list[tuple[str, int, str]] = []

    def __repr__(self) -> str:
        return f"Monograph({self.name!r}, {self.path!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Monograph) and self.to_dict() == other.to_dict()

    @property
    def source(self) -> str:
        """Return the kind of file the monograph was read from: "markdown" or "spl"."""
        return "spl" if self.path.casefold().endswith((".xml", ".zip")) else "markdown"

    def label_facts(self) -> list[tuple[str, str]]:
        """Return what tells an FDA label apart, as (what, value) pairs; none for Markdown."""
        if self.source != "spl":
            return []
        facts = []
        for key, what in (
            ("generic_names", "Generic names"),
            ("labeler", "Labeler"),
            ("kind", "Kind"),
            ("effective_date", "Effective"),
            ("set_id", "Set id"),
            ("ndc", "NDC"),  # the products': a package's code begins with its product's
        ):
            value = self.metadata.get(key)
            if isinstance(value, list):
                value = ", ".join(str(item) for item in value)
            if isinstance(value, str) and value:
                facts.append((what, value))
        from medinfo.excipients import facts as ingredients

        return facts + ingredients(self.metadata)

    @property
    def drug_class(self) -> str | None:
        """Return the drug class named in the front matter, if any."""
        value = self.metadata.get("drug_class")
        return value if isinstance(value, str) and value else None

    def select(self, keys: list[str]) -> list[Section]:
        """Return the sections whose key is in keys, in the order the user asked for them."""
        return [section for key in keys for section in self.sections if section.key == key]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the monograph (see DESIGN: show --json, export)."""
        return {
            "name": self.name,
            "path": self.path,
            "dir": self.dir,
            "source": self.source,
            "aliases": list(self.aliases),
            "metadata": self.metadata,
            # A boxed warning first, as every view shows it; the rest in file order.
            "sections": [section.to_dict() for section in boxed_first(self.sections)],
            "faqs": [faq.to_dict() for faq in self.faqs],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Monograph:
        """Build a monograph from its JSON form."""
        return cls(
            name=data["name"],
            path=data["path"],
            dir=data.get("dir", ""),
            aliases=list(data.get("aliases", [])),
            metadata=dict(data.get("metadata", {})),
            sections=[
                Section(s["key"], s["title"], s["text"], s.get("component"))
                for s in data.get("sections", [])
            ],
            faqs=[Faq(f["question"], f["answer"]) for f in data.get("faqs", [])],
        )


# Markers around matched words in snippets: control characters never survive the
# readers' cleaning, so a monograph cannot forge them.
MARK_START = "\x02"
MARK_END = "\x03"


class Entry:
    """One monograph in a listing."""

    __slots__ = (
        "_keys",
        "aliases",
        "dir",
        "drug_class",
        "forms",
        "label",
        "name",
        "path",
        "routes",
    )

    def __init__(
        self,
        name: str,
        path: str,
        dir: str,
        aliases: list[str],
        drug_class: str | None,
        keys: str | list[str],
        label: tuple[str | None, str | None, str | None, str] | None = None,
        routes: list[str] | None = None,
        forms: list[str] | None = None,
    ) -> None:
        self.name = name
        # An FDA label's labeler, kind, effective date and set id; None for Markdown.
        self.label = label
        # A label's routes and dosage forms as it writes them: what tells its eye
        # drops from its tablets in a listing.
        self.routes = routes or []
        self.forms = forms or []
        self.path = path
        self.dir = dir
        self.aliases = aliases
        self.drug_class = drug_class
        # Kept as the index stores them, split only when asked: a listing of
        # thousands mostly prints names.
        self._keys = keys if isinstance(keys, str) else " ".join(keys)

    @property
    def keys(self) -> list[str]:
        """Return the keys of the monograph's sections, in file order."""
        return self._keys.split()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the entry."""
        return {
            "name": self.name,
            "path": self.path,
            "dir": self.dir,
            "aliases": self.aliases,
            "drug_class": self.drug_class,
            "sections": self.keys,
        } | (
            {}
            if self.label is None
            else dict(zip(("labeler", "kind", "effective_date", "set_id"), self.label, strict=True))
            | {"routes": self.routes, "forms": self.forms}
        )

    @property
    def product(self) -> str:
        """Return a label's routes and forms in its own words, "Oral · Tablet, film coated"."""
        return " · ".join(part for part in (", ".join(self.routes), "; ".join(self.forms)) if part)


class Listing:
    """The monographs a listing holds, read from the index only as far as they are used.

    A script's `medinfo list` prints names alone, which the index gives several
    times faster than whole entries; a table or JSON asks for the entries.
    """

    __slots__ = ("_entries", "_names", "_read_entries", "_read_names", "narrowed")

    def __init__(
        self,
        entries: Callable[[], list[Entry]],
        names: Callable[[], list[str]] | None = None,
        narrowed: bool = False,
    ) -> None:
        # Asked for by name or labeler: a script then wants to know which label is which.
        self.narrowed = narrowed
        self._read_entries = entries
        self._read_names = names
        self._entries: list[Entry] | None = None
        self._names: list[str] | None = None

    def entries(self) -> list[Entry]:
        """Return the entries, in listing order."""
        if self._entries is None:
            self._entries = self._read_entries()
        return self._entries

    def names(self) -> list[str]:
        """Return the names alone, in listing order."""
        if self._names is None:
            if self._read_names is None or self._entries is not None:
                self._names = [entry.name for entry in self.entries()]
            else:
                self._names = self._read_names()
        return self._names

    def __len__(self) -> int:
        return len(self._entries) if self._entries is not None else len(self.names())


class Hit:
    """One search result: a section of a monograph, with a snippet around the match."""

    __slots__ = ("component", "file_id", "key", "name", "path", "score", "snippet", "title")

    def __init__(
        self,
        name: str,
        path: str,
        key: str,
        title: str,
        component: str | None,
        snippet: str,
        score: float,
    ) -> None:
        self.name = name
        self.path = path
        self.key = key
        self.title = title
        self.component = component
        self.snippet = snippet
        self.score = score
        self.file_id = 0  # which file to check for freshness before showing the hit

    @property
    def section(self) -> str:
        """Return the section's title with its component, for display."""
        return section_label(shown_title(self.key, self.title), self.component)

    def plain_snippet(self) -> str:
        """Return the snippet on one line, without match markers."""
        return self.one_line().replace(MARK_START, "").replace(MARK_END, "")

    def one_line(self) -> str:
        """Return the snippet on one line, its lines (list items, cells) apart by " · "."""
        # A list item or table cell is a line of the indexed text: joined by a space
        # alone, "Nosebleeds" would read as the end of the item before it.
        lines = (" ".join(line.split()) for line in self.snippet.split("\n"))
        return " · ".join(line for line in lines if line)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the hit."""
        return {
            "name": self.name,
            "path": self.path,
            "section": self.key,
            "title": self.title,
            "component": self.component,
            "snippet": self.plain_snippet(),
            "score": self.score,
        }


class Hits(list[Hit]):
    """The search hits shown, best first, and how many sections matched in all."""

    def __init__(self, hits: list[Hit] | None = None, total: int | None = None) -> None:
        super().__init__(hits or [])
        self.total = len(self) if total is None else total

    @property
    def more(self) -> int:
        """Return how many matching sections the limit left out."""
        return max(0, self.total - len(self))
