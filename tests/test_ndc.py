"""NDCs and barcodes: the forms a code is typed in, what a label lists, and lookups by code."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from medinfo.ndc import asked_forms, code_keys, query_keys
from medinfo.readers import read_bytes, read_path

NDC = Path(__file__).parent / "fixtures" / "ndc"
# The sentence under Contraindications of fixtures/ndc/klaromycin.xml.
KLAROMYCIN_CI = "contraindicated in patients with a known hypersensitivity to fixture macrolides"
# The keys of 5009009270 (and of its barcodes): one per configuration, 4-4-2, 5-3-2, 5-4-1.
TEN = ["05009009270", "50090009270", "50090092700"]


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    """Return a private copy of the NDC fixture labels."""
    target = tmp_path / "ndc"
    shutil.copytree(NDC, target)
    return target


def _metadata(name: str) -> dict[str, object]:
    """Return the metadata the SPL reader makes of a fixture label."""
    path = NDC / name
    return read_bytes(path.read_bytes(), name, str(NDC)).metadata


# -- the forms of a code ------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "keys"),
    [
        ("50090-0927-0", ["50090092700"]),  # 5-4-1
        ("50090092700", ["50090092700"]),  # 11 digits, as billing writes it
        ("50090-0927-00", ["50090092700"]),  # 5-4-2, hyphenated
        ("50090-0927", ["500900927"]),  # a product NDC
        ("0777-3105-02", ["00777310502"]),  # 4-4-2
        ("68210-040-01", ["68210004001"]),  # 5-3-2
        ("68210-040", ["682100040"]),
        # Ten bare digits: one key per configuration (4-4-2, 5-3-2, 5-4-1).
        ("5009009270", TEN),
        # A UPC-A (3 + the ten digits + a check digit), its EAN-13 and GTIN-14 forms.
        ("350090092707", TEN),
        ("0350090092707", TEN),
        ("00350090092707", TEN),
        (" 50090-0927-0 ", ["50090092700"]),
        # The 2D barcode of a prescription package: the GTIN-14, then expiry, lot, serial.
        ("(01)00350090092707(17)271231(10)A1B2C3(21)XYZ9", TEN),
        ("0100350090092707172712311\x1dA1B2C3", TEN),  # run together, a group separator
        ("]d20100350090092707", TEN),  # after the scanner's symbology identifier
    ],
)
def test_every_form_of_a_code_gives_its_keys(term: str, keys: list[str]) -> None:
    assert query_keys(term) == keys


@pytest.mark.parametrize(
    "term",
    [
        "aspirin",
        "350090092708",  # a wrong check digit: a mistyped barcode, not an NDC
        "450090092707",  # a UPC-A that is no NDC (it does not start with 3)
        "12-34",
        "500900927",  # nine bare digits: no configuration
        "5009-0092-70-1",
        "0100350090092708",  # a GS1 string whose GTIN's check digit is wrong
        "(01)00614141000036",  # a GTIN (check digit right) that is no NDC
        "50090-0927-0x",
        "",
    ],
)
def test_what_is_no_code_has_no_key(term: str) -> None:
    assert query_keys(term) == []


def test_a_package_code_is_found_by_its_product_too() -> None:
    assert code_keys("50090-0927-0") == ["50090092700", "500900927"]
    assert code_keys("0777-3105-02") == ["00777310502", "007773105"]
    assert code_keys("68210-040") == ["682100040"]
    assert code_keys("not-a-code") == []


def test_dailymed_is_asked_for_the_ten_digit_forms() -> None:
    assert asked_forms("50090-0927-0") == ["50090-0927-0"]
    assert asked_forms("50090092700") == ["50090-927-00", "50090-0927-0"]
    assert asked_forms("350090092707") == ["5009-0092-70", "50090-092-70", "50090-0927-0"]
    assert asked_forms("]d20100350090092707") == asked_forms("350090092707")
    assert asked_forms("aspirin") == []


def test_a_product_code_padded_as_billing_writes_it_is_asked_for_as_labels_print_it() -> None:
    # 00069-4200 is the product 0069-4200 with its labeler padded to five digits.
    assert asked_forms("00069-4200") == ["00069-4200", "0069-4200"]
    assert asked_forms("0069-4200") == ["0069-4200"]
    assert asked_forms("50090-0927") == ["50090-0927"]


# -- what a label lists -------------------------------------------------------------


def test_package_codes_are_read_beside_the_product_codes_nested_too() -> None:
    metadata = _metadata("klaromycin.xml")
    assert metadata["ndc"] == ["50090-0927"]
    # A bottle, and a blister pack inside a carton: each package has its code.
    assert metadata["package_ndc"] == ["50090-0927-0", "50090-0927-2", "50090-0927-1"]


def test_a_repackaged_products_source_code_is_not_its_own() -> None:
    metadata = _metadata("klaromycin.xml")
    listed = [*metadata["ndc"], *metadata["package_ndc"]]  # type: ignore[misc]
    assert "0093-7157" not in listed  # asEquivalentEntity: the product it was made from


def test_the_parts_of_a_kit_and_their_packages_are_listed() -> None:
    metadata = _metadata("bentorin-kit.xml")
    assert metadata["ndc"] == ["0777-3105", "34567-0123"]
    assert metadata["package_ndc"] == ["0777-3105-02", "34567-0123-4"]


def test_the_codes_of_the_older_spl_schema_are_read() -> None:
    # Labels of the first SPL schema say Medicine where later ones say Product.
    metadata = read_path(str(NDC.parent / "ndcold" / "oldvex.xml")).metadata
    assert metadata["ndc"] == ["61999-231", "61999-232"]
    assert metadata["package_ndc"] == ["61999-231-05", "61999-231-15"]


@pytest.mark.parametrize("term", ["61999-231-05", "6199923105", "361999231050", "61999-231-15"])
def test_a_package_of_the_older_schema_is_found_by_its_code(run, tmp_path: Path, term: str) -> None:
    labels = tmp_path / "ndcold"
    shutil.copytree(NDC.parent / "ndcold", labels)
    result = run("show", term, "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Oldvex"
    assert result.stderr == ""  # found by the package's own code, not by its product


# -- lookups by code ----------------------------------------------------------------


@pytest.mark.parametrize(
    "term",
    [
        "50090-0927-0",
        "50090092700",
        "50090-0927",
        "350090092707",
        "00350090092707",
        "5009009270",
        "50090-0927-1",  # the carton around the blister packs
        "50090-927-00",
        "(01)00350090092707(17)271231(10)A1B2C3(21)XYZ9",
    ],
)
def test_show_finds_the_label_by_any_form_of_its_code(run, labels: Path, term: str) -> None:
    result = run("show", term, "contraindications", "--dir", str(labels), "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert KLAROMYCIN_CI in " ".join(result.stdout.split())
    assert result.stderr == ""


@pytest.mark.parametrize(
    "term", ["0777-3105-02", "00777310502", "307773105025", "34567-0123-4", "34567-0123"]
)
def test_a_kit_is_found_by_its_code_and_its_parts(run, labels: Path, term: str) -> None:
    result = run("show", term, "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Bentorin"


def test_the_name_form_of_a_lookup_takes_a_code_too(run, labels: Path) -> None:
    result = run("--dir", str(labels), "350090092707", "ci", "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert KLAROMYCIN_CI in " ".join(result.stdout.split())


@pytest.mark.parametrize("term", ["12345-678-90", "12345678901", "0093-7157"])
def test_a_code_no_label_lists_is_said_so(run, labels: Path, term: str) -> None:
    result = run("show", term, "--dir", str(labels))
    assert result.exit_code == 1
    assert f"no label lists NDC {term}" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("term", ["50090-0927-5", "50090092705", "50090-0927-05"])
def test_a_package_no_label_lists_is_found_by_its_product(run, labels: Path, term: str) -> None:
    result = run("show", term, "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Klaromycin"
    note = f"note: no label lists the package NDC {term}; found by its product, NDC 50090-0927"
    assert note in result.stderr
    listed = run("list", term, "--dir", str(labels), "--format", "plain")
    assert listed.stdout.startswith("Klaromycin\t")


def test_the_product_a_package_is_found_by_is_named_as_the_code_was_typed(
    run, labels: Path
) -> None:
    # 0777-3105 of a four-digit labeler, not the eleven-digit form's 00777-3105.
    result = run("show", "0777-3105-09", "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert "found by its product, NDC 0777-3105\n" in result.stderr


def test_ten_digits_are_never_found_by_a_product_of_another_configuration(
    run, labels: Path
) -> None:
    # 5009009275 as 5-4-1 is a package of 50090-0927, but as 4-4-2 it is labeler 5009's:
    # which it is cannot be told, so no label is shown for a package none lists.
    for term in ("5009009275", "350090092752"):
        result = run("show", term, "--dir", str(labels))
        assert result.exit_code == 1
        assert f"no label lists NDC {term}" in result.stderr


def test_a_mistyped_barcode_names_its_check_digit(run, labels: Path) -> None:
    # 3 + 5009009270 ends in 7: a last digit 8 is a misread, and saying so beats "not found".
    for term in ("350090092708", "00350090092703"):
        result = run("show", term, "--dir", str(labels))
        assert result.exit_code == 1
        assert f"{term} looks like a package barcode, but its check digit should be 7, not" in (
            result.stderr
        )
        assert "Traceback" not in result.stderr


def test_ten_bare_digits_match_every_configuration_a_label_lists(run, labels: Path) -> None:
    # 6821004001 is 68210-040-01 (5-3-2, Ambivon) and 68210-0400-1 (5-4-1, Ambiquel).
    result = run("show", "6821004001", "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] in ("Ambivon", "Ambiquel")
    assert "1 other label lists NDC 6821004001 (2 in all)" in result.stderr
    assert "`medinfo list 6821004001` shows them" in result.stderr
    listed = run("list", "6821004001", "--dir", str(labels), "--format", "plain")
    assert listed.exit_code == 0
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["Ambiquel", "Ambivon"]
    picked = run("show", "6821004001", "--labeler", "spirit", "--dir", str(labels), "--json")
    assert json.loads(picked.stdout)["name"] == "Ambiquel"
    assert picked.stderr == ""


@pytest.mark.parametrize(
    ("term", "names"),
    [
        ("68210-040-01", ["Ambivon"]),
        ("68210-0400-1", ["Ambiquel"]),
        ("368210040019", ["Ambiquel", "Ambivon"]),
        ("50090-0927", ["Klaromycin"]),
    ],
)
def test_list_takes_a_code(run, labels: Path, term: str, names: list[str]) -> None:
    result = run("list", term, "--dir", str(labels), "--format", "plain")
    assert result.exit_code == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == names


def test_list_of_a_code_no_label_lists(run, labels: Path) -> None:
    result = run("list", "12345-678-90", "--dir", str(labels))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no label lists NDC 12345-678-90" in result.stderr


def test_compare_and_interactions_take_codes(run, labels: Path) -> None:
    result = run("compare", "50090-0927-0", "0777-3105-02", "usage", "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert [drug["name"] for drug in json.loads(result.stdout)["drugs"]] == [
        "Klaromycin",
        "Bentorin",
    ]
    # Both codes name their labels (whose texts say nothing of each other).
    result = run("interactions", "350090092707", "68210-040-01", "--dir", str(labels))
    assert "the monographs of Klaromycin, Ambivon do not name each other" in result.stderr
    unknown = run("compare", "50090-0927-0", "12345-678-90", "--dir", str(labels))
    assert unknown.exit_code == 1
    assert "no label lists NDC 12345-678-90" in unknown.stderr


def test_the_fast_path_looks_codes_up(labels: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from medinfo.entry import fast_parse, main

    argv = ["--dir", str(labels), "00350090092707", "contraindications", "--format", "plain"]
    assert fast_parse(argv) is not None  # answered without Typer
    assert main(argv) == 0
    assert KLAROMYCIN_CI in " ".join(capsys.readouterr().out.split())
    assert main(["list", "--dir", str(labels), "12345678901"]) == 1
    assert "no label lists NDC 12345678901" in capsys.readouterr().err


def test_a_label_whose_codes_change_is_found_by_its_new_code(run, labels: Path) -> None:
    assert run("show", "68210-040-01", "--dir", str(labels)).exit_code == 0
    path = labels / "ambivon.xml"
    path.write_text(path.read_text().replace("68210-040", "68210-041"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    gone = run("show", "68210-040-01", "--dir", str(labels))
    assert gone.exit_code == 1
    assert "no label lists NDC 68210-040-01" in gone.stderr
    found = run("show", "68210-041-01", "--dir", str(labels), "--json")
    assert json.loads(found.stdout)["name"] == "Ambivon"


def test_the_product_codes_are_shown_with_the_label(run, labels: Path) -> None:
    result = run("show", "0777-3105-02", "--dir", str(labels), "--format", "plain")
    assert "NDC: 0777-3105, 34567-0123" in result.stdout.splitlines()[:8]


def test_the_codes_are_in_json(run, labels: Path) -> None:
    result = run("show", "klaromycin", "--dir", str(labels), "--json")
    metadata = json.loads(result.stdout)["metadata"]
    assert metadata["ndc"] == ["50090-0927"]
    assert metadata["package_ndc"] == ["50090-0927-0", "50090-0927-2", "50090-0927-1"]


def test_a_code_is_found_from_the_index_without_reading_labels(
    run, labels: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("index", "--dir", str(labels)).exit_code == 0
    import medinfo.readers

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("a lookup by code parsed a label")

    monkeypatch.setattr(medinfo.readers, "read_bytes", refused)
    result = run("show", "50090092700", "--dir", str(labels), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Klaromycin"


def test_a_markdown_monograph_is_found_by_the_codes_its_front_matter_lists(
    run, tmp_path: Path
) -> None:
    folder = tmp_path / "own"
    folder.mkdir()
    (folder / "pharmol.md").write_text(
        "---\ntitle: Pharmol\nndc:\n  - 11111-2222\npackage_ndc: 11111-2222-33\n---\n"
        "# Pharmol\n### Usage\nPharmol treats fixture headaches.\n"
    )
    for term in ("11111-2222", "11111222233", "11111-2222-33"):
        result = run("show", term, "usage", "--dir", str(folder), "--format", "plain")
        assert result.exit_code == 0, result.stderr
        assert "Pharmol treats fixture headaches." in result.stdout


def test_a_label_written_as_markdown_keeps_its_codes(run, labels: Path, tmp_path: Path) -> None:
    written = run("show", "50090-0927-1", "--dir", str(labels), "--format", "markdown")
    folder = tmp_path / "written"
    folder.mkdir()
    (folder / "klaromycin.md").write_text(written.stdout)
    result = run("show", "350090092707", "ci", "--dir", str(folder), "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["path"] == "klaromycin.md"
