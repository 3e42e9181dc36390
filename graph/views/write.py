"""Write every HTML view of a graph into a directory (``tradekg build`` calls this).

Examples
--------
>>> from graph.projection import read_graph
>>> written = write_views(read_graph(SEED_OUT), SEED_OUT / "views-doctest")
>>> sorted(written)[:3]
['agencies.html', 'agency-cn.caac.html', 'agency-cn.cbirc.html']
>>> len(written)
32
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx

from graph.projection import Source, measure_agency_graph
from graph.views import agency_network, concept_map
from graph.views.agency_pages import agency_pages
from graph.views.document_network import document_networks
from graph.views.page_folder import write_page_folder
from graph.views.page_memo import PageMemo
from graph.views.render import ViewRenderer

__all__ = ["AGENCY_PAGE_AGGREGATE_ABOVE", "AGGREGATE_ABOVE", "write_views"]

AGGREGATE_ABOVE = 1500
"""A view with more nodes than this folds its measures into counted edges."""

AGENCY_PAGE_AGGREGATE_ABOVE = 300
"""An agency's page with more nodes than this folds its measures into agency–agency edges
(a busy agency of a large corpus is on thousands of measures)."""


def write_views(g: Source, out: Path, *, renderer: ViewRenderer | None = None,
                aggregate_above: int = AGGREGATE_ABOVE,
                document_pages: Mapping[str, str] | None = None,
                base: nx.Graph | None = None, written: Iterable[str] = (), jobs: int = 1) -> dict[str, Path]:
    """Render the agency network, concept map, one page per document and per agency.

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        The RDF graph (see :func:`graph.projection.read_graph`).
    out : Path
        Directory to write into (created if needed), usually ``OUT/views``.
    renderer : ViewRenderer, optional
        By default the shipped template, styles and assets.
    aggregate_above : int, default :data:`AGGREGATE_ABOVE`
        Node count above which measures are folded into counted edges.
    document_pages : mapping of str to str, optional
        The documents' responsibility networks, file name -> HTML, already made (a build
        renders each file's with :func:`~graph.views.document_network.document_networks`
        on that file's own graph); by default they are rendered from ``g``.
    base : networkx.Graph, optional
        ``g``'s :func:`~graph.projection.measure_agency_graph`, when already made.
    written : iterable of str
        Names of the documents' pages a build has already written into ``out`` (then
        ``document_pages`` is empty): kept, not rendered again.
    jobs : int, default 1
        Worker processes for the agency pages (see :func:`~graph.views.agency_pages.agency_pages`).

    Returns
    -------
    dict of str to Path
        File name -> path of every page written. The same graph gives the same bytes.
    """
    renderer = renderer or ViewRenderer.default()
    base = base if base is not None else measure_agency_graph(g)
    memo = PageMemo(out)
    pages = {agency_network.FILENAME: agency_network.render_agency_network(renderer, base, memo=memo),
             concept_map.FILENAME: concept_map.render_concept_map(renderer, g, base, memo=memo,
                                                                  aggregate_above=aggregate_above)}
    if document_pages is None:
        pages.update(document_networks(renderer, base, aggregate_above=aggregate_above))
    else:
        pages.update(document_pages)
    ego_limit = min(aggregate_above, AGENCY_PAGE_AGGREGATE_ABOVE)
    pages.update(agency_pages(renderer, base, aggregate_above=ego_limit, memo=memo, jobs=jobs))
    renderer.assets.write(out.parent)
    result = write_page_folder(out, pages, keep=written)
    memo.save()
    return result
