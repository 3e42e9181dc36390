"""Give a new state its store, equal to its ``graph.nt``: carried over and updated, or bulk-loaded afresh.

Each build writes a new state of the output folder (:mod:`graph.pipeline.states`). When
the current state has a store and a manifest of what is in it (``store.json``: each
document's cache key, and the reference section in ``reference.nt``), and only a few
documents changed, the store is carried into the new state with
:meth:`pyoxigraph.Store.backup` (a RocksDB checkpoint: hard links to the immutable files,
taken from the store opened read-only, so the current state is not touched), and the
changed documents' old triples are removed and their new ones added; the reference
section is updated by difference, and a reference triple that a removed document also held
is asserted again, so a triple two sections share is never lost. Otherwise ``graph.nt`` is
bulk-loaded into a new store. Either way the new store holds exactly the triples of
``graph.nt``, and the manifest is written beside it.

A build that will load afresh (:func:`loads_afresh`, decided before the assembly) gives the
assembly a :class:`StoreLoader`: every line written to ``graph.nt`` goes to it too, and it
bulk-loads them in a background thread in chunks while the assembly goes on (reading the
cache, the tables, the alignment). pyoxigraph lets go of the GIL while it loads, so on two
cores the store is ready when the assembly ends, instead of loading after it.
"""

from __future__ import annotations

import errno
import json
import pickle
import shutil
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import pyoxigraph as ox

from graph.atomic_files import write_atomic
from graph.pipeline.cache import ResultCache
from graph.pipeline.documents import DocumentPart
from graph.pipeline.states import SYNC_FILES
from graph.rdf.store import STORE_DIR

__all__ = ["REFERENCE_FILE", "StoreLoader", "StoreSync", "load_fresh", "loads_afresh", "reference_lines",
           "sync_store"]

_MANIFEST, REFERENCE_FILE = SYNC_FILES
"""``REFERENCE_FILE``: a state's reference section alone, beside its ``graph.nt`` (the assembly writes it)."""


def reference_lines(path: Path) -> Iterator[str]:
    """The lines of a reference section file, read as they are needed (the section can be large)."""
    with open(path, encoding="utf-8", newline="") as section:
        yield from section

INCREMENTAL_SHARE = 0.2
"""Above this share of changed documents, a fresh bulk load is faster than an update."""


@dataclass(frozen=True, slots=True)
class StoreSync:
    """How the store was brought up to date."""

    triples: int
    fresh: bool
    removed: int = 0
    """Documents whose old triples were taken out (changed or gone)."""
    added: int = 0
    """Documents whose triples were put in (changed or new)."""


def _store_error(error: OSError, location: Path) -> OSError:
    """The store's error as one naming the store (RocksDB's name the file, and no error number)."""
    code = errno.ENOSPC if "No space left on device" in str(error) else error.errno
    return OSError(code, error.strerror or str(error), str(location))


def load_fresh(ntriples: Path, location: Path) -> int:
    """Bulk-load an N-Triples file into a new on-disk store at ``location``; the number of triples.

    ``location`` must not exist yet (it is in the state being built).

    Raises
    ------
    OSError
        When the store cannot be written; ``filename`` is ``location``.
    """
    try:
        store = ox.Store(str(location))
        store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
        store.flush()
        count = len(store)
        del store
    except OSError as error:
        raise _store_error(error, location) from error
    return count


