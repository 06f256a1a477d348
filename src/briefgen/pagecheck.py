"""Page check: does LibreOffice's layout of the DOCX put the headings and captions on
the PDF's pages?

The DOCX is converted with LibreOffice (`soffice`) in an environment where
fontconfig cannot see the theme's font, so what LibreOffice draws comes from the
fonts embedded in the DOCX, as on a reader's machine without them. Both PDFs are
then read the same way: each heading and each table and figure caption of the
document model is found on a page by its text, size and weight (which keeps a
heading apart from its line in the contents), and the pages are compared.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field

from .model import Contents, Document, Figure, Heading, Table
from .theme import Theme
from .verify import fold

TIMEOUT = 300  # seconds for one LibreOffice conversion


@dataclass(frozen=True)
class Item:
    """A heading or caption to find: its text as printed, size in points, weight."""

    kind: str  # "heading" or "caption"
    text: str
    size: float
    bold: bool


@dataclass
class PageReport:
    """Pages of the PDF and of LibreOffice's layout, and where each item fell."""

    name: str
    pdf_pages: int
    office_pages: int
    rows: list = field(default_factory=list)  # (Item, PDF page, LibreOffice page)

    @property
    def same(self) -> int:
        return sum(1 for _, a, b in self.rows if a is not None and a == b)

    @property
    def share(self) -> float:
        return self.same / len(self.rows) if self.rows else 1.0

    def problems(self) -> list[str]:
        out = []
        if self.pdf_pages != self.office_pages:
            out.append(f"pages: {self.pdf_pages} in the PDF, {self.office_pages} in "
                       "LibreOffice's layout of the DOCX")
        for item, pdf, office in self.rows:
            if pdf != office:
                where = lambda p: "not found" if p is None else f"page {p}"  # noqa: E731
                out.append(f"{item.kind} on {where(pdf)} of the PDF, {where(office)} in "
                           f"LibreOffice: {item.text[:70]!r}")
        return out

    def summary(self) -> str:
        return (f"{self.name}: {self.pdf_pages} pages in the PDF, {self.office_pages} in "
                f"LibreOffice; {self.same} of {len(self.rows)} headings and captions on the "
                f"PDF's page ({self.share:.0%})")


def items(document: Document, theme: Theme) -> list[Item]:
    """The headings (the contents' title too) and captions, in reading order."""
    out = []
    caption = theme.style("caption")
    for block in document.walk():
        if isinstance(block, Heading):
            look = theme.style(f"h{min(block.level, 3)}")
            out.append(Item("heading", fold(block.label), look.size, look.bold))
        elif isinstance(block, Contents):
            look = theme.style("h1")
            out.append(Item("heading", fold(block.title), look.size, look.bold))
        elif isinstance(block, (Table, Figure)):
            out.append(Item("caption", fold(block.label), caption.size, caption.bold))
    return out


# ---------------------------------------------------------------- reading a PDF

@dataclass
class _Line:
    page: int
    y: float
    x: float
    size: float
    bold: bool
    text: str


def _lines(path: str) -> tuple[int, list[_Line]]:
    """The PDF's page count and its lines of text, each with the size and weight of
    its first piece, top to bottom on each page."""
    from pypdf import PdfReader
    reader = PdfReader(path)
    out: list[_Line] = []
    for number, page in enumerate(reader.pages, 1):
        pieces = []

        def visit(text, cm, tm, font, size, pieces=pieces):
            if not text.strip():
                return
            a, b, c, d, e, f = tm
            ca, cb, cc, cd, ce, cf = cm
            x, y = e * ca + f * cc + ce, e * cb + f * cd + cf
            scale = abs((a * ca + b * cc) * (c * cb + d * cd)
                        - (a * cb + b * cd) * (c * ca + d * cc)) ** 0.5
            name = str((font or {}).get("/BaseFont", "")).lower()
            pieces.append((y, x, size * scale, "bold" in name, text))

        page.extract_text(visitor_text=visit)
        rows: list[list] = []
        for piece in sorted(pieces, key=lambda p: (-p[0], p[1])):
            if rows and abs(rows[-1][0][0] - piece[0]) < 1.0:
                rows[-1].append(piece)
            else:
                rows.append([piece])
        for row in rows:
            row.sort(key=lambda p: p[1])
            text = fold(" ".join(p[4] for p in row))
            first = row[0]
            out.append(_Line(number, first[0], first[1], first[2], first[3], text))
    return len(reader.pages), out


