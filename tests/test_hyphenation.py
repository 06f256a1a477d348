"""Words break across lines only where they show a hyphen; URLs only after / . - ? &.

Checked on the PDF's extracted text against the outline's own words, for
every brief in briefing/ and the fixtures, in both themes; and on word
positions, so that a word that cannot break never runs into the next column.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from briefgen.hyphenate import longest_unbreakable, url_breaks
from conftest import BRIEFING, ROOT, build

OUTLINES = sorted(BRIEFING.glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
ALLOWED_ENDS = ("-", "/", ".", "?", "&")


def _strip(word: str) -> str:
    return re.sub(r"^[\W_]+|[\W_]+$", "", word)


def _vocabulary(outline) -> set[str]:
    text = outline.read_text(encoding="utf-8")
    return {_strip(w) for w in re.findall(r"[^\s\[\](){}<>\"“”‘’,;:|*]+", text)} - {""}


def split_words(pdf, words: set[str]) -> list[tuple[int, str, str]]:
    """(page, end of a line, start of the next) wherever a word of the outline
    was cut between the two lines without a hyphen or URL break character."""
    urls = [w for w in words if "://" in w]
    bad = []
    for number, page in enumerate(PdfReader(str(pdf)).pages, 1):
        lines = [line.split() for line in (page.extract_text() or "").splitlines()]
        lines = [line for line in lines if line]
        for a, b in zip(lines, lines[1:]):
            left, right = a[-1], b[0]
            if left.endswith(ALLOWED_ENDS):
                continue
            if not _strip(left) or not _strip(right):
                continue  # a bullet, a dash: not part of a word
            if _strip(left) in words and _strip(right) in words:
                continue  # two whole words
            joined = _strip(left + right)
            if joined and (joined in words or any(u.startswith(joined) for u in urls)):
                bad.append((number, left, right))
    return bad


def overlapping_words(pdf) -> list[tuple[int, str, str]]:
    """Letters on one line that run into each other or past the margin (a word
    wider than its column)."""
    bad = []
    with pdfplumber.open(str(pdf)) as doc:
        for number, page in enumerate(doc.pages, 1):
            chars = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["top"])
            lines: list = []  # letters whose tops lie within half a point, left to right
            for c in chars:
                if lines and abs(c["top"] - lines[-1][0]["top"]) < 0.5:
                    lines[-1].append(c)
                else:
                    lines.append([c])
            for line in lines:
                line.sort(key=lambda c: c["x0"])
                for a, b in zip(line, line[1:]):
                    if a["size"] == b["size"] and b["x0"] < a["x1"] - 1.0:
                        bad.append((number, a["text"], b["text"]))
            bad += [(number, c["text"], "past the margin") for c in chars
                    if c["x1"] > page.width - 40]
    return bad


@pytest.fixture(scope="module", params=[(o, t) for o in OUTLINES for t in ("default", "memo")],
                ids=lambda p: f"{p[0].stem}-{p[1]}")
def built(request, tmp_path_factory):
    outline, theme = request.param
    out = tmp_path_factory.mktemp(f"hy-{outline.stem}-{theme}")
    return outline, build(outline, out, "--style", theme, "--format", "pdf")["pdf"]


def test_no_word_is_split_without_a_hyphen(built):
    outline, pdf = built
    assert split_words(pdf, _vocabulary(outline)) == []


def test_no_word_runs_into_the_next_column(built):
    _, pdf = built
    assert overlapping_words(pdf) == []


def test_narrow_columns_hyphenate_with_a_visible_hyphen(tmp_path):
    pdf = build(ROOT / "tests" / "fixtures" / "narrow-columns.yaml", tmp_path,
                "--format", "pdf")["pdf"]
    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    ends = re.findall(r"(\w+-)\n", text)
    assert len(ends) >= 10, "narrow columns should hyphenate long words"
    assert "Enrichment" in text.replace("\n", " ")


def test_the_checker_sees_a_word_split_without_hyphen(tmp_path):
    """The check above can fail: reportlab's own long-word splitting trips it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    from reportlab.lib.styles import ParagraphStyle
    pdf = tmp_path / "split.pdf"
    style = ParagraphStyle("x", fontName="Helvetica", fontSize=10, splitLongWords=1)
    SimpleDocTemplate(str(pdf), pagesize=A4).build(
        [Table([[Paragraph("Enrichment humanitarian", style)]], colWidths=[40])])
    assert split_words(pdf, {"Enrichment", "humanitarian"})


def test_url_breaks_only_after_separators():
    url = "https://www.un.org/files/january-2026.pdf?a=1&b=2"
    pieces = url_breaks(url)
    assert pieces[0] == ("https://www.un.org/files/january-2026.pdf?a=1&", "b=2")
    for head, tail in pieces:
        assert head + tail == url and head.endswith(ALLOWED_ENDS)
        assert not head.endswith("://") and len(head) > len("https://")


def test_longest_unbreakable_piece():
    assert longest_unbreakable("Enrichment", "en-GB") == len("ment") + 1  # En-rich-ment
    assert longest_unbreakable("thresholds", "en-GB") == len("thresholds") + 1
    assert longest_unbreakable("see https://x.org/abcdefghijk/ij", "en-GB") == len("abcdefghijk/") + 1
    assert longest_unbreakable("https://x.org/a/b", "en-GB") == len("https://x.") + 1  # not in the scheme
    assert longest_unbreakable("Enrichment", "xx") == len("Enrichment") + 1
