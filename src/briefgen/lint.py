"""Lint: things in a valid outline that are probably mistakes, as warnings.

`lint(outline)` takes an outline that `api.prepare` accepted (so prose is
already rendered) and returns warnings; they never stop a build. Checks:

- a number typed in prose that equals a statistic's value or range (use
  `{{ stats.ID }}`); years, list numbers, `[1]`, links and citations are
  not taken for figures, and a small number counts only with the unit (for
  a statistic with no unit: any number of two or more digits, or with a
  decimal point, that is not a day beside a month name nor in a block quote);
- "about {{ stats.ID }}" (or around, roughly, …) for a statistic marked
  `approx`, which already prints "≈";
- text that YAML read as a comment: a plain value followed by " #277"
  (found by the loader, reported here);
- a date written in prose ("29 January 2026", "January 29, 2026",
  "February 2022") that no timeline event has, or that is an event's date
  typed by hand (use `{{ events.ID }}`);
- a statistic with no `source`;
- a party with no position in any section;
- a section with nothing in it (no body, positions, tables, counterarguments
  or subsections), unless every section is still a bare heading;
- a statistic whose label or note states a unit conversion (square miles and
  km², miles and km, °F and °C, …) more than 5% away from its value, or two
  statistics with the same label giving the same figure in two units that
  disagree.

Each warning points at the line and column of what it is about, with a hint.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from .diagnostics import Diagnostic
from .format import number_text, stat_display
from .inline import citations, locator_word, quoted_spans
from .interpolate import prose_fields
from .schema import Outline, Text, walk_sections

TOLERANCE = 0.05  # unit conversions may be rounded by this much

# ---------------------------------------------------------------- prose masking

_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_CITATION = re.compile(r"\[@[^\]]*\]")
_LINK_DEST = re.compile(r"\]\([^)]*\)")
_URL = re.compile(r"<?https?://[^\s>)]+>?|www\.\S+")
_LIST_NUMBER = re.compile(r"^([ \t>]*)(\d{1,9})([.)])(?=\s|$)", re.M)
_BRACKET_NUMBER = re.compile(r"\[\d+(?:\s*[,–-]\s*\d+)*\]")


def _blank(text: str, pattern: re.Pattern, group: int = 0) -> str:
    """Replace each match (or one group of it) by spaces, keeping offsets."""
    def repl(m):
        start, end = m.span(group)
        whole = m.group(0)
        a, b = start - m.start(), end - m.start()
        return whole[:a] + re.sub(r"[^\n]", " ", whole[a:b]) + whole[b:]
    return pattern.sub(repl, text)


def _mask(source: str) -> str:
    """Prose with templates, citations, links and list markers blanked out."""
    text = source
    for pattern in (_TEMPLATE, _CITATION, _LINK_DEST, _URL, _BRACKET_NUMBER):
        text = _blank(text, pattern)
    return _blank(text, _LIST_NUMBER, 2)


# ---------------------------------------------------------------- dates in prose

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_DASH = r"\s*[–—-]\s*"
_DATE_FORMS = [
    # 29 January 2026, 23–24 January 2026
    re.compile(rf"(?=\d)(?<![\w.])(?P<day>\d{{1,2}})(?:{_DASH}(?P<day2>\d{{1,2}}))?"
               rf"\s+{_MONTH},?\s+{_YEAR}", re.I),
    # January 29, 2026; January 23–24, 2026
    re.compile(rf"(?=[^\W\d_])(?<![\w]){_MONTH}\s+(?P<day>\d{{1,2}})"
               rf"(?:{_DASH}(?P<day2>\d{{1,2}}))?,?\s+{_YEAR}", re.I),
    # February 2022
    re.compile(rf"(?=[^\W\d_])(?<![\w]){_MONTH}\s+{_YEAR}", re.I),
]
# (each pattern here and below looks ahead for its first character before its
# lookbehinds, which would otherwise be tried at every character of the text)
_FORMS: dict = {}


def _date_forms(lang) -> tuple:
    """The date forms of the brief's language and its month names (lower case) ->
    month: '6 février 2026', '6. Februar 2026', '6 de febrero de 2026', 'février 2026'."""
    if lang is None or lang.cldr is None:
        return _DATE_FORMS, _MONTH_NAMES
    if lang.cldr not in _FORMS:
        from babel.dates import get_month_names
        names = {}
        for width in ("wide", "abbreviated"):
            for i, name in get_month_names(width, locale=lang.cldr).items():
                names[name.lower().rstrip(".")] = i
        month = r"(?P<month>" + "|".join(sorted(map(re.escape, names), key=len, reverse=True)) \
            + r")\.?"
        de = r"(?:de\s+)?"
        forms = [
            re.compile(rf"(?=\d)(?<![\w.])(?P<day>\d{{1,2}})(?:er|\.)?"
                       rf"(?:{_DASH}(?P<day2>\d{{1,2}})\.?)?\s+{de}{month}\s+{de}{_YEAR}", re.I),
            re.compile(rf"(?=[^\W\d_])(?<![\w]){month}\s+{de}{_YEAR}", re.I),
        ]
        _FORMS[lang.cldr] = (forms, names)
    return _FORMS[lang.cldr]


def _date_mentions(masked: str, lang=None):
    """(start, end, year, month, first day or None, last day or None) in prose."""
    taken: list[tuple[int, int]] = []
    forms, names = _date_forms(lang)
    for form in forms:
        for m in form.finditer(masked):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            month_word = m.group("month")
            if month_word[0].islower() and names is _MONTH_NAMES:
                continue  # "may 2026" is not a date we trust (English months are capitals)
            year, month = int(m.group("year")), names[month_word.lower().rstrip(".")]
            day = int(m.group("day")) if "day" in m.groupdict() and m.group("day") else None
            day2 = int(m.group("day2")) if m.groupdict().get("day2") else day
            if day is not None:
                try:
                    _dt.date(year, month, day)
                    _dt.date(year, month, day2)
                except ValueError:
                    continue
            taken.append(m.span())
            yield m.start(), m.end(), year, month, day, day2


def _month_span(first: _dt.date, last: _dt.date) -> set:
    out, y, m = set(), first.year, first.month
    while (y, m) <= (last.year, last.month) and len(out) < 36:
        out.add((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _point_last_day(point) -> _dt.date:
    if point.season:
        start = point.start()
        month = start.month + 2
        year = start.year + (month > 12)
        month = month - 12 if month > 12 else month
        return _dt.date(year, month, calendar.monthrange(year, month)[1])
    if point.month is None:
        return _dt.date(point.year, 12, 31)
    if point.day is None:
        return _dt.date(point.year, point.month, calendar.monthrange(point.year,
                                                                     point.month)[1])
    return point.start()


class _Calendar:
    """Days and months the timeline covers (and dates that are not events)."""

    def __init__(self, outline: Outline):
        self.days: set = set()
        self.months: set = set()  # every month an event falls in
        self.coarse: set = set()  # months of events dated to a month or season
        for event in outline.timeline:
            if event.date is None:
                continue
            start, end = event.date.start, event.date.end or event.date.start
            if start.month is None and not start.season:
                continue  # a year-long event does not account for a day or month
            first, last = start.start(), _point_last_day(end)
            if start.day is not None and end.day is not None:
                day = first
                while day <= last and len(self.days) < 100_000:
                    self.days.add(day)
                    day += _dt.timedelta(days=1)
                self.months |= {(first.year, first.month), (last.year, last.month)}
            else:
                self.coarse |= _month_span(first, last)
                self.months |= _month_span(first, last)
        # events a typed date names exactly: {{ events.ID }} would print it
        self.exact: dict = {}
        for event in outline.timeline:
            key = _event_key(event.date) if event.date else None
            if key:
                self.exact.setdefault(key, event)
        # the brief's own date, figures' "as of" and sources' dates are not events
        self.other_days: set = set()
        self.other_months: set = set()
        if outline.date:
            self.other_days.add(outline.date)
            self.other_months.add((outline.date.year, outline.date.month))
        for edtf in [s.as_of for s in outline.statistics] + [s.date for s in outline.sources]:
            if edtf is not None and edtf.start.month and not edtf.start.season:
                self.other_months.add((edtf.start.year, edtf.start.month))
                if edtf.start.day:
                    self.other_days.add(edtf.start.start())

    def covers(self, year, month, day, day2) -> bool:
        if day is None:
            return (year, month) in self.months or (year, month) in self.other_months
        days = [_dt.date(year, month, d) for d in range(day, max(day, day2) + 1)]
        return all(d in self.days or d in self.other_days for d in days)


def _event_key(edtf) -> tuple | None:
    """(year, month, first day, last day) of a plain day, day range or month."""
    start, end = edtf.start, edtf.end or edtf.start
    if edtf.approximate or start.season or end.season or start.month is None:
        return None
    if (start.year, start.month) != (end.year, end.month):
        return None
    if start.day is None and end.day is None:
        return (start.year, start.month, None, None)
    if start.day is None or end.day is None:
        return None
    return (start.year, start.month, start.day, end.day)


def _edtf_text(year, month, day, day2) -> str:
    if day is None:
        return f"{year}-{month:02d}"
    if day2 and day2 != day:
        return f"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day2:02d}"
    return f"{year}-{month:02d}-{day:02d}"


# ---------------------------------------------------------------- numbers in prose

_NUM = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# '10 000' is one number (grouped by a space), not 10 and 000
_NUMBER = re.compile(rf"(?=[-−\d])(?<![\w.,:/−-])(?<!\d )(?P<num>{_NUM})"
                     rf"(?![\w:]|[.,]\d| \d{{3}}\b)")
_RANGE = re.compile(rf"(?=[-−\d])(?<![\w.,:/−-])(?<!\d )(?P<low>{_NUM})"
                    rf"(?:\s*[–—-]\s*|\s+to\s+)(?P<high>{_NUM})(?![\w:]|[.,]\d| \d{{3}}\b)")
_SCALE = re.compile(r"\s*(million|billion|thousand)\b", re.I)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


_PATTERNS: dict = {}


def _number_patterns(lang) -> tuple:
    """(number, range) patterns for numbers as the brief's language writes them:
    `1,100.5`; French `1 100,5`; German and Spanish `1.100,5`."""
    key = lang.cldr if lang is not None else None
    if key is None:
        return _NUMBER, _RANGE
    if key not in _PATTERNS:
        dec = re.escape(lang.decimal)
        num = rf"[-−]?(?:\d{{1,3}}(?:{lang.group_pattern}\d{{3}})+|\d+)(?:{dec}\d+)?"
        word = re.escape(lang.label("range_to"))
        _PATTERNS[key] = (
            re.compile(rf"(?<![\w.,:/−-])(?<!\d )(?P<num>{num})(?![\w:]|[.,]\d| \d{{3}}\b)"),
            re.compile(rf"(?<![\w.,:/−-])(?<!\d )(?P<low>{num})(?:\s*[–—-]\s*|\s+{word}\s+)"
                       rf"(?P<high>{num})(?![\w:]|[.,]\d| \d{{3}}\b)"))
    return _PATTERNS[key]


def _number(text: str, lang=None) -> float:
    text = text.replace("−", "-")
    if lang is None or lang.cldr is None:
        return float(text.replace(",", ""))
    text = re.sub(r"[ \u00a0\u202f]", "", text).replace(lang.group, "")
    return float(text.replace(lang.decimal, "."))


def _is_year(text: str) -> bool:
    return re.fullmatch(r"\d{4}", text) is not None and 1000 <= int(text) <= 2199


def _ref(kind: str, ident: str) -> str:
    return f"{{{{ {kind}.{ident} }}}}" if re.fullmatch(r"[a-z_][a-z0-9_]*", ident) \
        else f"{{{{ {kind}[\"{ident}\"] }}}}"


def _stat_ref(ident: str) -> str:
    return _ref("stats", ident)


def _unit_follows(stat, after: str) -> bool:
    """Whether the text after a number starts with the statistic's unit."""
    after = after.lstrip().lower()
    unit = (stat.unit or "").strip().lower()
    if not unit:
        return False
    if unit == "%":
        return after.startswith(("%", "percent", "per cent"))
    if after.startswith(unit):
        return True
    known = _resolve_unit(stat.unit)
    written = _LABEL_UNIT.match(after)
    if known and written and _unit_of(written) == known:
        return True  # "square miles" for "sq mi"
    word = unit.split()[0]
    stem = word[:-1] if word.endswith("s") and len(word) > 3 else word
    return len(stem) >= 2 and re.match(re.escape(stem) + r"(?:e?s)?\b", after) is not None


