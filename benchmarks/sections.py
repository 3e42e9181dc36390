"""The sections of ``python -m benchmarks``: each builds what it needs once and returns a table.

Every section returns ``(title, header, rows, notes)``; :mod:`benchmarks.__main__` prints
them. Corpora and builds are kept in the work folder and shared between sections.
"""

from __future__ import annotations

import csv
import itertools
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.genre import generate_corpus, generate_hostile
from benchmarks.measure import Run, median_ms, median_ms_within, run_build
from benchmarks.truth import Truth, compare, read_truth, write_truth

__all__ = ["Bench", "machine"]

Table = tuple[str, list[str], list[list[object]], list[str]]

PARAMETERS: dict[str, dict[str, str]] = {
    "measures_led_by": {"agency": "海关总署"},
    "documents_issued_by": {"agency": "海关总署"},
    "measures_concerning": {"concept": "Single Window"},
    "targets_due_by": {"date": "2023-12-31"},
    "measures_by_section": {"document": ""},
    "measures_aligned_with": {"target": ""},
    "agency_lineage": {"agency": "国家市场监督管理总局"},
    "document_citations": {"document": ""},
}
"""The parameters each named question is asked with; an empty value is a document, chosen per
corpus by :func:`most_aligned_document` (the generated corpora differ with their size)."""

RDFLIB_LIMIT_S = 60.0
"""Seconds rdflib's engine is given for each run of a question."""


def most_aligned_document(out: Path) -> str:
    """The document most local measures of a build align with (ties: code-point order).

    The questions about one document then return rows at every size (on the corpora of 100
    and 1,000 documents: its measures by section, its aligned measures and its citations).
    """
    with (out / "tables" / "alignment.csv").open(encoding="utf-8", newline="") as table:
        counts = Counter(row["aligned_doc_id"] for row in csv.DictReader(table))
    return min(counts, key=lambda doc: (-counts[doc], doc))


def _parameters(name: str, document: str) -> dict[str, str]:
    return {key: value or document for key, value in PARAMETERS.get(name, {}).items()}

PHASES = ("parse", "graph", "store", "validate", "views", "alignment")
"""Phases of report.json's timing shown; ``alignment`` is the part of ``graph`` spent aligning measures."""


def machine() -> str:
    """This machine in a few words: cores and memory."""
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return f"{os.cpu_count()} cores, {pages / 2**30:.0f} GiB"


def _peak_phase(report: dict[str, object]) -> str:
    """The phase at whose end the build's peak memory so far first reached its last value.

    Examples
    --------
    >>> _peak_phase({"timing": {"peak_memory_mb_after": {"parse": 500.0, "graph": 900.0, "views": 900.0}}})
    'graph'
    >>> _peak_phase({"timing": {}})
    ''
    """
    timing = report.get("timing") or {}
    assert isinstance(timing, dict)
    after: dict[str, float] = dict(timing.get("peak_memory_mb_after") or {})
    top = max(after.values(), default=None)
    return next((phase for phase, mb in after.items() if mb == top), "")


