"""Fold CJK radical code points that a PDF's fonts put in place of ideographs back to the ideographs.

A CJK font draws 人 and the Kangxi radical ⼈ (U+2F08) with one glyph, and 民 and the
supplement radical ⺠ (U+2EA0) with another; a PDF's character map then often says the
radical, so the extracted text reads 天津市⼈⺠政府 where the page shows 天津市人民政府.
Kangxi radicals fold by Unicode's NFKC mapping; supplement radicals by the table
``cjk_radicals.tsv`` beside this module (written by ``scripts/cjk_radicals_table.py``).
Each character becomes one character, so offsets into the folded text are offsets into
the extracted text.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib import resources

__all__ = ["fold_radicals"]

_KANGXI = range(0x2F00, 0x2FE0)


@cache
def _table() -> dict[int, str]:
    """Radical (code point) -> ideograph, for :meth:`str.translate`; read on first use."""
    text = resources.files("loaders").joinpath("cjk_radicals.tsv").read_text(encoding="utf-8")
    table: dict[int, str] = {}
    for row in text.splitlines():
        if row and not row.startswith("#"):
            radical, ideograph, _ = row.split("\t", 2)
            table[ord(radical)] = ideograph
    for point in _KANGXI:
        folded = unicodedata.normalize("NFKC", chr(point))
        if len(folded) == 1 and folded != chr(point):
            table[point] = folded
    return table


def fold_radicals(text: str) -> str:
    """``text`` with each CJK radical a font drew as an ideograph replaced by that ideograph.

    Parameters
    ----------
    text : str
        Text extracted from a PDF.

    Returns
    -------
    str
        The same length as ``text``; only radicals of U+2E80-U+2FDF change.

    Examples
    --------
    >>> fold_radicals("天津市⼈⺠政府办公厅，各部⻔")
    '天津市人民政府办公厅，各部门'
    """
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return text.translate(_table())
