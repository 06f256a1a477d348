"""The EDTF date subset of the outline format: parse, sort key, display."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
SEASONS = {21: ("Spring", 3), 22: ("Summer", 6), 23: ("Autumn", 9), 24: ("Winter", 12)}

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

    def display(self, month_first: bool = False) -> str:
        text = _display_range(self.start, self.end, month_first)
        return f"c. {text}" if self.approximate else text


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


def _point_text(p: Point, month_first: bool, with_year: bool = True) -> str:
    year = f" {p.year}" if with_year else ""
    if p.season:
        return f"{SEASONS[p.season][0]}{year}"
    if p.month is None:
        return str(p.year)
    month = MONTHS[p.month - 1]
    if p.day is None:
        return f"{month}{year}"
    if month_first:
        return f"{month} {p.day}," + year if with_year else f"{month} {p.day}"
    return f"{p.day} {month}{year}"


def _display_range(a: Point, b: Point | None, month_first: bool) -> str:
    if b is None or a == b:
        return _point_text(a, month_first)
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
    return f"{_point_text(a, month_first)} – {_point_text(b, month_first)}"


def display_day(day: _dt.date, month_first: bool = False) -> str:
    return _point_text(Point(day.year, day.month, day.day), month_first)
