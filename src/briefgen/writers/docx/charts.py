"""Native Word charts: a chart part (DrawingML c:chartSpace) with cached values, so
Word and LibreOffice draw it at once, and the embedded workbook behind it, so
Word's "Edit Data" opens the same numbers.

`plan()` turns a `Chart` description into the series a Word chart plots: a range
on a bar is a lighter bar to its high end under the bar to its low end, labelled
at its end as the PDF draws it; in a stacked bar a range is a lighter part after
its part; on a line, an error bar. `chart_xml()` writes the part, `workbook()`
the .xlsx, `add_chart()` puts both into the package.
"""

from __future__ import annotations

import datetime as _dt
import io
from dataclasses import dataclass, field

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from ...model import Chart
from ...theme import Theme, contrast_ratio, font_face, font_names
from .package import fixed_zip

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
NATIVE = ("bar", "column", "line", "stacked")  # chart types Word draws itself
SHEET = "Sheet1"
TINT = 0.55  # a range's extra segment: the series colour mixed this much with white
EMU = 12700  # per point
_CAT_AX, _VAL_AX = "500000001", "500000002"
_CAT_AX2, _VAL_AX2 = "500000003", "500000004"  # the second group's, hidden


# ---------------------------------------------------------------- what is plotted

@dataclass
class Plotted:
    """One c:ser: its values, colour, and the label shown at each point (None: none)."""

    name: str
    values: list  # float or None
    color: str  # #rrggbb
    labels: list  # str or None, one per point
    positions: list  # c:dLblPos of each point's label
    legend: bool = True  # False for a range's extra bar or part
    outline: str | None = None  # a bar's edge colour
    plus: list | None = None  # error-bar lengths above the value (a range on a line)
    label_color: str | None = None  # the labels' colour, if not the ink
    column: int = 0  # the workbook column of its values (B = 1); error bars in the next


@dataclass
class Plan:
    """What the Word chart plots: a group of series, and for ranges on several bar
    series a second group drawn over the first (on hidden secondary axes)."""

    kind: str  # "bar" (horizontal), "col" or "line"
    grouping: str  # "clustered", "stacked" or "standard" (line)
    categories: list
    series: list  # of Plotted, in c:ser order
    real: int  # series of the description (the legend shows these)
    overlap: int = 0
    overlay: list = field(default_factory=list)  # of Plotted: the second group

    @property
    def stacked(self) -> bool:
        return self.grouping == "stacked"

    @property
    def all_series(self) -> list:
        return self.series + self.overlay


