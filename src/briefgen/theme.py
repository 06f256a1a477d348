"""Themes: page, font and named paragraph styles from `styles/*.yaml`.

Both writers read the same `Theme`; lengths are points, colours hex RGB.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass

import yaml

from .diagnostics import BriefError, Diagnostic, did_you_mean

STYLES_DIR = os.environ.get("BRIEFGEN_STYLES") or os.path.normpath(
    os.path.join(os.path.dirname(__file__), "..", "..", "styles"))
PAGE_SIZES = {"a4": (595.2756, 841.8898), "letter": (612.0, 792.0)}
_STYLE_KEYS = {"parent", "size", "leading", "color", "bold", "italic", "space_before",
               "space_after", "left_indent", "align", "keep_with_next"}
FONT_FACES = ("regular", "bold", "italic", "bold_italic")
_FALLBACKS = {"footnote": "notes"}  # style -> the style a theme without it uses


@dataclass(frozen=True)
class Style:
    """One named paragraph style, with its parent chain resolved."""

    name: str
    size: float = 10.0
    leading: float = 13.0
    color: str = "#000000"
    bold: bool = False
    italic: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    left_indent: float = 0.0
    align: str = "left"
    keep_with_next: bool = False


@dataclass(frozen=True, eq=False)
class Theme:
    """A theme file, resolved."""

    name: str
    path: str
    page_size: tuple
    margins: dict  # top, bottom, left, right
    month_first: bool
    language: str
    family: str
    font_files: dict  # face -> absolute path
    colors: dict
    table: dict
    box: dict
    styles: dict  # name -> Style
    chart_colors: tuple = ()  # series colours of charts, hex, in order

    def style(self, name: str) -> Style:
        return self.styles[name]

    def color(self, name: str) -> str:
        return self.colors[name]

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins["top"] - self.margins["bottom"]


def resolve_path(style: str | None, outline_file: str | None) -> str:
    """A `style:` value -> the theme file: a name in styles/ or a path."""
    style = style or "default"
    if style.endswith((".yaml", ".yml")) or os.sep in style or "/" in style:
        base = os.path.dirname(os.path.abspath(outline_file)) if outline_file else os.getcwd()
        return os.path.normpath(os.path.join(base, style))
    return os.path.join(STYLES_DIR, style + ".yaml")


def available() -> list[str]:
    try:
        return sorted(f[:-5] for f in os.listdir(STYLES_DIR) if f.endswith(".yaml"))
    except OSError:
        return []


@functools.lru_cache(maxsize=16)
def load_theme(path: str) -> Theme:
    """Read and check a theme file; raise BriefError naming what is wrong."""
    def fail(message, hint=None):
        raise BriefError([Diagnostic(message, path, hint=hint)])

    if not os.path.isfile(path):
        if os.path.dirname(path) == os.path.normpath(STYLES_DIR):
            name = os.path.basename(path).rsplit(".", 1)[0]
            fail("no such theme", did_you_mean(name, available(), "theme"))
        fail(f"no theme file at {path}", "'style:' in an outline is relative to the outline's "
             "folder, --style to the current folder")
    try:
        with open(path, encoding="utf-8") as fh:
            # libyaml's parser where PyYAML has it: the same data, some 40 ms sooner
            data = yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        fail("cannot read the theme: " + " ".join(str(exc).split()))
    if not isinstance(data, dict) or "styles" not in data or "font" not in data:
        fail("not a theme: it needs 'page', 'font', 'colors' and 'styles'",
             "copy styles/default.yaml and change it")
    try:
        return _build(path, data)
    except ContrastError as exc:
        marks = _key_marks(path)
        raise BriefError([Diagnostic(
            problem, path, *marks.get(key, (None, None)), path=".".join(key), hint=(
                "darken the text colour or lighten the background; WCAG AA asks 4.5:1 for "
                "text under 14 pt bold or 18 pt, 3:1 for larger text"))
            for key, problem in exc.problems])
    except KeyError as exc:
        fail(f"theme is incomplete: no {exc} given", "compare it with styles/default.yaml")
    except (TypeError, ValueError) as exc:
        fail(f"theme is malformed: {exc}", "compare it with styles/default.yaml")


def _mapping(data: dict, key: str, required: bool = False) -> dict:
    value = data.get(key, {} if not required else None)
    if value is None and required:
        raise KeyError(key)
    if not isinstance(value, dict):
        raise ValueError(f"'{key}' must be a mapping of settings, not {value!r}")
    return value


def _number(section: str, key: str, value, default: float) -> float:
    value = default if value is None else value
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise ValueError(f"{section}.{key} must be a number of points, not {value!r}")
    return float(value)


def _build(path: str, data: dict) -> Theme:
    base = os.path.dirname(path)
    page = _mapping(data, "page")
    for section in ("table", "box"):
        for key, value in _mapping(data, section).items():
            if key != "zebra":
                _number(section, key, value, 0)
    if not isinstance(_mapping(data, "table").get("zebra", True), bool):
        raise ValueError("table.zebra must be true or false")
    _mapping(data, "dates")
    _mapping(data, "font", required=True)
    _mapping(data, "styles", required=True)
    size_name = str(page.get("size", "A4")).lower()
    if size_name not in PAGE_SIZES:
        raise ValueError(f"page size '{page.get('size')}' (use A4 or Letter)")
    colors = {k: str(v) for k, v in _mapping(data, "colors", required=True).items()}
    font = data["font"]
    files = {}
    for face in FONT_FACES:
        file = os.path.normpath(os.path.join(base, font[face]))
        if not os.path.isfile(file):
            raise ValueError(f"font file '{font[face]}' not found")
        files[face] = file
    raw = data["styles"]
    styles: dict = {}

    def resolve(name, seen=()):
        if name in styles:
            return styles[name]
        if name in seen:
            raise ValueError(f"style '{name}' is its own parent")
        if name not in raw:
            raise ValueError(f"style '{seen[-1]}' names a parent '{name}' that is not defined")
        if not isinstance(raw[name], dict):
            raise ValueError(f"style '{name}' must be a mapping of properties")
        spec = dict(raw[name])
        unknown = set(spec) - _STYLE_KEYS
        if unknown:
            raise ValueError(f"style '{name}' has unknown keys {sorted(unknown)}")
        parent = spec.pop("parent", None)
        values = dict(resolve(parent, seen + (name,)).__dict__) if parent else {}
        values.update(spec)
        values["name"] = name
        if values.get("color", "#") in colors:
            values["color"] = colors[values["color"]]
        for key, value in spec.items():
            _check_style_value(name, key, value, colors)
        style = Style(**values)
        if parent:  # children keep their parent's leading ratio unless they set one
            if "size" in spec and "leading" not in spec:
                style = Style(**{**style.__dict__, "leading": round(style.size * 1.3, 2)})
        styles[name] = style
        return style

    for name in raw:
        resolve(name)
    for name, fallback in _FALLBACKS.items():  # styles added since a theme was written
        if name not in styles and fallback in styles:
            styles[name] = Style(**{**styles[fallback].__dict__, "name": name})
    chart = _mapping(data, "chart")
    given = "colors" in chart
    written = chart.get("colors", ["accent", "callout_rule", "marking", "muted"])
    if not isinstance(written, list) or not written:
        raise ValueError("chart.colors must be a list of colour names or #rrggbb")
    chart_colors, chart_keys = [], []
    for value in written:
        name, value = str(value), colors.get(str(value), str(value))
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
            raise ValueError(f"chart.colors: {value!r} is not a colour name or #rrggbb")
        chart_colors.append(value)
        chart_keys.append(("chart", "colors") if given else ("colors", name))
    problems = contrast_problems(styles, colors, raw)
    for key, value in zip(chart_keys, chart_colors):  # bars and lines: 3:1 for graphics
        ratio = contrast_ratio(value, PAGE)
        if ratio < 3.0 and not any(k == key for k, _ in problems):
            problems.append((key, f"chart colour {value} on the page has contrast "
                                  f"{ratio:.2f}:1, below 3:1 (bars and lines)"))
    if problems:
        raise ContrastError(problems)
    return Theme(
        name=str(data.get("name", os.path.basename(path))), path=path,
        page_size=PAGE_SIZES[size_name],
        margins={k: _number("page", f"margin_{k}", page.get(f"margin_{k}"), 60)
                 for k in ("top", "bottom", "left", "right")},
        month_first=bool(data.get("dates", {}).get("month_first", False)),
        language=str(data.get("language", "en-GB")),
        family=str(font["family"]), font_files=files, colors=colors,
        table=dict(data.get("table", {})), box=dict(data.get("box", {})), styles=styles,
        chart_colors=tuple(chart_colors))


class ContrastError(ValueError):
    """Text colours of a theme that are too faint on the background they are drawn on."""

    def __init__(self, problems: list[tuple[tuple, str]]):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems  # (key path in the theme file, message)


PAGE = "#ffffff"
# Where the writers draw each style's text, besides the page: boxes hold prose
# (paragraphs, lists, quotes, code) and their labels; table rows are plain or
# zebra-striped; header and group rows have a fill of their own.
_BOXES = ("summary_bg", "callout_bg")
_ON = {
    "table_header": ("header_bg",),
    "table_group": ("group_bg",),
    **{name: (PAGE,) + _BOXES for name in (
        "body", "list_item", "quote", "code", "party", "box_title", "callout_label",
        "callout_body")},
}
_TABLE_ROWS = (PAGE, "zebra")  # any other table_ style
# colours the writers use for text inside any of those, by what they draw
_SPAN_COLORS = {"link": "links in text", "muted": "code in text",
                "accent": "list bullets and numbers"}


def relative_luminance(hex_color: str) -> float:
    """WCAG 2 relative luminance of #rrggbb."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    hi, lo = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _is_large(style: Style) -> bool:
    return style.size >= 18 or (style.bold and style.size >= 14)


