"""Records to RDF triples in the tradekg vocabulary, with deterministic IRIs.

IRIs come from what identifies a thing in the world, never from a counter or a blank node:
a document from its 文号 (or title and date), a measure from its document and number, an
agency from its authority-file key, a source span from its file's digest and offsets. A
rebuild therefore gives the same graph, and a reload into Neo4j changes nothing.

:func:`iter_triples` streams one document; :func:`iter_reference_triples` describes the
agencies, places and concepts the documents point at, once for a whole corpus, and
:func:`iter_citation_triples` links documents to those they cite once the corpus is known
(a citation names a document of the corpus or a typed one outside it). Their
``iter_*ntriples`` twins yield the same triples as N-Triples lines, written by the same
code with :data:`loaders.ntriples.TEXT_LITERALS`, for the bulk path.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SDO, SKOS

from loaders.citation_index import CitationIndex
from loaders.concepts import ConceptScheme
from loaders.gazetteer import Gazetteer, Place
from loaders.ntriples import RDFLIB_LITERALS, TEXT_LITERALS, RdflibLiterals, TextLiterals
from loaders.records import (
    Agency,
    AgencyKind,
    CitedDocument,
    Level,
    Measure,
    PolicyDocument,
    Role,
    SourceSpan,
)
from loaders.vocab import ELI, OA, TKG, TKGID

__all__ = [
    "Triple",
    "agency_iri",
    "change_event_iri",
    "document_iri",
    "iter_agency_triples",
    "iter_citation_ntriples",
    "iter_citation_triples",
    "iter_ntriples",
    "iter_reference_ntriples",
    "iter_reference_triples",
    "iter_triples",
    "jurisdiction_iri",
    "measure_iri",
    "place_iri",
    "source_file_iri",
]

Triple = tuple[URIRef, URIRef, URIRef | Literal]
"""A triple of rdflib terms; the graph never holds blank nodes."""

Literals = RdflibLiterals | TextLiterals
"""What makes the literals of the triples: rdflib terms, or their N-Triples text."""

ROLE_TERMS = {Role.LEAD: TKG.Lead, Role.JOINT: TKG.Joint, Role.PARTICIPANT: TKG.Participant,
              Role.GUIDE: TKG.Guide}
LEVEL_TERMS = {Level.NATIONAL: TKG.National, Level.PROVINCIAL: TKG.Provincial,
               Level.MUNICIPAL: TKG.Municipal, Level.DISTRICT: TKG.District}
KIND_CLASSES = {AgencyKind.AGENCY: TKG.Agency, AgencyKind.ENTERPRISE: TKG.Enterprise,
                AgencyKind.INSTITUTION: TKG.PublicInstitution,
                AgencyKind.COLLECTIVE: TKG.CollectiveActor}


def _segment(value: str) -> str:
    return quote(value, safe="")


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document from its identifier.

    Examples
    --------
    >>> from urllib.parse import unquote
    >>> unquote(document_iri("署岸发〔2021〕85号"))
    'https://w3id.org/tradekg/id/doc/署岸发〔2021〕85号'
    """
    return TKGID[f"doc/{_segment(doc_id)}"]


def measure_iri(doc_id: str, number: str) -> URIRef:
    """IRI of a measure from its document and number."""
    return URIRef(f"{document_iri(doc_id)}/measure/{_segment(number)}")


def section_iri(doc_id: str, number: str) -> URIRef:
    """IRI of a section from its document and dotted number."""
    return URIRef(f"{document_iri(doc_id)}/section/{_segment(number)}")


def agency_iri(key: str) -> URIRef:
    """IRI of an agency from its authority-file key.

    Examples
    --------
    >>> agency_iri("cn.gacc")
    rdflib.term.URIRef('https://w3id.org/tradekg/id/agency/cn.gacc')
    """
    return TKGID[f"agency/{quote(key, safe='.-_')}"]


