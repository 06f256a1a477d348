"""The HTML edition: every part of the brief, as in the PDF; nothing from user text as
markup; readable on a phone and a desktop in a real browser, with no accessibility
violation a tool can find; byte-identical on rebuild; `watch` and `verify` know it.

Browser tests drive Debian's `chromium` through the DevTools protocol on a pipe
(`--remote-debugging-pipe`, standard library only): one browser for every page and
width. The accessibility check runs axe-core (from npm) in that browser; both skip,
saying why, where they are missing (`.ci/run` installs them).
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from briefgen import cli, watch
from briefgen.format import stat_display
from briefgen.model import Heading, Span
from briefgen.verify import compare, fold, html_structure, pdf_structure
from conftest import ABU_DHABI, ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile.yaml"
FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*.yaml"))
WIDTHS = (360, 1280)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SVG = "{http://www.w3.org/2000/svg}"  # the parser puts inline SVG in its namespace


def build_all(outline: Path, out: Path, *extra: str) -> dict:
    status = cli.main(["build", str(outline), "-o", str(out), "-q", "--format",
                       "pdf,docx,html", *extra])
    assert status == 0
    return {fmt: out / f"{outline.stem}.{fmt}" for fmt in ("pdf", "docx", "html")}


def parse(path: Path):
    """The page as a browser's parser reads it (html5lib), as an lxml tree."""
    import html5lib
    return html5lib.parse(path.read_bytes(), treebuilder="lxml",
                          namespaceHTMLElements=False).getroot()


def text_of(element) -> str:
    return fold("".join(element.itertext()))


@pytest.fixture(scope="session")
def abu(tmp_path_factory) -> dict:
    built = build_all(ABU_DHABI, tmp_path_factory.mktemp("html-abu"))
    return {**built, "tree": parse(built["html"])}


@pytest.fixture(scope="session")
def hostile(tmp_path_factory) -> dict:
    built = build_all(HOSTILE, tmp_path_factory.mktemp("html-hostile"))
    return {**built, "tree": parse(built["html"])}


# ---------------------------------------------------------------- the same brief

def test_one_self_contained_file(abu):
    tree = abu["tree"]
    assert tree.get("lang") == "en-GB"
    assert not tree.findall(".//script") and not tree.findall(".//link")
    for element in tree.iter():  # nothing is fetched: every source is inside the page
        for key in ("src", "href"):
            value = element.get(key) or ""
            assert value.startswith(("#", "data:", "https://", "http://", "mailto:")) \
                or not value, value
        assert not (element.get("src") or "").startswith("http")
    style = text_of(tree.find(".//head/style"))
    assert style.count("@font-face") == 4 and "data:font/woff2;base64," in style
    assert "Gentium Book Plus" in abu["html"].read_text(encoding="utf-8")


def test_headings_and_their_ids_are_the_pdfs_bookmarks(abu, abu_outline):
    from test_layout import bookmark_titles
    structure = html_structure(str(abu["html"]))
    assert structure.headings == bookmark_titles(abu["pdf"])
    # the PDF names each bookmark's destination with the heading's id (writers/pdf)
    ids = [b.id for b in abu_outline.document.blocks if isinstance(b, Heading)]
    main = abu["tree"].find(".//main")
    found = [h.get("id") for h in main.iter("h2", "h3", "h4")
             if not any(a.tag in ("nav", "aside", "header", "section")
                        for a in h.iterancestors())]
    assert found == ids
    # every entry of the contents links to its heading: NAME.html#id works
    for link in abu["tree"].findall(".//nav//a"):
        target = abu["tree"].find(f".//*[@id='{link.get('href')[1:]}']")
        assert target is not None and text_of(target) == text_of(link)


def test_numbered_headings_keep_their_numbers(abu):
    texts = [text_of(h) for h in abu["tree"].iter("h2", "h3", "h4")]
    assert "1 Background: talks without a breakthrough" in texts
    assert "2.1 Why the remaining Donetsk territory matters" in texts
    assert "Appendix A: Timeline" in texts


