"""Typed records the loaders produce: documents, sections, measures, responsibilities.

Every record is a frozen, slotted dataclass, so a record can be hashed, compared and
kept in a set, and a typo in a field name is an error rather than a new key. Records
carry their provenance as a :class:`SourceSpan`: the file and the character offsets of
the text they were read from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

__all__ = [
    "FINDINGS_PER_KIND",
    "Agency",
    "AgencyKind",
    "CitationRelation",
    "CitedDocument",
    "ConceptMention",
    "DocumentRule",
    "Finding",
    "Level",
    "Measure",
    "PlaceMention",
    "PolicyDocument",
    "Responsibility",
    "Role",
    "Section",
    "Severity",
    "SourceSpan",
    "Target",
    "cap_findings",
]

FINDINGS_PER_KIND = 20
"""At most this many findings of one kind are reported per file; one more counts the rest."""


class Role(StrEnum):
    """What a listed agency does for a measure.

    ``lead`` carries the measure (explicit 牵头, the only body listed, or a document rule
    such as 排名第一的单位为牵头单位); ``joint`` shares it with no lead (按职责分工负责);
    ``participant`` works beside a lead (参与, 配合, 落实); ``guide`` steers (指导).
    """

    LEAD = "lead"
    JOINT = "joint"
    PARTICIPANT = "participant"
    GUIDE = "guide"


class Level(StrEnum):
    """Administrative level of a body or a jurisdiction."""

    NATIONAL = "national"
    PROVINCIAL = "provincial"
    MUNICIPAL = "municipal"
    DISTRICT = "district"


class AgencyKind(StrEnum):
    """What sort of actor an agency node stands for."""

    AGENCY = "agency"
    """A government body: ministry, bureau, commission, office, people's government."""
    ENTERPRISE = "enterprise"
    """A state-owned or other enterprise (重庆港务物流集团, 国铁集团)."""
    INSTITUTION = "institution"
    """A public institution, university or laboratory (崂山实验室)."""
    COLLECTIVE = "collective"
    """A class of actors, not one body (各地区人民政府, 各有关部门, 相关部门)."""


class Severity(StrEnum):
    """How bad a :class:`Finding` is: an error skips a file, a warning skips nothing."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """Where a record was read from.

    ``start`` and ``end`` are character offsets (end exclusive) into the decoded file: for
    a text file the text itself (a byte-order mark excluded), for an HTML page the page's
    markup, so ``text[start:end]`` shows exactly what was read. ``line`` is the 1-based line
    of ``start``.
    """

    file: str
    start: int
    end: int
    line: int


@dataclass(frozen=True, slots=True)
class Agency:
    """One body (or collective actor) as the graph knows it.

    ``key`` is the authority-file key for a resolved body; an unresolved body gets a key
    derived from its jurisdiction and its name, so the same unknown name in the same
    jurisdiction is one node. A body that the State Council reorganisations set up or
    dissolved carries ``valid_from``, ``valid_to`` and ``successors``; its predecessors are
    derived (:meth:`loaders.agencies.AgencyRegistry.predecessors`).
    """

    key: str
    name_zh: str
    name_en: str | None
    kind: AgencyKind
    level: Level | None
    jurisdiction: str | None
    parent: str | None
    aliases: tuple[str, ...]
    resolved: bool
    valid_from: str | None = None
    """When the body was set up: an ISO date or year (2018-04-10, 2018); None when not recorded."""
    valid_to: str | None = None
    """When the body was dissolved or merged away; None while it exists."""
    successors: tuple[str, ...] = ()
    """The authority keys of the bodies that took over its duties (in a registry) or, as read
    from an authority file, the keys or canonical names written there."""


@dataclass(frozen=True, slots=True)
class Responsibility:
    """One agency listed in one responsibility clause of a measure."""

    agency: Agency
    as_written: str
    role: Role
    rank: int
    open_ended: bool
    clause: str
    clause_index: int
    span: SourceSpan
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class ConceptMention:
    """A trade-facilitation instrument of the concept scheme named in a measure."""

    concept: str
    label: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A region, port, corridor or country of the gazetteer named in a measure."""

    place: str
    label: str
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Target:
    """A deadline and/or a quantified goal stated in a measure.

    ``due`` is the last day the text allows (2021年底前 -> 2021-12-31). ``metric``,
    ``value``, ``unit`` and ``comparator`` are set when the goal is a number
    (平均时间压缩至7个工作日以内: metric 平均时间, value 7, unit 个工作日, comparator ``<=``).
    """

    text: str
    due: dt.date | None
    metric: str | None
    value: float | None
    unit: str | None
    comparator: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Section:
    """A heading (一、 or （一）) under which measures sit."""

    number: str
    label: str
    title: str
    parent: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class Measure:
    """One numbered task of a document, with the agencies responsible for it.

    ``number`` is in Arabic digits and qualified by its section where the numbering
    restarts in each section (``2.3``); ``label`` is the number as printed (（十二）, 3．).
    """

    number: str
    label: str
    title: str
    text: str
    section: str | None
    span: SourceSpan
    responsibilities: tuple[Responsibility, ...] = ()
    concepts: tuple[ConceptMention, ...] = ()
    places: tuple[PlaceMention, ...] = ()
    targets: tuple[Target, ...] = ()


