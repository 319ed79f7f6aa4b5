"""Shell completion, answered by medinfo itself: commands, options, drug names, section words.

Every TAB starts the program, so this path imports neither Click, Typer nor Rich,
and never refreshes: drug names come from the index that earlier calls built,
opened read-only; without one, a small collection is indexed on the spot and a
larger one offers no names (medinfo.completion_index). The scripts of
medinfo.completion_scripts speak Click's protocol: `_MEDINFO_COMPLETE` is
`bash_complete`, `zsh_complete` or `fish_complete`; COMP_WORDS holds the words up to
the cursor as the shell quoted them, COMP_CWORD the number of the word being
completed (fish: the line up to the cursor). `*_source` prints the script. The
answer is the kind of candidates, `plain` (or `dir`: the shell completes
directories), then a candidate a line, quoted for bash when bash asks. Unlike
Click's answer, the kind comes once, not on every line: 30,000 names then take a
shell milliseconds, not half a second.
"""

from __future__ import annotations

import os
import re
import sys

from medinfo.completion_scripts import SHELLS, script

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from medinfo.index.store import Store

ENV = "_MEDINFO_COMPLETE"
SHELL_OPTIONS = ("--install-completion", "--show-completion")
FORMATS = ("rich", "plain", "json", "markdown")
# How long a TAB may wait for another process writing the index: it must not hang.
BUSY_SECONDS = 0.1

# Control characters, line and paragraph separators, zero-width and bidi formatting
# characters: none of them may reach a command line, where they would hide or
# reorder what is run, or end the line.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]+")
# A backslash before every ASCII character but letters, digits and _.,/+@%- (spaces,
# quotes, $, `, (, ~, and the word breaks = and : of COMP_WORDBREAKS); no other
# character means anything to bash.
_BASH_SPECIAL = "\\" + "".join(
    char for char in map(chr, range(32, 127)) if not char.isalnum() and char not in "\\_.,/+@%-"
)


def sanitised(text: str) -> str:
    """Return text fit to offer to a shell: one line, no control or formatting characters."""
    return " ".join(_UNSAFE.sub(" ", text).split())


def all_sanitised(texts: list[str]) -> list[str]:
    """Return each text sanitised, without the empty ones, in a tenth of the time for many."""
    if "".join(texts).isprintable():  # one look at 30,000 names, which nearly always pass
        stripped = [text.strip() for text in texts]
    else:
        stripped = [sanitised(text) for text in texts]
    return [text for text in stripped if text]


class Word:
    """A word of the command line: its value without quoting, and the quote left open."""

    __slots__ = ("before", "quote", "value")

    def __init__(self, value: str = "", quote: str = "", before: int = 0) -> None:
        self.value = value
        self.quote = quote  # '"' or "'" when the word ends inside quotes, else ""
        self.before = before  # how much of value came before that quote opened


def split(line: str, fish: bool = False) -> tuple[list[Word], bool]:
    """Split a command line as a POSIX shell (or fish) does; tell whether it ends inside a word."""
    # What a backslash escapes inside single and double quotes.
    escapes = {"'": "'\\" if fish else "", '"': '"\\$\n' if fish else '"\\$`\n'}
    words: list[Word] = []
    value: list[str] = []
    quote, before, inside, index = "", 0, False, 0
    while index < len(line):
        char = line[index]
        index += 1
        if quote:
            if char == quote:
                quote = ""
            elif char == "\\" and index < len(line) and line[index] in escapes[quote]:
                value.append(line[index])
                index += 1
            else:
                value.append(char)
        elif char in " \t\n":
            if inside:
                words.append(Word("".join(value)))
                value, inside = [], False
        elif char in "'\"":
            quote, before, inside = char, len(value), True
        elif char == "\\":
            inside = True
            if index < len(line):
                value.append(line[index])
                index += 1
        else:
            value.append(char)
            inside = True
    if inside:
        words.append(Word("".join(value), quote, before if quote else 0))
    return words, inside


