"""Pairs of agencies that must work together: the edges of the co-responsibility graph, heaviest first.

Two agencies are a pair when they are listed for the same measure, in any role; a pair's
``measures`` is the number of measures they share (the ``weight`` of
:func:`graph.projection.agency_graph`) and its ``jaccard`` that number over the measures
either of them is listed for, so a pair of small agencies that always appear together
scores 1 while a big agency's many pairs score low.

Examples
--------
>>> from graph.projection import agency_graph, read_graph
>>> pairs = agency_pairs(agency_graph(read_graph(SEED_OUT)))
>>> pairs[["agency_a", "agency_b", "measures"]].head(2).to_dict("records")
[{'agency_a': '交通运输部', 'agency_b': '海关总署', 'measures': 13}, \
{'agency_a': '各地区人民政府', 'agency_b': '海关总署', 'measures': 12}]
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.frames import require_kinds, sorted_frame

__all__ = ["PAIR_COLUMNS", "agency_pairs"]

PAIR_COLUMNS = ("agency_a", "agency_b", "measures", "jaccard", "agency_en_a", "agency_en_b", "iri_a", "iri_b")
"""Columns of :func:`agency_pairs`."""


def agency_pairs(agencies: nx.Graph) -> pd.DataFrame:
    """Every pair of agencies that share a measure, with how many they share.

    Parameters
    ----------
    agencies : networkx.Graph
        The co-responsibility graph (:func:`graph.projection.agency_graph`).

    Returns
    -------
    pandas.DataFrame
        One row per pair, columns :data:`PAIR_COLUMNS`: the two Chinese names in
        code-point order (``agency_a`` < ``agency_b``), ``measures`` shared, ``jaccard`` =
        shared / (measures of a + measures of b - shared), the English names and IRIs.
        Sorted by ``measures`` (descending), ``agency_a``, ``agency_b``, ``iri_a``,
        ``iri_b``: the rows and order of the named SPARQL query ``agency_pairs``.

    Raises
    ------
    ValueError
        If the graph holds nodes other than agencies (pass ``agency_graph(...)``).

    Examples
    --------
    >>> A = nx.Graph()
    >>> A.add_node("x", kind="agency", label_zh="海关总署", measures=4)
    >>> A.add_node("y", kind="agency", label_zh="商务部", measures=2)
    >>> A.add_edge("x", "y", weight=2)
    >>> agency_pairs(A)[["agency_a", "agency_b", "measures", "jaccard"]].to_dict("records")
    [{'agency_a': '商务部', 'agency_b': '海关总署', 'measures': 2, 'jaccard': 0.5}]
    """
    require_kinds(agencies, ["agency"], "graph.projection.agency_graph")
    rows = []
    for u, v, data in agencies.edges(data=True):
        a, b = sorted((u, v), key=lambda n: (agencies.nodes[n].get("label_zh") or "", n))
        shared = data.get("weight", 1)
        either = (agencies.nodes[a].get("measures") or 0) + (agencies.nodes[b].get("measures") or 0) - shared
        rows.append({"agency_a": agencies.nodes[a].get("label_zh"),
                     "agency_b": agencies.nodes[b].get("label_zh"), "measures": shared,
                     "jaccard": shared / either if either > 0 else 1.0,
                     "agency_en_a": agencies.nodes[a].get("label_en"),
                     "agency_en_b": agencies.nodes[b].get("label_en"), "iri_a": a, "iri_b": b})
    return sorted_frame(rows, PAIR_COLUMNS, by=[("measures", False), ("agency_a", True), ("agency_b", True),
                                                ("iri_a", True), ("iri_b", True)])
