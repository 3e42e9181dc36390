"""Numbering of headings and measures: 第一条 一、 （一） 1. （1）, in full- or half-width.

Official documents number their parts in four styles, outermost first (GB/T 9704):
``一、`` (:data:`CHINESE_COMMA`), ``（一）`` (:data:`CHINESE_PAREN`), ``1.``/``1．``/``1、``
(:data:`ARABIC_DOT`) and ``（1）`` (:data:`ARABIC_PAREN`); rules and regulations number
articles ``第一条`` (:data:`ARTICLE`), outside them all. :func:`find_markers` finds them at
the start of a line, and in the middle of a line when the text has lost its line breaks
(``……负责）（十七）智驾之都``) provided the number is the next one in its sequence.

Numbers have no ceiling: 1000. （1000） 第一千条 are measures of their own, never part of
measure 999. A line that opens with a number too long to be one (more than
:data:`MAX_DIGITS` digits) is returned by :func:`find_markers` among the *unread* markers,
so the caller can warn.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "ARABIC_DOT",
    "ARABIC_PAREN",
    "ARTICLE",
    "CHINESE_COMMA",
    "CHINESE_PAREN",
    "MAX_DIGITS",
    "STYLES",
    "Marker",
    "chinese_numeral_to_int",
    "find_markers",
    "starts_numbered_item",
]

ARTICLE = "第一条"
CHINESE_COMMA = "一、"
CHINESE_PAREN = "（一）"
ARABIC_DOT = "1."
ARABIC_PAREN = "（1）"
STYLES = (ARTICLE, CHINESE_COMMA, CHINESE_PAREN, ARABIC_DOT, ARABIC_PAREN)
"""The styles, outermost first: a marker closes any open item of its own or a deeper style."""

MAX_DIGITS = 9
"""The longest number read as a marker; a longer one at the start of a line is reported."""

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_CN = "[一二三四五六七八九十百千万零〇○两]{1,12}"
# Digits are matched without a ceiling, so an over-long number is seen (and reported), not
# cut into a shorter one.
_PATTERNS: dict[str, re.Pattern[str]] = {
    ARTICLE: re.compile(rf"第\s*({_CN}|\d+)\s*条(?![款项之的规所中至和及、])"),
    CHINESE_COMMA: re.compile(rf"({_CN})\s*、"),
    CHINESE_PAREN: re.compile(rf"（\s*({_CN})\s*）"),
    ARABIC_DOT: re.compile(r"(\d+)\s*(?:\.(?!\d)|、)"),
    ARABIC_PAREN: re.compile(r"（\s*(\d+)\s*）"),
}
# Styles found only at the start of a line: 第三条 in running text cites an article.
_LINE_START_ONLY = frozenset({ARTICLE})
# A private-use glyph sometimes stands where a converter lost the dot (1\ue010突破…).
_RUNNING = "1.*"  # the last 1. number seen, never reset by an outer heading
_BARE = re.compile(rf"(\d{{1,{MAX_DIGITS}}})[\ue000-\uf8ff]?(?=[\u4e00-\u9fff])")
# Where a marker may start in the middle of a line: after the end of a sentence or clause.
_MIDLINE_AFTER = "。；）!！?？"


def chinese_numeral_to_int(numeral: str) -> int:
    """Convert a Chinese numeral (十二, 一百零五, 一千零一, 二〇二一) to an int.

    Raises
    ------
    ValueError
        If ``numeral`` holds a character that is no digit or unit.

    Examples
    --------
    >>> [chinese_numeral_to_int(n) for n in ("三", "十", "十二", "二十", "五十三", "一百零五")]
    [3, 10, 12, 20, 53, 105]
    >>> [chinese_numeral_to_int(n) for n in ("一千", "一千零一", "九千九百九十九", "十二万")]
    [1000, 1001, 9999, 120000]
    >>> chinese_numeral_to_int("二〇二一")
    2021
    """
    if all(ch in _DIGITS for ch in numeral):  # positional form: 二〇二一
        value = 0
        for ch in numeral:
            value = value * 10 + _DIGITS[ch]
        return value
    total, section, current = 0, 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "万":
            total += (section + current or 1) * _UNITS[ch]
            section = current = 0
        elif ch in _UNITS:
            section += (current or 1) * _UNITS[ch]
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + section + current


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
        """Depth of the style: 0 for 第一条, 1 for 一、 up to 4 for （1）."""
        return STYLES.index(self.style)


def _value(style: str, digits: str) -> int | None:
    """The number a marker's digits say, or None when they are too long to be a number."""
    if digits.isdigit():
        return int(digits) if len(digits) <= MAX_DIGITS else None
    return chinese_numeral_to_int(digits)


def find_markers(norm: str, start: int = 0, end: int | None = None,
                 unread: list[int] | None = None) -> list[Marker]:
    """Find the numbering markers in width-normalised text.

    Parameters
    ----------
    norm : str
        Text passed through :func:`loaders.normalize.normalize_width`.
    start, end : int
        The region to search (the document body).
    unread : list of int, optional
        Receives the offset of each line that opens like a marker whose number cannot be
        read (more than :data:`MAX_DIGITS` digits), for the caller to report.

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
    >>> [m.value for m in find_markers("999.甲\\n1000.乙\\n第1001条 丙\\n（1002）丁")]
    [999, 1000, 1001, 1002]
    >>> unread = []
    >>> find_markers("12345678901.甲", unread=unread), unread
    ([], [0])
    """
    end = len(norm) if end is None else end
    found: list[Marker] = []
    last: dict[str, int] = {}
    pos = start
    while pos < end:
        line_end = norm.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        _scan_line(norm, pos, line_end, found, last, unread)
        pos = line_end + 1
    return found


def starts_numbered_item(norm: str, at: int, end: int | None = None) -> bool:
    """Tell whether the line starting at ``at`` opens with a numbering marker.

    Examples
    --------
    >>> [starts_numbered_item(t, 0) for t in ("  2.乙", "（十七）智驾", "第三条 为", "质量发展", "1、2、3")]
    [True, True, True, False, False]
    """
    end = len(norm) if end is None else end
    line_end = norm.find("\n", at, end)
    line_end = end if line_end < 0 else line_end
    head = _line_head(norm, at, line_end)
    for style in STYLES:
        m = _PATTERNS[style].match(norm, head, line_end)
        if m and not (style == ARABIC_DOT and _is_decimal_or_list(norm, m)):
            return True
    return False


def _line_head(norm: str, pos: int, line_end: int) -> int:
    """The first offset of a line that is not a blank."""
    head = pos
    while head < line_end and norm[head] in " \u3000\t":
        head += 1
    return head


def _scan_line(norm: str, pos: int, line_end: int, found: list[Marker],
               last: dict[str, int], unread: list[int] | None) -> None:
    """Find the markers of one line: one at its start, others after sentence ends."""
    head = _line_head(norm, pos, line_end)
    candidates = [head] + [i + 1 for i in range(head, line_end) if norm[i] in _MIDLINE_AFTER]
    for at in candidates:
        at_start = at == head
        for style in STYLES:
            if style in _LINE_START_ONLY and not at_start:
                continue
            m = _PATTERNS[style].match(norm, at, line_end)
            if not m:
                continue
            value = _value(style, m.group(1))
            if value is None:
                if at_start and unread is not None:
                    unread.append(m.start())
                continue
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
            _bare_number(norm, at, line_end, at_start, found, last)


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
