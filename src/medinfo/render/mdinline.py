"""Inline Markdown (emphasis, escapes, links, line breaks) tokenized as markdown-it-py does.

A port of markdown-it-py 4's inline rules text, newline, escape, emphasis and link
(inline links only), with its balance_pairs, emphasis, fragments_join and text_join
post-processing, for mdparse. The other inline rules (code spans, strikethrough,
images, autolinks, HTML, entities) cannot match a text that mdparse lets through.
"""

from __future__ import annotations

import re

_SPACE = (" ", "\t")
_WHITE = frozenset("\t\n\x0b\x0c\r \xa0\u1680\u202f\u205f\u3000") | frozenset(
    chr(code) for code in range(0x2000, 0x200B)
)
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Where an inline rule may start; markdown-it's text rule stops at these (and others
# whose rules cannot match here).
_SPECIAL = re.compile(r"[\n\\*_\[<]")
# Inside a link label: its end, or what would need markdown-it's nested-link logic.
_LABEL = re.compile(r"[\[\]\\]")
# Link destinations that markdown-it's normalizeLink leaves as written: web addresses
# and relative ones, of characters it does not percent-encode. Compiled when first
# needed (re caches it): most texts have no link.
_URL = (
    r"https?://[A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]+)?"
    r"(?:[/?#](?:[A-Za-z0-9;/?:@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})*)?"
    r"|(?!//)(?:[A-Za-z0-9;/?@&=+$,\-_.!~*'()#]|%[0-9A-Fa-f]{2})+"
)


class Unsupported(Exception):
    """Raised for Markdown that this parser leaves to markdown-it."""


class Token:
    """One markdown-it token: its type, tag, nesting, text and attributes."""

    __slots__ = ("attrs", "content", "nesting", "tag", "type")

    def __init__(self, type_: str, tag: str, nesting: int, content: str = "") -> None:
        """Make a token, as markdown-it's Token."""
        self.type = type_
        self.tag = tag
        self.nesting = nesting
        self.content = content
        self.attrs: dict[str, str | int] = {}

    def __repr__(self) -> str:
        """Show the token as a test failure should."""
        return f"Token({self.type!r}, {self.tag!r}, {self.nesting}, {self.content!r})"


class _Delimiter:
    """One * or _ of a delimiter run, as markdown-it's Delimiter."""

    __slots__ = ("close", "end", "length", "marker", "open", "token")

    def __init__(self, marker: str, length: int, token: int, opens: bool, closes: bool) -> None:
        """Record a delimiter character and what its run can do."""
        self.marker = marker
        self.length = length
        self.token = token
        self.end = -1
        self.open = opens
        self.close = closes


class _State:
    """The inline parser's state (markdown-it StateInline)."""

    def __init__(self, src: str) -> None:
        """Start at the beginning of src."""
        self.src = src
        self.pos = 0
        self.pos_max = len(src)
        self.pending = ""
        self.tokens: list[Token] = []
        self.delimiters: list[_Delimiter] = []
        self.lists = [self.delimiters]  # one list of delimiters per link, each balanced alone
        self.outer: list[list[_Delimiter]] = []
        self.links: dict[tuple[int, int], bool] = {}  # where links start, once looked for

    def flush(self) -> None:
        """Add the pending text as a text token."""
        if self.pending:
            self.tokens.append(Token("text", "", 0, self.pending))
            self.pending = ""

    def push(self, type_: str, tag: str, nesting: int, content: str = "") -> Token:
        """Add a token after the pending text; a link opens a new list of delimiters."""
        self.flush()
        if nesting < 0:
            self.delimiters = self.outer.pop()
        token = Token(type_, tag, nesting, content)
        if nesting > 0:
            self.outer.append(self.delimiters)
            self.delimiters = []
            self.lists.append(self.delimiters)
        self.tokens.append(token)
        return token


def inline(src: str) -> list[Token]:
    """Return the inline tokens of a paragraph's, heading's or cell's text."""
    state = _State(src)
    _tokenize(state)
    for delimiters in state.lists:
        _balance(delimiters)
    for delimiters in state.lists:
        _emphasis(state.tokens, delimiters)
    joined: list[Token] = []
    for token in state.tokens:
        if token.type == "text":
            if not token.content:
                continue
            if joined and joined[-1].type == "text":
                joined[-1].content += token.content
                continue
        joined.append(token)
    return joined


