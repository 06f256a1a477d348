"""The PDF's logical structure: tags from the document model, for PDF/UA-1 and
PDF/A-2a.

While the writer builds flowables it creates the structure elements, in the
model's reading order (`Tagger.elem`); each flowable that draws content
carries its element (`_tag`), and drawing it wraps its marks in a
marked-content sequence with an MCID (`Tagger.begin` / `end`). Links drawn
inside are recorded with their element. After reportlab has written the file,
`finish` (with pikepdf) writes the structure tree, the parent tree, the
links' OBJRs, the catalog entries and the XMP metadata, and marks everything
that was drawn outside a tagged element as an artifact: page furniture,
rules, fills, table grids, bullets and chart decoration.
"""

from __future__ import annotations

import io
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

    def link(self, canv, contents: str):
        """A link annotation was just made on this page, inside the open element."""
        owner = self.open[-1] if self.open else self.root
        self.links.setdefault(canv.getPageNumber(), []).append((owner, contents))


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


# ---------------------------------------------------------------- after reportlab

def finish(data: bytes, tagger: Tagger, meta, out) -> None:
    """Write the structure tree and the PDF/UA and PDF/A entries into the PDF
    reportlab made (`data`), and save it to `out` (a path or a file)."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(data))
    pages = list(pdf.pages)
    # the structure tree (artifacts were marked as each page was written)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    parent_tree: dict = {}  # key -> elem ref or array
    by_page: dict = {}  # page number -> {mcid: elem ref}
    annot_keys: list = []

    refs: dict = {}  # id(Elem) -> its dictionary

    def build(elem: Elem, parent_ref):
        d = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + elem.role),
                                         P=parent_ref))
        refs[id(elem)] = d
        kids = Array()
        # a paragraph's notes come after its text (they were made as it was measured)
        ordered = [k for k in elem.kids if not (isinstance(k, Elem) and k.role == "Note")] + \
            [k for k in elem.kids if isinstance(k, Elem) and k.role == "Note"]
        on = {kid[1] for kid in ordered if not isinstance(kid, Elem) and kid[0] == "mcid"}
        if len(on) == 1:  # content on one page: the page once, MCIDs as numbers
            d.Pg = pages[next(iter(on)) - 1].obj
        for kid in ordered:
            if isinstance(kid, Elem):
                kids.append(build(kid, d))
            elif kid[0] == "mcid":
                _, page, n = kid
                kids.append(n if len(on) == 1 else
                            Dictionary(Type=Name.MCR, Pg=pages[page - 1].obj, MCID=n))
                by_page.setdefault(page, {})[n] = d
            elif kid[0] == "annot":
                _, page, annot = kid
                kids.append(Dictionary(Type=Name.OBJR, Pg=pages[page - 1].obj, Obj=annot))
        d.K = kids
        for key, value in elem.attrs.items():
            if key.startswith("_"):
                continue  # the writer's own marks
            if key == "A":
                d.A = Dictionary({f"/{k}": (Name("/" + v) if isinstance(v, str) and k in
                                            ("O", "Scope") else v)
                                  for k, v in value.items()})
            else:
                d[f"/{key}"] = String(value)
        if elem.bbox is not None and elem.role == "Figure":
            d.A = Dictionary(O=Name.Layout, BBox=Array(elem.bbox))
        return d

    # links: each annotation gets a Link element under the element it was drawn in
    for number, page in enumerate(pages, 1):
        annots = [a for a in (page.obj.get("/Annots") or [])
                  if a.get("/Subtype") == Name.Link]
        drawn = tagger.links.get(number, [])
        for i, annot in enumerate(annots):
            owner, contents = drawn[i] if i < len(drawn) else (tagger.root, "")
            link = owner.add("Link")
            link.kids.append(("annot", number, annot))
            annot.Contents = String(contents or _link_contents(annot, meta))
            annot.F = 4  # print
            annot_keys.append((annot, link))
        if annots:
            page.obj.Tabs = Name.S
    document = build(tagger.root, root)
    root.K = Array([document])
    # the parent tree: page -> its elements by MCID; annotation -> its Link element
    key = 0
    nums = Array()
    for number, page in enumerate(pages, 1):
        page.obj.StructParents = key
        mcids = by_page.get(number, {})
        nums.append(key)
        nums.append(pdf.make_indirect(Array([mcids[i] for i in range(len(mcids))])))
        key += 1
    for annot, link in annot_keys:
        annot.StructParent = key
        nums.append(key)
        nums.append(refs[id(link)])
        key += 1
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    root.ParentTreeNextKey = key
    # 3. the catalog
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)
    pdf.Root.Lang = String(meta.language)
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.OutputIntents = Array([_output_intent(pdf)])
    _fix_to_unicode(pdf)
    _metadata(pdf, meta)
    packed = io.BytesIO()
    pdf.save(packed, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for mode in (pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable):
        if not _has_trailing_cr(packed.getvalue()):
            break
        # a stream whose data ends in a carriage return (rare): change it, save again;
        # the document read before is let go first (a long brief's tags are millions
        # of qpdf objects: two copies at once doubled the peak memory)
        pdf.close()
        pdf = pikepdf.open(io.BytesIO(packed.getvalue()))
        _no_trailing_cr(pdf)
        packed = io.BytesIO()
        pdf.save(packed, deterministic_id=True, compress_streams=True,
                 object_stream_mode=mode)
    pdf.close()
    if hasattr(out, "write"):
        out.write(packed.getvalue())
    else:
        with open(out, "wb") as fh:
            fh.write(packed.getvalue())


def _has_trailing_cr(data: bytes) -> bool:
    """Whether some stream's data ends in a carriage return ('\r' then the line end
    before 'endstream')."""
    return b"\r\nendstream" in data


def _no_trailing_cr(pdf):
    """No stream's data may end in a carriage return: before 'endstream' it would read
    as part of the line end, and PDF/A checks the stream's length against the data
    without it. The last byte of compressed data is its checksum's, so a content
    stream gets a line end more, and another stream is stored uncompressed."""
    import zlib

    import pikepdf
    for obj in pdf.objects:
        if obj._type_code != pikepdf.ObjectType.stream:
            continue
        try:
            raw = obj.read_raw_bytes()
        except pikepdf.PdfError:
            continue
        filtered = obj.get("/Filter")
        if obj.get("/Type") == pikepdf.Name.Metadata:
            continue  # XMP stays plain text, for readers that look for it unfiltered
        if filtered is None:  # saving compresses it: do it here, to choose the result
            data = raw
        elif raw.endswith(b"\r") and filtered == pikepdf.Name.FlateDecode:
            data = obj.read_bytes()
        else:
            continue
        packed = zlib.compress(data, 9)
        if packed.endswith(b"\r"):  # the last byte is the checksum's: change the data
            if obj.get("/Length1") is None and obj.get("/Subtype") is None:
                # page content or a CMap: a line end more changes nothing they say
                packed = zlib.compress(data + b"\n", 9)
            if packed.endswith(b"\r"):
                if not data.endswith(b"\r"):
                    obj.write(data)  # kept uncompressed, which it may be
                continue
        obj.write(packed, filter=pikepdf.Name.FlateDecode)


def _link_contents(annot, meta) -> str:
    action = annot.get("/A")
    if action is not None and action.get("/URI") is not None:
        return str(action.URI)
    return meta.label("internal_link")


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
        text = entry.strip()
        if text.endswith(" BDC") or text.endswith(" BMC") or text == "EMC":
            flush()
            depth += -1 if text == "EMC" else 1
            out.append(entry)
            continue
        if depth:
            out.append(entry)
            continue
        bare = _STRING.sub("()", text) if "(" in text else text
        nest = _NEST.findall(bare)
        balanced = nest.count("q") == nest.count("Q") and nest.count("BT") == nest.count("ET")
        if not balanced or text in ("q", "Q"):
            flush()
            out.append(entry)
            continue
        run.append(entry)
        paints = paints or bool(_PAINTS.search(bare))
    flush()
    return out


def _output_intent(pdf):
    """sRGB, the colour space every colour of the brief is given in."""
    from pikepdf import Dictionary, Name, String
    icc = _srgb_profile()
    stream = pdf.make_stream(icc)
    stream.N = 3
    return Dictionary(Type=Name.OutputIntent, S=Name.GTS_PDFA1,
                      OutputConditionIdentifier=String("sRGB IEC61966-2.1"),
                      Info=String("sRGB IEC61966-2.1"), DestOutputProfile=stream)


def _srgb_profile() -> bytes:
    from PIL import ImageCms
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    data[24:36] = bytes(12)  # the creation date: a fixed one, for reproducible files
    data[84:100] = bytes(16)  # the profile ID (an MD5 that covers the date): none
    return bytes(data)


def _fix_to_unicode(pdf):
    """Drop ToUnicode entries that map a code to U+0000, U+FEFF or U+FFFE (the
    subset's unused slot 0): no glyph the brief shows is mapped there."""
    import re
    seen = set()
    for page in pdf.pages:
        fonts = (page.obj.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            text = cmap.read_bytes().decode("latin-1")
            fixed = re.sub(r"<[0-9A-Fa-f]+>\s*<(?:0000|FEFF|FFFE|feff|fffe)>\s*", "", text)
            fixed = re.sub(r"(\d+) beginbfchar", lambda m: f"{_count_pairs(fixed, m)} "
                           "beginbfchar", fixed)
            if fixed != text:
                cmap.write(fixed.encode("latin-1"))


def _count_pairs(text: str, m) -> int:
    import re
    block = text[m.end():text.find("endbfchar", m.end())]
    return len(re.findall(r"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>", block))


def _metadata(pdf, meta):
    """XMP that says what the file is (title, authors, language, PDF/A-2a, PDF/UA-1)
    and agrees with the document information dictionary, as PDF/A asks; with the
    extension schema PDF/A needs for the PDF/UA identification."""
    from ...xmltext import escape
    info = pdf.docinfo
    if "/Trapped" in info:
        del info["/Trapped"]

    def text(key):
        value = info.get(key)
        return escape(str(value)) if value is not None else ""

    def date(key):
        raw = str(info.get(key) or "")
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
    stream = pdf.make_stream(xmp.encode("utf-8"))
    stream.Type = __import__("pikepdf").Name.Metadata
    stream.Subtype = __import__("pikepdf").Name.XML
    pdf.Root.Metadata = stream