def _folder_mb(*folders: Path) -> float:
    return sum(p.stat().st_size for f in folders if f.is_dir() for p in f.rglob("*") if p.is_file()) / 2**20


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file a user reads (the store's internals and the cache left out)."""
    found: dict[str, bytes] = {}
    # OUT's entries are links into its current state: walk each (a folder link is followed).
    for top in sorted(out.iterdir()):
        if top.name in (".tradekg", "store", "report.json"):
            continue
        files = sorted(p for p in top.rglob("*") if p.is_file()) if top.is_dir() else [top]
        found.update({str(p.relative_to(out)): p.read_bytes() for p in files})
    return found


class Bench:
    """The state the sections share: the work folder, the sizes, the corpora built so far."""

    def __init__(self, work: Path, sizes: Sequence[int], *, pyshacl_docs: int = 1000,
                 rdflib_docs: int = 100, questions: Sequence[str] = (), exhaustive_docs: int = 1000) -> None:
        self.work = work
        self.sizes = list(sizes)
        self.pyshacl_docs = pyshacl_docs
        self.rdflib_docs = rdflib_docs
        self.questions = list(questions)
        """The named questions the queries section asks; every one when empty."""
        self.exhaustive_docs = exhaustive_docs
        """Largest corpus the alignment section also scores pair by pair."""
        self.failed = False
        self.runs: dict[int, Run] = {}

    # ------------------------------------------------------------------ corpora and builds

    def corpus(self, n: int) -> tuple[Path, Truth]:
        """The generated corpus of ``n`` documents (seed ``n``) and its truth, made once."""
        folder, truth_file = self.work / f"corpus-{n}", self.work / f"truth-{n}"
        if not (truth_file / "responsibilities.csv").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            write_truth(generate_corpus(folder, n, seed=n), truth_file)
        return folder, read_truth(truth_file)

    def built(self, n: int) -> Path:
        """The output folder of a fresh build of the ``n``-document corpus, made once."""
        out = self.work / f"out-{n}"
        if n not in self.runs:
            corpus, truth = self.corpus(n)
            self.runs[n] = run_build([corpus], out)
            self._check(truth, out, f"{n} documents")
        return out

    def _check(self, truth: Truth, out: Path, what: str) -> None:
        result = compare(truth, out)
        if not result.exact:
            self.failed = True
            print(f"EXTRACTION IS NOT EXACT on {what}:\n{result.summary()}", flush=True)

    def _incremental_size(self) -> int:
        return max([n for n in self.sizes if n <= 1000] or [min(self.sizes)])

    # ------------------------------------------------------------------ sections

    def build(self) -> Table:
        """A fresh build per size: time, rates, memory, phases, HTML size."""
        rows: list[list[object]] = []
        for n in self.sizes:
            out = self.built(n)
            run = self.runs[n]
            report = run.report
            triples = int(report["triples"])  # type: ignore[call-overload]
            phases = run.phases
            rows.append([n, report["measures"], report["responsibilities"], f"{triples:,}",
                         f"{run.seconds:.1f}", f"{n / run.seconds:.1f}", f"{triples / run.seconds:,.0f}",
                         f"{run.peak_mb:,.0f}", _peak_phase(report),
                         *(f"{phases.get(p, 0):.1f}" for p in PHASES),
                         f"{_folder_mb(out / 'views', out / 'site', out / 'assets'):.0f}"])
        notes = ["Each row is one `tradekg build DIR --out OUT -q` process (all cores), its tables checked "
                 "against the generator's truth. Peak RSS: the largest of the build and its workers; "
                 "`peak in`: the phase at whose end report.json's peak so far first reached its last value.",
                 "`alignment s` is the part of `graph s` spent aligning measures across levels "
                 "(entries, scoring, tables/alignment.csv, triples, side-by-side pages); "
                 "its share of the wall time: "
                 + ", ".join(f"{n}: {self.runs[n].phases.get('alignment', 0) / self.runs[n].seconds:.0%}"
                             for n in self.sizes) + "."]
        if len(self.sizes) > 1:
            small, large = self.sizes[0], self.sizes[-1]
            growth = self.runs[large].seconds / self.runs[small].seconds
            steps = [f"{b // a}× from {a} to {b}: {self.runs[b].seconds / self.runs[a].seconds:.1f}×"
                     for a, b in itertools.pairwise(self.sizes)] if len(self.sizes) > 2 else []
            notes.append(f"{large // small}× the documents took {growth:.1f}× the time"
                         + "".join(f"; {step}" for step in steps) + ".")
        header = ["documents", "measures", "responsibilities", "triples", "wall s", "docs/s", "triples/s",
                  "peak MiB", "peak in", *(f"{p} s" for p in PHASES), "views+site MiB"]
        return ("Build", header, rows, notes)

    def incremental(self) -> Table:
        """One changed file: the rebuild's time, and that it equals a fresh build."""
        n = self._incremental_size()
        out = self.built(n)
        corpus, _ = self.corpus(n)
        target = sorted(corpus.glob("*.txt"))[n // 2]
        original = target.read_bytes()
        text = original.decode("utf-8")
        target.write_text(text.replace("。", "；", 1), encoding="utf-8")
        try:
            again = run_build([corpus], out, fresh=False)
            fresh_out = self.work / f"fresh-{n}"
            fresh = run_build([corpus], fresh_out)
            same = _outputs(out) == _outputs(fresh_out)
        finally:
            target.write_bytes(original)
        run_build([corpus], out, fresh=False)  # back to the corpus the other sections read
        timing: dict[str, Any] = again.report["timing"]  # type: ignore[assignment]
        self.failed = self.failed or not same
        return ("Incremental rebuild", ["documents", "fresh build s", "rebuild s", "files reused", "store",
                                        "byte-identical to fresh"],
                [[n, f"{fresh.seconds:.1f}", f"{again.seconds:.1f}", timing["files_reused"], timing["store"],
                  "yes" if same else "NO"]],
                [f"`{target.name}` changed (one character), then `tradekg build` into the same OUT."])

    def jobs(self) -> Table:
        """``--jobs 1`` against ``--jobs 2``."""
        n = self._incremental_size()
        corpus, _ = self.corpus(n)
        one = run_build([corpus], self.work / "jobs-1", extra=["--jobs", "1"])
        two = run_build([corpus], self.work / "jobs-2", extra=["--jobs", "2"])
        same = _outputs(self.work / "jobs-1") == _outputs(self.work / "jobs-2")
        self.failed = self.failed or not same
        return ("Workers", ["documents", "--jobs 1 s", "--jobs 2 s", "speed-up", "parse 1 s", "parse 2 s",
                            "same bytes"],
                [[n, f"{one.seconds:.1f}", f"{two.seconds:.1f}", f"{one.seconds / two.seconds:.2f}×",
                  f"{one.phases['parse']:.1f}", f"{two.phases['parse']:.1f}", "yes" if same else "NO"]], [])

    def validation(self) -> Table:
        """The compiled shapes on Oxigraph against pySHACL on the same graph."""
        import pyoxigraph as ox
        from rdflib import Graph

        from graph.rdf.shacl_sparql import compile_shapes
        from graph.rdf.validate import load_ontology, load_shapes, validate_graph, validate_store

        compiled = compile_shapes(load_shapes(), load_ontology())
        rows: list[list[object]] = []
        for n in sorted({*self.sizes, self.pyshacl_docs}):
            out = self.built(n)
            store = ox.Store.read_only(str(out / "store"))
            began = time.perf_counter()
            fast = validate_store(store, compiled=compiled)
            fast_s = time.perf_counter() - began
            row: list[object] = [n, f"{len(store):,}", f"{fast_s:.2f}", len(compiled.constraints)]
            if n == self.pyshacl_docs:
                began = time.perf_counter()
                reference = validate_graph(Graph().parse(out / "graph.nt", format="nt"))
                slow_s = time.perf_counter() - began
                agree = reference == fast
                self.failed = self.failed or not agree
                row += [f"{slow_s:.1f}", f"{slow_s / fast_s:,.0f}×", "yes" if agree else "NO"]
            else:
                row += ["", "", ""]
            rows.append(row)
        return ("Validation", ["documents", "triples", "Oxigraph s", "queries", "pySHACL s", "ratio",
                               "same report"], rows,
                ["Oxigraph: `validate_store` on the build's on-disk store (shapes compiled once). pySHACL: "
                 "`validate_graph` on the same N-Triples parsed by rdflib (parse time included)."])

    def alignment(self) -> Table:
        """The alignment with candidate documents against scoring every pair on each line."""
        from dataclasses import replace

        from graph.alignment import AlignmentSettings, align_measures, measure_entries
        from loaders import ReferenceData
        from loaders.corpus import parse_file

        reference = ReferenceData.default(())
        ours = AlignmentSettings.default()
        import sklearn.feature_extraction.text  # noqa: F401  imported before either is timed
        rows: list[list[object]] = []
        for n in self.sizes:
            corpus, _ = self.corpus(n)
            entries = [e for path in sorted(corpus.glob("*.txt"))
                       for doc in parse_file(path, reference).documents
                       for e in measure_entries(doc, reference.agencies, reference.gazetteer, ours)]
            began = time.perf_counter()
            chosen = align_measures(entries, ours)
            ours_s = time.perf_counter() - began
            row: list[object] = [n, f"{len(entries):,}", f"{len(chosen):,}", f"{ours_s:.1f}"]
            if n <= self.exhaustive_docs:
                began = time.perf_counter()
                every = align_measures(entries, replace(ours, candidate_documents=None))
                every_s = time.perf_counter() - began
                best, kept = _best_scores(every), _best_scores(chosen)
                share = sum(kept.get(k, 0.0) / v for k, v in best.items()) / max(len(best), 1)
                same = len({_pair_key(p) for p in chosen} & {_pair_key(p) for p in every})
                row += [f"{every_s:.1f}", f"{every_s / ours_s:.2f}×", f"{same / max(len(every), 1):.1%}",
                        f"{share:.1%}"]
            else:
                row += ["", "", "", ""]
            rows.append(row)
        return ("Alignment", ["documents", "measures", "pairs", "ours s", "every pair s", "ratio",
                              "pairs as every pair's", "best score kept"], rows,
                [f"Ours: `align_measures` with `candidate_documents = {ours.candidate_documents}` "
                 "(ontology/alignment.toml): a lower-level document's measures are scored against "
                 "those of its likeliest higher-level documents. Every pair: the same with the setting "
                 "None. Both on the same entries, parsed from the corpus beforehand (not timed). "
                 "`pairs as every pair's`: the share of every-pair scoring's pairs that ours keeps too; "
                 "`best score kept`: each lower-level measure's best score under ours over its best "
                 "under every-pair scoring, averaged. The generated measures draw on one shared "
                 "phrasebook whatever their document, so their documents are alike and many pairs "
                 "score nearly the same: the two columns are a floor, not an estimate for real plans."])

    def queries(self) -> Table:
        """Every named question: Oxigraph on each size's store; rdflib's engine where it loads the graph."""
        import pyoxigraph as ox
        from rdflib import Graph

        from graph.query_library import list_queries
        from graph.sparql.local import run_named, run_named_rdflib

        queries = [q for q in list_queries() if not self.questions or q.name in self.questions]
        reference_n = self.rdflib_docs
        sizes = sorted({*self.sizes, reference_n})
        stores = {n: ox.Store.read_only(str(self.built(n) / "store")) for n in sizes}
        rdflib_graph = Graph().parse(self.built(reference_n) / "graph.nt", format="nt")
        documents = {n: most_aligned_document(self.built(n)) for n in sizes}
        rows: list[list[object]] = []
        for query in queries:
            ox_ms = {n: median_ms(partial(run_named, store, query, _parameters(query.name, documents[n])))
                     for n, store in stores.items()}
            rd_ms = median_ms_within(partial(run_named_rdflib, rdflib_graph, query,
                                             _parameters(query.name, documents[reference_n])),
                                     RDFLIB_LIMIT_S, runs=3)
            if rd_ms is None:
                rd_cell = f"> {RDFLIB_LIMIT_S:.0f} s"
                ratio = f"> {RDFLIB_LIMIT_S * 1000 / ox_ms[reference_n]:.0f}×"
            else:
                rd_cell, ratio = f"{rd_ms:.1f}", f"{rd_ms / ox_ms[reference_n]:.0f}×"
            rows.append([query.name, *(f"{ox_ms[n]:.1f}" for n in sizes), rd_cell, ratio])
        return ("Named SPARQL questions (median ms)",
                ["question", *(f"Oxigraph {n}" for n in sizes), f"rdflib {reference_n}",
                 f"ratio at {reference_n}"], rows,
                ["Oxigraph: the build's on-disk store, opened read-only. rdflib: the same graph in memory "
                 f"(graph.nt of {reference_n} documents, `--rdflib-docs`; on 1,000 its engine takes minutes "
                 "for some questions). "
                 "Median of 5 runs (rdflib 3) after a warm-up; rdflib stopped when a run passes "
                 f"{RDFLIB_LIMIT_S:.0f} s. The questions about one document ask about the document "
                 "most local measures align with: "
                 + ", ".join(f"{documents[n]} ({n})" for n in sizes) + "."])

    def neo4j(self) -> Table:
        """Batched loads into a real Neo4j against a row-at-a-time baseline; neo4j-admin import."""
        import neo4j as driver_module

        from graph.neo4j import Neo4jServer, load_mapping, load_property_graph, read_property_graph
        from graph.neo4j.admin_import import run_admin_import
        from graph.neo4j.export import write_admin_csv

        n = self._incremental_size()
        out = self.built(n)
        mapping = load_mapping()
        graph = read_property_graph(out, mapping)
        with Neo4jServer() as server, \
                driver_module.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
            began = time.perf_counter()
            load_property_graph(driver, graph, mapping, wipe=True)
            batched_s = time.perf_counter() - began
            rels = len(graph.relationships)
            sample = graph.relationships[:2000]
            baseline_s = _row_at_a_time(driver, graph, sample)
        files = write_admin_csv(graph, mapping, self.work / "admin-csv")
        began = time.perf_counter()
        run_admin_import(self.work / "admin-home", files.nodes, files.relationships, overwrite=True,
                         extra_args=files.extra_args)
        import_s = time.perf_counter() - began
        batched_rate, baseline_rate = rels / batched_s, len(sample) / baseline_s
        return ("Neo4j load", ["documents", "nodes", "relationships", "batched s", "batched rel/s",
                               "row-at-a-time rel/s", "ratio", "neo4j-admin import s"],
                [[n, f"{len(graph.nodes):,}", f"{rels:,}", f"{batched_s:.1f}", f"{batched_rate:,.0f}",
                  f"{baseline_rate:,.0f}", f"{batched_rate / baseline_rate:.0f}×", f"{import_s:.1f}"]],
                ["Batched: `tradekg neo4j load` (constraints, then UNWIND/MERGE batches of 1,000; nodes "
                 "included in its time). Row-at-a-time: one auto-commit MERGE per relationship for "
                 f"{2000:,} relationships, in the same process and database. neo4j-admin: the CSV export "
                 "imported into a new database, a JVM start included."])

    def hostile(self) -> Table:
        """Inputs of hostile size: time and memory should grow linearly."""
        rows: list[list[object]] = []
        cases = {"many_agencies": (500, 1000, 2000), "many_measures": (2500, 5000, 10000),
                 "unclosed_parens": (250_000, 500_000, 1_000_000), "long_clause": (250, 500, 1000),
                 "numbers_past_999": (2500, 5000, 10000)}
        for kind, sizes in cases.items():
            times: list[float] = []
            for size in sizes:
                folder = self.work / f"hostile-{kind}-{size}"
                shutil.rmtree(folder, ignore_errors=True)
                generate_hostile(folder, kind, size)
                run = run_build([folder], self.work / f"hostile-out-{kind}-{size}")
                times.append(run.seconds)
                rows.append([kind, f"{size:,}", f"{run.seconds:.1f}", f"{run.peak_mb:,.0f}",
                             f"{run.report['responsibilities']}", f"{len(run.report['findings'])}"])  # type: ignore[arg-type]
            rows[-1].append(f"{times[-1] / times[0]:.1f}× for {sizes[-1] // sizes[0]}×")
            for row in rows[-len(sizes):-1]:
                row.append("")
        return ("Hostile inputs", ["kind", "size", "wall s", "peak MiB", "responsibilities", "findings",
                                   "growth"], rows,
                ["One document each: `many_agencies` names SIZE distinct bodies, `many_measures` has SIZE "
                 "measures, `unclosed_parens` is one line of SIZE characters with a \"（\" every 500 that "
                 "never closes, `long_clause` lists SIZE distinct bodies in one clause, `numbers_past_999` "
                 "numbers SIZE measures 1. to SIZE. in one section."])


def _pair_key(pair: Any) -> tuple[str, str, str, str]:
    return (pair.doc_id, pair.measure_number, pair.aligned_doc_id, pair.aligned_measure_number)


def _best_scores(pairs: Sequence[Any]) -> dict[tuple[str, str], float]:
    """Each lower-level measure's best score."""
    best: dict[tuple[str, str], float] = {}
    for pair in pairs:
        key = (pair.doc_id, pair.measure_number)
        best[key] = max(best.get(key, 0.0), pair.score)
    return best


def _row_at_a_time(driver: Any, graph: Any, sample: Sequence[Any]) -> float:
    """Seconds to MERGE ``sample``'s relationships (and their end nodes) one auto-commit query each."""
    from graph.neo4j.statements import quote_name

    driver.execute_query("MATCH (n) DETACH DELETE n")
    ends = {(r.start_label, r.start) for r in sample} | {(r.end_label, r.end) for r in sample}
    for label, iri in sorted(ends):
        driver.execute_query(f"MERGE (n:{quote_name(label)} {{iri: $iri}})", iri=iri)
    def merge_one(r: Any) -> object:
        return driver.execute_query(
            f"MATCH (a:{quote_name(r.start_label)} {{iri: $start}}) MATCH (b:{quote_name(r.end_label)} "
            f"{{iri: $end}}) MERGE (a)-[x:{quote_name(r.type)}]->(b) SET x = $properties",
            start=r.start, end=r.end, properties={k: v for k, v in r.properties.items()
                                                  if not isinstance(v, list)})

    timed: list[Callable[[], object]] = [partial(merge_one, r) for r in sample]
    began = time.perf_counter()
    for action in timed:
        action()
    return time.perf_counter() - began

