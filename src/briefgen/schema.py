"""The outline's types: one declarative definition, used to validate and to type.

Each record type is a `Record` listing its fields; `validate()` turns the
loaded data into the dataclasses below, collecting every problem at once.
The same definitions can be written out as a JSON Schema.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from . import dates
from .diagnostics import Diagnostic, did_you_mean
from .loader import Loaded

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
PARTS = ("cover", "summary", "judgments", "contents", "parties", "positions", "sections",
         "recommendations", "statistics", "timeline", "sources", "about")
CONFIDENCE = ("high", "moderate", "low")
_NEAR_WORDS = {"medium": "moderate", "mid": "moderate", "middle": "moderate",
               "centre": "center", "middle-aligned": "center", "mediate": "mediator"}
ROLES = ("party", "mediator", "observer")
MAX_SECTION_DEPTH = 3


# ---------------------------------------------------------------- typed outline

@dataclass
class Text:
    """A prose (markdown) field: its source, where it stands, and its rendering."""

    source: str
    path: tuple
    block: bool = False  # written as a | or > block scalar
    rendered: str | None = None

    @property
    def value(self) -> str:
        return self.source if self.rendered is None else self.rendered


@dataclass
class Author:
    name: str
    affiliation: str | None = None
    email: str | None = None
    bio: Text | None = None
    path: tuple = ()


@dataclass
class Judgment:
    text: Text
    confidence: str | None = None
    path: tuple = ()


@dataclass
class Recommendation:
    text: Text
    to: str | None = None
    path: tuple = ()


@dataclass
class Party:
    id: str
    name: str
    lead: str | None = None
    members: list = field(default_factory=list)
    note: Text | None = None
    role: str = "party"
    path: tuple = ()


@dataclass
class Position:
    party: str
    summary: str | None = None
    points: list = field(default_factory=list)  # of Text
    path: tuple = ()


@dataclass
class Counterargument:
    claim: Text
    response: Text | None = None
    path: tuple = ()


@dataclass
class Cell:
    """A table cell as written; numbers are right-aligned, never reformatted."""

    text: str
    numeric: bool = False


@dataclass
class TableSpec:
    caption: str
    columns: list
    rows: list  # of list of Cell
    id: str | None = None
    notes: Text | None = None
    source: str | None = None
    align: list = field(default_factory=list)  # left, right or center, per column
    widths: list = field(default_factory=list)  # relative, per column
    total: bool = False  # the last row is a total
    path: tuple = ()


@dataclass
class ChartSpec:
    """A chart as written: what to draw from the brief's own data."""

    type: str
    stats: list = field(default_factory=list)  # of statistic ids
    table: str | None = None
    x: str | None = None
    y: list = field(default_factory=list)  # of column names
    events: list = field(default_factory=list)  # of event ids
    start: dates.EDTF | None = None  # 'from'
    end: dates.EDTF | None = None  # 'to'
    axis: str | None = None
    path: tuple = ()


@dataclass
class FigureSpec:
    caption: str
    id: str | None = None
    image: str | None = None
    chart: ChartSpec | None = None
    alt: str | None = None
    source: str | None = None
    note: Text | None = None
    width: float | None = None
    path: tuple = ()


@dataclass
class Section:
    title: str
    id: str | None = None
    body: Text | None = None
    positions: list = field(default_factory=list)
    counterarguments: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    path: tuple = ()


@dataclass
class Value:
    """A statistic's value: a number as written, a string, or a [low, high] range."""

    raw: object  # the Python value (int/float/str or a list of two numbers)
    texts: tuple  # the numbers as written in the YAML
    kind: str  # "number", "string" or "range"


@dataclass
class Statistic:
    id: str
    label: str
    value: Value
    unit: str | None = None
    approx: bool = False
    group: str | None = None
    as_of: dates.EDTF | None = None
    source: str | None = None
    note: Text | None = None
    path: tuple = ()


@dataclass
class Event:
    date: dates.EDTF
    title: str
    id: str | None = None
    detail: Text | None = None
    source: str | None = None
    path: tuple = ()


