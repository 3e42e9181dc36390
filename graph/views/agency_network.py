"""The agency network view: who must work with whom, weighted by shared measures.

Agencies are nodes (size = measures led, colour = level or type); an edge joins two
agencies listed for the same measure, its width the number of measures they share and
its tooltip the list of them.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.render import ViewRenderer
>>> base = measure_agency_graph(read_graph(SEED_OUT))
>>> html = render_agency_network(ViewRenderer.default(), base)
>>> "机构协作网络" in html and html.count('"group":') == 28
True
"""

from __future__ import annotations

import networkx as nx

from graph.projection import agency_graph, strongest_edges, top_agencies
from graph.views.page_memo import PageMemo
from graph.views.render import Page, ViewRenderer

__all__ = ["FILENAME", "MAX_EDGES", "NAV", "TOP_AGENCIES", "render_agency_network"]

FILENAME = "agencies.html"

TOP_AGENCIES = 200
"""A corpus with more agencies draws only this many in its agency network (each keeps its page)."""

MAX_EDGES = 3000
"""An agency network with more edges draws only the heaviest this many."""

NAV = [("../site/index.html", "← 网站首页 Site index"), ("agencies.html", "机构协作网络 Agency network"),
       ("concepts.html", "概念图 Concept map")]
"""Links every view shows under its title (views live side by side in ``views/``)."""


def render_agency_network(renderer: ViewRenderer, base: nx.Graph, *, top: int = TOP_AGENCIES,
                          max_edges: int = MAX_EDGES, memo: PageMemo | None = None) -> str:
    """Render the co-responsibility network of all agencies (the busiest ones, for a large corpus).

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.
    top : int, default :data:`TOP_AGENCIES`
        Above this many agencies, only the ones listed for the most measures are drawn (the
        others keep their pages, linked from the site's agency table).
    max_edges : int, default :data:`MAX_EDGES`
        Above this many edges, only the heaviest are drawn.
    memo : PageMemo, optional
        The previous build's pages, kept when nothing they draw changed.

    Returns
    -------
    str
        The HTML page.
    """
    net = agency_graph(base)
    total, notes = net.number_of_nodes(), []
    if total > top:
        net = top_agencies(net, top)
        notes.append(f"共 {total} 个机构，图中显示负责措施最多的 {top} 个；"
                     "每个机构都有自己的页面（见网站首页的机构表）。"
                     f"Showing the {top} agencies listed for the most measures, of {total}; every agency has "
                     "its own page (see the site's agency table).")
    if net.number_of_edges() > max_edges:
        edges = net.number_of_edges()
        net = strongest_edges(net, max_edges)
        notes.append(f"显示共同措施最多的 {max_edges} 条连线（共 {edges} 条）。"
                     f"Showing the {max_edges} edges with the most shared measures, of {edges}.")
    page = Page(
        "机构协作网络", "Agency network",
        f"{total} 个机构；连线表示共同负责的措施，线越粗共同措施越多；"
        "节点大小表示牵头措施数，颜色表示级别或类型。",
        f"{total} agencies; an edge joins agencies listed for the same measure, "
        "wider for more shared measures. Node size = measures led; colour = level or type.",
        nav=NAV, notes=notes,
    )
    return renderer.render_kept(net, base, page, name=FILENAME, memo=memo)
