"""Each agency's load: the measures it leads, the measures it joins, and how many are national or local.

Counted on the measure–agency graph (:func:`graph.projection.measure_agency_graph`), one
edge per measure and agency with the agency's strongest role there, so an agency named
twice in one measure counts once.

Examples
--------
>>> from graph.projection import measure_agency_graph, read_graph
>>> load = agency_load(measure_agency_graph(read_graph(SEED_OUT)))
>>> load[["agency", "involved", "led", "joined", "national", "local"]].head(1).to_dict("records")
[{'agency': '海关总署', 'involved': 26, 'led': 9, 'joined': 17, 'national': 26, 'local': 0}]
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from graph.analysis.frames import AGENCY_COLUMNS, ID_COLUMNS, agency_ids, agency_names, sorted_frame
from graph.analysis.scope import measure_scopes

__all__ = ["LOAD_COLUMNS", "agency_load"]

LOAD_COLUMNS = (*AGENCY_COLUMNS, "involved", "led", "joined", "joint", "participant", "guide",
                "national", "local", "national_share", "local_share", *ID_COLUMNS)
"""Columns of :func:`agency_load`."""


def agency_load(net: nx.Graph) -> pd.DataFrame:
    """How many measures each agency leads and joins, national and local.

    Parameters
    ----------
    net : networkx.Graph
        The measure–agency graph (:func:`graph.projection.measure_agency_graph`).

    Returns
    -------
    pandas.DataFrame
        One row per agency listed for at least one measure, columns :data:`LOAD_COLUMNS`:

        - ``involved``: measures that list the agency, in any role;
        - ``led``: measures it leads (role lead: explicit 牵头, the only body listed, or
          first listed under a document rule);
        - ``joined``: measures it is involved in without leading (``involved - led``),
          split by role into ``joint`` (listed, nobody leads), ``participant`` (beside a
          lead) and ``guide`` (指导);
        - ``national``, ``local``: involved measures of national and of local documents
          (see :mod:`graph.analysis.scope`), with ``national_share`` and ``local_share``
          their fractions of ``involved`` (they add up to 1 unless a document has no known
          jurisdiction).

        Sorted by ``involved`` (descending), ``led`` (descending), ``agency``, ``iri``:
        the order of the named SPARQL query ``agencies_by_measures_involved``.

    Examples
    --------
    >>> from graph.projection import measure_agency_graph, read_graph
    >>> load = agency_load(measure_agency_graph(read_graph(SEED_OUT)))
    >>> load[["agency", "involved", "led", "joined", "local_share"]].head(3)
                agency  involved  led  joined  local_share
    0             海关总署        26    9      17          0.0
    1  重庆市人民政府口岸和物流办公室        14   11       3          1.0
    2          各地区人民政府        13    1      12          0.0
    """
    scopes = measure_scopes(net)
    rows = []
    for node, attrs in net.nodes(data=True):
        if attrs.get("kind") != "agency":
            continue
        roles = [d.get("role") for _, _, d in net.edges(node, data=True)]
        where = [scopes.get(m) for m in net[node]]
        involved = len(roles)
        national, local = where.count("national"), where.count("local")
        rows.append({
            **agency_names(net, node),
            "involved": involved, "led": roles.count("lead"), "joined": involved - roles.count("lead"),
            "joint": roles.count("joint"), "participant": roles.count("participant"),
            "guide": roles.count("guide"), "national": national, "local": local,
            "national_share": national / involved if involved else 0.0,
            "local_share": local / involved if involved else 0.0,
            **agency_ids(net, node),
        })
    return sorted_frame(rows, LOAD_COLUMNS,
                        by=[("involved", False), ("led", False), ("agency", True), ("iri", True)])
