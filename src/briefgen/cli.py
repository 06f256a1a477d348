"""Command line: arguments -> api calls -> printed diagnostics and exit code.

Each subcommand is a pair in COMMANDS: a function that adds its arguments to
an argparse subparser, and a function `(args, term) -> exit status` that
runs it. Results go to stdout, one line per brief; errors and warnings go to
stderr; colour only on a terminal, and never when NO_COLOR is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

from . import __version__
from .diagnostics import BriefError, Diagnostic

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


# ---------------------------------------------------------------- terminal

class Terminal:
    """Where messages go, and whether they may use colour."""

    _CODES = {"bold": "1", "red": "1;31", "yellow": "1;33", "green": "32", "dim": "2"}

    def __init__(self, quiet: bool = False):
        self.quiet = quiet

    @staticmethod
    def interactive(stream) -> bool:
        try:
            return stream.isatty()
        except (AttributeError, ValueError):
            return False

    def colour(self, stream) -> bool:
        return (self.interactive(stream) and not os.environ.get("NO_COLOR")
                and os.environ.get("TERM") != "dumb")

    def paint(self, text: str, style: str, stream) -> str:
        if not self.colour(stream):
            return text
        return f"\033[{self._CODES[style]}m{text}\033[0m"

    def out(self, text: str) -> None:
        """A result line (stdout), unless --quiet."""
        if not self.quiet:
            print(text, file=sys.stdout, flush=True)

    def err(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    def diagnostic(self, d: Diagnostic) -> None:
        stream = sys.stderr
        styles = {"where": "red" if d.severity == "error" else "bold",
                  "severity": "yellow", "hint": "dim"}
        print(d.format(lambda text, role: self.paint(text, styles[role], stream)),
              file=stream, flush=True)


class Progress:
    """On a terminal, a 'building …' line for a build that takes a while; erased after."""

    DELAY = 0.6  # seconds before it shows

    def __init__(self, term: Terminal, label: str):
        self.label = label
        self.enabled = not term.quiet and term.interactive(sys.stderr) \
            and os.environ.get("TERM") != "dumb"
        self.done = threading.Event()
        self.shown = 0
        self.thread = None

    def __enter__(self):
        if self.enabled:
            self.start = time.perf_counter()
            self.thread = threading.Thread(target=self._tick, daemon=True)
            self.thread.start()
        return self

    def _tick(self):
        wait = self.DELAY
        while not self.done.wait(wait):
            text = f"{self.label} … {time.perf_counter() - self.start:.0f} s"
            sys.stderr.write("\r" + text.ljust(self.shown))
            sys.stderr.flush()
            self.shown = len(text)
            wait = 0.5

    def __exit__(self, *exc):
        self.done.set()
        if self.thread:
            self.thread.join()
        if self.shown:
            sys.stderr.write("\r" + " " * self.shown + "\r")
            sys.stderr.flush()
        return False


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


def built_line(outline: str, result: dict, formats, seconds: float) -> str:
    """'x.yaml -> build/x.pdf (12 pages, 240 KB), build/x.docx (60 KB) in 1.23 s'."""
    parts = []
    for fmt in formats:
        path = result[fmt]
        try:
            size = _size(os.path.getsize(path))
        except OSError:
            size = "?"
        details = ([_plural(result["pages"], "page")] if fmt == "pdf" and "pages" in result
                   else []) + [size]
        parts.append(f"{path} ({', '.join(details)})")
    line = f"{outline} -> {', '.join(parts)} in {seconds:.2f} s"
    if result.get("warnings"):
        line += f"; {_plural(result['warnings'], 'warning')} (briefgen check {outline})"
    return line


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _formats(text: str):
    from .api import FORMATS
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(chosen))


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def _each(args, term: Terminal, run_one) -> int:
    """Run `run_one(outline)` for every outline; report problems; the worst status."""
    status = EXIT_OK
    for outline in args.outlines:
        try:
            status = max(status, run_one(outline))
        except BriefError as exc:
            for d in exc.diagnostics:
                term.diagnostic(d)
            term.err(f"{outline}: {_plural(len(exc.diagnostics), 'error')}; nothing written")
            status = max(status, EXIT_INVALID)
        except KeyboardInterrupt:
            term.err("interrupted; earlier files left as they were")
            return EXIT_INTERRUPTED
        except Exception as exc:  # an internal error: one line, traceback on request
            if args.debug:
                raise
            term.err(_internal(outline, exc))
            status = max(status, EXIT_INVALID)
    return status


def _internal(outline: str, exc: Exception) -> str:
    return (f"{outline}: internal error ({type(exc).__name__}: {exc}); nothing written. "
            "Please report it with the outline; --debug shows the traceback.")


# ---------------------------------------------------------------- build

def add_build(p):
    p.add_argument("outlines", nargs="+", metavar="OUTLINE")
    p.add_argument("-o", "--output", default="build", metavar="DIR",
                   help="output folder (default: build)")
    p.add_argument("--format", type=_formats, default=("pdf", "docx"),
                   help="comma-separated formats: pdf,docx,html (default: pdf,docx)")
    p.add_argument("--style", help="theme name in styles/ or path to a theme file")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors")


def _one_shot_gc():
    """A build makes a few million objects, nearly all kept to the end: collect the
    young ones less often (the default, every 700 allocations, scans most of them)."""
    import gc
    gc.set_threshold(100_000, 50, 1000)


def cmd_build(args, term: Terminal) -> int:
    from . import api
    _one_shot_gc()
    total = len(args.outlines)
    workers = min(total, os.cpu_count() or 1)
    if workers > 1 and not args.debug:
        return _build_in_parallel(args, term, workers)

    def one(outline):
        start = time.perf_counter()
        label = f"building {outline}" + (f" [{args.outlines.index(outline) + 1}/{total}]"
                                         if total > 1 else "")
        with Progress(term, label):
            result = api.build(outline, args.output, args.format, args.style,
                               one_shot=total == 1)
        term.out(built_line(outline, result, args.format, time.perf_counter() - start))
        return EXIT_OK
    return _each(args, term, one)


def _build_one(outline: str, output: str, formats, style):
    """Build in a worker process; return plain data (exceptions don't travel well)."""
    from . import api
    start = time.perf_counter()
    try:
        result = api.build(outline, output, formats, style, parallel=False)
    except BriefError as exc:
        return "error", exc.diagnostics, 0.0
    except Exception as exc:  # reported as an internal error by the parent
        return "internal", f"{type(exc).__name__}: {exc}", 0.0
    return "ok", result, time.perf_counter() - start


def _build_in_parallel(args, term: Terminal, workers: int) -> int:
    """Several outlines on all cores, one process each; results printed in order."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from . import api  # noqa: F401  imported once here, shared by the forked workers
    from .writers import docx, html, pdf  # noqa: F401
    status = EXIT_OK
    context = multiprocessing.get_context("fork")
    total = len(args.outlines)
    try:
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(_build_one, o, args.output, args.format, args.style)
                       for o in args.outlines]
            for done, (outline, future) in enumerate(zip(args.outlines, futures)):
                label = f"building {total} outlines on {workers} cores [{done}/{total} done]"
                with Progress(term, label):  # started after the workers are forked
                    kind, payload, seconds = future.result()
                if kind == "ok":
                    term.out(built_line(outline, payload, args.format, seconds))
                elif kind == "error":
                    for d in payload:
                        term.diagnostic(d)
                    term.err(f"{outline}: {_plural(len(payload), 'error')}; nothing written")
                    status = max(status, EXIT_INVALID)
                else:
                    term.err(f"{outline}: internal error ({payload}); nothing written. "
                             "Please report it with the outline; --debug shows the traceback.")
                    status = max(status, EXIT_INVALID)
    except KeyboardInterrupt:
        term.err("interrupted; earlier files left as they were")
        return EXIT_INTERRUPTED
    return status


# ---------------------------------------------------------------- check

def add_check(p):
    p.add_argument("outlines", nargs="+", metavar="OUTLINE")
    p.add_argument("--style", help="theme name in styles/ or path to a theme file")
    p.add_argument("--strict", action="store_true", help="fail (exit 1) on warnings too")
    p.add_argument("--no-lint", dest="lint", action="store_false",
                   help="report errors only, no warnings")
    p.add_argument("--accessibility", action="store_true",
                   help="build in a temporary folder and check the PDF (PDF/UA-1, "
                        "PDF/A-2a) and the DOCX (Word's accessibility checks) instead")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="print only errors and warnings")


def cmd_check(args, term: Terminal) -> int:
    from . import api
    from .lint import lint
    if args.accessibility:
        return _check_accessibility(args, term)

    def one(outline):
        prepared = api.prepare(outline, args.style)
        warnings = []
        if args.lint:
            try:
                warnings = lint(prepared.outline, prepared.theme.month_first)
            except Exception as exc:  # a bug in a lint must not fail a valid outline
                if args.debug:
                    raise
                term.err(f"{outline}: the lint failed ({type(exc).__name__}: {exc}); "
                         "please report it; --debug shows the traceback")
        for d in warnings:
            term.diagnostic(d)
        if warnings and args.strict:
            term.err(f"{outline}: {_plural(len(warnings), 'warning')}; failing (--strict)")
            return EXIT_INVALID
        ok = term.paint("ok", "green", sys.stdout)
        term.out(f"{outline}: {ok}" + (f", {_plural(len(warnings), 'warning')}"
                                       if warnings else ""))
        return EXIT_OK
    return _each(args, term, one)


def _check_accessibility(args, term: Terminal) -> int:
    from .accessibility import check

    def one(outline):
        with Progress(term, f"checking {outline}"):
            found = check(outline, args.style)
        problems = found["pdf"] + [f"DOCX: {problem}" for problem in found["docx"]]
        return _report(term, outline, problems,
                       f"{_plural(len(problems), 'accessibility problem')} "
                       f"(PDF {len(found['pdf'])}, DOCX {len(found['docx'])})",
                       "the PDF passes PDF/UA-1 and PDF/A-2a and the DOCX Word's "
                       "accessibility checks")
    return _each(args, term, one)


def _report(term: Terminal, outline: str, problems: list, summary: str, fine: str) -> int:
    """Each problem on its own line and a summary, or one line saying all is well."""
    for problem in problems:
        term.err(f"{outline}: {problem}")
    if problems:
        term.err(f"{outline}: {summary}")
        return EXIT_INVALID
    ok = term.paint("ok", "green", sys.stdout)
    term.out(f"{outline}: {ok}, {fine}")
    return EXIT_OK


# ---------------------------------------------------------------- verify

def add_verify(p):
    p.add_argument("outlines", nargs="+", metavar="OUTLINE")
    p.add_argument("--style", help="theme name in styles/ or path to a theme file")
    p.add_argument("-q", "--quiet", action="store_true", help="print only differences")
    p.add_argument("--pages", action="store_true",
                   help="also lay the DOCX out with LibreOffice and report the headings "
                        "and captions not on the PDF's page")


def cmd_verify(args, term: Terminal) -> int:
    from .verify import verify_outline

    def one(outline):
        problems = verify_outline(outline, args.style, pages=args.pages)
        return _report(term, outline, problems, "the DOCX or the HTML differs from the PDF "
                       f"in {_plural(len(problems), 'place')}",
                       "the PDF, the DOCX and the HTML agree (headings, captions, table "
                       "cells, figures, notes, citations, metadata" + (
                           "; in LibreOffice, the pages and every heading's and "
                           "caption's page" if args.pages else "") + ")")
    return _each(args, term, one)


# ---------------------------------------------------------------- new

def add_new(p):
    p.add_argument("name", metavar="NAME", help="the brief's file name, e.g. river-talks")
    p.add_argument("-o", "--output", default="briefing", metavar="DIR",
                   help="folder for NAME.yaml (default: briefing)")


def cmd_new(args, term: Terminal) -> int:
    from .scaffold import create
    try:
        path, schema = create(args.name, args.output)
    except BriefError as exc:
        for d in exc.diagnostics:
            term.diagnostic(d)
        return EXIT_INVALID
    term.out(f"created {path}" + (f" (and {schema}, for editors)" if schema else ""))
    term.out(f"next: {_myself()} watch {path}   (rebuilds build/"
             f"{os.path.basename(path)[:-5]}.pdf and .docx on every save)")
    return EXIT_OK


def _myself() -> str:
    """How the user can run briefgen again: 'briefgen' if it is on PATH."""
    import shutil
    if shutil.which("briefgen"):
        return "briefgen"
    if sys.argv and os.path.basename(sys.argv[0]) == "briefgen":
        return sys.argv[0]  # as it was typed, e.g. .venv/bin/briefgen
    return "python -m briefgen"


# ---------------------------------------------------------------- watch

def add_watch(p):
    add_build(p)
    p.add_argument("--interval", type=_positive, default=0.02, metavar="SECONDS",
                   help="how often to look for changes (default: 0.02)")
    p.add_argument("--no-lint", dest="lint", action="store_false",
                   help="do not print warnings after each build")
    p.add_argument("--max-builds", type=int, default=None, metavar="N",
                   help="stop after N builds (for scripts and tests)")


def cmd_watch(args, term: Terminal) -> int:
    from . import watch
    watcher = watch.Watcher(args.outlines, args.output, args.format, args.style, lint=args.lint)
    failed = []

    def report(result: watch.Result):
        stamp = term.paint(time.strftime("%H:%M:%S"), "dim", sys.stdout)
        if result.ok:
            for d in result.diagnostics:
                term.diagnostic(d)
            term.out(f"{stamp} " + built_line(result.outline, result.info, args.format,
                                              result.seconds))
            if result.outline in failed:
                failed.remove(result.outline)
            return
        if result.internal:
            if args.debug and result.trace:
                term.err(result.trace.rstrip())
            term.err(f"{result.outline}: internal error ({result.internal}). Please report "
                     "it with the outline; --debug shows the traceback.")
        for d in result.diagnostics:
            term.diagnostic(d)
        count = _plural(len(result.diagnostics), "error") if result.diagnostics else "failed"
        kept = "kept the last good files" if result.kept else "nothing written"
        term.err(f"{time.strftime('%H:%M:%S')} {result.outline}: {count}; {kept}")
        failed.append(result.outline)

    watched = ", ".join(args.outlines)
    if not term.quiet:
        term.err(f"watching {watched} (and its theme) every {args.interval:g} s; "
                 "Ctrl-C to stop")
    try:
        watch.run(watcher, report, args.interval, max_builds=args.max_builds)
    except KeyboardInterrupt:
        term.err("stopped")
        return EXIT_OK
    return EXIT_INVALID if failed else EXIT_OK


# ---------------------------------------------------------------- schema

def add_schema(p):
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write to FILE instead of printing (e.g. briefing/outline.schema.json)")


def cmd_schema(args, term: Terminal) -> int:
    from . import outline_schema
    text = outline_schema.text()
    if not args.output:
        sys.stdout.write(text)
        return EXIT_OK
    temp = args.output + ".tmp"
    try:
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(temp, args.output)
    except OSError as exc:
        term.err(f"{args.output}: cannot write the schema: {exc.strerror}")
        return EXIT_INVALID
    term.out(f"wrote {args.output}")
    return EXIT_OK


# ---------------------------------------------------------------- main

COMMANDS = {
    # name: (help, add arguments, run)
    "build": ("build PDF, DOCX and HTML from outlines", add_build, cmd_build),
    "check": ("validate and lint outlines without writing anything", add_check, cmd_check),
    "new": ("start a new brief from a commented example outline", add_new, cmd_new),
    "watch": ("rebuild outlines whenever they or their theme change", add_watch, cmd_watch),
    "schema": ("print the outline format as a JSON Schema (for editors)", add_schema,
               cmd_schema),
    "verify": ("build outlines and check that the PDF, DOCX and HTML say the same", add_verify,
               cmd_verify),
}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefgen", description="Turn a YAML outline of a brief into PDF, DOCX and HTML.")
    p.add_argument("--version", action="version", version=f"briefgen {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, add, _) in COMMANDS.items():
        add(sub.add_parser(name, help=help_text, description=help_text[:1].upper()
                           + help_text[1:] + "."))
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    term = Terminal(quiet=getattr(args, "quiet", False))
    try:
        return COMMANDS[args.command][2](args, term)
    except KeyboardInterrupt:
        term.err("interrupted")
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
