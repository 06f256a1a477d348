"""Figures in the DOCX: pictures (PNG, JPEG, SVG with a PNG fallback) and native
Word charts whose cached values and embedded workbook hold the model's numbers."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from briefgen.model import (Axis, Chart, Document, Figure, ImageData, Mark, Meta,
                            Paragraph, Series, Span)
from briefgen.theme import load_theme, resolve_path
from briefgen.writers import docx as docx_writer
from briefgen.writers.docx import figures, write_docx

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
}
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150" '
       'viewBox="0 0 300 150"><rect x="10" y="10" width="280" height="130" fill="#1d4e7a"/>'
       '<circle cx="150" cy="75" r="40" fill="#f7f3ea"/></svg>')


@pytest.fixture(scope="module")
def theme():
    return load_theme(resolve_path(None, None))


def _axis(maximum, step, fmt='#,##0', title=None):
    ticks = [i * step for i in range(int(round(maximum / step)) + 1)]
    return Axis(title, 0, maximum, step, ticks, [str(t) for t in ticks], fmt)


def _raster(tmp: Path, fmt: str, size=(240, 120)) -> ImageData:
    from PIL import Image
    image = Image.new("RGB", size, "#1d4e7a")
    for x in range(0, size[0], 8):
        for y in range(size[1] // 2):
            image.putpixel((x, y), (247, 243, 234))
    path = tmp / f"picture.{'jpg' if fmt == 'jpeg' else 'png'}"
    image.save(path, "JPEG" if fmt == "jpeg" else "PNG")
    return ImageData(str(path), fmt, path.read_bytes(), size[0] * 0.75, size[1] * 0.75,
                     pixels=size)


BAR = Chart("bar", ["Gas exports", "Oil exports", "Fertiliser", "Other goods"],
            [Series("Share", [20.0, 35.5, 8.0, 4.0], ["20–22%", "35.5%", "8–12%", "4%"],
                    highs=[22.0, None, 12.0, None])],
            _axis(40, 10, '0"%"', "Share of exports"), ["#1d4e7a"], unit="%")
STACKED = Chart("stacked", ["Budget"],
                [Series("Defence", [42.0], ["42"]),
                 Series("Health", [30.0], ["30–34"], highs=[34.0]),
                 Series("Schools", [18.0], ["18"])],
                _axis(100, 20), ["#1d4e7a", "#a87b2a", "#5d6876"])
LINE = Chart("line", ["2021", "2022", "2023", "2024", "2025"],
             [Series("Imports", [12.0, 14.5, 13.0, 17.0, 19.5],
                     ["12", "14.5", "13", "17", "19.5"]),
              Series("Exports", [8.0, 9.0, 11.0, 10.0, 12.5], ["8", "9", "11–13", "10", "12.5"],
                     highs=[None, None, 13.0, None, None])],
             _axis(25, 5, '#,##0', "Billion USD"), ["#1d4e7a", "#a87b2a"])
COLUMN = Chart("column", ["North", "South", "East"],
               [Series("Sites", [3.0, 7.0, 5.0], ["3", "7", "5"])],
               _axis(8, 2), ["#1d4e7a"])
_DAY = datetime.date(2025, 3, 1).toordinal()
TIMELINE = Chart("timeline", ["1 March 2025", "10–20 March 2025", "2 May 2025"], [], None,
                 ["#1d4e7a"], marks=[Mark("Talks open", "1 March 2025", _DAY, _DAY),
                                     Mark("Second round", "10–20 March 2025", _DAY + 9,
                                          _DAY + 19),
                                     Mark("Agreement", "2 May 2025", _DAY + 62, _DAY + 62)],
                 window=(_DAY - 5, _DAY + 70))
GROUPS = Chart("column", ["2024", "2025"],
               [Series("Low case", [4.0, 5.0], ["4", "5–6"], highs=[None, 6.0]),
                Series("High case", [7.0, 8.0], ["7–9", "8"], highs=[9.0, None])],
               _axis(10, 2), ["#1d4e7a", "#a87b2a"])
NATIVE = [BAR, STACKED, LINE, COLUMN, GROUPS]


def _document(tmp: Path) -> Document:
    meta = Meta(title="Figures", subtitle=None, authors=["A. Writer"], organization=None,
                date=datetime.date(2026, 1, 23), date_text="23 January 2026", version=None,
                marking=None, keywords=[], language="en-GB")
    svg = ImageData(str(tmp / "drawing.svg"), "svg", SVG.encode("utf-8"), 300.0, 150.0)
    blocks = [Paragraph((Span("See "), Span("the bar chart", href="#fig-bar"), Span("."))),
              Figure("fig-bar", 1, "Exports by product", "Bar chart of the share of "
                     "exports by product", 1.0, chart=BAR,
                     source=(Span("Ministry data, "), Span("[1]", href="#ref-1",
                                                             kind="citation"))),
              Figure("fig-stacked", 2, "The budget", "Stacked bar of the budget by part",
                     0.9, chart=STACKED),
              Figure("fig-line", 3, "Trade", "Line chart of imports and exports", 1.0,
                     chart=LINE, notes=[Paragraph((Span("Nominal values."),), "notes")]),
              Figure("fig-col", 4, "Sites", "Column chart of sites by region", 0.6,
                     chart=COLUMN),
              Figure("fig-groups", 5, "Cases", "Column chart of two cases with ranges", 0.8,
                     chart=GROUPS),
              Figure("fig-png", 6, "A PNG", "A striped rectangle (PNG)", 0.5,
                     image=_raster(tmp, "png")),
              Figure("fig-jpg", 7, "A JPEG", "A striped rectangle (JPEG)", 0.4,
                     image=_raster(tmp, "jpeg")),
              Figure("fig-svg", 8, "An SVG", "A circle on a rectangle (SVG)", 0.7, image=svg),
              Figure("fig-time", 9, "Timeline", "Timeline of the talks", 1.0, chart=TIMELINE),
              Paragraph((Span("Ministry of Trade."),), anchor="ref-1")]
    return Document(meta, blocks)


@pytest.fixture
def built(tmp_path, theme):
    path = tmp_path / "figures.docx"
    write_docx(_document(tmp_path), theme, str(path))
    return path


def _xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


def _rels(z: zipfile.ZipFile, part: str) -> dict:
    folder, name = part.rsplit("/", 1)
    rels = _xml(z, f"{folder}/_rels/{name}.rels")
    out = {}
    for rel in rels.iter(f"{{{NS['rel']}}}Relationship"):
        target = rel.get("Target")
        if rel.get("TargetMode") != "External":
            target = str(Path(folder, target)).replace("\\", "/")
            target = re.sub(r"[^/]+/\.\./", "", target)
        out[rel.get("Id")] = (rel.get("Type").rsplit("/", 1)[1], target)
    return out


def _charts(z):
    """Chart parts in document order, with their embedded workbooks."""
    doc = _xml(z, "word/document.xml")
    rels = _rels(z, "word/document.xml")
    out = []
    for ref in doc.iterfind(".//c:chart", NS):
        kind, target = rels[ref.get(f"{{{NS['r']}}}id")]
        assert kind == "chart"
        chart_rels = _rels(z, target)
        book = _xml(z, target).find("c:externalData", NS).get(f"{{{NS['r']}}}id")
        assert chart_rels[book][0] == "package"
        out.append((target, _xml(z, target), chart_rels[book][1]))
    return out


def _cached_series(space) -> list:
    """(name, [categories], [values]) of each c:ser."""
    out = []
    for ser in space.iterfind(".//c:ser", NS):
        name = ser.findtext("c:tx//c:v", namespaces=NS)
        cats = [v.text for v in ser.iterfind("c:cat//c:pt/c:v", NS)]
        vals = {int(pt.get("idx")): float(pt.findtext("c:v", namespaces=NS))
                for pt in ser.iterfind("c:val//c:pt", NS)}
        count = int(ser.find("c:val//c:ptCount", NS).get("val"))
        out.append((name, cats, [vals.get(i) for i in range(count)]))
    return out


def _expected(chart: Chart) -> list:
    """What the chart plots, in c:ser order: a stacked bar's parts, each range's
    lighter part after it; bars with ranges: a lighter bar to each high end (the
    value where there is no range), then the bars to the values, drawn over them."""
    cats = list(chart.categories)
    if chart.type == "stacked":
        out = []
        for s in chart.series:
            out.append((s.name, cats, list(s.values)))
            if s.has_ranges:
                out.append((f"{s.name} (range)", cats,
                            [h - v if h is not None else 0 for v, h in zip(s.values, s.highs)]))
        return out
    if chart.type != "line" and any(s.has_ranges for s in chart.series):
        return [(f"{s.name} (high)", cats, [h if h is not None else v for v, h in
                                            zip(s.values, s.highs or [None] * len(cats))])
                for s in chart.series] + [(s.name, cats, list(s.values)) for s in chart.series]
    return [(s.name, cats, list(s.values)) for s in chart.series]


def _sheet(z: zipfile.ZipFile, book_name: str) -> dict:
    """Cell reference -> value of the embedded workbook's first sheet."""
    book = zipfile.ZipFile(io.BytesIO(z.read(book_name)))
    strings = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in _xml(book, "xl/sharedStrings.xml").iterfind("x:si", NS):
            strings.append("".join(t.text or "" for t in si.iter(f"{{{NS['x']}}}t")))
    cells = {}
    for c in _xml(book, "xl/worksheets/sheet1.xml").iter(f"{{{NS['x']}}}c"):
        v = c.findtext("x:v", namespaces=NS)
        if v is None:
            continue
        cells[c.get("r")] = strings[int(v)] if c.get("t") == "s" else float(v)
    return cells


