"""Section and topic words as a user types them: phrases read whole, mistakes named.

Shared by show, compare, search and list, on the fast path and Typer's alike.
"""

from __future__ import annotations

from typing import TypeVar

from medinfo.errors import USAGE, MedinfoError, NotFound

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

T = TypeVar("T")


def section_keys(words: list[str]) -> list[str]:
    """Return the section or topic keys the user's words select, phrases read whole.

    "side effects" is one key; a word that selects none is a usage error naming the
    nearest words.
    """
    from medinfo.sections import read_words, unread

    keys, unknown = read_words(words)
    if unknown is not None:
        rest = unread(words)
        raise unknown_section(rest[0], rest[1:])
    return list(dict.fromkeys(keys))


def combined(words: list[str]) -> list[str]:
    """Return the words with each "+" joining its neighbours into one name, unquoted.

    `compare paracetamol + codeine warfarin` names two drugs, the first a combination,
    as `show paracetamol + codeine` does.
    """
    names: list[str] = []
    for word in words:
        if names and (word.startswith("+") or names[-1].endswith("+")):
            names[-1] = f"{names[-1]} {word}"
        else:
            names.append(word)
    return names


def section_key(value: str, option: str) -> str:
    """Return the one section or topic key an option's value ("side effects") selects."""
    keys = section_keys([value])
    if len(keys) != 1:
        raise MedinfoError(
            f"{option} takes one section or topic, not {value!r}", USAGE, "see `medinfo sections`"
        )
    return keys[0]


def unknown_section(word: str, after: Sequence[str] = ()) -> MedinfoError:
    """Return the usage error for a word that selects no section or topic.

    after: the words typed after it, with which it may be a mistyped phrase
    ("sidde effects"), named whole.
    """
    from medinfo.sections import nearest_phrase, nearest_words

    typed, near = nearest_phrase([word, *after])
    if not near:
        typed, near = word, nearest_words(word)
    hint = "did you mean: " + ", ".join(near) + "? " if near else ""
    return MedinfoError(
        f"unknown section '{typed}'",
        USAGE,
        hint + "`medinfo sections` lists the words that select each",
    )


def mistyped(words: list[str], after: Sequence[str] = ()) -> None:
    """Raise the usage error of the word most likely a mistyped section word.

    after: the section words that follow them ("sidde effects": "effects" reads).
    """
    from medinfo.sections import nearest_phrase, nearest_words, read_words

    unknown = [n for n, word in enumerate(words) if read_words([word])[1] is not None]
    for n in unknown:
        following = [*words[n + 1 :], *after]
        if nearest_phrase([words[n], *following])[1] or nearest_words(words[n]):
            raise unknown_section(words[n], following)
    if unknown:
        raise unknown_section(words[unknown[0]])


def name_words(words: list[str]) -> int:
    """Return how many leading words belong to the name: the rest read as section words."""
    from medinfo.sections import first_reading

    return first_reading(words)


def longer_name(
    name: str, words: list[str], extra: int, located: Callable[[str], T]
) -> tuple[T, list[str]] | None:
    """Return what more of the words name, and the keys the rest select; None if nothing.

    For a name that ends in section words ("ibuprofen junior strength"), tried when
    the name without them (name_words) names nothing.
    """
    from medinfo.sections import read_words

    for more in range(extra + 1, len(words) + 1):
        rest = words[more:]
        if read_words(rest)[1] is not None:
            continue  # the rest would start inside a phrase ("effects")
        try:
            found = located(" ".join([name, *words[:more]]))
        except NotFound:
            continue
        return found, section_keys(rest)
    return None


def mistyped_names(
    names: list[str], known: Callable[[str], bool], after: Sequence[str] = ()
) -> None:
    """Raise the usage error of a name that no drug has and that is close to a section word.

    after: the section words that follow the names.
    """
    from medinfo.sections import nearest_phrase, nearest_words

    for n, name in enumerate(names):
        following = [*names[n + 1 :], *after]
        if (nearest_phrase([name, *following])[1] or nearest_words(name)) and not known(name):
            raise unknown_section(name, following)
