"""Accessibility: the DOCX passes the checks Word's accessibility checker makes,
each of those checks fires on a file made to break it, and the PDF is what
page-validation accepts as PDF/UA-1 and PDF/A-2a."""

from __future__ import annotations

import copy
import zipfile
from types import SimpleNamespace

import pytest
from lxml import etree

from briefgen import accessibility, cli
from briefgen.accessibility import check_docx, check_pdf, report_lines
from conftest import ABU_DHABI, BRIEFING, ROOT, build

FIGURES = ROOT / "tests" / "fixtures" / "figures.yaml"
NESTED = ROOT / "tests" / "fixtures" / "nested-lists.yaml"
OUTLINES = sorted(BRIEFING.glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
THEMES = ("default", "memo")
CASES = [(o, t) for o in OUTLINES for t in THEMES]
IDS = [f"{o.stem}-{t}" for o, t in CASES]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """(outline, theme) -> its built files, each built once for this module."""
    cache: dict = {}

    def get(outline, theme="default"):
        if (outline, theme) not in cache:
            out = tmp_path_factory.mktemp(f"{outline.stem}-{theme}")
            cache[(outline, theme)] = build(outline, out, "--style", theme)
        return cache[(outline, theme)]
    return get


# ---------------------------------------------------------------- every brief

@pytest.mark.parametrize("outline,theme", CASES, ids=IDS)
def test_every_docx_passes_words_accessibility_checks(built, outline, theme):
    assert check_docx(built(outline, theme)["docx"]) == []


@pytest.mark.parametrize("outline,theme", CASES, ids=IDS)
def test_every_pdf_is_pdf_ua_and_pdf_a(built, outline, theme):
    assert check_pdf(built(outline, theme)["pdf"]) == []


# ---------------------------------------------------------------- the PDF

def expected_lines(path) -> list[str]:
    """What page-validation itself says, one line per failed rule."""
    import page
    lines = []
    for label, member in accessibility.PDF_PROFILES:
        report = page.validate_pdf(str(path), profile=getattr(page.ValidationProfile, member))
        seen: dict = {}
        for failure in report.failures:
            seen.setdefault(failure.rule_id, [failure.message, 0])[1] += 1
        assert report.is_compliant == (not seen)
        lines += [f"{label} {rule}: {message} ({n} time{'s' if n != 1 else ''})"
                  for rule, (message, n) in seen.items()]
    return lines


def untagged(src, dst):
    """The PDF without its structure tree, tagging mark, language and metadata."""
    import pikepdf
    with pikepdf.open(src) as pdf:
        for key in ("/StructTreeRoot", "/MarkInfo", "/Lang", "/Metadata"):
            if key in pdf.Root:
                del pdf.Root[key]
        pdf.save(dst)
    return dst


def test_check_pdf_reports_what_page_validation_reports(built, tmp_path):
    pdf = built(ABU_DHABI)["pdf"]
    assert check_pdf(pdf) == expected_lines(pdf)
    broken = untagged(pdf, tmp_path / "untagged.pdf")
    lines = check_pdf(broken)
    assert lines == expected_lines(broken)
    assert any(line.startswith("PDF/UA-1 PDFUA1-") for line in lines)
    assert any(line.startswith("PDF/A-2a PDFA2A-") for line in lines)
    assert all(line.endswith(("time)", "times)")) for line in lines)


def test_report_lines_give_each_rule_once_with_its_count():
    failure = SimpleNamespace
    report = SimpleNamespace(is_compliant=False, failures=[
        failure(rule_id="R-1", message="first"), failure(rule_id="R-2", message="other"),
        failure(rule_id="R-1", message="second")])
    assert report_lines("PDF/UA-1", report) == ["PDF/UA-1 R-1: first (2 times)",
                                                "PDF/UA-1 R-2: other (1 time)"]
    assert report_lines("PDF/A-2a", SimpleNamespace(is_compliant=True, failures=[])) == []
    assert report_lines("PDF/A-2a", SimpleNamespace(is_compliant=False, failures=[])) == [
        "PDF/A-2a: not compliant, though the validator names no rule"]


def test_check_pdf_of_a_file_that_is_not_a_pdf(tmp_path):
    bogus = tmp_path / "bogus.pdf"
    bogus.write_bytes(b"not a pdf at all")
    lines = check_pdf(bogus)
    assert {line.split(" ")[0].rstrip(":") for line in lines} == {"PDF/UA-1", "PDF/A-2a"}


# ---------------------------------------------------------------- breaking the DOCX

def edited(docx, tmp_path, edit, part="word/document.xml", name="broken.docx"):
    """A copy of the DOCX with `edit(root)` applied to one part's XML."""
    target = tmp_path / name
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == part:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            dst.writestr(info, data)
    return target


def w(tag: str, **attrs):
    node = etree.Element(W + tag, nsmap={"w": W_NS})
    for key, value in attrs.items():
        node.set(W + key, str(value))
    return node


def paragraph(text: str = "", style: str | None = None):
    p = w("p")
    if style:
        p.append(w("pPr"))
        p[0].append(w("pStyle", val=style))
    if text:
        run = etree.SubElement(p, W + "r")
        etree.SubElement(run, W + "t").text = text
    return p


def text(node) -> str:
    return "".join(t.text or "" for t in node.iter(W + "t"))


def body(root):
    return root.find(W + "body")


def style_of(p):
    style = p.find(f"{W}pPr/{W}pStyle")
    return style.get(W + "val") if style is not None else None


def only(problems, *words):
    """The one problem naming all of `words`; fails if there is not exactly one problem."""
    assert len(problems) == 1, problems
    assert all(word in problems[0] for word in words), problems[0]
    return problems[0]


@pytest.fixture(scope="module")
def abu_docx(built):
    docx = built(ABU_DHABI)["docx"]
    assert check_docx(docx) == []
    return docx


@pytest.fixture(scope="module")
def figures_docx(built):
    docx = built(FIGURES)["docx"]
    assert check_docx(docx) == []
    return docx


def first_drawing(root, kind: str):
    """The wp:docPr of the first picture or chart."""
    for doc_pr in root.iter(WP + "docPr"):
        data = doc_pr.getparent().find(".//{*}graphicData")
        if data.get("uri").endswith("/" + ("chart" if kind == "chart" else "picture")):
            return doc_pr
    raise AssertionError(f"no {kind} in the file")


def caption_above(doc_pr) -> str:
    p = next(doc_pr.iterancestors(W + "p"))
    return text(p.getprevious())


@pytest.mark.parametrize("kind", ["picture", "chart"])
def test_a_drawing_without_alt_text(figures_docx, tmp_path, kind):
    with zipfile.ZipFile(figures_docx) as z:
        caption = caption_above(first_drawing(etree.fromstring(z.read("word/document.xml")),
                                              kind))
    assert caption.startswith("Figure ")

    def edit(root):
        first_drawing(root, kind).set("descr", "  ")
    only(check_docx(edited(figures_docx, tmp_path, edit)), f"the {kind} under caption",
         caption[:20], "no alt text")


def test_a_drawing_marked_decorative_needs_no_alt_text(figures_docx, tmp_path):
    adec = "http://schemas.microsoft.com/office/drawing/2017/decorative"

    def edit(root):
        doc_pr = first_drawing(root, "picture")
        doc_pr.attrib.pop("descr")
        ext = etree.SubElement(etree.SubElement(
            doc_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst"),
            "{http://schemas.openxmlformats.org/drawingml/2006/main}ext",
            uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
        etree.SubElement(ext, f"{{{adec}}}decorative", val="1")
    assert check_docx(edited(figures_docx, tmp_path, edit)) == []


def test_a_floating_picture(figures_docx, tmp_path):
    def edit(root):
        frame = first_drawing(root, "picture").getparent()
        frame.tag = WP + "anchor"
    only(check_docx(edited(figures_docx, tmp_path, edit)), "floats", "wp:anchor",
         "under caption 'Figure ")


def test_no_document_language(abu_docx, tmp_path):
    def edit(root):
        lang = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        lang.getparent().remove(lang)
    only(check_docx(edited(abu_docx, tmp_path, edit, "word/styles.xml")),
         "document language is not set", "docDefaults")


def test_a_style_with_an_empty_language(abu_docx, tmp_path):
    def edit(root):
        heading = next(s for s in root.iter(W + "style") if s.get(W + "styleId") == "Heading1")
        heading.find(W + "rPr").append(w("lang", val=""))
    only(check_docx(edited(abu_docx, tmp_path, edit, "word/styles.xml")),
         "style 'heading 1'", "empty language")


def test_no_theme_font_language(abu_docx, tmp_path):
    with zipfile.ZipFile(abu_docx) as z:
        settings = etree.fromstring(z.read("word/settings.xml"))
    assert settings.find(W + "themeFontLang").get(W + "val") == "en-GB"  # as Word writes it

    def edit(root):
        root.remove(root.find(W + "themeFontLang"))
    only(check_docx(edited(abu_docx, tmp_path, edit, "word/settings.xml")),
         "w:themeFontLang")

    def other(root):
        root.find(W + "themeFontLang").set(W + "val", "fr-FR")
    only(check_docx(edited(abu_docx, tmp_path, other, "word/settings.xml", "other.docx")),
         "fr-FR", "en-GB")


def test_no_title_in_the_core_properties(abu_docx, tmp_path):
    def edit(root):
        root.find(DC + "title").text = ""
    only(check_docx(edited(abu_docx, tmp_path, edit, "docProps/core.xml")),
         "core properties have no title")


def first_table(root):
    return body(root).find(W + "tbl")


def test_a_table_without_a_header_row(abu_docx, tmp_path):
    def edit(root):
        header = first_table(root).find(f"{W}tr/{W}trPr/{W}tblHeader")
        header.getparent().remove(header)
    only(check_docx(edited(abu_docx, tmp_path, edit)), "no header row",
         "the table under caption 'Table 1: ")


def test_a_header_row_turned_off_is_no_header_row(abu_docx, tmp_path):
    def edit(root):
        first_table(root).find(f"{W}tr/{W}trPr/{W}tblHeader").set(W + "val", "0")
    only(check_docx(edited(abu_docx, tmp_path, edit)), "no header row")


def test_a_one_row_table_is_a_layout_table(abu_docx, tmp_path):
    def edit(root):
        table = first_table(root)
        for row in table.findall(W + "tr")[1:]:
            table.remove(row)
    only(check_docx(edited(abu_docx, tmp_path, edit)), "has one row", "layout",
         "'Table 1: ")


def test_a_one_cell_table_is_a_layout_table(abu_docx, tmp_path):
    def edit(root):
        table = w("tbl")
        table.append(w("tblPr"))
        cell = etree.SubElement(etree.SubElement(table, W + "tr"), W + "tc")
        cell.append(paragraph("Boxed text"))
        heading = next(p for p in body(root).iter(W + "p") if style_of(p) == "Heading1")
        heading.addnext(table)
    only(check_docx(edited(abu_docx, tmp_path, edit)), "has one cell", "layout",
         "'Boxed text'")


def test_a_table_without_its_caption(abu_docx, tmp_path):
    def edit(root):
        caption = first_table(root).find(f"{W}tblPr/{W}tblCaption")
        caption.getparent().remove(caption)
    only(check_docx(edited(abu_docx, tmp_path, edit)), "no caption tied", "w:tblCaption",
         "'Table 1: ")


def test_a_table_caption_that_is_not_the_one_above(abu_docx, tmp_path):
    def edit(root):
        first_table(root).find(f"{W}tblPr/{W}tblCaption").set(W + "val", "Something else")
    only(check_docx(edited(abu_docx, tmp_path, edit)), "'Something else'",
         "is not the caption above it", "'Table 1: ")


def test_a_heading_that_skips_a_level(abu_docx, tmp_path):
    def edit(root):
        heading = next(p for p in body(root).iter(W + "p") if style_of(p) == "Heading1")
        heading.addnext(paragraph("A skipped level", "Heading3"))
    only(check_docx(edited(abu_docx, tmp_path, edit)), "'A skipped level'", "Heading 3",
         "after Heading 1")


def test_a_document_starting_below_heading_1(abu_docx, tmp_path):
    def edit(root):
        for p in body(root).iter(W + "p"):
            if style_of(p) == "Heading1":
                p.find(f"{W}pPr/{W}pStyle").set(W + "val", "Heading2")
                break
    only(check_docx(edited(abu_docx, tmp_path, edit)), "Heading 2",
         "first heading of the document")


def test_an_empty_paragraph_used_as_spacing(abu_docx, tmp_path):
    def edit(root):
        heading = next(p for p in body(root).iter(W + "p") if style_of(p) == "Heading1"
                       and text(p).startswith("1"))
        heading.getnext().addnext(paragraph())
    only(check_docx(edited(abu_docx, tmp_path, edit)), "empty paragraph", "spacing",
         "the paragraph after '")


def test_an_empty_paragraph_after_a_table_names_the_table(abu_docx, tmp_path):
    def edit(root):
        first_table(root).addnext(paragraph("", "Normal"))
    only(check_docx(edited(abu_docx, tmp_path, edit)), "empty paragraph",
         "after the table under caption 'Table 1: ")


def test_empty_paragraphs_that_are_not_spacing(abu_docx, tmp_path):
    """A page break, a field, a drawing, the section's end, the paragraph Word needs
    after a table that ends the body or between two tables: none is spacing."""
    def edit(root):
        where = body(root)
        heading = next(p for p in where.iter(W + "p") if style_of(p) == "Heading1")
        broken = paragraph()
        etree.SubElement(etree.SubElement(broken, W + "r"), W + "br").set(W + "type", "page")
        heading.addprevious(broken)
        field = paragraph()
        field.append(w("fldSimple", instr="PAGE"))
        heading.addprevious(field)
        table = first_table(root)
        twin = copy.deepcopy(table)
        twin.find(f"{W}tblPr/{W}tblCaption").set(W + "val", "")  # no caption above it
        table.addnext(twin)
        twin.addprevious(paragraph())  # keeps the two tables apart
        last = copy.deepcopy(table)
        where.find(W + "sectPr").addprevious(last)
        where.find(W + "sectPr").addprevious(paragraph())  # the body's last paragraph
    problems = check_docx(edited(abu_docx, tmp_path, edit))
    assert not [p for p in problems if "empty paragraph" in p], problems


def test_a_hyperlink_without_text(abu_docx, tmp_path):
    def edit(root):
        link = next(body(root).iter(W + "hyperlink"))
        for t in link.iter(W + "t"):
            t.text = ""
    only(check_docx(edited(abu_docx, tmp_path, edit)), "hyperlink", "has no text")


def test_a_hyperlink_in_a_footnote_without_text(built, tmp_path):
    docx = built(ROOT / "tests" / "fixtures" / "notes.yaml")["docx"]
    with zipfile.ZipFile(docx) as z:
        notes = etree.fromstring(z.read("word/footnotes.xml"))
    if notes.find(f".//{W}hyperlink") is None:
        pytest.skip("the notes fixture has no link in a footnote")

    def edit(root):
        for t in next(root.iter(W + "hyperlink")).iter(W + "t"):
            t.text = ""
    only(check_docx(edited(docx, tmp_path, edit, "word/footnotes.xml")), "hyperlink",
         "has no text")


# ---------------------------------------------------------------- what the writer does

def fill(p, styles) -> str | None:
    """A paragraph's shading: its own, else its style's (or the style it is based on)."""
    shd = p.find(f"{W}pPr/{W}shd")
    ident = style_of(p)
    while shd is None and ident in styles:
        shd = styles[ident].find(f"{W}pPr/{W}shd")
        based = styles[ident].find(W + "basedOn")
        ident = based.get(W + "val") if based is not None else None
    return shd.get(W + "fill") if shd is not None else None


def test_boxes_in_a_row_stay_apart_without_an_empty_paragraph(abu_docx):
    """Two counterarguments in a row: the second is shaded one shade off, or Word and
    LibreOffice would draw one box (the empty paragraph that kept them apart is gone)."""
    with zipfile.ZipFile(abu_docx) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        styles = {s.get(W + "styleId"): s for s in
                  etree.fromstring(z.read("word/styles.xml")).iter(W + "style")}
    paragraphs = body(document).findall(W + "p")
    pairs = [(a, b) for a, b in zip(paragraphs, paragraphs[1:])
             if text(b) == "COUNTERARGUMENT" and fill(a, styles)]
    assert pairs, "no two boxes in a row in the brief"
    for a, b in pairs:
        assert fill(a, styles) != fill(b, styles)
        assert fill(a, styles)[:4] == fill(b, styles)[:4]
        space = b.find(f"{W}pPr/{W}spacing")
        assert space is not None and int(space.get(W + "before")) > 0


# ---------------------------------------------------------------- check and the CLI

def test_check_builds_and_checks_both_files():
    found = accessibility.check(str(NESTED), "memo")
    assert set(found) == {"pdf", "docx"}
    assert found["docx"] == []
    assert all(line.startswith(("PDF/UA-1 ", "PDF/A-2a ")) for line in found["pdf"])


def test_cli_check_accessibility_ok(monkeypatch, capsys):
    monkeypatch.setattr(accessibility, "check",
                        lambda outline, style=None: {"pdf": [], "docx": []})
    assert cli.main(["check", "--accessibility", str(NESTED)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out == f"{NESTED}: ok, the PDF passes PDF/UA-1 and PDF/A-2a and the DOCX " \
                  "Word's accessibility checks\n"


def test_cli_check_accessibility_builds_and_reports(capsys):
    status = cli.main(["check", "--accessibility", "--style", "memo", str(NESTED)])
    out, err = capsys.readouterr()
    problems = [line for line in err.splitlines() if "accessibility problem" not in line]
    assert status == (1 if problems else 0)
    assert not [line for line in problems if ": DOCX: " in line]
    assert all(line.startswith(f"{NESTED}: PDF/") for line in problems)
    assert (f"{NESTED}: ok" in out) == (not problems)


def test_cli_check_accessibility_prints_every_problem_and_fails(monkeypatch, capsys):
    monkeypatch.setattr(accessibility, "check", lambda outline, style=None: {
        "pdf": ["PDF/UA-1 RULE-1: broken (1 time)"],
        "docx": ["the core properties have no title (docProps/core.xml dc:title)"]})
    assert cli.main(["check", "--accessibility", "-q", str(NESTED), str(ABU_DHABI)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert lines[:3] == [
        f"{NESTED}: PDF/UA-1 RULE-1: broken (1 time)",
        f"{NESTED}: DOCX: the core properties have no title (docProps/core.xml dc:title)",
        f"{NESTED}: 2 accessibility problems (PDF 1, DOCX 1)"]
    assert len(lines) == 6 and lines[5].startswith(f"{ABU_DHABI}: 2 accessibility")


def test_cli_check_accessibility_of_a_broken_outline(tmp_path, capsys):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Small\nsections:\n  - {title: A, bogus: 1}\n", encoding="utf-8")
    assert cli.main(["check", "--accessibility", str(broken)]) == 1
    assert "1 error; nothing written" in capsys.readouterr().err