class _Values:
    """Statistic values, by number, for spotting hand-typed copies."""

    def __init__(self, outline: Outline):
        self.single: dict = {}  # float -> [(stat, "value" | "low end" | "high end")]
        self.ranges: dict = {}  # (low, high) -> [stat]
        for stat in outline.statistics:
            value = stat.value
            if value is None or value.kind == "string":
                continue
            if value.kind == "range":
                low, high = (float(v) for v in value.raw)
                self.ranges.setdefault((low, high), []).append(stat)
                self.single.setdefault(low, []).append((stat, "the low end of"))
                self.single.setdefault(high, []).append((stat, "the high end of"))
            else:
                self.single.setdefault(float(value.raw), []).append((stat, ""))

    def match(self, number: float, text: str, after: str, ranged: bool = False,
              loose: bool = False):
        """Statistics whose value the typed number repeats, or []. A `loose` number
        (in a block quote, which is kept as said, or a day next to a month name)
        counts for a statistic with no unit only when it would count anyway."""
        found = self.ranges.get(number, []) if ranged else self.single.get(number, [])
        if not found:
            return []
        if _is_year(text.lstrip("-−")) and not any(
                _unit_follows(s if ranged else s[0], after) for s in found):
            return []  # a year, not a figure
        items = [(s, "") for s in found] if ranged else found
        # a number as common as 20 is only worth a warning as the whole of a range
        distinctive = ranged or abs(number) >= 100 or "." in text
        items = [(s, how) for s, how in items if distinctive or not how]
        with_unit = [(s, how) for s, how in items if _unit_follows(s, after)]
        if with_unit:
            return with_unit
        if after.lstrip().startswith(("%", "percent", "per cent")):
            return []  # a percentage, and these statistics are not percentages
        if _LABEL_UNIT.match(after.lstrip()):
            return []  # another unit: another quantity
        # a bare number: only one too distinctive to be a coincidence; with no unit to
        # go by, two digits are enough ("71 missiles" for a value of 71)
        two_digits = len(re.sub(r"\D", "", text.split(".")[0])) >= 2
        return [(s, how) for s, how in items
                if (distinctive and (s.unit or "") != "%")
                or (not s.unit and not how and two_digits and not loose)]


