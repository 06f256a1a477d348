"""Footnotes at the foot of the page that refers to them.

Each footnote mark in the text carries an anchor `_fnrefN`. Whenever the
frame is about to place a flowable (or a split part of one) that holds marks
whose notes are not placed yet, it keeps room for those notes at the foot
of the page: the body text on that page shrinks. A note too long to fit
continues at the top of the next page's note area, under a full-width
"continued" rule. Notes are drawn when the page ends.
"""

from __future__ import annotations

import copy
import re

from reportlab.platypus import Frame, Paragraph

_REF = re.compile(r"_fnref(\d+)$")
RULE_GAP = 9.0  # space above the note area's rule, and the rule to the first note
NOTE_GAP = 1.5  # between two notes


def note_refs(flowable) -> list:
    """The footnote numbers marked in a flowable (a paragraph, table, list, figure)."""
    cached = getattr(flowable, "_refs", None)
    if cached is not None:
        return cached
    found: list = []
    _collect(flowable, found)
    # a list holds its items twice over (its content and its items): each note once
    found = list(dict.fromkeys(found))
    try:
        flowable._refs = found  # a flowable's content does not change; its parts are new
    except AttributeError:
        pass
    return found


def _collect(node, found: list):
    if isinstance(node, (list, tuple)):
        for item in node:
            _collect(item, found)
        return
    if isinstance(node, Paragraph):
        if getattr(node, "_notes", True) is False:
            return  # made from spans with no footnote mark
        cached = getattr(node, "_refs", None)
        if cached is not None:
            found.extend(cached)
            return
        for frag in node.frags:
            items = frag[1:] if isinstance(frag, list) else (frag,)
            for item in items:
                piece = item[0] if isinstance(item, tuple) else item
                cb = getattr(piece, "cbDefn", None)
                if cb is not None and getattr(cb, "kind", None) == "anchor":
                    m = _REF.match(getattr(cb, "name", ""))
                    if m:
                        found.append(int(m.group(1)))
        return
    rows = getattr(node, "_cellvalues", None)
    if rows is not None:  # a table, or the rest of one after a split
        for row in rows:
            found.extend(_row_refs(row))
    for attr in ("_flowables", "_content", "parts", "_list_content", "_flowable"):
        inner = getattr(node, attr, None)
        if inner is not None:
            _collect(inner, found)


def _row_refs(row) -> list:
    """The marks in one table row. A long table is split once a page, and each rest
    holds the same rows: looking through the rest's rows again at every page made
    the notes' cost grow with the square of the table's length. The row's marks are
    kept on its first flowable (a row list cannot hold them, and a table of its own
    would keep every row of the PDF alive: 55 MB more at 754 pages)."""
    first = _first_flowable(row)
    known = getattr(first, "_row_refs", None)
    if known is not None:
        return known
    found: list = []
    _collect(row, found)
    if first is not None:
        first._row_refs = found
    return found


def _first_flowable(node):
    while isinstance(node, (list, tuple)):
        if not node:
            return None
        node = node[0]
    return node if hasattr(node, "wrap") else None


