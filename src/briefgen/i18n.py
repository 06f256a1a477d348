"""The brief's language: the builder's own words, dates, numbers and quotes.

Every text the builder adds by itself has a label name (`LABELS["en"]`); an
outline's `labels` replaces any of them. `lang: en`, `fr`, `de` or `es` (with
any region, `fr-CA`) switches the labels, the date display, the number format
and the typographic quotes; dates and numbers come from CLDR through Babel.
Another tag keeps the English words and formats (one warning says so) and
still sets the document language.

English keeps briefgen's own formats (`6 February 2026`, `1,100`), which the
theme may turn to month-first (`February 6, 2026`); the other languages use
CLDR's long date and interval patterns and its grouping and decimal symbols.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import SEASON_NAMES

LANGUAGES = ("en", "fr", "de", "es")

# The label names, with their English text. `{…}` fields are filled in by the
# builder; a replacement may use the same fields and no others.
LABELS = {"en": {
    "bottom_line": "Bottom line", "key_points": "Key points", "judgments": "Key judgments",
    "contents": "Contents",
    "parties": "Key participants", "parties_caption": "Key participants and delegations",
    "party": "Party", "lead": "Head of delegation", "members": "Members",
    "role_party": "Parties", "role_mediator": "Mediators", "role_observer": "Observers",
    "positions": "Positions at a glance", "positions_caption": "Positions at a glance, by issue",
    "issue": "Issue", "counterargument": "Counterargument", "response": "Response",
    "recommendations": "Recommendations",
    "key_figures": "Key figures", "key_figures_caption": "Key figures",
    "figure_column": "Figure", "value": "Value", "as_of": "As of", "source_column": "Source",
    "timeline": "Timeline", "timeline_caption": "Timeline of events, in date order",
    "date": "Date", "event": "Event",
    "sources": "Sources", "bibliography": "Bibliography", "about": "About this brief",
    "table": "Table", "figure": "Figure", "section": "Section", "appendix": "Appendix",
    "source": "Source", "page": "Page {n} of {total}", "version": "Version {version}",
    "confidence_high": "High confidence", "confidence_moderate": "Moderate confidence",
    "confidence_low": "Low confidence",
    "range_to": "to", "approximately": "c. {date}", "season": "{season} {year}",
    "spring": "Spring", "summer": "Summer", "autumn": "Autumn", "winter": "Winter",
    "go_to": "Go to {target}", "footnote": "Footnote {n}",
    "back_to_footnote": "Back to the text of footnote {n}",
    "internal_link": "Link within the document",
    "chart_bar": "Bar chart", "chart_column": "Column chart", "chart_line": "Line chart",
    "chart_stacked": "Stacked bar chart", "chart_timeline": "Timeline",
    "accessed": "accessed {date}", "colon": ": ",
    "skip_to_content": "Skip to content", "notes": "Notes", "back_to_text": "Back to the text",
}}

LABELS["fr"] = {
    "bottom_line": "L’essentiel", "key_points": "Points clés", "judgments": "Jugements clés",
    "contents": "Sommaire",
    "parties": "Principaux participants",
    "parties_caption": "Principaux participants et délégations",
    "party": "Partie", "lead": "Chef de délégation", "members": "Membres",
    "role_party": "Parties", "role_mediator": "Médiateurs", "role_observer": "Observateurs",
    "positions": "Les positions en bref", "positions_caption": "Les positions, par question",
    "issue": "Question", "counterargument": "Objection", "response": "Réponse",
    "recommendations": "Recommandations",
    "key_figures": "Chiffres clés", "key_figures_caption": "Chiffres clés",
    "figure_column": "Donnée", "value": "Valeur", "as_of": "À la date du",
    "source_column": "Source",
    "timeline": "Chronologie", "timeline_caption": "Chronologie des événements",
    "date": "Date", "event": "Événement",
    "sources": "Sources", "bibliography": "Bibliographie", "about": "À propos de cette note",
    "table": "Tableau", "figure": "Figure", "section": "Section", "appendix": "Annexe",
    "source": "Source", "page": "Page {n} sur {total}", "version": "Version {version}",
    "confidence_high": "Confiance élevée", "confidence_moderate": "Confiance modérée",
    "confidence_low": "Confiance faible",
    "range_to": "à", "approximately": "vers {date}", "season": "{season} {year}",
    "spring": "printemps", "summer": "été", "autumn": "automne", "winter": "hiver",
    "go_to": "Aller à : {target}", "footnote": "Note {n}",
    "back_to_footnote": "Retour au texte de la note {n}",
    "internal_link": "Lien interne au document",
    "chart_bar": "Graphique à barres", "chart_column": "Histogramme", "chart_line": "Graphique linéaire",
    "chart_stacked": "Barre empilée", "chart_timeline": "Frise chronologique",
    "accessed": "consulté le {date}", "colon": "\u00a0: ",
    "skip_to_content": "Aller au contenu", "notes": "Notes", "back_to_text": "Retour au texte",
}
LABELS["de"] = {
    "bottom_line": "Das Wichtigste in Kürze", "key_points": "Kernpunkte",
    "judgments": "Zentrale Einschätzungen", "contents": "Inhalt",
    "parties": "Beteiligte", "parties_caption": "Beteiligte und Delegationen",
    "party": "Partei", "lead": "Delegationsleitung", "members": "Mitglieder",
    "role_party": "Parteien", "role_mediator": "Vermittler", "role_observer": "Beobachter",
    "positions": "Positionen im Überblick", "positions_caption": "Positionen nach Streitfrage",
    "issue": "Streitfrage", "counterargument": "Gegenargument", "response": "Erwiderung",
    "recommendations": "Empfehlungen",
    "key_figures": "Kennzahlen", "key_figures_caption": "Kennzahlen",
    "figure_column": "Kennzahl", "value": "Wert", "as_of": "Stand", "source_column": "Quelle",
    "timeline": "Chronologie", "timeline_caption": "Chronologie der Ereignisse",
    "date": "Datum", "event": "Ereignis",
    "sources": "Quellen", "bibliography": "Literatur", "about": "Über diese Analyse",
    "table": "Tabelle", "figure": "Abbildung", "section": "Abschnitt", "appendix": "Anhang",
    "source": "Quelle", "page": "Seite {n} von {total}", "version": "Version {version}",
    "confidence_high": "Hohe Gewissheit", "confidence_moderate": "Mittlere Gewissheit",
    "confidence_low": "Geringe Gewissheit",
    "range_to": "bis", "approximately": "ca. {date}", "season": "{season} {year}",
    "spring": "Frühling", "summer": "Sommer", "autumn": "Herbst", "winter": "Winter",
    "go_to": "Gehe zu {target}", "footnote": "Fußnote {n}",
    "back_to_footnote": "Zurück zum Text der Fußnote {n}",
    "internal_link": "Verweis innerhalb des Dokuments",
    "chart_bar": "Balkendiagramm", "chart_column": "Säulendiagramm", "chart_line": "Liniendiagramm",
    "chart_stacked": "Gestapeltes Balkendiagramm", "chart_timeline": "Zeitleiste",
    "accessed": "abgerufen am {date}", "colon": ": ",
    "skip_to_content": "Zum Inhalt springen", "notes": "Anmerkungen",
    "back_to_text": "Zurück zum Text",
}
LABELS["es"] = {
    "bottom_line": "En resumen", "key_points": "Puntos clave",
    "judgments": "Valoraciones clave", "contents": "Índice",
    "parties": "Participantes principales",
    "parties_caption": "Participantes principales y delegaciones",
    "party": "Parte", "lead": "Jefe de delegación", "members": "Miembros",
    "role_party": "Partes", "role_mediator": "Mediadores", "role_observer": "Observadores",
    "positions": "Posiciones de un vistazo", "positions_caption": "Posiciones, por cuestión",
    "issue": "Cuestión", "counterargument": "Contraargumento", "response": "Respuesta",
    "recommendations": "Recomendaciones",
    "key_figures": "Cifras clave", "key_figures_caption": "Cifras clave",
    "figure_column": "Dato", "value": "Valor", "as_of": "Fecha del dato",
    "source_column": "Fuente",
    "timeline": "Cronología", "timeline_caption": "Cronología de los acontecimientos",
    "date": "Fecha", "event": "Acontecimiento",
    "sources": "Fuentes", "bibliography": "Bibliografía", "about": "Acerca de este informe",
    "table": "Tabla", "figure": "Figura", "section": "Sección", "appendix": "Anexo",
    "source": "Fuente", "page": "Página {n} de {total}", "version": "Versión {version}",
    "confidence_high": "Confianza alta", "confidence_moderate": "Confianza moderada",
    "confidence_low": "Confianza baja",
    "range_to": "a", "approximately": "hacia {date}", "season": "{season} de {year}",
    "spring": "primavera", "summer": "verano", "autumn": "otoño", "winter": "invierno",
    "go_to": "Ir a {target}", "footnote": "Nota {n}",
    "back_to_footnote": "Volver al texto de la nota {n}",
    "internal_link": "Enlace dentro del documento",
    "chart_bar": "Gráfico de barras", "chart_column": "Gráfico de columnas", "chart_line": "Gráfico de líneas",
    "chart_stacked": "Barra apilada", "chart_timeline": "Línea de tiempo",
    "accessed": "consultado el {date}", "colon": ": ",
    "skip_to_content": "Ir al contenido", "notes": "Notas", "back_to_text": "Volver al texto",
}
LABEL_NAMES = tuple(LABELS["en"])

def fields_of(text: str) -> tuple:
    """The `{field}` names a label's text uses; ValueError on an unmatched brace."""
    return tuple(f for _, f, _, _ in string.Formatter().parse(text) if f is not None)


