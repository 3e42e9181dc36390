"""The RDF graph as files: triples in, byte-stable Turtle and N-Triples out.

Triples are sorted by their N-Triples form before they are written, so the same input
gives the same bytes whatever order the loaders produced them in. Oxigraph does the
writing: it is fast enough for a national corpus (see ``benchmarks/``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from loaders import Triple
from loaders.vocab import OA, TKG, TKGC, TKGID

__all__ = ["PREFIXES", "sorted_triples", "to_oxigraph", "write_ntriples", "write_turtle"]

PREFIXES: dict[str, str] = {
    "tkg": str(TKG),
    "agency": str(TKGID["agency/"]),
    "place": str(TKGID["place/"]),
    "source": str(TKGID["source/"]),
    "concept": str(TKGC),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
}
"""Prefixes written at the top of Turtle output (and offered to SPARQL queries)."""


def _term(term: URIRef | Literal | BNode) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


def to_oxigraph(triple: Triple, cache: dict[URIRef, ox.NamedNode] | None = None) -> ox.Triple:
    """Convert an rdflib triple to an Oxigraph triple (IRIs memoised in ``cache``)."""
    s, p, o = triple
    memo = {} if cache is None else cache

    def named(iri: URIRef) -> ox.NamedNode:
        node = memo.get(iri)
        if node is None:
            node = memo[iri] = ox.NamedNode(str(iri))
        return node

    obj = named(o) if isinstance(o, URIRef) else _term(o)
    return ox.Triple(named(s), named(p), obj)


def sorted_triples(triples: Iterable[Triple]) -> list[ox.Triple]:
    """Distinct triples as Oxigraph terms, sorted by their N-Triples form.

    Examples
    --------
    >>> from rdflib import URIRef, Literal
    >>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
    >>> [str(t) for t in sorted_triples([(s, p, Literal("b")), (s, p, Literal("a")),
    ...                                   (s, p, Literal("a"))])]
    ['<http://x/s> <http://x/p> "a"', '<http://x/s> <http://x/p> "b"']
    """
    cache: dict[URIRef, ox.NamedNode] = {}
    unique = {to_oxigraph(t, cache) for t in triples}
    return sorted(unique, key=str)


def write_turtle(triples: list[ox.Triple], path: Path) -> None:
    """Write sorted triples as Turtle with the project's prefixes."""
    ox.serialize(triples, str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_ntriples(triples: list[ox.Triple], path: Path) -> None:
    """Write sorted triples as N-Triples, one per line."""
    ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
