"""Footnotes in the DOCX: Word's own footnotes part (the two separators, then one
note per footnote, in number order), a footnote reference at each mark, Word's
Footnote Text and Footnote Reference styles from the theme, links in notes,
and what pandoc, mammoth and LibreOffice make of them."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
import subprocess
import zipfile
from collections import Counter

import pytest
from lxml import etree

from conftest import ABU_DHABI, build, fold, require_tool, soffice_to_pdf

from briefgen.api import prepare

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"

# every place a note can be marked; the notes as a reader sees them, in number order
OUTLINE = """\
title: Notes everywhere
date: 2026-03-02
organization: Example Institute
summary: |
  The talks stalled, as most such talks do.^[A note in the summary, with *emphasis* in it.]
key_points:
  - "**Territory.** Neither side moved."
sections:
  - id: opening
    title: Opening
    body: |
      The talks opened in a cold hall.^[A first note in the body.] Both sides read
      statements prepared at home.^[A second note, citing [@report, p. 3] and
      [@memo, pp. 2–4], with *emphasis* and **strong** words.]

      The mediators met each delegation alone.^[A note with a link to
      [the institute](https://example.org/institute) and to [the opening](#opening).]

      - A list item with a note.^[A note in a list item.]
      - Another item.^[A second note in a list, citing [@memo].]
        - A nested item.^[A note in a nested item.]

      > A quotation from a delegate.^[A note in a block quote.]
    tables:
      - caption: Notes in cells
        columns: [Item, Value]
        rows:
          - ["Alpha^[A note in a cell.]", 1]
          - ["Beta^[Another cell's note, citing [@report, para. 2].]", 2]
        notes: |
          Figures are rounded.^[A note in a table's notes.]
    counterarguments:
      - claim: The talks built channels.^[A note in a counterargument's claim.]
        response: |
          Channels changed nothing.^[A note in a counterargument's response, citing
          [@report, p. 9].]
  - id: later
    title: Later rounds
    body: |
      The second round was shorter.^[A note in the second section.] It ended early.^[A
      note that is long enough to wrap over two or three lines at the foot of the page, as
      the notes of a research brief often are, with a citation [@memo, p. 7] at its end.]

      Parties then went home.^[Another plain note.] Nothing moved.^[Yet another plain
      note.] Observers were not surprised.^[A note about observers.]
      The press was gloomy.^[A note about the press.] The diplomats were
      not.^[A note about the diplomats, citing [@report, p. 3].] Markets
      shrugged.^[A note about the markets.] Life went on.^[A last note in the body.]
statistics:
  - id: losses
    label: Area lost in a month
    value: 400
    unit: km²
    source: report
    note: The figure is an estimate.^[A statistic's note.]
  - id: talks
    label: Rounds of talks
    value: 2
    note: Both in Abu Dhabi.^[A second statistic's note, with *emphasis*.]
timeline:
  - date: 2026-01-23
    title: First round
    detail: It lasted two days.^[A timeline event's note.]
    source: report
  - date: 2026-02-04
    title: Second round
    detail: It lasted two days too.^[A second event's note, citing [@memo, p. 1].]
sources:
  - {id: report, title: A report on the talks, publisher: Example Institute, date: 2026-01,
     url: "https://example.org/report"}
  - {id: memo, title: A memorandum, publisher: Example Ministry, date: 2026-02}
"""
NOTES = [
    "A note in the summary, with emphasis in it.",
    "A first note in the body.",
    "A second note, citing [1, p. 3] and [2, pp. 2–4], with emphasis and strong words.",
    "A note with a link to the institute and to the opening.",
    "A note in a list item.",
    "A second note in a list, citing [2].",
    "A note in a nested item.",
    "A note in a block quote.",
    "A note in a cell.",
    "Another cell’s note, citing [1, para. 2].",
    "A note in a table’s notes.",
    "A note in a counterargument’s claim.",
    "A note in a counterargument’s response, citing [1, p. 9].",
    "A note in the second section.",
    "A note that is long enough to wrap over two or three lines at the foot of the page, "
    "as the notes of a research brief often are, with a citation [2, p. 7] at its end.",
    "Another plain note.",
    "Yet another plain note.",
    "A note about observers.",
    "A note about the press.",
    "A note about the diplomats, citing [1, p. 3].",
    "A note about the markets.",
    "A last note in the body.",
    "A statistic’s note.",
    "A second statistic’s note, with emphasis.",
    "A timeline event’s note.",
    "A second event’s note, citing [2, p. 1].",
]
# citations as footnotes: a figure’s source line and a statistic's source are notes too
FOOTNOTE_CITATIONS = """\
title: Footnote citations
date: 2026-03-02
citations: footnotes
sections:
  - id: opening
    title: Opening
    body: |
      The talks opened in a cold hall [@report, p. 3]. They ended early.^[A plain note
      beside the citations.] Nobody was surprised [@memo].
    figures:
      - caption: Rounds of talks and area lost
        chart: {type: bar, stats: [losses, talks]}
        source: report
statistics:
  - {id: losses, label: Area lost, value: 400, source: memo}
  - {id: talks, label: Rounds of talks, value: 2}
sources:
  - {id: report, title: A report on the talks, publisher: Example Institute, date: 2026-01,
     url: "https://example.org/report"}
  - {id: memo, title: A memorandum, publisher: Example Ministry, date: 2026-02}
"""


def _built(folder, name: str, text: str | None) -> dict:
    if text is None:
        outline = ABU_DHABI
    else:
        outline = folder / f"{name}.yaml"
        outline.write_text(text, encoding="utf-8")
    paths = build(outline, folder / "out")
    notes = prepare(str(outline)).document.notes
    texts = [fold("".join(s.text for b in n.blocks for s in b.inlines)) for n in notes]
    return {"outline": outline, "docx": paths["docx"], "texts": texts, "folder": folder}


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("many-notes"), "many-notes", OUTLINE)


@pytest.fixture(scope="module")
def cited(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("cited-notes"), "cited-notes", FOOTNOTE_CITATIONS)


@pytest.fixture(scope="module")
def abu(tmp_path_factory):
    return _built(tmp_path_factory.mktemp("abu-notes"), "abu", None)


@pytest.fixture(params=["many", "cited", "abu"])
def brief(request):
    return request.getfixturevalue(request.param)


def xml(path, name: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(name))


def notes_of(path) -> list:
    return list(xml(path, "word/footnotes.xml").iter(W + "footnote"))


def text(node) -> str:
    return "".join(t.text or "" for t in node.iter(W + "t"))


# ---------------------------------------------------------------- the model

def test_the_outline_has_its_notes_in_reading_order(many, cited, abu):
    assert many["texts"] == NOTES
    assert len(abu["texts"]) == 2 and abu["texts"][0].startswith("Donbas here means")
    assert cited["texts"][1] == "A plain note beside the citations."
    # two in the text, one beside them; a figure's or statistic's source is a short
    # reference in place, not a note
    assert len(cited["texts"]) == 3


# ---------------------------------------------------------------- the package

def test_footnotes_part_is_related_from_the_document(brief):
    with zipfile.ZipFile(brief["docx"]) as z:
        types = etree.fromstring(z.read("[Content_Types].xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_TYPE
    targets = [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_REL]
    assert targets == ["footnotes.xml"]


def test_separators_then_every_note_in_order(brief):
    notes = notes_of(brief["docx"])
    separator, continuation = notes[:2]
    assert (separator.get(W + "id"), separator.get(W + "type")) == ("-1", "separator")
    assert separator.find(f"{W}p/{W}r/{W}separator") is not None
    assert (continuation.get(W + "id"), continuation.get(W + "type")) == \
        ("0", "continuationSeparator")
    assert continuation.find(f"{W}p/{W}r/{W}continuationSeparator") is not None
    real = notes[2:]
    assert [n.get(W + "id") for n in real] == [str(i) for i in range(1, len(brief["texts"]) + 1)]
    assert all(n.get(W + "type") is None for n in real)
    assert [fold(text(n)) for n in real] == brief["texts"]


def test_each_note_starts_with_its_number_in_word_styles(brief):
    for note in notes_of(brief["docx"])[2:]:
        paragraphs = note.findall(W + "p")
        assert paragraphs
        for p in paragraphs:
            assert p.find(f"{W}pPr/{W}pStyle").get(W + "val") == "FootnoteText"
        first = paragraphs[0].find(W + "r")
        assert first.find(f"{W}rPr/{W}rStyle").get(W + "val") == "FootnoteReference"
        assert first.find(W + "footnoteRef") is not None
        gap = first.getnext()
        assert gap.find(W + "tab") is not None or (text(gap).startswith(" "))


def test_each_note_is_referenced_once_in_order(brief):
    document = xml(brief["docx"], "word/document.xml")
    refs = list(document.iter(W + "footnoteReference"))
    ids = [int(r.get(W + "id")) for r in refs]
    n = len(brief["texts"])
    assert Counter(ids) == Counter(range(1, n + 1))
    assert ids == sorted(ids), "Word numbers notes in the order of their references"
    for ref in refs:
        run = ref.getparent()
        assert run.tag == W + "r"
        assert run.find(f"{W}rPr/{W}rStyle").get(W + "val") == "FootnoteReference"
        assert run.find(W + "t") is None  # Word shows the number itself
    anchors = [a.get(W + "anchor") for a in document.iter(W + "hyperlink")]
    assert not [a for a in anchors if a and "_fn" in a], "a mark written as a link"


def test_settings_and_section_number_the_notes(brief):
    settings = xml(brief["docx"], "word/settings.xml")
    props = settings.find(W + "footnotePr")
    assert [f.get(W + "id") for f in props.findall(W + "footnote")] == ["-1", "0"]
    compat = settings.find(W + "compat")
    if compat is not None:
        assert list(settings).index(props) < list(settings).index(compat)
    sect = xml(brief["docx"], "word/document.xml").find(f"{W}body/{W}sectPr")
    props = sect.find(W + "footnotePr")
    assert props.find(W + "numFmt").get(W + "val") == "decimal"
    assert props.find(W + "numRestart").get(W + "val") == "continuous"
    tags = [c.tag.replace(W, "") for c in sect]
    assert tags.index("footnotePr") > max(i for i, t in enumerate(tags)
                                          if t in ("headerReference", "footerReference"))
    assert tags.index("footnotePr") < tags.index("pgSz")


def test_no_footnotes_part_without_notes(tmp_path):
    outline = tmp_path / "plain.yaml"
    outline.write_text("title: No notes\nsections:\n  - title: One\n    body: Just text.\n",
                       encoding="utf-8")
    docx = build(outline, tmp_path)["docx"]
    with zipfile.ZipFile(docx) as z:
        assert "word/footnotes.xml" not in z.namelist()
        assert b"footnotePr" not in z.read("word/settings.xml")


def test_rebuilds_are_byte_identical(many, tmp_path):
    again = build(many["outline"], tmp_path)["docx"]
    assert hashlib.sha256(again.read_bytes()).digest() == \
        hashlib.sha256(many["docx"].read_bytes()).digest()


# ---------------------------------------------------------------- links in notes

def test_links_in_notes_resolve(many, cited):
    for built in (many, cited):
        docx = built["docx"]
        document = xml(docx, "word/document.xml")
        bookmarks = {b.get(W + "name") for b in document.iter(W + "bookmarkStart")}
        notes = xml(docx, "word/footnotes.xml")
        links = list(notes.iter(W + "hyperlink"))
        assert links
        with zipfile.ZipFile(docx) as z:
            names = z.namelist()
            rels = etree.fromstring(z.read("word/_rels/footnotes.xml.rels")) \
                if "word/_rels/footnotes.xml.rels" in names else []
        external = {r.get("Id"): r for r in rels}
        for link in links:
            anchor, rid = link.get(W + "anchor"), link.get(R + "id")
            assert bool(anchor) != bool(rid)
            if anchor:
                assert anchor in bookmarks, anchor
            else:
                assert external[rid].get("TargetMode") == "External"
            assert link.find(f"{W}r/{W}rPr/{W}rStyle").get(W + "val") == "BriefLink"
    urls = {r.get("Target") for r in etree.fromstring(zipfile.ZipFile(many["docx"]).read(
        "word/_rels/footnotes.xml.rels"))}
    assert "https://example.org/institute" in urls
    document_rels = zipfile.ZipFile(many["docx"]).read("word/_rels/document.xml.rels")
    assert b"example.org/institute" not in document_rels  # only the note links to it


def test_citations_and_emphasis_in_notes(many):
    notes = notes_of(many["docx"])[2:]
    second = notes[2]
    cited = [fold(text(link)) for link in second.iter(W + "hyperlink")]
    assert cited == ["[1, p. 3]", "[2, pp. 2–4]"]
    italic = [text(r) for r in second.iter(W + "r") if r.find(f"{W}rPr/{W}i") is not None]
    bold = [text(r) for r in second.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
    assert italic == ["emphasis"] and bold == ["strong"]


# ---------------------------------------------------------------- styles

def test_footnote_styles_are_words_own_from_the_theme(many):
    styles = {s.get(W + "styleId"): s for s in xml(many["docx"], "word/styles.xml")
              .iter(W + "style")}
    theme = prepare(str(many["outline"])).theme
    look = theme.style("footnote")
    text_style = styles["FootnoteText"]
    assert text_style.get(W + "type") == "paragraph"
    assert text_style.find(W + "name").get(W + "val") == "footnote text"
    assert text_style.get(W + "customStyle") in (None, "0")
    spacing = text_style.find(f"{W}pPr/{W}spacing")
    assert spacing.get(W + "lineRule") == "exact"
    assert int(spacing.get(W + "line")) == round(look.leading * 20)
    assert int(text_style.find(f"{W}rPr/{W}sz").get(W + "val")) == round(look.size * 2)
    assert text_style.find(f"{W}rPr/{W}color").get(W + "val") == look.color.lstrip("#").upper()
    fonts = text_style.find(f"{W}rPr/{W}rFonts")
    assert fonts.get(W + "ascii") == theme.family
    ind = text_style.find(f"{W}pPr/{W}ind")
    assert int(ind.get(W + "hanging")) > 0  # the number hangs, as in the PDF
    ref = styles["FootnoteReference"]
    assert ref.get(W + "type") == "character"
    assert ref.find(W + "name").get(W + "val") == "footnote reference"
    assert ref.find(f"{W}rPr/{W}vertAlign").get(W + "val") == "superscript"


def test_python_docx_sees_the_footnote_styles(many):
    import docx
    document = docx.Document(str(many["docx"]))
    names = {s.name for s in document.styles}
    assert {"footnote text", "footnote reference"} <= names
    assert "Brief Footnote" not in names


# ---------------------------------------------------------------- other readers

def _pandoc_text(node) -> str:
    if isinstance(node, list):
        return "".join(_pandoc_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Link":
        return _pandoc_text(content[1])
    if kind == "Para":
        return _pandoc_text(content) + " "
    return _pandoc_text(content)


def _pandoc_notes(node, out: list):
    if isinstance(node, list):
        for n in node:
            _pandoc_notes(n, out)
    elif isinstance(node, dict):
        if node.get("t") == "Note":
            out.append(node["c"])
            return
        _pandoc_notes(node.get("c"), out)
    return out


@pytest.mark.parametrize("name", ["many", "abu"])
def test_pandoc_reads_the_notes(request, name):
    if shutil.which("pandoc") is None:
        pytest.skip("pandoc is not installed (.ci/run installs it with apt-get)")
    built = request.getfixturevalue(name)
    out = subprocess.run(["pandoc", "-f", "docx", "-t", "json", str(built["docx"])],
                         check=True, capture_output=True, timeout=120).stdout
    notes = _pandoc_notes(json.loads(out)["blocks"], [])
    assert [fold(_pandoc_text(n)) for n in notes] == built["texts"]
    if name == "many":
        assert '"Emph"' in json.dumps(notes[0])  # "with *emphasis* in it"


@pytest.mark.parametrize("name", ["many", "abu"])
def test_mammoth_reads_the_notes(request, name):
    mammoth = pytest.importorskip("mammoth")
    built = request.getfixturevalue(name)
    with open(built["docx"], "rb") as fh:
        page = mammoth.convert_to_html(fh).value
    n = len(built["texts"])
    refs = re.findall(r'id="footnote-ref-(\d+)"', page)
    assert Counter(refs) == Counter(str(i) for i in range(1, n + 1))
    items = re.findall(r'<li id="footnote-(\d+)">(.*?)</li>', page, re.S)
    assert [i for i, _ in items] == [str(i) for i in range(1, n + 1)]
    for (_, item), expected in zip(items, built["texts"]):
        shown = html.unescape(re.sub(r"<[^>]+>", "", item)).replace("↑", "")
        assert fold(shown) == expected


# ---------------------------------------------------------------- LibreOffice

@pytest.fixture(scope="module")
def rendered(many, abu):
    require_tool("pdftotext")
    out = {}
    for name, built in (("many", many), ("abu", abu)):
        folder = built["folder"] / "lo"
        folder.mkdir(exist_ok=True)
        out[name] = soffice_to_pdf(built["docx"], folder)
    return out


@pytest.mark.parametrize("name", ["many", "abu"])
def test_libreoffice_shows_every_note(request, rendered, name):
    built = request.getfixturevalue(name)
    shown = fold(subprocess.run(["pdftotext", str(rendered[name]), "-"], check=True,
                                capture_output=True, text=True).stdout)
    for expected in built["texts"]:
        assert expected in shown, expected


def _superscripts(page, limit: float) -> list:
    """(digits, top) of each run of small digits on a page: the notes' marks."""
    chars = sorted((c for c in page.chars if c["text"].isdigit() and c["size"] <= limit),
                   key=lambda c: (round(c["top"]), c["x0"]))
    runs: list = []
    for c in chars:
        last = runs[-1] if runs else None
        if last and abs(last["top"] - c["top"]) < 1 and -1 < c["x0"] - last["x1"] < 1.5:
            last["text"] += c["text"]
            last["x1"] = c["x1"]
        else:
            runs.append({"text": c["text"], "top": c["top"], "x1": c["x1"]})
    return [(r["text"], r["top"]) for r in runs]


@pytest.mark.parametrize("name", ["many", "abu"])
def test_libreoffice_puts_notes_at_the_foot_of_their_marks_page(request, rendered, name):
    pdfplumber = pytest.importorskip("pdfplumber")
    built = request.getfixturevalue(name)
    texts = built["texts"]
    starts = [t[:40] for t in texts]  # on the first line of each note
    assert len(set(starts)) == len(starts)
    theme = prepare(str(built["outline"])).theme
    small = theme.style("body").size * 0.75  # superscript marks are smaller than any text
    found = {}
    with pdfplumber.open(str(rendered[name])) as pdf:
        for index, page in enumerate(pdf.pages):
            lines = page.extract_text_lines()
            for number, start in enumerate(starts, 1):
                for line in lines:
                    if start in fold(line["text"]):
                        found.setdefault(number, []).append((index, line["top"], page))
    for number, start in enumerate(starts, 1):
        assert len(found.get(number, [])) == 1, (number, start, found.get(number))
    by_page: dict = {}
    for number, [(index, top, page)] in found.items():
        assert top > page.height / 2, (number, "not in the lower half of its page")
        by_page.setdefault(index, []).append((number, top, page))
    for index, notes in by_page.items():
        page = notes[0][2]
        area = min(top for _, top, _ in notes)  # the first note's line on the page
        footer = page.height - theme.margins["bottom"]
        assert all(top < footer for _, top, _ in notes), "a note over the footer"
        marks = _superscripts(page, small)
        for number, top, _ in notes:
            above = [t for digits, t in marks if digits == str(number) and t < area - 2]
            assert above, (number, f"its mark is not in the text of page {index + 1}")
