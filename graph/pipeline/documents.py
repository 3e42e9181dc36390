"""The per-file stage of a build: read, parse, triples and their text, cached by content.

:func:`process_file` is what an executor runs for each file (in this process, a local
process pool or on a Dask worker): it reads and parses the file with the loaders, turns
each document into sorted N-Triples lines and a Turtle body, stores the result in the
build's :class:`~graph.pipeline.cache.ResultCache` and returns a small
:class:`FileSummary`. A file whose key is already cached is not parsed again. Everything
here depends on the one file and the reference data only, so files run in any order, on
any number of workers, and give the same bytes.

The same store of the file's triples that draws the pages is checked against the SHACL
shapes, so each document carries its own results.

A document's lines are split by subject: those about the document itself and what it
owns (its sections, measures, responsibilities, targets, rules and their source spans,
all IRIs under the document's) are its own; any about other resources, which another
file may describe too, are ``shared`` and merged with the reference triples, once, by the
assembly. A document's citations are not here: which document a citation names depends on
the whole corpus, so the assembly writes them (:func:`loaders.triples.iter_citation_ntriples`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from graph.html_outputs import document_pages
from graph.pipeline.cache import ResultCache, result_key
from graph.pipeline.references import ReferenceSet
from graph.rdf.serialize import turtle_text
from graph.rdf.shacl_sparql import CompiledShapes, compile_shapes
from graph.rdf.validate import Violation, load_ontology, load_shapes, validate_store
from loaders import DocumentHints, Finding, PolicyDocument, ReferenceData, parse_file
from loaders.triples import document_iri, iter_ntriples, source_file_iri
from loaders.vocab import TKGID

__all__ = [
    "DocumentPart",
    "DocumentSummary",
    "FileSummary",
    "FileTask",
    "document_part",
    "process_file",
]


@dataclass(frozen=True, slots=True)
class FileTask:
    """One file for the per-file stage, with what its result's key depends on."""

    path: str
    hints: DocumentHints | None
    cache_dir: str
    versions: str
    """Digest of the code and reference data versions, the user's authority files included
    (:mod:`graph.pipeline.cache`)."""
    agency_files: tuple[str, ...] = ()
    """The user's authority files laid over the shipped one (``build --agencies``), in order."""
    name: str | None = None
    """The name the file is shown under (:func:`loaders.source_names.source_name`); by default its
    file name. It is part of the key: the cached pages print it."""


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    """What the assembly needs to know of a document before it reads its data."""

    doc_id: str
    fingerprint: str
    line: int
    source_file: str
    date: str | None = None
    """成文日期 as an ISO date (which reading of a duplicate is kept: :mod:`graph.pipeline.duplicates`)."""
    length: int = 0
    """Characters of the document in its file."""


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What the per-file stage returns for one file; its data stays in the cache under ``key``."""

    path: str
    key: str | None
    """None when the file could not be read (nothing is cached)."""
    digest: str | None
    findings: tuple[Finding, ...]
    documents: tuple[DocumentSummary, ...]
    cached: bool = False
    """True when the result was found in the cache instead of being computed."""


@dataclass(frozen=True, slots=True)
class DocumentPart:
    """One document as the assembly writes it."""

    record: PolicyDocument
    ntriples: str
    """The document's own triples as sorted N-Triples lines."""
    turtle: str
    """The same triples as a Turtle body (no prefix lines)."""
    shared: tuple[str, ...]
    """N-Triples lines about resources other files may describe too (none the loaders write today)."""
    triples: int
    violations: tuple[Violation, ...] = ()
    """What the SHACL shapes find wrong with the document (checked with the file's own triples)."""
    pages: dict[str, str] = field(default_factory=dict)
    """The document's own pages: path under ``OUT`` -> HTML (:func:`graph.html_outputs.document_pages`)."""


_REFERENCE: dict[str, ReferenceData] = {}
"""Reference data of this process, loaded on its first task (a worker loads it once)."""

_SHAPES: dict[str, CompiledShapes] = {}
"""The SHACL shapes compiled to SPARQL, once per process."""

REFERENCE_NAMESPACES = tuple(str(TKGID[f"{kind}/"]) for kind in ("agency", "place", "source", "concept"))
"""Resources described by the reference section, checked once for the corpus, not per file."""


def _reference(versions: str, agency_files: tuple[str, ...]) -> ReferenceData:
    found = _REFERENCE.get(versions)  # the versions digest the user's authority files too
    if found is None:
        found = _REFERENCE[versions] = ReferenceData.default(agency_files)
    return found


