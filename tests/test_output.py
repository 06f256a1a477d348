"""The Abu Dhabi brief, end to end: what a reader finds in the PDF and the DOCX."""

from __future__ import annotations

import re
import zipfile

from pypdf import PdfReader

from briefgen.format import stat_display
from conftest import docx_blocks, docx_xml, fold, pdf_pages


def numbered_titles(outline) -> list[str]:
    """'1 Title', '1.1 Title' … computed here, independently of the builder."""
    out = []

    def walk(sections, prefix):
        for i, s in enumerate(sections, 1):
            out.append(f"{prefix}{i} {s.title}")
            walk(s.sections, f"{prefix}{i}.")
    walk(outline.sections, "")
    return out


def positions_in(haystack: list[str], needles: list[str]) -> list[int]:
    """Index of the first block at or after the previous match that starts with each needle."""
    found, start = [], 0
    for needle in needles:
        for i in range(start, len(haystack)):
            if haystack[i].startswith(needle):
                found.append(i)
                start = i + 1
                break
        else:
            raise AssertionError(f"{needle!r} not found in order (after block {start})")
    return found


def test_pdf_has_every_section_heading_in_order(abu_dhabi, abu_outline):
    titles = numbered_titles(abu_outline.outline)
    assert len(titles) > 20
    reader = PdfReader(str(abu_dhabi["pdf"]))
    lines = [fold(line) for page in reader.pages
             for line in (page.extract_text() or "").splitlines()]
    body = lines[[i for i, l in enumerate(lines) if l.startswith(titles[0])][-1]:]
    positions_in(body, titles)


def test_docx_has_every_section_heading_in_order_with_heading_styles(abu_dhabi, abu_outline):
    import docx
    titles = numbered_titles(abu_outline.outline)
    document = docx.Document(str(abu_dhabi["docx"]))
    headings = [(p.style.name, fold(p.text)) for p in document.paragraphs
                if p.style.name.startswith("Heading")]
    numbered = [text for _, text in headings if re.match(r"^\d", text)]
    assert numbered == titles
    depth = {t: t.split(" ")[0].count(".") + 1 for t in titles}
    for style, text in headings:
        if text in depth:
            assert style == f"Heading {depth[text]}", text


def test_every_statistic_in_both_files(abu_dhabi, abu_outline):
    pdf = " ".join(pdf_pages(abu_dhabi["pdf"]))
    docx = " ".join(docx_blocks(abu_dhabi["docx"]))
    for stat in abu_outline.outline.statistics:
        shown = fold(stat_display(stat))  # its no-break spaces as spaces, as extracted
        assert shown in pdf, f"{stat.id}: {shown!r} missing from the PDF"
        assert shown in docx, f"{stat.id}: {shown!r} missing from the DOCX"
        assert stat.label in docx
    # spot checks written out by hand, so a formatting regression shows up here
    for text in ("≈ 175 sq mi", "≈ 78%", "1,100 apartment buildings", "−20 °C",
                 "≈ 5,000–6,600 km²", "50,000 people"):
        assert text in pdf and text in docx, text


def test_timeline_in_date_order_in_both_files(abu_dhabi, abu_outline):
    events = sorted(abu_outline.outline.timeline, key=lambda e: e.date.sort_key())
    assert [e.date.display() for e in events][:3] == ["1953", "1994", "2014"]
    expected = [fold(e.title) for e in events]
    pdf_pages_text = pdf_pages(abu_dhabi["pdf"])
    start = max(i for i, t in enumerate(pdf_pages_text) if "Timeline of events" in t)
    appendix = " ".join(pdf_pages_text[start:])
    last = -1
    for title in expected:
        at = appendix.find(title, last + 1)
        assert at > last, f"timeline event out of order or missing in PDF: {title}"
        last = at
    blocks = docx_blocks(abu_dhabi["docx"])
    start = max(i for i, t in enumerate(blocks) if "Timeline of events" in t)
    positions_in(blocks[start:], expected)


def test_page_n_of_m_on_every_page_but_the_cover(abu_dhabi):
    pages = pdf_pages(abu_dhabi["pdf"])
    total = len(pages)
    assert total > 5
    assert "Page 1 of" not in pages[0]
    for n, text in enumerate(pages[1:], 2):
        assert f"Page {n} of {total}" in text, f"page {n}"
    for text in pages:
        assert text.count("UNCLASSIFIED // PUBLIC RELEASE") >= 2  # top and bottom


def test_fonts_embedded(abu_dhabi):
    reader = PdfReader(str(abu_dhabi["pdf"]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor
    assert fonts and all(fonts.values()), fonts
    assert any("GentiumBookPlus" in name for name in fonts)
    assert sum("Bold" in n for n in fonts) and sum("Italic" in n for n in fonts)


def test_docx_has_toc_footer_fields_and_repeating_headers(abu_dhabi):
    xml = docx_xml(abu_dhabi["docx"])
    assert 'TOC \\o "1-3"' in xml
    assert "PAGEREF _Toc" in xml
    assert "w:dirty" not in xml and "updateFields" not in docx_xml(abu_dhabi["docx"],
                                                                     "word/settings.xml")
    with zipfile.ZipFile(abu_dhabi["docx"]) as z:
        footers = "".join(z.read(n).decode() for n in z.namelist() if "/footer" in n)
    assert " PAGE " in footers and " NUMPAGES " in footers
    import docx
    document = docx.Document(str(abu_dhabi["docx"]))
    captions = [p for p in document.paragraphs
                if p.style.name == "Caption" and p.text.startswith("Table ")]
    data_tables = document.tables  # boxes are paragraphs, not tables
    assert len(captions) == len(data_tables) >= 5
    for table in data_tables:
        assert table.style.name == "Brief Table"
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_same_captions_in_both_files(abu_dhabi):
    pdf = " ".join(pdf_pages(abu_dhabi["pdf"]))
    captions = [b for b in docx_blocks(abu_dhabi["docx"]) if re.match(r"^Table \d+: ", b)]
    assert [int(c.split()[1].rstrip(":")) for c in captions] == list(range(1, len(captions) + 1))
    for caption in captions:
        assert caption in pdf


def test_every_page_reads_marking_and_furniture_before_the_body(abu_dhabi, abu_outline):
    """Text extraction (pypdf) meets the page furniture first, then the body in order."""
    meta = abu_outline.outline
    reader = PdfReader(str(abu_dhabi["pdf"]))
    total = len(reader.pages)
    titles = iter(numbered_titles(meta))
    want = next(titles)
    for number, page in enumerate(reader.pages, 1):
        lines = [fold(line) for line in (page.extract_text() or "").splitlines() if line.strip()]
        assert lines[0] == meta.marking, f"page {number} starts with {lines[0]!r}"
        if number == 1:
            assert lines[1] == meta.marking  # the cover's bottom band, then the title
            continue
        assert lines[1] == meta.title and f"Page {number} of {total}" in lines[:6]
        footer = lines.index(f"Page {number} of {total}")
        assert lines[footer + 1] == meta.marking, f"page {number}: bottom marking not next"
        body = lines[footer + 2:]
        for line in body:  # section headings on this page come in outline order
            if want and line.startswith(want):
                want = next(titles, None)
    assert want is None, f"heading {want!r} not found in reading order"
