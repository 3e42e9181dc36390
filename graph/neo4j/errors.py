"""Errors of the Neo4j side: subclasses of :class:`loaders.errors.TradeKGError`.

Each says in words a user can act on what went wrong; ``graph/cli.py`` turns them into
messages, nothing else catches them.
"""

from __future__ import annotations

from loaders.errors import TradeKGError

__all__ = [
    "MappingError",
    "Neo4jConnectionError",
    "Neo4jCredentialsError",
    "Neo4jExportError",
    "Neo4jLoadError",
    "Neo4jQueryError",
    "Neo4jServerError",
]


class Neo4jConnectionError(TradeKGError):
    """The Neo4j server could not be reached, or refused the credentials."""


class Neo4jCredentialsError(TradeKGError):
    """A password the bundled server cannot use, or a data folder's credentials file missing or malformed."""


class Neo4jQueryError(TradeKGError):
    """Neo4j rejected a Cypher statement (syntax, a constraint, a missing database)."""


class Neo4jLoadError(TradeKGError):
    """A load could not be completed as the mapping declares."""


class Neo4jExportError(TradeKGError):
    """A value cannot be written in the chosen format."""


class MappingError(TradeKGError):
    """The mapping file ``ontology/neo4j-mapping.toml`` is malformed, or the graph does not fit it."""


class Neo4jServerError(TradeKGError):
    """The Neo4j jars could not be fetched, or the server or importer failed."""
