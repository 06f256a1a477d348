"""Paragraph-level blocks: text runs and links, headings, the cover, the contents
and the boxes, mixed into the writer."""

from __future__ import annotations

import math
import re

from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt
from docx.text.paragraph import Paragraph as WordParagraph
from lxml.etree import SubElement

from ...hyphenate import break_points, column_breaks, is_url
from ...model import Box, Cover, Heading, Paragraph, walk_blocks
from ...theme import font_face, font_names
from . import fields
from .ooxml import W_P, W_R, W_RPR, W_SECTPR, W_T, W_VAL, add_border, el, keep_lines, qn, \
    keep_next, set_ppr, set_style
from .styles import AUTHOR, BOX_STYLES, DATE, word_style_name

_W_BR, _W_B, _W_I = qn("w:br"), qn("w:b"), qn("w:i")
_W_RSTYLE, _W_COLOR, _W_HYPERLINK = qn("w:rStyle"), qn("w:color"), qn("w:hyperlink")
_XML_SPACE, _W_TBL, _W_SOFTHYPHEN = qn("xml:space"), qn("w:tbl"), qn("w:softHyphen")
BOX_BEFORE, BOX_AFTER = 4, 10  # points above and below a box, as in the PDF
KEEP_BOX = 0.9  # share of a page's text height up to which a box keeps together (the PDF's rule)


