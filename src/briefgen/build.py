"""Outline -> Document: the one module that knows both the outline and the model."""

from __future__ import annotations

from . import dates
from .format import stat_display
from .inline import Citations, Prose
from .hyphenate import longest_unbreakable
from .model import (Box, Cell, Contents, Cover, Document, Figure, Heading, ListBlock, Meta,
                    PageBreak, Paragraph, Row, Span, Table, TocEntry, walk_blocks)
from .references import section_id
from .schema import Outline, walk_sections

# Ids of the generated parts; an outline may not use them for its own things.
# They start with '_', which an outline id cannot, so they never clash.
PART_IDS = {"parties": "_participants", "positions": "_positions",
            "statistics": "_figures", "timeline": "_timeline", "sources": "_sources",
            "recommendations": "_recommendations", "about": "_about"}
ROLES = ("party", "mediator", "observer")  # the order of their groups
APPENDIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _text(text: str, **flags) -> tuple:
    return (Span(text, **flags),) if text else ()


class Builder:
    """Builds the blocks of one brief, part by part, in the layout's order."""

    def __init__(self, outline: Outline, lang=None, theme=None, images: dict | None = None):
        from .i18n import as_language
        self.o = outline
        self.lang = as_language(lang)  # labels, dates, numbers
        self.language = self.lang.tag
        self.theme = theme  # chart colours
        self.images = images or {}  # id(figure spec) -> ImageData, read by figures.check
        self.citations = Citations()
        self.sources = {s.id: s for s in outline.sources}
        self.prose = Prose(self.citations, outline.citations, self._cite,
                           self.lang.quotes if self.lang.smart else None, self.lang.base)
        self.tables = 0
        self.figures = 0
        self.appendices = 0
        self.headings: list[Heading] = []
        self.labels: dict = {}  # id -> what [](#id) shows: 'Table 3', 'Section 2.1'

    # -- helpers
    def L(self, name: str, **fields) -> str:
        """The label `name` in the brief's language, or as the outline replaced it."""
        return self.lang.label(name, **fields)

    def md(self, text, style="body") -> list:
        return self.prose.blocks(text.value, style) if text else []

    def cell_spans(self, text: str) -> tuple:
        """A table cell as written; `^[…]` in it is a footnote."""
        return self.prose.plain_with_notes(text) if "^[" in text else _text(text)

    def heading(self, level, title, ident, number=None, in_toc=True) -> Heading:
        h = Heading(level, title, ident, number, in_toc)
        self.headings.append(h)
        return h

    def table(self, ident, caption, rows, notes=(), widths=None) -> Table:
        self.tables += 1
        ident = ident or f"_table{self.tables}"
        self.labels[ident] = f"{self.L('table')} {self.tables}"
        return Table(ident, self.tables, caption, rows, widths or column_widths(rows, self.language),
                     list(notes), self.L("table"), self.L("colon"))

    def date(self, edtf) -> str:
        return edtf.display(self.lang) if edtf else ""

    def source_spans(self, source: str | None) -> tuple:
        """A statistic's, event's, table's or figure's source: a citation if it names a
        source, else the text."""
        if not source:
            return ()
        if source in self.sources:
            if self.o.citations == "footnotes":  # a short reference in place, not a note
                from . import cite
                from .inline import without_full_stop
                self.citations.number(source)
                return tuple(without_full_stop(cite.short_note(self.sources[source])))
            return tuple(self.prose.cited([(source, None)]))
        return (Span(source),)

    def _cite(self, key: str, locator: str | None, first: bool) -> tuple:
        """A footnote citation: the full reference the first time, then the short one."""
        from . import cite
        src = self.sources[key]
        spans = cite.full_note(src, locator, self.lang) if first else \
            cite.short_note(src, locator)
        return tuple(spans)

    # -- parts
    def build(self) -> Document:
        o = self.o
        blocks: list = []
        contents = None
        sources_at = None
        layout = list(o.layout)
        for i, part in enumerate(layout):
            made = getattr(self, f"part_{part}")()
            if part == "contents" and made:
                contents = made[-1]
            if part == "sources" and made:
                sources_at = len(blocks)
            blocks.extend(made)
            # the first page holds the cover and the bottom line; the key judgments
            # or the contents open the next page (the contents follow the judgments)
            if part in ("cover", "summary") and made and \
                    self._next_is(layout, i, ("contents", "judgments")):
                blocks.append(PageBreak())
        if sources_at is not None:  # numbered last, once every citation is known
            blocks[sources_at:sources_at + 1] = [blocks[sources_at]] + self.source_items()
        if contents is not None:
            contents.entries = [TocEntry(h.level, h.label, h.id)
                                for h in self.headings if h.in_toc]
        self._fill_refs(blocks)
        notes = self.prose.notes
        meta = Meta(o.title, o.subtitle, [a.name for a in o.authors], o.organization, o.date,
                    dates.display_day(o.date, self.lang) if o.date else None,
                    o.version, o.marking, [p.name for p in o.parties], self.language,
                    dict(self.lang.labels))
        return Document(meta, blocks, notes)

    def _fill_refs(self, blocks):
        """Give each [](#id) its target's label, now that everything is numbered."""
        labels = dict(self.labels)
        for h in self.headings:
            if h.number and h.number.endswith(":"):  # Appendix A:
                labels.setdefault(h.id, h.number.rstrip(":"))
            elif h.number:
                labels.setdefault(h.id, f"{self.L('section')} {h.number}")
            else:
                labels.setdefault(h.id, h.text)
        o = self.o
        for items in (o.parties, o.statistics, o.timeline, o.sources):
            for item in items:
                if getattr(item, "id", None):
                    labels.setdefault(item.id, getattr(item, "name", None) or
                                      getattr(item, "label", None) or
                                      getattr(item, "title", None) or item.id)

        def filled(spans):
            return tuple(Span(labels.get(s.href[1:], s.href[1:]), s.bold, s.italic, s.code,
                              s.href) if s.kind == "ref" else s for s in spans)

        notes = [b for note in self.prose.notes for b in note.blocks]
        for block in list(walk_blocks(blocks)) + notes:
            if isinstance(block, Paragraph) and any(s.kind == "ref" for s in block.inlines):
                block.inlines = filled(block.inlines)
            elif isinstance(block, Figure) and any(s.kind == "ref" for s in block.source):
                block.source = filled(block.source)

    def _next_is(self, layout, i, name) -> bool:
        """Whether the next part that has content is `name`."""
        for part in layout[i + 1:]:
            if part in ("summary",) and not (self.o.summary or self.o.key_points):
                continue
            if part == "judgments" and not self.o.judgments:
                continue
            return part in name
        return False

    def part_cover(self):
        o = self.o
        authors = [a.name + (f", {a.affiliation}" if a.affiliation else "") for a in o.authors]
        return [Cover(o.title, o.subtitle,
                      dates.display_day(o.date, self.lang) if o.date else None,
                      o.version, authors, o.organization, o.marking)]

    def part_summary(self):
        o = self.o
        if not (o.summary or o.key_points):
            return []
        parts = []
        if o.summary:
            parts.append((None, self.md(o.summary)))
        if o.key_points:
            items = [self.md(k, "list_item") for k in o.key_points]
            parts.append((self.L("key_points") if o.summary else None, [ListBlock(items)]))
        return [Box("summary", self.L("bottom_line"), parts)]

    def part_judgments(self):
        """The key judgments: a box, each judgment under its confidence, spelled out."""
        if not self.o.judgments:
            return []
        parts = [(self.L(f"confidence_{j.confidence}") if j.confidence else None,
                  self.md(j.text, "callout_body")) for j in self.o.judgments]
        return [Box("judgments", self.L("judgments"), parts)]

    def part_recommendations(self):
        """A numbered list, each recommendation led by whom it is addressed to."""
        recs = self.o.recommendations
        if not recs:
            return []
        items = []
        for r in recs:
            blocks = self.md(r.text, "list_item")
            if r.to and blocks and isinstance(blocks[0], Paragraph):
                first = blocks[0]
                first.inlines = (Span(r.to + self.L("colon"), bold=True),) + \
                    tuple(first.inlines)
            elif r.to:
                blocks.insert(0, Paragraph(_text(r.to + self.L("colon").rstrip(), bold=True),
                                           "list_item"))
            items.append(blocks)
        return [self.heading(1, self.L("recommendations"), PART_IDS["recommendations"]),
                ListBlock(items, ordered=True)]

    def part_about(self):
        """About this brief: the `about` text, then each author with contacts and bio."""
        o = self.o
        detailed = [a for a in o.authors if a.email or a.bio or a.affiliation]
        if not (o.about or detailed):
            return []
        out = [self.heading(1, self.L("about"), PART_IDS["about"])]
        out += self.md(o.about)
        for a in o.authors:
            if not (a.email or a.bio or a.affiliation):
                continue
            spans = [Span(a.name, bold=True)]
            if a.affiliation:
                spans.append(Span(f", {a.affiliation}"))
            if a.email:
                spans += [Span(" · "), Span(a.email, href=f"mailto:{a.email}")]
            out.append(Paragraph(tuple(spans), "body", keep_with_next=bool(a.bio)))
            out += self.md(a.bio)
        return out

    def part_contents(self):
        return [Contents(self.L("contents"), [])]

    def part_parties(self):
        o = self.o
        if not o.parties:
            return []
        rows = [Row([_cell(self.L("party")), _cell(self.L("lead")), _cell(self.L("members"))],
                    "header")]
        roles = [r for r in ROLES if any(p.role == r for p in o.parties)]
        for role in roles:
            if roles != ["party"]:  # parties, mediators and observers under their role
                rows.append(Row([Cell([Paragraph(_text(self.L(f"role_{role}")),
                                                 "table_group")])], "group"))
            for p in (p for p in o.parties if p.role == role):
                name = [Paragraph(_text(p.name, bold=True), "table_cell", anchor=p.id)]
                name += self.md(p.note, "table_note") if p.note else []
                members = [Paragraph(_text(m), "table_cell") for m in p.members] or \
                    [Paragraph(_text("—"), "table_cell")]
                rows.append(Row([Cell(name), _cell(p.lead or "—"), Cell(members)]))
        return [self.heading(1, self.L("parties"), PART_IDS["parties"]),
                self.table(None, self.L("parties_caption"), rows)]

    def part_positions(self):
        o = self.o
        numbered = dict(self._numbers())
        lines = [(s, numbered[id(s)]) for s, _ in walk_sections(o.sections)
                 if any(p.summary for p in s.positions)]
        if not lines or not o.parties:
            return []
        parties = [p for p in o.parties
                   if any(pos.party == p.id and pos.summary for s, _ in lines
                          for pos in s.positions)]
        rows = [Row([_cell(self.L("issue"))] + [_cell(p.name) for p in parties], "header")]
        for section, number in lines:
            issue = Paragraph((Span(f"{number} ", bold=True),
                               Span(section.title, href=f"#{section_id(section)}")),
                              "table_cell")
            cells = [Cell([issue])]
            for p in parties:
                said = [pos.summary for pos in section.positions
                        if pos.party == p.id and pos.summary]
                cells.append(Cell([Paragraph(_text(s), "table_cell") for s in said] or
                                  [Paragraph(_text("—"), "table_cell")]))
            rows.append(Row(cells))
        return [self.heading(1, self.L("positions"), PART_IDS["positions"]),
                self.table(None, self.L("positions_caption"), rows)]

    def _numbers(self, sections=None, prefix=""):
        for i, s in enumerate(self.o.sections if sections is None else sections, 1):
            number = f"{prefix}{i}"
            yield id(s), number
            yield from self._numbers(s.sections, number + ".")

    def part_sections(self):
        out: list = []
        numbers = dict(self._numbers())
        for section, depth in walk_sections(self.o.sections):
            out.append(self.heading(depth, section.title, section_id(section),
                                    numbers[id(section)]))
            out.extend(self.md(section.body))
            for spec in section.tables:
                out.append(self.data_table(spec))
            for spec in section.figures:
                out.append(self.figure(spec))
            names = {p.id: p.name for p in self.o.parties}
            for pos in section.positions:
                out.append(Paragraph(_text(names.get(pos.party, pos.party)), "party"))
                if pos.points:
                    out.append(ListBlock([self.md(p, "list_item") for p in pos.points]))
                else:
                    out.append(Paragraph(_text(pos.summary), "body"))
            for counter in section.counterarguments:
                parts = [(self.L("counterargument"), self.md(counter.claim, "callout_body"))]
                if counter.response:
                    parts.append((self.L("response"), self.md(counter.response,
                                                              "callout_body")))
                out.append(Box("callout", None, parts))
        return out

    def data_table(self, spec) -> Table:
        """A section's table: columns aligned as asked, or numbers (1,100, 57%, ≈ 20,
        −3.5) to the right with their heading; the last row a total if asked; the
        source line, then the notes, under it."""
        from .figures import cell_number
        ncols = len(spec.columns)
        aligns = []
        for i in range(ncols):
            if spec.align:
                aligns.append(spec.align[i])
                continue
            cells = [row[i] for row in spec.rows if i < len(row) and str(row[i].text).strip()]
            numeric = bool(cells) and all(c.numeric or cell_number(c.text, self.lang) is not None
                                          for c in cells)
            aligns.append("right" if numeric else None)
        rows = [Row([Cell([Paragraph(_text(c), "table_cell")], align=a)
                     for c, a in zip(spec.columns, aligns)], "header")]
        for r, row in enumerate(spec.rows):
            kind = "total" if spec.total and r == len(spec.rows) - 1 else "body"
            rows.append(Row([Cell([Paragraph(self.cell_spans(c.text), "table_cell")],
                                  c.numeric, a) for c, a in zip(row, aligns)], kind))
        below = []
        if spec.source:
            below.append(Paragraph((Span(self.L("source") + self.L("colon")),) +
                                   self.source_spans(spec.source),
                                   "notes"))
        below += self.md(spec.notes, "notes")
        widths = [w / sum(spec.widths) for w in spec.widths] if spec.widths else None
        return self.table(spec.id, spec.caption, rows, below, widths)

    def figure(self, spec) -> Figure:
        from .figures import alt_text, describe
        self.figures += 1
        ident = spec.id or f"_figure{self.figures}"
        self.labels[ident] = f"{self.L('figure')} {self.figures}"
        chart = image = None
        if spec.chart is not None:
            chart = describe(self.o, spec.chart, self.theme, self.lang)
            width = spec.width or 1.0
        else:
            image = self.images[id(spec)]
            frame_w, frame_h = (self.theme.frame_width, self.theme.frame_height) \
                if self.theme else (460.0, 720.0)
            width = spec.width or min(1.0, image.width / frame_w)
            # a tall image is narrowed so that it and its caption fit on a page
            width = max(0.2, min(width, 0.8 * frame_h * image.width / image.height / frame_w))
        alt = (spec.alt or "").strip() or alt_text(chart, spec.caption, self.lang)
        return Figure(ident, self.figures, spec.caption, alt, width, image, chart,
                      self.source_spans(spec.source), self.md(spec.note, "notes"),
                      self.L("figure"), self.L("colon"))

    def part_statistics(self):
        stats = self.o.statistics
        if not stats:
            return []
        has_date = any(s.as_of for s in stats)
        has_source = any(s.source for s in stats)
        head = [self.L("figure_column"), self.L("value")] + \
            ([self.L("as_of")] if has_date else []) + \
            ([self.L("source_column")] if has_source else [])
        rows = [Row([_cell(h) for h in head], "header")]
        if any(s.value.kind != "string" for s in stats):  # over its numbers, to the right
            rows[0].cells[1].align = "right"
        groups: dict = {}
        for s in stats:
            groups.setdefault(s.group, []).append(s)
        ordered = ([(None, groups.pop(None))] if None in groups else []) + list(groups.items())
        for group, items in ordered:
            if group:
                rows.append(Row([Cell([Paragraph(_text(group), "table_group")])], "group"))
            for s in items:
                label = [Paragraph(_text(s.label), "table_cell", anchor=s.id)]
                label += self.md(s.note, "table_note") if s.note else []
                cells = [Cell(label), Cell([Paragraph(_text(stat_display(s, self.lang)),
                                                      "table_cell")],
                                           s.value.kind != "string")]
                if has_date:
                    cells.append(_cell(self.date(s.as_of)))
                if has_source:
                    cells.append(Cell([Paragraph(self.source_spans(s.source) or _text(""),
                                                 "table_cell")]))
                rows.append(Row(cells))
        return [self.heading(1, self.L("key_figures"), PART_IDS["statistics"]),
                self.table(None, self.L("key_figures_caption"), rows)]

    def part_timeline(self):
        events = sorted(self.o.timeline, key=lambda e: e.date.sort_key())
        if not events:
            return []
        has_source = any(e.source for e in events)
        head = [self.L("date"), self.L("event")] + \
            ([self.L("source_column")] if has_source else [])
        rows = [Row([_cell(h) for h in head], "header")]
        for e in events:
            what = [Paragraph(_text(e.title, bold=True), "table_cell", anchor=e.id)]
            what += self.md(e.detail, "table_cell") if e.detail else []
            cells = [_cell(self.date(e.date)), Cell(what)]
            if has_source:
                cells.append(Cell([Paragraph(self.source_spans(e.source) or _text(""),
                                             "table_cell")]))
            rows.append(Row(cells))
        letter = APPENDIX_LETTERS[self.appendices]
        self.appendices += 1
        return [PageBreak(),
                self.heading(1, self.L("timeline"), PART_IDS["timeline"],
                             f"{self.L('appendix')} {letter}{self.L('colon').rstrip()}"),
                self.table(None, self.L("timeline_caption"), rows)]

    def part_sources(self):
        if not self.o.sources:
            return []
        title = self.L("bibliography" if self.o.citations == "footnotes" else "sources")
        return [self.heading(1, title, PART_IDS["sources"])]

    def source_items(self) -> list:
        """The closing list: numbered in order of first citation (numeric style), or a
        bibliography sorted by first author or publisher, then title (footnote style)."""
        from . import cite
        by_id = self.sources
        if self.o.citations == "footnotes":
            order = [s.id for s in sorted(self.o.sources, key=cite.sort_key)]
        else:
            cited = sorted((n, sid) for sid, n in self.citations.items() if sid in by_id)
            order = [sid for _, sid in cited] + [s.id for s in self.o.sources
                                                  if s.id not in self.citations]
        items = []
        for sid in order:
            s = by_id[sid]
            if self.o.citations == "footnotes":
                spans = list(cite.bibliography_entry(s, self.lang))
            else:
                spans = [Span(f"[{self.citations.number(sid)}]  ")]
                spans += cite.numeric_entry(s, self.lang)
            if s.note:
                ends = spans[-1].text.rstrip() if spans else ""
                spans += [Span(" " if ends.endswith((".", "!", "?")) else ". ")]
                spans += list(self.prose.inlines(s.note.value))
            items.append(Paragraph(tuple(spans), "source_item", anchor=s.id))
        return items


