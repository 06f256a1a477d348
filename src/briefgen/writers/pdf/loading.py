"""reportlab's paragraph module, loaded without its slowest line.

At import, `reportlab.platypus.paragraph` compiles `uri_pat`, a URL pattern that
is case-insensitive over most of Unicode: about 40 ms of every build's 0.5, for
a pattern used only when a URL is too wide for its line (`_uri_split_pairs`).
`load()` imports the module with that one pattern compiled on first use
instead; every other pattern, and the pattern's matches, are unchanged.
"""

from __future__ import annotations

import re
import sys
import threading

_SLOW = "(^(?:[a-z0-9\\.\\-\\+]*)://)"  # how uri_pat begins
_lock = threading.Lock()


class _OnFirstUse:
    """A pattern compiled the first time anything of it is asked for."""

    def __init__(self, pattern, flags):
        self._pattern, self._flags, self._compiled = pattern, flags, None

    def __getattr__(self, name):
        if self._compiled is None:
            self._compiled = re.compile(self._pattern, self._flags)
        return getattr(self._compiled, name)


def load() -> None:
    """Import reportlab's paragraph module (once), `uri_pat` left for later."""
    if "reportlab.platypus.paragraph" in sys.modules:
        return
    with _lock:
        compile_now = re.compile

        def compile_later(pattern, flags=0):
            if isinstance(pattern, str) and pattern.startswith(_SLOW):
                return _OnFirstUse(pattern, flags)
            return compile_now(pattern, flags)
        re.compile = compile_later
        try:
            import reportlab.platypus.paragraph  # noqa: F401
        finally:
            re.compile = compile_now
