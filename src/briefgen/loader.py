"""Read an outline file: YAML nodes -> plain data, with a map of path -> (line, col).

Only YAML's safe types are accepted, duplicate keys are errors, and alias
expansion is bounded so that an "alias bomb" is refused quickly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml
from yaml.constructor import SafeConstructor

from .diagnostics import BriefError, Diagnostic

MAX_BYTES = 5 * 1024 * 1024  # largest outline file read
MAX_NODES = 250_000  # YAML values after expanding aliases
MAX_DEPTH = 40  # nesting of mappings and lists

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_BAD_XML = {c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE, 0xFFFF}


def _forbidden(code: int) -> bool:
    """A code point XML 1.0 (and so a DOCX) cannot hold: controls and lone surrogates."""
    return code in _BAD_XML or 0xD800 <= code <= 0xDFFF

# YAML reads these as line breaks, where editors (and our line numbers) do not
_YAML_BREAKS = {0x85: "next line", 0x2028: "line separator", 0x2029: "paragraph separator"}

Path = tuple
_ID_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_-")
# libyaml's parser when PyYAML was built with it (it is, in PyPI's wheels): 5x faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def path_text(path: Path) -> str:
    """('sections', 2, 'title') -> 'sections[2].title'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class Loaded:
    """An outline as plain data, with where each value stands in the file."""

    file: str
    data: object
    marks: dict = field(default_factory=dict)  # path -> (line, col), 1-based
    raw: dict = field(default_factory=dict)  # path -> scalar text as written
    block: set = field(default_factory=set)  # paths of literal/folded block scalars
    lines: list = field(default_factory=list)  # the file's text, line by line
    ends: dict = field(default_factory=dict)  # path -> last line of a scalar
    # problems that leave the data readable (a duplicate key keeps its first value),
    # reported together with what validation finds
    kept_errors: list = field(default_factory=list)
    # what the raw text shows but the data cannot (a ' #' that YAML read as a
    # comment); lint reports these with its own warnings
    warnings: list = field(default_factory=list)

    def locate(self, path: Path, needle: str, whole: bool = False,
               skip: int = 0) -> tuple[int | None, int | None]:
        """Where `needle` is first written at or after the value at `path`; with
        `whole`, only where no id character follows it (`@reuter` is not `@reuters`);
        with `skip`, the occurrence after that many others."""
        line, col = self.where(tuple(path) + ("=",)) if tuple(path) + ("=",) in self.marks \
            else self.where(path)
        if line is None or not needle:
            return line, col
        last = self.ends.get(tuple(path), line)
        for i in range(line - 1, min(len(self.lines), last)):
            start = (col - 1) if (i == line - 1 and col) else 0
            text = self.lines[i]
            found = text.find(needle, start)
            while found >= 0:
                if whole and text[found + len(needle):][:1] in _ID_CHARS:
                    found = text.find(needle, found + 1)
                elif skip:
                    skip -= 1
                    found = text.find(needle, found + len(needle))
                else:
                    return i + 1, found + 1
        return line, col

    def where(self, path: Path) -> tuple[int | None, int | None]:
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def diag(self, path: Path, message: str, hint: str | None = None,
             severity: str = "error", at: tuple | None = None) -> Diagnostic:
        line, col = at or self.where(path)
        return Diagnostic(message, self.file, line, col, path_text(path), hint, severity)


