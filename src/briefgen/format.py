"""How values are written out: statistic displays, numbers as typed."""

from __future__ import annotations

import re

NBSP = "\u00a0"
_NUMBER = re.compile(r"^([+-]?)(\d+)(\.\d+)?$")


def number_text(raw: str, lang=None) -> str:
    """'1100' -> '1,100' ('1 100' in French, '1.100' in German), '3.67' stays
    ('3,67'), '-20' -> '−20'; other forms as written."""
    text = raw.strip().replace("_", "")
    m = _NUMBER.match(text)
    if not m:
        return raw.strip().replace("-", "−", 1) if raw.strip().startswith("-") else raw.strip()
    sign, whole, frac = m.groups()
    if lang is None:
        digits = f"{int(whole):,}" + (frac or "")  # 1100 -> 1,100; 820 stays
    else:
        digits = lang.number(str(int(whole)), frac[1:] if frac else None)
    return ("−" if sign == "-" else "") + digits


def _space(lang) -> str:
    """Between a number and its unit: a no-break space, unless typography is plain."""
    return " " if lang is not None and not lang.smart else NBSP


def stat_value_text(stat, lang=None) -> str:
    """The value alone: number, range or string, with ≈ when approximate."""
    value = stat.value
    if value.kind == "range":
        low, high = (number_text(t, lang) for t in value.texts)
        sep = " to " if "−" in low + high else "–"
        if sep == " to " and lang is not None:
            sep = f" {lang.label('range_to')} "
        text = f"{low}{sep}{high}"
    elif value.kind == "number":
        text = number_text(value.texts[0], lang)
    else:
        text = value.texts[0]
    return f"≈{_space(lang)}{text}" if stat.approx else text


def stat_display(stat, lang=None) -> str:
    """The statistic as shown everywhere: '≈ 175 sq mi', '78%', '20–22%' (French
    '78 %'); the spaces before the unit and after '≈' do not break."""
    text = stat_value_text(stat, lang)
    if not stat.unit:
        return text
    if stat.unit == "%":
        return lang.percent(text) if lang is not None else text + "%"
    return f"{text}{_space(lang)}{stat.unit}"
