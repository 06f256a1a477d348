"""Layout a reader notices: bookmarks, repeated header rows, no stranded headings, links."""

from __future__ import annotations

import re
import zipfile

import pytest
from pypdf import PdfReader

from briefgen.verify import docx_structure, pdf_structure, verify_files
from conftest import build, fold

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def bookmark_titles(path) -> list[str]:
    out = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else out.append(fold(item.title))
    walk(PdfReader(str(path)).outline)
    return out


def test_bookmarks_mirror_the_headings(abu_dhabi):
    import docx
    headings = [fold(p.text) for p in docx.Document(str(abu_dhabi["docx"])).paragraphs
                if p.style.name.startswith("Heading")]
    assert bookmark_titles(abu_dhabi["pdf"]) == headings
    assert "1 Background: talks without a breakthrough" in headings
    assert "Appendix A: Timeline" in headings
    reader = PdfReader(str(abu_dhabi["pdf"]))
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_pdf_and_docx_agree(abu_dhabi):
    assert verify_files(str(abu_dhabi["pdf"]), str(abu_dhabi["docx"])) == []


def test_verify_notices_a_difference(abu_dhabi):
    pdf, docx = pdf_structure(str(abu_dhabi["pdf"])), docx_structure(str(abu_dhabi["docx"]))
    docx.headings[3] = "3 Something else"
    docx.cells.append("a cell only the DOCX has")
    docx.metadata["title"] = "Another title"
    from briefgen.verify import compare
    problems = compare(pdf, docx)
    assert any("heading 4" in p for p in problems)
    assert any("a cell only the DOCX has" in p for p in problems)
    assert any("metadata title" in p for p in problems)


LONG_TABLE = """\
title: Long table
sections:
  - title: Data
    body: A table that runs over several pages.
    tables:
      - id: long
        caption: Sixty rows
        columns: [Header-Alpha, Header-Beta, Count]
        rows:
{rows}
"""


@pytest.fixture(scope="module")
def long_table(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("long")
    rows = "\n".join(
        f'          - ["row-{i:02d} {"words to fill the cell " * 4}", "second {i}", {i * 1000}]'
        for i in range(60))
    outline = tmp / "long.yaml"
    outline.write_text(LONG_TABLE.format(rows=rows), encoding="utf-8")
    return build(outline, tmp)


def test_header_row_repeats_on_every_page_of_a_long_table(long_table):
    reader = PdfReader(str(long_table["pdf"]))
    pages = [fold(p.extract_text()) for p in reader.pages]
    spanned = [t for t in pages if re.search(r"row-\d\d", t)]
    assert len(spanned) >= 2
    for text in spanned:
        assert "Header-Alpha" in text and "Header-Beta" in text
    # every row is whole on one page: its first and last cell share a page
    for i in range(60):
        assert any(f"row-{i:02d}" in t and f"second {i} {i * 1000}" in t for t in spanned), i


def test_docx_long_table_header_and_rows(long_table):
    import docx
    (table,) = docx.Document(str(long_table["docx"])).tables
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])


def _body_lines(page):
    """Text lines of a page between the running header and footer."""
    top, bottom = 70, page.height - 66
    lines: dict = {}
    for ch in page.chars:
        if top < ch["top"] < bottom:
            lines.setdefault(round(ch["top"]), []).append(ch)
    return [(key, "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])),
             max(c["size"] for c in chars))
            for key, chars in sorted(lines.items())]


def test_no_page_ends_with_a_heading_or_caption(abu_dhabi, long_table):
    import pdfplumber
    for built in (abu_dhabi, long_table):
        headings = bookmark_titles(built["pdf"])
        with pdfplumber.open(built["pdf"]) as pdf:
            for number, page in enumerate(pdf.pages[:-1], 1):
                lines = _body_lines(page)
                if not lines:
                    continue
                _, last, size = lines[-1]
                last = fold(last)
                assert not re.match(r"^Table \d+:", last), (number, last)
                for heading in headings:
                    assert not (size > 11 and heading.startswith(last[:25])), (number, last)


