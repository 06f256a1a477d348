"""reportlab's paragraph module, loaded without its two slowest lines.

At import, `reportlab.platypus.paragraph` compiles `uri_pat`, a URL pattern that
is case-insensitive over most of Unicode (about 40 ms of a seed build's 0.5),
used only to split a word holding "://" at the end of a line
(`_uri_split_pairs`, which the PDF writer asks only then), and
`reportlab.lib.textsplit` compiles a pattern over the CJK ranges (7 ms) for a
function nothing calls. `load()` imports them with those two patterns compiled
on first use instead; every other pattern, and every match, is unchanged.
"""

from __future__ import annotations

import re
import sys
import threading

_SLOW = ("(^(?:[a-z0-9\\.\\-\\+]*)://)",  # how uri_pat begins
         "([\u2e80-\uffff])")  # textsplit.rx
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
    """Import reportlab's paragraph module (once), the two patterns left for later."""
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
