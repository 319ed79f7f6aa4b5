"""Inactive ingredients as medinfo reads them against a plain ElementTree count, on FDA labels.

    python benchmarks/excipients.py --corpus path/to/spl [--ingredients 25] [--medinfo PATH]

The medinfo run is the one beside this Python unless --medinfo names another.

For every label (*.xml under the corpus), the names of its inactive ingredients are
collected with nothing but ElementTree: every <ingredient classCode="IACT"> and every
<inactiveIngredient> of the first SPL schema, anywhere in the document, its substance's
name with runs of white space made one space. A label agrees when medinfo's
`inactive_ingredients` (the union over its products) names exactly the same, spelled the
same, and counts as many entries per product. Then, on an index of the corpus built in
a temporary cache, `medinfo list --ingredient NAME --json` is asked for the most common
excipient words and a few a pharmacist asks for, and compared with the labels whose own
names (active or inactive, by the same plain count) hold the words as a whole phrase.
A measure of agreement, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

NS = "{urn:hl7-org:v3}"
_ACTIVE = ("ACTIB", "ACTIM", "ACTIR")
ASKED = ["lactose", "gluten", "yellow no. 5", "tartrazine", "peanut oil", "sodium metabisulfite"]


def plain_names(path: Path) -> tuple[list[list[str]], list[str]]:
    """Return the inactive names of each product element, and every active name, by ElementTree."""
    root = ElementTree.parse(path).getroot()
    per_product: list[list[str]] = []
    actives: list[str] = []
    for product in root.iter():
        names = []
        for child in product:
            if child.tag == f"{NS}ingredient" and child.get("classCode") == "IACT":
                name = child.find(f"{NS}ingredientSubstance/{NS}name")
            elif child.tag == f"{NS}inactiveIngredient":
                name = child.find(f"{NS}inactiveIngredientSubstance/{NS}name")
            elif child.tag == f"{NS}ingredient" and child.get("classCode") in _ACTIVE:
                actives += _text(child.find(f"{NS}ingredientSubstance/{NS}name"))
                continue
            elif child.tag == f"{NS}activeIngredient":
                actives += _text(child.find(f"{NS}activeIngredientSubstance/{NS}name"))
                continue
            else:
                continue
            if name is not None and "".join(name.itertext()).strip():
                names.append(" ".join("".join(name.itertext()).split()))
        if names:
            per_product.append(names)
    return per_product, actives


def _text(name: ElementTree.Element | None) -> list[str]:
    """Return a name's text with white space made one space, as a list of one, or none."""
    return [" ".join("".join(name.itertext()).split())] if name is not None else []


def words(text: str) -> str:
    """Return text as its words, casefolded, one space apart, with a space either side."""
    return " " + " ".join(re.findall(r"[^\W_]+", text.casefold())) + " "


def main() -> int:
    """Measure and print the agreement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="folder of SPL labels")
    parser.add_argument("--ingredients", type=int, default=25, help="common names to list by")
    parser.add_argument("--medinfo", default=str(Path(sys.executable).with_name("medinfo")))
    args = parser.parse_args()
    from medinfo.readers.spl import parse_spl

    files = sorted(args.corpus.rglob("*.xml"))
    agree = 0
    with_any = 0
    disagreeing: list[str] = []
    listed: dict[str, list[str]] = {}  # label path -> its own names, active and inactive
    for path in files:
        per_product, actives = plain_names(path)
        try:
            metadata = parse_spl(path.read_bytes(), str(path)).metadata
        except Exception as exc:  # a label medinfo refuses disagrees unless it lists nothing
            metadata = {}
            print(f"{path}: {exc}", file=sys.stderr)
        entries = metadata.get("inactive_ingredients") or []
        ours = [name for entry in entries for name in entry["ingredients"]]
        theirs = [name for names in per_product for name in names]
        with_any += bool(theirs)
        # Products listed twice alike are one entry in medinfo: compare what each distinct
        # product lists, and the names overall.
        distinct = {tuple(dict.fromkeys(names)) for names in per_product}
        same = set(ours) == set(theirs) and {tuple(e["ingredients"]) for e in entries} == distinct
        agree += same
        if not same:
            disagreeing.append(str(path.relative_to(args.corpus)))
        listed[str(path)] = theirs + actives
    print(f"labels: {len(files)}, listing inactive ingredients: {with_any}")
    print(f"inactive ingredients agree: {agree}/{len(files)} = {100 * agree / len(files):.2f}%")
    for path in disagreeing[:10]:
        print(f"  disagrees: {path}")

    common = Counter(words(n).strip() for names in listed.values() for n in set(names))
    asked = ASKED + [name for name, _ in common.most_common(args.ingredients) if name]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "MEDINFO_CACHE_DIR": cache}
        base = [args.medinfo, "list", "--dir", str(args.corpus)]
        subprocess.run([args.medinfo, "index", "--dir", str(args.corpus)], env=env, check=True)
        complete = 0
        for phrase in dict.fromkeys(asked):
            done = subprocess.run(
                [*base, "--ingredient", phrase, "--json"], env=env, capture_output=True, text=True
            )
            found = {str(args.corpus / e["path"]) for e in (json.loads(done.stdout or "[]") or [])}
            want = {
                p for p, names in listed.items() if any(words(phrase) in words(n) for n in names)
            }
            ok = want <= found and found <= want
            complete += ok
            print(f"  --ingredient {phrase!r}: {len(found)} listed, {len(want)} expected", end="")
            print("" if ok else f"  (missed {len(want - found)}, extra {len(found - want)})")
        print(f"list --ingredient exact: {complete}/{len(dict.fromkeys(asked))} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
