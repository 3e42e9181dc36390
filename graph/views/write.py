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

from pathlib import Path

import rdflib

from graph.projection import measure_agency_graph
from graph.views import agency_network, concept_map
from graph.views.agency_pages import agency_pages
from graph.views.document_network import document_networks
from graph.views.render import ViewRenderer

__all__ = ["AGGREGATE_ABOVE", "write_views"]

AGGREGATE_ABOVE = 1500
"""A view with more nodes than this folds its measures into counted edges."""


def write_views(g: rdflib.Graph, out: Path, *, renderer: ViewRenderer | None = None,
                aggregate_above: int = AGGREGATE_ABOVE) -> dict[str, Path]:
    """Render the agency network, concept map, one page per document and per agency.

    Parameters
    ----------
    g : rdflib.Graph
        The RDF graph (see :func:`graph.projection.read_graph`).
    out : Path
        Directory to write into (created if needed), usually ``OUT/views``.
    renderer : ViewRenderer, optional
        By default the shipped template, styles and assets.
    aggregate_above : int, default :data:`AGGREGATE_ABOVE`
        Node count above which measures are folded into counted edges.

    Returns
    -------
    dict of str to Path
        File name -> path of every page written. The same graph gives the same bytes.
    """
    renderer = renderer or ViewRenderer.default()
    base = measure_agency_graph(g)
    pages = {agency_network.FILENAME: agency_network.render_agency_network(renderer, base),
             concept_map.FILENAME: concept_map.render_concept_map(renderer, g, base,
                                                                  aggregate_above=aggregate_above)}
    pages.update(document_networks(renderer, base, aggregate_above=aggregate_above))
    pages.update(agency_pages(renderer, base, aggregate_above=aggregate_above))
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in sorted(pages):
        path = out / name
        path.write_text(pages[name], encoding="utf-8")
        written[name] = path
    return written