def tint(color: str, amount: float = TINT) -> str:
    """`color` mixed `amount` with white."""
    rgb = [int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    return "#" + "".join(f"{round(c + (255 - c) * amount):02x}" for c in rgb)


def _label(series, i: int) -> str | None:
    labels = series.labels or []
    return labels[i] if i < len(labels) and labels[i] not in (None, "") else None


def _high(series, i: int):
    highs = series.highs or []
    return highs[i] if i < len(highs) else None


def _ends(series, n: int) -> list:
    """Where each bar of a series with ranges ends: the high end, else the value."""
    return [_high(series, i) if _high(series, i) is not None else series.values[i]
            for i in range(n)]


def _outside(chart: Chart, values: list) -> list:
    """Label positions for bars: past each bar's end, but inside the end of a
    negative bar that reaches near the axis' minimum, where the category labels are."""
    axis = chart.axis
    out = []
    for value in values:
        near = axis is not None and value is not None and value < 0 and \
            value - axis.minimum < 0.15 * (axis.maximum - axis.minimum)
        out.append("inEnd" if near else "outEnd")
    return out


def plan(chart: Chart) -> Plan:
    """The series a Word chart plots for `chart`, one of NATIVE.

    A range on a bar or column is a lighter bar to the high end under the bar to
    the low end (they overlap fully), labelled at its end, as the PDF draws it;
    in a stacked bar a range is a lighter part right after its part."""
    if chart.type not in NATIVE:
        raise ValueError(f"a {chart.type} chart is not drawn natively")
    colors = list(chart.colors) or ["#1d4e7a"]
    color = lambda i: colors[i % len(colors)]  # noqa: E731
    n = len(chart.categories)
    real = len(chart.series)
    labels = lambda s: [_label(s, j) for j in range(n)]  # noqa: E731
    if chart.type == "stacked":
        out = []
        for i, part in enumerate(chart.series):
            out.append(Plotted(part.name, list(part.values), color(i), labels(part),
                               ["ctr"] * n, outline="#ffffff"))
            if part.has_ranges:
                extra = [(_high(part, j) - part.values[j]) if _high(part, j) is not None
                         else 0 for j in range(n)]
                out.append(Plotted(f"{part.name} (range)", extra, tint(color(i)), [None] * n,
                                   ["ctr"] * n, legend=False, outline=color(i)))
        return _columns(Plan("bar", "stacked", list(chart.categories), out, real), out)
    kind = {"bar": "bar", "column": "col", "line": "line"}[chart.type]
    ranged = any(s.has_ranges for s in chart.series)
    if kind != "line" and ranged:
        highs, lows, order = [], [], []
        for i, s in enumerate(chart.series):
            ends = _ends(s, n)
            high = Plotted(f"{s.name} (high)", ends, tint(color(i)), labels(s),
                           _outside(chart, ends), legend=False, outline=color(i))
            low = Plotted(s.name, list(s.values), color(i), [None] * n, ["outEnd"] * n)
            highs.append(high)
            lows.append(low)
            order += [low, high]
        if real == 1:  # one group: the low bar drawn over the high one
            p = Plan(kind, "clustered", list(chart.categories), highs + lows, real, 100)
        else:
            p = Plan(kind, "clustered", list(chart.categories), highs, real, overlay=lows)
        return _columns(p, order)
    out = []
    for i, s in enumerate(chart.series):
        plus, pos = None, _outside(chart, s.values)
        if kind == "line":  # labels alternate above and below, as in the PDF
            pos = ["t" if i % 2 == 0 else "b"] * n
        if s.has_ranges:  # a range on a line: an error bar up to the high end, its
            # label below the point, clear of the bar
            plus = [(_high(s, j) - s.values[j]) if _high(s, j) is not None
                    and s.values[j] is not None else 0 for j in range(n)]
            pos = ["b" if _high(s, j) is not None else pos[j] for j in range(n)]
        out.append(Plotted(s.name, list(s.values), color(i), labels(s), pos, plus=plus,
                           label_color=color(i) if kind == "line" and i else None))
    return _columns(Plan(kind, "standard" if kind == "line" else "clustered",
                         list(chart.categories), out, real), out)


def _columns(p: Plan, order: list) -> Plan:
    """Workbook columns from B in `order`: each series' values, then its error bars."""
    col = 1
    for s in order:
        s.column = col
        col += 2 if s.plus is not None else 1
    return p


# ---------------------------------------------------------------- the workbook

def _letters(i: int) -> str:
    """Column letters of 0-based column `i`: 0 -> A, 26 -> AA."""
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def _refs(s: Plotted, rows: int) -> dict:
    """The formulas of a series' name, categories, values and error bars."""
    col, last = _letters(s.column), rows + 1
    plus = _letters(s.column + 1)
    return {"name": f"{SHEET}!${col}$1", "cat": f"{SHEET}!$A$2:$A${last}",
            "val": f"{SHEET}!${col}$2:${col}${last}",
            "plus": f"{SHEET}!${plus}$2:${plus}${last}"}


def workbook(p: Plan, created: _dt.datetime) -> bytes:
    """The chart's data as an .xlsx: categories down column A, a column per series
    (and per range's error bars), names in row 1. Byte-identical for the same input,
    so it is kept in briefgen's cache, keyed by that input and the installed
    XlsxWriter: a brief whose charts did not change does not import XlsxWriter."""
    import json

    from ... import cache
    columns = [(s.column, s.name, list(s.values), None if s.plus is None else list(s.plus))
               for s in sorted(p.all_series, key=lambda s: s.column)]
    # "workbook 1": a change to `_workbook_now` or `fixed_zip` must change it
    entry = cache.key("workbook 1", _xlsxwriter_stamp(), created.isoformat(), json.dumps(
        [[str(c) for c in p.categories], columns])) + ".xlsx"
    return cache.remembered("charts", entry, lambda: _workbook_now(p, created))


def _xlsxwriter_stamp() -> str:
    """The installed XlsxWriter, as its files' sizes and times (an upgrade changes
    them), without importing it."""
    import importlib.util
    import os
    spec = importlib.util.find_spec("xlsxwriter")
    if spec is None or not spec.origin:
        return "?"
    folder = os.path.dirname(spec.origin)
    stamps = []
    for name in ("__init__.py", "workbook.py", "worksheet.py"):
        try:
            st = os.stat(os.path.join(folder, name))
            stamps.append(f"{name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            stamps.append(f"{name}:?")
    return ";".join(stamps)


def _workbook_now(p: Plan, created: _dt.datetime) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"created": created, "author": "briefgen"})
    sheet = book.add_worksheet(SHEET)
    for row, category in enumerate(p.categories, start=1):
        sheet.write_string(row, 0, str(category))
    for s in sorted(p.all_series, key=lambda s: s.column):
        columns = [(s.column, s.name, s.values)]
        if s.plus is not None:
            columns.append((s.column + 1, f"{s.name} (range)", s.plus))
        for col, name, values in columns:
            sheet.write_string(0, col, name)
            for row, value in enumerate(values, start=1):
                if value is not None:
                    sheet.write_number(row, col, value)
            sheet.set_column(col, col, max(10, len(name) + 2))
    sheet.set_column(0, 0, max([10] + [len(str(c)) + 2 for c in p.categories]))
    book.close()
    return fixed_zip(buffer.getvalue())


