"""Errors the graph package raises: subclasses of :class:`loaders.errors.TradeKGError`.

Each says what went wrong in words a user can act on; ``graph/cli.py`` turns them into
messages and exit codes in one place, nothing else catches them. This module holds the
errors of the graph files, queries (both engines), the SPARQL side and the analysis;
the Neo4j side keeps its own in :mod:`graph.neo4j.errors`.

The hierarchy::

    TradeKGError (loaders.errors)
    ├── DocumentFormatError, EmptyDocumentError        (loaders.errors)
    ├── CorpusPathError                                 (loaders.errors)
    ├── GraphNotFoundError, GraphFileError, InvalidGraphError, UnknownFormatError (UnknownEngineError)
    ├── UnsupportedShapeError
    ├── UnknownQueryError, QueryError (ServiceClauseError, UpdateRefusedError),
    │   QueryParameterError
    ├── OxigraphServerError, GraphStoreError
    ├── AnalysisOutputError, ExecutorError
    ├── OutputFolderError, NothingBuiltError
    └── MappingError, Neo4jConnectionError, Neo4jQueryError, Neo4jLoadError,
        Neo4jExportError, Neo4jServerError                (graph.neo4j.errors)
"""

from __future__ import annotations

from pathlib import PurePath

from loaders.errors import TradeKGError

__all__ = [
    "AnalysisOutputError",
    "ExecutorError",
    "GraphFileError",
    "GraphNotFoundError",
    "GraphStoreError",
    "InvalidGraphError",
    "NothingBuiltError",
    "OutputFolderError",
    "OxigraphServerError",
    "QueryError",
    "QueryParameterError",
    "ServiceClauseError",
    "UnknownEngineError",
    "UnknownFormatError",
    "UnknownQueryError",
    "UnsupportedShapeError",
    "UpdateRefusedError",
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


class GraphFileError(TradeKGError):
    """A graph file of a build (``graph.ttl``, ``graph.nt``) does not parse: damaged, cut short or edited.

    Parameters
    ----------
    path : str
        The file.
    syntax : str
        What it should be (``Turtle``, ``N-Triples``).
    line : int or None
        The 1-based line of the first error, when the parser says.
    reason : str
        The parser's words.

    Examples
    --------
    >>> str(GraphFileError("out/graph.ttl", "Turtle", 910, "expected a subject"))
    'out/graph.ttl line 910: not valid Turtle (expected a subject); rebuild it with `tradekg build --out out`'
    """

    def __init__(self, path: str, syntax: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        where = f"{path} line {line}" if line is not None else path
        folder = str(PurePath(path).parent)
        super().__init__(f"{where}: not valid {syntax} ({reason}); "
                         f"rebuild it with `tradekg build --out {folder}`")


class UnknownQueryError(TradeKGError):
    """A named query that is not in the library; the message lists the ones that are."""


class QueryError(TradeKGError):
    """A SPARQL query could not be parsed or run."""


class ServiceClauseError(QueryError):
    """A query has a ``SERVICE`` clause, which would make tradekg send it to another endpoint.

    Parameters
    ----------
    targets : list of str
        The endpoints named (IRIs as written, or variables).
    option : str
        The option that allows such queries.

    Examples
    --------
    >>> str(ServiceClauseError(["<http://a/>", "?b"], "--allow-service"))  # doctest: +NORMALIZE_WHITESPACE
    'the query has a SERVICE clause, which would send it to <http://a/> and ?b over HTTP;
     tradekg runs such queries only with --allow-service'
    """

    def __init__(self, targets: list[str], option: str) -> None:
        self.targets = targets
        shown = " and ".join(t[:200] for t in targets[:3]) + (" and others" if len(targets) > 3 else "")
        super().__init__(f"the query has a SERVICE clause, which would send it to {shown} over HTTP; "
                         f"tradekg runs such queries only with {option}")


class UpdateRefusedError(QueryError):
    """A SPARQL update (``INSERT``, ``DELETE``, ``LOAD``, ...) sent where tradekg only reads the graph.

    Examples
    --------
    >>> str(UpdateRefusedError())
    'updates are refused: tradekg serves the graph read-only'
    """

    MESSAGE = "updates are refused: tradekg serves the graph read-only"
    """The one line said by ``tradekg query`` and, with HTTP 403, by ``tradekg serve``."""

    def __init__(self) -> None:
        super().__init__(self.MESSAGE)


class QueryParameterError(TradeKGError):
    """A query parameter is missing, unknown, or not of its declared type."""


class UnknownFormatError(TradeKGError):
    """An export or result format that does not exist; the message lists the valid ones."""


class UnknownEngineError(UnknownFormatError):
    """A validation engine that does not exist; the message lists the valid ones.

    Examples
    --------
    >>> str(UnknownEngineError("jena"))
    "no validation engine 'jena'; choose oxigraph or pyshacl"
    """

    def __init__(self, engine: str) -> None:
        self.engine = engine
        super().__init__(f"no validation engine {engine!r}; choose oxigraph or pyshacl")


class UnsupportedShapeError(TradeKGError):
    """A shapes graph uses a SHACL construct the SPARQL compiler does not translate.

    The message names the shape and the construct; pySHACL (``--engine pyshacl``), the
    reference engine, reads every construct.

    Examples
    --------
    >>> str(UnsupportedShapeError("tkgsh:Measure-number", "sh:flags"))  # doctest: +NORMALIZE_WHITESPACE
    'tkgsh:Measure-number uses sh:flags, which the SPARQL validator does not compile;
     validate with --engine pyshacl, or rewrite the shape'
    """

    def __init__(self, shape: str, construct: str) -> None:
        self.shape = shape
        self.construct = construct
        super().__init__(f"{shape} uses {construct}, which the SPARQL validator does not compile; "
                         "validate with --engine pyshacl, or rewrite the shape")


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


class ExecutorError(TradeKGError):
    """The executor a build was asked to run on is unknown, not installed or unreachable."""


class OutputFolderError(TradeKGError):
    """A build's output folder cannot be written: read-only, full, or in use by another build.

    The message names the folder or the file, and says whether the previous build in the
    folder was kept (it always is: see :mod:`graph.pipeline.states`).
    """


class NothingBuiltError(TradeKGError):
    """A build read no document, so it did not replace the previous build of its output folder.

    The message lists what went wrong with the inputs and ends by saying the previous
    build was kept.
    """
