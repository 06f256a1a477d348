"""Bibliography files -> sources: CSL-JSON (`.json`) and BibTeX (`.bib`).

`read(path)` returns every entry of a file as a `schema.Source`, with its
citation key kept exactly as written as the id, and every problem found as
a `Diagnostic` with the file's own line and column. It never raises for a
mistake in the file.

CSL-JSON is read as Zotero and Pandoc write it: a list of items with `id`,
`type`, `title`, `author` (or `editor`), `container-title`,
`collection-title`, `publisher`, `publisher-place`, `number`, `genre`,
`volume`, `issue`, `issued`, `accessed`, `URL`, `DOI` and `note`.

BibTeX is read as Better BibTeX writes it, for BibTeX or biblatex: values in
braces or quotes, `#` concatenation, `@string` macros and the month macros
(`month = aug`), `@comment` and `@preamble` skipped; LaTeX accents and
symbols (`{\\'e}`, `\\"{o}`, `{\\c c}`, `\\ss`, `--`, `~`, `\\&`) become the
characters they stand for, and braces that protect case are removed.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from pathlib import Path

from . import dates
from .cite import Name
from .diagnostics import Diagnostic, did_you_mean
from .schema import Source, Text

MAX_BYTES = 64 * 1024 * 1024  # largest bibliography file read

# ---------------------------------------------------------------- kinds

CSL_KINDS = {
    "report": "report",
    "article": "article", "article-journal": "article", "article-magazine": "article",
    "article-newspaper": "article", "review": "article", "review-book": "article",
    "book": "book", "pamphlet": "book", "classic": "book", "periodical": "book",
    "chapter": "chapter", "entry": "chapter", "entry-dictionary": "chapter",
    "entry-encyclopedia": "chapter", "paper-conference": "chapter",
    "webpage": "web", "post": "web", "post-weblog": "web",
}
BIBTEX_KINDS = {
    "techreport": "report", "report": "report",
    "article": "article", "periodical": "article", "suppperiodical": "article",
    "book": "book", "mvbook": "book", "booklet": "book", "manual": "book",
    "collection": "book", "mvcollection": "book", "proceedings": "book",
    "mvproceedings": "book", "reference": "book",
    "incollection": "chapter", "inbook": "chapter", "inproceedings": "chapter",
    "conference": "chapter", "inreference": "chapter", "bookinbook": "chapter",
    "suppbook": "chapter", "suppcollection": "chapter",
    "online": "web", "electronic": "web", "www": "web", "webpage": "web",
}
# biblatex's own names for a report's type: not a phrase to print before the number
_TYPE_KEYS = {"techreport", "resreport", "report", "mathesis", "phdthesis", "candthesis",
              "patent", "patentus", "patentde", "patenteu", "patentfr", "patentuk"}


def read(path) -> tuple[list[Source], list[Diagnostic]]:
    """The sources of a CSL-JSON (`.json`) or BibTeX (`.bib`) file, and its problems."""
    file = str(path)
    suffix = Path(file).suffix.lower()
    if suffix not in (".json", ".bib"):
        return [], [Diagnostic(f"cannot read '{Path(file).name}' as a bibliography: "
                               f"its extension is not .json or .bib", file,
                               hint="export CSL JSON (.json) or BibTeX (.bib), e.g. "
                                    "from Zotero with Better BibTeX")]
    try:
        with open(file, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        return [], [Diagnostic(f"cannot read the bibliography file: {exc.strerror}", file,
                               hint="check the path; it is relative to the outline")]
    if len(raw) > MAX_BYTES:
        return [], [Diagnostic(f"the bibliography file is larger than "
                               f"{MAX_BYTES // (1024 * 1024)} MiB", file,
                               hint="export only the collection the brief cites")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [], [Diagnostic(f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", file,
                               line, col, hint="export the file as UTF-8 (Zotero and Better "
                                               "BibTeX do by default)")]
    if text.startswith("\ufeff"):
        text = text[1:]
    return read_text(text, file, suffix.lstrip("."))


def read_text(text: str, file: str = "<bibliography>", fmt: str = "bib"
              ) -> tuple[list[Source], list[Diagnostic]]:
    """Like `read`, for text already in memory; `fmt` is 'json' or 'bib'."""
    if fmt == "json":
        sources, diags = _read_csl(text, file)
    else:
        sources, diags = _Bib(text, file).read()
    sources, more = _checked(sources, file)
    if not sources and not diags:
        more.append(Diagnostic("the bibliography file has no entries", file, 1, 1,
                               hint="export the collection again; a CSL-JSON file is a list "
                                    "of items, a BibTeX entry starts @type{key,",
                               severity="warning"))
    return sources, sorted(diags + more, key=Diagnostic.sort_key)


# ---------------------------------------------------------------- shared


class _Lines:
    """Offsets in a text -> 1-based (line, column)."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self.starts, offset) - 1
        return row + 1, offset - self.starts[row] + 1

    def line(self, offset: int) -> int:
        return self.at(offset)[0]


def _make(**fields) -> Source:
    return Source(**fields)


def _forbidden(ch: str) -> bool:
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\n\r") or code in (0xFFFE, 0xFFFF) \
        or 0xD800 <= code <= 0xDFFF


def _clean(text: str) -> str:
    return "".join(c for c in text if not _forbidden(c))


