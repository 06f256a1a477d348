"""The outline format as a JSON Schema, for editors (completion, hover, errors).

The structure comes from `schema.json_schema()`, i.e. from the very `Record`
and `Kind` definitions the validator uses; this module only adds the
descriptions editors show on hover, and writes the text that is kept beside
the outlines as `briefing/outline.schema.json` (`briefgen schema` prints it).
"""

from __future__ import annotations

import json

from . import schema

FILE_NAME = "outline.schema.json"
MODELINE = f"# yaml-language-server: $schema={FILE_NAME}"

_MD = (" (CommonMark; may use {{ stats.ID }}, {{ parties.ID }}, {{ events.ID }}, "
       "{{ tables.ID }}, {{ figures.ID }}, [@source], [](#id))")

# record name -> field -> what an editor shows on hover (from docs/OUTLINE.md)
DESCRIPTIONS: dict[str, dict[str, str]] = {
    "outline": {
        "title": "Title of the brief.",
        "subtitle": "Subtitle, shown under the title on the cover.",
        "date": "\"As of\" date on the cover and in metadata, YYYY-MM-DD.",
        "version": "Version shown on the cover and footer, e.g. \"1.2\" (quote it).",
        "authors": "Authors: a name, or {name, affiliation}.",
        "organization": "Publisher shown on the cover.",
        "marking": "Distribution marking printed at the top and bottom of every page, "
                   "e.g. UNCLASSIFIED // PUBLIC RELEASE.",
        "style": "Theme: a name in styles/ (default: default) or a path relative to "
                 "the outline.",
        "summary": "The \"Bottom line\" box on the first page" + _MD + ".",
        "key_points": "Bullets inside the bottom-line box" + _MD + ".",
        "parties": "The actors, shown as the \"Key participants\" table.",
        "sections": "The body of the brief, numbered 1, 1.1, 1.1.1 (at least one).",
        "statistics": "Figures for the \"Key figures\" table; quote them in prose "
                      "with {{ stats.ID }}.",
        "timeline": "Events for the timeline appendix, sorted by date.",
        "sources": "Sources, numbered in order of first citation [@ID].",
        "citations": "How [@ID] renders: numeric ([1, p. 4], a numbered \"Sources\" list; "
                     "the default) or footnotes (a note per citation, full the first time, "
                     "short after; a \"Bibliography\" at the end).",
        "bibliography": "CSL-JSON (.json) or BibTeX (.bib) files, relative to the outline; "
                        "each entry is a source, cited by its key as written there.",
        "judgments": "Key judgments, shown in a box after the bottom line, each with its "
                     "confidence.",
        "recommendations": "Recommendations: a numbered part, each addressed to someone.",
        "about": "The closing \"About this brief\" part: method, contacts, disclaimer" + _MD + ".",
        "lang": "The brief's language (BCP 47): document language, hyphenation and quotes; "
                "en, fr, de and es also switch the built-in labels and the date and number "
                "formats (6 février 2026, 1 100). Default: the theme's (en-GB).",
        "labels": "Replace built-in labels by name: bottom_line, lead, page (with {n} and "
                  "{total}), … (all names in docs/OUTLINE.md).",
        "typography": "smart (the default): straight quotes and apostrophes in prose become "
                      "the language's typographic ones; plain: every character as typed.",
        "layout": "Order of the parts; a part left out is not rendered. Default: cover, "
                  "summary, judgments, contents, parties, positions, sections, "
                  "recommendations, statistics, timeline, sources, about.",
    },
    "author": {
        "name": "The author's name.",
        "affiliation": "The author's affiliation.",
        "email": "The author's e-mail address, a mailto link in \"About this brief\".",
        "bio": "A short biography, in \"About this brief\"" + _MD + ".",
    },
    "party": {
        "id": "Id of the party: lower-case letters, digits, '-' and '_'; used in "
              "positions and {{ parties.ID }}.",
        "name": "Name shown in the brief.",
        "lead": "Head of delegation, e.g. \"Rustem Umerov, Secretary of the NSDC\".",
        "members": "Other members of the delegation.",
        "note": "A note on the party" + _MD + ".",
        "role": "party (the default), mediator or observer; mediators and observers are "
                "listed under their role in \"Key participants\".",
    },
    "judgment": {
        "text": "The judgment" + _MD + ".",
        "confidence": "high, moderate or low: printed as \"High confidence\" and so on.",
    },
    "recommendation": {
        "text": "What should be done" + _MD + ".",
        "to": "Who should act, e.g. \"The Security Council\"; printed in bold before it.",
    },
    "section": {
        "title": "Section heading.",
        "id": "Id for [links](#id); default: the title, lower-cased, as a slug.",
        "body": "The section's text" + _MD + ".",
        "positions": "Each party's position on this section's issue.",
        "counterarguments": "Counterarguments, shown as boxed callouts.",
        "tables": "Tables, placed after the body.",
        "figures": "Figures (an image or a chart), placed after the tables; numbered "
                   "\"Figure N\" through the brief.",
        "sections": "Subsections (at most 3 levels in all).",
    },
    "position": {
        "party": "Id of a party declared under 'parties'.",
        "summary": "One line; feeds the \"Positions at a glance\" matrix.",
        "points": "Points shown in the section under the party's name" + _MD + ".",
    },
    "counterargument": {
        "claim": "The counterargument" + _MD + ".",
        "response": "The reply to it (optional)" + _MD + ".",
    },
    "table": {
        "id": "Id for [links](#id).",
        "caption": "Caption; tables are numbered \"Table N\" through the brief.",
        "columns": "Column headings.",
        "rows": "Rows: each a list with as many cells as there are columns; a cell is "
                "a string or a number, shown as written.",
        "notes": "Notes under the table" + _MD + ".",
        "source": "A source id (becomes a citation) or free text, printed as "
                  "\"Source: …\" under the table.",
        "align": "left, right or center, one per column; default: columns of numbers "
                 "(1,100, 57%, ≈ 20, −3.5) to the right, with their heading.",
        "widths": "Relative column widths, one positive number per column: [2, 1, 1].",
        "total": "true: the last row is a total, set apart with a rule and bold.",
    },
    "figure": {
        "id": "Id for [links](#id) and {{ figures.ID }}.",
        "caption": "Caption, printed as \"Figure N: caption\".",
        "image": "A PNG, JPEG or SVG file, relative to the outline (inside its folder).",
        "chart": "A chart drawn from the brief's own statistics, tables or events.",
        "alt": "Text read by screen readers in place of the figure; required with "
               "'image', written from the data for a chart if left out.",
        "source": "A source id (becomes a citation) or free text, printed as "
                  "\"Source: …\".",
        "note": "A note under the figure" + _MD + ".",
        "width": "Share of the text width, 0.2 to 1. Default: 1 for a chart, the "
                 "image's own size (capped at 1).",
    },
    "chart": {
        "type": "bar (horizontal), column, line, stacked (parts of a whole) or timeline.",
        "stats": "Statistic ids, one bar or part each; all in the same unit.",
        "table": "Id of a table of the brief to draw from (with x and y).",
        "x": "With table: the column that holds the categories.",
        "y": "With table: the columns of numbers, one series each.",
        "events": "Timeline: the event ids to mark (default: all within from-to).",
        "from": "Timeline: the first day shown (EDTF date).",
        "to": "Timeline: the last day shown (EDTF date).",
        "axis": "Title of the value axis (default: the unit, or the column name).",
    },
    "statistic": {
        "id": "Id, used as {{ stats.ID }} in prose.",
        "label": "What is counted.",
        "value": "A number, a string, or a range [low, high].",
        "unit": "Unit: '%' is attached (78%); others follow a space (175 sq mi).",
        "approx": "true prints '≈' before the value.",
        "group": "Heading in the key-figures table; groups keep first-seen order.",
        "as_of": "Date of the figure (EDTF: 2026-02, 2026-02-03, ...).",
        "source": "A source id (becomes a citation) or free text.",
        "note": "A note on the figure" + _MD + ".",
    },
    "event": {
        "date": "EDTF date: 2026-01-23, 2025-08, 2022, 2025-22 (summer), "
                "2026-01-23/2026-01-24, trailing '~' for approximate.",
        "title": "One line.",
        "id": "Id, used as {{ events.ID }} (the display date) and [links](#id).",
        "detail": "More about the event" + _MD + ".",
        "source": "A source id (becomes a citation) or free text.",
    },
    "source": {
        "id": "Id, cited in prose as [@ID].",
        "title": "Title of the source.",
        "publisher": "Publisher.",
        "date": "EDTF date of the source (2026-02, 2026-02-03, ...).",
        "url": "Web address.",
        "authors": "Authors: \"Given Family\" or an organisation's name.",
        "container": "The journal, site or series it appeared in.",
        "number": "A report number or document symbol, e.g. S/2020/890.",
        "accessed": "When a web page was read (EDTF date).",
        "note": "A note printed with the entry" + _MD + ".",
    },
}


def _describe(record: dict, name: str) -> None:
    for key, prop in record.get("properties", {}).items():
        text = DESCRIPTIONS.get(name, {}).get(key)
        if text:
            prop["description"] = text


def build() -> dict:
    """The JSON Schema, with descriptions."""
    out = schema.json_schema()
    out = {"$schema": out.pop("$schema"),
           "title": "briefgen outline (format version 1.1)",
           "description": "A policy brief for briefgen: see docs/OUTLINE.md. Generated by "
                          "'briefgen schema'; do not edit by hand.",
           **out}
    _describe(out, "outline")
    for name, record in out["$defs"].items():
        _describe(record, name)
    return out


def text() -> str:
    """The schema as written to outline.schema.json: stable, readable JSON."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"