def test_the_html_says_what_the_pdf_says(abu):
    """Captions, every table cell, chart text, notes, citations and metadata (verify)."""
    assert compare(pdf_structure(str(abu["pdf"])), html_structure(str(abu["html"])),
                   name="HTML") == []


def test_verify_notices_a_difference_in_the_html(abu, tmp_path):
    from briefgen.verify import verify_files
    page = abu["html"].read_text(encoding="utf-8")
    changed = tmp_path / "changed.html"
    changed.write_text(page.replace("Irreconcilable territorial demands</h2>",
                                    "Reconcilable territorial demands</h2>")
                       .replace("Secretary of the National Security and Defence Council",
                                "Secretary of Defence"), encoding="utf-8")
    problems = verify_files(str(abu["pdf"]), str(abu["docx"]), str(changed))
    assert any(p.startswith("heading ") and "HTML '2 Reconcilable territorial demands'" in p
               for p in problems), problems
    assert any("table cell in the HTML but not in the PDF" in p for p in problems), problems


def test_every_table_cell_caption_statistic_and_note(abu, abu_outline):
    from briefgen.model import Table, walk_blocks
    doc = abu_outline.document
    tree = abu["tree"]
    pdf = pdf_structure(str(abu["pdf"]))
    tables = tree.findall(".//table")
    model_tables = [b for b in walk_blocks(doc.blocks) if isinstance(b, Table)]
    assert [text_of(t.find("caption")) for t in tables] == [t.label for t in model_tables]
    for html_table, table in zip(tables, model_tables):
        cells = [fold(" ".join(text_of(p) for p in c)) for c in html_table.iter("th", "td")]
        expected = [fold(" ".join("".join(s.text for s in p.inlines)
                                  for p in cell.blocks if hasattr(p, "inlines")))
                    for row in table.rows for cell in row.cells]
        assert cells == expected, table.label
        assert html_table.find("thead/tr/th").get("scope") == "col"
    figures = [text_of(f) for f in tree.findall(".//figure/figcaption")]
    assert figures and all(f in pdf.text for f in figures)
    key_figures = text_of(tree.find(".//table[@id='_table4']"))
    for stat in abu_outline.outline.statistics:
        assert fold(stat_display(stat)) in key_figures, stat.id
    notes = [text_of(li) for li in tree.findall(".//section[@role='doc-endnotes']//li")]
    assert len(notes) == len(doc.notes) == len(pdf.notes)
    for note, li in zip(doc.notes, tree.findall(".//section[@role='doc-endnotes']//li")):
        assert li.get("id") == note.id
        mark = tree.find(f".//a[@id='{note.ref_id}']")
        assert mark.get("href") == f"#{note.id}" and text_of(mark) == str(note.number)
        back = li.find(".//a[@role='doc-backlink']")
        assert back.get("href") == f"#{note.ref_id}"
        assert fold("".join(s.text for s in note.blocks[0].inlines))[:40] in pdf.text


def test_parts_in_order_with_their_semantics(abu):
    tree = abu["tree"]
    body = tree.find("body")
    assert [c.tag for c in body] == ["a", "header", "main", "footer"]
    skip = body[0]
    assert skip.get("href") == "#_main" and text_of(skip) == "Skip to content"
    marking = "UNCLASSIFIED // PUBLIC RELEASE"
    assert text_of(body[1]) == text_of(body[3]) == marking
    article = tree.find(".//main/article")
    kinds = [(c.tag, c.get("class")) for c in article]
    assert kinds[0] == ("header", "cover") and tree.find(".//main//h1") is not None
    assert ("aside", "box box-summary") in kinds and ("nav", "toc") in kinds
    assert kinds[-1] == ("section", "notes")
    links = tree.findall(".//nav[@class='toc']//a")  # the contents end with the notes
    assert links[-1].get("href") == "#_notes" and text_of(links[-1]) == "Notes"
    assert tree.find(".//section[@class='notes']/h2").get("id") == "_notes"
    titles = [text_of(a.find("h2")) for a in article.iter("aside") if a.find("h2") is not None]
    assert titles == ["Bottom line", "Key judgments"]
    assert len([a for a in article.iter("aside")]) > 2  # the counterarguments too
    figure = tree.find(".//figure")
    svg = figure.find(f"{SVG}svg")
    assert svg.get("role") == "img" and svg.get("aria-label")
    assert figure.get("aria-labelledby") == figure.find("figcaption").get("id")
    timeline = tree.find(".//*[@id='_timeline']")
    assert text_of(timeline) == "Appendix A: Timeline"


