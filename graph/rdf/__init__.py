"""The RDF graph of a build: its files, the embedded store that opens them, validation, exports.

``serialize`` writes triples as byte-stable Turtle and N-Triples; ``store`` opens
``OUT/graph.ttl`` as a pyoxigraph store (queries) or an rdflib graph (the model);
``validate`` checks a graph against ``ontology/shapes.ttl``; ``export`` writes the graph
as Turtle, N-Triples, JSON-LD or GraphML.
"""

from graph.rdf.export import FORMATS, ExportFormat, export, jsonld_context
from graph.rdf.serialize import PREFIXES, sorted_triples, write_ntriples, write_turtle
from graph.rdf.store import GRAPH_FILE, graph_file, open_rdflib, open_store
from graph.rdf.validate import ValidationReport, Violation, validate_directory, validate_graph

__all__ = [
    "FORMATS",
    "GRAPH_FILE",
    "PREFIXES",
    "ExportFormat",
    "ValidationReport",
    "Violation",
    "export",
    "graph_file",
    "jsonld_context",
    "open_rdflib",
    "open_store",
    "sorted_triples",
    "validate_directory",
    "validate_graph",
    "write_ntriples",
    "write_turtle",
]
