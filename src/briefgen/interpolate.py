"""Render `{{ stats.ID }}` and friends in prose fields, in a strict Jinja sandbox."""

from __future__ import annotations

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from . import dates
from .diagnostics import Diagnostic, did_you_mean
from .format import stat_display
from .schema import Outline, Text


class _Namespace:
    """`stats`, `parties`, `events`: item and attribute access, misses recorded."""

    def __init__(self, kind: str, items: dict):
        self._kind, self._items, self._misses = kind, items, []

    def __getitem__(self, key):
        if key in self._items:
            return self._items[key]
        self._misses.append(key)
        raise KeyError(key)

    def __getattr__(self, key):
        items = self.__dict__.get("_items", {})
        if key.startswith("_") or key not in items:
            raise AttributeError(key)
        return items[key]

    def __str__(self):
        return f"<{self._kind}>"


class StatRef:
    """What `{{ stats.ID }}` evaluates to: prints its display, `.value` is raw."""

    def __init__(self, display: str, value):
        self._display, self.value = display, value

    def __str__(self):
        return self._display


class _Brief:
    def __init__(self, outline: Outline, month_first: bool):
        self.title = outline.title
        self.subtitle = outline.subtitle or ""
        self.date = dates.display_day(outline.date, month_first) if outline.date else ""
        self.version = outline.version or ""
        self.organization = outline.organization or ""
        self.marking = outline.marking or ""


def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                               keep_trailing_newline=True, loader=None)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler() ...
    return env


_ENV = _environment()
_MARKERS = ("{{", "{%", "{#")


def prose_fields(outline: Outline):
    """Every markdown field of the outline, in document order."""
    if outline.summary:
        yield outline.summary
    yield from outline.key_points
    for party in outline.parties:
        if party.note:
            yield party.note
    from .schema import walk_sections
    for section, _ in walk_sections(outline.sections):
        if section.body:
            yield section.body
        for table in section.tables:
            if table.notes:
                yield table.notes
        for position in section.positions:
            yield from position.points
        for counter in section.counterarguments:
            yield counter.claim
            if counter.response:
                yield counter.response
    for stat in outline.statistics:
        if stat.note:
            yield stat.note
    for event in outline.timeline:
        if event.detail:
            yield event.detail


def interpolate(outline: Outline, month_first: bool = False) -> list[Diagnostic]:
    """Render every prose field in place (`Text.rendered`); return the errors."""
    stats = _Namespace("stats", {s.id: StatRef(stat_display(s), s.value.raw)
                                 for s in outline.statistics})
    parties = _Namespace("parties", {p.id: p.name for p in outline.parties})
    events = _Namespace("events", {e.id: e.date.display(month_first)
                                   for e in outline.timeline if e.id})
    context = {"stats": stats, "parties": parties, "events": events,
               "brief": _Brief(outline, month_first)}
    errors = []
    for text in prose_fields(outline):
        if not any(m in text.source for m in _MARKERS):
            continue
        for ns in (stats, parties, events):
            ns._misses.clear()
        try:
            text.rendered = _ENV.from_string(text.source).render(context)
        except jinja2.TemplateSyntaxError as exc:
            errors.append(_diag(outline, text, exc.lineno,
                                f"template syntax: {exc.message}",
                                "close every '{{' with '}}'; put literal braces inside "
                                "{% raw %}…{% endraw %}"))
        except jinja2.UndefinedError as exc:
            errors.append(_undefined(outline, text, exc, (stats, parties, events)))
        except jinja2.exceptions.SecurityError as exc:
            errors.append(_diag(outline, text, None, f"not allowed in a template: {exc}",
                                "templates may only read stats, parties, events and brief"))
        except jinja2.TemplateError as exc:
            message = str(exc)
            if "no loader" in message:
                message = "templates cannot include, import or extend other files"
            errors.append(_diag(outline, text, None, f"template: {message}"))
        except Exception as exc:  # anything a sandboxed expression can still raise
            errors.append(_diag(outline, text, None, f"template failed: {exc}",
                                "templates may only read stats, parties, events and brief"))
    return errors


def _undefined(outline, text, exc, namespaces) -> Diagnostic:
    for ns in namespaces:
        if ns._misses:
            name = ns._misses[-1]
            return _diag(outline, text, None, f"unknown name '{ns._kind}.{name}'",
                         did_you_mean(name, ns._items, ns._kind))
    message = str(exc.message or exc)
    hint = "names available: stats, parties, events, brief"
    return _diag(outline, text, None, f"template: {message}", hint)


def _diag(outline, text: Text, lineno, message, hint=None) -> Diagnostic:
    loaded = outline.loaded
    line, col = loaded.where(text.path + ("=",)) if loaded else (None, None)
    if line is not None and lineno:
        if text.block:
            line, col = line + lineno, None
        elif lineno > 1:
            line, col = line + lineno - 1, None
    return Diagnostic(message, outline.file, line, col, _path(text.path), hint)


def _path(path) -> str:
    from .loader import path_text
    return path_text(path)
