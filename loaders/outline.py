"""The outline of a document body: numbered items nested by numbering style.

An item runs from its marker to the next marker of its own or an outer style; its *own*
text stops at the next marker of any style (where its first child begins).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from loaders.numbering import Marker, find_markers

__all__ = ["Item", "build_outline", "innermost_item"]


@dataclass(slots=True, eq=False)
class Item:
    """One numbered item: a section heading or a measure, with its children."""

    marker: Marker
    end: int
    own_end: int
    parent: Item | None = None
    children: list[Item] = field(default_factory=list)

    @property
    def start(self) -> int:
        """Offset of the item's marker."""
        return self.marker.start

    @property
    def path(self) -> tuple[int, ...]:
        """Numbers of the item and its ancestors, outermost first: ``(2, 1, 3)``."""
        node: Item | None = self
        numbers: list[int] = []
        while node is not None:
            numbers.append(node.marker.value)
            node = node.parent
        return tuple(reversed(numbers))

    def ancestors(self) -> list[Item]:
        """The item's parents, innermost first."""
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def build_outline(norm: str, start: int, end: int, unread: list[int] | None = None) -> list[Item]:
    """Nest the numbered items of ``norm[start:end]``; return them all in text order.

    ``unread`` receives the offsets of lines that open with a number too long to read
    (see :func:`loaders.numbering.find_markers`).

    Examples
    --------
    >>> text = "一、任务\\n（一）改革\\n1.甲。\\n2.乙。\\n二、保障"
    >>> items = build_outline(text, 0, len(text))
    >>> [(i.marker.label, i.parent.marker.label if i.parent else None) for i in items]
    [('一、', None), ('（一）', '一、'), ('1.', '（一）'), ('2.', '（一）'), ('二、', None)]
    >>> items[2].end == items[3].start
    True
    """
    markers = find_markers(norm, start, end, unread)
    items: list[Item] = []
    stack: list[Item] = []
    for marker in markers:
        while stack and stack[-1].marker.rank >= marker.rank:
            closed = stack.pop()
            closed.end = marker.start
        if items:
            items[-1].own_end = marker.start
        item = Item(marker, end, end, stack[-1] if stack else None)
        if item.parent is not None:
            item.parent.children.append(item)
        stack.append(item)
        items.append(item)
    return items


def innermost_item(items: list[Item], offset: int) -> Item | None:
    """The item whose own text contains ``offset``, or None before the first item.

    ``items`` are in text order, as :func:`build_outline` returns them; their own texts do
    not overlap, so the item is found by bisection (a document of many measures stays linear).

    Examples
    --------
    >>> text = "一、任务\\n1.甲（X负责）"
    >>> items = build_outline(text, 0, len(text))
    >>> innermost_item(items, 9).marker.label
    '1.'
    >>> innermost_item(items, 0).marker.label, innermost_item(items, -1) is None
    ('一、', True)
    """
    at = bisect.bisect_right(items, offset, key=lambda item: item.start) - 1
    if at >= 0 and offset < items[at].own_end:
        return items[at]
    return None
