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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.document import DocumentHints, parse_source
from loaders.document_files import FolderCheck, document_files
from loaders.errors import DocumentFormatError
from loaders.header import DOC_NUMBER
from loaders.normalize import compact
from loaders.reading import read_document
from loaders.records import Finding, PolicyDocument, Severity
from loaders.reference import ReferenceData

__all__ = [
    "CorpusLoad",
    "DocumentIndex",
    "FileParse",
    "ManifestHints",
    "corpus_files",
    "load_corpus",
    "parse_file",
    "read_manifest",
]

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


@dataclass(frozen=True, slots=True)
class FileParse:
    """One file read and parsed: its digest (None when it could not be read) and what it holds."""

    path: str
    digest: str | None
    documents: tuple[PolicyDocument, ...]
    findings: tuple[Finding, ...]
    text: str | None = None
    """The decoded file (an HTML page's markup): what the documents' spans point into."""


def parse_file(path: Path, reference: ReferenceData, hints: DocumentHints | None = None) -> FileParse:
    """Read and parse one file; a file that cannot be read becomes an error finding.

    Parameters
    ----------
    path : Path
        A document file.
    reference : ReferenceData
        Authority file, gazetteer, concept scheme.
    hints : DocumentHints, optional
        What the directory's manifest says about the file.

    Returns
    -------
    FileParse
        Documents in reading order (a document printed twice in the file is kept once).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     empty = Path(tmp) / "empty.txt"
    ...     _ = empty.write_text("")
    ...     parsed = parse_file(empty, REFERENCE)
    >>> parsed.digest, parsed.documents, parsed.findings[0].message
    (None, (), 'the file holds no text')
    """
    try:
        source = read_document(path)
    except DocumentFormatError as err:
        kind = "empty" if "no text" in err.reason else "unreadable"
        finding = Finding(Severity.ERROR, kind, err.path, err.line, err.reason)
        return FileParse(str(path), None, (), (finding,))
    parsed = parse_source(source, reference=reference, hints=hints)
    text = source.markup if source.markup is not None else source.text
    return FileParse(str(path), source.digest or "", tuple(parsed.documents), tuple(parsed.findings), text)


class DocumentIndex:
    """The documents kept so far, by identifier: the first reading of a document wins.

    A document met again (in another file, or the same file loaded twice) is reported as
    a duplicate: a note when the texts are identical, a warning when they differ.

    Examples
    --------
    >>> index = DocumentIndex()
    >>> index.keep("署岸发〔2021〕85号", "abc", "a.txt", 1, "a.txt", 1)
    >>> index.keep("署岸发〔2021〕85号", "abc", "b.txt", 1, "b.txt", 1).message  # doctest: +ELLIPSIS
    '署岸发〔2021〕85号 was already read from a.txt (line 1); identical, kept the first'
    """

    def __init__(self) -> None:
        self._first: dict[str, tuple[str, str, int]] = {}

    def keep(self, doc_id: str, fingerprint: str, path: str, line: int, source_file: str,
             source_line: int) -> Finding | None:
        """Keep the document, or return the duplicate finding that says why it is not kept.

        Parameters
        ----------
        doc_id, fingerprint : str
            The document's identifier and the digest of its body text.
        path : str
            The file being loaded (where a duplicate finding points).
        line : int
            The document's line in that file.
        source_file : str
            The file the document was read from.
        source_line : int
            Its first line there.

        Returns
        -------
        Finding or None
            None when the document is kept.
        """
        first = self._first.get(doc_id)
        if first is None:
            self._first[doc_id] = (fingerprint, source_file, source_line)
            return None
        same = first[0] == fingerprint
        return Finding(
            Severity.INFO if same else Severity.WARNING, "duplicate", path, line,
            f"{doc_id} was already read from {first[1]} (line {first[2]}); "
            f"{'identical, ' if same else 'the texts differ; '}kept the first")


def corpus_files(paths: Iterable[str | Path], *,
                 skip_folder: FolderCheck | None = None) -> tuple[list[Path], list[Finding]]:
    """The document files under ``paths``, in reading order, and findings for what was skipped.

    Missing paths, FIFOs, sockets and devices, and folders ``skip_folder`` names, are
    skipped with a finding each (see :func:`loaders.document_files.document_files`).

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories (a directory means every supported file in it).
    skip_folder : callable, optional
        Says why a folder below a directory argument is not read (e.g. an output
        folder), or None to read it.

    Returns
    -------
    (list of Path, list of Finding)
    """
    return document_files(paths, skip_folder=skip_folder)


class ManifestHints:
    """The manifest hints of each file, reading every directory's ``SOURCES.tsv`` once."""

    def __init__(self) -> None:
        self._by_directory: dict[Path, dict[str, DocumentHints]] = {}

    def for_file(self, path: Path) -> DocumentHints | None:
        """What the manifest of the file's directory says about it, if anything."""
        if path.parent not in self._by_directory:
            self._by_directory[path.parent] = read_manifest(path.parent)
        return self._by_directory[path.parent].get(path.name)


def load_corpus(paths: Iterable[str | Path], reference: ReferenceData, *,
                progress: Callable[[str], None] | None = None) -> CorpusLoad:
    """Read and parse every document under ``paths``, in this process.

    ``tradekg build`` runs the same steps (:func:`parse_file`, :class:`DocumentIndex`) in
    parallel and caches them; this is the in-memory route for small corpora and tests.

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
    files, missing = corpus_files(paths)
    result = CorpusLoad(findings=list(missing))
    hints = ManifestHints()
    index = DocumentIndex()
    for path in files:
        result.files.append(str(path))
        if progress is not None:
            progress(str(path))
        parsed = parse_file(path, reference, hints.for_file(path))
        kept = 0
        for doc in parsed.documents:
            duplicate = index.keep(doc.doc_id, doc.fingerprint, str(path), doc.span.line,
                                   doc.source_file, doc.span.line)
            if duplicate is None:
                result.documents.append(doc)
                kept += 1
            else:
                result.findings.append(duplicate)
        result.findings.extend(parsed.findings)
        if kept and parsed.digest is not None:
            result.digests[str(path)] = parsed.digest
    return result
