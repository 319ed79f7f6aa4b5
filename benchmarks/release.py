"""DailyMed's full release at scale: build one from a folder of labels, and measure medinfo on it.

    python benchmarks/release.py build --corpus path/to/spl --labels 50000 --update 300 \\
        --out /tmp/release
    python benchmarks/release.py baseline --release /tmp/release
    python benchmarks/release.py measure --release /tmp/release --corpus path/to/spl
    python benchmarks/release.py lookups --release /tmp/release --corpus path/to/spl \\
        --work /tmp/release-indexes

- build: a folder shaped as DailyMed publishes its full release: zips of zips
  (`dm_spl_release_human_rx_partN.zip`, --per-part labels each) holding
  `prescription/YYYYMMDD_SETID.zip`, each holding its label as `DOCUMENTID.xml`
  (DailyMed names the XML by the document's id, not the set id). The labels are
  copies of the corpus's, each with a new set id and document id and nothing else
  changed; --many copies of one label share its name (a name with many labels), the
  others cycle over the corpus. With --update K, a weekly update beside it
  (`dm_spl_weekly_update_MMDDYY_MMDDYY.zip`): K of those set ids in a new version
  (versionNumber + 1, a new document id) with one sentence added under
  Contraindications. Every zip is written under a hidden name and renamed into place.
- baseline: the least any reader of the release must do, as a child process timed
  alone: open each inner zip, read its XML, ElementTree's parse and itertext; its
  time, peak memory and the XML's size.
- measure: the ElementTree loop, then a cold and a warm `medinfo index` of the release
  side by side (the weekly update moved aside meanwhile); peak memory of the whole
  process tree; the index's size against the XML's; `list --count`; the re-index with
  the weekly update back beside the release, and whether each updated set id shows its
  new Contraindications; lookups (set id, name, `show` and `list` of the name of the
  --many copies, search, list --count, completion) against the same lookups on a
  release of --small labels (1,300 unless told) built from the corpus the same
  way, with no name given many copies. Ratios are printed with the targets of the
  issue: build <=1.5x the loop, peak <1.5 GB, index <=0.4x the XML, lookups <=1.2x,
  re-index <=5% of the cold build. `list NAME` of a crowded name prints a line per
  label: its time per line is printed beside it, as the output is that many times
  larger.
- lookups: the lookups alone, the indexes kept under --work between runs.

It is a benchmark, not a test: machines differ and are noisy; compare ratios.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

RELEASE = "dm_spl_release_human_rx_part{}.zip"
WEEKLY = "dm_spl_weekly_update_{}_{}.zip"
FOLDER = "prescription"
MANIFEST = "release.json"
CONTRAINDICATIONS = b"34070-3"

SET_ID = re.compile(rb'(<setId\s[^>]*?root\s*=\s*")([^"]*)(")')
# The document's own id is the first <id> after <document ...>: ids further on are
# the author's, the products' and the sections'.
DOCUMENT_ID = re.compile(rb'(<document\b.*?<id\s[^>]*?root\s*=\s*")([^"]*)(")', re.S)
VERSION = re.compile(rb'(<versionNumber\s[^>]*?value\s*=\s*")(\d+)(")')
EFFECTIVE = re.compile(rb'(<document\b.*?<effectiveTime\s[^>]*?value\s*=\s*")(\d{8})', re.S)
# The opening of the text of the Contraindications section, the section's code first.
CONTRA_CODE = re.compile(rb'code\s*=\s*"34070-3"')
TEXT_OPEN = re.compile(rb"<text\b[^>]*?(?<!/)>")

# The baseline: what any reader of a release must do at least, label by label.
LOOP = """
import io, sys, zipfile, xml.etree.ElementTree as ET
from pathlib import Path
size = 0
for outer in sorted(Path(sys.argv[1]).glob("*.zip")):
    with zipfile.ZipFile(outer) as release:
        for name in release.namelist():
            if not name.endswith(".zip"):
                continue
            with zipfile.ZipFile(io.BytesIO(release.read(name))) as label:
                for inner in label.namelist():
                    if inner.endswith(".xml"):
                        data = label.read(inner)
                        size += len(data)
                        "".join(ET.fromstring(data).itertext())
