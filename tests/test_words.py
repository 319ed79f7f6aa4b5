"""Section and topic words as people type them, and topics wherever a section key is accepted.

Phrases ("side effects", "drug interactions", "kidney dose") are read whole without
quotes, in show, compare, --section and --missing, on both command lines; an unknown
word is named with the nearest words. `list --section/--missing TOPIC` and
`search --section TOPIC` give the answer `show NAME TOPIC` gives
(tests/fixtures/topiclist: Gravidol speaks of pregnancy and kidney dosing only inside
Precautions and Dosage, Nurtamol has a Pregnancy section, Plainol neither).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from medinfo import topicindex
from medinfo.entry import main
from medinfo.index.store import Store
from medinfo.library import Library
from medinfo.sections import (
    TOPIC_KEYS,
    nearest_phrase,
    nearest_words,
    read_words,
    starts_phrase,
    user_words,
)

FIXTURES = Path(__file__).parent / "fixtures"
TOPICLIST = FIXTURES / "topiclist"
NAMES = ["Gravidol", "Nurtamol", "Plainol"]


@pytest.fixture
def topiclist(tmp_path: Path) -> Path:
    """Return a private copy of the topic listing collection, free to modify."""
    target = tmp_path / "topiclist"
    shutil.copytree(TOPICLIST, target)
    return target


def fast(args: list[str], capfd: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the fast path (no Click, no Typer); return the code, stdout and stderr."""
    capfd.readouterr()
    code = main(args)
    out = capfd.readouterr()
    return code, out.out, out.err


# -- words -------------------------------------------------------------------------


PHRASES = sorted(
    (phrase, key) for key, words in user_words().items() for phrase in words if " " in phrase
)


@pytest.mark.parametrize(("phrase", "key"), PHRASES, ids=[p for p, _ in PHRASES])
def test_every_phrase_of_the_table_reads_as_its_key_unquoted(phrase: str, key: str) -> None:
    assert read_words(phrase.split(" ")) == ([key], None)
    assert read_words([phrase]) == ([key], None)  # quoted, as one argument


def test_longest_phrase_first_then_the_rest() -> None:
    assert read_words(["side", "effects", "dose"]) == (["side_effects", "dosage"], None)
    assert read_words(["kidney", "dose"]) == (["renal"], None)  # not renal, then dosage
    assert read_words(["how", "it", "works", "missed", "dose"]) == (
        ["how_it_works", "missed_dose"],
        None,
    )
    assert read_words(["dose", "dosge"]) == (["dosage"], "dosge")


@pytest.mark.parametrize(
    ("words", "heading"),
    [
        (["side", "effects"], "## Side Effects"),
        (["side-effects"], "## Side Effects"),
        (["how", "it", "works"], "## How it Works"),
        (["drug", "interactions"], "Interactions"),
        (["missed", "dose"], "Missed dose"),
        (["kidney", "dose"], "Kidney (renal) impairment"),
    ],
)
def test_phrases_answer_on_both_command_lines(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str], words: list[str], heading: str
) -> None:
    # One answer each: "kidney dose" is the kidney topic, not it and the Dosage section.
    name = "gravidol" if heading != "Missed dose" else "missing"
    if name == "missing":
        (topiclist / "missing.md").write_text(
            "# Missing\n\n### Dosage\nTake 1 tablet daily. If you miss a dose, take it when"
            " you remember.\n\n### How it Works\nIt blocks an enzyme.\n",
            encoding="utf-8",
        )
    args = [name, *words, "--dir", str(topiclist), "--format", "plain"]
    code, out, err = fast(args, capfd)
    assert (code, err) == (0, "")
    assert heading in out
    assert out.count("## ") == 1
    typer = run(*args)
    assert (typer.exit_code, typer.stdout) == (0, out)


