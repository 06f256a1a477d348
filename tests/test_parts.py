"""The analyst's parts in both files: key judgments with their confidence spelled
out, numbered recommendations led by whom they address, "About this brief" with
a working mailto link, and mediators and observers under their role."""

from __future__ import annotations

import zipfile

import pytest
from pypdf import PdfReader

from conftest import ABU_DHABI, build, docx_blocks, fold, pdf_pages

from briefgen import cli


@pytest.fixture(scope="module")
def abu(tmp_path_factory):
    return build(ABU_DHABI, tmp_path_factory.mktemp("parts"))


@pytest.fixture(scope="module")
def scaffold(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parts-new") / "briefing"
    assert cli.main(["new", "river", "-o", str(folder)]) == 0
    return build(folder / "river.yaml", folder.parent / "out")


def _both(files):
    return " ".join(pdf_pages(files["pdf"])), " ".join(docx_blocks(files["docx"]))


def test_key_judgments_with_their_confidence(abu):
    for text in _both(abu):
        at = text.index("Key judgments")
        box = text[at:at + 700]
        assert "high confidence territory remains the decisive obstacle" in box.lower()
        for level in ("moderate", "high", "low"):
            assert f"{level} confidence" in box.lower()
        assert text.index("Key judgments") < text.index("Contents")


def test_recommendations_are_numbered_and_addressed(abu):
    pdf, docx = _both(abu)
    assert "1. Negotiators and their sponsors: Judge further rounds" in pdf
    assert "3. Ukraine’s European partners: Prepare to take part" in pdf
    assert "Washington: Settle the sequencing" in docx
    import docx as python_docx
    document = python_docx.Document(str(abu["docx"]))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Washington:"))
    assert paragraph.runs[0].bold and paragraph.runs[0].text.startswith("Washington")
    assert paragraph.style.name == "List Number"


def test_the_mediator_is_listed_under_its_role(abu):
    for text in _both(abu):
        table = text[text.index("Table 1: Key participants"):][:900]
        assert table.index("Parties") < table.index("Ukraine") < table.index("Mediators") \
            < table.index("United States")


def test_about_this_brief_with_a_mailto_link(scaffold):
    pdf, docx = _both(scaffold)
    for text in (pdf, docx):
        assert "About this brief Written from the field report" in text
        assert "A. Colleague, Example Institute · colleague@example.org" in text
    links = [a.get_object()["/A"]["/URI"] for page in PdfReader(str(scaffold["pdf"])).pages
             for a in page.get("/Annots") or [] if "/A" in a.get_object()]
    assert "mailto:colleague@example.org" in links
    with zipfile.ZipFile(scaffold["docx"]) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert 'Target="mailto:colleague@example.org"' in rels


TABLES = """\
title: Tables
sections:
  - title: Budget
    body: Text.
    tables:
      - caption: Budget by year
        columns: [Year, Budget, Share, Note]
        align: [left, right, center, left]
        widths: [1, 1, 1, 3]
        total: true
        source: Ministry of Finance
        rows:
          - [2024, "1,100", "57%", First year]
          - [2025, "≈ 900", "43%", Second]
          - [Total, "2,000", "100%", ""]
      - caption: Auto-aligned
        columns: [Item, Change]
        rows:
          - [Alpha, "−3.5"]
          - [Beta, "57%"]
"""


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    (folder / "tables.yaml").write_text(TABLES, encoding="utf-8")
    return build(folder / "tables.yaml", folder / "out")


def test_table_controls_in_the_docx(tables):
    import docx as python_docx
    document = python_docx.Document(str(tables["docx"]))
    budget, auto = document.tables
    jc = [c.paragraphs[0].alignment for c in budget.rows[1].cells]
    from docx.enum.text import WD_ALIGN_PARAGRAPH as A
    assert jc[:3] == [A.LEFT, A.RIGHT, A.CENTER]
    assert [c.paragraphs[0].alignment for c in budget.rows[0].cells][:3] == jc[:3]
    total = budget.rows[-1]
    assert all(r.bold for c in total.cells for p in c.paragraphs for r in p.runs)
    assert total.cells[0]._tc.find(".//{*}tcBorders/{*}top") is not None
    widths = [c.width for c in budget.rows[0].cells]
    assert abs(widths[3] / widths[0] - 3) < 0.05
    assert [c.paragraphs[0].alignment for c in auto.rows[1].cells] == [None, A.RIGHT]
    assert [c.paragraphs[0].alignment for c in auto.rows[0].cells] == [None, A.RIGHT]
    text = " ".join(docx_blocks(tables["docx"]))
    assert "Source: Ministry of Finance" in text


def test_table_controls_in_the_pdf(tables):
    import pdfplumber
    with pdfplumber.open(str(tables["pdf"])) as pdf:
        page = next(p for p in pdf.pages if "Budget by year" in (p.extract_text() or ""))
        words = page.extract_words(extra_attrs=["fontname"])
        total = [w for w in words if w["text"] in ("Total", "2,000", "100%")]
        assert total and all("Bold" in w["fontname"] for w in total)
        first = {w["text"]: w for w in words}
        # right-aligned: the right edges of the numbers in a column line up
        assert abs(first["1,100"]["x1"] - first["2,000"]["x1"]) < 1
        assert abs(first["−3.5"]["x1"] - first["57%"]["x1"]) < 1 if "57%" in first else True
        assert "Source: Ministry of Finance" in page.extract_text()
