"""The built graph opened for reading: ``DIR/graph.ttl`` as a pyoxigraph store or an rdflib graph.

pyoxigraph is the engine for queries (fast at any size); rdflib is the model, used for
validation and to check that both engines agree. Neither is cached: callers open a store
and pass it on.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import GraphNotFoundError

__all__ = ["GRAPH_FILE", "STORE_DIR", "graph_file", "open_rdflib", "open_store"]

GRAPH_FILE = "graph.ttl"
"""Name of the graph file ``tradekg build`` writes into its output directory."""

STORE_DIR = "store"
"""Folder of an output directory holding the graph in an on-disk Oxigraph store."""


def graph_file(directory: Path | str) -> Path:
    """Return ``DIRECTORY/graph.ttl``, checking that it exists.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.

    Returns
    -------
    Path

    Raises
    ------
    GraphNotFoundError
        When there is no ``graph.ttl`` in the directory.

    Examples
    --------
    >>> graph_file("/nonexistent")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.GraphNotFoundError: /nonexistent/graph.ttl not found; run `tradekg build ...` first
    """
    path = Path(directory) / GRAPH_FILE
    if not path.is_file():
        raise GraphNotFoundError(str(directory))
    return path


def open_store(directory: Path | str) -> ox.Store:
    """Open the built graph as a pyoxigraph store, for reading.

    A build leaves the graph in an on-disk store, ``DIRECTORY/store``, which opens
    read-only at once whatever the graph's size. A folder without one (written by an
    older build, or copied without it) has its ``graph.nt`` (or ``graph.ttl``) loaded into
    a new in-memory store instead.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.

    Returns
    -------
    pyoxigraph.Store
        The graph in the store's default graph.

    Raises
    ------
    GraphNotFoundError
        When there is no ``graph.ttl`` in the directory.

    Examples
    --------
    >>> len(open_store(SEED_OUT)) == sum(1 for _ in open(SEED_OUT / "graph.nt", encoding="utf-8"))
    True
    """
    turtle = graph_file(directory)
    on_disk = Path(directory) / STORE_DIR
    if (on_disk / "CURRENT").is_file():
        try:
            return ox.Store.read_only(str(on_disk))
        except OSError:
            pass  # an unreadable store: the graph files are the truth, read them instead
    store = ox.Store()
    ntriples = Path(directory) / "graph.nt"
    if ntriples.is_file():
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    else:
        store.bulk_load(path=str(turtle), format=ox.RdfFormat.TURTLE)
    return store


def open_rdflib(directory: Path | str) -> Graph:
    """Parse the built graph into an rdflib :class:`~rdflib.Graph`.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    GraphNotFoundError
        When there is no ``graph.ttl`` in the directory.
    """
    return Graph().parse(graph_file(directory), format="turtle")
