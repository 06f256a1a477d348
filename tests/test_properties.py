"""Generated outlines, valid and broken: a clean build or a clean error, never a traceback."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefgen import api
from briefgen.diagnostics import BriefError

rarely = st.sampled_from([False] * 19 + [True])

# Text a user could type: mostly what the font draws, now and then any Unicode at all
# (the font check refuses what it cannot draw).
drawable = string.ascii_letters + string.digits + " .,;:!?'\"()-–—“”’°≈−<>&*_#[]{}%|/\\" \
    + "АБВГДежзийклмнопЁё" + "αβγδεζηθΩΣΦ"
any_unicode = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
text = rarely.flatmap(lambda odd: any_unicode if odd else st.text(drawable, max_size=40))
title = rarely.flatmap(lambda odd: text if odd else st.from_regex(
    r"[A-Za-zА-яα-ω][\w ,.()<>&-]{0,30}", fullmatch=True))
slug = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
edtf = rarely.flatmap(lambda odd: text if odd else st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.integers(1000, 2999).map(str),
    st.tuples(st.integers(1900, 2100), st.integers(1, 24)).map(lambda t: f"{t[0]}-{t[1]:02d}")))
value = st.one_of(st.integers(-10**9, 10**9), st.floats(allow_nan=False, allow_infinity=False),
                  text, st.lists(st.integers(0, 100), min_size=2, max_size=2).map(sorted))
valid_md = st.sampled_from([
    "x < y & z", "<b>bold?</b>", "**strong** and *em*", "- a\n- b\n\n1. one", "> quote",
    "{% raw %}{{{% endraw %}", "Кириллица ελληνικά", "`code`", "line  \nbreak", "\\*escaped\\*"])
broken_md = st.sampled_from(["[link](#nowhere)", "[@nosuch]", "{{ stats.nope }}", "{{ "])
prose = rarely.flatmap(lambda odd: broken_md if odd else st.one_of(text, valid_md))


@st.composite
def tables(draw):
    ncols = draw(st.integers(1, 4))
    width = st.integers(1, 5) if draw(rarely) else st.just(ncols)
    rows = draw(st.lists(width.flatmap(lambda n: st.lists(st.one_of(text, st.integers()),
                                                           min_size=n, max_size=n)),
                         max_size=4))
    columns = draw(st.lists(title, min_size=ncols, max_size=ncols))
    return {"caption": draw(title), "columns": columns, "rows": rows}


@st.composite
def outlines(draw):
    stats = draw(st.lists(st.fixed_dictionaries(
        {"id": slug.map(lambda x: "s-" + x), "label": text, "value": value},
        optional={"unit": st.sampled_from(["%", "km", "°C", ""]), "approx": st.booleans(),
                  "group": text, "note": prose}), max_size=4, unique_by=lambda s: s["id"]))
    parties = draw(st.lists(st.fixed_dictionaries({"id": slug.map(lambda x: "p-" + x),
                                                   "name": title}),
                            max_size=3, unique_by=lambda p: p["id"]))
    party_ids = [p["id"] for p in parties] or ["nobody"]
    positions = st.lists(st.fixed_dictionaries(
        {"party": st.sampled_from(party_ids), "summary": text},
        optional={"points": st.lists(prose, max_size=2)}), max_size=2)
    counters = st.lists(st.fixed_dictionaries({"claim": prose}, optional={"response": prose}),
                        max_size=1)
    sections = draw(st.lists(st.fixed_dictionaries(
        {"title": title},
        optional={"body": prose, "positions": positions, "counterarguments": counters,
                  "tables": st.lists(tables(), max_size=1)}),
        min_size=0 if draw(rarely) else 1, max_size=3, unique_by=lambda s: s["title"]))
    outline = {"title": draw(title), "sections": sections}
    if stats:
        outline["statistics"] = stats
    if parties:
        outline["parties"] = parties
    events = draw(st.lists(st.fixed_dictionaries({"date": edtf, "title": title}), max_size=3))
    if events:
        outline["timeline"] = events
    if draw(st.booleans()):
        key = draw(st.sampled_from(["subtitel", "summary", "marking", "key_points"]))
        outline[key] = draw(st.one_of(prose, st.lists(prose, max_size=2)))
    return yaml.safe_dump(outline, allow_unicode=True, sort_keys=False)


raw_yaml = st.one_of(outlines(), st.text(max_size=200),
                     st.text(alphabet=string.printable, max_size=200))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw_yaml)
def test_checking_never_crashes(tmp_path_factory, source):
    path = tmp_path_factory.mktemp("prop") / "brief.yaml"
    path.write_text(source, encoding="utf-8", errors="surrogatepass")
    try:
        api.prepare(str(path))
    except BriefError as err:
        for d in err.diagnostics:
            line = d.format()
            assert line.startswith(str(path)) and "Traceback" not in line


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(outlines())
def test_building_gives_both_files_or_none(tmp_path_factory, source):
    tmp = tmp_path_factory.mktemp("propbuild")
    path = tmp / "brief.yaml"
    path.write_text(source, encoding="utf-8")
    out = tmp / "out"
    try:
        api.build(str(path), str(out))
    except BriefError:
        event("refused")
        assert not out.exists() or list(out.iterdir()) == []
    else:
        event("built")
        assert sorted(p.name for p in out.iterdir()) == ["brief.docx", "brief.pdf"]
