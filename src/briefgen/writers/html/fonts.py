"""The theme's four faces as subset WOFF2, for `@font-face` rules inlined in the page.

Each face is cut with fontTools to the characters the page uses plus printable
ASCII (so briefs in one language mostly share a subset), without hinting, and
compressed to WOFF2 (Brotli). Subsets are kept in the cache folder the DOCX's
fonts use (`$BRIEFGEN_CACHE` or `~/.cache/briefgen`), under `woff2/`; the same
face and characters give the same bytes, so rebuilds are byte-identical.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import logging
import os

ASCII = frozenset(range(0x20, 0x7F))
# name records kept: copyright, family and style names, version, licence and its URL
# (the SIL OFL asks every copy to carry the notice and the licence)
_NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 13, 14)


def woff2(path: str, unicodes: frozenset) -> bytes:
    """The face at `path`, cut to `unicodes`, as WOFF2."""
    with open(path, "rb") as fh:
        data = fh.read()
    return _cut(data, frozenset(unicodes) | ASCII)


@functools.lru_cache(maxsize=16)
def _cut(data: bytes, unicodes: frozenset) -> bytes:
    key = hashlib.sha256(data).hexdigest()[:24] + "-" + hashlib.sha256(
        ",".join(map(str, sorted(unicodes))).encode()).hexdigest()[:16]
    folder = _folder()
    cached = os.path.join(folder, key + ".woff2") if folder else None
    if cached and os.path.isfile(cached):
        with open(cached, "rb") as fh:
            return fh.read()
    out = _compress(data, unicodes)
    if cached:
        try:
            temp = f"{cached}.{os.getpid()}.tmp"
            with open(temp, "wb") as fh:
                fh.write(out)
            os.replace(temp, cached)
        except OSError:
            pass  # no cache: the next build cuts it again
    return out


def _folder() -> str | None:
    base = os.environ.get("BRIEFGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "briefgen")
    folder = os.path.join(base, "woff2")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


def _compress(data: bytes, unicodes: frozenset) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.name_IDs = list(_NAME_IDS)
    options.recalc_timestamp = False
    options.notdef_outline = True
    with _quiet():
        font = TTFont(io.BytesIO(data), recalcTimestamp=False)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


@contextlib.contextmanager
def _quiet():
    """fontTools logs each table it drops; a build prints nothing of it."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