# ---------------------------------------------------------------- the chart part

def _q(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def E(tag: str, *children, **attrs):  # noqa: N802 - an element builder
    """An element `prefix:name` with unprefixed attributes and children (None skipped)."""
    node = etree.Element(_q(tag), nsmap=NS if tag == "c:chartSpace" else None)
    for key, value in attrs.items():
        node.set(_q(key.replace("__", ":")) if "__" in key else key, str(value))
    for child in children:
        if child is not None:
            node.append(child)
    return node


def V(tag: str, value):  # noqa: N802
    """A c: element holding its value in `val`."""
    return E(tag, val=value)


def _hex(color: str) -> str:
    return color.lstrip("#").upper()


def _fill(color: str):
    return E("a:solidFill", E("a:srgbClr", val=_hex(color)))


class _Text:
    """The theme's font for chart text: family, size, colour."""

    def __init__(self, theme: Theme, language: str):
        self.family = theme.family
        self.size = round(theme.style("table_cell").size * 100)
        self.ink = theme.color("ink")
        self.muted = theme.color("muted")
        self.language = language
        self.face = font_face(font_names(theme)["regular"], theme.font_files["regular"])

    def width(self, text: str) -> float:
        """Points `text` takes at the chart's text size."""
        return self.face.stringWidth(text, self.size / 100)

    def rpr(self, tag: str = "a:defRPr", color: str | None = None, size: int | None = None,
            bold: bool = False):
        attrs = {"sz": size or self.size, "b": int(bold)}
        if tag == "a:rPr":
            attrs["lang"] = self.language
        return E(tag, _fill(color or self.ink), E("a:latin", typeface=self.family),
                 E("a:ea", typeface=self.family), E("a:cs", typeface=self.family), **attrs)

    def tx_pr(self, color: str | None = None, rot: int | None = None, bold: bool = False,
              wrap: bool = True):
        body = _body(rot, wrap)
        return E("c:txPr", body, E("a:lstStyle"),
                 E("a:p", E("a:pPr", self.rpr(color=color, bold=bold)),
                   E("a:endParaRPr", lang=self.language)))

    def rich(self, text: str, color: str | None = None, rot: int | None = None,
             bold: bool = False, wrap: bool = True):
        body = _body(rot, wrap)
        return E("c:rich", body, E("a:lstStyle"),
                 E("a:p", E("a:pPr", self.rpr(color=color, bold=bold)),
                   E("a:r", self.rpr("a:rPr", color=color, bold=bold), _t(text))))


def _body(rot: int | None, wrap: bool):
    attrs = {} if rot is None else {"rot": rot, "vert": "horz"}
    if not wrap:
        attrs["wrap"] = "none"
    return E("a:bodyPr", **attrs)


def _t(text: str):
    node = E("a:t")
    node.text = text
    return node


def _str_ref(formula: str, values: list):
    cache = E("c:strCache", V("c:ptCount", len(values)))
    for i, value in enumerate(values):
        cache.append(E("c:pt", _v(str(value)), idx=i))
    return E("c:strRef", _f(formula), cache)


def _num_ref(formula: str, values: list):
    cache = E("c:numCache", _format_code("General"), V("c:ptCount", len(values)))
    for i, value in enumerate(values):
        if value is not None:
            cache.append(E("c:pt", _v(_number(value)), idx=i))
    return E("c:numRef", _f(formula), cache)


def _number(value: float) -> str:
    """A number as Excel writes it: integers without '.0', floats by repr."""
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def _f(formula: str):
    node = E("c:f")
    node.text = formula
    return node


def _v(text: str):
    node = E("c:v")
    node.text = text
    return node


def _format_code(code: str):
    node = E("c:formatCode")
    node.text = code
    return node


def _label_color(fill: str, ink: str, position: str) -> str:
    """Ink, or white where a label sits inside a bar too dark for ink."""
    if position not in ("ctr", "inEnd", "inBase"):
        return ink
    return ink if contrast_ratio(ink, fill) >= contrast_ratio("#ffffff", fill) else "#ffffff"


_SHOW = ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent",
         "showBubbleSize")