def _checked(sources, file) -> tuple[list, list]:
    """Characters a document cannot hold, removed from every field and reported."""
    diags = []
    for src in sources:
        found = []
        for name in ("title", "publisher", "container", "number", "url", "place"):
            value = getattr(src, name, None)
            if isinstance(value, str) and any(_forbidden(c) for c in value):
                found.append((name, next(c for c in value if _forbidden(c))))
                setattr(src, name, _clean(value))
        for i, author in enumerate(src.authors):
            if any(_forbidden(c) for c in author):
                found.append(("author", next(c for c in author if _forbidden(c))))
                src.authors[i] = Name(_clean(author), _clean(author.family),
                                      _clean(author.given), _clean(author.suffix),
                                      author.is_org, author.others)
        if src.note is not None and any(_forbidden(c) for c in src.note.source):
            found.append(("note", next(c for c in src.note.source if _forbidden(c))))
            src.note = Text(_clean(src.note.source), ())
        for name, bad in found:
            diags.append(Diagnostic(
                f"entry '{src.id}': {name} holds character U+{ord(bad):04X}, which "
                f"cannot appear in a document", file, src.origin[1],
                hint="delete it from the reference; it is invisible in most editors"))
    return sources, diags


def _kind_number(kind: str, number, volume, issue, genre) -> str | None:
    """A report's "Genre Number", or an article's "Volume, no. Issue"."""
    number, volume, issue, genre = (str(x).strip() if x not in (None, "") else None
                                    for x in (number, volume, issue, genre))
    if kind == "article" and (volume or issue):
        if volume and issue:
            return f"{volume}, no. {issue}"
        return volume or f"no. {issue}"
    if kind == "article":
        return f"no. {number}" if number else None
    if number and genre and genre.lower() not in _TYPE_KEYS and genre not in number:
        return f"{genre} {number}"
    return number


def _doi_url(doi: str | None) -> str | None:
    if not doi:
        return None
    doi = doi.strip()
    return doi if doi.lower().startswith("http") else "https://doi.org/" + doi


_MONTH_NAMES = {}
for _n, _m in enumerate(dates.MONTHS, 1):
    _MONTH_NAMES[_m.lower()] = _n
    _MONTH_NAMES[_m[:3].lower()] = _n
_MONTH_NAMES["sept"] = 9


def _month(text) -> int | None:
    text = str(text).strip().rstrip(".").lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return _MONTH_NAMES.get(text)


def _point(year, month=None, day=None) -> str:
    out = f"{int(year):04d}"
    if month:
        out += f"-{int(month):02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def _loose_date(text: str) -> dates.EDTF | None:
    """EDTF, or "5 August 2020", "August 5, 2020", "Aug. 2020", "2020-08-05T10:00"."""
    text = " ".join(str(text).split())
    if not text:
        return None
    text = re.sub(r"^(\d{4}-\d{2}-\d{2})T[\d:.]+(Z|[+-][\d:]+)?$", r"\1", text)
    try:
        return dates.parse_edtf(text)
    except dates.DateError:
        pass
    word = r"([A-Za-z]+)\.?"
    forms = ((rf"^(\d{{1,2}}) {word},? (\d{{4}})$", (3, 2, 1)),
             (rf"^{word} (\d{{1,2}}),? (\d{{4}})$", (3, 1, 2)),
             (rf"^{word},? (\d{{4}})$", (2, 1, None)))
    for pattern, (y, m, d) in forms:
        found = re.match(pattern, text)
        if found and _month(found.group(m)):
            try:
                return dates.parse_edtf(_point(found.group(y), _month(found.group(m)),
                                               found.group(d) if d else None))
            except (dates.DateError, ValueError):
                return None
    return None


# ---------------------------------------------------------------- CSL-JSON

_CSL_TEXT = ("title", "container-title", "collection-title", "publisher", "publisher-place",
             "number", "genre", "volume", "issue", "URL", "DOI", "note", "type")
_JSON_WS = re.compile(r"[ \t\n\r]*")


def _json_positions(text: str) -> list:
    """For valid JSON holding a list: each item's offset and, for an object, the
    offset of each of its keys."""
    decoder = json.JSONDecoder()
    i = _JSON_WS.match(text, 0).end() + 1  # past '['
    out = []
    while True:
        i = _JSON_WS.match(text, i).end()
        if text[i] == "]":
            return out
        start, keys, dups = i, {}, []
        if text[i] == "{":
            i = _JSON_WS.match(text, i + 1).end()
            while text[i] != "}":
                key_at = i
                key, i = decoder.raw_decode(text, i)
                if key in keys:
                    dups.append((key, key_at))
                keys[key] = key_at
                i = _JSON_WS.match(text, i).end() + 1  # past ':'
                _, i = decoder.raw_decode(text, _JSON_WS.match(text, i).end())
                i = _JSON_WS.match(text, i).end()
                if text[i] == ",":
                    i = _JSON_WS.match(text, i + 1).end()
            i += 1
        else:
            _, i = decoder.raw_decode(text, i)
        out.append((start, keys, dups))
        i = _JSON_WS.match(text, i).end()
        if text[i] == ",":
            i += 1


def _type_name(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), "a value")


