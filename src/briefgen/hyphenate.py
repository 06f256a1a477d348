"""Where words and URLs may break across lines: one set of rules for every writer.

Words break at the hyphenation points of the brief's language (pyphen's
dictionaries), and show a hyphen there; URLs break only after `/`, `.`, `-`,
`?` or `&`, never inside a run of letters or digits.
"""

from __future__ import annotations

import functools
import re

URL_BREAK = re.compile(r"(?<=[/.?&-])(?=[^/.?&-])")
MIN_LEFT, MIN_RIGHT = 2, 3  # letters kept before and after a hyphen


def pyphen_language(language: str | None) -> str | None:
    """A BCP 47 tag (en-GB) -> the pyphen dictionary for it, or None."""
    if not language:
        return None
    import pyphen
    return pyphen.language_fallback(language.replace("-", "_"))


@functools.lru_cache(maxsize=8)
def hyphenator(language: str | None):
    """A callable word -> [(head, tail), …], longest head first; None if the
    language has no dictionary."""
    lang = pyphen_language(language)
    if not lang:
        return None
    import pyphen
    dic = pyphen.Pyphen(lang=lang, left=MIN_LEFT, right=MIN_RIGHT)

    def pairs(word: str):
        return list(dic.iterate(word))
    return pairs


def url_breaks(url: str) -> list[tuple[str, str]]:
    """Ways to split a URL over two lines, longest first part first."""
    scheme = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", url)
    start = scheme.end() if scheme else 0
    cuts = [m.start() for m in URL_BREAK.finditer(url) if m.start() > start]
    return [(url[:i], url[i:]) for i in reversed(cuts)]


def longest_unbreakable(text: str, language: str | None) -> int:
    """Characters in the longest piece of `text` that no allowed break can shorten."""
    hy = hyphenator(language)
    best = 0
    for word in text.split():
        if "://" in word or word.startswith("www."):
            pieces = re.split(r"(?<=[/.?&-])", word)
        else:
            pieces = []
            for part in re.split(r"(?<=-)", word):
                core = re.sub(r"^\W+|\W+$", "", part)
                cuts = [len(h) for h, _ in hy(core)] if hy and core.isalpha() else []
                bounds = [0] + sorted(cuts) + [len(part)]
                pieces += [part[a:b] for a, b in zip(bounds, bounds[1:])]
        best = max([best] + [len(p) + 1 for p in pieces])  # + a hyphen
    return best
