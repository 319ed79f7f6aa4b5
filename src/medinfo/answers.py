"""What the questions answer beyond a section: gathered topics, comparisons, mentions."""

from __future__ import annotations

from medinfo.model import shown_title

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.model import Monograph, Section


class Quote:
    """A passage quoted word for word from a section, for a gathered topic."""

    __slots__ = ("section", "text", "title")

    def __init__(self, section: str, title: str, text: str) -> None:
        self.section = section  # the key of the section it stands in
        self.title = title  # that section's title, with its component
        self.text = text

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form of the quote."""
        return {"section": self.section, "title": self.title, "text": self.text}


class Gathered:
    """What the sections of a monograph other than a topic's own say about it, quoted."""

    __slots__ = ("key", "quotes", "title")

    def __init__(self, key: str, title: str, quotes: list[Quote]) -> None:
        self.key = key
        self.title = title
        self.quotes = quotes

    @property
    def label(self) -> str:
        """Return the title to show (BOXED WARNING for a boxed warning)."""
        return shown_title(self.key, self.title)

    def by_section(self) -> list[tuple[str, list[Quote]]]:
        """Return the quotes grouped by the section they came from, in document order.

        Each group is named by its section's title as shown: a quote from a boxed
        warning says BOXED WARNING wherever it is quoted.
        """
        groups: list[tuple[str, list[Quote]]] = []
        for quote in self.quotes:
            title = shown_title(quote.section, quote.title)
            if groups and groups[-1][0] == title:
                groups[-1][1].append(quote)
            else:
                groups.append((title, [quote]))
        return groups

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the topic (see DESIGN: section keys)."""
        return {
            "key": self.key,
            "title": self.title,
            "gathered": True,
            "quotes": [quote.to_dict() for quote in self.quotes],
        }


class Comparison:
    """Drugs side by side: for each key (a row) and each monograph (a column), its answer."""

    __slots__ = ("answers", "keys", "monographs")

    def __init__(
        self,
        monographs: list[Monograph],
        keys: list[str],
        answers: list[dict[str, list[Section | Gathered]]],
    ) -> None:
        self.monographs = monographs
        self.keys = keys
        self.answers = answers  # one mapping per monograph: key -> sections or topic

    def cell(self, key: str, column: int) -> list[Section | Gathered]:
        """Return what one monograph says for one key (empty when nothing)."""
        return self.answers[column].get(key, [])

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: the keys compared, and each drug with its answers."""
        drugs = []
        for monograph, answers in zip(self.monographs, self.answers, strict=True):
            data = monograph.to_dict()
            del data["sections"], data["faqs"]
            data["answers"] = {
                key: [part.to_dict() for part in answers.get(key, [])] for key in self.keys
            }
            drugs.append(data)
        return {"keys": list(self.keys), "drugs": drugs}


class Mention:
    """The passages of one monograph that name another drug."""

    __slots__ = ("about", "drug", "others", "otherwise", "quotes", "source")

    def __init__(
        self, source: str, about: str, quotes: list[Quote], others: int = 0, drug: str = ""
    ) -> None:
        self.source = source  # the monograph the passages are in
        self.about = about  # the drug they name
        self.quotes = quotes
        self.others = others  # how many other labels of the source's drug say the same
        self.otherwise = 0  # how many other labels of it name the drug in other words
        self.drug = drug  # that drug, as medinfo.names.drug_key says it

    def heading(self) -> str:
        """Return "Ibuprofen on Metformin", and what the source's drug's other labels say."""
        head = f"{self.source} on {self.about}"
        counts = []
        if self.others:
            says = "label says" if self.others == 1 else "labels say"
            counts.append(f"and {self.others} other {self.drug} {says} the same")
        if self.otherwise:
            many = self.otherwise
            says = "says" if many == 1 else "say"
            other = f"{many}" if counts else f"and {many} other {self.drug} label{'s' * (many > 1)}"
            counts.append(f"{other} {says} it in other words")
        return f"{head} ({'; '.join(counts)})" if counts else head

    def by_section(self) -> list[tuple[str, list[Quote]]]:
        """Return the passages grouped by the section they came from, in document order."""
        return Gathered("", "", self.quotes).by_section()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the mention."""
        return {
            "in": self.source,
            "about": self.about,
            "same_in_other_labels": self.others,
            "otherwise_in_other_labels": self.otherwise,
            "quotes": [quote.to_dict() for quote in self.quotes],
        }


class Mentions:
    """What the monographs of some drugs say about each other, with a note on what it is."""

    __slots__ = ("drugs", "mentions", "note")

    def __init__(self, drugs: list[str], mentions: list[Mention], note: str) -> None:
        self.drugs = drugs
        self.mentions = mentions
        self.note = note

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: the note, the drugs asked about, and every mention."""
        return {
            "note": self.note,
            "drugs": list(self.drugs),
            "mentions": [mention.to_dict() for mention in self.mentions],
        }
