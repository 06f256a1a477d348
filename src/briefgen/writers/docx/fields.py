"""Word fields written with their results already in place: TOC, PAGEREF, PAGE,
NUMPAGES and SEQ read correctly before anyone updates them."""

from __future__ import annotations

from .ooxml import el, qn


def _char(kind: str):
    run = el("w:r")
    run.append(el("w:fldChar", fldCharType=kind))
    return run


def _text(tag: str, text: str):
    """A run holding `text` in a w:t or w:instrText, spaces kept."""
    run = el("w:r")
    node = el(tag)
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def field_runs(instruction: str, cached: str) -> list:
    """begin, code, separate, result, end; the result run is runs[3]."""
    return [_char("begin"), _text("w:instrText", f" {instruction} "), _char("separate"),
            _text("w:t", cached), _char("end")]


def add_field(p, instruction: str, cached: str):
    """Append a complete field to a w:p; return the w:t of its result."""
    runs = field_runs(instruction, cached)
    for run in runs:
        p.append(run)
    return runs[3][0]


def begin_field(p, instruction: str):
    """The opening half of a field whose result spans several paragraphs (the TOC)."""
    for run in (_char("begin"), _text("w:instrText", f" {instruction} "), _char("separate")):
        p.append(run)


def end_field(p):
    p.append(_char("end"))


def page(p):
    return add_field(p, "PAGE", "1")


def page_count(p, total: str = "1"):
    return add_field(p, "NUMPAGES", total)


def sequence(p, name: str, number: int):
    """A SEQ field numbering captions: Word's cross-references and table of
    tables count it; its cached result is the number already shown."""
    return add_field(p, f"SEQ {name} \\* ARABIC", str(number))
