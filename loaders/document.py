"""Parse the text of a policy document into typed records.

:func:`parse_document` takes text and returns the documents it holds (a 印发 notice and
the plan it transmits are two) with their sections, measures, responsibilities, concepts,
places and targets, and the findings a build report shows (unread parentheses, broken
clauses, a document printed twice). :func:`parse_source` does the same for a file read by
:func:`loaders.read_document`, so spans point into that file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise

from loaders.header import (
    Header,
    Line,
    Trailer,
    bare_title,
    find_cited_documents,
    find_transmitted_title,
    is_name_line,
    read_header,
    read_trailer,
    split_lines,
)
from loaders.jurisdiction import infer_jurisdiction
from loaders.measures import MeasureBuilder
from loaders.normalize import compact
from loaders.parse_context import ParseContext
from loaders.reading import SourceText
from loaders.records import Finding, PolicyDocument, Severity, cap_findings
from loaders.reference import ReferenceData

__all__ = ["DocumentHints", "ParseResult", "parse_document", "parse_source"]


@dataclass(frozen=True, slots=True)
class DocumentHints:
    """Metadata from outside the text (a corpus manifest), used where the text is silent."""

    title: str | None = None
    number: str | None = None
    issuers: tuple[str, ...] = ()
    date: dt.date | None = None


@dataclass(slots=True)
class ParseResult:
    """The documents read from one text, and what the report should say about it."""

    documents: list[PolicyDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def parse_document(text: str, *, path: str = "<text>", reference: ReferenceData | None = None,
                   hints: DocumentHints | None = None) -> ParseResult:
    """Parse the text of one policy document (or a notice and the plan it transmits).

    Parameters
    ----------
    text : str
        The document's text.
    path : str, default "<text>"
        Named in spans and findings.
    reference : ReferenceData, optional
        Authority file, gazetteer and concept scheme; the shipped ones by default.
    hints : DocumentHints, optional
        Title, number, issuers or date known from elsewhere, used where the text has none.

    Returns
    -------
    ParseResult

    Examples
    --------
    >>> text = ("关于优化口岸营商环境的通知\\n署岸发〔2021〕85号\\n各省、自治区、直辖市人民政府：\\n"
    ...         "一、重点任务\\n1. 推进一体化。（海关总署负责）\\n"
    ...         "2. 优化模式。（海关总署牵头，商务部等按职责分工负责）\\n海关总署\\n商务部\\n2021年8月20日")
    >>> doc = parse_document(text, reference=REFERENCE).documents[0]
    >>> doc.doc_id, doc.date.isoformat(), [i.name_zh for i in doc.issuers]
    ('署岸发〔2021〕85号', '2021-08-20', ['海关总署', '商务部'])
    >>> [(r.agency.name_zh, r.role.value, r.rank) for r in doc.measures[1].responsibilities]
    [('海关总署', 'lead', 1), ('商务部', 'participant', 2)]
    """
    return parse_source(SourceText(path, text, "str"), reference=reference, hints=hints)


def parse_source(source: SourceText, *, reference: ReferenceData | None = None,
                 hints: DocumentHints | None = None) -> ParseResult:
    """Parse a file read by :func:`loaders.read_document`; see :func:`parse_document`."""
    ref = reference or ReferenceData.default()
    src = ParseContext(source)
    documents: list[PolicyDocument] = []
    for start, end in _segments(src.norm, ref.agencies.is_known):
        noted = len(src.findings)
        for doc in _parse_segment(src, ref, start, end, hints):
            twin = next((d for d in documents if d.doc_id == doc.doc_id), None)
            if twin is None:
                documents.append(doc)
                continue
            same = twin.fingerprint == doc.fingerprint
            if same:
                del src.findings[noted:]  # the first copy's findings already say it all
            src.note(Severity.INFO if same else Severity.WARNING, "duplicate", start,
                     f"{doc.doc_id} appears again in the same file (from line "
                     f"{doc.span.line}); {'identical, ' if same else 'the copies differ; '}"
                     f"kept the first (line {twin.span.line})")
    if not documents and not any(f.severity is Severity.ERROR for f in src.findings):
        src.note(Severity.ERROR, "no_measures", 0,
                 "no numbered measure with a responsibility clause was found")
    return ParseResult(documents, cap_findings(src.findings))


def _segments(norm: str, is_known: Callable[[str], bool]) -> list[tuple[int, int]]:
    """Split a file where its first line (the title) starts again: a document printed twice.

    A first line naming only bodies is the issuers of a joint notice, which sign it again
    at its end: no cut there.
    """
    lines = split_lines(norm, 0, len(norm))
    if not lines:
        return []
    first = lines[0].compact
    cuts = [0]
    if 4 <= len(first) <= 80 and not first.endswith("。") and not is_name_line(lines[0].text, is_known):
        cuts += [x.start for x in lines[1:] if x.compact == first]
    cuts.append(len(norm))
    return [(a, b) for a, b in pairwise(cuts) if norm[a:b].strip()]


def _parse_segment(src: ParseContext, ref: ReferenceData, start: int, end: int,
                   hints: DocumentHints | None) -> list[PolicyDocument]:
    lines = split_lines(src.norm, start, end)
    if not lines:
        return []
    known = ref.agencies.is_known
    header = read_header(src.norm, lines, known)
    transmitted = find_transmitted_title(header.title, src.norm, header.body_start,
                                         min(end, header.body_start + 600))
    plan_line = _find_plan_line(lines, header.body_start, transmitted) if transmitted else None
    if transmitted and plan_line is None:
        src.note(Severity.WARNING, "transmittal", header.body_start,
                 f"the notice transmits 《{transmitted}》 but no line of the text is that title; "
                 "its measures are read as the notice's own")
    if plan_line is None:
        body_lines = [x for x in lines if x.start >= header.body_start]
        trailer = read_trailer(body_lines or lines, known)
        doc = _build(src, ref, header, trailer, (start, end), hints, None)
        return [doc] if doc is not None else []
    notice_lines = [x for x in lines if x.start < plan_line.start]
    notice_trailer = read_trailer([x for x in notice_lines if x.start >= header.body_start]
                                  or notice_lines, known)
    plan_lines = [x for x in lines if x.start >= plan_line.start]
    plan_header = Header(plan_line.compact, None, (), (), plan_line.end,
                         (plan_line.start, plan_line.end))
    plan_trailer = read_trailer(plan_lines[1:] or plan_lines, known)
    notice = _build(src, ref, header, notice_trailer, (start, plan_line.start), hints, None,
                    transmits=transmitted)
    if notice is None:
        return []
    inherited = replace(plan_trailer, issuers=plan_trailer.issuers or notice_trailer.issuers
                        or header.issuers, date=plan_trailer.date or notice_trailer.date)
    plan = _build(src, ref, plan_header, inherited, (plan_line.start, end), hints, notice)
    if plan is None:
        return [notice]
    return [replace(notice, transmits=plan.doc_id), plan]


def _find_plan_line(lines: list[Line], after: int, title: str) -> Line | None:
    """The line (or two lines: a title broken in two) that is the transmitted plan's title."""
    wanted = bare_title(title)
    for i, line in enumerate(lines):
        if line.start < after:
            continue
        if bare_title(line.text) == wanted:
            return line
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and bare_title(line.text + following.text) == wanted:
            return Line(line.start, following.end, line.compact + following.compact)
    return None