def _show(value: int = 1) -> list:
    """The show* flags: the value on (which a custom text replaces), the rest off."""
    return [V(f"c:{flag}", int(value and flag == "showVal")) for flag in _SHOW]


def _dlbls(s: Plotted, text: _Text):
    """Each point's own label text (custom rich text, bold as in the PDF), none
    where it has none."""
    out = []
    n = len(s.values)
    default = next((p for p in s.positions if p), None)
    for i in range(n):
        label = s.labels[i] if i < len(s.labels) else None
        if label is None or s.values[i] is None:
            out.append(E("c:dLbl", V("c:idx", i), V("c:delete", 1)))
            continue
        pos = (s.positions[i] if i < len(s.positions) else None) or default
        color = s.label_color or _label_color(s.color, text.ink, pos)
        out.append(E("c:dLbl", V("c:idx", i), E("c:layout"),
                     E("c:tx", text.rich(label, color, bold=True, wrap=False)), _no_shape(),
                     text.tx_pr(color, bold=True, wrap=False),
                     V("c:dLblPos", pos) if pos else None, *_show()))
    if not any(label is not None for label in s.labels):
        return E("c:dLbls", V("c:delete", 1))
    return E("c:dLbls", *out, _no_shape(), text.tx_pr(s.label_color, bold=True, wrap=False),
             V("c:dLblPos", default) if default else None, *_show())


def _no_shape():
    return E("c:spPr", E("a:noFill"), E("a:ln", E("a:noFill")))


def _line(color: str, width_pt: float):
    return E("a:ln", _fill(color), w=round(width_pt * EMU), cap="rnd")


def _series(p: Plan, index: int, s: Plotted, text: _Text):
    refs = _refs(s, len(p.categories))
    tx = E("c:tx", _str_ref(refs["name"], [s.name]))
    if p.kind == "line":
        sp = E("c:spPr", _line(s.color, 2.0))
        marker = E("c:marker", V("c:symbol", "circle"), V("c:size", 6),
                   E("c:spPr", _fill(s.color), E("a:ln", _fill("#ffffff"),
                                                 w=round(0.75 * EMU))))
        head = [V("c:idx", index), V("c:order", index), tx, sp, marker]
    else:
        edge = _line(s.outline, 0.8) if s.outline else E("a:ln", E("a:noFill"))
        sp = E("c:spPr", _fill(s.color), edge)
        head = [V("c:idx", index), V("c:order", index), tx, sp, V("c:invertIfNegative", 0)]
    err = None
    if s.plus is not None:
        err = E("c:errBars", V("c:errDir", "y"), V("c:errBarType", "plus"),
                V("c:errValType", "cust"), V("c:noEndCap", 0),
                E("c:plus", _num_ref(refs["plus"], s.plus)),
                E("c:spPr", _line(s.color, 1.25)))
    tail = [E("c:cat", _str_ref(refs["cat"], p.categories)),
            E("c:val", _num_ref(refs["val"], s.values))]
    if p.kind == "line":
        tail.append(V("c:smooth", 0))
    return E("c:ser", *head, _dlbls(s, text), err, *tail)