class _Walker:
    """Turns composed YAML nodes into plain data, recording marks."""

    def __init__(self, loaded: Loaded):
        self.out = loaded
        self.errors: list[Diagnostic] = []
        self.count = 0
        self.constructor = SafeConstructor()

    def error(self, node, path, message, hint=None):
        mark = node.start_mark
        self.errors.append(Diagnostic(message, self.out.file, mark.line + 1,
                                      mark.column + 1, path_text(path), hint))

    def walk(self, node, path: Path, depth: int = 0):
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(path, node.start_mark)
        if depth > MAX_DEPTH:
            self.error(node, path, f"nesting is deeper than {MAX_DEPTH} levels",
                       "a recursive alias, or an outline far deeper than the format allows")
            return None
        self.out.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                self.error(node, path, f"YAML tag '{node.tag}' is not allowed",
                           "outlines use plain YAML types only")
                return None
            return [self.walk(child, path + (i,), depth + 1)
                    for i, child in enumerate(node.value)]
        return self.scalar(node, path)

    def scalar(self, node, path):
        if node.tag not in _SCALAR_TAGS:
            self.error(node, path, f"YAML tag '{node.tag}' is not allowed",
                       "outlines use plain YAML types only; remove the '!' tag")
            return None
        bad = next((c for c in node.value if _forbidden(ord(c))), None) \
            if _FORBIDDEN.search(node.value) else None
        if bad is not None:
            self.error(node, path, f"character U+{ord(bad):04X} cannot appear in a document",
                       "remove the escape that produces it")
            return None
        self.out.raw[path] = node.value
        self.out.ends[path] = node.end_mark.line + 1
        if node.style in ("|", ">"):
            self.out.block.add(path)
        if node.tag == _TAG + "timestamp":
            return node.value  # dates stay as written; the schema parses them
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            self.error(node, path, f"cannot read value '{node.value}': {exc}")
            return None

    def mapping(self, node, path, depth):
        if node.tag != _TAG + "map":
            self.error(node, path, f"YAML tag '{node.tag}' is not allowed",
                       "outlines use plain YAML types only")
            return None
        result: dict = {}
        seen: dict = {}
        pairs = list(node.value)
        merged: list = []
        for key_node, value_node in pairs:
            if key_node.tag == _TAG + "merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) \
                    else [value_node]
                for src in sources:
                    if isinstance(src, yaml.MappingNode):
                        merged.extend(src.value)
                    else:
                        self.error(key_node, path, "'<<' merges only mappings",
                                   "merge an anchored mapping: '<<: *name'")
                continue
        for key_node, value_node in pairs + [p for p in merged]:
            if key_node.tag == _TAG + "merge":
                continue
            from_merge = (key_node, value_node) not in pairs
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, path, "a key must be a plain name",
                           _QUOTE_HINT if _unquoted_template(self.out.lines,
                                                             key_node.start_mark.line)
                           else "lists and mappings cannot be keys")
                continue
            key = key_node.value
            if key in seen:
                if from_merge:
                    continue  # explicit keys win over merged ones
                first = seen[key]
                mark = key_node.start_mark
                self.out.kept_errors.append(Diagnostic(
                    f"duplicate key '{key}' (first given on line {first.line + 1})",
                    self.out.file, mark.line + 1, mark.column + 1, path_text(path + (key,)),
                    "YAML would silently keep only the last one; remove or rename one"))
                continue
            seen[key] = key_node.start_mark
            result[key] = self.walk(value_node, path + (key,), depth + 1)
            self.out.marks[path + (key,)] = (key_node.start_mark.line + 1,
                                             key_node.start_mark.column + 1)
            vm = value_node.start_mark
            self.out.marks[path + (key, "=")] = (vm.line + 1, vm.column + 1)
        return result


_QUOTE_HINT = ("a value that starts with '{{' must be quoted, as in "
               "detail: \"{{ parties.russia }} agreed\"")


def _unquoted_template(lines: list, line: int) -> bool:
    """Whether a line near this one has a value starting with an unquoted '{{'."""
    for text in lines[max(0, line - 1): line + 1]:
        if re.search(r"(^|:|-)\s+\{\{", text):
            return True
    return False


class _TooBig(Exception):
    """The expanded outline passed MAX_NODES at `path` (a node starting at `mark`)."""

    def __init__(self, path: Path, mark):
        super().__init__(path)
        self.path, self.mark = path, mark


def _alias_on_path(text: str, path: Path):
    """(mark, n) of the first alias (`*name`) met on the way from the top of the
    document to `path`, which stands at `path[:n]`: the alias whose expansion
    holds that value. Read from the event stream, where an alias keeps its own
    place (a composed node only has the place of its anchor). None when no
    alias leads there."""
    events = iter(yaml.parse(text, Loader=_LOADER))
    for event in events:
        if isinstance(event, yaml.DocumentStartEvent):
            break
    try:
        return _follow(events, tuple(path), 0)
    except (StopIteration, yaml.YAMLError):
        return None


def _follow(events, path: Path, depth: int):
    event = next(events)
    if isinstance(event, yaml.AliasEvent):
        return event.start_mark, depth
    if depth == len(path):
        return None
    step = path[depth]
    if isinstance(event, yaml.MappingStartEvent):
        merge = None
        while True:
            key = next(events)
            if isinstance(key, yaml.MappingEndEvent):
                # a key that came in through '<<: *name'
                return (merge, depth) if merge is not None else None
            merge_key = isinstance(key, yaml.ScalarEvent) and key.value == "<<" and \
                key.tag is None and key.implicit[0]
            if isinstance(key, yaml.ScalarEvent) and key.value == step and not merge_key:
                return _follow(events, path, depth + 1)
            _skip(key, events)
            value = next(events)
            if merge_key and merge is None:
                merge = _first_alias(value, events)
            else:
                _skip(value, events)
    if isinstance(event, yaml.SequenceStartEvent) and isinstance(step, int):
        for _ in range(step):
            item = next(events)
            if isinstance(item, yaml.SequenceEndEvent):
                return None
            _skip(item, events)
        return _follow(events, path, depth + 1)
    _skip(event, events)
    return None


