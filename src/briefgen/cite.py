"""The house citation style: close to Chicago notes-bibliography (CMOS 18).

Every function here is pure: it takes a `schema.Source` and returns a tuple
of `model.Span`s, italic where a title is italic and linked (`href`) where a
URL is printed, so both writers render the same reference.

**Kinds.** A source from a bibliography file has a `kind`: `report`,
`article`, `book`, `chapter`, `web` or `other`. A source written in the
outline has none and is read as a `report` if it has a `number`, as an
`article` if it has a `container`, and as a `report` otherwise (an italic
title, as the numbered list has always printed it). Reports, books and
others have *italic* titles; articles, chapters and web pages have titles
in “quotes”, with the comma or period that follows inside the closing
quote, and double quotes inside such a title turned into single ones.

**Names.** Authors are written “Given Family” or as an organisation. In
notes: one or two names in full (“Ann Smith and Bo Lee”), three or more as
the first name and “et al.”. In the bibliography the first author is
inverted (“Smith, Ann”), the others not (“Smith, Ann, Bo Lee, and Cy
Chen”); up to six are listed, more as the first three and “et al.”. Names
from a bibliography file carry their parts. A name written in the outline
is split at its last word, with lower-case particles (“von der Leyen”) and
a suffix (“Jr.”) kept with the family name; it is taken as an organisation,
never inverted, if it has a comma, more than four words, a word such as
*Council*, *Ministry*, *Institute*, *Nations*, an acronym such as UN or
OSCE, or starts with “The”, and may be wrapped in braces, `{Crisis Group}`,
to say so.

**Fields.** *Container* is the journal, site, book or series a source
appeared in; *Number* a document symbol or report number (`S/2020/890`;
“Research Report 42” when a file gives a report type) or, for an article
from a file, “Volume, no. Issue”; *Place* the city of publication, which
only a bibliography file gives (`publisher-place`, `address`, `location`).

**Who leads.** The authors lead a reference. With none, a report, book or
other work is led by its publisher (not repeated later), and a web page by
its publisher, or else its site (`container`); an article or chapter with
no authors starts with its title.

**Full note** (the first citation):

- report, book, other: `Lead, *Title*, Container, Number (Place: Publisher,
  Date), locator, URL (accessed Date).` —
  `António Guterres, *Report of the Secretary-General on the Situation in
  Mali*, S/2020/890 (New York: United Nations Security Council, 5 August
  2020), para. 3, https://undocs.org/S/2020/890 (accessed 1 December
  2026).`; `Ann Smith, *Title* (Publisher, 2020), 45.`
- article: `Lead, “Title,” *Container* Volume, no. Issue (Date), locator,
  URL.` — or, with no volume, `*Container*, Date` (a magazine, a newspaper).
  With no container the publisher stands in its place.
- chapter: `Lead, “Title,” in *Container*, Number (Place: Publisher, Date),
  locator, URL.`
- web page: `Lead, “Title,” Container, Publisher, Date, locator, URL
  (accessed Date).`

**Short note** (every later citation): the lead in short — the first
author's family name, “Smith and Lee” for two, “Smith et al.” for three or
more, an organisation in full — then the short title, then the locator:
`Guterres, *Report of the Secretary-General*, para. 3.` The short title
is the title up to its first colon, dash or question mark (a `?` or `!`
is kept), cut to at most four words, without trailing punctuation or a
trailing *of*, *and*, *the* …; italic or quoted as in the full note.
A source led by its title gives only the short title and locator.

**Bibliography entry**: the same parts as the full note, separated by
periods, the first author inverted and no locator:
`Guterres, António. *Report of the Secretary-General on the Situation in
Mali*. S/2020/890. New York: United Nations Security Council, 5 August
2020. https://undocs.org/S/2020/890 (accessed 1 December 2026).` — an
article: `Smith, Ann, and Bo Lee. “Title.” *Journal* 12, no. 3 (2020).`
Entries are sorted by the lead's family name (or the organisation, or the
title), then by title, ignoring case, accents, a leading *The*/*A*/*An*
and lower-case particles (*van* Gogh sorts under G).

**Numbered list** (numeric style, after the builder's `[n]`): the
bibliography entry with names not inverted, the publisher always printed
where it stands (never as the lead), and no period after the URL:
`António Guterres. *Report of the Secretary-General on the Situation in
Mali*. S/2020/890. New York: United Nations Security Council, 5 August 2020.
https://undocs.org/S/2020/890 (accessed 1 December 2026)`; a source with
only a title, publisher and date prints as before: `*Title*. Publisher,
2026.`

**Details.** A note is a sentence, so a name that leads it starts with a
capital (“De Waal, …”; in the bibliography “de Waal, Alex.”). Dates are
printed as everywhere in the brief (`5 August 2020`, or `August 5, 2020`
with a month-first theme); a missing date is left out, not written “n.d.”.
A locator is printed as written (“para. 3”, “pp. 2–4”, “12”), except that
a hyphen between digits becomes an en dash.
The access date follows the URL in parentheses. A period or comma is not
doubled after a title or abbreviation that already ends in `.`, `?` or `!`.
A source's `note` is not part of the reference: the builder prints it
after the entry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .model import Span

KINDS = ("report", "article", "book", "chapter", "web", "other")
_ITALIC_KINDS = ("report", "book", "other")

# ---------------------------------------------------------------- names

_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "di", "da", "du", "dos",
              "das", "do", "la", "le", "ter", "ten", "bin", "ibn", "al", "el", "af", "zu"}
_SUFFIXES = {"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"}
_ACRONYMS = {"UN", "EU", "US", "UK", "AU", "UNHCR", "NATO", "OSCE", "OECD", "IMF", "ICC",
             "ICJ", "BBC", "CNN"}
# whole words that make a name an organisation (any case); stems match a word's start
_ORG_WORDS = {
    "nations", "council", "committee", "commission", "office", "department", "agency",
    "foundation", "fondation", "stiftung", "association", "society", "union", "group",
    "bank", "fund", "programme", "program", "service", "services", "secretariat",
    "parliament", "government", "court", "tribunal", "mission", "force", "forces",
    "federation", "republic", "kingdom", "states", "library", "college", "school", "news",
    "times", "post", "herald", "tribune", "guardian", "telegraph", "gazette", "journal",
    "network", "watch", "international", "research", "project", "initiative", "forum",
    "board", "authority", "bureau", "corporation", "company", "inc", "ltd", "llc", "plc",
    "gmbh", "party", "movement", "alliance", "coalition", "conference", "monitor", "media",
    "conseil", "comité", "agence", "centre", "center", "centro", "amt", "reuters",
    "crisis", "amnesty", "reporters", "doctors", "médecins", "frontières", "economist",
    "affairs", "cabinet", "presidency", "embassy", "staff", "team", "panel", "unit",
    "unies", "world", "global", "рада", "совет", "уряд", "штаб", "центр", "офіс", "офис",
}
_ORG_STEMS = ("minist", "organi", "institut", "universit", "assembl", "observator",
              "bundes", "europe", "direct", "міністерств", "министерств", "правительств",
              "агентств", "інститут", "институт", "комітет", "комитет", "комісі",
              "комисси", "служб", "управлін", "кабінет", "секретаріат")
_ORG_JOINERS = {"of", "for", "and", "on", "&", "für", "pour", "et", "des"}


class Name(str):
    """An author as displayed, "Given Family" or an organisation, with its parts.

    A plain `str` works wherever a `Name` does: `Name.parse` reads it. A file's
    reader builds names from their known parts with `person` and `org`.
    """

    family: str
    given: str
    suffix: str
    is_org: bool  # an organisation: never inverted
    others: bool  # BibTeX's "and others": more authors, unnamed

    def __new__(cls, display: str, family: str | None = None, given: str = "",
                suffix: str = "", is_org: bool = False, others: bool = False):
        self = super().__new__(cls, display)
        self.family = display if family is None else family
        self.given, self.suffix = given, suffix
        self.is_org, self.others = is_org, others
        return self

    def __reduce__(self):
        return (type(self), (str(self), self.family, self.given, self.suffix,
                             self.is_org, self.others))

    @classmethod
    def person(cls, given: str, family: str, suffix: str = "") -> "Name":
        display = " ".join(p for p in (given, family, suffix) if p)
        return cls(display, family or display, given, suffix)

    @classmethod
    def org(cls, text: str) -> "Name":
        return cls(text, text, is_org=True)

    @classmethod
    def et_al(cls) -> "Name":
        return cls("others", "others", others=True)

    @classmethod
    def parse(cls, text) -> "Name":
        """A name as written in the outline ("Given Family" or an organisation)."""
        if isinstance(text, Name):
            return text
        text = " ".join(str(text).split())
        if len(text) > 2 and text[0] == "{" and text[-1] == "}" and "}" not in text[1:-1]:
            return cls.org(text[1:-1].strip())
        words = text.split(" ")
        if _looks_like_organisation(text, words):
            return cls.org(text)
        suffix = ""
        if len(words) >= 3 and words[-1] in _SUFFIXES:
            suffix, words = words[-1], words[:-1]
        at = len(words) - 1
        while at > 1 and words[at - 1].lower() in _PARTICLES and words[at - 1].islower():
            at -= 1
        return cls.person(" ".join(words[:at]), " ".join(words[at:]), suffix)

    def inverted(self) -> str:
        """"Family, Given" (and ", Suffix"); an organisation as it is."""
        if self.is_org or not self.given:
            return str(self) if self.is_org else self.family
        out = f"{self.family}, {self.given}"
        return f"{out}, {self.suffix}" if self.suffix else out

    def short(self) -> str:
        """The family name with its particles; an organisation in full."""
        return str(self) if self.is_org else self.family


def _looks_like_organisation(text: str, words: list) -> bool:
    if "," in text or len(words) > 4 or words[0] in ("The", "the"):
        return True
    if len(words) == 1:
        return False  # one word: printed the same either way
    for i, word in enumerate(words):
        bare = word.strip("().,;:")
        low = bare.lower()
        if low in _ORG_WORDS or low.startswith(_ORG_STEMS):
            return True
        if i and low in _ORG_JOINERS:
            return True
        if bare in _ACRONYMS or (len(bare) >= 3 and bare.isupper() and bare.isalpha()
                                 and bare not in _SUFFIXES):
            return True
        if any(c.isdigit() for c in bare) or "&" in bare:
            return True
    return False


def _names(src) -> tuple[list, bool]:
    """The source's authors as `Name`s, and whether "and others" was written."""
    names = [Name.parse(a) for a in (src.authors or []) if str(a).strip()]
    others = any(n.others for n in names)
    return [n for n in names if not n.others], others


