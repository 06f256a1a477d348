"""`briefgen watch`: rebuild outlines when they, their theme, or the images and
bibliography files they name change.

Polling with the standard library (no extra dependency): every `interval`
seconds (0.02: a few stat calls, nothing a machine notices) each outline's
file, its theme file and the files it names are stat'ed, and a change is
built at once, in this process, whose imports, fonts and compiled templates
stay warm. An editor may write a file in several steps: a build that fails
while the file is still changing (or changes within `settle` seconds after)
is not reported, and the next poll builds the file again. A build that fails
writes nothing (`api.build` is atomic), so the last good PDF and DOCX stay.

`Watcher.step()` does one round of checking and building and returns what
happened; `run()` loops over it until stopped (Ctrl-C, a stop event, or
after a number of builds), handing each result to a callback.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from dataclasses import dataclass, field

from .diagnostics import BriefError, Diagnostic

INTERVAL = 0.02  # seconds between polls
SETTLE = 0.05  # a failed build's files must keep still this long for it to be reported


@dataclass
class Result:
    """One build attempt of one outline."""

    outline: str
    ok: bool
    seconds: float
    info: dict = field(default_factory=dict)  # api.build's answer: paths and pages
    diagnostics: list = field(default_factory=list)  # errors, or warnings when ok
    internal: str | None = None  # an unexpected error, in one line
    trace: str | None = None  # and its traceback
    kept: list = field(default_factory=list)  # earlier outputs left in place on failure
    reason: str = ""  # "start", or the files that changed


def _signature(path: str | None):
    if not path:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _outline_data(outline: str):
    """The outline's data as read, or None if it cannot be read."""
    from .loader import load_file
    try:
        return load_file(outline).data
    except BriefError:
        return None


def theme_file(outline: str, style: str | None = None, data=False) -> str | None:
    """The theme file an outline uses (None if the outline cannot be read);
    `data`: the outline's data, read already."""
    from .theme import resolve_path
    if style:
        return resolve_path(style, None)
    if data is False:
        data = _outline_data(outline)
    if data is None:
        return None
    chosen = data.get("style") if isinstance(data, dict) else None
    return resolve_path(str(chosen) if chosen else None, outline)


def input_files(outline: str, data=False) -> list:
    """The image and bibliography files an outline names (relative to it);
    `data`: the outline's data, read already."""
    if data is False:
        data = _outline_data(outline)
    if not isinstance(data, dict):
        return []
    folder = os.path.dirname(os.path.abspath(outline))
    found = []
    bib = data.get("bibliography")
    found += [b for b in (bib if isinstance(bib, list) else [bib]) if isinstance(b, str)]

    def sections(items):
        for section in items if isinstance(items, list) else []:
            if isinstance(section, dict):
                for figure in section.get("figures") or []:
                    if isinstance(figure, dict) and isinstance(figure.get("image"), str):
                        found.append(figure["image"])
                sections(section.get("sections"))
    sections(data.get("sections"))
    return [os.path.normpath(os.path.join(folder, f)) for f in found]


