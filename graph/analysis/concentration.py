"""How concentrated leadership is: the top lead agency's share of measures, and a Herfindahl index of leads.

For each scope (every measure, national measures, local measures) the table says how many
measures there are, how many have a lead at all (joint work has none: 按职责分工负责),
which agency leads most of them and what share that is, and the Herfindahl–Hirschman
index of leads, :math:`\\sum_a s_a^2` with :math:`s_a` agency *a*'s share of all lead
responsibilities: 1 when one agency leads everything, 1/*n* when *n* agencies lead
equally; ``lead_agencies_equivalent`` is its inverse, that *n*.

Examples
--------
>>> from graph.projection import measure_agency_graph, read_graph
>>> c = lead_concentration(measure_agency_graph(read_graph(SEED_OUT)))
>>> c[["scope", "measures", "measures_led", "top_agency", "top_led", "herfindahl"]].to_dict("records")[1]
{'scope': 'national', 'measures': 27, 'measures_led': 11, 'top_agency': '海关总署', 'top_led': 9, \
'herfindahl': 0.68595}
"""

from __future__ import annotations

from collections import Counter
from typing import Final

import networkx as nx
import pandas as pd

from graph.analysis.frames import sorted_frame
from graph.analysis.scope import SCOPES, measure_scopes

__all__ = ["ALL", "CONCENTRATION_COLUMNS", "lead_concentration"]

ALL: Final = "all"
"""``scope`` of the row over every measure."""

CONCENTRATION_COLUMNS = ("scope", "measures", "measures_led", "lead_agencies", "top_agency", "top_agency_en",
                         "top_led", "top_share_of_led", "top_share_of_measures", "herfindahl",
                         "lead_agencies_equivalent", "top_iri")
"""Columns of :func:`lead_concentration`."""


def lead_concentration(net: nx.Graph) -> pd.DataFrame:
    """Concentration of leadership, over all measures and over national and local ones.

    Parameters
    ----------
    net : networkx.Graph
        The measure–agency graph (:func:`graph.projection.measure_agency_graph`).

    Returns
    -------
    pandas.DataFrame
        Three rows, ``scope`` ``all``, ``national``, ``local`` in that order; columns
        :data:`CONCENTRATION_COLUMNS`: ``measures`` in the scope, ``measures_led`` (those
        with at least one lead), ``lead_agencies`` (agencies leading at least one),
        ``top_agency`` (the agency leading most; ties go to the one involved in more
        measures, then to the first name in code-point order), ``top_led`` (measures it
        leads), ``top_share_of_led`` = top_led / measures_led, ``top_share_of_measures`` =
        top_led / measures, ``herfindahl`` and ``lead_agencies_equivalent`` (see the
        module's docstring). Shares and index are 0 and the top agency empty for a scope
        without leads.

    Examples
    --------
    One measure led by x, one by y, one joint: x and y lead half each.

    >>> net = nx.Graph()
    >>> net.add_nodes_from(["m1", "m2", "m3"], kind="measure", level="national")
    >>> net.add_nodes_from(["x", "y"], kind="agency")
    >>> net.add_edges_from([("m1", "x", {"role": "lead"}), ("m2", "y", {"role": "lead"}),
    ...                     ("m3", "x", {"role": "joint"}), ("m3", "y", {"role": "joint"})])
    >>> row = lead_concentration(net).iloc[0]
    >>> row["top_iri"], float(row["top_share_of_led"]), float(row["herfindahl"])
    ('x', 0.5, 0.5)
    """
    scopes = measure_scopes(net)
    rows = []
    for scope in (ALL, *SCOPES):
        measures = [m for m, s in scopes.items() if scope == ALL or s == scope]
        leads = Counter(a for m in measures for a in net[m] if net.edges[m, a].get("role") == "lead")
        led = sum(1 for m in measures if any(net.edges[m, a].get("role") == "lead" for a in net[m]))
        total = sum(leads.values())
        top = min(leads, key=lambda a: (-leads[a], -net.degree(a), net.nodes[a].get("label_zh") or "", a),
                  default=None)
        hhi = sum((n / total) ** 2 for n in leads.values()) if total else 0.0
        rows.append({
            "scope": scope, "measures": len(measures), "measures_led": led, "lead_agencies": len(leads),
            "top_agency": net.nodes[top].get("label_zh") if top else None,
            "top_agency_en": net.nodes[top].get("label_en") if top else None,
            "top_led": leads[top] if top else 0,
            "top_share_of_led": leads[top] / led if top else 0.0,
            "top_share_of_measures": leads[top] / len(measures) if top else 0.0,
            "herfindahl": hhi, "lead_agencies_equivalent": 1 / hhi if hhi else 0.0, "top_iri": top,
        })
    return sorted_frame(rows, CONCENTRATION_COLUMNS, by=[])
