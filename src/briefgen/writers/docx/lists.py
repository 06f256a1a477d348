"""Lists: Word numbering definitions of our own, and the list visitor.

A list and the lists nested in it are one Word list: a nested item is the
next level (ilvl) of its parent's numbering instance, so readers (pandoc,
mammoth, docx2python) see one nested list. Every item paragraph names its
numbering itself (w:numPr), not only through its style. Each top-level list
is a fresh instance, restarted at its own first number.
"""

from __future__ import annotations


from ...model import ListBlock, Paragraph
from .ooxml import TWIPS, W_P, added_since, el, last_content, hexa, indent, keep_lines, keep_next, ppr, set_font, qn, \
    set_ppr
from .styles import LIST_STYLES

LEVELS = 9  # Word's numbering levels
STEP = 14  # points of indent a level, as in the PDF


def list_shape(lst: ListBlock, first_start: int = 1) -> tuple:
    """(ordered, start) for each level of a list and the lists nested in it;
    the first list met at a level decides it, an unused level follows the one above.
    The first level starts at `first_start`: readers that ignore a restart
    (docx2python) still count from there."""
    found: list = [None] * LEVELS

    def walk(block: ListBlock, depth: int):
        if depth >= LEVELS:
            return
        if found[depth] is None:
            found[depth] = (block.ordered, first_start if depth == 0 else block.start)
        for item in block.items:
            for child in item:
                if isinstance(child, ListBlock):
                    walk(child, depth + 1)
    walk(lst, 0)
    for depth in range(1, LEVELS):
        if found[depth] is None:
            found[depth] = (found[depth - 1][0], 1)
    return tuple(found)


class Numbering:
    """The numbering part, rewritten: abstract definitions by shape, one instance
    per list."""

    def __init__(self, part, theme):
        self.root = part.element
        self.theme = theme
        for child in list(self.root):  # the template's definitions
            self.root.remove(child)
        self.abstracts: dict = {}  # shape -> abstractNumId
        self.count = 0

    def abstract(self, shape: tuple) -> int:
        if shape in self.abstracts:
            return self.abstracts[shape]
        ident = len(self.abstracts)
        node = el("w:abstractNum", abstractNumId=ident)
        node.append(el("w:multiLevelType", val="multilevel"))
        for level, (ordered, start) in enumerate(shape):
            node.append(self._level(level, ordered, start))
        first_num = self.root.find(qn("w:num"))
        if first_num is None:
            self.root.append(node)
        else:
            first_num.addprevious(node)
        self.abstracts[shape] = ident
        return ident

    def _level(self, level: int, ordered: bool, start: int):
        lvl = el("w:lvl", ilvl=level)
        lvl.append(el("w:start", val=start))
        lvl.append(el("w:numFmt", val="decimal" if ordered else "bullet"))
        lvl.append(el("w:lvlText", val=f"%{level + 1}." if ordered else "•"))
        lvl.append(el("w:lvlJc", val="left"))
        props = el("w:pPr")
        props.append(el("w:ind", left=STEP * TWIPS * (level + 1), hanging=STEP * TWIPS))
        lvl.append(props)
        run = el("w:rPr")
        set_font(run, self.theme.family)
        run.append(el("w:color", val=hexa(self.theme.color("accent"))))
        lvl.append(run)
        return lvl

    def instance(self, shape: tuple, start: int | None = None) -> int:
        """A new w:num on the shape's definition; `start` restarts its first level."""
        self.count += 1
        num = el("w:num", numId=self.count)
        num.append(el("w:abstractNumId", val=self.abstract(shape)))
        if start is not None:
            override = el("w:lvlOverride", ilvl=0)
            override.append(el("w:startOverride", val=start))
            num.append(override)
        self.root.append(num)
        return self.count

    def bind_styles(self, sheet):
        """List Bullet, List Number and their level 2 and 3 styles start lists of
        their own kind, for text typed in Word."""
        for ordered in (False, True):
            num = self.instance(((ordered, 1),) * LEVELS)
            for level in (1, 2, 3):
                props = sheet.element(LIST_STYLES[(ordered, level)]).get_or_add_pPr()
                set_ppr(props, _num_pr(num, level - 1))


def _num_pr(num_id: int, level: int):
    node = el("w:numPr")
    node.append(el("w:ilvl", val=level))
    node.append(el("w:numId", val=num_id))
    return node


class Lists:
    """The list visitor, mixed into the writer."""

    def visit_ListBlock(self, lst: ListBlock):
        depth = len(self.lists)
        level = min(depth, LEVELS - 1)
        if depth == 0:
            shape = list_shape(lst, lst.start)
            num = self.numbering.instance(shape, lst.start)
        else:
            num, shape = self.lists[-1]
            if shape[level] != (lst.ordered, lst.start):
                # unlike the first list met at this level: a definition of its own
                shape = shape[:level] + list_shape(lst, lst.start)[:LEVELS - level]
                num = self.numbering.instance(shape)
        style = LIST_STYLES[(lst.ordered, min(depth + 1, 3))]
        self.lists.append((num, shape))
        text_at = STEP * (level + 1)
        for item in lst.items:
            first = True
            start = last_content(self.body._element)
            for block in item:
                if isinstance(block, Paragraph) and first:
                    para = self.paragraph("", style)
                    set_ppr(para._p, _num_pr(num, level))
                    if self.box and level == 0:
                        frame = self.styles.frame
                        indent(para._p, frame.left + text_at, frame.right, STEP)
                    elif self.box:
                        # LibreOffice draws a paragraph's rule where its first line
                        # starts, and joins paragraphs into one box only where their
                        # rules line up: a nested item's first line starts at the
                        # box's text, indented to its number, a tab to its text
                        frame = self.styles.frame
                        props = ppr(para._p)
                        tabs = el("w:tabs")
                        tabs.append(el("w:tab", val="left",
                                       pos=round((frame.left + text_at) * TWIPS)))
                        set_ppr(props, tabs)
                        set_ppr(props, el("w:ind", left=round(frame.left * TWIPS),
                                          right=round(frame.right * TWIPS),
                                          firstLine=round((text_at - STEP) * TWIPS)))
                    self.runs(para, block.inlines)
                    first = False
                elif isinstance(block, Paragraph):
                    para = self.paragraph("", "List Continue")
                    left = text_at + (self.styles.frame.left if self.box else 0)
                    indent(para._p, left, self.styles.frame.right if self.box else 0)
                    self.runs(para, block.inlines)
                else:
                    self.visit(block)
            # an item never splits across pages in the PDF: its lines and its
            # paragraphs (nested lists too) stay together
            made = [p for p in added_since(self.body._element, start) if p.tag == W_P]
            for p in made:
                keep_lines(p)
            for p in made[:-1]:
                keep_next(p)
        self.lists.pop()
