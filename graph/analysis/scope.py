"""Whether a measure is national or local, from the jurisdiction of the document it sits in.

A measure's ``level`` in :func:`graph.projection.measure_agency_graph` is its document's
level: ``national`` for a document of the People's Republic (国务院, ministries,
海关总署), ``provincial`` / ``municipal`` / ``district`` for a document of a province,
a city or a district (the Chongqing plan is provincial: Chongqing is a municipality
directly under the central government). Analysis calls the first *national* and the
others *local*; a document without a known jurisdiction is neither.

Examples
--------
>>> [scope_of(level) for level in ("national", "provincial", "district", None)]
['national', 'local', 'local', None]
"""

from __future__ import annotations

from typing import Final

import networkx as nx

__all__ = ["LOCAL_LEVELS", "SCOPES", "measure_scopes", "scope_of"]

SCOPES: Final = ("national", "local")
"""The two scopes, national first."""

LOCAL_LEVELS: Final = ("provincial", "municipal", "district")
"""Levels of a local document's jurisdiction."""


def scope_of(level: str | None) -> str | None:
    """The scope (``national`` or ``local``) of a document level; None if unknown."""
    if level == "national":
        return "national"
    return "local" if level in LOCAL_LEVELS else None


def measure_scopes(net: nx.Graph) -> dict[str, str | None]:
    """The scope of every measure node of a measure–agency graph, by IRI.

    Parameters
    ----------
    net : networkx.Graph
        From :func:`graph.projection.measure_agency_graph` (or any projection with
        measure nodes).

    Returns
    -------
    dict
        Measure IRI -> ``"national"``, ``"local"`` or None.

    Examples
    --------
    >>> net = nx.Graph()
    >>> net.add_node("m1", kind="measure", level="national")
    >>> net.add_node("m2", kind="measure", level="provincial")
    >>> net.add_node("a", kind="agency", level="national")
    >>> measure_scopes(net)
    {'m1': 'national', 'm2': 'local'}
    """
    return {n: scope_of(d.get("level")) for n, d in net.nodes(data=True) if d.get("kind") == "measure"}