def _read_csl(text: str, file: str) -> tuple[list, list]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = "check for a missing comma, quote or bracket here or just before"
        if not text.strip():
            hint = "the file is empty; export the collection again as CSL JSON"
        return [], [Diagnostic(f"not valid JSON: {exc.msg}", file, exc.lineno, exc.colno,
                               hint=hint)]
    except RecursionError:
        return [], [Diagnostic("the JSON nests too deeply to read", file, 1, 1,
                               hint="a CSL-JSON file is a list of flat items")]
    lines = _Lines(text)
    if not isinstance(data, list):
        line, col = lines.at(_JSON_WS.match(text, 0).end())
        hint = "a CSL-JSON file is a list of items: [{\"id\": …, \"title\": …}, …]"
        if isinstance(data, dict) and isinstance(data.get("items"), list):
            hint = "export as 'CSL JSON' (a bare list of items), not a wrapped object"
        return [], [Diagnostic(f"a CSL-JSON file holds a list of items, not {_type_name(data)}",
                               file, line, col, hint=hint)]
    sources, diags = [], []
    seen: dict = {}
    for n, (item, (start, keys, dups)) in enumerate(zip(data, _json_positions(text)), 1):
        line, col = lines.at(start)
        for key, at in dups:
            diags.append(Diagnostic(f"item {n} has '{key}' twice; the last one is used",
                                    file, *lines.at(at), severity="warning",
                                    hint="delete one of them"))
        src = _csl_item(item, n, file, line, col, {k: lines.at(v) for k, v in keys.items()},
                        diags)
        if src is None:
            continue
        if src.id in seen:
            diags.append(Diagnostic(f"citation key '{src.id}' is used twice in this file",
                                    file, *lines.at(keys.get("id", start)),
                                    hint=f"the first is on line {seen[src.id]}; "
                                         "give each item its own key"))
            continue
        seen[src.id] = line
        sources.append(src)
    return sources, diags


def _csl_item(item, n, file, line, col, at, diags) -> Source | None:
    def diag(key, message, hint=None, severity="error"):
        where = at.get(key, (line, col)) if key else (line, col)
        diags.append(Diagnostic(message, file, *where, hint=hint, severity=severity))

    if not isinstance(item, dict):
        diag(None, f"item {n} is {_type_name(item)}, not an object",
             "each item is written {\"id\": …, \"type\": …, \"title\": …}")
        return None
    ident = item.get("id")
    if isinstance(ident, bool) or not isinstance(ident, (str, int)) or not str(ident).strip():
        what = "has no 'id'" if ident in (None, "") else f"has {_type_name(ident)} as its 'id'"
        diag("id" if "id" in item else None, f"item {n} {what}",
             "give it the key it is cited by: \"id\": \"smith2020\", cited as [@smith2020]")
        ident = None
    else:
        ident = str(ident)
    name = f"item '{ident}'" if ident else f"item {n}"
    ok = ident is not None
    values = {}
    for key in _CSL_TEXT:
        value = item.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool) and \
                key not in ("title", "URL", "DOI"):
            value = str(value)
        if not isinstance(value, str):
            diag(key, f"{name}: '{key}' must be a string, not {_type_name(value)}",
                 f"write \"{key}\": \"…\"")
            ok = ok and key != "title"
            continue
        values[key] = value.strip()
    if not values.get("title"):
        if "title" not in item or item.get("title") in (None, ""):
            diag(None, f"{name} has no 'title'", "add \"title\": \"…\"; every source needs one")
        ok = False
    kind = CSL_KINDS.get(values.get("type", ""), "other")
    if "type" not in item:
        diag(None, f"{name} has no 'type'; it is cited as a document of no particular kind",
             "add \"type\": \"report\", \"article-journal\", \"book\", \"webpage\" …",
             "warning")
    authors = _csl_names(item, "author", name, diag)
    if not authors:
        authors = _csl_names(item, "editor", name, diag)
    issued = _csl_date(item, "issued", name, diag)
    accessed = _csl_date(item, "accessed", name, diag)
    if not ok:
        return None
    container = values.get("container-title")
    if not container and kind != "article":
        container = values.get("collection-title")
    note = values.get("note")
    return _make(
        id=ident, title=values["title"], publisher=values.get("publisher"), date=issued,
        url=values.get("URL") or _doi_url(values.get("DOI")), authors=authors,
        container=container,
        number=_kind_number(kind, values.get("number"), values.get("volume"),
                            values.get("issue"), values.get("genre")),
        accessed=accessed, note=Text(note, ()) if note else None, kind=kind,
        origin=(file, line), path=(), place=values.get("publisher-place"))


def _csl_names(item, key, name, diag) -> list:
    value = item.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        diag(key, f"{name}: '{key}' must be a list of names, not {_type_name(value)}",
             f"write \"{key}\": [{{\"family\": \"Smith\", \"given\": \"Ann\"}}]")
        return []
    out = []
    for person in value:
        if isinstance(person, str) and person.strip():
            out.append(Name.org(person.strip()))
            continue
        if not isinstance(person, dict):
            diag(key, f"{name}: a name in '{key}' is {_type_name(person)}",
                 "write each name as {\"family\": \"Smith\", \"given\": \"Ann\"} or "
                 "{\"literal\": \"United Nations\"}")
            continue
        parts = {k: str(v).strip() for k, v in person.items()
                 if isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip()}
        if "literal" in parts:
            out.append(Name.org(parts["literal"]))
            continue
        family = " ".join(p for p in (parts.get("non-dropping-particle"), parts.get("family"))
                          if p)
        given = " ".join(p for p in (parts.get("given"), parts.get("dropping-particle")) if p)
        if not family and not given:
            diag(key, f"{name}: a name in '{key}' has no 'family', 'given' or 'literal'",
                 "write {\"family\": \"Smith\", \"given\": \"Ann\"}")
            continue
        if not family:
            out.append(Name.org(given))
            continue
        out.append(Name.person(given, family, parts.get("suffix", "")))
    return out


