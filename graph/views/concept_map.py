"""The concept map: trade-facilitation concepts, the measures that concern them, their agencies.

Concepts (Single Window, two-step declaration, AEO ...) link to the measures that name
them, and through them to the agencies responsible; national and local measures have
different colours. Above a size threshold the measures are folded into concept–agency
edges whose width counts them.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.render import ViewRenderer
>>> g = read_graph(SEED_OUT)
>>> html = render_concept_map(ViewRenderer.default(), g, measure_agency_graph(g))
>>> "单一窗口" in html
True
"""

from __future__ import annotations

import networkx as nx

from graph.projection import Source, collapse_measures, concept_graph, strongest_edges, top_agencies
from graph.views.agency_network import MAX_EDGES, NAV, TOP_AGENCIES
from graph.views.page_memo import PageMemo
from graph.views.render import Page, ViewRenderer

__all__ = ["FILENAME", "render_concept_map"]

FILENAME = "concepts.html"


def render_concept_map(renderer: ViewRenderer, g: Source, base: nx.Graph, *,
                       aggregate_above: int = 1500, top: int = TOP_AGENCIES,
                       memo: PageMemo | None = None) -> str:
    """Render the concept map.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    g : rdflib.Graph or pyoxigraph.Store
        The RDF graph (concepts are read from it).
    base : networkx.Graph
        Its :func:`~graph.projection.measure_agency_graph`.
    aggregate_above : int, default 1500
        Above this many nodes, measures are folded into concept–agency edges.
    top : int, default :data:`~graph.views.agency_network.TOP_AGENCIES`
        Once folded, at most this many agencies are drawn (those with the most measures).
    memo : PageMemo, optional
        The previous build's pages, kept when nothing they draw changed.

    Returns
    -------
    str
        The HTML page.
    """
    net = concept_graph(g, base)
    notes = []
    if net.number_of_nodes() > aggregate_above:
        notes.append(f"节点过多（{net.number_of_nodes()}），措施已汇总为概念—机构连线。"
                     "Too many nodes: measures are counted on concept–agency edges.")
        net = collapse_measures(net)
        agencies = sum(1 for _, d in net.nodes(data=True) if d["kind"] == "agency")
        if agencies > top:
            net = top_agencies(net, top)
            notes.append(f"显示涉及概念措施最多的 {top} 个机构（共 {agencies} 个）。"
                         f"Showing the {top} agencies with the most such measures, of {agencies}.")
        if net.number_of_edges() > MAX_EDGES:
            edges = net.number_of_edges()
            net = strongest_edges(net, MAX_EDGES)
            notes.append(f"显示措施最多的 {MAX_EDGES} 条连线（共 {edges} 条）。"
                         f"Showing the {MAX_EDGES} edges with the most measures, of {edges}.")
    concepts = sum(1 for _, d in net.nodes(data=True) if d["kind"] == "concept")
    page = Page(
        "贸易便利化概念图", "Concept map",
        f"{concepts} 个概念（菱形），连到涉及它们的措施（蓝色＝国家措施，橙色＝地方措施），再连到负责机构。",
        "Concepts (diamonds) linked to the measures that concern them (blue = national, "
        "orange = local) and through them to the agencies responsible.",
        nav=NAV, notes=notes, label_scaling=True,
    )
    return renderer.render_kept(net, base, page, name=FILENAME, memo=memo)
