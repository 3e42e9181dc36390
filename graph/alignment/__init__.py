"""Cross-document alignment: which measures of local plans take up which measures of higher-level documents.

Computed from the typed document records (:mod:`loaders.records`), never from a store:
:func:`measure_entries` reads what alignment needs of each measure, :func:`align_measures`
blocks, scores and keeps the pairs (:class:`AlignedPair`), with the weights and threshold of
``ontology/alignment.toml`` (:class:`AlignmentSettings`).
"""

from __future__ import annotations

from graph.alignment.entries import MeasureEntry, document_level, measure_entries
from graph.alignment.pairs import AlignedPair, align_measures
from graph.alignment.settings import AlignmentSettings

__all__ = ["AlignedPair", "AlignmentSettings", "MeasureEntry", "align_measures", "document_level",
           "measure_entries"]
