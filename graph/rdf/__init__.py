"""The RDF graph of a build: its files, the embedded store that opens them, validation, exports.

``serialize`` writes triples as byte-stable Turtle and N-Triples; ``store`` opens
``OUT/graph.ttl`` as a pyoxigraph store (queries) or an rdflib graph (the model);
``validate`` checks a graph against ``ontology/shapes.ttl`` (pySHACL, or the shapes compiled
to SPARQL by ``shacl_sparql``); ``export`` writes the graph as Turtle, N-Triples, JSON-LD or
GraphML.
"""

from graph.rdf.export import FORMATS, ExportFormat, export, jsonld_context
from graph.rdf.serialize import PREFIXES, TURTLE_HEADER, ntriples_lines, turtle_text
from graph.rdf.shacl_sparql import CompiledShapes, compile_shapes
from graph.rdf.store import GRAPH_FILE, graph_file, open_rdflib, open_store
from graph.rdf.validate import ValidationReport, Violation, validate_directory, validate_graph, validate_store

__all__ = [
    "FORMATS",
    "GRAPH_FILE",
    "PREFIXES",
    "TURTLE_HEADER",
    "CompiledShapes",
    "ExportFormat",
    "ValidationReport",
    "Violation",
    "compile_shapes",
    "export",
    "graph_file",
    "jsonld_context",
    "ntriples_lines",
    "open_rdflib",
    "open_store",
    "turtle_text",
    "validate_directory",
    "validate_graph",
    "validate_store",
]
