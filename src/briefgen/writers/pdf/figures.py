"""Figures in the PDF: charts drawn from their `Picture` as vector graphics in the
theme's font, PNG and JPEG images, SVG images as vector drawings; each with its
caption, source line and notes in one block that never splits."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable

from ...charts import Circle, Line, Path, Rect, Text, layout
from .tags import Tagged


class FigureBlock(Flowable):
    """Caption, picture, source line and notes, stacked; never split. When it does
    not fit the rest of a page, the text after it goes first (see `_Doc`)."""

    def __init__(self, parts: list, figure):
        super().__init__()
        self.parts, self.figure = parts, figure
        self.spaceBefore, self.spaceAfter = 4, 10
        self._sizes: list = []

    def wrap(self, avail_width, avail_height):
        self._sizes = []
        height = 0.0
        for i, part in enumerate(self.parts):
            w, h = part.wrap(avail_width, 10_000)
            before = part.getSpaceBefore() if i else 0
            after = part.getSpaceAfter() if i < len(self.parts) - 1 else 0
            self._sizes.append((w, h, before, after))
            height += before + h + after
        self.width, self.height = avail_width, height
        return avail_width, height

    def split(self, avail_width, avail_height):
        return []  # whole, or on the next page

    def draw(self):
        y = self.height
        for part, (w, h, before, after) in zip(self.parts, self._sizes):
            y -= before + h
            x = (self.width - w) / 2 if isinstance(part, (ChartDrawing, ImageDrawing)) else 0
            part.drawOn(self.canv, x, y)
            y -= after


class ChartDrawing(Tagged, Flowable):
    """A chart's picture, drawn with the canvas: vector shapes and real text."""

    def __init__(self, picture, fonts: dict):
        super().__init__()
        self.picture, self.fonts = picture, fonts
        self.width, self.height = picture.width, picture.height
        self.spaceBefore, self.spaceAfter = 2, 4

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        c, h = self.canv, self.height
        if self._tag is not None:
            self._tagger.figure_box(c, self._tag, self.width, self.height)
        for item in self.picture.items:
            if isinstance(item, Rect):
                if item.w <= 0 or item.h <= 0:
                    continue
                c.setFillColor(colors.HexColor(item.fill or "#ffffff"))
                if item.stroke:
                    c.setStrokeColor(colors.HexColor(item.stroke))
                    c.setLineWidth(item.width)
                c.rect(item.x, h - item.y - item.h, item.w, item.h,
                       stroke=int(bool(item.stroke)), fill=int(bool(item.fill)))
            elif isinstance(item, Line):
                c.setStrokeColor(colors.HexColor(item.color))
                c.setLineWidth(item.width)
                c.line(item.x1, h - item.y1, item.x2, h - item.y2)
            elif isinstance(item, Path):
                c.setStrokeColor(colors.HexColor(item.color))
                c.setLineWidth(item.width)
                c.setLineJoin(1)
                path = c.beginPath()
                (x0, y0), *rest = item.points
                path.moveTo(x0, h - y0)
                for x, y in rest:
                    path.lineTo(x, h - y)
                c.drawPath(path, stroke=1, fill=0)
            elif isinstance(item, Circle):
                if item.fill:
                    c.setFillColor(colors.HexColor(item.fill))
                if item.stroke:
                    c.setStrokeColor(colors.HexColor(item.stroke))
                    c.setLineWidth(item.width)
                c.circle(item.x, h - item.y, item.r, stroke=int(bool(item.stroke)),
                         fill=int(bool(item.fill)))
            elif isinstance(item, Text):
                c.setFillColor(colors.HexColor(item.color))
                c.setFont(self.fonts[item.face], item.size)
                draw = {"start": c.drawString, "middle": c.drawCentredString,
                        "end": c.drawRightString}[item.anchor]
                draw(item.x, h - item.y, item.text)


class ImageDrawing(Tagged, Flowable):
    """A PNG or JPEG image, or an SVG drawn as vector graphics, at a given width."""

    def __init__(self, image, width: float, fonts: dict):
        super().__init__()
        self.image = image
        self.width = width
        self.height = width * image.height / image.width
        self.spaceBefore, self.spaceAfter = 2, 4
        self.drawing = _svg_drawing(image, width, fonts) if image.format == "svg" else None

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        if self._tag is not None:
            self._tagger.figure_box(self.canv, self._tag, self.width, self.height)
        if self.drawing is not None:
            from reportlab.graphics import renderPDF
            renderPDF.draw(self.drawing, self.canv, 0, 0)
        else:
            self.canv.drawImage(ImageReader(io.BytesIO(self.image.data)), 0, 0,
                                self.width, self.height, mask="auto")


def _svg_drawing(image, width: float, fonts: dict):
    """The SVG as a reportlab drawing scaled to `width`, its text in the theme's font."""
    from reportlab.graphics.shapes import String
    from svglib.svglib import svg2rlg
    drawing = svg2rlg(io.BytesIO(image.data))
    drawing.initialFontName = fonts["regular"]  # reportlab's renderer starts in Helvetica
    scale = width / drawing.width
    drawing.scale(scale, scale)
    drawing.width, drawing.height = width, drawing.height * scale

    def walk(node):
        for child in getattr(node, "contents", []):
            if isinstance(child, String):
                name = (child.fontName or "").lower()
                bold = "bold" in name
                italic = "italic" in name or "oblique" in name
                child.fontName = fonts[{(False, False): "regular", (True, False): "bold",
                                        (False, True): "italic",
                                        (True, True): "bold_italic"}[(bold, italic)]]
            walk(child)

    walk(drawing)
    return drawing


class Figures:
    """visit_Figure, mixed into the PDF writer."""

    def visit_Figure(self, fig):
        from . import _CaptionPara, _attr, escape
        width = fig.width * self.width
        caption = _CaptionPara(f'<a name="{_attr(fig.id)}"/>{escape(fig.label)}',
                               self.style("caption"))
        caption.keepWithNext = 0
        self.tag(caption, "Caption")
        if fig.chart is not None:
            picture = ChartDrawing(layout(fig.chart, width, self.theme), self.fonts)
        else:
            picture = ImageDrawing(fig.image, width, self.fonts)
        self.tag(picture, "Figure", Alt=fig.alt)
        parts = [caption, picture]
        if fig.source:
            from ...model import Span
            meta = self.doc.meta
            parts.append(self.para((Span(meta.label("source") + meta.label("colon")),) +
                                   tuple(fig.source), "notes"))
            parts[-1].style = parts[-1].style.clone("figure-source", spaceAfter=2)
        parts += self.visit_all(fig.notes)
        return FigureBlock(parts, fig)
