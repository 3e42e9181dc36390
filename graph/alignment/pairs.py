"""Measure alignment: score the measures of each level against those above it, keep the best.

A candidate pair joins a lower-level measure to a higher-level one with which it shares a
concept or an agency (blocking: pairs that share neither are never kept). Its score is a
weighted sum (weights in ``ontology/alignment.toml``) of the concepts the two measures share
(a Jaccard index weighting each concept by its inverse document frequency, so a concept most
measures name counts little), whether they share an agency, and the cosine of their
character n-gram TF-IDF vectors (scikit-learn, fitted on every measure given, so no segmenter
is needed for Chinese). Pairs at or above the threshold are kept, at most ``per_document``
per lower-level measure and higher-level document and ``per_measure`` per lower-level measure
in all, best first. Same entries in, same pairs out, in one order.

A lower-level document answers only the documents on its own jurisdiction's line: a city's
plan its province's plans and the national ones, never another province's (a plan may take
up a notice issued after it, as the two seeds do, so dates do not restrict the pairs).

A lower-level document's measures are scored against the measures of at most
``candidate_documents`` documents above it on its line: those whose whole text (the sum of
their measures' TF-IDF rows) is most like its own. Choosing them compares documents, not
measures, so the measure-by-measure work grows with the corpus, not with its square; a line
holding no more documents than that is scored in full, as is every line when the setting is
None (``python -m benchmarks --only alignment`` measures what the choice keeps of the full
scoring). The scores are sparse matrix products, a block of lower-level measures at a time
(:data:`_BLOCK` rows, so memory stays bounded by the block times the candidates).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np
from scipy import sparse

from graph.alignment.entries import MeasureEntry
from graph.alignment.settings import AlignmentSettings

__all__ = ["AlignedPair", "align_measures"]

_BLOCK = 256
"""Lower-level measures scored per step: a step holds a few dense arrays of this many rows
by the number of higher-level measures."""

_TOP = 12
"""A lower-level measure's best candidates looked at first; all of them only when these few
do not give ``per_measure`` pairs (one document held them)."""


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


def _binary(sets: Sequence[frozenset[str]]) -> sparse.csr_matrix:
    vocabulary = {k: i for i, k in enumerate(sorted({k for s in sets for k in s}))}
    rows = [i for i, s in enumerate(sets) for _ in s]
    cols = [vocabulary[k] for s in sets for k in sorted(s)]
    return sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(sets), max(len(vocabulary), 1)))


@dataclass(frozen=True, slots=True)
class _Features:
    """What the scores are made of, one row per entry."""

    text: sparse.csr_matrix
    """Character n-gram TF-IDF, rows of unit length: a row product is the cosine."""
    concepts: sparse.csr_matrix
    """Concepts weighted by the square root of their IDF: a row product is the shared weight."""
    concept_totals: np.ndarray
    """Each entry's concepts' summed IDF: the Jaccard index's union."""
    agencies: sparse.csr_matrix
    """Agencies and their parents, 0/1."""

    @classmethod
    def of(cls, items: Sequence[MeasureEntry], settings: AlignmentSettings) -> _Features:
        # imported here: scikit-learn takes a second to import, and only the alignment needs it
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(analyzer=settings.analyzer, ngram_range=settings.ngram_range,
                                     sublinear_tf=True, dtype=np.float64)
        text = sparse.csr_matrix(vectorizer.fit_transform([e.text for e in items]))
        concepts = _binary([e.concepts for e in items])
        named = np.asarray(concepts.sum(axis=0)).ravel()
        idf = np.log((1 + concepts.shape[0]) / (1 + named)) + 1
        return cls(text, sparse.csr_matrix(concepts.multiply(np.sqrt(idf))),
                   np.asarray(concepts.multiply(idf).sum(axis=1)).ravel(),
                   _binary([e.agencies for e in items]))

    def scores(self, low: np.ndarray, high: np.ndarray, against: tuple[sparse.csr_matrix, ...],
               settings: AlignmentSettings) -> np.ndarray:
        """Scores of ``low`` rows (dense, one column per ``high`` entry); -1 where not a candidate.

        ``against`` holds the transposed text, concept and agency rows of ``high``.
        """
        text_t, concepts_t, agencies_t = against
        shared = (self.concepts[low] @ concepts_t).toarray()
        agency = (self.agencies[low] @ agencies_t).toarray() > 0
        candidate = (shared > 0) | agency
        union = self.concept_totals[low][:, None] + self.concept_totals[high][None, :] - shared
        overlap = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        cosine = (self.text[low] @ text_t).toarray()
        score = np.round(settings.concept_weight * overlap + settings.agency_weight * agency
                         + settings.text_weight * cosine, 3)
        return np.where(candidate & (score >= settings.threshold), score, -1.0)


