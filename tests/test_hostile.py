"""Hostile and extreme input: no traceback, nothing run, nothing lost, everything built."""

from __future__ import annotations

import threading
import zipfile

import pytest
from pypdf import PdfReader

from briefgen import api
from briefgen.cli import main
from conftest import build, docx_blocks, fold, pdf_pages

MINIMAL = "title: A brief\nsections:\n  - title: Only section\n    body: Text.\n"


def write(tmp_path, text: str, name: str = "brief.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_lookalikes_appear_literally(tmp_path):
    body = ('<img src="x.png"/> <a href="https://evil.example">click</a> <font size=40>big</font> '
            '{ MERGEFIELD Name } { PAGE } <br/> &lt;b&gt; </para>')
    # as typed, quotes too (typographic quotes are tested in test_text.py)
    outline = write(tmp_path, "typography: plain\n" +
                    MINIMAL.replace("Text.", "'" + body.replace("'", "''") + "'"))
    out = build(outline, tmp_path / "out")
    pdf = " ".join(pdf_pages(out["pdf"]))
    docx = " ".join(docx_blocks(out["docx"]))
    for piece in ('<img src="x.png"/>', '<a href="https://evil.example">click</a>',
                  "<font size=40>big</font>", "{ MERGEFIELD Name }", "{ PAGE }", "<br/>",
                  "&lt;b&gt;", "</para>"):
        assert piece in pdf and piece in docx, piece
    xml = zipfile.ZipFile(out["docx"]).read("word/document.xml").decode()
    assert "MERGEFIELD" not in xml.split("<w:instrText")[0] or "instrText" in xml
    assert xml.count("<w:instrText") == xml.count("PAGEREF") + 1  # the TOC field only


def test_long_url_in_a_table_cell_wraps_inside_the_page(tmp_path):
    url = "https://example.org/" + "a-very-long-path-segment/" * 12 + "end"
    text = (MINIMAL + "    tables:\n      - caption: Links\n        columns: [Name, Link]\n"
            f"        rows:\n          - [x, \"{url}\"]\n")
    out = build(write(tmp_path, text), tmp_path / "out")
    import pdfplumber
    with pdfplumber.open(out["pdf"]) as pdf:
        for page in pdf.pages:
            assert all(ch["x1"] <= page.width - 60 for ch in page.chars if ch["top"] > 70)
    assert url in "".join(fold(t).replace(" ", "") for t in pdf_pages(out["pdf"]))


@pytest.mark.parametrize("template, words", [
    ("{{ ''.__class__.__mro__ }}", "not allowed"),
    ("{{ stats.__class__ }}", "not allowed"),
    ("{% include 'x.yaml' %}", "cannot include"),
    ("{% import 'x.yaml' as x %}", "cannot include"),
    ("{% extends 'x.yaml' %}", "cannot include"),
    ("{{ cycler }}", "unknown name 'cycler'"),
    ("{{ range(10**9) | list }}", "unknown name 'range'"),
])
def test_templates_cannot_escape_the_sandbox(tmp_path, capsys, template, words):
    outline = write(tmp_path, MINIMAL.replace("Text.", f'"{template}"'))
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert words in err and "sections[0].body" in err and "Traceback" not in err


def test_failure_while_writing_keeps_the_previous_files(tmp_path, monkeypatch):
    outline = write(tmp_path, MINIMAL)
    out = tmp_path / "out"
    first = build(outline, out)
    before = {k: p.read_bytes() for k, p in first.items()}

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")
    monkeypatch.setattr("briefgen.writers.docx.DocxWriter.render", explode)
    outline.write_text(MINIMAL.replace("Text.", "Changed text."), encoding="utf-8")
    assert main(["build", str(outline), "-o", str(out)]) == 1
    assert {k: p.read_bytes() for k, p in first.items()} == before
    assert sorted(p.name for p in out.iterdir()) == ["brief.docx", "brief.pdf"]


def test_internal_error_is_one_line_and_debug_shows_traceback(tmp_path, monkeypatch, capsys):
    outline = write(tmp_path, MINIMAL)
    monkeypatch.setattr("briefgen.writers.pdf.write_pdf",
                        lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    assert main(["build", str(outline), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "internal error (ValueError: boom)" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(ValueError):
        main(["--debug", "build", str(outline), "-o", str(tmp_path / "o")])


def test_output_folder_that_is_a_file(tmp_path, capsys):
    outline = write(tmp_path, MINIMAL)
    blocker = tmp_path / "taken"
    blocker.write_text("not a folder")
    assert main(["build", str(outline), "-o", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "cannot create the output folder" in err and "Traceback" not in err


def test_two_builds_at_once_do_not_corrupt_each_other(tmp_path):
    outline = write(tmp_path, MINIMAL)
    out = tmp_path / "out"
    errors = []

    def run():
        try:
            api.build(str(outline), str(out))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(PdfReader(str(out / "brief.pdf")).pages) >= 1
    assert zipfile.ZipFile(out / "brief.docx").testzip() is None
    assert sorted(p.name for p in out.iterdir()) == ["brief.docx", "brief.pdf"]


def test_missing_outline_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.yaml")]) == 1
    assert "cannot read the outline" in capsys.readouterr().err


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["build", "x.yaml", "--format", "epub"])
    assert exit_.value.code == 2


def extreme_outline() -> str:
    import random
    rng = random.Random(7)
    lines = ["title: " + ("An extremely long title that keeps going " * 5)[:200]]
    lines.append("sections:")
    lines.append("  - title: Very long section")
    words = " ".join(rng.choice(["alpha", "beta", "gamma", "delta", "epsilon", "zeta"])
                     for _ in range(20000))
    lines.append("    body: |")
    for i in range(0, len(words), 4000):
        lines.append("      " + words[i:i + 4000] + "\n")
    nested = "\n".join("      " + "  " * d + "- level " + str(d) for d in range(8))
    lines.append("  - title: Nested lists\n    body: |\n" + nested)
    lines.append("    tables:")
    lines.append("      - caption: One column\n        columns: [Only]\n        rows: [[a], [b]]")
    cols = [f"C{i}" for i in range(12)]
    lines.append(f"      - caption: Twelve columns\n        columns: [{', '.join(cols)}]")
    lines.append("        rows:")
    for r in range(300):
        lines.append("          - [" + ", ".join(str(r * 12 + c) for c in range(12)) + "]")
    lines.append("timeline:")
    for i in range(2000):
        y, m, d = 1900 + i % 125, 1 + i % 12, 1 + i % 28
        lines.append(f"  - {{date: {y}-{m:02d}-{d:02d}, title: Event number {i}}}")
    return "\n".join(lines) + "\n"


def test_extreme_but_valid_outline_builds(tmp_path):
    outline = write(tmp_path, extreme_outline(), "extreme.yaml")
    out = build(outline, tmp_path / "out")
    reader = PdfReader(str(out["pdf"]))
    assert len(reader.pages) > 60
    text = " ".join(pdf_pages(out["pdf"])[-5:])
    assert "Event number" in text
    import docx
    document = docx.Document(str(out["docx"]))
    assert len(document.tables) == 3  # one column, twelve columns, the timeline
    assert any(len(t.columns) == 12 and len(t.rows) == 301 for t in document.tables)


def test_alias_bomb_refused_with_bounded_memory(tmp_path, capsys):
    import resource
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    bomb += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    outline = write(tmp_path, "\n".join(bomb) + "\ntitle: T\nsections: [{title: S}]\n")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert main(["check", str(outline)]) == 1
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 200
    assert "expands to more than" in capsys.readouterr().err


def test_broken_theme_files_are_clear_errors(tmp_path, capsys):
    theme = tmp_path / "odd.yaml"
    theme.write_text("name: odd\npage: {size: B5}\nfont: {}\ncolors: {}\nstyles: {}\n")
    outline = write(tmp_path, MINIMAL + "style: odd.yaml\n")
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert "theme 'odd.yaml'" in err and "Traceback" not in err


def test_lists_inside_table_cells(tmp_path):
    """Found by the property test: a list in a statistic's note, in a table's first rows."""
    text = ("title: A\nsections:\n- title: A\nstatistics:\n- id: s-a\n  label: L\n  value: 0\n"
            "  note: \"- a\\n\\n    - b\\n\\n\\n1. one\"\n")
    out = build(write(tmp_path, text), tmp_path / "out")
    assert "one" in " ".join(pdf_pages(out["pdf"]))
