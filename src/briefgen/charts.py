"""Charts, computed once before the writers: what a chart shows (`describe`, in
`figures.py`) and where everything goes (`layout`): a `Picture` of rectangles,
lines and text in points. The PDF draws the picture; the DOCX hands the
description to a native Word chart, or (the timeline) the picture as SVG;
so every file shows the same bars, ticks and labels.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from .xmltext import escape, quoteattr

from .dates import MONTHS
from .model import Axis, Chart
from .theme import Theme, font_face, font_names

# ---------------------------------------------------------------- axis

def nice_axis(low: float, high: float, target: int = 5) -> tuple:
    """(minimum, maximum, step): a zero baseline and about `target` steps of 1, 2,
    2.5 or 5 times a power of ten that cover low..high."""
    low, high = min(0.0, low), max(0.0, high)
    if high == low:
        high = low + 1
    raw = (high - low) / target
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * 0.999)
    minimum = math.floor(low / step + 1e-9) * step
    maximum = math.ceil(high / step - 1e-9) * step
    return minimum, maximum, step


def tick_text(value: float, step: float, unit: str | None, lang=None) -> str:
    """A tick label: thousands separators, the decimals the step needs, '−' for minus,
    in the brief's language's number format."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else \
        (1 if step % 1 else 0)
    text = f"{abs(value):.{decimals}f}"
    negative = value < 0 and float(text) != 0
    whole, _, frac = text.partition(".")
    if lang is None:
        text = f"{int(whole):,}" + (f".{frac}" if frac else "")
    else:
        text = lang.number(whole, frac or None)
    text = ("−" if negative else "") + text
    if unit != "%":
        return text
    return lang.percent(text) if lang is not None else text + "%"


# Windows locale ids: an Excel format code that starts with [$-40C] shows its
# separators the French way in Word and LibreOffice, whatever the reader's locale
_LCID = {"fr": "40C", "de": "407", "es": "C0A", "de_AT": "C07", "de_CH": "807",
         "fr_CA": "C0C", "fr_CH": "100C", "fr_BE": "80C", "es_MX": "80A"}


