"""Cross-reference checks: unique ids, parties, citations, links, glyphs."""

from __future__ import annotations

import re
import unicodedata

from .diagnostics import Diagnostic, did_you_mean
from .inline import cited_ids, internal_links, note_spans, refused_scheme, unsupported
from .interpolate import prose_fields
from .loader import path_text
from .schema import Outline, Text, slugify, walk_sections


_CITE_IN_TEMPLATE = re.compile(r"\{\{[^}]*?(\[@)[^}]*\}\}")


def cell_notes(outline: Outline):
    """The text of each `^[…]` footnote in a table cell, as a prose field at the cell."""
    for section, _ in walk_sections(outline.sections):
        for table in section.tables:
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row):
                    if "^[" in cell.text:
                        for start, end in note_spans(cell.text):
                            yield Text(cell.text[start + 2:end - 1],
                                       tuple(table.path) + ("rows", r, c))


def section_id(section) -> str:
    """The id given, else the title's slug, else (a title with no Latin letters or
    digits, e.g. in Cyrillic) its number: 'section-2-1'."""
    if section.id:
        return section.id
    slug = slugify(section.title or "")
    if slug:
        return slug
    return "section-" + "-".join(str(p + 1) for p in section.path if isinstance(p, int))


def declared_ids(outline: Outline):
    """(id, kind, path) for everything a link can point to, in outline order."""
    for party in outline.parties:
        yield party.id, "party", party.path + ("id",)
    for section, _ in walk_sections(outline.sections):
        if section.title is None and section.id is None:
            continue
        yield section_id(section), "section", section.path + ("id" if section.id else "title",)
        for table in section.tables:
            if table.id:
                yield table.id, "table", table.path + ("id",)
        for figure in section.figures:
            if figure.id:
                yield figure.id, "figure", figure.path + ("id",)
    for stat in outline.statistics:
        yield stat.id, "statistic", stat.path + ("id",)
    for event in outline.timeline:
        if event.id:
            yield event.id, "event", event.path + ("id",)
    for source in outline.sources:
        yield source.id, "source", source.path + ("id",)


def check(outline: Outline, coverage: frozenset | None = None) -> list[Diagnostic]:
    """Every cross-reference problem of a structurally valid outline."""
    loaded = outline.loaded
    errors: list[Diagnostic] = []
    seen: dict[str, tuple] = {}
    broken = outline.broken_ids
    for ident, kind, path in declared_ids(outline):
        if ident is None:
            continue
        if ident in seen:
            first_kind, first_path = seen[ident]
            line = loaded.where(first_path)[0]
            errors.append(loaded.diag(
                path, f"id '{ident}' is already used by {'an' if first_kind[0] in 'aeiou' else 'a'} "
                f"{first_kind} on line {line}",
                "ids are shared by sections, tables, figures, parties, statistics, events and "
                "sources; rename one" + (" or give the section an 'id:'" if kind == "section"
                                         else "")))
        else:
            seen[ident] = (kind, path)
    parties = [p.id for p in outline.parties if p.id]
    for section, _ in walk_sections(outline.sections):
        for position in section.positions:
            if position.party is not None and position.party not in parties \
                    and position.party not in broken:
                errors.append(loaded.diag(position.path + ("party",),
                                          f"unknown party '{position.party}'",
                                          did_you_mean(position.party, parties, "party")))
    sources = [s.id for s in outline.sources if s.id]
    unread = getattr(outline, "unread_bibliography", False)  # reported where it failed
    for text in list(prose_fields(outline)) + list(cell_notes(outline)):
        for m in _CITE_IN_TEMPLATE.finditer(text.source):
            errors.append(_at(loaded, text.path, m.group(1), "a citation cannot stand inside "
                              "{{ }}: a template prints data, not markup",
                              "move the [@…] out of the braces, after the expression",
                              whole=False))
        for sid in cited_ids(text.source):
            if sid not in sources and sid not in broken and not unread:
                errors.append(_at(loaded, text.path, f"@{sid}",
                                  f"citation [@{sid}] names no source",
                                  did_you_mean(sid, sources, "source")))
        for target in internal_links(text.source):
            if target not in seen and target not in broken:
                errors.append(_at(loaded, text.path, f"#{target}",
                                  f"link to '#{target}' points to no id in the brief",
                                  did_you_mean(target, seen, "id")))
        errors.extend(_unsupported(loaded, text))
    errors.extend(_refused_urls(loaded, outline.sources))
    errors.extend(_notes_in_plain_text(loaded, loaded.data, ()))
    if coverage is not None:
        errors.extend(_check_glyphs(loaded, loaded.data, (), coverage))
    return errors


# prose fields (markdown, where {{ }} and ^[…] are read); everything else is plain
PROSE_KEYS = {"summary", "body", "note", "notes", "detail", "claim", "response", "text",
              "about", "bio"}
PROSE_LISTS = {"key_points", "points"}


