"""The responsibility network of one document: its measures by section, linked to their agencies.

Section headings hold their measures; each measure is linked to every agency its clause
lists, the lead drawn thick and solid, joint thin and solid, participants dashed and
guides dotted. Hovering a measure shows its title, its source sentence and its clause.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.render import ViewRenderer
>>> base = measure_agency_graph(read_graph(SEED_OUT))
>>> pages = document_networks(ViewRenderer.default(), base)
>>> sorted(pages)
['doc-2021-7e7597.html', 'doc-2021-85-271f46.html']
"""

from __future__ import annotations

import networkx as nx

from graph.projection import collapse_measures, document_graph
from graph.views.agency_network import NAV
from graph.views.names import document_page
from graph.views.render import Page, ViewRenderer

__all__ = ["document_networks", "render_document_network"]


def render_document_network(renderer: ViewRenderer, base: nx.Graph, document: str, *,
                            aggregate_above: int) -> str:
    """Render one document's responsibility network.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.
    document : str
        The document's IRI.
    aggregate_above : int
        Above this many nodes, measures are folded into section–agency edges.

    Returns
    -------
    str
        The HTML page.
    """
    doc = base.graph["documents"][document]
    net = document_graph(base, document)
    notes = []
    if net.number_of_nodes() > aggregate_above:
        notes.append(f"措施过多（{net.number_of_nodes()} 个节点），已按章节汇总。"
                     "Too many nodes to draw one by one: measures are counted on section–agency edges.")
        net = collapse_measures(net)
    measures = sum(1 for _, d in net.nodes(data=True) if d["kind"] == "measure")
    label = doc["label_zh"] or document
    page = Page(
        f"{label} 责任分工网络", "Responsibility network of one document",
        f"《{doc['title'] or label}》：{measures} 项措施按章节分组，连到负责机构。"
        "粗实线＝牵头，细实线＝按职责分工负责，虚线＝参与、配合，点线＝指导。",
        "Measures grouped by section, each linked to the agencies responsible for it: thick = lead, "
        "thin = joint, dashed = participant, dotted = guide. Hover a measure for its source sentence.",
        nav=NAV, notes=notes,
    )
    return renderer.render(net, base, page)


def document_networks(renderer: ViewRenderer, base: nx.Graph, *,
                      aggregate_above: int = 1500) -> dict[str, str]:
    """Render every document that has measures; file name -> HTML.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.
    aggregate_above : int, default 1500
        See :func:`render_document_network`.

    Returns
    -------
    dict of str to str
    """
    with_measures = sorted({d["document"] for _, d in base.nodes(data=True) if d["kind"] == "measure"})
    docs = base.graph["documents"]
    return {document_page(doc, docs[doc]["label_zh"]):
            render_document_network(renderer, base, doc, aggregate_above=aggregate_above)
            for doc in with_measures}
