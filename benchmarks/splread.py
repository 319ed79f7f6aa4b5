"""The FDA label reader's CPU time per label, against a bare ElementTree parse.

    python benchmarks/splread.py --corpus path/to/spl [--runs 3]

Every label of the corpus (*.xml, recursively) is read with medinfo.readers.read_path,
and, alternating, parsed with xml.etree.ElementTree and all its text joined
(itertext), the least any reader must do. Printed: the CPU time per label of each
(the lowest of the runs) and their ratio.
"""

from __future__ import annotations

import argparse
import time
from contextlib import suppress
from pathlib import Path
from xml.etree.ElementTree import fromstring

from medinfo.errors import ParseError
from medinfo.readers import read_path


def _read(paths: list[Path]) -> float:
    """Return the CPU seconds of reading every label with medinfo's reader."""
    start = time.process_time()
    for path in paths:
        with suppress(ParseError):  # a label refused costs what refusing it costs
            read_path(path)
    return time.process_time() - start


def _bare(paths: list[Path]) -> float:
    """Return the CPU seconds of parsing every label and joining all its text."""
    start = time.process_time()
    for path in paths:
        "".join(fromstring(path.read_bytes()).itertext())
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Time the reader and the bare parse over a corpus of labels; print CPU per label."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="a folder of SPL XML labels")
    parser.add_argument("--runs", type=int, default=3, help="runs of each, the lowest kept")
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.xml"))
    if not paths:
        parser.error(f"no *.xml under {args.corpus}")
    _read(paths[:5])  # the reader's modules imported before timing
    read = bare = float("inf")
    for _ in range(max(1, args.runs)):
        read = min(read, _read(paths))
        bare = min(bare, _bare(paths))
    count = len(paths)
    print(f"labels: {count}")
    print(f"read_path:            {read / count * 1000:.3f} ms CPU a label")
    print(f"ElementTree+itertext: {bare / count * 1000:.3f} ms CPU a label")
    print(f"ratio:                {read / bare:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
