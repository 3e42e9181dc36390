"""The concept scheme: trade-facilitation instruments, read from ``ontology/concepts.ttl``.

Concepts are SKOS concepts with Chinese and English preferred labels and the surface forms
they are written with as alternative labels (单一窗口 / 国际贸易“单一窗口”, 经认证的经营者 /
AEO). :meth:`ConceptScheme.find` finds them in a measure's text, longest label first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from loaders.errors import TradeKGError

__all__ = ["Concept", "ConceptScheme"]


@dataclass(frozen=True, slots=True)
class Concept:
    """One concept: IRI, preferred labels and the labels it is found by."""

    iri: str
    label_zh: str
    label_en: str | None
    labels: tuple[str, ...]


class ConceptScheme:
    """The concepts of the scheme, indexed by every label for matching in text.

    Examples
    --------
    >>> scheme = ConceptScheme.default()
    >>> [(c.label_en, label) for c, label, _, _ in scheme.find("推进“两步申报”和“单一窗口”")]
    [('Two-step declaration', '两步申报'), ('Single Window', '单一窗口')]
    """

    def __init__(self, concepts: list[Concept]) -> None:
        self.concepts = {c.iri: c for c in concepts}
        self._by_label: dict[str, Concept] = {}
        for concept in sorted(concepts, key=lambda c: c.iri):
            for label in concept.labels:
                if len(label) >= 2:
                    self._by_label.setdefault(label, concept)
        labels = sorted(self._by_label, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, labels))) if labels else None

    @classmethod
    def from_turtle(cls, path: str | Path) -> ConceptScheme:
        """Read the scheme's ``skos:Concept``s with their ``skos:prefLabel`` and ``skos:altLabel``.

        Raises
        ------
        TradeKGError
            If the file is missing or not valid Turtle.
        """
        graph = Graph()
        try:
            graph.parse(str(path), format="turtle")
        except (OSError, SyntaxError, ValueError) as err:
            raise TradeKGError(f"cannot read the concept scheme {path}: {err}") from err
        concepts = []
        for iri in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
            pref = {lit.language: str(lit) for lit in graph.objects(iri, SKOS.prefLabel)
                    if isinstance(lit, Literal)}
            alts = sorted(str(lit) for lit in graph.objects(iri, SKOS.altLabel))
            zh = pref.get("zh")
            if zh is None:
                continue  # a grouping concept without a Chinese label is never matched
            concepts.append(Concept(str(iri), zh, pref.get("en"), (zh, *alts)))
        return cls(concepts)

    @classmethod
    def default(cls) -> ConceptScheme:
        """The scheme shipped in ``ontology/concepts.ttl``."""
        from ontology import data_path

        return cls.from_turtle(data_path("concepts.ttl"))

    def find(self, text: str) -> list[tuple[Concept, str, int, int]]:
        """Every concept named in ``text``: (concept, label as written, start, end)."""
        if self._pattern is None:
            return []
        return [(self._by_label[m.group()], m.group(), m.start(), m.end())
                for m in self._pattern.finditer(text)]
