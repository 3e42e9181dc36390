"""Fixed node positions for a view, computed once in Python so the page needs no physics.

A force-directed layout with a fixed seed: the same graph gives the same positions, so
the same input gives the same HTML bytes, and a browser can draw 2,000 nodes at once
instead of simulating them. Above :data:`ANCHORED_ABOVE` nodes a force layout is too slow
in Python, so only the non-measure nodes (agencies, concepts, sections) are laid out by
force, weighted by the measures they share, and each measure is set at the centre of its
neighbours, spiralling out from there when several share one place.

Examples
--------
>>> import networkx as nx
>>> pos = positions(nx.path_graph(3))
>>> sorted(pos) == [0, 1, 2] and pos == positions(nx.path_graph(3))
True
>>> all(isinstance(c, int) for xy in pos.values() for c in xy)
True
"""

from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx

__all__ = ["ANCHORED_ABOVE", "SEED", "positions"]

ANCHORED_ABOVE = 500
"""Node count above which measures are placed among their neighbours instead of by force."""

SEED = 20210820
"""The layout's fixed seed (any constant will do; this one is a document's date)."""


def positions(graph: nx.Graph, *, spacing: float = 90.0,
              iterations: int = 80) -> dict[Hashable, tuple[int, int]]:
    """Pixel positions for every node of a graph.

    Parameters
    ----------
    graph : networkx.Graph
        Any graph; a ``weight`` edge attribute pulls heavy edges' ends together, and
        ``relation="contains"`` edges (section -> measure) pull harder still.
    spacing : float, default 90.0
        Roughly the pixels between neighbouring nodes.
    iterations : int, default 80
        Fruchterman–Reingold iterations.

    Returns
    -------
    dict
        Node -> (x, y), integers centred on the origin.

    Examples
    --------
    >>> import networkx as nx
    >>> positions(nx.Graph())
    {}
    >>> positions(nx.empty_graph(1))
    {0: (0, 0)}
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(graph)): (0, 0)}
    anchors = [v for v, d in graph.nodes(data=True) if d.get("kind", "measure") != "measure"]
    if n > ANCHORED_ABOVE and 0 < len(anchors) <= ANCHORED_ABOVE:
        return _anchored(graph, anchors, spacing * math.sqrt(n), iterations)
    start = {node: (math.cos(i * 2.399963), math.sin(i * 2.399963)) for i, node in enumerate(graph)}
    pull = nx.Graph()
    pull.add_nodes_from(graph)
    pull.add_edges_from((u, v, {"w": 4.0 if d.get("relation") == "contains" else float(d.get("weight", 1))})
                        for u, v, d in graph.edges(data=True))
    raw = nx.spring_layout(pull, pos=start, seed=SEED, iterations=iterations, weight="w")
    scale = spacing * math.sqrt(n)
    return {node: (round(float(x) * scale), round(float(y) * scale)) for node, (x, y) in raw.items()}


def _anchored(graph: nx.Graph, anchors: list[Hashable], scale: float,
              iterations: int) -> dict[Hashable, tuple[int, int]]:
    """Force layout of the anchors; every other node at its neighbours' centre, on a spiral."""
    keep = set(anchors)
    pull = nx.Graph()
    pull.add_nodes_from(anchors)
    for u, v in graph.edges():
        if u in keep and v in keep:
            pull.add_edge(u, v, w=pull.get_edge_data(u, v, {"w": 0})["w"] + 1.0)
    for node in graph:
        if node in keep:
            continue
        around = [a for a in graph[node] if a in keep]
        for i, u in enumerate(around):
            for v in around[i + 1:]:
                pull.add_edge(u, v, w=pull.get_edge_data(u, v, {"w": 0})["w"] + 1.0)
    start = {a: (math.cos(i * 2.399963), math.sin(i * 2.399963)) for i, a in enumerate(anchors)}
    raw = nx.spring_layout(pull, pos=start, seed=SEED, iterations=iterations, weight="w")
    out = {a: (float(x) * scale, float(y) * scale) for a, (x, y) in raw.items()}
    crowd: dict[tuple[int, int], int] = {}
    ring = 0
    for node in graph:
        if node in keep:
            continue
        around = [out[a] for a in graph[node] if a in keep]
        if around:
            cx, cy = sum(x for x, _ in around) / len(around), sum(y for _, y in around) / len(around)
        else:
            ring += 1
            cx, cy = 1.2 * scale * math.cos(ring * 2.399963), 1.2 * scale * math.sin(ring * 2.399963)
        key = (round(cx), round(cy))
        k = crowd[key] = crowd.get(key, 0) + 1
        radius = 28.0 * math.sqrt(k)
        out[node] = (cx + radius * math.cos(k * 2.399963), cy + radius * math.sin(k * 2.399963))
    return {node: (round(out[node][0]), round(out[node][1])) for node in graph}
