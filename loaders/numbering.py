"""Numbering of headings and measures: 一、 （一） 1. （1）, in full- or half-width.

Official documents number their parts in four styles, outermost first (GB/T 9704):
``一、`` (:data:`CHINESE_COMMA`), ``（一）`` (:data:`CHINESE_PAREN`), ``1.``/``1．``/``1、``
(:data:`ARABIC_DOT`) and ``（1）`` (:data:`ARABIC_PAREN`). :func:`find_markers` finds them at
the start of a line, and in the middle of a line when the text has lost its line breaks
(``……负责）（十七）智驾之都``) provided the number is the next one in its sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ARABIC_DOT",
    "ARABIC_PAREN",
    "CHINESE_COMMA",
    "CHINESE_PAREN",
    "STYLES",
    "Marker",
    "chinese_numeral_to_int",
    "find_markers",
]

CHINESE_COMMA = "一、"
CHINESE_PAREN = "（一）"
ARABIC_DOT = "1."
ARABIC_PAREN = "（1）"
STYLES = (CHINESE_COMMA, CHINESE_PAREN, ARABIC_DOT, ARABIC_PAREN)
"""The styles, outermost first: a marker closes any open item of its own or a deeper style."""

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100}
_CN = "[一二三四五六七八九十百零〇○两]{1,5}"
_PATTERNS: dict[str, re.Pattern[str]] = {
    CHINESE_COMMA: re.compile(rf"({_CN})\s*、"),
    CHINESE_PAREN: re.compile(rf"（\s*({_CN})\s*）"),
    ARABIC_DOT: re.compile(r"(\d{1,3})\s*(?:\.(?!\d)|、)"),
    ARABIC_PAREN: re.compile(r"（\s*(\d{1,3})\s*）"),
}
# A private-use glyph sometimes stands where a converter lost the dot (1\ue010突破…).
_RUNNING = "1.*"  # the last 1. number seen, never reset by an outer heading
_BARE = re.compile(r"(\d{1,2})[\ue000-\uf8ff]?(?=[\u4e00-\u9fff])")
# Where a marker may start in the middle of a line: after the end of a sentence or clause.
_MIDLINE_AFTER = "。；）!！?？"


def chinese_numeral_to_int(numeral: str) -> int:
    """Convert a Chinese numeral of up to three digits to an int.

    Examples
    --------
    >>> [chinese_numeral_to_int(n) for n in ("三", "十", "十二", "二十", "五十三", "一百零五")]
    [3, 10, 12, 20, 53, 105]
    >>> chinese_numeral_to_int("二〇二一")
    2021
    """
    if all(ch in _DIGITS for ch in numeral):  # positional form: 二〇二一
        value = 0
        for ch in numeral:
            value = value * 10 + _DIGITS[ch]
        return value
    total, current = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + current


@dataclass(frozen=True, slots=True)
class Marker:
    """A heading or measure number found in the text.

    ``start``/``end`` delimit the marker itself (``（十二）``); ``label`` is it as printed;
    ``value`` its number; ``style`` one of :data:`STYLES`.
    """

    style: str
    value: int
    label: str
    start: int
    end: int
    at_line_start: bool

    @property
    def rank(self) -> int:
        """Depth of the style: 0 for 一、 up to 3 for （1）."""
        return STYLES.index(self.style)


def _value(style: str, digits: str) -> int:
    return int(digits) if style in (ARABIC_DOT, ARABIC_PAREN) else chinese_numeral_to_int(digits)


def find_markers(norm: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Find the numbering markers in width-normalised text.

    Parameters
    ----------
    norm : str
        Text passed through :func:`loaders.normalize.normalize_width`.
    start, end : int
        The region to search (the document body).

    Returns
    -------
    list of Marker
        In text order.

    Examples
    --------
    >>> text = "二、重点任务\\n（一）深化改革。\\n1. 推进一体化。（海关总署负责）2.优化模式。"
    >>> [(m.style, m.value) for m in find_markers(text)]
    [('一、', 2), ('（一）', 1), ('1.', 1), ('1.', 2)]
    >>> [m.label for m in find_markers("增长2.8%，到2027年。（1）试点")]
    ['（1）']
    >>> [m.label for m in find_markers("1突破技术。\\n2强化创新。\\n10个项目")]
    ['1', '2']
    """
    end = len(norm) if end is None else end
    found: list[Marker] = []
    last: dict[str, int] = {}
    pos = start
    while pos < end:
        line_end = norm.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        _scan_line(norm, pos, line_end, found, last)
        pos = line_end + 1
    return found


def _scan_line(norm: str, pos: int, line_end: int, found: list[Marker],
               last: dict[str, int]) -> None:
    """Find the markers of one line: one at its start, others after sentence ends."""
    head = pos
    while head < line_end and norm[head] in " \u3000":
        head += 1
    candidates = [head] + [i + 1 for i in range(head, line_end) if norm[i] in _MIDLINE_AFTER]
    for at in candidates:
        for style in STYLES:
            m = _PATTERNS[style].match(norm, at, line_end)
            if not m:
                continue
            value = _value(style, m.group(1))
            at_start = at == head
            if not at_start and value != last.get(style, 0) + 1:
                continue  # a mid-line marker must continue its sequence
            if at_start and style == ARABIC_DOT and _is_decimal_or_list(norm, m):
                continue
            found.append(Marker(style, value, norm[m.start():m.end()], m.start(), m.end(),
                                at_start))
            last[style] = value
            # A new outer item restarts the numbering of the styles inside it.
            for inner in STYLES[STYLES.index(style) + 1:]:
                last.pop(inner, None)
            break
        else:
            _bare_number(norm, at, line_end, at == head, found, last)


def _bare_number(norm: str, at: int, line_end: int, at_start: bool, found: list[Marker],
                 last: dict[str, int]) -> None:
    """``1突破…`` (the dot lost in conversion): a 1. marker if it continues the sequence."""
    m = _BARE.match(norm, at, line_end)
    if not (m and at_start):
        return
    value = int(m.group(1))
    # Numbering may restart in each section or run on across sections.
    if value in (last.get(ARABIC_DOT, 0) + 1, last.get(_RUNNING, 0) + 1):
        found.append(Marker(ARABIC_DOT, value, m.group(), m.start(), m.end(), True))
        last[ARABIC_DOT] = last[_RUNNING] = value
        last.pop(ARABIC_PAREN, None)


def _is_decimal_or_list(norm: str, m: re.Match[str]) -> bool:
    """``1、2、3`` in running text is a list, not a measure: the digit follows again."""
    after = norm[m.end():m.end() + 1]
    return after.isdigit()
