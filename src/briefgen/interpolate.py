"""Render `{{ stats.ID }}` and friends in prose fields, in a strict Jinja sandbox."""

from __future__ import annotations

import functools
import re
from sys import exc_info

from . import dates
from .diagnostics import Diagnostic, did_you_mean
from .format import stat_display
from .loader import path_text
from .schema import Outline, Text, walk_sections


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


class _Misses(list):
    """Attribute names a template asked for and did not find: (owner, name)."""


_MISSED = _Misses()
_NOUNS = {"stats": "statistic", "parties": "party", "events": "event with an id",
          "tables": "table with an id", "figures": "figure with an id"}


class StatRef:
    """What `{{ stats.ID }}` evaluates to: prints its display, `.value` is raw."""

    def __init__(self, ident: str, display: str, value, word: tuple | None = None):
        self._id, self._display, self.value = ident, display, value
        self._word = word  # zero to ten in words (masculine, feminine), for `| words`

    def __getattr__(self, name):
        if not name.startswith("_"):
            _MISSED.append((f"stats.{self.__dict__.get('_id')}", name, ["value"]))
        raise AttributeError(name)

    def __str__(self):
        return self._display


def _stat_word(stat, lang) -> str | None:
    """'three', 'trois', or None: only an exact whole number 0-10 becomes a word."""
    if stat.approx or stat.value.kind != "number":
        return None
    try:
        value = float(stat.value.texts[0].replace("_", ""))
    except ValueError:
        return None
    words = (lang.words(value), lang.words(value, feminine=True))
    if words[0] is None or stat.unit == "%":  # 'three %' is not written
        return None
    return tuple(f"{w} {stat.unit}" if stat.unit else w for w in words)


_BRIEF = ("title", "subtitle", "date", "version", "organization", "marking")  # brief.*


class _Brief:
    def __init__(self, outline: Outline, month_first):
        self.title = outline.title
        self.subtitle = outline.subtitle or ""
        self.date = dates.display_day(outline.date, month_first) if outline.date else ""
        self.version = outline.version or ""
        self.organization = outline.organization or ""
        self.marking = outline.marking or ""

    def __getattr__(self, name):
        if not name.startswith("_"):
            _MISSED.append(("brief", name, list(_BRIEF)))
        raise AttributeError(name)


