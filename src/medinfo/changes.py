"""What changed between two monographs: section by section, then line by line, then word by word.

Pure: two lists of parts (a section, or what a topic quotes from one section) in,
the changes out, every word quoted as its file has it. Sections are paired by what
they are (key, component; the title too where the key alone does not say it), so a
renumbered "4 CONTRAINDICATIONS" is still the contraindications it was.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from medinfo.model import Monograph

SAME, REMOVED, ADDED = "=", "-", "+"
# A word with the white space before it: runs of words joined back give the text exactly.
_TOKEN = re.compile(r"\s*\S+|\s+")
# A sentence with the white space before it, ending at a full stop (or "!", "?") or the line.
_SENTENCE = re.compile(r"\s*\S.*?(?:[.!?](?=\s)|$)|\s+\Z", re.M)
# A section number before a title: "4 CONTRAINDICATIONS" is the contraindications.
NUMBERING = re.compile(r"^[\s\d.]+")
_BREAKS = re.compile(r"[ \t]*\n\s*")
# Below this share of words in common, a changed block reads better as old text, then new.
_ALIKE = 0.5
# A sentence is marked word by word only when most of it stayed: "Take [-1-] {+2+} tablets
# daily with food", not a new sentence in scattered pieces of the old one.
_EDITED = 0.75
# Pairs of words a comparison word by word may weigh (two passages of 2,000 words): difflib
# takes time that grows with both lengths, a minute for one 23,000-word line against another.
_BUDGET = 4_000_000

Run = tuple[str, str]  # SAME, REMOVED or ADDED, and the text
# Changed words inside a line, as git diff --word-diff writes them.
MARKS = {REMOVED: ("[-", "-]"), ADDED: ("{+", "+}")}
_STATUS = {"added": "new section", "removed": "section removed"}
_QUOTED = {"added": "new", "removed": "no longer said"}  # what a topic quotes from a section


class Part:
    """A section as compared: what it is across versions, its title as shown, its text."""

    __slots__ = ("ident", "key", "label", "quoted", "text")

    def __init__(
        self, ident: tuple[str, ...], key: str, label: str, text: str, quoted: bool = False
    ) -> None:
        self.ident = ident
        self.key = key
        self.label = label
        self.text = text
        self.quoted = quoted  # what a topic quotes from a section, not a section


class Line:
    """A line of a changed passage: its sign (+, -, ~ for changed words, space) and runs."""

    __slots__ = ("runs", "sign")

    def __init__(self, runs: list[Run]) -> None:
        self.runs = runs
        ops = {op for op, text in runs if text.strip()}
        self.sign = " " if ops <= {SAME} else ops.pop() if len(ops) == 1 else "~"

    def text(self, op: str) -> str:
        """Return the line as it reads on one side: SAME and op runs (REMOVED or ADDED)."""
        return "".join(text for kind, text in self.runs if kind in (SAME, op))

    def pieces(self) -> list[Run]:
        """Return the line's runs with changed words marked [-so-] and {+so+}, as git does.

        Not by colour alone: a line wholly added or removed is marked by its sign, and
        its words stay as they are.
        """
        if self.sign in MARKS:
            return [(self.sign, "".join(text for _, text in self.runs))]
        found: list[Run] = []
        marked = False  # the last piece is marked words
        for op, text in self.runs:
            body = text.strip()
            if marked and body and text[0] == body[0]:
                # Old words went away before the first words of the new line: not glued.
                found.append((SAME, " "))
            marked = False
            if op in MARKS and body:
                start = text.index(body)
                found += [(SAME, text[:start])] if start else []
                found.append((op, MARKS[op][0] + body + MARKS[op][1]))
                text, op, marked = text[start + len(body) :], SAME, True
            if text:  # what follows the marked words on the same run, if anything
                found.append((op, text))
                marked = False
        return found

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the line."""
        return {"sign": self.sign, "runs": [list(run) for run in self.runs]}