@dataclass
class Source:
    id: str
    title: str
    publisher: str | None = None
    date: dates.EDTF | None = None
    url: str | None = None
    authors: list = field(default_factory=list)  # of str: "Given Family" or an organisation
    container: str | None = None  # the journal, site or series it appeared in
    number: str | None = None  # a report number or document symbol: S/2020/890
    accessed: dates.EDTF | None = None  # when a web page was read
    note: Text | None = None
    kind: str | None = None  # from a bibliography file: report, article, book, web, …
    place: str | None = None  # of publication, from a bibliography file
    origin: tuple | None = None  # (file, line) of a bibliography file's entry
    path: tuple = ()


@dataclass
class Outline:
    title: str
    sections: list
    subtitle: str | None = None
    date: _dt.date | None = None
    version: str | None = None
    authors: list = field(default_factory=list)
    organization: str | None = None
    marking: str | None = None
    style: str | None = None
    summary: Text | None = None
    key_points: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    statistics: list = field(default_factory=list)
    timeline: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    layout: list = field(default_factory=lambda: list(PARTS))
    citations: str = "numeric"
    bibliography: list = field(default_factory=list)  # of paths, relative to the outline
    judgments: list = field(default_factory=list)
    recommendations: list = field(default_factory=list)
    about: Text | None = None
    lang: str | None = None  # BCP 47; None: the theme's language
    labels: dict = field(default_factory=dict)  # label name -> text
    typography: str = "smart"
    language: object = None  # the i18n.Language these give, set by api.prepare
    path: tuple = ()
    file: str = "<outline>"
    loaded: Loaded | None = None
    broken_ids: set = field(default_factory=set)
    unread_bibliography: bool = False  # a bibliography file could not be read at all


# ---------------------------------------------------------------- field kinds

class Kind:
    """How one field's value is checked and converted."""

    name = "value"
    json: dict = {}

    def convert(self, ctx: "_Context", value, path):
        raise NotImplementedError

    def json_schema(self, defs: dict) -> dict:
        """This kind as JSON Schema; records go into `defs` (see `json_schema()`)."""
        return dict(self.json)


class _Str(Kind):
    name, json = "a string", {"type": ["string", "number", "boolean"]}

    def convert(self, ctx, value, path):
        if isinstance(value, (dict, list)):
            return ctx.fail(path, f"must be {self.name}, not a {_type_name(value)}")
        if value is None:
            return ctx.fail(path, "is empty", "write a value after the colon, or remove the key")
        text = ctx.loaded.raw.get(tuple(path), str(value))
        if isinstance(value, str):
            text = value  # escapes in quoted strings already resolved
        return text


class _Md(_Str):
    name = "markdown text"
    json = {"type": ["string", "number"], "description": "CommonMark prose"}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        return Text(text, tuple(path), tuple(path) in ctx.loaded.block)


class _Slug(_Str):
    name = "an id"
    json = {"type": "string", "pattern": SLUG.pattern}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        if not SLUG.match(text):
            return ctx.fail(path, f"'{text}' is not a valid id",
                            f"ids use a-z, 0-9, '-' and '_' and start with a letter or "
                            f"digit, e.g. '{slugify(text) or 'my-id'}'")
        return text


class _Day(_Str):
    name = "a date YYYY-MM-DD"
    json = {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        try:
            return dates.parse_day(text)
        except dates.DateError as exc:
            return ctx.fail(path, str(exc), "write the date as YYYY-MM-DD, e.g. 2026-02-06")


class _Edtf(_Str):
    name = "an EDTF date"
    _POINT = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-2[1-4])?"
    json = {"type": ["string", "integer"], "minimum": 1000, "maximum": 9999,
            "pattern": rf"^{_POINT}(/{_POINT})?~?$"}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        try:
            return dates.parse_edtf(text)
        except dates.DateError as exc:
            return ctx.fail(path, str(exc),
                            "use 2026-01-23, 2025-08, 2022, 2025-22 (summer), "
                            "2026-01-23/2026-01-24 or add '~' for approximate")


class _Bool(Kind):
    name, json = "true or false", {"type": "boolean"}

    def convert(self, ctx, value, path):
        if not isinstance(value, bool):
            return ctx.fail(path, f"must be true or false, not '{ctx.raw(path, value)}'")
        return value


