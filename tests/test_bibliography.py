"""Bibliography files (CSL-JSON, BibTeX) -> sources, and the house citation style."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import bibliography, cite
from briefgen.dates import parse_edtf
from briefgen.schema import Source, Text

REFS = Path(__file__).parent / "fixtures" / "refs"


def md(spans) -> str:
    """Spans as text, *italic* marked and [links](…) shown only by their text."""
    return "".join(f"*{s.text}*" if s.italic else s.text for s in spans)


@pytest.fixture(scope="module")
def csl():
    sources, diags = bibliography.read(REFS / "refs.json")
    assert diags == []
    return {s.id: s for s in sources}


@pytest.fixture(scope="module")
def bib():
    sources, diags = bibliography.read(REFS / "refs.bib")
    assert diags == []
    return {s.id: s for s in sources}


def errors(tmp_path, name: str, text: str | bytes, severity: str = "error"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    sources, diags = bibliography.read(path)
    for d in diags:
        assert d.file == str(path) and d.hint, d
    return sources, [d for d in diags if d.severity == severity]


# ---------------------------------------------------------------- CSL-JSON


def test_csl_fields(csl):
    assert list(csl) == ["unsg-mali-2020", "Smith2021", "reliefweb:ukraine.2025-03",
                         "ellis-2019"]
    un = csl["unsg-mali-2020"]
    assert (un.kind, un.title, un.authors, un.publisher, un.number, un.url) == (
        "report", "Report of the Secretary-General on the Situation in Mali",
        ["António Guterres"], "United Nations Security Council", "S/2020/890",
        "https://undocs.org/S/2020/890")
    assert (un.date.text, un.accessed.text) == ("2020-08-05", "2026-12-01")
    assert un.origin == (str(REFS / "refs.json"), 2) and un.path == ()
    article = csl["Smith2021"]
    assert article.kind == "article" and article.number == "58, no. 3"
    assert article.date.text == "2021-05"
    assert article.url == "https://doi.org/10.1177/0022343320000000"
    assert article.authors[2] == "Ursula von der Leyen"
    assert article.authors[2].family == "von der Leyen"
    assert csl["reliefweb:ukraine.2025-03"].kind == "web"
    book = csl["ellis-2019"]
    assert book.kind == "book" and book.date.text == "2019"
    assert book.note == Text("Second edition.", ())


def test_csl_report_forms(csl):
    un = csl["unsg-mali-2020"]
    assert md(cite.full_note(un, "para. 3")) == (
        "António Guterres, *Report of the Secretary-General on the Situation in Mali*, "
        "S/2020/890 (New York: United Nations Security Council, 5 August 2020), para. 3, "
        "https://undocs.org/S/2020/890 (accessed 1 December 2026).")
    assert md(cite.short_note(un, "para. 3")) == \
        "Guterres, *Report of the Secretary-General*, para. 3."
    assert md(cite.short_note(un)) == "Guterres, *Report of the Secretary-General*."
    assert md(cite.bibliography_entry(un)) == (
        "Guterres, António. *Report of the Secretary-General on the Situation in Mali*. "
        "S/2020/890. New York: United Nations Security Council, 5 August 2020. "
        "https://undocs.org/S/2020/890 (accessed 1 December 2026).")
    assert md(cite.numeric_entry(un, month_first=True)) == (
        "António Guterres. *Report of the Secretary-General on the Situation in Mali*. "
        "S/2020/890. New York: United Nations Security Council, August 5, 2020. "
        "https://undocs.org/S/2020/890 (accessed December 1, 2026)")


def test_spans_carry_italics_and_links(csl):
    spans = cite.full_note(csl["unsg-mali-2020"])
    assert [s.text for s in spans if s.italic] == \
        ["Report of the Secretary-General on the Situation in Mali"]
    link = [s for s in spans if s.href]
    assert [(s.text, s.href) for s in link] == [("https://undocs.org/S/2020/890",) * 2]


def test_csl_article_three_authors(csl):
    article = csl["Smith2021"]
    assert md(cite.full_note(article, "pp. 2-4")) == (
        "Ann Smith et al., “Ceasefire Monitoring in Eastern Ukraine: Lessons from the SMM,” "
        "*Journal of Peace Research* 58, no. 3 (May 2021), pp. 2–4, "
        "https://doi.org/10.1177/0022343320000000.")
    assert md(cite.short_note(article, "12")) == \
        "Smith et al., “Ceasefire Monitoring,” 12."
    assert md(cite.short_note(article)) == "Smith et al., “Ceasefire Monitoring.”"
    assert md(cite.bibliography_entry(article)) == (
        "Smith, Ann, Bo Lee, and Ursula von der Leyen. “Ceasefire Monitoring in Eastern "
        "Ukraine: Lessons from the SMM.” *Journal of Peace Research* 58, no. 3 (May 2021). "
        "https://doi.org/10.1177/0022343320000000.")


def test_csl_web_page_led_by_its_publisher(csl):
    page = csl["reliefweb:ukraine.2025-03"]
    assert md(cite.full_note(page)) == (
        "UN Office for the Coordination of Humanitarian Affairs, “Ukraine: Humanitarian "
        "‘Flash’ Update,” ReliefWeb, 14 March 2025, "
        "https://reliefweb.int/report/ukraine/flash-update (accessed 2 January 2026).")
    assert md(cite.short_note(page, "para. 2")) == \
        "UN Office for the Coordination of Humanitarian Affairs, “Ukraine,” para. 2."
    assert md(cite.numeric_entry(page)) == (
        "“Ukraine: Humanitarian ‘Flash’ Update.” ReliefWeb, UN Office for the Coordination "
        "of Humanitarian Affairs, 14 March 2025. "
        "https://reliefweb.int/report/ukraine/flash-update (accessed 2 January 2026)")


def test_csl_book(csl):
    book = csl["ellis-2019"]
    assert md(cite.full_note(book, "45")) == (
        "Mary Ellis, *Negotiating the End of Wars: Mediation after 1990* "
        "(Cambridge: Cambridge University Press, 2019), 45.")
    assert md(cite.short_note(book, "45")) == "Ellis, *Negotiating the End*, 45."
    assert md(cite.bibliography_entry(book)) == (
        "Ellis, Mary. *Negotiating the End of Wars: Mediation after 1990*. "
        "Cambridge: Cambridge University Press, 2019.")


# ---------------------------------------------------------------- BibTeX


def test_bibtex_keys_kept_exactly(bib):
    assert list(bib) == ["unsc:2021", "OCHA-Flash_3", "Muller.2020", "ellis2019",
                         "deWaal:2015"]
    assert [s.origin[1] for s in bib.values()] == [4, 15, 25, 36, 45]


def test_bibtex_accents_and_latex_decoded(bib):
    article = bib["Muller.2020"]
    assert article.title == "Sanctions and Secondary Effects: The Österreich Case"
    assert article.authors == ["Jérôme Müller", "François Nuñez", "Bjørn Åberg",
                               "Karl Straße"]
    assert article.container == "Journal of Conflict Resolution"
    assert article.number == "64, no. 7–8"
    assert article.date.text == "2020-08"
    assert article.note.source == "Pre-print version\u00a0online"
    flash = bib["OCHA-Flash_3"]
    assert flash.title == "Ukraine: Flash Update #3 – Attacks on Energy Infrastructure"
    assert bib["deWaal:2015"].title == "The Marketplace of Peace—Revisited"


def test_bibtex_fields(bib):
    report = bib["unsc:2021"]
    assert report.kind == "report"
    assert report.publisher == "United Nations Security Council"  # the @string macro
    assert report.title == "Report of the Secretary-General on the Situation in Mali"
    assert report.authors == ["António Guterres", "United Nations Security Council"]
    assert [a.is_org for a in report.authors] == [False, True]
    assert (report.number, report.date.text, report.accessed.text) == \
        ("S/2021/519", "2021-06-01", "2026-12-01")
    flash = bib["OCHA-Flash_3"]
    assert flash.kind == "web" and flash.date.text == "2024-08"  # month = aug
    assert flash.authors[0].is_org and flash.publisher == "ReliefWeb"
    assert flash.accessed.text == "2026-01-02"
    book = bib["ellis2019"]
    assert (book.kind, book.title, book.date.text) == \
        ("book", "Negotiating the End of Wars: Mediation after 1990", "2019")
    chapter = bib["deWaal:2015"]
    assert chapter.kind == "chapter" and chapter.container == "Peace Processes in Africa"
    assert chapter.authors[0].family == "de Waal"


def test_bibtex_report_forms(bib):
    report = bib["unsc:2021"]
    assert md(cite.full_note(report, "paras. 4-6")) == (
        "António Guterres and United Nations Security Council, *Report of the "
        "Secretary-General on the Situation in Mali*, S/2021/519 (New York: United Nations "
        "Security Council, 1 June 2021), paras. 4–6, https://undocs.org/S/2021/519 "
        "(accessed 1 December 2026).")
    assert md(cite.short_note(report, "para. 4")) == (
        "Guterres and United Nations Security Council, *Report of the Secretary-General*, "
        "para. 4.")
    assert md(cite.bibliography_entry(report)) == (
        "Guterres, António, and United Nations Security Council. *Report of the "
        "Secretary-General on the Situation in Mali*. S/2021/519. New York: United Nations "
        "Security Council, 1 June 2021. https://undocs.org/S/2021/519 "
        "(accessed 1 December 2026).")


def test_bibtex_article_and_chapter_forms(bib):
    article = bib["Muller.2020"]
    assert md(cite.full_note(article, "p. 1240")) == (
        "Jérôme Müller et al., “Sanctions and Secondary Effects: The Österreich Case,” "
        "*Journal of Conflict Resolution* 64, no. 7–8 (August 2020), p. 1240.")
    assert md(cite.short_note(article)) == "Müller et al., “Sanctions and Secondary Effects.”"
    assert md(cite.bibliography_entry(article)) == (
        "Müller, Jérôme, François Nuñez, Bjørn Åberg, and Karl Straße. “Sanctions and "
        "Secondary Effects: The Österreich Case.” *Journal of Conflict Resolution* 64, "
        "no. 7–8 (August 2020).")
    chapter = bib["deWaal:2015"]
    assert md(cite.full_note(chapter, "12")) == (
        "Alex de Waal, “The Marketplace of Peace—Revisited,” in *Peace Processes in Africa* "
        "(Oxford University Press, 2015), 12.")
    assert md(cite.short_note(chapter, "12")) == \
        "De Waal, “The Marketplace of Peace—Revisited,” 12."
    assert md(cite.bibliography_entry(chapter)) == (
        "de Waal, Alex. “The Marketplace of Peace—Revisited.” In *Peace Processes in "
        "Africa*. Oxford University Press, 2015.")


def test_bibliography_sort_order(bib, csl):
    everything = list(bib.values()) + list(csl.values())
    order = [s.id for s in sorted(everything, key=cite.sort_key)]
    # Ellis (twice: by title), Guterres (twice), Müller as Muller, Smith,
    # UN Office … (twice), de Waal under W
    assert order == ["ellis2019", "ellis-2019", "unsc:2021", "unsg-mali-2020",
                     "Muller.2020", "Smith2021", "OCHA-Flash_3",
                     "reliefweb:ukraine.2025-03", "deWaal:2015"]


# ---------------------------------------------------------------- outline sources


def outline_source(**kw) -> Source:
    base = dict(id="article", title="The failure of Ukraine-Russia negotiations in Abu Dhabi",
                path=("sources", 0))
    base.update(kw)
    return Source(**base)


def test_outline_source_as_printed_before():
    src = outline_source(publisher="Example Press", date=parse_edtf("2026-02"),
                         url="https://example.org/abu-dhabi")
    assert md(cite.numeric_entry(src)) == (
        "*The failure of Ukraine-Russia negotiations in Abu Dhabi*. Example Press, "
        "February 2026. https://example.org/abu-dhabi")
    assert md(cite.numeric_entry(outline_source())) == \
        "*The failure of Ukraine-Russia negotiations in Abu Dhabi*."
    assert md(cite.full_note(src, "p. 2")) == (
        "Example Press, *The failure of Ukraine-Russia negotiations in Abu Dhabi* "
        "(February 2026), p. 2, https://example.org/abu-dhabi.")
    assert md(cite.short_note(src, "p. 2")) == \
        "Example Press, *The failure of Ukraine-Russia*, p. 2."
    assert md(cite.bibliography_entry(src)) == (
        "Example Press. *The failure of Ukraine-Russia negotiations in Abu Dhabi*. "
        "February 2026. https://example.org/abu-dhabi.")


def test_outline_source_with_authors_and_container():
    src = outline_source(title="Why Talks Stalled? A Postmortem", authors=["Olga Petrenko",
                         "Martin Luther King Jr."], container="Foreign Affairs",
                         date=parse_edtf("2026-02-06"), accessed=parse_edtf("2026-02-07"),
                         url="https://example.org/why")
    assert cite.kind(src) == "article"
    assert md(cite.full_note(src)) == (
        "Olga Petrenko and Martin Luther King Jr., “Why Talks Stalled? A Postmortem,” "
        "*Foreign Affairs*, 6 February 2026, https://example.org/why "
        "(accessed 7 February 2026).")
    assert md(cite.short_note(src, "para. 9")) == \
        "Petrenko and King, “Why Talks Stalled?” para. 9."
    assert md(cite.bibliography_entry(src)) == (
        "Petrenko, Olga, and Martin Luther King Jr. “Why Talks Stalled? A Postmortem.” "
        "*Foreign Affairs*, 6 February 2026. https://example.org/why "
        "(accessed 7 February 2026).")


def test_outline_source_with_document_symbol_and_organisation():
    src = outline_source(title="Situation in Mali: Report of the Secretary-General",
                         authors=["United Nations Security Council"], number="S/2020/890",
                         date=parse_edtf("2020-08-05"))
    assert cite.kind(src) == "report"
    assert md(cite.full_note(src, "para. 3")) == (
        "United Nations Security Council, *Situation in Mali: Report of the "
        "Secretary-General*, S/2020/890 (5 August 2020), para. 3.")
    assert md(cite.short_note(src, "para. 3")) == \
        "United Nations Security Council, *Situation in Mali*, para. 3."
    assert md(cite.bibliography_entry(src)) == (
        "United Nations Security Council. *Situation in Mali: Report of the "
        "Secretary-General*. S/2020/890. 5 August 2020.")


def test_title_led_article():
    src = outline_source(title='The "Istanbul" Draft', container="Kyiv Independent",
                         date=parse_edtf("2025-22"))
    assert md(cite.full_note(src, "para. 2")) == \
        "“The ‘Istanbul’ Draft,” *Kyiv Independent*, Summer 2025, para. 2."
    assert md(cite.short_note(src)) == "“The ‘Istanbul’ Draft.”"
    assert md(cite.bibliography_entry(src)) == \
        "“The ‘Istanbul’ Draft.” *Kyiv Independent*, Summer 2025."


@pytest.mark.parametrize("name, inverted, short, is_org", [
    ("Ann Smith", "Smith, Ann", "Smith", False),
    ("Ursula von der Leyen", "von der Leyen, Ursula", "von der Leyen", False),
    ("Martin Luther King Jr.", "King, Martin Luther, Jr.", "King", False),
    ("Volodymyr Zelensky", "Zelensky, Volodymyr", "Zelensky", False),
    ("United Nations", "United Nations", "United Nations", True),
    ("Ministry of Foreign Affairs of Ukraine", "Ministry of Foreign Affairs of Ukraine",
     "Ministry of Foreign Affairs of Ukraine", True),
    ("OSCE Special Monitoring Mission", "OSCE Special Monitoring Mission",
     "OSCE Special Monitoring Mission", True),
    ("The Economist", "The Economist", "The Economist", True),
    ("{Crisis Group}", "Crisis Group", "Crisis Group", True),
    ("Reuters", "Reuters", "Reuters", False),
])
def test_outline_names(name, inverted, short, is_org):
    parsed = cite.Name.parse(name)
    assert (parsed.inverted(), parsed.short(), parsed.is_org) == (inverted, short, is_org)


@pytest.mark.parametrize("title, short", [
    ("Report of the Secretary-General on the Situation in Mali",
     "Report of the Secretary-General"),
    ("Negotiating the End of Wars: Mediation after 1990", "Negotiating the End"),
    ("Peace and Security in the Sahel", "Peace and Security"),
    ("Why Now? Russia and Ukraine", "Why Now?"),
    ("Mali – A Country Report", "Mali"),
    ("Minsk II.", "Minsk II"),
])
def test_short_title(title, short):
    assert cite.short_title(title) == short


def test_et_al_and_many_authors():
    names = ["Ann Smith", "Bo Lee", "Cy Chen", "Di Wu", "Ed Park", "Fay Ng", "Gus Roy"]
    src = Source("many", "Big Study", authors=names, publisher="Pub", kind="report")
    assert md(cite.full_note(src)) == "Ann Smith et al., *Big Study* (Pub)."
    assert md(cite.bibliography_entry(src)) == \
        "Smith, Ann, Bo Lee, Cy Chen, et al. *Big Study*. Pub."
    src.authors = names[:6]
    assert md(cite.bibliography_entry(src)) == \
        "Smith, Ann, Bo Lee, Cy Chen, Di Wu, Ed Park, and Fay Ng. *Big Study*. Pub."
    two_plus = [cite.Name.person("Ann", "Smith"), cite.Name.person("Bo", "Lee"),
                cite.Name.et_al()]
    src = Source("o", "Study", authors=two_plus, kind="book")
    assert md(cite.short_note(src)) == "Smith et al., *Study*."
    assert md(cite.bibliography_entry(src)) == "Smith, Ann, Bo Lee, et al. *Study*."


def test_punctuation_not_doubled():
    src = Source("x", "Who Decides?", publisher="Acme Inc.", date=parse_edtf("2020"),
                 kind="book")
    assert md(cite.bibliography_entry(src)) == "Acme Inc. *Who Decides?* 2020."
    src = Source("y", "Plans", publisher="Acme Inc.", kind="report")
    assert md(cite.bibliography_entry(src)) == "Acme Inc. *Plans*."


# ---------------------------------------------------------------- BibTeX syntax


def test_latex_decoding():
    assert bibliography.latex(r"{\'e}\'{e}{\"o}\~n{\c c}{\aa}\ss{}\v{s}\'\i")[0] == \
        "éé" "öñçåßší"
    assert bibliography.latex(r"A--B---C~D \& {E}")[0] == "A–B—C\u00a0D & E"
    assert bibliography.latex(r"\emph{Word} \textbf{bold} ``quoted''")[0] == \
        "Word bold “quoted”"
    text, unknown = bibliography.latex(r"\foo bar \baz{kept}")
    assert (text, unknown) == (r"\foobar kept", ["foo", "baz"])


def test_bibtex_quotes_concatenation_and_macros(tmp_path):
    sources, diags = errors(tmp_path, "ok.bib", (
        '@String(pre = "Report" # " on")\n'
        "@comment{ a comment with an e-mail: someone@example.org }\n"
        "@misc(Key-With.Dots:1,\n"
        '  title = pre # " {P}eace"  #{, }# 1999,\n'
        '  author = "Family, Given and Other Person",\n'
        "  howpublished = {\\url{https://example.org/x}},\n"
        "  year = 1999, month = {11},\n"
        ")\n"))
    assert diags == []
    (src,) = sources
    assert (src.id, src.title, src.kind) == ("Key-With.Dots:1", "Report on Peace, 1999", "other")
    assert src.authors == ["Given Family", "Other Person"]
    assert (src.url, src.date.text) == ("https://example.org/x", "1999-11")


def test_bibtex_unclosed_brace_then_carries_on(tmp_path):
    sources, diags = errors(tmp_path, "a.bib", (
        "@book{first,\n"
        "  title = {Open {brace},\n"
        "  year = 2020\n"
        "}\n"
        "\n"
        "@book{second, title = {Fine}}\n"))
    assert [(d.line, d.col, d.message) for d in diags] == [
        (2, 11, "entry 'first': the value of 'title' runs on into 'year =' on line 3")]
    assert diags[0].hint == "a '}' is missing at the end of the value"
    assert [s.id for s in sources] == ["first", "second"]  # cited keys still resolve
    sources, diags = errors(tmp_path, "a2.bib", "@book{first,\n  title = {Open,\n"
                            "\n@book{second, title = {Fine}}\n")
    assert [(d.line, d.col) for d in diags] == [(2, 11)]
    assert "unclosed brace" in diags[0].message and "line 4" in diags[0].hint
    assert [s.id for s in sources] == ["second"]


def test_bibtex_every_problem_at_once(tmp_path):
    sources, diags = errors(tmp_path, "b.bib", (
        "@article{title = {No key}}\n"          # 1
        "@book{dup, title = {One}}\n"           # 2
        "@book{dup, title = {Two}}\n"           # 3
        "@book{macro, title = unknownmacro}\n"  # 4
        "@book{untitled, year = 2020}\n"        # 5
        "@book{comma, title = {A}\n"            # 6
        "  year = 2020}\n"                      # 7
        "@book{open, title = {B},\n"            # 8
        "@book{last, title = {C}}\n"))          # 9
    found = [(d.line, d.col, d.message) for d in diags]
    assert found == [
        (1, 10, "@article entry has no citation key"),
        (3, 1, "citation key 'dup' is used twice in this file"),
        (4, 22, "unknown @string macro 'unknownmacro'"),
        (5, 1, "entry 'untitled' has no title"),
        (7, 3, "entry 'comma': expected ',' or '}' after the value of 'title'"),
        (8, 6, "entry 'open' is not closed: '}' is missing"),
    ]
    assert "first is on line 2" in diags[1].hint
    assert [s.id for s in sources] == ["dup", "comma", "open", "last"]


def test_bibtex_other_syntax_errors(tmp_path):
    _, diags = errors(tmp_path, "c.bib", (
        "@book{a, title = {A}, author = }\n"
        "@book{b, title {B}}\n"
        "@book{c title = {C}}\n"
        '@book{d, title = "unclosed}\n'
        "@book\n"))
    assert [(d.line, d.message) for d in diags] == [
        (1, "expected a value after '=', found '}'"),
        (2, "entry 'b': expected '=' after 'title'"),
        (3, "expected ',' after the key 'c'"),
        (4, "unclosed quote '\"': the value that starts here is never closed"),
        (5, "expected '{' after @book"),
    ]


def test_bibtex_warnings(tmp_path):
    _, warnings = errors(tmp_path, "w.bib", (
        "@book{Same, title = {A}}\n"
        "@book{same, title = {B \\weird}, year = {forthcoming},\n"
        "  urldate = {someday}, title = {again}}\n"), "warning")
    assert [(d.line, d.message) for d in warnings] == [
        (2, "keys 'Same' and 'same' differ only in case"),
        (2, "LaTeX command '\\weird' in 'title' is not known; it is kept as written"),
        (2, "entry 'same': year 'forthcoming' is not a year; the entry is left undated"),
        (3, "entry 'same': urldate 'someday' is not a date briefgen reads; it is left out"),
        (3, "entry 'same' has 'title' twice; the first one is used"),
    ]


# ---------------------------------------------------------------- CSL-JSON errors


def test_csl_malformed_json(tmp_path):
    _, diags = errors(tmp_path, "bad.json", '[\n  {"id": "a", "title": "A"}\n  {"id": "b"}\n]\n')
    assert [(d.line, d.col) for d in diags] == [(3, 3)]
    assert diags[0].message == "not valid JSON: Expecting ',' delimiter"
    _, diags = errors(tmp_path, "empty.json", "")
    assert [(d.line, d.message) for d in diags] == [(1, "not valid JSON: Expecting value")]


def test_csl_not_a_list(tmp_path):
    _, diags = errors(tmp_path, "obj.json", '\n\n  {"items": [{"id": "a", "title": "A"}]}\n')
    assert [(d.line, d.col, d.message) for d in diags] == \
        [(3, 3, "a CSL-JSON file holds a list of items, not an object")]
    assert "CSL JSON" in diags[0].hint


def test_csl_item_problems(tmp_path):
    sources, diags = errors(tmp_path, "items.json", (
        "[\n"
        '  "just a string",\n'                               # 2
        '  {"type": "book", "title": "No id"},\n'            # 3
        '  {"id": "no-title", "type": "book"},\n'            # 4
        '  {"id": "ok", "type": "book", "title": "Ok"},\n'   # 5
        '  {"id": "ok", "type": "book", "title": "Again"},\n'  # 6
        '  {"id": "bad-author", "type": "book", "title": "T",\n'  # 7
        '   "author": "Ann Smith"},\n'                       # 8
        '  {"id": "bad-title", "type": "book", "title": ["T"]}\n'  # 9
        "]\n"))
    assert [(d.line, d.col, d.message) for d in diags] == [
        (2, 3, "item 1 is a string, not an object"),
        (3, 3, "item 2 has no 'id'"),
        (4, 3, "item 'no-title' has no 'title'"),
        (6, 4, "citation key 'ok' is used twice in this file"),
        (8, 4, "item 'bad-author': 'author' must be a list of names, not a string"),
        (9, 39, "item 'bad-title': 'title' must be a string, not a list"),
    ]
    assert [s.id for s in sources] == ["ok", "bad-author"]


def test_csl_dates_and_warnings(tmp_path):
    sources, warnings = errors(tmp_path, "dates.json", (
        "[\n"
        '  {"id": "a", "type": "report", "title": "A",\n'
        '   "issued": {"date-parts": [[2020, 1, 5], [2020, 1, 7]]}},\n'
        '  {"id": "b", "type": "report", "title": "B", "issued": {"raw": "5 August 2020"},\n'
        '   "accessed": {"literal": "August 6, 2020"}},\n'
        '  {"id": "c", "type": "report", "title": "C",\n'
        '   "issued": {"date-parts": [[2019]], "circa": true}},\n'
        '  {"id": "d", "title": "D", "issued": {"literal": "forthcoming"}}\n'
        "]\n"), "warning")
    assert [s.date.text if s.date else None for s in sources] == \
        ["2020-01-05/2020-01-07", "2020-08-05", "2019~", None]
    assert sources[1].accessed.text == "2020-08-06"
    assert [(d.line, d.message) for d in warnings] == [
        (8, "item 'd' has no 'type'; it is cited as a document of no particular kind"),
        (8, "item 'd': 'issued' 'forthcoming' is not a date briefgen reads; it is left out"),
    ]


# ---------------------------------------------------------------- files


def test_unknown_extension_and_missing_file(tmp_path):
    _, diags = errors(tmp_path, "refs.ris", "TY  - RPRT\n")
    assert "not .json or .bib" in diags[0].message
    sources, diags = bibliography.read(tmp_path / "missing.bib")
    assert sources == [] and "cannot read the bibliography file" in diags[0].message


def test_not_utf8(tmp_path):
    _, diags = errors(tmp_path, "latin1.bib", "@book{a,\n  title = {Caf\xe9}}\n"
                      .encode("latin-1"))
    assert [(d.line, d.col) for d in diags] == [(2, 15)]
    assert "not valid UTF-8" in diags[0].message


def test_control_character_removed_and_reported(tmp_path):
    sources, diags = errors(tmp_path, "ctl.json",
                            '[{"id": "a", "type": "book", "title": "A\\u000cB"}]')
    assert sources[0].title == "AB"
    assert [(d.line, d.message) for d in diags] == [
        (1, "entry 'a': title holds character U+000C, which cannot appear in a document")]


def test_empty_files_warn(tmp_path):
    for name, text in (("e.json", "[]"), ("e.bib", "% nothing here\n")):
        sources, warnings = errors(tmp_path, name, text, "warning")
        assert sources == [] and [d.message for d in warnings] == \
            ["the bibliography file has no entries"]