def fill(text: str, fields: dict) -> str:
    """A label's text with its fields filled in; a field not given stays as written."""
    return text.format_map(_Fields(fields)) if fields else text


# The fields each label is given; a replacement may leave any of them out.
FIELDS = {name: fields_of(text) for name, text in LABELS["en"].items()}

NARROW_NBSP, NBSP = "\u202f", "\u00a0"
# Typographic quotes: double open/close, single open/close.
QUOTES = {"en": ("“", "”", "‘", "’"),
          "fr": ("«" + NARROW_NBSP, NARROW_NBSP + "»", "“", "”"),
          "de": ("„", "“", "‚", "‘"),
          "es": ("«", "»", "“", "”")}

# Where a region quotes otherwise than its language (CLDR's delimiters)
REGIONAL_QUOTES = {"de_CH": ("«", "»", "‹", "›"), "fr_CH": ("«" + NARROW_NBSP, NARROW_NBSP + "»",
                                                         "‹" + NARROW_NBSP, NARROW_NBSP + "›")}
# CLDR's minimum grouping digits where they are 2: a four-digit number is not grouped
MIN_GROUPING = {"es": 2}

FEMININE = {"fr": {"un": "une"}, "de": {"ein": "eine"}, "es": {"un": "una"}}

# Whole numbers as words (0-10), the form used before a noun (fr 'un', de 'ein').
WORDS = {
    "en": "zero one two three four five six seven eight nine ten",
    "fr": "zéro un deux trois quatre cinq six sept huit neuf dix",
    "de": "null ein zwei drei vier fünf sechs sieben acht neun zehn",
    "es": "cero un dos tres cuatro cinco seis siete ocho nueve diez",
}