def excel_format(step: float, unit: str | None, lang=None) -> str:
    """The same tick labels as an Excel number format code."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step < 1 else \
        (1 if step % 1 else 0)
    code = "#,##0" + ("." + "0" * decimals if decimals else "")
    lcid = _LCID.get(lang.cldr, _LCID.get(lang.base)) if lang is not None and lang.cldr \
        else None
    if lcid:
        code = f"[$-{lcid}]{code}"
        return code + '\u00a0"%"' if unit == "%" else code
    return code + '"%"' if unit == "%" else code


def value_axis(low: float, high: float, unit: str | None, title: str | None,
               hundred: bool = False, whole: bool = False, lang=None) -> Axis:
    """The value axis; with `whole` (every value a whole number, such as a count)
    the steps are whole numbers too."""
    minimum, maximum, step = (0.0, 100.0, 20.0) if hundred else nice_axis(low, high)
    if whole and step < 1:
        minimum, maximum, step = math.floor(minimum), math.ceil(maximum), 1.0
    count = round((maximum - minimum) / step)
    ticks = [minimum + i * step for i in range(count + 1)]
    return Axis(title, minimum, maximum, step, ticks,
                [tick_text(t, step, unit, lang) for t in ticks], excel_format(step, unit, lang))


# ---------------------------------------------------------------- the picture

@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str | None
    stroke: str | None = None
    width: float = 0.0
    data: bool = True  # part of the data, not decoration (for tagging)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    color: str
    width: float = 0.5
    data: bool = False


@dataclass(frozen=True)
class Path:
    points: tuple  # ((x, y), ...)
    color: str
    width: float = 1.5
    data: bool = True


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str | None
    stroke: str | None = None
    width: float = 1.0
    data: bool = True


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    face: str = "regular"  # regular, bold, italic, bold_italic
    color: str = "#000000"
    anchor: str = "start"  # start, middle or end
    data: bool = True


@dataclass
class Picture:
    """What to draw, in points, y growing downwards from the top left."""

    width: float
    height: float
    items: list = field(default_factory=list)

    def texts(self) -> list:
        return [i.text for i in self.items if isinstance(i, Text)]


class _Ink:
    """Sizes, colours and text measures of one theme."""

    def __init__(self, theme: Theme):
        cell = theme.style("table_cell")
        self.size = cell.size
        self.small = max(6.5, cell.size - 1)
        self.leading = cell.leading
        self.ink = theme.style("body").color
        self.muted = theme.color("muted")
        self.rule = theme.color("rule")
        self.faces = {face: font_face(name, theme.font_files[face])
                      for face, name in font_names(theme).items()}
        self.tallest = theme.frame_height * 0.8  # a chart and its caption fit on a page

    def width(self, text: str, size: float, face: str = "regular") -> float:
        return self.faces[face].stringWidth(text, size)

    def wrap(self, text: str, width: float, size: float, face: str = "regular",
             lines: int = 3) -> list:
        """Words in lines no wider than `width` (a single long word stays whole);
        past `lines` lines the last ends with an ellipsis."""
        out: list = []
        for word in text.split():
            if out and self.width(out[-1] + " " + word, size, face) <= width:
                out[-1] += " " + word
            else:
                out.append(word)
        if len(out) > lines:
            out = out[:lines]
            out[-1] = out[-1].rstrip(",;:") + "…"
        return out or [""]


def tint(color: str, share: float = 0.45) -> str:
    """`color` mixed with white: `share` of the colour is kept."""
    rgb = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(c * share + 255 * (1 - share)):02x}" for c in rgb)


def layout(chart: Chart, width: float, theme: Theme) -> Picture:
    """Where everything of `chart` goes at `width` points wide."""
    return _LAYOUTS[chart.type](chart, width, _Ink(theme))


# ---------------------------------------------------------------- column and line

def _legend(pic: Picture, ink: _Ink, names: list, colors: list, y: float) -> float:
    """A legend line (or lines) from y; returns the y below it."""
    x, line = 0.0, ink.leading + 2
    for name, color in zip(names, colors):
        w = 14 + ink.width(name, ink.small) + 14
        if x and x + w > pic.width:
            x, y = 0.0, y + line
        pic.items.append(Rect(x, y + 1, 9, 9, color, data=False))
        pic.items.append(Text(x + 13, y + 9, name, ink.small, color=ink.ink, data=False))
        x += w
    return y + line


def _value_ticks(pic, ink, axis, top, bottom, left, right, horizontal=True):
    """Grid lines and tick labels; horizontal grid lines for a vertical value axis."""
    span = axis.maximum - axis.minimum
    for value, label in zip(axis.ticks, axis.labels):
        if horizontal:
            y = bottom - (value - axis.minimum) / span * (bottom - top)
            pic.items.append(Line(left, y, right, y, ink.rule, 0.4))
            pic.items.append(Text(left - 4, y + ink.small * 0.35, label, ink.small,
                                  color=ink.muted, anchor="end", data=False))
        else:
            x = left + (value - axis.minimum) / span * (right - left)
            pic.items.append(Line(x, top, x, bottom, ink.rule, 0.4))
            pic.items.append(Text(x, bottom + ink.small + 3, label, ink.small,
                                  color=ink.muted, anchor="middle", data=False))


def _vertical(chart: Chart, width: float, ink: _Ink) -> Picture:
    """Column and line charts: categories across, values up."""
    axis = chart.axis
    pic = Picture(width, 0)
    top = 4.0
    if axis.title:
        pic.items.append(Text(0, top + ink.small, axis.title, ink.small, "italic",
                              ink.muted, data=False))
        top += ink.leading + 2
    top += ink.small + 6  # room for the value labels over the highest bar
    left = max(ink.width(t, ink.small) for t in axis.labels) + 8
    right = width - 4
    n = len(chart.categories)
    band = (right - left) / n
    label_lines = [ink.wrap(c, band - 6, ink.small) for c in chart.categories]
    plot_h = max(110.0, min(width * 0.36, 190.0))
    bottom = top + plot_h
    _value_ticks(pic, ink, axis, top, bottom, left, right)
    span = axis.maximum - axis.minimum

    def y_of(v):
        return bottom - (v - axis.minimum) / span * plot_h

    zero = y_of(0.0)
    if chart.type == "column":
        k = len(chart.series)
        bar = min(band * 0.62 / k, 48.0)
        # labels wider than their bars: wider bars, then smaller labels, never overlapping
        widest = max(ink.width(label, ink.small, "bold") for s in chart.series
                     for label in s.labels)
        if widest > bar - 1:
            bar = min(band * 0.92 / k, max(bar, widest + 1))
        size = ink.small
        while size > 5.5 and max(ink.width(label, size, "bold") for s in chart.series
                                 for label in s.labels) > bar + 1:
            size -= 0.5
        for s_i, series in enumerate(chart.series):
            color = chart.colors[s_i]
            for c_i, value in enumerate(series.values):
                x = left + c_i * band + (band - bar * k) / 2 + s_i * bar
                y1, y2 = sorted((zero, y_of(value)))
                pic.items.append(Rect(x, y1, bar - 1, y2 - y1, color))
                end = value
                high = series.highs[c_i] if series.highs else None
                if high is not None:
                    ya, yb = sorted((y_of(value), y_of(high)))
                    pic.items.append(Rect(x, ya, bar - 1, yb - ya, tint(color), color, 0.8))
                    end = high
                label_y = y_of(end) - 3 if end >= 0 else y_of(end) + size + 2
                pic.items.append(Text(x + (bar - 1) / 2, label_y, series.labels[c_i],
                                      size, "bold", ink.ink, "middle"))
    else:  # line
        for s_i, series in enumerate(chart.series):
            color = chart.colors[s_i]
            points = tuple((left + (i + 0.5) * band, y_of(v)) for i, v in
                           enumerate(series.values))
            pic.items.append(Path(points, color, 1.8))
            for i, ((x, y), label) in enumerate(zip(points, series.labels)):
                pic.items.append(Circle(x, y, 2.6, color))
                # over the point, unless it is a low point (the line rises on both
                # sides) or the second series; then under it
                around = [series.values[j] for j in (i - 1, i + 1)
                          if 0 <= j < len(series.values)]
                low = bool(around) and all(v > series.values[i] for v in around)
                above = (s_i % 2 == 0) != low
                pic.items.append(Text(x, y - 5 if above else y + ink.small + 4, label,
                                      ink.small, "bold", color if s_i else ink.ink, "middle"))
    pic.items.append(Line(left, zero, right, zero, ink.muted, 0.8))
    # a value label under a negative bar that reaches the bottom needs its own room
    lowest = min(min(s.values) for s in chart.series)
    y = bottom + 4 + (ink.small + 4 if lowest < 0 and chart.type == "column" and
                      y_of(lowest) + ink.small + 4 > bottom else 0)
    for i, lines in enumerate(label_lines):
        for j, text in enumerate(lines):
            pic.items.append(Text(left + (i + 0.5) * band, y + ink.small + j * (ink.small + 2),
                                  text, ink.small, color=ink.ink, anchor="middle"))
    y += max(len(lines) for lines in label_lines) * (ink.small + 2) + 6
    if len(chart.series) > 1:
        y = _legend(pic, ink, [s.name for s in chart.series], chart.colors, y + 2)
    pic.height = round(y + 2, 2)
    return pic


# ---------------------------------------------------------------- bar

def _bar(chart: Chart, width: float, ink: _Ink) -> Picture:
    """Horizontal bars: one row per category, labelled at the left, values at the ends."""
    axis = chart.axis
    pic = Picture(width, 0)
    k = len(chart.series)
    label_w = min(width * 0.34, max(ink.width(c, ink.small) for c in chart.categories) + 2)
    lines = [ink.wrap(c, label_w, ink.small) for c in chart.categories]
    left = label_w + 8
    value_room = max(ink.width(l, ink.small, "bold") for s in chart.series for l in s.labels)
    right = width - value_room - 8
    span = axis.maximum - axis.minimum
    bar = 14.0 if k == 1 else 10.0
    rows = [max(len(ls) * (ink.small + 2) + 8, bar * k + 10) for ls in lines]
    top = 4.0
    bottom = top + sum(rows)

    def x_of(v):
        return left + (v - axis.minimum) / span * (right - left)

    _value_ticks(pic, ink, axis, top, bottom, left, right, horizontal=False)
    zero = x_of(0.0)
    y = top
    for c_i, row in enumerate(rows):
        text_top = y + (row - len(lines[c_i]) * (ink.small + 2)) / 2
        for j, text in enumerate(lines[c_i]):
            pic.items.append(Text(label_w, text_top + ink.small + j * (ink.small + 2), text,
                                  ink.small, color=ink.ink, anchor="end"))
        for s_i, series in enumerate(chart.series):
            color = chart.colors[s_i]
            by = y + (row - bar * k) / 2 + s_i * bar
            value = series.values[c_i]
            x1, x2 = sorted((zero, x_of(value)))
            pic.items.append(Rect(x1, by, x2 - x1, bar - 1, color))
            end = value
            high = series.highs[c_i] if series.highs else None
            if high is not None:
                xa, xb = sorted((x_of(value), x_of(high)))
                pic.items.append(Rect(xa, by, xb - xa, bar - 1, tint(color), color, 0.8))
                end = high
            label = series.labels[c_i]
            if end >= 0:
                pic.items.append(Text(x_of(end) + 4, by + bar / 2 + ink.small * 0.35, label,
                                      ink.small, "bold", ink.ink))
            else:
                pic.items.append(Text(x_of(end) - 4, by + bar / 2 + ink.small * 0.35, label,
                                      ink.small, "bold", ink.ink, "end"))
        y += row
    pic.items.append(Line(zero, top, zero, bottom, ink.muted, 0.8))
    y = bottom + ink.small + 6
    if axis.title:
        y += ink.small + 3
        pic.items.append(Text((left + right) / 2, y, axis.title, ink.small, "italic",
                              ink.muted, "middle", data=False))
    y += 6
    if k > 1:
        y = _legend(pic, ink, [s.name for s in chart.series], chart.colors, y)
    pic.height = round(y + 2, 2)
    return pic


# ---------------------------------------------------------------- stacked

def _stacked(chart: Chart, width: float, ink: _Ink) -> Picture:
    """One bar split into its parts, a value label over each part."""
    axis = chart.axis
    pic = Picture(width, 0)
    left, right = 2.0, width - 2.0
    span = axis.maximum - axis.minimum

    def x_of(v):
        return left + (v - axis.minimum) / span * (right - left)

    top = 4.0
    label_rows: list = []  # the x-extent taken in each row of value labels
    placed = []
    at = 0.0
    for series, color in zip(chart.series, chart.colors):
        low, high = series.values[0], (series.highs or [None])[0]
        end = at + (high if high is not None else low)
        label = series.labels[0]
        w = ink.width(label, ink.small, "bold")
        cx = min(max(x_of((at + end) / 2), left + w / 2), right - w / 2)
        row = 0
        while row < len(label_rows) and any(a < cx + w / 2 + 6 and cx - w / 2 - 6 < b
                                            for a, b in label_rows[row]):
            row += 1
        if row == len(label_rows):
            label_rows.append([])
        label_rows[row].append((cx - w / 2, cx + w / 2))
        placed.append((cx, row, label, at, low, high, color))
        at = end
    rows = max(1, len(label_rows))
    bar_top = top + rows * (ink.small + 4) + 2
    bar_h = 22.0
    for cx, row, label, start, low, high, color in placed:
        y = bar_top - 4 - (rows - 1 - row) * (ink.small + 4)
        pic.items.append(Text(cx, y, label, ink.small, "bold", ink.ink, "middle"))
        pic.items.append(Rect(x_of(start), bar_top, x_of(start + low) - x_of(start), bar_h,
                              color, "#ffffff", 0.8))
        if high is not None:
            pic.items.append(Rect(x_of(start + low), bar_top, x_of(start + high) -
                                  x_of(start + low), bar_h, tint(color), color, 0.8))
    bottom = bar_top + bar_h
    for value, label in zip(axis.ticks, axis.labels):
        x = x_of(value)
        pic.items.append(Line(x, bottom, x, bottom + 3, ink.muted, 0.5))
        anchor = "start" if value == axis.ticks[0] else \
            "end" if value == axis.ticks[-1] else "middle"
        pic.items.append(Text(x, bottom + ink.small + 5, label, ink.small, color=ink.muted,
                              anchor=anchor, data=False))
    y = bottom + ink.small + 8
    if axis.title:
        y += ink.small + 2
        pic.items.append(Text((left + right) / 2, y, axis.title, ink.small, "italic",
                              ink.muted, "middle", data=False))
    y = _legend(pic, ink, [s.name for s in chart.series], chart.colors, y + 6)
    pic.height = round(y + 2, 2)
    return pic


# ---------------------------------------------------------------- timeline

def ticks_for(first: int, last: int, months=None) -> list:
    """(ordinal, label, major) date ticks suited to the window's length; `months`
    are the twelve month abbreviations of the brief's language."""
    months = months or [m[:3] for m in MONTHS]
    start, end = _dt.date.fromordinal(first), _dt.date.fromordinal(last)
    days = last - first
    out = []
    if days <= 1100:
        weeks = days <= 200
        d = _dt.date(start.year, start.month, 1)
        while d.toordinal() <= last:
            if d.toordinal() >= first:
                month = months[d.month - 1]
                first_major = not any(major for _, _, major in out)
                out.append((d.toordinal(), f"{month} {d.year}" if d.month == 1 or first_major
                            else month, True))
            for day in (8, 15, 22) if weeks else ():
                minor = _dt.date(d.year, d.month, day).toordinal()
                if first <= minor <= last:
                    out.append((minor, str(day), False))
            d = _dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    else:
        years = end.year - start.year + 1
        every = next(n for n in (1, 2, 5, 10, 20, 25, 50, 100) if years / n <= 12)
        for year in range(start.year - start.year % every, end.year + 1, every):
            o = _dt.date(year, 1, 1).toordinal()
            if first <= o <= last:
                out.append((o, str(year), True))
    return out