def change_event_iri(date: str, successors: Iterable[str]) -> URIRef:
    """IRI of the change that passed duties, on ``date``, to the bodies keyed ``successors``.

    Bodies dissolved on the same day into the same successors share one event (银监会 and
    保监会 into 银保监会).

    Examples
    --------
    >>> change_event_iri("2018-04-08", ["cn.cbirc"])
    rdflib.term.URIRef('https://w3id.org/tradekg/id/change/2018-04-08/cn.cbirc')
    >>> change_event_iri("2018-04-10", ["cn.samr", "cn.gacc"]).rsplit("/", 1)[1]
    'cn.gacc+cn.samr'
    """
    keys = "+".join(sorted(set(successors)))
    return TKGID[f"change/{quote(date, safe='-')}/{quote(keys, safe='.-_+')}"]


def place_iri(key: str) -> URIRef:
    """IRI of a place from its gazetteer key."""
    return TKGID[f"place/{quote(key, safe='.-_')}"]


def source_file_iri(digest: str) -> URIRef:
    """IRI of a source file from the SHA-256 digest of its bytes."""
    return TKGID[f"source/{digest[:16]}"]


def _span_triples(subject: URIRef, span: SourceSpan, digests: dict[str, str], lit: Literals) -> Iterator[Any]:
    """tkg:source -> oa:SpecificResource -> oa:TextPositionSelector, all with IRIs."""
    resource = URIRef(f"{subject}#source")
    selector = URIRef(f"{subject}#selector")
    yield subject, TKG.source, resource
    yield resource, RDF.type, OA.SpecificResource
    yield resource, OA.hasSource, source_file_iri(digests[span.file])
    yield resource, OA.hasSelector, selector
    yield resource, TKG.line, lit.integer(span.line)
    yield selector, RDF.type, OA.TextPositionSelector
    yield selector, OA.start, lit.integer(span.start)
    yield selector, OA.end, lit.integer(span.end)


def iter_triples(document: PolicyDocument, digests: dict[str, str],
                 gazetteer: Gazetteer) -> Iterator[Triple]:
    """Yield the triples of one document, its sections, measures and responsibilities.

    Parameters
    ----------
    document : PolicyDocument
        A parsed document.
    digests : dict of str to str
        SHA-256 digest of each source file, by path (for source-span IRIs).
    gazetteer : Gazetteer
        Maps jurisdiction codes to place IRIs.

    Yields
    ------
    Triple
        Subject, predicate, object; agencies, places and concepts are referenced by IRI
        and described by :func:`iter_reference_triples`.
    """
    return _document_triples(document, digests, gazetteer, RDFLIB_LITERALS)


def iter_ntriples(document: PolicyDocument, digests: dict[str, str], gazetteer: Gazetteer) -> Iterator[str]:
    """Yield the triples of :func:`iter_triples` as N-Triples lines, without building rdflib terms.

    The lines are exactly what an RDF writer gives for the same triples
    (:mod:`loaders.ntriples`): the fast route for a corpus.

    Examples
    --------
    >>> from loaders import parse_document
    >>> text = "某方案\\n一、任务\\n1. 推进。（海关总署负责）\\n"
    >>> doc = parse_document(text, reference=REFERENCE).documents[0]
    >>> lines = list(iter_ntriples(doc, {"<text>": "0" * 64}, REFERENCE.gazetteer))
    >>> lines[1]  # doctest: +ELLIPSIS
    '<https://w3id.org/tradekg/id/doc/...> <http://purl.org/dc/terms/title> "某方案"@zh .\\n'
    """
    return _lines(_document_triples(document, digests, gazetteer, TEXT_LITERALS))


def _lines(triples: Iterable[Any]) -> Iterator[str]:
    """Triples whose literals are already text (:data:`TEXT_LITERALS`) as N-Triples lines."""
    cache: dict[str, str] = {}
    for s, p, o in triples:
        subject = cache.get(s)
        if subject is None:
            subject = cache[s] = f"<{s}>"
        predicate = cache.get(p)
        if predicate is None:
            predicate = cache[p] = f"<{p}>"
        if type(o) is URIRef:
            obj = cache.get(o)
            if obj is None:
                obj = cache[o] = f"<{o}>"
        else:
            obj = o
        yield f"{subject} {predicate} {obj} .\n"


