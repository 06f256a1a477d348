"""Figures: image files read and checked, and charts described from the brief's
own statistics, tables and events. Both run before the writers; `check`
reports every problem at the key concerned, `describe` gives the `Chart`
every writer draws.
"""

from __future__ import annotations

import functools
import io
import os
import re
from dataclasses import dataclass

from .charts import value_axis
from .diagnostics import Diagnostic, did_you_mean
from .format import stat_display
from .i18n import as_language
from .inline import without_notes
from .model import Chart, ImageData, Mark, Series
from .schema import Outline, walk_sections

MAX_PIXELS = 50_000_000
MAX_MARKS = 40  # events on one timeline chart: one line each still fits a page
MAX_BARS = {"bar": 40, "column": 24, "line": 60, "stacked": 8}  # categories that stay legible
DEFAULT_DPI = 96.0
_SVG_UNITS = {"": 0.75, "px": 0.75, "pt": 1.0, "pc": 12.0, "mm": 72 / 25.4,
              "cm": 72 / 2.54, "in": 72.0}
# a cell that reads as a number: '1,100', '57%', '≈ 20', '−3.5', '~12'
_CELL_NUMBER = re.compile(r"^[≈~]?\s*([+\-−]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*%?$")


class ImageProblem(ValueError):
    """An image file that cannot be placed; the message says why."""


def all_figures(outline: Outline):
    """(figure spec, section) for every figure, in document order."""
    for section, _ in walk_sections(outline.sections):
        for figure in section.figures:
            yield figure, section


# ---------------------------------------------------------------- images

