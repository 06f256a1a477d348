"""Figures: a figure element with its caption, the chart as inline SVG laid out by
`charts` (the picture the PDF draws) or the image as a data: URI, the source line
and the notes."""

from __future__ import annotations

import base64

from ...charts import layout, to_svg
from ...model import Span
from .markup import attr, element, text, void

NARROW = 200  # points: the width of a chart's second layout, for phones
_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}


class Figures:
    """visit_Figure, mixed into the writer."""

    def visit_Figure(self, fig):
        caption_id = self.unique(f"_caption-{fig.id}")
        width = fig.width * self.theme.frame_width
        if fig.chart is not None:
            picture = self.chart_svg(fig, width)
        else:
            # the image's own file, as read and checked at load time; an SVG in an
            # img element runs no script and loads nothing
            data = base64.b64encode(fig.image.data).decode("ascii")
            height = width * fig.image.height / fig.image.width
            picture = void("img", src=f"data:{_TYPES[fig.image.format]};base64,{data}",
                           alt=fig.alt, width=f"{width:.0f}", height=f"{height:.0f}",
                           class_="picture")
        parts = [element("figcaption", text(fig.label), id=caption_id, class_="st-caption"),
                 picture]
        if fig.source:
            source = (Span(self.label("source") + self.label("colon")),) + tuple(fig.source)
            parts.append(element("p", self.inlines(source), class_="st-notes"))
        parts += self.visit_all(fig.notes)
        return element("figure", "\n".join(parts), id=self.unique(fig.id),
                       aria_labelledby=caption_id)

    def chart_svg(self, fig, width: float) -> str:
        """The chart's picture as an inline SVG image named by the figure's alt text,
        its text in the theme's font: laid out at the PDF's width, and again at a
        phone's (shown instead on a narrow screen, where the first would shrink its
        labels past reading). Each is drawn as large as the text around it allows."""
        out = [self._svg(fig, width, "chart-wide")]
        if width > NARROW:
            out.append(self._svg(fig, NARROW, "chart-narrow"))
        return "\n".join(out)

    def _svg(self, fig, width: float, kind: str) -> str:
        svg = to_svg(layout(fig.chart, width, self.theme), self.theme)
        assert svg.startswith("<svg ")
        scale = width / self.theme.style("body").size  # rem: the PDF's size relative to its text
        return (f'<svg role="img" aria-label="{attr(fig.alt)}" class="picture {kind}" '
                f'style="width:{scale:.2f}rem" ' + svg[5:])