def _tokenize(s: _State) -> None:
    """Tokenize from s.pos to s.pos_max (markdown-it ParserInline.tokenize)."""
    src, end = s.src, s.pos_max
    while s.pos < end:
        ch = src[s.pos]
        if ch == "\n":
            _newline(s)
        elif ch == "*" or ch == "_":
            _delimiters(s, ch)
        elif (ch == "\\" and _escape(s)) or (ch == "[" and _link(s)):
            pass
        elif ch == "<" and src.startswith("<br>", s.pos):
            # markdown-it's html_inline token, which the views show as a hard break
            s.push("hardbreak", "br", 0)
            s.pos += 4
        elif ch == "\\" or ch == "[" or ch == "<":
            s.pending += ch
            s.pos += 1
        else:
            found = _SPECIAL.search(src, s.pos, end)
            stop = found.start() if found else end
            s.pending += src[s.pos : stop]
            s.pos = stop
    s.flush()


def _newline(s: _State) -> None:
    """Turn a newline into a soft break, or a hard one after two spaces."""
    pending = s.pending
    if pending.endswith("  "):
        s.pending = pending.rstrip(" ")
        s.push("hardbreak", "br", 0)
    else:
        s.pending = pending[:-1] if pending.endswith(" ") else pending
        s.push("softbreak", "br", 0)
    s.pos += 1
    while s.pos < s.pos_max and s.src[s.pos] in _SPACE:
        s.pos += 1


def _escape(s: _State) -> bool:
    """Turn a backslash and an ASCII punctuation character into that character."""
    pos = s.pos + 1
    if pos >= s.pos_max:
        return False
    ch = s.src[pos]
    if ch == "\n":
        s.push("hardbreak", "br", 0)
        pos += 1
        while pos < s.pos_max and s.src[pos] in _SPACE:
            pos += 1
        s.pos = pos
        return True
    s.push("text", "", 0, ch if ch in _ASCII_PUNCT else "\\" + ch)
    s.pos = pos + 1
    return True


def _punct(ch: str) -> bool:
    """Return whether markdown-it counts ch as punctuation (Unicode P or S)."""
    if ch < "\x80":
        return ch in _ASCII_PUNCT  # the ASCII characters of categories P and S
    import unicodedata  # only for text beside non-ASCII characters

    return unicodedata.category(ch)[0] in "PS"


def _delimiters(s: _State, marker: str) -> None:
    """Add a run of * or _ as one text token and one delimiter per character."""
    start = pos = s.pos
    while pos < s.pos_max and s.src[pos] == marker:
        pos += 1
    last = s.src[start - 1] if start > 0 else " "
    after = s.src[pos] if pos < s.pos_max else " "
    last_punct, next_punct = _punct(last), _punct(after)
    last_white, next_white = last in _WHITE, after in _WHITE
    left = not (next_white or (next_punct and not (last_white or last_punct)))
    right = not (last_white or (last_punct and not (next_white or next_punct)))
    star = marker == "*"
    opens = left and (star or not right or last_punct)
    closes = right and (star or not left or next_punct)
    for _ in range(pos - start):
        s.push("text", "", 0, marker)
        s.delimiters.append(_Delimiter(marker, pos - start, len(s.tokens) - 1, opens, closes))
    s.pos = pos


def _link(s: _State) -> bool:
    """Parse an inline link [label](url) (markdown-it's link rule), if one starts here."""
    found = _link_end(s, s.pos, 0)
    if found is None:
        return False
    label_end, href, end = found
    token = s.push("link_open", "a", 1)
    token.attrs["href"] = href
    old_max, s.pos, s.pos_max = s.pos_max, s.pos + 1, label_end
    _tokenize(s)
    s.push("link_close", "a", -1)
    s.pos, s.pos_max = end, old_max
    return True


def _link_end(s: _State, start: int, depth: int) -> tuple[int, str, int] | None:
    """Return the label's end, the URL and the end of a link at start; None if none."""
    label_end = _label_end(s, start, depth)
    if label_end < 0:
        return None
    src, stop = s.src, s.pos_max
    pos = _skip_space(src, label_end + 2, stop)
    if label_end + 1 >= stop or src[label_end + 1] != "(" or pos >= stop:
        return None  # no reference definitions (mdparse refused them): plain text
    if src[pos] == "<":
        raise Unsupported("link destination")
    begin, level = pos, 0
    while pos < stop and " " < src[pos] != "\x7f":  # markdown-it's parseLinkDestination
        if src[pos] == "\\":
            raise Unsupported("link destination")  # escapes in a URL: unescapeAll
        if src[pos] == "(":
            level += 1
            if level > 32:
                raise Unsupported("link destination")  # markdown-it gives up here
        elif src[pos] == ")":
            if not level:
                break
            level -= 1
        pos += 1
    href = ""
    if pos > begin and not level:
        href = src[begin:pos]
        if not re.fullmatch(_URL, href, re.ASCII) or "xn--" in href.lower():
            raise Unsupported("link destination")  # normalizeLink might rewrite it
        after = _skip_space(src, pos, stop)
        if after < stop and after != pos and src[after] in "\"'(":
            raise Unsupported("link title")
        pos = after
    else:
        pos = begin
    if pos >= stop or src[pos] != ")":
        return None
    return label_end, href, pos + 1


