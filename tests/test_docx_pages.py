"""LibreOffice lays the DOCX out on the PDF's pages, on a machine without the theme's
fonts: the same page count, every heading and caption on the PDF's page, and only
the embedded theme font in what it draws.

Every brief in briefing/ and every fixture outline (figures, narrow columns, nested
lists, notes, special text) is built in both themes; the DOCX files of a theme are
converted in one LibreOffice call, where fontconfig cannot see either theme's
family (pagecheck.hidden_fonts_env, as `briefgen verify --pages` does)."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from conftest import BRIEFING, ROOT, build, fold, require_tool

THEMES = ("default", "memo")
OUTLINES = sorted(BRIEFING.glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
SHARE = 0.95  # of headings and captions on the PDF's page, at least (the goal: all)


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    """{(theme, outline stem): (PageReport, LibreOffice's PDF, built files, prepared)}."""
    require_tool("soffice")
    from briefgen import pagecheck
    from briefgen.api import prepare
    out = tmp_path_factory.mktemp("pages")
    built, docx = {}, []
    for theme in THEMES:
        for outline in OUTLINES:
            files = build(outline, out / theme, "--style", theme)
            prepared = prepare(str(outline), theme)
            built[(theme, outline.stem)] = (files, prepared)
    families = {prepared.theme.family for _, prepared in built.values()}
    office = {}
    for theme in THEMES:  # one call per theme: the PDFs of a name would collide
        paths = [built[(theme, o.stem)][0]["docx"] for o in OUTLINES]
        for path, pdf in zip(paths, pagecheck.convert(paths, str(out / f"lo-{theme}"),
                                                      families)):
            office[(theme, path.stem)] = pdf
    result = {}
    for key, (files, prepared) in built.items():
        report = pagecheck.compare(f"{key[0]}/{key[1]}", str(files["pdf"]), office[key],
                                   pagecheck.items(prepared.document, prepared.theme))
        result[key] = (report, office[key], files, prepared)
    return result


KNOWN: dict = {}  # (theme, outline) -> why LibreOffice's pages differ, for an xfail
CASES = [pytest.param((theme, outline.stem), id=f"{theme}-{outline.stem}", marks=(
    [pytest.mark.xfail(reason=KNOWN[(theme, outline.stem)], strict=False)]
    if (theme, outline.stem) in KNOWN else []))
    for theme in THEMES for outline in OUTLINES]


@pytest.mark.parametrize("case", CASES)
def test_libreoffice_has_the_pdfs_page_count(laid_out, case):
    report = laid_out[case][0]
    assert report.office_pages == report.pdf_pages, report.problems()


@pytest.mark.parametrize("case", CASES)
def test_headings_and_captions_fall_on_the_pdfs_pages(laid_out, case):
    report = laid_out[case][0]
    assert report.rows and all(pdf is not None for _, pdf, _ in report.rows), report.rows
    assert all(office is not None for _, _, office in report.rows), report.problems()
    assert report.share >= SHARE, "\n".join([report.summary()] + report.problems())


BRIEFS = [(theme, outline.stem) for theme in THEMES for outline in OUTLINES
          if outline.parent == BRIEFING]


@pytest.mark.parametrize("case", BRIEFS, ids=[f"{t}-{s}" for t, s in BRIEFS])
def test_libreoffice_draws_only_the_embedded_theme_font(laid_out, case):
    """pdffonts of LibreOffice's PDF: the theme's family, in each face the brief
    uses, and no substitute."""
    pdffonts = require_tool("pdffonts")
    _, office, _, prepared = laid_out[case]
    listing = subprocess.run([pdffonts, office], capture_output=True, text=True,
                             check=True).stdout
    fonts = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]
    base = prepared.theme.family.replace(" ", "")
    assert base in fonts and base + "-Bold" in fonts and base + "-Italic" in fonts, listing
    assert all(f.startswith(base) for f in fonts), listing


@pytest.mark.parametrize("case", BRIEFS, ids=[f"{t}-{s}" for t, s in BRIEFS])
def test_each_face_is_embedded_and_covers_the_brief(laid_out, case):
    """Both themes: the four faces de-obfuscate to fonts fontTools opens, of the
    theme's family, covering every character of the file's text."""
    import io

    from fontTools.ttLib import TTFont
    from test_docx_fonts import embedded, text_characters
    _, _, files, prepared = laid_out[case]
    text = text_characters(files["docx"])
    faces = embedded(files["docx"])
    assert set(faces) == {"regular", "bold", "italic", "bold_italic"}
    for face, (_, data, _) in faces.items():
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == prepared.theme.family, face
        missing = sorted(ch for ch in text if ord(ch) not in font.getBestCmap())
        assert not missing, (face, missing)
    with zipfile.ZipFile(files["docx"]) as z:
        settings = z.read("word/settings.xml").decode()
    assert "embedTrueTypeFonts" in settings and "saveSubsetFonts" in settings


def test_fields_stay_unflagged(laid_out):
    """The contents and page fields carry their results and ask for no update."""
    for report, _, files, _ in laid_out.values():
        with zipfile.ZipFile(files["docx"]) as z:
            document = z.read("word/document.xml").decode()
            settings = z.read("word/settings.xml").decode()
        assert 'w:dirty="' not in document and "updateFields" not in settings, report.name


def test_the_contents_shows_libreoffices_pages(laid_out):
    """The contents' page numbers, filled in from the PDF, are the pages on which
    LibreOffice shows the headings."""
    from briefgen.model import Contents
    from briefgen.pagecheck import _lines
    for (theme, stem), (report, office, _, prepared) in laid_out.items():
        _, lines = _lines(office)
        entries = dict(fold_entry(line.text) for line in lines if "...." in line.text)
        # the labels as extracted: a no-break space ('Annexe A : …') as a space
        listed = [fold(e.label) for b in prepared.document.blocks if isinstance(b, Contents)
                  for e in b.entries]
        assert listed and all(label in entries for label in listed), (report.name, entries)
        pages = {fold(item.text): page for item, _, page in report.rows}
        wrong = [(label, entries[label], pages.get(label)) for label in listed
                 if entries[label] != pages.get(label)]
        assert len(wrong) <= len(report.rows) - report.same, (report.name, wrong)


def fold_entry(text: str) -> tuple[str, int | None]:
    """'2.1 Why … ....... 6' -> ('2.1 Why …', 6)."""
    label, _, rest = text.partition("..")
    digits = "".join(ch for ch in rest if ch.isdigit())
    return label.strip(" ."), int(digits) if digits else None


def test_verify_pages_on_the_command_line(capsys):
    """`briefgen verify --pages` converts the DOCX and says the pages agree."""
    from briefgen.cli import main
    assert main(["verify", "--pages", str(OUTLINES[0])]) == 0
    out = capsys.readouterr().out
    assert "in LibreOffice, the pages and every heading's and caption's page" in out


def test_a_page_report_names_each_difference():
    from briefgen.pagecheck import Item, PageReport
    heading = Item("heading", "2 Irreconcilable territorial demands", 15.5, True)
    caption = Item("caption", "Table 2: Positions at a glance", 9.5, True)
    report = PageReport("x", 20, 21, [(heading, 4, 5), (caption, 6, 6)])
    assert report.share == 0.5
    assert report.problems() == [
        "pages: 20 in the PDF, 21 in LibreOffice's layout of the DOCX",
        "heading on page 4 of the PDF, page 5 in LibreOffice: "
        "'2 Irreconcilable territorial demands'"]
    assert report.summary() == ("x: 20 pages in the PDF, 21 in LibreOffice; 1 of 2 "
                                "headings and captions on the PDF's page (50%)")