class NoteArea:
    """The notes of the page being laid out, and those carried to the next page."""

    def __init__(self, writer, width: float):
        self.writer, self.width = writer, width
        self.paras: dict = {}  # number -> the note's paragraph (made when first needed)
        self.placed: set = set()
        self.page: list = []  # (paragraph or part, continued?) on this page
        self.carry: list = []  # parts of notes that continue on the next page
        self.reserved = 0.0

    def para(self, number: int):
        if number not in self.paras:
            self.paras[number] = self.writer.note_paragraph(number)
        return self.paras[number]

    def pending(self, flowable) -> list:
        return [n for n in note_refs(flowable) if n not in self.placed]

    def _height(self, para) -> float:
        return para.wrap(self.width, 10_000)[1] + NOTE_GAP

    def need(self, numbers) -> float:
        """Height the notes `numbers` add to this page's note area."""
        if not numbers:
            return 0.0
        first = RULE_GAP if not self.page else 0.0
        return first + sum(self._height(self.para(n)) for n in numbers)

    def commit(self, numbers, room: float | None = None):
        """Place the notes on this page; with `room`, what does not fit goes on."""
        for n in numbers:
            self.placed.add(n)
            para = self.para(n)
            if room is None:
                self.page.append((para, False))
                continue
            first = RULE_GAP if not self.page else 0.0
            height = self._height(para)
            if first + height <= room:
                self.page.append((para, False))
                room -= first + height
                continue
            parts = para.split(self.width, room - first - NOTE_GAP) if room - first > 20 else []
            if len(parts) == 2:
                self.page.append((parts[0], False))
                self.carry.append(parts[1])
                room = 0.0
            else:
                self.carry.append(para)

    def begin_page(self, frame):
        """A new page: notes carried over open its note area."""
        self.page = [(para, True) for para in self.carry]
        self.carry = []
        frame._y1p = frame._y1 + frame._bottomPadding  # a frame's reset keeps its foot
        if self.page:
            frame._y1p += RULE_GAP + sum(self._height(p) for p, _ in self.page)

    def draw(self, canv, frame):
        """Draw this page's notes at the foot of the frame, under a short rule (a
        full-width rule when the first note continues from the page before)."""
        if not self.page:
            return
        heights = [self._height(p) for p, _ in self.page]
        top = frame._y1 + frame._bottomPadding + sum(heights) + RULE_GAP
        rule = self.width if self.page[0][1] else min(self.width, 120.0)
        canv.saveState()
        canv.setStrokeColor(self.writer.color("rule"))
        canv.setLineWidth(0.5)
        canv.line(frame._x1, top - 3, frame._x1 + rule, top - 3)
        canv.restoreState()
        y = top - RULE_GAP
        for (para, _), height in zip(self.page, heights):
            para.wrap(self.width, 10_000)
            y -= height - NOTE_GAP
            para.drawOn(canv, frame._x1, y)
            y -= NOTE_GAP
        self.page = []


class NotesFrame(Frame):
    """A frame that keeps room at its foot for the notes of what it places."""

    def __init__(self, *args, notes: NoteArea, **kw):
        super().__init__(*args, **kw)
        self.notes = notes

    def __deepcopy__(self, memo):
        # reportlab copies the frame to measure lists of flowables; the note area
        # (and the writer behind it) is shared, not copied
        clone = self.__class__.__new__(self.__class__)
        memo[id(self)] = clone
        for key, value in self.__dict__.items():
            setattr(clone, key, value if key == "notes" else copy.deepcopy(value, memo))
        return clone

    def add(self, flowable, canv, trySplit=0):
        numbers = self.notes.pending(flowable)
        if not numbers:
            return Frame.add(self, flowable, canv, trySplit)
        need = self.notes.need(numbers)
        self._y1p += need
        if Frame.add(self, flowable, canv, trySplit):
            self.notes.commit(numbers)
            return 1
        self._y1p -= need
        if self._atTop or need > self._aH / 3:
            # the notes cannot fit whole: place the text, and as much of its notes
            # as the page holds; the rest continues on the next page
            before = self._y
            if Frame.add(self, flowable, canv, trySplit):
                room = self._y - self._y1p
                self.notes.commit(numbers, room)
                self._y1p = min(self._y, self._y1p + room)
                return 1
            self._y = before
        return 0

    def split(self, flowable, canv):
        """Split so that the part placed here, with its notes, fits: keep room for the
        notes of as few marks as the first part holds."""
        numbers = self.notes.pending(flowable)
        if not numbers:
            return Frame.split(self, flowable, canv)
        parts: list = []
        for k in range(len(numbers) + 1):
            need = self.notes.need(numbers[:k])
            self._y1p += need
            try:
                parts = Frame.split(self, flowable, canv)
            finally:
                self._y1p -= need
            if not parts or set(self.notes.pending(parts[0])) <= set(numbers[:k]):
                return parts
        return parts