def _document_triples(document: PolicyDocument, digests: dict[str, str], gazetteer: Gazetteer,
                      lit: Literals) -> Iterator[Any]:
    doc = document_iri(document.doc_id)
    yield doc, RDF.type, TKG.PolicyDocument
    yield doc, DCTERMS.title, lit.zh(document.title)
    if document.number:
        yield doc, DCTERMS.identifier, lit.string(document.number)
    if document.date:
        yield doc, DCTERMS.issued, lit.date(document.date)
    for issuer in document.issuers:
        yield doc, TKG.issuedBy, agency_iri(issuer.key)
    for addressee in document.addressees:
        yield doc, TKG.addressee, lit.zh(addressee)
    if document.jurisdiction:
        yield doc, TKG.jurisdiction, jurisdiction_iri(document.jurisdiction, gazetteer)
    if document.transmits:
        yield doc, TKG.transmits, document_iri(document.transmits)
    if document.transmitted_by:
        yield doc, TKG.transmittedBy, document_iri(document.transmitted_by)
    yield from _span_triples(doc, document.span, digests, lit)
    yield from _section_triples(document, digests, lit)
    for measure in document.measures:
        yield from _measure_triples(document, measure, digests, lit)
    for index, rule in enumerate(document.rules, start=1):
        node = URIRef(f"{doc}/rule/{index}")
        yield doc, TKG.rule, node
        yield node, RDF.type, TKG.DocumentRule
        yield node, TKG.ruleKind, lit.string(rule.kind)
        yield node, TKG.text, lit.zh(rule.text)
        if rule.from_measure:
            yield node, TKG.fromMeasure, measure_iri(document.doc_id, rule.from_measure)
        if rule.actor:
            yield node, TKG.implementingActor, lit.zh(rule.actor)
        yield from _span_triples(node, rule.span, digests, lit)


def _section_triples(document: PolicyDocument, digests: dict[str, str], lit: Literals) -> Iterator[Any]:
    doc = document_iri(document.doc_id)
    for section in document.sections:
        node = section_iri(document.doc_id, section.number)
        yield node, RDF.type, TKG.Section
        yield node, TKG.inDocument, doc
        yield node, TKG.number, lit.string(section.number)
        yield node, TKG.printedLabel, lit.string(section.label)
        yield node, DCTERMS.title, lit.zh(section.title)
        if section.parent:
            yield node, TKG.inSection, section_iri(document.doc_id, section.parent)
        yield from _span_triples(node, section.span, digests, lit)


def _measure_triples(document: PolicyDocument, measure: Measure,
                     digests: dict[str, str], lit: Literals) -> Iterator[Any]:
    doc_id = document.doc_id
    node = measure_iri(doc_id, measure.number)
    yield node, RDF.type, TKG.Measure
    yield node, TKG.inDocument, document_iri(doc_id)
    yield node, TKG.number, lit.string(measure.number)
    yield node, TKG.printedLabel, lit.string(measure.label)
    yield node, DCTERMS.title, lit.zh(measure.title)
    yield node, TKG.text, lit.zh(measure.text)
    if measure.section:
        yield node, TKG.inSection, section_iri(doc_id, measure.section)
    yield from _span_triples(node, measure.span, digests, lit)
    for r in measure.responsibilities:
        resp = URIRef(f"{node}/responsibility/{r.clause_index}-{r.rank}")
        agency = agency_iri(r.agency.key)
        yield node, TKG.responsibility, resp
        yield resp, RDF.type, TKG.Responsibility
        yield resp, TKG.agency, agency
        yield resp, TKG.role, ROLE_TERMS[r.role]
        yield resp, TKG.rank, lit.integer(r.rank)
        yield resp, TKG.clauseIndex, lit.integer(r.clause_index)
        yield resp, TKG.asWritten, lit.zh(r.as_written)
        yield resp, TKG.openEnded, lit.boolean(r.open_ended)
        yield resp, TKG.clause, lit.zh(r.clause)
        if r.scope:
            yield resp, TKG.scope, lit.zh(r.scope)
        yield from _span_triples(resp, r.span, digests, lit)
        yield node, TKG.responsibleAgency, agency
        if r.role is Role.LEAD:
            yield node, TKG.ledBy, agency
    for mention in measure.concepts:
        yield node, TKG.concerns, URIRef(mention.concept)
    for place in measure.places:
        yield node, TKG.mentionsPlace, place_iri(place.place)
    for index, target in enumerate(measure.targets, start=1):
        t = URIRef(f"{node}/target/{index}")
        yield node, TKG.hasTarget, t
        yield t, RDF.type, TKG.Target
        yield t, TKG.text, lit.zh(target.text)
        if target.due:
            yield t, TKG.dueDate, lit.date(target.due)
        if target.metric:
            yield t, TKG.metric, lit.zh(target.metric)
        if target.value is not None:
            yield t, TKG.targetValue, lit.decimal(target.value)
        if target.unit:
            yield t, TKG.unit, lit.zh(target.unit)
        if target.comparator:
            yield t, TKG.comparator, lit.string(target.comparator)
        yield from _span_triples(t, target.span, digests, lit)