_MONTH_WORDS = "|".join(sorted((n.capitalize() for n in _MONTH_NAMES), key=len, reverse=True))
_DAY_BEFORE_MONTH = re.compile(rf"\s+(?:of\s+)?(?:{_MONTH_WORDS})\b\.?")  # 10 February
_MONTH_BEFORE_DAY = re.compile(rf"\b(?:{_MONTH_WORDS})\.?\s+$")  # February 10


def _typed_numbers(outline: Outline, values: _Values, text: Text, masked: str, lang=None):
    loaded = outline.loaded
    quotes = quoted_spans(text.source)
    claimed: list[tuple[int, int]] = []
    number_form, range_form = _number_patterns(lang)
    for m in range_form.finditer(masked):
        low, high = _number(m.group("low"), lang), _number(m.group("high"), lang)
        after = masked[m.end():]
        for stat, _ in values.match((low, high), m.group(0), after, ranged=True)[:1]:
            claimed.append(m.span())
            yield _warn_number(loaded, text, m.start(), m.group("low"), m.group(0), stat,
                               "", after, lang)
    for m in number_form.finditer(masked):
        if any(a <= m.start() < b for a, b in claimed):
            continue
        raw = m.group("num")
        after = masked[m.end():]
        number = _number(raw, lang)
        shown = raw
        scale = _SCALE.match(after)
        if scale:
            number *= _SCALES[scale.group(1).lower()]
            shown = raw + scale.group(0)
            after = after[scale.end():]
        loose = any(a <= m.start() < b for a, b in quotes) or \
            _DAY_BEFORE_MONTH.match(after) is not None or \
            _MONTH_BEFORE_DAY.search(masked[max(0, m.start() - 16):m.start()]) is not None
        matches = values.match(number, raw, after, loose=loose)
        if matches:
            stat, how = matches[0]
            others = [s.id for s, _ in matches[1:]]
            yield _warn_number(loaded, text, m.start(), raw, shown, stat, how, after, lang,
                               others)