def _color_key(name: str, raw: dict) -> tuple:
    """Where a style's colour is set: its own `color`, a parent's, or the style."""
    seen, at = set(), name
    while at in raw and at not in seen and isinstance(raw[at], dict):
        if "color" in raw[at]:
            return ("styles", at, "color")
        seen.add(at)
        at = raw[at].get("parent")
    return ("styles", name)


def contrast_problems(styles: dict, colors: dict, raw: dict | None = None) -> list:
    """Every (text, background) pair below WCAG AA contrast, as (key path, message)."""
    def hex_of(name: str) -> str | None:
        value = colors.get(name, name)
        return value if re.fullmatch(r"#[0-9a-fA-F]{6}", value or "") else None

    pairs = []  # (key path, what, large text?, foreground, background name)
    for name, style in styles.items():
        backgrounds = _ON.get(name) or (_TABLE_ROWS if name.startswith("table_") else (PAGE,))
        for bg in backgrounds:
            pairs.append((_color_key(name, raw or {}), f"style '{name}'", _is_large(style),
                          style.color, bg))
    for span, role in _SPAN_COLORS.items():
        if span in colors:
            for bg in _TABLE_ROWS + _BOXES:
                pairs.append((("colors", span), f"colour '{span}' ({role})", False,
                              colors[span], bg))
    if "marking" in colors:  # the cover's marking band: page-coloured text on the marking
        pairs.append((("colors", "marking"), "the cover's marking band", False, PAGE,
                      "marking"))
    problems = []
    for key, what, large, fg, bg in pairs:
        fg_hex, bg_hex = hex_of(fg), hex_of(bg)
        if not fg_hex or not bg_hex:
            continue
        need = 3.0 if large else 4.5
        ratio = contrast_ratio(fg_hex, bg_hex)
        if ratio < need:
            on = "the page" if bg == PAGE else f"'{bg}'"
            problems.append((key, f"{what}: text {fg_hex} on {on} {bg_hex} has contrast "
                                  f"{ratio:.2f}:1, below {need:g}:1"))
    return problems


