"""The pipeline: outline file -> checked Document -> files, written atomically."""

from __future__ import annotations

import io
import json
import os
import select
import signal
import tempfile
from dataclasses import dataclass

from . import figures, references
from .build import build_document
from .diagnostics import BriefError, Diagnostic
from .interpolate import interpolate
from .i18n import language_for
from .loader import load_file, read_file
from .model import Document
from .schema import Outline, validate
from .theme import Theme, coverage, load_theme, resolve_path

FORMATS = ("pdf", "docx", "html")
DEFAULT_FORMATS = ("pdf", "docx")  # `make brief` asks for the HTML too


@dataclass
class Prepared:
    """A brief ready to write: its model, theme and outline."""

    outline: Outline
    document: Document
    theme: Theme


def prepare(path: str, style: str | None = None, raw: bytes | None = None) -> Prepared:
    """Load, validate, interpolate and build; raise BriefError with every problem.
    `raw`: the outline file's bytes, read already (see `build`)."""
    loaded = load_file(path, raw)
    outline, errors = validate(loaded)
    errors = loaded.kept_errors + errors
    if outline is None:
        raise BriefError(errors)
    theme = None
    try:
        theme = load_theme(resolve_path(style or outline.style,
                                        None if style else loaded.file))
    except BriefError as exc:
        if style:  # --style on the command line: not the outline's fault
            raise
        for problem in exc.diagnostics:  # each, with its place in the theme file
            where = (f" ({problem.file}:{problem.line}:{problem.col}, {problem.path})"
                     if problem.line else "")
            errors.append(loaded.diag(("style",), f"theme '{outline.style}'{where}: "
                                      f"{problem.message}", problem.hint))
    outline.language = language_for(outline.lang, theme.language if theme else "en-GB",
                                     theme.month_first if theme else False, outline.labels,
                                     outline.typography)
    errors += attach_bibliography(outline)
    # without a theme, the glyph check waits until the theme is fixed
    errors += references.check(outline, coverage(theme) if theme else None)
    figure_errors, checked = figures.check(outline)
    errors += figure_errors
    errors += interpolate(outline, outline.language)
    if errors:
        raise BriefError(errors)
    document = build_document(outline, outline.language, theme, checked.images)
    return Prepared(outline, document, theme)


def attach_bibliography(outline: Outline) -> list[Diagnostic]:
    """Read the outline's `bibliography` files; their entries join its sources.
    An id given twice (in the outline and a file, or in two files) is an error."""
    if not outline.bibliography:
        return []
    from . import bibliography
    loaded, errors = outline.loaded, []
    folder = os.path.dirname(os.path.abspath(outline.file))
    seen = {s.id: ("the outline", loaded.where(s.path + ("id",))[0]) for s in outline.sources}
    for i, written in enumerate(outline.bibliography):
        at = ("bibliography", i) if len(outline.bibliography) > 1 or \
            isinstance(loaded.data.get("bibliography"), list) else ("bibliography",)
        full = os.path.normpath(os.path.join(folder, written))
        if not os.path.isfile(full):
            shown = os.path.relpath(full)
            errors.append(loaded.diag(at, f"bibliography file '{written}' does not exist "
                                          f"(looked for {full if shown.startswith('..') else shown})",
                                      "paths are relative to the outline's folder"))
            continue
        sources, problems = bibliography.read(full)
        errors += problems
        if any(p.severity == "error" for p in problems) and not sources:
            outline.unread_bibliography = True  # its keys cannot be checked
        for src in sources:
            if src.id in seen:
                where, line = seen[src.id]
                file, own = src.origin or (written, None)
                errors.append(Diagnostic(
                    f"citation key '{src.id}' is also defined in {where}"
                    + (f" (line {line})" if line else ""), file, own, None, "",
                    "keys are shared by the outline's sources and every bibliography "
                    "file; remove or rename one"))
                continue
            seen[src.id] = (os.path.relpath(src.origin[0]) if src.origin else written,
                            src.origin[1] if src.origin else None)
            outline.sources.append(src)
    return errors


def output_paths(path: str, out_dir: str, formats) -> dict:
    name = os.path.splitext(os.path.basename(path))[0]
    return {fmt: os.path.join(out_dir, f"{name}.{fmt}") for fmt in formats}


