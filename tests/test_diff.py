"""medinfo diff: a label against its previous kept version, or two labels, word for word."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from medinfo.changes import ADDED, REMOVED, SAME, Part, Side, changed_lines, compare, words
from medinfo.entry import main
from medinfo.model import Monograph

FIXTURES = Path(__file__).parent / "fixtures"
DIFF = FIXTURES / "diff"
SET_ID = "c1a2b3c4-0000-4000-8000-000000000017"
OTHER_ID = "c1a2b3c4-0000-4000-8000-000000000099"
REMOVED_SENTENCE = "Clarivex is not for use in infants younger than 6 months."
ADDED_SENTENCE = (
    "Clarivex is contraindicated in patients with severe hepatic impairment who also have "
    "renal impairment."
)
NO_PREVIOUS = (
    "Clarivex (Fixture Pharma) has no previous version; medinfo update keeps one when a new "
    "version arrives"
)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the label collection at an empty folder of the test's own."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("MEDINFO_DATA_DIR", str(folder))
    return folder


def keep(collection: Path, version: int, fixture: str, set_id: str = SET_ID) -> Path:
    """Put a fixture label into a collection as a kept previous version (labelstore's layout)."""
    folder = collection / ".previous" / set_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{version}.xml"
    shutil.copy(DIFF / fixture, target)
    return target


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    """Return a label collection: Clarivex version 5 current, version 4 kept as previous."""
    collection = tmp_path / "labels"
    collection.mkdir()
    shutil.copy(DIFF / "clarivex-v5.xml", collection / f"{SET_ID}.xml")
    keep(collection, 4, "clarivex-v4.xml")
    return collection


def medinfo(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run medinfo; return the exit code, stdout and stderr."""
    code = main(list(args))
    out, err = capfd.readouterr()
    assert "Traceback" not in err
    return code, out, err


# -- the comparison itself ---------------------------------------------------------


def test_word_runs_give_back_both_texts_word_for_word() -> None:
    old = "Take 1 tablet daily.\nDo not crush.  Swallow whole with water."
    new = "Take 2 tablets daily.\nDo not crush.  Swallow whole with a full glass of water."
    runs = words(old, new)
    assert runs is not None
    assert "".join(text for op, text in runs if op in (SAME, ADDED)) == new
    assert "".join(text for op, text in runs if op in (SAME, REMOVED)) == old


def test_a_rewritten_sentence_is_removed_and_added_whole() -> None:
    before = f"Do not use with pimozide. {REMOVED_SENTENCE} Tell your doctor."
    after = f"Do not use with pimozide. {ADDED_SENTENCE} Tell your doctor."
    (hunk,) = changed_lines(before, after)
    change = compare(_side(), _side(), [_part(before)], [_part(after)]).sections[0]
    assert change.passages(REMOVED) == [REMOVED_SENTENCE]
    assert change.passages(ADDED) == [ADDED_SENTENCE]
    assert hunk[0].sign == "~"
    marked = "".join(text for _, text in hunk[0].pieces())
    assert marked == (
        f"Do not use with pimozide. [-{REMOVED_SENTENCE}-] {{+{ADDED_SENTENCE}+}} Tell your doctor."
    )


def test_a_small_change_in_a_sentence_is_shown_word_by_word() -> None:
    before = "Take 1 tablet by mouth once daily with food, at the same time each day."
    after = "Take 2 tablets by mouth once daily with food, at the same time each day."
    (hunk,) = changed_lines(before, after)
    marked = "".join(text for _, text in hunk[0].pieces())
    assert marked == (
        "Take [-1 tablet-] {+2 tablets+} by mouth once daily with food, at the same time each day."
    )
    # Most of a short sentence changed: it is shown whole, old then new.
    (hunk,) = changed_lines("Do not use with pimozide.", "Do not use with ergotamine or cisapride.")
    assert "".join(text for _, text in hunk[0].pieces()) == (
        "[-Do not use with pimozide.-] {+Do not use with ergotamine or cisapride.+}"
    )


def test_texts_with_little_in_common_are_the_old_lines_then_the_new() -> None:
    (hunk,) = changed_lines("Store cold.\n\nKeep dry.", "Protect from light at all times.")
    assert [(line.sign, line.text(REMOVED) or line.text(ADDED)) for line in hunk] == [
        ("-", "Store cold."),
        ("-", "Keep dry."),
        ("+", "Protect from light at all times."),
    ]


def test_sections_are_paired_by_what_they_are_and_the_rest_counted() -> None:
    before = [_part("Same.", "usage"), _part("Old.", "overdose"), _part("Kept.", "other", "5 Misc")]
    after = [
        _part("Warning.", "boxed_warning"),
        _part("Same.", "usage"),
        _part("Kept.", "other", "Misc"),
    ]
    changes = compare(_side(), _side(), before, after)
    assert [(c.status, c.key) for c in changes.sections] == [
        ("added", "boxed_warning"),  # first, as a boxed warning is everywhere
        ("removed", "overdose"),
    ]
    assert changes.unchanged == 2
    assert changes.summary() == "2 sections unchanged"
    same = compare(_side(), _side(), before, before)
    assert same.summary() == "no changes (3 sections unchanged)"


def _side() -> Side:
    """Return a side with a name only."""
    return Side(Monograph("Clarivex", "clarivex.xml"), "clarivex.xml")


def _part(text: str, key: str = "contraindications", title: str = "") -> Part:
    """Return a part as medinfo.labeldiff makes one of a section."""
    from medinfo.labeldiff import parts
    from medinfo.model import Section

    return parts([Section(key, title or key.title(), text)])[0]


# -- medinfo diff NAME: since the previous kept version ------------------------------


def test_diff_shows_the_removed_and_added_sentence_under_contraindications(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(labels))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("--- Clarivex (Fixture Pharma) version 4, 2024-01-05  ")
    assert lines[0].endswith(f"/.previous/{SET_ID}/4.xml")
    assert lines[1].startswith("+++ Clarivex (Fixture Pharma) version 5, 2024-06-12  ")
    assert lines[2] == "@@ Contraindications @@"
    assert f"[-{REMOVED_SENTENCE}-] {{+{ADDED_SENTENCE}+}}" in lines[3]
    assert lines[3].startswith("~Clarivex is contraindicated in patients with known")
    assert lines[4:] == ["4 sections unchanged"]


def test_diff_by_set_id_and_as_json(labels: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code, out, _ = medinfo(capfd, "diff", SET_ID.upper(), "--dir", str(labels), "--json")
    assert code == 0
    data = json.loads(out)
    assert (data["old"]["version"], data["new"]["version"]) == ("4", "5")
    assert data["changed"] is True and data["unchanged_sections"] == 4
    (section,) = data["sections"]
    assert (section["key"], section["status"]) == ("contraindications", "changed")
    assert section["removed"] == [REMOVED_SENTENCE]
    assert section["added"] == [ADDED_SENTENCE]


def test_diff_of_a_section_that_did_not_change_says_no_changes(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = medinfo(capfd, "diff", "clarivex", "adverse", "--dir", str(labels))
    assert code == 0
    assert out.splitlines()[-1] == "no changes (1 section unchanged)"
    assert medinfo(capfd, "diff", "clarivex", "se", "--exit-code", "--dir", str(labels))[0] == 0
    code, out, _ = medinfo(capfd, "diff", "clarivex", "ci", "--exit-code", "--dir", str(labels))
    assert code == 1  # --exit-code: a difference exits 1, as in git
    assert ADDED_SENTENCE in out


def test_diff_of_a_topic_compares_what_it_quotes(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # No written renal section: what the label says of the kidneys, quoted, is compared.
    code, out, _ = medinfo(capfd, "diff", "clarivex", "renal", "--dir", str(labels))
    assert code == 0
    assert "@@ Kidney (renal) impairment · from Contraindications (new) @@" in out
    assert f"+{ADDED_SENTENCE}" in out.splitlines()


def test_a_label_without_a_previous_version_says_so(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    collection = tmp_path / "current"
    collection.mkdir()
    shutil.copy(DIFF / "clarivex-v5.xml", collection / f"{SET_ID}.xml")
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(collection))
    assert (code, out) == (1, "")
    assert NO_PREVIOUS in err


def test_the_previous_version_may_be_kept_in_the_label_collection(
    tmp_path: Path, data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    collection = tmp_path / "current"
    collection.mkdir()
    shutil.copy(DIFF / "clarivex-v5.xml", collection / "clarivex.xml")
    keep(data_dir, 4, "clarivex-v4.xml")
    code, out, _ = medinfo(capfd, "diff", "clarivex", "--dir", str(collection))
    assert code == 0 and ADDED_SENTENCE in out


def test_a_markdown_monograph_has_no_previous_version(
    collection: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = medinfo(capfd, "diff", "alphacillin", "--dir", str(collection))
    assert (code, out) == (1, "")
    assert "Alphacillin is a monograph, not an FDA label" in err


def test_an_unknown_name_is_not_found(labels: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code, out, err = medinfo(capfd, "diff", "clarivax", "--dir", str(labels))
    assert (code, out) == (1, "")
    assert "no monograph found for 'clarivax'" in err and "did you mean: Clarivex" in err


def test_of_many_labels_the_one_with_a_previous_version_is_compared(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Show's first choice is the Fixture Pharma label; only the other one changed.
    shutil.rmtree(labels / ".previous")
    shutil.copy(DIFF / "clarivex-other.xml", labels / f"{OTHER_ID}.xml")
    older = (DIFF / "clarivex-other.xml").read_text().replace("nausea, vomiting", "nausea")
    keep(labels, 1, "clarivex-other.xml", OTHER_ID).write_text(older)
    code, out, _ = medinfo(capfd, "diff", "clarivex", "--dir", str(labels))
    assert code == 0
    assert "+++ Clarivex (Other Repack Co) version 2" in out
    assert "were diarrhea, [-nausea-] {+nausea, vomiting+} and abnormal taste." in out


def test_a_damaged_previous_version_is_unusable_input(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (labels / ".previous" / SET_ID / "4.xml").write_text("<document>cut sh")
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(labels))
    assert (code, out) == (2, "")
    assert "cannot read" in err and "4.xml" in err


def test_the_newest_previous_version_is_the_one_compared(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    keep(labels, 3, "clarivex-v5.xml")  # an older kept version, which must not be taken
    _, out, _ = medinfo(capfd, "diff", "clarivex", "--dir", str(labels), "--json")
    assert json.loads(out)["old"]["version"] == "4"


def test_only_files_named_by_a_version_number_are_previous_versions(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # Digits that are not ASCII ("\u00b2", "\u0663") name no version of DailyMed's.
    for name in ("\u00b2.xml", "\u0663\u0663.xml", "notes.xml", "4.xml.tmp"):
        (labels / ".previous" / SET_ID / name).write_text("<document>not a label")
    code, out, _ = medinfo(capfd, "diff", "clarivex", "--dir", str(labels), "--json")
    assert code == 0
    assert json.loads(out)["old"]["version"] == "4"


def test_a_label_whose_file_name_has_control_characters_is_compared(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # The index keeps such a name cleaned for display; the file is opened by its own name.
    (labels / f"{SET_ID}.xml").rename(labels / "clarivex\x1b[31m\x07.xml")
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(labels), "--json")
    assert code == 0, err
    changes = json.loads(out)
    assert changes["new"]["version"] == "5"
    assert changes["new"]["file"] == str(labels / "clarivex[31m.xml")  # as shown: no controls
    assert changes["sections"][0]["added"] == [ADDED_SENTENCE]


def test_previous_versions_are_never_listed_as_labels(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = medinfo(capfd, "list", "--dir", str(labels))
    assert (code, out) == (0, "Clarivex\n")


# -- medinfo diff A B: two labels or monographs -----------------------------------


def test_two_labels_compared_section_by_section(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(DIFF / "clarivex-other.xml", labels / f"{OTHER_ID}.xml")
    code, out, _ = medinfo(capfd, "diff", OTHER_ID, SET_ID, "--dir", str(labels))
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith("@@")]
    assert headings == [
        "@@ BOXED WARNING · Warning: serious heart rhythm changes (section removed) @@",
        "@@ Contraindications @@",
        "@@ Adverse reactions @@",
        "@@ Overdosage (section removed) @@",
        "@@ How supplied/storage and handling (new section) @@",
    ]
    assert out.splitlines()[-1] == "2 sections unchanged"


def test_the_same_label_twice_is_a_usage_error(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    code, out, err = medinfo(capfd, "diff", "clarivex", SET_ID, "--dir", str(labels))
    assert (code, out) == (2, "")
    assert "are the same monograph" in err


def test_three_names_are_a_usage_error(labels: Path, capfd: pytest.CaptureFixture[str]) -> None:
    code, _, err = medinfo(capfd, "diff", "clarivex", "clarivex", "clarivex", "--dir", str(labels))
    assert code == 2 and "diff compares a label with its previous version" in err


# -- what it looks like ----------------------------------------------------------


def test_terminal_marks_changes_by_more_than_colour(
    labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ("diff", "clarivex", "--dir", str(labels), "-f", "rich", "--width", "400")
    code, out, _ = medinfo(capfd, *args)
    assert code == 0 and "\x1b[" not in out  # not a terminal: no colour at all
    assert "Contraindications" in out
    assert "│ ~ Clarivex is contraindicated" in out
    assert f"[-{REMOVED_SENTENCE}-] {{+{ADDED_SENTENCE}+}}" in out


def test_text_from_a_label_is_never_markup(
    labels: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    current = labels / f"{SET_ID}.xml"
    current.write_text(current.read_text().replace("renal impairment.", "[bold red]renal[/]."))
    args = ("diff", "clarivex", "--dir", str(labels), "-f", "rich", "--width", "400")
    code, out, _ = medinfo(capfd, *args)
    assert code == 0 and "[bold red]renal[/]." in out


def test_markdown_fences_the_diff_beyond_any_backticks_in_the_text(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medinfo.render import markdown

    before, after = [_part("Use ``` with care.")], [_part("Use ```` with great care.")]
    markdown.diff(compare(_side(), _side(), before, after), None)  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert out.split("\n")[2] == "`````diff" and out.endswith("\n`````\n")
    assert "~[-Use ``` with care.-] {+Use ```` with great care.+}" in out


def test_a_mark_is_never_glued_to_the_words_after_it() -> None:
    old, new = "Old opening sentence here. Same words after it.", "Same words after it."
    (hunk,) = changed_lines(old, new)
    assert "".join(text for _, text in hunk[0].pieces()) == (
        "[-Old opening sentence here.-] Same words after it."
    )


def test_each_changed_line_is_a_line_of_the_new_text() -> None:
    # The old text's paragraph break went with the removed sentence.
    (hunk,) = changed_lines(
        "Take with food.\n\nNot with milk. Swallow whole.", "Take with food. Swallow whole."
    )
    assert [line.text(ADDED) for line in hunk] == ["Take with food. Swallow whole."]
    assert "".join(text for _, text in hunk[0].pieces()) == (
        "Take with food. [-Not with milk.-] Swallow whole."
    )


def test_a_label_behind_a_monograph_of_its_name_is_still_compared(
    tmp_path: Path, labels: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # The first directory's monograph hides the label from show, not from diff.
    first = tmp_path / "own"
    first.mkdir()
    (first / "clarivex.md").write_text("# Clarivex\n\n### Usage\nOur own words.\n")
    code, out, _ = medinfo(capfd, "diff", "clarivex", "--dir", str(first), "--dir", str(labels))
    assert code == 0 and ADDED_SENTENCE in out
    shutil.rmtree(labels / ".previous")
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(first), "--dir", str(labels))
    assert (code, out) == (1, "")
    assert NO_PREVIOUS in err


def test_a_previous_version_linked_out_of_its_collection_is_refused_as_show_refuses_it(
    labels: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # `diff SETID` reads the same .previous as `show SETID@VERSION`: with the same care.
    outside = tmp_path / "elsewhere.xml"
    shutil.copy(DIFF / "clarivex-v4.xml", outside)
    kept = labels / ".previous" / SET_ID / "4.xml"
    kept.unlink()
    kept.symlink_to(outside)
    code, out, err = medinfo(capfd, "show", f"{SET_ID}@4", "--dir", str(labels))
    assert code == 2 and "leading out of the collection" in err
    code, out, err = medinfo(capfd, "diff", "clarivex", "--dir", str(labels))
    assert (code, out) == (2, "")
    assert "leading out of the collection" in err and "4.xml" in err