def _formula_cells(ref: str) -> list:
    """'Sheet1!$B$2:$B$5' -> ['B2', 'B3', 'B4', 'B5']."""
    m = re.fullmatch(r"Sheet1!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", ref)
    assert m, ref
    col, first, _, last = m.groups()
    return [f"{col}{r}" for r in range(int(first), int(last or first) + 1)]


def _widths(pics) -> list:
    """Each picture's drawn width in EMU."""
    return [int(p.find(".//a:xfrm/a:ext", NS).get("cx")) for p in pics]


# ---------------------------------------------------------------- tests

def test_one_chart_part_per_native_chart_with_the_models_numbers(built):
    with zipfile.ZipFile(built) as z:
        found = _charts(z)
        assert [t for t, _, _ in found] == [f"word/charts/chart{i}.xml" for i in (1, 2, 3, 4, 5)]
        types = _xml(z, "[Content_Types].xml")
        overrides = {o.get("PartName"): o.get("ContentType")
                     for o in types.iterfind("ct:Override", NS)}
        for target, _, _ in found:
            assert overrides["/" + target] == \
                "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
        for chart, (target, space, _) in zip(NATIVE, found):
            assert _cached_series(space) == _expected(chart), target


def test_chart_shapes(built, theme):
    with zipfile.ZipFile(built) as z:
        (_, bar, _), (_, stacked, _), (_, line, _), (_, col, _), (_, groups, _) = _charts(z)
    # horizontal bars, top to bottom; a range: a lighter bar to its high end under
    # the bar to its low end
    plot = bar.find(".//c:barChart", NS)
    assert plot.find("c:barDir", NS).get("val") == "bar"
    assert plot.find("c:grouping", NS).get("val") == "clustered"
    assert plot.find("c:overlap", NS).get("val") == "100"
    assert bar.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "maxMin"
    assert bar.find(".//c:valAx/c:crosses", NS).get("val") == "max"
    assert bar.find(".//c:legend", NS) is None  # one real series
    fills = [s.find("c:spPr/a:solidFill/a:srgbClr", NS).get("val")
             for s in plot.iterfind("c:ser", NS)]
    assert fills == ["99AFC3", "1D4E7A"]  # the range: mixed 55% with white
    val = bar.find(".//c:valAx", NS)
    assert val.find("c:scaling/c:max", NS).get("val") == "40"
    assert val.find("c:scaling/c:min", NS).get("val") == "0"
    assert val.find("c:majorUnit", NS).get("val") == "10"
    assert val.find("c:numFmt", NS).get("formatCode") == '0"%"'
    assert val.find("c:majorGridlines//a:srgbClr", NS).get("val") == "B9C4D0"
    assert "".join(val.find("c:title", NS).itertext()) == "Share of exports"
    assert bar.find(".//c:catAx/c:majorGridlines", NS) is None
    # column: vertical
    assert col.find(".//c:barDir", NS).get("val") == "col"
    assert col.find(".//c:grouping", NS).get("val") == "clustered"
    # line: markers, two series, a legend at the bottom
    assert line.find(".//c:lineChart", NS) is not None
    assert len(line.findall(".//c:ser", NS)) == 2
    assert line.find(".//c:ser/c:marker/c:symbol", NS).get("val") == "circle"
    assert line.find(".//c:legend/c:legendPos", NS).get("val") == "b"
    # a range on a line: an error bar up to the high end
    plus = line.findall(".//c:ser", NS)[1].find("c:errBars/c:plus//c:numCache", NS)
    assert [pt.findtext("c:v", namespaces=NS) for pt in plus.iterfind("c:pt", NS)] == \
        ["0", "0", "2", "0", "0"]
    # ranges on two series: the bars to the values in a second group, over the first
    plots = groups.findall(".//c:barChart", NS)
    assert len(plots) == 2 and len(groups.findall(".//c:valAx", NS)) == 2
    # the second group's axes: not deleted (LibreOffice would draw its bars beside
    # the first's), but without labels
    assert [v.find("c:tickLblPos", NS).get("val") for v in groups.iterfind(".//c:valAx", NS)]\
        == ["nextTo", "none"]
    assert [e.find("c:idx", NS).get("val") for e in groups.iterfind(".//c:legendEntry", NS)]\
        == ["0", "1"]
    # stacked: one category, a part per series plus the range's lighter part,
    # which the legend leaves out
    assert stacked.find(".//c:barDir", NS).get("val") == "bar"
    assert stacked.find(".//c:grouping", NS).get("val") == "stacked"
    names = [s.findtext("c:tx//c:v", namespaces=NS) for s in stacked.iterfind(".//c:ser", NS)]
    assert names == ["Defence", "Health", "Health (range)", "Schools"]
    deleted = [e.find("c:idx", NS).get("val")
               for e in stacked.iterfind(".//c:legend/c:legendEntry", NS)
               if e.find("c:delete", NS) is not None]
    assert deleted == ["1"]  # counted from the last: Office lists horizontal bars bottom up
    # its one category, the whole, is not labelled (as in the PDF)
    assert stacked.find(".//c:catAx/c:delete", NS).get("val") == "1"
    for space in (bar, stacked, line, col, groups):
        assert space.find("c:chart/c:autoTitleDeleted", NS).get("val") == "1"
        assert space.find("c:chart/c:title", NS) is None
        assert space.find("c:roundedCorners", NS).get("val") == "0"
        assert space.find("c:spPr/a:ln/a:noFill", NS) is not None
        assert space.find("c:externalData/c:autoUpdate", NS).get("val") == "0"
        latin = space.find("c:txPr//a:defRPr/a:latin", NS)
        assert latin.get("typeface") == theme.family
        size = space.find("c:txPr//a:defRPr", NS).get("sz")
        assert size == str(round(theme.style("table_cell").size * 100))


