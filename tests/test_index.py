"""The index as a cache: incremental refresh, never stale, damaged or unwritable caches, races."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import medinfo.index.cachefile as cachefile_module
import medinfo.index.store as store_module
import medinfo.index.sync as sync_module
from medinfo.library import Library


def library(collection: Path, cache: Path) -> Library:
    """Open a library over one collection, as one command call would."""
    return Library([str(collection)], cache).open()


def dose(run, collection: Path, name: str = "alphacillin") -> str:
    """Return the dosage text a call shows now."""
    result = run("show", name, "dose", "--json", "--dir", str(collection))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["sections"][0]["text"]


def edit_keeping_stat(path: Path, old: str, new: str) -> None:
    """Edit a file in place to the same size, restoring its times: a stat cannot tell."""
    assert len(old) == len(new)
    st = path.stat()
    path.write_text(path.read_text().replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))


def test_first_call_builds_then_only_changed_files_are_parsed(
    collection: Path, isolated: Path
) -> None:
    first = library(collection, isolated)
    assert first.stats.rebuilt and first.stats.parsed == 4
    second = library(collection, isolated)
    assert not second.stats.rebuilt and second.stats.parsed == 0
    (collection / "betazol.md").write_text("# Betazol\n### Dosage\nThree times daily.\n")
    third = library(collection, isolated)
    third.index.refresh(sweep=True)
    assert third.stats.parsed == 1


def test_a_file_skipped_under_a_smaller_size_limit_is_read_again_under_the_default(
    run, collection: Path
) -> None:
    # A limit is no change to any file: under 1 kB, alphacillin (2 kB) was kept as
    # skipped, and back at the default it stayed "no monograph found".
    (collection / "alphacillin.md").write_text(
        (collection / "alphacillin.md").read_text() + "\nMore words.\n" * 100
    )
    assert "500 mg" in dose(run, collection)
    small = {"MEDINFO_MAX_FILE_KB": "1"}
    result = run("show", "alphacillin", "dose", "--dir", str(collection), env=small)
    assert result.exit_code == 1 and "larger than 1 kB" in result.stderr
    assert "Alphacillin" not in run("list", "--dir", str(collection), env=small).stdout
    assert "500 mg" in dose(run, collection)
    listed = run("list", "--dir", str(collection))
    assert "Alphacillin" in listed.stdout and listed.stderr == ""


def test_in_place_edit_is_shown_at_once(run, collection: Path) -> None:
    assert "500 mg" in dose(run, collection)
    edit_keeping_stat(collection / "alphacillin.md", "500 mg by mouth", "750 mg by mouth")
    assert "750 mg by mouth" in dose(run, collection)


def test_added_deleted_and_renamed_files_are_seen_by_the_next_call(run, collection: Path) -> None:
    def names() -> list[str]:
        return run("list", "--dir", str(collection)).stdout.splitlines()

    assert "Zetamine" not in names()
    (collection / "sub" / "zetamine.md").write_text("# Zetamine\n### Usage\nZ.\n")
    assert "Zetamine" in names()
    (collection / "sub" / "zetamine.md").rename(collection / "zetamine-renamed.md")
    data = json.loads(run("show", "zetamine", "--json", "--dir", str(collection)).stdout)
    assert data["path"] == "zetamine-renamed.md"
    (collection / "zetamine-renamed.md").unlink()
    assert "Zetamine" not in names()
    assert run("show", "zetamine", "--dir", str(collection)).exit_code == 1


def test_a_listing_kept_for_the_next_call_follows_every_change(
    run, collection: Path, isolated: Path
) -> None:
    def names() -> list[str]:
        return run("list", "--dir", str(collection)).stdout.splitlines()

    first = names()
    (database,) = isolated.glob("*.sqlite3")
    kept = sqlite3.connect(database).execute("SELECT value FROM meta WHERE key = 'names'")
    assert kept.fetchone()[0].split("\0") == first  # what the next listing reads
    assert names() == first
    target = collection / "alphacillin.md"
    saved = collection / ".alphacillin.md.swp"
    saved.write_text(target.read_text().replace("title: Alphacillin", "title: Omegacillin"))
    os.replace(saved, target)  # saved as editors save: the file is read again
    assert "Omegacillin" in names() and "Alphacillin" not in names()
    (collection / "zeta.md").write_text("# Zetamine\n### Usage\nZ.\n")
    assert names()[-1] == "Zetamine"
    (collection / "zeta.md").unlink()
    assert "Zetamine" not in names()


def test_nothing_is_kept_from_a_read_older_than_another_process_write(
    collection: Path, isolated: Path
) -> None:
    # This call opened the index; another process then wrote to it. A listing this
    # call makes may predate that write, so it is not kept; a later call keeps it.
    lib = library(collection, isolated)
    (database,) = isolated.glob("*.sqlite3")
    other = sqlite3.connect(database)
    other.execute("INSERT INTO meta VALUES ('another', 'write')")
    other.commit()
    assert "Alphacillin" in lib.index.store.names()

    def kept() -> object:
        return other.execute("SELECT value FROM meta WHERE key = 'names'").fetchone()

    assert kept() is None
    later = library(collection, isolated)
    later.index.store.names()
    assert kept() is not None


def test_keeping_inside_a_transaction_leaves_the_lock_timeout_as_it_was(
    collection: Path, isolated: Path
) -> None:
    store = library(collection, isolated).index.store
    store.conn.execute("BEGIN")
    store.names()  # cannot keep now; must not leave writes failing at once after
    store.conn.execute("ROLLBACK")
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_replace_by_rename_is_seen(run, collection: Path) -> None:
    assert "500 mg" in dose(run, collection)
    target = collection / "alphacillin.md"
    temporary = collection / ".alphacillin.md.swp"
    temporary.write_text(target.read_text().replace("500 mg by mouth", "900 mg by mouth"))
    os.replace(temporary, target)  # how sed -i, many editors and git save
    assert "900 mg by mouth" in dose(run, collection)


def test_new_and_removed_subdirectories(run, collection: Path) -> None:
    run("list", "--dir", str(collection))
    deep = collection / "new" / "deeper"
    deep.mkdir(parents=True)
    (deep / "omegin.md").write_text("# Omegin\n### Usage\nO.\n")
    assert "Omegin" in run("list", "--dir", str(collection)).stdout
    for path in sorted((collection / "sub").iterdir()):
        path.unlink()
    (collection / "sub").rmdir()
    listing = run("list", "--dir", str(collection)).stdout.splitlines()
    assert listing == ["Alphacillin", "Betazol", "Omegin"]


def test_search_snippets_are_what_the_file_says_now(run, collection: Path) -> None:
    run("search", "zoster", "--dir", str(collection))
    edit_keeping_stat(collection / "alphacillin.md", "Herpes zoster", "Herpes zostex")
    result = run("search", "zoster", "--json", "--dir", str(collection))
    assert result.exit_code == 1  # the only hit was edited away, and that is seen at once
    assert json.loads(result.stdout)["hits"] == []


def test_edit_of_an_unshown_file_is_caught_by_the_sweep_and_by_index(
    run, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("list", "--dir", str(collection))
    edit_keeping_stat(collection / "betazol.md", "Avoid the eyes.", "Avoid xyzzyqqq.")
    # Within the sweep interval an edit that no stat can see may stay unseen by search...
    assert run("search", "xyzzyqqq", "--dir", str(collection)).exit_code == 1
    # ...`medinfo index` reads every file and catches it at once,
    stats = run("index", "--json", "--dir", str(collection))
    assert json.loads(stats.stdout)["parsed_now"] == 1
    assert run("search", "xyzzyqqq", "--dir", str(collection)).exit_code == 0
    # and an ordinary edit (new mtime) is caught by the sweep once the interval is over.
    (collection / "betazol.md").write_text("# Betazol\n### Usage\nNow with plughzz.\n")
    monkeypatch.setattr(sync_module, "SWEEP_SECONDS", 0.0)
    assert run("search", "plughzz", "--dir", str(collection)).exit_code == 0


def corrupt(cache: Path, how: str) -> None:
    """Damage the one index file in the cache directory."""
    (db,) = cache.glob("index-*.sqlite3")
    if how == "garbage":
        db.write_bytes(b"this is not a database" * 100)
    elif how == "truncated":
        data = db.read_bytes()
        db.write_bytes(data[: len(data) // 3])
    else:
        data = bytearray(db.read_bytes())
        for offset in range(4096, len(data), 97):  # scribble over every page but the header
            data[offset] = (data[offset] + 1) % 256
        db.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["garbage", "truncated", "scribbled"])
def test_damaged_cache_is_rebuilt_and_answers(
    run, collection: Path, isolated: Path, how: str
) -> None:
    assert run("list", "--dir", str(collection)).exit_code == 0
    corrupt(isolated, how)
    for args in (("show", "alphacillin", "dose"), ("search", "zoster"), ("list",)):
        result = run(*args, "--dir", str(collection))
        assert result.exit_code == 0, (args, result.stderr)
    assert "500 mg" in dose(run, collection)
    (db,) = isolated.glob("index-*.sqlite3")
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_cache_dir_that_cannot_be_created_still_answers(
    run, collection: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would go")
    env = {"MEDINFO_CACHE_DIR": str(blocker / "cache")}
    result = run("show", "alphacillin", "dose", "--dir", str(collection), env=env)
    assert result.exit_code == 0 and "500 mg" in result.stdout


def test_read_only_database_still_answers_fresh(
    run, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "500 mg" in dose(run, collection)
    original = cachefile_module.connect

    def read_only(target: str) -> sqlite3.Connection:
        if target == ":memory:":
            return original(target)
        conn = sqlite3.connect(
            f"file:{target}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
        return conn

    monkeypatch.setattr(cachefile_module, "connect", read_only)
    edit_keeping_stat(collection / "alphacillin.md", "500 mg by mouth", "650 mg by mouth")
    (collection / "sub" / "newcomer.md").write_text("# Newcomer\n### Usage\nN.\n")
    assert "650 mg by mouth" in dose(run, collection)
    assert "Newcomer" in run("list", "--dir", str(collection)).stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="permission bits do not bind root")
def test_read_only_cache_directory(run, collection: Path, isolated: Path) -> None:
    assert "500 mg" in dose(run, collection)
    (collection / "sub" / "newcomer.md").write_text("# Newcomer\n### Usage\nN.\n")
    for path in isolated.iterdir():
        path.chmod(0o444)
    isolated.chmod(0o555)
    try:
        assert "Newcomer" in run("list", "--dir", str(collection)).stdout
        assert "500 mg" in dose(run, collection)
    finally:
        isolated.chmod(0o755)


def test_two_processes_building_at_once(collection: Path, isolated: Path) -> None:
    for number in range(300):  # enough files for the parallel build path
        (collection / f"drug-{number:03}.md").write_text(
            f"# Drug {number}\n### Usage\nTreats condition {number}.\n### Dosage\n{number} mg.\n"
        )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    command = [sys.executable, "-m", "medinfo", "list", "--count", "--dir", str(collection)]
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err.decode()
        assert out.decode() == "304\n"
    (db,) = isolated.glob("index-*.sqlite3")
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not list(isolated.glob("*.tmp"))
    again = subprocess.run(
        [sys.executable, "-m", "medinfo", "show", "drug 123", "dose", "--dir", str(collection)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode == 0 and "123 mg." in again.stdout


def test_index_command_reports_statistics_and_skips(run, collection: Path) -> None:
    (collection / "broken.md").write_text("---\ntitle: [x\n---\n")
    result = run("index", "--json", "--dir", str(collection))
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["monographs"] == 4 and report["files"] == 5
    assert report["sections"] > 10 and report["rebuilt"] is True
    assert report["skipped"][0]["path"].endswith("broken.md")
    assert "invalid YAML" in report["skipped"][0]["reason"]
    again = json.loads(run("index", "--rebuild", "--json", "--dir", str(collection)).stdout)
    assert again["rebuilt"] is True and again["parsed_now"] == 5
    path = run("index", "--path", "--dir", str(collection)).stdout.strip()
    assert Path(path).exists()


def test_index_says_rebuilt_in_words(run, collection: Path) -> None:
    first = run("index", "--rebuild", "--dir", str(collection), "--format", "plain")
    assert "rebuilt: yes\n" in first.stdout
    again = run("index", "--dir", str(collection), "--format", "plain")
    assert "rebuilt: no\n" in again.stdout and "False" not in again.stdout
    shown = run("index", "--dir", str(collection), "--format", "rich", "--width", "100")
    assert re.search(r"rebuilt\s+│\s+no\s", shown.stdout), shown.stdout
    assert json.loads(run("index", "--dir", str(collection), "--json").stdout)["rebuilt"] is False


def test_lookups_never_import_the_parser_or_yaml(collection: Path, isolated: Path) -> None:
    code = (
        "import sys\n"
        "from medinfo.entry import main\n"
        f"main(['show', 'alphacillin', 'dose', '--dir', {str(collection)!r}])\n"
        f"main(['search', 'zoster', '--dir', {str(collection)!r}])\n"
        "heavy = [m for m in ('medinfo.readers.markdown', 'markdown_it', 'yaml', 'frontmatter',"
        " 'typer', 'click') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    command = [sys.executable, "-c", code]
    subprocess.run(command, env=env, capture_output=True, check=True)  # builds the index
    warm = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    assert "500 mg" in warm.stdout
    assert "HEAVY []" in warm.stdout


def test_a_build_collects_garbage_in_its_workers(tmp_path: Path, isolated: Path) -> None:
    # The console script turns the collector off (a lookup is over in milliseconds);
    # a build of many files must turn it on again, in the forked workers too, or
    # the cycles parsing leaves would pile up for the whole build.
    many = tmp_path / "many"
    many.mkdir()
    for n in range(240):  # past PARALLEL_THRESHOLD, so in workers
        (many / f"drug{n}.md").write_text(f"---\ntitle: Drug{n}\n---\n\n### Usage\nPain.\n")
    code = (
        "import gc, sys\n"
        "import medinfo.readers.markdown as reader\n"
        "parse = reader.parse\n"
        "def noting(*args, **kwargs):\n"
        "    monograph = parse(*args, **kwargs)\n"
        "    if not gc.isenabled():\n"
        "        sys.stderr.write('COLLECTOR OFF\\n')\n"
        "    return monograph\n"
        "reader.parse = noting\n"
        "from medinfo.entry import run\n"
        f"sys.argv = ['medinfo', 'index', '--dir', {str(many)!r}]\n"
        "run()\n"
    )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "240" in done.stdout
    assert "COLLECTOR OFF" not in done.stderr


def _read_until(fd: int, wanted: bytes, seconds: float = 10.0) -> bytes:
    """Return what a terminal shows until it shows the wanted bytes, or the time is up."""
    import select
    import time

    seen = b""
    end = time.monotonic() + seconds
    # Rich's live display writes from its own thread: the bar may come a moment after
    # the cursor is hidden, in another read.
    while wanted not in seen and (left := end - time.monotonic()) > 0:
        if select.select([fd], [], [], left)[0]:
            seen += os.read(fd, 65536)
    return seen


def test_progress_bar_appears_on_a_terminal_for_slow_builds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import pty

    from medinfo.render import Options, progress

    master, slave = pty.openpty()
    terminal = os.fdopen(slave, "w")
    monkeypatch.setattr(sys, "stderr", terminal)
    answer = (tmp_path / "answer.txt").open("w")  # stdout to a file: someone watches
    monkeypatch.setattr(sys, "stdout", answer)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    start = progress.factory(Options("rich", True))
    assert start is not None
    tick = start(3, 0)
    for _ in range(3):
        tick(1)
    terminal.flush()
    assert b"Indexing monographs" in _read_until(master, b"Indexing monographs")
    assert progress.factory(Options("json", True)) is None  # --json: a script reads it
    reader, writer = os.pipe()
    with os.fdopen(writer, "w") as pipe:
        monkeypatch.setattr(sys, "stdout", pipe)
        assert progress.factory(Options("plain", True)) is None  # stdout a pipe
    os.close(reader)
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress.factory(Options("rich", True)) is None  # stderr not a terminal
    terminal.close()
    answer.close()
    os.close(master)


def test_sqlite_without_fts5_is_reported_clearly(
    run, collection: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "SCHEMA", store_module.SCHEMA.replace("fts5(", "fts5x("))
    result = run("list", "--dir", str(collection))
    assert result.exit_code == 2
    assert "no FTS5 full-text search" in result.stderr
    assert "Traceback" not in result.stderr


def test_export_survives_a_rebuild_midway(collection: Path, isolated: Path) -> None:
    library = Library([str(collection)], isolated).open()
    exported = library.export()
    first = next(exported)
    # The cache is lost and built again while the export runs; file ids change.
    (collection / "aaa-first.md").write_text("# Aaa First\n### Usage\nNew.\n")
    library.index.cache.remove()
    library.index.build()
    rest = list(exported)
    names = [first.name] + [m.name for m in rest]
    assert sorted(names) == sorted(set(names))  # nothing twice
    assert names[0] == "Alphacillin"
    assert set(names) >= {"Alphacillin", "Betazol", "Gammadine + Deltamol", "Plainol"}
    for monograph in [first, *rest]:  # each is the file it says it is
        assert (collection / monograph.path).exists()
        assert monograph.name in (collection / monograph.path).read_text() or (
            monograph.name == "Plainol"
        )


def test_ctrl_c_during_a_first_build_closes_the_progress_line(
    tmp_path: Path, isolated: Path
) -> None:
    import pty
    import select
    import time

    many = tmp_path / "many"
    many.mkdir()
    body = "### Usage\nFor tests.\n\n### Dosage\n" + "One tablet a day.\n\n" * 20
    for number in range(400):  # enough to be parsed across processes, as large sets are
        (many / f"drug{number:03d}.md").write_text(f"# Drug {number}\n\n{body}")
    # The bar shows at once, and each file takes a moment: Ctrl-C comes mid-build on
    # any machine, however fast.
    code = (
        "import time\n"
        "import medinfo.index.build as build\n"
        "import medinfo.render.progress as progress\n"
        "progress.DELAY = -1.0\n"
        "parse_one = build.parse_one\n"
        "def slowly(*args):\n"
        "    time.sleep(0.02)\n"
        "    return parse_one(*args)\n"
        "build.parse_one = slowly\n"
        "from medinfo.entry import run\n"
        "run()\n"
    )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated), "TERM": "xterm", "COLUMNS": "80"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: medinfo on a terminal, stdout and stderr both
        try:
            os.execvpe(
                sys.executable, [sys.executable, "-c", code, "index", "--dir", str(many)], env
            )
        finally:
            os._exit(127)
    shown = b""
    deadline = time.monotonic() + 60
    interrupted = False
    while time.monotonic() < deadline:
        if not interrupted and b"/400" in shown:  # the bar counts: type Ctrl-C, as a user
            os.write(fd, b"\x03")
            interrupted = True
        ready, _, _ = select.select([fd], [], [], 0.2)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # the program ended: the terminal is gone
            break
        if not chunk:
            break
        shown += chunk
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert interrupted, shown[-500:]
    assert os.waitstatus_to_exitcode(status) == 130, shown[-500:]  # DESIGN.md's code for Ctrl-C
    assert b"Traceback" not in shown
    # After the bar's last drawing, the line is ended or erased: the shell's prompt
    # would start a line of its own, not follow "220/400^C".
    last = shown.rsplit(b"/400", 1)[1]
    assert b"\n" in last or b"\x1b[2K" in last, last
    # Nothing half-built is left as the index.
    assert not list(isolated.glob("index-*.sqlite3"))
    assert not list(isolated.glob(".index-*"))