class StoreLoader:
    """A new on-disk store filled in a background thread with the N-Triples given to :meth:`write`.

    Text is gathered into chunks of about ``chunk_bytes`` and each chunk bulk-loaded while
    the caller goes on; at most ``pending`` chunks wait at once, so memory stays bounded
    whatever the size of the graph. :meth:`finish` waits for the last chunk and gives the
    number of triples. Used as a context manager, a block left by an error stops the
    loading (the store is left to the caller to remove).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with StoreLoader(folder / "store", chunk_bytes=60) as loader:
    ...     loader.write('<https://example.org/a> <https://example.org/p> "1" .\\n')
    ...     loader.write('<https://example.org/b> <https://example.org/p> "2" .\\n')
    ...     loader.write('<https://example.org/a> <https://example.org/p> "1" .\\n')
    ...     loader.finish()
    2
    """

    def __init__(self, location: Path, *, chunk_bytes: int = 16 << 20, pending: int = 2) -> None:
        self.location = location
        self._chunk_bytes = chunk_bytes
        self._pending = pending
        self._buffer: list[str] = []
        self._size = 0
        self._futures: list[Future[None]] = []
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-load")
        try:
            self._store: ox.Store | None = ox.Store(str(location))
        except OSError as error:
            self._pool.shutdown()
            raise _store_error(error, location) from error

    def __enter__(self) -> StoreLoader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def write(self, text: str) -> None:
        """Add N-Triples lines (whole lines) to the store."""
        self._buffer.append(text)
        self._size += len(text)
        if self._size >= self._chunk_bytes:
            self._submit()

    def writelines(self, lines: Iterable[str]) -> None:
        """Add N-Triples lines, each ending with a newline."""
        for line in lines:
            self.write(line)

    def finish(self) -> int:
        """Load what is left, wait for every chunk, flush; the number of triples in the store.

        Raises
        ------
        OSError
            When the store cannot be written; ``filename`` is the store's location.
        """
        self._submit()
        try:
            for future in self._futures:
                future.result()
            assert self._store is not None
            self._store.flush()
            return len(self._store)
        except OSError as error:
            raise _store_error(error, self.location) from error
        finally:
            self._futures.clear()

    def close(self) -> None:
        """Stop loading (chunks not yet begun are dropped) and let go of the store."""
        for future in self._futures:
            future.cancel()
        self._pool.shutdown(wait=True)
        self._store = None

    def _submit(self) -> None:
        if not self._buffer:
            return
        data = "".join(self._buffer).encode("utf-8")
        self._buffer, self._size = [], 0
        while len(self._futures) >= self._pending:  # bounded: wait for the oldest chunk
            try:
                self._futures.pop(0).result()
            except OSError as error:
                raise _store_error(error, self.location) from error
        self._futures.append(self._pool.submit(self._load, data))

    def _load(self, data: bytes) -> None:
        assert self._store is not None
        self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)


