"""Generated outlines for the benchmark: the Abu Dhabi brief repeated N times,
and a brief with a long, seeded random timeline.

Everything here is deterministic (fixed seeds, no clock), so the same
version of the script always writes the same files. Nothing it writes is
committed: run.py puts the files in a temporary folder.
"""

from __future__ import annotations

import copy
import random
import re
import unicodedata

import yaml

# The default `layout` of docs/OUTLINE.md.
DEFAULT_LAYOUT = ["cover", "summary", "contents", "parties", "positions", "sections",
                  "statistics", "timeline", "sources"]


# ------------------------------------------------------------ YAML, as written

class _Kept:
    """A number scalar remembered with the text it was written as."""

    text: str
    tag: str


class KeptInt(int, _Kept):
    pass


class KeptFloat(float, _Kept):
    pass


class KeepLoader(yaml.SafeLoader):
    """SafeLoader that keeps scalars as written.

    Dates (`2026-02-06`) are not turned into `datetime.date` (the timestamp
    resolver is removed, so they stay strings), and numbers remember their
    text so that `3.50` or `1_000` are written back exactly as typed.
    """


KeepLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _kept_number(cls, base):
    def construct(loader, node):
        value = cls(base(loader, node))
        value.text, value.tag = node.value, node.tag
        return value
    return construct


KeepLoader.add_constructor("tag:yaml.org,2002:int",
                           _kept_number(KeptInt, yaml.SafeLoader.construct_yaml_int))
KeepLoader.add_constructor("tag:yaml.org,2002:float",
                           _kept_number(KeptFloat, yaml.SafeLoader.construct_yaml_float))


class KeepDumper(yaml.SafeDumper):
    """Writes numbers as they were read and multi-line prose as `|` blocks."""


def _represent_kept(dumper, data):
    return dumper.represent_scalar(data.tag, data.text)


def _represent_str(dumper, data):
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


KeepDumper.add_representer(KeptInt, _represent_kept)
KeepDumper.add_representer(KeptFloat, _represent_kept)
KeepDumper.add_representer(str, _represent_str)


def load(path) -> dict:
    with open(path, encoding="utf-8-sig") as fh:
        return yaml.load(fh, Loader=KeepLoader)  # noqa: S506 - a SafeLoader subclass


