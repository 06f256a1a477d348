"""The document model: a tree of blocks both writers visit.

Built once from the outline by `build.py`; the writers import only this
module and `theme`. Inline content is a flat list of `Span`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field


# ---------------------------------------------------------------- inline

@dataclass(frozen=True)
class Span:
    """A run of text with emphasis flags and an optional link ('#id' or a URL)."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None
    kind: str = "text"  # "text", "citation", "note" (a footnote's mark), "ref" or "break"


Inlines = tuple  # of Span


# ---------------------------------------------------------------- blocks

@dataclass
class Block:
    """Base of every block; `line` is the outline line it came from."""


@dataclass
class Paragraph(Block):
    """A paragraph in a named style."""

    inlines: Inlines
    style: str = "body"
    anchor: str | None = None  # an id that links can point to
    keep_with_next: bool = False  # a lead-in: a bold line, or text introducing a list


@dataclass
class Heading(Block):
    """A heading: level 1-3, optional number ('2.1'), bookmark id."""

    level: int
    text: str
    id: str
    number: str | None = None
    in_toc: bool = True

    @property
    def label(self) -> str:
        return f"{self.number} {self.text}" if self.number else self.text


@dataclass
class ListBlock(Block):
    """A bullet or numbered list; each item is a list of blocks."""

    items: list
    ordered: bool = False
    start: int = 1


@dataclass
class Quote(Block):
    """A block quote."""

    blocks: list


@dataclass
class Preformatted(Block):
    """Code or text shown as written, line by line."""

    text: str


@dataclass
class Cell:
    """A table cell: blocks of content, right-aligned when numeric."""

    blocks: list
    numeric: bool = False
    align: str | None = None  # "left", "right" or "center"; None: right when numeric

    @property
    def alignment(self) -> str | None:
        return self.align or ("right" if self.numeric else None)


@dataclass
class Row:
    """A table row: 'header' rows repeat on each page; 'group' rows span all columns;
    a 'total' row is set apart with a rule and bold."""

    cells: list
    kind: str = "body"  # "header", "body", "group" or "total"


@dataclass
class Table(Block):
    """A numbered table with a caption, relative column widths and notes."""

    id: str
    number: int
    caption: str
    rows: list
    widths: list  # fractions summing to 1
    notes: list = field(default_factory=list)  # blocks below the table
    name: str = "Table"  # the word before the number, in the brief's language
    colon: str = ": "  # and the colon after it (French: a no-break space before it)

    @property
    def label(self) -> str:
        return f"{self.name} {self.number}{self.colon}{self.caption}"

    @property
    def header_rows(self) -> int:
        n = 0
        for row in self.rows:
            if row.kind != "header":
                break
            n += 1
        return n


@dataclass
class Box(Block):
    """A shaded, ruled box: the bottom line ('summary') or a counterargument ('callout')."""

    kind: str  # "summary", "judgments" or "callout" (the last two look alike)
    title: str | None
    parts: list  # of (label or None, list of blocks)


@dataclass
class Cover(Block):
    """The cover block."""

    title: str
    subtitle: str | None
    date: str | None
    version: str | None
    authors: list  # of str
    organization: str | None
    marking: str | None


@dataclass
class TocEntry:
    level: int
    label: str  # number and title
    id: str


@dataclass
class Contents(Block):
    """The table of contents, listing headings that are in it."""

    title: str
    entries: list


@dataclass
class PageBreak(Block):
    """Start a new page."""


@dataclass
class Note:
    """A footnote: its number through the brief and its text (paragraphs)."""

    number: int
    blocks: list

    @property
    def id(self) -> str:
        return f"_fn{self.number}"

    @property
    def ref_id(self) -> str:
        """The anchor of the mark in the text, which the note links back to."""
        return f"_fnref{self.number}"


