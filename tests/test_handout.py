"""The HTML handout is a page a patient can be given; the SVG fetches nothing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from medinfo import handout
from medinfo.readers.blocks import plain_text

FOLDER = Path(__file__).parent / "fixtures" / "handout"
SPL = Path(__file__).parent / "fixtures" / "spl"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source"}
INLINE = {"a", "strong", "em", "code", "s", "span"}  # words run on across these


class Page(HTMLParser):
    """A strict reading of a page: tags nest, and what each holds is kept."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.inside: dict[str, list[str]] = {}  # tag -> the text found inside one
        self.feed(page)
        self.close()
        assert self.open == [], f"never closed: {self.open}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in INLINE:
            self.text.append(" ")
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes {self.open[-1:]}"
        self.open.pop()
        if tag not in INLINE:
            self.text.append(" ")

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in set(self.open):
            self.inside.setdefault(tag, []).append(data)

    def words(self) -> list[str]:
        """Return the words of the page's body, in order."""
        return "".join(self.text).split()

    def named(self, tag: str) -> list[dict[str, str | None]]:
        """Return the attributes of every element of a kind."""
        return [attrs for name, attrs in self.tags if name == tag]


def html(run, *args: str) -> str:
    """Return the HTML handout of a command, written to stdout."""
    result = run(*args, "--html", "-")
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def fetches_nothing(page: str, parsed: Page) -> None:
    """Assert that a page loads nothing: no stylesheet, script, frame, image, font or url()."""
    assert not {tag for tag, _ in parsed.tags} & {
        "link",
        "script",
        "iframe",
        "img",
        "object",
        "embed",
        "frame",
        "audio",
        "video",
        "base",
    }
    assert not [attrs for _, attrs in parsed.tags if "src" in attrs or "srcset" in attrs]
    assert not [name for _, attrs in parsed.tags for name in attrs if name.startswith("on")]
    style = " ".join(parsed.inside.get("style", []))
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    for attrs in parsed.named("a"):
        assert re.match(r"(https?://|mailto:)", attrs["href"] or "", re.I), attrs


def test_a_page_of_headings_lists_and_tables_not_a_terminal_screenshot(run) -> None:
    page = html(run, "show", "pagetol", "--dir", str(FOLDER))
    parsed = Page(page)
    assert page.startswith("<!DOCTYPE html>")
    assert parsed.inside["title"] == ["Pagetol"] and parsed.inside["h1"][0] == "Pagetol"
    headings = parsed.inside["h2"]
    for title in ("Usage", "Dosage", "Side Effects", "FAQs", "Precautions"):
        assert title in headings
    # Only what the monograph marks as code is code; nothing is a terminal's <pre>.
    assert "pre" not in parsed.inside and parsed.inside["code"] == ["PAGE-CODE"]
    assert {"ul", "ol", "table", "th", "td", "blockquote", "strong"} <= set(parsed.inside)
    assert [attrs["value"] for attrs in parsed.named("li") if "value" in attrs] == ["3", "4"]
    cells = [attrs.get("class") for attrs in parsed.named("th")]
    assert cells == ["l", "c", "r"]  # the table's own alignment
    assert "10⁹/L" in page  # a power of ten stays one
    assert "250 mg<br>" in page  # a line break in a cell stays one
    # A proportional font, and a stylesheet for paper.
    assert "sans-serif" in page and "@media print" in page and "@page" in page
    fetches_nothing(page, parsed)


def test_the_source_is_named_by_file_name_never_by_where_it_lies(run) -> None:
    page = html(run, "show", "pagetol", "--dir", str(FOLDER))
    assert "Source: pagetol.md" in page
    assert str(FOLDER) not in page and "site-packages" not in page
    bundled = html(run, "show", "anifrolumab")
    assert "Source: anifrolumab.md" in bundled
    assert "site-packages" not in bundled and "/monographs/" not in bundled


def test_a_label_is_named_with_its_labeler_version_date_and_set_id(run) -> None:
    page = html(run, "show", "precura", "--dir", str(SPL))
    assert (
        "Source: precura.xml (labeler Fixture Pharma Inc, version 2, effective 2023-03-05, "
        "set id cccccccc-dddd-eeee-ffff-000000000000)"
    ) in page
    assert str(SPL) not in page