def _labels(space) -> list:
    """Per series: {point index: custom label text}."""
    out = []
    for ser in space.iterfind(".//c:ser", NS):
        shown = {}
        for lbl in ser.iterfind("c:dLbls/c:dLbl", NS):
            if lbl.find("c:delete", NS) is None:
                shown[int(lbl.find("c:idx", NS).get("val"))] = \
                    "".join(t.text for t in lbl.iterfind("c:tx//a:t", NS))
        out.append(shown)
    return out


def test_each_point_shows_its_label_once(built):
    with zipfile.ZipFile(built) as z:
        (_, bar, _), (_, stacked, _), (_, line, _), (_, col, _), (_, groups, _) = _charts(z)
    # a bar with a range is labelled at its high end, never at its base
    assert _labels(bar) == [{0: "20–22%", 1: "35.5%", 2: "8–12%", 3: "4%"}, {}]
    assert _labels(groups) == [{0: "4", 1: "5–6"}, {0: "7–9", 1: "8"}, {}, {}]
    assert _labels(stacked) == [{0: "42"}, {0: "30–34"}, {}, {0: "18"}]
    assert _labels(line) == [dict(enumerate(s.labels)) for s in LINE.series]
    assert _labels(col) == [{0: "3", 1: "7", 2: "5"}]


