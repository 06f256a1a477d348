"""Lint warnings: likely mistakes in outlines that still build."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from briefgen import api, cli
from briefgen.lint import lint

ROOT = Path(__file__).resolve().parent.parent

BASE = """\
title: Test
date: 2026-02-06
parties:
  - {id: north, name: North}
sections:
  - title: One
    body: |
%(body)s
    positions:
      - {party: north, summary: Yes}
statistics:
  - {id: share, label: Share held, value: 78, unit: "%%", source: s}
  - {id: gain, label: Monthly gain, value: 175, unit: sq mi, approx: true, source: s}
  - {id: range, label: Share still held, value: [20, 22], unit: "%%", source: s}
  - {id: buildings, label: Buildings without heat, value: 1100, unit: buildings, source: s}
  - {id: regions, label: Regions struck, value: 6, unit: regions, source: s}
  - {id: years, label: Years of fighting, value: 12, unit: years, source: s}
  - {id: cold, label: Temperature, value: -20, unit: °C, source: s}
  - {id: big-one, label: Big, value: 2.5, source: s}
%(stats)s
timeline:
  - {id: attack, date: 2026-02-02/2026-02-03, title: Attack}
  - {id: invasion, date: 2022-02, title: Invasion}
  - {id: talks, date: 2026-01-23, title: Talks}
  - {id: speech, date: 2026-01, title: Speech}
sources:
  - {id: s, title: S, date: 2026-02}