def _skip(event, events):
    """Consume the rest of the node that `event` starts."""
    depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _first_alias(event, events):
    """The mark of the first alias in the node `event` starts (consumed whole)."""
    if isinstance(event, yaml.AliasEvent):
        return event.start_mark
    found = None
    depth = 1 if isinstance(event, yaml.CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, yaml.AliasEvent) and found is None:
            found = event.start_mark
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return found


# A ' #' that ends a plain value is where a YAML comment starts. It is worth a
# warning when the '#' is followed at once by a letter or digit ("Report #277",
# "#hashtag"): that is text. A comment is written '# like this' (a space after
# the '#'), so trailing comments in that style are left alone.
_GLUED_HASH = re.compile(r"[ \t]#[^\s#]")
_COMMENT_AFTER = re.compile(r"([ \t]+)#(?=[^\s#])")


def _comment_in_flow(lines: list, start, end) -> tuple[int, int] | None:
    """(line, col) of a '#' glued to text ("P #1") that starts the first comment
    outside quotes from a flow collection's opening bracket (`start`) to where the
    parser gave up (`end`): that comment took the closing bracket with it."""
    if start is None or end.line < start.line:
        return None
    quote = None
    for i in range(start.line, min(end.line, len(lines) - 1) + 1):
        text = lines[i]
        j = start.column if i == start.line else 0
        while j < len(text):
            ch = text[j]
            if quote == '"' and ch == "\\":
                j += 2
                continue
            if quote == "'" and ch == "'" and text[j + 1: j + 2] == "'":
                j += 2
                continue
            if quote:
                quote = None if ch == quote else quote
            elif ch in "\"'" and (j == 0 or text[j - 1] in " \t[{,:"):
                quote = ch
            elif ch == "#" and j > 0 and text[j - 1] in " \t":
                if _GLUED_HASH.match(text, j - 1):
                    return i + 1, j + 1  # '#277': text, not a comment
                return None  # '# note': a comment; the brackets were left open anyway
            j += 1
    return None


def _comment_warnings(loaded: Loaded, text: str) -> list[Diagnostic]:
    """Warnings for plain (unquoted) values whose end YAML read as a comment."""
    if not any(_GLUED_HASH.search(line) for line in loaded.lines):
        return []
    starts: dict = {}
    for path in loaded.raw:
        mark = loaded.marks.get(path + ("=",)) or loaded.marks.get(path)
        starts.setdefault(mark, path)
    out = []
    try:
        tokens = list(yaml.scan(text, Loader=_LOADER))
    except yaml.YAMLError:
        return []
    for token in tokens:
        if not isinstance(token, yaml.ScalarToken) or not token.plain:
            continue
        end = token.end_mark
        if end.line >= len(loaded.lines):
            continue
        rest = loaded.lines[end.line][end.column:]
        glued = _COMMENT_AFTER.match(rest)
        if not glued:
            continue
        comment = rest[glued.end(1):].rstrip()
        whole = token.value + glued.group(1) + comment
        quoted = f'"{whole}"' if not any(c in whole for c in '"\\') \
            else "'" + whole.replace("'", "''") + "'"
        where = (token.start_mark.line + 1, token.start_mark.column + 1)
        path = starts.get(where, ())
        out.append(Diagnostic(
            "text after ' #' is a YAML comment; quote the value to keep it",
            loaded.file, end.line + 1, end.column + glued.end(1) + 1, path_text(path),
            f"the value reads '{token.value}'; write {quoted}, or '# {comment[1:]}' if it "
            "is a comment",
            "warning"))
    return out


