"""Every command, argument and option of the command line, declared once, as data.

Two parsers are made from this: the fast path of medinfo.entry, which answers
ordinary command lines without importing Click or Typer, and the Typer commands of
medinfo.cli, which give help, completion and usage errors. So a command or option
is added here, once, and both know it.
"""

from __future__ import annotations

from medinfo.specparts import Argument as Argument
from medinfo.specparts import Option as Option

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence


class Command:
    """A command: its arguments, the options it takes, and its help."""

    __slots__ = ("arguments", "epilog", "help", "name", "option_help", "options")

    def __init__(
        self,
        name: str,
        help: str,
        *,
        arguments: Sequence[Argument] = (),
        options: Sequence[str] = (),
        option_help: dict[str, str] | None = None,
        epilog: str | None = None,
    ) -> None:
        self.name = name
        self.help = help
        self.arguments = tuple(arguments)
        self.options = tuple(OPTIONS[dest] for dest in options)
        # Help of an option worded for this command ("Search one section only.").
        self.option_help = option_help or {}
        self.epilog = epilog

    def defaults(self) -> dict[str, object]:
        """Return every argument and option of the command at its default value."""
        values: dict[str, object] = {}
        for argument in self.arguments:
            values[argument.dest] = [] if argument.variadic else None
        for option in self.options:
            values[option.dest] = [] if option.multiple else option.default
        return values


