"""The PDF's structure tree against the model: headings at their levels with their
text, tables with header cells and captions, figures with their alt text, every
footnote a Note, every link annotation tied to a Link element; and what a
screen reader would read, through poppler's `pdfinfo -struct-text`."""

from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest

from conftest import ABU_DHABI, ROOT, build, fold, require_tool

from briefgen.api import prepare
from briefgen.model import Figure, Heading, Table

OUTLINES = [ABU_DHABI, ROOT / "tests" / "fixtures" / "figures.yaml",
            ROOT / "tests" / "fixtures" / "notes.yaml"]


@pytest.fixture(scope="module", params=OUTLINES, ids=lambda p: p.stem)
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"tags-{request.param.stem}")
    pdf = build(request.param, out, "--format", "pdf")["pdf"]
    return {"pdf": pdf, "document": prepare(str(request.param)).document}


def _elements(pdf_path):
    """(role, attributes dict, depth) of every structure element, depth first."""
    out = []
    with pikepdf.open(pdf_path) as pdf:
        def walk(node, depth):
            kids = node.get("/K")
            if kids is None:
                return
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    attrs = {k: str(v) for k, v in kid.items() if k in ("/Alt", "/ID")}
                    out.append((str(kid.S)[1:], attrs, depth))
                    walk(kid, depth + 1)
        walk(pdf.Root.StructTreeRoot, 0)
    return out


def _struct_text(pdf_path) -> list:
    """poppler's reading of the tree: (role, text) for each element with text."""
    pdfinfo = require_tool("pdfinfo")
    lines = subprocess.run([pdfinfo, "-struct-text", str(pdf_path)], capture_output=True,
                           text=True, check=True).stdout.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"\s*(\w+)(?: \(\w+\))?:?$", line)
        if m and i + 1 < len(lines) and lines[i + 1].strip().startswith('"'):
            out.append((m.group(1), fold(lines[i + 1].strip().strip('"'))))
    return out


def test_headings_at_their_levels_with_their_text(built):
    """The model's headings, at their levels; besides them only the brief's title (H1)
    and the titles of the boxes and the contents (H2), before the first section."""
    read = [(role, text.replace(" ", "")) for role, text in _struct_text(built["pdf"])
            if re.fullmatch(r"H\d", role)]
    want = [(f"H{h.level}", fold(h.label).replace(" ", ""))
            for h in built["document"].walk() if isinstance(h, Heading)]
    for item in want:
        assert item in read, item
    at = [read.index(item) for item in want]
    assert at == sorted(at), "headings out of order"
    extra = [x for x in read if x not in want]
    title = fold(built["document"].meta.title).replace(" ", "")
    allowed = {("H1", title), ("H2", "Bottomline"), ("H2", "Keyjudgments"),
               ("H2", "Contents")}
    assert set(extra) <= allowed, extra
    assert read[0] == ("H1", title)


def test_tables_have_header_cells_and_captions(built):
    elements = _elements(built["pdf"])
    tables = [i for i, (role, _, _) in enumerate(elements) if role == "Table"]
    model = [t for t in built["document"].walk() if isinstance(t, Table)]
    assert len(tables) == len(model)
    for at, table in zip(tables, model):
        depth = elements[at][2]
        inside = []
        for role, _, d in elements[at + 1:]:
            if d <= depth:
                break
            inside.append(role)
        assert inside[0] == "Caption" and "TR" in inside
        assert ("TH" in inside) == (table.header_rows > 0)
    captions = [text for role, text in _struct_text(built["pdf"]) if role == "Caption"]
    for table in model:
        assert any(c.replace(" ", "") == fold(table.label).replace(" ", "") for c in captions)


def test_figures_carry_their_alt_text(built):
    figures = [attrs.get("/Alt") for role, attrs, _ in _elements(built["pdf"])
               if role == "Figure"]
    assert figures == [f.alt for f in built["document"].walk() if isinstance(f, Figure)]
    assert all(figures)


def test_every_note_is_a_note_element(built):
    ids = [attrs.get("/ID") for role, attrs, _ in _elements(built["pdf"]) if role == "Note"]
    assert ids == [n.id for n in built["document"].notes]


def test_every_link_is_tagged_and_described(built):
    with pikepdf.open(built["pdf"]) as pdf:
        links = [a for page in pdf.pages for a in page.get("/Annots") or []
                 if a.get("/Subtype") == "/Link"]
        assert links
        for annot in links:
            assert "/StructParent" in annot and str(annot.Contents).strip()
        tagged = sum(1 for role, _, _ in _elements(built["pdf"]) if role == "Link")
        assert tagged == len(links)
        for page in pdf.pages:
            if page.get("/Annots"):
                assert page.Tabs == "/S"


def test_document_entries(built):
    with pikepdf.open(built["pdf"]) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == built["document"].meta.language
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        xmp = pdf.Root.Metadata.read_bytes().decode()
        for needed in ("<pdfuaid:part>1</pdfuaid:part>", "<pdfaid:part>2</pdfaid:part>",
                       "<pdfaid:conformance>A</pdfaid:conformance>",
                       fold(built["document"].meta.title)):
            assert needed in xmp
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFA1"


def test_extracted_text_keeps_the_space_at_line_ends(built):
    """What a screen reader gets for each paragraph (the text of its P element) is
    the paragraph with a space wherever a line ended between two words."""
    read = {text.replace(" ", "") : text for role, text in _struct_text(built["pdf"])
            if role == "P"}
    body = [b for b in built["document"].walk() if getattr(b, "style", "") == "body"]
    checked = 0
    for block in body:
        para = fold("".join(s.text for s in block.inlines))
        got = read.get(para.replace(" ", ""))
        if got is not None and len(para) > 60:
            assert got == para
            checked += 1
    assert checked >= 1, checked


def test_a_long_brief_is_pdf_ua_and_pdf_a(tmp_path):
    """Extreme size: the Abu Dhabi brief five times over (about 90 pages, thousands of
    structure elements), through the offline validator."""
    import sys

    import yaml

    from briefgen.accessibility import check_pdf
    sys.path.insert(0, str(ROOT / "tests" / "bench"))
    import outlines
    base = yaml.safe_load(ABU_DHABI.read_text(encoding="utf-8"))
    long = tmp_path / "long.yaml"
    long.write_text(yaml.safe_dump(outlines.repeated(base, 5), allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    (tmp_path / "outline.schema.json").write_text("{}", encoding="utf-8")
    pdf = build(long, tmp_path / "out", "--format", "pdf")["pdf"]
    assert len(_elements(pdf)) > 3000
    assert check_pdf(pdf) == []


def test_the_structure_tree_is_packed_in_object_streams(abu_dhabi):
    """The tags are thousands of small objects: packed into compressed object streams
    they keep the brief's PDF small (without them it is more than twice the size)."""
    data = abu_dhabi["pdf"].read_bytes()
    assert b"/ObjStm" in data and len(data) < 250_000, len(data)
