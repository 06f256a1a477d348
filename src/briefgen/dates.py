"""The EDTF date subset of the outline format: parse, sort key, display."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
SEASONS = {21: ("Spring", 3), 22: ("Summer", 6), 23: ("Autumn", 9), 24: ("Winter", 12)}
SEASON_NAMES = {code: name.lower() for code, (name, _) in SEASONS.items()}  # label names

_SINGLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date string outside the supported EDTF subset."""


@dataclass(frozen=True)
class Point:
    """One EDTF date: a day, a month, a season or a year."""

    year: int
    month: int | None = None  # 1-12
    day: int | None = None
    season: int | None = None  # 21-24

    def start(self) -> _dt.date:
        if self.season:
            return _dt.date(self.year, SEASONS[self.season][1], 1)
        return _dt.date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True)
class EDTF:
    """A parsed date or interval, with the text it came from."""

    text: str
    start: Point
    end: Point | None = None
    approximate: bool = False

    def sort_key(self) -> _dt.date:
        return self.start.start()

    def display(self, month_first=False) -> str:
        """As shown in the brief; `month_first` is the brief's Language (or, for
        English, whether the month comes first)."""
        from .i18n import as_language  # i18n reads this module's names
        lang = as_language(month_first)
        if lang.cldr:
            text = _cldr_range(self.start, self.end, lang)
        else:
            text = _display_range(self.start, self.end, lang.month_first, lang)
        return lang.approximate(text) if self.approximate else text




def _parse_point(text: str) -> Point:
    m = _SINGLE.match(text)
    if not m:
        raise DateError(f"'{text}' is not a date")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return Point(year)
    month = int(month)
    if day is None and month in SEASONS:
        return Point(year, season=month)
    if not 1 <= month <= 12:
        raise DateError(f"'{text}' has month {month:02d}; months run 01-12, seasons 21-24")
    if day is None:
        return Point(year, month)
    try:
        _dt.date(year, month, int(day))
    except ValueError:
        raise DateError(f"'{text}' is not a calendar day") from None
    return Point(year, month, int(day))


def parse_edtf(text: str) -> EDTF:
    """Parse `2026-01-23`, `2025-08`, `2022`, `2025-22`, `A/B` and a trailing `~`."""
    raw = text.strip()
    approximate = raw.endswith("~")
    body = (raw[:-1] if approximate else raw).strip()
    if "/" in body:
        left, _, right = body.partition("/")
        start, end = _parse_point(left), _parse_point(right)
        if end.start() < start.start():
            raise DateError(f"interval '{raw}' ends before it starts")
        return EDTF(raw, start, end, approximate)
    return EDTF(raw, _parse_point(body), None, approximate)


def parse_day(text: str) -> _dt.date:
    """Parse a plain `YYYY-MM-DD` day."""
    point = _parse_point(text.strip())
    if point.day is None:
        raise DateError(f"'{text}' is not a full date YYYY-MM-DD")
    return point.start()


def _point_text(p: Point, month_first: bool, with_year: bool = True, lang=None) -> str:
    year = f" {p.year}" if with_year else ""
    if p.season:
        if lang is not None:
            return lang.season(p.year, p.season) if with_year else \
                lang.label(SEASON_NAMES[p.season])
        return f"{SEASONS[p.season][0]}{year}"
    if p.month is None:
        return str(p.year)
    month = MONTHS[p.month - 1]
    if p.day is None:
        return f"{month}{year}"
    if month_first:
        return f"{month} {p.day}," + year if with_year else f"{month} {p.day}"
    return f"{p.day} {month}{year}"


def _display_range(a: Point, b: Point | None, month_first: bool, lang=None) -> str:
    if b is None or a == b:
        return _point_text(a, month_first, lang=lang)
    same_day_grain = a.day is not None and b.day is not None
    if same_day_grain and a.year == b.year and a.month == b.month:
        if month_first:
            return f"{MONTHS[a.month - 1]} {a.day}–{b.day}, {a.year}"
        return f"{a.day}–{b.day} {MONTHS[a.month - 1]} {a.year}"
    if same_day_grain and a.year == b.year:
        return f"{_point_text(a, month_first, False)} – {_point_text(b, month_first)}"
    if a.day is None and b.day is None and a.month and b.month and a.year == b.year \
            and not a.season and not b.season:
        return f"{MONTHS[a.month - 1]}–{MONTHS[b.month - 1]} {a.year}"
    if a.month is None and b.month is None:
        return f"{a.year}–{b.year}"
    return f"{_point_text(a, month_first, lang=lang)} – {_point_text(b, month_first, lang=lang)}"


def _cldr_point(p: Point, lang) -> str:
    if p.season:
        return lang.season(p.year, p.season)
    if p.month is None:
        return str(p.year)
    if p.day is None:
        return lang.month(p.year, p.month)
    return lang.day(p.start())


def _cldr_range(a: Point, b: Point | None, lang) -> str:
    """A date or range in the language's CLDR forms: `6 février 2026`,
    `23.–24. Januar 2026`, `enero–febrero de 2026`."""
    if b is None or a == b:
        return _cldr_point(a, lang)
    if a.season is None and b.season is None:
        if a.day is not None and b.day is not None:
            text = lang.interval(a.start(), b.start(), "d")
        elif a.day is None and b.day is None and a.month and b.month:
            text = lang.interval(a.start(), b.start(), "M")
        elif a.month is None and b.month is None:
            text = f"{a.year}–{b.year}"
        else:
            text = None
        if text:
            return text
    return f"{_cldr_point(a, lang)} – {_cldr_point(b, lang)}"


def display_day(day: _dt.date, how=False) -> str:
    from .i18n import as_language
    lang = as_language(how)
    if lang.cldr:
        return lang.day(day)
    return _point_text(Point(day.year, day.month, day.day), lang.month_first)
