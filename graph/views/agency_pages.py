"""One page per agency: its ego network of measures and the agencies it shares them with.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.render import ViewRenderer
>>> base = measure_agency_graph(read_graph(SEED_OUT))
>>> pages = agency_pages(ViewRenderer.default(), base)
>>> len(pages), "agency-cn.gacc.html" in pages
(28, True)

With ``jobs`` above 1 and at least :data:`PARALLEL_FROM` agencies, the pages are drawn in
that many worker processes, each given the projection once; the pages are the same bytes.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

import networkx as nx

from graph.projection import collapse_measures, ego_graph
from graph.views.agency_network import NAV
from graph.views.assets import PageAssets
from graph.views.names import agency_page
from graph.views.page_memo import PageMemo
from graph.views.render import Page, ViewRenderer
from graph.views.style import Styles

__all__ = ["PARALLEL_FROM", "PARTNERS_PER_PAGE", "agency_pages", "dissolution_note", "render_agency_page",
           "strongest_partners"]

PARALLEL_FROM = 64
"""Fewer agency pages than this are drawn in the build's own process: starting workers and
handing them the projection would cost more than it saves."""

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
                 aggregate_above: int = 1500, memo: PageMemo | None = None, jobs: int = 1) -> dict[str, str]:
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
    jobs : int, default 1
        Worker processes to draw the pages in (from :data:`PARALLEL_FROM` pages on).

    Returns
    -------
    dict of str to str
        In the projection's order of agencies, whatever ``jobs``.
    """
    agencies = [(agency_page(d["key"]), n) for n, d in base.nodes(data=True)
                if d["kind"] == "agency" and d["key"]]
    if jobs <= 1 or len(agencies) < PARALLEL_FROM:
        return {name: render_agency_page(renderer, base, n, aggregate_above=aggregate_above, memo=memo)
                for name, n in agencies}
    setup = (renderer.styles, renderer.assets, base, aggregate_above, memo.folder if memo else None)
    with ProcessPoolExecutor(jobs, mp_context=get_context("spawn"), initializer=_start_worker,
                             initargs=setup) as pool:
        drawn = list(pool.map(_draw_in_worker, [n for _, n in agencies],
                              chunksize=max(1, len(agencies) // (8 * jobs))))
    pages = {}
    for (name, _), (fingerprint, reused, html) in zip(agencies, drawn, strict=True):
        if memo is not None and fingerprint is not None:
            memo.adopt(name, fingerprint, reused=reused)
        pages[name] = html
    return pages


_WORKER: dict[str, object] = {}
"""What a worker process draws with, set once when it starts (:func:`_start_worker`)."""


def _start_worker(styles: Styles, assets: PageAssets, base: nx.Graph, aggregate_above: int,
                  memo_folder: Path | None) -> None:
    _WORKER.update(renderer=ViewRenderer(styles, assets), base=base, aggregate_above=aggregate_above,
                   memo=PageMemo(memo_folder) if memo_folder is not None else None)


def _draw_in_worker(agency: str) -> tuple[str | None, bool, str]:
    """One agency's page in a worker: its fingerprint (None without a memo), whether it was kept, the HTML."""
    renderer, base, memo = _WORKER["renderer"], _WORKER["base"], _WORKER["memo"]
    assert isinstance(renderer, ViewRenderer) and isinstance(base, nx.Graph)
    assert memo is None or isinstance(memo, PageMemo)
    aggregate_above = _WORKER["aggregate_above"]
    assert isinstance(aggregate_above, int)
    before = memo.reused if memo is not None else 0
    html = render_agency_page(renderer, base, agency, aggregate_above=aggregate_above, memo=memo)
    if memo is None:
        return None, False, html
    return memo.fingerprint(agency_page(base.nodes[agency]["key"])), memo.reused > before, html
