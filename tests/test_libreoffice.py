"""The DOCX opens in LibreOffice as Word users' files would, with every heading and caption."""

from __future__ import annotations

import pytest

from conftest import fold, pdf_pages, soffice_to_pdf


@pytest.fixture(scope="module")
def converted(abu_dhabi, tmp_path_factory):
    """The Abu Dhabi DOCX as LibreOffice lays it out, converted once."""
    return soffice_to_pdf(abu_dhabi["docx"], tmp_path_factory.mktemp("soffice"))


def test_docx_converts_with_headings_and_captions(abu_dhabi, converted):
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


def _filled(page, color: str) -> list:
    """Filled rectangles of a colour (#rrggbb) on a pdfplumber page."""
    want = tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    out = []
    for rect in page.rects:
        fill = rect.get("non_stroking_color")
        if rect.get("fill") and fill and len(fill) == 3 and \
                all(abs(a - b) < 0.01 for a, b in zip(fill, want)):
            out.append(rect)
    return out


def test_cover_bands_span_the_page_and_the_box_is_one_shaded_block(converted):
    import pdfplumber
    with pdfplumber.open(converted) as pdf:
        cover = pdf.pages[0]
        bands = _filled(cover, "#8a1c1c")  # the default theme's marking colour
        full = [r for r in bands if r["x0"] <= 1 and r["x1"] >= cover.width - 1]
        assert any(r["bottom"] < 60 for r in full), "no full-width band at the top"
        assert any(r["top"] > cover.height - 60 for r in full), "no band at the bottom"
        # the Bottom line box: its paragraphs' shading meets without gaps, one column
        shade = sorted({(round(r["top"], 1), round(r["bottom"], 1), round(r["x0"]),
                         round(r["x1"])) for r in _filled(cover, "#edf2f7")})
        assert len(shade) > 3  # paragraphs, not one table cell
        assert len({(x0, x1) for _, _, x0, x1 in shade}) == 1
        for (_, bottom, _, _), (top, _, _, _) in zip(shade, shade[1:]):
            assert top <= bottom + 0.5, "a gap in the box's shading"
        words = [w for w in cover.extract_words() if w["text"] == "Outlook:"]
        assert words and shade[0][0] < words[0]["top"] < shade[-1][1]


def test_every_chart_shows_its_labels_in_libreoffice(tmp_path):
    """The figures fixture's DOCX, as LibreOffice draws it: each native chart's
    categories and value labels, and the timeline picture's alt text in place."""
    from conftest import ROOT, build

    from briefgen.api import prepare
    from briefgen.model import Figure
    outline = ROOT / "tests" / "fixtures" / "figures.yaml"
    docx = build(outline, tmp_path, "--format", "docx")["docx"]
    text = fold(" ".join(pdf_pages(soffice_to_pdf(docx, tmp_path / "lo"))))
    for fig in (b for b in prepare(str(outline)).document.walk() if isinstance(b, Figure)):
        assert fold(fig.label)[:50] in text, fig.label
        if fig.chart is None or fig.chart.type == "timeline":
            continue
        wanted = [c for c in fig.chart.categories if c] + \
            [label for s in fig.chart.series for label in s.labels]
        missing = [w for w in wanted if fold(w) not in text]
        assert not missing, f"{fig.label}: {missing}"
