"""Keep ``OUT/store`` equal to ``graph.nt``: bulk-load it afresh, or apply what changed since the last build.

A fresh load reads ``graph.nt`` into a new on-disk Oxigraph store beside the old one and
renames it into place, so readers never see a half-loaded store. When a previous build
left a store and a manifest of what is in it (``OUT/.tradekg/store.json``: each
document's cache key, and the reference section in ``OUT/.tradekg/reference.nt``), and
only a few documents changed, their old triples are removed and their new ones added
instead; the reference section is updated by difference and then asserted again whole, so
a triple two sections share is never lost. Either way the store ends holding exactly the
triples of ``graph.nt``. The manifest is removed before an update starts and written after
it ends, so a build killed midway makes the next one load afresh.
"""

from __future__ import annotations

import json
import pickle
import shutil
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from graph.pipeline.cache import ResultCache
from graph.pipeline.documents import DocumentPart

__all__ = ["StoreSync", "load_fresh", "sync_store"]

_MANIFEST = "store.json"
_REFERENCE = "reference.nt"

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


def load_fresh(ntriples: Path, location: Path) -> int:
    """Bulk-load an N-Triples file into a new on-disk store at ``location``; the number of triples.

    The store is built beside ``location`` and renamed into place.
    """
    staging = location.with_name(f".{location.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    store = ox.Store(str(staging))
    store.bulk_load(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    store.flush()
    count = len(store)
    del store
    old = location.with_name(f".{location.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if location.exists():
        location.rename(old)
    staging.rename(location)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _quads(lines: Iterable[str]) -> list[ox.Quad]:
    data = "".join(lines).encode("utf-8")
    return list(ox.parse(data, ox.RdfFormat.N_TRIPLES)) if data else []


def _part(cache: ResultCache, key: str, doc_id: str) -> DocumentPart:
    parts: tuple[DocumentPart, ...] = cache.data(key)
    return next(p for p in parts if p.record.doc_id == doc_id)


def _previous(state: Path, location: Path) -> tuple[dict[str, str], list[str]] | None:
    try:
        manifest = json.loads((state / _MANIFEST).read_text(encoding="utf-8"))
        reference = (state / _REFERENCE).read_text(encoding="utf-8").splitlines(keepends=True)
    except (OSError, ValueError):
        return None
    if not (location / "CURRENT").is_file() or not isinstance(manifest.get("documents"), dict):
        return None
    return dict(manifest["documents"]), reference


def _update(location: Path, before: tuple[dict[str, str], list[str]], now: Mapping[str, str],
            changed: list[str], added: list[str], reference: Sequence[str], cache: ResultCache) -> StoreSync:
    """Apply the difference between the previous build's content and this one's."""
    store = ox.Store(str(location))
    try:
        for doc_id in changed:
            for quad in _quads(_part(cache, before[0][doc_id], doc_id).ntriples.splitlines(keepends=True)):
                store.remove(quad)
        for quad in _quads(sorted(set(before[1]) - set(reference))):
            store.remove(quad)
        for doc_id in added:
            store.extend(_quads(_part(cache, now[doc_id], doc_id).ntriples.splitlines(keepends=True)))
        store.extend(_quads(reference))
        store.flush()
        return StoreSync(len(store), False, len(changed), len(added))
    finally:
        del store


def sync_store(ntriples: Path, location: Path, state: Path, *, kept: Sequence[tuple[str, str]],
               reference: Sequence[str], cache: ResultCache) -> StoreSync:
    """Bring the store at ``location`` to the triples of ``ntriples``.

    Parameters
    ----------
    ntriples : Path
        The build's ``graph.nt``.
    location : Path
        The store's folder, ``OUT/store``.
    state : Path
        Where the manifest of the store's content is kept, ``OUT/.tradekg``.
    kept : sequence of (str, str)
        Each kept document's identifier and the cache key of its file, in reading order.
    reference : sequence of str
        The reference section of ``graph.nt`` (its lines).
    cache : ResultCache
        Holds the documents' triples, those of the previous build included.

    Returns
    -------
    StoreSync
    """
    now: Mapping[str, str] = dict(kept)
    before = _previous(state, location)
    changed: list[str] = []
    added: list[str] = []
    if before is not None:
        changed = [d for d, key in before[0].items() if now.get(d) != key]
        added = [d for d, key in now.items() if before[0].get(d) != key]
    (state / _MANIFEST).unlink(missing_ok=True)
    sync = None
    if before is not None and len(changed) + len(added) <= max(4, INCREMENTAL_SHARE * len(now)):
        try:
            sync = _update(location, before, now, changed, added, reference, cache)
        except (OSError, StopIteration, ValueError, EOFError, pickle.UnpicklingError, zlib.error):
            sync = None  # the previous build's data is gone or damaged: load afresh
    if sync is None:
        sync = StoreSync(load_fresh(ntriples, location), True)
    state.mkdir(parents=True, exist_ok=True)
    (state / _REFERENCE).write_text("".join(reference), encoding="utf-8")
    (state / _MANIFEST).write_text(json.dumps({"documents": dict(now)}, ensure_ascii=False), encoding="utf-8")
    return sync
