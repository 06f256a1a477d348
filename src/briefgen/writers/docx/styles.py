"""The style sheet: every style the document uses, restyled from the theme.

Word's built-in styles carry the look (Title, Subtitle, Date, Heading 1-3,
List Bullet, List Number, Caption, Quote, TOC 1-3, Footnote Text and Footnote
Reference), so readers that map styles (pandoc, mammoth, screen readers) find
the document's structure. The template's own formatting of those styles
(borders, letter spacing, theme colours and fonts) is cleared first, so only
the theme shows.
"""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor
from docx.styles.style import StyleFactory

from ...theme import Style, Theme
from .ooxml import TWIPS, borders, el, hexa, indent, put, rgb, set_font, set_ppr, shading, qn

# theme style -> Word style (built-in where Word has one)
WORD_STYLES = {
    "body": "Normal", "title": "Title", "subtitle": "Subtitle",
    "h1": "Heading 1", "h2": "Heading 2", "h3": "Heading 3",
    "caption": "Caption", "quote": "Quote", "toc1": "TOC 1", "toc2": "TOC 2", "toc3": "TOC 3",
    "footnote": "Footnote Text",
}
# Word's built-in styles the template lacks: (name in styles.xml, styleId), which is
# how Word and LibreOffice know them for theirs
FOOTNOTE_TEXT, FOOTNOTE_REFERENCE = "Footnote Text", "Footnote Reference"
_BUILTIN = {FOOTNOTE_TEXT: ("footnote text", "FootnoteText"),
            FOOTNOTE_REFERENCE: ("footnote reference", "FootnoteReference")}
NOTE_INDENT = 11  # points: a footnote's text from its number, as in the PDF
# (ordered, level) -> Word list style
LIST_STYLES = {(False, 1): "List Bullet", (False, 2): "List Bullet 2",
               (False, 3): "List Bullet 3", (True, 1): "List Number",
               (True, 2): "List Number 2", (True, 3): "List Number 3"}
# cover lines in the styles document readers take the metadata from
DATE, AUTHOR = "Date", "Author"
MARKING_BAND = "Brief Marking Band"
BOX_STYLES = {"summary": "Brief Summary Box", "callout": "Brief Callout Box"}
BOX_COLORS = {"summary": ("summary_bg", "summary_rule"),
              "callout": ("callout_bg", "callout_rule")}
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
          "center": WD_ALIGN_PARAGRAPH.CENTER, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
# template properties that are structure, not look
_KEEP = {qn("w:outlineLvl")}


def word_style_name(name: str) -> str:
    return WORD_STYLES.get(name) or "Brief " + name.replace("_", " ").title()


class BoxFrame:
    """Where a box's rule, shading and text sit, in points, from the theme."""

    def __init__(self, theme: Theme):
        pad = float(theme.box.get("padding", 8))
        rule = float(theme.box.get("rule", 1.5))
        self.rule = max(2, min(96, round(rule * 8)))  # eighths of a point
        # Word draws a paragraph's side borders outside its indents, `space` points
        # (whole points) from the text: the rule lands on the text frame's edge (within
        # half a point), the text pad + 2 in and pad from the right, as in the PDF, so
        # its lines are as long as the PDF's
        self.left_space = max(0, min(31, round(pad + 2 - rule)))
        self.left = pad + 2
        self.top_space = max(0, min(31, round(pad)))
        self.bottom_space = max(0, min(31, round(pad - 3)))
        self.right_space = max(0, min(31, round(pad)))
        self.right = pad

    def edges(self, fill: str, rule: str) -> dict:
        # top, bottom and right in the fill colour: unseen, they pad the shading
        return {"top": (fill, 4, self.top_space), "left": (rule, self.rule, self.left_space),
                "bottom": (fill, 4, self.bottom_space), "right": (fill, 4, self.right_space)}