def read_image(path: str) -> ImageData:
    """Read and check an image file; raise ImageProblem saying what is wrong."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise ImageProblem("is a folder, not an image file") from None
    except OSError as exc:
        raise ImageProblem(f"cannot be read: {exc.strerror.lower()}") from None
    head = data[:512]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _raster(path, data, "png")
    if head.startswith(b"\xff\xd8\xff"):
        return _raster(path, data, "jpeg")
    if b"<svg" in data[:4096] or head.lstrip().startswith(b"<?xml"):
        return _svg(path, data)
    kind = _sniff(head)
    raise ImageProblem(f"is {kind}, not a PNG, JPEG or SVG image" if kind else
                       "is not a PNG, JPEG or SVG image")


def _sniff(head: bytes) -> str | None:
    for magic, name in ((b"GIF8", "a GIF"), (b"RIFF", "a WebP or other RIFF file"),
                        (b"%PDF", "a PDF"), (b"II*\x00", "a TIFF"), (b"MM\x00*", "a TIFF"),
                        (b"BM", "a BMP"), (b"PK\x03\x04", "a zip archive")):
        if head.startswith(magic):
            return name
    return None


def _raster(path: str, data: bytes, fmt: str) -> ImageData:
    from PIL import Image
    Image.MAX_IMAGE_PIXELS = None  # we check the size ourselves, before decoding
    try:
        with Image.open(io.BytesIO(data)) as img:
            w, h = img.size
            if w * h > MAX_PIXELS:
                raise ImageProblem(f"has {w} × {h} pixels ({w * h / 1e6:.0f} megapixels); "
                                   f"the limit is {MAX_PIXELS // 1_000_000}")
            dpi = img.info.get("dpi") or (DEFAULT_DPI, DEFAULT_DPI)
            img.load()  # decodes every pixel: a truncated file fails here
    except ImageProblem:
        raise
    except (OSError, ValueError, SyntaxError) as exc:
        what = "is truncated" if "truncated" in str(exc) else "cannot be decoded"
        raise ImageProblem(f"{what} ({fmt.upper()}: {exc})") from None
    # PNG stores dots per metre: 150 dpi reads back as 149.9857
    dpi_x, dpi_y = (round(float(d), 1) if d and float(d) > 1 else DEFAULT_DPI
                    for d in dpi[:2])
    return ImageData(path, fmt, data, w / dpi_x * 72, h / dpi_y * 72, (w, h))


def _svg(path: str, data: bytes) -> ImageData:
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, col = exc.position
        raise ImageProblem(f"is not well-formed SVG (its line {line}, column {col}: "
                           f"{exc.msg.split(',')[0]})") from None
    if etree.QName(root).localname != "svg":
        raise ImageProblem("is XML but not an SVG image (its root is not <svg>)")
    box = (root.get("viewBox") or "").replace(",", " ").split()
    size = []
    for key, index in (("width", 2), ("height", 3)):
        value = (root.get(key) or "").strip()
        m = re.fullmatch(r"([0-9.]+)\s*([a-z]*)", value)
        if m and m.group(2) in _SVG_UNITS:
            size.append(float(m.group(1)) * _SVG_UNITS[m.group(2)])
        elif len(box) == 4:
            size.append(float(box[index]) * 0.75)
        else:
            raise ImageProblem("gives no size: set width and height, or a viewBox")
    if len(box) == 4 and not (root.get("width") and root.get("height")):
        w, h = float(box[2]), float(box[3])
        if not root.get("width") and root.get("height"):
            size[0] = size[1] * w / h
        elif root.get("width") and not root.get("height"):
            size[1] = size[0] * h / w
    if size[0] <= 0 or size[1] <= 0:
        raise ImageProblem("has a zero width or height")
    return ImageData(path, "svg", data, size[0], size[1])


def image_path(outline: Outline, written: str) -> tuple[str | None, str | None]:
    """(absolute path, problem): the file named relative to the outline, which must
    stay inside the outline's folder tree."""
    folder = os.path.dirname(os.path.abspath(outline.file))
    if os.path.isabs(written):
        return None, "is an absolute path; name the file relative to the outline"
    full = os.path.normpath(os.path.join(folder, written))
    real_folder = os.path.realpath(folder)
    if os.path.commonpath([real_folder, os.path.realpath(full)]) != real_folder:
        return None, "is outside the outline's folder; keep images beside the outline " \
                     "or in a folder under it"
    if not os.path.exists(full):
        near = _near_file(full)
        near = f"; did you mean '{os.path.relpath(near, folder)}'?" if near else ""
        shown = os.path.relpath(full)
        shown = full if shown.startswith("..") else shown
        return None, f"does not exist (looked for {shown}){near}"
    return full, None


def _near_file(full: str) -> str | None:
    """A file beside the one asked for whose name differs only in case or in the
    spelling of its extension (camp.JPG, camp.jpeg for camp.jpg), or by a typo."""
    import difflib
    folder, name = os.path.split(full)
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    stem = os.path.splitext(name)[0].lower()
    same = [n for n in names if os.path.splitext(n)[0].lower() == stem]
    close = same or difflib.get_close_matches(name, names, n=1, cutoff=0.8)
    return os.path.join(folder, close[0]) if close else None


# ---------------------------------------------------------------- checks

@dataclass
class Checked:
    """What `check` found readable: images by figure, for `describe` and the builder."""

    images: dict  # id(figure spec) -> ImageData


