"""`show --format markdown` writes a file that reads back to the same monograph."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medinfo.model import Monograph, boxed_first
from medinfo.readers import read_markdown
from medinfo.render import Options
from medinfo.render import markdown as markdown_out

FIXTURES = Path(__file__).parent / "fixtures"

WORD = st.sampled_from(
    [
        "dose",
        "tablet",
        "Nausea",
        "mg",
        "500",
        "daily",
        "kidney",
        "e.g.",
        "[bold]",
        ":pill:",
        "café",
        "50%",
        "C++",
        "#1",
        "a_b",
        "x*y",
        "Q:",
        "A:",
        "Usage",
        "**note**",
    ]
)
SENTENCE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
HEADING = st.sampled_from(
    [
        "Generic Name",
        "Usage",
        "Dosage",
        "Dosage:",
        "Side Effects",
        "How it Works",
        "Precautions",
        "Warnings",
        "Contraindications",
        "Storage",
        "FAQs",
        "Alphadine Usage",
        "Dosage (Betamol)",
        "Notes for nurses",
        "Alphadine",
        "Betamol",
        "FAQs (Combined Use)",
        "Important Disclaimer",
        "Boxed Warning",
        "Alphadine Boxed Warning",
    ]
)
LABEL = st.sampled_from(["Common:", "Rare:", "Usage:", "Side Effects:", "Note:"])


@st.composite
def block(draw: st.DrawFn) -> str:
    """Return a paragraph, a list, a bold label over a list, or a FAQ item."""
    kind = draw(st.sampled_from(["paragraph", "list", "label", "faq", "numbered"]))
    if kind == "paragraph":
        return "\n".join(draw(st.lists(SENTENCE, min_size=1, max_size=3)))
    items = draw(st.lists(SENTENCE, min_size=1, max_size=4))
    if kind == "list":
        return "\n".join(f"* {item}" for item in items)
    if kind == "numbered":
        return "\n".join(f"{n}. {item}" for n, item in enumerate(items, 1))
    if kind == "label":
        return f"**{draw(LABEL)}**\n\n" + "\n".join(f"* {item}" for item in items)
    return "\n".join(f"* **Q: {item}?** A: {draw(SENTENCE)}" for item in items)


@st.composite
def monograph_file(draw: st.DrawFn) -> str:
    """Return the text of a monograph file, in the forms real collections use."""
    title = draw(st.sampled_from(["Alphadine", "Alphadine + Betamol", "Gamma-7", "Café Drug"]))
    front: list[str] = []
    if draw(st.booleans()):
        front.append(f"title: {json.dumps(title)}")
    if draw(st.booleans()):
        front.append(f"aliases: {json.dumps(draw(st.lists(SENTENCE, max_size=3)))}")
    if draw(st.booleans()):
        front.append(f"drug_class: {json.dumps(draw(SENTENCE))}")
    for _ in range(draw(st.integers(0, 3))):
        # Keys and values as people write them, YAML's surprises included.
        key = draw(st.sampled_from(["review", '"no"', "null", '"On"', "1", '"a: b"', "ünï"]))
        value = draw(
            st.sampled_from(
                [".inf", "-.inf", ".nan", "NO", "12:30", "2024-01-02", "[1, x]", "{a: .inf}"]
            )
        )
        front.append(f"{key}: {value}")
    parts = ["---\n" + "\n".join(front) + "\n---"] if front else []
    if draw(st.booleans()):
        parts.append(f"# {title}")
    if draw(st.booleans()):
        parts.append(draw(block()))  # text before the first heading: the overview
    for _ in range(draw(st.integers(0, 6))):
        opener = draw(st.sampled_from(["heading", "bold", "inline"]))
        heading = draw(HEADING)
        if opener == "heading":
            parts.append(f"{draw(st.sampled_from(['##', '###', '####']))} {heading}")
        elif opener == "bold":
            parts.append(f"**{heading.rstrip(':')}:**")
        else:
            parts.append(f"### {heading.rstrip(':')}: {draw(SENTENCE)}")
        parts.extend(draw(st.lists(block(), max_size=3)))
    if draw(st.booleans()):
        parts.append(f"**Disclaimer:** {draw(SENTENCE)}")
    return "\n\n".join(parts) + "\n"


def as_markdown(monograph: Monograph) -> str:
    """Return what `medinfo show NAME --format markdown` prints for a monograph."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        markdown_out.show(
            monograph, boxed_first(monograph.sections), True, Options("markdown", False)
        )
    return out.getvalue()


def same(first: Monograph, second: Monograph) -> None:
    """Assert that two monographs say the same: names, metadata, sections and FAQs."""
    a, b = first.to_dict(), second.to_dict()
    for data in (a, b):
        data.pop("path")
        data.pop("dir")
    assert a == b


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same examples every run: CI never meets a new one by chance
    database=None,
)
@given(text=monograph_file())
def test_markdown_output_reads_back_to_the_same_monograph(text: str) -> None:
    original = read_markdown(text, "drug.md")
    again = read_markdown(as_markdown(original), "drug.md")
    same(original, again)


@pytest.mark.parametrize(
    "path",
    sorted(FIXTURES.rglob("*.md")),
    ids=lambda path: path.name,
)
def test_every_fixture_reads_back_the_same(path: Path) -> None:
    original = read_markdown(path.read_text(encoding="utf-8"), path.name)
    same(original, read_markdown(as_markdown(original), path.name))


@pytest.mark.xfail(
    strict=True,
    reason="known limit: a sub-heading (###) inside a section pushes sections up to level 1, "
    "where an empty unknown heading can no longer be kept apart from the next one",
)
def test_known_limit_of_heading_levels() -> None:
    text = (
        "**Usage:**\n\n* dose\n\n### Alphadine Usage\n\n## Generic Name\n\n"
        "### Contraindications: dose\n\n## Generic Name\n\n## Generic Name\n\n"
        "## Alphadine Usage\n\n**Disclaimer:** dose\n"
    )
    original = read_markdown(text, "drug.md")
    same(original, read_markdown(as_markdown(original), "drug.md"))
