"""Several versions of one set id: the newest is the label; older ones stay reachable."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path

from medinfo import versions

SPL = Path(__file__).parent / "fixtures" / "spl"
SET_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"  # zolvexa.xml's
OLD = "Severe liver disease."
NEW = "Severe kidney disease."


def _version(version: int, date: str, sentence: str = OLD) -> bytes:
    """Return zolvexa.xml as this version, of this effective date, with this contraindication."""
    xml = (SPL / "zolvexa.xml").read_text(encoding="utf-8")
    xml = xml.replace('<versionNumber value="7"/>', f'<versionNumber value="{version}"/>')
    xml = xml.replace('<effectiveTime value="20230415"/>', f'<effectiveTime value="{date}"/>', 1)
    assert OLD in xml
    return xml.replace(OLD, sentence).encode()


def _release(path: Path, labels: dict[str, bytes]) -> None:
    """Write a release zip of label zips, named as DailyMed names them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as release:
        for name, xml in labels.items():
            inner = io.BytesIO()
            with zipfile.ZipFile(inner, "w") as label:
                label.writestr("document.xml", xml)
            release.writestr(f"prescription/{name}.zip", inner.getvalue())


def _releases(tmp_path: Path) -> Path:
    """Return a folder of a release (zolvexa 7, tabulex) and a weekly update (zolvexa 8)."""
    folder = tmp_path / "dailymed"
    folder.mkdir()
    tabulex = (SPL / "tabulex.xml").read_bytes()
    _release(
        folder / "dm_spl_release_human_rx_part1.zip",
        {f"20230415_{SET_ID}": _version(7, "20230415"), "20240102_tabulex": tabulex},
    )
    _release(
        folder / "dm_spl_weekly_update_112326_112726.zip",
        {f"20261201_{SET_ID}": _version(8, "20261201", NEW)},
    )
    return folder


def _shown(run, folder: Path, name: str) -> dict[str, object]:
    """Return what `medinfo show NAME --json` gives."""
    result = run("show", "--dir", str(folder), name, "--json")
    assert result.exit_code == 0, result.stderr
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def _contraindications(shown: dict[str, object]) -> str:
    """Return the text of a shown label's Contraindications section."""
    sections = shown["sections"]
    assert isinstance(sections, list)
    return "".join(s["text"] for s in sections if s["key"] == "contraindications")


