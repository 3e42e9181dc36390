"""The curated reference data the loaders resolve against: agencies, places, concepts, clause grammar.

Examples
--------
>>> ref = ReferenceData.default()
>>> ref.agencies.lookup("海关总署", None).key
'cn.gacc'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.agencies import AgencyRegistry
from loaders.clause_grammar import ClauseGrammar
from loaders.concepts import ConceptScheme
from loaders.gazetteer import Gazetteer

__all__ = ["ReferenceData"]


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """The curated data the loaders resolve against: agencies, places, concepts, clause grammar."""

    agencies: AgencyRegistry
    gazetteer: Gazetteer
    concepts: ConceptScheme
    clause_grammar: ClauseGrammar = field(default_factory=ClauseGrammar.default)

    @classmethod
    def default(cls) -> ReferenceData:
        """The authority file, gazetteer, concept scheme and clause grammar shipped in ``ontology/``."""
        gazetteer = Gazetteer.default()
        return cls(AgencyRegistry.default(gazetteer), gazetteer, ConceptScheme.default())