def jurisdiction_iri(code: str, gazetteer: Gazetteer) -> URIRef:
    """IRI of the place a jurisdiction code stands for (``CN`` -> China's place node)."""
    place = gazetteer.by_code(code)
    return place_iri(place.key if place is not None else f"code-{code}")


def iter_agency_triples(agency: Agency, gazetteer: Gazetteer,
                        lit: Literals = RDFLIB_LITERALS) -> Iterator[Any]:
    """Describe one agency: type, labels, aliases, level, parent, resolved flag."""
    node = agency_iri(agency.key)
    yield node, RDF.type, KIND_CLASSES[agency.kind]
    if agency.kind is not AgencyKind.AGENCY:
        yield node, RDF.type, TKG.Agency
    yield node, SKOS.prefLabel, lit.zh(agency.name_zh)
    yield node, RDFS.label, lit.zh(agency.name_zh)
    if agency.name_en:
        yield node, SKOS.prefLabel, lit.tagged(agency.name_en, "en")
    for alias in agency.aliases:
        yield node, SKOS.altLabel, lit.zh(alias)
    if agency.level:
        yield node, TKG.level, LEVEL_TERMS[agency.level]
    if agency.jurisdiction:
        yield node, TKG.jurisdiction, jurisdiction_iri(agency.jurisdiction, gazetteer)
    if agency.parent:
        yield node, ORG.subOrganizationOf, agency_iri(agency.parent)
    yield node, TKG.resolved, lit.boolean(agency.resolved)
    yield node, DCTERMS.identifier, lit.string(agency.key)
    if agency.valid_from:
        yield node, SDO.foundingDate, lit.when(agency.valid_from)
    if agency.valid_to:
        yield node, SDO.dissolutionDate, lit.when(agency.valid_to)


def _change_triples(agencies: Iterable[Agency], lit: Literals) -> Iterator[Any]:
    """One ``org:ChangeEvent`` per day and set of successors, with the bodies it changed.

    The original bodies point at it with ``org:changedBy``, the resulting ones with
    ``org:resultedFrom``; the event has its ``dcterms:date``.
    """
    events: dict[URIRef, tuple[str, list[str], tuple[str, ...]]] = {}
    for agency in agencies:
        if agency.valid_to and agency.successors:
            event = change_event_iri(agency.valid_to, agency.successors)
            events.setdefault(event, (agency.valid_to, [], tuple(sorted(set(agency.successors)))))[1].append(
                agency.key)
    for event in sorted(events):
        date, originals, results = events[event]
        yield event, RDF.type, ORG.ChangeEvent
        yield event, DCTERMS.date, lit.when(date)
        for key in sorted(originals):
            yield event, ORG.originalOrganization, agency_iri(key)
            yield agency_iri(key), ORG.changedBy, event
        for key in results:
            yield event, ORG.resultingOrganization, agency_iri(key)
            yield agency_iri(key), ORG.resultedFrom, event


