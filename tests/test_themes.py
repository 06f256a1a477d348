"""A theme changes both files the same way: page size, font, palette, date order."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ABU_DHABI, build, docx_xml, pdf_pages


@pytest.fixture(scope="module")
def memo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("memo")
    return build(ABU_DHABI, tmp, "--style", "memo")


def test_memo_theme_in_both_files(memo):
    import docx
    page = PdfReader(str(memo["pdf"])).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("LiberationSans" in f for f in fonts) and not any("Gentium" in f for f in fonts)
    assert "February 6, 2026" in pdf_pages(memo["pdf"])[0]
    section = docx.Document(str(memo["docx"])).sections[0]
    assert (round(section.page_width.pt), round(section.page_height.pt)) == (612, 792)
    styles = docx_xml(memo["docx"], "word/styles.xml")
    assert 'w:ascii="Liberation Sans"' in styles and "Gentium" not in styles
    assert "1e5b4a" in styles.lower()
    assert "February 6, 2026" in docx_xml(memo["docx"])


def test_default_theme_is_a4_gentium(abu_dhabi):
    import docx
    page = PdfReader(str(abu_dhabi["pdf"])).pages[0]
    assert round(float(page.mediabox.width)) == 595
    section = docx.Document(str(abu_dhabi["docx"])).sections[0]
    assert round(section.page_width.pt) == 595
    assert 'w:ascii="Gentium Book Plus"' in docx_xml(abu_dhabi["docx"], "word/styles.xml")


def test_style_path_relative_to_the_outline(tmp_path):
    from briefgen.theme import STYLES_DIR
    themes = tmp_path / "themes"
    themes.mkdir()
    shutil.copy(f"{STYLES_DIR}/memo.yaml", themes / "mine.yaml")
    shutil.copytree(f"{STYLES_DIR}/fonts", themes / "fonts")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: T\nstyle: themes/mine.yaml\nsections:\n  - title: S\n",
                       encoding="utf-8")
    out = build(outline, tmp_path / "out")
    page = PdfReader(str(out["pdf"])).pages[0]
    assert round(float(page.mediabox.width)) == 612


def test_a_file_that_is_not_a_theme(tmp_path, capsys):
    from briefgen.cli import main
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text("just: a mapping\n", encoding="utf-8")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: T\nstyle: bogus.yaml\nsections:\n  - title: S\n",
                       encoding="utf-8")
    assert main(["check", str(outline)]) == 1
    err = capsys.readouterr().err
    assert f"{outline}:2:1: style: theme 'bogus.yaml': not a theme" in err


@pytest.mark.parametrize("change, words", [
    ({"colors": "red"}, "'colors' must be a mapping"),
    ({"page": "A4"}, "'page' must be a mapping"),
    ({"table": {"padding": "big"}}, "table.padding must be a number"),
    ({"page": {"size": "A4", "margin_top": "wide"}}, "page.margin_top must be a number"),
    ({"styles": {"body": {"size": "big"}}}, "size must be a number of points"),
    ({"styles": {"body": {"parent": "nosuch"}}}, "names a parent 'nosuch'"),
])
def test_malformed_theme_values_are_errors_not_crashes(tmp_path, capsys, change, words):
    import yaml

    from briefgen.cli import main
    from briefgen.theme import STYLES_DIR
    theme = yaml.safe_load(open(f"{STYLES_DIR}/default.yaml", encoding="utf-8"))
    theme.update(change)
    shutil.copytree(f"{STYLES_DIR}/fonts", tmp_path / "fonts")
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(theme), encoding="utf-8")
    outline = tmp_path / "b.yaml"
    outline.write_text("title: T\nstyle: t.yaml\nsections:\n  - title: S\n    body: b\n",
                       encoding="utf-8")
    assert main(["build", str(outline), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert words in err and "internal error" not in err


@pytest.mark.parametrize("name", ["default", "memo"])
def test_shipped_themes_reach_wcag_aa_contrast(name):
    from briefgen.theme import STYLES_DIR, contrast_problems, load_theme
    theme = load_theme(f"{STYLES_DIR}/{name}.yaml")
    assert contrast_problems(theme.styles, theme.colors) == []
    assert len(theme.styles) > 20  # every style was looked at


def test_contrast_ratio_matches_wcag_examples():
    from briefgen.theme import contrast_ratio
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert round(contrast_ratio("#a87b2a", "#f7f3ea"), 2) == 3.43


def test_faint_text_in_a_theme_is_an_error_naming_style_and_colours(tmp_path, capsys):
    from briefgen.cli import main
    from briefgen.theme import STYLES_DIR
    theme = (tmp_path / "faint.yaml")
    text = open(f"{STYLES_DIR}/default.yaml", encoding="utf-8").read()
    text = text.replace('callout_label: "#856020"', 'callout_label: "#a87b2a"')
    text = text.replace('header_fg: "#ffffff"', 'header_fg: "#6f8fb0"')
    theme.write_text(text.replace("fonts/", f"{STYLES_DIR}/fonts/"), encoding="utf-8")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: T\nsections:\n  - title: S\n", encoding="utf-8")
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--style", str(theme)]) == 1
    err = capsys.readouterr().err
    assert "style 'callout_label': text #a87b2a on 'callout_bg' #f7f3ea has contrast 3.43:1" in err
    assert "style 'table_header': text #6f8fb0 on 'header_bg' #1d4e7a" in err
    assert "WCAG" in err and not (tmp_path / "out").exists()
    # at the key that sets the colour: the style's own `color`, or an inherited one
    lines = text.splitlines()
    row = next(i for i, line in enumerate(lines, 1) if line.startswith("  callout_label: {"))
    col = lines[row - 1].index("color:") + 1
    assert f"faint.yaml:{row}:{col}: styles.callout_label.color: style 'callout_label'" in err
    row = next(i for i, line in enumerate(lines, 1) if line.startswith("  table_header:"))
    col = lines[row - 1].index("color:") + 1
    assert f"faint.yaml:{row}:{col}: styles.table_header.color:" in err


def test_faint_list_bullets_are_an_error(tmp_path):
    from briefgen.diagnostics import BriefError
    from briefgen.theme import STYLES_DIR, load_theme
    theme = tmp_path / "bullets.yaml"
    text = open(f"{STYLES_DIR}/default.yaml", encoding="utf-8").read()
    # every style keeps a dark colour of its own; only the accent (bullets) is faint
    text = text.replace('accent: "#1d4e7a"', 'accent: "#a8c8e8"').replace(
        "color: accent", "color: ink")
    theme.write_text(text.replace("fonts/", f"{STYLES_DIR}/fonts/"), encoding="utf-8")
    with pytest.raises(BriefError) as raised:
        load_theme(str(theme))
    messages = [d.format() for d in raised.value.diagnostics]
    assert messages and all("colors.accent: colour 'accent' (list bullets and numbers)" in m
                            for m in messages), messages


def test_theme_problems_named_by_style_are_all_reported_with_their_place(tmp_path, capsys):
    from briefgen.cli import main
    from briefgen.theme import STYLES_DIR
    text = open(f"{STYLES_DIR}/default.yaml", encoding="utf-8").read()
    text = text.replace('callout_label: "#856020"', 'callout_label: "#a87b2a"')
    (tmp_path / "faint.yaml").write_text(text.replace("fonts/", f"{STYLES_DIR}/fonts/"),
                                         encoding="utf-8")
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: T\nstyle: faint.yaml\nsections:\n  - title: S\n",
                       encoding="utf-8")
    assert main(["check", str(outline)]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "contrast" in line]
    assert len(lines) == 3  # the page and both box fills
    assert all(line.startswith(f"{outline}:2:1: style: theme 'faint.yaml' ({tmp_path}"
                               "/faint.yaml:") and "styles.callout_label.color)" in line
               for line in lines), lines


def test_a_font_face_read_back_from_the_cache_is_the_face_reportlab_read(tmp_path, monkeypatch):
    from reportlab.pdfbase import ttfonts

    from briefgen import theme as themes
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path))
    themes._cache_faces(ttfonts)
    path = str(next((Path(themes.STYLES_DIR) / "fonts").glob("*.ttf")))
    parsed = ttfonts.TTFontFace(path)  # reads the file, and keeps what it read
    assert len(list((tmp_path / "fonts").glob("*.pickle"))) == 1
    cached = ttfonts.TTFontFace(path)  # from the cache
    same = {k: v for k, v in vars(parsed).items() if k != "_pdfScale"}
    assert {k: v for k, v in vars(cached).items() if k != "_pdfScale"} == same
    assert cached._pdfScale(512) == parsed._pdfScale(512)
    assert cached.charToGlyph and cached.getCharWidth(ord("a")) == parsed.getCharWidth(ord("a"))


def test_a_damaged_cache_entry_is_made_again(tmp_path, monkeypatch):
    # every cached face, font fact and hyphenation table is read back, or made again
    import pyphen
    from reportlab.pdfbase import ttfonts

    from briefgen import cache, hyphenate
    from briefgen import theme as themes
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path))
    themes._cache_faces(ttfonts)
    path = str(next((Path(themes.STYLES_DIR) / "fonts").glob("*.ttf")))
    good = ttfonts.TTFontFace(path)
    lang = hyphenate.pyphen_language("en-GB")
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenate._load_patterns(pyphen, lang)
    patterns = pyphen.hdcache[pyphen.LANGUAGES[lang]].patterns
    for entry in list(tmp_path.rglob("*.pickle")) + list(tmp_path.rglob("*.marshal")):
        entry.write_bytes(b"\x00 not what was stored")
    again = ttfonts.TTFontFace(path)
    assert again.charWidths == good.charWidths and again.unitsPerEm == good.unitsPerEm
    monkeypatch.setattr(pyphen, "hdcache", {})
    hyphenate._load_patterns(pyphen, lang)
    assert pyphen.hdcache[pyphen.LANGUAGES[lang]].patterns == patterns
    # a stored entry that does not read back is made again, and stored anew
    assert cache.remembered_value("x", "e", lambda: {"a": 1}, lambda v: b"{not json",
                                  json.loads) == {"a": 1}
    assert cache.remembered_value("x", "e", lambda: {"a": 2}, lambda v: b'{"a": 2}',
                                  json.loads) == {"a": 2}
    assert cache.remembered_value("x", "e", lambda: {"a": 3}, lambda v: b"",
                                  json.loads) == {"a": 2}
