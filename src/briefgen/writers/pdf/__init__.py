"""PDF writer: a visitor that turns the document model into reportlab flowables."""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import hashlib
import io
import os
import re
import time

from .loading import load as _load_reportlab

_load_reportlab()  # before anything imports reportlab.platypus (see loading)

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.paragraph import _SplitWord, textTransformFrags
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, HRFlowable,
                                KeepTogether,
                                ListFlowable, ListItem, PageBreak, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle, XPreformatted)

from ... import __version__
from ...hyphenate import column_breaks, hyphenated, hyphenator, is_url, url_breaks, url_pieces
from ...model import Cover, Document, Heading, Paragraph as PPara
from ...theme import Theme, font_face, font_names
from ...xmltext import escape as xml_escape
from ..base import Visitor
from . import markup
from .figures import FigureBlock, Figures
from .notes import NoteArea, NotesFrame, note_refs
from .tags import Tagged, Tagger, attach, mark_artifacts

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


def _reportlab_url_breaks():
    """reportlab splits a URL that does not fit only after '/'; let it also break
    after '.', '-', '?' and '&' (never inside a run of letters)."""
    from reportlab.platypus import paragraph as rl_paragraph
    original = getattr(rl_paragraph, "_uri_split_pairs", None)
    if original is None or getattr(original, "briefgen", False):
        return

    def pairs(uri):
        if isinstance(uri, bytes):
            uri = uri.decode("utf-8")
        if "://" not in uri:  # reportlab's pattern needs it: not a URL, and not compiled
            return None
        return url_breaks(uri) if original(uri) is not None else None
    pairs.briefgen = True
    rl_paragraph._uri_split_pairs = pairs


_reportlab_url_breaks()
_REGISTERED: dict = {}


def register_fonts(theme: Theme) -> dict:
    """Register the theme's four faces once per process; face -> font name."""
    key = tuple(sorted(theme.font_files.items()))
    if key in _REGISTERED:
        return _REGISTERED[key]
    names = font_names(theme)
    for face, path in theme.font_files.items():
        pdfmetrics.registerFont(font_face(names[face], path))
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"],
                                  bold=names["bold"], italic=names["italic"],
                                  boldItalic=names["bold_italic"])
    _REGISTERED[key] = names
    return names


class _Para(Tagged, Paragraph):
    """A paragraph that remembers its line breaks for the last width it was given.

    Platypus wraps the same paragraph several times (tables measure their
    cells, keep-together groups measure their content, a frame tries again
    after a split); breaking lines is most of the PDF's time.
    """

    _wrapped = None

    def _setup(self, text, style, bullet_text, frags, cleaner):
        """reportlab's, reading the writer's markup with `markup.parse`."""
        if frags is None:
            cleaned = cleaner(text)
            parsed = markup.parse(cleaned, style, self.caseSensitive)
            if parsed is not None and parsed[1] is not None:
                style, frags, bullet_frags = parsed
                textTransformFrags(frags, style)
                self.text, self.frags, self.style, self.debug = cleaned, frags, style, 0
                self.bulletText = bullet_frags or bullet_text
                return
        super()._setup(text, style, bullet_text, frags, cleaner)

    def wrap(self, avail_width, avail_height):
        if self._wrapped and self._wrapped[0] == avail_width and "blPara" in self.__dict__:
            return self._wrapped[1]
        size = super().wrap(avail_width, avail_height)
        self._wrapped = (avail_width, size)
        return size

    def draw(self):
        # a space at the end of each line but the last, after the line's width was
        # measured: text extraction and screen readers keep the words apart
        lines = getattr(getattr(self, "blPara", None), "lines", None)
        if lines and not getattr(self, "_spaced", False):
            self._spaced = True
            for line in lines[:-1]:
                if isinstance(line, tuple):  # plain lines: (extra space, words)
                    words = line[1]
                    # (not after the head of a word too wide for a whole line, which
                    # reportlab split where it had to: the word goes on)
                    if words and type(words[-1]) is not _SplitWord and \
                            not words[-1].endswith((" ", "-", "/", "\u00ad")):
                        words[-1] = words[-1] + " "
                else:  # lines of fragments
                    words = getattr(line, "words", None)
                    if words and hasattr(words[-1], "text") and \
                            not words[-1].text.endswith((" ", "-", "/", "\u00ad")):
                        last = words[-1].clone() if hasattr(words[-1], "clone") else words[-1]
                        last.text = last.text + " "
                        words[-1] = last
        return super().draw()

    def split(self, avail_width, avail_height):
        parts = super().split(avail_width, avail_height)
        for part in parts:  # each part is drawn as content of the same element
            part._tag, part._tagger = self._tag, self._tagger
            if hasattr(self, "_block"):  # and belongs to the same block of the model
                part._block = self._block
            part._notes = getattr(self, "_notes", True)
        return parts


class _Pre(Tagged, XPreformatted):
    """Preformatted text, tagged."""