def _join(items: list, et_al: bool = False) -> str:
    if not items:
        return ""
    if et_al:
        return ", ".join(items) + (", et al." if len(items) > 1 else " et al.")
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} and {items[1]}"
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _note_names(names, others) -> str:
    if len(names) >= 3 or (names and others):
        return f"{names[0]} et al."
    return _join([str(n) for n in names])


def _list_names(names, others, invert: bool) -> str:
    shown = [names[0].inverted() if invert else str(names[0])] + [str(n) for n in names[1:]]
    if len(shown) > 6:
        return _join(shown[:3], True)
    if invert and len(shown) == 2 and not others:  # "Smith, Ann, and Bo Lee"
        sep = ", and " if "," in shown[0] else " and "
        return shown[0] + sep + shown[1]
    return _join(shown, others)


def _short_names(names, others) -> str:
    if len(names) >= 3 or (names and others):
        return f"{names[0].short()} et al."
    return " and ".join(n.short() for n in names)


# ---------------------------------------------------------------- pieces

@dataclass
class _Piece:
    """A part of a reference: its spans, and whether it is a “quoted” title."""

    spans: list
    quoted: bool = False

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def _plain(text) -> _Piece | None:
    return _Piece([Span(text)]) if text else None


def _italic(text) -> _Piece | None:
    return _Piece([Span(text, italic=True)]) if text else None