def _axis_title(title: str | None, text: _Text, rot: int | None):
    if not title:
        return None
    return E("c:title", E("c:tx", text.rich(title, text.muted, rot=rot)), E("c:layout"),
             V("c:overlay", 0), _no_shape())


def _fits(p: Plan, text: _Text, width: float | None) -> bool:
    """Whether horizontal bars' category labels fit on one line in a third of the
    chart: then they are not wrapped (LibreOffice drops a wrapped label that is
    taller than its row)."""
    if p.kind != "bar" or not width:
        return False
    longest = max((text.width(str(c)) for c in p.categories), default=0)
    return longest <= width * 0.34


def _axes(p: Plan, chart: Chart, theme: Theme, text: _Text, ids: tuple,
          hidden: bool = False, width: float | None = None) -> list:
    """The category and value axes; `hidden` ones (of the second group) only
    share the first's scale: no line, no labels, but not deleted, so LibreOffice
    too draws the second group over the first rather than beside it."""
    cat_id, val_id = ids
    rule = theme.color("rule")
    horizontal = p.kind == "bar"
    negative = chart.axis is not None and chart.axis.minimum < 0
    cat = E("c:catAx", V("c:axId", cat_id),
            E("c:scaling", V("c:orientation", "maxMin" if horizontal else "minMax")),
            # a stacked bar's one category is the whole: no label, as in the PDF
            V("c:delete", int(chart.type == "stacked")),
            V("c:axPos", "l" if horizontal else "b"),
            E("c:numFmt", formatCode="General", sourceLinked=0),
            V("c:majorTickMark", "none"), V("c:minorTickMark", "none"),
            # below negative bars, not across them
            V("c:tickLblPos", "none" if hidden else "low" if negative else "nextTo"),
            E("c:spPr", E("a:noFill"), E("a:ln", E("a:noFill")) if hidden
              else _line(theme.color("muted"), 0.75)),
            text.tx_pr(wrap=not _fits(p, text, width)), V("c:crossAx", val_id),
            V("c:crosses", "autoZero"),
            V("c:auto", 1), V("c:lblAlgn", "ctr"), V("c:lblOffset", 100),
            # every category labelled: LibreOffice skips some where rows are tight
            V("c:tickLblSkip", 1), V("c:tickMarkSkip", 1), V("c:noMultiLvlLbl", 1))
    axis = chart.axis
    scaling = E("c:scaling", V("c:orientation", "minMax"))
    if axis is not None:
        scaling.append(V("c:max", _number(axis.maximum)))
        scaling.append(V("c:min", _number(axis.minimum)))
    shown = axis is not None and not hidden
    value = E("c:valAx", V("c:axId", val_id), scaling, V("c:delete", int(axis is None)),
              V("c:axPos", ("t" if horizontal else "r") if hidden else
                ("b" if horizontal else "l")),
              E("c:majorGridlines", E("c:spPr", _line(rule, 0.5))) if shown else None,
              _axis_title(axis.title if shown else None, text,
                          None if horizontal else -5400000),
              E("c:numFmt", formatCode=axis.number_format if axis else "General",
                sourceLinked=0),
              V("c:majorTickMark", "none"), V("c:minorTickMark", "none"),
              V("c:tickLblPos", "none" if hidden else "nextTo"),
              E("c:spPr", E("a:noFill"), E("a:ln", E("a:noFill"))),
              text.tx_pr(color=text.muted), V("c:crossAx", cat_id),
              # categories run top to bottom: the value axis crosses at the last one,
              # at the bottom (a hidden one on the other side)
              V("c:crosses", "max" if horizontal != hidden else "autoZero"),
              V("c:crossBetween", "between"),
              V("c:majorUnit", _number(axis.step)) if axis and axis.step else None)
    return [cat, value]


