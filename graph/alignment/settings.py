"""The alignment's weights, threshold and blocking rules, read from ``ontology/alignment.toml``."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from loaders import Level, TradeKGError
from ontology import data_path

__all__ = ["AlignmentSettings"]


@dataclass(frozen=True, slots=True)
class AlignmentSettings:
    """How measures of documents at different levels are paired and scored.

    Examples
    --------
    >>> settings = AlignmentSettings.default()
    >>> settings.levels[0].value, settings.ngram_range
    ('national', (2, 3))
    >>> round(settings.concept_weight + settings.agency_weight + settings.text_weight, 6)
    1.0
    """

    levels: tuple[Level, ...]
    analyzer: str
    ngram_range: tuple[int, int]
    concept_weight: float
    agency_weight: float
    text_weight: float
    threshold: float
    per_document: int
    per_measure: int
    min_phrase: int
    candidate_documents: int | None
    """A lower-level document's measures are scored against those of at most this many
    higher-level documents on its line, the most like it; None scores every one."""
    not_shared: frozenset[str]
    not_shared_suffixes: tuple[str, ...]
    page_min_pairs: int
    """Two documents get a side-by-side page when at least this many of their measures align."""

    def rank(self, level: Level | None) -> int | None:
        """The position of ``level`` in :attr:`levels` (0 = highest), or None when not ranked."""
        return self.levels.index(level) if level in self.levels else None

    @classmethod
    def from_toml(cls, path: str | Path) -> AlignmentSettings:
        """Read the settings file.

        Raises
        ------
        TradeKGError
            When the file cannot be read, is not TOML, or a key is missing or of the wrong
            kind; the message names the file and the key.
        """
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
            raise TradeKGError(f"cannot read the alignment settings {path}: {err}") from err
        try:
            text, score, agencies, pages = data["text"], data["score"], data["agencies"], data["pages"]
            return cls(
                levels=tuple(Level(v) for v in data["levels"]),
                analyzer=str(text["analyzer"]),
                ngram_range=(int(text["ngram_min"]), int(text["ngram_max"])),
                concept_weight=float(score["concepts"]),
                agency_weight=float(score["agencies"]),
                text_weight=float(score["text"]),
                threshold=float(score["threshold"]),
                per_document=int(score["per_document"]),
                per_measure=int(score["per_measure"]),
                min_phrase=int(score["min_phrase"]),
                candidate_documents=_positive_or_none(score.get("candidate_documents")),
                not_shared=frozenset(str(k) for k in agencies["not_shared"]),
                not_shared_suffixes=tuple(str(s) for s in agencies["not_shared_suffixes"]),
                page_min_pairs=int(pages["min_pairs"]),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise TradeKGError(f"{path}: alignment settings lack or mistype {err}") from err

    @classmethod
    def default(cls) -> AlignmentSettings:
        """The settings shipped in ``ontology/alignment.toml``."""
        return cls.from_toml(data_path("alignment.toml"))


def _positive_or_none(value: object) -> int | None:
    """A positive whole number of the settings file, or None when it is absent."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"candidate_documents must be a whole number of 1 or more, not {value!r}")
    return value
