"""The whole-corpus step of a build: kept documents in reading order, written out in one pass.

The per-file results are read back from the cache one file at a time, in the order of
the files' paths (never all at once), so the order of the command line's arguments
changes nothing. A document that several files hold is kept once, from the reading
:func:`graph.pipeline.duplicates.choose` picks by its content, and the others are
reported; the kept documents stream into ``graph.nt`` and ``graph.ttl`` (each
document's own lines, already sorted), the CSV tables and the report counts. What the
documents point at — agencies with their parents, places, jurisdictions, concepts,
source files, and the documents' shared lines — is gathered meanwhile (small:
it grows with the authority file, not with the corpus) and written last as one sorted
reference section. Citations are resolved there too, once every kept document is known
(:class:`loaders.citation_index.CitationIndex`): a 文号 or title that names a document of the
corpus points at its IRI, any other is a typed ``eli:LegalResource``; the links
(``dcterms:references``, ``eli:cites``, ``eli:implements``) are reference lines, so they are
the same whatever the order and number of workers, and fresh or incremental builds alike.
The measures of the kept documents are aligned across levels
(:mod:`graph.alignment`) from their typed records as they pass, once for the build:
``tables/alignment.csv``, the side-by-side pages ``site/align-*.html``
(:mod:`graph.views.alignment_view`) and the ``tkg:MeasureAlignment`` triples in the reference
section (so the store's update by difference keeps them exact). Files are written
under temporary names and renamed when whole
(:mod:`graph.atomic_files`). Same files in, same bytes out, whatever the number of
workers and the order of the arguments.

A file is named in the tables and the graph by the name the build gives it
(:func:`loaders.source_names.source_name`: its path below the folder given), applied here:
the cached records keep the path the file was read from. The same corpus copied elsewhere
gives the same bytes. (The document pages cached with a file print the name too, so it is
part of their cache key: :attr:`graph.pipeline.documents.FileTask.name`.)
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from heapq import merge
from itertools import groupby, islice
from pathlib import Path, PurePath

from graph.alignment import AlignmentSettings, MeasureEntry, align_measures, measure_entries
from graph.alignment.outputs import alignment_rows, sorted_alignment_ntriples
from graph.atomic_files import AtomicFile
from graph.pipeline.cache import ResultCache
from graph.pipeline.documents import DocumentPart, FileSummary
from graph.pipeline.duplicates import Reading, choose
from graph.pipeline.references import ReferenceSet
from graph.pipeline.store_sync import REFERENCE_FILE, StoreLoader, reference_lines
from graph.rdf.serialize import TURTLE_HEADER, turtle_chunks
from graph.rdf.validate import Violation
from graph.report import ReportBuilder
from graph.tables import TableWriter
from graph.views.alignment_view import AlignedDocument, alignment_pages
from graph.views.page_folder import write_page
from loaders import CitedDocument, PolicyDocument, ReferenceData
from loaders.citation_index import CitationIndex
from loaders.triples import document_iri, iter_citation_ntriples

__all__ = ["Assembled", "assemble"]


@dataclass(slots=True)
class Assembled:
    """What the assembly wrote and gathered."""

    ntriples: Path
    turtle: Path
    reference: Path
    """The reference section of ``graph.nt``, its sorted lines, alone (:func:`reference_lines` reads it)."""
    tables: dict[str, Path]
    report: ReportBuilder
    digests: dict[str, str] = field(default_factory=dict)
    """SHA-256 digest of each file that gave a kept document, by path."""
    names: dict[str, str] = field(default_factory=dict)
    """The name each file of ``digests`` is shown under in the tables and the graph, by path."""
    documents: list[str] = field(default_factory=list)
    """Identifiers of the kept documents, in reading order."""
    pages: list[str] = field(default_factory=list)
    """The kept documents' own pages, written as they passed: paths under ``OUT``."""
    kept: list[tuple[str, str]] = field(default_factory=list)
    """Each kept document's identifier and its file's cache key, in reading order."""
    violations: dict[str, tuple[Violation, ...]] = field(default_factory=dict)
    """Each kept document's SHACL results (from its file's check), by document IRI."""
    described_elsewhere: list[str] = field(default_factory=list)
    """Kept documents that other files' shared lines also describe: their results need the
    whole graph's check. (A citation of a corpus document only points at it, so it adds none.)"""
    lines: int = 0
    """N-Triples lines written (the store counts distinct triples)."""
    aligned_pairs: int = 0
    """How many measure pairs :func:`graph.alignment.align_measures` aligned (the pairs
    themselves are written, not kept: at 10,000 documents they are half a million)."""
    untaken_national: int = 0
    """National measures that no lower-level measure aligns with."""
    alignment_seconds: float = 0.0
    """Seconds spent aligning (reading the entries, scoring, writing the rows and lines)."""