def _comparisons(items: Sequence[MeasureEntry], rank: np.ndarray,
                 level: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """(higher, lower) index arrays to score for the lower-level measures at ``level``.

    A lower-level document answers the documents above it on its own jurisdiction's line: a
    city's plan its province's plans and the national ones, never another province's. Lower
    measures that see the same higher-level jurisdictions are scored together. An entry
    without jurisdictions (built by hand) sees, and is seen by, every level above.
    """
    higher = np.flatnonzero(rank < level)
    seen_by: dict[frozenset[str] | None, list[int]] = defaultdict(list)
    codes = {items[i].jurisdictions[0] for i in higher.tolist() if items[i].jurisdictions}
    for i in np.flatnonzero(rank == level).tolist():
        line = items[i].jurisdictions
        seen_by[frozenset(codes.intersection(line)) if line else None].append(i)
    out = []
    for seen, lows in sorted(seen_by.items(), key=lambda item: sorted(item[0] or ())):
        high = higher if seen is None else np.asarray(
            [i for i in higher.tolist() if not items[i].jurisdictions or items[i].jurisdictions[0] in seen],
            dtype=np.int64)
        if len(high):
            out.append((high, np.asarray(lows, dtype=np.int64)))
    return out


def _candidates(documents: _Documents, high: np.ndarray, lows: np.ndarray,
                limit: int | None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(higher, lower) index arrays narrowed to each lower document's ``limit`` likeliest documents.

    When the higher-level measures come from no more than ``limit`` documents, or ``limit``
    is None, the comparison is given back whole. Otherwise each lower document's measures
    are given with the measures of the ``limit`` higher documents whose summed TF-IDF rows
    are nearest its own by cosine (ties: the earlier document).
    """
    high_documents = np.unique(documents.of[high])
    if limit is None or len(high_documents) <= limit:
        yield high, lows
        return
    low_documents = np.unique(documents.of[lows])
    high_text_t = documents.text[high_documents].T.tocsr()
    for start in range(0, len(low_documents), _BLOCK):
        block = low_documents[start:start + _BLOCK]
        similarity = (documents.text[block] @ high_text_t).toarray()
        for document, row in zip(block.tolist(), similarity, strict=True):
            nearest = high_documents[np.sort(np.lexsort((np.arange(len(row)), -row))[:limit])]
            candidates = np.concatenate([documents.entries(d) for d in nearest.tolist()])
            yield candidates, documents.entries(document)


@dataclass(frozen=True, slots=True)
class _Documents:
    """The documents of the entries (sorted by document): which entries each holds, its text."""

    of: np.ndarray
    """Each entry's document number."""
    starts: np.ndarray
    """Where each document's entries begin, and one past the last entry."""
    text: sparse.csr_matrix
    """Each document's summed TF-IDF rows, of unit length: a row product is the cosine."""

    @classmethod
    def of_entries(cls, items: Sequence[MeasureEntry], text: sparse.csr_matrix) -> _Documents:
        of = np.unique([e.doc_id for e in items], return_inverse=True)[1]
        starts = np.flatnonzero(np.r_[True, of[1:] != of[:-1], True])
        summed = sparse.csr_matrix((np.ones(len(of)), (of, np.arange(len(of)))),
                                   shape=(len(starts) - 1, len(of))) @ text
        return cls(of, starts, _normalised(summed))

    def entries(self, document: int) -> np.ndarray:
        """The entry numbers of ``document``."""
        return np.arange(self.starts[document], self.starts[document + 1])


def _normalised(rows: sparse.csr_matrix) -> sparse.csr_matrix:
    """``rows`` scaled to unit length (an all-zero row stays zero)."""
    lengths = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(np.divide(1.0, lengths, out=np.zeros_like(lengths),
                                                    where=lengths > 0)) @ rows)


def _best(row: np.ndarray, documents: Sequence[str], settings: AlignmentSettings) -> list[tuple[int, float]]:
    """The kept columns of one row of scores, best first (ties: lower column first).

    At most ``per_document`` columns of one document and ``per_measure`` in all.
    """
    top = min(_TOP, len(row))
    floor = max(float(-np.partition(-row, top - 1)[top - 1]), 0.0)
    while True:
        columns = np.flatnonzero(row >= floor)
        kept: list[tuple[int, float]] = []
        per_document: Counter[str] = Counter()
        for column in columns[np.lexsort((columns, -row[columns]))].tolist():
            if per_document[documents[column]] < settings.per_document:
                per_document[documents[column]] += 1
                kept.append((column, float(row[column])))
                if len(kept) == settings.per_measure:
                    return kept
        if floor == 0.0:
            return kept
        floor = 0.0


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
    if not items:
        return []
    rank = np.asarray([settings.levels.index(e.level) for e in items])
    features = _Features.of(items, settings)
    found: list[tuple[int, str, float, int]] = []  # (lower, higher document, -score, higher)
    in_documents = _Documents.of_entries(items, features.text)
    for level in np.unique(rank)[1:].tolist():
        for whole_high, whole_lows in _comparisons(items, rank, level):
            for high, lows in _candidates(in_documents, whole_high, whole_lows,
                                          settings.candidate_documents):
                against = tuple(m[high].T.tocsr()
                                for m in (features.text, features.concepts, features.agencies))
                documents = [items[i].doc_id for i in high.tolist()]
                for start in range(0, len(lows), _BLOCK):
                    low = lows[start:start + _BLOCK]
                    scores = features.scores(low, high, against, settings)
                    for row in np.flatnonzero(scores.max(axis=1) >= 0).tolist():
                        for column, score in _best(scores[row], documents, settings):
                            found.append((int(low[row]), documents[column], -score, int(high[column])))
    out: list[AlignedPair] = []
    matchers: dict[int, SequenceMatcher[str]] = {}  # one per higher-level measure: its index is built once
    for low_index, _, negative, high_index in sorted(found):
        a, b = items[low_index], items[high_index]
        matcher = matchers.get(high_index)
        if matcher is None:
            matcher = matchers[high_index] = SequenceMatcher(None, "", b.text, autojunk=False)
        out.append(AlignedPair(a.doc_id, a.number, b.doc_id, b.number, -negative,
                               tuple(sorted(a.concepts & b.concepts)),
                               tuple(sorted(a.agencies & b.agencies)),
                               _phrase(matcher, a.text, b.text, settings.min_phrase)))
    return out