class SectionChange:
    """A section that changed, appeared or went away, with its changed passages (hunks)."""

    __slots__ = ("hunks", "key", "label", "old_label", "quoted", "status")

    def __init__(
        self,
        status: str,
        key: str,
        label: str,
        hunks: list[list[Line]],
        old_label: str = "",
        quoted: bool = False,
    ) -> None:
        self.quoted = quoted
        self.status = status  # "changed", "added" or "removed"
        self.key = key
        self.label = label
        self.old_label = old_label  # the title it had, when that changed
        self.hunks = hunks

    def heading(self) -> str:
        """Return the section's title with what became of it: "Overdosage (section removed)"."""
        status = (_QUOTED if self.quoted else _STATUS).get(self.status)
        said = status or (f"was {self.old_label}" if self.old_label else "")
        return f"{self.label} ({said})" if said else self.label

    def passages(self, op: str) -> list[str]:
        """Return each removed (or added) passage of the section, word for word.

        A passage runs until words both versions have: the other side's words are
        not in this side's text, so they do not part it.
        """
        found: list[str] = []
        for hunk in self.hunks:
            current: list[str] = []
            for line in hunk:
                if current:
                    current.append("\n")
                for kind, text in line.runs:
                    if kind == op:
                        current.append(text)
                    elif kind == SAME and text.strip() and current:
                        found.append("".join(current).strip())
                        current = []
            if current:
                found.append("".join(current).strip())
        return [passage for passage in found if passage]

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the change."""
        data: dict[str, Any] = {"key": self.key, "title": self.label, "status": self.status}
        if self.quoted:
            data["gathered"] = True
        if self.old_label:
            data["old_title"] = self.old_label
        data["removed"] = self.passages(REMOVED)
        data["added"] = self.passages(ADDED)
        data["hunks"] = [[line.to_dict() for line in hunk] for hunk in self.hunks]
        return data


class Side:
    """One of the two monographs compared: what names it, and its file."""

    __slots__ = ("effective", "file", "labeler", "name", "set_id", "version")

    def __init__(self, monograph: Monograph, file: str) -> None:
        meta = monograph.metadata
        self.name = monograph.name
        self.file = file
        self.labeler = str(meta.get("labeler") or "")
        self.version = str(meta.get("version") or "")
        self.effective = str(meta.get("effective_date") or "")
        self.set_id = str(meta.get("set_id") or "")

    def who(self) -> str:
        """Return the drug with its labeler, as a person names a label: "Warfarin (Teva)"."""
        return self.name + (f" ({self.labeler})" if self.labeler else "")

    def describe(self) -> str:
        """Return the side in words: "Warfarin Sodium (Teva) version 13, 2024-01-10"."""
        words = self.who()
        if self.version:
            words += f" version {self.version}"
        return words + (f", {self.effective}" if self.effective else "")

    def to_dict(self) -> dict[str, str]:
        """Return the JSON form of the side."""
        return {
            "name": self.name,
            "labeler": self.labeler,
            "version": self.version,
            "effective_date": self.effective,
            "set_id": self.set_id,
            "file": self.file,
        }


class Changes:
    """What changed from one monograph to the other, and how many sections did not."""

    __slots__ = ("new", "old", "sections", "unchanged")

    def __init__(self, old: Side, new: Side, sections: list[SectionChange], unchanged: int) -> None:
        self.old = old
        self.new = new
        self.sections = sections
        self.unchanged = unchanged

    def summary(self) -> str:
        """Return what is said below the changes: how many sections did not change."""
        count = self.unchanged
        unchanged = f"{count} section{'' if count == 1 else 's'} unchanged"
        return unchanged if self.sections else f"no changes ({unchanged})"

    def unified(self) -> str:
        """Return the changes as a unified diff reads: a header per passage, a sign per line."""
        out = [f"--- {self.old.describe()}  {self.old.file}"]
        out.append(f"+++ {self.new.describe()}  {self.new.file}")
        for section in self.sections:
            for hunk in section.hunks or [[]]:
                out.append(f"@@ {section.heading()} @@")
                out += [line.sign + "".join(t for _, t in line.pieces()) for line in hunk]
        return "\n".join([*out, self.summary()]) + "\n"

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form of the changes."""
        return {
            "old": self.old.to_dict(),
            "new": self.new.to_dict(),
            "changed": bool(self.sections),
            "unchanged_sections": self.unchanged,
            "sections": [section.to_dict() for section in self.sections],
        }