class _Cell(Kind):
    name, json = "a string or a number", {"type": ["string", "number"]}

    def convert(self, ctx, value, path):
        if isinstance(value, (dict, list)) or value is None:
            what = "empty" if value is None else f"a {_type_name(value)}"
            return ctx.fail(path, f"a table cell must be a string or a number, not {what}",
                            "write '' for an empty cell")
        numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
        return Cell(ctx.raw(path, value), numeric)


class _Value(Kind):
    name = "a number, a string or [low, high]"
    json = {"oneOf": [{"type": ["number", "string"]},
                      {"type": "array", "items": {"type": "number"},
                       "minItems": 2, "maxItems": 2}]}

    def convert(self, ctx, value, path):
        if isinstance(value, list):
            ok = len(value) == 2 and all(_is_number(v) for v in value)
            if not ok:
                return ctx.fail(path, "a range must be two numbers, [low, high]",
                                "e.g. value: [20, 22]")
            if value[0] > value[1]:
                return ctx.fail(path, "a range must be [low, high]; low is larger")
            texts = tuple(ctx.raw(tuple(path) + (i,), v) for i, v in enumerate(value))
            return Value(value, texts, "range")
        if _is_number(value):
            return Value(value, (ctx.raw(path, value),), "number")
        if value is None or isinstance(value, dict):
            return ctx.fail(path, f"must be {self.name}")
        text = ctx.raw(path, value)
        return Value(text, (text,), "string")


class _Number(Kind):
    """A number within [low, high]."""

    def __init__(self, low: float, high: float, hint: str | None = None):
        self.low, self.high = low, high
        self.name = f"a number from {low:g} to {high:g}"
        self.json = {"type": "number", "minimum": low, "maximum": high}
        self.hint = hint or "a share of the text width: 0.5 is half, 1 the whole width"

    def convert(self, ctx, value, path):
        if not _is_number(value):
            return ctx.fail(path, f"must be {self.name}, not '{ctx.raw(path, value)}'",
                            self.hint)
        if not self.low <= value <= self.high:
            return ctx.fail(path, f"must be {self.name}, not {ctx.raw(path, value)}",
                            self.hint)
        return float(value)


class _Choice(_Str):
    def __init__(self, choices):
        self.choices = tuple(choices)
        self.name = "one of " + ", ".join(self.choices)
        self.json = {"type": "string", "enum": list(self.choices)}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        if text not in self.choices:
            hint = did_you_mean(text, self.choices) or ""
            near = _NEAR_WORDS.get(text.lower())
            if near in self.choices:
                hint = f"did you mean '{near}'?"
            return ctx.fail(path, f"'{text}' is not {self.name}",
                            hint if hint.startswith("did you mean") else None)
        return text


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0):
        self.item, self.min_items = item, min_items
        self.name = f"a list of {item.name}"

    def json_schema(self, defs):
        out = {"type": "array", "items": self.item.json_schema(defs)}
        if self.min_items:
            out["minItems"] = self.min_items
        return out

    def convert(self, ctx, value, path):
        if not isinstance(value, list):
            if value is None:
                return ctx.fail(path, "is empty", "give a list, one '- item' per line")
            return ctx.fail(path, f"must be {self.name}, not a {_type_name(value)}",
                            "write one '- item' per line")
        if len(value) < self.min_items:
            return ctx.fail(path, "needs at least one item" if self.min_items == 1
                            else f"needs at least {self.min_items} items")
        out = []
        for i, item in enumerate(value):
            converted = self.item.convert(ctx, item, tuple(path) + (i,))
            if converted is not ctx.FAILED:
                out.append(converted)
        return out


