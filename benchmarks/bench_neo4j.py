"""Benchmark loading into Neo4j: the seed graph and synthetic corpora, on a real Neo4j 5.

Run ``python benchmarks/bench_neo4j.py [N ...]`` (default: ``100``). The first row is the
bundled seed corpus (two documents); each N is a corpus of N copies of the national
seed notice with distinct document numbers (``bench_build.make_corpus``). A bundled
Neo4j (``graph.neo4j.server.Neo4jServer``) is started for the run; pass
``--uri bolt://HOST:7687`` to use another server instead (its database is wiped).

Columns: rows = nodes + relationships sent; ``project`` = RDF -> rows through the
mapping; ``load`` = a first load into an empty database (constraints included) and its
rows/s; ``reload`` = the same load again (nothing changes); ``cypher``/``csv`` = writing
the two exports; ``import`` = ``neo4j-admin database import full`` of the CSV files
(a JVM start included).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import neo4j
from bench_build import make_corpus

from graph import build, sample_corpus
from graph.neo4j.admin_import import run_admin_import
from graph.neo4j.export import write_admin_csv, write_cypher
from graph.neo4j.load import load_property_graph
from graph.neo4j.mapping import load_mapping
from graph.neo4j.rows import read_property_graph
from graph.neo4j.server import Neo4jServer
from loaders import ReferenceData


@contextmanager
def neo4j_uri(given: str | None) -> Iterator[str]:
    """The given URI, or a bundled server's for the duration."""
    if given:
        yield given
        return
    with Neo4jServer() as server:
        yield server.uri


def timed(action: object) -> tuple[float, object]:
    began = time.perf_counter()
    result = action()  # type: ignore[operator]
    return time.perf_counter() - began, result


def bench(name: str, out: Path, driver: neo4j.Driver, scratch: Path) -> str:
    mapping = load_mapping()
    project_s, graph = timed(lambda: read_property_graph(out, mapping))
    rows = len(graph.nodes) + len(graph.relationships)
    load_s, _ = timed(lambda: load_property_graph(driver, graph, mapping, wipe=True))
    reload_s, again = timed(lambda: load_property_graph(driver, graph, mapping))
    assert not again.changed, "a second load changed the database"
    cypher_s, _ = timed(lambda: write_cypher(graph, mapping, scratch / f"{name}-cypher"))
    csv_s, files = timed(lambda: write_admin_csv(graph, mapping, scratch / f"{name}-csv"))
    home = scratch / f"{name}-home"
    import_s, _ = timed(lambda: run_admin_import(home, files.nodes, files.relationships,
                                                 extra_args=files.extra_args))
    return (f"{name:>10} {len(graph.nodes):>8} {len(graph.relationships):>8} {rows:>8} {project_s:>8.2f} "
            f"{load_s:>7.2f} {rows / load_s:>8.0f} {reload_s:>7.2f} {cypher_s:>7.2f} {csv_s:>6.2f} "
            f"{import_s:>7.2f}")


def main(sizes: list[int], uri: str | None) -> None:
    """Print one row for the seeds and one per corpus size."""
    reference = ReferenceData.default()
    print(f"{'corpus':>10} {'nodes':>8} {'rels':>8} {'rows':>8} {'project':>8} {'load s':>7} {'rows/s':>8} "
          f"{'reload':>7} {'cypher':>7} {'csv':>6} {'import':>7}")
    with neo4j_uri(uri) as address, neo4j.GraphDatabase.driver(address, auth=None) as driver, \
            tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        build([sample_corpus()], scratch / "seed-out", reference=reference, validate=False)
        print(bench("seeds", scratch / "seed-out", driver, scratch), flush=True)
        for n in sizes:
            corpus = scratch / f"corpus-{n}"
            corpus.mkdir()
            make_corpus(corpus, n)
            build([corpus], scratch / f"out-{n}", reference=reference, validate=False)
            print(bench(f"{n} docs", scratch / f"out-{n}", driver, scratch), flush=True)
        load_property_graph(driver, read_property_graph(scratch / "seed-out"), load_mapping(), wipe=True)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100])
    parser.add_argument("--uri", help="an existing Neo4j (no authentication) instead of a bundled one")
    args = parser.parse_args()
    main(args.sizes, args.uri)