class StyleSheet:
    """The document's styles by name, built once from the theme."""

    def __init__(self, word, theme: Theme, language: str):
        self.word, self.theme = word, theme
        self.styles = word.styles
        self.by_name = {st.name: st for st in self.styles}  # python-docx scans on each lookup
        self.looks: dict = {}  # style id -> the theme Style it was made from
        self.frame = BoxFrame(theme)
        self._framed: dict = {}
        self._defaults(language)
        for name in theme.styles:
            self._apply(self._paragraph_style(word_style_name(name)), theme.style(name))
        for word_name in list(LIST_STYLES.values()) + ["List Continue"]:
            self._apply(self.by_name[word_name], theme.style("list_item"), indent=False)
        for word_name in ("Header", "Footer"):
            self._apply(self.by_name[word_name], theme.style("running"))
        self._apply(self.by_name["TOC Heading"], theme.style("h1"))
        for word_name in (DATE, AUTHOR):
            self._apply(self._paragraph_style(word_name, builtin=word_name == DATE),
                        theme.style("cover_meta"))
        self._marking_band()
        link = self._add("Brief Link", WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = rgb(theme.color("link"))
        self._footnotes()
        self._table_style()

    # ---------------------------------------------------------------- lookups
    def element(self, word_name: str):
        return self.by_name[word_name].element

    def framed(self, style_id: str, kind: str) -> str:
        """The boxed twin of a paragraph style: the same text, on the box's shading,
        with its rule on the left. Made on first use."""
        key = (style_id, kind)
        if key in self._framed:
            return self._framed[key]
        base = next(st for st in self.by_name.values() if st.style_id == style_id)
        name = _framed_name(kind, base.name, word_style_name("callout_body"))
        style = self._add(name, WD_STYLE_TYPE.PARAGRAPH, base)
        fill, rule = (self.theme.color(c) for c in BOX_COLORS[kind])
        props = style.element.get_or_add_pPr()
        borders(props, self.frame.edges(fill, rule))
        set_ppr(props, shading(fill))
        look = self.looks.get(style_id)
        indent(props, self.frame.left + (look.left_indent if look else 0), self.frame.right)
        if look is not None:
            self.looks[style.style_id] = look  # its text and spacing
        self._framed[key] = style.style_id
        return style.style_id

    def unjoin(self, p, kind: str):
        """Shading and borders of its own on a paragraph of a box right under another
        box of its kind: the frame's, in a fill one shade off (unseen). Word joins
        paragraphs with identical borders into one box, and Word and LibreOffice shade
        the gap between paragraphs with identical shading: the two boxes would be one."""
        fill, rule = (self.theme.color(c) for c in BOX_COLORS[kind])
        off = "#" + _one_shade_off(fill)
        borders(p, self.frame.edges(off, rule))
        set_ppr(p, shading(off))

    # ---------------------------------------------------------------- making
    def _add(self, name: str, kind, base=None, builtin: bool = False):
        if name in _BUILTIN:  # as Word writes it: named, hidden until used
            internal, ident = _BUILTIN[name]
            element = self.styles.element.add_style_of_type(internal, kind, True)
            element.styleId = ident
            style = StyleFactory(element)
            style.priority, style.hidden, style.unhide_when_used = 99, True, True
        else:
            style = StyleFactory(self.styles.element.add_style_of_type(name, kind, builtin))
            if kind == WD_STYLE_TYPE.PARAGRAPH:
                style.quick_style = True
        if base is not None:
            style.base_style = base
        self.by_name[name] = style
        return style

    def _paragraph_style(self, name: str, builtin: bool = False):
        if name not in self.by_name:
            self._add(name, WD_STYLE_TYPE.PARAGRAPH, self.by_name["Normal"], builtin)
        return self.by_name[name]

    def _defaults(self, language: str):
        """Font and language for everything; no template spacing underneath."""
        defaults = self.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        set_font(rpr, self.theme.family)
        for child in list(rpr):
            if child.tag == qn("w:lang"):
                rpr.remove(child)
        rpr.append(el("w:lang", val=language))
        ppr_default = defaults.find(qn("w:pPrDefault"))
        if ppr_default is not None:
            defaults.remove(ppr_default)

    def _apply(self, style, s: Style, indent: bool = True):
        """Style `style` as the theme's `s`, and as nothing else."""
        element = style.element
        props = element.get_or_add_pPr()
        for child in list(props):
            if child.tag not in _KEEP:
                props.remove(child)
        old = element.rPr
        if old is not None:
            element.remove(old)
        font = style.font
        font.size = Pt(s.size)
        font.bold, font.italic = s.bold, s.italic
        font.color.rgb = rgb(s.color)
        set_font(element.get_or_add_rPr(), self.theme.family)
        pf = style.paragraph_format
        pf.space_before, pf.space_after = Pt(s.space_before), Pt(s.space_after)
        pf.line_spacing = Pt(s.leading)
        pf.keep_with_next = s.keep_with_next
        pf.widow_control = True
        if indent:
            if s.left_indent:
                pf.left_indent = Pt(s.left_indent)
            pf.alignment = _ALIGN[s.align]
        # no automatic hyphenation: words too wide for a table column carry optional
        # hyphens where the PDF may break them (Blocks.column_pieces), nothing else does
        set_ppr(props, el("w:suppressAutoHyphens", val=1))
        self.looks[style.style_id] = s

    def _footnotes(self):
        """Footnote Text (from the theme's footnote style) hangs its number in the
        margin of the note's text; Footnote Reference, the number in the text and at
        the note, is superscript in the link colour, as in the PDF."""
        text = self.by_name[FOOTNOTE_TEXT]
        look = self.theme.style("footnote")
        props = text.element.get_or_add_pPr()
        left = round((look.left_indent + NOTE_INDENT) * TWIPS)
        tabs = el("w:tabs")
        tabs.append(el("w:tab", val="left", pos=left))
        set_ppr(props, tabs)
        set_ppr(props, el("w:ind", left=left, hanging=round(NOTE_INDENT * TWIPS)))
        ref = self._add(FOOTNOTE_REFERENCE, WD_STYLE_TYPE.CHARACTER,
                        self.by_name["Default Paragraph Font"])
        ref.font.superscript = True
        ref.font.color.rgb = rgb(self.theme.color("link"))

    def _marking_band(self):
        """The cover's marking: white on a band of the marking colour, page edge to edge."""
        t = self.theme
        band = self._add(MARKING_BAND, WD_STYLE_TYPE.PARAGRAPH, self.by_name["Brief Marking"])
        band.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        props = band.element.get_or_add_pPr()
        color = t.color("marking")
        # 22 points high, as in the PDF: the line and two bands of padding
        pad = max(0, min(31, round((22 - t.style("marking").leading) / 2)))
        borders(props, {"top": (color, 4, pad), "bottom": (color, 4, pad)})
        set_ppr(props, shading(color))
        set_ppr(props, el("w:ind", left=-round(t.margins["left"] * TWIPS),
                          right=-round(t.margins["right"] * TWIPS)))
        set_ppr(props, el("w:jc", val="center"))

    def _table_style(self):
        style = self._add("Brief Table", WD_STYLE_TYPE.TABLE, self.by_name["Normal Table"])
        tblPr = style.element.find(qn("w:tblPr"))
        if tblPr is None:
            tblPr = el("w:tblPr")
            style.element.append(tblPr)
        edges = el("w:tblBorders")
        rule = int(self.theme.table.get("rule", 0.5) * 8)
        color = hexa(self.theme.color("rule"))
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            if edge in ("top", "bottom", "insideH"):
                edges.append(el(f"w:{edge}", val="single", sz=rule, space=0, color=color))
            else:
                edges.append(el(f"w:{edge}", val="nil"))
        # the PDF's cell padding: the theme's on the sides, a point less on top
        pad = float(self.theme.table.get("padding", 4))
        margins = el("w:tblCellMar")
        # (less the rule under each row at the bottom: LibreOffice adds the rule's width
        # to the row's height, reportlab draws it on the row's edge)
        for edge, points in (("top", max(0.0, pad - 1)), ("left", pad),
                             ("bottom", max(0.0, pad - rule / 8)), ("right", pad)):
            margins.append(el(f"w:{edge}", w=round(points * TWIPS), type="dxa"))
        order = ("tblStyleRowBandSize", "tblStyleColBandSize", "tblInd", "tblBorders",
                 "tblCellMar")
        put(tblPr, edges, order)
        put(tblPr, margins, order)


def _one_shade_off(color: str) -> str:
    """The colour with its blue channel one step away: a different colour, unseen."""
    value = hexa(color)
    blue = int(value[4:6], 16)
    return value[:4] + f"{blue - 1 if blue else 1:02X}"


def _framed_name(kind: str, base: str, callout_body: str) -> str:
    prefix = BOX_STYLES[kind]
    if base == ("Normal" if kind == "summary" else callout_body):
        return prefix
    role = base.removeprefix("Brief ")
    for word in ("Box ", "Callout "):
        role = role.removeprefix(word)
    return f"{prefix} {role}"
