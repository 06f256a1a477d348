"""What readers other than Word make of the DOCX (pandoc, mammoth, docx2python),
and the WordprocessingML they depend on."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from briefgen import __version__
from briefgen.model import Box, ListBlock, Table
from briefgen.writers.docx.ooxml import PPR_ORDER, TBLPR_ORDER
from conftest import ABU_DHABI, BRIEFING, ROOT, build, docx_blocks, require_tool

NESTED = ROOT / "tests" / "fixtures" / "nested-lists.yaml"
BRIEFS = sorted(BRIEFING.glob("*.yaml"))
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1],
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """outline -> its built files, each outline built once for this module."""
    cache: dict = {}

    def get(outline):
        if outline not in cache:
            cache[outline] = build(outline, tmp_path_factory.mktemp(outline.stem))
        return cache[outline]
    return get


def model(outline):
    from briefgen.api import prepare
    return prepare(str(outline)).document


# ---------------------------------------------------------------- pandoc

def pandoc_json(path) -> dict:
    pandoc = require_tool("pandoc")
    done = subprocess.run([pandoc, "-f", "docx", "-t", "json", str(path)], check=True,
                          capture_output=True, timeout=120)
    return json.loads(done.stdout)


def nodes(tree, kind: str):
    """Every pandoc AST node of type `kind`, depth first."""
    if isinstance(tree, dict):
        if tree.get("t") == kind:
            yield tree
        for value in tree.values():
            yield from nodes(value, kind)
    elif isinstance(tree, list):
        for value in tree:
            yield from nodes(value, kind)


def plain(tree) -> str:
    """The text of some pandoc inlines or blocks."""
    if isinstance(tree, dict):
        if tree.get("t") == "Str":
            return tree["c"]
        if tree.get("t") in ("Space", "SoftBreak", "LineBreak"):
            return " "
        return plain(tree.get("c", []))
    if isinstance(tree, list):
        return "".join(plain(x) for x in tree)
    return ""


def fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("outline", BRIEFS + [NESTED], ids=lambda p: p.name)
def test_pandoc_sees_data_tables_with_captions_and_no_boxes_as_tables(built, outline):
    ast = pandoc_json(built(outline)["docx"])
    tables = list(nodes(ast["blocks"], "Table"))
    expected = [b for b in model(outline).walk() if isinstance(b, Table)]
    assert len(tables) == len(expected) > 0
    for table, want in zip(tables, expected):
        _, caption, _, head, bodies, _ = table["c"]
        body_rows = sum(len(body[2]) + len(body[3]) for body in bodies)
        assert body_rows >= 1, f"{want.label}: a table with no body (a box read as a table?)"
        assert len(head[1]) == want.header_rows
        assert fold(plain(caption[1])) == fold(want.label)


@pytest.mark.parametrize("outline", BRIEFS + [NESTED], ids=lambda p: p.name)
def test_pandoc_reads_title_subtitle_authors_and_date(built, outline):
    meta = pandoc_json(built(outline)["docx"])["meta"]
    document = model(outline)
    cover = document.blocks[0]
    assert {"title", "subtitle", "author", "date"} <= set(meta), sorted(meta)
    assert fold(plain(meta["title"])) == fold(document.meta.title)
    assert fold(plain(meta["subtitle"])) == fold(document.meta.subtitle)
    assert fold(plain(meta["date"])) == document.meta.date_text
    authors = meta["author"]["c"] if meta["author"]["t"] == "MetaList" else [meta["author"]]
    assert [fold(plain(a)) for a in authors] == [fold(a) for a in cover.authors]


def _item_kinds(lst) -> list:
    """For each item of a pandoc list, the kinds of lists nested in it."""
    items = lst["c"][1] if lst["t"] == "OrderedList" else lst["c"]
    return [[b["t"] for b in item if b["t"] in ("OrderedList", "BulletList")] for item in items]


def test_pandoc_nests_lists_inside_their_items(built):
    blocks = pandoc_json(built(NESTED)["docx"])["blocks"]
    top = [b for b in blocks if b["t"] in ("OrderedList", "BulletList")]
    document = model(NESTED)
    assert len(top) == len(list(_top_lists(document.blocks))), \
        "a nested list came out as a list of its own"
    key_points, steps, from_three, bullets, boxed = top
    assert [b["t"] for b in top] == ["BulletList", "OrderedList", "OrderedList", "BulletList",
                                     "OrderedList"]
    assert _item_kinds(steps) == [["OrderedList"], ["BulletList"], []]
    assert steps["c"][0][0] == 1
    assert from_three["c"][0][0] == 3 and _item_kinds(from_three) == [[], ["OrderedList"]]
    assert _item_kinds(bullets) == [["OrderedList"], []]
    assert _item_kinds(boxed) == [["OrderedList"], []]  # in the counterargument box
    inner = [b for b in steps["c"][1][0] if b["t"] == "OrderedList"][0]
    assert [fold(plain(i)) for i in inner["c"][1]] == ["Fix the date.", "Fix the venue."]


def _top_lists(blocks):
    for block in blocks:
        if isinstance(block, ListBlock):
            yield block
        elif isinstance(block, Box):
            for _, part in block.parts:
                yield from _top_lists(part)


# ---------------------------------------------------------------- the XML

def part(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def styles_by_id(path) -> dict:
    root = part(path, "word/styles.xml")
    return {s.get(W + "styleId"): s for s in root.iter(W + "style")}


def style_name(style) -> str:
    return style.find(W + "name").get(W + "val")


def first_page_header(path) -> str:
    """The part name of the cover's (first-page) header."""
    section = part(path, "word/document.xml").find(f"{W}body/{W}sectPr")
    rid = section.find(f"{W}headerReference[@{W}type='first']").get(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    rels = part(path, "word/_rels/document.xml.rels")
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    return "word/" + target


def body_paragraphs(path) -> list:
    return list(part(path, "word/document.xml").iter(W + "p"))


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(W + "t"))