def _squash(text: str) -> str:
    """Text compared without spaces or hyphens: lines break differently."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "-\u00ad")


def _matches(lines: list[_Line], i: int, item: Item) -> bool:
    line = lines[i]
    if abs(line.size - item.size) > 0.3 or line.bold != item.bold:
        return False
    want, got = _squash(item.text), _squash(line.text)
    if not got or not want.startswith(got):
        return False
    j = i + 1  # a wrapped heading or caption: its next lines, same size, same page
    while len(got) < len(want) and j < len(lines) and lines[j].page == line.page \
            and abs(lines[j].size - item.size) <= 0.3:
        got += _squash(lines[j].text)
        j += 1
    return got.startswith(want) or (len(got) >= 40 and want.startswith(got))


def locate(path: str, wanted: list[Item]) -> tuple[int, list[int | None]]:
    """The PDF's page count and the page of each item (None where not found).
    Headings are found in order; a caption anywhere (a figure may wait for the
    next page, after the heading that follows it)."""
    count, lines = _lines(path)
    pages: list[int | None] = []
    at = 0  # headings: search on from the last one found
    for item in wanted:
        start = at if item.kind == "heading" else 0
        found = next((i for i in range(start, len(lines)) if _matches(lines, i, item)), None)
        pages.append(None if found is None else lines[found].page)
        if found is not None and item.kind == "heading":
            at = found + 1
    return count, pages


def compare(name: str, pdf_path: str, office_pdf: str, wanted: list[Item]) -> PageReport:
    pdf_count, pdf_pages = locate(pdf_path, wanted)
    office_count, office_pages = locate(office_pdf, wanted)
    return PageReport(name, pdf_count, office_count,
                      list(zip(wanted, pdf_pages, office_pages)))


# ---------------------------------------------------------------- LibreOffice

def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def hidden_fonts_env(families, folder: str) -> dict:
    """An environment in which fontconfig (and so LibreOffice) cannot see the
    `families`, installed or not, with a fresh LibreOffice profile in `folder`."""
    conf = os.path.join(folder, "fonts.conf")
    rejects = "".join(f'<pattern><patelt name="family"><string>{_xml(f)}</string></patelt>'
                      f'</pattern>' for f in sorted(set(families)))
    with open(conf, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                 '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf'
                 f'</include>\n  <selectfont><rejectfont>{rejects}</rejectfont></selectfont>\n'
                 '</fontconfig>\n')
    return dict(os.environ, HOME=folder, FONTCONFIG_FILE=conf)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def convert(docx_paths, out_dir: str, families=(), program: str | None = None) -> list[str]:
    """Lay out DOCX files with LibreOffice, in one call, where the `families` cannot
    be seen; the PDFs' paths, in `out_dir`. Files of one name must not repeat."""
    program = program or soffice()
    if program is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    os.makedirs(out_dir, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="briefgen-soffice-") as home:
        env = hidden_fonts_env(families, home)
        profile = "file://" + os.path.join(home, "profile")
        subprocess.run([program, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", out_dir, *map(str, docx_paths)],
                       check=True, capture_output=True, timeout=TIMEOUT, env=env)
    out = []
    for path in docx_paths:
        pdf = os.path.join(out_dir, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        if not os.path.isfile(pdf):
            raise RuntimeError(f"LibreOffice did not convert {path}")
        out.append(pdf)
    return out


def check_files(name: str, pdf_path: str, docx_path: str, document: Document,
                theme: Theme) -> PageReport:
    """Convert one DOCX and compare its pages with the PDF's."""
    with tempfile.TemporaryDirectory(prefix="briefgen-pages-") as tmp:
        [office] = convert([docx_path], tmp, [theme.family])
        return compare(name, pdf_path, office, items(document, theme))


def check_built(path: str, style: str | None, built: dict) -> list[str]:
    """`briefgen verify --pages`: the differences between the pages of a built PDF
    and LibreOffice's layout of its DOCX, one line each (none if they agree)."""
    from .api import prepare
    if soffice() is None:
        return ["pages: LibreOffice (soffice) is not installed, so the DOCX's pages "
                "cannot be checked"]
    prepared = prepare(path, style)
    report = check_files(os.path.basename(path), built["pdf"], built["docx"],
                         prepared.document, prepared.theme)
    problems = report.problems()
    return [report.summary()] + problems if problems else []