class Watcher:
    """The outlines being watched, and what was last built from them."""

    def __init__(self, outlines, out_dir: str = "build", formats=("pdf", "docx"),
                 style: str | None = None, lint: bool = True, settle: float = SETTLE):
        self.outlines = list(dict.fromkeys(outlines))
        self.out_dir, self.formats, self.style = out_dir, tuple(formats), style
        self.lint, self.settle = lint, settle
        self.seen: dict = {}  # outline -> {file: signature} at its last build
        self.themes: dict = {}  # outline -> theme file
        self.inputs: dict = {}  # outline -> the images and bibliography files it names

    def files(self, outline: str) -> list:
        return [outline] + ([self.themes[outline]] if self.themes.get(outline) else []) + \
            self.inputs.get(outline, [])

    def _state(self, outline: str) -> dict:
        return {f: _signature(f) for f in self.files(outline)}

    def changed(self) -> dict:
        """Outlines to rebuild -> the files that changed (all of them at first)."""
        out = {}
        for outline in self.outlines:
            if outline not in self.seen:
                out[outline] = "start"
                continue
            now = self._state(outline)
            moved = [f for f, sig in now.items() if sig != self.seen[outline].get(f)]
            if moved:
                out[outline] = ", ".join(moved)
        return out

    def pending(self) -> dict:
        """The outlines to build now, and why (`changed()`)."""
        return self.changed()

    def still_changing(self, outline: str) -> bool:
        """Whether the files of a build that just failed moved since it read them, or
        move within `settle` seconds: then the failure is not reported, and the next
        poll builds them again."""
        if self._state(outline) != self.seen.get(outline):
            return True
        if self.settle:
            time.sleep(self.settle)
        return self._state(outline) != self.seen.get(outline)

    def settled(self, result: "Result") -> bool:
        """Whether to report `result` (see `still_changing`)."""
        return result.ok or result.reason == "start" or not self.still_changing(result.outline)

    def step(self) -> list:
        """Rebuild what changed since the last step; return the results to report."""
        results = [self.build(outline, reason) for outline, reason in self.pending().items()]
        return [r for r in results if self.settled(r)]

    def build(self, outline: str, reason: str = "") -> Result:
        from . import api
        from . import theme as themes
        old_theme = self.themes.get(outline)
        theme_sig = self.seen.get(outline, {}).get(old_theme) if old_theme else None
        data = _outline_data(outline)  # read once for both
        self.themes[outline] = theme_file(outline, self.style, data) or old_theme
        self.inputs[outline] = input_files(outline, data)
        self.seen[outline] = self._state(outline)
        if old_theme and self.seen[outline].get(old_theme) != theme_sig:
            themes.load_theme.cache_clear()  # the theme file was edited: read it again
            themes.coverage.cache_clear()
        start = time.perf_counter()
        targets = api.output_paths(outline, self.out_dir, self.formats)
        try:
            info = _build(outline, self.out_dir, self.formats, self.style)
        except BriefError as exc:
            kept = [p for p in targets.values() if os.path.exists(p)]
            return Result(outline, False, time.perf_counter() - start,
                          diagnostics=exc.diagnostics, kept=kept, reason=reason)
        except Exception as exc:  # an internal error must not end the watch
            kept = [p for p in targets.values() if os.path.exists(p)]
            return Result(outline, False, time.perf_counter() - start,
                          internal=f"{type(exc).__name__}: {exc}",
                          trace=traceback.format_exc(), kept=kept, reason=reason)
        seconds = time.perf_counter() - start
        warnings: list[Diagnostic] = []
        if self.lint:
            warnings = _lint(outline, self.style)
        return Result(outline, True, seconds, info=info, diagnostics=warnings, reason=reason)


def _build(outline: str, out_dir: str, formats, style):
    """api.build, with the model frozen out of the collector's sight while it is
    written, as in a one-shot build; what the build left is collected after it,
    once the files are in place. A build amid the last builds' garbage took half
    as long again."""
    import gc

    from . import api
    if "docx" in formats:  # once: each build's forked child then starts with it loaded
        from .writers import docx  # noqa: F401
    try:
        return api.build(outline, out_dir, formats, style, one_shot=True)
    finally:
        gc.unfreeze()
        gc.collect()


def _lint(outline: str, style: str | None) -> list:
    from . import api
    from .lint import lint
    try:
        prepared = api.prepare(outline, style)
        return lint(prepared.outline, prepared.theme.month_first)
    except Exception:  # the build just succeeded; a lint failure is not worth a stop
        return []


def run(watcher: Watcher, report, interval: float = INTERVAL,
        stop: threading.Event | None = None, max_builds: int | None = None) -> int:
    """Poll and rebuild until `stop` is set or `max_builds` builds were made.

    `report(result)` is called for every build; returns the number of builds.
    """
    stop = stop or threading.Event()
    builds = 0
    while not stop.is_set():
        for outline, reason in watcher.pending().items():
            if stop.is_set():
                return builds
            result = watcher.build(outline, reason)
            if not watcher.settled(result):
                continue  # the file is still being written: built again at the next poll
            report(result)
            builds += 1
            if max_builds is not None and builds >= max_builds:
                return builds
        stop.wait(interval)
    return builds
