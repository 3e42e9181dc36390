"""What documents point at, gathered as they pass, and described once as reference triples."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.tables import document_agencies
from loaders import Agency, PolicyDocument, ReferenceData
from loaders.triples import iter_reference_ntriples

__all__ = ["ReferenceSet"]


@dataclass(slots=True)
class ReferenceSet:
    """The agencies (with their parents), places, jurisdictions and concepts documents point at.

    Add documents as they pass; :meth:`lines` then describes everything they point at, as
    sorted N-Triples lines, with the lines documents share (about cited documents).

    Examples
    --------
    >>> from loaders import parse_document
    >>> text = "某方案\\n一、任务\\n1. 推进。（海关总署负责）\\n"
    >>> doc = parse_document(text, reference=REFERENCE).documents[0]
    >>> refs = ReferenceSet()
    >>> refs.add(doc, (), REFERENCE)
    >>> sorted(refs.agencies)  # GACC, its parent, and the bodies of its lineage (AQSIQ, 2018, ...)
    ['cn.aqsiq', 'cn.cfda', 'cn.gacc', 'cn.nmpa', 'cn.saic', 'cn.samr', 'cn.state-council']
    >>> any("skos/core#prefLabel> \\"海关总署\\"@zh" in line for line in refs.lines({}, REFERENCE))
    True
    """
    agencies: dict[str, Agency] = field(default_factory=dict)
    places: set[str] = field(default_factory=set)
    jurisdictions: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    shared: set[str] = field(default_factory=set)

    def add(self, doc: PolicyDocument, shared: Iterable[str], reference: ReferenceData) -> None:
        """Note what one document points at, and its shared lines."""
        for agency in document_agencies(doc, reference.agencies):
            self.agencies.setdefault(agency.key, agency)
        for measure in doc.measures:
            self.places.update(p.place for p in measure.places)
            self.concepts.update(c.concept for c in measure.concepts)
        if doc.jurisdiction:
            self.jurisdictions.add(doc.jurisdiction)
        self.shared.update(shared)

    def lines(self, digests: dict[str, str], reference: ReferenceData,
              names: Mapping[str, str] | None = None) -> list[str]:
        """The reference triples of all that was noted (and the source files of ``digests``), sorted.

        ``names`` titles each file of ``digests`` by its path (see
        :func:`loaders.triples.iter_reference_triples`).
        """
        agencies = [self.agencies[k] for k in sorted(self.agencies)]
        jurisdictions = self.jurisdictions | {a.jurisdiction for a in agencies if a.jurisdiction}
        lines = iter_reference_ntriples(
            agencies, places=self.places, jurisdictions=sorted(jurisdictions), concepts=self.concepts,
            sources=digests, gazetteer=reference.gazetteer, scheme=reference.concepts, names=names)
        return sorted(set(lines) | self.shared)
