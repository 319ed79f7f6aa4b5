"""The option and argument of a command line, as plain data (medinfo.spec declares them)."""

from __future__ import annotations

# Plain classes rather than dataclasses or NamedTuple: this module is imported on
# every call, which does not otherwise import dataclasses (about 5 ms with inspect,
# ast, dis and tokenize), and each slotted dataclass costs about 0.2 ms to make.


class Option:
    """An option: its names, whether it takes a value, its default, range and help."""

    __slots__ = (
        "default",
        "dest",
        "help",
        "maximum",
        "metavar",
        "minimum",
        "multiple",
        "names",
        "type",
    )

    def __init__(
        self,
        dest: str,
        names: tuple[str, ...],
        help: str,
        *,
        type: type[str] | type[int] | type[bool] = str,
        default: object = None,
        multiple: bool = False,
        metavar: str | None = None,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> None:
        self.dest = dest
        self.names = names
        self.help = help
        self.type = type
        self.default = default if default is not None or type is not bool else False
        self.multiple = multiple
        self.metavar = metavar
        # A number's range, both ends included: the fast path and Click refuse the rest.
        self.minimum = minimum
        self.maximum = maximum

    def in_range(self, number: int) -> bool:
        """Tell whether a number is within the option's range."""
        return (self.minimum is None or number >= self.minimum) and (
            self.maximum is None or number <= self.maximum
        )

    def range_words(self) -> str:
        """Return the option's range in words, as usage errors and the README give it."""
        low = "" if self.minimum is None else f" from {self.minimum:,}"
        high = "" if self.maximum is None else f" to {self.maximum:,}"
        return f"a whole number{low}{high}"

    @property
    def is_flag(self) -> bool:
        """Tell whether the option is a flag, which takes no value."""
        return self.type is bool


class Argument:
    """A positional argument: required, optional, or any number of words."""

    __slots__ = ("dest", "help", "metavar", "required", "variadic")

    def __init__(
        self,
        dest: str,
        help: str,
        *,
        metavar: str,
        required: bool = True,
        variadic: bool = False,
    ) -> None:
        self.dest = dest
        self.help = help
        self.metavar = metavar
        self.required = required and not variadic
        self.variadic = variadic
