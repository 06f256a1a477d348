"""The brief's language: labels, dates, numbers, quotes and number words, in both files.

tests/fixtures/french.yaml is built as written (French) and with its `lang`
switched to German and Spanish; English briefs replace labels of their own.
"""

from __future__ import annotations

import re
import zipfile

import pytest

from briefgen import api
from briefgen.lint import lint
from conftest import ROOT, build, docx_blocks, docx_xml, fold, pdf_pages

FRENCH = ROOT / "tests" / "fixtures" / "french.yaml"
NNBSP, NBSP = "\u202f", "\u00a0"


def texts(out) -> dict:
    return {"pdf": " ".join(pdf_pages(out["pdf"])), "docx": " ".join(docx_blocks(out["docx"]))}


@pytest.fixture(scope="module")
def french(tmp_path_factory):
    out = build(FRENCH, tmp_path_factory.mktemp("fr"))
    return out, texts(out)


def variant(tmp_path, lang: str, **changes) -> dict:
    """The French fixture with another `lang`; its table's numbers written that way."""
    text = FRENCH.read_text(encoding="utf-8").replace("lang: fr", f"lang: {lang}")
    for old, new in changes.items():
        text = text.replace(old, new)
    path = tmp_path / f"brief-{lang}.yaml"
    path.write_text(text, encoding="utf-8")
    return texts(build(path, tmp_path / "out"))


FRENCH_TEXT = [
    # labels, one of them replaced by the outline's `labels`
    "L’essentiel", "Points clés", "Jugements clés", "Confiance élevée", "Sommaire",
    "Principaux participants", "Chef de la délégation", "Médiateurs", "Objection", "Réponse",
    "Recommandations", "Chiffres clés", "Annexe A : Chronologie", "À propos de cette note",
    "Tableau 3 : Débit demandé, par saison", "Figure 1 : Débit demandé, par saison",
    "Source : [1]", "La commission du fleuve : Publier",
    # dates: a day, a range of days, of months, a season, an approximate year
    "6 février 2026", "23 janvier 2026", "3–4 novembre 2025", "août – octobre 2025",
    "été 2025", "vers 1961",
    # numbers: grouping by a narrow no-break space, decimal comma, '%' after a space
    "1 100 m³/s", "≈ 40,5 %", "1 200–1 500 km²", "−820,5",
    # quotes and apostrophes, typographic; a number in words
    "« une part équitable »", "s’est achevé", "en trois ans",
]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("text", FRENCH_TEXT)
def test_french_brief(french, fmt, text):
    # some labels are set in capitals in the PDF (small labels above a box's parts)
    assert fold(text).lower() in french[1][fmt].lower()


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_english_label_is_left_in_the_french_brief(french, fmt):
    got = french[1][fmt]
    for english in ("Bottom line", "Key judgments", "Contents", "Head of delegation",
                    "Counterargument", "Key figures", "Appendix", "Table 1", "Page 2 of",
                    "Source:", "Version 1.0 ·", "High confidence", "Timeline"):
        assert english not in got, english


def test_french_numbers_and_quotes_use_no_break_spaces(french):
    """'1 100' is one word for line breaking: a narrow no-break space, as CLDR has it;
    the French quotes hold their text with narrow no-break spaces too."""
    xml = docx_xml(french[0]["docx"])
    assert f"1{NNBSP}100{NBSP}m³/s" in xml
    assert f"«{NNBSP}une part équitable{NNBSP}»" in xml
    # French spacing: typed spaces before ; : ! ? and inside « » do not break
    assert f"trois ans{NNBSP}; le Sud" in xml
    assert f"«{NNBSP}les deux parties" in xml
    # the PDF: a no-break space (reportlab would break a line at a narrow one)
    import pdfplumber
    with pdfplumber.open(french[0]["pdf"]) as pdf:
        words = [w["text"] for page in pdf.pages for w in page.extract_words(
            keep_blank_chars=False, use_text_flow=True)]
    chars = "".join(pdfplumber.open(french[0]["pdf"]).pages[2].extract_text())
    assert "1 100" in fold(chars) and "1100" not in words


def test_quotes_in_a_footnote_are_typographic_too(french):
    assert "l’hiver 2025" in french[1]["pdf"]
    assert "l’hiver 2025" in docx_xml(french[0]["docx"], "word/footnotes.xml")


