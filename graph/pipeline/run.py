"""The main job, phase by phase: parse files in parallel, assemble the graph, load the store, check, draw.

``tradekg build`` calls :func:`build`:

1. **parse** — every file through :func:`graph.pipeline.documents.process_file` on the
   executor (``--jobs`` processes, or a Dask cluster); results go to the cache in
   ``OUT/.tradekg/cache``, so an unchanged file is not parsed again by the next build.
2. **graph** — :func:`graph.pipeline.assemble.assemble` streams the kept documents into
   ``graph.nt``, ``graph.ttl`` and the CSV tables, in the order of their files' paths.
3. **store** — the on-disk Oxigraph store the queries, the checks and the views read:
   the previous one carried over and updated, or ``graph.nt`` bulk-loaded
   (:mod:`graph.pipeline.store_sync`). A fresh store is loaded in a background thread
   while the graph is assembled, from the lines as they are written; this phase is then
   what is left of the load.
4. **validate** — the SHACL shapes compiled to SPARQL: each document was checked with its
   file's triples in the per-file stage (cached like the rest); what is left (the
   reference section, and documents other files describe too) is checked here
   (:func:`graph.rdf.validate.validate_store`; pySHACL stays the reference engine).
5. **views**, **site** — the HTML outputs.

Each phase is timed; ``report.json`` records the seconds and the peak memory.

Everything from the graph on is written into a new state of the output folder, which
becomes ``OUT``'s current one in one rename when it is whole
(:mod:`graph.pipeline.states`): a build that is killed, runs out of disk or is
interrupted leaves ``OUT`` as the previous build left it, and so does a build that
reads no document at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Future, as_completed
from contextlib import nullcontext
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path

import pyoxigraph as ox

from graph.errors import NothingBuiltError
from graph.html_outputs import write_html
from graph.pipeline.assemble import Assembled, assemble
from graph.pipeline.cache import ResultCache, code_version, reference_version
from graph.pipeline.documents import FileSummary, FileTask, process_file
from graph.pipeline.executors import default_jobs, open_executor
from graph.pipeline.progress import Progress, peak_memory_mb
from graph.pipeline.states import OUTPUT_NAMES, STATE_DIR, OutputStates, write_error
from graph.pipeline.store_sync import StoreLoader, loads_afresh, reference_lines, sync_store
from graph.rdf.store import STORE_DIR
from graph.rdf.validate import ValidationReport, merge_reports, validate_store
from graph.report import BuildReport
from loaders import Finding, ManifestHints, ReferenceData, Severity, corpus_files
from loaders.document_files import FolderCheck
from loaders.source_names import source_names
from loaders.triples import document_iri
from ontology import data_path

__all__ = ["STATE_DIR", "STORE_DIR", "BuildResult", "build", "output_folders", "sample_corpus"]

_REFERENCE_FILES = ("agencies.csv", "places.csv", "concepts.ttl", "clause_grammar.toml", "citation_cues.toml",
                    "shapes.ttl", "tradekg.ttl", "divisions.csv", "standard_departments.csv",
                    "customs_districts.csv")
"""The data files the per-file stage reads: a change to any of them makes new cache keys."""

_BATCH = 8
"""Files per task sent to a worker: enough to keep task overhead small, few enough to balance."""

_SHOWN_ERRORS = 20
"""Errors listed in the message of a build that read no document."""

_LOAD_LINES = 100_000
"""N-Triples lines bulk-loaded at once into the store that checks the reference section."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build wrote."""

    report: BuildReport
    out: Path
    validation: ValidationReport | None = None
    """The SHACL check of the graph written; None when the build was asked to skip it."""


def sample_corpus() -> Path:
    """The bundled sample corpus: the two seed documents.

    Examples
    --------
    >>> sorted(p.name for p in sample_corpus().iterdir() if p.suffix == ".txt")[0]
    'chongqing-2021-6_cross-border-trade-plan.txt'
    """
    from importlib.resources import files

    return Path(str(files("loaders").joinpath("sample_corpus")))


def output_folders(out: Path) -> FolderCheck:
    """What keeps a build from reading what tradekg wrote: ``out``, or any folder with a ``.tradekg/``.

    Building ``.`` into the default ``out/`` would otherwise read the previous build's
    pages as documents. Only folders inside the paths given are checked, never the
    folders a path is in: a corpus kept inside an earlier output folder is still read.

    Examples
    --------
    >>> import tempfile
    >>> from loaders import corpus_files
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = Path(tmp)
    ...     (root / "out" / "views").mkdir(parents=True)
    ...     _ = (root / "plan.txt").write_text("一、", encoding="utf-8")
    ...     _ = (root / "out" / "views" / "a.html").write_text("<p>", encoding="utf-8")
    ...     kept, notes = corpus_files([root], skip_folder=output_folders(root / "out"))
    ...     [p.name for p in kept], notes[0].message
    (['plan.txt'], 'skipped 1 file(s) in the output folder out/ of an earlier build')
    """
    target = out.resolve()

    def written_by_tradekg(folder: Path) -> str | None:
        if folder.resolve() == target or (folder / STATE_DIR).is_dir():
            return f"the output folder {folder.resolve().name}/ of an earlier build"
        return None

    return written_by_tradekg