def test_the_disclaimer_closes_every_page(run) -> None:
    for args in (
        ("show", "pagetol", "dose"),
        ("compare", "pagetol", "comparol"),
        ("interactions", "pagetol", "comparol"),
    ):
        page = Page(html(run, *args, "--dir", str(FOLDER)))
        assert "doctor or pharmacist who knows the patient" in " ".join(page.inside["footer"])


@pytest.mark.parametrize(
    "args",
    [("show", "pagetol", "--dir", str(FOLDER)), ("show", "anifrolumab"), ("show", "warfarin")],
)
def test_every_word_of_each_section_is_on_the_page_in_order(run, args: tuple[str, ...]) -> None:
    data = json.loads(run(*args, "--json").stdout)
    words = Page(html(run, *args)).words()
    at = 0
    for section in data["sections"]:
        # A numbered item's number is the list's own (<li value>), not a word of the page.
        text = re.sub(r"(?m)^\d+\. ", "", plain_text(section["text"]))
        for word in text.split():
            assert word in words[at:], (section["key"], word)
            at = words.index(word, at) + 1


def test_a_hostile_monograph_comes_out_inert(run) -> None:
    page = html(run, "show", "pagetol", "--dir", str(FOLDER))
    parsed = Page(page)
    fetches_nothing(page, parsed)
    assert [attrs["href"] for attrs in parsed.named("a")] == [
        "https://example.org/leaflet",
        "mailto:info@example.org",
    ]
    assert "<iframe" not in page and "&lt;iframe" in page
    assert "(javascript:alert(1))" in page  # shown as the words it is, not followed


@pytest.mark.parametrize(
    "address",
    ["javascript:alert(1)", "JavaScript:x", " javascript:x", "data:text/html,x", "vbscript:x"],
)
def test_a_link_that_is_not_to_the_web_is_never_a_link(address: str) -> None:
    # _spans is the one place a link is made.
    shown = handout._spans([["click <b>", "b", address]])
    assert "<a" not in shown and "<b>" not in shown
    assert shown.startswith("<strong>click &lt;b&gt;") and address.strip()[:8] in shown


def test_compare_has_a_title_naming_the_drugs_and_whole_row_labels(run) -> None:
    page = html(
        run,
        "compare",
        "pagetol",
        "comparol",
        "usage",
        "renal",
        "faq",
        "side-effects",
        "--dir",
        str(FOLDER),
        "--width",
        "40",
    )
    parsed = Page(page)
    assert parsed.inside["title"] == ["Compared: Pagetol, Comparol"]
    assert parsed.inside["h1"] == ["Compared: Pagetol, Comparol"]
    table = [attrs for attrs in parsed.named("table") if attrs.get("class") == "compare"]
    assert len(table) == 1
    rows = [attrs for attrs in parsed.named("th") if attrs.get("scope") == "row"]
    assert len(rows) >= 3
    heads = " ".join(parsed.inside["th"])
    for row in ("Usage", "Kidney (renal) impairment", "FAQs", "Side Effects"):
        assert row in heads  # whole, whatever the width asked for the terminal
    assert "nothing found" in page  # Comparol has no side effects
    assert "Sources: pagetol.md; comparol.md" in page
    fetches_nothing(page, parsed)


def test_interactions_quote_their_source(run) -> None:
    page = html(run, "interactions", "comparol", "pagetol", "--dir", str(FOLDER))
    parsed = Page(page)
    assert parsed.inside["title"] == ["Interactions: Comparol, Pagetol"]
    assert "Comparol on Pagetol" in parsed.inside["h2"][0]
    assert "from Precautions" in " ".join(parsed.inside["h2"])
    assert "Do not take comparol with pagetol" in " ".join(parsed.inside["blockquote"])


def test_the_svg_names_no_web_font(run, tmp_path: Path) -> None:
    result = run("show", "pagetol", "dose", "--dir", str(FOLDER), "--svg", "-")
    assert result.exit_code == 0
    svg = result.stdout
    ET.fromstring(svg)
    assert "@font-face" not in svg and "cdnjs" not in svg and "woff" not in svg
    assert not re.findall(r"url\((?!#)", svg)  # only its own clip path
    assert "pagetol.md" in svg and str(FOLDER) not in svg


def test_the_terminal_header_names_the_file_not_its_folder(run) -> None:
    result = run("show", "pagetol", "--dir", str(FOLDER), "--format", "rich", "--width", "200")
    assert "pagetol.md" in result.stdout and str(FOLDER) not in result.stdout