def _warn_number(loaded, text, offset, token, shown, stat, how, after, lang, others=()):
    line, col = _place(loaded, text, offset, token)
    what = f"{how} " if how else ""
    message = (f"the number {shown.strip()} is typed by hand; it is {what}statistic "
               f"'{stat.id}' ({_shown(stat, lang)})")
    if others:
        message += " (also " + ", ".join(f"'{o}'" for o in others) + ")"
    ref = _stat_ref(stat.id)
    if how:
        hint = f"write the range as {ref}, or check the figure"
    elif _unit_follows(stat, after) or not stat.unit:
        hint = f"write {ref} instead, so the prose and the figures table cannot disagree"
    else:
        hint = (f"write {ref} (it prints the unit too) or {ref[:-3]}.value }}}} for the "
                "bare number")
    return loaded.diag(text.path, message, hint, severity="warning", at=(line, col))


# ---------------------------------------------------------------- "about ≈ 700,000"

_APPROX_WORD = (r"(?P<word>about|around|approximately|approx\.|roughly|nearly|almost|some"
                r"|circa|ca\.|c\.)")
_STAT_TEMPLATE = (r"\{\{-?\s*stats\s*(?:\.\s*(?P<id>[A-Za-z_]\w*)"
                  r"|\[\s*(?P<q>[\"'])(?P<qid>[^\"'\]]+)(?P=q)\s*\])\s*-?\}\}")
_APPROX_BEFORE = re.compile(rf"(?<![\w.]){_APPROX_WORD}(?:\s|[*_])+{_STAT_TEMPLATE}", re.I)


def _doubled_approx(outline: Outline, text: Text, approx: dict, lang):
    """'about {{ stats.x }}' where x is approximate prints 'about ≈ 700,000';
    `approx`: the approximate statistics by id."""
    loaded = outline.loaded
    if not approx:
        return
    for m in _APPROX_BEFORE.finditer(text.source):
        stat = approx.get(m.group("id") or m.group("qid"))
        if stat is None:
            continue
        word = m.group("word")
        line, col = _place(loaded, text, m.start("word"), word)
        hint = f"drop '{word}' before it"
        if stat.value.kind == "number":
            hint += (f", or write {_stat_ref(stat.id)[:-3]}.value }}}} for the bare number "
                     "(without ≈ and unit)")
        yield loaded.diag(
            text.path, f"the statistic '{stat.id}' is already marked approximate with ≈: "
            f"this prints '{word} {_shown(stat, lang)}'", hint,
            severity="warning", at=(line, col))


# ---------------------------------------------------------------- unit conversions

