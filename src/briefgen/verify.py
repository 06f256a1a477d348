"""Parity check: pull the structure out of a built PDF, DOCX and HTML page and
compare each with the PDF.

Headings (with numbers), table and figure captions, the text of every table
cell, each chart's categories and value labels, footnotes, citation counts
and metadata must agree; any difference is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ENGLISH = ("Table", "Figure")  # the words before a caption's number, as the brief has them


def _caption_form(names) -> re.Pattern:
    """'Table 3: …', 'Tableau 3 : …' (French sets a space before the colon)."""
    return re.compile(rf"^({'|'.join(map(re.escape, names))}) \d+ ?: .*")
_CITATION = re.compile(r"\[\d+(?:, [^\]]+)?\]")
_C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


@dataclass
class Structure:
    """What a reader can check in one file."""

    headings: list = field(default_factory=list)
    captions: list = field(default_factory=list)
    cells: list = field(default_factory=list)  # text of every table cell, in order
    figures: list = field(default_factory=list)  # (caption, "chart" or "picture", labels)
    notes: list = field(default_factory=list)  # footnote texts, in number order
    metadata: dict = field(default_factory=dict)
    text: str = ""
    unbroken: str = ""  # the PDF's text with words broken at line ends joined, hyphens dropped


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def pdf_structure(path: str, names=ENGLISH) -> Structure:
    from pypdf import PdfReader
    reader = PdfReader(path)
    out = Structure()

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                out.headings.append(fold(item.title))
    walk(reader.outline)
    lines = [fold(line) for page in reader.pages
             for line in (page.extract_text() or "").splitlines()]
    form = _caption_form(names)
    out.captions = [line for line in lines if form.match(line)]
    out.text = fold(" ".join(lines))
    # a word hyphenated at a line end ("Enrich-" / "ment") is whole again
    out.unbroken = fold("".join(line + ("" if line.endswith("-") else " ")
                                for line in lines)).replace("-", "")
    out.notes = _pdf_notes(path)
    info = reader.metadata or {}
    out.metadata = {"title": info.get("/Title", ""), "author": info.get("/Author", ""),
                    "subject": info.get("/Subject", ""), "keywords": info.get("/Keywords", "")}
    return out


def _pdf_notes(path: str) -> list:
    """The PDF's footnotes, as its structure tree has them: one entry (the note's ID)
    for each Note element."""
    import pikepdf
    found = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            kids = node.get("/K")
            kids = [] if kids is None else kids if isinstance(kids, pikepdf.Array) else [kids]
            for kid in reversed(list(kids)):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    if kid.get("/S") == "/Note":
                        found.append(str(kid.get("/ID", "")))
                    stack.append(kid)
    return found


def docx_paragraphs(document):
    """(paragraph, table or None) for every paragraph of the body, table cells included,
    in reading order; a merged cell is visited once."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    def walk(parent, table):
        for child in parent.iter_inner_content():
            if isinstance(child, Paragraph):
                yield child, table
            elif isinstance(child, Table):
                for row in child.rows:
                    seen = set()
                    for cell in row.cells:
                        if id(cell._tc) not in seen:
                            seen.add(id(cell._tc))
                            yield from walk(cell, child)
    yield from walk(document, None)


def docx_structure(path: str, names=ENGLISH) -> Structure:
    import docx
    document = docx.Document(path)
    out = Structure()
    texts = []
    caption = None
    for paragraph, _ in docx_paragraphs(document):
        text = fold(paragraph.text)
        texts.append(text)
        style = paragraph.style.name if paragraph.style is not None else ""
        if style.startswith("Heading"):
            out.headings.append(text)
        elif style == "Caption":
            out.captions.append(text)
            caption = text if text.startswith(names[1] + " ") else None
            continue
        if caption is not None:
            figure = _docx_figure(document, paragraph)
            if figure is not None:
                out.figures.append((caption,) + figure)
        caption = None
    out.notes = _docx_notes(document)
    for table in document.tables:
        if _is_data_table(table):
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) not in seen:
                        seen.add(id(cell._tc))
                        out.cells.append(fold(cell.text))
    out.text = fold(" ".join(texts))
    props = document.core_properties
    out.metadata = {"title": props.title or "", "author": props.author or "",
                    "subject": props.subject or "", "keywords": props.keywords or ""}
    return out


