"""Figures: a numbered caption, the image or chart as an inline drawing, the source
line and notes, mixed into the writer.

PNG and JPEG images are pictures; an SVG is a picture whose main image is a PNG
rendered at PRINT_DPI of its drawn size, with the SVG attached through Office's
svgBlip extension (Word 2016 and later draw the SVG, others the PNG). Bar,
column, line and stacked charts are native Word charts (`charts`); a timeline,
which Word cannot draw, is an SVG picture.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import re
from ...xmltext import quoteattr

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.parts.image import ImagePart
from docx.shared import Pt

from . import charts, fields, package
from .ooxml import keep_next, qn

PRINT_DPI = 300  # the PNG fallback of an SVG, per inch of its drawn size
# points a native chart is taller than the PDF's layout of it: Word and LibreOffice
# pad the chart area, and LibreOffice drops category labels of rows it finds tight
NATIVE_PAD = 10
# points around the parts of a figure, as the PDF's figure block has them
DRAWING_BEFORE, DRAWING_AFTER, SOURCE_AFTER, FIGURE_AFTER = 2, 4, 2, 10
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
ASVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_NS = ('xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
       'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"')
_LOCKS = '<a:graphicFrameLocks noChangeAspect="1"/>'


def svg_png(svg_text: str, width_px: int, font_files: list, family: str | None = None) -> bytes:
    """An SVG drawn as a PNG `width_px` wide, with the theme's fonts only (no system
    fonts: the same pixels on every machine). Text in a family not among them is set
    in `family` (without one resvg would leave it out)."""
    import resvg_py

    generic = {}
    if family:
        generic = {key: family for key in ("font_family", "serif_family", "sans_serif_family",
                                            "monospace_family")}
    return bytes(resvg_py.svg_to_bytes(svg_string=_unitless(svg_text), width=int(width_px),
                                       skip_system_fonts=True, font_files=list(font_files),
                                       **generic))


_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54,
          "mm": 96 / 25.4}


def _length(text: str | None) -> float | None:
    m = re.fullmatch(r"\s*([0-9.]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|in|cm|mm)?\s*", text or "")
    if not m:
        return None
    return float(m.group(1)) * _UNITS[m.group(2) or ""]


def _parse(svg_text: str):
    """The SVG's root element, parsed without entities or network; None if not XML."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(svg_text.encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _unitless(svg_text: str) -> str:
    """The SVG with its outer width and height in pixels: resvg refuses units such
    as 'pt' there (its own size only sets the aspect; the width asked sets the scale)."""
    from lxml import etree

    root = _parse(svg_text)
    if root is None:
        return svg_text
    changed = False
    for key in ("width", "height"):
        value = root.get(key)
        if value is not None and not re.fullmatch(r"\s*[0-9.]+(px)?\s*", value):
            px = _length(value)
            if px is None:  # a percentage: leave the size to the viewBox
                del root.attrib[key]
            else:
                root.set(key, f"{px:g}")
            changed = True
    return etree.tostring(root, encoding="unicode") if changed else svg_text


def _with_dpi(png: bytes, dpi: int) -> bytes:
    """The PNG with its resolution recorded, so 'Reset size' in Word gives the drawn size."""
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        out = io.BytesIO()
        image.save(out, "PNG", dpi=(dpi, dpi), optimize=False)
    return out.getvalue()


def fallback_png(svg: str, px: int, font_files: list, family: str | None) -> bytes:
    """The PNG a Word without SVG shows for `svg`, at PRINT_DPI, from briefgen's cache
    when the same SVG was drawn before with the same fonts (drawing it takes
    resvg a fifth of a second)."""
    import PIL
    import resvg_py

    from ... import cache
    entry = cache.key("fallback png 1", resvg_py.__version__, PIL.__version__, svg, px,
                      family or "", *(_file_id(f) for f in font_files)) + ".png"
    return cache.remembered("pictures", entry,
                            lambda: _with_dpi(svg_png(svg, px, font_files, family), PRINT_DPI))


def _file_id(path: str) -> str:
    """A font file's identity for a cache key: its path, size and change time."""
    try:
        st = os.stat(path)
    except OSError:
        return path
    return f"{os.path.abspath(path)}:{st.st_size}:{st.st_mtime_ns}"


def timeline_svg(chart, width: float, theme) -> str:
    """The SVG of a chart Word cannot draw natively (a timeline)."""
    from ...charts import layout, to_svg

    return to_svg(layout(chart, width, theme), theme)