def compare(old: Side, new: Side, before: list[Part], after: list[Part]) -> Changes:
    """Return the changes from the parts before to the parts after, in the order after has."""
    found: list[SectionChange] = []
    unchanged = 0
    matcher = SequenceMatcher(
        None, [p.ident for p in before], [p.ident for p in after], autojunk=False
    )
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for was, now in zip(before[i1:i2], after[j1:j2], strict=True):
                hunks = changed_lines(was.text, now.text)
                # A title renumbered ("5 Misc" to "6 Misc") is no change of its own.
                renamed = NUMBERING.sub("", was.label) != NUMBERING.sub("", now.label)
                if hunks or renamed:
                    was_called = was.label if renamed else ""
                    change = SectionChange("changed", now.key, now.label, hunks, was_called)
                    change.quoted = now.quoted
                    found.append(change)
                else:
                    unchanged += 1
            continue
        for part in before[i1:i2]:  # a part that went away, then one that appeared
            lines = _whole(part, REMOVED)
            found.append(SectionChange("removed", part.key, part.label, lines, "", part.quoted))
        for part in after[j1:j2]:
            lines = _whole(part, ADDED)
            found.append(SectionChange("added", part.key, part.label, lines, "", part.quoted))
    # A boxed warning's change comes first, as a boxed warning does in every view.
    found.sort(key=lambda change: change.key != "boxed_warning")
    return Changes(old, new, found, unchanged)


def _whole(part: Part, op: str) -> list[list[Line]]:
    """Return a part's text as one hunk of lines all removed or all added."""
    lines = [Line([(op, line)]) for line in _lines(part.text)]
    return [lines] if lines else []


def _lines(text: str) -> list[str]:
    """Return the lines of a text that say something (blank lines part paragraphs only)."""
    return [line for line in text.split("\n") if line.strip()]


def changed_lines(old: str, new: str) -> list[list[Line]]:
    """Return the changed passages of a text, each a hunk of lines marked word by word."""
    a, b = _lines(old), _lines(new)
    hunks: list[list[Line]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace":
            runs = words("\n".join(a[i1:i2]), "\n".join(b[j1:j2]))
            if runs is not None:
                hunks.append(_split(runs))
                continue
        hunks.append([Line([(REMOVED, line)]) for line in a[i1:i2]])
        hunks[-1] += [Line([(ADDED, line)]) for line in b[j1:j2]]
    return hunks


def words(old: str, new: str) -> list[Run] | None:
    """Return old changed into new, sentence by sentence, then word by word.

    A sentence much rewritten reads better whole, the old one then the new one, than
    as scattered words; None when the texts have too little in common to pair at all.
    """
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    # Too long to match word by word in good time, the words in common are counted instead.
    share = matcher.ratio() if len(a) * len(b) <= _BUDGET else matcher.quick_ratio()
    if share < _ALIKE:
        return None
    a, b = _SENTENCE.findall(old), _SENTENCE.findall(new)
    runs: list[Run] = []
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        was, now = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal":
            runs.append((SAME, now))
        elif op == "replace" and i2 - i1 == j2 - j1:  # as many sentences: each its own
            for one, other in zip(a[i1:i2], b[j1:j2], strict=True):
                runs += _words(one, other)
        elif op == "replace":
            runs += _words(was, now)
        else:
            runs.append((REMOVED, was) if was else (ADDED, now))
    return runs


def _words(old: str, new: str) -> list[Run]:
    """Return changed sentences word by word, or whole when they share too few words."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) * len(b) > _BUDGET:  # too long to match word by word in good time: whole
        return [(REMOVED, old), (ADDED, new)]
    matcher = SequenceMatcher(None, [t.strip() for t in a], [t.strip() for t in b], autojunk=False)
    if matcher.ratio() < _EDITED:
        return [(REMOVED, old), (ADDED, new)]
    runs: list[Run] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            runs.append((SAME, "".join(b[j1:j2])))
            continue
        if i1 < i2:
            runs.append((REMOVED, "".join(a[i1:i2])))
        if j1 < j2:
            runs.append((ADDED, "".join(b[j1:j2])))
    return runs


def _split(runs: list[Run]) -> list[Line]:
    """Return runs of words as lines, broken where the new text breaks its lines.

    So each line is a line of the new text, word for word; removed words stand in
    it where they were, their own line breaks read as spaces.
    """
    lines: list[list[Run]] = [[]]
    for op, text in runs:
        if op == REMOVED:
            text = _BREAKS.sub(" ", text)
        for number, piece in enumerate(text.split("\n")):
            if number:
                lines.append([])
            if piece:
                lines[-1].append((op, piece))
    return [Line(line) for line in lines if any(text.strip() for _, text in line)]