def _process_batch(tasks: list[FileTask]) -> list[FileSummary]:
    return [process_file(task) for task in tasks]


def _parse_all(tasks: list[FileTask], *, jobs: int, executor: str | None, reference: ReferenceData,
               progress: Progress) -> list[FileSummary]:
    """Run the per-file stage on every task; summaries in the tasks' order."""
    by_path: dict[str, FileSummary] = {}
    with progress.phase("parse", total=len(tasks), unit="files") as advance:
        if (executor in (None, "", "local")) and (jobs <= 1 or len(tasks) <= 1):
            for task in tasks:  # in this process, with the reference data already loaded
                by_path[task.path] = process_file(task, reference)
                advance(1)
        else:
            with open_executor(executor, jobs=jobs) as pool:
                futures: list[Future[list[FileSummary]]] = [
                    pool.submit(_process_batch, tasks[i:i + _BATCH]) for i in range(0, len(tasks), _BATCH)]
                for future in as_completed(futures):
                    for summary in future.result():
                        by_path[summary.path] = summary
                    advance(len(future.result()))
    return [by_path[task.path] for task in tasks]


def _validate(assembled: Assembled, cache: ResultCache) -> ValidationReport:
    """The graph's SHACL results: each document's (checked with its file) and the rest, checked here.

    Here: the reference section (agencies, places, concepts, source files, the citations'
    links and the documents outside the corpus they name) with the few documents that other
    files describe too, whose own results this check then gives instead of their file's.
    """
    replaced = set(assembled.described_elsewhere)
    lines: list[str] = []
    for doc_id, key in assembled.kept:
        if str(document_iri(doc_id)) in replaced:
            part = next(p for p in cache.data(key) if p.record.doc_id == doc_id)
            lines.extend(part.ntriples.splitlines(keepends=True))
    store = ox.Store()
    waiting = chain(reference_lines(assembled.reference), lines)
    while piece := "".join(islice(waiting, _LOAD_LINES)):  # a piece at a time: the section can be large
        store.bulk_load(piece.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    rest = validate_store(store).violations
    own = (v for iri, found in assembled.violations.items() if iri not in replaced for v in found)
    return merge_reports([*own, *rest])


def _nothing_built(files: int, findings: list[Finding], out: Path) -> NothingBuiltError:
    """The error of a build that read no document, listing what went wrong."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    lines = [f"no document was read from the {files} file(s) given" if files else
             "no file was found to read in the paths given"]
    lines[0] += f", so the previous build in {out} was kept" + (":" if errors else "")
    for f in errors[:_SHOWN_ERRORS]:
        where = f"{f.file}:{f.line}" if f.line else f.file
        lines.append(f"  {where}: {f.message}")
    if len(errors) > _SHOWN_ERRORS:
        lines.append(f"  and {len(errors) - _SHOWN_ERRORS} more")
    return NothingBuiltError("\n".join(lines))


def build(paths: Iterable[str | Path], out: Path, *, validate: bool = True, jobs: int | None = None,
          executor: str | None = None, progress: Progress | None = None, excel: bool = False,
          agency_files: Sequence[str | Path] = ()) -> BuildResult:
    """Build the graph of a corpus into ``out``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories to read. The tables and the graph name each file by its path
        below the directory it was found in, or by its file name when it was given itself
        (:func:`loaders.source_names.source_name`).
    out : Path
        Output directory; created if needed. Receives ``graph.ttl``, ``graph.nt``,
        ``store/``, ``report.json``, ``tables/*.csv``, ``views/``, ``site/`` and
        ``assets/`` (links into the current state, ``.tradekg/current/``), and keeps the
        per-file cache in ``.tradekg/cache/``.
    validate : bool
        Check the graph written against ``ontology/shapes.ttl`` (default True); the
        outcome is ``BuildResult.validation``, files are written either way.
    jobs : int, optional
        Worker processes for the per-file stage; the machine's cores by default, 1 runs
        everything in this process.
    executor : str, optional
        ``dask://HOST:PORT`` to run the per-file stage on a Dask cluster (its workers must
        see ``out`` on a shared filesystem).
    progress : Progress, optional
        Shows the phases; silent by default.
    excel : bool, default False
        Write the CSV tables as UTF-8 with a byte order mark, which Excel needs to read
        Chinese text (:class:`graph.tables.TableWriter`).
    agency_files : sequence of str or Path, default ()
        The user's authority files (columns of ``ontology/agencies.csv``), laid over the
        shipped one in this order everywhere the build resolves agencies: the per-file
        stage, the reference triples and ``tables/agencies.csv``. Their contents are part
        of every file's cache key: an edited file makes every file parse again. Dask
        workers must see them, as they see ``out``.

    Returns
    -------
    BuildResult

    Raises
    ------
    AuthorityFileError
        Before anything is read or written, when a file of ``agency_files`` cannot be
        read or a row is wrong (the message names the file and line).
    OutputFolderError
        Before any file is read when ``out`` cannot be written (read-only, full, being
        written by another build); later when a write fails (a full disk): the message
        names the file, and the previous build in ``out`` stays as it was.
    NothingBuiltError
        When no document was read and ``out`` holds a previous build, which is kept.
    """
    progress = progress or Progress(quiet=True)
    jobs = jobs or default_jobs()
    overlays = tuple(str(path) for path in agency_files)
    reference = ReferenceData.default(overlays)  # a wrong user file: one message, nothing written
    versions = code_version() + reference_version((data_path(n) for n in _REFERENCE_FILES),
                                                  [Path(p) for p in overlays])
    roots = [Path(p) for p in paths]
    files, skipped = corpus_files(roots, skip_folder=output_folders(out))
    names = source_names(files, roots)
    with OutputStates(out) as states:
        previous = states.current
        cache_dir = out / STATE_DIR / "cache"
        hints = ManifestHints()
        tasks = [FileTask(str(path), hints.for_file(path), str(cache_dir), versions, overlays,
                          name=names[str(path)])
                 for path in files]
        try:
            summaries = _parse_all(tasks, jobs=jobs, executor=executor, reference=reference,
                                   progress=progress)
        except OSError as error:  # the cache could not be written
            raise write_error(error, out, state=None, kept=previous is not None) from error
        if previous is not None and not any(s.documents for s in summaries):
            raise _nothing_built(len(files), [*skipped, *(f for s in summaries for f in s.findings)], out)
        cache = ResultCache(cache_dir)
        with states.building() as state:
            result = _build_state(state, out, previous, summaries, skipped, cache, reference,
                                  validate=validate, jobs=jobs, executor=executor, progress=progress,
                                  names=names, excel=excel)
        cache.retain(s.key for s in summaries if s.key is not None)  # what the new state needs, only
    return result


def _build_state(state: Path, out: Path, previous: Path | None, summaries: list[FileSummary],
                 skipped: list[Finding], cache: ResultCache, reference: ReferenceData, *, validate: bool,
                 jobs: int, executor: str | None, progress: Progress, names: dict[str, str],
                 excel: bool) -> BuildResult:
    """Write the outputs of the parsed files into the new ``state``."""
    readings = [(d.doc_id, s.key) for s in summaries if s.key is not None for d in s.documents]
    with (StoreLoader(state / STORE_DIR) if loads_afresh(previous, readings) else nullcontext()) as loader:
        with progress.phase("graph", total=len(summaries), unit="files") as advance:
            assembled = assemble(summaries, cache, reference, state, names=names, excel=excel,
                                 advance=advance, store=loader)
        assembled.report.findings[:0] = skipped
        with progress.phase("store"):  # a fresh store was loading meanwhile: what is left of it
            synced = sync_store(assembled.ntriples, state, previous, kept=assembled.kept,
                                reference=assembled.reference, cache=cache, loader=loader)
    validation = None
    if validate:
        with progress.phase("validate"):
            validation = _validate(assembled, cache)
    with progress.phase("views"):
        html = write_html(state, written=assembled.pages, jobs=jobs)
    report = assembled.report.report()
    report.triples = synced.triples
    report.aligned_pairs = assembled.aligned_pairs
    report.untaken_national_measures = assembled.untaken_national
    shown = {name: out / name for name in OUTPUT_NAMES}  # what a user opens: links into the state
    report.outputs = {"graph": str(shown["graph.ttl"]), "ntriples": str(shown["graph.nt"]),
                      "store": str(shown[STORE_DIR]),
                      **{k: str(out / v.relative_to(state)) for k, v in {**assembled.tables, **html}.items()},
                      "report": str(shown["report.json"])}
    seconds = {**progress.seconds, "alignment": assembled.alignment_seconds}  # alignment: part of "graph"
    report.timing = {"seconds": {k: round(v, 3) for k, v in seconds.items()},
                     "peak_memory_mb": round(peak_memory_mb(), 1),
                     "peak_memory_mb_after": dict(progress.peak_after), "jobs": jobs,
                     "executor": executor or "local",
                     "files_reused": sum(1 for s in summaries if s.cached),
                     "store": "loaded" if synced.fresh else
                     f"updated ({synced.removed} documents out, {synced.added} in)"}
    report.write(state / "report.json")
    return BuildResult(report, out, validation)
