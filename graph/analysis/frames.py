"""Conventions shared by the analysis tables: the columns that name an agency, a stable row order.

Every table that has one row per agency starts with :data:`AGENCY_COLUMNS` (the names
people read) and ends with :data:`ID_COLUMNS` (the keys programs join on), with the
measurements in between. Rows are sorted with :func:`sorted_frame`, which always ends
on a unique column, so the same graph gives the same table, row for row. Names sort in
code-point order (as SPARQL's ``ORDER BY`` does), not by pinyin.

Examples
--------
>>> rows = [{"agency": "海关总署", "n": 2, "iri": "b"}, {"agency": "商务部", "n": 2, "iri": "c"},
...         {"agency": "交通运输部", "n": 3, "iri": "a"}]
>>> sorted_frame(rows, ["agency", "n", "iri"], by=[("n", False), ("agency", True), ("iri", True)])
  agency  n iri
0  交通运输部  3   a
1    商务部  2   c
2   海关总署  2   b
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import networkx as nx
import pandas as pd

__all__ = [
    "AGENCY_COLUMNS",
    "DIGITS",
    "ID_COLUMNS",
    "agency_ids",
    "agency_names",
    "require_kinds",
    "sorted_frame",
]

AGENCY_COLUMNS: Final = ("agency", "agency_en", "level", "agency_type")
"""Leading columns of a per-agency table.

``agency`` is the Chinese name (as the named SPARQL queries print it), ``agency_en`` the
English one, ``level`` national / provincial / municipal / district (empty for a
collective actor such as 各地区人民政府), ``agency_type`` agency, enterprise,
institution or collective.
"""

ID_COLUMNS: Final = ("key", "iri")
"""Trailing columns of a per-agency table: the authority-file key and the agency's IRI."""

DIGITS: Final = 6
"""Decimal places floats are rounded to, so that tables compare and print stably."""


def agency_names(net: nx.Graph, node: str) -> dict[str, Any]:
    """The :data:`AGENCY_COLUMNS` of an agency node.

    Examples
    --------
    >>> net = nx.Graph()
    >>> net.add_node("x", label_zh="海关总署", label_en="GACC", level="national", agency_type="agency")
    >>> agency_names(net, "x")
    {'agency': '海关总署', 'agency_en': 'GACC', 'level': 'national', 'agency_type': 'agency'}
    """
    attrs = net.nodes[node]
    return {"agency": attrs.get("label_zh"), "agency_en": attrs.get("label_en"),
            "level": attrs.get("level"), "agency_type": attrs.get("agency_type")}


def agency_ids(net: nx.Graph, node: str) -> dict[str, Any]:
    """The :data:`ID_COLUMNS` of an agency node.

    Examples
    --------
    >>> net = nx.Graph()
    >>> net.add_node("https://w3id.org/tradekg/id/agency/cn.gacc", key="cn.gacc")
    >>> agency_ids(net, "https://w3id.org/tradekg/id/agency/cn.gacc")
    {'key': 'cn.gacc', 'iri': 'https://w3id.org/tradekg/id/agency/cn.gacc'}
    """
    return {"key": net.nodes[node].get("key"), "iri": node}


def require_kinds(net: nx.Graph, kinds: Iterable[str], what: str) -> None:
    """Check that every node of ``net`` is of one of ``kinds``.

    Raises
    ------
    ValueError
        Naming the projection to pass instead, when a node is of another kind.

    Examples
    --------
    >>> net = nx.Graph()
    >>> net.add_node("m", kind="measure")
    >>> require_kinds(net, ["agency"], "graph.projection.agency_graph")
    Traceback (most recent call last):
    ...
    ValueError: expected the graph of graph.projection.agency_graph (nodes of kind agency), got a measure node
    """
    allowed = set(kinds)
    for _, attrs in net.nodes(data=True):
        if attrs.get("kind") not in allowed:
            raise ValueError(f"expected the graph of {what} (nodes of kind {', '.join(sorted(allowed))}), "
                             f"got a {attrs.get('kind')} node")


def sorted_frame(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], *,
                 by: Sequence[tuple[str, bool]]) -> pd.DataFrame:
    """A DataFrame of ``rows`` with ``columns``, sorted stably by ``by``, index 0..n-1.

    Parameters
    ----------
    rows : iterable of mapping
        One mapping per row; keys not in ``columns`` are dropped.
    columns : sequence of str
        The columns, in order.
    by : sequence of (str, bool)
        Sort keys with ascending flags, most significant first; end with a unique column.
        Missing values sort last. Empty: keep the order of ``rows``.

    Returns
    -------
    pandas.DataFrame
        Floats rounded to :data:`DIGITS` places.
    """
    frame = pd.DataFrame(list(rows), columns=list(columns))
    floats = frame.select_dtypes("float").columns
    frame[floats] = frame[floats].round(DIGITS)
    if frame.empty or not by:
        return frame
    return frame.sort_values([c for c, _ in by], ascending=[a for _, a in by], kind="mergesort",
                             na_position="last").reset_index(drop=True)