def _csl_date(item, key, name, diag) -> dates.EDTF | None:
    value = item.get(key)
    if value is None or value == "":
        return None
    edtf, problem = _csl_date_value(value)
    if problem:
        diag(key, f"{name}: '{key}' {problem}; it is left out",
             "write {\"date-parts\": [[2020, 8, 5]]} or {\"raw\": \"2020-08-05\"}", "warning")
    return edtf


def _csl_date_value(value):
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        found = _loose_date(str(value))
        return (found, None) if found else (None, f"'{value}' is not a date briefgen reads")
    if not isinstance(value, dict):
        return None, f"is {_type_name(value)}, not a date"
    parts = value.get("date-parts")
    if parts:
        if not isinstance(parts, list) or not all(isinstance(p, list) for p in parts) \
                or not 1 <= len(parts) <= 2:
            return None, "has 'date-parts' that are not [[year, month, day]]"
        points = []
        for p in parts:
            try:
                nums = [int(str(x)) for x in p[:3] if str(x).strip()]
            except ValueError:
                return None, f"has date-parts {p} that are not numbers"
            if not nums:
                return None, "has empty date-parts"
            year, month, day = (nums + [None, None])[:3]
            if month and 13 <= month <= 16:  # CSL's seasons
                points.append(f"{year:04d}-{month + 8}")
                continue
            if len(points) == 0 and value.get("season") and not month:
                try:
                    season = int(str(value["season"]))
                except ValueError:
                    season = 0
                if 1 <= season <= 4:
                    points.append(f"{year:04d}-{20 + season}")
                    continue
            points.append(_point(year, month, day))
        text = "/".join(points) + ("~" if value.get("circa") else "")
        try:
            return dates.parse_edtf(text), None
        except dates.DateError as exc:
            return None, f"is not a date: {exc}"
    for field in ("raw", "literal"):
        if isinstance(value.get(field), str) and value[field].strip():
            found = _loose_date(value[field])
            if found and value.get("circa") and not found.approximate:
                found = dates.parse_edtf(found.text + "~")
            return (found, None) if found else \
                (None, f"'{value[field]}' is not a date briefgen reads")
    return None, "has no 'date-parts', 'raw' or 'literal'"


# ---------------------------------------------------------------- BibTeX

_WS = re.compile(r"\s*")
_TYPE = re.compile(r"[A-Za-z][\w-]*")
_KEY = re.compile(r"[^\s,{}()=\"#%']+")
_FIELD = re.compile(r"[A-Za-z_][\w:.+/-]*")
_DIGITS = re.compile(r"\d+")
_SCAN = re.compile(r"[{}\\\"]|\n[ \t]*@(?=[ \t]*[A-Za-z]+[ \t]*[{(])")
_MACROS = {m[:3].lower(): m for m in dates.MONTHS}
_ABORT = object()  # a value left open: the entry ends there


