"""Figures in the PDF and the model: captions in order, charts drawn as vector text
and shapes in the theme's font, images placed at their size, numbers that
agree with the statistics and tables, cross-references, and pages that stay
full when a figure moves on."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import ABU_DHABI, ROOT, build, fold, require_tool

from briefgen import charts, figures
from briefgen.api import prepare
from briefgen.format import stat_display
from briefgen.model import Figure

FIXTURE = ROOT / "tests" / "fixtures" / "figures.yaml"
OUTLINES = [ABU_DHABI, FIXTURE]
_CAPTION = re.compile(r"^Figure (\d+): (.*)$")


def _figures(path):
    return [b for b in prepare(str(path)).document.walk() if isinstance(b, Figure)]


@pytest.fixture(scope="module", params=OUTLINES, ids=lambda p: p.stem)
def built(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"fig-{request.param.stem}")
    pdf = build(request.param, out, "--format", "pdf")["pdf"]
    with pdfplumber.open(str(pdf)) as plumber:
        pages = [{"text": page.extract_text() or "", "height": page.height,
                  "words": page.extract_words(), "images": len(page.images),
                  "chars": page.chars,
                  "objects": page.chars + page.images + page.rects + page.lines + page.curves}
                 for page in plumber.pages]
    return {"pdf": pdf, "pages": pages, "figures": _figures(request.param),
            "reader": PdfReader(str(pdf))}


def _caption_pages(built) -> dict:
    """Figure number -> the page (0-based) whose text starts a line with its caption."""
    found = {}
    for i, page in enumerate(built["pages"]):
        for line in page["text"].splitlines():
            m = _CAPTION.match(line.strip())
            if m:
                found.setdefault(int(m.group(1)), i)
    return found


# ---------------------------------------------------------------- the PDF

def test_captions_in_order(built):
    lines = [line.strip() for page in built["pages"] for line in page["text"].splitlines()]
    captions = [line for line in lines if _CAPTION.match(line)]
    expected = [f.label for f in built["figures"]]
    assert len(captions) == len(expected) >= 3
    for got, want in zip(captions, expected):
        assert want.startswith(got) or got == want, (got, want)


def test_chart_labels_are_text_on_the_caption_page(built):
    """Every category, value and tick label of each chart is real text on its page."""
    where = _caption_pages(built)
    for fig in built["figures"]:
        if fig.chart is None:
            continue
        page = built["pages"][where[fig.number]]
        text = fold(page["text"])
        chart = fig.chart
        wanted = [m.date_text for m in chart.marks] if chart.type == "timeline" else \
            [label for s in chart.series for label in s.labels] + list(chart.axis.labels)
        if chart.type not in ("stacked", "timeline"):
            wanted += list(chart.categories)
        if chart.type != "timeline" and len(chart.series) > 1:
            wanted += [s.name for s in chart.series]
        missing = [w for w in wanted if fold(w) not in text]
        assert not missing, f"{fig.label}: not on page {where[fig.number] + 1}: {missing}"


def test_charts_are_vector_and_images_are_pictures(built):
    """No raster image stands in for a chart; each PNG or JPEG figure is one image."""
    raster = sum(1 for f in built["figures"] if f.image and f.image.format != "svg")
    assert sum(p["images"] for p in built["pages"]) == raster


def test_only_the_theme_fonts(built):
    pdffonts = require_tool("pdffonts")
    listing = subprocess.run([pdffonts, str(built["pdf"])], capture_output=True, text=True,
                             check=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:]]
    assert names and all("GentiumBookPlus" in n for n in names), names


def test_chart_text_uses_the_theme_font(built):
    where = _caption_pages(built)
    for fig in built["figures"]:
        if fig.chart is None:
            continue
        chars = built["pages"][where[fig.number]]["chars"]
        fonts = {c["fontname"].split("+")[-1] for c in chars}
        assert fonts and all(f.startswith("GentiumBookPlus") for f in fonts), fonts


def test_figure_references_are_links_to_the_figure(built):
    """{{ figures.ID }} and [](#id) print 'Figure N' and link to its caption's page."""
    reader, where = built["reader"], _caption_pages(built)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    checked = 0
    for i, page in enumerate(reader.pages):
        words, height = built["pages"][i]["words"], built["pages"][i]["height"]
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link" or "/Dest" not in a:
                continue
            x0, y0, x1, y1 = (float(v) for v in a["/Rect"])
            inside = [w["text"].strip("().,;") for w in words
                      if w["x0"] < x1 - 1 and w["x1"] > x0 + 1
                      and y0 <= height - (w["top"] + w["bottom"]) / 2 <= y1]
            label = " ".join(inside)
            m = re.fullmatch(r"Figure (\d+)", label)
            if m:
                assert pages[a["/Dest"][0].idnum] == where[int(m.group(1))], label
                checked += 1
    referenced = sum(1 for f in built["figures"] if not f.id.startswith("_"))
    assert checked >= min(3, referenced)


def test_no_figure_leaves_a_gap(built):
    """A figure that does not fit moves on and the text after it fills the page: no
    page but the last of a part is left more than 40% empty."""
    reader = built["reader"]
    texts = [p["text"] for p in built["pages"]]
    for i, page in enumerate(built["pages"][:-1]):
        if i == 0 or "Contents" in texts[i]:
            continue  # the cover, and the contents, which end their pages
        if any(line.strip().startswith(("Appendix", "Contents"))
               for line in texts[i + 1].splitlines()[:6]):
            continue  # the page before a forced break (the contents, an appendix)
        marks = [o for o in page["objects"] if 70 < o["top"] < page["height"] - 80]
        bottom = max(o["bottom"] for o in marks)
        height = float(reader.pages[i].mediabox.height)
        assert bottom > height * 0.6, f"page {i + 1} ends at {bottom:.0f} of {height:.0f}"


# ---------------------------------------------------------------- the model

def test_bar_chart_values_are_the_statistics():
    prepared = prepare(str(ABU_DHABI))
    stats = {s.id: s for s in prepared.outline.statistics}
    strike = next(f for f in prepared.document.walk()
                  if isinstance(f, Figure) and f.id == "strike")
    series = strike.chart.series[0]
    assert series.values == [71.0, 450.0]
    assert series.labels == [stat_display(stats["attack_missiles"]),
                             stat_display(stats["attack_drones"])]
    assert strike.chart.categories == ["Missiles launched", "Attack drones launched"]
    assert strike.chart.axis.title == "Weapons launched"


def test_range_is_a_span_from_low_to_high():
    donetsk = next(f for f in _figures(ABU_DHABI) if f.id == "donetsk-control")
    ukraine = donetsk.chart.series[1]
    assert (ukraine.values, ukraine.highs, ukraine.labels) == ([20.0], [22.0], ["≈\u00a020–22%"])
    assert (donetsk.chart.axis.minimum, donetsk.chart.axis.maximum) == (0, 100)
    picture = charts.layout(donetsk.chart, 400, prepare(str(ABU_DHABI)).theme)
    spans = [r for r in picture.items if isinstance(r, charts.Rect) and r.data]
    # Russia 0-78, Ukraine 78-98 solid, 98-100 the uncertain part, lighter
    widths = sorted(round(r.w / (400 - 4) * 100) for r in spans)
    assert widths == [2, 20, 78]


def test_table_chart_reads_the_cells():
    exports = next(f for f in _figures(FIXTURE) if f.id == "exports")
    grain, oil = exports.chart.series
    assert exports.chart.categories[:2] == ["January", "February"]
    assert grain.values == [3.1, 3.4, 4.2, 4.0, 4.6, 5.1]
    assert oil.name == "Oilseeds (Mt)" and oil.labels[0] == "0.8"


def test_timeline_marks_the_events_in_the_window():
    year = next(f for f in _figures(FIXTURE) if f.id == "year").chart
    assert [m.id for m in year.marks] == ["opened", "insurance", "strike", "winter",
                                          "record", "review"]
    winter = next(m for m in year.marks if m.id == "winter")
    assert winter.start == winter.end  # a season is placed at its start
    assert next(m for m in year.marks if m.id == "record").approx
    strike = next(m for m in year.marks if m.id == "strike")
    assert strike.end - strike.start == 2  # 14-16 November: a span
    talks = next(f for f in _figures(ABU_DHABI) if f.id == "talks_timeline").chart
    assert {"round1", "round2", "feb_attack"} <= {m.id for m in talks.marks}
    assert "korean_armistice" not in {m.id for m in talks.marks}


def test_timeline_labels_do_not_overlap():
    prepared = prepare(str(ABU_DHABI))
    for fig in (f for f in prepared.document.walk() if isinstance(f, Figure)):
        picture = charts.layout(fig.chart, prepared.theme.frame_width, prepared.theme)
        boxes = []
        for t in (i for i in picture.items if isinstance(i, charts.Text)):
            width = charts._Ink(prepared.theme).width(t.text, t.size, t.face)
            x0 = t.x - {"start": 0, "middle": width / 2, "end": width}[t.anchor]
            boxes.append((x0, t.y - t.size * 0.75, x0 + width, t.y + t.size * 0.2, t.text))
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                assert not overlap, f"{fig.label}: '{a[4]}' overlaps '{b[4]}'"


def test_every_figure_has_alt_text():
    for path in OUTLINES:
        for fig in _figures(path):
            assert len(fig.alt) > 20, fig.label
            if fig.chart is not None and fig.chart.type != "timeline":
                for s in fig.chart.series:
                    assert all(label in fig.alt for label in s.labels)


@pytest.mark.parametrize("low, high, expected", [
    (0, 450, (0, 500, 100)), (0, 78, (0, 80, 20)), (-5, 12, (-5, 15, 5)),
    (0, 1250, (0, 1250, 250)), (0, 5.1, (0, 6, 2)), (0, 0.37, (0, 0.4, 0.1)),
    (-25, -20, (-25, 0, 5)),
])
def test_nice_axis(low, high, expected):
    got = charts.nice_axis(low, high)
    assert tuple(round(v, 6) for v in got) == expected


def test_tick_labels():
    assert charts.tick_text(1250, 250, None) == "1,250"
    assert charts.tick_text(-5, 5, "%") == "−5%"
    assert charts.tick_text(0.2, 0.1, None) == "0.2"
    assert charts.excel_format(0.1, "%") == '#,##0.0"%"'


def test_cell_numbers():
    assert figures.cell_number("1,100") == 1100
    assert figures.cell_number("−3.5") == -3.5
    assert figures.cell_number("≈ 20") == 20
    assert figures.cell_number("57%") == 57
    for text in ("3,4", "n/a", "", "12 to 14", "1.2.3"):
        assert figures.cell_number(text) is None, text


def test_image_size_from_its_resolution():
    """A 900 px PNG at 150 dpi is 432 pt wide: its own size, under the text width."""
    fig = next(f for f in _figures(FIXTURE) if f.id == "map")
    assert fig.image.width == pytest.approx(432)
    prepared = prepare(str(FIXTURE))
    assert fig.width == pytest.approx(432 / prepared.theme.frame_width)
    skyline = next(f for f in _figures(FIXTURE) if f.id == "skyline")
    assert skyline.width == 0.5 and skyline.image.width == pytest.approx(480)  # 96 dpi


def test_svg_size_and_reading(tmp_path):
    svg = tmp_path / "a.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"/>')
    image = figures.read_image(str(svg))
    assert (image.width, image.height) == (300, 150)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10cm" height="5cm"/>')
    assert figures.read_image(str(svg)).width == pytest.approx(283.46, abs=0.01)
    svg.write_text('<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                   '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                   '<text>&e;</text></svg>')
    image = figures.read_image(str(svg))  # entities are not resolved
    assert b"root:" not in image.data


def test_build_with_a_broken_figure_writes_nothing(tmp_path, capsys):
    from briefgen.cli import main
    outline = tmp_path / "brief.yaml"
    outline.write_text("title: A\nsections:\n  - title: S\n    figures:\n"
                       "      - {caption: C, image: gone.png, alt: A picture.}\n")
    assert main(["build", str(outline), "-o", str(tmp_path / "out")]) == 1
    assert "brief.yaml:5:" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_docx_charts_hold_the_briefs_own_numbers(tmp_path):
    """Each native chart in the DOCX caches the statistics' or table cells' numbers,
    the same as its workbook; each image is one picture with its alt text."""
    import io
    import zipfile

    from lxml import etree
    c = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    for outline in OUTLINES:
        docx = build(outline, tmp_path / outline.stem, "--format", "docx")["docx"]
        figures_ = _figures(outline)
        native = [f for f in figures_ if f.chart is not None and f.chart.type != "timeline"]
        with zipfile.ZipFile(docx) as z:
            names = sorted((n for n in z.namelist() if re.fullmatch(r"word/charts/chart\d+\.xml", n)),
                           key=lambda n: int(re.search(r"\d+", n).group()))
            assert len(names) == len(native)
            document = z.read("word/document.xml").decode()
            for name, fig in zip(names, native):
                root = etree.fromstring(z.read(name))
                cached = {float(v.text) for v in root.iter(f"{c}v")
                          if v.getparent().getparent().tag == f"{c}numCache"}
                for series in fig.chart.series:
                    for i, low in enumerate(series.values):
                        assert low in cached, (fig.label, low)
                        high = series.highs[i] if series.highs else None
                        if high is not None:  # the span's end, or its length (stacked)
                            assert high in cached or round(high - low, 9) in cached
                rels = z.read(name.replace("charts/", "charts/_rels/") + ".rels").decode()
                book = re.search(r'Target="([^"]+\.xlsx)"', rels).group(1)
                with zipfile.ZipFile(io.BytesIO(z.read("word/" + book.replace("../", "")))) as x:
                    sheet = x.read("xl/worksheets/sheet1.xml").decode()
                for value in fig.chart.series[0].values:
                    assert f"<v>{value:g}</v>" in sheet or f"<v>{value}</v>" in sheet, fig.label
            pictures = document.count("<pic:pic")
            assert pictures == sum(1 for f in figures_ if f.image is not None or
                                   (f.chart is not None and f.chart.type == "timeline"))
            alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', document)
            assert len(alts) == len(figures_) and all(alts)


def test_a_chart_from_a_table_leaves_its_total_row_out(tmp_path):
    """`total: true`: the last row sums the others; charted, it would dwarf them."""
    from briefgen import api
    from briefgen.model import Figure
    path = tmp_path / "total.yaml"
    path.write_text(
        "title: T\nsections:\n  - title: S\n    tables:\n      - id: t\n        caption: C\n"
        "        columns: [Who, Troops]\n        total: true\n        rows:\n"
        "          - [A, 600]\n          - [B, 400]\n          - [Total, 1000]\n"
        "    figures:\n      - caption: F\n        chart: {type: bar, table: t, x: Who, "
        "y: [Troops]}\n", encoding="utf-8")
    chart = next(b for b in api.prepare(str(path)).document.walk()
                 if isinstance(b, Figure)).chart
    assert chart.categories == ["A", "B"] and chart.series[0].values == [600.0, 400.0]
    assert chart.axis.maximum < 1000
