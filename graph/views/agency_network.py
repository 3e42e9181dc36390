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
>>> "机构协作网络" in html and html.count('"shape": "dot"') > 10
True
"""

from __future__ import annotations

import networkx as nx

from graph.projection import agency_graph
from graph.views.render import Page, ViewRenderer

__all__ = ["FILENAME", "NAV", "render_agency_network"]

FILENAME = "agencies.html"

NAV = [("../site/index.html", "← 网站首页 Site index"), ("agencies.html", "机构协作网络 Agency network"),
       ("concepts.html", "概念图 Concept map")]
"""Links every view shows under its title (views live side by side in ``views/``)."""


def render_agency_network(renderer: ViewRenderer, base: nx.Graph) -> str:
    """Render the co-responsibility network of all agencies.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.

    Returns
    -------
    str
        The HTML page.
    """
    net = agency_graph(base)
    page = Page(
        "机构协作网络", "Agency network",
        f"{net.number_of_nodes()} 个机构；连线表示共同负责的措施，线越粗共同措施越多；"
        "节点大小表示牵头措施数，颜色表示级别或类型。",
        f"{net.number_of_nodes()} agencies; an edge joins agencies listed for the same measure, "
        "wider for more shared measures. Node size = measures led; colour = level or type.",
        nav=NAV,
    )
    return renderer.render(net, base, page)