def _place_triples(place: Place, node: URIRef, gazetteer: Gazetteer, lit: Literals) -> Iterator[Any]:
    yield node, RDF.type, TKG.Place
    yield node, SKOS.prefLabel, lit.zh(place.name_zh)
    yield node, RDFS.label, lit.zh(place.name_zh)
    if place.name_en:
        yield node, SKOS.prefLabel, lit.tagged(place.name_en, "en")
    for alias in place.aliases:
        yield node, SKOS.altLabel, lit.zh(alias)
    yield node, TKG.placeType, lit.string(place.type)
    if place.admin_code:
        yield node, TKG.adminCode, lit.string(place.admin_code)
    parent = gazetteer.get(place.parent) if place.parent else None
    if parent is not None:
        yield node, DCTERMS.isPartOf, place_iri(parent.key)


def iter_reference_triples(agencies: Iterable[Agency], places: Iterable[str],
                           jurisdictions: Iterable[str], concepts: Iterable[str],
                           sources: dict[str, str], *, gazetteer: Gazetteer,
                           scheme: ConceptScheme, names: Mapping[str, str] | None = None) -> Iterator[Triple]:
    """Describe the agencies, places, jurisdictions, concepts and files a corpus points at.

    Parameters
    ----------
    agencies : iterable of Agency
        Every agency referenced (with the parents they point at).
    places : iterable of str
        Gazetteer keys of places measures mention.
    jurisdictions : iterable of str
        Administrative codes of documents' and agencies' jurisdictions.
    concepts : iterable of str
        IRIs of concepts measures concern.
    sources : dict of str to str
        SHA-256 digest by file path.
    gazetteer, scheme
        For labels.
    names : mapping of str to str, optional
        Each file's ``dcterms:title`` by its path: the name it is shown under
        (:func:`loaders.source_names.source_name`, the path below the folder given); a
        path not in it is titled by its file name.
    """
    return _reference_triples(agencies, places, jurisdictions, concepts, sources, gazetteer, scheme,
                              RDFLIB_LITERALS, names or {})


def iter_reference_ntriples(agencies: Iterable[Agency], places: Iterable[str],
                            jurisdictions: Iterable[str], concepts: Iterable[str],
                            sources: dict[str, str], *, gazetteer: Gazetteer,
                            scheme: ConceptScheme, names: Mapping[str, str] | None = None) -> Iterator[str]:
    """Yield the triples of :func:`iter_reference_triples` as N-Triples lines (see :func:`iter_ntriples`)."""
    return _lines(_reference_triples(agencies, places, jurisdictions, concepts, sources, gazetteer, scheme,
                                     TEXT_LITERALS, names or {}))


def _reference_triples(agencies: Iterable[Agency], places: Iterable[str], jurisdictions: Iterable[str],
                       concepts: Iterable[str], sources: dict[str, str], gazetteer: Gazetteer,
                       scheme: ConceptScheme, lit: Literals, names: Mapping[str, str]) -> Iterator[Any]:
    described = sorted(set(agencies), key=lambda a: a.key)
    for agency in described:
        yield from iter_agency_triples(agency, gazetteer, lit)
    yield from _change_triples(described, lit)
    wanted = {k for k in places if gazetteer.get(k)}
    for code in jurisdictions:
        place = gazetteer.by_code(code)
        if place is not None:
            wanted.add(place.key)
    for key in list(wanted):  # a place's containing places are described too
        parent = gazetteer.get(key)
        while parent is not None and parent.parent and parent.parent not in wanted:
            wanted.add(parent.parent)
            parent = gazetteer.get(parent.parent)
    for key in sorted(wanted):
        place = gazetteer.get(key)
        if place is not None:
            yield from _place_triples(place, place_iri(key), gazetteer, lit)
    for iri in sorted(set(concepts)):
        concept = scheme.concepts.get(iri)
        if concept is None:
            continue
        node = URIRef(iri)
        yield node, RDF.type, TKG.Concept
        yield node, RDF.type, SKOS.Concept
        yield node, SKOS.prefLabel, lit.zh(concept.label_zh)
        if concept.label_en:
            yield node, SKOS.prefLabel, lit.tagged(concept.label_en, "en")
        for label in concept.labels[1:]:
            yield node, SKOS.altLabel, lit.zh(label)
    for path, digest in sorted(sources.items()):
        node = source_file_iri(digest)
        yield node, RDF.type, TKG.SourceFile
        yield node, TKG.digest, lit.string(digest)
        title = names.get(path) or path.replace("\\", "/").rsplit("/", 1)[-1]
        yield node, DCTERMS.title, lit.string(title)


