"""Templates: the quick path for simple expressions renders exactly what Jinja
renders, and leaves everything else (and every error) to Jinja."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import interpolate as interp
from briefgen.api import prepare
from briefgen.loader import load_text
from briefgen.schema import validate

ROOT = Path(__file__).resolve().parent.parent
OUTLINES = sorted((ROOT / "briefing").glob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))


def _rendered(outline) -> list:
    return [(t.path, t.rendered) for t in interp.prose_fields(outline)]


@pytest.mark.parametrize("path", OUTLINES, ids=lambda p: p.stem)
def test_the_quick_path_renders_what_jinja_renders(path, monkeypatch):
    quick = prepare(str(path)).outline
    used = []
    original = interp._quick
    monkeypatch.setattr(interp, "_quick", lambda s, c: used.append(original(s, c)) or None)
    slow = prepare(str(path)).outline
    assert _rendered(quick) == _rendered(slow)
    if path.stem == "abu-dhabi-talks":
        assert used and all(u is not None for u in used)  # every template of it is simple


OUTLINE = """\
title: T
date: 2026-02-06
parties:
  - {id: us, name: United States}
  - {id: ru-fed, name: Russia}
statistics:
  - {id: rounds, label: Rounds, value: 3}
  - {id: share, label: Share, value: 57, unit: "%"}
sections:
  - title: One
    body: |
      X
"""


def _render(body: str, lang: str = "en"):
    text = OUTLINE.replace("      X\n", "".join(f"      {line}\n" for line in body.split("\n")))
    if lang != "en":
        text = f"lang: {lang}\n" + text
    outline, errors = validate(load_text(text, "t.yaml"))
    assert not errors
    outline.language = __import__("briefgen.i18n", fromlist=["x"]).language_for(
        outline.lang, "en-GB", False, outline.labels, outline.typography)
    problems = interp.interpolate(outline, outline.language)
    return outline.sections[0].body.rendered, [p.message for p in problems]


@pytest.mark.parametrize("body", [
    "{{ stats.rounds }} rounds and {{stats.share}}.",
    '{{ parties["ru-fed"] }} and {{ parties[\'us\'] }}',
    "{{ stats.rounds | words }} rounds; {{ stats.rounds|words('f') }}",
    "{{ stats.rounds.value }} / {{ brief.title }} / {{ brief.date }}",
    "Before {{- stats.rounds }} after",
    "{% raw %}{{ stats.rounds }}{% endraw %} {{ stats.rounds }}",
    "{{ stats.rounds ~ '!' }}",
    "{{ stats.nope }}",
    "{{ parties.us.value }}",
    "{{ brief.nothing }}",
    "{{ stats.rounds }",
    "Braces {{{ stats.rounds }} here.",
    "{{ stats.rounds }}} and {{ stats.share }}}}",
    "{ {{ stats.rounds }} }",
])
def test_simple_and_other_templates_agree_with_jinja(body, monkeypatch):
    quick = _render(body)
    monkeypatch.setattr(interp, "_quick", lambda s, c: None)
    assert quick == _render(body)


def test_which_templates_take_the_quick_path():
    context = {"stats": interp._Namespace("stats", {"a": interp.StatRef("a", "3", 3, ("three", "three"))}),
               "parties": interp._Namespace("parties", {"x-y": "X"}),
               "events": interp._Namespace("events", {}), "tables": interp._Namespace("tables", {}),
               "figures": interp._Namespace("figures", {}), "brief": None}
    assert interp._quick("{{ stats.a }} and {{ parties['x-y'] }}", context) == "3 and X"
    assert interp._quick("{{ stats.a | words }}", context) == interp._WORD + "three"
    for jinja_only in ("{{ stats.b }}", "{{ stats.a ~ 1 }}", "{{- stats.a }}", "{% if 1 %}{% endif %}",
                       "{{ stats.a }} {{ oops }}", "{{ parties['x-y'].value }}"):
        assert interp._quick(jinja_only, context) is None, jinja_only
