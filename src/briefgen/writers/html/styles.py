"""The page's style sheet, from the theme alone: one class per named paragraph
style (`.st-NAME`), the boxes', tables' and marking's colours, the theme's faces
as inlined WOFF2, and a print style sheet with the theme's page size and margins.

Sizes are in rem, where 1 rem is the body text: 106.25 % of the reader's default
on screen (17 px at the usual 16), the theme's body size in print; so every style
keeps the theme's proportions and the reader's zoom and font-size choice apply.
"""

from __future__ import annotations

import base64

from ...theme import Theme
from . import fonts
from .markup import css_string

_FACES = {"regular": (400, "normal"), "bold": (700, "normal"),
          "italic": (400, "italic"), "bold_italic": (700, "italic")}
MEASURE = 42  # rem: the text column's widest, about 75 characters a line


def _rem(points: float, body: float) -> str:
    return f"{points / body:.4g}rem" if points else "0"


def fallback(family: str) -> str:
    """The web-safe fonts after the theme's own, of its kind."""
    if "sans" in family.lower():
        return "Arial, Helvetica, sans-serif"
    return 'Georgia, "Times New Roman", serif'


def font_faces(theme: Theme, characters: set) -> str:
    """@font-face rules for the theme's four faces, each subset to `characters`."""
    codes = frozenset(ord(ch) for ch in characters)
    rules = []
    for face, path in sorted(theme.font_files.items()):
        weight, style = _FACES[face]
        data = base64.b64encode(fonts.woff2(path, codes)).decode("ascii")
        rules.append(f"@font-face{{font-family:{css_string(theme.family)};"
                     f"font-weight:{weight};font-style:{style};font-display:swap;"
                     f'src:url("data:font/woff2;base64,{data}") format("woff2")}}')
    return "\n".join(rules)


def style_rules(theme: Theme) -> list:
    """`.st-NAME{…}` for every named style of the theme."""
    body = theme.style("body").size
    out = []
    for name in sorted(theme.styles):
        s = theme.style(name)
        align = {"justify": "left"}.get(s.align, s.align)  # ragged right, as the PDF sets text
        decl = [f"font-size:{_rem(s.size, body)}", f"line-height:{s.leading / s.size:.3g}",
                f"color:{s.color}", f"font-weight:{700 if s.bold else 400}",
                f"font-style:{'italic' if s.italic else 'normal'}",
                f"margin:{_rem(s.space_before, body)} 0 {_rem(s.space_after, body)}"]
        if align != "left":  # else the block's own alignment (a table column's) holds
            decl.append(f"text-align:{align}")
        if s.left_indent:
            decl.append(f"padding-left:{_rem(s.left_indent, body)}")
        if s.keep_with_next:
            decl.append("break-after:avoid")
        out.append(f".st-{name}{{{';'.join(decl)}}}")
    return out


