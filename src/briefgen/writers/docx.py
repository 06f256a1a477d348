"""DOCX writer: a visitor that turns the document model into Word paragraphs and tables.

Word's built-in styles carry the look (Title, Heading 1-3, List Bullet,
List Number, Caption, Quote, TOC 1-3), restyled from the theme once; the
table of contents and page fields are written with cached results so the
file reads correctly before any field update.
"""

from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.styles.style import StyleFactory
from docx.table import _Cell
from lxml.etree import SubElement

from ..model import Cover, Document, Heading, ListBlock, Paragraph
from ..theme import Theme
from .base import Visitor

# theme style -> Word style (built-in where Word has one)
WORD_STYLES = {
    "body": "Normal", "title": "Title", "subtitle": "Subtitle",
    "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3",
    "caption": "Caption", "quote": "Quote", "toc1": "TOC 1", "toc2": "TOC 2", "toc3": "TOC 3",
}
LIST_STYLES = {(False, 1): "List Bullet", (False, 2): "List Bullet 2",
               (False, 3): "List Bullet 3", (True, 1): "List Number",
               (True, 2): "List Number 2", (True, 3): "List Number 3"}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
TWIPS = 20  # per point
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def word_style_name(name: str) -> str:
    return WORD_STYLES.get(name) or "Brief " + name.replace("_", " ").title()


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _set_font(rpr, family: str):
    """Name the family for every script, dropping theme-font references."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), family)


def _el(tag: str, **attrs):
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn("w:" + key), str(value))
    return el


class DocxWriter(Visitor):
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
        self.list_depth = 0
        self._style_sheet()
        # python-docx looks a style up by scanning every style; do it once per name
        self.style_ids = {name: st.style_id for name, st in self.styles_by_name.items()}
        self.muted = self.theme.color("muted").lstrip("#").upper()
        self._page_setup()

    # ---------------------------------------------------------------- setup
    def _style_sheet(self):
        styles = self.word.styles
        by_name = {st.name: st for st in styles}  # python-docx finds a style by scanning
        self.styles_by_name = by_name
        t = self.theme
        for name in t.styles:
            word_name = word_style_name(name)
            if word_name not in by_name:
                style = StyleFactory(styles.element.add_style_of_type(
                    word_name, WD_STYLE_TYPE.PARAGRAPH, False))
                style.base_style = by_name["Normal"]
                style.quick_style = True
                by_name[word_name] = style
            self._apply(by_name[word_name], t.style(name))
        for word_name in set(LIST_STYLES.values()) | {"List Continue"}:
            self._apply(by_name[word_name], t.style("list_item"), indent=False)
        for name in ("Header", "Footer"):
            self._apply(by_name[name], t.style("running"))
            tabs = by_name[name].element.pPr.find(qn("w:tabs"))
            if tabs is not None:  # the template's centre and right stops assume Letter
                tabs.getparent().remove(tabs)
        # language and default font for everything
        rpr = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _set_font(rpr, t.family)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = _el("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), t.language)
        self._restyle_lists()
        link = StyleFactory(styles.element.add_style_of_type("Brief Link",
                                                             WD_STYLE_TYPE.CHARACTER, False))
        by_name["Brief Link"] = link
        link.font.color.rgb = _rgb(t.color("link"))
        self._table_style()

    def _restyle_lists(self):
        """List indents as in the PDF (14 pt a level); bullets in the theme's font and accent."""
        numbering = self.word.part.numbering_part.element
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for (ordered, level), name in LIST_STYLES.items():
            ppr = self.styles_by_name[name].element.find(qn("w:pPr"))
            num_id = ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
            num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
            lvl = abstract[num.find(qn("w:abstractNumId")).get(qn("w:val"))].find(qn("w:lvl"))
            indent = 280 * level
            lvl_ppr = lvl.find(qn("w:pPr"))
            for child in list(lvl_ppr):
                lvl_ppr.remove(child)
            lvl_ppr.append(_el("w:ind", left=indent, hanging=280))
            if not ordered:
                lvl.find(qn("w:lvlText")).set(qn("w:val"), "•")
                rpr = lvl.find(qn("w:rPr"))
                if rpr is None:
                    rpr = _el("w:rPr")
                    lvl.append(rpr)
                for child in list(rpr):
                    rpr.remove(child)
                _set_font(rpr, self.theme.family)
                rpr.append(_el("w:color", val=self.theme.color("accent").lstrip("#")))

    def _apply(self, style, s, indent=True):
        font = style.font
        font.size = Pt(s.size)
        font.bold, font.italic = s.bold, s.italic
        font.color.rgb = _rgb(s.color)
        _set_font(style.element.get_or_add_rPr(), self.theme.family)
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(s.space_before), Pt(s.space_after)
        pf.line_spacing = Pt(s.leading)
        pf.keep_with_next = s.keep_with_next
        pf.widow_control = True
        if indent:
            pf.left_indent = Pt(s.left_indent) if s.left_indent else None
            pf.alignment = _ALIGN[s.align]
        color = style.element.rPr.find(qn("w:color"))
        if color is not None:
            for attr in list(color.attrib):
                if "theme" in attr.lower():
                    del color.attrib[attr]

    def _table_style(self):
        style = StyleFactory(self.word.styles.element.add_style_of_type(
            "Brief Table", WD_STYLE_TYPE.TABLE, False))
        self.styles_by_name["Brief Table"] = style
        style.base_style = self.styles_by_name["Normal Table"]
        tblPr = style.element.find(qn("w:tblPr"))
        if tblPr is None:
            tblPr = _el("w:tblPr")
            style.element.append(tblPr)
        borders = _el("w:tblBorders")
        rule = int(self.theme.table.get("rule", 0.5) * 8)
        color = self.theme.color("rule").lstrip("#")
        for edge in ("top", "bottom", "insideH"):
            borders.append(_el(f"w:{edge}", val="single", sz=rule, space=0, color=color))
        for edge in ("left", "right", "insideV"):
            borders.append(_el(f"w:{edge}", val="nil"))
        tblPr.append(borders)
        pad = int(self.theme.table.get("padding", 4) * TWIPS)
        margins = _el("w:tblCellMar")
        for edge in ("top", "left", "bottom", "right"):
            margins.append(_el(f"w:{edge}", w=pad if edge in ("left", "right") else pad // 2,
                               type="dxa"))
        tblPr.append(margins)

    def _page_setup(self):
        t = self.theme
        section = self.word.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = (Pt(round(v, 2)) for v in t.page_size)
        section.top_margin, section.bottom_margin = Pt(t.margins["top"]), Pt(t.margins["bottom"])
        section.left_margin, section.right_margin = Pt(t.margins["left"]), Pt(t.margins["right"])
        section.header_distance, section.footer_distance = Pt(22), Pt(18)
        m = self.doc.meta
        cover = bool(self.doc.blocks) and isinstance(self.doc.blocks[0], Cover)
        section.different_first_page_header_footer = cover
        width = Pt(t.frame_width)
        # first page (the cover): the marking only
        if m.marking and cover:
            for part in (section.first_page_header, section.first_page_footer):
                band = part.paragraphs[0]
                self._marking(band)
                band.runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                band._p.get_or_add_pPr().append(_el("w:shd", val="clear", color="auto",
                                                   fill=self.theme.color("marking").lstrip("#")))
        header = section.header.paragraphs[0]
        if m.marking:
            self._marking(header)
            header = section.header.add_paragraph()
        _set_style(header, self.style_ids["Header"])
        header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(m.title)
        if m.date_text:
            header.add_run("\t" + m.date_text)
        _border(header, "bottom", self.theme.color("rule"))
        footer = section.footer.paragraphs[0]
        _set_style(footer, self.style_ids["Footer"])
        _border(footer, "top", self.theme.color("rule"))
        footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        left = " · ".join(x for x in (m.organization, f"Version {m.version}" if m.version
                                      else None) if x)
        footer.add_run(left + "\tPage ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        self.total_slots.append(_field(footer, "NUMPAGES", "1"))
        if m.marking:
            self._marking(section.footer.add_paragraph())

    def _marking(self, paragraph):
        _set_style(paragraph, self.style_ids[word_style_name("marking")])
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(self.doc.meta.marking)

    # ---------------------------------------------------------------- helpers
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
        start = _el("w:bookmarkStart", id=bid, name=name)
        end = _el("w:bookmarkEnd", id=bid)
        p = paragraph._p
        ppr = p.find(qn("w:pPr"))
        p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
        p.append(end)

    def paragraph(self, style: str, word_style: str | None = None):
        para = self.body.add_paragraph()
        _set_style(para, self.style_ids[word_style or word_style_name(style)])
        if self.break_before:
            para._p.get_or_add_pPr().append(_el("w:pageBreakBefore"))
            self.break_before = False
        return para

    def runs(self, paragraph, inlines):
        p = paragraph._p
        for span in inlines:
            if span.kind == "break":
                SubElement(SubElement(p, _W_R), _W_BR)
            elif span.href:
                self._hyperlink(paragraph, span)
            else:
                self._run(p, span)

    def _run(self, parent, span, style_id: str | None = None):
        """A w:r with the span's text and emphasis, built directly (python-docx's
        run API is slow for long briefs)."""
        run = SubElement(parent, _W_R)
        if style_id or span.bold or span.italic or span.code:
            rpr = SubElement(run, _W_RPR)
            if style_id:
                SubElement(rpr, _W_RSTYLE).set(_W_VAL, style_id)
            if span.bold:
                SubElement(rpr, _W_B)
            if span.italic:
                SubElement(rpr, _W_I)
            if span.code:
                SubElement(rpr, _W_COLOR).set(_W_VAL, self.muted)
        text = SubElement(run, _W_T)
        text.text = span.text
        if span.text[:1].isspace() or span.text[-1:].isspace():
            text.set(_XML_SPACE, "preserve")
        return run

    def _hyperlink(self, paragraph, span):
        link = SubElement(paragraph._p, _W_HYPERLINK)
        if span.href.startswith("#"):
            link.set(qn("w:anchor"), self.bookmark_name(span.href[1:]))
        else:
            rid = paragraph.part.relate_to(span.href, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), rid)
        self._run(link, span, self.style_ids["Brief Link"])

    # ---------------------------------------------------------------- blocks
    def visit_Paragraph(self, p: Paragraph):
        if p.style == "list_item" and self.list_depth == 0:
            style = "body"
        else:
            style = p.style
        para = self.paragraph(style)
        self.runs(para, p.inlines)
        if p.keep_with_next:
            _keep_next(para)
        if p.anchor:
            self.add_bookmark(para, self.bookmark_name(p.anchor))
        return para

    def visit_Heading(self, h: Heading):
        para = self.paragraph(f"h{h.level}")
        if h.number:
            para.add_run(h.number + (" " if h.number.endswith(":") else "\u00a0\u00a0"))
        para.add_run(h.text)
        self.add_bookmark(para, self.bookmark_name(h.id))
        if h.in_toc:
            self.add_bookmark(para, self.toc_names_for(h.id))

    def visit_ListBlock(self, lst: ListBlock):
        self.list_depth += 1
        level = min(self.list_depth, 3)
        num_id = self._restart_numbering(LIST_STYLES[(True, level)], lst.start) \
            if lst.ordered else None
        for item in lst.items:
            first = True
            for block in item:
                if isinstance(block, Paragraph) and first:
                    para = self.paragraph("", LIST_STYLES[(lst.ordered, level)])
                    self.runs(para, block.inlines)
                    if num_id is not None:
                        _numbering(para, num_id)
                    first = False
                elif isinstance(block, Paragraph):
                    para = self.paragraph("", "List Continue")
                    self.runs(para, block.inlines)
                else:
                    self.visit(block)
        self.list_depth -= 1

    def _restart_numbering(self, style_name: str, start: int) -> int | None:
        """A fresh numbering instance so each numbered list starts at its own number."""
        style = self.styles_by_name[style_name].element
        num_pr = style.find(qn("w:pPr"))
        num_pr = num_pr.find(qn("w:numPr")) if num_pr is not None else None
        if num_pr is None:
            return None
        base_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
        numbering = self.word.part.numbering_part.element
        base = next(n for n in numbering.findall(qn("w:num"))
                    if n.get(qn("w:numId")) == base_id)
        abstract = base.find(qn("w:abstractNumId")).get(qn("w:val"))
        new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
        num = _el("w:num", numId=new_id)
        num.append(_el("w:abstractNumId", val=abstract))
        override = _el("w:lvlOverride", ilvl=0)
        override.append(_el("w:startOverride", val=start))
        num.append(override)
        numbering.append(num)
        return new_id

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

    def visit_Cover(self, c):
        if c.organization:
            self.paragraph("organization").add_run(c.organization.upper())
        self.paragraph("title").add_run(c.title)
        if c.subtitle:
            self.paragraph("subtitle").add_run(c.subtitle)
        meta = " · ".join(x for x in (c.date, f"Version {c.version}" if c.version else None) if x)
        para = self.paragraph("cover_meta")
        para.add_run(meta)
        _border(para, "top", self.theme.color("accent"), 10)
        for author in c.authors:
            self.paragraph("cover_meta").add_run(author)
        self.paragraph("body")

    def visit_Contents(self, c):
        self.paragraph("h1", "TOC Heading").add_run(c.title)
        self._apply(self.styles_by_name["TOC Heading"], self.theme.style("h1"))
        width = Pt(self.theme.frame_width)
        entries = [e for e in c.entries]
        last = None
        for i, entry in enumerate(entries):
            para = self.paragraph(f"toc{min(entry.level, 3)}")
            para.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT,
                                                         WD_TAB_LEADER.DOTS)
            if i == 0:
                _field_begin(para, 'TOC \\o "1-3" \\h \\z \\u')
            toc = self.toc_names_for(entry.id)
            link = _el("w:hyperlink", anchor=toc, history=1)
            para._p.append(link)
            run = para.add_run(entry.label + "\t")
            link.append(run._r)
            runs = _field_runs(f" PAGEREF {toc} \\h ", "")
            for r in runs:
                link.append(r)
            self.page_slots.append((entry.id, runs[3][0]))
            last = para
        if last is not None:
            last._p.append(_fld("end"))

    def toc_names_for(self, ident: str) -> str:
        """The _Toc bookmark a heading will get (headings come after the contents)."""
        if ident not in self.toc_names:
            self.toc_names[ident] = f"_Toc{len(self.toc_names) + 1:06d}"
        return self.toc_names[ident]

    def visit_Box(self, box):
        table = self.body.add_table(1, 1, Pt(self.theme.frame_width))
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        bg, rule = ("summary_bg", "summary_rule") if box.kind == "summary" else \
            ("callout_bg", "callout_rule")
        cell = table.rows[0].cells[0]
        _width(table, [self.theme.frame_width])
        _shade(cell, self.theme.color(bg))
        borders = _el("w:tcBorders")
        borders.append(_el("w:left", val="single",
                           sz=int(self.theme.box.get("rule", 1.5) * 8), space=0,
                           color=self.theme.color(rule).lstrip("#")))
        for edge in ("top", "bottom", "right"):
            borders.append(_el(f"w:{edge}", val="nil"))
        cell._tc.get_or_add_tcPr().append(borders)
        pad = int(self.theme.box.get("padding", 8) * TWIPS)
        mar = _el("w:tcMar")
        for edge in ("top", "left", "bottom", "right"):
            mar.append(_el(f"w:{edge}", w=pad, type="dxa"))
        cell._tc.get_or_add_tcPr().append(mar)
        _cant_split(table.rows[0])
        outer, self.body = self.body, cell
        first = cell.paragraphs[0]
        if box.title:
            self.paragraph("box_title").add_run(box.title)
        for label, blocks in box.parts:
            if label:
                self.paragraph("callout_label").add_run(label.upper())
            self.visit_all(blocks)
        first._p.getparent().remove(first._p)
        self.body = outer
        self.paragraph("body").paragraph_format.space_after = Pt(2)

    def visit_Table(self, t):
        caption = self.paragraph("caption")
        caption.add_run(t.label)
        self.add_bookmark(caption, self.bookmark_name(t.id))
        ncols = len(t.widths)
        widths = [w * self.theme.frame_width for w in t.widths]
        table = self.body.add_table(0, ncols, Pt(self.theme.frame_width))
        tbl = table._tbl
        tbl.tblPr.insert(0, _el("w:tblStyle", val=self.style_ids["Brief Table"]))
        _width(table, widths)
        twips = [str(int(w * TWIPS)) for w in widths]
        full = str(int(sum(widths) * TWIPS))
        colors = {k: self.theme.color(k).lstrip("#") for k in ("header_bg", "zebra", "group_bg")}
        zebra_on = self.theme.table.get("zebra", True)
        outer = self.body
        zebra = body_rows = 0
        for row in t.rows:
            tr = SubElement(tbl, _W_TR)
            trpr = SubElement(tr, _W_TRPR)
            SubElement(trpr, _W_CANTSPLIT)
            if row.kind == "header":
                SubElement(trpr, _W_TBLHEADER)
            fill = None
            if row.kind == "header":
                fill = colors["header_bg"]
            elif row.kind == "group":
                fill, zebra = colors["group_bg"], 0
            else:
                if zebra % 2 == 1 and zebra_on:
                    fill = colors["zebra"]
                zebra += 1
                body_rows += 1
            keep = row.kind in ("header", "group") or body_rows <= 2
            spans = [(row.cells[0], full, ncols)] if row.kind == "group" else \
                [(cell, twips[i], 1) for i, cell in enumerate(row.cells)]
            for cell, width, span in spans:
                tc = SubElement(tr, _W_TC)
                tcpr = SubElement(tc, _W_TCPR)
                tcw = SubElement(tcpr, _W_TCW)
                tcw.set(_W_W, width)
                tcw.set(_W_TYPE, "dxa")
                if span > 1:
                    SubElement(tcpr, _W_GRIDSPAN).set(_W_VAL, str(span))
                if fill:
                    shd = SubElement(tcpr, _W_SHD)
                    shd.set(_W_VAL, "clear")
                    shd.set(_W_COLOR_ATTR, "auto")
                    shd.set(_W_FILL, fill)
                self.body = _Cell(tc, table)
                for block in cell.blocks:
                    if isinstance(block, Paragraph):
                        style = "table_header" if row.kind == "header" else block.style
                        para = self.visit_Paragraph(Paragraph(block.inlines, style, block.anchor))
                        if cell.numeric:
                            para._p.get_or_add_pPr().append(_el("w:jc", val="right"))
                        if keep:
                            _keep_next(para)
                    else:
                        self.visit(block)
                if tc.find(_W_P) is None:
                    SubElement(tc, _W_P)  # a cell must hold a paragraph
        self.body = outer
        if t.notes:
            self.visit_all(t.notes)
        else:
            self.paragraph("body").paragraph_format.space_after = Pt(2)

    # ---------------------------------------------------------------- output
    def render(self):
        """Everything but the page numbers, which the PDF's layout gives (finish)."""
        self.visit_all(self.doc.blocks)
        self._properties()
        return self

    def finish(self, pagination: dict | None, path: str):
        """Fill in the contents' page numbers and the page count, then save."""
        pages = (pagination or {}).get("pages", {})
        total = (pagination or {}).get("total") or 1
        for ident, text in self.page_slots:
            text.text = str(pages.get(ident, ""))
        for text in self.total_slots:
            text.text = str(total)
        buffer = io.BytesIO()
        self.word.save(buffer)
        _reproducible_zip(buffer.getvalue(), path)

    def _properties(self):
        m = self.doc.meta
        props = self.word.core_properties
        props.title = m.title
        props.subject = m.subtitle or ""
        props.author = "; ".join(m.authors) or (m.organization or "")
        props.keywords = ", ".join(m.keywords)
        props.comments = "briefgen"
        props.last_modified_by = "briefgen"
        props.revision = 1
        props.language = m.language
        when = _stamp(m.date)
        props.created = props.modified = when
        props.last_printed = when