def _timeline(chart: Chart, width: float, ink: _Ink) -> Picture:
    """The events down a date axis, each labelled at its date; labels that would
    overlap are pushed apart and joined to their date by a leader."""
    pic = Picture(width, 0)
    first, last = chart.window
    axis_x = 70.0
    label_x = axis_x + 26
    label_w = width - label_x - 2
    lead = ink.small + 2
    # labels as roomy as the page allows: date above a title of up to two lines,
    # then of one line, then date and title on one line
    for shape in ("two", "one", "inline"):
        boxes = []
        for mark in chart.marks:
            if shape == "inline":
                lines = [(f"{mark.date_text}: {mark.label}", "regular")]
                lines = [(t, "regular") for t in ink.wrap(lines[0][0], label_w, ink.small, 1)]
            else:
                lines = [(mark.date_text, "bold")] + [
                    (t, "regular") for t in ink.wrap(mark.label, label_w, ink.small,
                                                     lines=2 if shape == "two" else 1)]
            boxes.append((mark, lines, len(lines) * lead + (4 if shape != "inline" else 1)))
        natural = sum(h for _, _, h in boxes)
        if natural * 1.15 + 20 <= ink.tallest:
            break
    top = 8.0
    axis_h = max(natural * 1.15, min(200.0, ink.tallest - 20))
    days = max(1, last - first)

    def y_of(day):
        return top + (day - first) / days * axis_h

    # label positions: wanted at their mark's date, pushed down past the one above,
    # then, where the last runs past the end, pushed back up
    wanted = [(y_of(m.start) + y_of(m.end)) / 2 - (h - 4) / 2 + 2 for m, _, h in boxes]
    ys = []
    for want, (_, _, h) in zip(wanted, boxes):
        ys.append(max(want, ys[-1] + boxes[len(ys) - 1][2] if ys else top - 4))
    limit = top + axis_h + 10
    for i in range(len(ys) - 1, -1, -1):
        h = boxes[i][2]
        ceiling = limit if i == len(ys) - 1 else ys[i + 1]
        if ys[i] + h > ceiling:
            ys[i] = ceiling - h
    bottom = max([top + axis_h] + [y + h for y, (_, _, h) in zip(ys, boxes)])
    pic.items.append(Line(axis_x, top, axis_x, top + axis_h, ink.muted, 1.0))
    labelled = -100.0
    for day, label, major in chart.time_ticks or ticks_for(first, last):
        y = y_of(day)
        pic.items.append(Line(axis_x - (6 if major else 3), y, axis_x, y, ink.muted,
                              0.6 if major else 0.4))
        if major and y - labelled < ink.small + 3 and " " not in label:
            continue  # too close to the last label: a tick without one
        if major:
            labelled = y
            pic.items.append(Text(axis_x - 9, y + ink.small * 0.35, label, ink.small,
                                  "bold", ink.ink, "end", data=False))
            pic.items.append(Line(axis_x, y, label_x - 8, y, ink.rule, 0.5))
        else:
            pic.items.append(Text(axis_x - 6, y + ink.small * 0.35, label, ink.small - 1.5,
                                  color=ink.muted, anchor="end", data=False))
    color = chart.colors[0]
    for (mark, lines, h), y in zip(boxes, ys):
        y1, y2 = y_of(mark.start), y_of(mark.end)
        mid = (y1 + y2) / 2
        if not mark.exact:  # a month, season or year: a light bracket over its span
            pic.items.append(Rect(axis_x + 3, y1, 3, max(y2 - y1, 2.5), tint(color, 0.3),
                                  tint(color, 0.7), 0.6))
            mid, tip = y1 + min(6.0, (y2 - y1) / 2), axis_x + 6
        elif mark.end > mark.start:
            pic.items.append(Rect(axis_x + 3, y1, 6, max(y2 - y1, 2.5),
                                  tint(color) if mark.approx else color, color, 0.8))
            tip = axis_x + 9
        else:
            pic.items.append(Circle(axis_x + 6, mid, 3.2, "#ffffff" if mark.approx else color,
                                    color, 1.2))
            tip = axis_x + 9.5
        text_mid = y + (h - 4) / 2
        pic.items.append(Line(tip, mid, label_x - 4, text_mid, ink.muted, 0.5))
        for j, (text, face) in enumerate(lines):
            pic.items.append(Text(label_x, y + ink.small + j * lead, text, ink.small, face,
                                  ink.ink))
    pic.height = round(bottom + 6, 2)
    return pic


