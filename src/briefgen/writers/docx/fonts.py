"""Embedded fonts: the theme's four faces in the DOCX, as Word embeds them, so the file
looks the same on a machine without the theme's font.

Each face is subset with fontTools to the characters the document uses plus those a
reader editing it would type (Latin, Greek, Cyrillic, digits, punctuation), then
obfuscated (ECMA-376 Part 1 §17.8.1) into `word/fonts/fontN.odttf`, related from the
font table. The font table's entry for the family describes it (PANOSE, charset,
family, pitch, Unicode and code page ranges) and names each embedded face with its
key. Keys are derived from the font files' contents, so rebuilds are byte-identical.
"""

from __future__ import annotations

import functools
import hashlib
import io
import uuid

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls
from lxml import etree

from ... import fontcut
from ...diagnostics import BriefError, Diagnostic
from ...theme import FONT_FACES, Theme
from . import package
from .ooxml import el, qn

FONT_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED_TAGS = {"regular": "embedRegular", "bold": "embedBold", "italic": "embedItalic",
              "bold_italic": "embedBoldItalic"}
_KEYS = uuid.UUID("6f1c7a52-0c36-5b8e-9d43-2b1f0e8a9c71")  # namespace of the fonts' keys

# OS/2 fsType: what the font's licence allows a document it is embedded in; no bit
# set is installable embedding. Older fonts may set several: the most permissive wins
_RESTRICTED, _PREVIEW, _EDITABLE = 0x0002, 0x0004, 0x0008
_NO_SUBSETTING, _BITMAP_ONLY = 0x0100, 0x0200


def _ranges(*spans) -> frozenset:
    return frozenset(c for lo, hi in spans for c in range(lo, hi + 1))


# what a reader editing the brief would type, beyond the characters it holds already
TYPED = _ranges(
    (0x0020, 0x007E),  # Basic Latin: letters, digits, ASCII punctuation
    (0x00A0, 0x00FF),  # Latin-1: accented letters, £ © ° ± × ÷ « » and the like
    (0x0100, 0x017F),  # Latin Extended-A
    (0x037E, 0x037E), (0x0384, 0x03CE),  # Greek letters, tonos, question mark
    (0x0400, 0x045F), (0x0490, 0x0491),  # Cyrillic, Ukrainian Ґ ґ
    (0x2000, 0x200A), (0x202F, 0x202F),  # the spaces: en, em, thin, narrow no-break
    (0x2010, 0x2027),  # dashes, quotation marks, daggers, bullet, ellipsis
    (0x2030, 0x2030), (0x2032, 0x2033), (0x2039, 0x203A), (0x2044, 0x2044),
    (0x20AC, 0x20AC), (0x20B4, 0x20B4), (0x20BD, 0x20BD),  # € ₴ ₽
    (0x2116, 0x2116), (0x2122, 0x2122),  # № ™
    (0x2190, 0x2193), (0x2212, 0x2212), (0x2248, 0x2248), (0x2260, 0x2260),
    (0x2264, 0x2265), (0x25E6, 0x25E6))  # arrows, − ≈ ≠ ≤ ≥, the white bullet
# ulCodePageRange1 bit -> the Windows charset Word names for it; the first one wins
_CHARSETS = ((0, "00"), (1, "EE"), (2, "CC"), (3, "A1"), (4, "A2"), (5, "B1"), (6, "B2"),
             (7, "BA"), (8, "A3"), (16, "DE"), (17, "80"), (18, "86"), (19, "81"),
             (20, "88"), (21, "82"), (31, "02"))


def font_key(data: bytes) -> str:
    """The `w:fontKey` of a font file: a GUID from its content, `{XXXXXXXX-…}`."""
    name = hashlib.sha256(data).hexdigest()
    return "{" + str(uuid.uuid5(_KEYS, name)).upper() + "}"