class Blocks:
    """Visit methods for everything but lists and tables."""

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, style: str, word_style: str | None = None, keeps: bool = False,
                  before: float | None = None):
        """A new paragraph where blocks go now; inside a box, in the style's boxed twin.

        `keeps`: the PDF asks for room for it and what follows (a heading, a table's
        caption, a lead-in); `before`: its own space above, if not its style's. The
        space above is set so that LibreOffice leaves the PDF's gap (`gap_above`)."""
        para = self.new_paragraph()
        style_id = self.style_ids[word_style or word_style_name(style)]
        if self.box:
            style_id = self.styles.framed(style_id, self.box)
            self.box_paragraphs.append(para._p)
        set_style(para._p, style_id)
        look = self.styles.looks.get(style_id)
        own = before if before is not None else (look.space_before if look else 0.0)
        if self.box and self.box_first:  # the box's own space above; none at its top
            own, self.box_first = BOX_BEFORE, False
        after = look.space_after if look else 0.0
        if self.body is not self.word._body:  # a table cell: its own flow
            if before is not None:
                para.paragraph_format.space_before = Pt(before)
            return para
        if self.break_before:
            set_ppr(para._p, el("w:pageBreakBefore"))
            self.break_before = False
            gap = 0.0  # the PDF drops the space above at the top of a page
        else:
            gap = self.gap_above(own, keeps and not self.box)
            if keeps and self.merged_gap != gap:  # if the PDF merges them after all
                self.merged_gaps[para._p] = self.merged_gap
        if gap != (look.space_before if look else 0.0):
            para.paragraph_format.space_before = Pt(gap)
        if self.after_keep and not self.box:
            # kept with the heading or lead-in above it, whole, as reportlab keeps the
            # flowable after a keep-with-next paragraph
            keep_lines(para._p)
        self.pdf_after, self.docx_after, self.space_next, self.credit = after, after, 0.0, 0.0
        self.after_keep = bool(look and look.keep_with_next) or keeps
        return para

    def gap_above(self, own: float, keeps: bool) -> float:
        """The space above a paragraph that gives the PDF's gap in LibreOffice.

        reportlab's frame merges a flowable's space above with the space under the
        one before (the larger of the two is left), as LibreOffice does, except where
        a spacer or a conditional page break stands between them: there, both (and
        the spacer) are left. Such a break stands before each heading, caption and
        lead-in, unless a lead-in or heading stands right before it."""
        merged = max(0.0, max(self.pdf_after, own) - self.credit)
        if self.space_next or (keeps and not self.after_keep):
            gap = self.pdf_after + self.space_next + own
        else:
            gap = max(self.pdf_after, own)
        gap = max(0.0, gap - self.credit)  # room a taller drawing above took already
        # what LibreOffice leaves is the larger of the space under the paragraph
        # before and this one's space above; the space under cannot shrink
        self.merged_gap = merged if merged > self.docx_after else own
        return gap if gap > self.docx_after else own

    def ended_block(self, after: float, extra: float = 0.0, docx_after: float = 0.0):
        """A table, box, list or figure ended: the PDF leaves `after` under it (merged
        with the next space above) and `extra` more (a spacer); the DOCX `docx_after`."""
        self.pdf_after, self.space_next, self.docx_after = after, extra, docx_after
        self.after_keep, self.credit = False, 0.0

    def runs(self, paragraph, inlines):
        p = paragraph._p
        for span in inlines:
            if span.kind == "break":
                SubElement(SubElement(p, W_R), _W_BR)
            elif span.kind == "note" and self.note_reference(p, span):
                continue
            elif span.href:
                self._hyperlink(paragraph, span)
            else:
                self._run(p, span)

    def _run(self, parent, span, style_id: str | None = None):
        """A w:r with the span's text and emphasis, built directly (python-docx's
        run API is slow for long briefs)."""
        run = SubElement(parent, W_R)
        if style_id or span.bold or span.italic or span.code:
            rpr = SubElement(run, W_RPR)
            if style_id:
                SubElement(rpr, _W_RSTYLE).set(W_VAL, style_id)
            if span.bold:
                SubElement(rpr, _W_B)
            if span.italic:
                SubElement(rpr, _W_I)
            if span.code:
                SubElement(rpr, _W_COLOR).set(W_VAL, self.muted)
        for i, piece in enumerate(self.column_pieces(span) if self.column else [span.text]):
            if i:  # where the PDF may break a word too wide for its column
                SubElement(run, _W_SOFTHYPHEN)
            text = SubElement(run, W_T)
            text.text = piece
            if piece[:1].isspace() or piece[-1:].isspace():
                text.set(_XML_SPACE, "preserve")
        return run

    def column_pieces(self, span) -> list[str]:
        """The span's text cut where a word too wide for the table column being
        written may break, at the same points as in the PDF (`column_breaks`):
        optional hyphens there, and no automatic hyphenation anywhere, so words
        that fit their column wrap whole in Word and LibreOffice too."""
        width, look = self.column
        face = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
                (True, True): "bold_italic"}[(look.bold or span.bold, look.italic or span.italic)]
        font = font_face(font_names(self.theme)[face], self.theme.font_files[face])
        pairs = column_breaks(self.hyphenate,
                              lambda text: font.stringWidth(text, look.size) <= width)
        pieces, at = [""], 0
        for word in re.split(r"(\s+)", span.text):
            cuts = [] if not word or word.isspace() or is_url(word) else \
                break_points(word, pairs)
            start = 0
            for cut in cuts:
                pieces[-1] += word[start:cut]
                pieces.append("")
                start = cut
            pieces[-1] += word[start:]
        return pieces

    def _hyperlink(self, paragraph, span):
        link = SubElement(paragraph._p, _W_HYPERLINK)
        if span.href.startswith("#"):
            link.set(qn("w:anchor"), self.bookmark_name(span.href[1:]))
        else:
            rid = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), rid)
        self._run(link, span, self.style_ids["Brief Link"])

    # ---------------------------------------------------------------- bookmarks
    def bookmark_name(self, ident: str) -> str:
        """Word bookmark names: a letter first, letters, digits and '_', 40 at most."""
        if ident not in self.bookmarks:
            base = re.sub(r"[^A-Za-z0-9_]", "_", ident).strip("_")[:30] or "id"
            self.next_bookmark += 1
            self.bookmarks[ident] = f"{'_' if ident.startswith('_') else ''}" \
                                    f"b{self.next_bookmark}_{base}"[:40]
        return self.bookmarks[ident]

    def add_bookmark(self, paragraph, name: str):
        self.next_bookmark += 1
        bid = str(self.next_bookmark)
        p = paragraph._p
        props = p.find(qn("w:pPr"))
        p.insert(p.index(props) + 1 if props is not None else 0,
                 el("w:bookmarkStart", id=bid, name=name))
        p.append(el("w:bookmarkEnd", id=bid))

    def toc_names_for(self, ident: str) -> str:
        """The _Toc bookmark a heading will get (headings come after the contents)."""
        if ident not in self.toc_names:
            self.toc_names[ident] = f"_Toc{len(self.toc_names) + 1:06d}"
        return self.toc_names[ident]

    # ---------------------------------------------------------------- blocks
    def visit_Paragraph(self, p: Paragraph):
        style = "body" if p.style == "list_item" and not self.lists else p.style
        # a lead-in (or a style kept with the next) asks for room in the PDF, outside lists
        keeps = (p.keep_with_next or self.theme.style(style).keep_with_next) \
            and not self.lists if style in self.theme.styles else p.keep_with_next
        para = self.paragraph(style, keeps=bool(keeps))
        self.runs(para, p.inlines)
        if p.keep_with_next:
            keep_next(para._p)
        if p.anchor:
            self.add_bookmark(para, self.bookmark_name(p.anchor))
        return para

    def visit_Heading(self, h: Heading):
        para = self.paragraph(f"h{h.level}", keeps=True)
        if h.number:
            para.add_run(h.number + (" " if h.number.endswith(":") else "\u00a0\u00a0"))
        para.add_run(h.text)
        self.add_bookmark(para, self.bookmark_name(h.id))
        if h.in_toc:
            self.add_bookmark(para, self.toc_names_for(h.id))

    def visit_Quote(self, q):
        for block in q.blocks:
            self.visit(block)

    def visit_Preformatted(self, pre):
        para = self.paragraph("code")
        for i, line in enumerate(pre.text.split("\n")):
            if i:
                para.add_run().add_break()
            para.add_run(line)

    def visit_PageBreak(self, _):
        self.break_before = True

    def visit_Cover(self, c: Cover):
        """Title, subtitle, date and authors first, in the styles readers take the
        document's metadata from; the organization is in the cover's header."""
        title = self.paragraph("title")
        title.add_run(c.title)
        if not c.organization:  # room the organization's line takes otherwise
            title.paragraph_format.space_before = Pt(36)
        if c.subtitle:
            self.paragraph("subtitle").add_run(c.subtitle)
        lines = []
        if c.date:
            lines.append(self.paragraph("", DATE))
            lines[-1].add_run(c.date)
        for author in c.authors:
            lines.append(self.paragraph("", AUTHOR))
            lines[-1].add_run(author)
        if c.version:
            lines.append(self.paragraph("cover_meta"))
            lines[-1].add_run(self.doc.meta.label("version", version=c.version))
        if not lines:
            lines.append(self.paragraph("cover_meta"))
        add_border(lines[0]._p, "top", self.theme.color("accent"), 10, 6)
        # room under the cover, as an empty body line's, in the last line's spacing
        body, meta = self.theme.style("body"), self.theme.style("cover_meta")
        lines[-1].paragraph_format.space_after = Pt(meta.space_after + body.space_before
                                                    + body.leading + body.space_after)

    def visit_Contents(self, c):
        self.paragraph("h1", "TOC Heading", keeps=True).add_run(c.title)
        width = Pt(self.theme.frame_width)
        last = None
        for i, entry in enumerate(c.entries):
            para = self.paragraph(f"toc{min(entry.level, 3)}")
            para.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT,
                                                         WD_TAB_LEADER.DOTS)
            if i == 0:
                fields.begin_field(para._p, 'TOC \\o "1-3" \\h \\z \\u')
            toc = self.toc_names_for(entry.id)
            link = el("w:hyperlink", anchor=toc, history=1)
            para._p.append(link)
            link.append(para.add_run(entry.label + "\t")._r)
            runs = fields.field_runs(f"PAGEREF {toc} \\h", "")
            for run in runs:
                link.append(run)
            self.page_slots.append((entry.id, runs[3][0]))
            last = para
        if last is not None:
            fields.end_field(last._p)

    def visit_Box(self, box: Box):
        """A box is a run of paragraphs in boxed styles: the same rule and shading on
        each, so Word and LibreOffice draw them as one box. A short box keeps together."""
        outer = (self.box, self.box_paragraphs)
        kind = box.kind if box.kind in BOX_STYLES else "callout"
        above = self.last_box if self.last_box and self.last_box[1] == kind and \
            self.last_box[0] is not None and self.last_box[0] is self.block_before() else None
        self.box = kind
        self.box_paragraphs = []
        self.box_first = True  # its first paragraph has the box's space above
        if box.title:
            self.paragraph("box_title").add_run(box.title)
        for label, blocks in box.parts:
            if label:
                self.paragraph("callout_label").add_run(label.upper())
            self.visit_all(blocks)
        made = self.box_paragraphs
        self.box, self.box_paragraphs = outer
        if self._box_height(box) <= KEEP_BOX * self._text_height():
            for p in made:
                keep_lines(p)
            for p in made[:-1]:
                keep_next(p)
        # a box right under another of its kind is shaded one shade off, or Word and
        # LibreOffice would draw the two as one box (StyleSheet.unjoin)
        odd = above is not None and not above[2]
        if odd:
            for p in made:
                self.styles.unjoin(p, kind)
        self.last_box = (made[-1] if made else None, kind, odd)
        if made:  # the PDF's box ends with its padding: no space under its last paragraph
            WordParagraph(made[-1], None).paragraph_format.space_after = Pt(0)
        self.ended_block(BOX_AFTER)

    def end_body(self):
        """The body ends with a paragraph, as Word has it: an empty one after a table
        that ends the brief (the only empty paragraph Word needs)."""
        last = self.block_before()
        if last is not None and last.tag == _W_TBL:
            self.body.add_paragraph()

    def new_paragraph(self):
        """An empty paragraph where blocks go now. In the body it goes straight before
        the section properties: python-docx would look for them from the first child
        on, for every paragraph."""
        if self.body is not self.word._body:
            return self.body.add_paragraph()
        from docx.text.paragraph import Paragraph as DocxParagraph
        body = self.body._element
        p = el("w:p")
        try:
            last = body[-1]
        except IndexError:
            last = None
        if last is not None and last.tag == W_SECTPR:
            last.addprevious(p)
        else:
            body.append(p)
        return DocxParagraph(p, self.body)

    def block_before(self):
        """The last paragraph or table written where blocks go now."""
        for child in reversed(self.body._element):
            if child.tag in (W_P, _W_TBL):
                return child
        return None

    def _text_height(self) -> float:
        t = self.theme
        return t.page_size[1] - t.margins["top"] - t.margins["bottom"]

    def _box_height(self, box: Box) -> float:
        """A rough height in points: lines of text at the body size, and spacing."""
        body = self.theme.style("body")
        per_line = max(20.0, (self.theme.frame_width - 2 * self.styles.frame.left)
                       / (body.size * 0.48))
        height = 2.0 * self.styles.frame.top_space
        blocks = [b for _, part in box.parts for b in part]
        height += (body.leading + body.space_after) * (bool(box.title) + len(box.parts))
        for block in _paragraphs(blocks):
            chars = sum(len(s.text) for s in block.inlines)
            height += math.ceil(max(chars, 1) / per_line) * body.leading + body.space_after
        return height


def _paragraphs(blocks):
    return (b for b in walk_blocks(blocks) if isinstance(b, Paragraph))