class _Bib:
    """A BibTeX reader that reports every problem and carries on after each."""

    def __init__(self, text: str, file: str):
        self.text, self.file, self.n = text, file, len(text)
        self.lines = _Lines(text)
        self.diags: list[Diagnostic] = []
        self.macros: dict = dict(_MACROS)
        self.entries: list = []  # (type, key, at, fields); fields: name -> (raw, offset)

    def diag(self, offset, message, hint=None, severity="error"):
        line, col = self.lines.at(min(offset, self.n))
        self.diags.append(Diagnostic(message, self.file, line, col, hint=hint,
                                     severity=severity))

    def ws(self, i: int) -> int:
        return _WS.match(self.text, i).end()

    def read(self) -> tuple[list, list]:
        i = 0
        while True:
            at = self.text.find("@", i)
            if at < 0:
                break
            i = self.entry(at)
        return self.sources(), self.diags

    def _line_start(self, at: int) -> bool:
        before = self.text[self.text.rfind("\n", 0, at) + 1:at]
        return not before.strip()

    def entry(self, at: int) -> int:
        t = self.text
        j = self.ws(at + 1)
        m = _TYPE.match(t, j)
        if not m:
            if self._line_start(at) and t[j:j + 1] in ("{", "("):
                self.diag(j, "an entry has no type after '@'",
                          "write @article{key, …}, @book{…}, @techreport{…} …")
            return at + 1  # an '@' in a comment, as in an e-mail address
        etype = m.group().lower()
        j = self.ws(m.end())
        if j >= self.n or t[j] not in "{(":
            if self._line_start(at):
                self.diag(m.end(), f"expected '{{' after @{m.group()}",
                          f"an entry is written @{m.group()}{{key, field = {{value}}, …}}")
            return m.end()
        close = "}" if t[j] == "{" else ")"
        opened = j
        if etype in ("comment", "preamble"):
            end = self.skip_group(opened, close)
            return end
        if etype == "string":
            return self.string(opened, close)
        j = self.ws(opened + 1)
        km = _KEY.match(t, j)
        key_at = j
        after = self.ws(km.end()) if km else j
        key = km.group() if km else None
        if km and t[after:after + 1] == "=":
            self.diag(key_at, f"@{m.group()} entry has no citation key",
                      f"write the key right after the brace: @{m.group()}{{smith2020, …")
            key, j = None, key_at
        elif key is None:
            self.diag(j, f"@{m.group()} entry has no citation key",
                      f"write the key right after the brace: @{m.group()}{{smith2020, …")
            j = after + 1 if t[after:after + 1] == "," else after
        elif t[after:after + 1] == ",":
            j = after + 1
        elif t[after:after + 1] == close:
            j = after
        else:
            self.diag(after, f"expected ',' after the key '{key}'",
                      "a key is one word, followed by a comma: @book{smith2020, title = …")
            j = after
        fields: dict = {}  # name -> (raw text, offset); raw None: reported already
        name = key or f"@{m.group()}"
        runaway = False  # a value ran on over later fields: its '}' is missing
        while True:
            j = self.ws(j)
            if j >= self.n or t[j] == "@":
                if not runaway:
                    self.diag(opened, f"entry '{name}' is not closed: '{close}' is missing",
                              f"add '{close}' after its last field")
                break
            if t[j] == close:
                j += 1
                break
            fm = _FIELD.match(t, j)
            if not fm:
                self.diag(j, f"entry '{name}': expected a field name, found '{t[j]}'",
                          "fields are written name = {value}, separated by commas")
                j = self.skip_field(j, close)
                continue
            field = fm.group().lower()
            j = self.ws(fm.end())
            if t[j:j + 1] != "=":
                self.diag(j, f"entry '{name}': expected '=' after '{fm.group()}'",
                          f"write {fm.group()} = {{value}}")
                fields.setdefault(field, (None, fm.start()))
                j = self.skip_field(j, close)
                continue
            value_at = self.ws(j + 1)
            raw, j, skipped = self.value(value_at, close)
            if raw is _ABORT:
                fields.setdefault(field, (None, value_at))
                break
            over = re.search(r"\n[ \t]*([A-Za-z][\w-]*)[ \t]*=", raw or "") \
                if t[value_at] == "{" else None
            if over and not runaway:
                runaway = True
                line = self.lines.line(value_at + 1 + over.start() + 1)
                self.diag(value_at, f"entry '{name}': the value of '{field}' runs on into "
                          f"'{over.group(1)} =' on line {line}",
                          "a '}' is missing at the end of the value")
            if field in fields:
                self.diag(fm.start(), f"entry '{name}' has '{field}' twice; the first "
                          "one is used", "delete one of them", "warning")
            else:
                fields[field] = (raw, value_at)
            j = self.ws(j)
            if t[j:j + 1] == ",":
                j += 1
            elif j < self.n and t[j] not in (close, "@") and not skipped:
                self.diag(j, f"entry '{name}': expected ',' or '{close}' after the value "
                          f"of '{field}'", "a comma is missing between two fields")
        if key is not None:
            self.entries.append((etype, key, at, fields))
        return j

    def string(self, opened: int, close: str) -> int:
        """@string{name = value}: a macro for later values."""
        t = self.text
        j = self.ws(opened + 1)
        fm = _FIELD.match(t, j)
        if not fm or t[self.ws(fm.end()):self.ws(fm.end()) + 1] != "=":
            self.diag(j, "@string needs a name and a value",
                      "write @string{un = {United Nations}}")
            return self.skip_group(opened, close)
        raw, j, _ = self.value(self.ws(self.ws(fm.end()) + 1), close)
        if raw is _ABORT:
            return j
        j = self.ws(j)
        if t[j:j + 1] == close:
            j += 1
        else:
            self.diag(j, f"expected '{close}' to close @string{{{fm.group()} = …}}",
                      "one @string defines one macro")
            j = self.skip_group(opened, close)
        if raw is not None:
            self.macros[fm.group().lower()] = raw
        return j

    def scan(self, start: int, quote: bool):
        """The offset of the '}' (or '"') closing the value opened at `start`, or
        (None, where to carry on) if it is never closed."""
        t, depth, i = self.text, 0 if quote else 1, start + 1
        while True:
            m = _SCAN.search(t, i)
            if m is None:
                return None, self.n
            c = m.group()
            if c == "\\":
                i = m.end() + 1
                continue
            if c.startswith("\n"):
                return None, m.end() - 1
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0 and not quote:
                    return m.start(), None
                if depth < 0:  # a '}' ends the entry inside a quoted value
                    return None, m.start()
            elif c == '"' and quote and depth == 0:
                return m.start(), None
            i = m.end()

    def value(self, j: int, close: str):
        """(raw text, next offset, skipped); raw is None after a reported bad part
        (skipped: past the next comma already), _ABORT when a brace or quote is
        never closed."""
        t, parts, bad = self.text, [], False
        while True:
            c = t[j:j + 1]
            if c in ("{", '"'):
                end, resume = self.scan(j, c == '"')
                if end is None:
                    nxt = self.lines.line(resume) if t[resume:resume + 1] == "@" else None
                    what = "brace '{'" if c == "{" else "quote '\"'"
                    self.diag(j, f"unclosed {what}: the value that starts here is never "
                                 "closed", f"add the missing '{'}' if c == '{' else c}'"
                              + (f" before the entry on line {nxt}" if nxt else ""))
                    return _ABORT, resume, False
                parts.append(t[j + 1:end])
                j = end + 1
            elif c.isdigit():
                m = _DIGITS.match(t, j)
                parts.append(m.group())
                j = m.end()
            elif c and (c.isalpha() or c == "_"):
                m = _FIELD.match(t, j)
                name = m.group()
                if name.lower() in self.macros:
                    parts.append(self.macros[name.lower()])
                else:
                    hint = did_you_mean(name.lower(), [k for k in self.macros
                                                       if k not in _MACROS])
                    if not hint or not hint.startswith("did"):
                        hint = (f"define it first with @string{{{name} = {{…}}}}, or put "
                                f"the value in braces: {{{name}}}")
                    self.diag(j, f"unknown @string macro '{name}'", hint)
                    bad = True
                j = m.end()
            else:
                found = repr(c) if c else "the end of the file"
                self.diag(j, f"expected a value after '=', found {found}",
                          "put the value in braces: title = {…}")
                return None, self.skip_field(j, close), True
            k = self.ws(j)
            if t[k:k + 1] != "#":
                return (None if bad else "".join(parts)), j, False
            j = self.ws(k + 1)

    def skip_field(self, j: int, close: str) -> int:
        """Past the next ',' (or to the entry's end, or to the next entry)."""
        t, depth = self.text, 0
        while j < self.n:
            c = t[j]
            if c == "{":
                depth += 1
            elif c == "}" and depth:
                depth -= 1
            elif depth == 0 and c == ",":
                return j + 1
            elif depth == 0 and c == close:
                return j
            elif c == "\n" and t[self.ws(j):self.ws(j) + 1] == "@":
                return self.ws(j)
            j += 1
        return j

    def skip_group(self, opened: int, close: str) -> int:
        """Past the group opened at `opened` (a @comment or @preamble)."""
        if close == ")":
            end = self.text.find(")", opened)
            return self.n if end < 0 else end + 1
        end, resume = self.scan(opened, False)
        if end is None:
            self.diag(opened, "unclosed brace '{': this group is never closed",
                      "add the missing '}'")
            return resume
        return end + 1

    # -- entries -> sources

    def sources(self) -> list:
        out, seen, folded = [], {}, {}
        for etype, key, at, fields in self.entries:
            line = self.lines.line(at)
            if key in seen:
                self.diag(at, f"citation key '{key}' is used twice in this file",
                          f"the first is on line {seen[key]}; give each entry its own key")
                continue
            seen[key] = line
            other = folded.setdefault(key.casefold(), key)
            if other != key:
                self.diag(at, f"keys '{other}' and '{key}' differ only in case",
                          "BibTeX tools treat them as the same key; rename one",
                          "warning")
            src = self.source(etype, key, at, fields)
            if src is not None:
                out.append(src)
        return out

    def text_of(self, fields, name) -> str | None:
        if fields.get(name, (None,))[0] is None:
            return None
        raw, at = fields[name]
        text, unknown = latex(raw)
        for command in unknown:
            self.diag(at, f"LaTeX command '\\{command}' in '{name}' is not known; it is "
                          "kept as written", "write the character itself; the file is UTF-8",
                      "warning")
        return text or None

    def verbatim(self, fields, name) -> str | None:
        if fields.get(name, (None,))[0] is None:
            return None
        raw = " ".join(fields[name][0].split())
        m = re.fullmatch(r"\\url\{(.*)\}", raw)
        return (m.group(1) if m else raw).strip() or None

    def source(self, etype, key, at, fields) -> Source | None:
        written = set(fields)
        fields = {k: v for k, v in fields.items() if v[0] is not None}
        title = self.text_of(fields, "title")
        subtitle = self.text_of(fields, "subtitle")
        if title and subtitle:
            title += (" " if title[-1] in "?!:" else ": ") + subtitle
        if not title:
            if "title" not in written:  # else its problem is reported already
                self.diag(at, f"entry '{key}' has no title", "add title = {…}; every "
                          "source needs one")
            return None
        kind = BIBTEX_KINDS.get(etype, "other")
        authors = self.names(fields, "author") or self.names(fields, "editor")
        text = lambda name: self.text_of(fields, name)  # noqa: E731
        publisher = text("publisher") or text("institution") or text("organization")
        container = text("journaltitle") or text("journal") or text("booktitle")
        url = self.verbatim(fields, "url") or _doi_url(self.verbatim(fields, "doi"))
        how = fields.get("howpublished")
        if how is not None:
            found = re.search(r"\\url\{([^}]*)\}", how[0])
            if found:
                url = url or found.group(1).strip()
            elif not publisher:
                publisher = text("howpublished")
        if not container and kind != "article":
            container = text("series")
        if kind == "article":
            number = _kind_number(kind, None, text("volume"), text("number") or text("issue"),
                                  None)
        else:
            number = _kind_number(kind, text("number"), None, None, text("type"))
        note = text("note")
        return _make(
            id=key, title=title, publisher=publisher, date=self.date(fields, key),
            url=url, authors=authors, container=container, number=number,
            accessed=self.edtf(fields, "urldate", key), note=Text(note, ()) if note else None,
            kind=kind, origin=(self.file, self.lines.line(at)), path=(),
            place=text("location") or text("address"))

    def edtf(self, fields, name, key) -> dates.EDTF | None:
        if fields.get(name, (None,))[0] is None:
            return None
        raw, at = fields[name]
        text, _ = latex(raw)
        found = _loose_date(text)
        if found is None and text:
            self.diag(at, f"entry '{key}': {name} '{text}' is not a date briefgen reads; "
                          "it is left out", "write it as 2020-08-05, 2020-08 or 2020",
                      "warning")
        return found

    def date(self, fields, key) -> dates.EDTF | None:
        if "date" in fields:
            return self.edtf(fields, "date", key)
        if "year" not in fields:
            return None
        raw, at = fields["year"]
        year, _ = latex(raw)
        if not re.fullmatch(r"\d{4}", year):
            if year:
                self.diag(at, f"entry '{key}': year '{year}' is not a year; the entry is "
                              "left undated", "write year = {2020}", "warning")
            return None
        month = day = None
        if "month" in fields:
            text, _ = latex(fields["month"][0])
            month = _month(text)
            if month is None:
                self.diag(fields["month"][1], f"entry '{key}': month '{text}' is not a "
                          "month; only the year is used", "write month = aug or month = {8}",
                          "warning")
        if month and "day" in fields:
            text, _ = latex(fields["day"][0])
            day = int(text) if text.isdigit() else None
        try:
            return dates.parse_edtf(_point(year, month, day))
        except dates.DateError:
            self.diag(fields["day"][1], f"entry '{key}': {_point(year, month, day)} is not "
                      "a calendar day; only the month is used", severity="warning")
            return dates.parse_edtf(_point(year, month))

    def names(self, fields, name) -> list:
        if fields.get(name, (None,))[0] is None:
            return []
        raw, at = fields[name]
        out = []
        for part in _split_depth0(raw.strip(), r"\s+and\s+", re.IGNORECASE):
            part = part.strip()
            if not part:
                continue
            if part.lower() == "others":
                out.append(Name.et_al())
                continue
            parsed, unknown = _bibtex_name(part)
            for command in unknown:
                self.diag(at, f"LaTeX command '\\{command}' in '{name}' is not known; it "
                              "is kept as written", "write the character itself; the file "
                              "is UTF-8", "warning")
            if parsed is not None:
                out.append(parsed)
        return out