def test_the_writer_visits_every_block_of_the_model():
    """A block type the page cannot show fails here, not silently in a brief."""
    import inspect

    from briefgen import model
    from briefgen.writers.html import HtmlWriter
    blocks = [c for _, c in inspect.getmembers(model, inspect.isclass)
              if issubclass(c, model.Block) and c is not model.Block]
    assert len(blocks) >= 10
    assert [c.__name__ for c in blocks if not hasattr(HtmlWriter, f"visit_{c.__name__}")] == []


def test_images_are_embedded_with_their_alt_text(tmp_path):
    built = build_all(ROOT / "tests" / "fixtures" / "figures.yaml", tmp_path)
    tree = parse(built["html"])
    images = tree.findall(".//figure//img")
    assert images
    for img in images:
        assert img.get("src").startswith(("data:image/png;base64,", "data:image/jpeg;base64,",
                                          "data:image/svg+xml;base64,"))
        assert img.get("alt")
        base64.b64decode(img.get("src").split(",", 1)[1], validate=True)
    assert compare(pdf_structure(str(built["pdf"])), html_structure(str(built["html"])),
                   name="HTML") == []


@pytest.mark.parametrize("outline", FIXTURES, ids=lambda p: p.name)
def test_every_fixture_parses_cleanly(outline, tmp_path):
    """html5lib in strict mode: no parse error anywhere in the page."""
    import html5lib
    assert cli.main(["build", str(outline), "-o", str(tmp_path), "-q", "--format",
                     "html"]) == 0
    html5lib.HTMLParser(strict=True).parse((tmp_path / f"{outline.stem}.html").read_bytes())
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{outline.stem}.html"]


def test_memo_theme_styles_the_page(tmp_path):
    built = tmp_path / "abu-dhabi-talks.html"
    assert cli.main(["build", str(ABU_DHABI), "-o", str(tmp_path), "-q", "--format", "html",
                     "--style", "memo"]) == 0
    page = built.read_text(encoding="utf-8")
    assert "Liberation Sans" in page and "Arial, Helvetica, sans-serif" in page
    assert "size:letter" in page


# ---------------------------------------------------------------- hostile text

ALLOWED = {"html", "head", "meta", "title", "style", "body", "a", "header", "main", "footer",
           "article", "p", "h1", "h2", "h3", "h4", "div", "time", "aside", "ul", "ol", "li",
           "nav", "span", "strong", "em", "code", "pre", "blockquote", "sup", "section",
           "table", "caption", "colgroup", "col", "thead", "tbody", "tr", "th", "td",
           "figure", "figcaption", "svg", "line", "rect", "text", "polyline", "circle", "br"}
ATTRIBUTES = {"lang", "charset", "name", "content", "href", "class", "id", "tabindex",
              "aria-labelledby", "aria-label", "aria-hidden", "role", "datetime", "start",
              "value", "scope", "colspan", "style", "xmlns", "width", "height", "viewBox",
              "viewbox", "font-family", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r",
              "points", "fill", "stroke", "stroke-width", "stroke-linejoin", "font-size",
              "font-weight", "font-style", "text-anchor"}