"""


def warnings_for(tmp_path, body="      Nothing to see.", stats="", text=None):
    path = tmp_path / "x.yaml"
    if text is None:
        body = textwrap.indent(textwrap.dedent(body).strip("\n"), " " * 6)
        text = BASE % {"body": body, "stats": stats}
    path.write_text(text, encoding="utf-8")
    prepared = api.prepare(str(path))
    found = lint(prepared.outline)
    assert all(d.severity == "warning" for d in found)
    return found


def messages(found):
    return [f"{d.line}:{d.col}: {d.message}" for d in found]


def test_clean_outline_has_no_warnings(tmp_path):
    assert warnings_for(tmp_path) == []


# ---------------------------------------------------------------- typed numbers

@pytest.mark.parametrize("prose, stat", [
    ("Russia holds 78% of it.", "share"),
    ("It gains about 175 sq mi a month.", "gain"),
    ("It gains 175 square miles a month.", "gain"),
    ("Ukraine holds 20–22% of Donetsk.", "range"),
    ("Ukraine holds 20-22 % of Donetsk.", "range"),
    ("More than 1,100 buildings lost heat.", "buildings"),
    ("More than 1100 buildings lost heat.", "buildings"),
    ("Some 1.1 thousand lost heat.", "buildings"),
    ("Strikes hit 6 regions.", "regions"),
    ("After 12 years of fighting.", "years"),
    ("It was −20 °C that night.", "cold"),
    ("It was -20°C that night.", "cold"),
    ("A factor of 2.5 here.", "big-one"),
])
def test_typed_number_equal_to_a_statistic(tmp_path, prose, stat):
    found = warnings_for(tmp_path, prose)
    assert len(found) == 1, messages(found)
    d = found[0]
    assert f"statistic '{stat}'" in d.message and "typed by hand" in d.message
    ref = f'{{{{ stats["{stat}"] }}}}' if "-" in stat else f"{{{{ stats.{stat} }}}}"
    assert ref in d.hint
    number = d.message.split("the number ")[1].split(" is typed")[0].split()[0]
    assert number in prose
    assert (d.line, d.col) == (8, 7 + prose.find(number))  # body text starts on line 8, col 7
    assert d.path == "sections[0].body"


@pytest.mark.parametrize("prose", [
    "Written with the template: {{ stats.share }} and {{ stats.gain }}.",
    "In 2022 the war began; the 1100 figure is a year-like number? No: 1100 rooms.",
    "The 6 o'clock news, 12 apostles and 20 years ago.",  # small numbers, other units
    "78 delegates came.",  # a percentage statistic, written without %
    "About 20% of the budget.",  # 20 is only the low end of a % range: needs the range
    "See [@s] and [item 78](https://example.org/78) and [1].",
    "1. First point\n2. Second point\n6. Sixth point",
    "Article 5 and a “100% ready” document; G7 and F-16; 175 km away.",
    "Dates are not figures: 12 February 2026, or in 2026.",
])
def test_numbers_that_are_not_copies(tmp_path, prose):
    found = [d for d in warnings_for(tmp_path, prose) if "typed by hand" in d.message]
    assert found == [], messages(found)


def test_typed_number_in_folded_and_quoted_scalars(tmp_path):
    text = (BASE % {"body": "      Nothing.", "stats": ""}).replace(
        "parties:", 'key_points:\n  - "Quoted: it gains 175 sq mi"\n  - plain text,\n'
        "    continued with 78% here\nparties:")
    found = warnings_for(tmp_path, text=text)
    assert messages(found) == [
        "4:23: the number 175 is typed by hand; it is statistic 'gain' (≈ 175 sq mi)",
        "6:20: the number 78 is typed by hand; it is statistic 'share' (78%)",
    ]


UNITLESS = ("  - {id: missiles, label: Missiles fired, value: 71, source: s}\n"
            "  - {id: ratio, label: Ratio, value: 3.5, source: s}\n"
            "  - {id: few, label: Few, value: 7, source: s}\n"
            "  - {id: founded, label: Founded, value: 2025, source: s}\n"
            "  - {id: rounds, label: Rounds of talks, value: 10, source: s}")


@pytest.mark.parametrize("prose, number, stat", [
    ("Russia fired 71 missiles.", "71", "missiles"),
    ("It fired 71 of them, then more.", "71", "missiles"),
    ("A ratio of 3.5 at most.", "3.5", "ratio"),  # decimals counted before too
    ("After 10 rounds, on 10 February.", "10", "rounds"),
    ("Out of the quote:\n\n> A quotation.\n\nThen 71 missiles.", "71", "missiles"),
])
def test_typed_number_of_a_statistic_without_a_unit(tmp_path, prose, number, stat):
    """No unit to go by: two digits (or a decimal point) are enough."""
    found = [d for d in warnings_for(tmp_path, prose, stats=UNITLESS)
             if "typed by hand" in d.message]
    assert len(found) == 1, messages(found)
    assert f"the number {number} is typed by hand; it is statistic '{stat}'" in found[0].message
    assert f"{{{{ stats.{stat} }}}}" in found[0].hint
    lines = prose.split("\n")
    row = next(i for i, line in enumerate(lines) if number in line)
    assert (found[0].line, found[0].col) == (8 + row, 7 + lines[row].find(number))


@pytest.mark.parametrize("prose", [
    "Then 7 drones.",  # one digit: too common to be a copy
    "> They fired 71 missiles that night, he said.",  # a quotation stays as said
    "> He said:\n> “71 missiles, and more.”",
    "> A quotation that goes on\nwith 71 missiles on a lazy line.",
    "- > Quoted in a list: 71 missiles.",
    "Founded in 2025, it grew.",  # a year
    "The talks of 10 February, of February 10 and of Feb. 10.",  # days
    "Some 71% of them.",  # a percentage, not the count
    "It is 71 km away.",  # another unit: another quantity
    "71. The seventy-first point\n72. The next one",  # list numbers
    "See [the list](https://example.org/71) and [71].",
])
def test_numbers_that_are_not_copies_of_a_statistic_without_a_unit(tmp_path, prose):
    found = [d for d in warnings_for(tmp_path, prose, stats=UNITLESS)
             if "typed by hand" in d.message]
    assert found == [], messages(found)


def test_several_statistics_with_the_same_value(tmp_path):
    found = warnings_for(tmp_path, "Twelve: 12 coal miners.",
                         stats="  - {id: miners, label: Miners, value: 12, unit: coal miners,"
                               " source: s}")
    assert len(found) == 1 and "'miners'" in found[0].message


# ---------------------------------------------------------------- dates

def test_date_mentioned_but_not_in_the_timeline(tmp_path):
    found = warnings_for(tmp_path, """\
        On 29 January 2026 and on January 30, 2026, and since March 2025.
        """)
    assert messages(found) == [
        "8:10: '29 January 2026' is mentioned, but no timeline event has that date",
        "8:33: 'January 30, 2026' is mentioned, but no timeline event has that date",
        "8:61: 'March 2025' is mentioned, but no timeline event has that date",
    ]
    assert "date: 2026-01-29" in found[0].hint and "{{ events.ID }}" in found[0].hint
    assert "date the January 2026 event to the day" in found[0].hint
    assert "date: 2025-03" in found[2].hint


@pytest.mark.parametrize("prose", [
    "The strikes went on until 3 February 2026.",  # inside an event's days
    "In February 2026, a month with events in it.",
    "As of 6 February 2026 (the brief's date), and the February 2026 article.",
    "In may 2026 we may know more.",  # not capitalised: not trusted as a date
    "In 2014 and 2022.",  # bare years are left alone
    "{{ events.talks }} and {{ events.attack }}.",
])
def test_dates_that_are_accounted_for(tmp_path, prose):
    assert warnings_for(tmp_path, prose) == []


def test_date_typed_by_hand_that_is_an_event(tmp_path):
    found = warnings_for(tmp_path, "The talks on 23 January 2026, the strikes of 2–3 February"
                                   " 2026.")
    assert [d.hint.split()[1] for d in found] == ["{{", "{{"]
    assert ["'talks'" in found[0].message, "'attack'" in found[1].message] == [True, True]
    assert "{{ events.talks }}" in found[0].hint


# ---------------------------------------------------------------- "about ≈ 175 sq mi"

@pytest.mark.parametrize("prose, word", [
    ("It gains about {{ stats.gain }} a month.", "about"),
    ("Around {{ stats.gain }} a month.", "Around"),
    ("It gains roughly **{{ stats.gain }}**.", "roughly"),
    ("It gains c. {{stats.gain}} a month.", "c."),
    ("Talk about land, and some {{ stats['gain'] }} a month.", "some"),
    ("It gains approximately {{ stats.gain }}, nearly {{ stats.share }}.", "approximately"),
])
def test_approximate_word_before_an_approximate_statistic(tmp_path, prose, word):
    """'about {{ stats.gain }}' would print 'about ≈ 175 sq mi'."""
    found = warnings_for(tmp_path, prose)
    assert messages(found) == [
        f"8:{7 + prose.index(word + ' ')}: the statistic 'gain' is already marked approximate"
        f" with ≈: this prints '{word} ≈ 175 sq mi'"]
    assert found[0].hint == (f"drop '{word}' before it, or write {{{{ stats.gain.value }}}} "
                             "for the bare number (without ≈ and unit)")
    assert found[0].path == "sections[0].body"


def test_approximate_word_before_an_approximate_statistic_on_the_next_line(tmp_path):
    found = warnings_for(tmp_path, "Each month it gains almost\n{{ stats.gain }}.")
    assert messages(found) == ["8:27: the statistic 'gain' is already marked approximate"
                               " with ≈: this prints 'almost ≈ 175 sq mi'"]


def test_approximate_word_before_an_approximate_range(tmp_path):
    found = warnings_for(tmp_path, "Some {{ stats.span }} of it.",
                         stats="  - {id: span, label: Span, value: [20, 30], approx: true,"
                               " source: s}")
    assert messages(found) == ["8:7: the statistic 'span' is already marked approximate"
                               " with ≈: this prints 'Some ≈ 20–30'"]
    assert found[0].hint == "drop 'Some' before it"  # .value would print a list


@pytest.mark.parametrize("prose", [
    "About {{ stats.share }} of it.",  # not marked approximate: no ≈
    "It gains about {{ stats.gain.value }} sq mi a month.",  # the bare number
    "It gains {{ stats.gain }}, etc. {{ stats.gain }} and so on.",
    "Talk about it: {{ stats.gain }}.",
    "Handsome {{ stats.gain }}.",
])
def test_no_doubled_approximation(tmp_path, prose):
    assert [d for d in warnings_for(tmp_path, prose)
            if "approximate" in d.message] == []


# ---------------------------------------------------------------- text lost to a YAML comment

def _with(tmp_path, old, new):
    text = (BASE % {"body": "      Nothing to see.", "stats": ""}).replace(old, new, 1)
    assert new in text
    return warnings_for(tmp_path, text=text)


def test_hash_after_a_plain_value_is_a_comment(tmp_path):
    found = _with(tmp_path, "title: Test", "title: WFP Situation Report #277")
    assert messages(found) == [
        "1:29: text after ' #' is a YAML comment; quote the value to keep it"]
    assert found[0].path == "title"
    assert found[0].hint == ("the value reads 'WFP Situation Report'; write "
                             "\"WFP Situation Report #277\", or '# 277' if it is a comment")


def test_hash_after_a_plain_list_item_or_a_value_on_two_lines(tmp_path):
    text = (BASE % {"body": "      Nothing to see.", "stats": ""}).replace(
        "parties:", "key_points:\n  - Strike #3 hit Kyiv\n  - 'Quoted #4'\n  - >-\n"
        "    Folded #5\nsubtitle: The\n  second round #2\nparties:", 1)
    found = warnings_for(tmp_path, text=text)
    assert [(d.line, d.col, d.path) for d in found] == [(4, 12, "key_points[0]"),
                                                        (9, 16, "subtitle")]
    assert "write \"Strike #3 hit Kyiv\"" in found[0].hint
    assert "the value reads 'The second round'" in found[1].hint


@pytest.mark.parametrize("old, new", [
    ("title: Test", "title: Test  # the working title"),  # a comment, written as one
    ("title: Test", "title: Test # TODO: a better title"),
    ("title: Test", "title: Test #"),
    ("title: Test", "title: Test ## section"),
    ("title: Test", 'title: "Report #277"'),  # quoted: kept
    ("title: Test", "title: 'Report #277'  # 'kept'"),
    ("title: Test", "title: Report#277"),  # no space before '#': part of the value
    ("title: Test", "# yaml-language-server: $schema=outline.schema.json\ntitle: Test"),
    ("title: Test", "#277: a comment on its own line\ntitle: Test"),
    ("    body: |", "    body: |  #keep"),  # after a block scalar's indicator
    ("    body: |", "    body: >-  #keep"),
    ("      Nothing to see.", "      Inside a block #277 is text."),
])
def test_comments_that_are_meant(tmp_path, old, new):
    assert [d for d in _with(tmp_path, old, new) if "YAML comment" in d.message] == []


def test_hash_warning_is_printed_by_check(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text((BASE % {"body": "      Clean.", "stats": ""}).replace(
        "title: Test", "title: WFP Situation Report #277"), encoding="utf-8")
    assert cli.main(["check", "--strict", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:1:29: warning: title: text after ' #' is a YAML comment")


# ---------------------------------------------------------------- unit conversions

@pytest.mark.parametrize("stat, bad", [
    ("{id: a, label: Area, value: 175, unit: sq mi, source: s, note: About 453 km².}", False),
    ("{id: a, label: Area, value: 175, unit: sq mi, source: s, note: About 300 km².}", True),
    ("{id: a, label: Area (about 453 km²), value: 175, unit: sq mi, source: s}", False),
    ("{id: a, label: Area (about 600 km²), value: 175, unit: sq mi, source: s}", True),
    ("{id: a, label: Area, value: [5000, 6600], unit: km², source: s, note: '2,250 sq mi'}", False),
    ("{id: a, label: Area, value: [5000, 6600], unit: km², source: s, note: '3,000 sq mi'}", True),
    ("{id: a, label: Length, value: 50, unit: km, source: s, note: About 31 miles.}", False),
    ("{id: a, label: Length, value: 50, unit: km, source: s, note: About 50 miles.}", True),
    ("{id: a, label: Cold, value: -20, unit: °C, source: s, note: That is -4 °F.}", False),
    ("{id: a, label: Cold, value: -20, unit: °C, source: s, note: That is 10 °F.}", True),
    ("{id: a, label: Cold, value: 0, unit: °C, source: s, note: That is 32 °F.}", False),
    ("{id: a, label: Heat, value: 100, unit: °F, source: s, note: 38 °C.}", False),
    ("{id: a, label: Heat, value: 100, unit: °F, source: s, note: 30 °C.}", True),
    ("{id: a, label: Area, value: 175, unit: sq mi, source: s, note: 175 sq mi; 3 km long.}",
     False),
])
def test_unit_conversion_in_note_or_label(tmp_path, stat, bad):
    found = [d for d in warnings_for(tmp_path, stats="  - " + stat)
             if "which is" in d.message]
    assert bool(found) == bad, messages(found)
    if bad:
        assert found[0].hint.endswith("check both figures")
        assert "apart" in found[0].message


def test_unit_conversion_warning_points_at_the_figure(tmp_path):
    found = warnings_for(tmp_path, stats="  - {id: a, label: Area, value: 175, unit: sq mi, "
                                         "source: s, note: About 300 km².}")
    assert messages(found) == ["20:74: the note says 300 km², which is 116 sq mi, but the "
                               "value is 175 sq mi (34% apart)"]
    assert found[0].hint == "1 sq mi = 2.58999 km²; check both figures"


def test_conversion_through_a_template_in_the_note(tmp_path):
    """A note quoting the other unit's statistic is checked after rendering."""
    ok = ("  - {id: mi, label: Area (square miles), value: 2250, unit: sq mi, source: s}\n"
          "  - {id: km, label: Area (square kilometres), value: [5000, 6600], unit: km²,"
          " source: s, note: 'Also {{ stats.mi }}.'}")
    assert warnings_for(tmp_path, stats=ok) == []
    found = warnings_for(tmp_path, stats=ok.replace("2250", "3000"))
    assert messages(found) == [
        "21:96: the note says 3,000 sq mi, which is 7,770 km², but the value is "
        "5,000–6,600 km² (18% apart)"]