def _label_end(s: _State, start: int, depth: int) -> int:
    """Return where the label of a link at start ends, -1 if it is no link's label.

    Brackets nest; a link inside makes the outer "[" text (markdown-it's disableNested).
    """
    level, pos = 1, start + 1
    while found := _LABEL.search(s.src, pos, s.pos_max):
        pos = found.start() + 1
        if found.group() == "]":
            level -= 1
            if not level:
                return found.start()
        elif found.group() == "\\" or depth >= 8:
            raise Unsupported("link label")  # escapes, or nesting markdown-it cuts short
        elif _link_at(s, found.start(), depth + 1):
            return -1
        else:
            level += 1
    return -1


def _link_at(s: _State, start: int, depth: int) -> bool:
    """Return whether a link starts at start, remembering the answer."""
    key = (start, s.pos_max)
    if key not in s.links:
        s.links[key] = _link_end(s, start, depth) is not None
    return s.links[key]


def _skip_space(src: str, pos: int, stop: int) -> int:
    """Return the position after spaces, tabs and newlines at pos."""
    while pos < stop and src[pos] in " \t\n":
        pos += 1
    return pos


def _balance(delimiters: list[_Delimiter]) -> None:
    """Match closing delimiters with openers (markdown-it balance_pairs)."""
    bottoms: dict[str, list[int]] = {}
    header = 0
    last_token = -2
    jumps: list[int] = []
    for closer_index, closer in enumerate(delimiters):
        jumps.append(0)
        if delimiters[header].marker != closer.marker or last_token != closer.token - 1:
            header = closer_index
        last_token = closer.token
        if not closer.close:
            continue
        bottom = bottoms.setdefault(closer.marker, [-1] * 6)
        slot = (3 if closer.open else 0) + closer.length % 3
        opener_index = header - jumps[header] - 1
        new_bottom = opener_index
        while opener_index > bottom[slot]:
            opener = delimiters[opener_index]
            if opener.marker != closer.marker:
                opener_index -= jumps[opener_index] + 1
                continue
            if opener.open and opener.end < 0:
                odd = (
                    (opener.close or closer.open)
                    and (opener.length + closer.length) % 3 == 0
                    and (opener.length % 3 != 0 or closer.length % 3 != 0)
                )
                if not odd:
                    skip = 0
                    if opener_index > 0 and not delimiters[opener_index - 1].open:
                        skip = jumps[opener_index - 1] + 1
                    jumps[closer_index] = closer_index - opener_index + skip
                    jumps[opener_index] = skip
                    closer.open = False
                    opener.end = closer_index
                    opener.close = False
                    new_bottom = -1
                    last_token = -2
                    break
            opener_index -= jumps[opener_index] + 1
        if new_bottom != -1:
            bottom[slot] = new_bottom


def _emphasis(tokens: list[Token], delimiters: list[_Delimiter]) -> None:
    """Turn matched delimiters into em and strong tokens (markdown-it emphasis)."""
    index = len(delimiters) - 1
    while index >= 0:
        start = delimiters[index]
        if start.end == -1:
            index -= 1
            continue
        end = delimiters[start.end]
        strong = (
            index > 0
            and delimiters[index - 1].end == start.end + 1
            and delimiters[index - 1].marker == start.marker
            and delimiters[index - 1].token == start.token - 1
            and delimiters[start.end + 1].token == end.token + 1
        )
        tag = "strong" if strong else "em"
        for token, kind, nesting in ((start.token, "open", 1), (end.token, "close", -1)):
            tokens[token].type = f"{tag}_{kind}"
            tokens[token].tag = tag
            tokens[token].nesting = nesting
            tokens[token].content = ""
        if strong:
            tokens[delimiters[index - 1].token].content = ""
            tokens[delimiters[start.end + 1].token].content = ""
            index -= 1
        index -= 1