@functools.lru_cache(maxsize=1)
def _environment():
    """The sandbox (imported on first use: a brief whose templates all take the quick
    path below never loads Jinja)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment
    env = SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False,
                               keep_trailing_newline=True, loader=None)
    env.globals.clear()  # no range(), dict(), lipsum(), cycler() ...
    env.filters["words"] = _words
    return env


_WORD = "\x02"  # marks a number word until the sentence around it is known


def _words(value, form: str | None = None):
    """`{{ stats.ID | words }}`: a whole number from zero to ten as a word in the
    brief's language (with its unit, if any), capitalized where it starts a
    sentence; `| words("f")` takes the feminine form (une, eine, una). Anything
    else prints as usual."""
    if isinstance(value, StatRef) and value._word is not None:
        return _WORD + value._word[form in ("f", "feminine")]
    return value


# what comes before a word that starts a sentence: . ! ? (and a closing quote or
# bracket) and a space, a blank line, a list marker; then any opening markup
_SENTENCE_END = re.compile(r"(?:[.!?][\"”’»)\]]?\s+|\n[ \t>]*\n[ \t>]*|"
                           r"(?:^|\n)[ \t>]*(?:[-*+]|\d+[.)])[ \t]+)[*_«„“‚‘\s]*\Z")


def _capitalized(text: str) -> str:
    """Number words that start a sentence get a capital ('Drei Runden …')."""
    if _WORD not in text:
        return text
    out, rest = [], text
    while _WORD in rest:
        before, _, rest = rest.partition(_WORD)
        out.append(before)
        done = "".join(out)
        if rest and (not done.strip(" \t\n*_«„“‚‘") or _SENTENCE_END.search(done[-80:])):
            rest = rest[:1].upper() + rest[1:]
    out.append(rest)
    return "".join(out)


_MARKERS = ("{{", "{%", "{#")
_ALLOWED = "templates may only read stats, parties, events, tables, figures and brief"


def prose_fields(outline: Outline):
    """Every markdown field of the outline, in document order."""
    yield from (t for t in _all_prose(outline) if t is not None)


def _all_prose(outline: Outline):
    if outline.summary:
        yield outline.summary
    yield from outline.key_points
    for judgment in outline.judgments:
        yield judgment.text
    for party in outline.parties:
        if party.note:
            yield party.note
    for section, _ in walk_sections(outline.sections):
        if section.body:
            yield section.body
        for table in section.tables:
            if table.notes:
                yield table.notes
        for figure in section.figures:
            if figure.note:
                yield figure.note
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
    for recommendation in outline.recommendations:
        yield recommendation.text
    if outline.about:
        yield outline.about
    for author in outline.authors:
        if getattr(author, "bio", None):
            yield author.bio


def interpolate(outline: Outline, month_first=False) -> list[Diagnostic]:
    """Render every prose field in place (`Text.rendered`); return the errors.
    `month_first` is the brief's Language (or, for English, the month-first flag)."""
    from .i18n import as_language
    lang = as_language(month_first)
    stats = _Namespace("stats", {s.id: StatRef(s.id, stat_display(s, lang), s.value.raw,
                                               _stat_word(s, lang))
                                 for s in outline.statistics if s.id and s.value})
    parties = _Namespace("parties", {p.id: p.name for p in outline.parties if p.id})
    events = _Namespace("events", {e.id: e.date.display(month_first)
                                   for e in outline.timeline if e.id and e.date})
    # 'Table 3', 'Figure 2' as live links: [](#id) shows its target's number once
    # the builder has numbered everything
    tables = _Namespace("tables", {t.id: f"[](#{t.id})" for s, _ in walk_sections(
        outline.sections) for t in s.tables if t.id})
    figures = _Namespace("figures", {f.id: f"[](#{f.id})" for s, _ in walk_sections(
        outline.sections) for f in s.figures if f.id})
    context = {"stats": stats, "parties": parties, "events": events, "tables": tables,
               "figures": figures, "brief": _Brief(outline, month_first)}
    errors = []
    for text in prose_fields(outline):
        if not any(m in text.source for m in _MARKERS):
            continue
        for ns in (stats, parties, events, tables, figures):
            ns._misses.clear()
        _MISSED.clear()
        quick = _quick(text.source, context)
        if quick is not None:
            text.rendered = _capitalized(quick)
            continue
        import jinja2
        try:
            text.rendered = _capitalized(_template(text.source).render(context))
        except jinja2.TemplateSyntaxError as exc:
            errors.append(_diag(outline, text, exc.lineno,
                                f"template syntax: {exc.message}",
                                "close every '{{' with '}}'; put literal braces inside "
                                "{% raw %}…{% endraw %}"))
        except jinja2.UndefinedError as exc:
            diag = _undefined(outline, text, exc, (stats, parties, events, tables, figures))
            if diag:
                errors.append(diag)
        except jinja2.exceptions.SecurityError:
            errors.append(_diag(outline, text, _template_line(exc_info()),
                                "not allowed in a template: only data can be read",
                                _ALLOWED))
        except Exception as exc:  # anything else a sandboxed template can raise
            message = str(exc)
            if "no loader" in message or "include" in message:
                message = "templates cannot include, import or extend other files"
            else:
                message = f"template failed: {message}"
            errors.append(_diag(outline, text, _template_line(exc_info()), message,
                                _ALLOWED))
    return errors


@functools.lru_cache(maxsize=4096)
def _template(source: str):
    """A compiled template; a watched brief compiles each of its templates once."""
    return _environment().from_string(source)


# `{{ stats.ID }}`, `{{ parties["an-id"] }}`, `{{ stats.ID.value }}`, `{{ stats.ID |
# words("f") }}`, `{{ brief.title }}`: nearly every template is only these
_SIMPLE = re.compile(
    r"\{\{(?!-)\s*(stats|parties|events|tables|figures|brief)"
    r"(?:\.([A-Za-z][A-Za-z0-9_]*)|\[\s*(?:\"([^\"\\{}]*)\"|'([^'\\{}]*)')\s*\])"
    r"(\.value)?\s*(\|\s*words\s*(?:\(\s*(?:\"(\w*)\"|'(\w*)')\s*\))?\s*)?(?<!-)\}\}")


