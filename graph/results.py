"""Query results, engine-neutral: the rows SPARQL and Cypher both return, and their text forms.

:class:`QueryResult` is what every engine gives (embedded Oxigraph, a SPARQL endpoint over
HTTP, rdflib's reference engine, Neo4j): column names and rows of plain :data:`Value`
cells. :func:`format_result` prints one as an aligned table, CSV or JSON.

Table columns are aligned by display width, so Chinese (two columns per character) lines
up in a terminal; CSV has a header row; JSON is a list of objects, one per row, with the
keys in column order and non-ASCII text kept readable. Whatever the format, no control
character of the data reaches the terminal raw (:mod:`graph.control_characters`), and a
CSV cell a spreadsheet would run as a formula gets a ``'`` in front
(:func:`graph.csv_cells.spreadsheet_cell`).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graph.control_characters import escape_controls, escape_controls_in_code
from graph.csv_cells import spreadsheet_cell
from graph.errors import UnknownFormatError

__all__ = ["RESULT_FORMATS", "QueryResult", "Value", "display_width", "format_result"]

Value = str | int | None
"""One cell of a result row."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of a SELECT query, with their column names.

    Attributes
    ----------
    columns : tuple of str
        Variable names, in projection order.
    rows : list of tuple
        One tuple of :data:`Value` per solution, in the query's order.
    """

    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]

    def records(self) -> list[dict[str, Value]]:
        """The rows as dicts from column name to value.

        Examples
        --------
        >>> QueryResult(("a", "n"), [("x", 1)]).records()
        [{'a': 'x', 'n': 1}]
        """
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def without(self, names: Iterable[str]) -> QueryResult:
        """The same result without the named columns.

        Examples
        --------
        >>> QueryResult(("p", "a"), [("in", 1)]).without(["p"])
        QueryResult(columns=('a',), rows=[(1,)])
        """
        drop = set(names)
        keep = [i for i, c in enumerate(self.columns) if c not in drop]
        return QueryResult(tuple(self.columns[i] for i in keep),
                           [tuple(row[i] for i in keep) for row in self.rows])


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: 2 for wide (CJK) characters, else 1.

    Examples
    --------
    >>> display_width("海关总署"), display_width("GACC")
    (8, 4)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _cell(value: Value) -> str:
    return "" if value is None else str(value)


def _table(result: QueryResult) -> str:
    header = [escape_controls(c) for c in result.columns]
    body = [[escape_controls(_cell(v)) for v in row] for row in result.rows]
    widths = [max([display_width(h)] + [display_width(r[i]) for r in body]) for i, h in enumerate(header)]
    numeric = [bool(result.rows) and all(isinstance(row[i], int) or row[i] is None for row in result.rows)
               for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - display_width(cell))
            padded.append(pad + cell if numeric[i] else cell + pad)
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * w for w in widths)
    count = len(result.rows)
    footer = f"({count} row{'' if count == 1 else 's'})"
    return "\n".join([line(header), rule, *(line(r) for r in body), footer]) + "\n"


def _csv(result: QueryResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(spreadsheet_cell(c) for c in result.columns)
    writer.writerows([spreadsheet_cell(_cell(v)) for v in row] for row in result.rows)
    return buffer.getvalue()


def _json(result: QueryResult) -> str:
    return escape_controls_in_code(json.dumps(result.records(), ensure_ascii=False, indent=2)) + "\n"


RESULT_FORMATS: dict[str, Callable[[QueryResult], str]] = {
    "table": _table,
    "csv": _csv,
    "json": _json,
}
"""Result formats of ``tradekg query --format``, by name."""


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """Render a query result as text.

    Parameters
    ----------
    result : QueryResult
        Rows and columns.
    fmt : str
        ``table`` (default), ``csv`` or ``json``.

    Returns
    -------
    str
        The text, ending in a newline.

    Raises
    ------
    UnknownFormatError
        For any other format name; the message lists the valid ones.

    Examples
    --------
    >>> r = QueryResult(("agency", "measures"), [("海关总署", 9), ("重庆海关", 4)])
    >>> print(format_result(r), end="")
    agency    measures
    --------  --------
    海关总署         9
    重庆海关         4
    (2 rows)
    >>> print(format_result(r, "csv"), end="")
    agency,measures
    海关总署,9
    重庆海关,4
    >>> format_result(r, "xml")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFormatError: unknown result format 'xml'; use one of: csv, json, table
    """
    try:
        render = RESULT_FORMATS[fmt]
    except KeyError:
        raise UnknownFormatError(
            f"unknown result format {fmt!r}; use one of: {', '.join(sorted(RESULT_FORMATS))}") from None
    return render(result)
