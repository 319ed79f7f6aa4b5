"""The Typer command line, built from medinfo.spec: help, completion and usage errors.

Ordinary command lines never get here (medinfo.entry answers them); this is for
`--help`, `--version`, shell completion, and the messages of a malformed line.
"""

from __future__ import annotations

import inspect
import io
import sys
from typing import Any

import click
import typer
from typer.core import TyperGroup

from medinfo.commands import execute
from medinfo.spec import COMMANDS, Argument, Command, Option, route
from medinfo.text import clean


class _Group(TyperGroup):
    """A command group that treats an unknown first word as a drug name for `show`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route the bare form before Click parses it, as the fast path does."""
        if args[:1] in (["--install-completion"], ["--show-completion"]):
            # Their SHELL may be left out, which Typer cannot declare: "" means $SHELL's.
            if len(args) == 1 or args[1].startswith("-"):
                args = [args[0], "", *args[1:]]
            return super().parse_args(ctx, args)  # a shell's name is no drug name
        return super().parse_args(ctx, route(args))


app = typer.Typer(
    cls=_Group,
    help="Look up drug monographs: sections, side effects, doses, FAQs. Offline.",
    epilog="Run `medinfo NAME` for a whole monograph, `medinfo NAME dose` for one section.",
    rich_markup_mode=None,  # help text is shown as written: "[mg/kg]" keeps its brackets
    pretty_exceptions_enable=False,  # never print locals, which may hold monograph text
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        from medinfo import __version__

        sys.stdout.write(f"medinfo {__version__}\n")
        raise typer.Exit()


def _install_completion(shell: str | None) -> None:
    """Install the completion script of a shell (default: $SHELL's) and stop."""
    if shell is not None:
        from medinfo.completion_scripts import install

        sys.stdout.write("".join(f"{line}\n" for line in install(shell)))
        raise typer.Exit()


def _show_completion(shell: str | None) -> None:
    """Print the completion script of a shell (default: $SHELL's) and stop."""
    if shell is not None:
        from medinfo.completion_scripts import script

        sys.stdout.write(script(shell))
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Show version."
    ),
    install_completion: str | None = typer.Option(
        None,
        "--install-completion",
        metavar="[SHELL]",
        callback=_install_completion,
        is_eager=True,
        expose_value=False,
        help="Install TAB completion for bash, zsh or fish (default: the shell of $SHELL).",
    ),
    show_completion: str | None = typer.Option(
        None,
        "--show-completion",
        metavar="[SHELL]",
        callback=_show_completion,
        is_eager=True,
        expose_value=False,
        help="Print the completion script of bash, zsh or fish, to install it by hand.",
    ),
) -> None:
    """Look up drug monographs offline: panels on a terminal, text or JSON in a pipe."""


def _argument(argument: Argument) -> inspect.Parameter:
    """Return the Typer parameter of a positional argument of the spec."""
    annotation: Any = list[str] | None if argument.variadic else str
    if not argument.required and not argument.variadic:
        annotation = str | None
    default = typer.Argument(
        ... if argument.required else None,
        help=argument.help,
        metavar=argument.metavar,
        show_default=False,
    )
    return inspect.Parameter(
        argument.dest, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


class _Number(click.IntRange):
    """A whole number in the option's range; a usage error names the range otherwise."""

    def __init__(self, option: Option) -> None:
        super().__init__(min=option.minimum, max=option.maximum)
        self.words = option.range_words()

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Return the number, or fail with one message for a non-number and for one out of range."""
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"{value!r} is not {self.words}.", param, ctx)


def _option(option: Option, help: str) -> inspect.Parameter:
    """Return the Typer parameter of an option of the spec."""
    annotation: Any
    if option.is_flag:
        annotation = bool
    elif option.multiple:
        annotation = list[str] | None
    elif option.default is None:
        annotation = option.type | None
    else:
        annotation = option.type
    default = typer.Option(
        None if option.multiple else option.default,
        *option.names,
        help=help,
        metavar=option.metavar,
        click_type=_Number(option) if option.type is int else None,
    )
    return inspect.Parameter(
        option.dest, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation
    )


def _typer_command(command: Command) -> None:
    """Add a command of the spec to the Typer app, running it through commands.execute."""

    def callback(**values: Any) -> None:
        for option in command.options:  # Typer gives None for an unused repeatable option
            if option.multiple and values.get(option.dest) is None:
                values[option.dest] = []
        for argument in command.arguments:
            if argument.variadic and values.get(argument.dest) is None:
                values[argument.dest] = []
        code = execute(command.name, values)
        if code:
            raise typer.Exit(code)

    parameters = [_argument(argument) for argument in command.arguments] + [
        _option(option, command.option_help.get(option.dest, option.help))
        for option in command.options
    ]
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__annotations__ = {p.name: p.annotation for p in parameters}
    callback.__name__ = command.name
    callback.__doc__ = command.help.split("\n")[0]
    app.command(command.name, help=command.help, epilog=command.epilog)(callback)


for _command in COMMANDS.values():
    _typer_command(_command)


def run_typer(argv: list[str]) -> int:
    """Run the full command line on argv and return the exit code."""
    try:
        # Not standalone: Click's usage errors come back here, to be shown cleaned.
        code = app(args=argv, prog_name="medinfo", standalone_mode=False)
    except click.ClickException as exc:
        # They quote the command line, whose words a script may have taken from a
        # file: an escape sequence in a word must not reach the terminal.
        shown = io.StringIO()
        exc.show(file=shown)
        sys.stderr.write(clean(shown.getvalue()))
        return exc.exit_code
    except click.Abort:
        sys.stderr.write("Aborted!\n")
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return code if isinstance(code, int) else 0
