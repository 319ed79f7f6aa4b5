"""The `medinfo` program: ordinary command lines answered without Click or Typer.

Scripts call medinfo in loops, and importing Click and Typer alone costs 35-50 ms,
more than the answer itself. So the ordinary command lines of every command of the
spec (medinfo.spec) are parsed here and run directly; anything else (help, an
unknown option, a malformed value, and the rarer spellings Click also accepts,
such as -n5 or an option given twice) goes to the Typer command
line, which gives the help and the usage errors. Both run the command through the same function,
medinfo.commands.execute, which is the one error boundary.

Shell completion comes first of all: every TAB starts the program, so when the
shell asks (`_MEDINFO_COMPLETE` set), medinfo.completion answers before anything
else is imported.
"""

from __future__ import annotations

import os
import sys

# Set by the shell when it asks for completions: medinfo.completion answers those.
_COMPLETION = "_MEDINFO_COMPLETE"


def fast_parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """Return (command, values) for an ordinary command line; None to leave it to Typer.

    Declines whatever Click might read differently: "--", "-d=x", an option given
    twice, a value Click would reject, a missing or extra argument.
    """
    from medinfo.spec import COMMANDS, route

    if _COMPLETION in os.environ:
        return None
    args = route(argv)
    if not args or args[0] not in COMMANDS:
        return None
    command = COMMANDS[args[0]]
    names = {name: option for option in command.options for name in option.names}
    values = command.defaults()
    given: set[str] = set()
    positionals: list[str] = []
    index = 1
    while index < len(args):
        arg = args[index]
        index += 1
        if not arg.startswith("-") or arg == "-":
            positionals.append(arg)
            continue
        name, equals, value = arg.partition("=")
        option = names.get(name)
        if option is None:
            return None
        if option.is_flag:
            if equals:
                return None
            values[option.dest] = True
            continue
        if not equals:
            if index >= len(args):
                return None
            value = args[index]
            index += 1
        elif not name.startswith("--"):
            return None  # Click reads "-d=x" as the value "=x"
        if option.multiple:
            values[option.dest].append(value)  # type: ignore[attr-defined]
            continue
        if option.dest in given:
            return None  # given twice: Click's rule, Click's business
        given.add(option.dest)
        if option.type is int:
            try:
                number = int(value)
            except ValueError:
                return None
            if not option.in_range(number):
                return None  # Click's usage error names the option and its range
            values[option.dest] = number
        else:
            values[option.dest] = value
    for argument in command.arguments:
        if argument.variadic:
            values[argument.dest], positionals = positionals, []
        elif positionals:
            values[argument.dest] = positionals.pop(0)
        elif argument.required:
            return None
    if positionals:
        return None
    return command.name, values


def main(argv: list[str] | None = None) -> int:
    """Run medinfo on argv (default: the process's arguments) and return the exit code."""
    if _COMPLETION in os.environ:  # a TAB: answered before anything else is imported
        from medinfo.completion import respond

        return respond()
    from medinfo.boundary import guarded
    from medinfo.commands import execute

    argv = sys.argv[1:] if argv is None else argv
    parsed = fast_parse(argv)
    if parsed is not None:
        return execute(*parsed)

    def full() -> int:
        from medinfo.cli import run_typer

        return run_typer(argv)

    return guarded(full)


def run() -> None:
    """Run the `medinfo` console script."""
    import gc

    # A lookup lives for milliseconds and leaves no cycles worth collecting, while the
    # collector's passes over what imports create cost it about 2 ms (4%). Work that
    # runs long, parsing files, turns collection back on (index.build.parse_many).
    gc.disable()
    from medinfo.boundary import guarded

    code = main()

    def flush() -> int:
        # Here, not at exit, where a closed pipe or a full disk could not be reported.
        sys.stdout.flush()
        return code

    sys.exit(guarded(flush))
