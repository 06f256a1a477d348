"""The PDF's logical structure: tags from the document model, for PDF/UA-1 and
PDF/A-2a.

While the writer builds flowables it creates the structure elements, in the
model's reading order (`Tagger.elem`); each flowable that draws content
carries its element (`_tag`), and drawing it wraps its marks in a
marked-content sequence with an MCID (`Tagger.begin` / `end`). Links drawn
inside are recorded with their element. Everything drawn outside a tagged
element is marked as an artifact as each page is finished (`mark_artifacts`):
page furniture, rules, fills, table grids, bullets and chart decoration. When
the pages are made, `attach` adds the structure tree, the parent tree, the
links' OBJRs, the catalog entries and the XMP metadata to reportlab's document
as objects of its own, and `objects` writes the file.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

# operators that paint something: what must be tagged content or an artifact
_PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh",
          "BI"}
_BOUNDARY = {"q", "Q", "BT", "ET", "BDC", "BMC", "EMC"}


@dataclass(eq=False)
class Elem:
    """A structure element; kids are Elems, ("mcid", page, n) or ("annot", page, n)."""

    role: str
    parent: "Elem | None" = None
    kids: list = field(default_factory=list)
    attrs: dict = field(default_factory=dict)  # Alt, ID, Lang, /A attributes
    bbox: list | None = None  # a figure's [x0, y0, x1, y1] on its first page

    def add(self, role: str, **attrs) -> "Elem":
        child = Elem(role, self, attrs=attrs)
        self.kids.append(child)
        return child


class Tagger:
    """The structure tree being built, and the marked content drawn so far."""

    def __init__(self, language: str):
        self.root = Elem("Document")
        self.language = language
        self.next_mcid: dict = {}  # page -> next MCID on it
        self.open: list = []  # elements whose content is being drawn now
        self.links: dict = {}  # page -> [(element, contents)] in the order drawn
        self.drawn: dict = {}  # header cells drawn already (they repeat on later pages),
        # by id; held here so that no other flowable can be given the same id later

    # -- while drawing
    def begin(self, canv, elem: Elem, flowable=None) -> bool:
        """Open a marked-content sequence for `elem`; False if this content is drawn
        again (a table's header row on a later page), which stays an artifact."""
        if flowable is not None and getattr(flowable, "_repeats", False):
            if self.drawn.get(id(flowable)) is flowable:
                return False  # a header row's cell, drawn again on a later page
            self.drawn[id(flowable)] = flowable
        page = canv.getPageNumber()
        n = self.next_mcid.get(page, 0)
        self.next_mcid[page] = n + 1
        elem.kids.append(("mcid", page, n))
        canv._code.append(f"/{elem.role} <</MCID {n}>> BDC")
        self.open.append(elem)
        return True

    def end(self, canv):
        canv._code.append("EMC")
        self.open.pop()

    def figure_box(self, canv, elem: Elem, width: float, height: float):
        if elem.bbox is None:
            x0, y0 = canv.absolutePosition(0, 0)
            elem.bbox = [round(x0, 2), round(y0, 2), round(x0 + width, 2),
                         round(y0 + height, 2)]

    def link(self, canv, contents: str, annotation: str):
        """Link annotation `annotation` (the name reportlab's document knows it by)
        was just made on this page, inside the open element."""
        owner = self.open[-1] if self.open else self.root
        self.links.setdefault(canv.getPageNumber(), []).append((owner, contents, annotation))


class Tagged:
    """Mixed into flowables that draw content: their drawing is one marked-content
    sequence of their element `_tag` (set by the writer)."""

    _tag = None
    _tagger = None

    def drawOn(self, canvas, x, y, _sW=0):
        tagger, elem = self._tagger, self._tag
        if tagger is None or elem is None:
            return super().drawOn(canvas, x, y, _sW)
        if not tagger.begin(canvas, elem, self):
            canvas._code.append("/Artifact BMC")
            try:
                return super().drawOn(canvas, x, y, _sW)
            finally:
                canvas._code.append("EMC")
        try:
            return super().drawOn(canvas, x, y, _sW)
        finally:
            tagger.end(canvas)


# ---------------------------------------------------------------- before the file is written

def attach(doc, tagger: Tagger, meta) -> None:
    """Add the structure tree and the PDF/UA and PDF/A entries to reportlab's
    document `doc` once its pages are made and before it is written: the
    structure elements, the parent tree, the links' OBJRs and StructParents,
    the catalog entries, the output intent and the XMP metadata. The file is
    then written with object streams (`objects.install`)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName

    from .objects import Raw, install
    install(doc, _fix_object)
    number = doc.idToObjectNumberAndVersion

    names, objects = doc.numberToId, doc.idToObject

    def new(data: bytes = b"") -> tuple:
        # what doc.Reference(obj) does for a new object, without its checks for one
        # registered already (tens of thousands of elements in a long brief)
        obj = Raw(data)
        n = doc.objectcounter = doc.objectcounter + 1
        name = obj.__InternalName__ = f"R{n}"
        number[name], names[n], objects[name] = (n, 0), name, obj
        return obj, n

    pages = [number[page.__InternalName__][0] for page in doc.Pages.pages]
    # links: each annotation gets a Link element under the element it was drawn in
    annots: list = []  # (annotation, Link element), in page order
    for page, drawn in sorted(tagger.links.items()):
        for owner, contents, name in drawn:
            link = owner.add("Link")
            link.kids.append(("annot", page, name))
            annots.append((doc.idToObject[name], link, contents))
    root, root_n = new()
    refs: dict = {}  # id(Elem) -> object number
    made: list = []  # (Raw, Elem, parent number)

    def register(elem: Elem, parent: int):
        obj, n = new()
        refs[id(elem)] = n
        made.append((obj, elem, parent))
        for kid in elem.kids:
            if isinstance(kid, Elem):
                register(kid, n)
    register(tagger.root, root_n)
    by_page: dict = {}  # page number -> {mcid: element number}
    for obj, elem, parent in made:
        obj.data = _element(elem, refs, parent, pages, number, by_page)
    # the parent tree: page -> its elements by MCID; annotation -> its Link element
    nums = []
    for key, page in enumerate(doc.Pages.pages):
        page.StructParents = key
        page.__NoDefault__ = type(page).__NoDefault__ + ["StructParents", "Tabs"]
        mcids = by_page.get(key + 1, {})
        _, n = new(b"[ " + b" ".join(b"%d 0 R" % mcids[i] for i in range(len(mcids))) + b" ]")
        nums.append(b"%d %d 0 R" % (key, n))
    key = len(pages)
    for annot, link, contents in annots:
        _annotation_entries(annot, key, contents or meta.label("internal_link"))
        nums.append(b"%d %d 0 R" % (key, refs[id(link)]))
        key += 1
    for page, drawn in tagger.links.items():
        if drawn:
            doc.Pages.pages[page - 1].Tabs = PDFName("S")
    _, tree = new(b"<< /Nums [ " + b" ".join(nums) + b" ] >>")
    root.data = (b"<< /Type /StructTreeRoot /K [ %d 0 R ] /ParentTree %d 0 R "
                 b"/ParentTreeNextKey %d >>" % (refs[id(tagger.root)], tree, key))
    cat = doc.Catalog
    cat.StructTreeRoot = root
    cat.MarkInfo = PDFDictionary({"Marked": Raw(b"true")})
    cat.ViewerPreferences = PDFDictionary({"DisplayDocTitle": Raw(b"true")})
    cat.__NoDefault__ = type(cat).__NoDefault__ + ["OutputIntents"]
    cat.OutputIntents = Raw(b"[ %d 0 R ]" % _output_intent(doc, new))
    cat.Metadata = _metadata(doc, meta)
    _no_trapped(doc.info)


def _element(elem: Elem, refs: dict, parent: int, pages: list, number: dict,
             by_page: dict) -> bytes:
    """A structure element's dictionary."""
    me = refs[id(elem)]
    # a paragraph's notes come after its text (they were made as it was measured)
    ordered, notes, on = [], [], set()
    for kid in elem.kids:
        if isinstance(kid, Elem):
            (notes if kid.role == "Note" else ordered).append(kid)
        else:
            ordered.append(kid)
            if kid[0] == "mcid":
                on.add(kid[1])
    ordered += notes
    one = len(on) == 1  # content on one page: the page once, MCIDs as numbers
    parts = [b"<< /Type /StructElem /S /%s /P %d 0 R" % (_name(elem.role), parent)]
    if one:
        parts.append(b"/Pg %d 0 R" % pages[next(iter(on)) - 1])
    kids = []
    for kid in ordered:
        if isinstance(kid, Elem):
            kids.append(b"%d 0 R" % refs[id(kid)])
        elif kid[0] == "mcid":
            _, page, n = kid
            kids.append(b"%d" % n if one else
                        b"<< /Type /MCR /Pg %d 0 R /MCID %d >>" % (pages[page - 1], n))
            by_page.setdefault(page, {})[n] = me
        elif kid[0] == "annot":
            _, page, name = kid
            kids.append(b"<< /Type /OBJR /Pg %d 0 R /Obj %d 0 R >>"
                        % (pages[page - 1], number[name][0]))
    parts.append(b"/K [ " + b" ".join(kids) + b" ]")
    attrs = dict(elem.attrs)
    if elem.bbox is not None and elem.role == "Figure":
        attrs["A"] = {"O": "Layout", "BBox": elem.bbox}
    for key, value in attrs.items():
        if key.startswith("_"):
            continue  # the writer's own marks
        if key == "A":
            parts.append(b"/A << " + b" ".join(
                b"/%s %s" % (k.encode(), b"/" + _name(v) if k in ("O", "Scope") else
                             _value(v)) for k, v in value.items()) + b" >>")
        else:
            parts.append(b"/%s %s" % (key.encode(), _string(value)))
    return b" ".join(parts) + b" >>"


@functools.lru_cache(maxsize=256)  # roles and attribute values: a few, used again and again
def _name(text: str) -> bytes:
    return re.sub(r"[^!-~]|[#()<>\[\]{}/%]", lambda m: "".join(
        f"#{b:02X}" for b in m.group().encode("utf-8")), text).encode("ascii")


def _value(value) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return (f"{value:.4f}".rstrip("0").rstrip(".") or "0").encode()
    if isinstance(value, (list, tuple)):
        return b"[ " + b" ".join(_value(v) for v in value) + b" ]"
    return _string(str(value))


_PLAIN = re.compile(r"[ -~]*")


def _string(text: str) -> bytes:
    """A PDF text string: as it is when it is printable ASCII, else UTF-16BE."""
    if _PLAIN.fullmatch(text):
        return b"(" + text.replace("\\", "\\\\").replace("(", "\\(") \
            .replace(")", "\\)").encode("ascii") + b")"
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _annotation_entries(annot, key: int, contents: str) -> None:
    """A link annotation's StructParent, its text alternative and its print flag."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFString
    extra = {"StructParent": key, "Contents": PDFString(contents), "F": 4}  # F: print
    if isinstance(annot, PDFDictionary):  # linkURL's
        annot.dict.update(extra)
        return
    made = annot.Dict  # linkRect's LinkAnnotation, which makes its dictionary when written

    def entries():
        d = made()
        d.dict.update(extra)
        return d
    annot.Dict = entries


def _fix_object(name: str, obj) -> None:
    if name.startswith("toUnicodeCMap:") and isinstance(obj.content, str):
        obj.content = fix_to_unicode(obj.content)


def _no_trapped(info) -> None:
    """The document information without /Trapped, which PDF/A would have match the
    XMP."""
    made = type(info).format

    def without(document):
        data = made(info, document)
        return re.sub(rb"\s*/Trapped /\w+", b"", data)
    info.format = without


_STRING = re.compile(r"\((?:\\.|[^\\)])*\)")  # a string operand, escapes and all
_NEST = re.compile(r"(?<![\w/])(q|Q|BT|ET)(?![\w*])")
_PAINTS = re.compile(r"(?<![\w/])(S|s|f\*?|F|B\*?|b\*?|Tj|TJ|'|\"|Do|sh|BI)(?![\w])")


def mark_artifacts(code: list) -> list:
    """A page's content (reportlab's list of operator strings) with every piece
    painted outside tagged content wrapped in /Artifact BMC … EMC. A wrapped run
    never crosses q/Q, an unbalanced text object or marked content, so nesting
    stays proper."""
    out: list = []
    run: list = []
    paints = False
    depth = 0

    def flush():
        nonlocal paints
        if run:
            if paints:
                out.append("/Artifact BMC")
                out.extend(run)
                out.append("EMC")
            else:
                out.extend(run)
            run.clear()
        paints = False

    for entry in code:
        kind = _kinds.get(entry)
        if kind is None:
            kind = _kind(entry)
        if kind is _MARK:
            flush()
            depth += -1 if entry.strip() == "EMC" else 1
            out.append(entry)
            continue
        if depth:
            out.append(entry)
            continue
        if kind is _APART:
            flush()
            out.append(entry)
            continue
        run.append(entry)
        paints = paints or kind is _PAINTS_SOME
    flush()
    return out


_MARK, _APART, _PAINTS_SOME, _PAINTS_NONE = "mark", "apart", "paints", "quiet"
_kinds: dict = {}  # operator string -> its kind; the same strings recur on every page


def _kind(entry: str) -> str:
    """What a piece of page content is to `mark_artifacts`: a marked-content
    operator, a piece that must stand apart (q, Q, or unbalanced q/Q or BT/ET), or
    one that paints, or not."""
    text = entry.strip()
    if text.endswith(" BDC") or text.endswith(" BMC") or text == "EMC":
        kind = _MARK
    else:
        bare = _STRING.sub("()", text) if "(" in text else text
        nest = _NEST.findall(bare)
        balanced = nest.count("q") == nest.count("Q") and nest.count("BT") == nest.count("ET")
        kind = _APART if not balanced or text in ("q", "Q") else \
            _PAINTS_SOME if _PAINTS.search(bare) else _PAINTS_NONE
    if len(entry) <= 200 and len(_kinds) < 20_000:  # text drawn rarely recurs: not kept
        _kinds[entry] = kind
    return kind


def _output_intent(doc, new) -> int:
    """sRGB, the colour space every colour of the brief is given in: the output
    intent's object number."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFStream, PDFZCompress
    profile = PDFStream(PDFDictionary({"N": 3}), _srgb_profile(), [PDFZCompress])
    ref = doc.Reference(profile).format(doc)
    _, n = new(b"<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
               b"(sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile %s >>"
               % ref)
    return n