print(size)
"""
# The same over a plain folder of XML files (benchmarks/spl.py's loop).


def new_id(rng: random.Random) -> str:
    """Return a random version-4 UUID drawn from rng (repeatable with a seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def field(pattern: re.Pattern[bytes], data: bytes) -> str | None:
    """Return what the pattern's second group holds in data, if it matches."""
    match = pattern.search(data)
    return match[2].decode("ascii", "replace") if match else None


def rewrite(data: bytes, set_id: str, document_id: str) -> bytes:
    """Return the label with a new set id and document id, everything else kept."""
    data = SET_ID.sub(lambda m: m[1] + set_id.encode() + m[3], data, count=1)
    return DOCUMENT_ID.sub(lambda m: m[1] + document_id.encode() + m[3], data, count=1)


def new_version(data: bytes, document_id: str, date: str, sentence: str) -> bytes | None:
    """Return the label's next version with a sentence added under Contraindications.

    None when the label has no Contraindications text to add it to.
    """
    code = CONTRA_CODE.search(data)
    if code is None or VERSION.search(data) is None:
        return None
    # The section's own text, not its highlights' (an excerpt), which a label's view
    # leaves out.
    opening = next(
        (
            found
            for found in TEXT_OPEN.finditer(data, code.end())
            if data.count(b"<excerpt", code.end(), found.start())
            == data.count(b"</excerpt>", code.end(), found.start())
        ),
        None,
    )
    if opening is None:
        return None
    paragraph = f"<paragraph>{sentence}</paragraph>".encode()
    data = data[: opening.end()] + paragraph + data[opening.end() :]
    data = VERSION.sub(lambda m: m[1] + str(int(m[2]) + 1).encode() + m[3], data, count=1)
    data = EFFECTIVE.sub(lambda m: m[1] + date.encode(), data, count=1)
    return DOCUMENT_ID.sub(lambda m: m[1] + document_id.encode() + m[3], data, count=1)


def label_zip(xml_name: str, data: bytes) -> bytes:
    """Return the inner zip of one label, as DailyMed packs it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as inner:
        inner.writestr(xml_name, data)
    return buffer.getvalue()


def inner_name(data: bytes, set_id: str) -> str:
    """Return the name of a label's zip inside a release: its date, then its set id."""
    date = field(EFFECTIVE, data) or "00000000"
    return f"{FOLDER}/{date}_{set_id}.zip"


def write_atomic(path: Path, labels: Iterator[tuple[str, bytes]]) -> int:
    """Write a zip of the given (name, bytes) members under a hidden name, then rename it."""
    temporary = path.with_name(f".{path.name}.tmp")
    count = 0
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as release:
        for name, data in labels:
            release.writestr(name, data)  # inner zips are compressed already
            count += 1
    os.replace(temporary, path)
    return count


def sources(corpus: Path) -> list[tuple[Path, bytes]]:
    """Return the corpus's labels that have a set id and a document id, in name order."""
    found = []
    for path in sorted(corpus.rglob("*.xml")):
        data = path.read_bytes()
        if SET_ID.search(data) and DOCUMENT_ID.search(data):
            found.append((path, data))
    return found


def plan(count: int, labels: int, many: int) -> list[int]:
    """Return, per copy, the index of the corpus label it copies.

    The first `many` copies are of the first label (one name with many labels); the
    rest cycle over the corpus, so every label is copied about as often.
    """
    many = min(many, labels)
    return [0] * many + [index % count for index in range(labels - many)]


def last_week(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the Monday and Friday of the week before today's."""
    monday = today - datetime.timedelta(days=today.weekday() + 7)
    return monday, monday + datetime.timedelta(days=4)


def weekly_name(monday: datetime.date, friday: datetime.date) -> str:
    """Return the name DailyMed gives the weekly update of a week."""
    return WEEKLY.format(monday.strftime("%m%d%y"), friday.strftime("%m%d%y"))


def build(args: argparse.Namespace) -> int:
    """Write the release (and its weekly update) under --out; return an exit code."""
    rng = random.Random(args.seed)
    corpus = sources(args.corpus)
    if not corpus:
        raise SystemExit(f"no SPL label with a set id under {args.corpus}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    copies = plan(len(corpus), args.labels, args.many)
    made: list[tuple[str, int]] = []  # (set id, corpus index) of every copy
    xml_size = 0

    def part(first: int, last: int) -> Iterator[tuple[str, bytes]]:
        nonlocal xml_size
        for source in copies[first:last]:
            set_id, document_id = new_id(rng), new_id(rng)
            data = rewrite(corpus[source][1], set_id, document_id)
            made.append((set_id, source))
            xml_size += len(data)
            yield inner_name(data, set_id), label_zip(f"{document_id}.xml", data)

    parts = []
    started = time.perf_counter()
    for number, first in enumerate(range(0, len(copies), args.per_part), start=1):
        name = RELEASE.format(number)
        write_atomic(out / name, part(first, first + args.per_part))
        parts.append(name)
        print(f"{name}: {min(first + args.per_part, len(copies))} of {len(copies)} labels")
    updated = []
    weekly = None
    if args.update:
        monday, friday = last_week(datetime.date.today())
        date = friday.strftime("%Y%m%d")  # published in that week
        # Spread over the release, skipping labels with no Contraindications text.
        step = max(1, len(made) // args.update)
        wanted = [made[i] for i in range(0, len(made), step)] + made
        versions: list[tuple[str, bytes]] = []
        for set_id, source in wanted:
            if len(versions) == args.update:
                break
            if set_id in updated:
                continue
            document_id = new_id(rng)
            sentence = f"Not for use in patients named in update {set_id[:8]} of {date}."
            data = rewrite(corpus[source][1], set_id, document_id)
            later = new_version(data, document_id, date, sentence)
            if later is None:
                continue
            updated.append(set_id)
            versions.append((set_id, later))
        weekly = weekly_name(monday, friday)
        write_atomic(
            out / weekly,
            (
                (inner_name(data, set_id), label_zip(f"{field(DOCUMENT_ID, data)}.xml", data))
                for set_id, data in versions
            ),
        )
        print(f"{weekly}: {len(versions)} new versions")
    manifest = {
        "labels": len(made),
        "xml_bytes": xml_size,
        "parts": parts,
        "weekly": weekly,
        "updated": updated,
        "many": {"set_ids": [s for s, i in made if i == 0][:3], "source": str(corpus[0][0])},
        "sample": [s for s, _ in made[:: max(1, len(made) // 20)]],
    }
    temporary = out / f".{MANIFEST}.tmp"
    temporary.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    os.replace(temporary, out / MANIFEST)
    took = time.perf_counter() - started
    print(f"{len(made)} labels, {xml_size / 1e9:.2f} GB of XML, written in {took:.0f} s to {out}")
    return 0


class Peak:
    """The peak memory of a process and all its descendants together, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        """Start sampling the tree under pid."""
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _tree_kb(self) -> int:
        parents: dict[int, int] = {}
        rss: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                status = Path(f"/proc/{entry}/status").read_text()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            parents[int(entry)] = int(fields.get("PPid", "0"))
            rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0])
        total = 0
        for pid in rss:
            ancestor = pid
            while ancestor and ancestor != self.pid:
                ancestor = parents.get(ancestor, 0)
            total += rss[pid] if ancestor == self.pid else 0
        return total

    def _sample(self) -> None:
        while not self.done.wait(0.2):
            self.peak_kb = max(self.peak_kb, self._tree_kb())

    def stop(self) -> int:
        """Stop sampling; return the peak in kB."""
        self.done.set()
        self.thread.join()
        return self.peak_kb


def run(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Run a command to completion; return wall seconds, peak kB of its tree, stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    peak = Peak(process.pid)
    out, err = process.communicate()
    elapsed = time.perf_counter() - started
    kb = peak.stop()
    if process.returncode not in (0, 1):
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}\n{err.strip()}")
    return elapsed, kb, out


def loop(release: Path, env: dict[str, str]) -> tuple[float, int, int]:
    """Run the baseline over a release folder (or a folder of XML); return time, kB, bytes."""
    took, kb, out = run([sys.executable, "-c", LOOP, str(release)], env)
    return took, kb, int(out.strip() or 0)


def baseline(args: argparse.Namespace) -> int:
    """Time the ElementTree loop over the release and print it."""
    took, kb, size = loop(args.release, dict(os.environ))
    print(f"ElementTree loop over {args.release}: {took:.1f} s, peak {kb / 1024:.0f} MB,", end="")
    print(f" {size / 1e9:.2f} GB of XML")
    return 0


def size_of(folder: Path) -> int:
    """Return the bytes of every file under folder."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def median_ms(times: list[float]) -> float:
    """Return the median of times, in milliseconds."""
    return statistics.median(times) * 1000


def listing(medinfo: str, folder: Path, env: dict[str, str]) -> list[dict[str, object]]:
    """Return what `medinfo list --json` says of a folder's labels."""
    done = subprocess.run(
        [medinfo, "--dir", str(folder), "list", "--json"], env=env, capture_output=True, text=True
    )
    return [entry for entry in json.loads(done.stdout or "[]") if entry.get("set_id")]


class Timed(NamedTuple):
    """A lookup's medians on the big collection and the small one, and its output's lines."""

    case: str
    big_ms: float
    small_ms: float
    big_cpu_ms: float  # user and system time: what a busy machine changes least
    small_cpu_ms: float
    big_lines: int
    small_lines: int


def lookups(
    medinfo: str, big: Path, small: Path, work: Path, runs: int, many: list[str]
) -> list[Timed]:
    """Time each lookup on the big collection and on the small one.

    The same names on both sides: the name the build gave --many copies (the set ids
    many holds), and a name the fewest labels of the small collection have; by set
    id, one of its labels on each side. The many copies' name is the crowded one, not the name
    most labels share: a name many corpus labels have (ibuprofen) is copied as often
    as each of them, so that at 50,000 labels it has several thousand.
    """
    sides = {"big": big, "small": small}
    # Python writes and reads its bytecode, as it does for users: compiling every
    # module on every call would add the same time to both sides and hide the ratio.
    base = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MEDINFO_PATH")
    }
    envs = {side: {**base, "MEDINFO_CACHE_DIR": str(work / f"cache-{side}")} for side in sides}
    listed = {side: listing(medinfo, folder, envs[side]) for side, folder in sides.items()}
    counts: dict[str, dict[str, int]] = {}
    for side, entries in listed.items():
        counts[side] = {}
        for entry in entries:
            counts[side][str(entry["name"])] = counts[side].get(str(entry["name"]), 0) + 1
    crowded = next(
        (str(e["name"]) for e in listed["big"] if e["set_id"] in many),
        max(counts["big"], key=lambda n: counts["big"][n]),
    )
    # The first of the names fewest labels of the small collection have.
    name = min((n for n in counts["small"] if n != crowded), key=lambda n: counts["small"][n])
    set_ids = {
        side: next(str(e["set_id"]) for e in listed[side] if e["name"] == name) for side in sides
    }
    of_crowded = f"({counts['big'][crowded]}/{counts['small'].get(crowded, 0)} labels)"
    cases: dict[str, list[str]] = {
        "show by set id": ["show", "{set_id}", "contraindications", "--format", "plain"],
        f"show by name ({counts['big'][name]}/{counts['small'][name]} labels)": [
            "show",
            name,
            "contraindications",
            "--format",
            "plain",
        ],
        f"show a name {of_crowded}": ["show", crowded, "contraindications", "--format", "plain"],
        f"list a name {of_crowded}": ["list", crowded, "--format", "plain"],
        "search": ["search", "hepatotoxicity", "--format", "plain"],
        "list --count": ["list", "--count"],
        "completion (show war<TAB>)": [],
    }
    times: dict[tuple[str, str], list[float]] = {}
    cpu: dict[tuple[str, str], list[float]] = {}
    lines: dict[tuple[str, str], int] = {}
    for _ in range(runs):
        for side, folder in sides.items():
            for case, command in cases.items():
                env = envs[side]
                if command:
                    command = [part.format(set_id=set_ids[side]) for part in command]
                    command += ["--dir", str(folder)]
                else:  # a TAB, as the shell's script asks it
                    env = {
                        **env,
                        "MEDINFO_PATH": str(folder),
                        "_MEDINFO_COMPLETE": "bash_complete",
                        "COMP_WORDS": "medinfo show war",
                        "COMP_CWORD": "2",
                    }
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                took, _, out = run([medinfo, *command], env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                spent = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
                times.setdefault((side, case), []).append(took)
                cpu.setdefault((side, case), []).append(spent)
                lines[(side, case)] = len(out.splitlines())
    return [
        Timed(
            case,
            median_ms(times[("big", case)]),
            median_ms(times[("small", case)]),
            median_ms(cpu[("big", case)]),
            median_ms(cpu[("small", case)]),
            lines[("big", case)],
            lines[("small", case)],
        )
        for case in cases
    ]


def updated_shown(medinfo: str, release: Path, set_ids: list[str], env: dict[str, str]) -> int:
    """Return how many updated set ids show their new version's Contraindications."""
    shown = 0
    for set_id in set_ids:
        command = [medinfo, "--dir", str(release), "show", set_id, "contraindications"]
        out = run([*command, "--format", "plain"], env)[2]
        shown += f"named in update {set_id[:8]} of" in out
    return shown


def opened(args: argparse.Namespace) -> tuple[str, Path, dict[str, Any]]:
    """Return the medinfo program to measure, the release folder and its manifest."""
    sys.path.insert(0, str(Path(__file__).parent))
    from bench import program

    medinfo = program(args.medinfo)
    if medinfo is None:
        raise SystemExit("medinfo is not installed: pip install . first")
    release: Path = args.release.resolve()
    return medinfo, release, json.loads((release / MANIFEST).read_text(encoding="utf-8"))


def measure(args: argparse.Namespace) -> int:
    """Measure medinfo on the release and print the ratios."""
    medinfo, release, manifest = opened(args)
    work = Path(tempfile.mkdtemp(prefix="medinfo-release-", dir=release.parent))
    # The weekly update waits beside the folder (same disk: a rename) until the cold
    # build and the unchanged re-index are measured.
    weekly = release / manifest["weekly"] if manifest.get("weekly") else None
    aside = work / "weekly.zip"
    try:
        env = {**os.environ, "MEDINFO_CACHE_DIR": str(work / "cache-big")}
        env.pop("MEDINFO_PATH", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        if weekly is not None:
            os.replace(weekly, aside)
        print(f"{manifest['labels']} labels, {manifest['xml_bytes'] / 1e9:.2f} GB of XML")
        index = [medinfo, "--dir", str(release), "index"]
        loop_t, loop_kb, _ = loop(release, env)
        cold_t, cold_kb, _ = run(index, env)
        print(
            f"ElementTree loop over the release zips: {loop_t:.1f} s, peak {loop_kb / 1024:.0f} MB"
        )
        print(
            f"cold medinfo index: {cold_t:.1f} s, {cold_t / loop_t:.2f}x the loop (target <=1.5x)"
        )
        print(f"peak memory of the cold build (all processes): {cold_kb / 1024:.0f} MB", end="")
        print(" (target <1536 MB)")
        index_bytes = size_of(work / "cache-big")
        print(
            f"index {index_bytes / 1e9:.2f} GB, {index_bytes / manifest['xml_bytes']:.2f}x", end=""
        )
        print(" the XML (target <=0.4x)")
        count = run([medinfo, "--dir", str(release), "list", "--count"], env)[2].strip()
        print(f"list --count: {count} of {manifest['labels']} labels")
        warm_t = run(index, env)[0]
        print(f"re-index unchanged: {warm_t:.1f} s, {warm_t / cold_t:.1%} of cold (target <=5%)")
        if weekly is not None:
            os.replace(aside, weekly)
            update_t = run(index, env)[0]
            updated = manifest["updated"]
            print(f"re-index with {weekly.name} ({len(updated)} new versions) beside it:", end="")
            print(f" {update_t:.1f} s, {update_t / cold_t:.1%} of cold (target <=5%)")
            shown = updated_shown(medinfo, release, updated, env)
            print(f"  {shown} of {len(updated)} updated set ids show their new Contraindications")
        small = small_release(args, work / "small")
        compare(medinfo, release, small, work, args.runs, manifest)
    finally:
        if weekly is not None and aside.exists():
            os.replace(aside, weekly)
        shutil.rmtree(work, ignore_errors=True)
    return 0


def compare(
    medinfo: str, target: Path, corpus: Path, work: Path, runs: int, manifest: dict[str, Any]
) -> None:
    """Print the lookups on the release against the same on the small one, with their ratios."""
    print(f"lookups, medians of {runs} runs: {target.name} against {corpus}")
    head = f"{'case':<36} {'big ms':>8} {'small ms':>9} {'ratio':>6} {'CPU ratio':>10}"
    print(f"{head}  (target <=1.2x)")
    many = manifest["many"]["set_ids"]
    for t in lookups(medinfo, target, corpus, work, runs, many):
        cpu = t.big_cpu_ms / t.small_cpu_ms if t.small_cpu_ms else float("nan")
        ratio = t.big_ms / t.small_ms
        print(f"{t.case:<36} {t.big_ms:>8.0f} {t.small_ms:>9.0f} {ratio:>6.2f} {cpu:>10.2f}")
        if t.case.startswith("list a name") and t.big_lines > t.small_lines > 0:
            # Its output is that many times larger: the time per line printed too.
            per_big, per_small = t.big_ms / t.big_lines, t.small_ms / t.small_lines
            print(
                f"  prints {t.big_lines} lines against {t.small_lines}"
                f" ({t.big_lines / t.small_lines:.0f}x the output):"
                f" {per_big:.3f} ms against {per_small:.1f} ms a listed label,"
                f" {per_big / per_small:.4f}x"
            )


def lookups_only(args: argparse.Namespace) -> int:
    """Time the lookups alone, on indexes kept under --work (built there the first time)."""
    medinfo, release, manifest = opened(args)
    work: Path = args.work.resolve()
    work.mkdir(parents=True, exist_ok=True)
    small = work / "small"
    # Made again when asked for another one: of other labels, a number or a seed.
    made = work / "small.json"
    wanted = {"corpus": str(args.corpus.resolve()), "labels": args.small, "seed": args.seed}
    if not made.exists() or json.loads(made.read_text(encoding="utf-8")) != wanted:
        shutil.rmtree(small, ignore_errors=True)
        shutil.rmtree(work / "cache-small", ignore_errors=True)
        small_release(args, small)
        made.write_text(json.dumps(wanted), encoding="utf-8")
    compare(medinfo, release, small, work, args.runs, manifest)
    return 0


def small_release(args: argparse.Namespace, out: Path) -> Path:
    """Build the small collection the lookups are compared with: --small copies of the corpus.

    Made as the big one is (zips of zips, new set ids), with no name given many
    copies: the crowded name of the big one has here the few labels the cycle gives it.
    """
    made = argparse.Namespace(
        corpus=args.corpus,
        labels=args.small,
        per_part=args.small,
        many=0,
        update=0,
        out=out,
        seed=args.seed + 1,
    )
    with contextlib.redirect_stdout(io.StringIO()):
        build(made)
    return out


def lookup_options(parser: argparse.ArgumentParser) -> None:
    """Add the options of the modes that time lookups."""
    parser.add_argument("--corpus", type=Path, required=True, help="the labels copied")
    parser.add_argument("--runs", type=int, default=5, help="runs of each lookup")
    parser.add_argument("--medinfo", help="the medinfo program (default: beside this Python)")
    parser.add_argument(
        "--small", type=int, default=1300, help="labels of the collection lookups are compared with"
    )
    parser.add_argument("--seed", type=int, default=18, help="seed of the small one's set ids")


def main() -> int:
    """Build, time the baseline or measure, as the sub-command says."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    modes = parser.add_subparsers(dest="mode", required=True)
    making = modes.add_parser("build", help="write a DailyMed-shaped release from a corpus")
    making.add_argument("--corpus", type=Path, required=True, help="folder of SPL labels")
    making.add_argument("--labels", type=int, default=50000, help="labels in the release")
    making.add_argument("--per-part", type=int, default=10000, help="labels per release zip")
    making.add_argument("--many", type=int, default=2000, help="copies sharing one name")
    making.add_argument("--update", type=int, default=0, help="new versions in a weekly update")
    making.add_argument("--out", type=Path, required=True, help="folder to write the zips in")
    making.add_argument("--seed", type=int, default=18, help="seed of the new set ids")
    timing = modes.add_parser("baseline", help="time the ElementTree loop over a release")
    timing.add_argument("--release", type=Path, required=True, help="folder of release zips")
    measuring = modes.add_parser("measure", help="measure medinfo on a release")
    measuring.add_argument("--release", type=Path, required=True, help="folder of release zips")
    lookup_options(measuring)
    looking = modes.add_parser("lookups", help="time the lookups alone, indexes kept in --work")
    looking.add_argument("--release", type=Path, required=True, help="folder of release zips")
    looking.add_argument(
        "--work", type=Path, required=True, help="folder of the indexes (cache-big, cache-small)"
    )
    lookup_options(looking)
    args = parser.parse_args()
    modes_run = {"build": build, "baseline": baseline, "measure": measure, "lookups": lookups_only}
    return modes_run[args.mode](args)


if __name__ == "__main__":
    sys.exit(main())
