"""Which files of the paths given are documents to read; what is skipped is said, never dropped.

A directory means every regular file in it, at any depth, whose name ends in one of
:data:`loaders.reading.SUFFIXES`, in sorted order; a file named explicitly is read
whatever its name. Three things are skipped, each with a :class:`loaders.Finding`:

- a path that does not exist or cannot be looked at (``unreadable``, an error);
- a FIFO, socket or device, named or found in a folder (``not_a_file``): opening a FIFO
  would wait for a writer forever, and a device has no end; an error when named, a
  warning when found;
- a folder below a directory argument that the caller's ``skip_folder`` names, such as
  the output folder of an earlier build (``output_folder``, a note with the number of
  document files left unread, when there are any).

Nothing here opens a file: the checks are ``stat`` calls (:func:`loaders.read_document`
checks again when it opens one).
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from loaders.reading import SUFFIXES
from loaders.records import Finding, Severity

__all__ = ["FolderCheck", "document_files", "special_file_kind"]

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


def _walk(root: Path, skip_folder: FolderCheck | None, files: list[Path], findings: list[Finding],
          skipped: Counter[tuple[Path, str]]) -> None:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as err:
        findings.append(Finding(Severity.ERROR, "unreadable", str(root), None,
                                f"cannot list the folder: {err.strerror}"))
        return
    for entry in entries:
        path = root / entry.name
        try:
            if entry.is_dir(follow_symlinks=False):
                reason = skip_folder(path) if skip_folder is not None else None
                if reason is None:
                    _walk(path, skip_folder, files, findings, skipped)
                else:
                    skipped[(path, reason)] += _count_documents(path)
                continue
            if path.suffix.lower() not in SUFFIXES:
                continue
            mode = os.stat(path).st_mode  # follows a link, as reading would
        except OSError as err:
            findings.append(Finding(Severity.WARNING, "unreadable", str(path), None,
                                    f"skipped: cannot look at the file: {err.strerror}"))
            continue
        kind = special_file_kind(mode)
        if kind is None and not stat.S_ISDIR(mode):
            files.append(path)
        elif kind is not None:
            findings.append(_skipped(path, kind, Severity.WARNING))


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
            skipped: Counter[tuple[Path, str]] = Counter()
            reason = skip_folder(path) if skip_folder is not None else None
            if reason is None:
                found: list[Path] = []
                _walk(path, skip_folder, found, findings, skipped)
                files.extend(sorted(found))
            else:
                skipped[(path, reason)] += _count_documents(path)
            findings.extend(Finding(Severity.INFO, "output_folder", str(folder), None,
                                    f"skipped {n} file(s) in {why}")
                            for (folder, why), n in sorted(skipped.items()) if n)
            continue
        kind = special_file_kind(mode)
        if kind is None:
            files.append(path)
        else:
            findings.append(_skipped(path, kind, Severity.ERROR))
    return files, findings