class Record(Kind):
    """A mapping with known keys, converted to a dataclass."""

    json_extra: dict = {}  # JSON Schema for what `check` tests, where it can say it
    keys: dict = {}  # outline key -> dataclass field, where they differ ('from')

    def __init__(self, name: str, cls, fields: dict, required=(), check=None):
        self.name, self.cls, self.fields = name, cls, fields
        self.required, self.check = tuple(required), check

    def object_schema(self, defs: dict) -> dict:
        """The record itself as a JSON Schema object (nested records as `$ref`s)."""
        return {"type": "object", "additionalProperties": False,
                "required": list(self.required),
                "properties": {k: kind.json_schema(defs) for k, kind in self.fields.items()},
                **self.json_extra}

    def json_schema(self, defs):
        if self.name not in defs:
            defs[self.name] = {}  # placed first: a section contains sections
            defs[self.name].update(self.object_schema(defs))
        return {"$ref": f"#/$defs/{self.name}"}

    def convert(self, ctx, value, path):
        path = tuple(path)
        if not isinstance(value, dict):
            article = "an" if self.name[0] in "aeiou" else "a"
            return ctx.fail(path, f"must be {article} {self.name} (a mapping of keys), "
                                  f"not a {_type_name(value)}",
                            "keys: " + ", ".join(self.fields))
        values = {}
        ok = True
        for key, item in value.items():
            if key not in self.fields:
                hint = did_you_mean(key, self.fields)
                if item is None and not (hint or "").startswith("did you mean"):
                    # {label: Fatalities, 2013–2023}: the comma ended the value
                    hint = ("if it belongs to the value before it, put that value in "
                            "quotes: in {…}, a comma starts a new key")
                ctx.fail(path + (key,), f"unknown key '{key}' in {self.name}", hint)
                ok = False
                continue
            converted = self.fields[key].convert(ctx, item, path + (key,))
            if converted is ctx.FAILED:
                ok = False
            else:
                values[self.keys.get(key, key)] = converted
        for key in self.required:
            if key not in value:
                ctx.fail(path, f"{self.name} is missing the required key '{key}'")
                ok = False
        if not ok:
            # Keep what could be read, so later checks do not report knock-on
            # errors (a link to a section whose id was fine but whose body was not).
            ident = value.get("id") if isinstance(value.get("id"), str) else None
            if ident is None and self.cls is Section and isinstance(value.get("title"), str):
                ident = slugify(value["title"])
            if ident:
                ctx.broken_ids.update((ident, slugify(ident)))
            for key in self.required:
                if self.keys.get(key, key) not in values:
                    values[self.keys.get(key, key)] = \
                        [] if isinstance(self.fields[key], ListOf) else None
        obj = self.cls(**values)
        obj.path = path
        if ok and self.check:
            self.check(ctx, obj, value)
        return obj


class _AuthorKind(Kind):
    name = "a name or {name, affiliation}"

    def __init__(self):
        self.record = Record("author", Author, {"name": STR, "affiliation": STR,
                                                "email": _Email(), "bio": MD}, ["name"])

    def json_schema(self, defs):
        return {"oneOf": [{"type": ["string", "number", "boolean"]},
                          self.record.json_schema(defs)]}

    def convert(self, ctx, value, path):
        if isinstance(value, dict):
            rec = self.record.convert(ctx, value, path)
            return rec
        text = STR.convert(ctx, value, path)
        return text if text is ctx.FAILED else Author(text)


STR, MD, SLUGK, DAY, EDTF, BOOL, CELL, VALUE = (_Str(), _Md(), _Slug(), _Day(), _Edtf(),
                                                _Bool(), _Cell(), _Value())


def _check_position(ctx, obj, value):
    if obj.summary is None and not obj.points:
        ctx.fail(obj.path, "a position needs a 'summary', 'points', or both")


def _check_table(ctx, obj, value):
    width = len(obj.columns)
    for key in ("align", "widths"):
        given = value.get(key)
        if isinstance(given, list) and len(given) != width:
            ctx.fail(obj.path + (key,), f"'{key}' has {_count(len(given), 'value')} but the "
                     f"table has {_count(width, 'column')}", "give one per column")
    for i, w in enumerate(obj.widths):
        if w <= 0:
            ctx.fail(obj.path + ("widths", i), "a column width must be more than 0",
                     "widths are relative: [2, 1, 1] makes the first column half the table")
    if obj.total and len(obj.rows) < 2:
        ctx.fail(obj.path + ("total",), "'total: true' needs at least two rows: the last "
                 "one is the total of the others")
    for i, row in enumerate(value.get("rows") or []):
        if isinstance(row, list) and len(row) != width:
            ctx.fail(obj.path + ("rows", i),
                     f"row has {_count(len(row), 'cell')} but the table has "
                     f"{_count(width, 'column')}",
                     "add or remove cells; write '' for an empty one")