def chart_height(chart, width: float, theme) -> float:
    """The height in points the chart's layout takes at `width` (as in the PDF)."""
    from ...charts import layout
    return float(layout(chart, width, theme).height)


class Figures:
    """visit_Figure: caption, drawing, source line, notes."""

    def visit_Figure(self, fig):
        caption = self.figure_caption(fig)
        width = fig.width * self.theme.frame_width
        if self.box:  # within the box's rule and padding
            width = min(width, self.theme.frame_width - self.styles.frame.left
                        - self.styles.frame.right)
        # the PDF's figure block: caption, 4 points, 2 more above the drawing, 4 under
        # it, then the source line and notes, 3 above each; 10 under the block
        above = self.theme.style("caption").space_after + DRAWING_BEFORE
        below = DRAWING_AFTER + self.theme.style("notes").space_before \
            if fig.source or fig.notes else FIGURE_AFTER
        native = fig.chart is not None and fig.chart.type in charts.NATIVE
        credit = 0.0
        if native:
            # a native chart is NATIVE_PAD taller than the PDF's: the space above it
            # (the caption's too) and then below it make up for it
            caption.paragraph_format.space_after = Pt(0)
            credit = max(0.0, NATIVE_PAD - above)
            above = max(0.0, above - NATIVE_PAD)
        para = self.paragraph("body", before=above)
        fmt = para.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing = 1.0  # the style's exact leading would clip the drawing
        cut = min(credit, below)
        fmt.space_after = Pt(below - cut)
        self.pdf_after, self.docx_after, self.credit = below, below - cut, cut
        if fig.source or fig.notes:
            keep_next(para._p)
        name = f"{fig.name} {fig.number}"
        alt = fig.alt or fig.caption
        if native:
            inline = self._chart_inline(fig.chart, width, name, alt)
        elif fig.chart is not None:
            svg = timeline_svg(fig.chart, width, self.theme)
            height = _svg_height(svg, width) or chart_height(fig.chart, width, self.theme)
            inline = self._svg_inline(svg, width, height, name, alt)
        elif fig.image is not None and fig.image.format == "svg":
            image = fig.image
            height = width * image.height / image.width
            data = image.data if isinstance(image.data, bytes) else image.data.encode("utf-8")
            inline = self._svg_inline(data.decode("utf-8-sig"), width, height, name, alt, data)
        elif fig.image is not None:
            image = fig.image
            height = width * image.height / image.width
            rid, _ = self.word.part.get_or_add_image(io.BytesIO(image.data))
            ext = "jpeg" if image.format == "jpeg" else "png"
            inline = self._pic_inline(rid, None, width, height, name, alt,
                                      f"figure{fig.number}.{ext}")
        else:
            raise ValueError(f"figure {fig.id} has neither an image nor a chart")
        run = para.add_run()
        drawing = parse_xml(f'<w:drawing xmlns:w="http://schemas.openxmlformats.org/'
                            f'wordprocessingml/2006/main" {_NS}>{inline}</w:drawing>')
        run._r.append(drawing)
        if fig.source:
            notes = self.paragraph("notes")
            notes.add_run(self.doc.meta.label("source") + self.doc.meta.label("colon"))
            self.runs(notes, fig.source)
            below = SOURCE_AFTER + self.theme.style("notes").space_before if fig.notes \
                else FIGURE_AFTER
            notes.paragraph_format.space_after = Pt(below)
            self.pdf_after = self.docx_after = below
            if fig.notes:
                keep_next(notes._p)
        self.visit_all(fig.notes)
        return para

    def figure_caption(self, fig):
        """'Figure N: …' in Word's Caption style, N a SEQ field, with the figure's
        bookmark; kept with the drawing."""
        para = self.caption(fig, "Figure")
        keep_next(para._p)
        return para

    # ---------------------------------------------------------------- drawings
    def _drawing_id(self) -> int:
        """wp:docPr ids: 1, 2, … in document order, unique across the document."""
        self.drawings += 1
        return self.drawings

    def _doc_pr(self, name: str, alt: str) -> str:
        return (f'<wp:docPr id="{self._drawing_id()}" name={quoteattr(name)} '
                f'descr={quoteattr(alt)}/>')

    def _extent(self, width: float, height: float):
        return round(width * charts.EMU), round(height * charts.EMU)

    def _pic_inline(self, rid: str, svg_rid: str | None, width: float, height: float,
                    name: str, alt: str, filename: str) -> str:
        cx, cy = self._extent(width, height)
        ext = ""
        if svg_rid:
            ext = (f'<a:extLst><a:ext uri="{SVG_EXT}"><asvg:svgBlip xmlns:asvg="{ASVG}" '
                   f'r:embed="{svg_rid}"/></a:ext></a:extLst>')
        return (
            f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'{self._doc_pr(name, alt)}'
            f'<wp:cNvGraphicFramePr>{_LOCKS}</wp:cNvGraphicFramePr>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/'
            f'2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="0" name={quoteattr(filename)}'
            f' descr={quoteattr(alt)}/><pic:cNvPicPr><a:picLocks noChangeAspect="1" '
            f'noChangeArrowheads="1"/></pic:cNvPicPr></pic:nvPicPr>'
            f'<pic:blipFill><a:blip r:embed="{rid}">{ext}</a:blip><a:stretch><a:fillRect/>'
            f'</a:stretch></pic:blipFill><pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            f'</a:prstGeom><a:noFill/></pic:spPr></pic:pic></a:graphicData></a:graphic>'
            f'</wp:inline>')

    def _svg_inline(self, svg: str, width: float, height: float, name: str, alt: str,
                    data: bytes | None = None) -> str:
        """A picture of the PNG fallback, with the SVG (`data`, its file's bytes if
        any) attached."""
        px = math.ceil(width / 72 * PRINT_DPI)
        png = fallback_png(svg, px, list(self.theme.font_files.values()), self.theme.family)
        rid, _ = self.word.part.get_or_add_image(io.BytesIO(png))
        part = self._svg_part(data if data is not None else svg.encode("utf-8"))
        svg_rid = self.word.part.relate_to(part, RT.IMAGE)
        return self._pic_inline(rid, svg_rid, width, height, name, alt,
                                name.replace(" ", "") + ".svg")

    def _svg_part(self, data: bytes):
        """An image part for SVG bytes, named like the other images; one per content."""
        parts = self.word.part.package.image_parts
        sha1 = hashlib.sha1(data).hexdigest()
        for part in parts:
            if part.partname.ext == "svg" and part.sha1 == sha1:
                return part
        part = ImagePart(parts._next_image_partname("svg"), "image/svg+xml", data)
        parts.append(part)
        return part

    def _chart_inline(self, chart, width: float, name: str, alt: str) -> str:
        self.chart_count += 1
        created = package.stamp(self.doc.meta.date)
        rid = charts.add_chart(self.word.part, chart, self.theme, self.chart_count, created,
                               self.doc.meta.language, width)
        height = chart_height(chart, width, self.theme) + NATIVE_PAD
        cx, cy = self._extent(width, height)
        return (
            f'<wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'{self._doc_pr(name, alt)}<wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/'
            f'2006/chart"><c:chart r:id="{rid}"/></a:graphicData></a:graphic></wp:inline>')