@dataclass
class Meta:
    """Document metadata shared by both files."""

    title: str
    subtitle: str | None
    authors: list
    organization: str | None
    date: object  # datetime.date or None
    date_text: str | None
    version: str | None
    marking: str | None
    keywords: list
    language: str  # BCP 47
    labels: dict = field(default_factory=dict)  # label name -> text (see i18n.LABELS)

    def label(self, name: str, **fields) -> str:
        """A label the writers add ('Page {n} of {total}'), its fields filled in."""
        from .i18n import LABELS, fill
        return fill(self.labels.get(name) or LABELS["en"][name], fields)


@dataclass
class Document:
    """The whole brief: metadata and blocks in reading order."""

    meta: Meta
    blocks: list
    notes: list = field(default_factory=list)  # of Note, in number order

    def walk(self):
        """Every block, depth first, in reading order."""
        yield from walk_blocks(self.blocks)


def walk_blocks(blocks):
    """Blocks and the blocks inside them (list items, quotes, boxes), depth first."""
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, Quote):
            yield from walk_blocks(block.blocks)
        elif isinstance(block, Box):
            for _, part in block.parts:
                yield from walk_blocks(part)
        elif isinstance(block, Table):
            for row in block.rows:
                for cell in row.cells:
                    yield from walk_blocks(cell.blocks)
            yield from walk_blocks(block.notes)
        elif isinstance(block, Figure):
            yield from walk_blocks(block.notes)


# ---------------------------------------------------------------- figures

@dataclass
class ImageData:
    """An image file as read and checked at load time."""

    path: str  # absolute
    format: str  # "png", "jpeg" or "svg"
    data: bytes
    width: float  # natural size in points (from its resolution; 96 dpi if none)
    height: float
    pixels: tuple | None = None  # (width, height) of a raster image


@dataclass
class Series:
    """One series of a chart: a value per category, with its display label.

    `values` are the bars' ends (a range's low end); `highs` holds a range's
    high end where a point is a range, else None."""

    name: str
    values: list  # of float
    labels: list  # of str, formatted as the key-figures table formats them
    highs: list | None = None  # of float or None, one per point

    @property
    def has_ranges(self) -> bool:
        return bool(self.highs) and any(h is not None for h in self.highs)


@dataclass
class Axis:
    """The value axis: a zero baseline and 'nice' ticks."""

    title: str | None
    minimum: float
    maximum: float
    step: float
    ticks: list  # of float, minimum..maximum
    labels: list  # of str, one per tick
    number_format: str  # the tick labels as an Excel number format ('#,##0', '0"%"')


@dataclass
class Mark:
    """A timeline event: a day, or a span of days, on the date axis."""

    label: str
    date_text: str
    start: int  # proleptic Gregorian ordinal of the first day
    end: int  # of the last day (== start for one day)
    approx: bool = False
    id: str | None = None
    exact: bool = True  # dated to the day (else a month, season or year)


@dataclass
class Chart:
    """What a chart shows, computed once; each writer draws this same description."""

    type: str  # "bar", "column", "line", "stacked" or "timeline"
    categories: list  # of str (the stacked type has one category: the whole)
    series: list  # of Series
    axis: Axis | None
    colors: list  # hex, one per series (for stacked: per part)
    unit: str | None = None
    marks: list = field(default_factory=list)  # of Mark, for a timeline
    window: tuple = ()  # (first, last) ordinal day, for a timeline
    time_ticks: list = field(default_factory=list)  # of (ordinal, label, major)


@dataclass
class Figure(Block):
    """A numbered figure: an image or a chart, its caption, source line and notes."""

    id: str
    number: int
    caption: str
    alt: str
    width: float  # share of the text width, 0.2-1
    image: ImageData | None = None
    chart: Chart | None = None
    source: Inlines = ()  # the "Source:" line's spans, without the word
    notes: list = field(default_factory=list)  # blocks below the figure
    name: str = "Figure"  # the word before the number, in the brief's language
    colon: str = ": "

    @property
    def label(self) -> str:
        return f"{self.name} {self.number}{self.colon}{self.caption}"
