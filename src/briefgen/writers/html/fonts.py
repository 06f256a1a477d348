"""The theme's four faces as subset WOFF2, for `@font-face` rules inlined in the page.

Each face is cut with fontTools to the characters the page uses plus printable
ASCII (so briefs in one language mostly share a subset), without hinting, and
compressed to WOFF2 (Brotli). Subsets are kept in the cache folder the DOCX's
fonts use (`$BRIEFGEN_CACHE` or `~/.cache/briefgen`), under `fonts/`; the same
face and characters give the same bytes, so rebuilds are byte-identical.
"""

from __future__ import annotations

from ... import fontcut

ASCII = frozenset(range(0x20, 0x7F))


def woff2(path: str, unicodes: frozenset) -> bytes:
    """The face at `path`, cut to `unicodes`, as WOFF2."""
    with open(path, "rb") as fh:
        data = fh.read()
    return fontcut.cut(data, frozenset(unicodes) | ASCII, "woff2")
