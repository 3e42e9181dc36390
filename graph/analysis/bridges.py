"""Agencies that bridge national and local documents, themselves or through their sub-organisations.

An agency *bridges* when it is listed for measures of a national document and for
measures of a local one (see :mod:`graph.analysis.scope`). National bodies seldom appear
in a local plan under their own name: the plan names their local branch (重庆海关 for
海关总署), which the authority file records as a sub-organisation
(``org:subOrganizationOf``). Given the agency tree
(:func:`graph.projection.agency_hierarchy`), an agency also bridges *through* its
sub-organisations when it, or any body below it, is listed on each side.

Examples
--------
>>> from graph.projection import agency_hierarchy, measure_agency_graph, read_graph
>>> g = read_graph(SEED_OUT)
>>> net = measure_agency_graph(g)
>>> len(bridging_agencies(net))
0
>>> bridging_agencies(net, agency_hierarchy(g))[["agency", "bridges", "through"]].to_dict("records")
[{'agency': '海关总署', 'bridges': 'through sub-organisations', 'through': '中华人民共和国重庆海关'}, \
{'agency': '中国国家铁路集团有限公司', 'bridges': 'through sub-organisations', \
'through': '中铁联合国际集装箱有限公司重庆分公司; 重庆铁路办事处'}]
"""

from __future__ import annotations

from typing import Final

import networkx as nx
import pandas as pd

from graph.analysis.frames import AGENCY_COLUMNS, ID_COLUMNS, agency_ids, agency_names, sorted_frame
from graph.analysis.scope import measure_scopes

__all__ = ["BRIDGE_COLUMNS", "DIRECT", "THROUGH", "bridging_agencies"]

DIRECT: Final = "direct"
"""``bridges`` value of an agency listed on both sides under its own name."""

THROUGH: Final = "through sub-organisations"
"""``bridges`` value of an agency that bridges only together with bodies below it."""

BRIDGE_COLUMNS = (*AGENCY_COLUMNS, "bridges", "national", "local", "family_national", "family_local",
                  "through", *ID_COLUMNS)
"""Columns of :func:`bridging_agencies`."""


def bridging_agencies(net: nx.Graph, hierarchy: nx.DiGraph | None = None) -> pd.DataFrame:
    """The agencies involved in both national and local measures.

    Parameters
    ----------
    net : networkx.Graph
        The measure–agency graph (:func:`graph.projection.measure_agency_graph`).
    hierarchy : networkx.DiGraph, optional
        The agency tree (:func:`graph.projection.agency_hierarchy`), edges from a body
        to its parent. Without it only direct bridges are found.

    Returns
    -------
    pandas.DataFrame
        One row per agency listed for at least one measure that bridges, columns
        :data:`BRIDGE_COLUMNS`: ``bridges`` (:data:`DIRECT` or :data:`THROUGH`),
        ``national`` and ``local`` (the agency's own measures on each side),
        ``family_national`` and ``family_local`` (distinct measures on each side that
        list the agency or a body below it, at any depth), ``through`` (the Chinese
        names of the bodies below it that are listed for a measure, ``; ``-separated,
        in code-point order; empty for none). Direct bridges first, then by
        ``family_national + family_local`` (descending), ``agency``, ``iri``.

    Examples
    --------
    >>> net = nx.Graph()
    >>> net.add_nodes_from([("n1", {"kind": "measure", "level": "national"}),
    ...                     ("l1", {"kind": "measure", "level": "provincial"})])
    >>> net.add_nodes_from(["gacc", "cq"], kind="agency")
    >>> net.add_edges_from([("n1", "gacc"), ("l1", "cq")])
    >>> tree = nx.DiGraph([("cq", "gacc")])
    >>> bridging_agencies(net, tree)[["iri", "national", "local", "family_local"]].to_dict("records")
    [{'iri': 'gacc', 'national': 1, 'local': 0, 'family_local': 1}]
    """
    scopes = measure_scopes(net)
    listed = [n for n, d in net.nodes(data=True) if d.get("kind") == "agency"]
    rows = []
    for agency in listed:
        below = (sorted(n for n in nx.ancestors(hierarchy, agency) if n in net)
                 if hierarchy is not None and agency in hierarchy else [])
        own = [scopes.get(m) for m in net[agency]]
        family = {m for n in [agency, *below] for m in net[n]}
        family_scopes = [scopes.get(m) for m in family]
        row = {"national": own.count("national"), "local": own.count("local"),
               "family_national": family_scopes.count("national"),
               "family_local": family_scopes.count("local")}
        if not (row["family_national"] and row["family_local"]):
            continue
        direct = bool(row["national"] and row["local"])
        names = sorted(net.nodes[n].get("label_zh") or n for n in below)
        rows.append({**agency_names(net, agency), "bridges": DIRECT if direct else THROUGH, **row,
                     "through": "; ".join(names), "_direct": direct,
                     "_family": row["family_national"] + row["family_local"], **agency_ids(net, agency)})
    frame = sorted_frame(rows, [*BRIDGE_COLUMNS, "_direct", "_family"],
                         by=[("_direct", False), ("_family", False), ("agency", True), ("iri", True)])
    return frame[list(BRIDGE_COLUMNS)]