def base_language(tag: str | None) -> str:
    return re.split(r"[-_]", tag or "en")[0].lower()


def well_formed(tag: str) -> bool:
    """A BCP 47 language tag in the usual shape: `fr`, `en-GB`, `sr-Latn-RS`."""
    return bool(re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|\d{3}))?"
                             r"(-[A-Za-z0-9]{5,8})*", tag))


@dataclass
class Language:
    """How one brief writes its own words, dates, numbers and quotes."""

    tag: str  # BCP 47, as the document language: 'fr', 'en-GB'
    labels: dict = field(default_factory=lambda: dict(LABELS["en"]))
    month_first: bool = False  # English only: February 6, 2026
    smart: bool = True  # typography: smart quotes, no-break spaces before units

    @property
    def base(self) -> str:
        """'fr', or 'en' for a language without its own words and formats."""
        base = base_language(self.tag)
        return base if base in LANGUAGES else "en"

    @property
    def cldr(self) -> str | None:
        """The Babel locale for dates and numbers, with the tag's region where CLDR
        has it ('de_AT': Jänner; 'de_CH': 1'250), or None for briefgen's English."""
        return None if self.base == "en" else _cldr_locale(self.tag, self.base)

    def label(self, name: str, **fields) -> str:
        return fill(self.labels[name], fields)

    @property
    def quotes(self) -> tuple:
        return REGIONAL_QUOTES.get(self.cldr or "", QUOTES[self.base])

    # -- numbers
    @property
    def group(self) -> str:
        return _symbols(self.cldr)[0]

    @property
    def decimal(self) -> str:
        return _symbols(self.cldr)[1]

    @property
    def group_pattern(self) -> str:
        """A regex for the group separator as typed: any space where it is one (an
        author types '1 100' with a plain space as often as with a narrow one)."""
        group = self.group
        return "[ \u00a0\u202f]" if group.strip() == "" else re.escape(group)

    def number(self, whole: str, frac: str | None) -> str:
        """Digits (no sign) and the fraction's digits (or None) in this language's form:
        '1100' -> '1,100' / '1 100' (narrow no-break space) / '1.100'."""
        if self.cldr is None:
            return f"{int(whole):,}" + (f".{frac}" if frac else "")
        from decimal import Decimal
        from babel.numbers import format_decimal
        pattern = "#,##0" + ("." + "0" * len(frac) if frac else "")
        # CLDR's minimum grouping digits: Spanish writes 1250 but 12.500 (Babel
        # groups every number)
        grouped = len(whole) > 4 or MIN_GROUPING.get(self.base, 1) < 2
        return format_decimal(Decimal(f"{whole}.{frac}" if frac else whole), pattern,
                              locale=self.cldr, group_separator=grouped)

    def percent(self, text: str) -> str:
        """'78' -> '78%' in English, '78 %' (no-break space) in French, German, Spanish."""
        return text + ("%" if self.cldr is None else _percent_space(self.cldr) + "%")

    def words(self, value, feminine: bool = False) -> str | None:
        """A whole number from zero to ten as a word, else None; 'one' takes the
        masculine form unless `feminine` (un/une, ein/eine, un/una)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        if value != int(value) or not 0 <= value <= 10:
            return None
        word = WORDS[self.base].split()[int(value)]
        return FEMININE.get(self.base, {}).get(word, word) if feminine else word

    # -- dates
    def day(self, d: _dt.date) -> str:
        if self.cldr is None:
            from .dates import display_day
            return display_day(d, self.month_first)
        return _skeleton("yMMMMd", d, self.cldr)

    def month(self, year: int, month: int) -> str:
        if self.cldr is None:
            from .dates import MONTHS
            return f"{MONTHS[month - 1]} {year}"
        return _skeleton("yMMMM", _dt.date(year, month, 1), self.cldr)

    def season(self, year: int, season: int) -> str:
        return self.label("season", season=self.label(SEASON_NAMES[season]), year=year)

    def interval(self, a: _dt.date, b: _dt.date, grain: str) -> str | None:
        """Two days ('d') or months ('M') of a range in CLDR's interval form, or None
        where CLDR has no pattern for it."""
        from babel.dates import format_date
        from babel import Locale
        formats = Locale.parse(self.cldr).interval_formats
        skeleton = "yMMMMd" if grain == "d" else "yMMMM"
        table = formats.get(skeleton) or formats.get("yMMMd")
        if a.year != b.year:
            diff = "y"
        elif a.month != b.month:
            diff = "M"
        else:
            diff = "d"
        if table is None or diff not in table:
            return None
        first, second = (re.sub(r"(?<!M)MMM(?!M)", "MMMM", p) for p in table[diff])
        return format_date(a, first, locale=self.cldr) + format_date(b, second,
                                                                    locale=self.cldr)

    def month_abbreviations(self) -> list:
        """'Jan' … 'Dec', 'janv.' … 'déc.': the chart timeline's month ticks."""
        if self.cldr is None:
            from .dates import MONTHS
            return [m[:3] for m in MONTHS]
        from babel.dates import get_month_names
        names = get_month_names("abbreviated", locale=self.cldr)
        return [names[i] for i in range(1, 13)]

    def approximate(self, text: str) -> str:
        return self.label("approximately", date=text)


