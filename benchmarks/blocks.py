"""Every section of a collection drawn in the terminal view, at several widths, without error.

    python benchmarks/blocks.py --corpus path/to/rxhive --corpus path/to/spl [--widths 40,100,200]

Each file is read as the index reads it (Markdown monographs and FDA labels alike),
and each section's blocks are drawn with Rich at every width, in colour, then the whole
terminal view of the file (header, panels, the side effects and components tables).
Printed: the sections and drawings, those whose blocks could not be built (drawn by
rich.markdown instead), how often a view had to parse the lines a table left, and
every exception, with file and section. With --compare, each drawing is
also compared with rich.markdown's drawing of the same Markdown (a line break "<br>"
shown as one, and "* >5 cm" kept as written), and the differing sections are counted
by the kind of block they hold, with the first few named.
"""

from __future__ import annotations

import argparse
import collections
import io
import sys
import time
from pathlib import Path

from rich.console import Console

from medinfo.readers import read_path
from medinfo.render import Options, blocks, terminal
from medinfo.render.blocks import stored


def _console(width: int) -> Console:
    """Return a console that records a drawing at a width, in colour."""
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        markup=False,
        emoji=False,
    )


def _rich_markdown(text: str) -> object:
    """Return rich.markdown's drawing of text, as the view would mean it."""
    import re

    from markdown_it.token import Token
    from rich.markdown import Markdown

    from medinfo.readers.blocks import _GREATER

    view = Markdown(_GREATER.sub(r"\1\\>", text), hyperlinks=False)
    for block in view.parsed:
        for index, child in enumerate(block.children or ()):
            if child.type == "html_inline" and re.fullmatch(r"<br\s*/?>", child.content, re.I):
                assert block.children is not None
                block.children[index] = Token("hardbreak", "br", 0)
    return view


def main() -> int:
    """Draw every section of the collections; print the counts and any failure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", required=True)
    parser.add_argument("--widths", default="40,100,200")
    parser.add_argument("--compare", action="store_true", help="compare with rich.markdown")
    args = parser.parse_args()
    widths = [int(w) for w in args.widths.split(",")]
    consoles = {width: _console(width) for width in widths}
    files = sections = drawings = unbuilt = 0
    failures: list[str] = []
    kinds: collections.Counter[str] = collections.Counter()
    examples: dict[str, list[str]] = collections.defaultdict(list)
    parsed = [0]
    drawn = blocks.markdown

    def counted(text: str) -> object:
        parsed[0] += 1
        return drawn(text)

    blocks.markdown = counted  # type: ignore[assignment]
    views = 0
    started = time.perf_counter()
    for corpus in args.corpus:
        for path in sorted(corpus.rglob("*")):
            if path.suffix not in (".md", ".xml", ".zip") or path.name == "README.md":
                continue
            try:
                monograph = read_path(path)
            except Exception:  # a file the index skips too
                continue
            files += 1
            for section in monograph.sections:
                sections += 1
                unbuilt += section.blocks is None
                where = f"{path.name} {section.key} {section.title!r}"
                for width, console in consoles.items():
                    drawings += 1
                    try:
                        with console.capture() as ours:
                            console.print(stored(section.blocks, section.text))
                    except Exception as exc:
                        failures.append(f"{where} at {width}: {type(exc).__name__}: {exc}")
                        continue
                    if not args.compare or width != widths[0]:
                        continue
                    with console.capture() as theirs:
                        console.print(_rich_markdown(section.text))
                    if ours.get() != theirs.get():
                        kind = _kind(section.blocks)
                        kinds[kind] += 1
                        if len(examples[kind]) < 3:
                            examples[kind].append(where)
            for width, console in consoles.items():
                views += 1
                options = Options("rich", True, width=width)
                options.stream = console
                try:
                    with console.capture():
                        terminal.show(monograph, list(monograph.sections), True, options)
                except Exception as exc:
                    failures.append(f"{path.name} whole view at {width}: {type(exc).__name__}")
    seconds = time.perf_counter() - started
    print(f"{files} files, {sections} sections, {drawings} drawings at widths {widths}")
    print(f"{views} whole views; {parsed[0]} times a view parsed the lines a table left")
    print(f"{unbuilt} sections without blocks (drawn by rich.markdown); {seconds:.1f} s")
    print(f"{len(failures)} exceptions")
    for failure in failures[:20]:
        print("  " + failure)
    if args.compare:
        print(f"differing from rich.markdown at width {widths[0]}: {sum(kinds.values())}")
        for kind, count in kinds.most_common():
            print(f"  {count:6} {kind}: {'; '.join(examples[kind])}")
    return 1 if failures else 0


def _kind(blocks: str | None) -> str:
    """Return the kinds of block a section holds, as one word each, in order of first use."""
    import json

    if not blocks:
        return "no blocks"
    seen = dict.fromkeys(str(block[0]) for _, _, block in json.loads(blocks))
    return " ".join(seen)


if __name__ == "__main__":
    sys.exit(main())
