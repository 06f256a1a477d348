"""Blocks and inlines of the page: spans, paragraphs, headings, lists, quotes,
the cover, the contents and the boxes, mixed into the writer."""

from __future__ import annotations

from ...model import Box, Contents, Cover, Heading, ListBlock, Paragraph
from .markup import attributes, element, safe_href, text


class Blocks:
    """Visit methods for everything but tables, figures and the notes."""

    # ---------------------------------------------------------------- inlines
    def inlines(self, spans) -> str:
        """Spans as phrasing content; neighbouring spans with one target are one link."""
        out, run, target = [], [], None

        def flush():
            if run:
                inner = "".join(run)
                out.append(element("a", inner, href=target) if target else inner)
                run.clear()

        for span in spans:
            if span.kind == "break":
                flush()
                out.append("<br>")
                continue
            if span.kind == "note":
                flush()
                out.append(self.note_mark(span))
                continue
            href = safe_href(span.href)
            if href != target:
                flush()
                target = href
            piece = text(span.text)
            if span.code:
                piece = f"<code>{piece}</code>"
            if span.italic:
                piece = f"<em>{piece}</em>"
            if span.bold:
                piece = f"<strong>{piece}</strong>"
            run.append(piece)
        flush()
        return "".join(out)

    def unique(self, ident: str | None) -> str | None:
        """`ident` the first time it is asked for, None after: ids stay unique."""
        if not ident or ident in self.ids:
            return None
        self.ids.add(ident)
        return ident

    def style_class(self, style: str, extra: str | None = None) -> str:
        return " ".join(x for x in (f"st-{style}" if style in self.theme.styles else None,
                                    extra) if x)

    # ---------------------------------------------------------------- blocks
    def visit_Paragraph(self, p: Paragraph):
        style = "body" if p.style == "list_item" and not self.in_list else p.style
        return element("p", self.inlines(p.inlines), id=self.unique(p.anchor),
                       class_=self.style_class(style))

    def visit_Heading(self, h: Heading):
        level = min(h.level + 1, 6)  # the brief's title is the page's one h1
        label = text(h.text)
        if h.number:
            label = f'<span class="num">{text(h.number)}</span> {label}'
        return element(f"h{level}", label, id=self.unique(h.id),
                       class_=self.style_class(f"h{min(h.level, 3)}"))

    def visit_ListBlock(self, lst: ListBlock):
        self.in_list += 1
        try:
            items = [element("li", self.item(blocks)) for blocks in lst.items]
        finally:
            self.in_list -= 1
        name = "ol" if lst.ordered else "ul"
        start = lst.start if lst.ordered and lst.start != 1 else None
        return f"<{name}{attributes({'start': start})}>" + "\n".join(items) + f"</{name}>"

    def item(self, blocks) -> str:
        """A list item: a lone paragraph's text stands in the item itself."""
        if len(blocks) == 1 and isinstance(blocks[0], Paragraph) and not blocks[0].anchor:
            return self.inlines(blocks[0].inlines)
        return "\n".join(self.visit_all(blocks))

    def visit_Quote(self, q):
        return element("blockquote", "\n".join(self.visit_all(q.blocks)),
                       class_="st-quote")

    def visit_Preformatted(self, pre):
        return element("pre", text(pre.text), class_="st-code")

    def visit_PageBreak(self, _):
        return '<div class="page-break"></div>'

    def visit_Cover(self, c: Cover):
        out = []
        if c.organization:
            out.append(element("p", text(c.organization), class_="st-organization"))
        out.append(element("h1", text(c.title), class_="st-title"))
        if c.subtitle:
            out.append(element("p", text(c.subtitle), class_="st-subtitle"))
        lines = []
        meta = []
        if c.date:
            day = self.doc.meta.date
            meta.append(element("time", text(c.date),
                                datetime=day.isoformat() if hasattr(day, "isoformat") else None))
        if c.version:
            meta.append(text(self.label("version", version=c.version)))
        if meta:
            lines.append(element("p", " · ".join(meta), class_="st-cover_meta"))
        for author in c.authors:
            lines.append(element("p", text(author), class_="st-cover_meta"))
        out.append(element("div", "\n".join(lines), class_="byline"))
        return element("header", "\n".join(out), class_="cover")

    def visit_Contents(self, c: Contents):
        ident = self.unique("_contents")
        title = element("h2", text(c.title), id=ident, class_="st-h1")
        entries = list(c.entries)
        if self.doc.notes:  # the page gathers the footnotes at its end: list them too
            from ...model import TocEntry
            entries.append(TocEntry(1, self.label("notes"), "_notes"))
        return element("nav", title + "\n" + self.toc_list(entries),
                       class_="toc", aria_labelledby=ident)

    def toc_list(self, entries) -> str:
        """The contents as nested lists, one level per heading level."""
        out, open_levels = [], []
        for entry in entries:
            level = min(entry.level, 3)
            if not open_levels or level > open_levels[-1]:
                out.append("<ol>")  # the first list, or one inside the open item
                open_levels.append(level)
            else:
                out.append("</li>")
                while len(open_levels) > 1 and level < open_levels[-1]:
                    out.append("</ol></li>")
                    open_levels.pop()
            link = element("a", text(entry.label), href=f"#{entry.id}")
            out.append(f'<li class="st-toc{level}">{link}')
        if open_levels:
            out.append("</li>" + "</ol></li>" * (len(open_levels) - 1) + "</ol>")
        return "".join(out)

    def visit_Box(self, box: Box):
        """An aside: the bottom line, the key judgments (a list, each item under its
        confidence) or a counterargument and its response."""
        inner = []
        named = None
        if box.title:
            self.boxes += 1
            named = self.unique(f"_box{self.boxes}")
            inner.append(element("h2", text(box.title), id=named, class_="st-box_title"))
        if box.kind == "judgments":
            items = []
            for label, blocks in box.parts:
                head = element("p", text(label), class_="st-callout_label") if label else ""
                items.append(element("li", head + "\n".join(self.visit_all(blocks))))
            inner.append(element("ul", "\n".join(items), class_="judgments"))
        else:
            for label, blocks in box.parts:
                if label:
                    inner.append(element("p", text(label), class_="st-callout_label"))
                inner.extend(self.visit_all(blocks))
        kind = "summary" if box.kind == "summary" else "callout"
        return element("aside", "\n".join(inner), class_=f"box box-{kind}",
                       aria_labelledby=named)

    def sources_list(self, paragraphs) -> str:
        """The closing list of sources or the bibliography: one list, an item each."""
        items = [element("li", self.inlines(p.inlines), id=self.unique(p.anchor),
                         class_="st-source_item") for p in paragraphs]
        return element("ul", "\n".join(items), class_="sources")
