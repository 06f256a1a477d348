"""Data tables: a caption, header cells with their scope, a row group for each group
row, zebra rows as in the PDF, a total row set apart; inside a box that scrolls on
its own when the table is wider than the screen."""

from __future__ import annotations

from ...model import Paragraph, Span
from .markup import element, text

WIDE = 6  # columns from which a table keeps a minimum width and scrolls on a phone;
# narrower ones wrap their words (hyphenated in the brief's language) to the screen


class Tables:
    """visit_Table, mixed into the writer."""

    def visit_Table(self, t):
        ncols = len(t.widths)
        caption_id = self.unique(f"_caption-{t.id}")
        body = []  # row groups: (group row or None, rows)
        head = []
        zebra = 0
        zebra_on = self.theme.table.get("zebra", True)
        for row in t.rows:
            if row.kind == "header":
                head.append(element("tr", "".join(
                    self.cell(cell, "th", scope="col") for cell in row.cells)))
                continue
            if row.kind == "group":
                cell = self.cell(row.cells[0], "th", scope="rowgroup",
                                 colspan=ncols if ncols > 1 else None)
                body.append([element("tr", cell, class_="group")])
                zebra = 0
                continue
            if not body:
                body.append([])
            kind = None
            if row.kind == "total":
                kind = "total"
            else:
                if zebra % 2 == 1 and zebra_on:
                    kind = "z"
                zebra += 1
            bold = row.kind == "total"
            body[-1].append(element("tr", "".join(self.cell(c, "td", bold=bold)
                                                  for c in row.cells), class_=kind))
        cols = "".join(f'<col style="width:{w * 100:.1f}%">' for w in t.widths)
        parts = [element("caption", text(t.label), class_="st-caption",
                         id=caption_id),
                 f"<colgroup>{cols}</colgroup>"]
        if head:
            parts.append(element("thead", "\n".join(head)))
        parts += [element("tbody", "\n".join(rows)) for rows in body]
        table = element("table", "\n".join(parts), id=self.unique(t.id),
                        class_="wide" if ncols >= WIDE else None)
        out = [element("div", table, class_="table-wrap", role="region",
                       aria_labelledby=caption_id, tabindex=0)]
        if t.notes:
            out.append(element("div", "\n".join(self.visit_all(t.notes)),
                               class_="table-notes"))
        return "\n".join(out)

    def cell(self, cell, name: str, bold: bool = False, **attrs) -> str:
        """A th or td; its paragraphs in their table styles, a header's in the header's."""
        inner = []
        for block in cell.blocks:
            if isinstance(block, Paragraph):
                style = "table_header" if name == "th" and attrs.get("scope") == "col" \
                    else block.style
                spans = block.inlines
                if bold:
                    spans = tuple(Span(s.text, True, s.italic, s.code, s.href, s.kind)
                                  for s in spans)
                inner.append(element("p", self.inlines(spans), id=self.unique(block.anchor),
                                     class_=self.style_class(style)))
            else:
                inner.append(self.visit(block))
        align = {"right": "r", "center": "c"}.get(cell.alignment or "")
        return element(name, "".join(inner), class_=align, **attrs)
