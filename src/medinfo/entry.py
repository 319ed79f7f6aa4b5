"""The `medinfo` program: a fast path for the hot commands, Typer for everything else.

Scripts call `medinfo NAME SECTION` and `medinfo search ...` in loops, and importing
Click and Typer alone costs 35-50 ms, more than the answer itself. So the plain
forms of `show` and `search` are recognised here and run the same code the Typer
commands run (medinfo.commands). Anything else, or anything unusual (help, an
unknown option, a malformed value), goes to the full Typer command line, which
gives the help and usage errors.
"""

from __future__ import annotations

import os
import sys

_COMMANDS = {"show", "search", "list", "sections", "export", "index"}
_VALUED = {
    "--dir": "dirs",
    "-d": "dirs",
    "--format": "fmt",
    "-f": "fmt",
    "--section": "section",
    "-s": "section",
    "--limit": "limit",
    "-n": "limit",
}
_FLAGS = {"--json": "as_json", "--no-color": "no_color"}
# Every option of any command that takes a value (the Typer routing needs them too).
VALUE_OPTIONS = frozenset({*_VALUED, "--missing"})


def fast_parse(argv: list[str]) -> tuple[str, dict[str, object]] | None:
    """Return (command, arguments) for a plain show or search; None to leave it to Typer."""
    options: dict[str, object] = {"dirs": [], "fmt": None, "as_json": False, "no_color": False}
    positionals: list[str] = []
    given: set[str] = set()
    index = 0
    while index < len(argv):
        arg = argv[index]
        if arg.startswith("-") and arg != "-":
            name, equals, value = arg.partition("=")
            if name in _FLAGS and not equals:
                options[_FLAGS[name]] = True
            elif name in _VALUED and ((equals and name.startswith("--")) or not equals):
                if not equals:
                    if index + 1 >= len(argv):
                        return None
                    index += 1
                    value = argv[index]
                key = _VALUED[name]
                if key == "dirs":
                    options["dirs"].append(value)  # type: ignore[union-attr]
                elif key in given:
                    return None  # given twice: let Click apply its rules
                else:
                    options[key] = value
                    given.add(key)
            else:
                return None
        else:
            positionals.append(arg)
        index += 1
    if not positionals:
        return None
    if positionals[0] == "search":
        if len(positionals) != 2:
            return None
        try:
            limit = int(str(options.pop("limit", 20)))
        except ValueError:
            return None
        if limit < 1:
            return None
        return "search", {
            **options,
            "query": positionals[1],
            "limit": limit,
            "section": options.pop("section", None),
        }
    if "limit" in options or "section" in options:
        return None
    if positionals[0] == "show":
        positionals = positionals[1:]
    elif positionals[0] in _COMMANDS:
        return None
    if not positionals:
        return None
    return "show", {**options, "name": positionals[0], "words": positionals[1:]}


def _fast_run(command: str, args: dict[str, object]) -> int:
    """Run a show or search parsed by fast_parse."""
    from medinfo import commands
    from medinfo.errors import MedinfoError

    try:
        call = commands.Call(
            args["dirs"] or None,  # type: ignore[arg-type]
            args["fmt"],  # type: ignore[arg-type]
            bool(args["as_json"]),
            bool(args["no_color"]),
        )
        if command == "show":
            return commands.show(call, str(args["name"]), list(args["words"]))  # type: ignore[call-overload]
        return commands.search(
            call,
            str(args["query"]),
            args["section"],
            int(args["limit"]),  # type: ignore[arg-type,call-overload]
        )
    except MedinfoError as exc:
        return commands.report(exc)


def main(argv: list[str] | None = None) -> int:
    """Run medinfo on argv (default: the process's arguments) and return the exit code."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        parsed = fast_parse(argv)
        if parsed is not None:
            return _fast_run(*parsed)
        from medinfo.cli import run_typer

        return run_typer(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`medinfo list | head`): stop quietly, as Click does.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def run() -> None:
    """Run the `medinfo` console script."""
    sys.exit(main())