def iter_citation_triples(citing: Iterable[tuple[str, Sequence[CitedDocument]]],
                          index: CitationIndex) -> Iterator[Triple]:
    """Link each document to the documents it cites, resolved against the whole corpus.

    Each citation is a ``dcterms:references`` and an ``eli:cites``, and an ``eli:implements``
    where the text says so (:attr:`loaders.records.CitedDocument.relation`). A cited document
    of the corpus (:meth:`loaders.citation_index.CitationIndex.resolve`) is pointed at by its
    own IRI and described by its own triples; one the corpus lacks is an ``eli:LegalResource``
    with the title and/or 文号 the citation gives, its IRI made from the 文号, else the title.

    Parameters
    ----------
    citing : iterable of (str, sequence of CitedDocument)
        Each citing document's ``doc_id`` and its :attr:`~loaders.records.PolicyDocument.cites`
        (only these: a corpus's citations stay small beside its records).
    index : CitationIndex
        Every document of the corpus.

    Examples
    --------
    >>> from dataclasses import replace
    >>> from loaders import parse_document
    >>> text = "某方案\\n一、任务\\n1. 推进。（海关总署负责）\\n"
    >>> plan = parse_document(text, reference=REFERENCE).documents[0]
    >>> plan = replace(plan, cites=(CitedDocument("优化营商环境条例", None, "implements"),))
    >>> from urllib.parse import unquote
    >>> for _, p, o in iter_citation_triples([(plan.doc_id, plan.cites)], CitationIndex()):
    ...     print(p.rsplit("/", 1)[-1].rsplit("#", 1)[-1], unquote(o))
    references https://w3id.org/tradekg/id/doc/优化营商环境条例
    cites https://w3id.org/tradekg/id/doc/优化营商环境条例
    implements https://w3id.org/tradekg/id/doc/优化营商环境条例
    type http://data.europa.eu/eli/ontology#LegalResource
    title 优化营商环境条例
    """
    return _citation_triples(citing, index, RDFLIB_LITERALS)


def iter_citation_ntriples(citing: Iterable[tuple[str, Sequence[CitedDocument]]],
                           index: CitationIndex) -> Iterator[str]:
    """Yield the triples of :func:`iter_citation_triples` as N-Triples lines (see :func:`iter_ntriples`)."""
    return _lines(_citation_triples(citing, index, TEXT_LITERALS))


def _citation_triples(citing: Iterable[tuple[str, Sequence[CitedDocument]]], index: CitationIndex,
                      lit: Literals) -> Iterator[Any]:
    for doc_id, cites in citing:
        doc = document_iri(doc_id)
        for cited in cites:
            resolved = index.resolve(cited)
            key = cited.number or cited.title or ""
            if resolved is None and key in index.carried:  # the citation spells a corpus document's own IRI
                resolved = key
            if resolved == doc_id:
                continue
            target = document_iri(resolved if resolved is not None else key)
            yield doc, DCTERMS.references, target
            yield doc, ELI.cites, target
            if cited.relation == "implements":
                yield doc, ELI.implements, target
            if resolved is None:
                yield target, RDF.type, ELI.LegalResource
                if cited.title:
                    yield target, DCTERMS.title, lit.zh(cited.title)
                if cited.number:
                    yield target, DCTERMS.identifier, lit.string(cited.number)