class _Fields(dict):
    def __missing__(self, key):
        return "{" + key + "}"


@lru_cache(maxsize=None)
def _cldr_locale(tag: str, base: str) -> str:
    """'de-AT' -> 'de_AT' where CLDR knows the region, else the language alone."""
    from babel import Locale, UnknownLocaleError
    parts = re.split(r"[-_]", tag)
    if len(parts) > 1:
        try:
            return str(Locale.parse("_".join([base] + parts[1:]), sep="_"))
        except (UnknownLocaleError, ValueError):
            pass
    return base


@lru_cache(maxsize=None)
def _symbols(cldr: str | None) -> tuple:
    if cldr is None:
        return (",", ".")
    from babel.numbers import get_decimal_symbol, get_group_symbol
    return (get_group_symbol(cldr), get_decimal_symbol(cldr))


@lru_cache(maxsize=None)
def _percent_space(cldr: str) -> str:
    from babel import Locale
    pattern = Locale.parse(cldr).percent_formats[None].pattern
    m = re.search(r"0([\s\u00a0\u202f]*)%", pattern)
    return m.group(1) if m else ""


def _skeleton(skel: str, d: _dt.date, cldr: str) -> str:
    from babel.dates import format_skeleton
    return format_skeleton(skel, d, locale=cldr)


ENGLISH = Language("en-GB")


def as_language(how) -> Language:
    """A Language from a Language, or from the older `month_first` flag (English)."""
    if isinstance(how, Language):
        return how
    return Language("en-US", dict(LABELS["en"]), True) if how else ENGLISH


def language_for(lang: str | None, theme_language: str = "en-GB", month_first: bool = False,
                 labels: dict | None = None, typography: str = "smart") -> Language:
    """The brief's language: its `lang` (else the theme's), with its `labels`."""
    tag = lang or theme_language or "en-GB"
    base = base_language(tag)
    words = dict(LABELS["en"])
    words.update(LABELS.get(base, {}))
    words.update(labels or {})
    return Language(tag, words, month_first and base == "en", typography != "plain")
