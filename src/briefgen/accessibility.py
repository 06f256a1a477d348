"""Accessibility check of a built brief.

The PDF goes through page-validation for PDF/UA-1 and PDF/A-2a; each failed
rule is one line. The DOCX gets the checks Word's accessibility checker makes,
done on the file's XML: alt text on every picture and chart, the document
language, a title in the core properties, a header row on every data table and
no table used for layout, headings that do not skip a level, no empty
paragraphs used as spacing, table captions tied to their tables, hyperlinks
with text, and pictures in line with the text. Each problem is one line that
names where it is (the paragraph's text or the caption).
"""

from __future__ import annotations

import posixpath
import re
import zipfile

# (label in the report, page.ValidationProfile member)
PDF_PROFILES = (("PDF/UA-1", "PDF_UA_1"), ("PDF/A-2a", "PDF_A_2A"))

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"
ADEC = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_OFFICE_DOCUMENT = _REL + "officeDocument"
_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_P, _T, _TBL, _TR, _TC = _w("p"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
_PPR, _PSTYLE, _VAL = _w("pPr"), _w("pStyle"), _w("val")
_HYPERLINK = _w("hyperlink")
_DOC_PR = f"{{{WP}}}docPr"
_ANCHOR, _INLINE = f"{{{WP}}}anchor", f"{{{WP}}}inline"
# what makes a paragraph with no text more than spacing
_CONTENT = {_w("drawing"), _w("pict"), _w("object"), _w("fldChar"), _w("fldSimple"),
            _w("instrText"), _w("footnoteReference"), _w("endnoteReference"),
            f"{{{A}}}graphic"}


# ---------------------------------------------------------------- the PDF

def check_pdf(path) -> list[str]:
    """Every rule page-validation finds broken, for PDF/UA-1 and for PDF/A-2a:
    'PDF/UA-1 RULE-ID: message (N times)'."""
    import page

    lines = []
    for label, member in PDF_PROFILES:
        profile = getattr(page.ValidationProfile, member)
        try:
            # a long brief's bookmarks form a chain longer than the validator's
            # default safety depth (256): it is our own file, so no limits
            report = page.validate_pdf(str(path), profile=profile,
                                       limits=page.SafetyLimits.unlimited())
        except page.PageError as exc:
            lines.append(f"{label}: the validator cannot read the file "
                         f"({type(exc).__name__}: {exc})")
            continue
        lines += report_lines(label, report)
    return lines


def report_lines(label: str, report) -> list[str]:
    """One line per failed rule of a page-validation report, in the report's order.
    N is how many failures the validator lists for the rule (it folds the raw
    checks of a rule into as few failures as it can; `report.checks.failed`
    counts them all)."""
    rules: dict = {}  # rule id -> [first message, count]
    for failure in report.failures:
        entry = rules.setdefault(failure.rule_id, [failure.message, 0])
        entry[1] += 1
    lines = [f"{label} {rule}: {message} ({count} time{'s' if count != 1 else ''})"
             for rule, (message, count) in rules.items()]
    if not lines and not report.is_compliant:
        lines.append(f"{label}: not compliant, though the validator names no rule")
    return lines


# ---------------------------------------------------------------- the DOCX

def check_docx(path) -> list[str]:
    """Every problem Word's accessibility checker would raise, one line each."""
    with zipfile.ZipFile(path) as z:
        package = _Package(z)
        if package.document is None:
            return ["the file has no main document part (word/document.xml)"]
        return _DocxChecker(package).run()


def _parse(data: bytes):
    from lxml import etree
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=True)
    return etree.fromstring(data, parser)


