"""What `medinfo check` found: findings and the report that sums them up (no I/O)."""

from __future__ import annotations

from medinfo.rules import ERROR, RULES
from medinfo.text import clean

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


class Finding:
    """One problem: the file (as shown), the line (0: the whole file), rule and message."""

    __slots__ = ("line", "message", "path", "rule")

    def __init__(self, path: str, line: int, rule: str, message: str) -> None:
        self.path = path
        self.line = line
        self.rule = rule
        self.message = clean(" ".join(message.split()))  # one line, whatever a file held

    @property
    def severity(self) -> str:
        """Return error or warning, as the rule says."""
        return RULES[self.rule].severity

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "path": self.path,
            "line": self.line,
            "rule": self.rule,
            "name": RULES[self.rule].name,
            "severity": self.severity,
            "message": self.message,
        }


class Report:
    """What a check found, in path and line order, and how many files it looked at."""

    __slots__ = ("files", "findings")

    def __init__(self, findings: list[Finding], files: int) -> None:
        self.findings = sorted(findings, key=lambda f: (f.path, f.line, f.rule))
        self.files = files

    def summary(self) -> dict[str, int]:
        """Return how many findings each rule has, by rule id."""
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.rule] = counts.get(finding.rule, 0) + 1
        return dict(sorted(counts.items()))

    def count(self, severity: str) -> int:
        """Return how many findings are of a severity."""
        return sum(1 for finding in self.findings if finding.severity == severity)

    def failed(self, strict: bool) -> bool:
        """Tell whether the check fails: any error, or with strict any finding at all."""
        return bool(self.findings) if strict else self.count(ERROR) > 0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form: findings, counts by rule, and totals."""
        return {
            "files": self.files,
            "errors": self.count(ERROR),
            "warnings": len(self.findings) - self.count(ERROR),
            "summary": self.summary(),
            "findings": [finding.to_dict() for finding in self.findings],
        }
