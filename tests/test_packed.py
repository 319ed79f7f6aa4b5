"""Sections kept compressed: what is read back, searched and forgotten is the text as written."""

from __future__ import annotations

import json
import shutil
import sqlite3
import zlib
from pathlib import Path

import pytest

from medinfo.index.packed import pack, plain_of, section
from medinfo.index.store import Store, connect
from medinfo.readers import read_path
from medinfo.readers.blocks import plain_text

FIXTURES = Path(__file__).parent / "fixtures"


SECTIONS = [
    ("Take 10 mg **daily**.", "Take 10 mg daily.", '[[0,1,["p",[["daily",["b"]]]]]]'),
    ("No markup at all.", "No markup at all.", None),
    ("", "", None),
    ("Dose 10<sup>6</sup> PFU — café ½", "Dose 10⁶ PFU — café ½", '[[0,1,["p",["x é"]]]]'),
    ("Plain and blocks.", "Plain and blocks.", '[[0,1,["p",["Plain and blocks."]]]]'),
]


def test_a_monographs_sections_pack_into_one_blob_and_unpack_to_their_own_words() -> None:
    body, places = pack(SECTIONS)
    assert len(places) == len(SECTIONS)
    for (text, plain, blocks), place in zip(SECTIONS, places, strict=True):
        assert section(body, *place) == (text, blocks)
        assert plain_of(body, *place[:3]) == plain
        at, plain_at = place[:2]
        assert (plain_at == at) == (text == plain)  # words without markup are stored once
    assert len(zlib.decompress(body)) == places[-1][3]


def _database(cache: Path) -> sqlite3.Connection:
    """Open the one index a call built, with the functions medinfo registers."""
    (database,) = cache.glob("index-*.sqlite3")
    return Store(connect(str(database)), []).conn


def _labels(tmp_path: Path) -> Path:
    """Return a folder of the SPL fixtures and the Markdown collection together."""
    folder = tmp_path / "mixed"
    shutil.copytree(FIXTURES / "collection", folder)
    for label in (FIXTURES / "spl").glob("*.xml"):
        shutil.copy(label, folder / label.name)
    return folder


def test_the_index_keeps_each_section_compressed_and_reads_back_every_word(
    run, tmp_path: Path, isolated: Path
) -> None:
    folder = _labels(tmp_path)
    assert run("index", "--dir", str(folder)).exit_code == 0
    db = _database(isolated)
    rows = db.execute(
        "SELECT d.rel, s.ord, b.body, s.at, s.plain_at, s.blocks_at, s.stop FROM sections s"
        " JOIN docs d ON d.file_id = s.file_id JOIN bodies b ON b.file_id = s.file_id"
        " ORDER BY d.rel, s.ord"
    ).fetchall()
    assert len({row[0] for row in rows}) == 8  # every monograph of the folder
    for rel, number, body, *place in rows:
        zlib.decompress(body)  # a zlib stream, not the text itself
        read = read_path(folder / rel).sections[number]
        assert section(body, *place)[0] == read.text
        assert plain_of(body, *place[:3]) == plain_text(read.text)
    # What a user gets back is the file's text, word for word.
    shown = run("show", "zolvexa", "--json", "--dir", str(folder))
    assert shown.exit_code == 0, shown.stderr
    texts = [s["text"] for s in json.loads(shown.stdout)["sections"]]
    assert texts == [s.text for s in read_path(folder / "zolvexa.xml").sections]


def _integrity(db: sqlite3.Connection) -> None:
    """Fail unless the search table holds exactly the words of the sections it indexes."""
    db.execute("INSERT INTO fts(fts, rank) VALUES ('integrity-check', 1)")


def test_search_quotes_the_plain_words_and_forgets_a_changed_or_removed_file(
    run, tmp_path: Path, isolated: Path
) -> None:
    folder = _labels(tmp_path)
    found = run("search", "food", "--json", "--dir", str(folder))
    assert found.exit_code == 0, found.stderr
    hits = json.loads(found.stdout)["hits"]
    assert hits and all("**" not in hit["snippet"] for hit in hits)
    _integrity(_database(isolated))
    # A file changed, then one removed: their words leave the search table with them.
    path = folder / "alphacillin.md"
    path.write_text(path.read_text().replace("500 mg", "750 mg") + "\nZanzibarword.\n")
    assert run("search", "zanzibarword", "--dir", str(folder)).exit_code == 0
    _integrity(_database(isolated))
    path.unlink()
    gone = run("search", "zanzibarword", "--dir", str(folder))
    assert gone.exit_code == 1
    _integrity(_database(isolated))


def test_the_search_table_cannot_be_read_without_medinfos_function(
    run, tmp_path: Path, isolated: Path
) -> None:
    # The words are read through a function every medinfo connection registers; a
    # connection without it fails loudly rather than matching nothing.
    folder = _labels(tmp_path)
    assert run("index", "--dir", str(folder)).exit_code == 0
    (database,) = isolated.glob("index-*.sqlite3")
    with pytest.raises(sqlite3.OperationalError, match="plain_of"):
        sqlite3.connect(database).execute("SELECT plain FROM section_words").fetchall()


def _scribble_bodies(cache: Path) -> None:
    """Damage every packed blob inside its row, as a bad sector would: pages still read."""
    db = _database(cache)
    for file_id, body in db.execute("SELECT file_id, body FROM bodies").fetchall():
        damaged = bytearray(body)
        for offset in range(8, min(len(damaged), 40)):
            damaged[offset] ^= 0x55
        db.execute("UPDATE bodies SET body = ? WHERE file_id = ?", (bytes(damaged), file_id))
    db.close()


@pytest.mark.parametrize("args", [("show", "alphacillin", "dose"), ("search", "zoster")])
def test_a_packed_blob_that_cannot_be_unpacked_is_a_damaged_cache_rebuilt(
    run, collection: Path, isolated: Path, args: tuple[str, ...]
) -> None:
    # A blob damaged inside its row passes SQLite's own reads; zlib refuses it. The
    # cache is damaged: rebuilt and answered, never a traceback or an error to the user.
    assert run("index", "--dir", str(collection)).exit_code == 0
    _scribble_bodies(isolated)
    result = run(*args, "--dir", str(collection))
    assert result.exit_code == 0, result.stderr
    assert "cache failed" not in result.stderr
    for body in _database(isolated).execute("SELECT body FROM bodies"):
        zlib.decompress(body[0])  # built again