def _quads(lines: Iterable[str]) -> list[ox.Quad]:
    data = "".join(lines).encode("utf-8")
    return list(ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else []


def _part(cache: ResultCache, key: str, doc_id: str) -> DocumentPart:
    parts: tuple[DocumentPart, ...] = cache.data(key)
    return next(p for p in parts if p.record.doc_id == doc_id)


def _previous(state: Path) -> tuple[dict[str, str], Path] | None:
    """The manifest and reference section of ``state``'s store, or None when it has no usable one."""
    try:
        manifest = json.loads((state / _MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    reference = state / REFERENCE_FILE
    if (not reference.is_file() or not (state / STORE_DIR / "CURRENT").is_file()
            or not isinstance(manifest.get("documents"), dict)):
        return None
    return dict(manifest["documents"]), reference


def _carry_over(source: Path, location: Path) -> None:
    """Checkpoint the store at ``source`` (opened read-only, left as it is) into ``location``."""
    store = ox.Store.read_only(str(source))
    try:
        store.backup(str(location))
    finally:
        del store


def _update(location: Path, before: tuple[dict[str, str], Path], now: Mapping[str, str],
            changed: list[str], added: list[str], reference: Path, cache: ResultCache) -> StoreSync:
    """Apply the difference between the previous build's content and this one's."""
    store = ox.Store(str(location))
    try:
        now_reference = set(reference_lines(reference))
        before_reference = set(reference_lines(before[1]))
        removed: set[str] = set()
        for doc_id in changed:
            lines = _part(cache, before[0][doc_id], doc_id).ntriples.splitlines(keepends=True)
            removed.update(lines)
            for quad in _quads(lines):
                store.remove(quad)
        for quad in _quads(sorted(before_reference - now_reference)):
            store.remove(quad)
        for doc_id in added:
            store.extend(_quads(_part(cache, now[doc_id], doc_id).ntriples.splitlines(keepends=True)))
        # the reference lines the store lacks: new ones, and any a changed document's removal took
        store.extend(_quads(sorted((now_reference - before_reference) | (now_reference & removed))))
        store.flush()
        return StoreSync(len(store), False, len(changed), len(added))
    finally:
        del store


def _difference(before: tuple[dict[str, str], Path] | None, now: Mapping[str, str]
                ) -> tuple[tuple[dict[str, str], Path], list[str], list[str]] | None:
    """The previous store's content and the documents changed and added since, when few changed.

    None when the store must be loaded afresh: no usable previous store, or more than
    :data:`INCREMENTAL_SHARE` of the documents changed.
    """
    if before is None:
        return None
    changed = [d for d, key in before[0].items() if now.get(d) != key]
    added = [d for d, key in now.items() if before[0].get(d) != key]
    if len(changed) + len(added) > max(4, INCREMENTAL_SHARE * len(now)):
        return None
    return before, changed, added


def loads_afresh(previous: Path | None, documents: Iterable[tuple[str, str]]) -> bool:
    """Whether :func:`sync_store` will bulk-load a new store rather than update the previous one.

    ``documents`` are each document's identifier with the cache key of a file that holds
    it, every reading of a document that several files hold included (the one the
    assembly keeps is not known yet; the previous build's counts as unchanged). Known
    before the assembly, so the store can be loaded while it runs (a :class:`StoreLoader`).
    """
    before = _previous(previous) if previous is not None else None
    if before is None:
        return True
    now: dict[str, str] = {}
    for doc_id, key in documents:
        if doc_id not in now or before[0].get(doc_id) == key:
            now[doc_id] = key
    return _difference(before, now) is None


def sync_store(ntriples: Path, state: Path, previous: Path | None, *, kept: Sequence[tuple[str, str]],
               reference: Path, cache: ResultCache, loader: StoreLoader | None = None) -> StoreSync:
    """Give the new ``state`` a store holding the triples of ``ntriples``, and its manifest.

    Parameters
    ----------
    ntriples : Path
        The new state's ``graph.nt``.
    state : Path
        The state being built: the store goes to ``state/store``, the manifest beside it.
    previous : Path or None
        The current state, whose store is carried over when few documents changed.
    kept : sequence of (str, str)
        Each kept document's identifier and the cache key of its file, in reading order.
    reference : Path
        The new state's reference section alone (:data:`REFERENCE_FILE`, the assembly's).
    cache : ResultCache
        Holds the documents' triples, those of the previous build included.
    loader : StoreLoader, optional
        A store at ``state/store`` that was given every line of ``ntriples`` as they were
        written: it is finished and used as the fresh store.

    Returns
    -------
    StoreSync

    Raises
    ------
    OSError
        When the store or its manifest cannot be written (a full disk, say).
    """
    location = state / STORE_DIR
    now: Mapping[str, str] = dict(kept)
    sync = None
    if loader is not None:
        sync = StoreSync(loader.finish(), True)
    elif previous is not None and (difference := _difference(_previous(previous), now)) is not None:
        before, changed, added = difference
        try:
            _carry_over(previous / STORE_DIR, location)
            sync = _update(location, before, now, changed, added, reference, cache)
        except (OSError, StopIteration, ValueError, EOFError, pickle.UnpicklingError, zlib.error):
            shutil.rmtree(location, ignore_errors=True)  # the previous data is gone or damaged: load afresh
            sync = None
    if sync is None:
        sync = StoreSync(load_fresh(ntriples, location), True)
    write_atomic(state / _MANIFEST, json.dumps({"documents": dict(now)}, ensure_ascii=False))
    return sync
