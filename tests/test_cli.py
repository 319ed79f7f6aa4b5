"""The command line through its real entry point: commands, formats, names, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medinfo.spec import route
from tests.conftest import ALPHACILLIN_KEYS


def test_bundled_collection_answers_without_any_directory(run) -> None:
    result = run("show", "anifrolumab", "dose")
    assert result.exit_code == 0, result.stderr
    assert "300 mg" in result.stdout
    assert result.stderr == ""


def test_bundled_collection_has_its_combinations(run) -> None:
    result = run("list", "--json")
    names = {entry["name"] for entry in json.loads(result.stdout)}
    assert len(names) >= 31
    assert {"Anifrolumab", "Warfarin", "Paracetamol + Codeine"} <= names
    assert sum(" + " in name for name in names) >= 2


def test_bare_form_is_show(run, collection: Path) -> None:
    bare = run("--dir", str(collection), "alphacillin", "dose")
    explicit = run("show", "alphacillin", "dose", "--dir", str(collection))
    assert bare.exit_code == explicit.exit_code == 0
    assert bare.stdout == explicit.stdout
    assert "500 mg by mouth every 8 hours" in bare.stdout


def test_route_keeps_commands_and_moves_leading_options() -> None:
    assert route(["aspirin"]) == ["show", "aspirin"]
    assert route(["--dir", "x", "list"]) == ["list", "--dir", "x"]
    assert route(["--json", "aspirin", "dose"]) == ["show", "--json", "aspirin", "dose"]
    assert route(["-d", "sections", "export"]) == ["export", "-d", "sections"]
    assert route(["--help"]) == ["--help"]


def test_plain_show_is_markdown_of_the_sections(run, collection: Path) -> None:
    result = run("show", "alphacillin", "--dir", str(collection))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(
        "# Alphacillin\nAlso known as: Alphamox, Alpha-Cill\nClass: Test penicillin"
    )
    assert "## Dosage\n\nAdults take 500 mg" in out
    assert "\x1b" not in out
    assert not set("╭╮╰╯│─") & set(out)


def test_sections_by_natural_words_in_the_order_asked(run, collection: Path) -> None:
    result = run("show", "alphacillin", "adverse", "moa", "--dir", str(collection))
    assert result.exit_code == 0
    assert result.stdout.index("## Side Effects") < result.stdout.index("## How it Works")
    assert "## Dosage" not in result.stdout


@pytest.mark.parametrize("word", ["dose", "dosing", "Dosage", "DOSAGE"])
def test_dose_words(run, collection: Path, word: str) -> None:
    result = run("alphacillin", word, "--dir", str(collection))
    assert result.exit_code == 0
    assert "500 mg" in result.stdout


def test_unknown_section_is_a_usage_error(run, collection: Path) -> None:
    result = run("show", "alphacillin", "dosee", "--dir", str(collection))
    assert result.exit_code == 2
    assert "unknown section 'dosee'" in result.stderr
    assert result.stdout == ""


def test_section_the_monograph_lacks_is_not_found(run, collection: Path) -> None:
    result = run("show", "betazol", "disclaimer", "--dir", str(collection))
    assert result.exit_code == 1
    assert "no disclaimer section" in result.stderr


def test_unknown_drug_suggests_names(run, collection: Path) -> None:
    result = run("show", "alphacilin", "--dir", str(collection))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no monograph found for 'alphacilin'" in result.stderr
    assert "did you mean: Alphacillin" in result.stderr


@pytest.mark.parametrize(
    "name",
    ["alphacillin", "Alphacillin", "ALPHAMOX", "alpha cill", "Alpha-Cill"],
)
def test_names_aliases_case_and_punctuation(run, collection: Path, name: str) -> None:
    result = run("show", name, "--json", "--dir", str(collection))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Alphacillin"


@pytest.mark.parametrize(
    "name",
    [
        "gammadine + deltamol",
        "gammadine-deltamol",
        "Deltamol/Gammadine",
        "deltamol and gammadine",
        "Gamdel",
    ],
)
def test_combination_spellings(run, collection: Path, name: str) -> None:
    result = run("show", name, "--json", "--dir", str(collection))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "Gammadine + Deltamol"


def test_multi_word_name_without_quotes(run, collection: Path) -> None:
    result = run("show", "gammadine", "deltamol", "usage", "--dir", str(collection))
    assert result.exit_code == 0, result.stderr
    assert "Gammadine eases cough." in result.stdout


def test_json_show_follows_the_contract(run, collection: Path) -> None:
    result = run("show", "gamdel", "--json", "--dir", str(collection))
    data = json.loads(result.stdout)
    assert set(data) == {
        "name",
        "path",
        "dir",
        "source",
        "aliases",
        "metadata",
        "sections",
        "faqs",
    }
    assert data["source"] == "markdown"
    assert data["path"] == "sub/gammadine-deltamol.md"
    assert data["dir"] == str(collection.resolve())
    assert data["aliases"] == ["Gamdel"]
    assert data["metadata"]["drug_class"] == "Test combination"
    section = next(
        s for s in data["sections"] if s["component"] == "Deltamol" and s["key"] == "dosage"
    )
    assert set(section) == {"key", "title", "component", "text"}
    assert "no more than 1 g a day" in section["text"]
    assert data["faqs"] == [
        {"question": "Is it safe with alcohol?", "answer": "No; both cause drowsiness."}
    ]


def test_json_show_of_chosen_sections(run, collection: Path) -> None:
    data = json.loads(run("show", "alphacillin", "dose", "--json", "--dir", str(collection)).stdout)
    assert [s["key"] for s in data["sections"]] == ["dosage"]
    assert data["faqs"] == []


def test_markdown_format_reads_back_the_same(run, collection: Path, tmp_path: Path) -> None:
    result = run("show", "gamdel", "--format", "markdown", "--dir", str(collection))
    assert result.exit_code == 0
    again = tmp_path / "again"
    again.mkdir()
    (again / "gammadine-deltamol.md").write_text(result.stdout)
    first = json.loads(run("show", "gamdel", "--json", "--dir", str(collection)).stdout)
    second = json.loads(run("show", "gamdel", "--json", "--dir", str(again)).stdout)
    assert [(s["key"], s["component"], s["text"]) for s in first["sections"]] == [
        (s["key"], s["component"], s["text"]) for s in second["sections"]
    ]


def test_rich_format_draws_panels_and_tables(run, collection: Path) -> None:
    result = run(
        "show", "alphacillin", "--format", "rich", "--dir", str(collection), env={"COLUMNS": "100"}
    )
    assert result.exit_code == 0
    out = result.stdout
    assert "╭─ Dosage" in out
    assert "Frequency" in out and "Herpes zoster reactivation" in out  # side effects table
    assert "Question" in out and "Can I drink alcohol?" in out  # FAQ table
    assert "Also known as: Alphamox, Alpha-Cill" in out


def test_rich_components_table(run, collection: Path) -> None:
    out = run(
        "show",
        "gamdel",
        "generic",
        "--format",
        "rich",
        "--dir",
        str(collection),
        env={"COLUMNS": "100"},
    ).stdout
    assert "Component" in out and "Deltamol" in out and "250 mg" in out


@pytest.mark.parametrize("how", [["--no-color"], ["NO_COLOR"]])
def test_no_color(run, collection: Path, how: list[str]) -> None:
    env = {"FORCE_COLOR": "1", "COLUMNS": "100"}
    args = ["show", "alphacillin", "--format", "rich", "--dir", str(collection)]
    if how == ["NO_COLOR"]:
        env["NO_COLOR"] = "1"
    else:
        args += how
    colored = run(
        "show",
        "alphacillin",
        "--format",
        "rich",
        "--dir",
        str(collection),
        env={"FORCE_COLOR": "1", "COLUMNS": "100"},
    ).stdout
    plain = run(*args, env=env).stdout
    assert "\x1b[3" in colored or "\x1b[9" in colored  # a colour was used
    assert "\x1b[36" not in plain and "\x1b[3" not in plain.replace("\x1b[1m", "")


def test_hostile_monograph_is_shown_inertly(run, tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "evil.md").write_text(
        '---\ntitle: "Evil [bold red]Drug[/]"\naliases: [":pill:"]\n---\n# Evil\n'
        "### Usage\nClears \x1b]0;pwned\x07 the title, \x1b[2J the screen, \x9b31m C1, "
        "\x1b]52;c;ZXZpbA==\x07 the clipboard. [link=http://x]click[/link] [/bold]\n"
        "### FAQs\n* **Q: [red]Safe?[/red]** A: :warning: yes\n",
        encoding="utf-8",
    )
    (folder / "tagged.md").write_text(
        "---\ntitle: !!python/object/apply:os.system ['echo pwned']\n---\nx\n"
    )
    for fmt in ("rich", "plain", "json", "markdown"):
        result = run("show", "evil", "--format", fmt, "--dir", str(folder), env={"COLUMNS": "120"})
        assert result.exit_code == 0, (fmt, result.stderr)
        out = result.stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out, fmt
        if fmt != "json":
            assert "[bold red]Drug[/]" in out, fmt
            assert "[link=http://x]click[/link] [/bold]" in out, fmt
            assert ":pill:" in out and "💊" not in out, fmt
    rich_out = run("show", "evil", "faq", "--format", "rich", "--dir", str(folder)).stdout
    assert "[red]Safe?[/red]" in rich_out and ":warning:" in rich_out
    skipped = run("list", "--dir", str(folder))
    assert "tagged.md" in skipped.stderr and "invalid YAML" in skipped.stderr
    assert "pwned" not in skipped.stdout


def test_broken_file_never_hides_the_good_ones(run, collection: Path) -> None:
    (collection / "broken.md").write_bytes(b"---\ntitle: [oops\n---\nbody")
    (collection / "binary.md").write_bytes(b"\x00\x01\x02")
    result = run("list", "--dir", str(collection))
    assert result.exit_code == 0
    assert result.stdout.split("\n")[:4] == [
        "Alphacillin",
        "Betazol",
        "Gammadine + Deltamol",
        "Plainol",
    ]
    assert "broken.md" in result.stderr and "binary.md" in result.stderr


def test_missing_directory_is_a_usage_error(run, tmp_path: Path) -> None:
    result = run("list", "--dir", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "directory not found" in result.stderr and "nowhere" in result.stderr


def test_unknown_option_and_format_are_usage_errors(run, collection: Path) -> None:
    assert run("show", "alphacillin", "--frobnicate").exit_code == 2
    result = run("show", "alphacillin", "--format", "html", "--dir", str(collection))
    assert result.exit_code == 2 and "unknown format 'html'" in result.stderr


def test_first_directory_wins(run, collection: Path, local: Path) -> None:
    args = ("show", "alphacillin", "dose", "--dir", str(local), "--dir", str(collection))
    assert "250 mg every 8 hours" in run(*args).stdout
    args = ("show", "alphacillin", "dose", "--dir", str(collection), "--dir", str(local))
    assert "500 mg by mouth" in run(*args).stdout
    listing = run("list", "--dir", str(local), "--dir", str(collection)).stdout.split()
    assert listing.count("Alphacillin") == 1


def test_medinfo_path_environment(run, collection: Path, local: Path) -> None:
    env = {"MEDINFO_PATH": f"{local}:{collection}"}
    assert "250 mg every 8 hours" in run("show", "alphacillin", "dose", env=env).stdout
    assert run("show", "betazol", env=env).exit_code == 0


def test_list_in_a_pipe_is_one_name_a_line(run, collection: Path) -> None:
    result = run("list", "--dir", str(collection))
    assert result.stdout == "Alphacillin\nBetazol\nGammadine + Deltamol\nPlainol\n"


def test_list_pattern_substring_glob_and_alias(run, collection: Path) -> None:
    assert run("list", "ALPHA", "--dir", str(collection)).stdout == "Alphacillin\n"
    assert run("list", "*mol*", "--dir", str(collection)).stdout == "Gammadine + Deltamol\n"
    assert run("list", "gamdel", "--dir", str(collection)).stdout == "Gammadine + Deltamol\n"
    result = run("list", "zzz", "--dir", str(collection))
    assert result.exit_code == 1 and result.stdout == ""


def test_list_by_section_missing_and_count(run, collection: Path) -> None:
    assert (
        run("list", "--section", "disclaimer", "--dir", str(collection)).stdout == "Alphacillin\n"
    )
    missing = run("list", "--missing", "faq", "--dir", str(collection)).stdout
    assert missing == "Plainol\n"
    assert run("list", "--count", "--dir", str(collection)).stdout == "4\n"
    assert run("list", "--section", "bogus", "--dir", str(collection)).exit_code == 2


def test_list_json_and_rich(run, collection: Path) -> None:
    data = json.loads(run("list", "--json", "--dir", str(collection)).stdout)
    assert data[0] == {
        "name": "Alphacillin",
        "path": "alphacillin.md",
        "dir": str(collection.resolve()),
        "aliases": ["Alphamox", "Alpha-Cill"],
        "drug_class": "Test penicillin",
        "sections": ALPHACILLIN_KEYS,
    }
    rich_out = run("list", "--format", "rich", "--dir", str(collection)).stdout
    assert "4 monographs" in rich_out and "Test penicillin" in rich_out


def test_sections_command(run) -> None:
    plain = [line.split("\t") for line in run("sections").stdout.splitlines()]
    sections = [row[0] for row in plain if row[3] == "section"]
    topics = [row[0] for row in plain if row[3] == "topic"]
    assert sections == [
        "overview",
        "generic_name",
        "usage",
        "dosage",
        "dosage_forms",
        "side_effects",
        "how_it_works",
        "precautions",
        "faqs",
        "description",
        "patient_info",
        "disclaimer",
        "other",
    ]
    assert topics == [
        "boxed_warning",
        "contraindications",
        "interactions",
        "pregnancy",
        "breastfeeding",
        "children",
        "elderly",
        "renal",
        "hepatic",
        "overdose",
        "storage",
        "missed_dose",
    ]
    assert all(len(row) == 5 and row[4] for row in plain if row[3] == "topic")  # the rule
    data = json.loads(run("sections", "--json").stdout)
    dosage = next(row for row in data if row["key"] == "dosage")
    assert "dose" in dosage["words"] and "dosing" in dosage["words"]


def test_export_is_one_json_object_per_file(run, collection: Path) -> None:
    (collection / "broken.md").write_text("---\n- not a mapping\n---\n")
    result = run("export", "--dir", str(collection))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    objects = [json.loads(line) for line in lines]
    assert sorted(o["path"] for o in objects) == [
        "alphacillin.md",
        "betazol.md",
        "sub/gammadine-deltamol.md",
        "sub/plainol.md",
    ]
    assert "broken.md" in result.stderr and "not a mapping" in result.stderr
    betazol = next(o for o in objects if o["name"] == "Betazol")
    assert [s["key"] for s in betazol["sections"]] == [
        "overview",
        "generic_name",
        "usage",
        "dosage",
        "side_effects",
        "how_it_works",
        "precautions",
        "faqs",
    ]
    assert betazol["faqs"] == [
        {"question": "Can I cover it with a bandage?", "answer": "Only if your pharmacist says so."}
    ]


def test_version_and_help(run) -> None:
    assert run("--version").stdout.startswith("medinfo ")
    result = run("--help")
    assert result.exit_code == 0
    for command in ("show", "search", "list", "sections", "export", "index"):
        assert command in result.stdout


def test_file_names_are_untrusted_text_too(run, tmp_path: Path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "evil\x1b]0;x\x07name.md").write_text("### Usage\nNo title, no heading.\n")
    for args in (("list",), ("show", "evil0xname"), ("show", "evil0xname", "--format", "rich")):
        result = run(*args, "--dir", str(folder))
        assert result.exit_code == 0, result.stderr
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout
        assert "Evil]0;xname" in result.stdout or "evil]0;xname" in result.stdout


def test_a_listing_counts_one_monograph_in_the_singular(run, collection: Path) -> None:
    one = run("list", "alphacillin", "--dir", str(collection), "--format", "rich", "--width", "100")
    assert one.exit_code == 0 and re.search(r"\b1 monograph\s*\n", one.stdout), one.stdout
    every = run("list", "--dir", str(collection), "--format", "rich", "--width", "100")
    assert re.search(r"\b[2-9] monographs\s*\n", every.stdout), every.stdout
