"""The DOCX embeds the theme's four faces as Word does (ECMA-376 Part 1 §17.8.1):
subset, obfuscated with a key from the font table, and described there, so it looks
the same where the theme's font is not installed."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import zipfile

import pytest
import yaml
from lxml import etree

from conftest import ABU_DHABI, ROOT, build, require_tool

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
FONT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBEDS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
          "bold_italic": "embedBoldItalic"}
STYLE_NAMES = {"regular": "Regular", "bold": "Bold", "italic": "Italic",
               "bold_italic": "Bold Italic"}
FONT_CHILDREN = ("altName", "panose1", "charset", "family", "notTrueType", "pitch", "sig",
                 "embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
GUID = re.compile(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}")


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def xml(docx, part: str):
    with zipfile.ZipFile(docx) as z:
        return etree.fromstring(z.read(part))


def deobfuscate(data: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1, written out here independently of the writer: the
    key's 32 hex digits read as 16 bytes from the last to the first, XORed with the
    font's first 32 bytes, twice over."""
    digits = key[1:-1].replace("-", "")
    order = [int(digits[i:i + 2], 16) for i in range(30, -2, -2)]
    head = bytes(b ^ order[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embedded(docx) -> dict:
    """face -> (its w:embed… element, the de-obfuscated font bytes, the part's name)."""
    table = xml(docx, "word/fontTable.xml")
    rels = {r.get("Id"): r for r in xml(docx, "word/_rels/fontTable.xml.rels")}
    out = {}
    with zipfile.ZipFile(docx) as z:
        for face, tag in EMBEDS.items():
            found = table.findall(f"{w('font')}/{w(tag)}")
            assert len(found) == 1, tag
            rel = rels[found[0].get(f"{{{R}}}id")]
            name = "word/" + rel.get("Target")
            out[face] = (found[0], deobfuscate(z.read(name), found[0].get(w("fontKey"))),
                         name)
    return out


def text_characters(docx) -> set[str]:
    """Every character a reader sees in the file: text nodes of the body, headers,
    footers, notes and charts, and the list bullets."""
    chars: set[str] = set()
    with zipfile.ZipFile(docx) as z:
        for name in z.namelist():
            if not name.startswith("word/") or not name.endswith(".xml") \
                    or name == "word/fontTable.xml":
                continue
            root = etree.fromstring(z.read(name))
            for text in root.itertext():
                chars.update(text)
            for lvl in root.iter(w("lvlText")):
                chars.update(lvl.get(w("val"), ""))
    return {ch for ch in chars if ord(ch) >= 0x20}


@pytest.fixture(scope="module")
def theme(abu_outline):
    return abu_outline.theme


def test_font_parts_have_their_content_type_and_relationships(abu_dhabi):
    docx = abu_dhabi["docx"]
    with zipfile.ZipFile(docx) as z:
        names = z.namelist()
        types = etree.fromstring(z.read("[Content_Types].xml"))
    fonts = sorted(n for n in names if n.startswith("word/fonts/"))
    assert fonts == [f"word/fonts/font{i}.odttf" for i in range(1, 5)]
    defaults = {d.get("Extension"): d.get("ContentType") for d in types.iter(f"{{{CT}}}Default")}
    overrides = {o.get("PartName"): o.get("ContentType")
                 for o in types.iter(f"{{{CT}}}Override")}
    for name in fonts:
        assert overrides.get("/" + name, defaults.get("odttf")) == FONT_TYPE, name
    # the font table relates to them; the document relates to the font table
    rels = xml(docx, "word/_rels/fontTable.xml.rels").findall(f"{{{PR}}}Relationship")
    assert sorted("word/" + r.get("Target") for r in rels) == fonts
    assert all(r.get("Type") == FONT_REL for r in rels)
    doc_rels = xml(docx, "word/_rels/document.xml.rels")
    assert any(r.get("Target") == "fontTable.xml" for r in doc_rels)


def test_each_face_deobfuscates_to_the_theme_font_covering_the_text(abu_dhabi, theme):
    from fontTools.ttLib import TTFont
    docx = abu_dhabi["docx"]
    text = text_characters(docx)
    assert len(text) > 60 and {"A", "z", "7", "."} <= text
    with zipfile.ZipFile(docx) as z:
        raw = {name: z.read(name) for _, _, name in embedded(docx).values()}
    for face, (rel, data, name) in embedded(docx).items():
        assert GUID.fullmatch(rel.get(w("fontKey"))), rel.get(w("fontKey"))
        assert raw[name][:32] != data[:32] and raw[name][32:] == data[32:]  # obfuscated
        assert data[:4] == b"\x00\x01\x00\x00"  # a TrueType font once de-obfuscated
        font = TTFont(io.BytesIO(data))
        assert font["name"].getDebugName(1) == theme.family
        assert font["name"].getDebugName(2) == STYLE_NAMES[face]
        assert "glyf" in font and "GPOS" in font and "GSUB" in font
        font["glyf"]  # every table decompiles
        cmap = font.getBestCmap()
        missing = sorted(ch for ch in text if ord(ch) not in cmap)
        assert not missing, f"{face}: {missing}"
        # and what a reader editing it would type, as far as the theme's font has it
        original = TTFont(theme.font_files[face], lazy=True).getBestCmap()
        for ch in "AZaz09€–—“”…ÄéßŁőΑΩαωАЯаяЇїҐґ№":
            assert (ord(ch) in cmap) == (ord(ch) in original), (face, ch)
        # subset: far smaller than the font file
        assert len(data) < os.path.getsize(theme.font_files[face]) / 4, face


def test_font_table_entry_is_complete(abu_dhabi, theme):
    from fontTools.ttLib import TTFont
    table = xml(abu_dhabi["docx"], "word/fontTable.xml")
    entries = [f for f in table.findall(w("font")) if f.get(w("name")) == theme.family]
    assert len(entries) == 1
    entry = entries[0]
    tags = [etree.QName(child).localname for child in entry]
    assert tags == sorted(tags, key=FONT_CHILDREN.index)  # the schema's order
    assert {"panose1", "charset", "family", "pitch", "sig", *EMBEDS.values()} <= set(tags)
    os2 = TTFont(theme.font_files["regular"], lazy=True)["OS/2"]
    p = os2.panose
    panose = (p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast,
              p.bStrokeVariation, p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight)
    assert entry.find(w("panose1")).get(w("val")) == "".join(f"{b:02X}" for b in panose)
    assert re.fullmatch(r"[0-9A-F]{2}", entry.find(w("charset")).get(w("val")))
    assert entry.find(w("family")).get(w("val")) in (
        "roman", "swiss", "modern", "script", "decorative", "auto")
    assert entry.find(w("pitch")).get(w("val")) == "variable"
    sig = entry.find(w("sig"))
    expect = {"usb0": os2.ulUnicodeRange1, "usb1": os2.ulUnicodeRange2,
              "usb2": os2.ulUnicodeRange3, "usb3": os2.ulUnicodeRange4,
              "csb0": os2.ulCodePageRange1, "csb1": os2.ulCodePageRange2}
    assert {k: sig.get(w(k)) for k in expect} == {k: f"{v:08X}" for k, v in expect.items()}
    keys = [entry.find(w(tag)).get(w("fontKey")) for tag in EMBEDS.values()]
    assert len(set(keys)) == 4  # one key per face
    # the key comes from the font file's content: the same file, the same key
    from briefgen.writers.docx.fonts import font_key
    for face, key in zip(EMBEDS, keys):
        with open(theme.font_files[face], "rb") as fh:
            assert key == font_key(fh.read())


def test_settings_ask_word_to_embed_truetype_fonts(abu_dhabi):
    from briefgen.writers.docx.package import _SETTINGS_ORDER
    settings = xml(abu_dhabi["docx"], "word/settings.xml")
    names = [etree.QName(c).localname for c in settings if etree.QName(c).namespace == W]
    assert "embedTrueTypeFonts" in names and "saveSubsetFonts" in names
    assert "embedSystemFonts" not in names  # not Windows' own fonts
    known = [n for n in names if n in _SETTINGS_ORDER]
    assert known == sorted(known, key=_SETTINGS_ORDER.index)


def test_two_builds_embed_byte_identical_fonts(abu_dhabi, tmp_path):
    again = build(ABU_DHABI, tmp_path, "--format", "docx")["docx"]
    assert hashlib.sha256(again.read_bytes()).digest() == \
        hashlib.sha256(abu_dhabi["docx"].read_bytes()).digest()


def _theme_with(tmp_path, face: str, fs_type: int):
    """A copy of the default theme whose `face` is a copy of the shipped font with
    its OS/2 fsType set to `fs_type`."""
    from fontTools.ttLib import TTFont

    from briefgen.theme import load_theme
    with open(ROOT / "styles" / "default.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    for key in EMBEDS:
        data["font"][key] = str(ROOT / "styles" / data["font"][key])
    font = TTFont(data["font"][face])
    font["OS/2"].fsType = fs_type
    target = tmp_path / f"fsType-{fs_type:04x}.ttf"
    font.save(str(target))
    data["font"][face] = target.name
    data["name"] = "licensed"
    path = tmp_path / "licensed.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return load_theme(str(path)), target


def test_a_font_whose_licence_forbids_embedding_is_refused(tmp_path, abu_outline):
    from briefgen.diagnostics import BriefError
    from briefgen.writers.docx import write_docx
    theme, font = _theme_with(tmp_path, "bold_italic", 0x0002)
    out = tmp_path / "brief.docx"
    with pytest.raises(BriefError) as caught:
        write_docx(abu_outline.document, theme, str(out))
    [problem] = caught.value.diagnostics
    assert problem.file == theme.path and problem.path == "font.bold_italic"
    assert problem.line is not None  # at the font's line in the theme file
    assert "'licensed'" in problem.message and str(font) in problem.message
    assert "licence forbids" in problem.message and "0x0002" in problem.message
    assert not out.exists()


@pytest.mark.parametrize("fs_type", [0x0004, 0x0008, 0x0006])  # print, edit, old style
def test_fonts_that_may_be_embedded_are(tmp_path, abu_outline, fs_type):
    from briefgen.writers.docx import write_docx
    theme, _ = _theme_with(tmp_path, "italic", fs_type)
    out = tmp_path / "brief.docx"
    write_docx(abu_outline.document, theme, str(out))
    assert "word/fonts/font3.odttf" in zipfile.ZipFile(out).namelist()


def test_a_font_that_may_not_be_subset_is_embedded_whole(tmp_path, abu_outline):
    from briefgen.writers.docx import write_docx
    theme, font = _theme_with(tmp_path, "bold", 0x0100)
    out = tmp_path / "brief.docx"
    write_docx(abu_outline.document, theme, str(out))
    faces = embedded(out)
    rel, data, _ = faces["bold"]
    assert data == font.read_bytes()
    assert rel.get(w("subsetted")) is None
    assert faces["regular"][0].get(w("subsetted")) == "1"


def test_libreoffice_draws_the_embedded_font_where_it_is_not_installed(
        abu_dhabi, theme, tmp_path):
    soffice, pdffonts = require_tool("soffice"), require_tool("pdffonts")
    fc_list = require_tool("fc-list")
    from briefgen.pagecheck import hidden_fonts_env  # what `verify --pages` uses too
    env = hidden_fonts_env([theme.family], str(tmp_path))
    visible = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                             env=env, check=True).stdout
    if theme.family.lower() in visible.lower():
        pytest.skip(f"fontconfig still lists {theme.family}: it cannot be hidden here")
    docx = tmp_path / "brief.docx"
    shutil.copy(abu_dhabi["docx"], docx)
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(docx)], check=True, capture_output=True,
                   timeout=240, env=env)
    listing = subprocess.run([pdffonts, str(tmp_path / "brief.pdf")], capture_output=True,
                             text=True, check=True).stdout
    fonts = [line.split()[0].split("+")[-1] for line in listing.splitlines()[2:]]
    base = theme.family.replace(" ", "")
    assert any(f.startswith(base) for f in fonts), listing
    for weight in ("-Bold", "-Italic"):  # headings, subtitle: the other faces, too
        assert any(f == base + weight for f in fonts), listing
    substitutes = [f for f in fonts if not f.startswith(base) and "Mono" not in f]
    assert not substitutes, listing