def test_hostile_text_makes_no_element_or_attribute(hostile):
    tree = hostile["tree"]
    for element in tree.iter():
        if not isinstance(element.tag, str):  # a comment would be user text too
            pytest.fail(f"a comment or processing instruction in the page: {element!r}")
        assert element.tag.replace(SVG, "") in ALLOWED, element.tag
        for key, value in element.attrib.items():
            key = key.split("}")[-1]  # xmlns, in its namespace
            assert key in ATTRIBUTES, (element.tag, key)
            assert not key.startswith("on")
            if key == "href":
                assert value.startswith(("#", "https://", "mailto:")), value
            if key == "style":  # only the writer's own widths
                assert all(ch not in value for ch in "<>\"'(;") or \
                    value.startswith("width:"), value
    assert len(tree.findall(".//style")) == 1 and tree.find(".//style").getparent().tag == "head"
    assert tree.findall(f".//{SVG}svg//{SVG}text")  # the chart is there, its labels as text


def test_hostile_text_shows_as_typed(hostile):
    tree = hostile["tree"]
    assert text_of(tree.find(".//title")) == \
        "<script>alert('title')</script> & the \"><img src=x onerror=alert(1)> talks"
    assert text_of(tree.find(".//h1")) == text_of(tree.find(".//title"))
    page = text_of(tree.find("body"))
    for piece in ("</title><script>alert(2)</script> &amp; &lt;b&gt; &#x3C;",
                  '</p><script>alert(3)</script> OFFICIAL " onmouseover="alert(4)',
                  "<style>body{display:none}</style> Institute",
                  '<a href="javascript:alert(5)">Mallory</a>',
                  "<h1>Heading</h1> & \"quotes\"", "<script> alert(15) </script>",
                  "<pre> code block with </pre><script>alert(16)</script>",
                  "</caption><script>alert(19)</script> table",
                  "<td onmouseover=alert(20)>cell</td>",
                  "</figcaption><script>alert(24)</script> chart",
                  "<!-- a comment --> note", "]]> and <![CDATA[ x ]]>", "&nbsp; reply"):
        assert piece in page, piece
    chart = tree.find(f".//figure/{SVG}svg")
    assert chart.get("aria-label") == '" onload="alert(25)'
    assert "<script>alert(27)</script> share" in text_of(chart)
    meta = {m.get("name"): m.get("content") for m in tree.iter("meta")}
    assert meta["author"].startswith('<a href="javascript:alert(5)">Mallory</a>')
    link = tree.find(".//a[@href='https://example.org/?a=1&b=%22x%22']")
    assert link is not None and text_of(link) == "safe link"


def test_the_writer_itself_never_links_a_refused_scheme():
    """A refused link cannot reach a writer (the check stops it), and if one did, the
    page would show its text without the link."""
    from briefgen.writers.html import HtmlWriter
    from briefgen.writers.html.markup import css_string, safe_href
    for href in ("javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "data:text/html,x",
                 "vbscript:x", "file:///etc/passwd"):
        assert safe_href(href) is None, href
    for href in ("#_fn1", "https://example.org/?a=1&b=2", "mailto:a@b.org", "report.pdf"):
        assert safe_href(href) == href
    writer = HtmlWriter.__new__(HtmlWriter)
    writer.ids = set()
    out = writer.inlines((Span("click", href="javascript:alert(1)"), Span(" & <b>")))
    assert out == "click &amp; &lt;b&gt;"
    assert css_string('a"b</style>\\') == '"a\\000022b\\00003c\\00002fstyle\\00003e\\00005c"'


# ---------------------------------------------------------------- builds