def escape(text: str) -> str:
    """User text -> reportlab paragraph markup that shows exactly that text. A narrow
    no-break space (French '1 100', '« »') becomes a no-break space: reportlab
    would break a line at it, and a break there is what it is for."""
    return xml_escape(text).replace("\u202f", "\u00a0")


def _attr(text: str) -> str:
    return escape(text).replace('"', "&quot;")


class _HeadingPara(_Para):
    """A heading paragraph that reports itself for bookmarks and the contents."""

    def __init__(self, text, style, heading: Heading):
        super().__init__(text, style)
        self.heading = heading


class _TocEntry(Tagged, Flowable):
    """One line (or more) of the contents; the page number is filled in at the end."""

    NUMBER_ROOM = 34  # points kept free on the right for the leader and page number

    def __init__(self, writer: "PdfWriter", entry, style):
        super().__init__()
        self.writer, self.entry, self.style = writer, entry, style
        link = self.writer.theme.color("ink")
        self.para = _Para(f'<a href="#{_attr(entry.id)}" color="{link}">'
                              f'{escape(entry.label)}</a>', style)
        self.spaceBefore, self.spaceAfter = style.spaceBefore, style.spaceAfter

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        _, self.height = self.para.wrap(avail_width - self.NUMBER_ROOM, avail_height)
        return avail_width, self.height

    def draw(self):
        self.para.drawOn(self.canv, 0, 0)
        lines = self.para.getActualLineWidths0()
        baseline = self.height - self.style.fontSize - (len(lines) - 1) * self.style.leading
        # the number is drawn later, but lands here in the page's content, right
        # after the entry's text, so extraction reads each number with its entry;
        # it is drawn in this flowable's own coordinates, plus `shift` to the page's
        shift = self.canv.absolutePosition(0, 0)[0]
        self.writer.toc_slots.setdefault(self.canv.getPageNumber(), []).append(
            (self.entry.id, lines[-1], baseline, self.width, self.style,
             len(self.canv._code), shift, self._tag))


KEEP_BOX = 0.9  # share of the text height up to which a box keeps together


class _BoxTable(Table):
    """A box: it moves whole to the next page unless it is taller than most of a
    page (reportlab's KeepTogether would lose its hold when figures that waited
    open the page first)."""

    keep_up_to = 0.0

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        if self._height <= self.keep_up_to and self._height > avail_height:
            # not here: the next page (waiting figures may open it, so this can
            # happen twice; it fits any page)
            self.__dict__.pop("_postponed", None)
            return []
        return super().split(avail_width, avail_height)


class _CaptionPara(_Para):
    """A table caption: it needs room for the table's first rows below it."""

    room = 130.0  # points for the header and first rows; set from the table


def _first_item_height(lst: ListFlowable, width: float, canvas: Canvas) -> float:
    """Height of a list's first item (lists split only between items)."""
    first = copy.copy(lst)
    first._flowables = lst._flowables[:1]
    return first.wrapOn(canvas, width, 10_000)[1]


def _keep_room(story: list, width: float, measure: Canvas, limit: float,
               notes=None) -> list:
    """Insert conditional page breaks so a heading, caption or lead-in never ends a page.

    Each asks for room for itself and what it keeps with (`_kept_height`), which is
    what Word's and LibreOffice's keep-with-next, on whole lines, keeps together, so
    the DOCX breaks its pages at the same places. reportlab's keepWithNext cannot hold
    a paragraph to a list, hence the breaks; they ask for at most `limit` points.
    """
    out = []
    for i, flow in enumerate(story):
        keeps = isinstance(flow, (_HeadingPara, _CaptionPara)) or (
            isinstance(flow, Paragraph) and flow.getKeepWithNext())
        if keeps and not (out and isinstance(out[-1], CondPageBreak)) and not (
                out and isinstance(out[-1], Paragraph) and out[-1].getKeepWithNext()):
            room = flow.style.spaceBefore + _kept_height(story, i, width, measure, notes)
            out.append(CondPageBreak(min(room, limit)))
            flow._keeps = True
        out.append(flow)
    return out


def _kept_height(story: list, i: int, width: float, measure: Canvas, notes=None) -> float:
    """Height of story[i] and what stays with it on its page: the keep-with-next
    paragraphs after it, and then what the last of them keeps with: a caption's
    table header and first two rows, a list's first item (lists split only between
    items), anything else whole; with the space between them, and the footnotes
    marked in them (Word keeps a note on the page of its mark too)."""
    height, after, marked = 0.0, None, []
    for flow in story[i:]:
        if isinstance(flow, ListFlowable):
            h = _first_item_height(flow, width, measure)
        else:
            h = flow.wrapOn(measure, width, 10_000)[1]
            refs = note_refs(flow) if notes is not None and isinstance(flow, Paragraph) \
                else []
            if refs:  # the note area grows by these notes
                before = notes.need(marked)
                marked += refs
                h += notes.need(marked) - before
        if after is not None:
            height += max(after, flow.getSpaceBefore())
        height += h
        if isinstance(flow, _CaptionPara):
            return height + flow.getSpaceAfter() + flow.room
        if not (isinstance(flow, Paragraph) and flow.getKeepWithNext()):
            return height
        after = flow.getSpaceAfter()
    return height


