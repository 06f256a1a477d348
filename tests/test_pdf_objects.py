"""The PDF file as `writers/pdf/objects.py` writes it: object streams, a
cross-reference stream, and no stream data that ends in a carriage return."""

import io
import zlib

import pikepdf
import pytest
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas

from briefgen.writers.pdf import objects


def _ending_in_cr(prefix: bytes) -> bytes:
    """Data whose compressed form ends in a CR (about one in 256 does)."""
    for i in range(256):
        data = prefix + bytes([i])
        if zlib.compress(data).endswith(b"\r"):
            return data
    raise AssertionError("no such data found")


def _written(streams) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.drawString(72, 720, "hello")
    canvas.showPage()
    objects.install(canvas._doc)
    for stream in streams:
        canvas._doc.Reference(stream)
    canvas.save()
    return out.getvalue()


def test_streams_never_end_in_a_carriage_return():
    content = _ending_in_cr(b"q 1 0 0 1 0 0 cm Q\n%")
    font = _ending_in_cr(b"font program ")
    streams = [pdfdoc.PDFStream(content=content, filters=[pdfdoc.PDFZCompress]),
               pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Length1": len(font)}), font,
                                [pdfdoc.PDFZCompress])]
    data = _written(streams)
    assert b"\r\nendstream" not in data and b"\rendstream" not in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        read = {bytes(obj.read_bytes()) for obj in pdf.objects
                if isinstance(obj, pikepdf.Stream)}
    assert content + b"\n" in read  # a page-content stream: one line end more
    assert font in read  # any other: the same bytes, stored as they are


def test_objects_go_into_object_streams_behind_a_cross_reference_stream():
    data = _written([])
    assert data.startswith(b"%PDF-1.5\n%")
    assert b"/Type /ObjStm" in data and b"/Type /XRef" in data and b"\nxref\n" not in data
    assert data.endswith(b"%%EOF\n")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 1 and pdf.trailer.ID[0] == pdf.trailer.ID[1]
        assert "/Root" in pdf.trailer and "/Info" in pdf.trailer


def test_the_file_id_follows_the_content():
    assert _written([]) == _written([])
    one = _written([pdfdoc.PDFStream(content=b"a", filters=[pdfdoc.PDFZCompress])])
    two = _written([pdfdoc.PDFStream(content=b"b", filters=[pdfdoc.PDFZCompress])])
    with pikepdf.open(io.BytesIO(one)) as a, pikepdf.open(io.BytesIO(two)) as b:
        assert bytes(a.trailer.ID[0]) != bytes(b.trailer.ID[0])


@pytest.mark.parametrize("data", [b"", b"stream without filters\r"])
def test_other_documents_keep_reportlabs_format(data):
    # a reportlab document that was not installed is written as reportlab writes it
    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.showPage()
    canvas._doc.Reference(pdfdoc.PDFStream(content=data or b"x"))
    canvas.save()
    assert b"\nxref\n" in out.getvalue() and b"/ObjStm" not in out.getvalue()