def test_the_embedded_workbook_holds_the_same_numbers(built):
    with zipfile.ZipFile(built) as z:
        for chart, (target, space, book) in zip(NATIVE, _charts(z)):
            assert re.fullmatch(r"word/embeddings/Microsoft_Excel_Worksheet\d+\.xlsx", book)
            cells = _sheet(z, book)
            for ser, (name, cats, values) in zip(space.iterfind(".//c:ser", NS),
                                                 _expected(chart)):
                name_ref = ser.findtext("c:tx/c:strRef/c:f", namespaces=NS)
                assert [cells[c] for c in _formula_cells(name_ref)] == [name]
                cat_ref = ser.findtext("c:cat/c:strRef/c:f", namespaces=NS)
                assert [cells[c] for c in _formula_cells(cat_ref)] == cats
                val_ref = ser.findtext("c:val/c:numRef/c:f", namespaces=NS)
                assert [cells.get(c) for c in _formula_cells(val_ref)] == values, target


def test_pictures_and_alt_text(built, theme):
    with zipfile.ZipFile(built) as z:
        doc = _xml(z, "word/document.xml")
        rels = _rels(z, "word/document.xml")
        docprs = doc.findall(".//wp:docPr", NS)
        assert len(docprs) == 9  # five charts, three images and a timeline
        ids = [d.get("id") for d in docprs]
        assert len(set(ids)) == len(ids)
        assert all(d.get("descr") and d.get("name") for d in docprs)
        assert docprs[0].get("descr") == "Bar chart of the share of exports by product"
        pics = doc.findall(".//pic:pic", NS)
        assert len(pics) == 4  # PNG, JPEG, SVG, timeline
        blips = [p.find(".//a:blip", NS) for p in pics]
        targets = [rels[b.get(f"{{{NS['r']}}}embed")][1] for b in blips]
        assert targets[0].endswith(".png") and targets[1].endswith((".jpg", ".jpeg"))
        assert len(set(targets)) == 4
        # the figure's width: a share of the text frame, the image's aspect kept
        extent = pics[0].find(".//a:xfrm/a:ext", NS)
        cx, cy = int(extent.get("cx")), int(extent.get("cy"))
        assert abs(cx - 0.5 * theme.frame_width * 12700) <= 1
        assert abs(cy / cx - 0.5) < 0.001
        for blip, target, ext in zip(blips[2:], targets[2:], _widths(pics[2:])):
            svg = blip.find("a:extLst/a:ext/asvg:svgBlip", NS)
            assert svg is not None
            assert blip.find("a:extLst/a:ext", NS).get("uri") == \
                "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
            svg_target = rels[svg.get(f"{{{NS['r']}}}embed")][1]
            assert z.read(svg_target).lstrip().startswith(b"<svg")
            from PIL import Image
            with Image.open(io.BytesIO(z.read(target))) as png:
                assert png.format == "PNG"
                assert png.width >= ext / 12700 / 72 * 300 - 1  # at least 300 dpi
        types = _xml(z, "[Content_Types].xml")
        svg_types = [o.get("ContentType") for o in types.iterfind("ct:Override", NS)
                     if o.get("PartName").endswith(".svg")] + \
                    [d.get("ContentType") for d in types.iterfind("ct:Default", NS)
                     if d.get("Extension") == "svg"]
        assert svg_types and set(svg_types) == {"image/svg+xml"}


