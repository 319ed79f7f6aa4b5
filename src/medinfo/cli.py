"""The command line: parse arguments, ask the library, hand the answer to a renderer."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import click
import typer
from typer.core import TyperGroup

from medinfo.entry import VALUE_OPTIONS
from medinfo.errors import MedinfoError

_TOP_OPTIONS = {"--help", "-h", "--version", "-V"}


def route(args: list[str], commands: set[str]) -> list[str]:
    """Turn `medinfo NAME ...` into `medinfo show NAME ...`, and allow options first."""
    leading: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            break
        if not arg.startswith("-") or arg == "-":
            break
        if arg in _TOP_OPTIONS:
            return args
        leading.append(arg)
        if arg in VALUE_OPTIONS and index + 1 < len(args):  # its value is not a drug name
            leading.append(args[index + 1])
            index += 1
        index += 1
    rest = args[index:]
    if not rest:
        return args
    if rest[0] in commands:
        return [rest[0], *leading, *rest[1:]]
    return ["show", *leading, *rest]


class _Group(TyperGroup):
    """A command group that treats an unknown first word as a drug name for `show`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Route the bare form before Click parses it."""
        return super().parse_args(ctx, route(args, set(self.commands)))


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

DirOption = Annotated[
    list[str] | None,
    typer.Option(
        "--dir",
        "-d",
        metavar="PATH",
        help="Monograph directory (repeatable; the first wins). Default: MEDINFO_PATH, "
        "else the bundled collection.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich, plain, json or markdown. Default: rich on a terminal, plain in a pipe.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
NoColorOption = Annotated[bool, typer.Option("--no-color", help="No colour (also NO_COLOR).")]


def _run(action: Callable[[], int]) -> None:
    """Run a command; expected failures become "Error: ..." and the documented exit code."""
    from medinfo import commands

    try:
        code = action()
    except MedinfoError as exc:
        code = commands.report(exc)
    except KeyboardInterrupt:
        code = 130
    if code:
        raise typer.Exit(code)


def _version(value: bool) -> None:
    """Print the version and stop."""
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"medinfo {version('medinfo')}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show version."),
    ] = False,
) -> None:
    """Look up drug monographs offline: panels on a terminal, text or JSON in a pipe."""


@app.command(
    help="Show a monograph, or only the named sections.\n\n"
    "NAME is a file name, title, brand name or combination in any spelling "
    "(paracetamol + codeine, codeine-paracetamol). SECTIONS are words such as dose, "
    "uses, side-effects, warnings, moa, faq; `medinfo sections` lists them all.",
    epilog="Examples: medinfo show warfarin | medinfo warfarin dose faq | medinfo coumadin --json",
)
def show(
    name: Annotated[str, typer.Argument(help="Drug name, brand name or combination.")],
    sections: Annotated[
        list[str] | None, typer.Argument(help="Sections to show, e.g. dose side-effects faq.")
    ] = None,
    dirs: DirOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Show a monograph, or only the named sections."""
    from medinfo import commands

    _run(lambda: commands.show(commands.Call(dirs, fmt, as_json, no_color), name, sections or []))


@app.command(
    help="Search the text of all monographs, best matches first.\n\n"
    'QUERY is words (all must match), "a phrase" in double quotes, or a prefix like '
    "zost*; AND, OR, NOT and parentheses work as operators. Matching ignores case "
    "and accents.",
    epilog='Examples: medinfo search "herpes zoster" --section side-effects | '
    "medinfo search 'nausea OR vomiting' --limit 5",
)
def search(
    query: Annotated[str, typer.Argument(help='Words, "a phrase", or a prefix like zost*.')],
    section: Annotated[
        str | None, typer.Option("--section", "-s", metavar="KEY", help="Search one section only.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most hits to show.")] = 20,
    dirs: DirOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Search the text of all monographs, best matches first."""
    from medinfo import commands

    _run(
        lambda: commands.search(commands.Call(dirs, fmt, as_json, no_color), query, section, limit)
    )


@app.command(
    "list",
    help="List monographs, one name a line in a pipe.\n\n"
    "PATTERN is part of a name or brand name, or a glob such as 'amox*'.",
    epilog="Examples: medinfo list --section faqs --count | medinfo list --missing dosage",
)
def list_(
    pattern: Annotated[
        str | None, typer.Argument(help="Part of a name, or a glob like 'amox*'.")
    ] = None,
    section: Annotated[
        str | None, typer.Option("--section", "-s", metavar="KEY", help="Only monographs with it.")
    ] = None,
    missing: Annotated[
        str | None, typer.Option("--missing", metavar="KEY", help="Only monographs without it.")
    ] = None,
    count: Annotated[bool, typer.Option("--count", "-c", help="Print only how many.")] = False,
    dirs: DirOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """List monographs, one name a line in a pipe."""
    from medinfo import commands

    _run(
        lambda: commands.listing(
            commands.Call(dirs, fmt, as_json, no_color), pattern, section, missing, count
        )
    )


@app.command()
def sections(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """List the section keys and the words that select them."""
    from medinfo import commands

    _run(lambda: commands.sections(commands.Call(None, fmt, as_json, no_color)))


@app.command()
def export(dirs: DirOption = None) -> None:
    """Print every monograph as JSON Lines, one object per file."""
    from medinfo import commands

    _run(lambda: commands.export(dirs))


@app.command()
def index(
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start from scratch.")] = False,
    path: Annotated[bool, typer.Option("--path", help="Print the index file's path only.")] = False,
    dirs: DirOption = None,
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """Build or refresh the index now, checking every file, and print statistics."""
    from medinfo import commands

    _run(lambda: commands.index(commands.Call(dirs, fmt, as_json, no_color), rebuild, path))


def run_typer(argv: list[str]) -> int:
    """Run the full command line on argv and return the exit code."""
    try:
        app(args=argv, prog_name="medinfo")
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