class _Row(ListOf):
    def __init__(self):
        super().__init__(CELL)
        self.name = "a row (a list of cells)"


POSITION = Record("position", Position,
                  {"party": SLUGK, "summary": STR, "points": ListOf(MD)},
                  ["party"], _check_position)
COUNTER = Record("counterargument", Counterargument, {"claim": MD, "response": MD}, ["claim"])
TABLE = Record("table", TableSpec,
               {"id": SLUGK, "caption": STR, "columns": ListOf(STR, 1),
                "rows": ListOf(_Row()), "notes": MD, "source": STR,
                "align": ListOf(_Choice(("left", "right", "center"))),
                "widths": ListOf(_Number(0, 1000, "widths are relative, one per column: "
                                         "[2, 1, 1]")), "total": BOOL},
               ["caption", "columns", "rows"], _check_table)
CHART_TYPES = ("bar", "column", "line", "stacked", "timeline")


def _check_chart(ctx, obj, value):
    if obj.type == "timeline":
        for key in ("stats", "table", "x", "y"):
            if key in value:
                ctx.fail(obj.path + (key,), f"a timeline chart draws events; '{key}' "
                         "is for the other chart types",
                         "use 'events', 'from' and 'to', or remove the key")
        return
    for key in ("events", "from", "to"):
        if key in value:
            ctx.fail(obj.path + (key,), f"'{key}' is only for a timeline chart",
                     "remove it, or make the chart 'type: timeline'")
    has_stats, has_table = "stats" in value, "table" in value
    if has_stats == has_table:
        ctx.fail(obj.path, f"a {obj.type} chart needs one of 'stats' and 'table'"
                 + (", not both" if has_stats else ""),
                 "stats: [id, id] draws statistics; table: ID with x: and y: draws a table")
    if has_stats and not obj.stats:
        ctx.fail(obj.path + ("stats",), "needs at least one statistic id")
    if has_table:
        for key in ("x", "y"):
            if key not in value:
                ctx.fail(obj.path, f"a chart from a table needs '{key}'",
                         "x: the column of categories; y: [the columns of numbers]")
        if obj.type == "stacked":
            ctx.fail(obj.path + ("table",), "a stacked chart is drawn from 'stats' (the "
                     "parts of a whole)", "list the parts' statistics under 'stats'")
    elif has_stats:
        for key in ("x", "y"):
            if key in value:
                ctx.fail(obj.path + (key,), f"'{key}' is for a chart from a 'table'",
                         "remove it")
    if obj.type == "line" and has_stats:
        ctx.fail(obj.path + ("stats",), "a line chart is drawn from a table's columns",
                 "use 'table', 'x' and 'y', or make it a bar or column chart")


def _check_figure(ctx, obj, value):
    has_image, has_chart = "image" in value, "chart" in value
    if has_image == has_chart:
        ctx.fail(obj.path, "a figure needs one of 'image' and 'chart'" +
                 (", not both" if has_image else ""),
                 "image: a PNG, JPEG or SVG file; chart: drawn from the brief's data")
    if has_image and not (obj.alt or "").strip():
        ctx.fail(obj.path, "a figure with an image needs 'alt', the text a screen reader "
                 "reads in its place", "alt: what the image shows, in a sentence")


CHART = Record("chart", ChartSpec,
               {"type": _Choice(CHART_TYPES), "stats": ListOf(SLUGK), "table": SLUGK,
                "x": STR, "y": ListOf(STR, 1), "events": ListOf(SLUGK), "from": EDTF,
                "to": EDTF, "axis": STR},
               ["type"], _check_chart)
CHART.keys = {"from": "start", "to": "end"}
FIGURE = Record("figure", FigureSpec,
                {"id": SLUGK, "caption": STR, "image": STR, "chart": CHART, "alt": STR,
                 "source": STR, "note": MD, "width": _Number(0.2, 1)},
                ["caption"], _check_figure)
SECTION = Record("section", Section,
                 {"title": STR, "id": SLUGK, "body": MD, "positions": ListOf(POSITION),
                  "counterarguments": ListOf(COUNTER), "tables": ListOf(TABLE),
                  "figures": ListOf(FIGURE)},
                 ["title"])