def test_pdf_page_footer_and_document_language(french):
    import pikepdf
    with pikepdf.open(french[0]["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        pages = len(pdf.pages)
    assert f"Page 2 sur {pages}" in french[1]["pdf"]


def test_docx_document_language_and_page_label(french):
    styles = docx_xml(french[0]["docx"], "word/styles.xml")
    assert re.search(r'<w:lang w:val="fr"', styles)
    with zipfile.ZipFile(french[0]["docx"]) as z:
        footers = " ".join(z.read(n).decode() for n in z.namelist() if "footer" in n)
    # "Page {PAGE} sur {NUMPAGES}": the label's words around the two fields
    assert re.search(r"Page </w:t>.*PAGE.*sur </w:t>.*NUMPAGES", footers, re.S), footers[:500]


def test_french_chart_ticks_and_labels(french):
    """The chart from a table of French numbers: bars labelled as written, ticks in
    the French format, in both files (the DOCX chart's cached labels)."""
    pdf = french[1]["pdf"]
    for text in ("1 120", "300,5", "1 000", "1 200"):  # the total row is not charted
        assert fold(text) in pdf, text
    with zipfile.ZipFile(french[0]["docx"]) as z:
        chart = next(z.read(n).decode() for n in z.namelist() if n.startswith("word/charts/")
                     and n.endswith(".xml"))
    assert "<c:v>1120</c:v>" in chart or "<c:v>1120.0</c:v>" in chart
    assert "Nord (m³/s)" in chart


@pytest.mark.parametrize("lang, dates, words", [
    ("de", ["6. Februar 2026", "23. Januar 2026", "3.–4. November 2025", "Sommer 2025",
            "ca. 1961", "1.100 m³/s", "≈ 40,5 %", "Zentrale Einschätzungen",
            "Tabelle 3: Débit", "Quelle: [1]", "Anhang A: Chronologie", "Hohe Gewissheit"],
     "drei"),
    ("es", ["6 de febrero de 2026", "23 de enero de 2026", "3–4 de noviembre de 2025",
            "verano de 2025", "hacia 1961", "1100 m³/s", "Índice",
            "Tabla 3: Débit", "Fuente: [1]", "Anexo A: Cronología", "Confianza alta"],
     "tres"),
])
def test_german_and_spanish(tmp_path, lang, dates, words):
    got = variant(tmp_path, lang, **{'"1 120"': '"1.120"', '"1 600"': '"1.600"'})
    for fmt in ("pdf", "docx"):
        for text in dates + [f"en {words} ans"]:
            assert fold(text).lower() in got[fmt].lower(), (fmt, text)
        assert "„une part équitable“" in got[fmt] if lang == "de" else \
            "«une part équitable»" in got[fmt]
    assert ("Seite 2 von" if lang == "de" else "Página 2 de") in got["pdf"]


def test_another_language_keeps_english_labels_with_one_warning(tmp_path):
    text = FRENCH.read_text(encoding="utf-8").replace("lang: fr", "lang: pt-BR")
    text = text.replace('"1 120"', '"1,120"').replace('"1 600"', '"1,600"') \
        .replace('"300,5"', '"300.5"').replace('"600,5"', '"600.5"') \
        .replace('"−820,5"', '"−820.5"').replace('"−999,5"', '"−999.5"')
    path = tmp_path / "pt.yaml"
    path.write_text(text, encoding="utf-8")
    prepared = api.prepare(str(path))
    warned = [d for d in lint(prepared.outline) if "pt-BR" in d.message]
    assert len(warned) == 1 and warned[0].line == 8, warned
    out = build(path, tmp_path / "out")
    got = texts(out)
    assert "Bottom line" in got["pdf"] and "6 February 2026" in got["docx"]
    assert "“une part équitable”" in got["pdf"]
    import pikepdf
    with pikepdf.open(out["pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "pt-BR"


def test_replaced_labels_in_an_english_brief(tmp_path, abu_dhabi):
    text = (ROOT / "briefing" / "abu-dhabi-talks.yaml").read_text(encoding="utf-8")
    text = text.replace("\nsummary:", "\nlabels:\n  bottom_line: In short\n"
                        "  page: \"p. {n}/{total}\"\n  lead: Led by\n  table: Tab.\n"
                        "summary:", 1)
    path = tmp_path / "labelled.yaml"
    path.write_text(text, encoding="utf-8")
    got = texts(build(path, tmp_path / "out"))
    before = texts(abu_dhabi)
    for fmt in ("pdf", "docx"):  # the prose's own "Bottom line." stays
        assert "In short" in got[fmt] and "In short" not in before[fmt]
        assert got[fmt].count("Bottom line") == before[fmt].count("Bottom line") - 1
        assert "Led by" in got[fmt] and "Head of delegation" not in got[fmt]
        assert "Tab. 1: Key participants" in got[fmt]
    assert re.search(r"p\. 2/\d+", got["pdf"])


# ---------------------------------------------------------------- prose, lint

def prepare_text(tmp_path, body: str, lang: str = "fr", stats: str = ""):
    text = (f"title: Une note\nlang: {lang}\nsections:\n  - title: Seule partie\n"
            f"    body: |\n      {body}\n" + stats)
    path = tmp_path / "brief.yaml"
    path.write_text(text, encoding="utf-8")
    return api.prepare(str(path))


STATS = ("statistics:\n"
         "  - {id: flow, label: Débit, value: 1100, unit: m³/s, source: x}\n"
         "  - {id: share, label: Part, value: 74.5, unit: '%', source: x}\n"
         "  - {id: states, label: States, value: 10, source: x}\n"
         "  - {id: many, label: Many, value: 11, source: x}\n"
         "timeline:\n  - {id: r2, date: 2026-01-23, title: Cycle}\n")


def test_lint_reads_french_numbers_and_dates(tmp_path):
    prepared = prepare_text(tmp_path, "Le débit est de 1 100 m³/s, la part de 74,5 %; le "
                            "cycle du 23 janvier 2026 et celui du 3 mars 2026.", stats=STATS)
    messages = [d.message for d in lint(prepared.outline)]
    assert any("1 100 is typed by hand" in m and "'flow'" in m for m in messages), messages
    assert any("74,5 is typed by hand" in m and "'share'" in m for m in messages), messages
    assert any("23 janvier 2026' is typed by hand" in m for m in messages), messages
    assert any("'3 mars 2026' is mentioned" in m for m in messages), messages


def test_words_filter(tmp_path):
    prepared = prepare_text(tmp_path, "Il y a {{ stats.states | words }} États et "
                            "{{ stats.many | words }} autres, {{ stats.flow | words }}.",
                            stats=STATS)
    assert prepared.outline.sections[0].body.value.startswith("Il y a dix États et 11 autres, "
                                                             f"1{NNBSP}100{NBSP}m³/s.")
    english = prepare_text(tmp_path, "The {{ stats.states | words }} states.", "en", STATS)
    assert english.outline.sections[0].body.value.startswith("The ten states.")


def test_number_words_take_a_capital_and_a_gender(tmp_path):
    """A number word that starts a sentence (or a line of a list) is capitalized;
    `| words("f")` is the feminine 'one'."""
    body = ("{{ stats.one | words }} año. Hubo {{ stats.one | words(\"f\") }} semana y\n"
            "      {{ stats.states | words }} más.\n\n      - {{ stats.states | words }} rondas")
    prepared = prepare_text(tmp_path, body, "es", STATS.replace(
        "  - {id: many", "  - {id: one, label: One, value: 1, source: x}\n  - {id: many"))
    assert prepared.outline.sections[0].body.value == \
        "Un año. Hubo una semana y\ndiez más.\n\n- Diez rondas\n"


def test_a_region_that_cldr_knows_is_used(tmp_path):
    """de-AT: 'Jänner'; de-CH: 1'100 and « »."""
    at = prepare_text(tmp_path, "Text.", "de-AT", STATS).outline.language
    from briefgen.dates import parse_edtf
    assert parse_edtf("2026-01-23").display(at) == "23. Jänner 2026"
    ch = prepare_text(tmp_path, "Text.", "de-CH", STATS).outline.language
    assert ch.number("1100", None) == "1’100" or ch.number("1100", None) == "1'100"
    assert ch.quotes[:2] == ("«", "»")


def test_the_html_edition_speaks_french(tmp_path):
    out = tmp_path / "html"
    from briefgen.cli import main
    assert main(["build", str(FRENCH), "-o", str(out), "--format", "html", "--quiet"]) == 0
    page = (out / "french.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in page
    for text in ("L’essentiel", "Aller au contenu", "Tableau 3", "6 février 2026"):
        assert text in page, text


def test_sentence_starting_with_a_numeral_is_flagged(tmp_path):
    prepared = prepare_text(tmp_path, "Rien. 12 États ont signé. {{ stats.states }} ont "
                            "refusé. {{ stats.states | words }} ont hésité. En 2025. "
                            "2025 fut dure.", "en", STATS)
    found = [d for d in lint(prepared.outline) if "starts with a numeral" in d.message]
    assert [(d.line, d.col) for d in found] == [(6, 13), (6, 33)], found
    assert "| words" in found[0].hint


def test_plain_typography_keeps_french_quotes_straight(tmp_path):
    path = tmp_path / "plain.yaml"
    path.write_text(FRENCH.read_text(encoding="utf-8").replace("lang: fr", "lang: fr\n"
                                                               "typography: plain"),
                    encoding="utf-8")
    doc = api.prepare(str(path)).document
    text = " ".join(s.text for b in doc.walk() for s in getattr(b, "inlines", ()))
    assert '"une part équitable"' in text and "s'est achevé" in text


def test_verify_finds_the_french_files_in_agreement():
    """Captions are found by the brief's own words ('Tableau 3 : …')."""
    from briefgen.verify import verify_outline
    assert verify_outline(str(FRENCH)) == []