def _quoted(title: str) -> _Piece:
    inner = re.sub(r'"([^"]*)"', "‘\\1’", title)
    inner = re.sub(r"“([^”]*)”", "‘\\1’", inner)
    return _Piece([Span(f"“{inner}”")], quoted=True)


def _concat(*pieces) -> _Piece | None:
    """Pieces run together as given (strings are plain text)."""
    spans: list = []
    for p in pieces:
        if p is None or p == "":
            continue
        spans += [Span(p)] if isinstance(p, str) else p.spans
    return _Piece(spans) if spans else None


class _Out:
    """Pieces joined by separators, without doubled punctuation."""

    def __init__(self):
        self.pieces: list[_Piece] = []
        self.seps: list[str] = []

    def add(self, piece: _Piece | None, sep: str = ", "):
        if piece is not None and piece.spans:
            self.seps.append(sep if self.pieces else "")
            self.pieces.append(piece)

    def spans(self, end: str = ".") -> tuple:
        out: list = []
        for i, piece in enumerate(self.pieces):
            follow = self.seps[i + 1] if i + 1 < len(self.pieces) else end
            spans = list(piece.spans)
            punct, rest = (follow[0], follow[1:]) if follow[:1] in (",", ".") else ("", follow)
            last = piece.text.rstrip("”")[-1:]
            if last in "?!" and last:
                punct = ""  # “Why Now?” *Container*
            elif last == "." and punct == "." and not spans[-1].href:
                punct = ""  # Acme Inc. 2020
            if punct and piece.quoted:  # the comma or period inside the closing quote
                spans[-1] = Span(spans[-1].text[:-1] + punct + "”")
                punct = ""
            out += spans
            if punct + rest:
                out.append(Span(punct + rest))
        return _merge(out)


