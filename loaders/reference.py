"""The curated reference data the loaders resolve against: agencies, places and concepts.

Examples
--------
>>> ref = ReferenceData.default()
>>> ref.agencies.lookup("海关总署", None).key
'cn.gacc'
"""

from __future__ import annotations

from dataclasses import dataclass

from loaders.agencies import AgencyRegistry
from loaders.concepts import ConceptScheme
from loaders.gazetteer import Gazetteer

__all__ = ["ReferenceData"]


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """The curated data the loaders resolve against: agencies, places, concepts."""

    agencies: AgencyRegistry
    gazetteer: Gazetteer
    concepts: ConceptScheme

    @classmethod
    def default(cls) -> ReferenceData:
        """The authority file, gazetteer and concept scheme shipped in ``ontology/``."""
        gazetteer = Gazetteer.default()
        return cls(AgencyRegistry.default(gazetteer), gazetteer, ConceptScheme.default())
