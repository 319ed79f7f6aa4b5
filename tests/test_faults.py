"""A cache that cannot be used (locked, read-only, full, in the way) never stops an answer."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

DOSE = "500 mg by mouth every 8 hours"


def medinfo(*args: str, cache: Path, stdout: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real program in a new process with its cache in the given directory."""
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(cache)}
    return subprocess.run(
        [sys.executable, "-m", "medinfo", *args],
        env=env,
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        check=False,
    )


def index_path(collection: Path, cache: Path) -> Path:
    """Return where the index of a collection lives, building it first."""
    assert medinfo("list", "--dir", str(collection), cache=cache).returncode == 0
    return Path(medinfo("index", "--path", "--dir", str(collection), cache=cache).stdout.strip())


class LockHolder:
    """Another process holding a lock on the cache database until told to stop."""

    def __init__(self, database: Path, mode: str) -> None:
        code = textwrap.dedent(
            f"""
            import sqlite3, sys
            conn = sqlite3.connect({str(database)!r}, isolation_level=None)
            conn.execute("BEGIN {mode}")
            print("locked", flush=True)
            sys.stdin.read()
            """
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline() == "locked\n"

    def release(self) -> None:
        """Let the other process go."""
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def notes(stderr: str) -> list[str]:
    """Return the notes about the cache in a stderr text."""
    return [line for line in stderr.splitlines() if "index cache" in line]


def test_exclusive_lock_held_by_another_process(collection: Path, isolated: Path) -> None:
    database = index_path(collection, isolated)
    holder = LockHolder(database, "EXCLUSIVE")
    try:
        started = time.monotonic()
        result = medinfo("show", "alphacillin", "dosage", "--dir", str(collection), cache=isolated)
        waited = time.monotonic() - started
    finally:
        holder.release()
    assert result.returncode == 0
    assert DOSE in result.stdout
    assert "Traceback" not in result.stderr
    assert len(notes(result.stderr)) == 1 and "locked" in result.stderr
    assert waited < 30  # a bounded wait, not a hang


def test_write_lock_held_while_a_file_changed(collection: Path, isolated: Path) -> None:
    database = index_path(collection, isolated)
    (collection / "alphacillin.md").write_text(
        (collection / "alphacillin.md").read_text().replace("500 mg", "650 mg")
    )
    (collection / "newcomer.md").write_text("# Newcomer\n### Usage\nNew.\n")
    holder = LockHolder(database, "IMMEDIATE")  # readers may read, nobody else may write
    try:
        shown = medinfo("show", "alphacillin", "dose", "--dir", str(collection), cache=isolated)
        listed = medinfo("list", "--dir", str(collection), cache=isolated)
    finally:
        holder.release()
    assert shown.returncode == 0 and "650 mg by mouth" in shown.stdout
    assert "Newcomer" in listed.stdout
    assert len(notes(listed.stderr)) == 1 and "Traceback" not in listed.stderr
    # Once the lock is gone, the cache file itself catches up.
    again = medinfo("list", "--dir", str(collection), cache=isolated)
    assert "Newcomer" in again.stdout and again.stderr == ""


def test_index_path_taken_by_a_directory(collection: Path, isolated: Path) -> None:
    database = index_path(collection, isolated)
    database.unlink()
    database.mkdir()  # neither openable nor replaceable
    result = medinfo("show", "alphacillin", "dose", "--dir", str(collection), cache=isolated)
    assert result.returncode == 0 and DOSE in result.stdout
    assert len(notes(result.stderr)) == 1 and "Traceback" not in result.stderr


def test_full_output_device_is_an_error_not_a_traceback(collection: Path, isolated: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        result = medinfo("export", "--dir", str(collection), cache=isolated, stdout=full.fileno())
    assert result.returncode == 2
    assert result.stderr.startswith("Error: cannot write the answer: No space left on device")
    assert "Traceback" not in result.stderr


def _on_own_disk(script: str, tmp_path: Path, collection: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script with a small tmpfs mounted at $DISK, in a mount namespace of its own.

    The namespace (unshare) lets the test mount a real read-only or full file system
    without touching the machine's own mounts, as root or not.
    """
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare is not installed: cannot make a small disk")
    probe = subprocess.run(
        [unshare, "--map-root-user", "--mount", "true"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip("mount namespaces are not allowed here: cannot make a small disk")
    disk = tmp_path / "disk"
    disk.mkdir()
    env = {
        **os.environ,
        "DISK": str(disk),
        "COLLECTION": str(collection),
        "MEDINFO_CACHE_DIR": str(disk / "cache"),
        "PY": sys.executable,
    }
    return subprocess.run(
        [unshare, "--map-root-user", "--mount", "sh", "-euc", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_full_disk_before_any_index(tmp_path: Path, collection: Path) -> None:
    result = _on_own_disk(
        'mount -t tmpfs -o size=16k tmpfs "$DISK"\n'
        '"$PY" -m medinfo show alphacillin dose --dir "$COLLECTION"\n'
        'ls -A "$DISK/cache" >&2\n',
        tmp_path,
        collection,
    )
    assert result.returncode == 0, result.stderr
    assert DOSE in result.stdout
    assert "disk full" in result.stderr and "Traceback" not in result.stderr
    assert ".tmp" not in result.stderr  # the half-written file was removed


def test_disk_filled_up_after_the_index_was_built(tmp_path: Path, collection: Path) -> None:
    result = _on_own_disk(
        'mount -t tmpfs -o size=2m tmpfs "$DISK"\n'
        '"$PY" -m medinfo list --dir "$COLLECTION" >/dev/null\n'
        'dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null || true\n'
        'sed -i "s/500 mg/650 mg/" "$COLLECTION/alphacillin.md"\n'
        'echo "# Newcomer" > "$COLLECTION/newcomer.md"\n'
        '"$PY" -m medinfo show alphacillin dose --dir "$COLLECTION"\n'
        '"$PY" -m medinfo list --dir "$COLLECTION"\n',
        tmp_path,
        collection,
    )
    assert result.returncode == 0, result.stderr
    assert "650 mg by mouth" in result.stdout and "Newcomer" in result.stdout
    assert "Traceback" not in result.stderr
    assert all("disk full" in line for line in notes(result.stderr))


def test_read_only_disk(tmp_path: Path, collection: Path) -> None:
    result = _on_own_disk(
        'mount -t tmpfs -o size=2m tmpfs "$DISK"\n'
        '"$PY" -m medinfo list --dir "$COLLECTION" >/dev/null\n'
        'mount -o remount,ro "$DISK"\n'
        'echo "# Newcomer" > "$COLLECTION/newcomer.md"\n'
        'rm "$COLLECTION/betazol.md"\n'
        '"$PY" -m medinfo list --dir "$COLLECTION"\n'
        '"$PY" -m medinfo show alphacillin dose --dir "$COLLECTION"\n'
        'echo "--- no index yet, read-only from the start" >&2\n'
        'rm -rf "$COLLECTION/../other" && cp -r "$COLLECTION" "$COLLECTION/../other"\n'
        '"$PY" -m medinfo list --count --dir "$COLLECTION/../other"\n',
        tmp_path,
        collection,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Newcomer" in lines and "Betazol" not in lines
    assert DOSE in result.stdout
    assert lines[-1] == "4"
    assert "Traceback" not in result.stderr
    assert len(notes(result.stderr)) == 3  # one per call that could not write


def test_copying_a_locked_database_gives_up_in_bounded_time(
    collection: Path, isolated: Path
) -> None:
    from medinfo.index.store import Store, connect

    database = index_path(collection, isolated)
    store = Store(connect(str(database)), [str(collection.resolve())])
    holder = LockHolder(database, "EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            store.copy_to_memory()
        waited = time.monotonic() - started
    finally:
        holder.release()
        store.close()
    assert waited < 15


def test_ctrl_c_during_a_parallel_build(collection: Path, isolated: Path) -> None:
    for number in range(3000):  # enough for the worker processes, and for a second or more
        (collection / f"drug-{number:04}.md").write_text(
            f"# Drug {number}\n### Usage\nTreats condition {number}.\n### Dosage\n{number} mg.\n"
        )
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    process = subprocess.Popen(
        [sys.executable, "-m", "medinfo", "index", "--dir", str(collection)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # Ctrl-C reaches the whole process group, as in a terminal
    )
    deadline = time.monotonic() + 60
    while not list(isolated.glob(".index-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.005)  # until the build has begun to write its new file
    time.sleep(0.2)  # and its workers are parsing
    os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, (stdout, stderr)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert not list(isolated.glob(".index-*.tmp"))  # the half-built file is gone


def test_ctrl_c_while_the_workers_start_stops_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing.context

    from medinfo.index.workers import spread

    starting = multiprocessing.context.ForkContext.Pool

    def pressed_meanwhile(self: object, *args: object, **kwargs: object) -> object:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, while the pool is being made
        return starting(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(multiprocessing.context.ForkContext, "Pool", pressed_meanwhile)
    with pytest.raises(KeyboardInterrupt) as caught:
        for _ in spread(abs, range(-400, 0), 2):
            time.sleep(0.01)  # a build would go on to store them all
    # Its workers are stopped as it stops, not when the pool is collected: the
    # traceback, still held here, holds it.
    assert caught.traceback and not multiprocessing.active_children()
