"""HTML writer: a visitor that turns the document model into one self-contained,
accessible web page.

The page needs nothing else to be read: its styles are inline, the theme's
faces are subset WOFF2 in the style sheet, charts are inline SVG drawn from the
same layout as the PDF's, images are data: URIs, and it runs no script. Split by
concern: `markup` (escaping: the one place user text enters the page),
`blocks` (inlines, paragraphs, headings, lists, cover, contents, boxes),
`tables`, `figures`, `notes` (marks and the closing notes) and `styles` (the
style sheet from the theme), `fonts` (the WOFF2 subsets).

Text that only this writer adds (the skip link, the notes' heading, …) comes
through `label`, so a brief in another language can name it.
"""

from __future__ import annotations

import os

from ... import __version__
from ...model import Document, Paragraph
from ...theme import Theme
from ..base import Visitor
from .blocks import Blocks
from .figures import Figures
from .markup import attr, element, text, void
from .notes import Notes
from .styles import stylesheet
from .tables import Tables

__all__ = ["HtmlWriter", "write_html"]


class HtmlWriter(Blocks, Tables, Figures, Notes, Visitor):
    """Writes a Document as one HTML page."""

    def __init__(self, document: Document, theme: Theme):
        self.doc, self.theme = document, theme
        self.ids: set = set()  # ids given so far: each only once
        self.in_list = 0
        self.boxes = 0

    def label(self, name: str, **fields) -> str:
        """The brief's own word for `name` ('skip_to_content', 'notes', …) in its
        language, as the outline's `labels` may have replaced it."""
        return self.doc.meta.label(name, **fields)

    def visit_all(self, blocks):
        """Blocks in order; a run of source entries becomes one list."""
        out, run = [], []
        for block in blocks:
            if isinstance(block, Paragraph) and block.style == "source_item":
                run.append(block)
                continue
            if run:
                out.append(self.sources_list(run))
                run = []
            result = self.visit(block)
            if result:
                out.append(result)
        if run:
            out.append(self.sources_list(run))
        return out

    def render(self) -> str:
        m = self.doc.meta
        self.ids.add("_main")
        body = "\n".join(self.visit_all(self.doc.blocks))
        notes = self.notes_section()
        article = element("article", body + ("\n" + notes if notes else ""))
        marking = element("p", text(m.marking), class_="marking") if m.marking else ""
        skip = element("a", text(self.label("skip_to_content")),
                       href="#_main", class_="skip")
        head = [void("meta", charset="utf-8"),
                void("meta", name="viewport", content="width=device-width, initial-scale=1"),
                element("title", text(m.title))]
        if m.authors or m.organization:
            head.append(void("meta", name="author",
                             content="; ".join(m.authors) or m.organization))
        if m.subtitle:
            head.append(void("meta", name="description", content=m.subtitle))
        if m.keywords:
            head.append(void("meta", name="keywords", content=", ".join(m.keywords)))
        head.append(void("meta", name="generator", content=f"briefgen {__version__}"))
        parts = [skip]
        if marking:
            parts.append(element("header", marking, class_="page-head"))
        parts.append(element("main", article, id="_main", tabindex=-1))
        if marking:
            parts.append(element("footer", marking, class_="page-foot"))
        page = "\n".join(parts)
        # the faces are cut to the characters the page shows (markup is ASCII, kept anyway)
        head.append(element("style", stylesheet(self.theme, set(page), m.marking)))
        return ("<!DOCTYPE html>\n"
                + f'<html lang="{attr(m.language or "en")}">\n'
                + element("head", "\n".join(head)) + "\n"
                + element("body", page) + "\n</html>\n")


def write_html(document: Document, theme: Theme, path) -> None:
    """Write the page to `path` (a file name or a binary file)."""
    data = HtmlWriter(document, theme).render().encode("utf-8")
    if hasattr(path, "write"):
        path.write(data)
        return
    with open(path, "wb") as fh:
        fh.write(data)
    os.chmod(path, 0o644)
