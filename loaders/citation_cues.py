"""The declared cues of how a document cites another, read from ``ontology/citation_cues.toml``.

A document *cites* what it names; it *implements* what the words around the citation say
it carries out: 为贯彻落实《…》, 根据《…》, 按照《…》要求. The words live in the TOML file;
:func:`loaders.header.find_cited_documents` asks :meth:`CitationCues.relation` for each run
of citations it reads.

Examples
--------
>>> cues = CitationCues.default()
>>> cues.relation("为深入贯彻落实", "，加快推进")
'implements'
>>> cues.relation("按照 ", "规定，对引进的"), cues.relation("按照", "中所列")
('implements', 'cites')
>>> cues.is_connector("（TBT协定）和"), cues.is_connector("，根据")
(True, False)
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from loaders.errors import TradeKGError
from loaders.normalize import compact
from loaders.records import CitationRelation

__all__ = ["CUES_FILE", "CitationCue", "CitationCues"]

CUES_FILE = "citation_cues.toml"
"""The cues' file name in ``ontology/``."""

_RELATIONS: tuple[str, ...] = get_args(CitationRelation)


@dataclass(frozen=True, slots=True)
class CitationCue:
    """Words right before a run of citations (and, if given, one of the words right after it)."""

    relation: CitationRelation
    before: str
    after: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CitationCues:
    """The cues and the connectors that join citations into one run (为落实《甲》和《乙》)."""

    cues: tuple[CitationCue, ...]
    connectors: tuple[str, ...]

    @staticmethod
    def from_toml(path: Path) -> CitationCues:
        """Read a cue file laid out like ``ontology/citation_cues.toml``.

        Raises
        ------
        TradeKGError
            When the file is not valid TOML, or a cue lacks ``before`` or names an unknown relation.
        """
        try:
            table = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as err:
            raise TradeKGError(f"{path}: cannot read the citation cues ({err})") from err
        connectors = table.get("connectors", [])
        if not isinstance(connectors, list) or not all(isinstance(c, str) and c for c in connectors):
            raise TradeKGError(f"{path}: 'connectors' must be a list of words")
        cues = []
        for index, entry in enumerate(table.get("cue", []), start=1):
            where = f"{path}: cue {index}"
            relation, before, after = entry.get("relation"), entry.get("before"), entry.get("after", [])
            if relation not in _RELATIONS:
                raise TradeKGError(f"{where}: relation {relation!r}; a relation is one of "
                                   f"{', '.join(_RELATIONS)}")
            if not isinstance(before, str) or not before:
                raise TradeKGError(f"{where}: 'before' must be the words before the citation")
            after = [after] if isinstance(after, str) else after
            if not isinstance(after, list) or not all(isinstance(w, str) and w for w in after):
                raise TradeKGError(f"{where}: 'after' must be a word or a list of words")
            cues.append(CitationCue(relation, compact(before), tuple(compact(w) for w in after)))
        return CitationCues(tuple(cues), tuple(compact(c) for c in connectors))

    @staticmethod
    @functools.cache
    def default() -> CitationCues:
        """The cues shipped in ``ontology/citation_cues.toml`` (read once, on first use)."""
        from ontology import data_path

        return CitationCues.from_toml(data_path(CUES_FILE))

    def relation(self, before: str, after: str) -> CitationRelation:
        """How a run of citations relates to its document, from the text before and after it.

        Parameters
        ----------
        before : str
            The text before the run (blanks are ignored); only its end counts.
        after : str
            The text after the run (its 文号 in parentheses already left out); only its start counts.

        Returns
        -------
        str
            The first matching cue's relation, else ``cites``.
        """
        before, after = compact(before), _past_parenthesis(compact(after))
        for cue in self.cues:
            if before.endswith(cue.before) and (not cue.after or after.startswith(cue.after)):
                return cue.relation
        return "cites"

    def is_connector(self, gap: str) -> bool:
        """True when ``gap`` (the text between two citations) only joins them into one run.

        A parenthesis after the first citation (its abbreviation or 文号) may come first:
        《技术性贸易壁垒协定》（TBT协定）和《…》.
        """
        text = _past_parenthesis(compact(gap))
        return text == "" or text in self.connectors


def _past_parenthesis(text: str) -> str:
    """``text`` without the parenthesis it opens with, if it opens with a closed one."""
    if text.startswith("（") and "）" in text:
        return text[text.index("）") + 1:]
    return text
