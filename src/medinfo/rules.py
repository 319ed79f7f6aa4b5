"""The rules `medinfo check` applies: a stable id, a severity and what each one means.

Readers raise or record problems under these ids; the index keeps them; `check`
reports them. Errors are files that cannot serve a lookup (unread, unsafe, without
any section, or a name that another file also claims); warnings are files that are
read, with something the people who keep the collection should fix.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"


class Rule:
    """A rule: its id, severity, short name and what it finds."""

    __slots__ = ("id", "name", "severity", "summary")

    def __init__(self, id: str, severity: str, name: str, summary: str) -> None:
        self.id = id
        self.severity = severity
        self.name = name
        self.summary = summary


RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule("MI001", ERROR, "unreadable-file", "the file cannot be read (permissions, I/O)"),
        Rule("MI002", ERROR, "binary-file", "NUL bytes or broken UTF-16: not a text file"),
        Rule("MI003", WARNING, "legacy-encoding", "not UTF-8: read as Windows-1252"),
        Rule("MI004", ERROR, "file-too-large", "over the size limit, so not read"),
        Rule("MI005", ERROR, "not-a-file", "a FIFO, device or other non-regular file"),
        Rule("MI006", ERROR, "symlink-outside", "a symlink leading out of the collection"),
        Rule("MI101", ERROR, "invalid-yaml", "front matter that is not valid YAML"),
        Rule("MI102", ERROR, "front-matter-not-mapping", "front matter that is not key: value"),
        Rule("MI103", ERROR, "yaml-alias", "YAML anchors and aliases, refused (alias bombs)"),
        Rule("MI104", WARNING, "yaml-tag", "an explicit YAML tag such as !!str or !custom"),
        Rule("MI201", WARNING, "missing-title", "no title and no # heading: named after the file"),
        Rule("MI202", WARNING, "title-not-text", "a title that is a number, list or mapping"),
        Rule("MI203", ERROR, "duplicate-name", "two monographs claim the same name"),
        Rule("MI204", WARNING, "shared-alias", "an alias that is another monograph's name"),
        Rule("MI301", ERROR, "no-sections", "none of the standard sections"),
        Rule("MI302", WARNING, "empty-section", "a standard section without text"),
        Rule("MI303", WARNING, "duplicate-section", "a section twice for the same component"),
        Rule("MI401", WARNING, "control-characters", "control characters or escape sequences"),
        Rule("MI501", ERROR, "malformed-xml", "an FDA label that is not well-formed XML"),
        Rule("MI502", ERROR, "not-spl", "XML that is not an SPL document"),
        Rule("MI503", ERROR, "label-without-sections", "an SPL document without section text"),
        Rule("MI504", ERROR, "unsafe-xml", "XML declaring a DTD or entities, refused"),
        Rule("MI505", ERROR, "bad-zip", "a zip that is damaged, a zip bomb, or not one label"),
        Rule("MI506", ERROR, "unsupported-encoding", "an XML encoding that cannot be checked"),
    )
}
