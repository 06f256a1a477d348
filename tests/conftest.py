"""Shared fixtures: briefs built once per session, and text pulled from the files."""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from briefgen.verify import fold  # one definition for the tests and `verify`

ROOT = Path(__file__).resolve().parent.parent
BRIEFING = ROOT / "briefing"
ABU_DHABI = BRIEFING / "abu-dhabi-talks.yaml"


def build(outline: Path, out: Path, *extra: str) -> dict:
    """Build an outline in-process; fail the test on a non-zero exit."""
    from briefgen.cli import main
    status = main(["build", str(outline), "-o", str(out), "--quiet", *extra])
    assert status == 0, f"briefgen build {outline} exited {status}"
    name = outline.stem
    return {"pdf": out / f"{name}.pdf", "docx": out / f"{name}.docx"}


def pdf_pages(path: Path) -> list[str]:
    """Text of each page, whitespace folded."""
    from pypdf import PdfReader
    return [fold(page.extract_text() or "") for page in PdfReader(str(path)).pages]




def docx_blocks(path: Path) -> list[str]:
    """Paragraph texts of the body in reading order, table cells included."""
    import docx

    from briefgen.verify import docx_paragraphs
    texts = (fold(p.text) for p, _ in docx_paragraphs(docx.Document(str(path))))
    return [t for t in texts if t]


def docx_xml(path: Path, part: str = "word/document.xml") -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


@pytest.fixture(scope="session")
def abu_dhabi(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("abu")
    return build(ABU_DHABI, out)


@pytest.fixture(scope="session")
def abu_outline():
    from briefgen.api import prepare
    return prepare(str(ABU_DHABI))


def require_tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.skip(f"{name} is not installed (.ci/run installs it with apt-get)")
    return path


def soffice_to_pdf(docx_path: Path, out: Path) -> Path:
    soffice = require_tool("soffice")
    env = dict(os.environ, HOME=str(out))  # a private LibreOffice profile
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                    str(docx_path)], check=True, capture_output=True, timeout=240, env=env)
    return out / (docx_path.stem + ".pdf")
