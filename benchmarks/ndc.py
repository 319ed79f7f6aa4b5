"""A lookup by NDC or barcode against one by name, on a folder of FDA labels.

    python benchmarks/ndc.py --corpus path/to/spl [--labels 20] [--runs 5]

Labels are sampled from the corpus (every Nth that lists a package NDC and has a
usage section, in export order, so runs are repeatable); for each, `show CODE usage
--format plain` with the code in every form a user or a scanner types (package NDC
as printed, 11 digits, product NDC, UPC-A barcode, ten bare digits) is timed against
`show NAME usage --format plain` with the label's name and with its set id, on a
warm index. Every command is a fresh process; the cases alternate, and medians are
compared. It also checks that each form finds a label listing that code. A
benchmark, not a test: machines differ and are noisy; compare ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def forms(package: str) -> dict[str, str]:
    """Return the forms a package NDC is typed or scanned in, by name."""
    parts = package.split("-")
    widths = [5, 4, 2]
    eleven = "".join(part.zfill(width) for part, width in zip(parts, widths, strict=True))
    ten = "".join(parts)
    body = "3" + ten
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return {
        "package NDC": package,
        "11 digits": eleven,
        "product NDC": "-".join(parts[:2]),
        "UPC-A barcode": body + str((10 - total % 10) % 10),
        "10 bare digits": ten,
    }


def run(medinfo: str, args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Run medinfo; return its wall time and stdout (failing loudly on an error)."""
    started = time.perf_counter()
    done = subprocess.run([medinfo, *args], env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"medinfo {' '.join(args)} failed: {done.stderr.strip()}")
    return took, done.stdout


def main() -> int:
    """Measure and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of SPL labels")
    parser.add_argument("--labels", type=int, default=20, help="how many labels to sample")
    parser.add_argument("--runs", type=int, default=5, help="runs of each case per label")
    parser.add_argument("--medinfo", help="the program to run (default: beside this Python)")
    args = parser.parse_args()
    medinfo = args.medinfo or str(Path(sys.executable).with_name("medinfo"))
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MEDINFO_CACHE_DIR": cache}
        env.pop("MEDINFO_PATH", None)
        where = ["--dir", str(args.corpus)]
        started = time.perf_counter()
        run(medinfo, ["index", *where], env)
        print(f"index built in {time.perf_counter() - started:.1f} s")
        labels = []
        _, exported = run(medinfo, ["export", *where], env)
        for line in exported.splitlines():
            data = json.loads(line)
            packages = data["metadata"].get("package_ndc") or []
            has_usage = any(section["key"] == "usage" for section in data["sections"])
            if packages and has_usage and data["metadata"].get("set_id"):
                labels.append((data["name"], data["metadata"]["set_id"], packages[0]))
        step = max(1, len(labels) // args.labels)
        sample = labels[::step][: args.labels]
        print(f"{len(labels)} labels list a package NDC (and have usage); {len(sample)} sampled")
        times: dict[str, list[float]] = {}
        for name, set_id, package in sample:
            cases = {"name": name, "set id": set_id, **forms(package)}
            for case, term in cases.items():
                if case not in ("name", "set id"):  # each code's listing holds the label
                    listed = run(medinfo, ["list", term, "--format", "plain", *where], env)[1]
                    if set_id not in listed:
                        raise SystemExit(f"{case} {term} does not find {set_id}")
            for _ in range(args.runs):
                for case, term in cases.items():
                    show = ["show", term, "usage", "--format", "plain", *where]
                    times.setdefault(case, []).append(run(medinfo, show, env)[0])
        base = statistics.median(times["name"])
        print(f"{'case':<16} {'median ms':>10} {'vs name':>8}")
        for case, values in times.items():
            median = statistics.median(values)
            print(f"{case:<16} {median * 1000:>10.1f} {median / base:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
