"""The DOCX opens in LibreOffice as Word users' files would, with every heading and caption."""

from __future__ import annotations

from conftest import fold, pdf_pages, soffice_to_pdf


def test_docx_converts_with_headings_and_captions(abu_dhabi, tmp_path):
    converted = soffice_to_pdf(abu_dhabi["docx"], tmp_path)
    text = " ".join(pdf_pages(converted))
    import docx
    document = docx.Document(str(abu_dhabi["docx"]))
    expected = [fold(p.text) for p in document.paragraphs
                if p.style.name.startswith("Heading") or p.style.name == "Caption"]
    assert len(expected) > 25
    for line in expected:
        assert line[:60] in text, line
    # the contents list is shown from its cached field result, without an update
    assert "Contents" in text and "Key figures" in text
