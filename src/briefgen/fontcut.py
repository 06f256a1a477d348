"""A font face cut down to some characters (fontTools), for the DOCX's embedded
fonts and the HTML page's WOFF2: one set of options, and briefgen's cache, so a
face is cut to a given set of characters once per machine. fontTools gives the
same bytes every time for the same input."""

from __future__ import annotations

import contextlib
import functools
import io
import logging

# name records kept: copyright, family and style names, version, licence and its URL
# (the SIL OFL asks every copy to carry the notice and the licence)
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


@functools.lru_cache(maxsize=16)
def cut(data: bytes, unicodes: frozenset, flavor: str | None = None) -> bytes:
    """The face `data` with only the glyphs of `unicodes` (and what they need), its
    layout features kept, without hinting; as WOFF2 with `flavor="woff2"`."""
    from . import cache
    entry = cache.key("cut 1", flavor or "ttf", data,
                      ",".join(map(str, sorted(unicodes)))) + "." + (flavor or "ttf")
    return cache.remembered("fonts", entry, lambda: _cut_now(data, unicodes, flavor))


def _cut_now(data: bytes, unicodes: frozenset, flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    options.hinting = False  # a third of the size; screens render it well without
    options.glyph_names = flavor is None  # Word and LibreOffice look glyphs up by name
    options.notdef_outline = True
    options.name_IDs = list(NAME_IDS)
    options.recalc_timestamp = False
    if flavor:
        options.flavor = flavor
    with quiet():
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.flavor = flavor
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@contextlib.contextmanager
def quiet():
    """fontTools logs each table it cannot subset (and drops): not the user's news."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
