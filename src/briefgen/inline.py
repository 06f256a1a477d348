"""Prose -> model blocks and spans, through markdown-it-py (CommonMark).

Raw HTML stays literal text, entities are not decoded (text appears as
typed), `[@id]` becomes a numbered citation and `#id` links stay internal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import autolink as _autolink_rule
from markdown_it.rules_inline import image as _image_rule
from markdown_it.rules_inline import link as _link_rule

from .model import ListBlock, Note, Paragraph, Preformatted, Quote, Span

# a citation key: an outline id, or a bibliography file's key as written there
# (Smith2020, smith:2020, un.report-3); Pandoc's rule, without its rarer punctuation
KEY = r"[A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*\w)?"
_ITEM = rf"@{KEY}(?:\s*,\s*(?!\s*@)[^;\]\[]*[^;\]\[\s])?"
# [@a], [@a; @b], [@a, @b], [@a, p. 12], [@a, pp. 2–4; @b]
CITATION = re.compile(rf"\[({_ITEM}(?:\s*[;,]\s*{_ITEM})*)\]")
CITED_ID = re.compile(rf"@({KEY})")
_CITED = re.compile(rf"@(?P<key>{KEY})(?:\s*,\s*(?!\s*@)(?P<locator>[^;\]\[]*[^;\]\[\s]))?")
LOCATOR_WORDS = ("p.", "pp.", "para.", "paras.", "sec.", "ch.", "fig.", "table", "n.")
LINK_TARGET = re.compile(r"\]\(\s*<?#([^)\s>]*)>?")
# schemes a link may not have: a reader following it would run code, open a page
# hidden in the link (any writer's output could carry them: PDF, DOCX and HTML) or
# look for a file on the writer's machine
REFUSED_SCHEMES = ("javascript", "vbscript", "data", "file")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_MAYBE_REFUSED = re.compile(r"(?i)(?:" + "|".join(REFUSED_SCHEMES) + r")\s*:")


def refused_scheme(href: str) -> str | None:
    """The scheme of a link no brief may hold ('javascript', 'data'), as a browser
    reads it (spaces and control characters dropped, any case); else None."""
    m = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]", "", href or ""))
    scheme = m.group(1).lower() if m else None
    return scheme if scheme in REFUSED_SCHEMES else None


def _inline_note(state, silent: bool) -> bool:
    """`^[text]`: an inline footnote (Pandoc's syntax); its text is parsed as inline
    markdown, so it may hold emphasis, links and citations."""
    start = state.pos
    if not state.src.startswith("^[", start):
        return False
    end = state.md.helpers.parseLinkLabel(state, start + 1)
    if end < 0:
        return False
    if not silent:
        token = state.push("footnote_inline", "", 0)
        token.content = state.src[start + 2:end]
        token.children = []
        state.md.inline.parse(token.content, state.md, state.env, token.children)
        _record(state, "note", start, end + 1, token.content)
    state.pos = end + 1
    return True


def _parser(quotes=None, language: str = "en") -> MarkdownIt:
    """CommonMark with `^[…]` notes; with `quotes` (double open, close, single open,
    close), straight quotes become those and apostrophes ’ (no other replacements),
    and typed spaces that must not break do not (see `_SPACES`)."""
    md = MarkdownIt("commonmark", {"html": False, "typographer": bool(quotes),
                                   "quotes": list(quotes or "“”‘’")})
    md.disable("entity")
    if quotes:
        md.enable("smartquotes")
        md.core.ruler.after("smartquotes", "note_quotes", _note_quotes)
        md.core.ruler.after("note_quotes", "spaces", _spacer(language))
    md.inline.ruler.before("link", "footnote_inline", _inline_note)
    return md


NBSP, NNBSP = "\u00a0", "\u202f"
_UNIT = r"(?:%|‰|°\s?[CF]|km²|km|sq\s?mi|mi|m³/s|m³|m²|ha|kg|MW|GW|kWh|TWh|€|£)(?![\w²³])"
# Typed spaces that become no-break ones with typography: smart: between a number and
# its unit ('45 km', '74,5 %'), and in French before ; : ! ? and inside « ».
_SPACES = [(re.compile(rf"(?<=\d) (?={_UNIT})"), NBSP)]
_FRENCH = [(re.compile(r" (?=[;!?])"), NNBSP), (re.compile(r" (?=:)"), NBSP),
           (re.compile(r"« "), "«" + NNBSP), (re.compile(r" »"), NNBSP + "»")]
_UNIT_START = re.compile(_UNIT)


def _spacer(language: str):
    rules = _SPACES + (_FRENCH if language == "fr" else [])

    def spaces(state):
        def walk(children):
            for i, child in enumerate(children or ()):
                if child.type == "text":
                    for pattern, space in rules:
                        child.content = pattern.sub(space, child.content)
                elif child.type == "softbreak" and 0 < i < len(children) - 1:
                    before, after = children[i - 1], children[i + 1]
                    if before.type == "text" and after.type == "text" and \
                            before.content[-1:].isdigit() and _UNIT_START.match(after.content):
                        child.type, child.content = "text", NBSP  # '45' / 'km' on two lines
                elif child.type == "footnote_inline":
                    walk(child.children)
        for token in state.tokens:
            if token.type == "inline":
                walk(token.children)
    return spaces


def _note_quotes(state):
    """Typographic quotes inside `^[…]` notes too, whose text is parsed apart."""
    from markdown_it.rules_core.smartquotes import process_inlines

    def walk(children):
        for child in children or ():
            if child.type == "footnote_inline" and child.children:
                process_inlines(child.children, state)
                walk(child.children)
    for token in state.tokens:
        if token.type == "inline":
            walk(token.children)


_MD = _parser()
_SMART: dict = {}


def parser_for(quotes=None, language: str = "en") -> MarkdownIt:
    """The parser for prose: as typed, or with the language's typographic quotes and
    no-break spaces (`language`: 'en', 'fr', 'de' or 'es')."""
    if not quotes:
        return _MD
    if (quotes, language) not in _SMART:
        _SMART[quotes, language] = _parser(quotes, language)
    return _SMART[quotes, language]


# ---------------------------------------------------------------- what cannot be rendered

FOOTNOTE = re.compile(r"\[\^([^\]\s]+)\]")
FOOTNOTE_TEXT = re.compile(r"\[\^([^\]\s]+)\]:")


@dataclass(frozen=True)
class Unsupported:
    """Markdown the outline format cannot render yet, where it is in the source."""

    kind: str  # "image", "footnote", "footnote_text" (a '[^1]: …' line), "empty_link",
    # "refused_link" (a javascript: or data: link)
    offset: int  # in the prose source
    text: str  # as written: '![Map](map.png)', '[^1]', '[](#cabinet)'
    detail: str = ""  # an image's text, an empty link's target, a refused link's scheme


def _record(state, kind: str, start: int, end: int, detail: str = "") -> None:
    """Keep what an inline rule found, if its text is the block's own text (not an
    image's description, which is parsed on its own) and it is not a look-ahead."""
    block = state.env.get("_block")
    if block is None or state.src is not block.content or block.map is None:
        return
    state.env.setdefault("_found", []).append((kind, block, start, end, detail))


def _probe_image(state, silent: bool) -> bool:
    start = state.pos
    if not _image_rule(state, silent):
        return False
    if not silent:
        token = state.tokens[-1]
        _record(state, "image", start, state.pos, token.content or "")
    return True


def _probe_link(state, silent: bool) -> bool:
    start, count = state.pos, len(state.tokens)
    if not _link_rule(state, silent):
        return False
    if not silent:
        new = state.tokens[count:]
        opening = next((i for i, t in enumerate(new) if t.type == "link_open"), None)
        refused = refused_scheme(new[opening].attrs.get("href") or "") \
            if opening is not None else None
        if refused:
            _record(state, "refused_link", start, state.pos, refused)
        elif opening is not None:
            inside = new[opening + 1:-1]
            if all(t.type in ("text", "softbreak", "hardbreak") and not t.content.strip()
                   for t in inside):
                _record(state, "empty_link", start, state.pos,
                        new[opening].attrs.get("href") or "")
    return True


def _probe_autolink(state, silent: bool) -> bool:
    """'<javascript:…>': an autolink whose scheme is refused."""
    start, count = state.pos, len(state.tokens)
    if not _autolink_rule(state, silent):
        return False
    if not silent:
        opening = next((t for t in state.tokens[count:] if t.type == "link_open"), None)
        refused = refused_scheme(opening.attrs.get("href") or "") if opening else None
        if refused:
            _record(state, "refused_link", start, state.pos, refused)
    return True


def _probe_footnote(state, silent: bool) -> bool:
    """'[^label]': never consumes, so the text is parsed as before."""
    if not silent and state.src.startswith("[^", state.pos):
        m = FOOTNOTE.match(state.src, state.pos)
        if m:
            _record(state, "footnote", m.start(), m.end(), m.group(1))
    return False


def _probe_footnote_text(state, start_line: int, end_line: int, silent: bool) -> bool:
    """A block starting '[^label]:' (a footnote's text); never consumes."""
    if silent or state.sCount[start_line] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    m = FOOTNOTE_TEXT.match(state.src, pos)
    if m:
        state.env.setdefault("_found_text", []).append((m.start(), m.group(0), m.group(1)))
    return False


def _inline_by_block(state) -> None:
    """The core 'inline' step, telling the inline rules which block they are in."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env["_block"] = token
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop("_block", None)


def _checker() -> MarkdownIt:
    md = _parser()
    # every link target is read as written, so a refused scheme is seen (the renderer
    # turns such a link into plain text, which would hide the mistake)
    md.validateLink = lambda url: True
    md.core.ruler.at("inline", _inline_by_block)
    md.inline.ruler.at("image", _probe_image)
    md.inline.ruler.at("link", _probe_link)
    md.inline.ruler.at("autolink", _probe_autolink)
    md.inline.ruler.before("link", "footnote_probe", _probe_footnote)
    md.block.ruler.before("reference", "footnote_text_probe", _probe_footnote_text,
                          {"alt": ["paragraph", "reference"]})
    return md


_CHECK = _checker()


def _source_offset(source: str, starts: list, block, pos: int) -> int:
    """Where offset `pos` of an inline block's text (its lines without the quote
    marks, list markers and indentation before them) is in the whole prose source."""
    content = block.content
    row = block.map[0] + content.count("\n", 0, pos)
    begin = content.rfind("\n", 0, pos) + 1
    end = content.find("\n", pos)
    piece = content[begin: len(content) if end < 0 else end].rstrip()
    if row >= len(starts):
        return pos
    line_end = source.find("\n", starts[row])
    line = source[starts[row]: len(source) if line_end < 0 else line_end].rstrip()
    if piece and line.endswith(piece):
        prefix = len(line) - len(piece)
    else:
        prefix = max(line.find(piece), 0) if piece else 0
    return starts[row] + prefix + (pos - begin)


# what an image, a footnote or a link (inline, by reference, or a definition) needs
_UNSUPPORTED_MARKS = ("![", "[^", "](", "][", "]:", "^[")


def unsupported(text: str) -> list[Unsupported]:
    """Images, footnotes and links without text in some prose, in order: the
    renderer would drop or mangle them."""
    if not any(mark in text for mark in _UNSUPPORTED_MARKS) and \
            not _MAYBE_REFUSED.search(text):
        return []  # none can be there: most prose is not parsed a second time
    env: dict = {}
    _CHECK.parse(text, env)
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found: dict = {}
    for offset, written, label in env.get("_found_text", []):
        found[offset] = Unsupported("footnote_text", offset, written, label)
    notes: list = []  # (start, end) of the footnotes read
    for kind, block, start, end, detail in env.get("_found", []):
        offset = _source_offset(text, starts, block, start)
        written = block.content[start:end]
        if kind == "note":  # a footnote is fine, unless empty or holding another
            notes.append((offset, offset + len(written)))
            for inner in unsupported(detail):  # its links are checked as the text's
                if inner.kind == "refused_link":
                    at = offset + 2 + inner.offset
                    found.setdefault(at, Unsupported(inner.kind, at, inner.text, inner.detail))
            inner = detail.find("^[")
            if not detail.strip():
                found.setdefault(offset, Unsupported("empty_note", offset, written))
            elif inner >= 0:
                at = _source_offset(text, starts, block, start + 2 + inner)
                found.setdefault(at, Unsupported("note_in_note", at, detail[inner:inner + 2]))
            continue
        found.setdefault(offset, Unsupported(kind, offset, written, detail))
    if "^[" in text:  # a '^[' that opened no footnote: its ']' is missing
        code = [m.span() for m in re.finditer(r"(`+)[^`]*?\1", text)]
        for m in re.finditer(r"\^\[", text):
            at = m.start()
            if not any(a <= at < b for a, b in notes + code):
                found.setdefault(at, Unsupported("unclosed_note", at, "^["))
    return [found[k] for k in sorted(found)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the block quotes in some prose."""
    if ">" not in text:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", text)] + [len(text) + 1]
    spans = []
    for token in _MD.parse(text):
        if token.type == "blockquote_open" and token.map:
            first, last = token.map
            spans.append((starts[first], starts[min(last, len(starts) - 1)] - 1))
    return spans


