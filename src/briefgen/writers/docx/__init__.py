"""DOCX writer: a visitor that turns the document model into a Word file.

Split by concern: `styles` (the style sheet, from the theme), `blocks`
(paragraphs, headings, cover, contents, boxes), `lists` (numbering),
`tables`, `figures` (images, and native charts from `charts`), `notes` (the
footnotes part and the marks in the text), `fields` (TOC, PAGE, SEQ with
cached results), `page` (headers, footers, the cover's bands), `fonts` (the
theme's faces, subset and embedded as Word embeds them) and `package`
(properties, settings, the zip).
Fields are written with their results in place, so the file reads correctly
before any field update.
"""

from __future__ import annotations

import docx
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph

from ...hyphenate import hyphenator
from ...model import Document
from ...theme import Theme
from ..base import Visitor
from . import fonts, package
from .blocks import Blocks
from .figures import Figures, place_figures
from .lists import Lists, Numbering
from .notes import Notes
from .ooxml import added_since, hexa, last_content
from .page import setup_pages
from .styles import LIST_STYLES, WORD_STYLES, StyleSheet, word_style_name
from .tables import Tables

__all__ = ["DocxWriter", "write_docx", "word_style_name", "WORD_STYLES", "LIST_STYLES"]


class DocxWriter(Blocks, Lists, Tables, Figures, Notes, Visitor):
    """Writes a Document as a Word file with python-docx."""

    def __init__(self, document: Document, theme: Theme):
        self.doc, self.theme = document, theme
        # cached field results filled in by finish(), once the PDF is laid out
        self.page_slots: list = []  # (heading id, w:t of its PAGEREF result)
        self.total_slots: list = []  # w:t of each NUMPAGES result
        self.word = docx.Document()
        self.body = self.word._body  # where blocks go: the body or a table cell
        self.bookmarks: dict = {}  # model id -> Word bookmark name
        self.next_bookmark = 0
        self.toc_names: dict = {}  # heading id -> _Toc bookmark
        self.break_before = False
        self.lists: list = []  # (numId, shape) of the lists being written, outermost first
        self.box = None  # the kind of box being written, if any
        self.box_paragraphs: list = []
        self.box_first = False  # the next paragraph opens a box
        self.block_elements: list = []  # body elements of each top-level block, in order
        self.last_box = None  # (its last paragraph, kind, borders one shade off)
        # the space the PDF leaves under the block last written (see Blocks.gap_above)
        self.pdf_after = self.docx_after = self.space_next = 0.0
        self.credit = 0.0  # points the next gap gives up to a drawing taller than the PDF's
        self.merged_gap = 0.0
        self.merged_gaps: dict = {}  # w:p -> its space above, should the PDF merge it
        self.after_keep = False  # the last paragraph keeps with the next (the PDF's rule)
        self.column = None  # (text width, theme style) of the table cell being written
        self.hyphenate = hyphenator(document.meta.language)
        self.drawings = 0  # wp:docPr ids given so far
        self.chart_count = 0  # native charts: /word/charts/chartN.xml
        self.note_numbers = {note.id: note.number for note in document.notes}  # '_fnN' -> N
        self.styles = StyleSheet(self.word, theme, document.meta.language)
        self.style_ids = {name: st.style_id for name, st in self.styles.by_name.items()}
        self.numbering = Numbering(self.word.part.numbering_part, theme)
        self.numbering.bind_styles(self.styles)
        self.muted = hexa(theme.color("muted"))
        setup_pages(self)

    def render(self):
        """Everything but the page numbers, which the PDF's layout gives (finish)."""
        body = self.word.element.body
        for block in self.doc.blocks:  # the body's elements each top-level block made
            mark = last_content(body)  # (new ones go before the section properties)
            self.visit(block)
            self.block_elements.append(added_since(body, mark))
        self.end_body()
        self.write_notes()
        package.core_properties(self.word, self.doc.meta)
        package.settings(self.word, self.doc.meta.language)
        package.drop_leftovers(self.word)
        package.embed_mammoth_style_map(self.word)
        fonts.prepare(self.word, self.theme)  # the slow part, while the PDF is laid out
        return self

    def finish(self, pagination: dict | None, path: str):
        """Fill in the contents' page numbers, the page count and the app properties,
        embed the fonts (subset to the text, now complete), then save."""
        pages = (pagination or {}).get("pages", {})
        total = (pagination or {}).get("total")
        place_figures(self, (pagination or {}).get("moved", {}))
        for index in (pagination or {}).get("merged", ()):
            # a heading whose space above merged with the figures that waited before it
            for p in self.block_elements[index][:1]:
                if p in self.merged_gaps:
                    WordParagraph(p, None).paragraph_format.space_before = \
                        Pt(self.merged_gaps[p])
        for ident, text in self.page_slots:
            text.text = str(pages.get(ident, ""))
        for text in self.total_slots:
            text.text = str(total or 1)
        package.app_properties(self.word, self.doc.meta.organization, total)
        if self.packed is None:
            fonts.embed(self.word, self.theme)
        package.save(self.word, path, self.packed)

    packed = None  # the files deflated before the page numbers came (`pack`)

    def pack(self):
        """Embed the fonts and deflate every file while the PDF is laid out; `finish`
        then deflates again only what the page numbers change (the document, its
        footers, the app properties). The fonts need not wait: the page numbers'
        digits are among the characters every subset keeps (fonts.TYPED)."""
        fonts.embed(self.word, self.theme)
        self.packed = package.pack(package.members(self.word))
        return self


def write_docx(document: Document, theme: Theme, path: str, pagination: dict | None = None):
    """Write the DOCX; page numbers in the contents come from the PDF's pagination."""
    DocxWriter(document, theme).render().finish(pagination, path)