def _quick(source: str, context: dict) -> str | None:
    """What Jinja would render for a template made only of the simple expressions
    above, each of which names something that exists; else None, and Jinja renders
    it (and reports what is wrong). Compiling a template costs about a millisecond."""
    if "{%" in source or "{#" in source or "\r" in source:
        return None
    out, at = [], 0
    for m in _SIMPLE.finditer(source):
        if source[m.start() - 1:m.start()] == "{":
            return None  # '{{{ …': Jinja reads it otherwise
        out.append(source[at:m.start()])
        at = m.end()
        name, attr, double, single, value, words, f1, f2 = m.groups()
        key = attr if attr is not None else double if double is not None else single
        if name == "brief":
            if attr is None or key not in _BRIEF or value:
                return None
            found = getattr(context["brief"], key)
        else:
            items = context[name]._items
            if key not in items or (value and name != "stats"):
                return None
            found = items[key]
            if value:
                found = found.value
        if words is not None:
            found = _words(found, f1 if f1 is not None else f2)
        out.append(str(found))
    out.append(source[at:])
    if any(marker in piece for piece in out[::2] for marker in _MARKERS):
        return None  # a '{{' the simple pattern did not take
    return "".join(out)


def _undefined(outline, text, exc, namespaces) -> Diagnostic | None:
    line = _template_line(exc_info())
    for ns in namespaces:
        if ns._misses:
            name = ns._misses[-1]
            if name in outline.broken_ids:
                return None  # already reported where that record is defined
            hyphenated = [i for i in ns._items if i.startswith(name + "-")]
            hint = (f'an id with a hyphen is written {ns._kind}["{hyphenated[0]}"]'
                    if hyphenated else did_you_mean(name, ns._items, _NOUNS[ns._kind]))
            return _diag(outline, text, line, f"unknown name '{ns._kind}.{name}'", hint,
                         needle=name)
    if _MISSED:
        owner, attr, known = _MISSED[-1]
        return _diag(outline, text, line, f"{owner} has no attribute '{attr}'",
                     did_you_mean(attr, known), needle=attr)
    message = str(exc.message or exc)
    undefined = re.match(r"'(\w+)' is undefined", message)
    if undefined:
        return _diag(outline, text, line, f"unknown name '{undefined.group(1)}'",
                     "names available: stats, parties, events, tables, figures, brief; to show "
                     "braces as typed, use {% raw %}…{% endraw %}",
                     needle=undefined.group(1))
    no_attr = re.search(r"has no attribute '([^']*)'", message)
    if no_attr:
        return _diag(outline, text, line, f"nothing called '{no_attr.group(1)}' there",
                     "stats.ID has .value; parties.ID and events.ID are plain text",
                     needle=no_attr.group(1))
    return _diag(outline, text, line, f"template: {message}",
                 "names available: stats, parties, events, tables, figures, brief")


def _template_line(info) -> int | None:
    """The template line an error was raised on, from Jinja's rewritten traceback."""
    tb, line = info[2], None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _diag(outline, text: Text, lineno, message, hint=None, needle=None) -> Diagnostic:
    """A diagnostic at the file line that holds the template's line `lineno`."""
    loaded = outline.loaded
    if loaded is None:
        return Diagnostic(message, outline.file, None, None, path_text(text.path), hint)
    source_lines = text.source.split("\n")
    probe = None
    if lineno and 1 <= lineno <= len(source_lines):
        probe = source_lines[lineno - 1].strip()[:40] or None
    line, col = loaded.locate(text.path, probe) if probe else loaded.where(text.path + ("=",))
    if probe and lineno and loaded.lines[line - 1].find(probe) < 0:
        line = _folded_line(loaded, text, source_lines[lineno - 1]) or line
    if needle and probe:  # narrow to the name within that line
        found = loaded.lines[line - 1].find(needle) if line else -1
        col = found + 1 if found >= 0 else col
    elif needle:
        line, col = loaded.locate(text.path, needle)
    return Diagnostic(message, outline.file, line, col, path_text(text.path), hint)


def _folded_line(loaded, text: Text, template_line: str) -> int | None:
    """In a folded or flowing scalar, the last file line with a tag that the template line holds."""
    first = loaded.where(text.path + ("=",))[0] or 1
    last = loaded.ends.get(tuple(text.path), first)
    best = None
    for number in range(first, min(last, len(loaded.lines)) + 1):
        piece = loaded.lines[number - 1].strip()
        if piece and piece in template_line and ("{{" in piece or "{%" in piece):
            best = number
    return best