def note_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `^[…]` in plain text, brackets balanced."""
    out, i = [], text.find("^[")
    while i >= 0:
        depth, j = 0, i + 1
        while j < len(text):
            if text[j] == "\\":
                j += 2
                continue
            depth += {"[": 1, "]": -1}.get(text[j], 0)
            if depth == 0:
                break
            j += 1
        if j >= len(text):
            break
        out.append((i, j + 1))
        i = text.find("^[", j + 1)
    return out


def without_notes(text: str) -> str:
    """Plain text with its `^[…]` footnotes left out (a chart's label from a cell)."""
    out, pos = [], 0
    for start, end in note_spans(text):
        out.append(text[pos:start])
        pos = end
    return "".join(out) + text[pos:]


def citations(text: str) -> list[list[tuple[str, str | None]]]:
    """Each citation group in some prose: [(key, locator or None), ...]."""
    return [[(m.group("key"), m.group("locator")) for m in _CITED.finditer(group)]
            for group in CITATION.findall(text)]


def locator_word(locator: str) -> str | None:
    """The locator's word if it is not one the format knows ('page 3' -> 'page')."""
    first = locator.split()[0] if locator.split() else ""
    if not first or first[0].isdigit() or first.lower() in LOCATOR_WORDS:
        return None
    return first


def cited_ids(text: str) -> list[str]:
    """Source ids cited as [@id] in some prose, in order."""
    return [key for group in citations(text) for key, _ in group]


def internal_links(text: str) -> list[str]:
    """Targets of [text](#id) links in some prose."""
    return LINK_TARGET.findall(text)


class Citations(dict):
    """Source id -> citation number, assigned at first citation in reading order."""

    def number(self, source_id: str) -> int:
        if source_id not in self:
            self[source_id] = len(self) + 1
        return self[source_id]


class _Spans(list):
    """A paragraph's spans as they are made. A footnote's mark sits right after the
    word or punctuation it follows (no space before it); two marks at one place
    become one note, the second's text after the first's."""

    def __init__(self, prose):
        super().__init__()
        self.prose = prose

    def append(self, span):
        if span.kind != "note":
            return super().append(span)
        # "held [@a]." made [" ", ".", mark]: the space goes
        if len(self) >= 2 and self[-1].kind == "text" and not self[-1].text.strip(".,;:!?") \
                and not self[-2].text.strip() and self[-2].kind == "text":
            del self[-2]
        while self and self[-1].kind == "text" and not self[-1].text.strip():
            self.pop()
        if self and self[-1].kind == "text" and self[-1].text != self[-1].text.rstrip():
            last = self[-1]
            self[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.code, last.href)
        if self and self[-1].kind == "note":
            self.prose.merge_last_note(int(self[-1].text))
            return None
        return super().append(span)

    def extend(self, spans):
        for span in spans:
            self.append(span)


class Prose:
    """Converts markdown to blocks, numbering citations and footnotes through the
    brief. With `style="footnotes"`, a citation becomes a footnote (or, inside a
    footnote, text in it) written by `cite(key, locator, first)` -> spans."""

    def __init__(self, citations: Citations | None = None, style: str = "numeric",
                 cite=None, quotes=None, language: str = "en"):
        self.citations = Citations() if citations is None else citations
        # `quotes`: the language's, with typography: smart
        self.md = parser_for(quotes, language)
        self.notes: list = []  # of Note, numbered in reading order
        self.style, self.cite = style, cite
        self.in_note = False

    def blocks(self, text: str, style: str = "body") -> list:
        tokens = self.md.parse(text)
        blocks, _ = self._blocks(tokens, 0, None, style)
        return blocks

    def inlines(self, text: str) -> tuple:
        """One paragraph's worth of spans (block structure flattened)."""
        spans = []
        for block in self.blocks(text):
            if isinstance(block, Paragraph):
                if spans:
                    spans.append(Span("\n", kind="break"))
                spans.extend(block.inlines)
        return tuple(spans)

    def _blocks(self, tokens, i, close: str | None, style: str):
        out = []
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if close and kind == close:
                return out, i + 1
            if kind in ("paragraph_open", "heading_open"):
                inline = tokens[i + 1]
                spans = self._spans(inline.children or [])
                if kind == "heading_open":
                    spans = tuple(Span(s.text, True, s.italic, s.code, s.href, s.kind)
                                  for s in spans)
                lead_in = bool(spans) and all(sp.bold for sp in spans if sp.text.strip())
                following = tokens[i + 3].type if i + 3 < len(tokens) else ""
                lead_in = lead_in or following in ("bullet_list_open", "ordered_list_open")
                out.append(Paragraph(spans, style, keep_with_next=lead_in))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind == "ordered_list_open"
                start = int(tok.attrs.get("start", 1)) if ordered else 1
                items, i = self._items(tokens, i + 1, kind.replace("_open", "_close"), style)
                out.append(ListBlock(items, ordered, start))
            elif kind == "blockquote_open":
                inner, i = self._blocks(tokens, i + 1, "blockquote_close", "quote")
                out.append(Quote(inner))
            elif kind in ("fence", "code_block"):
                out.append(Preformatted(tok.content.rstrip("\n")))
                i += 1
            elif kind in ("html_block",):
                out.append(Paragraph((Span(tok.content.rstrip("\n")),), style))
                i += 1
            else:  # hr and anything else without text
                i += 1
        return out, i

    def _items(self, tokens, i, close, style):
        items = []
        while i < len(tokens) and tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                item, i = self._blocks(tokens, i + 1, "list_item_close", "list_item")
                items.append(item)
            else:
                i += 1
        return items, i + 1

    def _spans(self, children) -> tuple:
        spans = _Spans(self)
        bold = italic = 0
        href = None
        for k, tok in enumerate(children):
            t = tok.type
            if t == "text":
                spans.extend(self._text(tok.content, bold > 0, italic > 0, href))
            elif t == "code_inline":
                spans.append(Span(tok.content, bold > 0, italic > 0, True, href))
            elif t == "softbreak":
                spans.append(Span(" ", bold > 0, italic > 0, False, href))
            elif t == "hardbreak":
                spans.append(Span("\n", kind="break"))
            elif t == "strong_open":
                bold += 1
            elif t == "strong_close":
                bold -= 1
            elif t == "em_open":
                italic += 1
            elif t == "em_close":
                italic -= 1
            elif t == "link_open":
                href = tok.attrs.get("href") or None
                if href and href.startswith("#") and len(href) > 1 and \
                        k + 1 < len(children) and children[k + 1].type == "link_close":
                    # [](#id): shows its target's label, filled in once all are numbered
                    spans.append(Span(href, bold > 0, italic > 0, False, href, "ref"))
            elif t == "link_close":
                href = None
            elif t == "footnote_inline":
                self.in_note, outer = True, self.in_note
                try:
                    inner = self._spans(tok.children or [])
                finally:
                    self.in_note = outer
                spans.append(self._note(inner))
            elif t == "image":
                spans.append(Span(tok.content or "", bold > 0, italic > 0, False, href))
            else:  # html_inline cannot occur with html off; keep any text there is
                if tok.content:
                    spans.append(Span(tok.content, bold > 0, italic > 0, False, href))
        return _merge(spans)

    def plain_with_notes(self, text: str) -> tuple:
        """A plain-text field (a table cell) shown as written, but for its `^[…]`
        footnotes, whose text is markdown."""
        spans, pos = [], 0
        for start, end in note_spans(text):
            if start > pos:
                spans.append(Span(text[pos:start]))
            self.in_note, outer = True, self.in_note
            try:
                inner = self.inlines(text[start + 2:end - 1])
            finally:
                self.in_note = outer
            spans.append(self._note(inner))
            pos = end
        if pos < len(text):
            spans.append(Span(text[pos:]))
        return tuple(spans)

    def merge_last_note(self, into: int):
        """The latest note's text goes on at the end of note `into` (two at one place)."""
        last = self.notes.pop()
        target = self.notes[into - 1].blocks[0]
        ends = "".join(s.text for s in target.inlines).rstrip()
        joint = " " if ends.endswith((".", "!", "?", ".”", "?”", "!”", ")")) else ". "
        target.inlines = _merge(tuple(target.inlines) + (Span(joint),) +
                                tuple(last.blocks[0].inlines))

    def _note(self, spans) -> Span:
        """A footnote holding `spans`; returns its mark for the text."""
        number = len(self.notes) + 1
        self.notes.append(Note(number, [Paragraph(tuple(spans), "footnote")]))
        return Span(str(number), href=f"#_fn{number}", kind="note")

    def cited(self, items, bold=False, italic=False):
        """The spans of one citation group [(key, locator), ...]: numbered marks, or
        (footnote style) one footnote, or inside a footnote its text."""
        if self.style != "footnotes" or self.cite is None:
            # one bracket for the group, each number linked: [4, pp. 45–47; 5]
            for k, (key, locator) in enumerate(items):
                n = self.citations.number(key)
                shown = f"{n}, {locator}" if locator else f"{n}"
                shown = ("[" if k == 0 else "") + shown + ("]" if k == len(items) - 1 else "")
                if k:
                    yield Span("; ", bold, italic)
                yield Span(shown, bold, italic, False, f"#{key}", "citation")
            return
        reference = []
        for k, (key, locator) in enumerate(items):
            first = key not in self.citations
            self.citations.number(key)
            if k:
                reference.append(Span("; "))
            reference.extend(without_full_stop(self.cite(key, locator, first)))
        if self.in_note:  # a citation inside a footnote is printed in it, in brackets
            yield Span("(", bold, italic)
            yield from reference
            yield Span(")", bold, italic)
        else:
            yield self._note(_full_stop(reference))

    def _text(self, text, bold, italic, href):
        pos = 0
        as_note = self.style == "footnotes" and self.cite is not None and not self.in_note
        for m in CITATION.finditer(text):
            before = text[pos:m.start()]
            end = m.end()
            if as_note:  # "held [@a]." -> "held.¹": no space before the mark, and
                # the punctuation that follows the citation goes before it
                before = before.rstrip()
                stop = re.match(r"[.,;:!?]+", text[end:])
                if stop:
                    before += stop.group(0)
                    end += stop.end()
            if before:
                yield Span(before, bold, italic, False, href)
            items = [(c.group("key"), c.group("locator")) for c in _CITED.finditer(m.group(1))]
            yield from self.cited(items, bold, italic)
            pos = end
        if pos < len(text):
            yield Span(text[pos:], bold, italic, False, href)


def without_full_stop(spans) -> list:
    """A reference's spans without the full stop that ends it (inside a closing
    quote too: “Title.” -> “Title”), to join or bracket it."""
    spans = list(spans)
    if not spans:
        return spans
    last = spans[-1]
    text = last.text
    if text.endswith(".”"):
        text = text[:-2] + "”"
    elif text.endswith(".") and not text.endswith("..."):
        text = text[:-1]
    spans[-1] = Span(text, last.bold, last.italic, last.code, last.href, last.kind)
    if not text:
        spans.pop()
    return spans


def _full_stop(spans) -> list:
    """End a note with a full stop (inside a closing quote, as the house style does)."""
    spans = list(spans)
    last = spans[-1] if spans else None
    if last is not None and last.text.endswith("”") and not last.href:
        spans[-1] = Span(last.text[:-1] + ".”", last.bold, last.italic, last.code,
                         last.href, last.kind)
        return spans
    return spans + [Span(".")]


def _merge(spans) -> tuple:
    """Join neighbouring spans that look the same."""
    out: list[Span] = []
    for s in spans:
        if not s.text:
            continue
        if out and s.kind == "text" and out[-1].kind == "text" and \
                (out[-1].bold, out[-1].italic, out[-1].code, out[-1].href) == \
                (s.bold, s.italic, s.code, s.href):
            out[-1] = Span(out[-1].text + s.text, s.bold, s.italic, s.code, s.href)
        else:
            out.append(s)
    return tuple(out)
