"""Small WordprocessingML helpers: make elements, put them where the schema wants them."""

from __future__ import annotations

import functools

from docx.oxml import OxmlElement
from docx.oxml.ns import qn as _qn
from docx.shared import RGBColor

qn = functools.lru_cache(maxsize=None)(_qn)  # "w:p" -> "{…main}p", tens of thousands a brief

TWIPS = 20  # per point

# Child order the schema prescribes (Word refuses some files that break it).
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
TBLPR_ORDER = ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
               "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
               "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription")
PBDR_ORDER = ("top", "left", "bottom", "right", "between", "bar")

W_P, W_R, W_T, W_PPR, W_RPR = (qn(f"w:{t}") for t in ("p", "r", "t", "pPr", "rPr"))
W_VAL = qn("w:val")


W_SECTPR = qn("w:sectPr")


def last_content(parent):
    """A mark for `added_since`: the last child of `parent` before its section
    properties (the body's last child), or None if it has none. lxml counts and
    lists children by walking them, so a writer that measured the body so for
    every block would take time growing with the square of the brief."""
    try:
        last = parent[-1]
    except IndexError:
        return None
    return last.getprevious() if last.tag == W_SECTPR else last


def added_since(parent, mark) -> list:
    """The children of `parent` after the `last_content` mark, section properties
    left out: what was written since the mark was taken."""
    if mark is not None:
        node = mark.getnext()
    else:
        try:
            node = parent[0]
        except IndexError:
            node = None
    out = []
    while node is not None and node.tag != W_SECTPR:
        out.append(node)
        node = node.getnext()
    return out


def el(tag: str, **attrs):
    """A w: element with w: attributes."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn("w:" + key), str(value))
    return element


def put(parent, child, order: tuple):
    """Put `child` into `parent` at its place in `order`, replacing one of the same tag."""
    name = child.tag.rsplit("}", 1)[1]
    old = parent.find(child.tag)
    if old is not None:
        parent.replace(old, child)
        return child
    later = _later(order, name)
    for i, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


@functools.lru_cache(maxsize=None)
def _later(order: tuple, name: str) -> frozenset:
    """The tags that come after `name` in `order`."""
    return frozenset(qn("w:" + n) for n in order[order.index(name) + 1:])


def ppr(p):
    """The w:pPr of a w:p, made if missing."""
    props = p.find(W_PPR)
    if props is None:
        props = el("w:pPr")
        p.insert(0, props)
    return props


def set_ppr(p_or_ppr, child):
    target = p_or_ppr if p_or_ppr.tag == W_PPR else ppr(p_or_ppr)
    return put(target, child, PPR_ORDER)


def set_style(p, style_id: str):
    set_ppr(p, el("w:pStyle", val=style_id))


def keep_next(p):
    set_ppr(p, el("w:keepNext"))


def keep_lines(p):
    set_ppr(p, el("w:keepLines"))


def indent(p_or_ppr, left: float = 0, right: float = 0, hanging: float = 0):
    """Indents in points."""
    attrs = {"left": round(left * TWIPS), "right": round(right * TWIPS)}
    if hanging:
        attrs["hanging"] = round(hanging * TWIPS)
    set_ppr(p_or_ppr, el("w:ind", **attrs))


def borders(p_or_ppr, edges: dict):
    """edges: {'top': (color, eighths of a point, space in points), …}."""
    bdr = el("w:pBdr")
    for edge in PBDR_ORDER:
        if edge in edges:
            color, size, space = edges[edge]
            bdr.append(el(f"w:{edge}", val="single", sz=size, space=space, color=hexa(color)))
    set_ppr(p_or_ppr, bdr)


def add_border(p, edge: str, color: str, size: int = 4, space: int = 4):
    """One more edge on a paragraph's borders."""
    props = ppr(p)
    bdr = props.find(qn("w:pBdr"))
    if bdr is None:
        bdr = set_ppr(props, el("w:pBdr"))
    put(bdr, el(f"w:{edge}", val="single", sz=size, space=space, color=hexa(color)), PBDR_ORDER)


def shading(fill: str):
    return el("w:shd", val="clear", color="auto", fill=hexa(fill))


def hexa(color: str) -> str:
    return color.lstrip("#").upper()


def rgb(color: str) -> RGBColor:
    return RGBColor.from_string(hexa(color))


def set_font(rpr, family: str):
    """Name the family for every script, dropping theme-font references."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = el("w:rFonts")
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(key), family)


def text_of(p) -> str:
    """The text a reader sees in a w:p (field codes left out)."""
    out = []
    for node in p.iter(W_T, qn("w:tab"), qn("w:br")):
        out.append((node.text or "") if node.tag == W_T else " ")
    return "".join(out)