# ---------------------------------------------------------------- BibTeX names


def _masked(text: str) -> str:
    """The text with everything inside braces replaced by 'x' (same length)."""
    out, depth = [], 0
    for c in text:
        if c == "{":
            depth += 1
            out.append("x")
        elif c == "}":
            depth = max(depth - 1, 0)
            out.append("x")
        else:
            out.append("x" if depth else c)
    return "".join(out)


def _split_depth0(text: str, pattern: str, flags=0) -> list:
    mask = _masked(text)
    out, last = [], 0
    for m in re.finditer(pattern, mask, flags):
        out.append(text[last:m.start()])
        last = m.end()
    out.append(text[last:])
    return out


def _words(text: str) -> list:
    return [w for w in _split_depth0(text.strip(), r"\s+") if w]


def _is_von(word: str) -> bool:
    """A lower-case word outside braces: BibTeX's "von" part."""
    i = 0
    while i < len(word) and not word[i].isalpha():
        if word[i] == "{":  # {\'e}tienne: the letter inside a special character counts
            m = re.match(r"\{\\[^A-Za-z\s]\s*\{?([A-Za-z])|\{\\[A-Za-z]+\s+([A-Za-z])",
                         word[i:])
            if not m:
                return False
            return (m.group(1) or m.group(2)).islower()
        i += 1
    return i < len(word) and word[i].islower()