_LAYOUTS = {"bar": _bar, "column": _vertical, "line": _vertical, "stacked": _stacked,
            "timeline": _timeline}


# ---------------------------------------------------------------- SVG

def to_svg(pic: Picture, theme: Theme) -> str:
    """The picture as a standalone SVG in the theme's font family, 1 unit = 1 pt."""
    family = quoteattr(f"{theme.family}, serif")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{pic.width:g}pt" '
           f'height="{pic.height:g}pt" viewBox="0 0 {pic.width:g} {pic.height:g}" '
           f'font-family={family}>']
    for item in pic.items:
        if isinstance(item, Rect):
            stroke = (f' stroke="{item.stroke}" stroke-width="{item.width:g}"'
                      if item.stroke else "")
            out.append(f'<rect x="{item.x:.2f}" y="{item.y:.2f}" width="{item.w:.2f}" '
                       f'height="{item.h:.2f}" fill="{item.fill or "none"}"{stroke}/>')
        elif isinstance(item, Line):
            out.append(f'<line x1="{item.x1:.2f}" y1="{item.y1:.2f}" x2="{item.x2:.2f}" '
                       f'y2="{item.y2:.2f}" stroke="{item.color}" '
                       f'stroke-width="{item.width:g}"/>')
        elif isinstance(item, Path):
            points = " ".join(f"{x:.2f},{y:.2f}" for x, y in item.points)
            out.append(f'<polyline points="{points}" fill="none" stroke="{item.color}" '
                       f'stroke-width="{item.width:g}" stroke-linejoin="round"/>')
        elif isinstance(item, Circle):
            stroke = (f' stroke="{item.stroke}" stroke-width="{item.width:g}"'
                      if item.stroke else "")
            out.append(f'<circle cx="{item.x:.2f}" cy="{item.y:.2f}" r="{item.r:g}" '
                       f'fill="{item.fill or "none"}"{stroke}/>')
        elif isinstance(item, Text):
            weight = ' font-weight="bold"' if "bold" in item.face else ""
            style = ' font-style="italic"' if "italic" in item.face else ""
            anchor = f' text-anchor="{item.anchor}"' if item.anchor != "start" else ""
            out.append(f'<text x="{item.x:.2f}" y="{item.y:.2f}" font-size="{item.size:g}" '
                       f'fill="{item.color}"{weight}{style}{anchor}>{escape(item.text)}</text>')
    out.append("</svg>")
    return "\n".join(out)