def style_of(p) -> str | None:
    node = p.find(f"{W}pPr/{W}pStyle")
    return node.get(W + "val") if node is not None else None


def num_pr(p):
    node = p.find(f"{W}pPr/{W}numPr")
    if node is None:
        return None
    return (int(node.find(W + "numId").get(W + "val")), int(node.find(W + "ilvl").get(W + "val")))


def _is_list_style(name: str) -> bool:
    return bool(re.search(r"List (Bullet|Number)", name))


@pytest.mark.parametrize("outline", [ABU_DHABI, NESTED], ids=lambda p: p.name)
def test_every_list_item_names_its_numbering(built, outline):
    docx = built(outline)["docx"]
    styles = styles_by_id(docx)
    items = [p for p in body_paragraphs(docx)
             if _is_list_style(style_name(styles[style_of(p)]))]
    expected = sum(len(b.items) for b in model(outline).walk() if isinstance(b, ListBlock))
    assert len(items) == expected > 0
    for p in items:
        assert num_pr(p) is not None, text(p)


def test_nested_items_are_the_next_level_of_their_list(built):
    docx = built(NESTED)["docx"]
    by_text = {text(p): p for p in body_paragraphs(docx)}
    numbering = part(docx, "word/numbering.xml")
    nums = {int(n.get(W + "numId")): n for n in numbering.iter(W + "num")}
    abstracts = {a.get(W + "abstractNumId"): a for a in numbering.iter(W + "abstractNum")}

    def level(num_id: int, ilvl: int):
        abstract = abstracts[nums[num_id].find(W + "abstractNumId").get(W + "val")]
        return abstract.find(f"{W}lvl[@{W}ilvl='{ilvl}']")

    for parent, child in [("Agree on an agenda.", "Fix the date."),
                          ("Third.", "Fourth, first part."),
                          ("A bullet list", "with a numbered list inside"),
                          ("Signing first,", "then the agenda,")]:
        (parent_num, parent_level), (num, ilvl) = num_pr(by_text[parent]), num_pr(by_text[child])
        assert parent_level == 0 and ilvl == 1, child
        assert num == parent_num, f"{child!r} is not in {parent!r}'s list"
        lvl = level(num, 1)
        assert lvl.find(W + "numFmt").get(W + "val") == "decimal"
        ind = lvl.find(f"{W}pPr/{W}ind")
        assert int(ind.get(W + "left")) > int(level(num, 0).find(f"{W}pPr/{W}ind").get(W + "left"))
    # a bullet list under a numbered item: the next level too, defined as bullets
    num, ilvl = num_pr(by_text["all at once, or"])
    assert ilvl == 1 and level(num, 1).find(W + "numFmt").get(W + "val") == "bullet"
    # each top-level numbered list restarts at its own first number
    third, _ = num_pr(by_text["Third."])
    start = nums[third].find(f"{W}lvlOverride[@{W}ilvl='0']/{W}startOverride")
    assert start.get(W + "val") == "3"
    assert level(third, 0).find(W + "start").get(W + "val") == "3"
    assert num_pr(by_text["Agree on an agenda."])[0] != third