def _decode(raw: bytes, file: str) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before[before.rfind(b"\n") + 1:]
        col = len(line_start.decode("utf-8", errors="replace")) + 1
        raise BriefError([Diagnostic(
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", file, line, col,
            hint="save the outline as UTF-8 (in most editors: 'Save with encoding')")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless; drop it
    return text


# the characters `_forbidden` names, and with them those YAML reads as line breaks, as
# regex classes: one search settles the usual text, which has none of them
_BAD_CLASS = "".join(f"\\u{c:04x}" for c in sorted(_BAD_XML)) + "\\ud800-\\udfff"
_FORBIDDEN = re.compile(f"[{_BAD_CLASS}]")
_SUSPECT = re.compile(f"[{_BAD_CLASS}" + "".join(f"\\u{c:04x}" for c in _YAML_BREAKS) + "]")


def _check_characters(text: str, file: str) -> list[Diagnostic]:
    """XML 1.0 forbids some characters that YAML escapes can still produce."""
    found = []
    if not _SUSPECT.search(text):  # the usual case, found at once
        return found
    for lineno, line in enumerate(text.split("\n"), 1):
        for col, ch in enumerate(line, 1):
            code = ord(ch)
            if _forbidden(code):
                found.append(Diagnostic(
                    f"character U+{code:04X} cannot appear in a document",
                    file, lineno, col, hint="delete it; it is invisible in most editors"))
            elif code in _YAML_BREAKS:
                found.append(Diagnostic(
                    f"character U+{code:04X} ({_YAML_BREAKS[code]}) is read as a line break",
                    file, lineno, col, hint="replace it with a space or a real line break; "
                    "it often comes from pasted or mis-decoded text"))
    return found


def load_text(text: str, file: str = "<outline>") -> Loaded:
    """Parse outline text; raise BriefError with every problem found."""
    loaded = Loaded(file, None, lines=text.split("\n"))
    problems = _check_characters(text, file)
    if problems:
        raise BriefError(problems)
    if not text.strip():
        raise BriefError([Diagnostic("the outline is empty", file, 1, 1,
                                     hint="start from 'briefgen new NAME' or the README's example")])
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        raise BriefError([Diagnostic(
            f"character U+{exc.character if isinstance(exc.character, int) else ord(exc.character):04X}"
            " cannot appear in an outline", file, before.count("\n") + 1,
            len(before) - (before.rfind("\n") + 1) + 1,
            hint="delete it; it is invisible in most editors")]) from None
    except RecursionError:
        raise BriefError([Diagnostic("the outline nests too deeply", file, 1, 1,
                                     hint=f"at most {MAX_DEPTH} levels")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "end of stream" in str(exc.problem or ""):
            mark = exc.context_mark  # point at what was left open, not at the end
        message = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = "check indentation and quoting on this line or the one before"
        lines = text.split("\n")
        line_text = lines[mark.line] if mark and mark.line < len(lines) else ""
        indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
        at = (mark.line + 1, mark.column + 1) if mark else (None, None)
        cut = _comment_in_flow(lines, exc.context_mark, mark) \
            if mark and "flow" in str(exc.context or "") else None
        if "\t" in indent or "tab" in message.lower():
            hint = "YAML does not allow tabs for indentation; use spaces"
        elif cut:
            at = cut  # the ' #' that cut the line short, not where the parser gave up
            hint = ("text after ' #' is a YAML comment, so the rest of the line is lost and "
                    "the brackets are left open; quote the value with the '#' in it")
        elif mark and _unquoted_template(lines, mark.line):
            hint = _QUOTE_HINT
        raise BriefError([Diagnostic(f"YAML syntax: {message}", file, at[0], at[1],
                                     hint=hint)]) from None
    except yaml.YAMLError as exc:
        raise BriefError([Diagnostic(f"YAML: {exc}", file, 1, 1)]) from None
    if node is None:
        raise BriefError([Diagnostic("the outline is empty", file, 1, 1)])
    walker = _Walker(loaded)
    try:
        loaded.data = walker.walk(node, ())
    except _TooBig as big:
        mark, depth = _alias_on_path(text, big.path) or (big.mark, len(big.path))
        raise BriefError([Diagnostic(
            f"the outline expands to more than {MAX_NODES:,} values",
            file, mark.line + 1, mark.column + 1, path_text(big.path[:depth]),
            hint="YAML aliases (*name) repeat content; an alias bomb is refused")]) from None
    except RecursionError:
        raise BriefError([Diagnostic("the outline nests too deeply", file, 1, 1)]) from None
    if walker.errors:
        raise BriefError(walker.errors)
    loaded.warnings = _comment_warnings(loaded, text)
    return loaded


def read_file(path: str) -> bytes:
    """An outline file's bytes (at most MAX_BYTES and one more, to tell it is too long)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise BriefError([Diagnostic(f"cannot read the outline: {exc.strerror}", path)]) from None


def load_file(path: str, raw: bytes | None = None) -> Loaded:
    """Read and parse one outline file (`raw`: its bytes, read already)."""
    if raw is None:
        raw = read_file(path)
    if len(raw) > MAX_BYTES:
        raise BriefError([Diagnostic(
            f"the outline is larger than {MAX_BYTES // (1024 * 1024)} MiB", path,
            hint="split it into several briefs")])
    return load_text(_decode(raw, path), path)