def stylesheet(theme: Theme, characters: set, marking: str | None) -> str:
    c = theme.colors
    body = theme.style("body")
    pad = theme.table.get("padding", 4)
    rule = theme.table.get("rule", 0.5)
    box_pad = theme.box.get("padding", 9)
    box_rule = theme.box.get("rule", 1.5)
    family = f"{css_string(theme.family)},{fallback(theme.family)}"
    size = "A4" if theme.page_size[0] < 600 else "letter"
    m = theme.margins
    rem = lambda points: _rem(points, body.size)  # noqa: E731
    rules = [font_faces(theme, characters), f"""
*,*::before,*::after{{box-sizing:border-box}}
html{{font-size:106.25%;-webkit-text-size-adjust:100%;text-size-adjust:100%}}
body{{margin:0;background:#fff;color:{body.color};font-family:{family};font-size:1rem;
line-height:{body.leading / body.size:.3g};overflow-wrap:break-word;hyphens:manual}}
.page-head,.page-foot{{margin:0}}
main{{display:block;max-width:{MEASURE}rem;margin:0 auto;padding:0 1rem 2rem}}
main:focus{{outline:none}}
.marking{{margin:0;padding:.35rem 1rem;background:{c['marking']};color:#fff;
text-align:center;font-weight:700;font-size:{rem(theme.style('marking').size + 1)};
letter-spacing:.03em}}
.skip{{position:absolute;left:1rem;top:-10rem;padding:.5rem .8rem;background:#fff;
color:{c['link']};border:2px solid {c['link']};z-index:1}}
.skip:focus{{top:.5rem}}
a{{color:{c['link']};text-decoration-thickness:.06em;text-underline-offset:.15em}}
a:focus-visible{{outline:2px solid {c['accent']};outline-offset:2px}}
h1,h2,h3,h4{{overflow-wrap:break-word}}
.num{{white-space:nowrap}}
.cover{{padding-top:{rem(24)}}}
.cover .st-title{{margin-top:0}}
.cover .byline{{border-top:{rem(1.2)} solid {c['accent']};padding-top:{rem(6)};
margin-bottom:{rem(22)}}}
.cover .byline p{{margin:0 0 {rem(2)}}}
.st-organization{{text-transform:uppercase;letter-spacing:.04em}}
.st-callout_label{{text-transform:uppercase;letter-spacing:.04em}}
nav.toc ol{{list-style:none;margin:0;padding:0}}
nav.toc ol ol{{padding-left:0}}
nav.toc a{{color:{c['ink']};text-decoration:none}}
nav.toc a:hover,nav.toc a:focus{{text-decoration:underline}}
aside.box{{margin:{rem(4)} 0 {rem(10)};padding:{rem(box_pad)} {rem(box_pad)} {rem(box_pad - 3)}
{rem(box_pad + 2)};border-left:{box_rule:g}pt solid {c['callout_rule']};
background:{c['callout_bg']}}}
aside.box-summary{{border-left-color:{c['summary_rule']};background:{c['summary_bg']}}}
aside.box > :first-child{{margin-top:0}}
.box ul.judgments{{list-style:none;margin:0;padding:0}}
ul,ol{{margin:0 0 {rem(body.space_after)};padding-left:1.4em}}
li::marker{{color:{c['accent']}}}
li > p{{margin:0 0 {rem(3)}}}
li > p:last-child{{margin-bottom:0}}
.sources{{list-style:none;padding:0}}
blockquote{{margin:{rem(body.space_after)} 0;padding-left:{rem(10)};
border-left:2pt solid {c['rule']}}}
pre{{white-space:pre-wrap;font-family:inherit;margin:0 0 {rem(body.space_after)}}}
code{{font-family:inherit;color:{c['muted']}}}
.table-wrap{{overflow-x:auto;margin:0 0 {rem(12)}}}
.table-wrap:focus-visible{{outline:2px solid {c['accent']};outline-offset:2px}}
table{{border-collapse:collapse;width:100%}}
caption{{caption-side:top;text-align:left}}
th,td{{padding:{rem(pad - 1)} {rem(pad)} {rem(pad)};vertical-align:top;text-align:left;
border-bottom:{rule:g}pt solid {c['rule']}}}
th p,td p{{margin:0}}
th,td{{overflow-wrap:break-word;hyphens:auto}}
thead th{{background:{c['header_bg']}}}
tr.z > *{{background:{c['zebra']}}}
tr.group > th{{background:{c['group_bg']}}}
tr.total > *{{border-top:{rule * 2.4:g}pt solid {c['ink']}}}
.r,.r > p{{text-align:right}}.c,.c > p{{text-align:center}}
.wide{{min-width:36rem}}
.table-notes > :last-child{{margin-bottom:{rem(12)}}}
figure{{margin:{rem(8)} 0 {rem(12)}}}
figure .picture{{display:block;margin:{rem(2)} auto {rem(4)};max-width:100%;height:auto}}
figcaption{{margin-top:0}}
figure .chart-narrow{{display:none}}
@media screen and (max-width:36rem){{figure .chart-wide{{display:none}}
figure .chart-narrow{{display:block}}}}
sup.fn{{line-height:0}}
sup.fn a{{text-decoration:none;padding:0 .1em}}
.notes ol{{padding-left:1.8em}}
.notes li > p{{display:inline}}
.notes .back{{text-decoration:none;margin-left:.3em}}
.page-break{{display:none}}
.vh{{position:absolute;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;
clip:rect(0 0 0 0);clip-path:inset(50%);white-space:nowrap;border:0}}
@media (min-width:48rem){{main{{padding:0 2rem 3rem}}}}
@media print{{
@page{{size:{size};margin:{m['top']:g}pt {m['right']:g}pt {m['bottom']:g}pt {m['left']:g}pt;
{_margin_boxes(marking, c['marking'])}}}
html{{font-size:{body.size:g}pt}}
main{{max-width:none;padding:0}}
.skip{{display:none}}
.marking{{background:none;color:{c['marking']};padding:0 0 {rem(6)}}}
a{{color:inherit;text-decoration:none}}
nav.toc a{{color:inherit}}
.table-wrap{{overflow:visible}}
.wide{{min-width:0}}
thead{{display:table-header-group}}
tr,figure,aside.box{{break-inside:avoid}}
.page-break{{display:block;break-before:page}}
}}"""]
    rules += style_rules(theme)
    return "\n".join(rules)


def _margin_boxes(marking: str | None, color: str) -> str:
    """The marking at the top and bottom of every printed page."""
    if not marking:
        return ""
    return "".join(f"@{where}-center{{content:{css_string(marking)};color:{color};"
                   f"font-weight:700;font-size:8pt}}" for where in ("top", "bottom"))
