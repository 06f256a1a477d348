"""The PDF file, written from reportlab's objects in one pass.

reportlab formats each object in turn and joins them with a cross-reference
table. `install` has one document written instead as a PDF 1.5 file: every
object that is not a stream goes, compressed, into object streams of up to
`PER_STREAM` objects, found through a cross-reference stream; streams stay
top-level objects. A long brief's structure tree is tens of thousands of small
dictionaries, which this keeps to a fraction of their size.

Two rules of PDF/A-2 are kept here, for every stream, as it is formatted:
`endstream` follows an end of line, and the data before that end of line never
ends in a carriage return (a reader would take the CR for part of the end of
line, and the data for a byte shorter than /Length says). Compressed data ends
in the last byte of its checksum, which only the data can change: a content
stream gets a line end more (which changes nothing it draws), any other is
stored as it is. Streams reportlab filtered itself, or left unfiltered, end in
what their format ends in (`~>`, an image's end marker, `?>`): never a CR.

The file ID is the MD5 of the objects' bytes: the same content gives the same
file, and different content a different ID.
"""

from __future__ import annotations

import hashlib
import struct
import zlib

from reportlab.pdfbase import pdfdoc

PER_STREAM = 200  # objects per object stream
HEADER = b"%PDF-1.5\n%\xbf\xf7\xa2\xfe\n"  # a comment of four bytes over 127: binary


class Raw(pdfdoc.PDFObject):
    """An object whose PDF text is already made (`data`, bytes)."""

    def __init__(self, data: bytes = b""):
        self.data = data

    def format(self, document):
        return self.data


def install(doc, fix=None) -> None:
    """Write reportlab document `doc` with object streams (see the module);
    `fix(name, obj)` sees each object just before it is formatted."""
    doc._briefgen_objects = True
    doc.format = lambda: write(doc, fix)


def write(doc, fix=None) -> bytes:
    """The whole file: what `PDFDocument.format` returns, in our layout."""
    doc.encrypt.prepare(doc)
    root = doc.Reference(doc.Catalog)
    info = doc.Reference(doc.info)
    numbers, objects = doc.numberToId, doc.idToObject
    out = [HEADER]
    offset = len(HEADER)
    where: dict = {}  # object number -> (type, field 2, field 3) of its xref entry
    packed: list = []  # (number, body) of the objects that go into object streams
    n = 0
    while True:  # formatting may register objects: look again after each one
        n += 1
        if n not in numbers:
            break
        doc.encrypt.register(n, 0)
        obj = objects[numbers[n]]
        if fix is not None:
            fix(numbers[n], obj)
        body = pdfdoc.format(obj, doc, toplevel=1)
        if body.endswith(b"\nendstream"):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (n, body)
            where[n] = (1, offset, 0)
            out.append(chunk)
            offset += len(chunk)
        else:
            packed.append((n, body))
    following = n
    for start in range(0, len(packed), PER_STREAM):
        group = packed[start:start + PER_STREAM]
        stm, following = following, following + 1
        heads, pos = [], 0
        for index, (number, body) in enumerate(group):
            heads.append(b"%d %d" % (number, pos))
            pos += len(body) + 1
            where[number] = (2, stm, index)
        head = b" ".join(heads) + b"\n"
        data = _deflate(head + b"\n".join(body for _, body in group) + b"\n")
        chunk = (b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode "
                 b"/Length %d >>\nstream\n%s\nendstream\nendobj\n"
                 % (stm, len(group), len(head), len(data), data))
        where[stm] = (1, offset, 0)
        out.append(chunk)
        offset += len(chunk)
    xref = following
    where[xref] = (1, offset, 0)
    size = xref + 1
    ident = hashlib.md5(b"".join(out), usedforsecurity=False).hexdigest().encode()
    table = struct.pack(">BIH", 0, 0, 65535) + b"".join(
        struct.pack(">BIH", *where[i]) for i in range(1, size))
    data = zlib.compress(table, 9)
    filtered = b"/Filter /FlateDecode "
    if data.endswith(b"\r"):  # the table ends in its own entry's generation, 0: never a CR
        data, filtered = table, b""
    out.append(b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root %s /Info %s "
               b"/ID [ <%s> <%s> ] %s/Length %d >>\nstream\n%s\nendstream\nendobj\n"
               % (xref, size, root.format(doc), info.format(doc), ident, ident, filtered,
                  len(data), data))
    out.append(b"startxref\n%d\n%%%%EOF\n" % offset)
    return b"".join(out)


def _deflate(data: bytes) -> bytes:
    """Compressed data that does not end in a CR: whitespace at the end of an object
    stream means nothing, so one more line end gives another checksum."""
    packed = zlib.compress(data, 9)
    while packed.endswith(b"\r"):
        data += b"\n"
        packed = zlib.compress(data, 9)
    return packed


_reportlab_stream_format = pdfdoc.PDFStream.format


def _stream_format(self, document):
    """PDFStream.format, for a document `install` set up: an end of line before
    `endstream`, and no data that ends in a CR."""
    if not getattr(document, "_briefgen_objects", False):
        return _reportlab_stream_format(self, document)
    dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
    raw = content = self.content
    if content is None:
        raise ValueError("stream content not set")
    filters = self.filters if self.filters is not None else document.defaultStreamFilters
    names: list = []
    if filters and "Filter" not in dictionary.dict:
        for f in reversed(list(filters)):
            content = f.encode(content)
            names.insert(0, pdfdoc.PDFName(f.pdfname))
        dictionary["Filter"] = pdfdoc.PDFArray(names)
    data = pdfdoc.format(document.encrypt.encode(content), document)
    if data.endswith(b"\r") and names:
        raw = raw.encode("utf-8") if isinstance(raw, str) else raw  # as the filter read it
        if [f.pdfname for f in filters] == ["FlateDecode"] and \
                not ({"Length1", "Subtype", "N", "Type"} & set(dictionary.dict)):
            # page content (or a form's, or a CMap): a line end more changes nothing
            # it says; a font, an image, an ICC profile or metadata is not touched
            data = zlib.compress(raw + b"\n")
        if data.endswith(b"\r") and not raw.endswith(b"\r"):
            data = raw  # stored as it is
            del dictionary.dict["Filter"]
    dictionary["Length"] = len(data)
    return pdfdoc.format(dictionary, document) + b"\nstream\n" + data + b"\nendstream"


pdfdoc.PDFStream.format = _stream_format