def _key_marks(path: str) -> dict:
    """Key path in a YAML file -> (line, column) of the key, both from 1."""
    marks: dict = {}

    def walk(node, prefix):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = prefix + (str(key.value),)
                marks[here] = (key.start_mark.line + 1, key.start_mark.column + 1)
                walk(value, here)
    try:
        with open(path, encoding="utf-8") as fh:
            walk(yaml.compose(fh), ())
    except (OSError, yaml.YAMLError):
        pass
    return marks


def _check_style_value(style: str, key: str, value, colors: dict):
    numbers = {"size", "leading", "space_before", "space_after", "left_indent"}
    flags = {"bold", "italic", "keep_with_next"}
    if key in numbers and (not isinstance(value, (int, float)) or isinstance(value, bool)
                           or value < 0 or value > 500):
        raise ValueError(f"style '{style}': {key} must be a number of points, not {value!r}")
    if key in flags and not isinstance(value, bool):
        raise ValueError(f"style '{style}': {key} must be true or false, not {value!r}")
    if key == "align" and value not in ("left", "right", "center", "justify"):
        raise ValueError(f"style '{style}': align must be left, right, center or justify")
    if key == "color" and value not in colors and not (
            isinstance(value, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", value)):
        raise ValueError(f"style '{style}': color must be a colour name from 'colors' "
                         f"or #rrggbb, not {value!r}")


def font_names(theme: Theme) -> dict:
    """face -> the name the theme's font faces are registered under in a PDF."""
    base = "".join(ch for ch in theme.family if ch.isalnum())
    return {face: f"{base}-{face}" for face in theme.font_files}


@functools.lru_cache(maxsize=32)
def font_face(name: str, path: str):
    """A parsed TrueType face (reportlab's), shared by the glyph check and the PDF writer."""
    from reportlab.pdfbase import ttfonts
    _cache_faces(ttfonts)
    return _font_class(ttfonts)(name, path)


@functools.lru_cache(maxsize=1)
def _font_class(ttfonts):
    """reportlab's TrueType font, with `splitString` (text to the codes of the
    embedded subset, for every string drawn) done by one `str.translate` when every
    character of the text has its code already, as nearly all have after a page or
    two; reportlab's own loop, one character at a time, gives each new character its
    code. The codes are the same either way."""

    class _Font(ttfonts.TTFont):
        def splitString(self, text, doc, encoding="utf-8"):
            state = self.state.get(doc)
            if state is not None and text and isinstance(text, str):
                assignments = state.assignments
                known = state.__dict__.get("_briefgen_known")
                if known is None or known[0] != len(assignments):
                    table = {code: n for code, n in assignments.items() if n < 256}
                    if 32 in table:  # reportlab draws a no-break space as a space
                        table[0xA0] = table[32]
                    known = state._briefgen_known = (len(assignments), table,
                                                     frozenset(map(chr, table)))
                if known[2].issuperset(text):
                    return [(0, text.translate(known[1]).encode("latin-1"))]
            return super().splitString(text, doc, encoding)
    return _Font


def _cache_faces(ttfonts) -> None:
    """reportlab reads a whole TrueType file to learn its metrics and coverage (some
    15 ms a face, four faces a build). Its faces are made by `_CachedFace` instead,
    which keeps what reportlab read in briefgen's cache, keyed by the file's bytes and
    reportlab's version, and reads that back (about 7 ms a face instead of 15-25)."""
    if getattr(ttfonts.TTFontFace, "briefgen", False):
        return
    import pickle

    import reportlab

    from . import cache
    base = ttfonts.TTFontFace

    class _CachedFace(base):
        briefgen = True

        def __init__(self, filename, validate=0, subfontIndex=0):
            try:
                with open(filename, "rb") as fh:
                    data = fh.read()
            except (OSError, TypeError):  # reportlab reports it
                data = None
            parsed = []

            def parse() -> dict:  # reportlab's own reading, and what it learnt
                base.__init__(self, filename, validate=validate, subfontIndex=subfontIndex)
                parsed.append(True)
                return {k: v for k, v in self.__dict__.items()
                        if k not in ("_pdfScale", "_ttf_data")}
            if data is None:
                parse()
                return
            entry = cache.key("reportlab face 2", reportlab.Version, validate, subfontIndex,
                              ttfonts.rl_config.allowTTFSubsetting, data) + ".pickle"
            state = cache.remembered_value("fonts", entry, parse,
                                           lambda st: pickle.dumps(st, protocol=5),
                                           pickle.loads)
            if parsed:
                return
            try:
                ttfonts.pdfmetrics.TypeFace.__init__(self, None)
                self.__dict__.update(state)
                self._ttf_data, self.filename = data, filename
                units = self.unitsPerEm
                self._pdfScale = (lambda x: x) if units == 1000 else \
                    (lambda x, m=1000 / units: x * m)
            except Exception:  # an entry that is not a face's: read the file again
                parse()
    ttfonts.TTFontFace = _CachedFace


@functools.lru_cache(maxsize=16)
def coverage(theme: Theme) -> frozenset:
    """Code points every face of the theme's font can draw."""
    names = font_names(theme)
    faces = [set(font_face(names[face], path).face.charToGlyph)
             for face, path in theme.font_files.items()]
    return frozenset(set.intersection(*faces))
