"""`medinfo check`: every problem of a collection, by rule, from the index's parse results.

Findings of single files were noted when each file was parsed for the index (see
medinfo.readers.problems and medinfo.index.build), so a check of a collection whose
index is fresh parses nothing; names two files claim come from the index's names;
files the walk leaves out (symlinks leading out, FIFOs) from one more walk.
"""

from __future__ import annotations

import os

from medinfo.errors import USAGE, MedinfoError
from medinfo.findings import Finding, Report
from medinfo.rules import RULES
from medinfo.scan import shown_name, shown_path, strays
from medinfo.text import one_line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from medinfo.library import Library


def chosen_rules(select: list[str], ignore: list[str]) -> set[str]:
    """Return the rule ids to report: those selected (default all) less those ignored.

    A rule is named by its id (MI301) or its name (no-sections); an id prefix such as
    MI3 names a group.
    """
    chosen = _named(select) if select else set(RULES)
    return chosen - _named(ignore)


def _named(words: list[str]) -> set[str]:
    """Return the rule ids a list of ids, id prefixes or names stands for."""
    by_name = {rule.name: rule.id for rule in RULES.values()}
    found: set[str] = set()
    for given in words:
        for word in given.split(","):
            word = word.strip()
            matched = {by_name[word]} if word in by_name else set()
            matched |= {rule for rule in RULES if word and rule.startswith(word.upper())}
            if not matched:
                raise MedinfoError(
                    f"unknown rule '{word}'", USAGE, "`medinfo check --rules` lists them"
                )
            found |= matched
    return found


def check(library: Library, rules: set[str]) -> Report:
    """Return the findings of the rules chosen, over every directory of the library."""
    roots = library.roots
    findings: list[Finding] = []
    for root, rel, line, rule, message in library.findings():
        findings.append(Finding(shown(roots[root], rel), line, rule, message))
    for rule, root, rel, other_root, other, name in library.name_clashes():
        where = shown(roots[other_root], other)
        what = "name" if rule == "MI203" else "alias"
        text = f"the {what} '{name}' is also claimed by {where}"
        findings.append(Finding(shown(roots[root], rel), 0, rule, text))
    for directory in roots:
        for rel, rule, message in strays(directory):  # what the index never sees
            findings.append(Finding(shown(directory, rel), 0, rule, message))
    files = library.counts()["files"]
    return Report([finding for finding in findings if finding.rule in rules], files)


def shown(root: str, rel: str) -> str:
    """Return a file's path as a compiler would print it: relative to here when inside."""
    # A label of the release zip that is the collection is ROOT:INNER, not ROOT/:INNER.
    name = shown_name(rel)  # odd bytes escaped, a name's own colons as they are
    path = root + name if rel.startswith(":") else os.path.join(root, name)
    here = os.getcwd()
    if path.startswith(here.rstrip(os.sep) + os.sep):
        path = os.path.relpath(path, here)
    # File names are untrusted text: no terminal control, and one line per finding.
    return one_line(shown_path(path))
