"""Text inside XML we write by hand (SVG, XMP, OOXML parts): escaped, and quoted for
an attribute. xml.sax.saxutils would do the same, but importing it imports
urllib, http and email, some 30 ms of every build."""

from __future__ import annotations


def escape(text: str) -> str:
    """& < > as entities (enough for element content)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """The text as a double-quoted attribute value, with its quotes, tabs and line
    ends as character references so they survive attribute normalisation."""
    text = escape(text).replace('"', "&quot;")
    return '"' + text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;") + '"'
