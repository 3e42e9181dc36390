"""Which reading of a document a build keeps when several files hold it: one rule, whatever the order.

Two files may hold the same document — the same 文号, or the same title and date when it
has none — in the same words or not (a draft and the final text, a copy with a line
dropped). The build keeps one reading, chosen by its content, never by the order of the
files on the command line:

1. the later 成文日期 (a reading that has one before a reading that has none);
2. then the longer text (characters of the document in its file);
3. then the smaller content digest (SHA-1 of the document's body text), so two
   different texts of the same date and length still have one winner;
4. then the path that sorts first, and the earlier line in it (the texts are the same).

Every reading left out gets a finding in the report saying which one was kept and why:
a note when the texts are the same, a warning when they differ. Two copies in one file
are settled by the parser (the first copy is kept).

Examples
--------
>>> a = Reading("署岸发〔2021〕85号", "a.txt", 1, "2021-08-20", 3000, "aa")
>>> b = Reading("署岸发〔2021〕85号", "b.txt", 1, "2021-08-01", 3200, "bb")
>>> [f.message if f else None for f in choose([b, a])]  # doctest: +NORMALIZE_WHITESPACE
['署岸发〔2021〕85号 is also in a.txt (line 1), with a different text; kept a.txt:
  its 成文日期 2021-08-20 is later than 2021-08-01', None]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from loaders import Finding, Severity

__all__ = ["Reading", "choose"]


@dataclass(frozen=True, slots=True)
class Reading:
    """One document as one file gives it: what the rule compares."""

    doc_id: str
    path: str
    line: int
    date: str | None
    """成文日期 as an ISO date, or None when the document gives none."""
    length: int
    """Characters of the document in its file."""
    fingerprint: str
    """Digest of the document's body text."""


def _rank(item: tuple[int, Reading]) -> tuple[object, ...]:
    """Smaller is better: the order of the rule, then the position for the same file given twice."""
    index, r = item
    day = -dt.date.fromisoformat(r.date).toordinal() if r.date else 0
    return (r.date is None, day, -r.length, r.fingerprint, PurePath(r.path), r.line, index)


def _why(kept: Reading, dropped: Reading) -> str:
    if kept.date != dropped.date:
        if dropped.date is None:
            return f"it gives a 成文日期 ({kept.date}) and this one does not"
        return f"its 成文日期 {kept.date} is later than {dropped.date}"
    if kept.length != dropped.length:
        return (f"the same 成文日期, and its text is longer ({kept.length} characters against "
                f"{dropped.length})")
    return "the same 成文日期 and length, and its content digest is the smaller"


def _finding(kept: Reading, dropped: Reading) -> Finding:
    where = f"{kept.path} (line {kept.line})"
    if kept.fingerprint == dropped.fingerprint:
        if (kept.path, kept.line) == (dropped.path, dropped.line):
            message = f"{dropped.doc_id}: {kept.path} was given twice; read once"
        else:
            message = (f"{dropped.doc_id} is also in {where}, identical; kept {kept.path}, "
                       "whose path sorts first")
        return Finding(Severity.INFO, "duplicate", dropped.path, dropped.line, message)
    return Finding(Severity.WARNING, "duplicate", dropped.path, dropped.line,
                   f"{dropped.doc_id} is also in {where}, with a different text; kept {kept.path}: "
                   f"{_why(kept, dropped)}")


def choose(readings: Sequence[Reading]) -> list[Finding | None]:
    """For each reading, None when it is kept, else the finding that says why not.

    Parameters
    ----------
    readings : sequence of Reading
        Every document of every file of a build.

    Returns
    -------
    list of Finding or None
        One item per reading, in the same order; exactly one reading of each document
        is kept, the same whatever the order of ``readings``.

    Examples
    --------
    >>> same = [Reading("X", "b.txt", 3, None, 10, "f"), Reading("X", "a.txt", 1, None, 10, "f")]
    >>> [f.message if f else None for f in choose(same)]
    ['X is also in a.txt (line 1), identical; kept a.txt, whose path sorts first', None]
    """
    best: dict[str, tuple[int, Reading]] = {}
    for item in enumerate(readings):
        found = best.get(item[1].doc_id)
        if found is None or _rank(item) < _rank(found):
            best[item[1].doc_id] = item
    return [None if best[r.doc_id][0] == i else _finding(best[r.doc_id][1], r)
            for i, r in enumerate(readings)]
