"""Dates and deadlines as Chinese policy texts write them.

``2021年8月20日`` and ``二〇二一年八月二十日`` are dates; ``2021年底前``, ``2022年6月底前``,
``到2027年`` and ``2021年上半年`` are deadlines, read as the last day they allow.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from loaders.numbering import chinese_numeral_to_int

__all__ = ["DATE_PATTERN", "DEADLINE_PATTERN", "parse_date", "parse_deadline"]

_CN_DIGIT = "[〇○零一二三四五六七八九十]"
DATE_PATTERN = re.compile(
    rf"(?P<y>\d{{4}}|{_CN_DIGIT}{{4}})\s*年\s*(?P<m>\d{{1,2}}|{_CN_DIGIT}{{1,3}})\s*月\s*"
    rf"(?P<d>\d{{1,2}}|{_CN_DIGIT}{{1,3}})\s*日"
)
"""A full date, Arabic or Chinese numerals, spaces allowed between the parts."""

DEADLINE_PATTERN = re.compile(
    r"(?:到|至|在|于)?(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月\s*(?:(?P<d>\d{1,2})\s*日)?)?"
    r"(?P<part>底|末|年底|年末|上半年|下半年|前三季度|一季度|二季度|三季度|四季度)?"
    r"(?P<before>前|以前|之前|内|起)?"
)
"""A year, year-month or date, optionally 底/上半年, optionally 前: the start of a deadline."""

_PART_END = {"上半年": (6, 30), "一季度": (3, 31), "二季度": (6, 30), "前三季度": (9, 30),
             "三季度": (9, 30)}


def _number(text: str) -> int:
    return int(text) if text.isdigit() else chinese_numeral_to_int(text)


def parse_date(text: str) -> dt.date | None:
    """The first full date in ``text``, or None.

    Examples
    --------
    >>> parse_date("   2021年3月16日")
    datetime.date(2021, 3, 16)
    >>> parse_date("二〇二一年八月二十日")
    datetime.date(2021, 8, 20)
    >>> parse_date("2021年底前") is None
    True
    """
    m = DATE_PATTERN.search(text)
    if not m:
        return None
    try:
        return dt.date(_number(m["y"]), _number(m["m"]), _number(m["d"]))
    except ValueError:
        return None


def parse_deadline(text: str) -> dt.date | None:
    """The last day a deadline phrase allows, or None if ``text`` does not start with one.

    Examples
    --------
    >>> parse_deadline("2021年底前")
    datetime.date(2021, 12, 31)
    >>> parse_deadline("2022年6月底前")
    datetime.date(2022, 6, 30)
    >>> parse_deadline("到2027年")
    datetime.date(2027, 12, 31)
    >>> parse_deadline("2021年上半年")
    datetime.date(2021, 6, 30)
    """
    m = DEADLINE_PATTERN.match(text)
    if not m:
        return None
    year = int(m["y"])
    if m["d"]:
        try:
            return dt.date(year, int(m["m"]), int(m["d"]))
        except ValueError:
            return None
    if m["m"]:
        month = int(m["m"])
        if not 1 <= month <= 12:
            return None
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    if m["part"] in _PART_END:
        month, day = _PART_END[m["part"]]
        return dt.date(year, month, day)
    return dt.date(year, 12, 31)
