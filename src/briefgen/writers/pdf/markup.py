"""The paragraph markup the PDF writer makes, read without an HTML parser.

reportlab reads a paragraph's markup with Python's `html.parser`, whose
tokenizing is about a tenth of a long brief's layout. The writer's markup is a
small, regular language (`<b>`, `<i>`, `<super>`, `<font color>`, `<a>` with
quoted attributes, `<br/>`, and named entities such as `&amp;`), so `parse` splits it
with one regular expression and calls reportlab's own parser's handlers, in the
order and with the arguments `html.parser` would: the same fragments come
out. Anything else in the text (a `<` or `&` that is not one of those) makes
`parse` return None, and reportlab reads the text itself.
"""

from __future__ import annotations

import html
import re

from reportlab.platypus.paraparser import ParaParser

_TOKEN = re.compile(r'<(/?)([a-zA-Z]+)((?:\s+[a-zA-Z_]+="[^"<>]*")*)\s*(/?)>'
                    r'|&([a-zA-Z][-.a-zA-Z0-9]*);|[<&]')
_ATTR = re.compile(r'([a-zA-Z_]+)="([^"]*)"')


def parse(text: str, style, case_sensitive: int = 1):
    """(style, fragments, bullet fragments) for cleaned paragraph markup, as
    `ParaParser().parse(text, style)` gives them; None if the text holds markup
    this reader leaves to reportlab."""
    if text.startswith("<para"):
        return None  # reportlab reads a <para> of the text's own
    parser = ParaParser()
    parser.caseSensitive = case_sensitive
    parser._setup_for_parse(style)
    start, end, data = parser.handle_starttag, parser.handle_endtag, parser.handle_data
    try:
        start("para", {})
        pos = 0
        for m in _TOKEN.finditer(text):
            if m.start() > pos:
                data(text[pos:m.start()])
            pos = m.end()
            closing, tag, attrs, alone, entity = m.groups()
            if entity:
                parser.handle_entityref(entity)
            elif tag is None:
                return None  # a < or & of another kind
            elif closing:
                if attrs or alone:
                    return None
                end(tag.lower())
            else:
                tag = tag.lower()
                start(tag, {name.lower(): html.unescape(value) if "&" in value else value
                            for name, value in _ATTR.findall(attrs)})
                if alone:
                    end(tag)
        if pos < len(text):
            data(text[pos:])
        end("para")
        return parser._complete_parse()
    except Exception:  # reportlab's own reading reports it
        return None
