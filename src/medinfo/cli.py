"""The command line: parse arguments, ask the library, hand the answer to a renderer."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import click
import typer
from typer.core import TyperGroup

from medinfo.errors import NOT_FOUND, USAGE, MedinfoError, NotFound

# Options that take a value, so routing can tell a value from a drug name.
_VALUE_OPTIONS = {"--dir", "-d", "--format", "-f", "--section", "-s", "--limit", "-n", "--missing"}
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
        if arg in _VALUE_OPTIONS and index + 1 < len(args):
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


class Call:
    """What every command shares: output options, error reporting, the library."""

    def __init__(self, dirs: list[str] | None, fmt: str | None, as_json: bool, no_color: bool):
        from medinfo.render import FORMATS, choose, module

        if fmt is not None and fmt not in FORMATS:
            raise MedinfoError(
                f"unknown format '{fmt}'", USAGE, "choose one of: " + ", ".join(FORMATS)
            )
        self.dirs = dirs
        self.options = choose(fmt, as_json, no_color)
        self.render = module(self.options)

    def library(self, **open_options: Any) -> Any:
        """Open the library over the chosen directories, with a progress bar if slow."""
        from medinfo.library import Library
        from medinfo.render.progress import factory

        library = Library(self.dirs, progress=factory(self.options.format == "rich"))
        library.open(**open_options)
        warn_skipped(library.stats.skipped)
        return library

    @staticmethod
    def report_skipped(library: Any) -> None:
        """Report every file of the collection that is skipped, not only those parsed now."""
        already = {path for path, _ in library.stats.skipped}
        warn_skipped([item for item in library.skipped() if item[0] not in already])


def warn(message: str, hint: str | None = None) -> None:
    """Write a message for people to stderr."""
    from medinfo.text import clean

    sys.stderr.write(clean(message) + "\n")
    if hint:
        sys.stderr.write(f"  {clean(hint)}\n")


def warn_skipped(skipped: list[tuple[str, str]]) -> None:
    """Report files that could not be parsed, one line each: path and reason."""
    for path, reason in skipped:
        warn(f"warning: skipped {path}: {reason}")


@contextmanager
def errors() -> Iterator[None]:
    """Turn expected failures into "Error: ..." on stderr and the documented exit code."""
    try:
        yield
    except MedinfoError as exc:
        warn(f"Error: {exc.message}", exc.hint)
        raise typer.Exit(exc.code) from None
    except KeyboardInterrupt:
        raise typer.Exit(130) from None


def section_keys(words: list[str]) -> list[str]:
    """Return the section keys the user's words select; unknown words are a usage error."""
    from medinfo.sections import KEYS, user_key

    keys: list[str] = []
    for word in words:
        key = user_key(word)
        if key is None:
            raise MedinfoError(
                f"unknown section '{word}'",
                USAGE,
                "sections: " + ", ".join(KEYS) + " (see `medinfo sections`)",
            )
        keys.append(key)
    return list(dict.fromkeys(keys))


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


@app.command()
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
    from medinfo.sections import user_key

    with errors():
        call = Call(dirs, fmt, as_json, no_color)
        words = list(sections or [])
        # "medinfo show metoprolol succinate dose": leading words that are not
        # section names may be the rest of a drug's name.
        extra = 0
        while extra < len(words) and user_key(words[extra]) is None:
            extra += 1
        keys = section_keys(words[extra:])
        library = call.library()
        if extra:
            joined = " ".join([name, *words[:extra]])
            try:
                monograph = library.show(joined)
            except NotFound:
                section_keys(words[:extra])  # report the unknown section, exit 2
                raise
        else:
            monograph = library.show(name)
        chosen = monograph.select(keys) if keys else monograph.sections
        if keys and not chosen:
            raise NotFound(
                f"{monograph.name} has no {', '.join(keys)} section",
                "its sections: " + ", ".join(dict.fromkeys(s.key for s in monograph.sections)),
            )
        call.render.show(monograph, chosen, not keys, call.options)


@app.command()
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
    with errors():
        call = Call(dirs, fmt, as_json, no_color)
        key = section_keys([section])[0] if section else None
        hits = call.library().search(query, key, limit)
        if not hits:
            if call.options.format == "json":
                call.render.search(query, hits, call.options)
            raise NotFound(f"no matches for {query!r}")
        call.render.search(query, hits, call.options)


@app.command("list")
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
    with errors():
        call = Call(dirs, fmt, as_json, no_color)
        has = section_keys([section])[0] if section else None
        lacks = section_keys([missing])[0] if missing else None
        library = call.library()
        Call.report_skipped(library)
        entries = library.entries(pattern, has, lacks)
        if count:
            sys.stdout.write(f"{len(entries)}\n")
        else:
            call.render.listing(entries, call.options)
        if not entries:
            raise typer.Exit(NOT_FOUND)


@app.command()
def sections(
    fmt: FormatOption = None,
    as_json: JsonOption = False,
    no_color: NoColorOption = False,
) -> None:
    """List the section keys and the words that select them."""
    from medinfo.sections import KEYS, TITLES, user_words

    with errors():
        call = Call(None, fmt, as_json, no_color)
        words = user_words()
        rows = [(key, TITLES[key], [w for w in words[key] if w != key]) for key in KEYS]
        call.render.keys(rows, call.options)


@app.command()
def export(dirs: DirOption = None) -> None:
    """Print every monograph as JSON Lines, one object per file."""
    from medinfo.render.jsonout import dump

    with errors():
        library = Call(dirs, "json", True, True).library(verify=True)
        Call.report_skipped(library)
        write = sys.stdout.write
        for monograph in library.export():
            write(dump(monograph.to_dict()) + "\n")


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
    import time

    with errors():
        call = Call(dirs, fmt, as_json, no_color)
        started = time.perf_counter()
        library = call.library(rebuild=rebuild, verify=True)
        if path:
            sys.stdout.write(f"{library.index.path or ':memory:'}\n")
            return
        stats = library.stats
        counts = library.counts()
        report: dict[str, Any] = {
            "directories": ", ".join(library.roots),
            "index": str(library.index.path) if not library.index.in_memory else "(in memory)",
            "files": counts["files"],
            "monographs": counts["monographs"],
            "sections": counts["sections"],
            "parsed_now": stats.parsed,
            "removed_now": stats.removed,
            "rebuilt": stats.rebuilt,
            "seconds": round(time.perf_counter() - started, 3),
            "skipped": library.skipped(),
        }
        call.render.stats(report, call.options)


def main() -> None:
    """Run the command line (the `medinfo` console script)."""
    app(prog_name="medinfo")