SECTION.fields["sections"] = ListOf(SECTION)
PARTY = Record("party", Party, {"id": SLUGK, "name": STR, "lead": STR,
                                "members": ListOf(STR), "note": MD, "role": _Choice(ROLES)},
               ["id", "name"])
JUDGMENT = Record("judgment", Judgment, {"text": MD, "confidence": _Choice(CONFIDENCE)},
                  ["text"])
RECOMMENDATION = Record("recommendation", Recommendation, {"text": MD, "to": STR}, ["text"])
STATISTIC = Record("statistic", Statistic,
                   {"id": SLUGK, "label": STR, "value": VALUE, "unit": STR, "approx": BOOL,
                    "group": STR, "as_of": EDTF, "source": STR, "note": MD},
                   ["id", "label", "value"])
EVENT = Record("event", Event, {"date": EDTF, "title": STR, "id": SLUGK, "detail": MD,
                                "source": STR}, ["date", "title"])
SOURCE = Record("source", Source, {"id": SLUGK, "title": STR, "publisher": STR,
                                   "date": EDTF, "url": STR, "authors": ListOf(STR),
                                   "container": STR, "number": STR, "accessed": EDTF,
                                   "note": MD}, ["id", "title"])


class _Email(_Str):
    name = "an e-mail address"
    json = {"type": "string", "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"}

    def convert(self, ctx, value, path):
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
            return ctx.fail(path, f"'{text}' is not an e-mail address",
                            "write it as name@example.org")
        return text


class _Paths(ListOf):
    """One path or a list of them."""

    def __init__(self):
        super().__init__(STR, 1)
        self.name = "a file name or a list of file names"

    def json_schema(self, defs):
        return {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"},
                                                "minItems": 1}]}

    def convert(self, ctx, value, path):
        if isinstance(value, str):
            return [value]
        return super().convert(ctx, value, path)


_LANGUAGE_NAMES = {"english": "en", "french": "fr", "français": "fr", "francais": "fr",
                   "german": "de", "deutsch": "de", "spanish": "es", "español": "es",
                   "espanol": "es"}


class _Lang(_Str):
    name = "a language tag (BCP 47)"
    json = {"type": "string", "pattern": r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}

    def convert(self, ctx, value, path):
        from .i18n import well_formed
        text = super().convert(ctx, value, path)
        if text is ctx.FAILED:
            return text
        if not well_formed(text.strip()):
            named = _LANGUAGE_NAMES.get(text.strip().lower())
            if named is None and well_formed(text.strip().replace("_", "-")):
                named = text.strip().replace("_", "-")  # de_DE: a locale name
            return ctx.fail(path, f"'{text}' is not a language tag",
                            f"did you mean '{named}'?" if named else
                            "write a BCP 47 tag: en, en-GB, fr, de, es, pt-BR")
        return text.strip()


class _Labels(Kind):
    """`labels`: label name -> replacement text, each name one the builder knows and
    each `{field}` one that label is given."""
    name = "a mapping of label names to text"

    def json_schema(self, defs):
        from .i18n import LABEL_NAMES
        return {"type": "object", "additionalProperties": False,
                "properties": {n: {"type": "string"} for n in LABEL_NAMES}}

    def convert(self, ctx, value, path):
        from .i18n import FIELDS, LABEL_NAMES, fields_of
        if not isinstance(value, dict):
            return ctx.fail(path, f"must be {self.name}, not a {_type_name(value)}",
                            "labels: {bottom_line: Summary, lead: Head of mission}")
        out = {}
        for key, text in value.items():
            at = tuple(path) + (key,)
            name = str(key)
            if name not in LABEL_NAMES:
                ctx.fail(at, f"unknown label '{name}'",
                         did_you_mean(name, LABEL_NAMES) or
                         "the label names are listed in docs/OUTLINE.md, under labels")
                continue
            text = STR.convert(ctx, text, at)
            if text is ctx.FAILED:
                continue
            if not text.strip():
                ctx.fail(at, f"label '{name}' is empty", "write the text it should show, or "
                         "remove the line to keep the built-in one")
                continue
            try:
                used = fields_of(text)
            except ValueError:
                ctx.fail(at, f"'{text}' has an unmatched '{{' or '}}'",
                         "write a literal brace twice: {{ or }}")
                continue
            allowed = FIELDS[name]
            for f in used:
                if f not in allowed:
                    ctx.fail(at, f"label '{name}' has no field '{{{f}}}'",
                             ("its fields: " + ", ".join("{" + a + "}" for a in allowed))
                             if allowed else "this label takes no fields; write it as text")
                    break
            else:
                out[name] = text
        return out


