"""The RDF graph as files: triples in, byte-stable N-Triples and Turtle text out.

:func:`ntriples_lines` writes the loaders' rdflib triples as N-Triples lines exactly as
Oxigraph writes them (the same escapes, no ``^^xsd:string``), distinct and sorted, without
building a term object per triple: the text is what the build streams, caches per
document and bulk-loads. :func:`turtle_text` turns such lines into Turtle with the
project's prefixes (Oxigraph writes it), and :data:`TURTLE_HEADER` starts the file, so
Turtle bodies written one document at a time concatenate into one valid document;
:func:`turtle_chunks` writes a long run of lines that way, a bounded piece at a time.

Examples
--------
>>> from rdflib import URIRef, Literal
>>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
>>> ntriples_lines([(s, p, Literal("b")), (s, p, Literal('a"\\n', lang="zh")), (s, p, Literal("b"))])
['<http://x/s> <http://x/p> "a\\\\"\\\\n"@zh .\\n', '<http://x/s> <http://x/p> "b" .\\n']
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from loaders import Triple
from loaders.vocab import OA, TKG, TKGC, TKGID

__all__ = ["PREFIXES", "TURTLE_HEADER", "ntriples_line", "ntriples_lines", "turtle_chunks",
           "turtle_text"]

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

TURTLE_HEADER = "".join(f"@prefix {name}: <{namespace}> .\n" for name, namespace in PREFIXES.items())
"""The ``@prefix`` lines that start ``graph.ttl``, in :data:`PREFIXES` order."""

_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                 ord('"'): '\\"', ord("\\"): "\\\\"})
_STRING = str(XSD.string)


def _literal(term: Literal) -> str:
    text = '"' + str(term).translate(_ESCAPES) + '"'
    if term.language:
        return f"{text}@{term.language}"
    datatype = term.datatype
    if datatype is not None and str(datatype) != _STRING:
        return f"{text}^^<{datatype}>"
    return text


def ntriples_line(triple: Triple, cache: dict[URIRef, str] | None = None) -> str:
    """One triple as an N-Triples line (with its `` .`` and newline), as Oxigraph writes it.

    Parameters
    ----------
    triple : Triple
        rdflib subject, predicate and object (IRIs and literals; the graph has no blank node).
    cache : dict, optional
        Memo of IRIs already written, for a stream of triples that repeat them.

    Returns
    -------
    str

    Examples
    --------
    >>> from rdflib import URIRef, Literal, XSD
    >>> ntriples_line((URIRef("http://x/m"), URIRef("http://x/rank"), Literal("2", datatype=XSD.integer)))
    '<http://x/m> <http://x/rank> "2"^^<http://www.w3.org/2001/XMLSchema#integer> .\\n'
    """
    memo: dict[URIRef, str] = {} if cache is None else cache
    parts = []
    for term in triple:
        if isinstance(term, URIRef):
            text = memo.get(term)
            if text is None:
                text = memo[term] = f"<{term}>"
            parts.append(text)
        elif isinstance(term, Literal):
            parts.append(_literal(term))
        elif isinstance(term, BNode):
            parts.append(f"_:{term}")
        else:
            raise TypeError(f"not an RDF term: {term!r}")
    return f"{parts[0]} {parts[1]} {parts[2]} .\n"


def ntriples_lines(triples: Iterable[Triple]) -> list[str]:
    """Distinct triples as N-Triples lines, sorted (the order Oxigraph's terms sort in)."""
    cache: dict[URIRef, str] = {}
    return sorted({ntriples_line(t, cache) for t in triples})


def turtle_text(lines: Iterable[str], *, header: bool = False) -> str:
    """N-Triples lines as Turtle with the project's prefixes (Oxigraph writes it).

    Parameters
    ----------
    lines : iterable of str
        N-Triples lines, e.g. from :func:`ntriples_lines`; their order is kept.
    header : bool, default False
        Start with :data:`TURTLE_HEADER`. Without it the text is a body that follows the
        header: bodies of disjoint subjects concatenate into one Turtle document.

    Returns
    -------
    str

    Examples
    --------
    >>> print(turtle_text(['<https://w3id.org/tradekg/id/agency/cn.gacc> '
    ...                    '<http://www.w3.org/2004/02/skos/core#prefLabel> "海关总署"@zh .\\n']), end="")
    agency:cn.gacc skos:prefLabel "海关总署"@zh .
    """
    data = "".join(lines).encode("utf-8")
    written = ox.serialize(ox.parse(data, ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.TURTLE,
                           prefixes=PREFIXES) if data else None
    body = written.decode("utf-8") if written is not None else ""
    kept = body.split("\n")
    start = 0
    while start < len(kept) and kept[start].startswith("@prefix "):
        start += 1
    text = "\n".join(kept[start:])
    return (TURTLE_HEADER + text) if header else text


def turtle_chunks(lines: Iterable[str], *, lines_per_chunk: int = 50_000) -> Iterator[str]:
    """:func:`turtle_text` of ``lines``, a piece at a time: the pieces join into the same text.

    Each piece is the Turtle body of about ``lines_per_chunk`` lines, cut only where the
    subject changes, so memory stays bounded by the piece whatever the number of lines.

    Parameters
    ----------
    lines : iterable of str
        N-Triples lines, a subject's lines next to each other (sorted lines are).
    lines_per_chunk : int, default 50,000
        Lines gathered before a piece is cut, at the next change of subject.

    Examples
    --------
    >>> lines = [f'<http://x/s{i // 2}> <http://x/p> "{i}" .\\n' for i in range(6)]
    >>> "".join(turtle_chunks(lines, lines_per_chunk=1)) == turtle_text(lines)
    True
    >>> len(list(turtle_chunks(lines, lines_per_chunk=1)))
    3
    """
    piece: list[str] = []
    subject = ""
    for line in lines:
        head = line[:line.index(" ")]
        if len(piece) >= lines_per_chunk and head != subject:
            yield turtle_text(piece)
            piece = []
        piece.append(line)
        subject = head
    if piece:
        yield turtle_text(piece)