def _bibtex_name(raw: str):
    """A BibTeX name ("Family, Given", "Given Family", "von Last, Jr, First" or a
    "{Protected Name}") as a `Name`, and the unknown LaTeX commands in it."""
    unknown: list = []

    def dec(text):
        out, bad = latex(text)
        unknown.extend(bad)
        return out

    mask = _masked(raw)
    if raw.startswith("{") and raw.endswith("}") and mask.strip("x") == "" and \
            _closing(raw) == len(raw) - 1:
        return Name.org(dec(raw[1:-1])), unknown
    parts = [p.strip() for p in _split_depth0(raw, ",")]
    if len(parts) == 1:
        words = _words(parts[0])
        if len(words) == 1:
            return Name.person("", dec(words[0])), unknown
        vons = [i for i, w in enumerate(words[:-1]) if _is_von(w)]
        cut = vons[0] if vons else len(words) - 1
        first, last, jr = words[:cut], words[cut:], []
    else:
        last = _words(parts[0])
        jr = [parts[1]] if len(parts) >= 3 else []
        first = [", ".join(parts[2:])] if len(parts) >= 3 else [parts[1]]
    given = dec(" ".join(first))
    family = dec(" ".join(last))
    suffix = dec(" ".join(jr))
    if not family:
        return (Name.org(given), unknown) if given else (None, unknown)
    return Name.person(given, family, suffix), unknown


def _closing(text: str) -> int:
    """The offset of the brace closing the one at text[0]."""
    depth = 0
    for i, c in enumerate(text):
        depth += (c == "{") - (c == "}")
        if depth == 0:
            return i
    return -1


# ---------------------------------------------------------------- LaTeX

_ACCENTS = {"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303",
            "=": "\u0304", ".": "\u0307", "c": "\u0327", "v": "\u030c", "u": "\u0306",
            "H": "\u030b", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331",
            "t": "\u0361"}
_SPACING = {"'": "\u00b4", "`": "`", "^": "^", '"': "\u00a8", "~": "~", "=": "\u00af",
            ".": "\u02d9", "c": "\u00b8", "v": "\u02c7", "u": "\u02d8", "H": "\u02dd",
            "k": "\u02db", "r": "\u02da"}
