"""One page per agency: its ego network of measures and the agencies it shares them with.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.render import ViewRenderer
>>> base = measure_agency_graph(read_graph(SEED_OUT))
>>> pages = agency_pages(ViewRenderer.default(), base)
>>> len(pages), "agency-cn.gacc.html" in pages
(28, True)
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from graph.projection import collapse_measures, ego_graph
from graph.views.agency_network import NAV
from graph.views.names import agency_page
from graph.views.page_memo import PageMemo
from graph.views.render import Page, ViewRenderer

__all__ = ["PARTNERS_PER_PAGE", "agency_pages", "dissolution_note", "render_agency_page",
           "strongest_partners"]

PARTNERS_PER_PAGE = 200
"""An agency's page draws at most this many other agencies: those it shares the most measures with.

Without a cap, one clause listing N bodies gives N pages of N agencies each, and laying
them out costs N³; with it, the pages of a corpus cost in proportion to its agencies.
"""


def strongest_partners(net: nx.Graph, agency: str, keep: int) -> nx.Graph:
    """``net`` (an ego graph of ``agency``) with only the ``keep`` agencies sharing the most measures with it.

    Ties go to the agency first in the graph's order, so the choice is stable; the
    agency itself and every measure stay.

    Examples
    --------
    >>> net = nx.Graph([("a", "m1"), ("b", "m1"), ("c", "m1"), ("b", "m2"), ("a", "m2")])
    >>> nx.set_node_attributes(net, {n: "agency" if len(n) == 1 else "measure" for n in net}, "kind")
    >>> sorted(strongest_partners(net, "a", 1))
    ['a', 'b', 'm1', 'm2']
    """
    partners = [n for n, kind in net.nodes(data="kind") if kind == "agency" and n != agency]
    if len(partners) <= keep:
        return net
    shared = Counter(p for m in net[agency] for p in net[m] if p != agency)
    order = {n: i for i, n in enumerate(net)}
    chosen = set(sorted(partners, key=lambda p: (-shared[p], order[p]))[:keep])
    return net.subgraph([n for n, kind in net.nodes(data="kind")
                         if kind != "agency" or n == agency or n in chosen]).copy()


def dissolution_note(date: str, successors: list[str]) -> str:
    """What an agency page says of a body a reorganisation dissolved (the page escapes it).

    Examples
    --------
    >>> print(dissolution_note("2018-04-10", ["海关总署", "国家市场监督管理总局"]))
    已于 2018-04-10 撤销，职责划入海关总署、国家市场监督管理总局。Dissolved 2018-04-10, duties to 海关总署, \
国家市场监督管理总局.
    >>> dissolution_note("2023", [])
    '已于 2023 撤销。Dissolved 2023.'
    """
    named = [s for s in successors if s]
    if not named:
        return f"已于 {date} 撤销。Dissolved {date}."
    return (f"已于 {date} 撤销，职责划入{'、'.join(named)}。"
            f"Dissolved {date}, duties to {', '.join(named)}.")


def render_agency_page(renderer: ViewRenderer, base: nx.Graph, agency: str, *,
                       aggregate_above: int = 1500, memo: PageMemo | None = None) -> str:
    """Render one agency's ego network.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.
    agency : str
        The agency's IRI.
    aggregate_above : int, default 1500
        Above this many nodes, measures are folded into agency–agency edges.
    memo : PageMemo, optional
        The previous build's pages, kept when nothing they draw changed.

    Returns
    -------
    str
        The HTML page.
    """
    attrs = base.nodes[agency]
    net = ego_graph(base, agency)
    notes = []
    partners = sum(1 for n, kind in net.nodes(data="kind") if kind == "agency" and n != agency)
    if partners > PARTNERS_PER_PAGE:
        net = strongest_partners(net, agency, PARTNERS_PER_PAGE)
        notes.append(f"显示与其共同负责措施最多的 {PARTNERS_PER_PAGE} 个机构（共 {partners} 个）。"
                     f"Showing the {PARTNERS_PER_PAGE} agencies that share the most measures with it, "
                     f"of {partners}.")
    if net.number_of_nodes() > aggregate_above:
        notes.append("节点过多，措施已汇总。Too many nodes: measures are counted on the edges.")
        net = collapse_measures(net)
    name_zh, name_en = attrs["label_zh"] or agency, attrs["label_en"] or attrs["label_zh"] or agency
    if attrs.get("dissolved"):
        notes.insert(0, dissolution_note(attrs["dissolved"], (attrs.get("successors") or "").split("|")))
    page = Page(
        f"{name_zh} 的责任网络", f"{name_en}: measures and partners",
        f"{name_zh} 负责 {attrs['measures']} 项措施（牵头 {attrs['measures_led']} 项），"
        "以及与其共同负责这些措施的机构。",
        f"The {attrs['measures']} measures {name_en} is listed for ({attrs['measures_led']} led) "
        "and the agencies listed with it.",
        nav=NAV, notes=notes,
    )
    return renderer.render_kept(net, base, page, name=agency_page(attrs["key"]) if attrs["key"] else agency,
                                memo=memo)


def agency_pages(renderer: ViewRenderer, base: nx.Graph, *,
                 aggregate_above: int = 1500, memo: PageMemo | None = None) -> dict[str, str]:
    """Render a page for every agency of the projection; file name -> HTML.

    Parameters
    ----------
    renderer : ViewRenderer
        Template, styles and assets.
    base : networkx.Graph
        The :func:`~graph.projection.measure_agency_graph` of the corpus.
    aggregate_above : int, default 1500
        See :func:`render_agency_page`.
    memo : PageMemo, optional
        See :func:`render_agency_page`.

    Returns
    -------
    dict of str to str
    """
    return {agency_page(d["key"]): render_agency_page(renderer, base, n, aggregate_above=aggregate_above,
                                                      memo=memo)
            for n, d in base.nodes(data=True) if d["kind"] == "agency" and d["key"]}