def _text_follows(flowables) -> bool:
    """Whether something other than figures and page breaks comes after the first."""
    for flow in flowables[1:]:
        if isinstance(flow, PageBreak):
            return False
        if not isinstance(flow, FigureBlock):
            return True
    return False


class _Doc(BaseDocTemplate):
    def __init__(self, path, writer: "PdfWriter", **kw):
        super().__init__(path, **kw)
        self.writer = writer
        self.deferred: list = []  # figures waiting for the top of the next page
        self.last_block = -1  # index of the latest top-level block drawn (or begun)

    def handle_flowable(self, flowables):
        """A figure that does not fit the rest of the page waits for the next one,
        and the text after it fills the page. Waiting figures keep their order and
        go first at the top of a page, before a forced page break, and at the end."""
        if flowables is self._hanging:  # page and frame changes reportlab has queued
            return super().handle_flowable(flowables)
        frame = getattr(self, "frame", None)
        first = flowables[0] if flowables else None
        if self.deferred and frame is not None and (frame._atTop or
                                                    isinstance(first, PageBreak)):
            if getattr(first, "_keeps", False) and getattr(first, "_block", None) is not None:
                # its conditional break, which keeps its space above from merging with
                # the space under what precedes it, went before the figures: after them
                # its space above merges with theirs (the DOCX does so too)
                self.writer.merged.append(first._block)
            flowables[0:0] = self.deferred
            self.deferred = []
            first = flowables[0]
        if isinstance(first, FigureBlock) and frame is not None and not frame._atTop \
                and _text_follows(flowables):
            fits = True
            if not self.deferred:
                _, height = first.wrap(frame._getAvailableWidth(), frame._aH)
                fits = height + first.getSpaceBefore() <= frame._y - frame._y1p or \
                    height > frame._aH
            if not fits or self.deferred:  # a later figure waits behind an earlier one
                self.deferred.append(flowables.pop(0))
                return
        super().handle_flowable(flowables)
        if not flowables and self.deferred:
            flowables.extend(self.deferred)
            self.deferred = []

    notes = None  # the NoteArea, set by the writer

    def beforePage(self):
        if self.notes is not None:
            self.notes.begin_page(self.pageTemplate.frames[0])

    def afterPage(self):
        if self.notes is not None:
            self.notes.draw(self.canv, self.pageTemplate.frames[0])

    def afterFlowable(self, flowable):
        block = getattr(flowable, "_block", None)
        if isinstance(flowable, FigureBlock) and block is not None:
            if block < self.last_block:  # it waited: it follows a later block now
                self.writer.moved[flowable.figure.id] = self.last_block
        elif block is not None:
            self.last_block = max(self.last_block, block)
        if isinstance(flowable, _HeadingPara):
            h = flowable.heading
            page = self.page
            # the heading's <a name> already placed its destination at the heading
            if h.in_toc:
                self.canv.addOutlineEntry(h.label, h.id, h.level - 1, closed=h.level > 1)
            self.writer.pages[h.id] = page


