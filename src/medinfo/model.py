"""Plain data of a monograph and its JSON form; no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Section:
    """One section of a monograph: a stable key, the title as written, its Markdown."""

    key: str
    title: str
    text: str
    component: str | None = None

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
        if self.component and self.component.casefold() not in self.title.casefold():
            return f"{self.title} ({self.component})"
        return self.title


@dataclass(slots=True)
class Faq:
    """A question and its answer from a monograph's FAQ section."""

    question: str
    answer: str

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form of the pair."""
        return {"question": self.question, "answer": self.answer}


@dataclass(slots=True)
class Monograph:
    """A drug monograph: names, front matter and sections in file order."""

    name: str
    path: str
    dir: str = ""
    aliases: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    faqs: list[Faq] = field(default_factory=list)

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
            "aliases": list(self.aliases),
            "metadata": self.metadata,
            "sections": [section.to_dict() for section in self.sections],
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
