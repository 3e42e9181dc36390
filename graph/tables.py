"""CSV tables of a build, for people with pandas or a spreadsheet.

``documents.csv``, ``measures.csv``, ``responsibilities.csv`` and ``agencies.csv``: UTF-8
with a header row, one row per record, in reading order.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from loaders import Agency, AgencyRegistry, PolicyDocument

__all__ = ["TABLES", "write_tables"]

TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "title", "date", "issuers", "n_measures", "source_file"),
    "measures": ("doc_id", "number", "label", "title", "section", "source_file", "start", "end"),
    "responsibilities": ("doc_id", "measure_number", "agency", "agency_as_written", "role",
                         "rank", "open_ended", "resolved", "clause", "source_file", "start",
                         "end"),
    "agencies": ("agency", "name_en", "level", "parent", "aliases", "resolved"),
}
"""Each table's name and columns."""


def _write(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _document_rows(documents: list[PolicyDocument]) -> Iterable[list[object]]:
    for d in documents:
        yield [d.doc_id, d.title, d.date.isoformat() if d.date else "",
               ";".join(i.name_zh for i in d.issuers), len(d.measures), d.source_file]


def _measure_rows(documents: list[PolicyDocument]) -> Iterable[list[object]]:
    for d in documents:
        sections = {s.number: s for s in d.sections}
        for m in d.measures:
            section = sections.get(m.section or "")
            printed = f"{section.label}{section.title}" if section else ""
            yield [d.doc_id, m.number, m.label, m.title, printed, m.span.file, m.span.start,
                   m.span.end]


def _responsibility_rows(documents: list[PolicyDocument]) -> Iterable[list[object]]:
    for d in documents:
        for m in d.measures:
            for r in m.responsibilities:
                yield [d.doc_id, m.number, r.agency.name_zh, r.as_written, r.role.value, r.rank,
                       _flag(r.open_ended), _flag(r.agency.resolved), r.clause, r.span.file,
                       r.span.start, r.span.end]


def graph_agencies(documents: list[PolicyDocument], registry: AgencyRegistry) -> list[Agency]:
    """Every agency the documents name or are issued by, with their parents, sorted by key."""
    found: dict[str, Agency] = {}
    for d in documents:
        for agency in [*d.issuers, *(r.agency for r in d.responsibilities)]:
            for a in [agency, *registry.parents(agency)]:
                found.setdefault(a.key, a)
    return [found[k] for k in sorted(found)]


def _agency_rows(agencies: list[Agency], registry: AgencyRegistry) -> Iterable[list[object]]:
    for a in agencies:
        parent = registry.get(a.parent) if a.parent else None
        yield [a.name_zh, a.name_en or "", a.level.value if a.level else a.kind.value,
               parent.name_zh if parent else "", "|".join(a.aliases), _flag(a.resolved)]


def write_tables(documents: list[PolicyDocument], registry: AgencyRegistry,
                 directory: Path) -> dict[str, Path]:
    """Write the four tables into ``directory``; return their paths by name."""
    directory.mkdir(parents=True, exist_ok=True)
    agencies = graph_agencies(documents, registry)
    rows = {
        "documents": _document_rows(documents),
        "measures": _measure_rows(documents),
        "responsibilities": _responsibility_rows(documents),
        "agencies": _agency_rows(agencies, registry),
    }
    paths = {}
    for name, header in TABLES.items():
        paths[name] = directory / f"{name}.csv"
        _write(paths[name], header, rows[name])
    return paths
