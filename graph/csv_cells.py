"""Cells of the CSV files tradekg writes: text a spreadsheet shows, never runs.

A spreadsheet that opens a CSV file runs a cell starting with ``=``, ``+``, ``-`` or
``@`` as a formula (and one starting with a tab or carriage return after it strips
them), so a document whose title is ``=HYPERLINK("http://…","点击")`` would put a live
link, or worse, on the analyst's screen. Following OWASP's advice on CSV injection,
such a text cell is written with a single quote in front (``'=HYPERLINK…``), which the
spreadsheet shows as text; control characters are made visible as in every text output
(:func:`graph.control_characters.escape_controls`). Only the CSV changes: the graph keeps
the exact text.

Numbers are left as they are, whether they come as numbers (counts, offsets, scores of
the analysis tables) or as the text of a number (``-0.5`` from a SPARQL result): a
spreadsheet reads ``-0.5`` as minus a half, not as a formula, and prefixing it would
turn every negative number into text. Everything else that starts with one of the
characters above is prefixed, ``-`` included (``-1+1`` is a formula, ``-1`` a number).

Every CSV writer of tables a person opens uses :func:`spreadsheet_cell`: the build's
``tables/*.csv``, ``analyze``'s ``tables/analysis/*.csv`` and ``query --format csv``.
The files of ``tradekg neo4j export --format admin-csv`` are input for ``neo4j-admin``,
not for a spreadsheet, and keep the exact text.

References
----------
OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection
"""

from __future__ import annotations

import re
from typing import TypeVar

from graph.control_characters import escape_controls

__all__ = ["FORMULA_STARTS", "spreadsheet_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")

_Cell = TypeVar("_Cell")


def spreadsheet_cell(value: _Cell) -> _Cell | str:
    """A CSV cell that a spreadsheet shows as the text it is.

    Parameters
    ----------
    value : str, int, float or None
        The cell; only text is changed.

    Returns
    -------
    The value itself, or for text: its control characters made visible, and a single
    quote in front when it would start a formula.

    Examples
    --------
    >>> spreadsheet_cell('=HYPERLINK("http://x","点击")')
    '\\'=HYPERLINK("http://x","点击")'
    >>> [spreadsheet_cell(v) for v in ("@SUM(A1)", "\\tx", "-1+1", "海关总署", "-0.5", -0.5, 3, None)]
    ["'@SUM(A1)", "'\\tx", "'-1+1", '海关总署', '-0.5', -0.5, 3, None]
    >>> spreadsheet_cell("\\r=1")   # a carriage return is made visible, nothing is left to run
    '\\\\x0d=1'
    """
    if not isinstance(value, str):
        return value
    text = escape_controls(value)
    if text.startswith(FORMULA_STARTS) and _NUMBER.fullmatch(text) is None:
        return "'" + text
    return text
