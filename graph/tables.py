"""CSV tables of a build, for people with pandas or a spreadsheet.

``documents.csv``, ``measures.csv``, ``responsibilities.csv``, ``agencies.csv`` and
``alignment.csv`` (the aligned measure pairs, :mod:`graph.alignment.outputs`): UTF-8
with a header row, one row per record, in reading order. :class:`TableWriter` writes them
as documents stream past, so a corpus never has to be in memory at once. Cells go through
:func:`graph.csv_cells.spreadsheet_cell`: a text that a spreadsheet would run as a formula
is written with a ``'`` in front.

``source_file`` is the name the caller gives the document's file
(:func:`loaders.source_names.source_name`: its path below the folder given on the command
line), so the same corpus gives the same tables wherever it is kept. With ``excel=True``
each file starts with the UTF-8 byte order mark (the ``utf-8-sig`` codec), which Excel
needs to read Chinese text as UTF-8 instead of the system's code page; the rows are the same.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from graph.alignment.outputs import ALIGNMENT_COLUMNS
from graph.atomic_files import AtomicFile
from graph.csv_cells import spreadsheet_cell
from loaders import Agency, AgencyRegistry, PolicyDocument

__all__ = ["BYTE_ORDER_MARK", "TABLES", "TableWriter", "document_agencies", "graph_agencies", "write_tables"]

TABLES: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id", "title", "date", "issuers", "n_measures", "source_file"),
    "measures": ("doc_id", "number", "label", "title", "section", "source_file", "start", "end"),
    "responsibilities": ("doc_id", "measure_number", "agency", "agency_as_written", "role",
                         "rank", "open_ended", "resolved", "clause", "source_file", "start",
                         "end"),
    "agencies": ("agency", "name_en", "level", "parent", "aliases", "resolved", "valid_from", "valid_to",
                 "successors"),
    "alignment": ALIGNMENT_COLUMNS,
}
"""Each table's name and columns."""

BYTE_ORDER_MARK = "\ufeff"
"""What an ``excel=True`` table starts with: U+FEFF, written as the bytes ``EF BB BF``."""


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _document_rows(d: PolicyDocument, source_file: str) -> Iterable[list[object]]:
    yield [d.doc_id, d.title, d.date.isoformat() if d.date else "",
           ";".join(i.name_zh for i in d.issuers), len(d.measures), source_file]


def _measure_rows(d: PolicyDocument, source_file: str) -> Iterable[list[object]]:
    sections = {s.number: s for s in d.sections}
    for m in d.measures:
        section = sections.get(m.section or "")
        printed = f"{section.label}{section.title}" if section else ""
        yield [d.doc_id, m.number, m.label, m.title, printed, source_file, m.span.start, m.span.end]


def _responsibility_rows(d: PolicyDocument, source_file: str) -> Iterable[list[object]]:
    for m in d.measures:
        for r in m.responsibilities:
            yield [d.doc_id, m.number, r.agency.name_zh, r.as_written, r.role.value, r.rank,
                   _flag(r.open_ended), _flag(r.agency.resolved), r.clause, source_file,
                   r.span.start, r.span.end]


def document_agencies(document: PolicyDocument, registry: AgencyRegistry) -> Iterable[Agency]:
    """Every agency a document names or is issued by, each followed by its parents.

    A body the reorganisations changed is followed by the bodies of its lineage (those it
    passed its duties to and those it took them from, transitively) and their parents, so
    the graph can answer for a body through time.
    """
    for agency in [*document.issuers, *(r.agency for r in document.responsibilities)]:
        yield agency
        yield from registry.parents(agency)
        for other in registry.lineage(agency):
            yield other
            yield from registry.parents(other)


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
        successors = [s.name_zh for s in registry.successors(a)]
        yield [a.name_zh, a.name_en or "", a.level.value if a.level else a.kind.value,
               parent.name_zh if parent else "", "|".join(a.aliases), _flag(a.resolved),
               a.valid_from or "", a.valid_to or "", "|".join(successors)]


class TableWriter:
    """Writes the tables while documents stream past, one document at a time.

    Use it as a context manager: :meth:`add` each document in reading order, then
    :meth:`finish` with the agencies of the graph. The tables are written under temporary
    names and renamed when the block ends without an error, so a table is never seen half
    written.

    Parameters
    ----------
    directory : Path
        Created if needed; the tables already there are replaced.
    excel : bool, default False
        Start each table with the UTF-8 byte order mark (:data:`BYTE_ORDER_MARK`), for
        Excel on Windows.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with TableWriter(Path(tmp), excel=True) as writer:
    ...         paths = writer.finish([], REFERENCE.agencies)
    ...     paths["documents"].read_bytes()[:9]
    b'\\xef\\xbb\\xbfdoc_id'
    """

    def __init__(self, directory: Path, *, excel: bool = False) -> None:
        self.directory = directory
        self.excel = excel
        self.paths = {name: directory / f"{name}.csv" for name in TABLES}
        self._files: dict[str, AtomicFile] = {}
        self._writers: dict[str, Any] = {}

    def __enter__(self) -> TableWriter:
        try:
            for name, header in TABLES.items():
                handle = self._files[name] = AtomicFile(self.paths[name], newline="").__enter__()
                if self.excel:
                    handle.write(BYTE_ORDER_MARK)
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

    def add(self, document: PolicyDocument, source_file: str | None = None) -> None:
        """Write the document's rows of ``documents``, ``measures`` and ``responsibilities``.

        Parameters
        ----------
        document : PolicyDocument
            The next document in reading order.
        source_file : str, optional
            The ``source_file`` cell of its rows (:func:`loaders.source_names.source_name`);
            by default the path the document was read from.
        """
        name = document.source_file if source_file is None else source_file
        self._write("documents", _document_rows(document, name))
        self._write("measures", _measure_rows(document, name))
        self._write("responsibilities", _responsibility_rows(document, name))

    def finish(self, agencies: list[Agency], registry: AgencyRegistry,
               alignment: Iterable[list[object]] = ()) -> dict[str, Path]:
        """Write ``agencies`` (sorted by key, see :func:`graph_agencies`) and the ``alignment`` rows.

        ``alignment`` holds the rows of :func:`graph.alignment.outputs.alignment_rows`, computed
        on the whole corpus; none by default. Returns the paths by name.
        """
        self._write("agencies", _agency_rows(agencies, registry))
        self._write("alignment", alignment)
        return dict(self.paths)


def write_tables(documents: list[PolicyDocument], registry: AgencyRegistry, directory: Path, *,
                 names: Mapping[str, str] | None = None, excel: bool = False) -> dict[str, Path]:
    """Write the tables of a loaded corpus into ``directory``; return their paths by name.

    ``alignment.csv`` gets its header only: the build aligns the measures
    (:func:`graph.pipeline.assemble.assemble`).

    Parameters
    ----------
    documents : list of PolicyDocument
        In reading order.
    registry : AgencyRegistry
        For the agencies' parents.
    directory : Path
        Created if needed; the tables already there are replaced.
    names : mapping of str to str, optional
        The ``source_file`` shown for each path documents were read from
        (:func:`loaders.source_names.source_names`); a path not in it is shown as it is.
    excel : bool, default False
        Start each table with the UTF-8 byte order mark (see :class:`TableWriter`).

    Returns
    -------
    dict of str to Path
    """
    shown = names or {}
    with TableWriter(directory, excel=excel) as writer:
        for document in documents:
            writer.add(document, shown.get(document.source_file))
        return writer.finish(graph_agencies(documents, registry), registry)
