"""Navigation in the PDF: bookmarks, contents entries and citations open the right page.

Checked from the file alone, with pypdf (outline, link annotations and their
destinations) and pdfplumber (where the words are on each page), for every
brief in briefing/ in both shipped themes.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import BRIEFING, build, fold

BRIEFS = sorted(BRIEFING.glob("*.yaml"))
THEMES = ["default", "memo"]


@pytest.fixture(scope="module", params=[(b, t) for b in BRIEFS for t in THEMES],
                ids=lambda p: f"{p[0].stem}-{p[1]}")
def built(request, tmp_path_factory):
    outline, theme = request.param
    out = tmp_path_factory.mktemp(f"nav-{outline.stem}-{theme}")
    pdf = build(outline, out, "--style", theme, "--format", "pdf")["pdf"]
    reader = PdfReader(str(pdf))
    with pdfplumber.open(str(pdf)) as plumber:
        words = [page.extract_words(keep_blank_chars=False) for page in plumber.pages]
        heights = [page.height for page in plumber.pages]
    texts = [fold(page.extract_text() or "") for page in reader.pages]
    return {"reader": reader, "words": words, "heights": heights, "texts": texts}


def _page_index(reader, dest) -> int:
    """0-based page of an explicit destination array [page /XYZ left top zoom]."""
    ref = dest[0]
    for i, page in enumerate(reader.pages):
        if page.indirect_reference.idnum == ref.idnum:
            return i
    raise AssertionError(f"destination page {ref} is not a page of the document")


def _outline(reader) -> list:
    items = []

    def walk(nodes):
        for node in nodes:
            if isinstance(node, list):
                walk(node)
            else:
                items.append(node)
    walk(reader.outline)
    return items


def _links(reader) -> list[tuple[int, list, object]]:
    """(page index, rect, destination) of every internal link."""
    out = []
    for i, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                out.append((i, [float(v) for v in annot["/Rect"]], annot["/Dest"]))
    return out


def _words_in_band(words, height, rect) -> list[dict]:
    """Words whose vertical middle lies in the rectangle's band, left to right."""
    top, bottom = height - float(rect[3]), height - float(rect[1])
    band = [w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom]
    return sorted(band, key=lambda w: w["x0"])


def test_every_bookmark_opens_the_page_showing_its_heading(built):
    reader, texts = built["reader"], built["texts"]
    items = _outline(reader)
    assert len(items) >= 10, "the brief should have a bookmark per heading"
    for item in items:
        page = reader.get_destination_page_number(item)
        title = fold(item.title)
        assert title in texts[page], (
            f"bookmark {title!r} opens page {page + 1}, which does not show it")
        # and it opens at the heading, not at the top of the page
        top = float(item.top) if item.get("/Type") == "/XYZ" else None
        if top is not None:
            first = title.split()[0]
            ys = [built["heights"][page] - w["bottom"] for w in built["words"][page]
                  if w["text"] == first]
            assert any(0 <= top - y <= 60 for y in ys), (
                f"bookmark {title!r} opens at y={top}, not at its heading")


def test_every_contents_entry_links_to_the_page_it_prints(built):
    reader, words, heights = built["reader"], built["words"], built["heights"]
    first = [i for i, t in enumerate(built["texts"]) if " Contents " in f" {t} "][:1]
    assert first, "no contents page"
    contents_pages = [first[0], first[0] + 1]  # the contents may run onto a second page
    entries = len(_outline(reader))
    checked = 0
    for page, rect, dest in _links(reader):
        if page not in contents_pages:
            continue
        band = _words_in_band(words[page], heights[page], rect)
        if not band or not band[-1]["text"].isdigit() or float(rect[0]) > 100:
            continue  # the first line of an entry that wraps (its last line has the
            # number), or a link in the text after the contents
        printed = int(band[-1]["text"])
        landed = _page_index(reader, dest) + 1
        label = " ".join(w["text"] for w in band if w["x0"] < float(rect[2]))
        assert landed == printed, f"contents entry {label!r} prints {printed}, opens {landed}"
        checked += 1
    assert checked == entries, f"{checked} contents links checked for {entries} entries"


def test_every_citation_opens_the_sources_list(built):
    reader, words, heights, texts = (built[k] for k in ("reader", "words", "heights", "texts"))
    heading = [i for i, t in enumerate(texts) if re.search(r"\bSources\b", t)]
    checked = 0
    for page, rect, dest in _links(reader):
        band = [w for w in _words_in_band(words[page], heights[page], rect)
                if w["x0"] >= float(rect[0]) - 1 and w["x1"] <= float(rect[2]) + 1]
        label = "".join(w["text"] for w in band)
        m = re.fullmatch(r"\[?(\d+)(?:,.*)?[\],;.]*", label)
        if not m or "[" not in label and "]" not in label and "," not in label:
            continue  # not a citation (a footnote's mark is a bare number)
        landed = _page_index(reader, dest)
        assert landed >= heading[-1] - 1, f"citation {label} on page {page + 1} opens {landed + 1}"
        assert re.search(rf"(^| )\[?{m.group(1)}[.\]] ", texts[landed]), (
            f"citation {label} on page {page + 1} opens page {landed + 1}, "
            f"which does not list source {m.group(1)}")
        checked += 1
    assert checked >= 20, f"only {checked} citation links found"


def test_contents_entries_read_with_their_page_numbers(built):
    """Extraction gives each contents entry followed by its page number, not all
    the numbers after the page's text."""
    texts = built["reader"].pages
    page = next(p for p in texts if "Contents" in (p.extract_text() or ""))
    lines = [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
    lines = lines[lines.index("Contents") + 1:]
    numbers = [i for i, line in enumerate(lines) if line.isdigit()]
    assert len(numbers) >= 10, lines[:12]
    for i in numbers:  # each number comes right after its entry (and leader)
        assert not lines[i - 1].isdigit(), f"numbers read apart from their entries: {lines[i-3:i+1]}"
        assert re.search(r"[A-Za-z]", lines[i - 1] + lines[i - 2])