OPTIONS: dict[str, Option] = {
    option.dest: option
    for option in (
        Option(
            "dirs",
            ("--dir", "-d"),
            "Monograph directory (repeatable; the first wins). Default: MEDINFO_PATH, "
            "else the bundled collection.",
            multiple=True,
            metavar="PATH",
        ),
        Option(
            "fmt",
            ("--format", "-f"),
            "rich, plain, json or markdown. Default: rich on a terminal, plain in a pipe.",
            metavar="FORMAT",
        ),
        Option("as_json", ("--json",), "Same as --format json.", type=bool),
        Option("no_color", ("--no-color",), "No colour: the same as --color never.", type=bool),
        Option(
            "color",
            ("--color",),
            "auto, always or never. Default: auto, colour on a terminal unless NO_COLOR is "
            "set or TERM=dumb; FORCE_COLOR forces it.",
            metavar="WHEN",
        ),
        Option(
            "width",
            ("--width", "-w"),
            "Columns of the terminal view and of an SVG handout. Default: the terminal's (100 "
            "for an SVG).",
            type=int,
            # Narrower than 20, a panel holds a word or two a line; 1000 is wider than
            # any screen, and drawn as quickly as 80 (a million took 8 s and 520 MB).
            minimum=20,
            maximum=1000,
            metavar="N",
        ),
        Option(
            "pager",
            ("--pager",),
            "Page the terminal view even when it fits the screen.",
            type=bool,
        ),
        Option(
            "no_pager",
            ("--no-pager",),
            "Never page. Default: a view taller than the screen goes through MEDINFO_PAGER, "
            "else PAGER, else less.",
            type=bool,
        ),
        Option(
            "html",
            ("--html",),
            "Write what is shown as an HTML page to print or give a patient, to FILE (- for "
            "stdout).",
            metavar="FILE",
        ),
        Option(
            "svg",
            ("--svg",),
            "Write the terminal view as an SVG image to FILE (- for stdout).",
            metavar="FILE",
        ),
        Option("section", ("--section", "-s"), "A section or topic key or word.", metavar="KEY"),
        Option(
            "missing",
            ("--missing",),
            "Only monographs without it (a topic: that it finds nothing in).",
            metavar="KEY",
        ),
        Option(
            "labeler",
            ("--labeler", "-l"),
            "Only FDA labels of this labeler (part of its name).",
            metavar="NAME",
        ),
        Option(
            "route",
            ("--route",),
            "Only FDA labels of this route: oral, injection (or intravenous, intramuscular, "
            "subcutaneous), ophthalmic (eye), otic (ear), topical (skin), nasal, rectal, "
            "transdermal, or a label's own word.",
            metavar="ROUTE",
        ),
        Option(
            "form",
            ("--form",),
            "Only FDA labels of this dosage form: words of the label's form or of what a "
            "pharmacist calls it (tablet, extended-release, capsule, injection, eye drops, "
            "gel, patch).",
            metavar="FORM",
        ),
        Option(
            "ingredient",
            ("--ingredient", "-i"),
            "Only FDA labels naming this ingredient, active or inactive (a word or phrase of "
            "the label's own name: lactose, 'yellow no. 5'); repeatable: all of them.",
            metavar="NAME",
            multiple=True,
        ),
        Option(
            "limit",
            ("--limit", "-n"),
            "Most hits to show.",
            type=int,
            default=20,
            # Every hit of a collection of 50,000 FDA labels (about 40 sections each).
            minimum=1,
            maximum=10_000_000,
            metavar="N",
        ),
        Option("count", ("--count", "-c"), "Print only how many.", type=bool),
        Option("rebuild", ("--rebuild",), "Start from scratch.", type=bool),
        Option(
            "rules", ("--rules",), "List the rules, their ids and severities, and stop.", type=bool
        ),
        Option(
            "select",
            ("--select",),
            "Only these rules: ids (MI301), id prefixes (MI3) or names (no-sections); "
            "repeatable, or comma-separated.",
            multiple=True,
            metavar="RULE",
        ),
        Option(
            "ignore",
            ("--ignore",),
            "Leave out these rules (as --select names them).",
            multiple=True,
            metavar="RULE",
        ),
        Option("strict", ("--strict",), "Fail (exit 1) on warnings too.", type=bool),
        Option("path", ("--path",), "Print the index file's path only.", type=bool),
        Option("exit_code", ("--exit-code",), "Exit 1 if anything changed (as git).", type=bool),
        Option(
            "fetch_limit",
            ("--limit", "-n"),
            "Of a name's many labels, the first N in DailyMed's order.",
            type=int,
            default=25,
            # More labels than DailyMed lists under any one name.
            minimum=1,
            maximum=50_000,
            metavar="N",
        ),
        Option("all_labels", ("--all",), "Every label of the name, however many.", type=bool),
        Option(
            "into",
            ("--into",),
            "The label collection to write. Default: MEDINFO_DATA_DIR, else the user data "
            "directory.",
            metavar="DIR",
        ),
        Option(
            "timeout",
            ("--timeout",),
            "Seconds a request to DailyMed may take in all, before it fails. Default: 30.",
            type=int,
            minimum=1,
            maximum=3600,
            metavar="SECONDS",
        ),
        Option("dry_run", ("--dry-run",), "List what would change; download nothing.", type=bool),
    )
}

# What every command that prints an answer takes: where from, and how it looks.
_LOOK = ("fmt", "as_json", "no_color", "color", "width", "pager", "no_pager")
_OUTPUT = ("dirs", *_LOOK)
# Commands whose terminal view makes a handout.
_HANDOUT = (*_OUTPUT, "html", "svg")
# What `list` narrows a listing by.
_LIST_FILTERS = ("section", "missing", "labeler", "route", "form", "ingredient")

