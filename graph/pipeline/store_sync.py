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
"""

from __future__ import annotations

import errno
import json
import pickle
import shutil
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.atomic_files import write_atomic
from graph.pipeline.cache import ResultCache
from graph.pipeline.documents import DocumentPart
from graph.pipeline.states import SYNC_FILES
from graph.rdf.store import STORE_DIR

__all__ = ["StoreSync", "load_fresh", "sync_store"]

_MANIFEST, _REFERENCE = SYNC_FILES

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


def _quads(lines: Iterable[str]) -> list[ox.Quad]:
    data = "".join(lines).encode("utf-8")
    return list(ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else []


def _part(cache: ResultCache, key: str, doc_id: str) -> DocumentPart:
    parts: tuple[DocumentPart, ...] = cache.data(key)
    return next(p for p in parts if p.record.doc_id == doc_id)


def _previous(state: Path) -> tuple[dict[str, str], list[str]] | None:
    """The manifest and reference section of ``state``'s store, or None when it has no usable one."""
    try:
        manifest = json.loads((state / _MANIFEST).read_text(encoding="utf-8"))
        reference = (state / _REFERENCE).read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, ValueError):
        return None
    if not (state / STORE_DIR / "CURRENT").is_file() or not isinstance(manifest.get("documents"), dict):
        return None
    return dict(manifest["documents"]), reference


def _carry_over(source: Path, location: Path) -> None:
    """Checkpoint the store at ``source`` (opened read-only, left as it is) into ``location``."""
    store = ox.Store.read_only(str(source))
    try:
        store.backup(str(location))
    finally:
        del store


def _update(location: Path, before: tuple[dict[str, str], list[str]], now: Mapping[str, str],
            changed: list[str], added: list[str], reference: Sequence[str], cache: ResultCache) -> StoreSync:
    """Apply the difference between the previous build's content and this one's."""
    store = ox.Store(str(location))
    try:
        now_reference = set(reference)
        removed: set[str] = set()
        for doc_id in changed:
            lines = _part(cache, before[0][doc_id], doc_id).ntriples.splitlines(keepends=True)
            removed.update(lines)
            for quad in _quads(lines):
                store.remove(quad)
        for quad in _quads(sorted(set(before[1]) - now_reference)):
            store.remove(quad)
        for doc_id in added:
            store.extend(_quads(_part(cache, now[doc_id], doc_id).ntriples.splitlines(keepends=True)))
        # the reference lines the store lacks: new ones, and any a changed document's removal took
        store.extend(_quads(sorted((now_reference - set(before[1])) | (now_reference & removed))))
        store.flush()
        return StoreSync(len(store), False, len(changed), len(added))
    finally:
        del store


def sync_store(ntriples: Path, state: Path, previous: Path | None, *, kept: Sequence[tuple[str, str]],
               reference: Sequence[str], cache: ResultCache) -> StoreSync:
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
    reference : sequence of str
        The reference section of ``graph.nt`` (its lines).
    cache : ResultCache
        Holds the documents' triples, those of the previous build included.

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
    before = _previous(previous) if previous is not None else None
    changed: list[str] = []
    added: list[str] = []
    if before is not None:
        changed = [d for d, key in before[0].items() if now.get(d) != key]
        added = [d for d, key in now.items() if before[0].get(d) != key]
    sync = None
    if previous is not None and before is not None and \
            len(changed) + len(added) <= max(4, INCREMENTAL_SHARE * len(now)):
        try:
            _carry_over(previous / STORE_DIR, location)
            sync = _update(location, before, now, changed, added, reference, cache)
        except (OSError, StopIteration, ValueError, EOFError, pickle.UnpicklingError, zlib.error):
            shutil.rmtree(location, ignore_errors=True)  # the previous data is gone or damaged: load afresh
            sync = None
    if sync is None:
        sync = StoreSync(load_fresh(ntriples, location), True)
    write_atomic(state / _REFERENCE, "".join(reference))
    write_atomic(state / _MANIFEST, json.dumps({"documents": dict(now)}, ensure_ascii=False))
    return sync
