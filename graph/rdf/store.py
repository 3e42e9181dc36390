"""The built graph opened for reading: ``DIR/graph.ttl`` as a pyoxigraph store or an rdflib graph.

pyoxigraph is the engine for queries (fast at any size); rdflib is the model, used for
validation and to check that both engines agree. Neither is cached: callers open a store
and pass it on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from graph.errors import GraphFileError, GraphNotFoundError

__all__ = ["GRAPH_FILE", "STORE_DIR", "graph_file", "graph_file_error", "open_rdflib", "open_store",
           "read_graph_file"]

GRAPH_FILE = "graph.ttl"
"""Name of the graph file ``tradekg build`` writes into its output directory."""

STORE_DIR = "store"
"""Folder of an output directory holding the graph in an on-disk Oxigraph store."""

_SYNTAXES = {".ttl": ("Turtle", ox.RdfFormat.TURTLE), ".nt": ("N-Triples", ox.RdfFormat.N_TRIPLES)}
"""The graph files' syntaxes by suffix: the name said in messages, the pyoxigraph format."""

_OXIGRAPH_POSITION = re.compile(r"Parser error (?:at line (?P<at>\d+)|between line (?P<between>\d+))[^:]*: ")
"""Where pyoxigraph's (and the ``oxigraph`` command's) parse errors say the line, before the reason."""


def graph_file_error(path: Path | str, message: str, line: int | None = None) -> GraphFileError:
    """The error to raise for a graph file a parser rejected, from the parser's message.

    Parameters
    ----------
    path : Path or str
        The file (``.ttl`` is Turtle, anything else N-Triples).
    message : str
        What the parser said; pyoxigraph's ``Parser error at line N ...: reason`` gives
        the line and the reason.
    line : int, optional
        The 1-based line, when the parser gives it apart (rdflib).

    Returns
    -------
    GraphFileError

    Examples
    --------
    >>> str(graph_file_error("out/graph.ttl", "Parser error at line 910 between columns 1 and 5: "
    ...                      "this is not a valid subject or graph name"))  # doctest: +NORMALIZE_WHITESPACE
    'out/graph.ttl line 910: not valid Turtle (this is not a valid subject or graph name);
     rebuild it with `tradekg build --out out`'
    """
    syntax = _SYNTAXES.get(Path(path).suffix, _SYNTAXES[".nt"])[0]
    found = _OXIGRAPH_POSITION.search(message)
    if found is not None:
        line = int(found["at"] or found["between"])
        message = message[found.end():]
    reason = message.strip().splitlines()[0][:300] if message.strip() else "the parser gave no reason"
    return GraphFileError(str(path), syntax, line, reason)


def _rejected(path: Path, error: SyntaxError) -> GraphFileError:
    """:func:`graph_file_error` of pyoxigraph's SyntaxError or rdflib's (``BadSyntax``, 0-based ``lines``)."""
    why = getattr(error, "_why", None)  # rdflib's BadSyntax keeps its reason there, the line in .lines
    if isinstance(why, str):
        lines = getattr(error, "lines", None)
        return graph_file_error(path, why, lines + 1 if isinstance(lines, int) else None)
    return graph_file_error(path, error.msg or str(error))


def read_graph_file(path: Path) -> Iterator[ox.Quad]:
    """The triples of ``graph.ttl`` or ``graph.nt``, as pyoxigraph parses them, streamed.

    Raises
    ------
    GraphFileError
        When the file does not parse (the message has the line and the parser's reason).

    Examples
    --------
    >>> sum(1 for _ in read_graph_file(SEED_OUT / "graph.nt")) > 4000
    True
    """
    try:
        yield from ox.parse(path=str(path), format=_SYNTAXES.get(path.suffix, _SYNTAXES[".nt"])[1])
    except SyntaxError as err:
        raise _rejected(path, err) from err


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

    ``DIRECTORY/store`` is a link into the build's current state
    (:mod:`graph.pipeline.states`), followed once, when the store is opened: a store
    opened before a rebuild goes on answering from its own build, never from a mix.

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
    GraphFileError
        When the graph file read does not parse.

    Examples
    --------
    >>> len(open_store(SEED_OUT)) == sum(1 for _ in open(SEED_OUT / "graph.nt", encoding="utf-8"))
    True
    """
    turtle = graph_file(directory)
    on_disk = (Path(directory) / STORE_DIR).resolve()  # this build's store, whatever the link says later
    if (on_disk / "CURRENT").is_file():
        try:
            return ox.Store.read_only(str(on_disk))
        except OSError:
            pass  # an unreadable store: the graph files are the truth, read them instead
    store = ox.Store()
    ntriples = Path(directory) / "graph.nt"
    source = ntriples if ntriples.is_file() else turtle
    try:
        store.bulk_load(path=str(source), format=_SYNTAXES[source.suffix][1])
    except SyntaxError as err:
        raise _rejected(source, err) from err
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
    GraphFileError
        When ``graph.ttl`` does not parse.
    """
    turtle = graph_file(directory)
    try:
        return Graph().parse(turtle, format="turtle")
    except SyntaxError as err:  # rdflib's BadSyntax
        raise _rejected(turtle, err) from err
