"""The per-file results of earlier builds, kept in the output folder and found again by key.

A result is stored under a key made of the file's content digest, its path, its
manifest hints and the versions of the code and reference data that made it
(:func:`result_key`), so an unchanged file is not read again while a changed file, a new
loader or a changed authority file (the shipped one or the user's own, ``build
--agencies``) each make a new key. Each entry is two files: a small
summary, read for every file of a build, and the compressed data, read when the build
assembles its outputs. Entries are written to a temporary name and renamed, so a build
killed midway leaves no half-written entry; :meth:`ResultCache.retain` drops the entries
a build no longer uses.

The entries are Python pickles: keep the output folder as private as the documents.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     cache = ResultCache(Path(tmp))
...     cache.put("ab12", {"summary": 1}, {"data": 2})
...     cache.summary("ab12"), cache.data("ab12"), cache.summary("ff00")
({'summary': 1}, {'data': 2}, None)
"""

from __future__ import annotations

import hashlib
import pickle
import zlib
from collections.abc import Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from graph.atomic_files import write_atomic

__all__ = ["ResultCache", "code_version", "reference_version", "result_key"]

_FORMAT = "1"
"""Bumped when the layout of an entry changes."""


def _digest_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


_CODE_SUFFIXES = frozenset({".py", ".html", ".js", ".css", ".json", ".rq", ".tsv"})

_READERS = ("pyvis", "opencc", "pypdf", "python-docx")
"""Packages whose version changes what the per-file stage makes: the pages' vis-network,
the Traditional→Simplified tables, the PDF and Word text extractors."""


def code_version() -> str:
    """A digest of the code the per-file stage runs: all of ``loaders/`` and ``graph/``.

    The per-file stage parses, writes triples and draws each document's pages, so its
    result depends on the loaders, the serializers, the projection, the views, the
    templates and their scripts, the tables in data files beside the code: any change to
    either package makes new keys. So do the versions of the packages in
    :data:`_READERS` (vis-network in pyvis, OpenCC, pypdf, python-docx).

    Examples
    --------
    >>> len(code_version())
    64
    """
    from importlib.metadata import version

    paths = [p for package in ("loaders", "graph") for p in Path(str(files(package))).rglob("*")
             if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts]
    versions = "".join(f"{name}={version(name)};" for name in _READERS)
    return hashlib.sha256((_digest_files(paths) + versions).encode("ascii")).hexdigest()


def reference_version(paths: Iterable[Path], overlays: Sequence[Path] = ()) -> str:
    """A digest of the reference data files (authority file, gazetteer, concept scheme).

    Parameters
    ----------
    paths : iterable of Path
        The shipped data files (their order does not matter).
    overlays : sequence of Path, default ()
        The user's authority files (``build --agencies``): their contents in the order
        given, which matters (a later file wins), so an edited file makes new keys.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     a, b = Path(tmp) / "a.csv", Path(tmp) / "b.csv"
    ...     _, _ = a.write_text("1", encoding="utf-8"), b.write_text("2", encoding="utf-8")
    ...     versions = {reference_version([a]), reference_version([a], [b]),
    ...                 reference_version([a], [a, b]), reference_version([a], [b, a])}
    >>> len(versions)
    4
    """
    digest = _digest_files(paths)
    if not overlays:
        return digest
    text = "\0".join([digest, *(hashlib.sha256(p.read_bytes()).hexdigest() for p in overlays)])
    return hashlib.sha256(text.encode("ascii")).hexdigest()


def result_key(digest: str, path: str, hints: object, versions: str, *, name: str = "") -> str:
    """The cache key of one file's result.

    ``name`` is the name the file is shown under (below the folder given on the command
    line), which the cached pages print.

    Examples
    --------
    >>> result_key("d1", "a.txt", None, "v") == result_key("d1", "a.txt", None, "v")
    True
    >>> result_key("d1", "a.txt", None, "v") == result_key("d2", "a.txt", None, "v")
    False
    """
    text = "\0".join([_FORMAT, digest, path, repr(hints), versions, name])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ResultCache:
    """Per-file results in a folder (``OUT/.tradekg/cache`` for a build).

    Parameters
    ----------
    directory : Path
        Created when the first entry is written.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: str, kind: str) -> Path:
        return self.directory / key[:2] / f"{key}.{kind}"

    def _write(self, path: Path, payload: bytes) -> None:
        write_atomic(path, payload)

    def put(self, key: str, summary: Any, data: Any) -> None:
        """Store one result: its summary and its data (written last, so a summary means a whole entry)."""
        self._write(self._path(key, "data"), zlib.compress(pickle.dumps(data, protocol=5), 1))
        self._write(self._path(key, "summary"), pickle.dumps(summary, protocol=5))

    def summary(self, key: str) -> Any | None:
        """The summary stored under ``key``, or None (no entry, or one that cannot be read)."""
        try:
            return pickle.loads(self._path(key, "summary").read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None

    def data(self, key: str) -> Any:
        """The data stored under ``key`` (the entry must exist)."""
        return pickle.loads(zlib.decompress(self._path(key, "data").read_bytes()))

    def retain(self, keys: Iterable[str]) -> int:
        """Delete every entry whose key is not in ``keys``; return how many were deleted."""
        keep = set(keys)
        removed = 0
        if not self.directory.is_dir():
            return 0
        for path in self.directory.glob("*/*"):
            key = path.name.split(".", 1)[0]
            if key not in keep or path.name.startswith("."):
                path.unlink(missing_ok=True)
                removed += path.suffix == ".summary"
        return removed