def check(outline: Outline) -> tuple[list[Diagnostic], Checked]:
    """Every problem with the outline's figures: files, ids, columns, units, cells."""
    loaded = outline.loaded
    errors: list[Diagnostic] = []
    images: dict = {}
    stats = {s.id: s for s in outline.statistics if s.id}
    tables = {t.id: t for s, _ in walk_sections(outline.sections) for t in s.tables if t.id}
    events = {e.id: e for e in outline.timeline if e.id}
    broken = outline.broken_ids

    def fail(path, message, hint=None):
        errors.append(loaded.diag(path, message, hint))

    for fig, _ in all_figures(outline):
        if fig.image is not None:
            full, problem = image_path(outline, fig.image)
            if problem is None:
                try:
                    images[id(fig)] = read_image(full)
                except ImageProblem as exc:
                    problem = str(exc)
            if problem:
                hint = ("image paths are relative to the outline's folder"
                        if "does not exist" in problem else
                        "resize it, or export it at a lower resolution" if "pixels" in problem
                        else None if "outside" in problem or "absolute" in problem else
                        "figures take PNG, JPEG or SVG files, at most 50 megapixels")
                fail(fig.path + ("image",), f"image '{fig.image}' {problem}", hint)
        chart = fig.chart
        if chart is None:
            continue
        at = chart.path
        units = []
        for i, sid in enumerate(chart.stats):
            stat = stats.get(sid)
            if stat is None:
                if sid not in broken:
                    fail(at + ("stats", i), f"unknown statistic '{sid}'",
                         did_you_mean(sid, stats, "statistic"))
                continue
            if stat.value is None:
                continue
            if stat.value.kind == "string":
                fail(at + ("stats", i), f"statistic '{sid}' is '{stat.value.raw}', not a "
                     "number, so it cannot be drawn", "chart only statistics whose value "
                     "is a number or a [low, high] range")
            units.append((i, stat))
        if units and len({s.unit for _, s in units}) > 1:
            first = units[0][1]
            for i, stat in units[1:]:
                if stat.unit != first.unit:
                    fail(at + ("stats", i), f"statistic '{stat.id}' is in "
                         f"{_unit(stat.unit)} but '{first.id}' is in {_unit(first.unit)}; "
                         "a chart's bars share one unit",
                         "chart statistics of the same unit, or draw two charts")
        if chart.type == "stacked" and units and any(s.value.raw is not None and
                                                     _low(s) < 0 for _, s in units):
            fail(at + ("stats",), "a stacked chart's parts cannot be negative")
        if chart.table is not None:
            spec = tables.get(chart.table)
            if spec is None:
                if chart.table not in broken:
                    fail(at + ("table",), f"unknown table '{chart.table}'",
                         did_you_mean(chart.table, tables, "table with an id"))
                continue
            columns = list(spec.columns)
            wanted = [("x", chart.x)] + [(("y", i), name) for i, name in enumerate(chart.y)]
            for key, name in wanted:
                if name is not None and name not in columns:
                    fail(at + (key if isinstance(key, tuple) else (key,)),
                         f"table '{chart.table}' has no column '{name}'",
                         did_you_mean(name, columns) or
                         "columns: " + ", ".join(columns))
            for name in chart.y:
                if name not in columns:
                    continue
                c = columns.index(name)
                for r, row in enumerate(charted_rows(spec)):
                    if c < len(row) and cell_number(row[c].text, outline.language) is None:
                        fail(spec.path + ("rows", r, c),
                             f"cell '{row[c].text}' in column '{name}' is not a number, "
                             f"and figure '{fig.id or fig.caption}' charts that column",
                             "write a number such as 1,100, 57% or −3.5; or leave the "
                             "column out of the chart's 'y'")
        count = len(chart.stats) if chart.stats else (
            len(charted_rows(tables[chart.table])) if chart.table in tables else 0)
        most = MAX_BARS.get(chart.type)
        if most and count > most:
            fail(at, f"this {chart.type} chart would have {count} "
                 f"{'parts' if chart.type == 'stacked' else 'categories'}; at most {most} "
                 "stay readable", "chart fewer statistics or rows, or show them as a table")
        for i, eid in enumerate(chart.events):
            if eid not in events and eid not in broken:
                fail(at + ("events", i), f"unknown event '{eid}'",
                     did_you_mean(eid, events, "event with an id"))
        if chart.type == "timeline" and chart.start and chart.end and \
                chart.end.sort_key() < chart.start.sort_key():
            fail(at + ("to",), "'to' is before 'from'", "swap them")
        elif chart.type == "timeline" and not errors:
            shown = timeline_events(outline, chart)
            if not shown:
                fail(at, "no event of the timeline falls in this chart's window",
                     "widen 'from' and 'to', or list 'events'")
            elif len(shown) > MAX_MARKS:
                fail(at, f"this timeline chart would mark {len(shown)} events; at most "
                     f"{MAX_MARKS} fit on a page", "narrow 'from' and 'to', or list the "
                     "'events' that matter; the timeline appendix lists them all")

    return errors, Checked(images)


