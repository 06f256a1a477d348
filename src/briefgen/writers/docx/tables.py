"""Data tables: a captioned Word table with fixed column widths, repeated header
rows and rows that never split, mixed into the writer."""

from __future__ import annotations

from docx.shared import Pt
from docx.table import _Cell
from lxml.etree import SubElement

from ...hyphenate import hyphenated
from ...model import Paragraph, Span
from . import fields
from .ooxml import TBLPR_ORDER, TWIPS, W_P, W_VAL, el, hexa, keep_next, put, set_ppr, qn

_W_TR, _W_TRPR, _W_TC, _W_TCPR, _W_TCW = (qn(f"w:{t}") for t in
                                           ("tr", "trPr", "tc", "tcPr", "tcW"))
_W_CANTSPLIT, _W_TBLHEADER, _W_GRIDSPAN, _W_SHD = (qn(f"w:{t}") for t in
                                                   ("cantSplit", "tblHeader", "gridSpan", "shd"))
_W_W, _W_TYPE, _W_FILL, _W_COLOR = qn("w:w"), qn("w:type"), qn("w:fill"), qn("w:color")


TABLE_AFTER, TABLE_SPACER = 4, 8  # points under a table in the PDF, and its spacer
FIGURE_BEFORE = 4  # points above a figure in the PDF


class Tables:
    """visit_Table and its caption."""

    def caption(self, t, kind: str = "Table"):
        """'Table N: …' (or 'Figure N: …') in Word's Caption style, N a SEQ field
        showing the number, so cross-references and a table of tables or figures
        find it; with the table's or figure's bookmark."""
        # a table's caption asks for room in the PDF; a figure's is the top of its block
        para = self.paragraph("caption", keeps=kind == "Table",
                              before=None if kind == "Table" else FIGURE_BEFORE)
        head = f"{t.name} {t.number}"  # 'Tableau 3' in a French brief; the field's
        if t.label.startswith(head):  # name stays Word's own ('Table', 'Figure')
            para.add_run(f"{t.name} ")
            fields.sequence(para._p, kind, t.number)
            para.add_run(t.label[len(head):])
        else:
            para.add_run(t.label)
        self.add_bookmark(para, self.bookmark_name(t.id))
        return para

    def visit_Table(self, t):
        self.caption(t)
        ncols = len(t.widths)
        widths = [w * self.theme.frame_width for w in t.widths]
        table = self.body.add_table(0, ncols, Pt(self.theme.frame_width))
        tbl = table._tbl
        _table_properties(tbl, self.style_ids["Brief Table"], widths, t.label,
                          self._notes_text(t.notes), float(self.theme.table.get("padding", 4)))
        twips = [str(int(w * TWIPS)) for w in widths]
        full = str(int(sum(widths) * TWIPS))
        colors = {k: hexa(self.theme.color(k)) for k in ("header_bg", "zebra", "group_bg", "ink")}
        pad = float(self.theme.table.get("padding", 4))
        rule_eighths = max(2, round(self.theme.table.get("rule", 0.5) * 8))
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
            elif row.kind == "total":
                body_rows += 1
            else:
                if zebra % 2 == 1 and zebra_on:
                    fill = colors["zebra"]
                zebra += 1
                body_rows += 1
            # the PDF's table splits after its header and first two body rows, never
            # before its last two; a group row stays with the row under it
            keep = row.kind in ("header", "group") or body_rows == 1 or (
                len(t.rows) > t.header_rows + 4 and row is t.rows[-2])
            spans = [(row.cells[0], full, ncols)] if row.kind == "group" else \
                [(cell, twips[i], 1) for i, cell in enumerate(row.cells)]
            for i, (cell, width, span) in enumerate(spans):
                tc = SubElement(tr, _W_TC)
                tcpr = SubElement(tc, _W_TCPR)
                tcw = SubElement(tcpr, _W_TCW)
                tcw.set(_W_W, width)
                tcw.set(_W_TYPE, "dxa")
                if span > 1:
                    SubElement(tcpr, _W_GRIDSPAN).set(W_VAL, str(span))
                if fill:
                    shd = SubElement(tcpr, _W_SHD)
                    shd.set(W_VAL, "clear")
                    shd.set(_W_COLOR, "auto")
                    shd.set(_W_FILL, fill)
                self.body = _Cell(tc, table)
                if row.kind == "total":  # set apart: a rule above, bold
                    borders = SubElement(tcpr, qn("w:tcBorders"))
                    top = SubElement(borders, qn("w:top"))
                    for key, val in (("val", "single"), ("sz", str(int(rule_eighths * 2.4))),
                                     ("space", "0"), ("color", colors["ink"])):
                        top.set(qn(f"w:{key}"), val)
                for block in cell.blocks:
                    if isinstance(block, Paragraph):
                        style = "table_header" if row.kind == "header" else block.style
                        inlines = tuple(Span(s.text, True, s.italic, s.code, s.href, s.kind)
                                        for s in block.inlines) if row.kind == "total" \
                            else block.inlines
                        text_width = (sum(widths) if span > 1 else widths[i]) - 2 * pad
                        self.column = (text_width, self.theme.style(style)) \
                            if self.hyphenate and hyphenated(style) and span == 1 else None
                        try:
                            para = self.visit_Paragraph(Paragraph(inlines, style, block.anchor))
                        finally:
                            self.column = None
                        if cell.alignment:
                            set_ppr(para._p, el("w:jc", val=cell.alignment))
                        if keep:
                            keep_next(para._p)
                    else:
                        self.visit(block)
                if tc.find(W_P) is None:
                    SubElement(tc, W_P)  # a cell must hold a paragraph
        self.body = outer
        # the PDF leaves TABLE_AFTER under a table, and a spacer if no notes follow
        self.ended_block(TABLE_AFTER, 0.0 if t.notes else TABLE_SPACER)
        self.visit_all(t.notes)

    def _notes_text(self, notes) -> str:
        return " ".join("".join(s.text for s in b.inlines if s.kind != "note") for b in notes
                        if isinstance(b, Paragraph)).strip()


def _table_properties(tbl, style_id: str, widths: list, caption: str, description: str,
                      pad: float):
    """Style, fixed widths in twips (tblW, tblGrid and each tcW agree), and the caption
    as the table's own title for readers and accessibility tools. The table is indented
    by its cells' padding: Word (in the 2010 layout this file asks for) and LibreOffice
    measure the indent to the first cell's text, and the PDF's table starts at the
    margin with its text one padding in."""
    props = tbl.tblPr
    total = int(sum(widths) * TWIPS)
    put(props, el("w:tblStyle", val=style_id), TBLPR_ORDER)
    put(props, el("w:tblW", w=total, type="dxa"), TBLPR_ORDER)
    put(props, el("w:tblInd", w=round(pad * TWIPS), type="dxa"), TBLPR_ORDER)
    put(props, el("w:tblLayout", type="fixed"), TBLPR_ORDER)
    put(props, el("w:tblCaption", val=caption), TBLPR_ORDER)
    if description:
        put(props, el("w:tblDescription", val=description), TBLPR_ORDER)
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width * TWIPS)))

