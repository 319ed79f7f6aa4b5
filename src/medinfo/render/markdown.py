"""Markdown documents: a monograph as a file medinfo itself can read back."""

from __future__ import annotations

import json
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.model import Entry, Hit, Monograph, Section
    from medinfo.render import Options


def show(monograph: Monograph, sections: list[Section], whole: bool, options: Options) -> None:
    """Print a monograph file: front matter, the name as H1, each section under ###."""
    # JSON values are valid YAML, and quoting them keeps "NO" or "12:30" strings.
    front = [
        f"{key}: {json.dumps(value, ensure_ascii=False)}"
        for key, value in monograph.metadata.items()
        if key not in ("title", "aliases")
    ]
    head = [f"title: {json.dumps(monograph.name, ensure_ascii=False)}"]
    if monograph.aliases:
        head.append(f"aliases: {json.dumps(monograph.aliases, ensure_ascii=False)}")
    parts = ["---\n" + "\n".join(head + front) + "\n---", f"# {monograph.name}"]
    for section in sections:
        if section.key == "overview":
            parts.append(section.text)
        elif section.key == "disclaimer":
            parts.append(f"**{section.title}:** {section.text}")
        else:
            parts.append(f"### {section.label}\n{section.text}".rstrip())
    sys.stdout.write("\n\n".join(parts) + "\n")


def search(query: str, hits: list[Hit], options: Options) -> None:
    """Print the hits as a Markdown list."""
    sys.stdout.write(
        "".join(f"- **{hit.name}** ({hit.section}): {hit.plain_snippet()}\n" for hit in hits)
    )


def list_(entries: list[Entry], options: Options) -> None:
    """Print the entries as a Markdown list."""
    sys.stdout.write("".join(f"- {entry.name} (`{entry.path}`)\n" for entry in entries))


def sections(rows: list[tuple[str, str, list[str]]], options: Options) -> None:
    """Print the section keys as a Markdown table."""
    lines = ["| key | title | words |", "|---|---|---|"]
    lines += [f"| `{key}` | {title} | {', '.join(words)} |" for key, title, words in rows]
    sys.stdout.write("\n".join(lines) + "\n")


def index(report: dict[str, Any], options: Options) -> None:
    """Print index statistics as plain lines."""
    from medinfo.render import plain

    plain.index(report, options)