def test_boxes_are_ruled_shaded_paragraphs_kept_together(built):
    docx = built(ABU_DHABI)["docx"]
    styles = styles_by_id(docx)
    document = part(docx, "word/document.xml")
    tables = document.findall(f"{W}body/{W}tbl")
    assert len(tables) == sum(isinstance(b, Table) for b in model(ABU_DHABI).walk())
    for tbl in tables:
        assert tbl.find(f"{W}tblPr/{W}tblStyle").get(W + "val") == "BriefTable"
        assert len(tbl.findall(W + "tr")) >= 2
    paragraphs = document.findall(f"{W}body/{W}p")
    start = next(i for i, p in enumerate(paragraphs) if text(p) == "Bottom line")
    box = []
    for p in paragraphs[start:]:
        if not style_name(styles[style_of(p)]).startswith("Brief Summary Box"):
            break
        box.append(p)
    assert [text(p) for p in box][:1] == ["Bottom line"] and len(box) > 5
    assert sum(num_pr(p) is not None for p in box) == 5  # the key points, in the box

    def frame(p):
        props = styles[style_of(p)].find(W + "pPr")
        return tuple(etree.tostring(props.find(W + tag)) for tag in ("pBdr", "shd"))
    assert len({frame(p) for p in box}) == 1, "the box's paragraphs have different frames"
    borders = styles[style_of(box[0])].find(f"{W}pPr/{W}pBdr")
    assert borders.find(W + "left").get(W + "color") == "1D4E7A"  # summary_rule
    for p in box[:-1]:
        assert p.find(f"{W}pPr/{W}keepNext") is not None, text(p)
    labels = [p for p in paragraphs if text(p) == "COUNTERARGUMENT"]
    assert labels and all(style_name(styles[style_of(p)]) == "Brief Callout Box Label"
                          for p in labels)


@pytest.mark.parametrize("outline", [ABU_DHABI, NESTED], ids=lambda p: p.name)
def test_captions_are_numbered_by_seq_fields_and_tied_to_their_tables(built, outline):
    docx = built(outline)["docx"]
    styles = styles_by_id(docx)
    document = part(docx, "word/document.xml")
    captions = [p for p in document.iter(W + "p")
                if style_name(styles[style_of(p)]).lower() == "caption"]
    assert captions
    counts = {"Table": 0, "Figure": 0}
    for p in captions:
        code = "".join(t.text for t in p.iter(W + "instrText")).strip()
        kind = code.split()[1]
        assert code == f"SEQ {kind} \\* ARABIC" and kind in counts
        counts[kind] += 1
        n = counts[kind]
        result = p.xpath("w:r[w:fldChar/@w:fldCharType='separate']/following-sibling::w:r[w:t][1]",
                         namespaces=NS)
        assert text(result[0]) == str(n)
        assert text(p).startswith(f"{kind} {n}: ")
        following = p.getnext()
        if kind == "Table":
            assert following.tag == W + "tbl"
            assert following.find(f"{W}tblPr/{W}tblCaption").get(W + "val") == text(p)
        else:  # the figure's drawing, with its alt text
            drawing = following.find(f".//{{{NS['wp']}}}docPr")
            assert following.tag == W + "p" and drawing is not None and drawing.get("descr")
    assert counts["Table"] >= 1


