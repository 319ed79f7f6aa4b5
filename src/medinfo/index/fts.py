"""The FTS5 query language: what a user types -> the expression the index matches."""

from __future__ import annotations

import re

from medinfo.errors import USAGE, MedinfoError

_TOKEN = re.compile(r'"[^"]*"\*?|[()]|[^\s()"]+')


def match_expression(query: str, section: str | None = None) -> str:
    """Return the MATCH expression for a query over the text columns, maybe one section only."""
    match = "{name title plain} : (" + fts_query(query) + ")"
    if section:
        # The key column only filters: it is not searched for the user's words.
        match = f'{{key}} : "{section}" AND {match}'
    return match


def fts_query(query: str) -> str:
    """Return a user's query as FTS5 syntax: words and "phrases" literal, word* a prefix.

    AND, OR, NOT and parentheses keep their FTS5 meaning; everything else is quoted,
    so "C++", "dose-adjust" or a stray colon never reach FTS5 as syntax.
    """
    if not query.strip():
        raise MedinfoError("empty search query", USAGE)
    if query.count('"') % 2:
        raise MedinfoError(
            f"unbalanced double quote in query {query!r}", USAGE, "close the quoted phrase"
        )
    parts: list[str] = []
    for token in _TOKEN.findall(query):
        if token in ("AND", "OR", "NOT", "(", ")") or token.startswith('"'):
            parts.append(token)
        elif token.endswith("*") and token.strip("*"):
            parts.append('"' + token.rstrip("*") + '"*')
        else:
            parts.append('"' + token + '"')
    return " ".join(parts)


def any_of(terms: list[str]) -> str:
    """Return the MATCH expression for text that holds any of the terms, each as a phrase."""
    phrases = " OR ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return "{plain} : (" + phrases + ")"
