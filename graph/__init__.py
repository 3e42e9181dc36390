"""Graph: triples into RDF, Neo4j, networkx projections, pyvis views, queries and the CLI.

The entry points most programs need are re-exported here; each subsystem is a
subpackage with its own (:mod:`graph.rdf`, :mod:`graph.sparql`, :mod:`graph.neo4j`,
:mod:`graph.views`, :mod:`graph.site`, :mod:`graph.analysis`).

Examples
--------
>>> from graph import get_query, open_store, run_named
>>> run_named(open_store(SEED_OUT), get_query("agencies_by_measures_led")).rows[0]
('重庆市人民政府口岸和物流办公室', 11)
"""

from graph.pipeline import BuildResult, build, sample_corpus
from graph.query_library import NamedQuery, get_query, list_queries
from graph.rdf import open_rdflib, open_store, validate_directory
from graph.results import QueryResult, format_result
from graph.sparql import run_named, run_query

__all__ = [
    "BuildResult",
    "NamedQuery",
    "QueryResult",
    "build",
    "format_result",
    "get_query",
    "list_queries",
    "open_rdflib",
    "open_store",
    "run_named",
    "run_query",
    "sample_corpus",
    "validate_directory",
]
