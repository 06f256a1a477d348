"""Small stages on their own: dates, number formatting, the loader, prose."""

from __future__ import annotations

import pytest

from briefgen import dates
from briefgen.diagnostics import BriefError
from briefgen.format import number_text
from briefgen.inline import Prose
from briefgen.loader import load_text
from briefgen.model import ListBlock, Paragraph, Quote


@pytest.mark.parametrize("text, shown", [
    ("2026-01-23", "23 January 2026"), ("2025-08", "August 2025"), ("2022", "2022"),
    ("2025-21", "Spring 2025"), ("2025-22", "Summer 2025"), ("2025-23", "Autumn 2025"),
    ("2025-24", "Winter 2025"), ("2026-01-23/2026-01-24", "23–24 January 2026"),
    ("2025-12-30/2026-01-02", "30 December 2025 – 2 January 2026"),
    ("2026-01-30/2026-02-02", "30 January – 2 February 2026"),
    ("2022~", "c. 2022"), ("2025-08~", "c. August 2025"), ("2014/2016", "2014–2016"),
])
def test_edtf_display(text, shown):
    assert dates.parse_edtf(text).display() == shown


def test_edtf_month_first():
    assert dates.parse_edtf("2026-01-23").display(month_first=True) == "January 23, 2026"
    assert dates.parse_edtf("2026-01-23/2026-01-24").display(True) == "January 23–24, 2026"


def test_edtf_sort_keys():
    order = ["2025-22", "2025-06-02", "2025-24", "2025", "2025-08", "2024-12-31"]
    ranked = sorted(order, key=lambda t: dates.parse_edtf(t).sort_key())
    assert ranked == ["2024-12-31", "2025", "2025-22", "2025-06-02", "2025-08", "2025-24"]


@pytest.mark.parametrize("bad", ["2026-13-01", "2026-02-30", "yesterday", "26-01-01",
                                 "2026-01-24/2026-01-23", "2026-25"])
def test_edtf_rejects(bad):
    with pytest.raises(dates.DateError):
        dates.parse_edtf(bad)


@pytest.mark.parametrize("raw, shown", [
    ("1100", "1,100"), ("50000", "50,000"), ("820", "820"), ("3.67", "3.67"), ("1.0", "1.0"),
    ("-20", "−20"), ("2006", "2,006"), ("1234567.5", "1,234,567.5"), ("1_000", "1,000"),
])
def test_number_text(raw, shown):
    assert number_text(raw) == shown


def test_loader_keeps_strings_as_written_and_positions():
    loaded = load_text("title: x\nversion: 1.10\nitems:\n  - a\n  - b: 2\n")
    assert loaded.raw[("version",)] == "1.10"
    assert loaded.data["version"] == 1.1
    assert loaded.where(("items", 1, "b")) == (5, 5)


def test_loader_reports_duplicate_keys_with_both_lines_and_keeps_the_first():
    loaded = load_text("title: a\nsubtitle: b\ntitle: c\n", "x.yaml")
    (d,) = loaded.kept_errors
    assert (d.line, d.col) == (3, 1) and "line 1" in d.message
    assert loaded.data["title"] == "a"


def test_loader_refuses_python_tags():
    with pytest.raises(BriefError) as err:
        load_text("title: !!python/object/apply:os.system ['true']\n")
    assert "tag" in err.value.diagnostics[0].message


def test_loader_merge_keys():
    loaded = load_text("base: &b {x: 1, y: 2}\nother:\n  <<: *b\n  y: 3\n")
    assert loaded.data["other"] == {"x": 1, "y": 3}


def test_prose_blocks_and_citations():
    prose = Prose()
    blocks = prose.blocks("Text [@a] and [@b; @a].\n\n- one\n- two\n\n> quoted")
    para, lst, quote = blocks
    assert isinstance(para, Paragraph) and isinstance(lst, ListBlock) and isinstance(quote, Quote)
    cites = [s.text for s in para.inlines if s.kind == "citation"]
    assert cites == ["[1]", "[2", "1]"]  # a group is one bracket, each number its own link
    assert "".join(s.text for s in para.inlines) == "Text [1] and [2; 1]."


def test_prose_keeps_markup_literal():
    (para,) = Prose().blocks("<b>x</b> & <a href='y'>z</a> &amp;")
    assert "".join(s.text for s in para.inlines) == "<b>x</b> & <a href='y'>z</a> &amp;"
    assert not any(s.bold for s in para.inlines)


def test_section_ids_default_to_slug_or_number(tmp_path):
    from briefgen.api import prepare
    from briefgen.model import Heading
    path = tmp_path / "b.yaml"
    path.write_text("title: T\nsections:\n  - title: Café & Crème\n  - title: Кириллица\n"
                    "    sections:\n      - title: «»\n    body: See [the first](#cafe-creme)"
                    " and [this](#section-2-1).\n", encoding="utf-8")
    ids = [b.id for b in prepare(str(path)).document.walk() if isinstance(b, Heading)]
    assert ids == ["cafe-creme", "section-2", "section-2-1"]
