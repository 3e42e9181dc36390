"""Load a corpus: many files in, documents and a list of findings out.

Each file is read and parsed on its own, so one bad file (wrong encoding, no measures) is
reported and skipped while the rest still load. A document that appears in two files, or
twice in one, is kept once. A directory may carry a ``SOURCES.tsv`` manifest (columns
``filename``, ``title``, ``doc_number``, ``issuer``, ``date``) whose values fill in what
a text does not print, such as the date of a plan re-posted without its notice.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from loaders.document import DocumentHints, ParseResult, parse_source
from loaders.errors import DocumentFormatError
from loaders.header import DOC_NUMBER
from loaders.normalize import compact
from loaders.reading import iter_document_paths, read_document
from loaders.records import Finding, PolicyDocument, Severity
from loaders.reference import ReferenceData

__all__ = ["CorpusLoad", "load_corpus", "read_manifest"]

MANIFEST = "SOURCES.tsv"


@dataclass(slots=True)
class CorpusLoad:
    """Everything a corpus load produced.

    ``documents`` in load order (files sorted by path, documents in reading order);
    ``findings`` for the report; ``files`` every file tried; ``digests`` the SHA-256 of
    each file that produced a document.
    """

    documents: list[PolicyDocument] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def failed_files(self) -> list[str]:
        """Files that produced an error finding (skipped, wholly or in part)."""
        return sorted({f.file for f in self.findings if f.severity is Severity.ERROR})


def read_manifest(directory: Path) -> dict[str, DocumentHints]:
    """Read a directory's ``SOURCES.tsv`` into hints by file name (empty if there is none).

    Values in brackets or after `` (`` are the manifest author's notes and are dropped; an
    issuer such as ``山东省工业和信息化厅等8部门`` keeps the named body.
    """
    path = directory / MANIFEST
    if not path.is_file():
        return {}
    hints: dict[str, DocumentHints] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name = row.get("filename") or ""
            if name:
                hints[name] = _row_hints(row)
    return hints


def _note_free(value: str | None) -> str:
    """Drop a manifest's annotations: '[...] ...', ' (...)', '（印发通知：...）'."""
    value = (value or "").strip()
    if value.startswith("["):
        return ""  # e.g. "[source gives English title only] ...": not the Chinese value
    value = re.split(r"\s\(|（印发通知", value)[0].strip()
    return "" if value.lower() in ("not given in source", "n/a", "-") else value


def _row_hints(row: dict[str, str]) -> DocumentHints:
    number_match = DOC_NUMBER.search(compact(row.get("doc_number") or ""))
    issuers = [re.sub(r"等\d+(?:个)?部门$", "", compact(x))
               for x in re.split(r"[、/]", _note_free(row.get("issuer")))]
    try:
        date = dt.date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        date = None
    return DocumentHints(
        title=_note_free(row.get("title")) or None,
        number=number_match.group() if number_match else None,
        issuers=tuple(x for x in issuers if x),
        date=date,
    )


def load_corpus(paths: Iterable[str | Path], reference: ReferenceData, *,
                progress: Callable[[str], None] | None = None) -> CorpusLoad:
    """Read and parse every document under ``paths``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories (a directory means every supported file in it).
    reference : ReferenceData
        Authority file, gazetteer, concept scheme.
    progress : callable, optional
        Called with each file's path before it is read.

    Returns
    -------
    CorpusLoad
    """
    paths = list(paths)  # read twice when a path is missing
    result = CorpusLoad()
    manifests: dict[Path, dict[str, DocumentHints]] = {}
    by_id: dict[str, PolicyDocument] = {}
    for path, digest, parsed in _parse_each(paths, reference, manifests, result, progress):
        kept = 0
        for doc in parsed.documents:
            twin = by_id.get(doc.doc_id)
            if twin is None:
                result.documents.append(doc)
                by_id[doc.doc_id] = doc
                kept += 1
                continue
            same = twin.fingerprint == doc.fingerprint
            result.findings.append(Finding(
                Severity.INFO if same else Severity.WARNING, "duplicate", str(path),
                doc.span.line, f"{doc.doc_id} was already read from {twin.source_file} "
                f"(line {twin.span.line}); {'identical, ' if same else 'the texts differ; '}"
                "kept the first"))
        result.findings.extend(parsed.findings)
        if kept:
            result.digests[str(path)] = digest
    return result


def _parse_each(paths: list[str | Path], reference: ReferenceData,
                manifests: dict[Path, dict[str, DocumentHints]], result: CorpusLoad,
                progress: Callable[[str], None] | None,
                ) -> Iterator[tuple[Path, str, ParseResult]]:
    """Parse file by file; a file that cannot be read becomes an error finding."""
    try:
        files = list(iter_document_paths(paths))
    except DocumentFormatError as err:
        result.findings.append(Finding(Severity.ERROR, "unreadable", err.path, err.line,
                                       err.reason))
        files = [p for p in map(Path, paths) if p.exists()]
        files = list(iter_document_paths(files))
    for path in files:
        result.files.append(str(path))
        if progress is not None:
            progress(str(path))
        if path.parent not in manifests:
            manifests[path.parent] = read_manifest(path.parent)
        hints = manifests[path.parent].get(path.name)
        try:
            source = read_document(path)
        except DocumentFormatError as err:
            kind = "empty" if "no text" in err.reason else "unreadable"
            result.findings.append(Finding(Severity.ERROR, kind, err.path, err.line, err.reason))
            continue
        yield path, source.digest or "", parse_source(source, reference=reference, hints=hints)