def test_an_update_zip_newer_version_is_the_label_shown_by_set_id_and_name(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    for name in (SET_ID, "zolvexamine"):
        shown = _shown(run, folder, name)
        assert NEW in _contraindications(shown)
        assert OLD not in _contraindications(shown)
        assert shown["metadata"]["version"] == "8"


def test_listing_gives_each_set_id_once_and_counts_the_versions_kept(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    result = run("list", "--dir", str(folder), "--count")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "2"
    assert "1 older version of 1 label kept" in result.stderr
    result = run("list", "--dir", str(folder), "--json")
    paths = [entry["path"] for entry in json.loads(result.stdout)]
    assert [p for p in paths if SET_ID in p] == [
        f"dm_spl_weekly_update_112326_112726.zip:prescription/20261201_{SET_ID}.zip"
    ]


def test_search_finds_the_new_version_only(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    result = run("search", "--dir", str(folder), "kidney", "--json")
    assert result.exit_code == 0, result.stderr
    assert "weekly_update" in result.stdout
    result = run("search", "--dir", str(folder), "liver disease", "--json")
    assert "dm_spl_release" not in result.stdout  # the old version's sentence is not found


def test_an_older_version_is_shown_by_set_id_at_version(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    shown = _shown(run, folder, f"{SET_ID}@7")
    assert OLD in _contraindications(shown)
    assert shown["metadata"]["version"] == "7"
    assert _shown(run, folder, f"{SET_ID.upper()}@8")["metadata"]["version"] == "8"


def test_an_unknown_version_is_not_found_naming_the_versions_kept(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    result = run("show", "--dir", str(folder), f"{SET_ID}@9")
    assert result.exit_code == 1
    assert f"no version 9 of set id {SET_ID} is kept" in result.stderr
    assert "versions kept: 8, 7" in result.stderr
    assert "Traceback" not in result.stderr
    missing = "00000000-0000-4000-8000-000000000000"
    result = run("show", "--dir", str(folder), f"{missing}@1")
    assert result.exit_code == 1
    assert f"no label has set id {missing}" in result.stderr


def test_diff_compares_an_older_version_read_inside_its_release(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    for new in (SET_ID, f"{SET_ID}@8"):
        result = run("diff", "--dir", str(folder), f"{SET_ID}@7", new, "--json")
        assert result.exit_code == 0, result.stderr
        assert "liver" in result.stdout and "kidney" in result.stdout


def test_plain_files_of_one_set_id_tie_on_version_and_the_later_date_wins(run, tmp_path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "a.xml").write_bytes(_version(7, "20250101", NEW))
    (folder / "b.xml").write_bytes(_version(7, "20230415"))
    assert NEW in _contraindications(_shown(run, folder, SET_ID))
    result = run("list", "--dir", str(folder), "--count")
    assert result.stdout.strip() == "1"
    result = run("show", "--dir", str(folder), f"{SET_ID}@7", "--json")
    assert json.loads(result.stdout)["metadata"]["effective_date"] == "2025-01-01"


def test_plain_files_the_higher_version_wins_and_removing_it_restores_the_older(
    run, tmp_path
) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "new.xml").write_bytes(_version(8, "20200101", NEW))  # version before date
    (folder / "old.xml").write_bytes(_version(7, "20230415"))
    assert NEW in _contraindications(_shown(run, folder, "zolvexamine"))
    assert OLD in _contraindications(_shown(run, folder, f"{SET_ID}@7"))
    (folder / "new.xml").unlink()
    shown = _shown(run, folder, "zolvexamine")
    assert OLD in _contraindications(shown)
    result = run("list", "--dir", str(folder))
    assert "older version" not in result.stderr


def test_a_name_is_set_id_at_version_only_with_a_set_id() -> None:
    assert versions.split(f" {SET_ID.upper()}@12 ") == (SET_ID, "12")
    assert versions.split("warfarin@12") is None
    assert versions.split(SET_ID) is None


def _updated_collection(root: Path) -> None:
    """Write a label collection as `medinfo update` leaves it: version 8, version 7 kept."""
    root.mkdir()
    (root / f"{SET_ID}.xml").write_bytes(_version(8, "20261201", NEW))
    kept = root / ".previous" / SET_ID
    kept.mkdir(parents=True)
    (kept / "7.xml").write_bytes(_version(7, "20230415"))


def test_a_version_update_keeps_in_previous_is_shown_by_set_id_at_version(run, tmp_path) -> None:
    other = tmp_path / "other"  # first on the lookup path, keeping nothing
    other.mkdir()
    (other / "tabulex.xml").write_bytes((SPL / "tabulex.xml").read_bytes())
    labels = tmp_path / "labels"
    _updated_collection(labels)
    dirs = ["--dir", str(other), "--dir", str(labels)]
    result = run("show", *dirs, f"{SET_ID}@7", "--json")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert OLD in _contraindications(shown) and NEW not in _contraindications(shown)
    assert shown["metadata"]["version"] == "7"
    assert shown["path"] == f".previous/{SET_ID}/7.xml"
    # Compared with the current version, by diff and by compare.
    result = run("diff", *dirs, f"{SET_ID}@7", SET_ID, "--json")
    assert result.exit_code == 0, result.stderr
    assert "liver" in result.stdout and "kidney" in result.stdout
    result = run("compare", *dirs, f"{SET_ID}@7", f"{SET_ID}@8", "contraindications", "--json")
    assert result.exit_code == 0, result.stderr
    assert OLD in result.stdout and NEW in result.stdout
    # A version kept nowhere names both: the indexed one and the one in .previous.
    result = run("show", *dirs, f"{SET_ID}@6")
    assert result.exit_code == 1
    assert "versions kept: 8, 7" in result.stderr


def test_a_kept_version_is_read_safely(run, tmp_path) -> None:
    labels = tmp_path / "labels"
    _updated_collection(labels)
    secret = tmp_path / "outside.xml"
    secret.write_bytes(_version(6, "20200101"))
    (labels / ".previous" / SET_ID / "6.xml").symlink_to(secret)
    result = run("show", "--dir", str(labels), f"{SET_ID}@6")
    assert result.exit_code == 2
    assert "leading out of the collection" in result.stderr
    assert OLD not in result.stdout
    # A version is a number, never a path.
    result = run("show", "--dir", str(labels), f"{SET_ID}@../{SET_ID}/7")
    assert result.exit_code == 1
    assert OLD not in result.stdout


def test_index_json_counts_the_older_versions_kept_as_the_listing_note_does(run, tmp_path) -> None:
    folder = _releases(tmp_path)
    # tabulex (version 3, in the release) gets versions 4, 5 and 6 beside it: 3 older ones.
    tabulex = (SPL / "tabulex.xml").read_text(encoding="utf-8")
    for version in ("4", "5", "6"):
        newer = tabulex.replace('<versionNumber value="3"/>', f'<versionNumber value="{version}"/>')
        (folder / f"tabulex-{version}.xml").write_text(newer, encoding="utf-8")
    result = run("index", "--dir", str(folder), "--json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["older_versions"], report["older_versions_set_ids"]) == (4, 2)
    listed = run("list", "--dir", str(folder), "--count")
    assert "4 older versions of 2 labels kept" in listed.stderr
    plain = run("index", "--dir", str(SPL))
    assert "older_versions: 0\nolder_versions_set_ids: 0\n" in plain.stdout


def _hits(run, folder: Path, *query: str) -> tuple[object, list[tuple[object, ...]]]:
    """Return the total and the hits (all but their score) of `medinfo search --json`."""
    result = run("search", "--dir", str(folder), *query, "--json")
    assert result.exit_code == 0, result.stderr
    found = json.loads(result.stdout)
    return found["total"], [
        tuple(v for k, v in hit.items() if k != "score") for hit in found["hits"]
    ]


def test_search_with_older_versions_kept_finds_what_it_finds_without_them(run, tmp_path) -> None:
    kept = _releases(tmp_path)
    alone = tmp_path / "alone"  # the same labels, the older version of zolvexa left out
    alone.mkdir()
    _release(
        alone / "dm_spl_release_human_rx_part1.zip",
        {"20240102_tabulex": (SPL / "tabulex.xml").read_bytes()},
    )
    (alone / "dm_spl_weekly_update_112326_112726.zip").write_bytes(
        (kept / "dm_spl_weekly_update_112326_112726.zip").read_bytes()
    )
    queries = [
        ("zolvexamine",),
        ("zolvexamine", "--limit", "1"),  # more than the limit: counted apart
        ("contraindicated OR disease", "--limit", "2"),
        ("lactose",),  # an inactive ingredient: a hit of the product data of its own
        ("disease", "--section", "contraindications"),  # within a topic's passages
    ]
    for query in queries:
        total, hits = _hits(run, kept, *query)
        assert (total, hits) == _hits(run, alone, *query), query
        assert hits and not any(
            "dm_spl_release" in str(hit) and "zolvex" in str(hit) for hit in hits
        )


def test_the_sweep_stats_loose_files_and_leaves_a_releases_labels_to_its_own_stat(
    run, tmp_path: Path, isolated: Path, monkeypatch
) -> None:
    from medinfo.index import sync
    from medinfo.library import Library

    folder = _releases(tmp_path)
    loose = folder / "labels" / "precura.xml"
    loose.parent.mkdir()
    loose.write_bytes((SPL / "precura.xml").read_bytes())
    for path in (loose, loose.parent):  # settled: a listing of the folder does not see the edit
        os.utime(path, (1_600_000_000, 1_600_000_000))
    store = Library([str(folder)], isolated).open().index.store
    assert [rel for _, rel, *_ in store.loose_files()] == ["labels/precura.xml"]
    assert len(store.files()) == 4  # and the three labels inside the two zips
    # An edit of the loose file is caught by the sweep (every call, here).
    monkeypatch.setattr(sync, "SWEEP_SECONDS", 0.0)
    loose.write_text(
        loose.read_text(encoding="utf-8").replace("blocks an enzyme", "blocks plughzz"), "utf-8"
    )
    result = run("search", "--dir", str(folder), "plughzz", "--json")
    assert result.exit_code == 0 and "labels/precura.xml" in result.stdout, result.stderr


def test_a_kept_version_shows_its_folder_as_an_indexed_label_does(run, tmp_path) -> None:
    # A folder whose name holds a byte that is not UTF-8: an indexed label shows it as
    # \xff; the version kept in .previous must too, never a lone surrogate in the JSON.
    labels = Path(tmp_path / "labels\udcff")
    _updated_collection(labels)
    shown = {}
    for name in (SET_ID, f"{SET_ID}@7"):
        result = run("show", "--dir", str(labels), name, "--json")
        assert result.exit_code == 0, result.stderr
        shown[name] = json.loads(result.stdout)["dir"]
    assert shown[f"{SET_ID}@7"] == shown[SET_ID] == str(tmp_path / "labels\\xff")
    result = run("compare", "--dir", str(labels), f"{SET_ID}@7", SET_ID, "--json")
    assert result.exit_code == 0, result.stderr
    assert "\\udcff" not in result.stdout


# What each search table should index: the rows of current versions (schema), those
# of ingredients and topics when their text is not empty.
_CURRENT = {
    "fts": "SELECT s.id, s.name, s.title, plain_of(b.body, s.at, s.plain_at, s.blocks_at), s.key"
    " FROM sections s JOIN bodies b ON b.file_id = s.file_id"
    " JOIN docs d ON d.file_id = s.file_id WHERE d.current",
    **{
        fts: f"SELECT t.id, t.name, t.title, t.plain, t.key FROM {table} t"
        " JOIN docs d ON d.file_id = t.file_id WHERE d.current AND t.plain != ''"
        for fts, table in (("ingredient_fts", "ingredients"), ("topic_fts", "topics"))
    },
}
_TABLES = {"fts": "sections", "ingredient_fts": "ingredients", "topic_fts": "topics"}


def _postings(db: sqlite3.Connection, schema: str, table: str) -> Counter[tuple[object, ...]]:
    """Return every (term, row, column, offset) an FTS5 table indexes."""
    db.execute(f"DROP TABLE IF EXISTS temp.v_{table}")
    db.execute(f"CREATE VIRTUAL TABLE temp.v_{table} USING fts5vocab({schema}, {table}, instance)")
    return Counter(db.execute(f"SELECT term, doc, col, offset FROM temp.v_{table}").fetchall())


def _search_tables(cache: Path) -> tuple[set[int], ...]:
    """Return the ids of the monographs each search table (sections, topics, ingredients) holds.

    Each table first indexes exactly the words of the current versions' rows (their
    text not empty), term by term, as a table freshly filled with them would.
    """
    from medinfo.index.store import Store, connect

    (database,) = cache.glob("index-*.sqlite3")
    db = Store(connect(str(database)), []).conn
    for fts, rows in _CURRENT.items():
        db.execute(
            f"CREATE VIRTUAL TABLE temp.x_{fts} USING fts5(name, title, plain, key,"
            " tokenize='porter unicode61 remove_diacritics 2')"
        )
        db.execute(f"INSERT INTO temp.x_{fts}(rowid, name, title, plain, key) {rows}")
        assert _postings(db, "main", fts) == _postings(db, "temp", f"x_{fts}"), fts
    matches = {"fts": "zolvexamine OR disease", "topic_fts": "disease", "ingredient_fts": "lactose"}
    return tuple(
        {
            row[0]
            for row in db.execute(
                f"SELECT DISTINCT t.file_id FROM {fts} JOIN {_TABLES[fts]} t"
                f" ON t.id = {fts}.rowid WHERE {fts} MATCH ?",
                (matches[fts],),
            )
        }
        for fts in ("fts", "topic_fts", "ingredient_fts")
    )


def _ids(cache: Path) -> dict[int, int]:
    """Return the file id of each version of zolvexa's set id the index holds, by version."""
    from medinfo.index.store import Store, connect

    (database,) = cache.glob("index-*.sqlite3")
    db = Store(connect(str(database)), []).conn
    rows = db.execute("SELECT version, file_id FROM docs WHERE set_id = ?", (SET_ID,))
    return {int(version): file_id for version, file_id in rows}


def test_the_search_tables_hold_the_current_version_alone_as_versions_come_and_go(
    run, tmp_path, isolated: Path
) -> None:
    # An older version is not matched and left out: it is in no search table, and it
    # comes back into them when the newer one goes (and out again when it returns).
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "old.xml").write_bytes(_version(7, "20230415"))
    topics = run("search", "--dir", str(folder), "disease", "--section", "contraindications")
    assert topics.exit_code == 0, topics.stderr  # the old version's topics are worked out
    old = _ids(isolated)[7]
    assert _search_tables(isolated) == ({old}, {old}, {old})
    newer = _version(8, "20241101", NEW)
    (folder / "new.xml").write_bytes(newer)
    found = run("search", "--dir", str(folder), "disease", "--section", "contraindications")
    assert "kidney" in found.stdout and "liver" not in found.stdout, found.stdout
    new = _ids(isolated)[8]
    assert _search_tables(isolated) == ({new}, {new}, {new})
    (folder / "new.xml").unlink()
    assert OLD in run("show", "--dir", str(folder), SET_ID, "--format", "plain").stdout
    assert "old.xml" in run("search", "--dir", str(folder), "liver", "--json").stdout
    assert _search_tables(isolated)[0::2] == ({old}, {old})
    run("search", "--dir", str(folder), "disease", "--section", "contraindications")
    assert _search_tables(isolated) == ({old}, {old}, {old})  # its topics worked out again
    (folder / "new.xml").write_bytes(newer)
    again = run("search", "--dir", str(folder), "liver", "--json")
    assert "new.xml" in again.stdout and "old.xml" not in again.stdout, again.stdout
    assert _search_tables(isolated)[0::2] == ({_ids(isolated)[8]},) * 2
