"""The aligned pairs as a build writes them: rows of ``tables/alignment.csv`` and reified triples.

Each :class:`~graph.alignment.pairs.AlignedPair` becomes one ``tkg:MeasureAlignment`` node
(``ontology/tradekg.ttl``) naming the local measure (``tkg:localMeasure``), the
higher-level one it takes up (``tkg:alignedMeasure``), the score and the evidence (shared
concepts and agencies, the best-matching phrase), plus the shortcut
``local tkg:alignedWith higher`` that the named questions and the Neo4j mapping follow.
The lines are N-Triples, in the order of the pairs (:func:`alignment_ntriples`) or sorted,
a document's pairs at a time (:func:`sorted_alignment_ntriples`), which the build merges into
its reference section without holding them all: the same pairs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import groupby
from urllib.parse import quote

from rdflib import RDF, URIRef

from graph.alignment.pairs import AlignedPair
from loaders.ntriples import TEXT_LITERALS
from loaders.triples import agency_iri, document_iri, measure_iri
from loaders.vocab import TKG

__all__ = ["ALIGNMENT_COLUMNS", "alignment_iri", "alignment_ntriples", "alignment_rows",
           "sorted_alignment_ntriples"]

ALIGNMENT_COLUMNS = ("doc_id", "measure_number", "aligned_doc_id", "aligned_measure_number", "score",
                     "shared_concepts", "shared_agencies")
"""The columns of ``tables/alignment.csv``; the higher-level measure in ``aligned_*``."""


def alignment_iri(pair: AlignedPair) -> URIRef:
    """The IRI of a pair's ``tkg:MeasureAlignment``: below the local measure, naming the higher one.

    Examples
    --------
    >>> pair = AlignedPair("渝", "1", "署岸发〔2021〕85号", "2", 0.5, (), (), "")
    >>> str(alignment_iri(pair)).rsplit("/measure/", 1)[1]
    '1/alignment/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7/2'
    """
    return _alignment_node(measure_iri(pair.doc_id, pair.measure_number), pair)


def _alignment_node(local: URIRef, pair: AlignedPair) -> URIRef:
    """:func:`alignment_iri` from the local measure's IRI, already made."""
    return URIRef(f"{local}/alignment/{quote(pair.aligned_doc_id, safe='')}/"
                  f"{quote(pair.aligned_measure_number, safe='')}")


def alignment_rows(pairs: Iterable[AlignedPair], concept_labels: Mapping[str, str]) -> Iterator[list[object]]:
    """The rows of ``tables/alignment.csv``: concepts by their Chinese preferred label, agencies by key.

    Parameters
    ----------
    pairs : iterable of AlignedPair
        In the order :func:`graph.alignment.align_measures` gives them.
    concept_labels : mapping of str to str
        Each concept IRI's ``skos:prefLabel`` (an IRI not in it is shown as it is).

    Examples
    --------
    >>> pair = AlignedPair("渝", "1", "国", "2", 0.41, ("c:sw",), ("cn.gacc",), "单一窗口")
    >>> list(alignment_rows([pair], {"c:sw": "单一窗口"}))
    [['渝', '1', '国', '2', 0.41, '单一窗口', 'cn.gacc']]
    """
    for p in pairs:
        yield [p.doc_id, p.measure_number, p.aligned_doc_id, p.aligned_measure_number, p.score,
               "|".join(concept_labels.get(c, c) for c in p.shared_concepts), "|".join(p.shared_agencies)]


def alignment_ntriples(pairs: Iterable[AlignedPair]) -> Iterator[str]:
    """N-Triples lines of the pairs: a ``tkg:MeasureAlignment`` each, and ``tkg:alignedWith``.

    Examples
    --------
    >>> pair = AlignedPair("渝", "1", "国", "2", 0.41, ("https://w3id.org/tradekg/id/concept/x",),
    ...                    ("cn.gacc",), "单一窗口")
    >>> lines = list(alignment_ntriples([pair]))
    >>> len(lines), lines[0].split()[1]
    (8, '<https://w3id.org/tradekg/ontology#alignedWith>')
    """
    lit = TEXT_LITERALS
    measures: dict[tuple[str, str], URIRef] = {}  # a measure is in many pairs: quote its IRI once
    for p in pairs:
        local = measures.get((p.doc_id, p.measure_number))
        if local is None:
            local = measures[(p.doc_id, p.measure_number)] = measure_iri(p.doc_id, p.measure_number)
        higher = measures.get((p.aligned_doc_id, p.aligned_measure_number))
        if higher is None:
            higher = measures[(p.aligned_doc_id, p.aligned_measure_number)] = measure_iri(
                p.aligned_doc_id, p.aligned_measure_number)
        node = _alignment_node(local, p)
        triples: list[tuple[URIRef, URIRef, str]] = [
            (local, TKG.alignedWith, f"<{higher}>"),
            (node, RDF.type, f"<{TKG.MeasureAlignment}>"),
            (node, TKG.localMeasure, f"<{local}>"),
            (node, TKG.alignedMeasure, f"<{higher}>"),
            (node, TKG.alignmentScore, lit.decimal(p.score)),
        ]
        triples += [(node, TKG.sharedConcept, f"<{c}>") for c in p.shared_concepts]
        triples += [(node, TKG.sharedAgency, f"<{agency_iri(a)}>") for a in p.shared_agencies]
        if p.phrase:
            triples.append((node, TKG.matchedPhrase, lit.zh(p.phrase)))
        for s, pred, o in triples:
            yield f"<{s}> <{pred}> {o} .\n"


def sorted_alignment_ntriples(pairs: Sequence[AlignedPair]) -> Iterator[str]:
    """The distinct lines of :func:`alignment_ntriples`, sorted, made a document's pairs at a time.

    Every line of a pair starts with its local document's IRI and ``/measure/`` (an
    identifier's ``/`` is escaped in it), and of two such prefixes neither begins the
    other, so one document's sorted lines never interleave with another's: sorting the
    documents by prefix and each document's lines gives the lines sorted, holding one
    document's at a time.

    Parameters
    ----------
    pairs : sequence of AlignedPair
        A document's pairs next to each other (as :func:`graph.alignment.align_measures` gives them).

    Examples
    --------
    >>> pairs = [AlignedPair("b", "1", "国", "2", 0.4, (), (), ""),
    ...          AlignedPair("a", "3", "国", "1", 0.5, (), (), "")]
    >>> list(sorted_alignment_ntriples(pairs)) == sorted(alignment_ntriples(pairs))
    True
    """
    spans: list[tuple[str, int, int]] = []  # (prefix, first, past the last) of each document's run
    start = 0
    for doc_id, run in groupby(pairs, key=lambda p: p.doc_id):
        length = sum(1 for _ in run)
        spans.append((f"<{document_iri(doc_id)}/measure/", start, start + length))
        start += length
    for _, first, last in sorted(spans):
        yield from sorted(set(alignment_ntriples(pairs[first:last])))