# unit -> (dimension, size in the dimension's base unit, pattern)
_UNITS = {
    "sq mi": ("area", 2.589988110336,
              r"sq\.?\s?mi(?:les?)?|square\s+miles?|mi²|mi\^?2|sqmi"),
    "km²": ("area", 1.0,
            r"km²|km\^?2|sq\.?\s?km|square\s+kilomet(?:re|er)s?|kilomet(?:re|er)s?\s+squared"),
    "ha": ("area", 0.01, r"ha|hectares?"),
    "acre": ("area", 0.0040468564224, r"acres?"),
    "mi": ("length", 1.609344, r"mi|miles?"),
    "km": ("length", 1.0, r"km|kilomet(?:re|er)s?"),
    "m": ("length", 0.001, r"met(?:re|er)s?"),
    "ft": ("length", 0.0003048, r"ft|feet|foot"),
    "kg": ("mass", 1.0, r"kg|kilograms?|kilos?"),
    "lb": ("mass", 0.45359237, r"lbs?|pounds?"),
    "t": ("mass", 1000.0, r"tonnes?|metric\s+tons?"),
    "°C": ("temperature", None, r"°\s?C|º\s?C|℃|degrees?\s+C(?:elsius)?|Celsius"),
    "°F": ("temperature", None, r"°\s?F|º\s?F|℉|degrees?\s+F(?:ahrenheit)?|Fahrenheit"),
}
_UNIT_ALT = "|".join(f"(?P<u{i}>{p})" for i, (_, _, p) in enumerate(_UNITS.values()))
_UNIT_NAMES = list(_UNITS)
_QUANTITY = re.compile(
    rf"(?<![\w.,])(?P<low>{_NUM})(?:\s*(?:–|—|-|to)\s*(?P<high>{_NUM}))?\s*(?:{_UNIT_ALT})"
    r"(?![\w²])", re.I)
_LABEL_UNIT = re.compile(rf"(?<![\w])(?:{_UNIT_ALT})(?![\w²])", re.I)


def _unit_of(m) -> str:
    for i, name in enumerate(_UNIT_NAMES):
        if m.group(f"u{i}") is not None:
            return name
    raise ValueError("no unit")


def _resolve_unit(text: str | None) -> str | None:
    if not text:
        return None
    m = _LABEL_UNIT.fullmatch(text.strip())
    return _unit_of(m) if m else None


def _label_unit(label: str) -> str | None:
    """A unit named in a label with no number, e.g. 'Area (square miles)'."""
    for m in re.finditer(r"\(([^()]*)\)", label):
        unit = _resolve_unit(m.group(1))
        if unit:
            return unit
    return None


def _convert(value: float, src: str, dst: str) -> float:
    if _UNITS[src][0] == "temperature":
        celsius = value if src == "°C" else (value - 32) * 5 / 9
        return celsius if dst == "°C" else celsius * 9 / 5 + 32
    return value * _UNITS[src][1] / _UNITS[dst][1]


def _off(stated: float, value: float, temperature: bool) -> float:
    """How far apart, as a fraction of the value (temperatures: at least 1 degree)."""
    scale = max(abs(value), 20.0 if temperature else 1e-12)
    return abs(stated - value) / scale


def _disagree(low, high, c_low, c_high, temperature) -> tuple[bool, float]:
    """Whether a converted figure or range disagrees with a value or range."""
    if c_low == c_high and low != high:  # one figure against a range
        bad = c_low < low - _margin(low, temperature) or \
            c_low > high + _margin(high, temperature)
        return bad, (min(_off(c_low, low, temperature), _off(c_low, high, temperature))
                     if bad else 0.0)
    if c_low != c_high and low == high:  # a range against one figure
        bad = low < c_low - _margin(c_low, temperature) or \
            low > c_high + _margin(c_high, temperature)
        return bad, (min(_off(low, c_low, temperature), _off(low, c_high, temperature))
                     if bad else 0.0)
    worst = max(_off(c_low, low, temperature), _off(c_high, high, temperature))
    return worst > TOLERANCE, worst


def _stat_unit(stat) -> str | None:
    return _resolve_unit(stat.unit) or (None if stat.unit else _label_unit(stat.label))


def _bounds(stat) -> tuple[float, float]:
    raw = stat.value.raw
    if stat.value.kind == "range":
        return float(raw[0]), float(raw[1])
    return float(raw), float(raw)


