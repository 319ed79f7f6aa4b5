"""The release builder of benchmarks/release.py writes DailyMed's layout, on labels of our own."""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

NS = "{urn:hl7-org:v3}"
LABEL = """<?xml version="1.0" encoding="UTF-8"?>
<document xmlns="urn:hl7-org:v3">
  <id root="{document}"/>
  <code code="34391-3"/>
  <title>{name} tablets</title>
  <effectiveTime value="20240105"/>
  <setId root="{set_id}"/>
  <versionNumber value="4"/>
  <author><assignedEntity><representedOrganization>
    <id root="1.3.6.1.4.1.519.1" extension="123456789"/><name>Fixture Pharma</name>
  </representedOrganization></assignedEntity></author>
  <component><structuredBody>
    <component><section><id root="{section}"/>
      <code code="34067-9"/><title>1 INDICATIONS AND USAGE</title>
      <text><paragraph>{name} treats fixture infections.</paragraph></text>
    </section></component>
    {contraindications}
  </structuredBody></component>
</document>
"""
CONTRAINDICATIONS = """<component><section>
      <code code="34070-3"/><title>4 CONTRAINDICATIONS</title>
      <excerpt><highlight>
        <text><paragraph>Fixture allergy (4)</paragraph></text>
      </highlight></excerpt>
      <text><paragraph>{name} is contraindicated in fixture allergy.</paragraph></text>
    </section></component>"""


