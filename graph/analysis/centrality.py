"""Degree and betweenness centrality of agencies in the co-responsibility graph.

The graph is :func:`graph.projection.agency_graph`: agencies joined when they are listed
for the same measure, ``weight`` = the number of measures they share. Each measure is
reported unweighted (every partnership counts the same) and weighted (a partnership
counts by its measures):

- ``partners`` (degree) and ``degree_centrality`` = partners / (agencies - 1);
- ``strength``: the weighted degree, the sum over partners of the measures shared;
- ``betweenness``: the share of shortest paths between other agencies that pass through
  the agency, hops counted unweighted (networkx's normalised betweenness, exact);
- ``betweenness_weighted``: the same with each edge's length 1 / ``weight``, so a pair
  that shares many measures is close.

On a graph of separate parts (national and local agencies that never share a measure)
paths exist only within each part; normalisation is still over all agencies.

Examples
--------
>>> from graph.projection import agency_graph, read_graph
>>> c = agency_centrality(agency_graph(read_graph(SEED_OUT)))
>>> c[["agency", "partners", "strength", "betweenness"]].head(3)
            agency  partners  strength  betweenness
0  重庆市人民政府口岸和物流办公室        12        28     0.102564
1             海关总署        14        65     0.042688
2            交通运输部        14        53     0.042688
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.frames import (
    AGENCY_COLUMNS,
    ID_COLUMNS,
    agency_ids,
    agency_names,
    require_kinds,
    sorted_frame,
)

__all__ = ["CENTRALITY_COLUMNS", "agency_centrality"]

CENTRALITY_COLUMNS = (*AGENCY_COLUMNS, "partners", "degree_centrality", "strength", "betweenness",
                      "betweenness_weighted", *ID_COLUMNS)
"""Columns of :func:`agency_centrality`."""


def agency_centrality(agencies: nx.Graph) -> pd.DataFrame:
    """Degree, strength and betweenness of every agency.

    Parameters
    ----------
    agencies : networkx.Graph
        The co-responsibility graph (:func:`graph.projection.agency_graph`).

    Returns
    -------
    pandas.DataFrame
        One row per agency, columns :data:`CENTRALITY_COLUMNS` (see the module's
        docstring). Sorted by ``betweenness``, ``partners``, ``strength`` (all
        descending), then ``agency`` and ``iri``.

    Raises
    ------
    ValueError
        If the graph holds nodes other than agencies (pass ``agency_graph(...)``).

    Examples
    --------
    A chain: the middle agency lies on the one path between the ends.

    >>> A = nx.Graph()
    >>> A.add_nodes_from("abc", kind="agency")
    >>> A.add_edge("a", "b", weight=2); A.add_edge("b", "c", weight=1)
    >>> agency_centrality(A)[["iri", "partners", "strength", "betweenness"]].to_dict("records")[0]
    {'iri': 'b', 'partners': 2, 'strength': 3, 'betweenness': 1.0}
    """
    require_kinds(agencies, ["agency"], "graph.projection.agency_graph")
    degree = nx.degree_centrality(agencies) if len(agencies) > 1 else dict.fromkeys(agencies, 0.0)
    hops = nx.betweenness_centrality(agencies, normalized=True)
    lengths = nx.Graph()
    lengths.add_nodes_from(agencies)
    lengths.add_edges_from((u, v, {"length": 1 / d.get("weight", 1)})
                           for u, v, d in agencies.edges(data=True))
    weighted = nx.betweenness_centrality(lengths, normalized=True, weight="length")
    rows = [{**agency_names(agencies, n), "partners": agencies.degree(n), "degree_centrality": degree[n],
             "strength": agencies.degree(n, weight="weight"), "betweenness": hops[n],
             "betweenness_weighted": weighted[n], **agency_ids(agencies, n)}
            for n in agencies]
    return sorted_frame(rows, CENTRALITY_COLUMNS,
                        by=[("betweenness", False), ("partners", False), ("strength", False),
                            ("agency", True), ("iri", True)])