def plain_strings(value, path=()):
    """(path, text, in a table cell?) for every plain-text string of the outline's
    data: titles, captions, labels, summaries of positions, cells."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in PROSE_KEYS and not (key == "summary" and "party" in value):
                continue
            yield from plain_strings(item, path + (key,))
    elif isinstance(value, list):
        if path and path[-1] in PROSE_LISTS:
            return
        cells = bool(path) and path[-1] == "rows"
        for i, item in enumerate(value):
            if cells and isinstance(item, list):
                for c, cell in enumerate(item):
                    if isinstance(cell, str):
                        yield path + (i, c), cell, True
            else:
                yield from plain_strings(item, path + (i,))
    elif isinstance(value, str):
        yield path, value, False


def _notes_in_plain_text(loaded, value, path) -> list[Diagnostic]:
    """`^[…]` in a title, caption, label or other plain-text field would print as
    typed: an error. In a table cell, a '^[' left open is one too."""
    out = []
    for where, text, cell in plain_strings(value, path):
        if "^[" not in text:
            continue
        if cell:
            if text.count("^[") > len(note_spans(text)):
                out.append(_at(loaded, where, "^[", "this footnote '^[' is never closed",
                               "end the note's text with ']'", whole=False))
        else:
            out.append(_at(loaded, where, "^[", "a footnote cannot go in this field: it "
                           "would be printed as typed", "footnotes go in prose fields, "
                           "such as a body, points, notes or details, and in table cells; "
                           "move it there", whole=False))
    return out


_FOOTNOTE_HINT = "write the note where it belongs, as an inline footnote: ^[the note's text]"


def _unsupported(loaded, text) -> list[Diagnostic]:
    """Markdown the format cannot render yet: images, footnotes, links without text."""
    out = []
    for found in unsupported(text.source):
        if found.kind == "empty_link" and found.detail.startswith("#") and \
                len(found.detail) > 1:
            continue  # [](#id) shows its target's label ('Table 3')
        written = found.text.split("\n")[0]
        if found.kind == "image":
            shown = f", which would print only '{found.detail}'" if found.detail else \
                ", which would print nothing"
            message = "images in prose are not supported"
            hint = (f"place an image as a figure, under the section's 'figures:' with "
                    f"'image', 'caption' and 'alt'; '{_short(found.text)}' would print "
                    f"{shown.split('print ', 1)[1]}")
            short = "!["
        elif found.kind == "empty_note":
            message = "the footnote '^[]' is empty"
            hint, short = "write its text between the brackets, or remove it", "^["
        elif found.kind == "unclosed_note":
            message = "this footnote '^[' is never closed"
            hint, short = "end the note's text with ']'", "^["
        elif found.kind == "note_in_note":
            message = "a footnote cannot hold another footnote"
            hint, short = ("write the inner note's text into the outer one, or give it a "
                           "note of its own after the outer note"), "^["
        elif found.kind == "refused_link":
            message = (f"a link to a '{found.detail}:' address is refused: "
                       f"'{_short(found.text)}'")
            hint = ("a link goes to a web page (https://…), an e-mail address (mailto:…) or "
                    "an id in the brief ([text](#id)); a page or script inside a link would "
                    "run on the reader's machine, and a file: link points at the writer's")
            short = "<" if found.text.startswith("<") else "["
        elif found.kind == "footnote":
            message = f"reference-style footnote {written} is not part of the format"
            hint, short = _FOOTNOTE_HINT, "[^"
        elif found.kind == "footnote_text":
            message = f"reference-style footnote text '{written} …' is not part of the format"
            hint, short = _FOOTNOTE_HINT, "[^"
        else:
            message = f"a link needs text: '{_short(found.text)}' shows nothing to click"
            target = found.detail
            words = ("the " + " ".join(target[1:].replace("_", "-").split("-"))
                     if target.startswith("#") and len(target) > 1 else "the page")
            hint = f"write the words between the brackets: [{words}]({target or '…'})"
            short = "["
        at = _at_offset(loaded, text, found.offset, (written, short))
        out.append(Diagnostic(message, loaded.file, at[0], at[1], path_text(text.path), hint))
    return out


def _refused_urls(loaded, sources) -> list[Diagnostic]:
    """A source's `url` becomes a link: one with a javascript: or data: scheme is refused,
    in the outline or in a bibliography file."""
    out = []
    for src in sources:
        scheme = refused_scheme(src.url or "")
        if not scheme:
            continue
        message = f"source '{src.id}': a link to a '{scheme}:' address is refused"
        hint = "a source's url is a web address (https://…)"
        if src.origin:
            out.append(Diagnostic(message, src.origin[0], src.origin[1], None, "", hint))
        else:
            out.append(loaded.diag(tuple(src.path) + ("url",), message, hint))
    return out


def _short(written: str, limit: int = 60) -> str:
    written = " ".join(written.split())
    return written if len(written) <= limit else written[:limit - 1] + "…"


def _at_offset(loaded, text, offset: int, needles) -> tuple:
    """The file position of what starts at `offset` in a prose field's source: the
    n-th occurrence there of the first needle the file holds as often."""
    for needle in needles:
        if not needle:
            continue
        line, col = loaded.locate(text.path, needle,
                                  skip=text.source.count(needle, 0, offset))
        if line is not None and col is not None and \
                loaded.lines[line - 1].startswith(needle, col - 1):
            return line, col
    return loaded.where(tuple(text.path) + ("=",))


def _at(loaded, path, needle, message, hint, whole=True) -> Diagnostic:
    line, col = loaded.locate(path, needle, whole)
    return Diagnostic(message, loaded.file, line, col, path_text(path), hint)


_CONTROLS = frozenset("\n\r\t")


def _check_glyphs(loaded, value, path, coverage) -> list[Diagnostic]:
    out = []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_check_glyphs(loaded, item, path + (key,), coverage))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out.extend(_check_glyphs(loaded, item, path + (i,), coverage))
    elif isinstance(value, str):
        if not any(ord(ch) not in coverage for ch in set(value) - _CONTROLS):
            return out  # every character drawable: the usual case, settled by the set
        reported = set()
        for ch in value:
            if ch in reported or ch in "\n\r\t" or ord(ch) in coverage:
                continue
            reported.add(ch)
            name = unicodedata.name(ch, "unnamed character")
            out.append(_at(loaded, path, ch,
                           f"the font has no glyph for '{ch}' (U+{ord(ch):04X} {name})",
                           "replace it, or choose a theme whose font has it", whole=False))
    return out