CitationRelation = Literal["cites", "implements"]
"""How a document relates to a document it names: ``cites`` (eli:cites) or ``implements`` (eli:implements)."""


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document another cites: a title in 《》 and/or a document number, and how it is cited.

    ``relation`` is ``implements`` where the text says the citing document carries the cited
    one out (为贯彻落实《…》, 根据《…》, 按照《…》要求: ``ontology/citation_cues.toml``), else ``cites``.
    """

    title: str | None
    number: str | None
    relation: CitationRelation = "cites"


@dataclass(frozen=True, slots=True)
class DocumentRule:
    """A rule a clause states for the rest of its document.

    ``kind`` is ``first_listed_leads`` (排名第一的单位为牵头单位，下同) or
    ``implementing_actor`` (以下均需试点城市政府落实); ``actor`` names the actor of the latter.
    """

    kind: str
    text: str
    from_measure: str
    actor: str | None
    span: SourceSpan


@dataclass(frozen=True, slots=True)
class PolicyDocument:
    """A notice, plan or opinion, with its measures.

    A 印发 (transmittal) notice and the plan it transmits are two records: the notice has
    ``transmits`` set to the plan's ``doc_id`` and holds no measures; the plan has
    ``transmitted_by`` set and holds them.
    """

    doc_id: str
    number: str | None
    title: str
    date: dt.date | None
    issuers: tuple[Agency, ...]
    addressees: tuple[str, ...]
    cites: tuple[CitedDocument, ...]
    jurisdiction: str | None
    span: SourceSpan
    sections: tuple[Section, ...] = ()
    measures: tuple[Measure, ...] = ()
    rules: tuple[DocumentRule, ...] = ()
    transmits: str | None = None
    transmitted_by: str | None = None
    fingerprint: str = field(default="", compare=False)

    @property
    def source_file(self) -> str:
        """The file this document was read from."""
        return self.span.file

    @property
    def responsibilities(self) -> tuple[Responsibility, ...]:
        """Every responsibility of every measure, in reading order."""
        return tuple(r for m in self.measures for r in m.responsibilities)


@dataclass(frozen=True, slots=True)
class Finding:
    """Something the build report tells the user: a skipped file, an unread clause, ...

    ``kind`` is a short machine-readable code (``unreadable``, ``no_measures``,
    ``broken_clause``, ``unclosed_parenthesis``, ``unread_number``, ``unresolved_agency``,
    ``unread_parenthesis``, ``traditional_text``, ``duplicate``, ...). A file reports at most
    :data:`FINDINGS_PER_KIND` of one kind (:func:`cap_findings`).
    """

    severity: Severity
    kind: str
    file: str
    line: int | None
    message: str
    text: str | None = None


_SEVERITY_ORDER = (Severity.INFO, Severity.WARNING, Severity.ERROR)


def cap_findings(findings: Iterable[Finding], limit: int = FINDINGS_PER_KIND) -> list[Finding]:
    """Keep the first ``limit`` findings of each kind in each file; count the rest in one.

    A hostile file can hold a broken clause every few characters; the report names the
    first ``limit`` of a kind with their lines and then says how many more there are, so
    it stays small however large the input is.

    Parameters
    ----------
    findings : iterable of Finding
        In reading order.
    limit : int, default :data:`FINDINGS_PER_KIND`
        How many findings of one kind (in one file) to keep.

    Returns
    -------
    list of Finding
        The kept findings in their order; where a kind had more, one finding of that kind
        (the worst severity among the rest, at the line of the first one left out) saying
        ``… and K more of this kind``, in the place of the first one left out.

    Examples
    --------
    >>> many = [Finding(Severity.WARNING, "broken_clause", "a.txt", n, "never closes") for n in range(1, 26)]
    >>> capped = cap_findings(many)
    >>> len(capped), capped[-1].line, capped[-1].message
    (21, 21, '… and 5 more of this kind (broken_clause); the first 20 are listed')
    """
    kept: list[Finding] = []
    seen: dict[tuple[str, str], int] = {}
    rest: dict[tuple[str, str], tuple[int, Finding, Severity]] = {}  # slot, first left out, worst
    for finding in findings:
        key = (finding.file, finding.kind)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= limit:
            kept.append(finding)
        elif key not in rest:
            rest[key] = (len(kept), finding, finding.severity)
            kept.append(finding)  # a placeholder, replaced below
        else:
            slot, first, worst = rest[key]
            rest[key] = (slot, first, max(worst, finding.severity, key=_SEVERITY_ORDER.index))
    for key, (slot, first, worst) in rest.items():
        more = seen[key] - limit
        kept[slot] = Finding(worst, first.kind, first.file, first.line,
                             f"… and {more} more of this kind ({first.kind}); the first {limit} "
                             "are listed")
    return kept
