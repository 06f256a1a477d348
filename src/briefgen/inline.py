"""Prose -> model blocks and spans, through markdown-it-py (CommonMark).

Raw HTML stays literal text, entities are not decoded (text appears as
typed), `[@id]` becomes a numbered citation and `#id` links stay internal.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from .model import ListBlock, Paragraph, Preformatted, Quote, Span

CITATION = re.compile(r"\[(@[a-z0-9][a-z0-9_-]*(?:\s*[;,]\s*@[a-z0-9][a-z0-9_-]*)*)\]")
CITED_ID = re.compile(r"@([a-z0-9][a-z0-9_-]*)")
LINK_TARGET = re.compile(r"\]\(\s*<?#([^)\s>]*)>?")


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.disable("entity")
    return md


_MD = _parser()


def cited_ids(text: str) -> list[str]:
    """Source ids cited as [@id] in some prose, in order."""
    return [m for group in CITATION.findall(text) for m in CITED_ID.findall(group)]


def internal_links(text: str) -> list[str]:
    """Targets of [text](#id) links in some prose."""
    return LINK_TARGET.findall(text)


class Citations(dict):
    """Source id -> citation number, assigned at first citation in reading order."""

    def number(self, source_id: str) -> int:
        if source_id not in self:
            self[source_id] = len(self) + 1
        return self[source_id]


class Prose:
    """Converts markdown to blocks, numbering citations from a shared map."""

    def __init__(self, citations: Citations | None = None):
        self.citations = Citations() if citations is None else citations

    def blocks(self, text: str, style: str = "body") -> list:
        tokens = _MD.parse(text)
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
        spans: list[Span] = []
        bold = italic = 0
        href = None
        for tok in children:
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
            elif t == "link_close":
                href = None
            elif t == "image":
                spans.append(Span(tok.content or "", bold > 0, italic > 0, False, href))
            else:  # html_inline cannot occur with html off; keep any text there is
                if tok.content:
                    spans.append(Span(tok.content, bold > 0, italic > 0, False, href))
        return _merge(spans)

    def _text(self, text, bold, italic, href):
        pos = 0
        for m in CITATION.finditer(text):
            if m.start() > pos:
                yield Span(text[pos:m.start()], bold, italic, False, href)
            ids = CITED_ID.findall(m.group(1))
            numbers = [self.citations.number(i) for i in ids]
            for k, (sid, n) in enumerate(zip(ids, numbers)):
                yield Span(f"[{n}]", bold, italic, False, f"#{sid}", "citation")
            pos = m.end()
        if pos < len(text):
            yield Span(text[pos:], bold, italic, False, href)


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