def test_the_same_figure_in_two_units(tmp_path):
    ok = ("  - {id: mi, label: Area (square miles), value: 2250, unit: sq mi, source: s}\n"
          "  - {id: km, label: Area (square kilometres), value: [5000, 6600], unit: km²,"
          " source: s}")
    assert warnings_for(tmp_path, stats=ok) == []
    found = warnings_for(tmp_path, stats=ok.replace("2250", "3000"))
    assert messages(found) == [
        "21:54: statistic 'mi' gives 3,000 sq mi, which is 7,770 km², but the value is "
        "5,000–6,600 km² (18% apart)"]
    assert found[0].path == "statistics[9].value"


# ---------------------------------------------------------------- structure

def test_statistic_without_source(tmp_path):
    found = warnings_for(tmp_path, stats="  - {id: orphan, label: Orphan, value: 3}")
    assert messages(found) == ["20:6: statistic 'orphan' has no source"]
    assert found[0].hint == "add 'source: s'"
    assert found[0].path == "statistics[8].id"


def test_party_without_positions(tmp_path):
    text = (BASE % {"body": "      Text.", "stats": ""}).replace(
        "parties:\n", "parties:\n  - {id: idle, name: Idle}\n")
    found = warnings_for(tmp_path, text=text)
    assert messages(found) == ["4:6: party 'idle' has no position in any section"]
    assert "party: idle" in found[0].hint


