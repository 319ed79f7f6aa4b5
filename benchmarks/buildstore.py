"""The main process's share of a cold build: storing parsed labels, apart from parsing them.

    python benchmarks/buildstore.py --corpus path/to/spl [--copies 10]

Every monograph of the corpus is parsed once (in worker processes, as a build does);
then a new index file is built from what they gave, through the build's own path
(medinfo.index.cachefile, Store.load and Store.put), as many times over as --copies
says, each copy under other paths and set ids, as a release of that many labels would
be stored. Printed: the CPU time (user, system) a monograph of that storing alone, the
time and the size of the file. The parse is not timed: benchmarks/splread.py times it.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from medinfo.index.build import Parsed, parse_many
from medinfo.index.cachefile import CacheFile
from medinfo.index.store import Store
from medinfo.index.sync import settled
from medinfo.scan import FileStat, walk


def _copy(item: Parsed, number: int) -> Parsed:
    """Return a parsed monograph as another copy of it: another path, another set id."""
    if number == 0:
        return item
    fs = item.stat
    stat = FileStat(fs.root, f"{fs.rel}.{number}", *fs[2:])
    rows = item.rows
    if rows is not None and rows[0][10]:
        doc = (*rows[0][:10], f"{rows[0][10]}.{number}", *rows[0][11:])
        rows = (doc, *rows[1:])
    return Parsed(stat, item.digest, rows, item.error, item.problems)


def main(argv: list[str] | None = None) -> int:
    """Parse a corpus once, store it --copies times over into a new index; print the cost."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", required=True, type=Path, help="a folder of monographs")
    parser.add_argument("--copies", type=int, default=1, help="times each monograph is stored")
    args = parser.parse_args(argv)
    root = str(args.corpus.resolve())
    files, dirs = walk(0, root)
    if not files:
        parser.error(f"no monographs under {args.corpus}")
    parsed = list(parse_many([root], [(f.root, f.rel) for f in files]))
    copies = max(1, args.copies)

    def fill(store: Store) -> None:
        store.put_dirs(settled(dirs))
        next_id = [1]
        for number in range(copies):
            for item in parsed:
                store.put(_copy(item, number), next_id)

    with tempfile.TemporaryDirectory(prefix="buildstore-") as folder:
        path = os.path.join(folder, "index.sqlite3")
        cache = CacheFile(path, [root])
        before = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        cache.build(fill)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_SELF)
        cache.close()
        size = os.path.getsize(path)
    count = len(parsed) * copies
    user = after.ru_utime - before.ru_utime
    system = after.ru_stime - before.ru_stime
    print(f"monographs stored: {count} ({len(parsed)} x {copies})")
    each = f"{user / count * 1000:.3f} ms user, {system / count * 1000:.3f} ms sys"
    print(f"CPU a monograph:   {each}")
    print(f"in all:            {user:.2f} s user, {system:.2f} s sys, {seconds:.2f} s")
    print(f"index file:        {size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