def _cell(text: str) -> Cell:
    return Cell([Paragraph(_text(text), "table_cell")])


LINE_CHARS = 95  # characters of table text across a page, roughly (both themes)


def column_widths(rows, language: str | None = None) -> list:
    """Relative column widths from content: a column of short entries (dates,
    figures, citations) gets just the room to keep them on one line; columns
    of running text share the rest by how much they hold. No column is
    narrower than its longest unbreakable piece (a word between hyphenation
    points, a URL between the places it may break), so no word is ever split
    where it shows no hyphen."""
    ncols = max(len(r.cells) for r in rows if r.kind != "group")
    longest = [1.0] * ncols  # longest paragraph, in characters, capped
    word = [1.0] * ncols  # longest word
    piece = [1.0] * ncols  # longest unbreakable piece
    for row in rows:
        if row.kind == "group":
            continue
        for i, cell in enumerate(row.cells):
            for text in (_cell_text(b) for b in cell.blocks):
                words = text.split() or [""]
                longest[i] = max(longest[i], min(len(text), 70))
                word[i] = max(word[i], min(max(len(w) for w in words), 24))
                piece[i] = longest_unbreakable(text, language, piece[i])
    desired = [max(lng, wd * 2.0) for lng, wd in zip(longest, word)]
    short = [i for i in range(ncols) if longest[i] <= 22]
    room = sum(longest[i] + 3 for i in short)
    if short and len(short) < ncols and room <= LINE_CHARS * 0.6:
        rest = sum(desired[i] for i in range(ncols) if i not in short)
        widths = [(longest[i] + 3) / LINE_CHARS if i in short
                  else (1 - room / LINE_CHARS) * desired[i] / rest for i in range(ncols)]
    else:
        widths = [d / sum(desired) for d in desired]
    floors = [max(min(0.08, 1.0 / ncols), (piece[i] + 2) / LINE_CHARS) for i in range(ncols)]
    return [round(w, 4) for w in _at_least(widths, floors)]


def _at_least(widths: list, floors: list) -> list:
    """Widths scaled to sum to 1 with each at least its floor: columns held at
    their floor, the others share what is left in proportion."""
    total = sum(floors)
    if total >= 1:
        return [f / total for f in floors]
    fixed: set = set()
    while True:
        free = 1 - sum(floors[i] for i in fixed)
        rest = sum(w for i, w in enumerate(widths) if i not in fixed)
        out = [floors[i] if i in fixed else w * free / rest for i, w in enumerate(widths)]
        under = {i for i, w in enumerate(out) if i not in fixed and w < floors[i]}
        if not under:
            return out
        fixed |= under


def _cell_text(block) -> str:
    if isinstance(block, Paragraph):
        return "".join(s.text for s in block.inlines)
    if isinstance(block, ListBlock):
        return " ".join(_cell_text(b) for item in block.items for b in item)
    return ""


def build_document(outline: Outline, lang=None,
                   theme=None, images: dict | None = None) -> Document:
    return Builder(outline, lang, theme, images).build()
