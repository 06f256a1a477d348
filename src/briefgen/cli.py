"""Command line: arguments -> api calls -> printed diagnostics and exit code."""

from __future__ import annotations

import argparse
import sys
import time

from . import __version__
from .diagnostics import BriefError

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _formats(text: str):
    from .api import FORMATS
    chosen = [f.strip().lower() for f in text.split(",") if f.strip()]
    bad = [f for f in chosen if f not in FORMATS]
    if bad or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown format {', '.join(bad) or '(none)'}; choose from {', '.join(FORMATS)}")
    return tuple(dict.fromkeys(chosen))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="briefgen",
                                description="Turn a YAML outline of a brief into PDF and DOCX.")
    p.add_argument("--version", action="version", version=f"briefgen {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build PDF and DOCX from outlines")
    b.add_argument("outlines", nargs="+", metavar="OUTLINE")
    b.add_argument("-o", "--output", default="build", metavar="DIR",
                   help="output folder (default: build)")
    b.add_argument("--format", type=_formats, default=("pdf", "docx"),
                   help="comma-separated formats: pdf,docx (default: both)")
    b.add_argument("--style", help="theme name in styles/ or path to a theme file")
    b.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    c = sub.add_parser("check", help="validate outlines without writing anything")
    c.add_argument("outlines", nargs="+", metavar="OUTLINE")
    c.add_argument("--style", help="theme name in styles/ or path to a theme file")
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    status = EXIT_OK
    for outline in args.outlines:
        try:
            status = max(status, _run(args, outline))
        except BriefError as exc:
            for d in exc.diagnostics:
                print(d.format(), file=sys.stderr)
            count = len(exc.diagnostics)
            print(f"{outline}: {count} error{'s' if count != 1 else ''}; nothing written",
                  file=sys.stderr)
            status = max(status, EXIT_INVALID)
        except KeyboardInterrupt:
            print("interrupted; earlier files left as they were", file=sys.stderr)
            return 130
        except Exception as exc:  # an internal error: one line, traceback on request
            if args.debug:
                raise
            print(f"{outline}: internal error ({type(exc).__name__}: {exc}); nothing written. "
                  "Please report it with the outline; --debug shows the traceback.",
                  file=sys.stderr)
            status = max(status, EXIT_INVALID)
    return status


def _run(args, outline: str) -> int:
    from . import api
    if args.command == "check":
        api.prepare(outline, args.style)
        print(f"{outline}: ok")
        return EXIT_OK
    start = time.perf_counter()
    result = api.build(outline, args.output, args.format, args.style)
    if not args.quiet:
        files = ", ".join(result[f] for f in args.format)
        pages = f", {result['pages']} pages" if "pages" in result else ""
        print(f"{outline} -> {files}{pages} in {time.perf_counter() - start:.2f} s")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