@pytest.mark.parametrize("extra, empty", [
    ("  - title: Empty one\n", True),
    ("  - title: Has counterarguments\n    counterarguments: [{claim: A claim.}]\n", False),
    ("  - title: Has a subsection\n    sections: [{title: Sub, body: Text.}]\n", False),
    ("  - title: Has a table\n    tables: [{caption: T, columns: [A], rows: [[x]]}]\n", False),
])
def test_section_with_nothing_in_it(tmp_path, extra, empty):
    text = (BASE % {"body": "      Text.", "stats": ""}).replace("statistics:", extra
                                                                  + "statistics:")
    found = warnings_for(tmp_path, text=text)
    assert bool(found) == empty, messages(found)
    if empty:
        assert messages(found) == ["11:5: section 'Empty one' is empty"]


def test_a_skeleton_of_headings_is_not_warned_about(tmp_path):
    """Headings first, text later: only a section left empty among written ones is flagged."""
    path = tmp_path / "skeleton.yaml"
    path.write_text("title: T\nsections:\n  - title: One\n  - title: Two\n",
                    encoding="utf-8")
    assert lint(api.prepare(str(path)).outline) == []


# ---------------------------------------------------------------- the real brief

def test_abu_dhabi_brief_is_clean(abu_outline):
    """No false positives on the real brief (its figures all come from statistics)."""
    found = lint(abu_outline.outline, abu_outline.theme.month_first)
    assert [d.format() for d in found] == []


