"""Errors the graph package raises: subclasses of :class:`loaders.errors.TradeKGError`.

Each says what went wrong in words a user can act on; ``graph/cli.py`` turns them into
messages and exit codes in one place, nothing else catches them. This module holds the
errors of the graph files, queries (both engines), the SPARQL side and the analysis;
the Neo4j side keeps its own in :mod:`graph.neo4j.errors`.

The hierarchy::

    TradeKGError (loaders.errors)
    ├── DocumentFormatError, EmptyDocumentError        (loaders.errors)
    ├── GraphNotFoundError, InvalidGraphError, UnknownFormatError
    ├── UnknownQueryError, QueryError, QueryParameterError
    ├── OxigraphServerError, GraphStoreError
    ├── AnalysisOutputError
    └── MappingError, Neo4jConnectionError, Neo4jQueryError, Neo4jLoadError,
        Neo4jExportError, Neo4jServerError                (graph.neo4j.errors)
"""

from __future__ import annotations

from loaders.errors import TradeKGError

__all__ = [
    "AnalysisOutputError",
    "GraphNotFoundError",
    "GraphStoreError",
    "InvalidGraphError",
    "OxigraphServerError",
    "QueryError",
    "QueryParameterError",
    "UnknownFormatError",
    "UnknownQueryError",
]


class GraphNotFoundError(TradeKGError):
    """A directory holds no built graph (``graph.ttl``).

    Examples
    --------
    >>> str(GraphNotFoundError("out"))
    'out/graph.ttl not found; run `tradekg build --out out` first'
    """

    def __init__(self, directory: str) -> None:
        self.directory = directory
        super().__init__(f"{directory}/graph.ttl not found; run `tradekg build --out {directory}` first")


class UnknownQueryError(TradeKGError):
    """A named query that is not in the library; the message lists the ones that are."""


class QueryError(TradeKGError):
    """A SPARQL query could not be parsed or run."""


class QueryParameterError(TradeKGError):
    """A query parameter is missing, unknown, or not of its declared type."""


class UnknownFormatError(TradeKGError):
    """An export or result format that does not exist; the message lists the valid ones."""


class InvalidGraphError(TradeKGError):
    """A graph does not conform to the SHACL shapes (``ontology/shapes.ttl``).

    Parameters
    ----------
    report : object
        The :class:`graph.rdf.validate.ValidationReport` with the violations.
    """

    def __init__(self, report: object, message: str) -> None:
        self.report = report
        super().__init__(message)


class OxigraphServerError(TradeKGError):
    """The Oxigraph server binary is missing, or the server could not load or start."""


class GraphStoreError(TradeKGError):
    """A SPARQL Graph Store Protocol endpoint refused or failed a request."""


class AnalysisOutputError(TradeKGError):
    """An analysis table could not be written (a full disk, a read-only directory)."""