class PdfWriter(Figures, Visitor):
    """Lays out a Document as a paginated PDF with reportlab platypus."""

    def __init__(self, document: Document, theme: Theme):
        self.doc, self.theme = document, theme
        self.fonts = register_fonts(theme)
        self.styles: dict = {}
        self.pages: dict = {}  # heading id -> page number
        self.moved: dict = {}  # figure id -> the top-level block it follows, having waited
        self.merged: list = []  # blocks whose space above merged with waiting figures
        self.toc_slots: dict = {}  # page -> [(heading id, x, y, right edge, style)]
        self.total_pages = 0
        self.width = theme.frame_width
        self.has_cover = bool(document.blocks) and isinstance(document.blocks[0], Cover)
        self.measure = Canvas(io.BytesIO())  # for measuring flowables before layout
        self.hyphenate = hyphenator(document.meta.language)
        self.tagger = Tagger(document.meta.language)
        self.parent = self.tagger.root  # where new structure elements go
        self.note_parent: dict = {}  # note number -> the element holding its mark
        self.link_labels = _link_labels(document)

    # ---------------------------------------------------------------- structure
    def tag(self, flowable, role: str, **attrs):
        """A structure element for what `flowable` draws, under the current parent."""
        elem = self.parent.add(role, **attrs)
        flowable._tag, flowable._tagger = elem, self.tagger
        return elem

    @contextlib.contextmanager
    def within(self, elem):
        """Elements made meanwhile go inside `elem`."""
        outer, self.parent = self.parent, elem
        try:
            yield elem
        finally:
            self.parent = outer

    # ---------------------------------------------------------------- styles
    def style(self, name: str, align: str | None = None,
              column: float | None = None) -> ParagraphStyle:
        """The theme's style `name`; in a table column `column` points wide, table
        text hyphenates the words that do not fit the column whole."""
        if column is not None and self.hyphenate and hyphenated(name):
            key = (name, align, round(column, 2))
            if key not in self.styles:
                base = self.style(name, align)
                self.styles[key] = ParagraphStyle(
                    f"{base.name}-{key[2]}", parent=base,
                    hyphenationLang=_only_too_wide(self.hyphenate, column,
                                                   base.fontName, base.fontSize))
            return self.styles[key]
        key = (name, align)
        if key not in self.styles:
            s = self.theme.style(name)
            face = {(False, False): "regular", (True, False): "bold",
                    (False, True): "italic", (True, True): "bold_italic"}[(s.bold, s.italic)]
            self.styles[key] = ParagraphStyle(
                f"{name}-{align}", fontName=self.fonts[face], fontSize=s.size,
                leading=s.leading, textColor=colors.HexColor(s.color),
                spaceBefore=s.space_before, spaceAfter=s.space_after,
                leftIndent=s.left_indent, alignment=_ALIGN[align or s.align],
                keepWithNext=int(s.keep_with_next), allowWidows=0, allowOrphans=0,
                # a word breaks only where it shows a hyphen, or after a hyphen of
                # its own (2: tried on a fresh line too); a URL after / . - ? &;
                # elsewhere only a word wider than the whole line, as Word and
                # LibreOffice do, rather than run off the page (table columns hold
                # each word's longest unbreakable piece)
                splitLongWords=1, embeddedHyphenation=2, uriWasteReduce=0.3,
                hyphenationLang="", bulletFontName=self.fonts["regular"], linkUnderline=0)
        return self.styles[key]

    def table_style(self, commands) -> TableStyle:
        """A table style whose cells use the theme's font (reportlab defaults to Helvetica)."""
        return TableStyle([("FONTNAME", (0, 0), (-1, -1), self.fonts["regular"])] + commands)

    def color(self, name: str):
        return colors.HexColor(self.theme.color(name))

    # ---------------------------------------------------------------- inlines
    def markup(self, inlines, fit=None) -> str:
        """Paragraph markup for spans; `fit` (font, size, width) pre-breaks URLs
        wider than the line, which reportlab would split only once."""
        link = self.theme.color("link")
        out = []
        for s in inlines:
            if s.kind == "break":
                out.append("<br/>")
                continue
            if s.kind == "note":  # the mark: an anchor the note links back to
                out.append(f'<a name="_fnref{s.text}"/><super><a href="{_attr(s.href)}" '
                           f'color="{link}">{escape(s.text)}</a></super>')
                continue
            text = escape(s.text) if fit is None else "".join(
                "<br/>" if piece is None else escape(piece)
                for piece in _broken_urls(s.text, *fit))
            if s.code:
                text = f'<font color="{self.theme.color("muted")}">{text}</font>'
            if s.italic:
                text = f"<i>{text}</i>"
            if s.bold:
                text = f"<b>{text}</b>"
            if s.href:
                text = f'<a href="{_attr(s.href)}" color="{link}">{text}</a>'
            out.append(text)
        return "".join(out)

    def note_paragraph(self, number: int) -> Paragraph:
        """Footnote `number` as it stands at the foot of a page: its number, linked
        back to the mark, then its text, with a hanging indent."""
        note = self.doc.notes[number - 1]
        base = self.style("footnote")
        key = ("footnote", "hanging")
        if key not in self.styles:
            self.styles[key] = ParagraphStyle("footnote-hanging", parent=base,
                                              leftIndent=base.leftIndent + 11,
                                              firstLineIndent=-11)
        style = self.styles[key]
        link = self.theme.color("link")
        texts = []
        for block in note.blocks:
            texts.append(self.markup(block.inlines, (style.fontName, style.fontSize,
                                                      self.width - 11)))
        number_mark = (f'<a name="_fn{number}"/><a href="#_fnref{number}" '
                       f'color="{link}">{number}</a>')
        para = _Para(f"{number_mark}\u2002" + "<br/>".join(texts), style)
        with self.within(self.note_parent.get(number, self.tagger.root)):
            self.tag(para, "Note", ID=note.id)
        return para

    def para(self, inlines, style: str, anchor: str | None = None, align=None,
             column: float | None = None, role: str = "P") -> Paragraph:
        pstyle = self.style(style, align, column)
        width = (column if column is not None else self.width) - pstyle.leftIndent
        text = self.markup(inlines, (pstyle.fontName, pstyle.fontSize, width))
        if anchor:
            text = f'<a name="{_attr(anchor)}"/>' + text
        para = _Para(text, pstyle)
        elem = self.tag(para, role)
        para._notes = False  # no footnote mark in it: nothing to look for when placed
        for s in inlines:
            if s.kind == "note":
                self.note_parent[int(s.text)] = elem
                para._notes = True
        return para

    def plain(self, text: str, style: str, role: str = "P", **attrs) -> Paragraph:
        """A paragraph of plain text (escaped here), tagged."""
        para = _Para(escape(text), self.style(style))
        self.tag(para, role, **attrs)
        return para

    # ---------------------------------------------------------------- blocks
    def visit_Paragraph(self, p: PPara):
        if p.style == "source_item":  # the closing list: one L, an LI for each entry
            last = self.parent.kids[-1] if self.parent.kids else None
            if not (hasattr(last, "role") and last.role == "L" and last.attrs.get("_sources")):
                last = self.parent.add("L", _sources=True)
            with self.within(last.add("LI").add("LBody")):
                return self.para(p.inlines, p.style, p.anchor)
        para = self.para(p.inlines, p.style, p.anchor)
        if p.keep_with_next:
            para.keepWithNext = 1
        return para

    def visit_Heading(self, h: Heading):
        style = self.style(f"h{h.level}")
        text = escape(h.text)
        if h.number:
            gap = " " if h.number.endswith(":") else "&nbsp;&nbsp;"
            text = f"{escape(h.number)}{gap}{text}"
        para = _HeadingPara(f'<a name="{_attr(h.id)}"/>{text}', style, h)
        self.tag(para, f"H{min(h.level, 6)}")
        return para

    def visit_ListBlock(self, lst):
        body = self.style("list_item")
        items = []
        with self.within(self.parent.add("L")) as elem:
            for item in lst.items:
                with self.within(elem.add("LI").add("LBody")):
                    items.append(ListItem(self.visit_all(item) or [Spacer(0, 0)]))
        kw = dict(leftIndent=14, bulletFontName=self.fonts["regular"],
                  bulletFontSize=body.fontSize, bulletColor=self.color("accent"),
                  spaceAfter=body.spaceAfter)
        if lst.ordered:
            return ListFlowable(items, bulletType="1", start=str(lst.start),
                                bulletFormat="%s.", **kw)
        return ListFlowable(items, bulletType="bullet", start="•", **kw)

    def visit_Quote(self, q):
        with self.within(self.parent.add("BlockQuote")):
            inner = self.visit_all(q.blocks)
        t = Table([[inner]], colWidths=[self.width - 12], hAlign="RIGHT")
        t.setStyle(self.table_style([("LINEBEFORE", (0, 0), (0, 0), 2, self.color("rule")),
                               ("LEFTPADDING", (0, 0), (-1, -1), 10)]))
        return t

    def visit_Preformatted(self, pre):
        pre_ = _Pre(escape(pre.text), self.style("code"))
        self.tag(pre_, "P")
        return pre_

    def visit_PageBreak(self, _):
        return PageBreak()

    def visit_Cover(self, c):
        out = [Spacer(0, 36)]
        if c.organization:
            out.append(self.plain(c.organization.upper(), "organization"))
        out.append(self.plain(c.title, "title", role="H1"))
        if c.subtitle:
            out.append(self.plain(c.subtitle, "subtitle"))
        version = self.doc.meta.label("version", version=c.version) if c.version else None
        meta = " · ".join(x for x in (c.date, version) if x)
        out.append(HRFlowable(width="100%", thickness=1.2, color=self.color("accent"),
                              spaceBefore=0, spaceAfter=6))
        if meta:
            out.append(self.plain(meta, "cover_meta"))
        for author in c.authors:
            out.append(self.plain(author, "cover_meta"))
        out.append(Spacer(0, 22))
        return out

    def visit_Contents(self, c):
        """The contents in one layout pass: each entry reserves its line now and has
        its dot leader and page number drawn once every heading's page is known."""
        title = self.plain(c.title, "h1", role="H2")
        entries = []
        with self.within(self.parent.add("TOC")):
            for e in c.entries:
                entry = _TocEntry(self, e, self.style(f"toc{min(e.level, 3)}"))
                self.tag(entry, "TOCI")
                entries.append(entry)
        return [title] + entries

    def visit_Box(self, box):
        inner = []
        with self.within(self.parent.add("Sect")):
            if box.title:
                inner.append(self.plain(box.title, "box_title", role="H2"))
            if box.kind == "judgments":  # a list: each confidence the label of its item
                with self.within(self.parent.add("L")) as items:
                    for label, blocks in box.parts:
                        item = items.add("LI")
                        if label:
                            with self.within(item):
                                inner.append(self.plain(label.upper(), "callout_label",
                                                        role="Lbl", ActualText=label))
                        with self.within(item.add("LBody")):
                            inner.extend(self.visit_all(blocks))
            else:
                for label, blocks in box.parts:
                    if label:  # written in capitals; read as written in the model
                        inner.append(self.plain(label.upper(), "callout_label",
                                                ActualText=label))
                    inner.extend(self.visit_all(blocks))
        bg, rule = ("summary_bg", "summary_rule") if box.kind == "summary" else \
            ("callout_bg", "callout_rule")
        pad = self.theme.box.get("padding", 8)
        t = _BoxTable([[inner]], colWidths=[self.width], splitInRow=1, spaceBefore=4,
                      spaceAfter=10)
        t.keep_up_to = KEEP_BOX * self.theme.frame_height
        t.setStyle(self.table_style([
            ("BACKGROUND", (0, 0), (-1, -1), self.color(bg)),
            ("LINEBEFORE", (0, 0), (0, -1), self.theme.box.get("rule", 1.5), self.color(rule)),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + 2), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad - 3),
        ]))
        return t

    def visit_Table(self, t):
        pad = self.theme.table.get("padding", 4)
        rule = self.theme.table.get("rule", 0.5)
        ncols = len(t.widths)
        widths = [w * self.width for w in t.widths]
        data, cmds = [], [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad - 1), ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ("LINEBELOW", (0, 0), (-1, -1), rule, self.color("rule")),
        ]
        zebra = 0
        table_elem = self.parent.add("Table")
        caption_elem = table_elem.add("Caption")
        for r, row in enumerate(t.rows):
            row_elem = table_elem.add("TR")
            if row.kind == "group":
                with self.within(row_elem.add("TD", A={"O": "Table", "ColSpan": ncols})):
                    # the spanned cells empty lists, not "" (a line of the table's default
                    # font, which would make the row taller than its text)
                    data.append([self.visit_all(row.cells[0].blocks)] + [[] for _ in
                                                                          range(ncols - 1)])
                cmds += [("SPAN", (0, r), (-1, r)), ("NOSPLIT", (0, r), (-1, r + 1)),
                         ("BACKGROUND", (0, r), (-1, r), self.color("group_bg"))]
                zebra = 0
                continue
            cells = []
            for cell, width in zip(row.cells, widths):
                flow = []
                cell_elem = row_elem.add("TH", A={"O": "Table", "Scope": "Column"}) \
                    if row.kind == "header" else row_elem.add("TD")
                with self.within(cell_elem):
                    for block in cell.blocks:
                        if isinstance(block, PPara):
                            style = "table_header" if row.kind == "header" else block.style
                            inlines = _bold(block.inlines) if row.kind == "total" \
                                else block.inlines
                            flow.append(self.para(inlines, style, block.anchor,
                                                  cell.alignment, column=width - 2 * pad))
                            flow[-1]._repeats = row.kind == "header"
                        else:
                            flow.extend(self.visit_all([block]))
                cells.append(flow)
            data.append(cells)
            if row.kind == "header":
                cmds.append(("BACKGROUND", (0, r), (-1, r), self.color("header_bg")))
            elif row.kind == "total":  # set apart: a rule above, bold, no zebra fill
                cmds.append(("LINEABOVE", (0, r), (-1, r), rule * 2.4, self.color("ink")))
            else:
                if zebra % 2 == 1 and self.theme.table.get("zebra", True):
                    cmds.append(("BACKGROUND", (0, r), (-1, r), self.color("zebra")))
                zebra += 1
        hr = t.header_rows
        table = Table(data, colWidths=widths, repeatRows=hr, splitByRow=1,
                      splitInRow=int(self._has_tall_row(data, widths, pad)), hAlign="LEFT", spaceAfter=4,
                      rowSplitRange=(hr + 2, len(data) - 2) if len(data) > hr + 4 else None)
        table.setStyle(self.table_style(cmds))
        caption = _CaptionPara(f'<a name="{_attr(t.id)}"/>{escape(t.label)}',
                               self.style("caption"))
        caption._tag, caption._tagger = caption_elem, self.tagger
        # reportlab would move caption and table to a new page whenever the whole
        # table does not fit; instead the caption asks for room for itself, the
        # header and two body rows (_keep_room), and the table splits below it
        caption.keepWithNext = 0
        caption.room = self._rows_height(data[:hr + 2], widths, pad)
        out = [caption, table]
        out += self.visit_all(t.notes) or [Spacer(0, 8)]
        return out

    def _rows_height(self, rows, widths, pad) -> float:
        """Height of some table rows, measured the way the table will lay them out."""
        total = 0.0
        for row in rows:
            height = 0.0
            for cell, width in zip(row, widths):
                flows = cell if isinstance(cell, list) else []
                height = max(height, sum(f.wrapOn(self.measure, width - 2 * pad, 10_000)[1]
                                         for f in flows))
            total += height + 2 * pad
        return total

    def _has_tall_row(self, data, widths, pad) -> bool:
        """Whether a row is taller than most of a page: only then may rows split."""
        limit = (self.theme.page_size[1] - self.theme.margins["top"]
                 - self.theme.margins["bottom"]) * 0.8

        def text(row):
            return sum(len(getattr(f, "text", "")) for cell in row
                       if isinstance(cell, list) for f in cell)
        # a row with little text cannot fill a page: skip measuring it
        return any(self._rows_height([row], widths, pad) > limit
                   for row in data if text(row) >= 1500)

    # ---------------------------------------------------------------- pages
    def decorate(self, canv: Canvas, page: int, total: int):
        """Marking at top and bottom of every page; running header and footer but on the cover.

        Drawn in reading order (top marking, header, footer, bottom marking)
        before the page's body, so text extraction reads them in that order.
        """
        t, m = self.theme, self.doc.meta
        w, h = t.page_size
        left, right = t.margins["left"], w - t.margins["right"]
        run, mark = self.style("running"), self.style("marking")
        cover = page == 1 and self.has_cover
        canv.saveState()

        def marking(y: float):
            if not m.marking:
                return
            canv.setFont(mark.fontName, mark.fontSize)
            if cover:  # a band across the whole cover page, marking in white
                canv.setFillColor(mark.textColor)
                canv.rect(0, y - 8, w, 22, stroke=0, fill=1)
                canv.setFillColor(colors.white)
            else:
                canv.setFillColor(mark.textColor)
            canv.drawCentredString(w / 2, y, m.marking)

        marking(h - 26)
        if not cover:
            canv.setFont(run.fontName, run.fontSize)
            canv.setFillColor(run.textColor)
            canv.setStrokeColor(self.color("rule"))
            canv.setLineWidth(0.5)
            top = h - t.margins["top"] + 16
            canv.drawString(left, top, _clip(m.title, run, (right - left) * 0.7))
            if m.date_text:
                canv.drawRightString(right, top, m.date_text)
            canv.line(left, top - 5, right, top - 5)
            bottom = t.margins["bottom"] - 26
            canv.line(left, bottom + 11, right, bottom + 11)
            footer_left = " · ".join(x for x in (m.organization, m.label(
                "version", version=m.version) if m.version else None) if x)
            if footer_left:
                canv.drawString(left, bottom, _clip(footer_left, run, (right - left) * 0.6))
            canv.drawRightString(right, bottom, m.label("page", n=page, total=total))
        marking(20)
        canv.restoreState()

    def fill_contents(self, canv: Canvas, page: int, body: list):
        """Dot leaders and page numbers of the contents entries on this page,
        spliced into the page's content `body` after each entry's text."""
        slots = self.toc_slots.get(page, ())
        for ident, x, y, right, style, at, shift, elem in sorted(slots, key=lambda s: -s[5]):
            canv._code = []
            tagged = elem is not None and self.tagger.open == [] and at > 0
            if tagged:  # the entry's text ends here; the leader is no content
                canv._code.append("EMC")
            number = str(self.pages.get(ident, ""))
            canv.saveState()
            canv.setFont(style.fontName, style.fontSize)
            canv.setFillColor(style.textColor)
            end = right - pdfmetrics.stringWidth(number, style.fontName, style.fontSize) - 6
            step = 4.5
            dot = x + 6 + (-(x + 6 + shift)) % step  # on the page's grid, so leaders line up
            count = int((end - dot) // step)
            if count > 0:  # the leader is decoration: an artifact between text and number
                width = pdfmetrics.stringWidth(".", style.fontName, style.fontSize)
                if tagged:
                    canv._code.append("/Artifact BMC")
                canv.drawString(dot, y, "." * count, charSpace=step - width)
                if tagged:
                    canv._code.append("EMC")
            if tagged:  # the page number: the entry's content again (its EMC follows)
                n = self.tagger.next_mcid.get(page, 0)
                self.tagger.next_mcid[page] = n + 1
                elem.kids.append(("mcid", page, n))
                canv._code.append(f"/{elem.role} <</MCID {n}>> BDC")
            canv.drawRightString(right, y, " " + number)
            canv.restoreState()
            body[at:at] = canv._code

    def write(self, path: str, on_pagination=None):
        t, m = self.theme, self.doc.meta
        writer = self

        class _PagedCanvas(Canvas):
            """Holds pages back until the end, so each can say 'Page N of M'."""

            def __init__(self, *a, **kw):
                kw.setdefault("invariant", 1)
                kw.setdefault("lang", m.language)
                kw["initialFontName"] = writer.fonts["regular"]
                super().__init__(*a, **kw)
                self._doc._timeStamp = _timestamp(m.date)
                # the file ID digest starts from the (temporary) file name; start it
                # from the content instead, so rebuilds are byte-identical
                self._doc.signature = hashlib.md5(b"briefgen", usedforsecurity=False)
                self._saved = []
                self.setCreator(f"briefgen {__version__}")
                self.showOutline()  # open with the bookmarks panel visible

            def bookmarkPage(self, key, **kw):
                # pages are added to the document only in save(), so the document's
                # page counter still says 1 here: point the destination at this page
                doc = self._doc
                counter, doc.pageCounter = doc.pageCounter, self._pageNumber
                try:
                    return super().bookmarkPage(key, **kw)
                finally:
                    doc.pageCounter = counter

            def _addAnnotation(self, annotation, name=None, addtopage=1):
                super()._addAnnotation(annotation, name, addtopage)
                self._annotation = self._doc.annotationName(
                    name or "NUMBER" + repr(self._annotationCount))

            def linkRect(self, contents, destinationname, *a, **kw):
                # a link's text alternative, and its place in the structure
                contents = contents or writer.link_labels.get(destinationname, "")
                result = super().linkRect(contents, destinationname, *a, **kw)
                writer.tagger.link(self, contents, self._annotation)
                return result

            def linkURL(self, url, *a, **kw):
                result = super().linkURL(url, *a, **kw)
                writer.tagger.link(self, url, self._annotation)
                return result

            def showPage(self):
                self._saved.append(dict(self.__dict__))
                self._startPage()

            def save(self):
                total = len(self._saved)
                for state in self._saved:
                    self.__dict__.update(state)
                    # page furniture goes first in the content stream, so text
                    # extraction reads marking and header before the body
                    body = self._code
                    writer.fill_contents(self, self._pageNumber, body)
                    self._code = []
                    writer.decorate(self, self._pageNumber, total)
                    self._code.extend(body)
                    self._code = mark_artifacts(self._code)
                    Canvas.showPage(self)
                writer.total_pages = total
                if writer.on_pagination is not None:  # the DOCX can be saved now
                    writer.on_pagination(writer.pagination())
                attach(self._doc, writer.tagger, m)
                Canvas.save(self)

        self.on_pagination = on_pagination
        doc = _Doc(path, self, pagesize=t.page_size, leftMargin=t.margins["left"],
                   rightMargin=t.margins["right"], topMargin=t.margins["top"],
                   bottomMargin=t.margins["bottom"], title=m.title,
                   author="; ".join(m.authors) or (m.organization or ""),
                   subject=m.subtitle or "", keywords=", ".join(m.keywords),
                   creator=f"briefgen {__version__}", lang=m.language,
                   initialFontName=self.fonts["regular"])
        doc.notes = NoteArea(self, doc.width)
        frame = NotesFrame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                           id="body", leftPadding=0, rightPadding=0, topPadding=0,
                           bottomPadding=0, notes=doc.notes)
        doc.addPageTemplates([PageTemplate("page", [frame])])
        story = []
        for index, block in enumerate(self.doc.blocks):  # each flowable knows its block
            for flow in self.visit_all([block]):
                flow._block = index
                story.append(flow)
        story = _keep_room(story, self.width, self.measure, KEEP_BOX * t.frame_height,
                           doc.notes)
        doc.build(story, canvasmaker=_PagedCanvas)
        return self.pages

    def pagination(self) -> dict:
        """What the DOCX takes from the PDF's layout: each heading's page, the page
        count, and the figures that waited for a later page, with the block each now
        follows (the DOCX puts them there too)."""
        return {"pages": self.pages, "total": self.total_pages, "moved": self.moved,
                "merged": self.merged}


