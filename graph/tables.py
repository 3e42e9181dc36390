"""CSV tables of a build, for people with pandas or a spreadsheet.

``documents.csv``, ``measures.csv``, ``responsibilities.csv`` and ``agencies.csv``: UTF-8
with a header row, one row per record, in reading order. :class:`TableWriter` writes them
as documents stream past, so a corpus never has to be in memory at once. Cells go through
:func:`graph.csv_cells.spreadsheet_cell`: a text that a spreadsheet would run as a formula
is written with a ``'`` in front.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import Any

from graph.atomic_files import AtomicFile
from graph.csv_cells import spreadsheet_cell
from loaders import Agency, AgencyRegistry, PolicyDocument

__all__ = ["TABLES", "TableWriter", "document_agencies", "graph_agencies", "write_tables"]

TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "title", "date", "issuers", "n_measures", "source_file"),
    "measures": ("doc_id", "number", "label", "title", "section", "source_file", "start", "end"),
    "responsibilities": ("doc_id", "measure_number", "agency", "agency_as_written", "role",
                         "rank", "open_ended", "resolved", "clause", "source_file", "start",
                         "end"),
    "agencies": ("agency", "name_en", "level", "parent", "aliases", "resolved"),
}
"""Each table's name and columns."""


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


def document_agencies(document: PolicyDocument, registry: AgencyRegistry) -> Iterable[Agency]:
    """Every agency a document names or is issued by, each followed by its parents."""
    for agency in [*document.issuers, *(r.agency for r in document.responsibilities)]:
        yield agency
        yield from registry.parents(agency)


def graph_agencies(documents: Iterable[PolicyDocument], registry: AgencyRegistry) -> list[Agency]:
    """Every agency the documents name or are issued by, with their parents, sorted by key."""
    found: dict[str, Agency] = {}
    for d in documents:
        for a in document_agencies(d, registry):
            found.setdefault(a.key, a)
    return [found[k] for k in sorted(found)]


def _agency_rows(agencies: list[Agency], registry: AgencyRegistry) -> Iterable[list[object]]:
    for a in agencies:
        parent = registry.get(a.parent) if a.parent else None
        yield [a.name_zh, a.name_en or "", a.level.value if a.level else a.kind.value,
               parent.name_zh if parent else "", "|".join(a.aliases), _flag(a.resolved)]


class TableWriter:
    """Writes the four tables while documents stream past, one document at a time.

    Use it as a context manager: :meth:`add` each document in reading order, then
    :meth:`finish` with the agencies of the graph. The tables are written under temporary
    names and renamed when the block ends without an error, so a table is never seen half
    written.

    Parameters
    ----------
    directory : Path
        Created if needed; the tables already there are replaced.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.paths = {name: directory / f"{name}.csv" for name in TABLES}
        self._files: dict[str, AtomicFile] = {}
        self._writers: dict[str, Any] = {}

    def __enter__(self) -> TableWriter:
        try:
            for name, header in TABLES.items():
                handle = self._files[name] = AtomicFile(self.paths[name], newline="").__enter__()
                self._writers[name] = csv.writer(handle, lineterminator="\n")
                self._writers[name].writerow(header)
        except BaseException as error:
            self.__exit__(type(error), error, error.__traceback__)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        failure: BaseException | None = value
        for handle in self._files.values():  # each table whole; after a failure, none renamed
            try:
                handle.__exit__(type(failure) if failure is not None else None, failure, traceback)
            except OSError as error:
                failure = error
        self._files.clear()
        if failure is not None and failure is not value:
            raise failure

    def _write(self, name: str, rows: Iterable[list[object]]) -> None:
        self._writers[name].writerows([spreadsheet_cell(cell) for cell in row] for row in rows)

    def add(self, document: PolicyDocument) -> None:
        """Write the document's rows of ``documents``, ``measures`` and ``responsibilities``."""
        self._write("documents", _document_rows([document]))
        self._write("measures", _measure_rows([document]))
        self._write("responsibilities", _responsibility_rows([document]))

    def finish(self, agencies: list[Agency], registry: AgencyRegistry) -> dict[str, Path]:
        """Write ``agencies`` (sorted by key, see :func:`graph_agencies`); return the paths by name."""
        self._write("agencies", _agency_rows(agencies, registry))
        return dict(self.paths)


def write_tables(documents: list[PolicyDocument], registry: AgencyRegistry,
                 directory: Path) -> dict[str, Path]:
    """Write the four tables of a loaded corpus into ``directory``; return their paths by name."""
    with TableWriter(directory) as writer:
        for document in documents:
            writer.add(document)
        return writer.finish(graph_agencies(documents, registry), registry)