def _shapes(versions: str) -> CompiledShapes:
    found = _SHAPES.get(versions)
    if found is None:
        found = _SHAPES[versions] = compile_shapes(load_shapes(), load_ontology())
    return found


def document_part(document: PolicyDocument, digests: dict[str, str],
                  reference: ReferenceData) -> DocumentPart:
    """A parsed document's triples as text, split into its own and shared lines.

    Examples
    --------
    >>> from loaders import parse_document
    >>> doc = parse_document("关于X的通知\\n署岸发〔2021〕85号\\n一、任务\\n1. 推进。（海关总署负责）\\n"
    ...                      "海关总署\\n2021年8月20日", reference=REFERENCE).documents[0]
    >>> part = document_part(doc, {"<text>": "0" * 64}, REFERENCE)
    >>> part.triples, part.shared, part.ntriples.count("\\n") == part.triples
    (61, (), True)
    """
    lines = sorted(set(iter_ntriples(document, digests, reference.gazetteer)))
    own = str(document_iri(document.doc_id))
    mine, shared = [], []
    for line in lines:
        subject = line[1:line.index(">")]
        if subject == own or subject.startswith((own + "/", own + "#")):
            mine.append(line)
        else:
            shared.append(line)
    return DocumentPart(document, "".join(mine), turtle_text(mine), tuple(shared), len(mine))


def _with_pages_and_checks(parts: list[DocumentPart], digests: dict[str, str], text: str | None,
                           reference: ReferenceData, shapes: CompiledShapes,
                           names: dict[str, str]) -> tuple[DocumentPart, ...]:
    """The parts with their pages and their SHACL results, from the file's own triples and what they point at.

    A document's own resources are described only by its own triples, so the shapes find
    in the file what they find in the whole graph; results about the reference resources
    (agencies, places, concepts, source files) are left to the build's whole-corpus check.
    """
    if not parts:
        return ()
    refs = ReferenceSet()
    for part in parts:
        refs.add(part.record, part.shared, reference)
    data = "".join([*(p.ntriples for p in parts), *refs.lines(digests, reference, names)]).encode("utf-8")
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    texts = {str(source_file_iri(d)): text for d in digests.values()} if text is not None else {}
    pages = document_pages(store, texts)
    found = [v for v in validate_store(store, compiled=shapes, threads=1).violations
             if not v.focus.startswith(REFERENCE_NAMESPACES)]
    done = []
    for part in parts:
        own = str(document_iri(part.record.doc_id))
        mine = tuple(v for v in found if v.focus == own or v.focus.startswith((own + "/", own + "#"))
                     or not _owned(v.focus, parts))
        done.append(replace(part, pages=pages.get(own, {}), violations=mine))
    return tuple(done)


def _owned(focus: str, parts: list[DocumentPart]) -> bool:
    for part in parts:
        own = str(document_iri(part.record.doc_id))
        if focus == own or focus.startswith((own + "/", own + "#")):
            return True
    return False


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def process_file(task: FileTask, reference: ReferenceData | None = None) -> FileSummary:
    """Read, parse and write out one file, or find its result in the cache.

    Parameters
    ----------
    task : FileTask
        The file and what its result's key depends on.
    reference : ReferenceData, optional
        Authority file, gazetteer and concept scheme; by default the shipped ones with the
        task's ``agency_files`` laid over them, loaded once per process.

    Returns
    -------
    FileSummary
    """
    path = Path(task.path)
    cache = ResultCache(Path(task.cache_dir))
    digest = _digest(path)
    name = task.name if task.name is not None else path.name
    key = result_key(digest, task.path, task.hints, task.versions, name=name) if digest is not None else None
    if key is not None:
        found = cache.summary(key)
        if isinstance(found, FileSummary):
            return replace(found, cached=True)
    ref = reference if reference is not None else _reference(task.versions, task.agency_files)
    parsed = parse_file(path, ref, task.hints)
    if parsed.digest is None or key is None:
        return FileSummary(task.path, None, None, parsed.findings, ())
    digests = {task.path: parsed.digest}
    parts = _with_pages_and_checks([document_part(doc, digests, ref) for doc in parsed.documents], digests,
                                   parsed.text, ref, _shapes(task.versions), {task.path: name})
    summary = FileSummary(task.path, key, parsed.digest, parsed.findings,
                          tuple(DocumentSummary(d.doc_id, d.fingerprint, d.span.line, d.source_file,
                                                d.date.isoformat() if d.date else None,
                                                d.span.end - d.span.start)
                                for d in parsed.documents))
    cache.put(key, summary, parts)
    return summary
