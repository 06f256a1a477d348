"""The HTML writer's one escaping boundary: user text and attribute values pass
through `text` and `attr`, link targets through `safe_href`; nothing else puts
characters from the outline into the page."""

from __future__ import annotations

import re

_TEXT = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ATTR = {**_TEXT, '"': "&quot;", "'": "&#39;"}
# characters a browser drops from a URL before it reads the scheme (WHATWG URL)
_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "ftp", "tel"})


def text(value: str) -> str:
    """Text content that shows exactly `value`."""
    return "".join(_TEXT.get(ch, ch) for ch in value) if _needs(value, "&<>") else value


def attr(value: str) -> str:
    """A double-quoted attribute value that holds exactly `value`."""
    return "".join(_ATTR.get(ch, ch) for ch in value) if _needs(value, "&<>\"'") else value


def _needs(value: str, chars: str) -> bool:
    return any(ch in value for ch in chars)


def scheme(href: str) -> str | None:
    """A link's scheme as a browser reads it ('javascript' for ' Java\\tScript:…')."""
    m = _SCHEME.match(_IGNORED.sub("", href).lower())
    return m.group(1) if m else None


def safe_href(href: str | None) -> str | None:
    """The link target if a reader may follow it: an anchor in the page, a relative
    path, or a web, mail, ftp or phone link; None for anything else (javascript:,
    data:, …), which the outline's check refuses before a writer runs."""
    if not href:
        return None
    found = scheme(href)
    if found is None or found in SAFE_SCHEMES:
        return href
    return None


def element(name: str, content: str = "", /, **attrs) -> str:
    """`<name …>content</name>`; attribute values escaped, None and False left out,
    True written bare; a trailing '_' in a name is dropped (`class_`)."""
    return f"<{name}{attributes(attrs)}>{content}</{name}>"


def void(name: str, /, **attrs) -> str:
    """`<name …>`, an element without content (img, meta, col)."""
    return f"<{name}{attributes(attrs)}>"


def attributes(attrs: dict) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        key = key.rstrip("_").replace("_", "-")
        out.append(f" {key}" if value is True else f' {key}="{attr(str(value))}"')
    return "".join(out)


def css_string(value: str) -> str:
    """A quoted CSS string that holds exactly `value`: anything but letters, digits
    and spaces as a hex escape, so no text can end the string or the style sheet."""
    out = []
    for ch in value:
        if ch.isascii() and (ch.isalnum() or ch == " "):
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return '"' + "".join(out) + '"'