def _docx_figure(document, paragraph):
    """("chart", its category and value labels) or ("picture", []) for the drawing in
    a paragraph, or None."""
    from lxml import etree
    chart = paragraph._p.find(f".//{_C}chart")
    if chart is not None:
        part = document.part.related_parts[chart.get(f"{_R}id")]
        root = etree.fromstring(part.blob)
        labels = [fold(v.text or "") for v in root.iter(f"{_C}cat")
                  for v in v.iter(f"{_C}v")]
        labels += [fold("".join(t.text or "" for t in d.iter(f"{_A}t")))
                   for d in root.iter(f"{_C}dLbl") if d.find(f"{_C}tx") is not None]
        cached = {float(v.text) for c in root.iter(f"{_C}numCache") for v in c.iter(f"{_C}v")}
        stored = _workbook_numbers(part)
        if stored is not None and not cached <= stored:
            labels.append("(numbers the embedded workbook lacks: "
                          + ", ".join(f"{x:g}" for x in sorted(cached - stored)) + ")")
        return "chart", sorted({x for x in labels if x})
    if paragraph._p.find(f".//{_A}blip") is not None:
        return "picture", []
    return None


def _workbook_numbers(chart_part) -> set | None:
    """The numbers in the workbook embedded behind a chart (for Word's Edit Data)."""
    import io
    import zipfile

    from lxml import etree
    for rel in chart_part.rels.values():
        if rel.reltype.endswith("/package"):
            with zipfile.ZipFile(io.BytesIO(rel.target_part.blob)) as z:
                sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")
                          and n.endswith(".xml")]
                out = set()
                ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
                for name in sheets:
                    for cell in etree.fromstring(z.read(name)).iter(f"{ns}c"):
                        value = cell.find(f"{ns}v")
                        if value is not None and cell.get("t") in (None, "n"):
                            out.add(float(value.text))
                return out
    return None


def _docx_notes(document) -> list:
    """The text of each real footnote (not the separators), in order."""
    from lxml import etree
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for rel in document.part.rels.values():
        if rel.reltype.endswith("/footnotes"):
            root = etree.fromstring(rel.target_part.blob)
            return [fold("".join(t.text or "" for t in note.iter(f"{w}t")))
                    for note in root.iter(f"{w}footnote")
                    if note.get(f"{w}type") not in ("separator", "continuationSeparator",
                                                    "continuationNotice")]
    return []


def html_structure(path: str, names=ENGLISH) -> Structure:
    """What a reader finds in the HTML page: the section headings (not the contents',
    boxes' or notes' titles), the captions of tables and figures, every table cell,
    each chart's text (its layout at the PDF's width), the notes, the metadata."""
    from lxml import html

    root = html.parse(path).getroot()
    main = root.find(".//main")
    out = Structure()
    notes = main.find(".//section[@role='doc-endnotes']")
    for narrow in [e for e in main.iter() if "chart-narrow" in (e.get("class") or "").split()]:
        narrow.getparent().remove(narrow)  # the phone's copy of a chart
    skip = {"nav", "aside", "header", "section"}
    for heading in main.iter("h2", "h3", "h4"):
        if not any(a.tag in skip for a in heading.iterancestors()):
            out.headings.append(fold(heading.text_content()))
    for caption in main.iter("caption", "figcaption"):
        out.captions.append(fold(caption.text_content()))
    for table in main.iter("table"):
        out.cells += [_cell_text(cell) for cell in table.iter("th", "td")]
    for figure in main.iter("figure"):
        caption = figure.find("figcaption")
        svg = figure.find(".//svg")
        if svg is not None:
            labels = sorted({fold(t.text_content()) for t in svg.iter("text")} - {""})
            out.figures.append((fold(caption.text_content()), "chart", labels))
        elif figure.find(".//img") is not None:
            out.figures.append((fold(caption.text_content()), "picture", []))
    if notes is not None:
        for back in notes.iterfind(".//a[@role='doc-backlink']"):
            back.drop_tree()
        out.notes = [fold(item.text_content()) for item in notes.iter("li")]
        notes.drop_tree()
    out.text = fold(main.text_content())
    meta = {m.get("name"): m.get("content", "") for m in root.iter("meta") if m.get("name")}
    title = root.find(".//title")
    out.metadata = {"title": title.text_content() if title is not None else "",
                    "author": meta.get("author", ""), "subject": meta.get("description", ""),
                    "keywords": meta.get("keywords", "")}
    return out


def _cell_text(cell) -> str:
    """A table cell's text, its paragraphs apart as in a DOCX cell."""
    blocks = [child for child in cell if child.tag in ("p", "ul", "ol", "pre", "blockquote")]
    if not blocks:
        return fold(cell.text_content())
    return fold(" ".join(block.text_content() for block in blocks))


def _is_data_table(table) -> bool:
    style = table.style.name if table.style is not None else ""
    return style == "Brief Table"


