"""Rebuilding the same outline gives byte-identical files."""

from __future__ import annotations

import hashlib

from conftest import ABU_DHABI, build


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_builds_are_byte_identical(tmp_path, abu_dhabi):
    again = build(ABU_DHABI, tmp_path)
    for fmt in ("pdf", "docx"):
        assert digest(again[fmt]) == digest(abu_dhabi[fmt]), fmt


def test_two_html_builds_are_byte_identical(tmp_path):
    """The page too: its font subsets, chart drawings and ids come out the same."""
    from briefgen.cli import main
    pages = []
    for folder in ("one", "two"):
        assert main(["build", str(ABU_DHABI), "-o", str(tmp_path / folder), "-q",
                     "--format", "html"]) == 0
        pages.append(digest(tmp_path / folder / "abu-dhabi-talks.html"))
    assert pages[0] == pages[1]


def test_the_cache_changes_no_byte(tmp_path, abu_dhabi):
    """A build with an empty cache (it cuts the fonts, parses the hyphenation patterns,
    draws the fallback picture) and one that reads them back give the same files."""
    import os
    import subprocess
    import sys
    env = dict(os.environ, BRIEFGEN_CACHE=str(tmp_path / "cache"))
    got = []
    for run in ("cold", "warm"):
        subprocess.run([sys.executable, "-m", "briefgen", "build", str(ABU_DHABI), "-o",
                        str(tmp_path / run), "-q", "--format", "pdf,docx,html"], env=env,
                       check=True)
        got.append({fmt: digest(tmp_path / run / f"abu-dhabi-talks.{fmt}")
                    for fmt in ("pdf", "docx", "html")})
    assert got[0] == got[1]
    assert {"fonts", "hyphenation", "pictures"} <= set(os.listdir(tmp_path / "cache"))
    for fmt in ("pdf", "docx"):  # and the same as the session's build, cache and all
        assert got[1][fmt] == digest(abu_dhabi[fmt]), fmt


def test_pdf_dates_come_from_the_outline(abu_dhabi):
    from pypdf import PdfReader
    info = PdfReader(str(abu_dhabi["pdf"])).metadata
    assert info["/CreationDate"].startswith("D:20260206")
    assert info["/Title"] == "The Failure of the Abu Dhabi Talks"
    assert info["/Creator"].startswith("briefgen ")
    assert "Ukraine" in info["/Keywords"]


def test_docx_core_properties(abu_dhabi):
    import docx
    props = docx.Document(str(abu_dhabi["docx"])).core_properties
    assert props.title == "The Failure of the Abu Dhabi Talks"
    assert props.created.date().isoformat() == "2026-02-06"
    assert "Russia" in props.keywords


def test_source_date_epoch_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = build(ABU_DHABI, tmp_path)
    from pypdf import PdfReader
    assert PdfReader(str(out["pdf"])).metadata["/CreationDate"].startswith("D:20231114")
