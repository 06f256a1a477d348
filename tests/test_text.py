"""Text appears exactly as typed in both files: markup-like text, Cyrillic, quotes."""

from __future__ import annotations

import pytest

from conftest import ROOT, build, docx_blocks, pdf_pages

SPECIAL = ROOT / "tests" / "fixtures" / "special-text.yaml"
LITERAL = [
    "x < y & z", "<b>not bold</b>", "<font color=“red”>this</font>", "&amp;",
    "{{ braces }}", "Кириллица и ελληνικά", "Съешь же ещё этих мягких французских булок.",
    "“curly”", "‘single’", "“straight”", "it’s", "North <N>", "South & Co", "Yes <maybe>",
    "Point with <tag> & ampersand", "Claim with <i>markup</i>", "Response & reply",
    "Table 3: A table <with> markup & numbers", "<b>Beta</b>", "Альфа",
    "A report <with> & marks", "Met office & co"
]


@pytest.fixture(scope="module")
def special(tmp_path_factory):
    return build(SPECIAL, tmp_path_factory.mktemp("special"))


@pytest.fixture(scope="module")
def texts(special):
    return {"pdf": " ".join(pdf_pages(special["pdf"])),
            "docx": " ".join(docx_blocks(special["docx"]))}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("text", LITERAL)
def test_literal_text(texts, fmt, text):
    assert text in texts[fmt]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_plain_typography_keeps_quotes_as_typed(tmp_path, fmt):
    """`typography: plain`: every character as typed (version 1 behaviour); and the
    unit after a number is joined by an ordinary space."""
    text = SPECIAL.read_text(encoding="utf-8")
    path = tmp_path / "plain.yaml"
    path.write_text(text.replace("title:", "typography: plain\ntitle:", 1), encoding="utf-8")
    out = build(path, tmp_path / "out")
    got = " ".join(pdf_pages(out["pdf"])) if fmt == "pdf" else \
        " ".join(docx_blocks(out["docx"]))
    assert "\"straight\" and “curly” — and 'single', and it's." in got
    if fmt == "docx":
        import docx
        cells = [c.text for t in docx.Document(str(out["docx"])).tables
                 for row in t.rows for c in row.cells]
        assert "≈ 1,100 buildings" in cells, cells


def test_smart_typography_joins_numbers_and_units(special):
    """No-break spaces: after ≈ and before a unit, so neither ends a line."""
    import docx
    doc = docx.Document(str(special["docx"]))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "≈\u00a01,100\u00a0buildings" in cells, cells


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_values_and_dates_render(texts, fmt):
    t = texts[fmt]
    for text in ("78%", "≈ 1,100 buildings (1100 raw)", "20–22%", "−20 °C",
                 "Summer 2025", "23–24 January 2026", "30 December 2025 – 2 January 2026",
                 "c. 2021", "August 2025", "Version 1.10"):
        assert text in t, text


def test_version_string_kept_as_written(texts):
    assert "Version 1.10" in texts["pdf"] and "Version 1.1 " not in texts["pdf"]


def test_timeline_sorted_by_start(texts):
    t = texts["docx"]
    order = ["Approximate year", "Year event", "Summer meeting", "Month event",
             "Across the new year", "First round"]
    at = [t.index(x) for x in order]
    assert at == sorted(at)


def test_citations_numbered_by_first_use(texts):
    t = texts["pdf"]
    assert "See [1]" in t
    assert "[1] A report <with> & marks" in t and "[2] An uncited source" in t


def test_long_word_stays_on_the_page(special):
    import pdfplumber
    with pdfplumber.open(special["pdf"]) as pdf:
        for page in pdf.pages:
            for ch in page.chars:
                assert 0 <= ch["x0"] and ch["x1"] <= page.width, ch["text"]


def test_bold_markup_not_interpreted(special):
    """'<b>Beta</b>' is shown literally in the regular face, not as bold 'Beta'."""
    import docx
    document = docx.Document(str(special["docx"]))
    runs = [r for t in document.tables for row in t.rows for c in row.cells
            for p in c.paragraphs for r in p.runs if "Beta" in r.text]
    assert runs and all(r.text == "<b>Beta</b>" and not r.bold for r in runs)


def test_marking_top_and_bottom_of_every_page(special):
    import docx
    for text in pdf_pages(special["pdf"]):
        assert text.count("OFFICIAL – SENSITIVE") == 2
    section = docx.Document(str(special["docx"])).sections[0]
    for part in (section.header, section.footer, section.first_page_header,
                 section.first_page_footer):
        assert "OFFICIAL – SENSITIVE" in [p.text for p in part.paragraphs]
