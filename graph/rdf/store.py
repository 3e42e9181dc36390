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

__all__ = ["GRAPH_FILE", "graph_file", "open_rdflib", "open_store"]

GRAPH_FILE = "graph.ttl"
"""Name of the graph file ``tradekg build`` writes into its output directory."""


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
    """Load the built graph into a new in-memory pyoxigraph store.

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
    """
    store = ox.Store()
    store.bulk_load(path=str(graph_file(directory)), format=ox.RdfFormat.TURTLE)
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