def assemble(summaries: Sequence[FileSummary], cache: ResultCache, reference: ReferenceData, out: Path, *,
             names: Mapping[str, str] | None = None, excel: bool = False,
             advance: Callable[[int], None] | None = None, store: StoreLoader | None = None) -> Assembled:
    """Write ``graph.nt``, ``graph.ttl`` and the tables of the kept documents into ``out``.

    Parameters
    ----------
    summaries : sequence of FileSummary
        Every file of the build (written in the order of their paths).
    cache : ResultCache
        Where the per-file stage left each file's data.
    reference : ReferenceData
        For the agencies' parents and the reference triples.
    out : Path
        The folder to write into (``graph.nt``, ``graph.ttl``, ``tables/`` and the
        documents' own pages): the state being built.
    names : mapping of str to str, optional
        The name each file is shown under (``source_file`` in the tables, the source
        file's ``dcterms:title``) by its path; a path not in it, by its file name.
    excel : bool, default False
        Write the tables with the UTF-8 byte order mark (:class:`graph.tables.TableWriter`).
    advance : callable, optional
        Called with 1 after each file.
    store : StoreLoader, optional
        Given every line written to ``graph.nt`` as it is written, to load the new store
        meanwhile (:mod:`graph.pipeline.store_sync`).

    Returns
    -------
    Assembled
    """
    report = ReportBuilder()
    refs = ReferenceSet()
    result = Assembled(out / "graph.nt", out / "graph.ttl", out / REFERENCE_FILE, {}, report)
    ordered = sorted(summaries, key=lambda s: PurePath(s.path))  # stable: a file given twice stays twice
    verdicts = iter(choose([Reading(d.doc_id, s.path, d.line, d.date, d.length, d.fingerprint)
                            for s in ordered for d in s.documents]))
    settings = AlignmentSettings.default()
    citations = CitationIndex()
    citing: list[tuple[str, tuple[CitedDocument, ...]]] = []
    entries: list[MeasureEntry] = []
    sides: dict[str, AlignedDocument] = {}
    out.mkdir(parents=True, exist_ok=True)
    with (AtomicFile(result.ntriples) as nt, AtomicFile(result.turtle) as ttl,
          TableWriter(out / "tables", excel=excel) as tables):
        ttl.write(TURTLE_HEADER)
        for summary in ordered:
            report.files += 1
            kept = []
            for _ in summary.documents:
                duplicate = next(verdicts)
                kept.append(duplicate is None)
                if duplicate is not None:
                    report.findings.append(duplicate)
            report.findings.extend(summary.findings)
            if any(kept) and summary.key is not None and summary.digest is not None:
                result.digests[summary.path] = summary.digest
                shown = result.names[summary.path] = _shown_name(summary.path, names)
                parts: tuple[DocumentPart, ...] = cache.data(summary.key)
                for part, keep in zip(parts, kept, strict=True):
                    if keep:
                        _write_part(part, shown, nt, ttl, tables, report, refs, reference)
                        if store is not None:
                            store.write(part.ntriples)
                        result.documents.append(part.record.doc_id)
                        result.kept.append((part.record.doc_id, summary.key))
                        result.violations[str(document_iri(part.record.doc_id))] = part.violations
                        for name, html in part.pages.items():
                            write_page(out / name, html)
                            result.pages.append(name)
                        result.lines += part.triples
                        doc = part.record
                        citations.add(doc.doc_id, doc.number, doc.title)
                        if doc.cites:
                            citing.append((doc.doc_id, doc.cites))
                        started = time.perf_counter()
                        entries.extend(measure_entries(doc, reference.agencies, reference.gazetteer,
                                                       settings))
                        sides[doc.doc_id] = AlignedDocument(doc.doc_id, doc.number or doc.title,
                                                            tuple((m.number, m.title) for m in doc.measures))
                        result.alignment_seconds += time.perf_counter() - started
            if advance is not None:
                advance(1)
        started = time.perf_counter()
        alignment = align_measures(entries, settings)
        result.aligned_pairs = len(alignment)
        taken = {(p.aligned_doc_id, p.aligned_measure_number) for p in alignment}
        result.untaken_national = sum(1 for e in entries if settings.rank(e.level) == 0
                                      and (e.doc_id, e.number) not in taken)
        result.alignment_seconds += time.perf_counter() - started
        cited = iter_citation_ntriples(citing, citations)
        pointed_at = sorted(set(refs.lines(result.digests, reference, result.names)) | set(cited))
        section = merge(pointed_at, sorted_alignment_ntriples(alignment))
        result.lines += _write_reference(section, result.reference, nt, store)
        shared_subjects = {line[1:line.index(">")] for line in refs.shared}
        result.described_elsewhere = sorted(shared_subjects & set(result.violations))
        ttl.writelines(turtle_chunks(reference_lines(result.reference)))
        agencies = [refs.agencies[k] for k in sorted(refs.agencies)]
        labels = {iri: c.label_zh for iri, c in reference.concepts.concepts.items()}
        started = time.perf_counter()
        for name, html in alignment_pages(alignment, sides, labels,
                                          min_pairs=settings.page_min_pairs).items():
            write_page(out / "site" / name, html)
            result.pages.append(f"site/{name}")
        result.alignment_seconds += time.perf_counter() - started
        result.tables = tables.finish(agencies, reference.agencies, alignment_rows(alignment, labels))
    return result


_WRITE_LINES = 10_000
"""Reference lines joined into one write."""


def _write_reference(lines: Iterable[str], path: Path, nt: AtomicFile, store: StoreLoader | None) -> int:
    """Write the sorted reference ``lines`` (duplicates dropped) to ``path``, ``nt`` and ``store``; how many.

    A piece at a time: at 10,000 documents the section holds millions of alignment lines.
    """
    distinct = (line for line, _ in groupby(lines))
    written = 0
    with AtomicFile(path) as section:
        while piece := list(islice(distinct, _WRITE_LINES)):
            text = "".join(piece)
            section.write(text)
            nt.write(text)
            if store is not None:
                store.write(text)
            written += len(piece)
    return written


def _shown_name(path: str, names: Mapping[str, str] | None) -> str:
    """The name ``path`` is shown under: from ``names``, else its file name."""
    found = names.get(path) if names is not None else None
    return found if found is not None else PurePath(path).name


def _write_part(part: DocumentPart, name: str, nt: AtomicFile, ttl: AtomicFile, tables: TableWriter,
                report: ReportBuilder, refs: ReferenceSet, reference: ReferenceData) -> None:
    doc: PolicyDocument = part.record
    nt.write(part.ntriples)
    ttl.write(part.turtle)
    tables.add(doc, name)
    report.add_document(doc)
    refs.add(part.record, part.shared, reference)
