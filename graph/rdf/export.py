"""The built graph in other formats: one table from ``--format`` names to writers.

``turtle`` and ``nt`` are the RDF graph as it is (sorted, so byte-stable); ``jsonld`` is
compacted JSON-LD with the published context ``ontology/context.jsonld`` embedded;
``graphml`` is the measure–agency–concept network for Gephi, read through
:mod:`graph.projection`. Libraries only one writer needs are imported inside it. An
unknown name raises :class:`~graph.errors.UnknownFormatError` listing the valid ones.

Examples
--------
>>> sorted(FORMATS)
['graphml', 'jsonld', 'nt', 'turtle']
>>> writer_for("csv")
Traceback (most recent call last):
...
graph.errors.UnknownFormatError: unknown export format 'csv'; use one of: graphml, jsonld, nt, turtle
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

from graph.errors import UnknownFormatError
from graph.rdf.store import graph_file, open_rdflib, read_graph_file
from ontology import data_path

__all__ = ["FORMATS", "ExportFormat", "export", "jsonld_context", "writer_for"]


@dataclass(frozen=True, slots=True)
class ExportFormat:
    """A format ``tradekg export`` writes.

    Attributes
    ----------
    write : callable
        ``write(directory, stream)``: reads the graph built in ``directory`` and writes
        bytes to ``stream``.
    suffix : str
        File name suffix, for ``-o`` defaults and messages.
    media_type : str
        The format's media type.
    description : str
        One line for ``--help``.
    """

    write: Callable[[Path, BinaryIO], None]
    suffix: str
    media_type: str
    description: str


def _write_turtle(directory: Path, stream: BinaryIO) -> None:
    stream.write(graph_file(directory).read_bytes())


def _write_ntriples(directory: Path, stream: BinaryIO) -> None:
    written = Path(directory) / "graph.nt"
    if written.is_file():  # the build's own N-Triples, copied as they are
        with written.open("rb") as handle:
            shutil.copyfileobj(handle, stream, 1 << 20)
        return
    quads = read_graph_file(graph_file(directory))
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in quads}, key=str)
    ox.serialize(triples, stream, ox.RdfFormat.N_TRIPLES)


def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context, ``ontology/context.jsonld`` (its ``@context`` value).

    Examples
    --------
    >>> ctx = jsonld_context()
    >>> ctx["ledBy"], ctx["tkg"]
    ({'@id': 'tkg:ledBy', '@type': '@id'}, 'https://w3id.org/tradekg/ontology#')
    """
    loaded: dict[str, Any] = json.loads(data_path("context.jsonld").read_text(encoding="utf-8"))
    context: dict[str, Any] = loaded["@context"]
    return context


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _sorted_node(node: dict[str, Any]) -> dict[str, Any]:
    return {k: sorted(v, key=_sort_key) if isinstance(v, list) else v for k, v in sorted(node.items())}


def _write_jsonld(directory: Path, stream: BinaryIO) -> None:
    context = jsonld_context()
    text = open_rdflib(directory).serialize(format="json-ld", context=context, auto_compact=True)
    document = json.loads(text)
    nodes = document.get("@graph", [document])
    nodes = [_sorted_node(n) for n in nodes if isinstance(n, dict)]
    nodes.sort(key=lambda n: str(n.get("id", n.get("@id", ""))))
    out = {"@context": context, "@graph": nodes}
    stream.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8") + b"\n")


def _write_graphml(directory: Path, stream: BinaryIO) -> None:
    import networkx as nx

    from graph.projection import concept_graph, measure_agency_graph, read_graph

    rdf = read_graph(directory)
    # Concept edges from concept_graph; every measure and agency, with whole-graph counts,
    # from measure_agency_graph (compose lets the second graph's attributes win).
    net = nx.compose(concept_graph(rdf), measure_agency_graph(rdf))
    net.graph.clear()  # document and section tables: not expressible in GraphML
    for _node, attrs in net.nodes(data=True):
        label = attrs.get("label_zh") or attrs.get("title") or attrs.get("number")
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
        attrs["label"] = str(label or "")
    for _a, _b, attrs in net.edges(data=True):
        for key in [k for k, v in attrs.items() if v is None]:
            del attrs[key]
    nx.write_graphml(net, stream, encoding="utf-8", prettyprint=True)


FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat(_write_turtle, ".ttl", "text/turtle",
                           "RDF Turtle, sorted (the graph.ttl a build wrote)"),
    "nt": ExportFormat(_write_ntriples, ".nt", "application/n-triples",
                       "RDF N-Triples, one triple a line, sorted"),
    "jsonld": ExportFormat(_write_jsonld, ".jsonld", "application/ld+json",
                           "JSON-LD, compacted with ontology/context.jsonld embedded"),
    "graphml": ExportFormat(_write_graphml, ".graphml", "application/graphml+xml",
                            "GraphML for Gephi: measures, agencies, concepts; roles and ranks on edges"),
}
"""Export formats by ``--format`` name."""


def writer_for(name: str) -> ExportFormat:
    """The export format called ``name``.

    Raises
    ------
    UnknownFormatError
        When there is none; the message lists the valid names.
    """
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown export format {name!r}; use one of: {', '.join(sorted(FORMATS))}") from None


def export(directory: Path | str, fmt: str, stream: BinaryIO) -> None:
    """Write the graph built in ``directory`` to ``stream`` in format ``fmt``.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.
    fmt : str
        A name of :data:`FORMATS`.
    stream : binary file
        Where the bytes go.

    Raises
    ------
    UnknownFormatError
        For a format that does not exist.
    GraphNotFoundError
        When the directory holds no graph.

    Examples
    --------
    >>> import io
    >>> buffer = io.BytesIO()
    >>> export(SEED_OUT, "nt", buffer)
    >>> buffer.getvalue().count(b"\\n") > 4000
    True
    """
    writer_for(fmt).write(Path(directory), stream)
