"""Measure alignment: block candidate pairs by shared concept or agency, score them, keep the best.

Only pairs that share a concept or an agency are scored (blocking), so the cost grows with
the number of candidate pairs, not with all pairs of measures. A candidate's score is a
weighted sum (weights in ``ontology/alignment.toml``) of the concepts the two measures share
(a Jaccard index weighting each concept by its inverse document frequency, so a concept most
measures name counts little), whether they share an agency, and the cosine of their
character n-gram TF-IDF vectors (scikit-learn, fitted on every measure given, so no segmenter
is needed for Chinese). Pairs at or above the threshold are kept, at most ``per_document``
per lower-level measure and higher-level document and ``per_measure`` per lower-level measure
in all, best first. Same entries in, same pairs
out, in one order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from graph.alignment.entries import MeasureEntry
from graph.alignment.settings import AlignmentSettings

__all__ = ["AlignedPair", "align_measures"]

_CHUNK = 20_000
"""Candidate pairs scored per sparse product: bounds the memory one step takes."""


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A lower-level measure that takes up a higher-level one, with the evidence.

    ``doc_id``/``measure_number`` name the lower-level (local) measure,
    ``aligned_doc_id``/``aligned_measure_number`` the higher-level one it aligns with.
    ``shared_concepts`` are concept IRIs, ``shared_agencies`` authority-file keys, both
    sorted; ``phrase`` is the longest text the two measures have in common ('' when it is
    shorter than the settings' ``min_phrase``).
    """

    doc_id: str
    measure_number: str
    aligned_doc_id: str
    aligned_measure_number: str
    score: float
    shared_concepts: tuple[str, ...]
    shared_agencies: tuple[str, ...]
    phrase: str


def _candidates(entries: Sequence[MeasureEntry], ranks: list[int]) -> np.ndarray:
    """Index pairs (higher, lower) of entries at different levels sharing a concept or an agency."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        for concept in entry.concepts:
            blocks[("c", concept)].append(i)
        for agency in entry.agencies:
            blocks[("a", agency)].append(i)
    rank = np.asarray(ranks)
    found: list[np.ndarray] = []
    for key in sorted(blocks):
        members = np.asarray(blocks[key])
        levels = rank[members]
        for level in np.unique(levels)[:-1]:
            high, low = members[levels == level], members[levels > level]
            found.append(np.stack([np.repeat(high, len(low)), np.tile(low, len(high))], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    return np.unique(np.concatenate(found), axis=0)


def _binary(sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    vocabulary = {k: i for i, k in enumerate(sorted({k for s in sets for k in s}))}
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocabulary[k] for s in sets for k in sorted(s)]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(vocabulary), 1)))


def _row_dots(matrix: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """The dot product of the two rows of each pair, chunk by chunk."""
    out = np.empty(len(pairs))
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start:start + _CHUNK]
        out[start:start + len(chunk)] = np.asarray(
            matrix[chunk[:, 0]].multiply(matrix[chunk[:, 1]]).sum(axis=1)).ravel()
    return out


def _concept_overlap(concepts: sparse.csr_matrix, pairs: np.ndarray) -> np.ndarray:
    """IDF-weighted Jaccard of each pair's concept sets: a concept most measures name counts little."""
    named = np.asarray(concepts.sum(axis=0)).ravel()
    idf = np.log((1 + concepts.shape[0]) / (1 + named)) + 1
    weighted = sparse.csr_matrix(concepts.multiply(np.sqrt(idf)))
    totals = np.asarray(concepts.multiply(idf).sum(axis=1)).ravel()
    shared = _row_dots(weighted, pairs)
    union = totals[pairs[:, 0]] + totals[pairs[:, 1]] - shared
    return np.divide(shared, union, out=np.zeros(len(pairs)), where=union > 0)