def test_app_properties_are_ours(built):
    files = built(ABU_DHABI)
    app = part(files["docx"], "docProps/app.xml")
    ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    value = {child.tag.replace(ep, ""): child.text for child in app}
    assert value["Application"] == f"briefgen {__version__}"
    assert int(value["Pages"]) == len(PdfReader(str(files["pdf"])).pages)
    words = sum(len(block.split()) for block in docx_blocks(files["docx"]))
    assert int(value["Words"]) == words > 3000
    assert int(value["Characters"]) > int(value["Words"]) * 3
    assert value["Company"] == "Briefgen Example Institute"


def test_no_template_leftovers(built):
    docx = built(ABU_DHABI)["docx"]
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
        listed = z.read("[Content_Types].xml").decode() + z.read("_rels/.rels").decode() + \
            z.read("word/_rels/document.xml.rels").decode()
    assert not [n for n in names if "thumbnail" in n or n.endswith(".jpeg")]
    assert "thumbnail" not in listed and "jpeg" not in listed
    assert "stylesWithEffects" not in listed and "word/stylesWithEffects.xml" not in names
    settings = part(docx, "word/settings.xml")
    assert settings.find(W + "savePreviewPicture") is None


def test_used_styles_come_from_the_theme_alone(built):
    docx = built(ABU_DHABI)["docx"]
    styles = styles_by_id(docx)
    title, subtitle = styles["Title"], styles["Subtitle"]
    assert title.find(f"{W}pPr/{W}pBdr") is None, "the template's rule under the title"
    assert title.find(f"{W}pPr/{W}contextualSpacing") is None
    assert subtitle.find(f"{W}rPr/{W}spacing") is None, "the template's letter spacing"
    assert subtitle.find(f"{W}pPr/{W}numPr") is None
    used = set()
    for name in ("word/document.xml", "word/header1.xml", "word/header2.xml",
                 "word/footer1.xml", "word/footer2.xml"):
        root = part(docx, name)
        used |= {n.get(W + "val") for n in root.iter(W + "pStyle", W + "rStyle", W + "tblStyle")}
    chain = set()
    for ident in used:
        while ident and ident not in chain:
            chain.add(ident)
            based = styles[ident].find(W + "basedOn")
            ident = based.get(W + "val") if based is not None else None
    for ident in chain:
        xml = etree.tostring(styles[ident]).decode()
        assert "4F81BD" not in xml.upper() and not re.search(r'w:\w*[tT]heme\w*="', xml), ident


def test_language_and_hyphenation(built):
    docx = built(ABU_DHABI)["docx"]
    styles_xml = part(docx, "word/styles.xml")
    lang = styles_xml.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang.get(W + "val") == model(ABU_DHABI).meta.language == "en-GB"
    settings = part(docx, "word/settings.xml")
    assert settings.find(W + "autoHyphenation") is not None
    styles = styles_by_id(docx)

    def hyphenates(ident):
        node = styles[ident].find(f"{W}pPr/{W}suppressAutoHyphens")
        return node is not None and node.get(W + "val") in ("0", "false")
    # no style hyphenates by itself: words too wide for a table column carry optional
    # hyphens where the PDF breaks them (test_docx_breaks_only_too_wide_words_at_the_pdfs_points)
    for ident in ("BriefTableCell", "Normal", "Heading1", "Caption"):
        assert not hyphenates(ident), ident