def compare(pdf: Structure, docx: Structure, names=ENGLISH, name: str = "DOCX") -> list[str]:
    """Every difference a reader could notice between the PDF and the other file:
    the DOCX, or the one `name` names."""
    problems = []
    if pdf.headings != docx.headings:
        problems += _list_diff("heading", pdf.headings, docx.headings, name)
    # a long caption wraps in the PDF: compare the start of each, and find the whole;
    # a figure may open a later page in the PDF, so captions are compared by number
    pdf_captions, docx_captions = _by_number(pdf.captions), _by_number(docx.captions)
    starts = [c.split(":", 1)[0].strip() for c in pdf_captions]
    if starts != [c.split(":", 1)[0].strip() for c in docx_captions]:
        problems += _list_diff("caption", pdf_captions, docx_captions, name)
    else:
        for pdf_caption, caption in zip(pdf_captions, docx_captions):
            if not caption.startswith(pdf_caption) or caption not in pdf.text:
                problems.append(f"caption: PDF {pdf_caption!r}, {name} {caption!r}")
    figures = [c for c in pdf.captions if c.startswith(names[1] + " ")]
    if len(figures) != len(docx.figures):
        problems.append(f"figures: {len(figures)} in the PDF, {len(docx.figures)} drawn in "
                        f"the {name}")
    for caption, kind, labels in docx.figures:
        missing = [x for x in labels if x not in pdf.text and x.replace("-", "")
                   not in pdf.unbroken]
        if missing:
            problems.append(f"{caption.split(':')[0]}: chart labels in the {name} but not "
                            f"in the PDF: {', '.join(repr(m) for m in missing[:8])}")
    if len(pdf.notes) != len(docx.notes):
        problems.append(f"footnotes: {len(pdf.notes)} in the PDF, {len(docx.notes)} in the "
                        f"{name}")
    for n, note in enumerate(docx.notes, 1):
        if note and note[:40] not in pdf.text and note[:40].replace("-", "") \
                not in pdf.unbroken:
            problems.append(f"footnote {n} in the {name} but not in the PDF: {note[:60]!r}")
    missing = [c for c in docx.cells if c and c not in pdf.text
               and c.replace("-", "") not in pdf.unbroken]
    for cell in missing[:20]:
        problems.append(f"table cell in the {name} but not in the PDF: {cell[:80]!r}")
    if len(missing) > 20:
        problems.append(f"… and {len(missing) - 20} more table cells missing from the PDF")
    for key in ("title", "author", "subject", "keywords"):
        if pdf.metadata.get(key, "") != docx.metadata.get(key, ""):
            problems.append(f"metadata {key}: PDF {pdf.metadata.get(key)!r}, "
                            f"{name} {docx.metadata.get(key)!r}")
    pdf_cites = len(_CITATION.findall(pdf.text))
    docx_cites = len(_CITATION.findall(docx.text + " " + " ".join(docx.notes)))
    if pdf_cites != docx_cites:
        problems.append(f"citations: {pdf_cites} in the PDF, {docx_cites} in the {name}")
    return problems


def _by_number(captions: list) -> list:
    """Table captions, then figure captions, each in number order."""
    def key(caption):
        kind, _, rest = caption.partition(" ")
        number = rest.split(":", 1)[0].strip()
        return (kind, int(number) if number.isdigit() else 0)
    return sorted(captions, key=key)


def _list_diff(what: str, pdf: list, docx: list, name: str = "DOCX") -> list[str]:
    out = []
    for i in range(max(len(pdf), len(docx))):
        a = pdf[i] if i < len(pdf) else None
        b = docx[i] if i < len(docx) else None
        if a != b:
            out.append(f"{what} {i + 1}: PDF {a!r}, {name} {b!r}")
    return out[:20]


def verify_files(pdf_path: str, docx_path: str, html_path: str | None = None,
                 names=ENGLISH) -> list[str]:
    """`names`: the brief's words for 'Table' and 'Figure' (its labels)."""
    pdf = pdf_structure(pdf_path, names)
    problems = compare(pdf, docx_structure(docx_path, names), names)
    if html_path:
        problems += compare(pdf, html_structure(html_path, names), names, "HTML")
    return problems


def verify_outline(path: str, style: str | None = None, pages: bool = False) -> list[str]:
    """Build an outline into a temporary folder and compare its files with the PDF;
    with `pages`, LibreOffice's pages of the DOCX with the PDF's too (pagecheck)."""
    import tempfile

    from .api import build
    with tempfile.TemporaryDirectory(prefix="briefgen-verify-") as tmp:
        built = build(path, tmp, ("pdf", "docx", "html"), style)
        problems = verify_files(built["pdf"], built["docx"], built["html"], built["names"])
        if pages:
            from .pagecheck import check_built
            problems += check_built(path, style, built)
        return problems
