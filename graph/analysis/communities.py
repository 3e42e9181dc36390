"""Communities of agencies that work together: Louvain on the co-responsibility graph, with a fixed seed.

:func:`networkx.community.louvain_communities` groups agencies so that the measures they
share (edge ``weight`` of :func:`graph.projection.agency_graph`) fall inside groups more
than chance would put them there. Louvain is randomised; with the same ``seed`` and the
canonical node order of the projection, the same graph gives the same communities.

Communities are numbered from 0 by size (largest first), ties broken by their first
member in the projection's order; each is named for its ``anchor``, the member involved
in most measures (on a tie, the first in the projection's order).

Examples
--------
>>> from graph.projection import agency_graph, read_graph
>>> com = agency_communities(agency_graph(read_graph(SEED_OUT)))
>>> com.groupby("community")[["anchor", "community_size"]].first().to_dict("records")
[{'anchor': '海关总署', 'community_size': 15}, \
{'anchor': '重庆市人民政府口岸和物流办公室', 'community_size': 13}]
"""

from __future__ import annotations

from typing import Final

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

__all__ = ["COMMUNITY_COLUMNS", "DEFAULT_SEED", "agency_communities"]

DEFAULT_SEED: Final = 42
"""Seed of the Louvain method unless one is given."""

COMMUNITY_COLUMNS = ("community", "community_size", "anchor", *AGENCY_COLUMNS, "involved",
                     "strength_inside", "strength_outside", *ID_COLUMNS)
"""Columns of :func:`agency_communities`."""


def agency_communities(agencies: nx.Graph, *, seed: int = DEFAULT_SEED,
                       resolution: float = 1.0) -> pd.DataFrame:
    """Assign every agency to a community of agencies that share measures.

    Parameters
    ----------
    agencies : networkx.Graph
        The co-responsibility graph (:func:`graph.projection.agency_graph`).
    seed : int, default :data:`DEFAULT_SEED`
        Seed of the Louvain method's random order.
    resolution : float, default 1.0
        Above 1 favours smaller communities, below 1 larger ones.

    Returns
    -------
    pandas.DataFrame
        One row per agency, columns :data:`COMMUNITY_COLUMNS`: ``community`` (0 is the
        largest), ``community_size``, ``anchor`` (the Chinese name of the community's
        member involved in most measures), the agency's names, ``involved`` (its
        measures), ``strength_inside`` and ``strength_outside`` (measures shared with
        partners inside and outside its community, summed over partners).
        Sorted by ``community``, ``involved`` (descending), ``agency``, ``iri``.

    Raises
    ------
    ValueError
        If the graph holds nodes other than agencies (pass ``agency_graph(...)``).

    Examples
    --------
    Two triangles joined by one light edge make two communities.

    >>> A = nx.Graph()
    >>> A.add_nodes_from("abcxyz", kind="agency", measures=1)
    >>> A.add_weighted_edges_from([("a", "b", 3), ("b", "c", 3), ("a", "c", 3),
    ...                            ("x", "y", 3), ("y", "z", 3), ("x", "z", 3), ("c", "x", 1)])
    >>> com = agency_communities(A)
    >>> com.groupby("community")["iri"].apply("".join).tolist()
    ['abc', 'xyz']
    >>> com.loc[com.iri == "c", ["strength_inside", "strength_outside"]].to_dict("records")
    [{'strength_inside': 6, 'strength_outside': 1}]
    """
    require_kinds(agencies, ["agency"], "graph.projection.agency_graph")
    order = {n: i for i, n in enumerate(agencies)}
    found = nx.community.louvain_communities(agencies, weight="weight", resolution=resolution, seed=seed)
    groups = sorted((sorted(c, key=order.__getitem__) for c in found), key=lambda c: (-len(c), order[c[0]]))
    rows = []
    for number, members in enumerate(groups):
        inside = set(members)
        anchor = min(members, key=lambda n: (-(agencies.nodes[n].get("measures") or 0), order[n]))
        for n in members:
            weights = [(v in inside, d.get("weight", 1)) for _, v, d in agencies.edges(n, data=True)]
            rows.append({"community": number, "community_size": len(members),
                         "anchor": agencies.nodes[anchor].get("label_zh"), **agency_names(agencies, n),
                         "involved": agencies.nodes[n].get("measures") or 0,
                         "strength_inside": sum(w for ins, w in weights if ins),
                         "strength_outside": sum(w for ins, w in weights if not ins),
                         **agency_ids(agencies, n)})
    return sorted_frame(rows, COMMUNITY_COLUMNS,
                        by=[("community", True), ("involved", False), ("agency", True), ("iri", True)])
