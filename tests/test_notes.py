"""Footnotes in the PDF: each note on the page of its mark (or beginning there and
continuing on the next), under the body and above the footer, numbered 1..N
without gaps, linked both ways; and the checks on notes and citations."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ABU_DHABI, ROOT, build, fold

from briefgen.api import prepare

NOTES = ROOT / "tests" / "fixtures" / "notes.yaml"
LONG = "This note goes on, as the notes of a legal brief sometimes do. " * 70


@pytest.fixture(scope="module")
def long_notes(tmp_path_factory):
    """An outline whose notes crowd the pages: many short ones, a few long ones, one
    longer than half a page, and notes in table cells."""
    folder = tmp_path_factory.mktemp("notes")
    sections = []
    for i in range(1, 9):
        body = ("The talks opened in a cold hall.^[A first, short note.] Both sides read "
                "statements prepared at home, and neither moved on the central question "
                "[@report, p. 4].^[A second note, long enough to wrap onto a second line "
                "at the foot of the page, as real notes in research briefs often do.]\n\n"
                "The mediators then met each delegation alone, which is where such talks "
                "usually make what progress they make.^[A third.]\n\n") * 2
        if i == 3:
            body += f"A very long note follows.^[{LONG}]\n"
        sections.append(f"  - title: Part {i}\n    body: |\n"
                        + "".join(f"      {line}\n" if line else "\n"
                                  for line in body.splitlines()))
    table = ('    tables:\n      - caption: Notes in cells\n        columns: [Item, Value]\n'
             '        rows:\n          - ["Alpha^[A note in a table cell.]", 1]\n'
             '          - ["Beta^[Another, citing [@report, para. 2].]", 2]\n')
    text = ("title: Notes under pressure\nsections:\n" + sections[0] + table
            + "".join(sections[1:])
            + "sources:\n  - {id: report, title: A report on the talks, publisher: "
              "Example Institute, date: 2026-01}\n")
    outline = folder / "notes.yaml"
    outline.write_text(text, encoding="utf-8")
    return outline


def _built(outline, tmp_path_factory):
    out = tmp_path_factory.mktemp("notes-out")
    pdf = build(outline, out, "--format", "pdf")["pdf"]
    reader = PdfReader(str(pdf))
    with pdfplumber.open(str(pdf)) as plumber:
        words = [page.extract_words() for page in plumber.pages]
        links = _note_links(reader, plumber)
    return {"reader": reader, "words": words, "document": prepare(str(outline)).document,
            "texts": [fold(p.extract_text() or "") for p in reader.pages], "links": links}


def _note_links(reader, plumber) -> dict:
    """Note number -> its mark's link and its note's link back, each as
    (page, top of the link, page it opens, top it opens at), 0-based pages, PDF units."""
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    found: dict = {}
    for i, page in enumerate(reader.pages):
        height = float(page.mediabox.height)
        chars = plumber.pages[i].chars
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            inside = [c for c in chars if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
                      and y0 - 0.5 <= height - (c["top"] + c["bottom"]) / 2 <= y1 + 0.5]
            text = "".join(c["text"] for c in inside)
            if not text.isdigit() or max(c["size"] for c in inside) > 9:
                continue  # not a note's mark or number (a contents entry, a citation)
            dest = a["/Dest"]
            to_page, to_top = pages[dest[0].idnum], float(dest[3])
            kind = "mark" if (to_page, -to_top) > (i, -y1) else "note"
            found.setdefault(int(text), {})[kind] = (i, y1, to_page, to_top)
            found[int(text)][kind + "s"] = found[int(text)].get(kind + "s", 0) + 1
    return found


@pytest.fixture(scope="module", params=["long", "abu-dhabi", "footnote-citations"])
def built(request, long_notes, tmp_path_factory):
    outline = {"long": long_notes, "abu-dhabi": ABU_DHABI,
               "footnote-citations": NOTES}[request.param]
    return _built(outline, tmp_path_factory)


def test_numbers_run_without_gaps(built):
    notes = built["document"].notes
    assert notes, "the outline has notes"
    assert [n.number for n in notes] == list(range(1, len(notes) + 1))
    assert sorted(built["links"]) == [n.number for n in notes]


def test_each_note_is_on_the_page_of_its_mark(built):
    for note in built["document"].notes:
        link = built["links"][note.number]
        mark_page, note_page = link["mark"][0], link["note"][0]
        assert note_page == mark_page, f"note {note.number}: mark on page {mark_page + 1}, " \
                                       f"note on page {note_page + 1}"
        first = fold(" ".join(s.text for b in note.blocks for s in b.inlines))[:20]
        assert first in built["texts"][note_page].replace("\u2002", " ")


def test_notes_are_below_the_body_and_above_the_footer(built):
    links = built["links"]
    for number, link in links.items():
        page, top = link["note"][:2]
        for other in links.values():
            if other["mark"][0] == page:
                assert top < other["mark"][1], f"note {number} is above a mark on its page"
        assert top > 60, f"note {number} runs into the footer"


def test_notes_do_not_overlap_the_text(built):
    """No two words on a page share any space: the notes never cover the body."""
    for page, words in enumerate(built["words"]):
        boxes = sorted((w["top"], w["bottom"], w["x0"], w["x1"], w["text"]) for w in words)
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if b[0] >= a[1] - 2.0:  # a superscript may reach a point into the line above
                    break
                overlap = a[2] < b[3] - 0.5 and b[2] < a[3] - 0.5
                assert not overlap, f"page {page + 1}: '{a[4]}' overlaps '{b[4]}'"


def test_links_go_both_ways(built):
    for number, link in built["links"].items():
        mark, note = link["mark"], link["note"]
        assert mark[2] == note[0] and abs(mark[3] - note[1]) < 15, f"mark {number}"
        assert note[2] == mark[0] and abs(note[3] - mark[1]) < 15, f"note {number}"


def test_a_long_note_continues_on_the_next_page(long_notes, tmp_path_factory):
    built = _built(long_notes, tmp_path_factory)
    long = next(n for n in built["document"].notes if "goes on" in n.blocks[0].inlines[0].text)
    page = built["links"][long.number]["note"][0]
    texts = [t.replace("- ", "") for t in built["texts"]]
    here = texts[page].count("This note goes on")
    after = texts[page + 1].count("This note goes on")
    assert here + after == 70 and here >= 2 and after >= 2, (here, after)


def test_abu_dhabi_has_its_notes_and_a_locator(tmp_path_factory):
    built = _built(ABU_DHABI, tmp_path_factory)
    assert len(built["document"].notes) >= 2
    text = " ".join(built["texts"])
    assert "[1, sec. “Ukraine’s Position”]" in text


# ---------------------------------------------------------------- footnote citations

def _note_texts(outline) -> list:
    return [fold("".join(s.text for b in n.blocks for s in b.inlines))
            for n in prepare(str(outline)).document.notes]


def test_the_fixture_has_many_notes_some_in_tables():
    prepared = prepare(str(NOTES))
    assert len(prepared.document.notes) >= 25
    from briefgen.model import Table, walk_blocks
    marks_in_tables = [s for b in walk_blocks(prepared.document.blocks) if isinstance(b, Table)
                       for row in b.rows for cell in row.cells for p in cell.blocks
                       for s in p.inlines if s.kind == "note"]
    assert len(marks_in_tables) >= 3


def test_first_citation_is_full_later_ones_short():
    texts = _note_texts(NOTES)
    full = [t for t in texts if "Report of the Secretary-General on the Situation in Mali" in t]
    short = [t for t in texts if "Guterres, Report of the Secretary-General, para. 17" in t]
    assert full and short
    assert texts.index(full[0]) < texts.index(short[0])
    assert full[0].startswith("António Guterres, Report of the Secretary-General on the "
                              "Situation in Mali, S/2020/890 (New York: United Nations "
                              "Security Council, 5 August 2020), para. 3,")


def test_citations_at_one_place_share_a_note():
    texts = _note_texts(NOTES)
    shared = next(t for t in texts if t.startswith("Ellis, Negotiating the End, p. 88"))
    assert shared == ("Ellis, Negotiating the End, p. 88; Müller et al., “Sanctions and "
                      "Secondary Effects,” p. 50. Both use survey data.")


def test_a_citation_inside_a_note_is_printed_in_it():
    texts = _note_texts(NOTES)
    assert ("From the mission’s own counts (Guterres, Report of the Secretary-General, "
            "para. 22).") in texts


def test_the_mark_follows_the_punctuation(tmp_path_factory):
    built = _built(NOTES, tmp_path_factory)
    text = " ".join(built["texts"])
    assert "with a smaller footprint.3 Analysts had warned of the risks,4" in text


def test_bibliography_is_sorted_by_author_then_title(tmp_path_factory):
    from briefgen import cite
    prepared = prepare(str(NOTES))
    heading = next(b for b in prepared.document.blocks
                   if getattr(b, "id", None) == "_sources")
    assert heading.text == "Bibliography"
    at = prepared.document.blocks.index(heading)
    entries = [b for b in prepared.document.blocks[at + 1:] if getattr(b, "style", "") ==
               "source_item"]
    by_id = {s.id: s for s in prepared.outline.sources}
    ids = [e.anchor for e in entries]
    assert ids == sorted(ids, key=lambda i: cite.sort_key(by_id[i]))
    assert len(ids) == len(prepared.outline.sources) == 10
    first = fold("".join(s.text for s in entries[0].inlines))
    assert first.startswith("de Waal, Alex. “The Marketplace of Peace") or \
        first.startswith("Ellis, Mary.")


def test_a_broken_bibliography_file_is_reported_at_its_own_line(tmp_path, capsys):
    from briefgen.cli import main
    (tmp_path / "refs.bib").write_text(
        "@book{good2020,\n  title = {Fine},\n  year = 2020,\n}\n\n"
        "@report{broken2021,\n  title = {Never closed,\n  year = 2021,\n}\n", encoding="utf-8")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: A\nbibliography: refs.bib\nsections:\n  - title: S\n"
                       "    body: See [@good2020] and [@brokn2021].\n", encoding="utf-8")
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert re.search(rf"{re.escape(str(tmp_path / 'refs.bib'))}:7:\d+: .*", err), err
    assert "Traceback" not in err


def test_an_unknown_key_is_suggested_from_the_files_too(tmp_path, capsys):
    from briefgen.cli import main
    import shutil
    shutil.copy(ROOT / "tests" / "fixtures" / "refs" / "refs.bib", tmp_path / "refs.bib")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: A\nbibliography: refs.bib\nsections:\n  - title: S\n"
                       "    body: See [@elis2019, p. 3].\n", encoding="utf-8")
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert f"{outline}:5:16: sections[0].body: citation [@elis2019] names no source " \
           "(did you mean 'ellis2019'?)" in err, err


def test_a_key_in_the_outline_and_a_file_is_an_error(tmp_path, capsys):
    from briefgen.cli import main
    import shutil
    shutil.copy(ROOT / "tests" / "fixtures" / "refs" / "refs.bib", tmp_path / "refs.bib")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: A\nbibliography: refs.bib\nsections:\n  - title: S\n"
                       "    body: See [@ellis2019].\nsources:\n  - {id: ellis2019, title: X}\n",
                       encoding="utf-8")
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert "citation key 'ellis2019' is also defined in the outline (line 7)" in err, err


def test_notes_in_key_points_and_nested_lists(tmp_path, tmp_path_factory):
    outline = tmp_path / "kp.yaml"
    outline.write_text('title: A\nsummary: Short.\nkey_points:\n  - "A point.^[A note in a key '
                       'point.]"\nsections:\n  - title: S\n    body: |\n      - Outer\n'
                       '        - Inner.^[A note in a nested item.]\n', encoding="utf-8")
    built = _built(outline, tmp_path_factory)
    assert sorted(built["links"]) == [1, 2]
    for link in built["links"].values():
        assert link["mark"][0] == link["note"][0]


def test_verify_counts_the_notes_of_both_files():
    from briefgen.verify import Structure, compare
    pdf = Structure(notes=["_fn1", "_fn2"], text="a b")
    docx = Structure(notes=["a"], text="a b")
    assert "footnotes: 2 in the PDF, 1 in the DOCX" in compare(pdf, docx)
    assert not any("footnotes:" in p for p in compare(pdf, Structure(notes=["a", "b"],
                                                                     text="a b")))


def test_each_note_is_printed_once(built):
    """A note marked in a list item is printed once at the foot of its page (a list
    holds its items twice over, and its notes were once counted twice): one number
    linking back to its mark for each note."""
    links = built["links"]
    twice = {n: v["notes"] for n, v in links.items() if v.get("notes", 0) != 1}
    assert not twice, twice