def _label_stem(label: str) -> str:
    """A label without the unit it names: 'Area (square miles)' -> 'area'."""
    text = _LABEL_UNIT.sub(" ", re.sub(r"\(([^()]*)\)", r" \1 ", label))
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _unit_conversions(outline: Outline, lang):
    loaded = outline.loaded
    measured = []
    for stat in outline.statistics:
        if stat.value is None or stat.value.kind == "string":
            continue
        unit = _stat_unit(stat)
        if unit is None:
            continue
        measured.append((stat, unit))
        dimension = _UNITS[unit][0]
        temperature = dimension == "temperature"
        low, high = _bounds(stat)
        places = [("label", stat.label, stat.path + ("label",))]
        if stat.note:
            places.append(("note", stat.note.value, stat.note.path))
        for where, text, path in places:
            for m in _QUANTITY.finditer(text):
                stated_unit = _unit_of(m)
                if stated_unit == unit or _UNITS[stated_unit][0] != dimension:
                    continue
                s_low = _number(m.group("low"))
                s_high = _number(m.group("high")) if m.group("high") else s_low
                c_low, c_high = (_convert(v, stated_unit, unit) for v in (s_low, s_high))
                bad, worst = _disagree(low, high, c_low, c_high, temperature)
                if bad:
                    line, col = loaded.locate(path, m.group("low"))
                    said = _plain_spaces(m.group(0).strip())
                    yield _warn_conversion(loaded, stat, f"the {where} says {said}", path,
                                           (line, col), unit, stated_unit, c_low, c_high,
                                           worst, lang)
    # the same figure given twice, in two units (e.g. square miles and km²)
    for i, (first, first_unit) in enumerate(measured):
        for second, unit in measured[i + 1:]:
            if unit == first_unit or _UNITS[unit][0] != _UNITS[first_unit][0] \
                    or _label_stem(first.label) != _label_stem(second.label) \
                    or not _label_stem(first.label):
                continue
            if any(note and re.search(rf"stats(\.{re.escape(a.id)}\b|\[[\"']{re.escape(a.id)})",
                                      note.source)
                   for a, note in ((first, second.note), (second, first.note))):
                continue  # one quotes the other in its note: checked above
            temperature = _UNITS[unit][0] == "temperature"
            c_low, c_high = (_convert(v, first_unit, unit) for v in _bounds(first))
            bad, worst = _disagree(*_bounds(second), c_low, c_high, temperature)
            if bad:
                path = second.path + ("value",)
                yield _warn_conversion(loaded, second,
                                       f"statistic '{first.id}' gives {_shown(first, lang)}",
                                       path, loaded.where(path + ("=",)), unit, first_unit,
                                       c_low, c_high, worst, lang)


def _margin(value: float, temperature: bool) -> float:
    return TOLERANCE * max(abs(value), 20.0 if temperature else 0.0)


def _fmt(x: float) -> str:
    text = f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}"
    return number_text(text)


def _warn_conversion(loaded, stat, stated, path, at, unit, stated_unit, c_low, c_high, worst,
                     lang):
    converted = _fmt(c_low) if c_low == c_high else f"{_fmt(c_low)}–{_fmt(c_high)}"
    message = f"{stated}, which is {converted} {unit}, but the value is {_shown(stat, lang)}"
    if worst:
        message += f" ({worst:.0%} apart)"
    if _UNITS[unit][0] == "temperature":
        hint = "°F = °C × 9/5 + 32; check both figures"
    else:
        big, small = (stated_unit, unit) if _UNITS[stated_unit][1] > _UNITS[unit][1] \
            else (unit, stated_unit)
        hint = f"1 {big} = {_UNITS[big][1] / _UNITS[small][1]:.6g} {small}; check both figures"
    return loaded.diag(path, message, hint, severity="warning", at=at)


# ---------------------------------------------------------------- "Table 3" typed by hand

_LABEL = re.compile(r"(?<![\w])(?P<kind>Table|Figure|Fig\.)\s+(?P<n>\d+)(?![\w.]\d)", re.I)


def _typed_labels(outline: Outline, text: Text, masked: str) -> list[Diagnostic]:
    """'Table 3' or 'Figure 2' typed in prose goes stale when a table or figure is
    added before it; {{ tables.ID }} and {{ figures.ID }} keep the number right."""
    out = []
    for m in _LABEL.finditer(masked):
        kind = "tables" if m.group("kind").lower() == "table" else "figures"
        ids = [t.id for s, _ in walk_sections(outline.sections)
               for t in (s.tables if kind == "tables" else s.figures) if t.id]
        noun = kind[:-1]
        if len(ids) == 1:
            hint = f"write {_ref(kind, ids[0])} instead, so the number follows the {noun}"
        elif ids:
            hint = (f"write {{{{ {kind}.ID }}}} with the {noun}'s id ("
                    f"{', '.join(ids[:6])}{', …' if len(ids) > 6 else ''}) instead, so the "
                    f"number follows the {noun}")
        else:
            hint = (f"give the {noun} an 'id' and write {{{{ {kind}.ID }}}} instead, so the "
                    f"number follows the {noun}")
        written = text.source[m.start():m.end()]
        out.append(loaded_diag(outline, text, m.start(), written,
                               f"'{written}' is typed by hand; its number will not follow "
                               f"the {noun} if {kind} are added or moved", hint))
    return out