class _Layout(ListOf):
    def __init__(self):
        super().__init__(STR)
        self.name = "a list of part names"

    def json_schema(self, defs):
        return {"type": "array", "uniqueItems": True,
                "items": {"type": "string", "enum": list(PARTS)}}

    def convert(self, ctx, value, path):
        names = super().convert(ctx, value, path)
        if names is ctx.FAILED:
            return names
        seen = set()
        for i, name in enumerate(names):
            if name not in PARTS:
                ctx.fail(tuple(path) + (i,), f"unknown part '{name}'", did_you_mean(name, PARTS))
            elif name in seen:
                ctx.fail(tuple(path) + (i,), f"part '{name}' is listed twice")
            seen.add(name)
        return names


OUTLINE = Record("outline", Outline, {
    "title": STR, "subtitle": STR, "date": DAY, "version": STR,
    "authors": ListOf(_AuthorKind()), "organization": STR, "marking": STR, "style": STR,
    "summary": MD, "key_points": ListOf(MD), "parties": ListOf(PARTY),
    "sections": ListOf(SECTION, 1), "statistics": ListOf(STATISTIC),
    "timeline": ListOf(EVENT), "sources": ListOf(SOURCE), "layout": _Layout(),
    "citations": _Choice(("numeric", "footnotes")), "bibliography": _Paths(),
    "judgments": ListOf(JUDGMENT), "recommendations": ListOf(RECOMMENDATION), "about": MD,
    "lang": _Lang(), "labels": _Labels(), "typography": _Choice(("smart", "plain")),
}, ["title", "sections"])
POSITION.json_extra = {"anyOf": [{"required": ["summary"]},
                                 {"required": ["points"],
                                  "properties": {"points": {"minItems": 1}}}]}


def json_schema() -> dict:
    """The outline format as a JSON Schema (draft-07, which editors support),
    from the same definitions `validate()` uses. `outline_schema` adds the prose."""
    defs: dict = {}
    body = OUTLINE.object_schema(defs)
    return {"$schema": "http://json-schema.org/draft-07/schema#", **body, "$defs": defs}


# ---------------------------------------------------------------- validation

class _Context:
    FAILED = object()

    def __init__(self, loaded: Loaded):
        self.loaded = loaded
        self.errors: list[Diagnostic] = []
        self.broken_ids: set = set()  # ids of records that failed validation

    def fail(self, path, message, hint=None):
        self.errors.append(self.loaded.diag(tuple(path), message, hint))
        return self.FAILED

    def raw(self, path, value) -> str:
        if isinstance(value, str):
            return value
        return self.loaded.raw.get(tuple(path), str(value))


def validate(loaded: Loaded) -> tuple[Outline | None, list[Diagnostic]]:
    """Check types, keys and required fields; return the typed outline and errors."""
    ctx = _Context(loaded)
    outline = OUTLINE.convert(ctx, loaded.data, ())
    if outline is ctx.FAILED:
        return None, ctx.errors
    outline.file, outline.loaded = loaded.file, loaded
    outline.broken_ids = ctx.broken_ids
    for section, depth in walk_sections(outline.sections):
        if depth > MAX_SECTION_DEPTH:
            ctx.fail(section.path, f"sections nest at most {MAX_SECTION_DEPTH} levels deep",
                     "move this section up a level")
    return outline, ctx.errors


def walk_sections(sections, depth: int = 1):
    """Every section with its depth (1 = top level), in document order."""
    for section in sections:
        yield section, depth
        yield from walk_sections(section.sections, depth + 1)


def slugify(title: str) -> str:
    """A section's default id: lower case, accents removed, other runs -> '-'."""
    import unicodedata
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_name(value) -> str:
    return {dict: "mapping", list: "list", bool: "true/false", int: "number",
            float: "number", str: "string", type(None): "empty value"}.get(type(value), "value")