def test_a_mistyped_word_names_the_nearest_words_not_the_whole_table(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["gravidol", "dosge", "--dir", str(topiclist)]
    code, out, err = fast(args, capfd)
    assert (code, out) == (2, "")
    assert "unknown section 'dosge'" in err
    assert "did you mean: dosage?" in err
    assert "medinfo sections" in err
    assert "patient_info" not in err and "boxed_warning" not in err  # no dump of every key
    typer = run(*args)
    assert (typer.exit_code, typer.stderr) == (2, err)


def test_the_start_of_a_phrase_alone_points_to_the_phrase(topiclist: Path, capfd) -> None:
    code, _, err = fast(["gravidol", "side", "--dir", str(topiclist)], capfd)
    assert code == 2
    assert "unknown section 'side'" in err and "side effects" in err


def test_nearest_words_give_one_word_a_key() -> None:
    assert nearest_words("dosge") == ["dosage"]
    assert nearest_words("pregnacy") == ["pregnancy"]
    assert nearest_words("xylophone") == []


def test_words_after_a_names_second_word_still_read_as_sections(
    topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # "gravidol tablets side effects": "tablets" is part of the name, found another way.
    (topiclist / "gravidol.md").write_text(
        (TOPICLIST / "gravidol.md").read_text().replace("title: Gravidol", "title: Gravidol Tabs"),
        encoding="utf-8",
    )
    code, out, _ = fast(["gravidol", "tabs", "side", "effects", "--dir", str(topiclist)], capfd)
    assert code == 0
    assert "Nausea and headache." in out and "100 mg" not in out


@pytest.mark.parametrize("option", ["--section", "--missing"])
def test_option_values_may_be_phrases(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str], option: str
) -> None:
    args = ["list", option, "side effects", "--dir", str(topiclist), "--count"]
    code, out, err = fast(args, capfd)
    assert (code != 2, err) == (True, "")
    assert out == ("3\n" if option == "--section" else "0\n")
    typer = run(*args)
    assert typer.stdout == out


def test_an_option_takes_one_section_only(topiclist: Path, capfd) -> None:
    code, _, err = fast(["list", "--section", "side effects dose", "--dir", str(topiclist)], capfd)
    assert code == 2
    assert "--section takes one section or topic" in err


@pytest.mark.parametrize(
    "args",
    [["list", "--section", ""], ["list", "--missing", " "], ["search", "dose", "--section", ""]],
)
def test_an_empty_section_option_is_a_usage_error_not_no_filter(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = fast([*args, "--dir", str(topiclist)], capfd)
    assert (code, out) == (2, "") and "takes one section or topic" in err
    assert run(*args, "--dir", str(topiclist)).exit_code == 2


def test_an_unquoted_plus_joins_a_combination_in_compare_and_interactions(
    run, capfd: pytest.CaptureFixture[str]
) -> None:
    drugs = str(FIXTURES / "completion")
    args = ["compare", "paracetamol", "+", "codeine", "warfarin", "dose", "--format", "plain"]
    code, out, err = fast([*args, "--dir", drugs], capfd)
    assert code == 0, err
    assert out.startswith("# Paracetamol + Codeine | Warfarin\n")
    assert run(*args, "--dir", drugs).stdout == out
    code, out, err = fast(
        ["compare", "paracetamol+", "codeine", "paracetamol", "--dir", drugs], capfd
    )
    assert code == 0, err
    both = ["interactions", "paracetamol", "+codeine", "warfarin", "--dir", drugs]
    code, out, err = fast([*both, "--format", "plain"], capfd)
    assert "empty drug name" not in err and code in (0, 1)


def test_compare_reads_phrases_after_the_names(run, topiclist: Path, capfd) -> None:
    args = ["compare", "gravidol", "nurtamol", "side", "effects", "--dir", str(topiclist)]
    code, out, err = fast([*args, "--format", "plain"], capfd)
    assert (code, err) == (0, "")
    assert "Nausea and headache." in out and "Drowsiness." in out
    assert "100 mg" not in out  # only the section asked for


# -- topics in listings and search -------------------------------------------------


def names(out: str) -> list[str]:
    """Return the names a plain listing prints."""
    return [line for line in out.splitlines() if line]


def test_missing_a_topic_leaves_out_a_monograph_that_speaks_of_it(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["list", "--missing", "pregnancy", "--dir", str(topiclist)]
    code, out, _ = fast(args, capfd)
    assert (code, names(out)) == (0, ["Plainol"])  # Gravidol says it in Precautions
    assert run(*args).stdout == out


def test_a_topic_section_counts_what_the_topic_finds(run, topiclist: Path, capfd) -> None:
    code, out, _ = fast(["list", "--section", "renal", "--count", "--dir", str(topiclist)], capfd)
    assert (code, out) == (0, "1\n")  # Gravidol's kidney dose, inside Dosage
    code, out, _ = fast(["list", "--section", "kidney", "--dir", str(topiclist)], capfd)
    assert names(out) == ["Gravidol"]


@pytest.mark.parametrize("key", TOPIC_KEYS)
def test_listings_give_the_answer_show_gives(
    key: str, topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    answered = set()
    for name in NAMES:
        code, _, _ = fast([name, key, "--dir", str(topiclist), "--format", "plain"], capfd)
        if code == 0:
            answered.add(name)
    _, has, _ = fast(["list", "--section", key, "--dir", str(topiclist)], capfd)
    _, lacks, _ = fast(["list", "--missing", key, "--dir", str(topiclist)], capfd)
    assert set(names(has)) == answered
    assert set(names(lacks)) == set(NAMES) - answered


def test_search_within_a_topic_finds_its_passages(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["search", "pregnancy", "--section", "pregnancy", "--dir", str(topiclist)]
    code, out, _ = fast([*args, "--format", "plain"], capfd)
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("Gravidol\tpregnancy\t") and "unborn" in line for line in lines)
    assert any(line.startswith("Nurtamol\tpregnancy\t") for line in lines)
    baby = ["search", "baby", "--section", "pregnancy", "--dir", str(topiclist)]
    code, out, _ = fast(baby, capfd)
    assert code == 0 and "Gravidol" in out
    assert run(*args, "--format", "plain").stdout == "\n".join(lines) + "\n"


def test_search_within_a_topic_leaves_out_what_its_passages_do_not_say(
    topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # "kidney" is in Gravidol's Dosage, not in what it says about pregnancy.
    args = ["search", "kidney", "--section", "pregnancy", "--dir", str(topiclist), "--json"]
    code, out, _ = fast(args, capfd)
    assert (code, json.loads(out)["total"], json.loads(out)["hits"]) == (1, 0, [])
    code, out, _ = fast(["search", "kidney", "--section", "renal", "--dir", str(topiclist)], capfd)
    assert code == 0 and "Gravidol" in out


def test_search_within_a_topic_quotes_plain_text_and_counts_every_hit(
    topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # A topic's passage written with Markdown: its snippet is plain text, as a section's is.
    (topiclist / "marked.md").write_text(
        "---\ntitle: Markedol\n---\n\n### Pregnancy\n"
        "**Pregnancy:** avoid it.<br>Ask first.\n\n* Not in the *first* trimester\n",
        encoding="utf-8",
    )
    args = ["search", "pregnancy", "--section", "pregnancy", "--dir", str(topiclist)]
    code, out, _ = fast([*args, "--json"], capfd)
    answer = json.loads(out)
    snippet = next(hit["snippet"] for hit in answer["hits"] if hit["name"] == "Markedol")
    assert code == 0 and answer["total"] == 3
    assert "avoid it." in snippet
    assert not any(mark in snippet for mark in ("**", "<br>", "* ", "*first*"))
    code, out, err = fast([*args, "--limit", "1", "--format", "plain"], capfd)
    assert code == 0 and len(out.splitlines()) == 1
    assert "1 of 3 hits shown; --limit 3 shows all" in err


def test_what_is_kept_follows_the_file(topiclist: Path, capfd: pytest.CaptureFixture[str]) -> None:
    args = ["list", "--missing", "pregnancy", "--dir", str(topiclist)]
    assert names(fast(args, capfd)[1]) == ["Plainol"]
    path = topiclist / "gravidol.md"
    edited = topiclist / "gravidol.md.new"  # saved as editors do: a new file renamed over it
    edited.write_text(
        path.read_text().replace("Avoid it in pregnancy: it may harm the unborn baby.\n", ""),
        encoding="utf-8",
    )
    os.replace(edited, path)
    assert names(fast(args, capfd)[1]) == ["Gravidol", "Plainol"]
    search = ["search", "unborn", "--section", "pregnancy", "--dir", str(topiclist)]
    assert fast(search, capfd)[0] == 1


def test_a_topic_is_worked_out_once_and_again_when_the_rules_change(
    topiclist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = Library([str(topiclist)]).open()
    store = library.index.store
    stamp = topicindex.rules_stamp()
    assert len(store.topic_lacking("renal", stamp)) == 3
    topicindex.ensure(library.index, "renal")
    assert store.topic_lacking("renal", stamp) == []
    assert len(store.topic_lacking("pregnancy", stamp)) == 3  # each topic when asked
    monkeypatch.setattr(topicindex, "rules_stamp", lambda: "other rules")
    assert len(store.topic_lacking("renal", "other rules")) == 3
    topicindex.ensure(library.index, "renal")
    assert store.topic_found("renal") == {(store.shown_roots[0], "gravidol.md")}


def test_a_topic_worked_out_for_all_is_not_looked_for_again_until_a_file_changes(
    topiclist: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    search = ["search", "unborn OR newborn", "--section", "pregnancy", "--dir", str(topiclist)]
    assert fast(search, capfd)[0] == 0
    looked: list[str] = []
    lacking = Store.topic_lacking

    def counted(store: Store, key: str, stamp: str) -> list[tuple[int, bytes, str, str]]:
        looked.append(key)
        return lacking(store, key, stamp)

    monkeypatch.setattr(Store, "topic_lacking", counted)
    assert fast(search, capfd)[0] == 0 and looked == []  # one row read says all are done
    # A new monograph that says it: worked out at the next call, and found.
    (topiclist / "natalol.md").write_text(
        "---\ntitle: Natalol\n---\n\n### Precautions\nNot in pregnancy: it harms the newborn.\n",
        encoding="utf-8",
    )
    code, out, _ = fast(search, capfd)
    assert code == 0 and "Natalol" in out and looked
    looked.clear()
    assert fast(search, capfd)[0] == 0 and looked == []
    (topiclist / "natalol.md").unlink()
    code, out, _ = fast(search, capfd)
    assert "Natalol" not in out and looked


def test_a_topic_done_is_worked_out_again_after_other_rules_dropped_its_rows(
    topiclist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Two installs of medinfo share an index: one's rules drop what the other's found.
    library = Library([str(topiclist)]).open()
    store = library.index.store
    topicindex.ensure(library.index, "pregnancy")
    found = store.topic_found("pregnancy")
    assert found
    ours = topicindex.rules_stamp
    monkeypatch.setattr(topicindex, "rules_stamp", lambda: "other rules")
    topicindex.ensure(library.index, "renal")  # every topic row made by our rules goes
    monkeypatch.setattr(topicindex, "rules_stamp", ours)
    topicindex.ensure(library.index, "pregnancy")
    assert store.topic_found("pregnancy") == found


def test_many_monographs_are_worked_out_in_parallel_with_the_same_answer(
    topiclist: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(topicindex, "PARALLEL_THRESHOLD", 1)
    library = Library([str(topiclist)]).open()
    found = {entry.name for entry in library.entries(section="pregnancy")}
    assert found == {"Gravidol", "Nurtamol"}
    hits = library.search("pregnancy", "pregnancy")
    assert {hit.name for hit in hits} == {"Gravidol", "Nurtamol"}


def test_compare_names_a_mistyped_section_word(topiclist: Path, capfd) -> None:
    args = ["compare", "gravidol", "nurtamol", "dosge", "--dir", str(topiclist)]
    code, out, err = fast(args, capfd)
    assert (code, out) == (2, "")
    assert "unknown section 'dosge'" in err and "did you mean: dosage?" in err


def test_names_from_stdin_take_phrases_too(run, topiclist: Path) -> None:
    args = ["show", "-", "side", "effects", "--dir", str(topiclist), "--format", "plain"]
    result = run(*args, input="gravidol\nplainol\n")
    assert result.exit_code == 0
    assert "Nausea and headache." in result.stdout and "Mild redness" in result.stdout
    assert "100 mg" not in result.stdout


def test_a_narrowed_listing_works_a_topic_out_only_for_what_it_lists(topiclist: Path) -> None:
    library = Library([str(topiclist)]).open()
    found = library.entries("grav*", section="renal")
    assert [entry.name for entry in found] == ["Gravidol"]
    lacking = library.index.store.topic_lacking("renal", topicindex.rules_stamp())
    assert sorted(rel for _, _, _, rel in lacking) == ["nurtamol.md", "plainol.md"]
    assert [entry.name for entry in library.entries(missing="renal")] == ["Nurtamol", "Plainol"]


def test_compare_reads_a_quoted_name_that_begins_with_a_section_word_as_a_name(
    topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (topiclist / "liver-tonic.md").write_text(
        "# Liver Tonic\n\n### Usage\nA tonic.\n\n### Dosage\nTake 10 mL daily.\n", encoding="utf-8"
    )
    assert starts_phrase(["liver extract"]) is False  # "extract" selects nothing
    assert starts_phrase(["side effects"]) and starts_phrase(["side", "effects"])
    args = ["compare", "gravidol", "liver tonic", "dose", "--dir", str(topiclist)]
    code, out, err = fast([*args, "--format", "plain"], capfd)
    assert (code, err) == (0, "")
    assert "Take 10 mL daily." in out and "Take 100 mg once daily" in out


@pytest.mark.parametrize(
    ("words", "wanted"),
    [([], "Give 5 mL twice daily."), (["dose"], "## Dosage"), (["side", "effects"], "Sleepiness.")],
)
def test_a_name_that_ends_in_section_words_still_resolves(
    run,
    topiclist: Path,
    capfd: pytest.CaptureFixture[str],
    words: list[str],
    wanted: str,
) -> None:
    # "Strength" is a section word: "junior strength" read as a name word, then a section.
    (topiclist / "kidmol.md").write_text(
        "# Kidmol Junior Strength\n\n### Usage\nEases fever in children.\n\n"
        "### Dosage\nGive 5 mL twice daily.\n\n### Side Effects\nSleepiness.\n",
        encoding="utf-8",
    )
    args = ["kidmol", "junior", "strength", *words, "--dir", str(topiclist), "--format", "plain"]
    code, out, err = fast(args, capfd)
    assert (code, err) == (0, "")
    assert out.startswith("# Kidmol Junior Strength\n") and wanted in out
    typer = run(*args)
    assert (typer.exit_code, typer.stdout) == (0, out)
    # A mistyped section word after a name that exists is still a usage error.
    mistyped = ["kidmol", "junior", "strength", "dosge", "--dir", str(topiclist)]
    code, out, err = fast(mistyped, capfd)
    assert code == 2 and "did you mean: dosage?" in err


def test_reading_many_words_takes_steps_in_proportion_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Trying each start with read_words looked at 2,000 words 2 million times (20,000
    # words from a file took minutes): a phrase is tried once a word.
    from medinfo import sections
    from medinfo.sectionwords import name_words

    tried = 0
    phrase = sections._phrase

    def counted(split: list[str], at: int) -> tuple[str, int] | None:
        nonlocal tried
        tried += 1
        return phrase(split, at)

    monkeypatch.setattr(sections, "_phrase", counted)
    words = ["dose"] * 2000 + ["xyz"]
    assert name_words(words) == len(words)
    assert name_words([*words, "side", "effects"]) == len(words)
    assert tried <= 3 * (len(words) + 2)
    tried = 0
    assert sections.starts_phrase(["dose", *words]) and tried <= 2


def test_nearest_phrase_names_a_mistyped_phrase_whole() -> None:
    assert nearest_phrase(["sidde", "effects"]) == ("sidde effects", ["side effects"])
    assert nearest_phrase(["side", "efects", "dose"]) == ("side efects", ["side effects"])
    assert nearest_phrase(["dosge"]) == ("", [])  # one word: nearest_words' work
    assert nearest_phrase(["xyz", "side", "effects"]) == ("", [])


@pytest.mark.parametrize(
    "words",
    [
        ["gravidol", "sidde", "effects"],
        ["gravidol", "side", "efects"],
        ["gravidol", "dose", "sidde", "effects"],
        ["compare", "gravidol", "plainol", "sidde", "effects"],
        ["list", "--section", "sidde effects"],
    ],
)
def test_a_mistyped_phrase_gets_the_nearest_phrase(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str], words: list[str]
) -> None:
    # "sidde" alone is close to nothing, and "effects" alone reads as side effects.
    args = [*words, "--dir", str(topiclist)]
    code, out, err = fast(args, capfd)
    assert (code, out) == (2, "")
    assert "did you mean: side effects?" in err
    assert "unknown section 'sidde effects'" in err or "unknown section 'side efects'" in err
    typer = run(*args)
    assert (typer.exit_code, typer.stderr) == (2, err)


def test_the_rules_stamp_covers_the_module_that_makes_the_kept_text() -> None:
    # topic_text decides what of an answer is kept: a change to it must drop old rows.
    assert "topicindex.py:" in topicindex.rules_stamp()
    assert all(":?" not in part for part in topicindex.rules_stamp().split(" "))


def test_the_rules_stamp_follows_what_the_rules_say_not_when_they_were_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A copy of the rules' modules, written anew (an install of the same release): the
    # same stamp; one word of one of them changed: another.
    package = Path(topicindex.__file__).parent
    copy = tmp_path / "medinfo"
    for name in topicindex._RULES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / name, copy / name)
    monkeypatch.setattr(topicindex, "__file__", str(copy / "topicindex.py"))
    copied = topicindex.rules_stamp()
    monkeypatch.setattr(topicindex, "__file__", str(package / "topicindex.py"))
    assert topicindex.rules_stamp() == copied  # the same rules, written at another time
    os.utime(copy / "topics.py", (1_600_000_000, 1_600_000_000))
    monkeypatch.setattr(topicindex, "__file__", str(copy / "topicindex.py"))
    assert topicindex.rules_stamp() == copied
    rules = copy / "topics.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert topicindex.rules_stamp() != copied


def test_a_known_name_with_a_labeler_none_has_is_that_error_not_a_section_word(
    run, topiclist: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    # "gravidol tabs": "tabs" is part of the name; no label of it is from labeler zzz.
    (topiclist / "gravidol.md").write_text(
        (TOPICLIST / "gravidol.md").read_text().replace("title: Gravidol", "title: Gravidol Tabs"),
        encoding="utf-8",
    )
    args = ["gravidol", "tabs", "dose", "--labeler", "zzz", "--dir", str(topiclist)]
    code, out, err = fast(args, capfd)
    assert (code, out) == (1, "")
    assert "from a labeler named 'zzz'" in err and "unknown section" not in err
    typer = run(*args)
    assert (typer.exit_code, typer.stderr) == (1, err)