def dump(data: dict, path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        yaml.dump(data, fh, Dumper=KeepDumper, allow_unicode=True, sort_keys=False,
                  width=1_000_000, default_flow_style=False)


def without_contents(data: dict) -> dict:
    """The same outline with `contents` left out of its layout."""
    out = dict(data)
    out["layout"] = [part for part in (data.get("layout") or DEFAULT_LAYOUT)
                     if part != "contents"]
    return out


# ------------------------------------------------------- the brief, N times over

def slugify(title: str) -> str:
    """A section's default id, as OUTLINE.md defines it."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


_EXPR = re.compile(r"\{\{.*?\}\}", re.S)
_DOTTED = re.compile(r"\b(stats|events|tables|figures)\s*\.\s*([A-Za-z0-9_]+)")
_INDEXED = re.compile(r"""\b(stats|events|tables|figures)\s*\[\s*(["'])(.*?)\2\s*\]""")
_LINK = re.compile(r"\(\s*<?#([a-z0-9][a-z0-9_-]*)>?")


def _ref(kind: str, ident: str) -> str:
    return f"{kind}.{ident}" if "-" not in ident else f'{kind}["{ident}"]'


def rewrite(text: str, renames: dict) -> str:
    """Point `{{ stats.X }}`, `{{ events.X }}` and `(#X)` links at renamed ids."""
    def expression(m):
        expr = _DOTTED.sub(lambda d: _ref(d.group(1), renames.get(d.group(2), d.group(2)))
                           if d.group(2) in renames else d.group(0), m.group(0))
        return _INDEXED.sub(lambda d: _ref(d.group(1), renames[d.group(3)])
                            if d.group(3) in renames else d.group(0), expr)

    def link(m):
        ident = m.group(1)
        return m.group(0).replace(f"#{ident}", f"#{renames[ident]}") if ident in renames \
            else m.group(0)

    return _LINK.sub(link, _EXPR.sub(expression, text))


def _walk_strings(value, fn):
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [_walk_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: _walk_strings(v, fn) for k, v in value.items()}
    return value


def _section_ids(sections, renames, suffix):
    """Give every section (and table) an explicit, suffixed id; record renames."""
    for section in sections:
        old = section.get("id") or slugify(str(section.get("title", "")))
        section["id"] = old + suffix
        renames[old] = old + suffix
        for item in (section.get("tables") or []) + (section.get("figures") or []):
            if item.get("id"):
                renames[item["id"]] = item["id"] + suffix
                item["id"] += suffix
        _section_ids(section.get("sections") or [], renames, suffix)


def _timeline_events(sections, timeline):
    """A timeline chart with a window lists its own events, so that the copies'
    events (which share its dates) do not crowd it."""
    for section in sections:
        for figure in section.get("figures") or []:
            chart = figure.get("chart") or {}
            if chart.get("type") == "timeline" and "events" not in chart:
                low, high = str(chart.get("from", "0000")), str(chart.get("to", "9999"))
                chart["events"] = [e["id"] for e in timeline if e.get("id")
                                   and low <= str(e["date"])[:len(low)]
                                   and str(e["date"])[:len(high)] <= high]
        _timeline_events(section.get("sections") or [], timeline)


def _chart_ids(sections, renames):
    """Point each chart's statistics, table and events at the copy's own ids."""
    for section in sections:
        for figure in section.get("figures") or []:
            chart = figure.get("chart") or {}
            for key in ("stats", "events"):
                if key in chart:
                    chart[key] = [renames.get(i, i) for i in chart[key]]
            if "table" in chart:
                chart["table"] = renames.get(chart["table"], chart["table"])
        _chart_ids(section.get("sections") or [], renames)


def repeated(base: dict, times: int) -> dict:
    """The brief with its sections, statistics and timeline copied `times` times.

    The first copy keeps its ids; copy k gets `-rk` on every section, table,
    statistic and event id, and its prose is rewritten to refer to its own
    ids. Parties and sources stay shared, as do the cover, summary and key
    points (which keep referring to the first copy).
    """
    out = copy.deepcopy(base)
    out["title"] = f"{base['title']} (repeated {times} times)"
    out["sections"], out["statistics"], out["timeline"] = [], [], []
    for k in range(1, times + 1):
        sections = copy.deepcopy(base.get("sections") or [])
        statistics = copy.deepcopy(base.get("statistics") or [])
        timeline = copy.deepcopy(base.get("timeline") or [])
        _timeline_events(sections, timeline)
        if k > 1:
            suffix, renames = f"-r{k}", {}
            _section_ids(sections, renames, suffix)
            for item in statistics + timeline:
                if item.get("id"):
                    renames[item["id"]] = item["id"] + suffix
                    item["id"] += suffix
            _chart_ids(sections, renames)
            fix = lambda s: rewrite(s, renames)  # noqa: E731
            sections = _walk_strings(sections, fix)
            statistics = _walk_strings(statistics, fix)
            timeline = _walk_strings(timeline, fix)
        out["sections"] += sections
        out["statistics"] += statistics
        out["timeline"] += timeline
    return out


# ------------------------------------------------------------ a long chronology

_WORDS = ("talks delegation ceasefire envoy summit memorandum offensive corridor grain "
          "exchange prisoners sanctions referendum guarantees parliament council treaty "
          "reservoir dam bridge pipeline harbour frontier convoy observers monitors "
          "Kyiv Odesa Kharkiv Vienna Geneva Istanbul Minsk Helsinki Київ Одеса Ἀθῆναι "
          "café résumé naïve Zürich Kraków").split()


def _point(rng: random.Random) -> tuple[str, tuple]:
    """One EDTF point of a random kind, and its sort key (year, month, day)."""
    year = rng.randint(1900, 2030)
    kind = rng.choices(["day", "month", "year", "season"], weights=[5, 3, 2, 1])[0]
    if kind == "year":
        return f"{year}", (year, 1, 1)
    if kind == "season":
        season = rng.randint(21, 24)
        return f"{year}-{season}", (year, {21: 3, 22: 6, 23: 9, 24: 12}[season], 1)
    month = rng.randint(1, 12)
    if kind == "month":
        return f"{year}-{month:02d}", (year, month, 1)
    day = rng.randint(1, 28)
    return f"{year}-{month:02d}-{day:02d}", (year, month, day)


def _date(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.65:
        text = _point(rng)[0]
    elif shape < 0.8:  # a short span of days, often within one month
        year, month, day = rng.randint(1900, 2030), rng.randint(1, 12), rng.randint(1, 20)
        end_month = month if rng.random() < 0.7 or month == 12 else month + 1
        end_day = rng.randint(day + 1, 28) if end_month == month else rng.randint(1, 28)
        text = f"{year}-{month:02d}-{day:02d}/{year}-{end_month:02d}-{end_day:02d}"
    else:  # any two points, in order (a mixed-grain interval)
        (a, ka), (b, kb) = _point(rng), _point(rng)
        if kb < ka:
            (a, ka), (b, kb) = (b, kb), (a, ka)
        text = f"{a}/{b}"
    return text + ("~" if rng.random() < 0.15 else "")


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(lo, hi))]
    return " ".join(words).capitalize()


def chronology(events: int = 2000, seed: int = 2026) -> dict:
    """A brief whose bulk is a timeline of `events` events with random EDTF dates."""
    rng = random.Random(seed)
    sources = [{"id": f"src{i}", "title": f"Chronicle volume {i}", "date": f"{2020 + i}"}
               for i in range(1, 4)]
    timeline = []
    for i in range(1, events + 1):
        event = {"id": f"ev{i:04d}", "date": _date(rng), "title": _phrase(rng, 4, 12)}
        if rng.random() < 0.4:
            event["detail"] = (f"{_phrase(rng, 10, 40)}. *{_phrase(rng, 2, 5)}* "
                               f"[@src{rng.randint(1, 3)}].")
        if rng.random() < 0.5:
            event["source"] = rng.choice([f"src{rng.randint(1, 3)}", "Press reports"])
        timeline.append(event)
    picks = rng.sample(range(1, events + 1), 12)
    refs = "\n".join(f"- {{{{ events.ev{i:04d} }}}}: [{_phrase(rng, 2, 4)}](#ev{i:04d})"
                     for i in picks)
    return {
        "title": f"A chronology of {events:,} events",
        "subtitle": "Generated by tests/bench/run.py from a fixed seed",
        "date": "2026-02-06",
        "marking": "UNCLASSIFIED // BENCHMARK",
        "summary": f"A long timeline appendix of {events:,} events [@src1].\n",
        "sections": [
            {"id": "overview", "title": "Overview",
             "body": f"{_phrase(rng, 40, 80)} [@src2].\n\nSelected events:\n\n{refs}\n"},
            {"id": "method", "title": "Method",
             "body": f"{_phrase(rng, 40, 80)}. See the [overview](#overview) [@src3].\n",
             "sections": [{"id": "dates", "title": "Dates",
                           "body": "Dates are days, months, years, seasons and intervals; "
                                   "`~` marks an approximate date.\n"}]},
        ],
        "timeline": timeline,
        "sources": sources,
    }