def test_html_only_build_lays_out_no_pdf(tmp_path, monkeypatch):
    def no_pdf(*args, **kwargs):
        raise AssertionError("the PDF was laid out")
    monkeypatch.setattr("briefgen.writers.pdf.write_pdf", no_pdf)
    assert cli.main(["build", str(ABU_DHABI), "-o", str(tmp_path), "-q", "--format",
                     "html"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["abu-dhabi-talks.html"]


def test_watch_writes_the_html_too(tmp_path):
    source, out = tmp_path / "w.yaml", tmp_path / "out"
    source.write_text("title: Watched\nsections:\n  - title: Only section\n    body: One.\n",
                      encoding="utf-8")
    watcher = watch.Watcher([str(source)], str(out), ("html",), settle=0, lint=False)
    [first] = watcher.step()
    assert first.ok and (out / "w.html").is_file()
    assert "One." in (out / "w.html").read_text(encoding="utf-8")
    source.write_text("title: Watched\nsections:\n  - title: Only section\n    body: Two.\n",
                      encoding="utf-8")
    stat = source.stat()
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    [second] = watcher.step()
    assert second.ok and "Two." in (out / "w.html").read_text(encoding="utf-8")


def test_labels_come_from_the_brief_when_it_has_them(abu_outline):
    """Text only the page adds goes through one function, so a brief's own labels
    (doc.meta.labels, in its language) replace the English defaults."""
    import copy

    from briefgen.writers.html import HtmlWriter
    doc = copy.copy(abu_outline.document)
    doc.meta = copy.copy(doc.meta)
    doc.meta.labels = {"skip_to_content": "Zum Inhalt", "notes": "Anmerkungen",
                       "back_to_text": "Zurück zum Text"}
    page = HtmlWriter(doc, abu_outline.theme).render()
    for word in ("Zum Inhalt", "Anmerkungen", "Zurück zum Text (1)"):
        assert word in page


# ---------------------------------------------------------------- in a browser

class Browser:
    """Headless Chromium, driven through the DevTools protocol on a pipe: messages are
    JSON, each ended by a NUL byte, on the browser's file descriptors 3 and 4."""

    FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--remote-debugging-pipe")

    def __init__(self, executable: str):
        self.profile = tempfile.mkdtemp(prefix="briefgen-chromium-")
        child_in, self.writer = os.pipe()
        self.reader, child_out = os.pipe()

        def descriptors():  # in the child: its end of each pipe as fd 3 and 4
            a, b = os.dup(child_in), os.dup(child_out)
            os.dup2(a, 3)
            os.dup2(b, 4)
        self.process = subprocess.Popen(
            [executable, *self.FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            close_fds=False, preexec_fn=descriptors, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(child_in)
        os.close(child_out)
        self.buffer, self.count, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.page(f"{domain}.enable")

    def call(self, method: str, session: str | None = None, timeout: float = 60, **params):
        self.count += 1
        message = {"id": self.count, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.writer, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._read(timeout)
            if answer.get("id") == self.count:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})
            self.events.append(answer)

    def page(self, method: str, timeout: float = 60, **params):
        return self.call(method, self.session, timeout, **params)

    def _read(self, timeout: float) -> dict:
        end = time.monotonic() + timeout
        while b"\0" not in self.buffer:
            left = end - time.monotonic()
            if left <= 0 or not select.select([self.reader], [], [], left)[0]:
                raise TimeoutError("chromium did not answer")
            chunk = os.read(self.reader, 1 << 20)
            if not chunk:
                raise EOFError("chromium closed its end of the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)

    def evaluate(self, expression: str, timeout: float = 60):
        result = self.page("Runtime.evaluate", timeout, expression=expression,
                           returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def open(self, url: str, width: int):
        self.page("Emulation.setDeviceMetricsOverride", width=width, height=900,
                  deviceScaleFactor=1, mobile=width < 600)
        self.events.clear()
        self.page("Page.navigate", url=url)
        end = time.monotonic() + 30
        while not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            if time.monotonic() > end:
                raise TimeoutError(f"{url} did not load")
            self.events.append(self._read(30))
        self.evaluate("document.fonts.ready.then(() => true)")

    def problems(self) -> list:
        """Console errors, uncaught exceptions and dialogs since the page was opened."""
        out = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                out.append(params["exceptionDetails"].get("text"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                 "assert"):
                out.append(str(params.get("args")))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                out.append(params["entry"].get("text"))
            elif method == "Page.javascriptDialogOpening":
                out.append("dialog: " + params.get("message", ""))
        return out

    def close(self):
        try:
            self.call("Browser.close", timeout=10)
        except Exception:
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.writer)
        os.close(self.reader)
        shutil.rmtree(self.profile, ignore_errors=True)


def axe_source() -> Path | None:
    """axe-core's script: $BRIEFGEN_AXE, or where .ci/run installs it with npm."""
    given = os.environ.get("BRIEFGEN_AXE")
    base = os.environ.get("BRIEFGEN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "briefgen")
    for candidate in ([given] if given else []) + [
            os.path.join(base, "npm", "node_modules", "axe-core", "axe.min.js")]:
        if candidate and os.path.isfile(candidate):
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.skip("chromium is not installed (.ci/run installs Debian's with apt-get)")
    b = Browser(executable)
    yield b
    b.close()


OVERFLOW = """JSON.stringify({
  page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
  body: document.body.scrollWidth,
  wider: [...document.querySelectorAll('main *')].filter(e => {
      if (e.closest('.table-wrap')) return false;   // wide tables scroll in their own box
      const r = e.getBoundingClientRect();
      return r.width > 0 && r.right > document.documentElement.clientWidth + 1;
  }).slice(0, 5).map(e => e.outerHTML.slice(0, 120)),
  scripts: document.scripts.length})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_page_fits_the_screen_without_errors(browser, abu, hostile, width):
    for built in (abu, hostile):
        browser.open(built["html"].as_uri(), width)
        found = json.loads(browser.evaluate(OVERFLOW))
        assert found["page"] <= found["view"] and found["body"] <= found["view"], found
        assert found["wider"] == [] and found["scripts"] == 0
        assert browser.problems() == []
    faces = browser.evaluate("[...document.fonts].filter(f => f.status == 'loaded').length")
    assert faces >= 2  # the embedded regular and bold faces are in use


def test_wide_tables_scroll_inside_their_box_on_a_phone(browser, abu):
    browser.open(abu["html"].as_uri(), 360)
    boxes = json.loads(browser.evaluate("""JSON.stringify([...document.querySelectorAll(
        '.table-wrap')].map(b => [b.scrollWidth > b.clientWidth, b.clientWidth,
        getComputedStyle(b).overflowX, b.tabIndex]))"""))
    assert any(wide for wide, *_ in boxes)  # the positions matrix does not fit a phone
    assert all(width <= 360 and overflow == "auto" and tab == 0
               for _, width, overflow, tab in boxes)
    # numbers stand to the right of their column, as in the PDF, their heading too
    aligned = json.loads(browser.evaluate("""JSON.stringify([...document.querySelectorAll(
        '#_table4 td.r > p, #_table4 th.r > p')].map(p => getComputedStyle(p).textAlign))"""))
    assert aligned and set(aligned) == {"right"}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_accessibility_violations(browser, abu, hostile, width):
    source = axe_source()
    if source is None:
        pytest.skip("axe-core is not installed (.ci/run runs: npm install axe-core in "
                    "~/.cache/briefgen/npm)")
    for built in (abu, hostile) if width == WIDTHS[0] else (abu,):
        browser.open(built["html"].as_uri(), width)
        browser.evaluate(source.read_text(encoding="utf-8") + ";true")
        found = json.loads(browser.evaluate(
            "axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => "
            "JSON.stringify({violations: r.violations.map(v => [v.id, v.help, "
            "v.nodes.slice(0, 3).map(n => n.html.slice(0, 160))]), passes: r.passes.length}))"
            % json.dumps(WCAG), timeout=120))
        assert found["violations"] == [], json.dumps(found["violations"], indent=1)
        assert found["passes"] > 15


def test_print_preview_has_the_marking_and_pages(browser, abu, tmp_path):
    from pypdf import PdfReader
    browser.open(abu["html"].as_uri(), 1280)
    data = base64.b64decode(browser.page("Page.printToPDF", timeout=120,
                                         preferCSSPageSize=True)["data"])
    (tmp_path / "print.pdf").write_bytes(data)
    reader = PdfReader(str(tmp_path / "print.pdf"))
    assert len(reader.pages) > 5
    width, height = (float(x) for x in reader.pages[0].mediabox[2:])
    assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # the theme's A4
    for page in (reader.pages[0], reader.pages[len(reader.pages) // 2]):
        # in the page's top and bottom margins (extraction drops a space in it); on the
        # first page the page's own banner too
        assert page.extract_text().replace(" ", "").count("UNCLASSIFIED//PUBLICRELEASE") >= 2