def arguments(shell: str, env: Mapping[str, str]) -> tuple[list[str], Word]:
    """Return the finished words after the program's name, and the word being completed."""
    words, inside = split(env.get("COMP_WORDS", ""), fish=shell == "fish")
    if shell == "fish":  # the line up to the cursor: its last word is unfinished, if any
        current = words.pop() if inside and len(words) > 1 else Word()
        return [word.value for word in words[1:]], current
    cword = int(env.get("COMP_CWORD", "0") or 0)
    current = words[cword] if 0 < cword < len(words) else Word()
    return [word.value for word in words[1:cword]], current


def respond(env: Mapping[str, str] | None = None) -> int:
    """Answer the shell's completion request in the environment; return the exit code."""
    env = os.environ if env is None else env
    shell, _, instruction = env.get(ENV, "").partition("_")
    if shell not in SHELLS or instruction not in ("source", "complete"):
        return 1
    if instruction == "source":
        sys.stdout.write(script(shell))
        return 0
    try:
        args, current = arguments(shell, env)
        # fish keeps only candidates that begin as typed; bash puts one in place of
        # what follows an open quote, not of the whole word.
        replaces = shell == "zsh" or (shell == "bash" and not current.before)
        text = answer(shell, candidates(args, current, replaces), current)
    except Exception:  # a traceback would land in the user's command line: offer nothing
        return 1
    except KeyboardInterrupt:  # Ctrl-C at a TAB that builds: nothing offered, nothing said
        from medinfo.errors import INTERRUPTED

        return INTERRUPTED
    sys.stdout.write(text)
    return 0


def answer(shell: str, found: list[tuple[str, str]], current: Word) -> str:
    """Return the candidates as the shell's script reads them: the kind, then a value a line."""
    kind = "dir" if ("dir", "") in found else "plain"
    values = [value for each, value in found if each == "plain"]
    if shell == "bash":  # bash inserts what it is given: quoted here
        values = bash_quoted(values, current)
    return "".join(f"{line}\n" for line in [kind, *values])


def bash_quoted(values: list[str], current: Word) -> list[str]:
    """Return values quoted as the word being completed is, for bash to insert as they are.

    Inside an open quote, readline replaces only the text after that quote, and
    closes it after a single match.
    """
    if not values:
        return []
    # Quoted all at once, a line each (no value holds a newline): a TAB may list 30,000.
    text = "\n".join([value[current.before :] for value in values] if current.before else values)
    if current.quote == "'":
        return text.replace("'", "'\\''").split("\n")
    specials = '\\"$`' if current.quote == '"' else _BASH_SPECIAL
    for char in specials:  # the backslash first
        if char in text:
            text = text.replace(char, "\\" + char)
    if current.quote == '"':  # no history expansion, which double quotes do not stop
        text = text.replace("!", '"\\!"')
    return text.split("\n")


