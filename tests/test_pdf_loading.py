"""reportlab's paragraph module is loaded with two slow patterns compiled on first
use (writers/pdf/loading.py); they must still match as reportlab's own would."""

import re

import briefgen.writers.pdf  # noqa: F401  loads reportlab through loading.load
from reportlab.lib import textsplit
from reportlab.platypus import paragraph as rl_paragraph

from briefgen.writers.pdf import loading


def test_deferred_patterns_match_as_compiled_ones():
    for lazy in (rl_paragraph.uri_pat, textsplit.rx):
        assert isinstance(lazy, loading._OnFirstUse)
    own = re.compile(rl_paragraph.uri_pat.pattern, rl_paragraph.uri_pat.flags)
    for text in ("https://example.org/a/b?c=d", "HTTPS://ÉXAMPLE.org", "ftp://10.0.0.1:21/x",
                 "example.org/a", "://", "not a url", "mailto:someone@example.org"):
        assert bool(rl_paragraph.uri_pat.match(text)) == bool(own.match(text)), text
    assert textsplit.rx.sub(r"\1|", "ab漢字") == "ab漢|字|"


def test_url_splitting_still_works():
    pairs = rl_paragraph._uri_split_pairs
    assert pairs("plainword") is None  # no "://": decided without the pattern
    assert pairs("example.org/a") is None
    assert pairs("https://example.org/a/b")  # a URL: where it may break


def test_other_patterns_are_compiled_at_once():
    assert isinstance(rl_paragraph._hy_letters_pat, re.Pattern)
    assert re.compile.__module__ == "re"  # put back after the import


def test_font_codes_are_reportlabs_own():
    """theme.font_face's quick `splitString` (one translate once every character has
    its code) gives what reportlab's loop gives, string by string, across the first
    subset's end (over 255 characters) and for characters the face lacks."""
    import random

    from reportlab.pdfbase import ttfonts

    from briefgen.theme import font_face, load_theme, resolve_path
    theme = load_theme(resolve_path(None, None))
    path = theme.font_files["regular"]
    ours = font_face("CodesCheck", path)
    theirs = ttfonts.TTFont("CodesCheckRL", path)
    assert type(ours).splitString is not ttfonts.TTFont.splitString
    covered = sorted(ours.face.charToGlyph)
    rng = random.Random(16)
    pool = [chr(c) for c in covered[:400]] + ["\u00a0", " ", "\u4e00", "\U0001f600"]
    texts = ["", "\u00a0", "plain words", "plain words"]
    for _ in range(600):
        texts.append("".join(rng.choice(pool) for _ in range(rng.randint(0, 12))))
        texts.append(rng.choice(texts))  # strings seen before: the quick path
    class Doc:  # reportlab keeps a font's codes per document, weakly
        pass
    doc_a, doc_b = Doc(), Doc()
    for text in texts:
        assert ours.splitString(text, doc_a) == theirs.splitString(text, doc_b), repr(text)
    assert ours.state[doc_a].assignments == theirs.state[doc_b].assignments
    assert ours.state[doc_a].nextCode > 256  # the second subset was reached
