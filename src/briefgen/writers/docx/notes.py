"""Footnotes as Word writes them, mixed into the writer.

The footnotes part (word/footnotes.xml) holds Word's two separators (the short
rule above the notes, the full-width rule above a note continued from the page
before: ids -1 and 0, named again in settings.xml) and then one `w:footnote`
per note, in number order, its id the note's number. Each note is a paragraph
in Word's own "footnote text" style, starting with its number (`w:footnoteRef`,
in the "footnote reference" style) and a tab to the hanging indent, as in the
PDF; its spans are written like any other (links and citations are hyperlinks:
internal ones point to bookmarks in the document, external ones are related
from the footnotes part). In the text a note's mark is a `w:footnoteReference`
run: Word and LibreOffice number and place the notes themselves.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.text.paragraph import Paragraph as WordParagraph
from lxml.etree import SubElement

from ...model import Paragraph, walk_blocks
from .package import settings_child
from .ooxml import W_P, W_R, W_RPR, W_VAL, el, qn, set_ppr, set_style
from .styles import FOOTNOTE_REFERENCE, FOOTNOTE_TEXT

_W_ID = qn("w:id")
_W_FOOTNOTE, _W_RSTYLE, _W_TAB = qn("w:footnote"), qn("w:rStyle"), qn("w:tab")
# the notes Word keeps before the real ones: (w:id, w:type and the tag
# of the run's one element)
_SEPARATORS = (("-1", "separator"), ("0", "continuationSeparator"))
# what follows w:footnotePr in a w:sectPr
_AFTER_FOOTNOTE_PR = tuple(f"w:{t}" for t in (
    "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType",
    "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
    "rtlGutter", "docGrid", "printerSettings", "sectPrChange"))


class Notes:
    """The footnotes part and the marks that refer to it."""

    def note_reference(self, p, span) -> bool:
        """The mark of a note in the text: Word's footnote reference, which shows the
        note's number. False if `span` names no note of the document."""
        number = self.note_numbers.get((span.href or "#")[1:])
        if number is None:
            return False
        run = SubElement(p, W_R)
        rpr = SubElement(run, W_RPR)
        SubElement(rpr, _W_RSTYLE).set(W_VAL, self.style_ids[FOOTNOTE_REFERENCE])
        SubElement(run, qn("w:footnoteReference")).set(_W_ID, str(number))
        return True

    def write_notes(self):
        """word/footnotes.xml with every note, and the settings that name the separators.
        Nothing when the brief has no notes."""
        if not self.doc.notes:
            return
        part = self._footnotes_part()
        root = part.element
        for ident, kind in _SEPARATORS:
            note = SubElement(root, _W_FOOTNOTE)
            note.set(qn("w:type"), kind)
            note.set(_W_ID, ident)
            p = SubElement(note, W_P)  # as Word writes it: none of Normal's spacing
            set_ppr(p, el("w:spacing", after=0, line=240, lineRule="auto"))
            SubElement(SubElement(p, W_R), qn(f"w:{kind}"))
        for note in self.doc.notes:
            self._note(root, part, note)
        _number_notes(self.word)

    def _footnotes_part(self):
        root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root,
                       self.word.part.package)
        self.word.part.relate_to(part, RT.FOOTNOTES)
        return part

    def _note(self, root, part, note):
        element = SubElement(root, _W_FOOTNOTE)
        element.set(_W_ID, str(note.number))
        paragraphs = [b for b in walk_blocks(note.blocks) if isinstance(b, Paragraph)]
        for i, block in enumerate(paragraphs or [Paragraph(())]):
            p = SubElement(element, W_P)
            set_style(p, self.style_ids[FOOTNOTE_TEXT])
            if i == 0:
                run = SubElement(p, W_R)
                rpr = SubElement(run, W_RPR)
                SubElement(rpr, _W_RSTYLE).set(W_VAL, self.style_ids[FOOTNOTE_REFERENCE])
                # full size on the line, as in the PDF (superscript is for the text)
                SubElement(rpr, qn("w:vertAlign")).set(W_VAL, "baseline")
                SubElement(run, qn("w:footnoteRef"))
                SubElement(SubElement(p, W_R), _W_TAB)  # to the hanging indent
            self.runs(WordParagraph(p, part), block.inlines)


def _number_notes(word):
    """Settings name the separators (as Word writes them); each section numbers its
    notes 1, 2, 3… through the document, at the foot of the page."""
    props = el("w:footnotePr")
    for ident, _ in _SEPARATORS:
        props.append(el("w:footnote", id=ident))
    settings_child(word, props)
    for section in word.sections:
        sect = section._sectPr
        old = sect.find(qn("w:footnotePr"))
        if old is not None:
            sect.remove(old)
        props = el("w:footnotePr")
        props.append(el("w:pos", val="pageBottom"))
        props.append(el("w:numFmt", val="decimal"))
        props.append(el("w:numRestart", val="continuous"))
        sect.insert_element_before(props, *_AFTER_FOOTNOTE_PR)
