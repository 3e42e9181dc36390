"""The curated reference data the loaders resolve against: agencies, places, concepts, clause grammar.

Examples
--------
>>> ref = ReferenceData.default()
>>> ref.agencies.lookup("海关总署", None).key
'cn.gacc'

The user's own authority files are laid over the shipped one with
``ReferenceData.default(agency_files=[...])`` (``tradekg build --agencies FILE``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

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
    def default(cls, agency_files: Sequence[str | Path] = ()) -> ReferenceData:
        """The authority file, gazetteer, concept scheme and clause grammar shipped in ``ontology/``.

        Parameters
        ----------
        agency_files : sequence of str or Path, default ()
            The user's authority files (same columns as ``ontology/agencies.csv``), laid over
            the shipped one in this order: a row with a shipped key replaces that body, a new
            key adds one (:meth:`AgencyRegistry.from_csv`).

        Raises
        ------
        AuthorityFileError
            When a file cannot be read or a row is wrong; the message names the file and line.
        """
        gazetteer = Gazetteer.default()
        return cls(AgencyRegistry.default(gazetteer, agency_files), gazetteer, ConceptScheme.default())
