"""How values are written out: statistic displays, numbers as typed."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^([+-]?)(\d+)(\.\d+)?$")


def number_text(raw: str) -> str:
    """'1100' -> '1,100', '3.67' stays, '-20' -> '−20'; other forms as written."""
    text = raw.strip().replace("_", "")
    m = _NUMBER.match(text)
    if not m:
        return raw.strip().replace("-", "−", 1) if raw.strip().startswith("-") else raw.strip()
    sign, whole, frac = m.groups()
    whole = f"{int(whole):,}"  # 1100 -> 1,100; 820 stays
    return ("−" if sign == "-" else "") + whole + (frac or "")


def stat_value_text(stat) -> str:
    """The value alone: number, range or string, with ≈ when approximate."""
    value = stat.value
    if value.kind == "range":
        low, high = (number_text(t) for t in value.texts)
        sep = " to " if "−" in low + high else "–"
        text = f"{low}{sep}{high}"
    elif value.kind == "number":
        text = number_text(value.texts[0])
    else:
        text = value.texts[0]
    return f"≈ {text}" if stat.approx else text


def stat_display(stat) -> str:
    """The statistic as shown everywhere: '≈ 175 sq mi', '78%', '20–22%'."""
    text = stat_value_text(stat)
    if not stat.unit:
        return text
    if stat.unit == "%":
        return text + "%"
    return f"{text} {stat.unit}"