def _build(src: ParseContext, ref: ReferenceData, header: Header, trailer: Trailer,
           region: tuple[int, int], hints: DocumentHints | None,
           transmitted_by: PolicyDocument | None, *, transmits: str | None = None,
           ) -> PolicyDocument | None:
    """Assemble one document record from its header, body and trailer."""
    title, date = header.title, trailer.date or header.date
    hinted = hints or DocumentHints()
    if transmitted_by is not None:
        date = date or transmitted_by.date
    title = title or hinted.title or src.source.html_title
    if not title:
        title = src.source.path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        src.note(Severity.WARNING, "no_title", region[0],
                 f"no title found in the text; using the file name {title!r}")
    number = header.number or (hinted.number if transmitted_by is None else None)
    date = date or hinted.date
    issuer_names = list(dict.fromkeys([*header.issuers, *trailer.issuers,
                                       *_title_issuer(title, ref)]))
    if not issuer_names and transmitted_by is not None:
        issuer_names = [i.name_zh for i in transmitted_by.issuers]
    if not issuer_names:
        issuer_names = list(hinted.issuers)
    body_start, body_end = header.body_start, min(trailer.start, region[1])
    if body_end <= body_start:
        body_end = region[1]
    jurisdiction = infer_jurisdiction(issuer_names, title, src.norm[body_start:body_end], ref)
    issuers = tuple(dict.fromkeys(ref.agencies.resolve(n, jurisdiction) for n in issuer_names))
    doc_id = number or (f"{title}（{date.isoformat()}）" if date else title)
    body_text = compact(src.norm[body_start:body_end])
    fingerprint = hashlib.sha1(body_text.encode("utf-8")).hexdigest()
    # A notice does not cite the plan it transmits, nor a plan its notice, nor itself.
    related = [x for x in (transmits, transmitted_by.title if transmitted_by else None) if x]
    cites = tuple(c for c in find_cited_documents(src.norm, region[0], region[1],
                                                  exclude=(title, *related))
                  if c.number is None or c.number != number)
    base = PolicyDocument(
        doc_id=doc_id, number=number, title=title, date=date, issuers=issuers,
        addressees=header.addressees, cites=cites, jurisdiction=jurisdiction,
        span=src.span(region[0], region[1]),
        transmitted_by=transmitted_by.doc_id if transmitted_by else None,
        fingerprint=fingerprint,
    )
    if transmits:
        return base
    if number is None:
        src.note(Severity.INFO, "no_number", region[0],
                 f"{title!r} carries no document number (文号); identified as {doc_id!r}")
    if jurisdiction is None:
        src.note(Severity.WARNING, "no_jurisdiction", region[0],
                 "could not tell which government issued the document; names such as "
                 "市发展改革委 stay unresolved")
    builder = MeasureBuilder(src, ref, doc_id, jurisdiction)
    measures, sections, rules = builder.build(body_start, body_end)
    if not measures:
        first = len(src.norm[:body_end]) - len(src.norm[body_start:body_end].lstrip())
        src.note(Severity.ERROR, "no_measures", min(first, body_end),
                 f"{title!r}: no numbered measure with a responsibility clause was found")
        return None
    return replace(base, measures=tuple(measures), sections=tuple(sections), rules=tuple(rules))


def _title_issuer(title: str, ref: ReferenceData) -> list[str]:
    """安徽省…办公室关于印发…的通知: the body before 关于 issued it."""
    head, sep, _ = compact(title).partition("关于")
    if sep and head and ref.agencies.lookup(head, None) is not None:
        return [head]
    return []