def test_caption_source_and_notes(built):
    import docx
    document = docx.Document(str(built))
    paras = document.paragraphs
    texts = [p.text for p in paras]
    i = texts.index("Figure 1: Exports by product")
    assert paras[i].style.name == "Caption"
    assert paras[i + 1]._p.find(".//w:drawing", NS) is not None
    assert paras[i + 1].alignment == 1  # centred
    assert texts[i + 2] == "Source: Ministry data, [1]"
    assert paras[i + 2].style.name == "Brief Notes"
    # the citation is a link to its reference; each caption a SEQ field and a bookmark
    assert paras[i + 2]._p.find("w:hyperlink", NS) is not None
    for p in (paras[i], paras[i + 1]):
        assert p._p.find("w:pPr/w:keepNext", NS) is not None
    captions = [p for p in paras if p.style.name == "Caption"]
    assert [p.text for p in captions][:2] == ["Figure 1: Exports by product",
                                              "Figure 2: The budget"]
    for p in captions:
        assert "SEQ Figure" in "".join(p._p.itertext())
        assert p._p.find("w:bookmarkStart", NS) is not None
    link = paras[0]._p.find("w:hyperlink", NS).get(f"{{{NS['w']}}}anchor")
    assert captions[0]._p.find("w:bookmarkStart", NS).get(f"{{{NS['w']}}}name") == link
    j = texts.index("Figure 3: Trade")
    assert texts[j + 2] == "Nominal values."


