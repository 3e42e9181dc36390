"""Neo4j: the property graph of a build, loaded, exported and queried, and a local Neo4j 5 to serve it.

``mapping`` reads the declared mapping (``ontology/neo4j-mapping.toml``) and ``rows``
projects an RDF graph through it; ``statements`` builds the Cypher both ``load`` (batched,
idempotent ``UNWIND``/``MERGE`` over the official driver) and ``export`` (a Cypher script or
neo4j-admin CSV) use; ``cypher`` runs the Cypher twins of the named questions;
``connection`` opens a driver from :class:`Neo4jSettings`; ``jars``, ``server`` and
``admin_import`` run Neo4j 5 itself from Maven Central jars (``launcher/``). Errors are in
:mod:`graph.neo4j.errors`.

Inside this package ``import neo4j`` still reaches the official driver: imports are
absolute, and this package is ``graph.neo4j``.
"""

from graph.neo4j.admin_import import AdminImportResult, run_admin_import
from graph.neo4j.connection import DEFAULT_URI, Neo4jSettings, connect
from graph.neo4j.cypher import (
    CypherQuery,
    cypher_parameters,
    get_cypher,
    list_cypher,
    run_cypher,
    run_named_cypher,
)
from graph.neo4j.export import EXPORT_FORMATS, export_neo4j, write_admin_csv, write_cypher
from graph.neo4j.jars import NEO4J_VERSION, ensure_neo4j_jars
from graph.neo4j.load import LoadSummary, load_property_graph, wipe_database
from graph.neo4j.mapping import Neo4jMapping, load_mapping
from graph.neo4j.rows import NodeRow, PropertyGraph, RelationshipRow, read_property_graph
from graph.neo4j.server import Neo4jServer

__all__ = [
    "DEFAULT_URI",
    "EXPORT_FORMATS",
    "NEO4J_VERSION",
    "AdminImportResult",
    "CypherQuery",
    "LoadSummary",
    "Neo4jMapping",
    "Neo4jServer",
    "Neo4jSettings",
    "NodeRow",
    "PropertyGraph",
    "RelationshipRow",
    "connect",
    "cypher_parameters",
    "ensure_neo4j_jars",
    "export_neo4j",
    "get_cypher",
    "list_cypher",
    "load_mapping",
    "load_property_graph",
    "read_property_graph",
    "run_admin_import",
    "run_cypher",
    "run_named_cypher",
    "wipe_database",
    "write_admin_csv",
    "write_cypher",
]
