"""The package around the document: core and app properties, settings, the parts
python-docx's template brings that do not belong, and a reproducible zip."""

from __future__ import annotations

import datetime as _dt
import io
import os
import struct
import zipfile
import zlib
from ...xmltext import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.pkgwriter import PackageWriter
from docx.opc.part import Part

from ... import __version__
from .ooxml import TWIPS, W_P, el, put, text_of, qn

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
HYPHENATION_ZONE = 36  # points
# the template's parts with nothing of ours in them: a blank thumbnail, a stale copy
# of its styles (which Word 2010 would read instead of ours), a bibliography store
_LEFTOVERS = {RT.THUMBNAIL, RT.CUSTOM_XML,
              "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
# mammoth (DOCX to HTML) reads a style map from the file itself; its default map
# knows headings, not a title
MAMMOTH_STYLE_MAP = """\
p[style-name='Title'] => h1.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='Author'] => p.author:fresh
p[style-name='Date'] => p.date:fresh
p[style-name='Caption'] => p.caption:fresh
"""
_MAMMOTH_PART, _MAMMOTH_TYPE = "/mammoth/style-map", "text/prs.mammoth.style-map"
_MAMMOTH_REL = "http://schemas.zwobble.org/mammoth/style-map"
_SETTINGS_ORDER = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    "embedSystemFonts", "saveSubsetFonts", "saveFormsData", "mirrorMargins",
    "alignBordersAndEdges", "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter",
    "gutterAtTop", "hideSpellingErrors", "hideGrammaticalErrors", "activeWritingStyle",
    "proofState", "formsDesign", "attachedTemplate", "linkStyles", "stylePaneFormatFilter",
    "stylePaneSortMethod", "documentType", "mailMerge", "revisionView", "trackRevisions",
    "doNotTrackMoves", "doNotTrackFormatting", "documentProtection", "autoFormatOverride",
    "styleLockTheme", "styleLockQFSet", "defaultTabStop", "autoHyphenation",
    "consecutiveHyphenLimit", "hyphenationZone", "doNotHyphenateCaps", "showEnvelope",
    "summaryLength", "clickAndTypeStyle", "defaultTableStyle", "evenAndOddHeaders",
    "bookFoldRevPrinting", "bookFoldPrinting", "bookFoldPrintingSheets",
    "drawingGridHorizontalSpacing", "drawingGridVerticalSpacing",
    "displayHorizontalDrawingGridEvery", "displayVerticalDrawingGridEvery",
    "doNotUseMarginsForDrawingGridOrigin", "drawingGridHorizontalOrigin",
    "drawingGridVerticalOrigin", "doNotShadeFormData", "noPunctuationKerning",
    "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars",
    "noLineBreaksAfter", "noLineBreaksBefore", "savePreviewPicture",
    "doNotValidateAgainstSchema", "saveInvalidXml", "ignoreMixedContent",
    "alwaysShowPlaceholderText", "doNotDemarcateInvalidXml", "saveXmlDataOnly",
    "useXSLTWhenSaving", "saveThroughXslt", "showXMLTags", "alwaysMergeEmptyNamespace",
    "updateFields", "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars",
    "rsids", "mathPr", "attachedSchema", "themeFontLang", "clrSchemeMapping",
    "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade", "captions",
    "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults",
    "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")


def core_properties(word, meta):
    """Title, subject, authors, keywords, language and dates, as in the PDF's info."""
    props = word.core_properties
    props.title = meta.title
    props.subject = meta.subtitle or ""
    props.comments = meta.subtitle or ""
    props.author = "; ".join(meta.authors) or (meta.organization or "")
    props.keywords = ", ".join(meta.keywords)
    props.last_modified_by = "briefgen"
    props.revision = 1
    props.language = meta.language
    props.created = props.modified = stamp(meta.date)
    printed = props._element.find(qn("cp:lastPrinted"))
    if printed is not None:  # never printed
        props._element.remove(printed)


def stamp(day) -> _dt.datetime:
    """SOURCE_DATE_EPOCH, else the brief's date, else a fixed day: rebuilds agree."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None)
    if day is not None:
        return _dt.datetime(day.year, day.month, day.day)
    return _dt.datetime(2000, 1, 1)


def settings(word, language: str):
    """Hyphenate automatically (styles say where), by the document's language."""
    root = word.settings.element
    preview = root.find(qn("w:savePreviewPicture"))
    if preview is not None:  # no thumbnail is shipped, none is to be made
        root.remove(preview)
    put(root, el("w:autoHyphenation"), _SETTINGS_ORDER)
    # hyphenate a word only when it starts farther than this from the line's end:
    # long words that would leave a gaping line, as the PDF does
    put(root, el("w:hyphenationZone", val=HYPHENATION_ZONE * TWIPS), _SETTINGS_ORDER)
    put(root, el("w:doNotHyphenateCaps"), _SETTINGS_ORDER)
    put(root, el("w:themeFontLang", val=language), _SETTINGS_ORDER)


def settings_child(word, child):
    """Put `child` into settings.xml at its place, replacing one of the same tag."""
    return put(word.settings.element, child, _SETTINGS_ORDER)


