"""The HTML outputs of a build: the network views in ``OUT/views/`` and the site in ``OUT/site/``.

Pages are drawn from the RDF graph through :mod:`graph.projection`, so they show exactly
what the graph says. A document's own pages — its responsibility network and its
source-text page — depend on that document only, so a build renders them from each
file's own triples while it parses the file (:func:`document_pages`, in parallel, and
kept with the file's cached result); the pages about the whole corpus (the agency
network, the concept map, one page per agency, the site's index) are drawn from the
store at the end (:func:`write_html`).

Examples
--------
>>> written = write_html(SEED_OUT)
>>> written["views"].name, written["site"].name
('agencies.html', 'index.html')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from pathlib import Path

from graph.projection import Source, measure_agency_graph
from graph.rdf.store import open_store
from graph.site import document_site_pages, source_texts, write_site
from graph.views import ViewRenderer, write_views
from graph.views.document_network import render_document_network
from graph.views.names import document_page
from graph.views.write import AGGREGATE_ABOVE

__all__ = ["DocumentPages", "document_pages", "write_html"]

DocumentPages = dict[str, str]
"""One document's pages: path under ``OUT`` (``views/doc-….html``, ``site/doc-….html``) -> HTML."""


@functools.cache
def _renderer() -> ViewRenderer:
    """The shipped renderer, made once per process (it reads the packaged assets)."""
    return ViewRenderer.default()


def document_pages(source: Source, texts: Mapping[str, str] | None = None, *,
                   aggregate_above: int = AGGREGATE_ABOVE) -> dict[str, DocumentPages]:
    """Every document's own pages, by document IRI.

    Parameters
    ----------
    source : rdflib.Graph or pyoxigraph.Store
        The documents' triples and the reference triples they point at (one file's, or a
        whole corpus's: a document's pages are the same either way).
    texts : mapping of str to str, optional
        Decoded source text by ``tkg:SourceFile`` IRI, for the source-text pages.
    aggregate_above : int
        Node count above which a document's view folds its measures into counted edges.

    Returns
    -------
    dict of str to DocumentPages

    Examples
    --------
    >>> pages = document_pages(open_store(SEED_OUT))
    >>> sorted(len(p) for p in pages.values())  # the transmittal notice has no network
    [1, 2, 2]
    """
    base = measure_agency_graph(source)
    documents = base.graph["documents"]
    with_measures = {d["document"] for _, d in base.nodes(data=True) if d["kind"] == "measure"}
    pages: dict[str, DocumentPages] = {iri: {} for iri in documents}
    renderer = _renderer()
    for iri in sorted(with_measures):
        name = document_page(iri, documents[iri]["label_zh"])
        pages[iri][f"views/{name}"] = render_document_network(renderer, base, iri,
                                                              aggregate_above=aggregate_above)
    by_name = {document_page(iri, attrs["label_zh"]): iri for iri, attrs in documents.items()}
    for name, html in document_site_pages(base, sources=texts, assets=renderer.assets).items():
        pages[by_name[name]][f"site/{name}"] = html
    return pages


def write_html(out: Path, source: Source | None = None, *, digests: Mapping[str, str] | None = None,
               written: Iterable[str] | None = None, jobs: int = 1) -> dict[str, Path]:
    """Write the views and the site of the graph in ``out``.

    Parameters
    ----------
    out : Path
        A build's output directory.
    source : rdflib.Graph or pyoxigraph.Store, optional
        The graph; by default the build's store (:func:`graph.rdf.store.open_store`).
    digests : mapping of str to str, optional
        SHA-256 digest by source file path, so document pages rendered here can show
        each document's text.
    written : iterable of str, optional
        Every document's own pages, already written by the build (paths under ``out``,
        see :func:`document_pages`); rendered here from ``source`` when not given.
    jobs : int, default 1
        Worker processes for the agency pages; the same pages whatever the number.

    Returns
    -------
    dict of str to Path
        ``views`` -> the agency network page, ``site`` -> the site's index page.
    """
    g = source if source is not None else open_store(out)
    base = measure_agency_graph(g, texts=written is None, threads=3)  # written: only corpus-wide pages left
    if written is None:
        write_views(g, out / "views", renderer=_renderer(), base=base, jobs=jobs)
        write_site(g, out / "site", sources=source_texts(digests or {}), base=base)
    else:
        names = list(written)
        views = [n.removeprefix("views/") for n in names if n.startswith("views/")]
        site = [n.removeprefix("site/") for n in names if n.startswith("site/")]
        write_views(g, out / "views", renderer=_renderer(), base=base, document_pages={}, written=views,
                    jobs=jobs)
        write_site(g, out / "site", base=base, document_pages={}, written=site)
    return {"views": out / "views" / "agencies.html", "site": out / "site" / "index.html"}