COMMANDS: dict[str, Command] = {
    command.name: command
    for command in (
        Command(
            "show",
            "Show a monograph, or only the named sections.\n\n"
            "NAME is a file name, title, brand name or combination in any spelling "
            "(paracetamol + codeine, codeine-paracetamol), a set id, or an NDC in any form or "
            "the digits a barcode scanner types (50090-0927-0, 50090092700, 350090092707). "
            "SECTIONS are words such as dose, "
            "uses, side-effects, warnings, moa, faq; `medinfo sections` lists them all.",
            arguments=(
                Argument("name", "Drug name, brand name or combination.", metavar="NAME"),
                Argument(
                    "sections",
                    "Sections to show, e.g. dose side-effects faq.",
                    metavar="[SECTIONS]...",
                    variadic=True,
                ),
            ),
            options=("labeler", "route", "form", *_HANDOUT),
            option_help={
                "labeler": "Of the drug's FDA labels, the one of this labeler.",
                "route": "Of the drug's FDA labels, the best of this route (oral, injection, "
                "ophthalmic or eye, otic or ear, topical or skin, nasal...).",
                "form": "Of the drug's FDA labels, the best of this dosage form (tablet, "
                "extended-release, injection, eye drops, gel...).",
            },
            epilog="Examples: medinfo show warfarin | medinfo warfarin dose faq | "
            "medinfo coumadin --json | medinfo show ibuprofen --labeler 'Bryant Ranch' | "
            "medinfo show diclofenac --route eye | medinfo 50090-0927-0 dose | "
            "medinfo anifrolumab --html anifrolumab.html",
        ),
        Command(
            "search",
            "Search the text of all monographs, best matches first.\n\n"
            'QUERY is words (all must match), "a phrase" in double quotes, or a prefix like '
            "zost*; AND, OR, NOT and parentheses work as operators. Matching ignores case "
            "and accents. When more sections match than --limit shows, stderr says how many.",
            arguments=(
                Argument("query", 'Words, "a phrase", or a prefix like zost*.', metavar="QUERY"),
            ),
            options=("section", "limit", *_OUTPUT),
            option_help={"section": "Search one section, or what one topic quotes, only."},
            epilog='Examples: medinfo search "herpes zoster" --section side-effects | '
            "medinfo search 'nausea OR vomiting' --limit 5",
        ),
        Command(
            "list",
            "List monographs, one name a line in a pipe.\n\n"
            "PATTERN is part of a name or brand name, a glob such as 'amox*', or an NDC or "
            "barcode (the labels that list it).",
            arguments=(
                Argument(
                    "pattern",
                    "Part of a name, or a glob like 'amox*'.",
                    metavar="[PATTERN]",
                    required=False,
                ),
            ),
            options=(*_LIST_FILTERS, "count", *_OUTPUT),
            option_help={
                "section": "Only monographs with it (a topic: that it finds something in)."
            },
            epilog="Examples: medinfo list --section faqs --count | medinfo list --missing dosage"
            " | medinfo list --ingredient lactose",
        ),
        Command(
            "compare",
            "Compare drugs side by side: a column per drug, a row per section or topic.\n\n"
            "NAMES come first, then the sections or topics to compare (default: usage, "
            "dosage, side-effects, contraindications, interactions, pregnancy). Each cell "
            "quotes the monograph.",
            arguments=(
                Argument(
                    "words",
                    "Two or more drug names, then sections or topics.",
                    metavar="NAMES... [SECTIONS]...",
                    variadic=True,
                ),
            ),
            options=("route", "form", *_HANDOUT),
            option_help={
                "route": "Of each drug's FDA labels, the best of this route.",
                "form": "Of each drug's FDA labels, the best of this dosage form.",
            },
            epilog="Examples: medinfo compare warfarin apixaban | "
            "medinfo compare ibuprofen aspirin paracetamol renal pregnancy | "
            "medinfo compare diclofenac ketorolac --route oral",
        ),
        Command(
            "interactions",
            "What the monographs say about drugs together: the sentences in each that name "
            "another.\n\n"
            "With one NAME: every drug its text names, and every drug whose text names it, "
            "once each (of many FDA labels of one drug, the one show picks; the others are "
            "counted). A drug is named by its name, an alias, a part of a combination or its "
            "class. This quotes the monographs; it is not an interaction checker.",
            arguments=(
                Argument("names", "One or more drug names.", metavar="NAMES...", variadic=True),
            ),
            options=_HANDOUT,
            epilog="Examples: medinfo interactions warfarin aspirin ibuprofen | "
            "medinfo interactions warfarin",
        ),
        Command(
            "diff",
            "What changed in a label since the version update replaced, or from NAME to NAME.\n\n"
            "Section by section, word by word; SECTIONS (sections or topics) narrow it.",
            arguments=(
                Argument(
                    "words",
                    "A name or set id, or two; then sections or topics.",
                    metavar="NAME [NAME] [SECTIONS]...",
                    variadic=True,
                ),
            ),
            options=("exit_code", *_OUTPUT),
            epilog="Examples: medinfo diff warfarin | medinfo diff warfarin ci | medinfo diff A B",
        ),
        Command(
            "sections",
            "List the section keys and the words that select them.",
            options=_LOOK,
        ),
        Command(
            "export",
            "Print every monograph as JSON Lines, one object per file.",
            options=("dirs",),
        ),
        Command(
            "check",
            "Check a collection: every problem of every file, by rule.\n\n"
            "DIRS are the directories to check (default: --dir, else MEDINFO_PATH, else the "
            "bundled collection). In a pipe a line per problem, path:line: RULE severity: "
            "message, and a summary by rule on stderr. Exit 1 when an error is found (with "
            "--strict, any problem), else 0. It reads the index's parse results where they "
            "are fresh, so it takes seconds on thousands of files.",
            arguments=(
                Argument("paths", "Directories to check.", metavar="[DIR]...", variadic=True),
            ),
            options=("rules", "select", "ignore", "strict", *_OUTPUT),
            epilog="Examples: medinfo check ~/pharmacy/monographs | medinfo check --rules | "
            "medinfo check --select no-sections --json | medinfo check --ignore MI3 --strict",
        ),
        Command(
            "index",
            "Build or refresh the index now, checking every file, and print statistics.",
            options=("rebuild", "path", *_OUTPUT),
        ),
        Command(
            "fetch",
            "Download the current FDA labels of drugs from DailyMed into your collection.\n\n"
            "TERMS are drug names (generic or brand), set ids or NDCs (any form `show` "
            "takes, barcodes too). The collection is MEDINFO_DATA_DIR, else the user data "
            "directory; it is searched beside the bundled monographs. Uses the network, "
            "as `update` does; nothing else does. Exit 3 when DailyMed cannot be reached or "
            "keeps failing; the collection is then as it was.",
            arguments=(
                Argument(
                    "terms", "Drug names, set ids or NDCs.", metavar="TERMS...", variadic=True
                ),
            ),
            options=("fetch_limit", "all_labels", "into", "timeout", *_LOOK[:4]),
            epilog="Examples: medinfo fetch rivaroxaban | medinfo fetch warfarin --all | "
            "medinfo fetch 50090-0927-0 | medinfo fetch 350090092707",
        ),
        Command(
            "update",
            "Download the newer versions of the fetched labels, keeping each replaced one.\n\n"
            "Names each label updated (warfarin (Teva): version 12 -> 13); `medinfo diff "
            "NAME` shows what changed. Exit 3 when DailyMed cannot be reached or keeps failing.",
            options=("dry_run", "into", "timeout", *_LOOK[:4]),  # no view to page
            option_help={
                "into": "The label collection to update. Default: MEDINFO_DATA_DIR, "
                "else the user data directory."
            },
            epilog="Examples: medinfo update --dry-run | medinfo update",
        ),
    )
}

# Options of the program itself, before any command; Typer answers them.
TOP_LEVEL = ("--help", "-h", "--version", "-V")
# Every option name that takes a value, whichever command it belongs to.
VALUE_NAMES = frozenset(
    name for option in OPTIONS.values() if not option.is_flag for name in option.names
)


def route(args: list[str]) -> list[str]:
    """Turn `medinfo NAME ...` into `medinfo show NAME ...`, and allow options first.

    Both parsers route with this, so `medinfo --dir x warfarin` means the same to both.
    """
    leading: list[str] = []
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--" or not arg.startswith("-") or arg == "-":
            break
        if arg in TOP_LEVEL:
            return args
        leading.append(arg)
        if arg in VALUE_NAMES and index + 1 < len(args):  # its value is not a drug name
            leading.append(args[index + 1])
            index += 1
        index += 1
    rest = args[index:]
    if not rest:
        return args
    if rest[0] in COMMANDS:
        return [rest[0], *leading, *rest[1:]]
    return ["show", *leading, *rest]