def obfuscate(data: bytes, key: str) -> bytes:
    """XOR the first 32 bytes with the key's 16 bytes, in the spec's reversed order,
    twice (ECMA-376 Part 1 §17.8.1). Its own inverse: it de-obfuscates too."""
    digits = key.strip("{}").replace("-", "")
    order = bytes.fromhex(digits)[::-1]
    head = bytes(b ^ order[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def document_characters(word) -> set[str]:
    """Every character of the text in the document's XML parts: the body, headers
    and footers, notes, charts; and the list numbering's bullets."""
    chars: set[str] = set()
    for part in word.part.package.iter_parts():
        name = str(part.partname)
        if not name.startswith("/word/") or name.endswith("/fontTable.xml"):
            continue
        root = getattr(part, "_element", None)
        if root is None:
            if not part.content_type.endswith("xml"):
                continue
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError:
                continue
        # the text nodes, serialized by lxml: iterating over python-docx's elements
        # makes a Python object of each (a fifth of the DOCX's time, for one set)
        chars.update(etree.tostring(root, method="text", encoding="unicode"))
        if root.find(".//" + qn("w:tab")) is not None:
            chars.add("\t")  # what python-docx's w:tab elements give as their text
        for lvl in root.iter(qn("w:lvlText")):
            chars.update(lvl.get(qn("w:val"), ""))
    return chars


def prepare(word, theme: Theme):
    """Check the faces' licences and subset them, ahead of `embed`: the DOCX writer
    calls it once the text is written, while the PDF (whose page numbers are still
    to come, digits a reader types anyway) is being laid out."""
    _faces(word, theme)


def embed(word, theme: Theme):
    """Embed the theme's four faces, subset to the document's characters and what a
    reader would type; describe the family in the font table; tell Word in settings.
    Raise BriefError when a face's licence forbids embedding."""
    faces, info = _faces(word, theme)
    table = word.part.part_related_by(RT.FONT_TABLE)
    root = etree.fromstring(table.blob)
    entry = _entry(theme.family, info)
    for number, (face, key, data, subset) in enumerate(faces, 1):
        part = Part(PackURI(f"/word/fonts/font{number}.odttf"), FONT_CONTENT_TYPE,
                    obfuscate(data, key), word.part.package)
        rel = el("w:" + EMBED_TAGS[face], fontKey=key)
        rel.set(qn("r:id"), table.relate_to(part, RT.FONT))
        if subset:
            rel.set(qn("w:subsetted"), "1")
        entry.append(rel)
    for old in root.findall(qn("w:font")):
        if old.get(qn("w:name")) == theme.family:
            root.remove(old)
    for child in entry:  # indented as the template's entries are
        child.tail = "\n    "
    entry[-1].tail = "\n  "
    entry.text, entry.tail = "\n    ", root.text
    root.insert(0, entry)
    table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                 standalone=True)
    package.settings_child(word, el("w:embedTrueTypeFonts"))
    if any(subset for *_, subset in faces):  # and when Word saves it again
        package.settings_child(word, el("w:saveSubsetFonts"))


def _faces(word, theme: Theme) -> tuple[list, dict]:
    """[(face, key, font to embed, subset?)] in FONT_FACES order, and the font
    table's facts of the regular face; BriefError naming every face that cannot be
    embedded. Worked out once per document: `prepare` and `embed` both ask, and
    what is written between them (page numbers) adds no character."""
    done = getattr(word, "_briefgen_faces", None)
    if done is not None:
        return done
    word._briefgen_faces = done = _work_out_faces(word, theme)
    return done


def _work_out_faces(word, theme: Theme) -> tuple[list, dict]:
    read, problems = {}, []
    for face in FONT_FACES:
        try:
            read[face] = _read(theme, face)
        except BriefError as exc:
            problems += exc.diagnostics
    if problems:
        raise BriefError(problems)
    # what a reader would type, and any other character the brief has (rarely any)
    wanted = TYPED | frozenset(ord(ch) for ch in document_characters(word))
    faces = [(face, font_key(data), *_subset(data, wanted, info["fsType"]))
             for face, (data, info) in read.items()]
    return faces, read["regular"][1]


def _entry(family: str, info: dict):
    """The font table's `w:font` for the family, from the regular face's tables;
    the children in the schema's order, the `w:embed…` ones to follow."""
    entry = etree.fromstring(f'<w:font {nsdecls("w", "r")}/>')
    entry.set(qn("w:name"), family)
    entry.append(el("w:panose1", val=info["panose"]))
    entry.append(el("w:charset", val=info["charset"]))
    entry.append(el("w:family", val=info["family"]))
    entry.append(el("w:pitch", val=info["pitch"]))
    entry.append(el("w:sig", **info["sig"]))
    return entry




def _read(theme: Theme, face: str) -> tuple[bytes, dict]:
    """A face's file and what the font table says of it; BriefError if its licence
    forbids embedding or fontTools cannot read it."""
    path = theme.font_files[face]
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        info = _describe(data)
    except Exception as exc:  # fontTools raises many kinds on a broken file
        raise BriefError([_problem(theme, face, f"cannot read the font file {path} to "
                                   f"embed it in the DOCX: {exc}", None)]) from None
    fs = info["fsType"]
    why = None
    if fs & _RESTRICTED and not fs & (_PREVIEW | _EDITABLE):
        why = f"its licence forbids it (OS/2 fsType 0x{fs:04X}: restricted licence embedding)"
    elif fs & _BITMAP_ONLY:
        why = (f"its licence allows only bitmaps, not outlines, to be embedded (OS/2 "
               f"fsType 0x{fs:04X}: bitmap embedding only)")
    if why:
        raise BriefError([_problem(
            theme, face, f"the font file {path} may not be embedded in the DOCX: {why}",
            "use a font whose licence allows embedding (installable, editable or "
            "preview & print), such as the SIL OFL fonts in styles/fonts")])
    return data, info


def _problem(theme: Theme, face: str, message: str, hint: str | None) -> Diagnostic:
    from ...theme import _key_marks
    line, col = _key_marks(theme.path).get(("font", face), (None, None))
    return Diagnostic(f"theme '{theme.name}': {message}", theme.path, line, col,
                      path=f"font.{face}", hint=hint)


@functools.lru_cache(maxsize=16)
def _describe(data: bytes) -> dict:
    """What the font table says of a face (see `_describe_now`), from briefgen's
    cache when this face was read before: fontTools is then not even imported."""
    import json

    from ... import cache
    entry = cache.key("font table facts 1", data) + ".json"
    return cache.remembered_value("fonts", entry, lambda: _describe_now(data),
                                  lambda facts: json.dumps(facts).encode(), json.loads)


def _describe_now(data: bytes) -> dict:
    from fontTools.ttLib import TTFont
    with fontcut.quiet():
        font = TTFont(io.BytesIO(data), lazy=True)
        os2 = font["OS/2"] if "OS/2" in font else None
        # isFixedPitch, read from the post table's header: decoding the whole table
        # (every glyph's name) would take longer than the rest
        post = font.reader["post"] if "post" in font.reader else b""
        fixed = len(post) >= 16 and int.from_bytes(post[12:16], "big") != 0
    if os2 is None:  # an Apple font without Windows metrics: nothing to go by
        return {"fsType": 0, "panose": "0" * 20, "charset": "00", "family": "auto",
                "pitch": "fixed" if fixed else "variable",
                "sig": dict.fromkeys(("usb0", "usb1", "usb2", "usb3", "csb0", "csb1"),
                                     "00000000")}
    p = os2.panose
    panose = (p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast,
              p.bStrokeVariation, p.bArmStyle, p.bLetterForm, p.bMidline, p.bXHeight)
    pages = (getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0))
    charset = next((cs for bit, cs in _CHARSETS if pages[0] >> bit & 1), "00")
    return {
        "fsType": os2.fsType,
        "panose": "".join(f"{b:02X}" for b in panose),
        "charset": charset,
        "family": _family(os2.sFamilyClass >> 8, panose),
        "pitch": "fixed" if fixed or panose[3] == 9 else "variable",
        "sig": {"usb0": f"{os2.ulUnicodeRange1:08X}", "usb1": f"{os2.ulUnicodeRange2:08X}",
                "usb2": f"{os2.ulUnicodeRange3:08X}", "usb3": f"{os2.ulUnicodeRange4:08X}",
                "csb0": f"{pages[0]:08X}", "csb1": f"{pages[1]:08X}"}}


def _family(font_class: int, panose: tuple) -> str:
    """Word's generic family (w:family), from the IBM font class, else PANOSE."""
    if 1 <= font_class <= 7:
        return "roman"
    by_class = {8: "swiss", 9: "decorative", 10: "script", 12: "decorative"}
    if font_class in by_class:
        return by_class[font_class]
    kind, serif, _, proportion = panose[:4]
    if kind == 2:  # Latin text
        if proportion == 9:
            return "modern"
        if 11 <= serif <= 13:
            return "swiss"
        if 2 <= serif <= 10:
            return "roman"
    return {3: "script", 4: "decorative"}.get(kind, "auto")


def _subset(data: bytes, unicodes: frozenset, fs_type: int) -> tuple[bytes, bool]:
    """The face cut down to `unicodes` (the whole font if its licence forbids
    subsetting), with its layout features and glyph names, without hinting;
    and whether it was cut."""
    if fs_type & _NO_SUBSETTING:
        return data, False
    return fontcut.cut(data, unicodes), True