def test_docx_breaks_only_too_wide_words_at_the_pdfs_points(built):
    """Table text: optional hyphens (w:softHyphen) only in words wider than their
    column, at the hyphenation points the PDF may use; other words wrap whole."""
    from briefgen.hyphenate import hyphenator
    docx = built(ROOT / "tests" / "fixtures" / "narrow-columns.yaml")["docx"]
    root = part(docx, "word/document.xml")
    broken = []
    for run in root.iter(W + "r"):
        pieces, word = [], ""
        for child in run:
            if child.tag == W + "t":
                word += child.text or ""
            elif child.tag == W + "softHyphen":
                pieces.append(word)
        if pieces:
            broken.append((word, pieces))
    assert broken, "no word is broken in a table of eight narrow columns"
    hy = hyphenator("en-GB")
    for text, heads in broken:
        for head in heads:
            left, right = head.split()[-1], text[len(head):].split()[0]
            word = left + right
            assert left[-1:].isalpha() and right[:1].isalpha(), (word, left)
            # at a hyphenation point, or (a column narrower than the word's first
            # syllable) anywhere once the word has none that fits
            assert any(h == left for h, _ in hy(word)) or len(left) >= 2, (word, left)
    # the table cells of the Abu Dhabi brief are wide enough: nothing breaks there
    abu = part(built(ABU_DHABI)["docx"], "word/document.xml")
    assert abu.find(f".//{W}softHyphen") is None


def test_cover_lines_in_title_subtitle_date_author_styles(built):
    docx = built(ABU_DHABI)["docx"]
    styles = styles_by_id(docx)
    first = [style_name(styles[style_of(p)]) for p in body_paragraphs(docx)[:4]]
    assert first == ["Title", "Subtitle", "Date", "Author"]
    header = part(docx, first_page_header(docx))
    lines = {style_name(styles[style_of(p)]): text(p) for p in header.iter(W + "p")}
    assert lines["Brief Organization"] == "BRIEFGEN EXAMPLE INSTITUTE"
    assert lines["Brief Marking Band"] == "UNCLASSIFIED // PUBLIC RELEASE"


def test_cover_marking_band_reaches_the_page_edges(built):
    docx = built(ABU_DHABI)["docx"]
    band = styles_by_id(docx)["BriefMarkingBand"]
    ind = band.find(f"{W}pPr/{W}ind")
    section = part(docx, "word/document.xml").find(f"{W}body/{W}sectPr/{W}pgMar")
    assert int(ind.get(W + "left")) == -int(section.get(W + "left"))
    assert int(ind.get(W + "right")) == -int(section.get(W + "right"))
    assert band.find(f"{W}pPr/{W}shd").get(W + "fill") == "8A1C1C"  # the theme's marking


@pytest.mark.parametrize("outline", [ABU_DHABI, NESTED], ids=lambda p: p.name)
def test_properties_in_schema_order(built, outline):
    """Word refuses a file whose paragraph or table properties are out of order."""
    docx = built(outline)["docx"]
    with zipfile.ZipFile(docx) as z:
        names = [n for n in z.namelist() if re.match(r"word/(document|styles|numbering|header"
                                                      r"\d*|footer\d*)\.xml$", n)]
    for name in names:
        root = part(docx, name)
        for props, order in [(root.iter(W + "pPr"), PPR_ORDER),
                             (root.iter(W + "tblPr"), TBLPR_ORDER)]:
            for node in props:
                ranks = [order.index(child.tag.replace(W, "")) for child in node]
                assert ranks == sorted(ranks), (name, [c.tag.replace(W, "") for c in node])


# ---------------------------------------------------------------- mammoth, docx2python

def test_mammoth_reads_the_title_as_a_heading_and_boxes_as_text(built):
    mammoth = pytest.importorskip("mammoth")
    with open(built(ABU_DHABI)["docx"], "rb") as fh:
        html = mammoth.convert_to_html(fh).value
    assert html.startswith('<h1 class="title">The Failure of the Abu Dhabi Talks</h1>')
    assert html.count("<table>") == sum(isinstance(b, Table) for b in model(ABU_DHABI).walk())
    assert "<p>Bottom line</p>" in html


def test_docx2python_numbers_and_bullets_every_item(built):
    docx2python = pytest.importorskip("docx2python")
    with docx2python.docx2python(str(built(NESTED)["docx"])) as content:
        lines = [line.strip() for line in content.text.splitlines() if line.strip()]
    for marker, item in [("1)", "Agree on an agenda."), ("1)", "Fix the date."),
                         ("2)", "Fix the venue."), ("3)", "Third."), ("4)", "Fourth."),
                         ("1)", "Fourth, first part."), ("--", "all at once, or"),
                         ("--", "First point. Short.")]:
        assert f"{marker}\t{item}" in lines, item