def _phrase(matcher: SequenceMatcher[str], a: str, b: str, shortest: int) -> str:
    """The longest text ``a`` and ``b`` share; ``matcher`` already holds ``b`` (its index is kept)."""
    matcher.set_seq1(a)
    match = matcher.find_longest_match(0, len(a), 0, len(b))
    phrase = a[match.a:match.a + match.size].strip()
    return phrase if len(phrase) >= shortest else ""


def align_measures(entries: Iterable[MeasureEntry],
                   settings: AlignmentSettings | None = None) -> list[AlignedPair]:
    """Align the measures of documents at different levels.

    Parameters
    ----------
    entries : iterable of MeasureEntry
        Every measure of the corpus (:func:`graph.alignment.measure_entries`), any order.
    settings : AlignmentSettings, optional
        Weights, threshold and blocking; ``ontology/alignment.toml`` by default.

    Returns
    -------
    list of AlignedPair
        Sorted by lower-level document and measure (reading order), then best score first.

    Examples
    --------
    >>> from loaders import Level
    >>> national = MeasureEntry("国", "2", 1, Level.NATIONAL, "扩大 船边直提 和 抵港直装 试点",
    ...                         frozenset({"c:pickup", "c:loading"}), frozenset({"cn.gacc"}))
    >>> local = MeasureEntry("渝", "1", 0, Level.PROVINCIAL, "试点推广 船边直提 和 抵港直装",
    ...                      frozenset({"c:pickup", "c:loading"}), frozenset({"cq.customs", "cn.gacc"}))
    >>> other = MeasureEntry("国", "9", 8, Level.NATIONAL, "加强知识产权保护", frozenset(), frozenset())
    >>> [(p.doc_id, p.aligned_measure_number, p.shared_agencies, p.phrase)
    ...  for p in align_measures([national, other, local])]
    [('渝', '2', ('cn.gacc',), '船边直提 和 抵港直装')]
    """
    settings = settings or AlignmentSettings.default()
    items = sorted((e for e in entries if settings.rank(e.level) is not None),
                   key=lambda e: (e.doc_id, e.position, e.number))
    pairs = _candidates(items, [settings.levels.index(e.level) for e in items])
    if not len(pairs):
        return []
    vectorizer = TfidfVectorizer(analyzer=settings.analyzer, ngram_range=settings.ngram_range,
                                 sublinear_tf=True, dtype=np.float64)
    tfidf = sparse.csr_matrix(vectorizer.fit_transform([e.text for e in items]))
    overlap = _concept_overlap(_binary([e.concepts for e in items]), pairs)
    agencies = _binary([e.agencies for e in items])
    scores = np.round(settings.concept_weight * overlap
                      + settings.agency_weight * (_row_dots(agencies, pairs) > 0)
                      + settings.text_weight * _row_dots(tfidf, pairs), 3)
    kept: dict[tuple[int, str], list[tuple[float, int]]] = defaultdict(list)
    for (high, low), score in zip(pairs.tolist(), scores.tolist(), strict=True):
        if score >= settings.threshold:
            kept[(low, items[high].doc_id)].append((-score, high))
    picked: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for (low, _), found in kept.items():
        picked[low].extend(sorted(found)[:settings.per_document])
    best = {low: set(sorted(found)[:settings.per_measure]) for low, found in picked.items()}
    out: list[AlignedPair] = []
    matchers: dict[int, SequenceMatcher[str]] = {}  # one per higher-level measure: its index is built once
    for (low, _), found in sorted(kept.items()):
        for negative, high in sorted(found)[:settings.per_document]:
            if (negative, high) not in best[low]:
                continue
            a, b = items[low], items[high]
            matcher = matchers.get(high)
            if matcher is None:
                matcher = matchers[high] = SequenceMatcher(None, "", b.text, autojunk=False)
            out.append(AlignedPair(a.doc_id, a.number, b.doc_id, b.number, -negative,
                                   tuple(sorted(a.concepts & b.concepts)),
                                   tuple(sorted(a.agencies & b.agencies)),
                                   _phrase(matcher, a.text, b.text, settings.min_phrase)))
    return out
