"""Which label a drug's name shows, what the note says of the others, --route and --form.

fixtures/labels holds tiny SPL labels of two made-up drugs: Zolvexac as eye drops (titled
with the bare name, and the newest prescription label), delayed-release tablets of its
sodium salt, film-coated tablets of its potassium salt (older), an OTC (newest of all),
a repackager's old tablets titled with the bare name, an injection, a gel and a
combination with misoprostol; Qintorin as capsules and eye drops.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medinfo.choice import (
    Candidate,
    breakdown,
    chosen,
    has_form,
    has_route,
    note,
    phrase,
    route_rank,
)
from medinfo.names import drug_key, label_drug

LABELS = Path(__file__).parent / "fixtures" / "labels"


def _folder(tmp_path: Path, *names: str) -> Path:
    """Return a folder holding the named fixture labels (all of them when none is named)."""
    folder = tmp_path / "labels"
    folder.mkdir()
    for path in sorted(LABELS.glob("*.xml")):
        if not names or path.stem in names:
            shutil.copy(path, folder / path.name)
    return folder


def _shown(run, folder: Path, *args: str) -> tuple[dict[str, str], str]:
    """Return the metadata of the label `show` picks, and the note on stderr."""
    result = run("show", *args, "--json", "--dir", str(folder))
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["metadata"], result.stderr


# -- the drug, whatever its salt ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Diclofenac Sodium", "diclofenac"),
        ("diclofenac potassium", "diclofenac"),
        ("Diclofenac Epolamine", "diclofenac"),
        ("Metformin Hydrochloride Extended-Release Tablets", "metformin"),
        ("Metformin HCl ER 500 mg", "metformin"),
        ("Ketorolac Tromethamine", "ketorolac"),
        ("Naproxen Sodium 220 MG", "naproxen"),
        ("Fluticasone Propionate", "fluticasone"),
        ("Diclofenac Sodium and Misoprostol", "diclofenac misoprostol"),
        ("sodium chloride", "chloride sodium"),  # salt words only: nothing to drop
    ],
)
def test_a_drug_key_drops_salt_form_and_strength(name: str, key: str) -> None:
    assert drug_key(name) == key


def test_a_label_of_products_of_two_drugs_is_not_either() -> None:
    assert label_drug(["Naproxen", "Naproxen Sodium"]) == "naproxen"
    assert label_drug(["Diclofenac Sodium", "Capsaicin"]) == "capsaicin diclofenac"


def test_the_bare_name_finds_every_salt_and_not_the_eye_drops(run, tmp_path: Path) -> None:
    # Old: the eye drops, titled with the bare name, and "2 other monographs match".
    folder = _folder(tmp_path)
    shown, note = _shown(run, folder, "zolvexac")
    assert (shown["labeler"], shown["routes"]) == ("New Oral Labs", ["Oral"])
    assert "6 other labels of 'zolvexac' (7 in all)" in note
    assert "3 oral tablets, 1 eye drops, 1 gel, 1 injection;" in note
    assert "--route, --form, --labeler or a set id picks one" in note
    # The listing it points to also holds the combination, which the count leaves out.
    assert "`medinfo list zolvexac` shows them (and any combination or kit named like it)" in note
    listed = run("list", "zolvexac", "--dir", str(folder)).stdout
    assert len(listed.splitlines()) == 8


def test_a_repackager_titled_with_the_bare_name_does_not_win(run, tmp_path: Path) -> None:
    # Old: the 2011 repackager's label, because its title is exactly the name, and no note.
    folder = _folder(tmp_path, "repack", "oral-new", "oral-old")
    shown, note = _shown(run, folder, "zolvexac")
    assert shown["labeler"] == "New Oral Labs"
    assert "2 other labels of 'zolvexac' (3 in all): 2 oral tablets;" in note


def test_a_combination_is_not_the_single_drug(run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "combo", "oral-old")
    shown, note = _shown(run, folder, "zolvexac")
    assert shown["labeler"] == "Old Oral Labs" and note == ""
    combined, _ = _shown(run, folder, "zolvexac misoprostol")
    assert combined["labeler"] == "Combo Pharma"


def test_prescription_before_otc(run, tmp_path: Path) -> None:
    shown, note = _shown(run, _folder(tmp_path, "otc", "oral-old"), "zolvexac")
    assert shown["labeler"] == "Old Oral Labs"  # though the OTC label is newer
    assert "1 other label of 'zolvexac' (2 in all): 1 oral tablet;" in note


def test_injection_before_local_routes(run, tmp_path: Path) -> None:
    shown, note = _shown(run, _folder(tmp_path, "injection", "eye", "gel"), "zolvexac")
    assert shown["labeler"] == "Vial Works"  # the gel and the eye drops are newer
    assert "2 other labels of 'zolvexac' (3 in all): 1 eye drops, 1 gel;" in note


def test_the_newest_of_the_route_then_the_version(run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "oral-new", "oral-old")
    assert _shown(run, folder, "zolvexac")[0]["labeler"] == "New Oral Labs"
    old = (folder / "oral-old.xml").read_text()
    (folder / "oral-old.xml").write_text(old.replace("20190101", "20220301"))
    # The same date: version 9 before version 3.
    assert _shown(run, folder, "zolvexac")[0]["labeler"] == "Old Oral Labs"


def test_a_salt_in_the_name_is_preferred_and_the_rest_still_counted(run, tmp_path: Path) -> None:
    shown, note = _shown(run, _folder(tmp_path), "zolvexac potassium")
    assert shown["labeler"] == "Old Oral Labs"
    assert "6 other labels of 'zolvexac potassium' (7 in all)" in note


def test_an_exact_markdown_monograph_of_the_first_directory_wins(run, tmp_path: Path) -> None:
    local = tmp_path / "local"
    local.mkdir()
    (local / "zolvexac.md").write_text("---\ntitle: Zolvexac\n---\n# Zolvexac\n### Usage\nOurs.\n")
    labels = _folder(tmp_path)
    result = run("show", "zolvexac", "--json", "--dir", str(local), "--dir", str(labels))
    assert json.loads(result.stdout)["source"] == "markdown" and result.stderr == ""


# -- --route and --form ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "labeler"),
    [
        (("--route", "ophthalmic"), "Eyecare Labs"),
        (("--route", "EYE"), "Eyecare Labs"),
        (("--route", "injection"), "Vial Works"),
        (("--route", "intramuscular"), "Vial Works"),
        (("--route", "skin"), "Skin Labs"),
        (("--route", "oral"), "New Oral Labs"),
        (("--form", "gel"), "Skin Labs"),
        (("--form", "eye drops"), "Eyecare Labs"),
        (("--form", "film coated"), "Old Oral Labs"),
        (("--form", "tablets"), "New Oral Labs"),
        (("--form", "injection"), "Vial Works"),
        (("--route", "oral", "--form", "tablet", "--labeler", "shop"), "Shop Brand"),
    ],
)
def test_route_and_form_choose_among_the_labels(run, tmp_path: Path, args, labeler) -> None:
    shown, _ = _shown(run, _folder(tmp_path), "zolvexac", *args)
    assert shown["labeler"] == labeler


def test_the_note_counts_the_labels_of_the_route_asked(run, tmp_path: Path) -> None:
    _, note = _shown(run, _folder(tmp_path), "zolvexac", "--route", "oral")
    assert "3 other labels of 'zolvexac' with --route oral (4 in all): 3 oral tablets;" in note


def test_a_route_no_label_of_the_drug_has(run, tmp_path: Path) -> None:
    result = run("show", "qintorin", "--route", "otic", "--dir", str(_folder(tmp_path)))
    assert result.exit_code == 1
    assert "no label of 'qintorin' has route 'otic'" in result.stderr
    assert "its labels: 1 eye drops, 1 oral capsule (routes: oral, ophthalmic)" in result.stderr


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--route", "banana", "unknown route 'banana'"),
        ("--form", "wibble", "unknown dosage form 'wibble'"),
    ],
)
def test_a_word_that_is_no_route_or_form_is_a_usage_error(
    run, tmp_path: Path, option: str, value: str, message: str
) -> None:
    folder = str(_folder(tmp_path))
    for args in (("show", "zolvexac"), ("list", "zolvexac"), ("compare", "zolvexac", "qintorin")):
        result = run(*args, option, value, "--dir", folder)
        assert result.exit_code == 2 and message in result.stderr, args


def test_a_route_a_label_writes_is_a_route(run, tmp_path: Path) -> None:
    folder = _folder(tmp_path, "qintorin-oral")
    path = folder / "qintorin-oral.xml"
    path.write_text(path.read_text().replace('"ORAL"', '"INTRAVESICAL"'))
    assert _shown(run, folder, "qintorin", "--route", "intravesical")[0]["labeler"] == "Q Labs"
    result = run("show", "qintorin", "--route", "oral", "--dir", str(folder))
    assert result.exit_code == 1 and "routes: intravesical" in result.stderr


def test_list_by_route_and_form(run, tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    eye = run("list", "--route", "eye", "--dir", folder)
    assert sorted(line.split("\t")[1] for line in eye.stdout.splitlines()) == [
        "Eyecare Labs",
        "Q Eye Labs",
    ]
    tablets = run("list", "zolvexac", "--form", "tablet", "--count", "--dir", folder)
    assert tablets.stdout == "5\n"  # four of the drug, and the combination
    none = run("list", "qintorin", "--form", "gel", "--dir", folder)
    assert none.exit_code == 1 and none.stdout == ""


def test_compare_by_route(run, tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    result = run("compare", "zolvexac", "qintorin", "usage", "--route", "eye", "--dir", folder)
    assert result.exit_code == 0
    assert "Zolvexac eye drops treat" in result.stdout
    assert "Qintorin eye drops treat" in result.stdout
    gel = run("compare", "zolvexac", "qintorin", "--form", "gel", "--dir", folder)
    assert gel.exit_code == 1 and "no label of 'qintorin' has form 'gel'" in gel.stderr


def test_show_many_by_route(run, tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    result = run("show", "-", "usage", "--route", "eye", "--dir", folder, input="zolvexac\n")
    assert result.exit_code == 0 and "Zolvexac eye drops treat" in result.stdout


def test_completion_offers_routes_and_forms() -> None:
    from medinfo.completion import _values

    assert ("plain", "ophthalmic") in _values("route", "oph", [])
    assert ("plain", "tablet") in _values("form", "ta", [])


# -- the words of the note -----------------------------------------------------------


def test_products_in_a_pharmacists_words() -> None:
    assert phrase(["oral"], ["tablet, film coated"]) == ("oral tablet", "oral tablets")
    assert phrase(["oral"], ["tablet, extended release"])[1] == "extended-release tablets"
    assert phrase(["intramuscular", "intravenous"], ["injection, solution"])[1] == "injections"
    assert phrase(["ophthalmic"], ["solution/ drops"])[1] == "eye drops"
    assert phrase(["topical"], ["patch"])[1] == "skin patches"
    assert phrase(["oral", "topical"], ["kit"])[1] == "kits"
    # Unknown: the label's own words, lowercased.
    assert phrase(["intravesical"], ["solution"])[1] == "intravesical solution"
    assert breakdown([("gel", "gels"), None, ("gel", "gels")]) == "2 gels, 1 monograph"


def test_route_ranks_and_matching() -> None:
    assert route_rank(["oral"], ["tablet"]) == 0
    assert route_rank(["intravenous"], ["injection"]) == 1
    assert route_rank(["rectal"], ["suppository"]) == 2
    assert route_rank(["ophthalmic"], ["solution"]) == 3
    assert route_rank(["oral", "topical"], ["kit"]) == 3  # a kit is not the drug's own form
    assert has_route(["intravenous"], "injection") and not has_route(["oral"], "eye")
    assert has_form(["oral"], ["tablet, extended release"], "ER")
    assert not has_form(["oral"], ["tablet"], "extended-release")


def _row(file_id: int, routes: str | None, forms: str | None, date: str) -> tuple[object, ...]:
    """Return a row as Store.find gives it: a prescription label of a name matched whole."""
    return (
        file_id,
        1,
        0,
        0,
        1,
        1,
        "prescription",
        date,
        "1",
        f"set-{file_id}",
        f"{file_id}.xml",
        routes,
        forms,
    )


def test_many_labels_of_few_products_each_ranked_and_counted_as_its_own() -> None:
    # Thousands of labels share a few stored route and form pairs: each label still
    # has its own routes, rank and product, whatever label of the pair came first.
    pairs = [("Oral", "TABLET"), ("OPHTHALMIC", "SOLUTION/ DROPS"), ("INTRAVENOUS", "INJECTION")]
    rows = [_row(n, *pairs[n % 3], f"2024-01-{n % 28 + 1:02d}") for n in range(1, 3001)]
    found = chosen([Candidate(row) for row in rows], specific=False)
    # Oral first, then injected, then eye drops.
    assert [(c.routes, c.place) for c in (found[0], found[1000], found[2000])] == [
        (["oral"], 0),
        (["intravenous"], 1),
        (["ophthalmic"], 3),
    ]
    found[0].routes.append("nasal")  # a label's lists are its own
    assert all(c.routes == ["oral"] for c in found[1:1000])
    said = note("zolvexac", found)
    counted = "(3000 in all): 1000 eye drops, 1000 injections, 999 oral tablets;"
    assert f"2999 other labels of 'zolvexac' {counted}" in said


def test_a_listing_tells_a_drugs_eye_drops_from_its_tablets(run, tmp_path: Path) -> None:
    folder = str(_folder(tmp_path, "eye", "oral-new"))
    rows = [
        line.split("\t") for line in run("list", "zolvexac", "--dir", folder).stdout.splitlines()
    ]
    # name, labeler, kind, date, set id, then the label's own routes and dosage forms
    assert sorted((row[5], row[6]) for row in rows) == [
        ("Ophthalmic", "Solution/ drops"),
        ("Oral", "Tablet, delayed release"),
    ]
    listed = json.loads(run("list", "zolvexac", "--json", "--dir", folder).stdout)
    assert sorted(entry["routes"] for entry in listed) == [["Ophthalmic"], ["Oral"]]
    table = run("list", "zolvexac", "--format", "rich", "--width", "200", "--dir", folder).stdout
    assert "Route · form" in table and "Ophthalmic · Solution/ drops" in table


def test_a_set_id_is_never_broken_across_lines_in_a_table(run, tmp_path: Path) -> None:
    folder = str(_folder(tmp_path))
    table = run("list", "zolvexac", "--format", "rich", "--width", "120", "--dir", folder).stdout
    ids = [
        entry["set_id"]
        for entry in json.loads(run("list", "zolvexac", "--json", "--dir", folder).stdout)
    ]
    assert len(ids) == 8 and all(set_id in table for set_id in ids)
