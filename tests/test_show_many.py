"""`medinfo show -`: many names from standard input, answered in one process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_json_lines_one_per_name_and_unknown_ones_as_errors(run) -> None:
    result = run("show", "-", "dose", "--json", input="warfarin\nnosuchdrug\nmetformin\n")
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("name") or line.get("query") for line in lines] == [
        "Warfarin",
        "nosuchdrug",
        "Metformin",
    ]
    assert lines[1] == {"query": "nosuchdrug", "error": "no monograph found for 'nosuchdrug'"}
    assert [s["key"] for s in lines[0]["sections"]] == ["dosage"]
    assert "Error: no monograph found for 'nosuchdrug'" in result.stderr


def test_plain_names_each_drug_and_skips_blanks_and_comments(run, collection: Path) -> None:
    names = "# fixtures\n\nalphacillin\n  betazol  \n"
    result = run("show", "-", "dose", "--dir", str(collection), input=names)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Alphacillin\n\n## Dosage\n\nAdults take 500 mg")
    assert "\n\n# Betazol\n\n## Dosage\n\nApply twice daily" in out
    assert result.stderr == ""


def test_a_drug_without_the_topic_counts_as_not_found(run, collection: Path) -> None:
    result = run("show", "-", "lactation", "--json", "--dir", str(collection), input="plainol\n")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "query": "plainol",
        "error": "Plainol: nothing about breastfeeding found",
    }


def test_whole_monographs_in_turn(run, collection: Path) -> None:
    result = run("show", "-", "--json", "--dir", str(collection), input="betazol\ngamdel\n")
    assert [json.loads(line)["name"] for line in result.stdout.splitlines()] == [
        "Betazol",
        "Gammadine + Deltamol",
    ]


def test_from_a_real_pipe(collection: Path, isolated: Path) -> None:
    env = {**os.environ, "MEDINFO_CACHE_DIR": str(isolated)}
    result = subprocess.run(
        [sys.executable, "-m", "medinfo", "show", "-", "usage", "--dir", str(collection)],
        input="alphacillin\ngamdel\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "# Alphacillin" in result.stdout and "# Gammadine + Deltamol" in result.stdout
