"""What alignment reads of one measure: its level, cleaned text, concepts and agencies with their parents."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from graph.alignment.settings import AlignmentSettings
from loaders import AgencyKind, AgencyRegistry, Gazetteer, Level, PolicyDocument
from loaders.agencies import place_level

__all__ = ["MeasureEntry", "document_level", "measure_entries"]

_NOT_TEXT = re.compile(r"[^\w]+")
"""Punctuation and quotes become word breaks, so character n-grams stay inside phrases."""


@dataclass(frozen=True, slots=True)
class MeasureEntry:
    """One measure as alignment sees it.

    ``text`` is the measure's title and text without its responsibility clauses (agency
    names would make any two measures of one agency look alike); ``agencies`` holds the
    authority-file keys of the bodies listed and of their parents (重庆海关 also counts as
    海关总署), collectives and the parents every body of a level shares left out.
    ``jurisdictions`` is the document's jurisdiction code and the codes of the divisions
    containing it, innermost first (a city's plan: the city, its province, ``CN``).
    """

    doc_id: str
    number: str
    position: int
    level: Level
    text: str
    concepts: frozenset[str]
    agencies: frozenset[str]
    jurisdictions: tuple[str, ...] = ()


def document_level(document: PolicyDocument, gazetteer: Gazetteer) -> Level | None:
    """The level a document speaks at, from its jurisdiction: CN national, 重庆市 provincial.

    Examples
    --------
    >>> from loaders import parse_document
    >>> text = "某方案\\n一、任务\\n1. 在全国推进。（海关总署负责）\\n"
    >>> doc = parse_document(text, reference=REFERENCE).documents[0]
    >>> doc.jurisdiction, document_level(doc, REFERENCE.gazetteer)
    ('CN', <Level.NATIONAL: 'national'>)
    """
    if document.jurisdiction is None:
        return None
    place = gazetteer.by_code(document.jurisdiction)
    return place_level(place) if place is not None else None


def _agency_keys(document: PolicyDocument, index: int, registry: AgencyRegistry,
                 settings: AlignmentSettings) -> frozenset[str]:
    keys: set[str] = set()
    for responsibility in document.measures[index].responsibilities:
        agency = responsibility.agency
        if agency.kind is AgencyKind.COLLECTIVE:
            continue
        keys.add(agency.key)
        for parent in registry.parents(agency):
            if parent.key in settings.not_shared or parent.name_zh.endswith(settings.not_shared_suffixes):
                break
            keys.add(parent.key)
    return frozenset(keys - settings.not_shared)


def measure_entries(document: PolicyDocument, registry: AgencyRegistry, gazetteer: Gazetteer,
                    settings: AlignmentSettings) -> Iterator[MeasureEntry]:
    """The measures of ``document`` as alignment entries; none when its level is unknown or unranked.

    Examples
    --------
    >>> from loaders import parse_document
    >>> text = "重庆市方案\\n一、任务\\n1. 推进“单一窗口”建设。（重庆海关负责）\\n"
    >>> doc = parse_document(text, reference=REFERENCE).documents[0]
    >>> [entry] = measure_entries(doc, REFERENCE.agencies, REFERENCE.gazetteer, AlignmentSettings.default())
    >>> entry.level.value, entry.text, sorted(entry.agencies), entry.jurisdictions
    ('provincial', '推进 单一窗口 建设', ['cn.gacc', 'cq.customs'], ('500000', 'CN'))
    """
    level = document_level(document, gazetteer)
    if settings.rank(level) is None or level is None:
        return
    jurisdictions = tuple(p.admin_code for p in gazetteer.lineage(document.jurisdiction) if p.admin_code)
    for index, measure in enumerate(document.measures):
        body = measure.text
        for responsibility in measure.responsibilities:
            body = body.replace(responsibility.clause, " ")
        if body.startswith(measure.label):
            body = body[len(measure.label):]
        text = " ".join(_NOT_TEXT.sub(" ", body).split())
        yield MeasureEntry(document.doc_id, measure.number, index, level, text,
                           frozenset(c.concept for c in measure.concepts),
                           _agency_keys(document, index, registry, settings), jurisdictions)
