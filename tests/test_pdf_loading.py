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