def _unit(unit: str | None) -> str:
    return f"'{unit}'" if unit else "no unit"


def _low(stat) -> float:
    raw = stat.value.raw
    return raw[0] if isinstance(raw, list) else raw


def charted_rows(table) -> list:
    """The rows a chart from `table` draws: all but a total row (`total: true`), which
    would dwarf its parts."""
    return table.rows[:-1] if table.total and len(table.rows) > 1 else table.rows


def cell_number(text: str, lang=None) -> float | None:
    """The number a table cell shows, or None; in a French brief `1 100` and `74,5`,
    in a German or Spanish one `1.100` and `74,5`."""
    pattern = _CELL_NUMBER if lang is None or lang.cldr is None else \
        _cell_pattern(lang.group_pattern, lang.decimal)
    m = pattern.match(without_notes(str(text)).strip())
    if not m:
        return None
    sign, whole, frac = m.groups()
    value = float(re.sub(r"\D", "", whole) + ("." + frac[1:] if frac else ""))
    return -value if sign in ("-", "−") else value


@functools.lru_cache(maxsize=8)
def _cell_pattern(group: str, decimal: str) -> re.Pattern:
    return re.compile(rf"^[≈~]?\s*([+\-−]?)(\d{{1,3}}(?:{group}\d{{3}})+|\d+)"
                      rf"({re.escape(decimal)}\d+)?\s*%?$")


# ---------------------------------------------------------------- descriptions

def chart_colors(theme, n: int) -> list:
    palette = list(theme.chart_colors)
    return [palette[i % len(palette)] for i in range(n)]


def describe(outline: Outline, spec, theme, month_first: bool = False) -> Chart:
    """The chart a figure's `chart:` asks for, from a checked outline."""
    lang = as_language(month_first)
    if spec.type == "timeline":
        return _timeline(outline, spec, theme, month_first)
    if spec.stats:
        stats = {s.id: s for s in outline.statistics}
        chosen = [stats[i] for i in spec.stats]
        unit = chosen[0].unit
        values, highs, labels = [], [], []
        for s in chosen:
            raw = s.value.raw
            low, high = (float(raw[0]), float(raw[1])) if isinstance(raw, list) else \
                (float(raw), None)
            values.append(low)
            highs.append(high)
            labels.append(stat_display(s, lang))
        title = spec.axis or _unit_title(unit)
        if spec.type == "stacked":
            total = sum(h if h is not None else v for v, h in zip(values, highs))
            hundred = unit == "%" and 99 <= total <= 101
            series = [Series(s.label, [v], [lab], [h] if h is not None else None)
                      for s, v, h, lab in zip(chosen, values, highs, labels)]
            axis = value_axis(0, total, unit, spec.axis, hundred, lang=lang)
            return Chart("stacked", [""], series, axis,
                         chart_colors(theme, len(series)), unit)
        has_range = any(h is not None for h in highs)
        series = [Series(title or "Value", values, labels, highs if has_range else None)]
        ends = [h if h is not None else v for v, h in zip(values, highs)]
        axis = value_axis(min(values + ends), max(values + ends), unit, title,
                          whole=_whole(values + ends), lang=lang)
        return Chart(spec.type, [s.label for s in chosen], series, axis,
                     chart_colors(theme, 1), unit)
    table = next(t for s, _ in walk_sections(outline.sections) for t in s.tables
                 if t.id == spec.table)
    x = table.columns.index(spec.x)
    rows = charted_rows(table)
    categories = [without_notes(row[x].text).strip() for row in rows]
    series = []
    for name in spec.y:
        c = table.columns.index(name)
        series.append(Series(name, [cell_number(row[c].text, lang) for row in rows],
                             [without_notes(row[c].text).strip() for row in rows]))
    every = [v for s in series for v in s.values]
    unit = "%" if all(without_notes(row[table.columns.index(n)].text).strip().endswith("%")
                      for n in spec.y for row in rows) else None
    title = spec.axis or (spec.y[0] if len(spec.y) == 1 else None)
    axis = value_axis(min(every), max(every), unit, title, whole=_whole(every), lang=lang)
    return Chart(spec.type, categories, series, axis, chart_colors(theme, len(series)), unit)