def test_the_same_input_gives_the_same_bytes(tmp_path, theme):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(_document(tmp_path), theme, str(a))
    write_docx(_document(tmp_path), theme, str(b))
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        for info in z.infolist():
            if info.filename.endswith(".xlsx"):
                inner = zipfile.ZipFile(io.BytesIO(z.read(info.filename)))
                assert {i.date_time for i in inner.infolist()} == {(1980, 1, 1, 0, 0, 0)}
                core = inner.read("docProps/core.xml").decode()
                assert "2026-01-23T00:00:00Z" in core


def test_svg_png_renders_at_the_width_asked(theme):
    from PIL import Image
    png = figures.svg_png(SVG, 900, theme.font_files.values())
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (900, 450)
    # sizes in points (which resvg refuses) give the aspect
    png = figures.svg_png(SVG.replace('width="300"', 'width="225pt"')
                          .replace('height="150"', 'height="112.5pt"'), 600,
                          theme.font_files.values())
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (600, 300)
    # text in a family the theme does not have is set in the theme's, not left out
    text = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><text x="5" '
            'y="35" font-family="Arial" font-size="30">Hello</text></svg>')
    png = figures.svg_png(text, 200, theme.font_files.values(), theme.family)
    with Image.open(io.BytesIO(png)) as image:
        assert image.convert("RGBA").getbbox() is not None


def test_writer_has_the_figures_mixin():
    assert issubclass(docx_writer.DocxWriter, figures.Figures)


# ---------------------------------------------------------------- LibreOffice

def _pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return " ".join(out.split())


def test_libreoffice_draws_the_charts_with_their_labels(built, tmp_path):
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from conftest import soffice_to_pdf
    pdf = soffice_to_pdf(built, tmp_path / "lo")
    text = _pdf_text(pdf)
    words = set(re.findall(r"\S+", text))
    for chart in NATIVE:
        for category in chart.categories if chart.type != "stacked" else ():
            assert category in text, (chart.type, category)
        for series in chart.series:
            for label in series.labels:
                assert label in words, (chart.type, label)
    for name in ("Defence", "Health", "Schools", "Imports", "Exports"):
        assert name in words  # the legends
    assert "(range)" not in text


def test_negative_bars_keep_their_labels_clear_of_the_categories(theme):
    from briefgen.writers.docx import charts
    gap = Chart("column", ["Jan", "Feb", "Mar"],
                [Series("Gap", [12.0, -2.0, -5.0], ["12%", "-2%", "-5%"])],
                Axis(None, -5, 15, 5, [-5, 0, 5, 10, 15], ["-5%", "0%", "5%", "10%", "15%"],
                     '0"%"'), ["#1d4e7a"])
    p = charts.plan(gap)
    # past the end, except inside a bar that runs down to the category labels
    assert p.series[0].positions == ["outEnd", "outEnd", "inEnd"]
    space = etree.fromstring(charts.chart_xml(gap, theme, "rId1"))
    assert space.find(".//c:catAx/c:tickLblPos", NS).get("val") == "low"
    labels = space.findall(".//c:dLbl", NS)
    white = labels[2].find("c:tx//a:rPr/a:solidFill/a:srgbClr", NS).get("val")
    assert white.upper() == "FFFFFF"  # on the dark bar


def test_a_charts_workbook_from_the_cache_is_the_one_xlsxwriter_makes(tmp_path, monkeypatch):
    import datetime as dt

    from briefgen.writers.docx import charts
    monkeypatch.setenv("BRIEFGEN_CACHE", str(tmp_path))
    series = charts.Plotted("Share", [57.0, None, 3.5], "#336699", [None] * 3, [None] * 3,
                            column=1)
    plan = charts.Plan("col", "clustered", ["a", "b", "c"], [series], 1)
    when = dt.datetime(2026, 2, 6)
    fresh = charts._workbook_now(plan, when)
    assert charts.workbook(plan, when) == fresh  # made, and kept
    assert len(list((tmp_path / "charts").glob("*.xlsx"))) == 1
    assert charts.workbook(plan, when) == fresh  # read back
    series.values = [58.0, None, 3.5]
    assert charts.workbook(plan, when) != fresh  # other data, another entry
