"""Front matter and file bytes: decoding, safe YAML, and values as JSON-safe data."""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Any

from medinfo.errors import ParseError
from medinfo.text import HOLE, UNSAFE, clean

MAX_FRONT_MATTER = 64_000

_FRONT = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)(?:\n)?^(?:---|\.\.\.)[ \t]*$\n?", re.S | re.M)


def decode(data: bytes) -> tuple[str, UnicodeDecodeError | None]:
    """Return the text of a file (UTF-8, UTF-16 with a byte order mark, else Windows-1252),
    and the UTF-8 error when it was read as Windows-1252.

    Monographs saved by older editors are often Windows-1252 (or Latin-1); reading
    them as such keeps "café" legible instead of losing the whole file.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise ParseError("invalid UTF-16 text", "MI002") from None
    if b"\x00" in data:
        raise ParseError(
            "binary file (contains NUL bytes)",
            "MI002",
            data[: data.index(b"\x00")].count(b"\n") + 1,
        )
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        legacy = error
    try:
        return data.decode("cp1252"), legacy
    except UnicodeDecodeError:
        return data.decode("latin-1"), legacy  # cp1252 leaves five bytes undefined


def read_front_matter(text: str) -> tuple[dict[str, Any], str, str, int]:
    """Return the front matter, the cleaned body, the raw YAML and the front matter's lines.

    Unsafe characters are taken out so that YAML reads what the writer meant (see
    _for_yaml); if YAML still refuses, the text is read cleaned of them altogether.
    """
    prepared = _for_yaml(text)
    try:
        metadata, body, raw = split_front_matter(prepared)
    except ParseError as refused:
        cleaned = clean(text)
        if refused.rule != "MI101" or cleaned == prepared:
            raise
        try:
            metadata, body, raw = split_front_matter(cleaned)
        except ParseError:
            raise refused from None
        prepared = cleaned
    return metadata, clean(body), raw, prepared.count("\n", 0, len(prepared) - len(body))


# What YAML reads as structure where a scalar would begin: a character here, after a
# removed control character, would stop being text.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")


def _for_yaml(text: str) -> str:
    """Return text with each unsafe character removed, or held where removing it would
    change what YAML reads.

    Removed at the start of a line, where it would shift the indentation or hide a
    "---" or "- "; elsewhere held (replaced by HOLE, cleaned from the values once
    loaded) when the next character YAML sees is an indicator: "- (bidi override)
    [x]" would become a flow list, "a (BEL)# b" a comment, "(LRI)*x" an alias.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    if not UNSAFE.search(text):
        return text

    def choose(match: re.Match[str]) -> str:
        before = text[text.rfind("\n", 0, match.start()) + 1 : match.start()]
        if not UNSAFE.sub("", before).strip(" \t"):
            return ""
        after = UNSAFE.sub("", text[match.end() : match.end() + 80]).lstrip(" \t")
        return HOLE if after[:1] in _INDICATORS and after[:1] else ""

    return UNSAFE.sub(choose, text)


def split_front_matter(text: str) -> tuple[dict[str, Any], str, str]:
    """Return the front matter as JSON-safe data, the Markdown body and the raw YAML."""
    if not text.startswith("---"):
        return {}, text, ""
    match = _FRONT.match(text)
    if not match:
        # No closing line: the "---" is a thematic break, and everything is body text.
        return {}, text, ""
    raw = match["yaml"]
    if len(raw) > MAX_FRONT_MATTER:
        raise ParseError(f"front matter is larger than {MAX_FRONT_MATTER // 1000} kB", "MI004")
    data = load_yaml(raw)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ParseError(
            f"front matter is a {type(data).__name__}, not a mapping of keys", "MI102", 1
        )
    metadata = {clean(str(k)): json_safe(v) for k, v in data.items()}
    return metadata, text[match.end() :], raw


def load_yaml(raw: str) -> Any:
    """Load YAML front matter with the safe loader, refusing aliases (billion laughs)."""
    import yaml
    from frontmatter.default_handlers import YAMLHandler

    try:
        if "&" in raw or "*" in raw:
            # Only anchors/aliases can multiply; scanning events is cheap and exact.
            loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
            if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(raw, Loader=loader)):
                raise ParseError(
                    "front matter uses YAML aliases, which are not allowed", "MI103", 1
                )
        return YAMLHandler().load(raw)
    except yaml.YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise ParseError(
            f"invalid YAML front matter: {problem}{where}", "MI101", mark.line + 2 if mark else 1
        ) from None
    except RecursionError:
        raise ParseError("front matter is nested too deeply", "MI101", 1) from None


def json_safe(value: Any, depth: int = 0) -> Any:
    """Return value as JSON-safe data with every string cleaned."""
    if depth > 20:
        raise ParseError("front matter is nested too deeply", "MI101", 1)
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, float) and not math.isfinite(value):
        # JSON has no infinity: keep it as YAML writes it.
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {clean(str(k)): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v, depth + 1) for v in value]
    return clean(str(value))


def text_value(value: Any) -> str:
    """Return a front matter value as one line of text."""
    if value is None or isinstance(value, dict | list):
        return ""
    return " ".join(str(value).split())


def aliases_of(value: Any) -> list[str]:
    """Return the aliases of the front matter as a list of names."""
    if isinstance(value, str):
        value = [part for part in re.split(r"[,;]", value)]
    if not isinstance(value, list):
        return []
    names = [text_value(v) for v in value if not isinstance(v, dict | list)]
    return [n for n in dict.fromkeys(names) if n]
