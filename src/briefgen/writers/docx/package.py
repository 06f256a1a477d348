"""The package around the document: core and app properties, settings, the parts
python-docx's template brings that do not belong, and a reproducible zip."""

from __future__ import annotations

import datetime as _dt
import io
import os
import zipfile
from ...xmltext import escape

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
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


def save(word, path: str):
    """Save with fixed timestamps, so rebuilds are byte-identical."""
    buffer = io.BytesIO()
    word.save(buffer)
    with open(path, "wb") as out:
        out.write(fixed_zip(buffer.getvalue()))


def fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed dates and file modes: rebuilds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
