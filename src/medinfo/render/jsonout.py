"""JSON for scripts: one object for show and search, one array for lists, as DESIGN describes."""

from __future__ import annotations

import json
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.answers import Comparison, Gathered, Mentions
    from medinfo.changes import Changes
    from medinfo.findings import Report
    from medinfo.model import Hits, Listing, Monograph, Section
    from medinfo.render import KeyRow, Options
    from medinfo.rules import Rule


def dump(value: Any) -> str:
    """Return value as JSON; ASCII escapes keep any odd character inert in a terminal."""
    return json.dumps(value, ensure_ascii=True)


def show(
    monograph: Monograph, sections: list[Section | Gathered], whole: bool, options: Options
) -> None:
    """Print the monograph as one JSON object, holding only the chosen sections."""
    data = monograph.to_dict()
    if not whole:
        data["sections"] = [section.to_dict() for section in sections]
        if not any(section.key == "faqs" for section in sections):
            data["faqs"] = []
    sys.stdout.write(dump(data) + "\n")


def unknown(query: str, error: str, options: Options) -> None:
    """Print the failed query as its own JSON line, so the lines match the names read."""
    sys.stdout.write(dump({"query": query, "error": error}) + "\n")


def compare(comparison: Comparison, options: Options) -> None:
    """Print the comparison as one JSON object: the keys, and each drug's answers."""
    sys.stdout.write(dump(comparison.to_dict()) + "\n")


def interactions(mentions: Mentions, options: Options) -> None:
    """Print the mentions as one JSON object, with the note on what they are."""
    sys.stdout.write(dump(mentions.to_dict()) + "\n")


def diff(changes: Changes, options: Options) -> None:
    """Print the changes as one JSON object: both sides, and each section that changed."""
    sys.stdout.write(dump(changes.to_dict()) + "\n")


def search(query: str, hits: Hits, options: Options) -> None:
    """Print the hits as one JSON object: the query, how many sections matched, the hits."""
    data = {"query": query, "total": hits.total, "hits": [hit.to_dict() for hit in hits]}
    sys.stdout.write(dump(data) + "\n")


def list_(listing: Listing, options: Options) -> None:
    """Print the entries as one JSON array."""
    sys.stdout.write(dump([entry.to_dict() for entry in listing.entries()]) + "\n")


def sections(rows: list[KeyRow], options: Options) -> None:
    """Print the section keys as one JSON array."""
    data = [
        {"key": key, "title": title, "words": words, "kind": "topic" if rule else "section"}
        | ({"gathers": rule} if rule else {})
        for key, title, words, rule in rows
    ]
    sys.stdout.write(dump(data) + "\n")


def index(report: dict[str, Any], options: Options) -> None:
    """Print index statistics as one JSON object."""
    data = dict(report)
    data["skipped"] = [{"path": p, "reason": r} for p, r in report.get("skipped", [])]
    sys.stdout.write(dump(data) + "\n")


def check(report: Report, options: Options) -> None:
    """Print the findings, the count of each rule and the totals as one object."""
    data = report.to_dict()
    for finding in data["findings"]:
        finding["line"] = max(finding["line"], 1)
    sys.stdout.write(dump(data) + "\n")


def check_rules(rules: list[Rule], options: Options) -> None:
    """Print the rules as an array of objects."""
    rows = [
        {"id": r.id, "severity": r.severity, "name": r.name, "summary": r.summary} for r in rules
    ]
    sys.stdout.write(dump(rows) + "\n")
