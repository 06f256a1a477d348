"""Footnotes as numbered notes at the end of the brief: each mark in the text links
to its note, and each note back to its mark."""

from __future__ import annotations

from ...model import Paragraph, walk_blocks
from .markup import element, text


class Notes:
    """The marks in the text and the closing list of notes, mixed into the writer."""

    def note_mark(self, span) -> str:
        number = text(span.text)
        link = element("a", number, href=span.href, id=self.unique(f"_fnref{span.text}"),
                       role="doc-noteref")
        return element("sup", link, class_="fn")

    def notes_section(self) -> str:
        if not self.doc.notes:
            return ""
        ident = self.unique("_notes")
        back = self.label("back_to_text")
        items = []
        for note in self.doc.notes:
            paragraphs = [b for b in walk_blocks(note.blocks) if isinstance(b, Paragraph)]
            body = " ".join(element("p", self.inlines(p.inlines)) for p in paragraphs)
            # the arrow is for the eye; a screen reader reads the words
            link = element("a", element("span", "↑", aria_hidden="true")
                           + element("span", text(f"{back} ({note.number})"), class_="vh"),
                           href=f"#{note.ref_id}", class_="back", role="doc-backlink")
            items.append(element("li", f"{body} {link}", id=self.unique(note.id),
                                 value=note.number, class_="st-footnote"))
        heading = element("h2", text(self.label("notes")), id=ident, class_="st-h1")
        return element("section", heading + "\n" + element("ol", "\n".join(items)),
                       class_="notes", role="doc-endnotes", aria_labelledby=ident)