def _svg_height(svg: str, width: float) -> float | None:
    """The height at `width` from the SVG's own aspect (its viewBox or size)."""
    root = _parse(svg)
    if root is None:
        return None
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4 and float(box[2]) > 0:
            return width * float(box[3]) / float(box[2])
        w, h = (float("".join(ch for ch in root.get(k, "") if ch.isdigit() or ch == "."))
                for k in ("width", "height"))
        return width * h / w
    except (ValueError, ZeroDivisionError):
        return None


def place_figures(writer, moved: dict):
    """Figures that waited in the PDF for a later page (it lets the text after a
    figure that does not fit fill the page first) go where the PDF drew them: after
    the block `moved` names. A lead-in or heading the figure now follows no longer
    keeps with it: in the PDF it ended its page."""
    from ...model import Figure
    body = writer.word.element.body
    after: dict = {}  # block index -> the last element placed after it
    blocks = writer.doc.blocks
    for index, block in enumerate(blocks):
        target = moved.get(block.id) if isinstance(block, Figure) else None
        if target is None or not (index < target < len(blocks)):
            continue
        elements = writer.block_elements[index]
        anchor = after.get(target)
        if anchor is None:
            later = [e for e in writer.block_elements[target] if e.getparent() is body]
            if not later:
                continue
            anchor = later[-1]
            keep = anchor.find(f"{qn('w:pPr')}/{qn('w:keepNext')}")
            if keep is not None:
                keep.getparent().remove(keep)
        for element in elements:
            anchor.addnext(element)
            anchor = element
        after[target] = anchor