def write(prepared: Prepared, targets: dict, parallel: bool | None = None,
          docx_job: "_DocxJob | None" = None) -> dict:
    """Write each format to a temporary file, then move them all into place.

    The PDF is laid out first: its page numbers fill the DOCX's contents
    list, so a DOCX-only build still lays the PDF out, in memory. With two
    cores, the DOCX is written in a forked process while the PDF is laid out
    (`docx_job`: one forked already, see `build`).
    The HTML needs no page numbers: an HTML-only build lays out no PDF.
    """
    temps: dict = {}
    info: dict = {}
    try:
        for fmt in targets:
            folder = os.path.dirname(os.path.abspath(targets[fmt]))
            fd, temps[fmt] = tempfile.mkstemp(
                prefix=f".{os.path.basename(targets[fmt])}.", suffix=".tmp", dir=folder)
            os.close(fd)
        if parallel is None:
            parallel = _parallel()
        if "docx" in temps:
            if docx_job is None:
                docx_job = _DocxJob(prepared, parallel)
            docx_job.prepared, docx_job.path = prepared, temps["docx"]
        try:
            from .writers.pdf import write_pdf
            if "html" in temps:
                from .writers.html import write_html
                write_html(prepared.document, prepared.theme, temps["html"])
            pagination = None
            if "pdf" in temps or docx_job:
                pagination = write_pdf(prepared.document, prepared.theme,
                                       temps["pdf"] if "pdf" in temps else io.BytesIO(),
                                       docx_job.send if docx_job else None)
        except BaseException:
            if docx_job:
                docx_job.cancel()
            raise
        if "pdf" in targets:
            info["pages"] = pagination["total"]
        if docx_job:
            docx_job.finish(pagination)
            if docx_job.warnings is not None:
                info["warnings"] = docx_job.warnings
        for fmt, temp in temps.items():
            os.chmod(temp, 0o644)
            os.replace(temp, targets[fmt])
        temps.clear()
    except BaseException:
        if docx_job:  # a temporary file could not be made, say: the child must not wait
            docx_job.cancel()
        raise
    finally:
        for temp in temps.values():
            try:
                os.unlink(temp)
            except OSError:
                pass
    return info