def _locators(outline: Outline, text: Text) -> list[Diagnostic]:
    """A locator whose word the format does not know ('page 3', 'at 12')."""
    out = []
    for group in citations(text.source):
        for key, locator in group:
            word = locator_word(locator) if locator else None
            if word:
                offset = text.source.find(locator)
                out.append(loaded_diag(outline, text, max(offset, 0), word,
                                       f"locator '{locator}' in the citation of '{key}' "
                                       f"starts with '{word}', which is not a locator word",
                                       "locator words: p., pp., para., paras., sec., ch., "
                                       "fig., table, n.; the locator is printed as written"))
    return out


def loaded_diag(outline, text, offset, written, message, hint) -> Diagnostic:
    loaded = outline.loaded
    line, col = _place(loaded, text, offset, written.split()[0])
    return loaded.diag(text.path, message, hint, severity="warning", at=(line, col))


# ---------------------------------------------------------------- positions in the file

def _place(loaded, text: Text, offset: int, token: str) -> tuple:
    """File line and column of `token`, found at `offset` in a prose field's source.

    The field's source and the file hold the same tokens in the same order
    (only line folding differs), so the n-th occurrence in one is the n-th
    in the other.
    """
    pattern = re.compile(r"(?<![\w.,])" + re.escape(token) + r"(?![\w])")
    n = sum(1 for _ in pattern.finditer(text.source, 0, offset))
    path = tuple(text.path)
    start = path + ("=",) if path + ("=",) in loaded.marks else path
    line, col = loaded.where(start)
    if line is None:
        return None, None
    last = loaded.ends.get(path, line)
    seen = 0
    for i in range(line - 1, min(len(loaded.lines), last)):
        begin = (col - 1) if i == line - 1 and col else 0
        for m in pattern.finditer(loaded.lines[i], begin):
            if seen == n:
                return i + 1, m.start() + 1
            seen += 1
    return line, col


# ---------------------------------------------------------------- the checks

def _templates_in_plain_text(loaded, value, path) -> list[Diagnostic]:
    """`{{ … }}` in a plain-text field (a title, a position summary, a cell) is printed as
    typed, which is rarely what was meant."""
    from .references import plain_strings
    return [loaded.diag(where, "'{{ … }}' is not expanded in this field; it will be "
                        "printed as typed",
                        "only prose fields (the brief's summary and key_points, body, "
                        "points, note, notes, detail, claim, response) expand {{ }}; "
                        "write the value itself here", severity="warning")
            for where, text, _ in plain_strings(value, path)
            if "{{" in text or "{%" in text]


# a sentence's start: the text's or a paragraph's, or after . ! ? (and a closing quote
# or bracket), but not after an abbreviation such as 'No.' or 'c.'; a list item may
# start with a figure ('71 missiles;'). The lookahead for . ! ? comes first: the
# lookbehinds, tried at every character otherwise, made this 4 times slower
_SENTENCE_START = re.compile(r"(?:\A|\n[ \t>]*\n|"
                             r"(?=[.!?])(?<![\s(.][A-Za-z])(?<!\b[A-Z][a-z])"
                             r"(?<!\bpp)(?<!\bpara)(?<!\bapprox)(?<!\bvol)(?<!\bfig)"
                             r"[.!?][\"”’)\]]?(?:[ \t]+|[ \t]*\n[ \t>]*))"
                             r"[ \t*_]*",
                             re.M)
_NUMERAL = re.compile(r"[−-]?\d+(?:[.,]\d+)*")
_STAT_NUMERAL = re.compile(r"\{\{-?\s*stats\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]]*\])\s*-?\}\}")


def _numeral_starts(outline: Outline, text: Text, masked: str) -> list[Diagnostic]:
    """A sentence that starts with a numeral, typed or printed by `{{ stats.ID }}`."""
    out = []
    quotes = quoted_spans(text.source)
    marked = masked  # templates marked, not blank, so a sentence may start with one
    for t in _TEMPLATE.finditer(text.source):
        marked = marked[:t.start()] + "#" * (t.end() - t.start()) + marked[t.end():]
    listed = isinstance(text.path[-1], int)  # a key point, a position's point
    for m in _SENTENCE_START.finditer(marked):
        at = m.end()
        if any(a <= at < b for a, b in quotes) or (listed and m.start() == 0):
            continue
        typed = _NUMERAL.match(masked, at)
        template = _STAT_NUMERAL.match(text.source, at) if marked[at:at + 1] == "#" else None
        if template:  # a statistic that is text ('unknown') prints no numeral
            ident = re.search(r"[A-Za-z_][\w-]*(?=[\"']?\]?\s*-?\}\})", template.group(0))
            stat = next((x for x in outline.statistics if ident and x.id == ident.group(0)),
                        None)
            if stat is None or stat.value is None or stat.value.kind == "string":
                template = None
        if not (typed or template):
            continue
        if typed and _is_year(typed.group(0)):
            continue  # '2025 was…': a year is a date, not a count
        token = (template or typed).group(0)
        line, col = _place(outline.loaded, text, at, token)
        out.append(outline.loaded.diag(
            text.path, "a sentence starts with a numeral" +
            (f" ({token} prints one)" if template else ""),
            "write the number as a word ({{ stats.ID | words }} does it for zero to ten), or "
            "recast the sentence so that it does not lead", severity="warning",
            at=(line, col)))
    return out


