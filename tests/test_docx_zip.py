"""The DOCX's zip is written by writers/docx/package.py: the bytes Python's zipfile
would write for the same files, dates and modes."""

import io
import zipfile

from briefgen.writers.docx.package import ZIP_DATE, pack, zipped


def _zipfile_bytes(files) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            z.writestr(info, data)
    return out.getvalue()


def test_zip_is_zipfiles_own_for_ascii_and_other_names():
    files = [("[Content_Types].xml", b"<Types/>" * 50), ("word/document.xml", b"<w:document/>"),
             ("word/media/é-图.png", bytes(range(256)) * 4), ("empty", b"")]
    ours = zipped(pack(files))
    assert ours == _zipfile_bytes(files)
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        assert z.testzip() is None
        assert [(i.filename, z.read(i)) for i in z.infolist()] == files
