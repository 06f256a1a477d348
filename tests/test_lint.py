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
    anchor = "Hours before the second round, Russia fired a massive barrage [@article]:"
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
