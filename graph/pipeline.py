"""The main job: a corpus in, the graph, tables and a report out.

``tradekg build`` calls :func:`build`: load every document, write ``graph.ttl`` (sorted,
so the same input gives the same bytes) and ``graph.nt``, the CSV tables and
``report.json``, then check the graph against the SHACL shapes (:mod:`graph.rdf.validate`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from graph.html_outputs import write_html
from graph.rdf.serialize import sorted_triples, write_ntriples, write_turtle
from graph.rdf.validate import ValidationReport, validate_graph
from graph.report import BuildReport, make_report
from graph.tables import graph_agencies, write_tables
from loaders import (
    CorpusLoad,
    ReferenceData,
    Triple,
    iter_reference_triples,
    iter_triples,
    load_corpus,
)

__all__ = ["BuildResult", "build", "corpus_triples", "sample_corpus"]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What a build loaded and wrote."""

    load: CorpusLoad
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


def corpus_triples(load: CorpusLoad, reference: ReferenceData) -> Iterator[Triple]:
    """Every triple of a loaded corpus: documents first, then what they point at."""
    for doc in load.documents:
        yield from iter_triples(doc, load.digests, reference.gazetteer)
    agencies = graph_agencies(load.documents, reference.agencies)
    measures = [m for d in load.documents for m in d.measures]
    jurisdictions = {d.jurisdiction for d in load.documents if d.jurisdiction} | {
        a.jurisdiction for a in agencies if a.jurisdiction}
    yield from iter_reference_triples(
        agencies,
        places={p.place for m in measures for p in m.places},
        jurisdictions=sorted(jurisdictions),
        concepts={c.concept for m in measures for c in m.concepts},
        sources=load.digests,
        gazetteer=reference.gazetteer,
        scheme=reference.concepts,
    )


def build(paths: Iterable[str | Path], out: Path, *, reference: ReferenceData | None = None,
          progress: Callable[[str], None] | None = None, validate: bool = True) -> BuildResult:
    """Build the graph of a corpus into ``out``.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and directories to read.
    out : Path
        Output directory; created if needed. Receives ``graph.ttl``, ``graph.nt``,
        ``report.json`` and ``tables/*.csv``.
    reference : ReferenceData, optional
        Authority file, gazetteer, concept scheme; the shipped ones by default.
    progress : callable, optional
        Called with each file's path as it is read.
    validate : bool
        Check the graph written against ``ontology/shapes.ttl`` (default True); the
        outcome is ``BuildResult.validation``, files are written either way.

    Returns
    -------
    BuildResult
    """
    ref = reference or ReferenceData.default()
    load = load_corpus(paths, ref, progress=progress)
    out.mkdir(parents=True, exist_ok=True)
    report = make_report(load)
    triples = sorted_triples(corpus_triples(load, ref))
    graph_path = out / "graph.ttl"
    write_turtle(triples, graph_path)
    write_ntriples(triples, out / "graph.nt")
    report.triples = len(triples)
    tables = write_tables(load.documents, ref.agencies, out / "tables")
    tables.update(write_html(out, load.digests))  # OUT/views/ and OUT/site/
    report.outputs = {"graph": str(graph_path), "ntriples": str(out / "graph.nt"),
                      **{k: str(v) for k, v in tables.items()},
                      "report": str(out / "report.json")}
    report.write(out / "report.json")
    validation = validate_graph(Graph().parse(out / "graph.nt", format="nt")) if validate else None
    return BuildResult(load, report, out, validation)
