"""Which document of a corpus a citation names: the whole-corpus step of document links.

A document cites others by 文号 (国发〔2018〕37号) and/or by title in 《》. Once every document
of a corpus is known, :class:`CitationIndex` finds the one a citation names: by 文号 first,
else by title compared as :func:`loaders.header.bare_title` compares titles (no blanks,
widths normalised, no inner 《》). A title two documents of the corpus share names neither;
a title whose document carries another 文号 than the citation's names it only when the
citation gives no 文号. A citation the corpus does not answer stays a typed reference to a
document outside it (:func:`loaders.triples.iter_citation_triples`).

Examples
--------
>>> from loaders.records import CitedDocument
>>> index = CitationIndex()
>>> index.add("署岸发〔2021〕85号", "署岸发〔2021〕85号", "关于深化跨境贸易便利化改革的通知")
>>> index.add("某方案（2021-03-16）", None, "某 方案")
>>> index.resolve(CitedDocument("关于深化跨境贸易便利化改革的通知", None))
'署岸发〔2021〕85号'
>>> index.resolve(CitedDocument(None, "署岸发〔2021〕85号")), index.resolve(CitedDocument("《某方案》", None))
('署岸发〔2021〕85号', '某方案（2021-03-16）')
>>> index.resolve(CitedDocument("优化营商环境条例", None)) is None
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.header import bare_title
from loaders.normalize import compact
from loaders.records import CitedDocument

__all__ = ["CitationIndex"]


@dataclass(slots=True)
class CitationIndex:
    """The documents of a corpus by 文号 and by bare title, to resolve citations against."""

    numbers: dict[str, str] = field(default_factory=dict)
    """Document identifier by 文号 (compacted)."""
    titles: dict[str, set[str]] = field(default_factory=dict)
    """Document identifiers by bare title; more than one means the title names none."""
    carried: dict[str, str | None] = field(default_factory=dict)
    """The 文号 each indexed document carries (None without one), by its identifier."""

    def add(self, doc_id: str, number: str | None, title: str) -> None:
        """Index one document of the corpus by its 文号 and its title."""
        if number:
            self.numbers[compact(number)] = doc_id
        self.titles.setdefault(bare_title(title), set()).add(doc_id)
        self.carried[doc_id] = compact(number) if number else None

    def resolve(self, cited: CitedDocument) -> str | None:
        """The identifier of the corpus document ``cited`` names, or None when the corpus lacks it.

        Parameters
        ----------
        cited : CitedDocument
            A citation (title and/or 文号).

        Returns
        -------
        str or None
            The cited document's ``doc_id``.
        """
        number = compact(cited.number) if cited.number else None
        if number and number in self.numbers:
            return self.numbers[number]
        if not cited.title:
            return None
        found = self.titles.get(bare_title(cited.title), set())
        if len(found) != 1:
            return None
        (doc_id,) = found
        carried = self.carried.get(doc_id)
        if number and carried and carried != number:
            return None
        return doc_id