def _whole(values) -> bool:
    return all(float(v).is_integer() for v in values)


def _unit_title(unit: str | None) -> str | None:
    if not unit:
        return None
    return "Per cent" if unit == "%" else unit[:1].upper() + unit[1:]


def timeline_events(outline: Outline, spec) -> list:
    """The events a timeline chart marks, in date order."""
    if spec.events:
        by_id = {e.id: e for e in outline.timeline if e.id}
        chosen = [by_id[i] for i in spec.events if i in by_id]
    else:
        first = spec.start.sort_key() if spec.start else None
        last = _last_day(spec.end) if spec.end else None
        chosen = [e for e in outline.timeline if e.date is not None
                  and (first is None or _last_day(e.date) >= first)
                  and (last is None or e.date.sort_key() <= last)]
    return sorted(chosen, key=lambda e: e.date.sort_key())


def _last_day(edtf):
    """The last day an EDTF date covers (a season counts as its first day)."""
    import datetime as _dt
    point = edtf.end or edtf.start
    if point.season:
        return point.start()
    if point.month is None:
        return _dt.date(point.year, 12, 31)
    if point.day is None:
        following = _dt.date(point.year + point.month // 12, point.month % 12 + 1, 1)
        return following - _dt.timedelta(days=1)
    return point.start()


def _timeline(outline, spec, theme, month_first) -> Chart:
    events = timeline_events(outline, spec)
    marks = []
    for e in events:
        start = e.date.sort_key().toordinal()
        end = _last_day(e.date).toordinal()
        exact = e.date.start.day is not None and (e.date.end is None or
                                                  e.date.end.day is not None)
        marks.append(Mark(e.title, e.date.display(month_first), start, max(start, end),
                          e.date.approximate, e.id, exact))
    first = spec.start.sort_key().toordinal() if spec.start else min(m.start for m in marks)
    last = _last_day(spec.end).toordinal() if spec.end else max(m.end for m in marks)
    marks = [Mark(m.label, m.date_text, max(m.start, first), min(m.end, last), m.approx,
                  m.id, m.exact) for m in marks]
    from .charts import ticks_for
    lang = as_language(month_first)
    return Chart("timeline", [m.date_text for m in marks], [], None,
                 chart_colors(theme, 1), marks=marks, window=(first, last),
                 time_ticks=ticks_for(first, last, lang.month_abbreviations()))


def alt_text(chart: Chart, caption: str, lang=None) -> str:
    """A text alternative written from a chart's data, in the brief's language."""
    kind = as_language(lang).label(f"chart_{chart.type}")
    if chart.type == "timeline":
        items = "; ".join(f"{m.date_text}: {m.label}" for m in chart.marks)
        return f"{kind}, {caption}. {items}."
    if chart.type == "stacked":
        items = "; ".join(f"{s.name}, {s.labels[0]}" for s in chart.series)
        return f"{kind}, {caption}: {items}."
    parts = []
    for s in chart.series:
        values = ", ".join(f"{c} {lab}" for c, lab in zip(chart.categories, s.labels))
        parts.append(f"{s.name}: {values}" if len(chart.series) > 1 else values)
    return f"{kind}, {caption}: " + "; ".join(parts) + "."
