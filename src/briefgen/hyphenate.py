"""Where words and URLs may break across lines: one set of rules for every writer.

Words break at the hyphenation points of the brief's language (pyphen's
dictionaries), and show a hyphen there; URLs break only after `/`, `.`, `-`,
`?` or `&`, never inside a run of letters or digits. Only table text, set in
narrow columns, is hyphenated; running text is set ragged right and wraps
whole words.
"""

from __future__ import annotations

import functools
import re

URL_BREAK = re.compile(r"(?<=[/.?&-])(?=[^/.?&-])")
MIN_LEFT, MIN_RIGHT = 2, 3  # letters kept before and after a hyphen


def hyphenated(style_name: str) -> bool:
    """Whether text in this theme style hyphenates (in every writer)."""
    return style_name.startswith("table_")


def is_url(word: str) -> bool:
    return "://" in word or word.startswith("www.")


def url_pieces(url: str) -> list[str]:
    """A URL cut at every place it may break (never inside its scheme)."""
    scheme = re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*://", url)
    start = scheme.end() if scheme else 0
    cuts = [0] + [m.start() for m in URL_BREAK.finditer(url) if m.start() > start] + [len(url)]
    return [url[a:b] for a, b in zip(cuts, cuts[1:])]


def url_breaks(url: str) -> list[tuple[str, str]]:
    """Ways to split a URL over two lines, longest first part first."""
    pieces = url_pieces(url)
    return [("".join(pieces[:i]), "".join(pieces[i:])) for i in range(len(pieces) - 1, 0, -1)]


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
    _load_patterns(pyphen, lang)
    dic = pyphen.Pyphen(lang=lang, left=MIN_LEFT, right=MIN_RIGHT)

    @functools.lru_cache(maxsize=65536)
    def pairs(word: str) -> tuple:
        return tuple(dic.iterate(word))
    return pairs


def _load_patterns(pyphen, lang: str) -> None:
    """The language's patterns from briefgen's cache, parsed: reading the dictionary
    file costs some 50 ms a process. The entry (marshal, which reads back in half the
    time JSON takes; its format is Python's own, so the version is in the key) is
    keyed by the file's bytes."""
    import marshal
    import sys

    from . import cache
    path = pyphen.LANGUAGES[lang]
    if path in pyphen.hdcache:
        return
    try:
        data = path.read_bytes()
    except OSError:
        return
    entry = cache.key("pyphen patterns 3", sys.version, marshal.version, data) + ".marshal"

    def parse():
        parsed = pyphen.HyphDict(path)
        return parsed.patterns, parsed.maxlen  # {pattern: (offset, values)}, an int

    def loads(stored):
        patterns, maxlen = marshal.loads(stored)
        if not isinstance(patterns, dict) or not isinstance(maxlen, int):
            raise ValueError("not a pattern table")
        return patterns, maxlen
    hd = pyphen.HyphDict.__new__(pyphen.HyphDict)
    hd.patterns, hd.maxlen = cache.remembered_value("hyphenation", entry, parse,
                                                    marshal.dumps, loads)
    hd.cache = {}
    pyphen.hdcache[path] = hd


def column_breaks(hyphenate, fits):
    """A hyphenator for a table column: it breaks only words that do not `fit` the
    column whole (other words wrap whole, as in running text set ragged right).
    Every writer hyphenates table text with it, so the lines fall alike."""
    def pairs(word: str):
        if fits(word):
            return []
        found = list(hyphenate(word))
        if any(fits(head + "-") for head, _ in found):
            return found
        # a column narrower than the word's first syllable: rather than run into
        # the next column, break where the line is full, still with a hyphen
        return found + [(word[:i], word[i:]) for i in range(len(word) - 2, 1, -1)]
    return pairs


def break_points(word: str, pairs) -> list[int]:
    """Where `pairs` (a column's hyphenator) may break `word`: offsets, in order."""
    return sorted({len(head) for head, _ in pairs(word) if 0 < len(head) < len(word)})


def longest_unbreakable(text: str, language: str | None, at_least: int = 0) -> int:
    """Characters in the longest piece of `text` that no allowed break can shorten,
    counting the hyphen a break shows; or `at_least`, if that is more. A word's
    piece is at most the word and its hyphen, so the words are tried longest first
    and the search stops where no shorter word can do better."""
    best = at_least
    for word in sorted(set(text.split()), key=len, reverse=True):
        if len(word) + 1 <= best:
            break
        best = max(best, _longest_piece(word, language))
    return best


@functools.lru_cache(maxsize=65536)
def _longest_piece(word: str, language: str | None) -> int:
    if is_url(word):
        return max(len(p) for p in url_pieces(word)) + 1
    hy = hyphenator(language)
    best = 0
    for part in re.split(r"(?<=-)", word):
        core = re.sub(r"^\W+|\W+$", "", part)
        cuts = sorted(len(h) for h, _ in hy(core)) if hy and core.isalpha() else []
        bounds = [0] + cuts + [len(part)]
        best = max([best] + [b - a for a, b in zip(bounds, bounds[1:])])
    return best + 1