def _stamp(day) -> _dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).replace(tzinfo=None)
    if day is not None:
        return _dt.datetime(day.year, day.month, day.day)
    return _dt.datetime(2000, 1, 1)


def _reproducible_zip(data: bytes, path: str):
    """Rewrite the package with fixed timestamps, so rebuilds are byte-identical."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            out.writestr(fixed, src.read(info.filename))


_W_R, _W_RPR, _W_T, _W_BR, _W_B, _W_I = (qn(f"w:{t}") for t in ("r", "rPr", "t", "br", "b", "i"))
_W_RSTYLE, _W_COLOR, _W_VAL, _W_HYPERLINK = qn("w:rStyle"), qn("w:color"), qn("w:val"), \
    qn("w:hyperlink")
_W_TR, _W_TRPR, _W_TC, _W_TCPR, _W_TCW, _W_P = (qn(f"w:{t}") for t in
                                                ("tr", "trPr", "tc", "tcPr", "tcW", "p"))
_W_CANTSPLIT, _W_TBLHEADER, _W_GRIDSPAN, _W_SHD = (qn(f"w:{t}") for t in
                                                   ("cantSplit", "tblHeader", "gridSpan", "shd"))
_W_W, _W_TYPE, _W_FILL, _W_COLOR_ATTR = qn("w:w"), qn("w:type"), qn("w:fill"), qn("w:color")
_XML_SPACE = qn("xml:space")


def _set_style(paragraph, style_id: str):
    ppr = paragraph._p.get_or_add_pPr()
    old = ppr.find(qn("w:pStyle"))
    if old is not None:
        ppr.remove(old)
    ppr.insert(0, _el("w:pStyle", val=style_id))


def _keep_next(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    if ppr.find(qn("w:keepNext")) is None:
        ppr.append(_el("w:keepNext"))


def _fld(kind: str):
    run = OxmlElement("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def _instr(text: str):
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = text
    run.append(instr)
    return run


def _text_run(text: str):
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    return run


def _field_runs(instruction: str, cached: str) -> list:
    return [_fld("begin"), _instr(instruction), _fld("separate"), _text_run(cached),
            _fld("end")]


def _field(paragraph, name: str, cached: str):
    """Append a field with a cached result; return the result's w:t."""
    runs = _field_runs(f" {name} ", cached)
    for run in runs:
        paragraph._p.append(run)
    return runs[3][0]


