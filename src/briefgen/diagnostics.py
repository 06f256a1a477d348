"""Diagnostics: what went wrong, where in the outline, and how to fix it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in an outline, with its place in the source file."""

    message: str
    file: str = "<outline>"
    line: int | None = None  # 1-based
    col: int | None = None  # 1-based
    path: str = ""  # place inside the outline, e.g. sections[2].positions[0].party
    hint: str | None = None
    severity: str = "error"

    def format(self, paint=None) -> str:
        """`FILE:LINE:COL: [warning: ]path: message (hint)`; `paint(text, role)` may
        colour the parts ('where', 'severity', 'hint') for a terminal."""
        paint = paint or (lambda text, role: text)
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        text = paint(f"{where}:", "where") + " "
        if self.severity != "error":
            text += paint(f"{self.severity}:", "severity") + " "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.hint:
            text += " " + paint(f"({self.hint})", "hint")
        return text

    def sort_key(self):
        return (self.file, self.line or 0, self.col or 0, self.path, self.message)


class BriefError(Exception):
    """Raised with every diagnostic of an outline that cannot be built."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(name: str, choices, what: str = "") -> str | None:
    """A 'did you mean' hint for a misspelt name, or a list of the choices."""
    choices = sorted(set(choices))
    close = difflib.get_close_matches(str(name), choices, n=1, cutoff=0.75)
    if not close:  # a shortened id: 'donetsk' for 'donetsk_held'
        close = [c for c in choices if len(str(name)) >= 3 and c.startswith(str(name))]
        close = close if len(close) == 1 else []
    if close:
        return f"did you mean '{close[0]}'?"
    if not choices:
        return f"no {what} is declared" if what else None  # what: a singular noun
    if len(choices) <= 12:
        return "expected one of: " + ", ".join(choices)
    return None