def _bold(inlines) -> tuple:
    from ...model import Span
    return tuple(Span(s.text, True, s.italic, s.code, s.href, s.kind) for s in inlines)


def _link_labels(document) -> dict:
    """What each internal link leads to, for its text alternative."""
    from ...model import Figure, Paragraph as P, Table as T
    out = {}
    label = document.meta.label
    for block in document.walk():
        if isinstance(block, (Heading, T, Figure)):
            out[block.id] = label("go_to", target=block.label)
        elif isinstance(block, P) and block.anchor:
            text = " ".join("".join(s.text for s in block.inlines).split())
            if len(text) > 80:  # cut at a word, and say so
                text = text[:80].rsplit(" ", 1)[0] + " …"
            out[block.anchor] = label("go_to", target=text)
    for note in document.notes:
        out[note.id] = label("footnote", n=note.number)
        out[note.ref_id] = label("back_to_footnote", n=note.number)
    return out


def _broken_urls(text: str, font: str, size: float, width: float):
    """The text in pieces, with None where a line must break: a URL wider than
    the line is cut, at the places a URL may break, into pieces that fit."""
    if "://" not in text and "www." not in text:
        return [text]
    out = []
    for word in re.split(r"(\s+)", text):
        if not is_url(word) or pdfmetrics.stringWidth(word, font, size) <= width:
            out.append(word)
            continue
        line = ""
        for piece in url_pieces(word):
            if line and pdfmetrics.stringWidth(line + piece, font, size) > width:
                out += [line, None]
                line = ""
            line += piece
        out.append(line)
    return out


def _only_too_wide(hyphenate, width: float, font: str, size: float):
    """A hyphenator that breaks only words wider than the column (`column_breaks`)."""
    return column_breaks(hyphenate,
                         lambda text: pdfmetrics.stringWidth(text, font, size) <= width)


def _clip(text: str, style, width: float) -> str:
    if pdfmetrics.stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", style.fontName, style.fontSize) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _timestamp(day: _dt.date | None) -> TimeStamp:
    """The PDF's dates: SOURCE_DATE_EPOCH, else the brief's date, else a fixed one."""
    stamp = TimeStamp(invariant=1)
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip() or day is None:
        return stamp
    t = _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc).timestamp()
    stamp.t, stamp.lt = t, time.gmtime(t)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def write_pdf(document: Document, theme: Theme, path: str, on_pagination=None) -> dict:
    """Write the PDF; return {heading id: page} and the page count, which
    `on_pagination` also gets as soon as the pages are laid out."""
    writer = PdfWriter(document, theme)
    writer.write(path, on_pagination)
    return writer.pagination()