def test_docx_contents_is_prefilled_with_every_heading(abu_dhabi):
    import docx
    document = docx.Document(str(abu_dhabi["docx"]))
    toc = [fold(p.text) for p in document.paragraphs if re.fullmatch(r"TOC \d", p.style.name)]
    headings = [fold(p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert len(toc) == len(headings)
    for entry, heading in zip(toc, headings):
        assert re.fullmatch(re.escape(heading) + r" ?\d+", entry), (entry, heading)
    xml = zipfile.ZipFile(abu_dhabi["docx"]).read("word/document.xml").decode()
    bookmarks = set(re.findall(r'w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
    for name in re.findall(r"PAGEREF (_Toc\d+)", xml):
        assert name in bookmarks
    for anchor in re.findall(r'w:hyperlink w:anchor="([^"]+)"', xml):
        assert anchor in bookmarks, anchor


def test_pdf_internal_links_resolve(abu_dhabi):
    reader = PdfReader(str(abu_dhabi["pdf"]))
    pages = {page.indirect_reference.idnum for page in reader.pages}
    links = 0
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is not None:
                links += 1
                assert dest[0].idnum in pages
    assert links > 60  # contents entries, citations, links in the positions matrix


@pytest.mark.parametrize("outline", sorted(
    __import__("conftest").BRIEFING.glob("*.yaml")) + [__import__("conftest").ROOT / "tests" /
                                                        "fixtures" / "special-text.yaml"],
    ids=lambda p: p.name)
def test_verify_every_brief(outline, capsys):
    from briefgen.cli import main
    assert main(["verify", str(outline)]) == 0, capsys.readouterr().err
    assert "agree" in capsys.readouterr().out


def test_a_lead_in_never_ends_a_page_above_a_tall_first_list_item(tmp_path):
    """However the page falls, "…were:" stays with the first item of its list, even
    when that item holds a nested list (lists split only between items)."""
    from conftest import build, pdf_pages
    item = ("1. The first ground, which holds a nested list:\n"
            + "".join(f"   - nested point {k} with enough words to fill its line of text\n"
                      for k in range(6))
            + "2. The second ground.\n")
    for filler in range(14, 64):
        body = "".join(f"      Filler paragraph {n} fills one line.\n\n" for n in range(filler))
        lead = "      The main grounds were:\n\n" + "".join(f"      {line}\n" for line in
                                                          item.splitlines())
        outline = tmp_path / f"lead{filler}.yaml"
        outline.write_text("title: T\nsections:\n  - title: S\n    body: |\n" + body + lead,
                           encoding="utf-8")
        pages = pdf_pages(build(outline, tmp_path / f"out{filler}", "--format", "pdf")["pdf"])
        for page in pages:
            assert "The main grounds were:" not in page or "The first ground" in page, (
                f"with {filler} filler paragraphs the lead-in ends a page")


def test_a_word_wider_than_the_line_is_split_inside_the_margins(tmp_path):
    """A word too wide for a whole line (no hyphenation point fits) is split where it
    must, as Word and LibreOffice do, instead of running off the page; in a paragraph
    of plain text, text extraction still reads it as one word."""
    from conftest import build
    word = "abcdefghijklmnopqrstuvwxyz" * 5 + "END"
    outline = tmp_path / "long.yaml"
    outline.write_text(f"title: T\nsummary: Summary {word}\nsections:\n  - title: S\n"
                       f"    body: |\n      With **markup** {word} then more.\n",
                       encoding="utf-8")
    pdf = PdfReader(build(outline, tmp_path / "out", "--format", "pdf")["pdf"])
    right = float(pdf.pages[0].mediabox.width)
    widest = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            widest.append(x + len(text) * size * 0.3)  # at least 0.3 em a letter
    for page in pdf.pages:
        page.extract_text(visitor_text=visit)
    assert widest and max(widest) < right - 20, "text runs past the right edge"
    text = "".join(page.extract_text() for page in pdf.pages)
    assert f"Summary {word[:40]}" in text and word in text.replace("\n", "")
    assert "END then more" in text.replace("\n", "").replace("  ", " ")