def _merge(spans) -> tuple:
    merged: list = []
    for s in spans:
        if not s.text:
            continue
        if merged and not s.href and not merged[-1].href and \
                (merged[-1].italic, merged[-1].bold) == (s.italic, s.bold):
            merged[-1] = Span(merged[-1].text + s.text, merged[-1].bold, s.italic)
        else:
            merged.append(s)
    return tuple(merged)


def kind(src) -> str:
    """The source's kind, or the one read from the fields an outline source has."""
    if getattr(src, "kind", None) in KINDS:
        return src.kind
    if src.number:
        return "report"
    if src.container:
        return "article"
    return "report"


def _date(edtf, month_first: bool) -> str | None:
    return edtf.display(month_first) if edtf else None


def _locator(locator) -> str | None:
    if locator is None or not str(locator).strip():
        return None
    return re.sub(r"(?<=\d)-(?=\d)", "–", str(locator).strip())


def _lead(src, k: str, invert: bool):
    """(the lead's text, which field leads: 'authors', 'publisher', 'container' or None)."""
    names, others = _names(src)
    if names:
        return (_list_names(names, others, True) if invert
                else _note_names(names, others)), "authors"
    if k in _ITALIC_KINDS and src.publisher:
        return src.publisher, "publisher"
    if k == "web":
        if src.publisher:
            return src.publisher, "publisher"
        if src.container:
            return src.container, "container"
    return None, None


def _capital(text: str | None) -> str | None:
    """A note is a sentence: "De Waal, …", not "de Waal, …"."""
    return text[0].upper() + text[1:] if text else text


def _title(src, k: str) -> _Piece:
    return _italic(src.title) if k in _ITALIC_KINDS else _quoted(src.title)


def _facts(src, month_first: bool, publisher: bool = True) -> str | None:
    """"Place: Publisher, Date" (parts left out when missing)."""
    place = src.place
    pub = src.publisher if publisher else None
    where = f"{place}: {pub}" if place and pub else (place or pub)
    return ", ".join(x for x in (where, _date(src.date, month_first)) if x) or None


def _article_container(src, month_first: bool) -> _Piece | None:
    """`*Journal* 12, no. 3 (Date)`, or `*Magazine*, Date`."""
    container = src.container or src.publisher
    date = _date(src.date, month_first)
    if container and src.number:
        return _concat(_italic(container), f" {src.number}", f" ({date})" if date else "")
    if container:
        return _concat(_italic(container), f", {date}" if date else "")
    return _plain(", ".join(x for x in (src.number, date) if x))


def _web_parts(src, led_by, month_first: bool) -> str | None:
    """"Site, Number, Publisher, Date" without the part that leads."""
    parts = [src.container if led_by != "container" else None, src.number]
    if led_by != "publisher" and src.publisher != src.container:
        parts.append(src.publisher)
    parts.append(_date(src.date, month_first))
    return ", ".join(x for x in parts if x) or None


def _accessed(src, month_first: bool) -> str | None:
    if not src.accessed:
        return None
    from .i18n import as_language
    return "(" + as_language(month_first).label(
        "accessed", date=src.accessed.display(month_first)) + ")"


def _add_url(out: _Out, src, month_first: bool, sep: str):
    """The URL and the access date after it (after the last part if no URL)."""
    acc = _accessed(src, month_first)
    if src.url:
        out.add(_concat(_Piece([Span(src.url, href=src.url)]), f" {acc}" if acc else ""), sep)
    else:
        out.add(_plain(acc), " ")


# ---------------------------------------------------------------- forms

