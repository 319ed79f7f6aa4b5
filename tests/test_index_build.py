"""A fresh build's bulk load: the database it leaves, and the file on disk before it is in place."""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest

import medinfo.index.cachefile as cachefile_module
from medinfo.index.store import Store, connect
from medinfo.index.store.schema import SCHEMA
from medinfo.library import Library


def _index_file(cache: Path) -> Path:
    """Return the one index database in a cache folder."""
    (found,) = cache.glob("index-*.sqlite3")
    return found


def test_a_new_index_file_is_synced_before_it_takes_the_place_of_the_old(
    collection: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The build writes without syncing (Store.create): renamed into place unsynced, a
    # power cut could leave the index's name on a file whose pages never reached the disk.
    events: list[tuple[str, int]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.fstat(fd).st_ino))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append(("replace", os.stat(src).st_ino))
        real_replace(src, dst)

    monkeypatch.setattr(cachefile_module.os, "fsync", fsync)
    monkeypatch.setattr(cachefile_module.os, "replace", replace)
    Library([str(collection)], isolated).open().index.close()
    (inode,) = [ino for what, ino in events if what == "replace"]
    assert ("fsync", inode) in events
    assert events.index(("fsync", inode)) < events.index(("replace", inode))
    assert _index_file(isolated).stat().st_ino == inode


def test_a_built_index_has_the_indexes_of_the_schema(collection: Path, isolated: Path) -> None:
    # A build makes the indexes after the rows (Store.load): the same ones, by the same
    # statements, as the schema.
    Library([str(collection)], isolated).open().index.close()
    query = "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
    schema = sqlite3.connect(":memory:")
    schema.executescript(SCHEMA)
    built = sqlite3.connect(_index_file(isolated))
    assert built.execute(query).fetchall() == schema.execute(query).fetchall()
    plan = built.execute("EXPLAIN QUERY PLAN SELECT file_id FROM names WHERE norm = 'x'")
    assert "names_norm" in " ".join(str(row) for row in plan)


def test_a_build_that_merges_its_search_segments_finds_every_file(
    tmp_path: Path, isolated: Path
) -> None:
    # Enough words that the search table writes many segments and merges some of them
    # while the build goes on (more than 10 MB of terms to write, in segments of 1 MB).
    rng = random.Random(18)
    syllables = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "pe", "zu", "ba", "do"]
    words = ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(20000)]
    many = tmp_path / "many"
    many.mkdir()
    count = 480
    for n in range(count):
        text = " ".join(rng.choices(words, k=3000))
        (many / f"drug{n:03}.md").write_text(
            f"---\ntitle: Drug{n}\n---\n\n### Usage\nmarker{n} {text}\n\n"
            f"### Dosage\n{text[:5000]}\n"
        )
    Library([str(many)], isolated).open().index.close()
    store = Store(connect(str(_index_file(isolated))), [str(many)])
    try:
        db = store.conn
        # FTS5's own check of the search table against the sections it indexes.
        db.execute("INSERT INTO fts(fts) VALUES ('integrity-check')")
        db.execute("INSERT INTO ingredient_fts(ingredient_fts) VALUES ('integrity-check')")
        assert db.execute("SELECT count(*) FROM fts").fetchone()[0] == 2 * count
        for n in range(0, count, 37):
            found = db.execute(
                "SELECT d.name FROM fts JOIN sections s ON s.id = fts.rowid"
                " JOIN docs d ON d.file_id = s.file_id WHERE fts MATCH ?",
                (f'"marker{n}"',),
            ).fetchall()
            assert found == [(f"Drug{n}",)]
        # Later writes merge as FTS5 does by default (four segments at a time).
        row = db.execute("SELECT v FROM fts_config WHERE k = 'automerge'").fetchone()
        assert row is None or row[0] == 4
    finally:
        store.close()