def candidates(args: list[str], current: Word, replaces: bool = True) -> list[tuple[str, str]]:
    """Return what may stand in the word being completed, after args: (kind, value) pairs.

    replaces: whether the shell puts a candidate that does not begin as typed in
    the word's place (fish keeps only those that do).
    """
    from medinfo.spec import COMMANDS, OPTIONS, TOP_LEVEL

    typed = current.value
    by_name = {name: option for option in OPTIONS.values() for name in option.names}
    command: str | None = None
    positionals: list[str] = []
    dirs: list[str] = []
    used: set[str] = set()
    pending = None  # the option whose value comes next
    options_end = False
    if args and args[0] in SHELL_OPTIONS:  # --install-completion [SHELL]
        return _matching(SHELLS, typed) if len(args) == 1 else []
    for arg in args:
        if pending is not None:
            if arg != "=":  # bash's COMP_WORDS cut "--format=json" at the "="
                if pending.dest == "dirs":
                    dirs.append(arg)
                pending = None
            continue
        if arg == "--":
            options_end = True
        elif arg.startswith("-") and arg != "-" and not options_end:
            name, equals, value = arg.partition("=")
            option = by_name.get(name)
            if option is not None:
                used.add(option.dest)
                if not option.is_flag:
                    if not equals:
                        pending = option
                    elif option.dest == "dirs":
                        dirs.append(value)
        elif command is None:
            command = arg if arg in COMMANDS else "show"  # `medinfo NAME` means show NAME
            if command == "show" and arg != "show":
                positionals.append(arg)
        else:
            positionals.append(arg)
    if pending is None and not options_end and typed.startswith("--") and "=" in typed:
        name, _, typed = typed.partition("=")
        pending = by_name.get(name)
        prefix = name + "="  # zsh and fish complete "--format=js" as one word
        if pending is None or pending.is_flag:
            return []
        values = _values(pending.dest, typed, dirs)
        return [(kind, prefix + value if kind == "plain" else value) for kind, value in values]
    if pending is not None:  # bash completes "--format=" as the word "=", then after it
        return _values(pending.dest, "" if typed == "=" else typed, dirs)
    if typed.startswith("-") and typed != "-" and not options_end:
        names: list[str] = []
        # Before a command, the program's own options and those of `show`, which a name
        # stands for; after one, that command's.
        names += [*TOP_LEVEL, *SHELL_OPTIONS] if command is None else ["--help"]
        for option in COMMANDS[command or "show"].options:
            if option.multiple or option.dest not in used:
                names += option.names
        longs = [name for name in names if name.startswith("--")]
        found = _matching(longs, typed) or _matching(names, typed)
        return list(dict.fromkeys(found))
    if command is None:
        names = _names(typed, dirs, replaces)
        return _matching(COMMANDS, typed) + [("plain", name) for name in names]
    return _positional(command, positionals, typed, dirs, replaces)


# The commands whose words are drug names.
_NAMED = ("show", "compare", "interactions", "diff")


def _positional(
    command: str, positionals: list[str], typed: str, dirs: list[str], replaces: bool
) -> list[tuple[str, str]]:
    """Return what the next positional word of a command may be."""
    place = len(positionals)
    words: list[tuple[str, str]] = []
    if command == "show" and place > 0:
        return _sections_next(positionals[1:], typed)
    if command == "compare" and place > 1:  # a third name, or the first section
        from medinfo.sections import starts_phrase

        words = _sections_next(positionals[2:], typed)
        if _only_begins(positionals[2:]) and _phrase_next(positionals[2:], typed):
            return words  # "side": the start of "side effects", so no name comes next
        # Sections come after every name, read as the command reads them ("side effects").
        if any(starts_phrase(positionals[n:]) for n in range(2, place)):
            return words
    elif command == "diff" and place > 0:  # a second name, or the first section
        words = _sections_next(positionals[1:], typed)
        if place > 1:
            return words
    elif command not in _NAMED and (command, place) != ("list", 0):
        return []
    return [("plain", name) for name in _names(typed, dirs, replaces)] + words


def _sections_next(before: list[str], typed: str) -> list[tuple[str, str]]:
    """Return the section words that may come next: after "side", only "effects"."""
    phrase = _phrase_next(before, typed)
    if phrase and _only_begins(before):
        return phrase
    return list(dict.fromkeys(phrase + _matching(section_words(), typed)))


def _phrase_next(before: list[str], typed: str) -> list[tuple[str, str]]:
    """Return the next words of the phrases the last words typed begin ("side" -> "effects")."""
    from medinfo.sections import user_words

    tail = " ".join(before[-3:]).casefold().replace("-", " ").replace("_", " ").split()
    following: set[str] = set()
    for spoken in user_words().values():
        for phrase in spoken:
            parts = phrase.split(" ")
            for size in range(1, min(len(parts), len(tail) + 1)):
                if parts[:size] == tail[-size:]:
                    following.add(parts[size])
    return _matching(sorted(following), typed)


def _only_begins(before: list[str]) -> bool:
    """Tell whether the last word typed selects nothing alone, only as a phrase's start."""
    from medinfo.sections import read_words

    return bool(before) and read_words(before[-1:])[1] is not None