def _field_begin(paragraph, instruction: str):
    for run in (_fld("begin"), _instr(f" {instruction} "), _fld("separate")):
        paragraph._p.append(run)


def _border(paragraph, edge: str, color: str, size: int = 4):
    ppr = paragraph._p.get_or_add_pPr()
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = _el("w:pBdr")
        ppr.append(bdr)
    bdr.append(_el(f"w:{edge}", val="single", sz=size, space=4, color=color.lstrip("#")))


def _shade(cell, color: str):
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto",
                                          fill=color.lstrip("#")))


def _cant_split(row):
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def _width(table, widths):
    """Fixed layout with absolute widths in twips: tblW, tblGrid and tcW agree."""
    tbl = table._tbl
    tblPr = tbl.tblPr
    for tag in ("w:tblW", "w:tblLayout", "w:tblInd"):
        old = tblPr.find(qn(tag))
        if old is not None:
            tblPr.remove(old)
    tblPr.append(_el("w:tblW", w=int(sum(widths) * TWIPS), type="dxa"))
    tblPr.append(_el("w:tblLayout", type="fixed"))
    if tblPr.find(qn("w:tblInd")) is None:
        tblPr.append(_el("w:tblInd", w=0, type="dxa"))
    grid = tbl.tblGrid
    for i, col in enumerate(grid.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(int(widths[i] * TWIPS)))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            _cell_width(cell, widths[i])


def _cell_width(cell, width: float):
    tcPr = cell._tc.get_or_add_tcPr()
    old = tcPr.find(qn("w:tcW"))
    if old is not None:
        tcPr.remove(old)
    tcPr.insert(0, _el("w:tcW", w=int(width * TWIPS), type="dxa"))


def _numbering(paragraph, num_id: int):
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = _el("w:numPr")
    num_pr.append(_el("w:ilvl", val=0))
    num_pr.append(_el("w:numId", val=num_id))
    ppr.append(num_pr)


def write_docx(document: Document, theme: Theme, path: str, pagination: dict | None = None):
    """Write the DOCX; page numbers in the contents come from the PDF's pagination."""
    DocxWriter(document, theme).render().finish(pagination, path)
