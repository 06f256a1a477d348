"""The page: size and margins, running header and footer, and the cover's own
header and footer (marking bands across the whole page, the organization)."""

from __future__ import annotations

import re

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.shared import Pt

from ...model import Cover
from . import fields
from .ooxml import add_border, set_style
from .styles import MARKING_BAND, word_style_name

HEADER_DISTANCE = FOOTER_DISTANCE = 16  # points from the page edge: the PDF's bands
COVER_TOP = 36  # points above the cover's first line in the PDF


def setup_pages(writer):
    t, m = writer.theme, writer.doc.meta
    ids = writer.style_ids
    section = writer.word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Pt(round(v, 2)) for v in t.page_size)
    section.top_margin, section.bottom_margin = Pt(t.margins["top"]), Pt(t.margins["bottom"])
    section.left_margin, section.right_margin = Pt(t.margins["left"]), Pt(t.margins["right"])
    section.header_distance = Pt(HEADER_DISTANCE)
    section.footer_distance = Pt(FOOTER_DISTANCE)
    blocks = writer.doc.blocks
    cover = blocks[0] if blocks and isinstance(blocks[0], Cover) else None
    section.different_first_page_header_footer = cover is not None
    if cover is not None:
        _cover_header(writer, section, cover)
    width = Pt(t.frame_width)
    header = section.header.paragraphs[0]
    used = HEADER_DISTANCE
    if m.marking:
        _marking(writer, header, "marking")
        header = section.header.add_paragraph()
        used += t.style("marking").leading
    set_style(header._p, ids["Header"])
    # the running title's baseline 16 points above the text, as in the PDF
    header.paragraph_format.space_before = Pt(
        max(0, t.margins["top"] - 16 - t.style("running").leading - used))
    header.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    header.add_run(m.title)
    if m.date_text:
        header.add_run("\t" + m.date_text)
    add_border(header._p, "bottom", t.color("rule"))
    footer = section.footer.paragraphs[0]
    set_style(footer._p, ids["Footer"])
    add_border(footer._p, "top", t.color("rule"))
    footer.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    left = " · ".join(x for x in (m.organization, m.label("version", version=m.version)
                                  if m.version else None) if x)
    footer.add_run(left + "\t")
    # 'Page {n} of {total}': the label's text around a PAGE and a NUMPAGES field
    for piece in re.split(r"(\{n\}|\{total\})", m.label("page")):
        if piece == "{n}":
            fields.page(footer._p)
        elif piece == "{total}":
            writer.total_slots.append(fields.page_count(footer._p))
        elif piece:
            footer.add_run(piece)
    if m.marking:
        _marking(writer, section.footer.add_paragraph(), "marking")


def _cover_header(writer, section, cover: Cover):
    """The cover: bands with the marking at top and bottom, and the organization
    above the title, where the PDF has it (the body starts with the title, which
    readers such as pandoc need for the document's metadata)."""
    t, marking = writer.theme, writer.doc.meta.marking
    header = section.first_page_header.paragraphs[0]
    used = HEADER_DISTANCE
    if marking:
        _marking(writer, header, "band")
        header = section.first_page_header.add_paragraph()
        used += 23  # the band's height
    if cover.organization:
        set_style(header._p, writer.style_ids[word_style_name("organization")])
        header.paragraph_format.space_before = Pt(max(0, t.margins["top"] + COVER_TOP - used))
        header.add_run(cover.organization.upper())
    if marking:
        _marking(writer, section.first_page_footer.paragraphs[0], "band")


def _marking(writer, paragraph, kind: str):
    style = MARKING_BAND if kind == "band" else word_style_name("marking")
    set_style(paragraph._p, writer.style_ids[style])
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(writer.doc.meta.marking)