def test_abu_dhabi_brief_with_typed_figures(tmp_path):
    """The same brief with figures typed by hand: each one is found, at its place."""
    source = (ROOT / "briefing" / "abu-dhabi-talks.yaml").read_text(encoding="utf-8")
    anchor = ("Hours before the second round, Russia fired a massive barrage, more than six "
              "times as many\n          drones as missiles ({{ figures.strike }}) [@article]:")
    assert anchor in source
    typed = ("Hours before the second round, Russia fired 71 missiles and 450 attack drones;"
             " more than 1,100 apartment buildings lost heat on 30 January 2026 [@article]:")
    path = tmp_path / "typed.yaml"
    path.write_text(source.replace(anchor, typed), encoding="utf-8")
    found = lint(api.prepare(str(path)).outline)
    ids = [d.message.split("'")[1] for d in found]
    assert ids == ["attack_missiles", "attack_drones", "kyiv_buildings_without_heat",
                   "30 January 2026"], messages(found)
    line = source[:source.index(anchor)].count("\n") + 1
    assert {d.line for d in found} == {line}


# ---------------------------------------------------------------- check

def test_check_prints_warnings_and_exits_0(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text(BASE % {"body": "      It is 78% now.", "stats": ""}, encoding="utf-8")
    assert cli.main(["check", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{path}: ok, 1 warning\n"
    assert captured.err.startswith(f"{path}:8:13: warning: sections[0].body: the number 78")
    assert captured.err.rstrip().endswith("cannot disagree)")


def test_check_strict_fails_on_warnings(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text(BASE % {"body": "      It is 78% now.", "stats": ""}, encoding="utf-8")
    assert cli.main(["check", "--strict", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "1 warning; failing (--strict)" in captured.err


def test_check_strict_passes_a_clean_outline(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text(BASE % {"body": "      Clean.", "stats": ""}, encoding="utf-8")
    assert cli.main(["check", "--strict", str(path)]) == 0
    assert capsys.readouterr().out == f"{path}: ok\n"


def test_check_no_lint(tmp_path, capsys):
    path = tmp_path / "x.yaml"
    path.write_text(BASE % {"body": "      It is 78% now.", "stats": ""}, encoding="utf-8")
    assert cli.main(["check", "--strict", "--no-lint", str(path)]) == 0
    assert capsys.readouterr().err == ""


def test_template_in_a_plain_text_field_is_a_warning(tmp_path):
    from briefgen.api import prepare
    from briefgen.lint import lint
    path = tmp_path / "b.yaml"
    path.write_text("title: T\nparties: [{id: ru, name: Russia}]\nsections:\n  - title: S\n"
                    "    body: '{{ parties.ru }} is fine here'\n    positions:\n"
                    "      - {party: ru, summary: 'keeps {{ parties.ru }}'}\n", encoding="utf-8")
    warnings = [d for d in lint(prepare(str(path)).outline) if "not expanded" in d.message]
    assert [(d.line, d.path) for d in warnings] == [(7, "sections[0].positions[0].summary")]


def test_unquoted_template_value_gets_a_quoting_hint(tmp_path, capsys):
    from briefgen.cli import main
    path = tmp_path / "b.yaml"
    path.write_text("title: T\nsections:\n  - title: S\n    body: {{ brief.title }} here.\n",
                    encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert "must be quoted" in capsys.readouterr().err
