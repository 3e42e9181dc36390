"""Which files of the paths given are documents to read; what is skipped is said, never dropped.

A directory means every regular file in it, at any depth, whose name ends in one of
:data:`loaders.reading.SUFFIXES`, in sorted order; a file named explicitly is read
whatever its name, unless it is an old Word ``.doc`` or WPS ``.wps`` file (PDF and
``.docx`` files are read: see :mod:`loaders.reading`). What is skipped gets a
:class:`loaders.Finding`:

- a path that does not exist or cannot be looked at (``unreadable``, an error);
- a FIFO, socket or device, named or found in a folder (``not_a_file``): opening a FIFO
  would wait for a writer forever, and a device has no end; an error when named, a
  warning when found;
- an old Word or WPS file (:data:`UNREAD_FORMATS`, ``unsupported_format``): an error
  when named, a note when found in a folder;
- a directory argument holding no file to read (``no_documents``, a warning naming the
  suffixes it does hold);
- a folder below a directory argument that the caller's ``skip_folder`` names, such as
  the output folder of an earlier build (``output_folder``, a note with the number of
  document files left unread, when there are any).

:func:`check_corpus` turns the worst of these into a :class:`loaders.errors.CorpusPathError`
before anything is written: a path that does not exist, or nothing at all to read.
Nothing here opens a file: the checks are ``stat`` calls (:func:`loaders.read_document`
checks again when it opens one).
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from loaders.docx_text import OLD_WORD
from loaders.errors import CorpusPathError
from loaders.reading import SUFFIXES
from loaders.records import Finding, Severity

__all__ = ["UNREAD_FORMATS", "FolderCheck", "check_corpus", "document_files", "special_file_kind"]

UNREAD_FORMATS = frozenset({".doc", ".wps"})
"""Suffixes of old Word and WPS files: reported as not read, never parsed as text."""

UNREAD_REASON = OLD_WORD
"""Why a file of :data:`UNREAD_FORMATS` is skipped."""

_SHOWN_SUFFIXES = 5
"""Suffixes named in a "found: ..." list; the rest are counted as "N other"."""

FolderCheck = Callable[[Path], "str | None"]
"""Says why a folder is not read (e.g. ``"the output folder out/ of an earlier build"``), or None."""


def special_file_kind(mode: int) -> str | None:
    """What a file is when it is not a regular file or a directory, from its ``st_mode``.

    Examples
    --------
    >>> import stat
    >>> special_file_kind(stat.S_IFIFO), special_file_kind(stat.S_IFREG), special_file_kind(stat.S_IFDIR)
    ('a FIFO (named pipe)', None, None)
    """
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _skipped(path: Path, kind: str, severity: Severity) -> Finding:
    return Finding(severity, "not_a_file", str(path), None,
                   f"skipped: {kind}, not a regular file; only files are read")


def _count_documents(folder: Path) -> int:
    """How many files with a document suffix a folder holds, at any depth (names only)."""
    return sum(1 for _, _, names in os.walk(folder) for name in names
               if Path(name).suffix.lower() in SUFFIXES)


def _reads() -> str:
    """The suffixes read, as a phrase: ``.htm, .html, ... and .xhtml``."""
    names = sorted(SUFFIXES)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _found_suffixes(counts: Counter[str]) -> str:
    """What a folder holds instead of documents, most common suffix first.

    Examples
    --------
    >>> _found_suffixes(Counter({".doc": 3, ".wps": 1, "": 1}))
    '3 .doc, 1 .wps, 1 without a suffix'
    """
    ranked = sorted(counts.items(), key=lambda item: (-item[1], not item[0], item[0]))
    shown = [f"{n} {suffix}" if suffix else f"{n} without a suffix" for suffix, n in ranked[:_SHOWN_SUFFIXES]]
    rest = sum(n for _, n in ranked[_SHOWN_SUFFIXES:])
    return ", ".join(shown) + (f", {rest} other" if rest else "")


_THE_FOLDER = "the folder"
"""How a ``no_documents`` finding names its folder (the finding's file); an error names the path."""


def _no_documents(where: str, counts: Counter[str]) -> str:
    found = f"found: {_found_suffixes(counts)}" if counts else "it is empty"
    return f"no file tradekg reads in {where} ({found}); tradekg reads {_reads()} files"


class _FolderScan:
    """What a walk of one directory argument found: files to read, findings, what else is there."""

    def __init__(self, skip_folder: FolderCheck | None) -> None:
        self.skip_folder = skip_folder
        self.files: list[Path] = []
        self.findings: list[Finding] = []
        self.skipped: Counter[tuple[Path, str]] = Counter()
        self.others: Counter[str] = Counter()
        """Suffixes of the files that are not documents, lower case ("" for none)."""

    def walk(self, root: Path) -> None:
        try:
            entries = sorted(os.scandir(root), key=lambda e: e.name)
        except OSError as err:
            self.findings.append(Finding(Severity.ERROR, "unreadable", str(root), None,
                                         f"cannot list the folder: {err.strerror}"))
            return
        for entry in entries:
            self._entry(root / entry.name, entry)

    def _entry(self, path: Path, entry: os.DirEntry[str]) -> None:
        suffix = path.suffix.lower()
        try:
            if entry.is_dir(follow_symlinks=False):
                reason = self.skip_folder(path) if self.skip_folder is not None else None
                if reason is None:
                    self.walk(path)
                else:
                    self.skipped[(path, reason)] += _count_documents(path)
                return
            if suffix not in SUFFIXES:
                self.others[suffix] += 1
                if suffix in UNREAD_FORMATS:
                    self.findings.append(Finding(Severity.INFO, "unsupported_format", str(path), None,
                                                 f"skipped: {UNREAD_REASON}"))
                return
            mode = os.stat(path).st_mode  # follows a link, as reading would
        except OSError as err:
            self.findings.append(Finding(Severity.WARNING, "unreadable", str(path), None,
                                         f"skipped: cannot look at the file: {err.strerror}"))
            return
        kind = special_file_kind(mode)
        if kind is None and not stat.S_ISDIR(mode):
            self.files.append(path)
        elif kind is not None:
            self.findings.append(_skipped(path, kind, Severity.WARNING))


def _scan_folder(path: Path, skip_folder: FolderCheck | None) -> tuple[list[Path], list[Finding]]:
    """The document files of a directory argument, sorted, and the findings of the walk."""
    scan = _FolderScan(skip_folder)
    reason = skip_folder(path) if skip_folder is not None else None
    if reason is None:
        scan.walk(path)
    else:
        scan.skipped[(path, reason)] += _count_documents(path)
    findings = scan.findings
    if not scan.files and reason is None:
        findings.append(Finding(Severity.WARNING, "no_documents", str(path), None,
                                _no_documents(_THE_FOLDER, scan.others)))
    findings.extend(Finding(Severity.INFO, "output_folder", str(folder), None,
                            f"skipped {n} file(s) in {why}")
                    for (folder, why), n in sorted(scan.skipped.items()) if n)
    return sorted(scan.files), findings


def document_files(paths: Iterable[str | Path], *,
                   skip_folder: FolderCheck | None = None) -> tuple[list[Path], list[Finding]]:
    """The document files under ``paths``, in reading order, and findings for what was skipped.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories.
    skip_folder : callable, optional
        Called with each folder found below a directory argument (and with the argument
        itself); a string it returns says why that folder is not read.

    Returns
    -------
    (list of Path, list of Finding)
        Files in the order of the arguments, each directory's files sorted by path.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     (root / "plan.txt").write_text("一、任务", encoding="utf-8")
    ...     os.mkfifo(root / "pipe.txt")
    ...     files, findings = document_files([root, root / "missing.txt"])
    ...     [p.name for p in files], [(f.kind, Path(f.file).name, f.severity.value) for f in findings]
    4
    (['plan.txt'], [('not_a_file', 'pipe.txt', 'warning'), ('unreadable', 'missing.txt', 'error')])
    """
    files: list[Path] = []
    findings: list[Finding] = []
    for raw in paths:
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            findings.append(Finding(Severity.ERROR, "unreadable", str(path), None,
                                    "no such file or directory"))
            continue
        except OSError as err:
            findings.append(Finding(Severity.ERROR, "unreadable", str(path), None,
                                    f"cannot look at the path: {err.strerror}"))
            continue
        if stat.S_ISDIR(mode):
            found, notes = _scan_folder(path, skip_folder)
            files.extend(found)
            findings.extend(notes)
            continue
        kind = special_file_kind(mode)
        if kind is not None:
            findings.append(_skipped(path, kind, Severity.ERROR))
        elif path.suffix.lower() in UNREAD_FORMATS:
            findings.append(Finding(Severity.ERROR, "unsupported_format", str(path), None, UNREAD_REASON))
        else:
            files.append(path)
    return files, findings


def check_corpus(paths: Iterable[str | Path], *,
                 skip_folder: FolderCheck | None = None) -> tuple[list[Path], list[Finding]]:
    """:func:`document_files`, refusing a corpus that cannot be what the user meant.

    Called before a build writes anything, so that a mistyped path or a folder of old
    Word files ends in one message instead of an empty site.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories.
    skip_folder : callable, optional
        As for :func:`document_files`.

    Returns
    -------
    (list of Path, list of Finding)
        What :func:`document_files` returns, when there is at least one file to read.

    Raises
    ------
    CorpusPathError
        When a path does not exist, or when no path leaves a file to read (the message
        says why of each: old Word, no supported file in a folder, not a file ...).

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = (Path(tmp) / "plan.doc").write_bytes(b"")
    ...     check_corpus([tmp])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    loaders.errors.CorpusPathError: no file tradekg reads in ... (found: 1 .doc); tradekg reads .docx, ...
    """
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not os.path.lexists(p)]
    if missing:
        raise CorpusPathError(f"no such file or folder: {', '.join(missing)}")
    files, findings = document_files(given, skip_folder=skip_folder)
    if files:
        return files, findings
    reasons: dict[str, list[str]] = {}  # files by message: "a.doc, b.wps: old Word ..."
    for finding in findings:
        if finding.kind == "no_documents":
            reasons[finding.message.replace(_THE_FOLDER, finding.file, 1)] = []
        elif finding.severity is Severity.ERROR or finding.kind == "output_folder":
            reasons.setdefault(finding.message, []).append(finding.file)
    raise CorpusPathError("; ".join(f"{', '.join(files)}: {message}" if files else message
                                    for message, files in reasons.items()) or "nothing to read")