def drop_leftovers(word):
    for rels in (word.part.package.rels, word.part.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype in _LEFTOVERS:
                del rels[rid]


def embed_mammoth_style_map(word):
    part = Part(PackURI(_MAMMOTH_PART), _MAMMOTH_TYPE, MAMMOTH_STYLE_MAP.encode("utf-8"),
                word.part.package)
    word.part.relate_to(part, _MAMMOTH_REL)


def statistics(body) -> dict:
    """Words and characters of the body as Word counts them (field codes left out)."""
    words = chars = spaced = paragraphs = 0
    for p in body.iter(W_P):
        text = text_of(p)
        if p.find(W_P) is not None or not text.strip():
            continue
        paragraphs += 1
        pieces = text.split()  # split() cuts at exactly what isspace() calls a space
        words += len(pieces)
        spaced += len(text)
        chars += sum(map(len, pieces))
    return {"Words": words, "Characters": chars, "CharactersWithSpaces": spaced,
            "Paragraphs": paragraphs}


def app_properties(word, organization: str | None, pages: int | None):
    """docProps/app.xml: the application that made the file, its page count (the
    PDF's) and word counts."""
    counts = statistics(word.element.body)
    if pages:
        counts = {"Pages": pages, **counts}
    lines = [f"<Application>briefgen {escape(__version__)}</Application>",
             "<DocSecurity>0</DocSecurity>"]
    lines += [f"<{key}>{value}</{key}>" for key, value in counts.items()]
    if organization:
        lines.append(f"<Company>{escape(organization)}</Company>")
    lines += ["<LinksUpToDate>false</LinksUpToDate>", "<SharedDoc>false</SharedDoc>",
              "<HyperlinksChanged>false</HyperlinksChanged>"]
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
           'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
           '2006/docPropsVTypes">' + "".join(lines) + "</Properties>")
    part = word.part.package.part_related_by(RT.EXTENDED_PROPERTIES)
    part._blob = xml.encode("utf-8")


def members(word) -> list:
    """The package's files, in the order python-docx writes them (content types,
    package relationships, then each part and its relationships): [(name, bytes)]."""
    pkg = word.part.package
    parts = list(pkg.parts)
    for part in parts:
        part.before_marshal()
    collected: list = []

    class _Collect:  # what python-docx's zip writer is handed, kept instead
        @staticmethod
        def write(uri, blob):
            collected.append((uri.membername, blob))
    PackageWriter._write_content_types_stream(_Collect, parts)
    PackageWriter._write_pkg_rels(_Collect, pkg.rels)
    PackageWriter._write_parts(_Collect, parts)
    return collected


def pack(files, earlier: dict | None = None) -> dict:
    """Each file deflated: {name: (bytes, CRC-32, deflated)}, in order. A file whose
    bytes `earlier` (an earlier pack) holds already keeps its deflated copy: the DOCX
    child packs what it rendered while the PDF is laid out, and only the parts the page
    numbers change are deflated again after."""
    out = {}
    for name, blob in files:
        known = (earlier or {}).get(name)
        if known is not None and known[0] == blob:
            out[name] = known
            continue
        squeeze = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        out[name] = (blob, zlib.crc32(blob), squeeze.compress(blob) + squeeze.flush())
    return out


def save(word, path: str, earlier: dict | None = None):
    """Save with fixed timestamps, so rebuilds are byte-identical; `earlier`: see
    `pack`."""
    with open(path, "wb") as out:
        out.write(zipped(pack(members(word), earlier)))


# a zip's records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16), with what Python's zipfile
# writes in their fields, so the bytes are those `zipfile` would write
_LOCAL, _CENTRAL, _END = "<4s2B4HL2L2H", "<4s4B4HL2L5H2L", "<4s4H2LH"
_VERSION, _UNIX, _MODE = 20, 3, 0o644 << 16
_DOS_DATE = (ZIP_DATE[0] - 1980) << 9 | ZIP_DATE[1] << 5 | ZIP_DATE[2]
_DOS_TIME = ZIP_DATE[3] << 11 | ZIP_DATE[4] << 5 | ZIP_DATE[5] // 2


def zipped(packed: dict) -> bytes:
    """A zip of packed files (`pack`), deflated, dated ZIP_DATE, mode 644."""
    out, central = io.BytesIO(), []
    for name, (blob, crc, deflated) in packed.items():
        try:
            raw, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:  # as zipfile does: UTF-8, and the flag that says so
            raw, flags = name.encode("utf-8"), 0x800
        fields = (zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE, crc, len(deflated), len(blob),
                  len(raw))
        central.append(struct.pack(_CENTRAL, b"PK\x01\x02", _VERSION, _UNIX, _VERSION, 0,
                                   flags, *fields, 0, 0, 0, 0, _MODE, out.tell()) + raw)
        out.write(struct.pack(_LOCAL, b"PK\x03\x04", _VERSION, 0, flags, *fields, 0) + raw)
        out.write(deflated)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack(_END, b"PK\x05\x06", 0, 0, len(central), len(central),
                          out.tell() - start, start, 0))
    return out.getvalue()


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed dates and file modes: rebuilds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    return zipped(pack((info.filename, src.read(info.filename)) for info in src.infolist()))
