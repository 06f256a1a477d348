"""The PDF writer reads its own paragraph markup (writers/pdf/markup.py) instead of
reportlab's HTML parser: it must give exactly the fragments reportlab's reading
gives, or leave the text to reportlab."""

import io

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

import briefgen.writers.pdf as pdf
from briefgen import api
from briefgen.writers.pdf import markup

from conftest import ROOT

OUTLINES = [ROOT / "briefing" / "abu-dhabi-talks.yaml"] + \
    sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))


def _frags(parsed):
    style, frags, bullets = parsed
    return [sorted((k, repr(v)) for k, v in f.__dict__.items()) for f in frags], \
        bullets is None


def _reportlab(text, style):
    parser = ParaParser()
    parser.caseSensitive = 1
    return parser.parse(text, style)


def _texts(outline):
    """Every paragraph markup the writer makes for an outline, with its style."""
    seen = []
    made = pdf._Para._setup

    def keep(self, text, style, bullet, frags, cleaner):
        if frags is None:
            seen.append((cleaner(text), style))
        return made(self, text, style, bullet, frags, cleaner)
    prepared = api.prepare(str(outline))
    pdf._Para._setup = keep
    try:
        pdf.write_pdf(prepared.document, prepared.theme, io.BytesIO())
    finally:
        pdf._Para._setup = made
    return seen


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.stem)
def test_same_fragments_as_reportlab_for_every_paragraph(outline):
    texts = _texts(outline)
    assert texts
    for text, style in texts:
        ours = markup.parse(text, style)
        assert ours is not None, text  # the writer's markup is all read here
        assert _frags(ours) == _frags(_reportlab(text, style)), text


STYLE = ParagraphStyle("t", fontName="Helvetica", fontSize=10)


@pytest.mark.parametrize("text", [
    'plain &amp; simple &lt;tag&gt; &quot;q&quot; &nbsp;x &unknownentity; end',
    '<a name="x"/>1&nbsp;&nbsp;Heading <b>bold <i>both</i></b> <super>3</super>',
    '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" color="#1F4E79">link</a>',
    '<font color="#5D6876">muted</font><br/>next line',
    'a <B>capital tag</B> and <A HREF="#x">link</A>',
])
def test_markup_matches_reportlab(text):
    ours = markup.parse(text, STYLE)
    assert ours is not None
    assert _frags(ours) == _frags(_reportlab(text, STYLE))


@pytest.mark.parametrize("text", [
    "a bare & ampersand", "a < b", "&#8212; a character reference", "<para>own para</para>",
    '<a href=unquoted>x</a>', "<unknowntag>x</unknowntag>", "<b>unclosed",
])
def test_other_markup_is_left_to_reportlab(text):
    ours = markup.parse(text, STYLE)
    if ours is not None:  # read: then as reportlab reads it
        theirs = _reportlab(text, STYLE)
        assert ours[1] is not None and theirs[1] is not None
        assert _frags(ours) == _frags(theirs)


def test_a_paragraph_reads_the_same_either_way():
    text = cleanBlockQuotedText('<a name="n"/>Some  <b>bold</b>\n  text &amp; more')
    para = pdf._Para(text, STYLE)
    assert para.text == text
    assert _frags((para.style, para.frags, None))[0] == _frags(_reportlab(text, STYLE))[0]