class _Package:
    """The parts of a DOCX the checks read, found through its relationships."""

    def __init__(self, z: zipfile.ZipFile):
        self.z = z
        self.names = set(z.namelist())
        root_rels = self._rels("")
        main = next((t for kind, t in root_rels if kind == _OFFICE_DOCUMENT),
                    "word/document.xml")
        core = next((t for kind, t in root_rels if kind == _CORE), "docProps/core.xml")
        self.document_name = main
        self.document = self.xml(main)
        self.core = self.xml(core)
        rels = self._rels(main)
        self.by_type: dict = {}
        for kind, target in rels:
            self.by_type.setdefault(kind.rsplit("/", 1)[-1], []).append(target)
        self.styles = self._first("styles")
        self.settings = self._first("settings")

    def _first(self, kind: str):
        targets = self.by_type.get(kind) or []
        return self.xml(targets[0]) if targets else None

    def parts(self, *kinds: str) -> list:
        """(part name, root) of every part of those relationship types."""
        out = []
        for kind in kinds:
            for target in self.by_type.get(kind, []):
                root = self.xml(target)
                if root is not None:
                    out.append((target, root))
        return out

    def xml(self, name: str):
        if name not in self.names:
            return None
        return _parse(self.z.read(name))

    def _rels(self, part: str) -> list:
        """(relationship type, target part name) of a part's internal relationships."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(name)
        if root is None:
            return []
        out = []
        for rel in root.iter(f"{{{PKG_REL}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            out.append((rel.get("Type", ""), target))
        return out


def text_of(node) -> str:
    """The text a reader sees in an element (field codes and deleted text left out)."""
    out = []
    for item in node.iter(_T, _w("tab"), _w("br"), _w("cr"), _w("sym")):
        if item.tag == _T:
            out.append(item.text or "")
        elif item.tag == _w("sym"):
            out.append("\u25a1")
        else:
            out.append(" ")
    return "".join(out)


def _fold(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _quoted(text: str) -> str:
    return "'" + _fold(text) + "'"


class _Styles:
    """Paragraph styles by id: name, parent, outline level."""

    def __init__(self, root):
        self.names: dict = {}
        self.based_on: dict = {}
        self.outline: dict = {}
        self.default_paragraph = None
        self.root = root
        if root is None:
            return
        for style in root.iter(_w("style")):
            ident = style.get(_w("styleId"))
            name = style.find(_w("name"))
            self.names[ident] = name.get(_VAL) if name is not None else ident
            parent = style.find(_w("basedOn"))
            if parent is not None:
                self.based_on[ident] = parent.get(_VAL)
            level = style.find(f"{_PPR}/{_w('outlineLvl')}")
            if level is not None:
                self.outline[ident] = level.get(_VAL)
            if style.get(_w("type")) == "paragraph" and style.get(_w("default")) in ("1",
                                                                                     "true"):
                self.default_paragraph = ident

    def chain(self, ident):
        seen = set()
        while ident is not None and ident not in seen:
            seen.add(ident)
            yield ident
            ident = self.based_on.get(ident)

    def name(self, ident) -> str:
        return self.names.get(ident, ident or "")

    def heading_level(self, ident) -> int | None:
        """1-9 for a heading style (by outline level, else by its name), None if not."""
        for link in self.chain(ident):
            if link in self.outline:
                return _level(self.outline[link])
            match = re.fullmatch(r"heading ([1-9])", self.name(link).strip().lower())
            if match:
                return int(match.group(1))
        return None


def _blocks(parent):
    """The paragraphs and tables of a body, those inside content controls included."""
    for child in parent:
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _blocks(content)


def _level(value) -> int | None:
    try:
        level = int(value)
    except (TypeError, ValueError):
        return None
    return level + 1 if 0 <= level <= 8 else None


def _on(node) -> bool:
    """An on/off property (w:tblHeader, …) that is present and not turned off."""
    return node is not None and node.get(_VAL, "true").lower() not in ("0", "false", "off")


class _DocxChecker:
    def __init__(self, package: _Package):
        self.package = package
        self.styles = _Styles(package.styles)
        self.body = package.document.find(_w("body"))
        self.problems: list = []

    def run(self) -> list[str]:
        self.language()
        self.title()
        if self.body is not None:
            self.drawings()
            self.tables()
            self.headings()
            self.empty_paragraphs()
            self.hyperlinks()
        return self.problems

    def report(self, text: str):
        self.problems.append(text)

    # ---------------------------------------------------------------- helpers
    def style_of(self, p):
        style = p.find(f"{_PPR}/{_PSTYLE}")
        return style.get(_VAL) if style is not None else self.styles.default_paragraph

    def is_caption(self, p) -> bool:
        return p is not None and p.tag == _P and any(
            self.styles.name(s).strip().lower() == "caption"
            for s in self.styles.chain(self.style_of(p)))

    def paragraph_of(self, node):
        while node is not None and node.tag != _P:
            node = node.getparent()
        return node

    def caption_before(self, block):
        """The caption paragraph just above a block (a table or a figure's paragraph)."""
        previous = block.getprevious()
        while previous is not None and previous.tag not in (_P, _TBL):
            previous = previous.getprevious()  # bookmarks, sdt ends, …
        return previous if self.is_caption(previous) else None

    def text_before(self, node) -> str:
        """The text of the nearest paragraph with text before `node`, in reading order."""
        for p in node.itersiblings(_P, preceding=True):
            text = text_of(p)
            if text.strip():
                return text
        parent = node.getparent()
        if parent is not None and parent is not self.body and parent.tag != _w("body"):
            return self.text_before(parent)
        return ""

    def where(self, p) -> str:
        """'paragraph …' or 'caption …' naming where a paragraph is; for one with no
        text, what comes before it."""
        text = text_of(p)
        if text.strip():
            return f"{'caption' if self.is_caption(p) else 'paragraph'} {_quoted(text)}"
        previous = p.getprevious()
        while previous is not None and previous.tag not in (_P, _TBL):
            previous = previous.getprevious()
        if previous is not None and previous.tag == _TBL:
            return f"the paragraph after {self.table_name(previous)}"
        before = self.text_before(p)
        return f"the paragraph after {_quoted(before)}" if before else \
            "the first paragraph of the document"

    # ---------------------------------------------------------------- language, title
    def language(self):
        styles = self.package.styles
        if styles is None:
            self.report("no style sheet (word/styles.xml): the document language is not set")
            return
        lang = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}/{_w('lang')}")
        default = (lang.get(_VAL) or "").strip() if lang is not None else ""
        if not default:
            self.report("the document language is not set (no w:lang w:val in styles.xml's "
                        "docDefaults)")
        for style in styles.iter(_w("style")):
            for node in style.iter(_w("lang")):
                if _VAL in node.attrib and not node.get(_VAL).strip():
                    self.report(f"style {_quoted(self.styles.name(style.get(_w('styleId'))))} "
                                "sets an empty language (w:lang w:val)")
        settings = self.package.settings
        theme_lang = settings.find(_w("themeFontLang")) if settings is not None else None
        value = (theme_lang.get(_VAL) or "").strip() if theme_lang is not None else ""
        if not value:
            self.report("settings.xml has no w:themeFontLang w:val (Word writes the editing "
                        "language there)")
        elif default and value.lower() != default.lower():
            self.report(f"the language in settings.xml (w:themeFontLang {value}) is not the "
                        f"document's ({default})")

    def title(self):
        core = self.package.core
        title = core.find(f"{{{DC}}}title") if core is not None else None
        if title is None or not (title.text or "").strip():
            self.report("the core properties have no title (docProps/core.xml dc:title)")

    # ---------------------------------------------------------------- drawings
    def drawings(self):
        roots = [(self.package.document_name, self.package.document)]
        roots += self.package.parts("header", "footer", "footnotes", "endnotes")
        for _, root in roots:
            for doc_pr in root.iter(_DOC_PR):
                frame = doc_pr.getparent()
                what = self.drawing_name(doc_pr)
                if not (doc_pr.get("descr") or "").strip() and not self.decorative(doc_pr):
                    self.report(f"{what} has no alt text (wp:docPr descr)")
                if frame is not None and frame.tag == _ANCHOR:
                    self.report(f"{what} floats (wp:anchor): put it in line with the text "
                                "(wp:inline)")

    def decorative(self, doc_pr) -> bool:
        node = doc_pr.find(f".//{{{ADEC}}}decorative")
        return _on(node) if node is not None else False

    def drawing_name(self, doc_pr) -> str:
        frame = doc_pr.getparent()
        data = frame.find(f".//{{{A}}}graphicData") if frame is not None else None
        kind = "chart" if data is not None and data.get("uri", "").endswith("/chart") \
            else "picture"
        p = self.paragraph_of(doc_pr)
        if p is not None:
            caption = self.caption_before(p)
            if caption is not None:
                return f"the {kind} under caption {_quoted(text_of(caption))}"
            if text_of(p).strip():
                return f"the {kind} in paragraph {_quoted(text_of(p))}"
        name = doc_pr.get("name") or doc_pr.get("id") or "?"
        return f"the {kind} {_quoted(name)}"

    # ---------------------------------------------------------------- tables
    def tables(self):
        for tbl in self.body.iter(_TBL):
            rows = tbl.findall(_TR)
            cells = [tc for tr in rows for tc in tr.findall(_TC)]
            props = tbl.find(_w("tblPr"))
            caption_node = props.find(_w("tblCaption")) if props is not None else None
            caption = (caption_node.get(_VAL) or "").strip() if caption_node is not None \
                else ""
            above = self.caption_before(tbl)
            what = self.table_name(tbl)
            if len(rows) <= 1 or len(cells) <= 1:
                count = "one cell" if len(cells) <= 1 else "one row"
                self.report(f"{what} has {count}: a table used for layout (use paragraphs, "
                            "borders and shading instead)")
                continue
            if not _on(rows[0].find(f"{_w('trPr')}/{_w('tblHeader')}")):
                self.report(f"{what} has no header row (w:tblHeader on its first row)")
            if not caption:
                self.report(f"{what} has no caption tied to it (w:tblCaption)")
            elif above is not None and _fold(text_of(above), 10**6) != _fold(caption, 10**6):
                self.report(f"{what}: its w:tblCaption {_quoted(caption)} is not the caption "
                            f"above it {_quoted(text_of(above))}")

    def table_name(self, tbl) -> str:
        """'the table under caption …' (or its w:tblCaption, first cell, what is above)."""
        above = self.caption_before(tbl)
        node = tbl.find(f"{_w('tblPr')}/{_w('tblCaption')}")
        caption = (node.get(_VAL) or "").strip() if node is not None else ""
        cells = [tc for tr in tbl.findall(_TR) for tc in tr.findall(_TC)]
        if above is not None:
            return f"the table under caption {_quoted(text_of(above))}"
        if caption:
            return f"the table {_quoted(caption)}"
        first = next((text_of(tc) for tc in cells if text_of(tc).strip()), "")
        if first:
            return f"the table starting {_quoted(first)}"
        before = self.text_before(tbl)
        return f"the table after {_quoted(before)}" if before else "the first table"

    # ---------------------------------------------------------------- headings
    def headings(self):
        previous, previous_text = 0, ""
        for p in self.body.iter(_P):
            if any(a.tag in (_TC, _w("txbxContent")) for a in p.iterancestors()):
                continue  # table cells and text boxes are not where the outline goes
            own = p.find(f"{_PPR}/{_w('outlineLvl')}")
            level = _level(own.get(_VAL)) if own is not None else \
                self.styles.heading_level(self.style_of(p))
            if level is None or not text_of(p).strip():
                continue
            if level > previous + 1:
                after = (f"after Heading {previous} {_quoted(previous_text)}" if previous
                         else "as the first heading of the document")
                self.report(f"heading {_quoted(text_of(p))} (Heading {level}) skips a level "
                            f"{after}")
            previous, previous_text = level, text_of(p)

    # ---------------------------------------------------------------- empty paragraphs
    def empty_paragraphs(self):
        """Empty paragraphs used as spacing: no text, no drawing, field or page break,
        outside table cells. A paragraph Word needs is not one: the section's end,
        the one after a table that ends the body, one between two tables."""
        blocks = list(_blocks(self.body))
        for i, p in enumerate(blocks):
            if p.tag != _P or text_of(p).strip() or self.has_content(p):
                continue
            before = blocks[i - 1] if i else None
            after = blocks[i + 1] if i + 1 < len(blocks) else None
            if before is not None and before.tag == _TBL and (after is None
                                                              or after.tag == _TBL):
                continue
            self.report(f"empty paragraph used as spacing: {self.where(p)} (use the "
                        "style's space before or after)")

    def has_content(self, p) -> bool:
        if p.find(f"{_PPR}/{_w('sectPr')}") is not None:
            return True  # a section break
        for node in p.iter():
            if node.tag in _CONTENT:
                return True
            if node.tag == _w("br") and node.get(_w("type")) == "page":
                return True
        return False

    # ---------------------------------------------------------------- hyperlinks
    def hyperlinks(self):
        roots = [(self.package.document_name, self.package.document)]
        roots += self.package.parts("footnotes", "endnotes", "header", "footer")
        for _, root in roots:
            for link in root.iter(_HYPERLINK, _w("fldSimple")):
                if link.tag == _w("fldSimple") and not (link.get(_w("instr")) or "") \
                        .strip().upper().startswith("HYPERLINK"):
                    continue
                if text_of(link).strip():
                    continue
                alt = [d.get("descr", "") for d in link.iter(_DOC_PR)]
                if any(a.strip() for a in alt):
                    continue
                target = link.get(_w("anchor")) or link.get(f"{{{R}}}id") or \
                    link.get(_w("instr")) or ""
                p = self.paragraph_of(link)
                where = self.where(p) if p is not None else "the document"
                self.report(f"a hyperlink{f' ({target})' if target else ''} in {where} has "
                            "no text")


# ---------------------------------------------------------------- the brief

def check(outline_path: str, style: str | None = None) -> dict:
    """Build an outline into a temporary folder; {'pdf': problems, 'docx': problems}."""
    import tempfile

    from .api import build
    with tempfile.TemporaryDirectory(prefix="briefgen-accessibility-") as tmp:
        built = build(outline_path, tmp, ("pdf", "docx"), style)
        return {"pdf": check_pdf(built["pdf"]), "docx": check_docx(built["docx"])}