@pytest.fixture(scope="module")
def release() -> ModuleType:
    """Return benchmarks/release.py as a module."""
    path = Path(__file__).parent.parent / "benchmarks" / "release.py"
    spec = importlib.util.spec_from_file_location("release_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["release_bench"] = module  # dataclasses and the like look it up
    spec.loader.exec_module(module)
    return module


def attr(root: ET.Element, tag: str, name: str) -> str:
    """Return an attribute of the first element of a tag (the element must be there)."""
    element = root.find(f"{NS}{tag}")
    assert element is not None, tag
    return element.get(name, "")


def texts(root: ET.Element) -> dict[str, str]:
    """Return the text of each section of a label, by its code."""
    return {attr(s, "code", "code"): "".join(s.itertext()) for s in root.iter(f"{NS}section")}


def corpus(folder: Path) -> Path:
    """Write two labels, one without a Contraindications section; return their folder."""
    folder.mkdir()
    for number, (name, contra) in enumerate((("Clarivex", True), ("Dulcetol", False))):
        text = LABEL.format(
            document=f"d0c00000-0000-4000-8000-00000000000{number}",
            set_id=f"5e700000-0000-4000-8000-00000000000{number}",
            section=f"5ec00000-0000-4000-8000-00000000000{number}",
            name=name,
            contraindications=CONTRAINDICATIONS.format(name=name) if contra else "",
        )
        (folder / f"{name.lower()}.xml").write_text(text, encoding="utf-8")
    return folder


def built(release: ModuleType, tmp_path: Path, update: int) -> Path:
    """Build a release of five copies of the two labels, two a part; return its folder."""
    args = argparse.Namespace(
        corpus=corpus(tmp_path / "corpus"),
        labels=5,
        per_part=2,
        many=3,
        update=update,
        out=tmp_path / "out",
        seed=1,
    )
    assert release.build(args) == 0
    return tmp_path / "out"


def labels_in(zip_path: Path) -> dict[str, tuple[str, bytes]]:
    """Return each inner zip's name in a release, with its one XML file's name and bytes."""
    found = {}
    with zipfile.ZipFile(zip_path) as outer:
        for name in outer.namelist():
            with zipfile.ZipFile(io.BytesIO(outer.read(name))) as inner:
                members = inner.namelist()
                assert len(members) == 1, members
                found[name] = (members[0], inner.read(members[0]))
    return found


def test_release_is_zips_of_zips_named_as_dailymed_names_them(
    release: ModuleType, tmp_path: Path
) -> None:
    out = built(release, tmp_path, update=0)
    parts = [f"dm_spl_release_human_rx_part{n}.zip" for n in (1, 2, 3)]
    assert sorted(p.name for p in out.iterdir()) == sorted([*parts, "release.json"])
    seen: dict[str, int] = {}
    for part in parts:
        for inner, (xml_name, data) in labels_in(out / part).items():
            root = ET.fromstring(data)
            set_id = attr(root, "setId", "root")
            document = attr(root, "id", "root")
            # prescription/DATE_SETID.zip holding DOCUMENTID.xml
            assert inner == f"prescription/20240105_{set_id}.zip"
            assert xml_name == f"{document}.xml"
            assert not set_id.startswith("5e700000") and not document.startswith("d0c00000")
            seen[set_id] = seen.get(set_id, 0) + 1
            title = root.findtext(f"{NS}title") or ""
            seen[title] = seen.get(title, 0) + 1
    assert len([s for s in seen if re.fullmatch(r"[0-9a-f-]{36}", s)]) == 5  # all new, all apart
    assert seen["Clarivex tablets"] == 3 + 1  # the --many copies, then the cycle
    assert json.loads((out / "release.json").read_text())["labels"] == 5


def test_copies_change_only_the_two_ids(release: ModuleType, tmp_path: Path) -> None:
    out = built(release, tmp_path, update=0)
    source = (tmp_path / "corpus" / "clarivex.xml").read_bytes()
    _, data = next(iter(labels_in(out / "dm_spl_release_human_rx_part1.zip").values()))
    root = ET.fromstring(data)
    set_id = attr(root, "setId", "root")
    document = attr(root, "id", "root")
    back = data.replace(set_id.encode(), b"5e700000-0000-4000-8000-000000000000")
    back = back.replace(document.encode(), b"d0c00000-0000-4000-8000-000000000000")
    assert back == source  # the author's and the sections' ids are kept too


def test_weekly_update_holds_new_versions_with_a_new_contraindication(
    release: ModuleType, tmp_path: Path
) -> None:
    out = built(release, tmp_path, update=2)
    weekly = [p for p in out.iterdir() if p.name.startswith("dm_spl_weekly_update_")]
    assert len(weekly) == 1
    assert re.fullmatch(r"dm_spl_weekly_update_\d{6}_\d{6}\.zip", weekly[0].name)
    released = {
        attr(ET.fromstring(data), "setId", "root"): data
        for part in out.glob("dm_spl_release_*.zip")
        for _, data in labels_in(part).values()
    }
    updates = labels_in(weekly[0])
    assert len(updates) == 2
    for inner, (xml_name, data) in updates.items():
        root = ET.fromstring(data)
        set_id = attr(root, "setId", "root")
        assert inner.endswith(f"_{set_id}.zip") and set_id in released
        old = ET.fromstring(released[set_id])
        assert xml_name == f"{attr(root, 'id', 'root')}.xml"
        assert attr(root, "versionNumber", "value") == "5"
        assert attr(old, "versionNumber", "value") == "4"
        sections, was = texts(root), texts(old)
        # only Clarivex has Contraindications: Dulcetol's copies are never chosen
        assert "Clarivex is contraindicated" in sections["34070-3"]
        assert f"update {set_id[:8]}" in sections["34070-3"]
        assert f"update {set_id[:8]}" not in was["34070-3"]
        assert sections["34067-9"] == was["34067-9"]
        # In the section's own text, which a view shows, not in its highlights.
        own = root.find(f".//{NS}section/{NS}excerpt/../{NS}text")
        highlight = root.find(f".//{NS}excerpt//{NS}text")
        assert own is not None and highlight is not None
        assert f"update {set_id[:8]}" in "".join(own.itertext())
        assert f"update {set_id[:8]}" not in "".join(highlight.itertext())
    assert sorted(
        set_id for set_id in released if f"_{set_id}.zip" in str(list(updates))
    ) == sorted(json.loads((out / "release.json").read_text())["updated"])


def test_no_temporary_file_is_left(release: ModuleType, tmp_path: Path) -> None:
    out = built(release, tmp_path, update=1)
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
