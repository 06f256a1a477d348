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