_LETTERS = {
    "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "o": "ø", "O": "Ø",
    "ss": "ß", "SS": "SS", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "textendash": "–", "textemdash": "—", "ldots": "…", "dots": "…", "textellipsis": "…",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "textquotesingle": "'", "textquotedbl": '"',
    "guillemotleft": "«", "guillemotright": "»", "guillemetleft": "«",
    "guillemetright": "»", "guilsinglleft": "‹", "guilsinglright": "›", "S": "§", "P": "¶",
    "copyright": "©", "textcopyright": "©", "textregistered": "®", "texttrademark": "™",
    "pounds": "£", "textsterling": "£", "euro": "€", "texteuro": "€", "textdollar": "$",
    "textbackslash": "\\", "textasciitilde": "~", "textasciicircum": "^",
    "textunderscore": "_", "textbar": "|", "textless": "<", "textgreater": ">",
    "textdegree": "°", "degree": "°", "textperiodcentered": "·", "textbullet": "•",
    "textexclamdown": "¡", "textquestiondown": "¿", "textsection": "§", "textpercent": "%",
    "textampersand": "&", "textnumero": "№", "textminus": "−", "LaTeX": "LaTeX",
    "TeX": "TeX", "relax": "", "protect": "", "nobreakspace": "\u00a0", "quad": " ",
    "qquad": " ", "space": " ", "slash": "/", "textslash": "/", "newline": " ",
    "par": " ", "allowbreak": "", "textcommabelow": "", "bibnamedelima": " ",
    "bibnamedelimb": " ", "bibnamedelimc": " ", "bibnamedelimd": " ", "bibinitdelim": " ",
    "geq": "≥", "ge": "≥", "leq": "≤", "le": "≤", "times": "×", "pm": "±", "approx": "≈",
    "neq": "≠", "ne": "≠", "cdot": "·", "infty": "∞", "to": "→", "rightarrow": "→",
    "textmu": "µ", "mu": "µ", "percent": "%",
}
_SYMBOLS = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", " ": " ",
            ",": "\u202f", "-": "", "/": "", "\\": " ", "@": "", ";": " ", ":": " ",
            "!": "", "|": "|", "\n": " ", "\t": " "}
_KEEP = {"emph", "textit", "textbf", "textsc", "textrm", "texttt", "textsf", "textup",
         "textmd", "textnormal", "textsl", "mbox", "hbox", "text", "nocase", "NoCaseChange",
         "url", "ensuremath", "textsuperscript", "textsubscript", "mkbibemph", "mkbibitalic",
         "mkbibbold", "textenglish", "textrussian", "textukrainian", "textfrench",
         "textgerman", "path", "hyphenation", "ignorespaces"}
_PLAIN = re.compile(r"[^\\{}\-~`'$]+")
_MAX_DEPTH = 100
_WORD = re.compile(r"[A-Za-z]+")


class _Latex:
    def __init__(self, text: str):
        self.s, self.i, self.unknown, self.depth = text, 0, [], 0

    def group(self) -> str:
        """Text up to the '}' closing the current group (or the end)."""
        s, out = self.s, []
        while self.i < len(s):
            c = s[self.i]
            if c == "}":
                self.i += 1
                if self.depth:
                    return "".join(out)
            elif c == "{":
                self.i += 1
                if self.depth < _MAX_DEPTH:
                    self.depth += 1
                    out.append(self.group())
                    self.depth -= 1
            elif c == "\\":
                out.append(self.command())
            elif c == "-":
                n = 3 if s.startswith("---", self.i) else 2 if s.startswith("--", self.i) else 1
                out.append({3: "—", 2: "–", 1: "-"}[n])
                self.i += n
            elif c == "~":
                out.append("\u00a0")
                self.i += 1
            elif c in "`'":
                double = s.startswith(c * 2, self.i)
                out.append({"`": "“" if double else "‘", "'": "”" if double else "'"}[c])
                self.i += 2 if double else 1
            elif c == "$":
                self.i += 1
            else:
                m = _PLAIN.match(s, self.i)
                out.append(m.group())
                self.i = m.end()
        return "".join(out)

    def argument(self) -> str | None:
        s = self.s
        while self.i < len(s) and s[self.i] in " \t\n":
            self.i += 1
        if self.i >= len(s):
            return None
        c = s[self.i]
        if c == "{":
            self.i += 1
            self.depth += 1
            text = self.group()
            self.depth -= 1
            return text
        if c == "\\":
            return self.command()
        if c == "}":
            return None
        self.i += 1
        return c

    def command(self) -> str:
        s = self.s
        i = self.i + 1
        if i >= len(s):
            self.i = i
            return "\\"
        if s[i].isalpha():
            m = _WORD.match(s, i)
            name, self.i = m.group(), m.end()
            if name not in _ACCENTS:
                while self.i < len(s) and s[self.i] in " \t\n":
                    self.i += 1  # TeX ends a command word with the spaces after it
        else:
            name, self.i = s[i], i + 1
        if name in _ACCENTS:
            arg = self.argument()
            if not arg:
                return _SPACING.get(name, "")
            base = {"ı": "i", "ȷ": "j"}.get(arg[0], arg[0])
            return base + _ACCENTS[name] + arg[1:]
        if name in _LETTERS:
            if s.startswith("{}", self.i):
                self.i += 2
            return _LETTERS[name]
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _KEEP:
            return self.argument() or ""
        if name in ("enquote", "mkbibquote"):
            return f"“{self.argument() or ''}”"
        if name in ("MakeUppercase", "uppercase", "MakeTextUppercase"):
            return (self.argument() or "").upper()
        if name in ("MakeLowercase", "lowercase", "MakeTextLowercase"):
            return (self.argument() or "").lower()
        if name in ("href", "foreignlanguage", "textlang", "hyphenrules"):
            self.argument()
            return self.argument() or ""
        if name in ("noopsort", "sortname", "hyphen"):
            self.argument()
            return ""
        self.unknown.append(name)
        if s.startswith("{", self.i):
            return self.argument() or ""
        return "\\" + name


def latex(text: str) -> tuple[str, list]:
    """BibTeX value text -> plain Unicode, and the LaTeX commands it did not know."""
    decoder = _Latex(text)
    out = decoder.group()
    out = unicodedata.normalize("NFC", out)
    out = re.sub(r"[ \t\r\n]+", " ", out).strip()
    return out, decoder.unknown