def _plain_spaces(text: str) -> str:
    return re.sub(r"[\u00a0\u202f]", " ", text)


def _shown(stat, lang) -> str:
    """A statistic's display for a message: as printed, with plain spaces."""
    return _plain_spaces(stat_display(stat, lang))


def lint(outline: Outline, month_first: bool = False) -> list[Diagnostic]:
    """Every warning for an outline that `api.prepare` accepted."""
    from .i18n import LANGUAGES, as_language
    loaded = outline.loaded
    out: list[Diagnostic] = []
    lang = outline.language or as_language(month_first)
    if outline.lang and lang.base == "en" and not outline.lang.lower().startswith("en"):
        out.append(loaded.diag(("lang",), f"briefgen has no labels, dates or number formats "
                               f"for '{outline.lang}'; the brief is built with English ones "
                               "(its document language is still set)",
                               "languages with their own: " + ", ".join(LANGUAGES) +
                               "; 'labels' can replace any label", severity="warning"))
    values = _Values(outline)
    dates = _Calendar(outline)
    approx = {s.id: s for s in outline.statistics if s.id and s.value and s.approx}
    for text in prose_fields(outline):
        masked = _mask(text.source)
        out.extend(_numeral_starts(outline, text, masked))
        mentions = list(_date_mentions(masked, lang))
        for start, end, year, month, day, day2 in mentions:
            masked = masked[:start] + re.sub(r"[^\n]", " ", masked[start:end]) + masked[end:]
            written = text.source[start:end]
            line, col = _place(loaded, text, start, written.split()[0].rstrip(","))
            event = dates.exact.get((year, month, day, day2))
            if event is not None:
                which = f"'{event.id}'" if event.id else f"“{event.title}”"
                hint = f"write {_ref('events', event.id)} instead" if event.id else \
                    "give that event an 'id' and write {{ events.ID }} instead"
                out.append(loaded.diag(
                    text.path, f"the date '{written}' is typed by hand; it is event "
                    f"{which} ({_plain_spaces(event.date.display(lang))})",
                    hint + ", so prose and timeline cannot disagree", severity="warning",
                    at=(line, col)))
                continue
            if dates.covers(year, month, day, day2):
                continue
            hint = (f"add it to timeline (date: {_edtf_text(year, month, day, day2)}, with an "
                    f"id) and write {{{{ events.ID }}}} here")
            if day is not None and (year, month) in dates.coarse:
                hint += (f", or date the {_plain_spaces(lang.month(year, month))} event to "
                         "the day if this is it")
            out.append(loaded.diag(
                text.path, f"'{written}' is mentioned, but no timeline event has that date",
                hint, severity="warning", at=(line, col)))
        out.extend(_typed_labels(outline, text, masked))
        out.extend(_locators(outline, text))
        out.extend(_typed_numbers(outline, values, text, masked, lang))
        out.extend(_doubled_approx(outline, text, approx, lang))
    out.extend(loaded.warnings)
    out.extend(_unit_conversions(outline, lang))
    out.extend(_templates_in_plain_text(loaded, loaded.data, ()))
    sources = [s.id for s in outline.sources if s.id]
    for stat in outline.statistics:
        if not stat.source:
            hint = f"add 'source: {sources[0]}'" if len(sources) == 1 else \
                "add 'source:' with a source id" if sources else \
                "add 'source:' with free text, or list the source under 'sources' and give its id"
            if len(sources) != 1:
                hint += " (or free text, such as 'author's estimate')" if sources else ""
            out.append(loaded.diag(stat.path + ("id",), f"statistic '{stat.id}' has no source",
                                   hint, severity="warning"))
    with_positions = {p.party for s, _ in walk_sections(outline.sections) for p in s.positions}
    for party in outline.parties:  # mediators and observers need hold no position
        if party.id and party.id not in with_positions and party.role == "party":
            out.append(loaded.diag(
                party.path + ("id",), f"party '{party.id}' has no position in any section",
                "add a 'positions:' entry with 'party: " + party.id + "' to a section, "
                "or remove the party", severity="warning"))
    sections = [s for s, _ in walk_sections(outline.sections)]
    empty = [s for s in sections if not (s.body or s.positions or s.tables or s.sections
                                         or s.counterarguments or s.figures)]
    if len(empty) == len(sections):
        empty = []  # headings only: a skeleton being drafted, not a section left behind
    for section in empty:
        out.append(loaded.diag(
            section.path + ("title",), f"section '{section.title}' is empty",
            "give it a 'body:' (or positions, tables or subsections), or remove it",
            severity="warning"))
    return sorted(out, key=Diagnostic.sort_key)
