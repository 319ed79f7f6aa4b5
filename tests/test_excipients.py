"""Inactive ingredients: read per product, shown with the actives, listed and searched by name."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medinfo.excipients import facts, words
from medinfo.readers import read_bytes

EXCIPIENTS = Path(__file__).parent / "fixtures" / "excipients"


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    """Return a private copy of the excipient fixture labels."""
    target = tmp_path / "excipients"
    shutil.copytree(EXCIPIENTS, target)
    return target


def _metadata(name: str) -> dict[str, object]:
    """Return the metadata the SPL reader makes of a fixture label."""
    return read_bytes((EXCIPIENTS / name).read_bytes(), name, str(EXCIPIENTS)).metadata


def _listed(run, labels: Path, *args: str) -> list[str]:
    """Return the file names `medinfo list --json` gives for these options."""
    result = run("list", "--dir", str(labels), "--json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return sorted(entry["path"] for entry in json.loads(result.stdout or "[]"))


# -- reading --------------------------------------------------------------------------


def test_two_products_keep_their_own_excipients_as_the_label_names_them() -> None:
    # Names as written (capitals kept), white space made one space, a C1 control removed.
    assert _metadata("lactimol.xml")["inactive_ingredients"] == [
        {
            "product": "Lactimol",
            "strength": "10 mg",
            "ndc": "61234-010",
            "ingredients": [
                "LACTOSE MONOHYDRATE",
                "FD&C YELLOW NO. 5",
                "MAGNESIUM STEARATE",
                "TALC",
            ],
        },
        {
            "product": "Lactimol",
            "strength": "20 mg",
            "ndc": "61234-020",
            "ingredients": [
                "MICROCRYSTALLINE CELLULOSE",
                "D&C YELLOW NO. 10",
                "TARTRAZINE",
                "SODIUM PHOSPHATE, DIBASIC",
            ],
        },
    ]


def test_the_first_schemas_inactive_and_active_ingredients_are_read() -> None:
    metadata = _metadata("oldmelox.xml")
    assert metadata["inactive_ingredients"] == [
        {
            "product": "Oldmelox",
            "strength": "7.5 mg",
            "ndc": "61999-512",
            "ingredients": ["lactose", "corn starch", "FD&C Red No. 40"],
        }
    ]
    assert metadata["active_ingredients"] == [{"name": "oldmeloxam", "strength": "7.5 mg"}]


def test_a_kits_parts_list_their_own_ingredients() -> None:
    metadata = _metadata("kitvax.xml")
    assert metadata["inactive_ingredients"] == [
        {
            "product": "Kitvax",
            "strength": "50 ug per 0.5 mL",
            "ndc": "58999-828",
            "ingredients": ["SUCROSE", "POLYSORBATE 80"],
        },
        {"product": "Adjuvant Fx", "ndc": "58999-829", "ingredients": ["SODIUM CHLORIDE", "WATER"]},
    ]
    assert metadata["active_ingredients"] == [
        {"name": "Fixture Glycoprotein E Antigen", "strength": "50 ug per 0.5 mL"}
    ]


def test_a_label_listing_no_excipient_has_no_key() -> None:
    path = Path(__file__).parent / "fixtures" / "ndc" / "bentorin-kit.xml"
    assert "inactive_ingredients" not in read_bytes(path.read_bytes(), "b.xml", "").metadata


# -- showing --------------------------------------------------------------------------


def test_the_same_excipients_in_every_product_are_shown_once() -> None:
    same = {"product": "X", "ingredients": ["LACTOSE", "TALC"]}
    metadata: dict[str, object] = {
        "active_ingredients": [{"name": "Xol", "strength": "5 mg"}],
        "inactive_ingredients": [same, {**same, "strength": "10 mg"}],
    }
    assert facts(metadata) == [
        ("Active ingredients", "Xol 5 mg"),
        ("Inactive ingredients", "LACTOSE; TALC"),
    ]


def test_each_product_is_shown_with_its_excipients_when_they_differ(run, labels: Path) -> None:
    result = run("show", "lactimol", "--dir", str(labels), "--format", "plain")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "Active ingredients: Lactimolol 10 mg; Lactimolol 20 mg" in lines
    assert (
        "Inactive ingredients (Lactimol 10 mg, NDC 61234-010): "
        "LACTOSE MONOHYDRATE; FD&C YELLOW NO. 5; MAGNESIUM STEARATE; TALC"
    ) in lines
    assert (
        "Inactive ingredients (Lactimol 20 mg, NDC 61234-020): "
        "MICROCRYSTALLINE CELLULOSE; D&C YELLOW NO. 10; TARTRAZINE; SODIUM PHOSPHATE, DIBASIC"
    ) in lines


@pytest.mark.parametrize("shown", [("--format", "rich"), ("--html", "-")])
def test_the_excipients_are_in_the_header_of_every_view(run, labels: Path, shown) -> None:
    result = run("show", "oldmelox", "--dir", str(labels), *shown)
    assert result.exit_code == 0
    assert "Inactive ingredients: lactose; corn starch; FD&amp;C Red No. 40" in result.stdout or (
        "Inactive ingredients: lactose; corn starch; FD&C Red No. 40" in result.stdout
    )
    assert "Active ingredients: oldmeloxam 7.5 mg" in result.stdout


def test_json_keeps_the_excipients_per_product(run, labels: Path) -> None:
    result = run("show", "kitvax", "--dir", str(labels), "--json")
    metadata = json.loads(result.stdout)["metadata"]
    assert [e["ingredients"] for e in metadata["inactive_ingredients"]] == [
        ["SUCROSE", "POLYSORBATE 80"],
        ["SODIUM CHLORIDE", "WATER"],
    ]


# -- listing by ingredient ----------------------------------------------------------


def test_a_name_is_found_as_whole_words_within() -> None:
    assert words("lactose") in words("Lactose Monohydrate")
    assert words("yellow no. 5") in words("FD&C Yellow No. 5")
    assert words("yellow no. 1") not in words("D&C YELLOW NO. 10")
    assert words("tose") not in words("LACTOSE")


@pytest.mark.parametrize(
    ("asked", "found"),
    [
        # Inactive, in either schema and either case, a word of a longer name.
        (["lactose"], ["lactimol.xml", "oldmelox.xml"]),
        (["LACTOSE MONOHYDRATE"], ["lactimol.xml"]),
        (["yellow no. 5"], ["lactimol.xml"]),
        (["fd&c yellow no. 5"], ["lactimol.xml"]),
        (["red no. 40"], ["oldmelox.xml"]),
        # A kit's parts, either part.
        (["water"], ["kitvax.xml"]),
        (["sucrose"], ["kitvax.xml"]),
        # Active ingredients too, of products, kit parts and the first schema.
        (["lactimolol"], ["lactimol.xml"]),
        (["glycoprotein e"], ["kitvax.xml"]),
        (["oldmeloxam"], ["oldmelox.xml"]),
        # Repeated: all of them.
        (["lactose", "corn starch"], ["oldmelox.xml"]),
        (["lactose", "water"], []),
        # Not part of a word, and not across two names.
        (["yellow no. 1"], []),
        (["stearate talc"], []),
        (["lact"], []),
    ],
)
def test_list_by_ingredient(run, labels: Path, asked: list[str], found: list[str]) -> None:
    options = [part for name in asked for part in ("--ingredient", name)]
    assert _listed(run, labels, *options) == found


def test_an_ingredient_no_label_names_is_said_so(run, labels: Path) -> None:
    result = run("list", "--dir", str(labels), "--ingredient", "gluten")
    assert result.exit_code == 1
    assert "no label names an ingredient 'gluten'" in result.stderr


def test_an_ingredient_without_a_word_is_a_usage_error(run, labels: Path) -> None:
    result = run("list", "--dir", str(labels), "--ingredient", " & ")
    assert result.exit_code == 2
    assert "--ingredient needs a name" in result.stderr


def test_the_filter_joins_the_others_and_counts(run, labels: Path) -> None:
    assert _listed(run, labels, "-i", "lactose", "--labeler", "old labs") == ["oldmelox.xml"]
    result = run("list", "--dir", str(labels), "-i", "lactose", "--count")
    assert result.stdout == "2\n"


def test_a_changed_label_is_listed_by_its_new_excipients(run, labels: Path) -> None:
    assert _listed(run, labels, "-i", "corn starch") == ["oldmelox.xml"]
    path = labels / "oldmelox.xml"
    path.write_text(path.read_text().replace("corn starch", "potato starch"))
    assert run("index", "--dir", str(labels)).exit_code == 0  # reads every file again
    assert _listed(run, labels, "-i", "corn starch") == []
    assert _listed(run, labels, "-i", "potato starch") == ["oldmelox.xml"]
    result = run("search", "--dir", str(labels), "potato", "--json")
    assert [hit["path"] for hit in json.loads(result.stdout)["hits"]] == ["oldmelox.xml"]


# -- search -------------------------------------------------------------------------


def test_search_finds_excipients_only_the_product_data_names(run, labels: Path) -> None:
    # No section of the label says tartrazine: its product data does.
    result = run("search", "--dir", str(labels), "tartrazine", "--json")
    assert result.exit_code == 0
    hits = json.loads(result.stdout)["hits"]
    assert [(h["path"], h["title"]) for h in hits] == [
        ("lactimol.xml", "Inactive ingredients (product data)")
    ]
    assert "TARTRAZINE" in hits[0]["snippet"]


def test_a_drugs_name_does_not_find_its_product_data(run, labels: Path) -> None:
    result = run("search", "--dir", str(labels), "lactimol", "--json")
    titles = {hit["title"] for hit in json.loads(result.stdout)["hits"]}
    assert "Inactive ingredients (product data)" not in titles