def _values(dest: str, typed: str, dirs: list[str]) -> list[tuple[str, str]]:
    """Return the values an option may take."""
    if dest == "dirs":
        return [("dir", "")]
    if dest == "fmt":
        return _matching(FORMATS, typed)
    if dest in ("section", "missing"):
        return _matching(section_words(), typed)
    if dest in ("route", "form"):
        from medinfo.choice import FORM_OFFERED, ROUTE_WORDS

        offered = [w for w in ROUTE_WORDS if " " not in w] if dest == "route" else FORM_OFFERED
        return _matching(offered, typed)
    if dest == "labeler":
        store = _store(dirs)
        if store is None:
            return []
        try:
            labelers = sorted(set(all_sanitised(store.labelers())), key=str.casefold)
        finally:
            store.conn.close()
        return _matching(labelers, typed)
    return []


def _matching(words: Iterable[str], typed: str) -> list[tuple[str, str]]:
    """Return the words that begin as typed, ignoring case, each keeping what was typed."""
    if not typed:
        return [("plain", word) for word in words]
    found: list[tuple[str, str]] = []
    size = len(typed)
    folded = typed.casefold().replace("_", "-")
    for word in words:
        if word[:size].casefold().replace("_", "-") == folded:
            found.append(("plain", typed + word[size:]))
    return found


def section_words() -> list[str]:
    """Return the words that select a section or topic, one word each: keys and their synonyms."""
    from medinfo.sections import KEYS, TOPIC_KEYS, user_words

    words = {key.replace("_", "-") for key in (*KEYS, *TOPIC_KEYS)}
    for spoken in user_words().values():
        words.update(word for word in spoken if " " not in word)
    return sorted(words)


def _store(dirs: list[str]) -> Store | None:
    """Open the index of the directories in effect; None if there is none to be had."""
    from medinfo.completion_index import opened
    from medinfo.errors import MedinfoError
    from medinfo.library import resolve_dirs

    try:
        roots = resolve_dirs(dirs or None)
    except MedinfoError:  # a directory that is not there has no index
        return None
    return opened(roots, BUSY_SECONDS)


def _names(typed: str, dirs: list[str], replaces: bool = True) -> list[str]:
    """Return the drug names and aliases that complete what was typed, from the index."""
    import sqlite3

    from medinfo.text import fold

    store = _store(dirs)
    if store is None:
        return []
    key = fold(typed)
    titles: list[str] = []
    rows: list[tuple[str, int, str]] = []
    try:
        if key:
            rows = store.names_from(key)
        else:  # the titles alone, in listing order: each drug once, not thrice
            titles = store.names()
    except sqlite3.Error:
        return []
    finally:
        store.conn.close()
    if not key:
        labels = list(dict.fromkeys(all_sanitised(titles)))
        return [value for _, value in _matching(labels, typed)] if typed else labels
    # One spelling per key: the title before an alias, an alias before the file name.
    best: dict[str, tuple[int, str]] = {}
    for norm, rank, label in rows:
        order = (1, 2, 0).index(rank)
        if norm not in best or order < best[norm][0]:
            best[norm] = (order, label)
    labels = sorted(set(all_sanitised([label for _, label in best.values()])), key=str.casefold)
    literal = [value for _, value in _matching(labels, typed)]
    if literal:
        return list(dict.fromkeys(literal))
    # Matched by key alone ("paracetamol co" for "Paracetamol + Codeine"): one is put
    # in the word's place; several keep what was typed, so the shell does not cut it.
    if len(labels) == 1 and replaces:
        return labels
    found = (_aligned(typed, key, label) for label in labels)
    return list(dict.fromkeys(value for value in found if value))


def _aligned(typed: str, key: str, label: str) -> str | None:
    """Return typed followed by the rest of label after the part whose key typed matches."""
    from medinfo.text import fold

    for cut in range(1, len(label) + 1):
        part = fold(label[:cut])
        if part == key:
            return typed + label[cut:]
        if not key.startswith(part):
            return None
    return None