def full_note(src, locator: str | None = None, month_first: bool = False) -> tuple:
    """The footnote that cites a source for the first time."""
    k = kind(src)
    out = _Out()
    lead, led_by = _lead(src, k, invert=False)
    out.add(_plain(_capital(lead)))
    out.add(_title(src, k))
    if k == "article":
        out.add(_article_container(src, month_first))
    elif k == "web":
        out.add(_plain(_web_parts(src, led_by, month_first)))
    else:
        if k == "chapter":
            out.add(_concat("in ", _italic(src.container)) if src.container else None)
        else:
            out.add(_plain(src.container))
        out.add(_plain(src.number))
        facts = _facts(src, month_first, publisher=led_by != "publisher")
        out.add(_plain(f"({facts})" if facts else None), " ")
    out.add(_plain(_locator(locator)))
    _add_url(out, src, month_first, ", ")
    return out.spans(".")


_TRAILING_WORDS = {"a", "an", "the", "of", "and", "or", "in", "on", "for", "to", "at", "by",
                   "with", "from", "as", "de", "la", "le", "et", "und", "der", "die", "das"}


def short_title(title: str) -> str:
    """The title up to its first colon, dash or question mark, at most four words."""
    text = " ".join(str(title).split())
    m = re.search(r":|\s[–—]\s|\s--?\s|(?<=[?!])\s", text)
    if m:
        text = text[:m.start()]
    every = text.split(" ")
    if len(every) > 4:  # a comma that closes a phrase of two words or more ends it
        for i, word in enumerate(every[:4]):
            if i >= 1 and word.endswith(","):
                every = every[:i + 1]
                break
    words = every[:4]
    if len(every) > 4:  # cut mid-phrase: end before the last preposition that opens one
        cuts = [i for i, w in enumerate(words) if w.lower() in _PHRASE_WORDS and
                sum(1 for x in words[:i] if x.lower() not in ("the", "a", "an")) >= 2]
        if cuts:
            words = words[:cuts[-1]]
    while len(words) > 1 and words[-1].lower().strip(",;:.") in _TRAILING_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:.–—- ")


# words that open a phrase a short title should not end inside
_PHRASE_WORDS = {"in", "on", "for", "to", "at", "from", "with", "by", "and", "or", "of",
                 "after", "before", "under", "over", "between", "against", "during"}


def short_note(src, locator: str | None = None) -> tuple:
    """The footnote that cites a source again."""
    k = kind(src)
    out = _Out()
    names, others = _names(src)
    if names:
        out.add(_plain(_capital(_short_names(names, others))))
    else:
        out.add(_plain(_capital(_lead(src, k, invert=False)[0])))
    title = short_title(src.title) or src.title
    out.add(_italic(title) if k in _ITALIC_KINDS else _quoted(title))
    out.add(_plain(_locator(locator)))
    return out.spans(".")


def _entry(src, month_first: bool, numbered: bool) -> tuple:
    k = kind(src)
    out = _Out()
    if numbered:  # names as in a note, all shown; the publisher never leads
        names, others = _names(src)
        lead, led_by = (_list_names(names, others, False), "authors") if names else (None, None)
    else:
        lead, led_by = _lead(src, k, invert=True)
    out.add(_plain(lead), ". ")
    out.add(_title(src, k), ". ")
    if k == "article":
        out.add(_article_container(src, month_first), ". ")
    elif k == "web":
        out.add(_plain(_web_parts(src, led_by, month_first)), ". ")
    else:
        if k == "chapter":
            out.add(_concat("In ", _italic(src.container)) if src.container else None, ". ")
        else:
            out.add(_plain(src.container), ". ")
        out.add(_plain(src.number), ". ")
        out.add(_plain(_facts(src, month_first, publisher=led_by != "publisher")), ". ")
    _add_url(out, src, month_first, ". ")
    return out.spans("" if numbered and src.url else ".")


def bibliography_entry(src, month_first: bool = False) -> tuple:
    """The source's entry in the closing bibliography (footnote style)."""
    return _entry(src, month_first, numbered=False)


def numeric_entry(src, month_first: bool = False) -> tuple:
    """The source's entry in the numbered "Sources" list, after its "[n]"."""
    return _entry(src, month_first, numbered=True)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^[\W_]+", "", text)  # a leading quote or bracket
    return re.sub(r"^(the|an|a)\s+", "", text)


def sort_key(src) -> tuple:
    """The bibliography's order: the lead's family name (or the organisation, or the
    title), then the title; case, accents and a leading article ignored."""
    names, _ = _names(src)
    if names:
        first = names[0]
        if first.is_org:
            head = str(first)
        else:
            head = " ".join(w for w in first.family.split(" ") if not w.islower()) \
                or first.family
            head = f"{head} {first.given}".strip()
    else:
        head = _lead(src, kind(src), invert=True)[0] or src.title
    return (_fold(head), _fold(src.title))