def legend_index(p: Plan) -> list:
    """The c:legendEntry idx of each series (first group, then the second): its
    position, counted backwards within a group of horizontal bars, whose legend
    Office lists bottom up (LibreOffice's import and export count so too)."""
    out, base = [], 0
    for group in (p.series, p.overlay):
        k = len(group)
        out += [base + (k - 1 - j if p.kind == "bar" else j) for j in range(k)]
        base += k
    return out


def _legend(p: Plan, text: _Text):
    """At the bottom, when there is more than one series; extra bars left out."""
    if p.real <= 1:
        return None
    hidden = sorted(i for i, s in zip(legend_index(p), p.all_series) if not s.legend)
    entries = [E("c:legendEntry", V("c:idx", i), V("c:delete", 1)) for i in hidden]
    return E("c:legend", V("c:legendPos", "b"), *entries, E("c:layout"), V("c:overlay", 0),
             _no_shape(), text.tx_pr())


def chart_xml(chart: Chart, theme: Theme, workbook_rid: str, language: str = "en-GB",
              p: Plan | None = None, width: float | None = None) -> bytes:
    """The chart part: c:chartSpace with every value cached, in the theme's font;
    `width` is the drawing's, in points."""
    p = p or plan(chart)
    text = _Text(theme, language)
    groups = [(p.series, 0, (_CAT_AX, _VAL_AX))]
    if p.overlay:
        groups.append((p.overlay, len(p.series), (_CAT_AX2, _VAL_AX2)))
    plots, axes = [], []
    for series, first, ids in groups:
        sers = [_series(p, first + i, s, text) for i, s in enumerate(series)]
        if p.kind == "line":
            plots.append(E("c:lineChart", V("c:grouping", "standard"), V("c:varyColors", 0),
                           *sers, V("c:marker", 1), V("c:axId", ids[0]), V("c:axId", ids[1])))
        else:
            overlap = 100 if p.stacked else p.overlap
            plots.append(E("c:barChart", V("c:barDir", p.kind), V("c:grouping", p.grouping),
                           V("c:varyColors", 0), *sers,
                           V("c:gapWidth", 25 if chart.type == "stacked" else 60),
                           V("c:overlap", overlap), V("c:axId", ids[0]), V("c:axId", ids[1])))
        axes += _axes(p, chart, theme, text, ids, hidden=first > 0, width=width)
    plot_area = E("c:plotArea", E("c:layout"), *plots, *axes, _no_shape())
    body = E("c:chart", V("c:autoTitleDeleted", 1), plot_area, _legend(p, text),
             V("c:plotVisOnly", 1), V("c:dispBlanksAs", "gap"))
    space = E("c:chartSpace", V("c:date1904", 0), V("c:lang", language),
              V("c:roundedCorners", 0), body, _no_shape(), text.tx_pr(),
              E("c:externalData", V("c:autoUpdate", 0), r__id=workbook_rid))
    return etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)


def add_chart(document_part, chart: Chart, theme: Theme, number: int,
              created: _dt.datetime, language: str = "en-GB",
              width: float | None = None) -> str:
    """Put chart `number`'s part (/word/charts/chartN.xml) and its workbook
    (/word/embeddings/Microsoft_Excel_WorksheetN.xlsx) into the package; returns
    the document part's relationship id of the chart."""
    package = document_part.package
    p = plan(chart)
    book = Part(PackURI(f"/word/embeddings/Microsoft_Excel_Worksheet{number}.xlsx"),
                CT.SML_SHEET, workbook(p, created), package)
    part = Part(PackURI(f"/word/charts/chart{number}.xml"), CT.DML_CHART, b"", package)
    rid = part.relate_to(book, RT.PACKAGE)
    part._blob = chart_xml(chart, theme, rid, language, p, width)
    return document_part.relate_to(part, RT.CHART)