class _DocxJob:
    """The DOCX, built in a forked child while the parent lays out the PDF.

    The child renders everything, waits for the PDF's page numbers on a pipe,
    fills them in and saves. The lint's warnings are counted by whichever
    process would otherwise wait: the child, if the PDF is still being laid out
    when it has rendered (a long brief: its lint takes a second), else the
    parent while the child saves (a short one). If the child fails, the parent
    writes the DOCX itself, so a real error surfaces where it can be reported.
    """

    warnings: int | None = None  # the lint's count, from the child
    path: str | None = None  # the temporary file the DOCX goes to

    def __init__(self, prepared: Prepared | None, parallel: bool, outline: str | None = None,
                 style: str | None = None, raw: bytes | None = None):
        """Fork the child (with `parallel`). Given the prepared brief, it starts
        from that; given the `outline` instead (`build` forks before it prepares
        the brief), it imports python-docx and prepares the brief itself, from the
        outline's bytes `raw` the parent read (so a save meanwhile cannot give the
        two files different versions), while the parent does the same and imports
        reportlab: two cores, and the DOCX's start no longer waits for the parent's
        preparation."""
        self.prepared, self.pid = prepared, None
        if not parallel:
            return
        read, write = os.pipe()
        self.answer, answer = os.pipe()  # the child's count of warnings
        try:
            pid = os.fork()
        except OSError:  # no process to spare: the parent writes the DOCX itself
            for fd in (read, write, self.answer, answer):
                os.close(fd)
            return
        if pid == 0:  # the child: never returns
            os.close(write)
            os.close(self.answer)
            status = 1
            try:
                from .writers.docx import DocxWriter
                if prepared is None:
                    prepared = prepare(outline, style, raw)
                    import gc
                    gc.freeze()  # the model lives until the child ends (see build)
                writer = DocxWriter(prepared.document, prepared.theme).render().pack()
                waiting = select.select([read], [], [], 0)[0]  # the page numbers came
                os.write(answer, b"-\n" if waiting else b"%d\n" % _count_warnings(prepared))
                os.close(answer)
                with os.fdopen(read, "rb") as pipe:
                    # one line, not everything up to the end: another build's child,
                    # forked meanwhile from another thread, may hold this pipe open too
                    message = pipe.readline()
                if message:
                    order = json.loads(message)
                    writer.finish(order["pagination"], order["path"])
                    status = 0
            except BaseException:
                status = 1
            finally:
                os._exit(status)
        os.close(read)
        os.close(answer)
        self.pid, self.pipe = pid, write

    sent = False

    def send(self, pagination: dict):
        """Give the child the page numbers as soon as the PDF is laid out, so it
        saves the DOCX while the PDF's structure tree is written."""
        if self.pid is not None and not self.sent:
            self.sent = True  # the pipe is closed below, whatever happens
            order = {"pagination": pagination, "path": self.path}
            try:
                with os.fdopen(self.pipe, "wb") as pipe:
                    pipe.write(json.dumps(order).encode() + b"\n")
            except BrokenPipeError:
                pass  # the child has ended: `finish` reaps it and writes the DOCX here

    def finish(self, pagination: dict):
        if self.pid is not None:
            self.send(pagination)
            status = self._read_answer()
            if self.warnings is None and status is None:  # the child saves meanwhile
                self.warnings = _count_warnings(self.prepared)
            if status is None:
                _, status = os.waitpid(self.pid, 0)
            self.pid = None
            if os.waitstatus_to_exitcode(status) == 0:
                return
        from .writers.docx import write_docx  # here only: python-docx takes 0.06 s to load
        write_docx(self.prepared.document, self.prepared.theme, self.path, pagination)

    def _read_answer(self):
        """Wait for the child's line (its count of warnings, or '-'), or for its end;
        return its wait status if it ended. The pipe is polled, not read until its
        end: a child forked meanwhile from another thread may hold it open."""
        line, status = b"", None
        try:
            while True:
                if select.select([self.answer], [], [], 0.005)[0]:
                    line = os.read(self.answer, 64)
                    break
                pid, code = os.waitpid(self.pid, os.WNOHANG)
                if pid:  # it ended: whatever it wrote is in the pipe
                    status = code
                    if select.select([self.answer], [], [], 0)[0]:
                        line = os.read(self.answer, 64)
                    break
        finally:
            os.close(self.answer)
        line = line.strip()
        self.warnings = int(line) if line.isdigit() else None
        return status

    def cancel(self):
        if self.pid is not None:
            if not self.sent:  # the child has written nothing, and need not finish
                os.close(self.pipe)
                try:
                    os.kill(self.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            os.waitpid(self.pid, 0)
            self.pid = None
            os.close(self.answer)


def build(path: str, out_dir: str = "build", formats=DEFAULT_FORMATS,
          style: str | None = None, parallel: bool | None = None,
          one_shot: bool = False) -> dict:
    """Build one outline into out_dir; return {format: path} plus page count.

    `one_shot`: the model's objects are frozen (`gc.freeze`) once prepared: they
    live until the build ends, and scanning them again and again cost a quarter of
    a long brief's layout. The command line builds and exits; `watch` unfreezes
    and collects after each build."""
    if parallel is None:
        parallel = _parallel()
    raw = read_file(path)  # once, for both processes
    early = _DocxJob(None, True, path, style, raw) if parallel and "docx" in formats else None
    try:
        prepared = prepare(path, style, raw)
        try:
            os.makedirs(out_dir, exist_ok=True)
        except OSError as exc:
            raise BriefError([Diagnostic(f"cannot create the output folder '{out_dir}': "
                                         f"{exc.strerror}", path)]) from None
        if not os.access(out_dir, os.W_OK):
            raise BriefError([Diagnostic(f"the output folder '{out_dir}' is not writable",
                                         path)])
    except BaseException:
        if early:  # nothing to write: the child is let go
            early.cancel()
        raise
    if one_shot:
        import gc
        gc.freeze()
    targets = output_paths(path, out_dir, formats)
    info = write(prepared, targets, parallel, early)
    meta = prepared.document.meta
    if "warnings" not in info:
        info["warnings"] = _count_warnings(prepared)
    return {**targets, **info,
            "names": (meta.label("table"), meta.label("figure"))}  # for `verify`


def _parallel() -> bool:
    """Whether the DOCX is written in a forked child: with two cores or more."""
    return (os.cpu_count() or 1) > 1 and hasattr(os, "fork")


def _count_warnings(prepared: Prepared) -> int:
    """How many warnings `briefgen check` would print; a build only counts them."""
    from .lint import lint
    try:
        return len(lint(prepared.outline, prepared.theme.month_first))
    except Exception:  # a lint bug must never fail a build
        return 0
