"""Visitor dispatch shared by the writers: a block type no writer knows is an error."""

from __future__ import annotations


class UnknownBlock(TypeError):
    """A block type the writer has no visit method for."""


class Visitor:
    """Calls `visit_<ClassName>(block)`; raises on a block it does not know."""

    def visit(self, block):
        method = getattr(self, "visit_" + type(block).__name__, None)
        if method is None:
            raise UnknownBlock(f"{type(self).__name__} cannot render {type(block).__name__}")
        return method(block)

    def visit_all(self, blocks):
        out = []
        for block in blocks:
            result = self.visit(block)
            if result is None:
                continue
            out.extend(result if isinstance(result, list) else [result])
        return out