@functools.lru_cache(maxsize=1)
def _srgb_profile() -> bytes:
    from PIL import ImageCms
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes(12)  # the creation date: a fixed one, for reproducible files
    data[84:100] = bytes(16)  # the profile ID (an MD5 that covers the date): none
    return bytes(data)


_UNMAPPED = re.compile(r"<[0-9A-Fa-f]+>\s*<(?:0000|FEFF|FFFE|feff|fffe)>\s*")


def fix_to_unicode(cmap: str) -> str:
    """A ToUnicode CMap without the entries that map a code to U+0000, U+FEFF or
    U+FFFE (the subset's unused slot 0): no glyph the brief shows is mapped there."""
    fixed = _UNMAPPED.sub("", cmap)
    if fixed == cmap:
        return cmap
    return re.sub(r"(\d+) beginbfchar", lambda m: f"{_count_pairs(fixed, m)} beginbfchar",
                  fixed)


def _count_pairs(text: str, m) -> int:
    block = text[m.end():text.find("endbfchar", m.end())]
    return len(re.findall(r"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", block))


def _metadata(doc, meta):
    """XMP that says what the file is (title, authors, language, PDF/A-2a, PDF/UA-1)
    and agrees with the document information dictionary, as PDF/A asks; with the
    extension schema PDF/A needs for the PDF/UA identification. A stream, stored
    as it is, for readers that look for it unfiltered."""
    from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFName, PDFStream

    from ...xmltext import escape
    info = doc.info
    values = {"/Title": info.title, "/Author": info.author, "/Subject": info.subject,
              "/Keywords": info.keywords, "/Producer": info.producer,
              "/Creator": info.creator}

    def text(key):
        value = values.get(key)
        return escape(str(value)) if value is not None else ""

    stamp = PDFDate(ts=doc._timeStamp, dateFormatter=info._dateFormatter).format(doc)
    stamp = stamp.decode("latin-1").strip("()")

    def date(_key):  # CreationDate and ModDate are the same
        raw = stamp
        m = re.match(r"D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})", raw)
        if not m:
            return ""
        y, mo, d, h, mi, sec = m.groups()
        zone = re.search(r"([+-])(\d{2})'?(\d{2})'?$", raw)
        tz = f"{zone.group(1)}{zone.group(2)}:{zone.group(3)}" if zone else "Z"
        if raw.endswith("Z") or raw[16:17] == "Z":
            tz = "Z"
        return f"{y}-{mo}-{d}T{h}:{mi}:{sec}{tz}"

    author = text("/Author")
    creators = f"<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>" \
        if author else ""
    subject = text("/Subject")
    description = (f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}'
                   "</rdf:li></rdf:Alt></dc:description>") if subject else ""
    keywords = f"<pdf:Keywords>{text('/Keywords')}</pdf:Keywords>" if text("/Keywords") else ""
    xmp = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/"
  xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
  xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li></rdf:Alt></dc:title>
{creators}{description}
<dc:language><rdf:Bag><rdf:li>{escape(meta.language)}</rdf:li></rdf:Bag></dc:language>
<pdf:Producer>{text("/Producer")}</pdf:Producer>{keywords}
<xmp:CreatorTool>{text("/Creator")}</xmp:CreatorTool>
<xmp:CreateDate>{date("/CreationDate")}</xmp:CreateDate>
<xmp:ModifyDate>{date("/ModDate")}</xmp:ModifyDate>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return PDFStream(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}),
                     xmp.encode("utf-8"), [])
