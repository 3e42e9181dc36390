"""The benchmark of tradekg: one command, tables side by side (ours vs the usual way).

    python -m benchmarks                          # every section, N = 100, 1,000, 10,000
    python -m benchmarks --sizes 100 1000 --only build incremental jobs
    python -m benchmarks --write benchmarks/RESULTS.md
    python -m benchmarks --sizes 100 1000 --only queries --questions document_citations

Corpora come from :mod:`benchmarks.genre` (documents of the genre built from the
authority file and concept scheme, with the truth beside them); a build whose tables
differ from the truth fails the benchmark. Sections:

``build``        a fresh ``tradekg build`` per N: wall time, docs/s, triples/s, peak RSS,
                 seconds per phase, size of the views and site.
``incremental``  one file changed in the largest corpus up to 1,000 documents: the
                 rebuild's time, and that it is byte-identical to a fresh build.
``jobs``         ``--jobs 1`` vs ``--jobs 2`` on that corpus (same bytes).
``validation``   the SHACL shapes compiled to SPARQL on Oxigraph vs pySHACL, same verdicts.
``alignment``    measure alignment with candidate documents vs scoring every pair on each
                 line: time, and how much of every-pair scoring's result it keeps.
``queries``      every named SPARQL question, Oxigraph (each size) vs rdflib's engine (median ms).
``neo4j``        batched UNWIND/MERGE into a real Neo4j 5 vs a row-at-a-time MERGE
                 baseline in the same process (relationships/s), and neo4j-admin import.
``hostile``      inputs of hostile size: many agencies, many measures, unclosed brackets.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import sections
from benchmarks.measure import markdown_table
from graph.query_library import list_queries

SECTIONS = ("build", "incremental", "jobs", "validation", "alignment", "queries", "neo4j", "hostile")


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections and print their tables; exit 1 when extraction is not exact."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000],
                        help="corpus sizes in documents (default: 100 1000 10000)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), help="sections to run")
    parser.add_argument("--pyshacl-docs", type=int, default=1000,
                        help="size of the corpus pySHACL validates for the comparison (default: 1000)")
    parser.add_argument("--rdflib-docs", type=int, default=100,
                        help="size of the corpus rdflib's engine answers the questions on (default: 100)")
    parser.add_argument("--exhaustive-docs", type=int, default=1000,
                        help="largest corpus the alignment section also scores pair by pair (default: 1000)")
    parser.add_argument("--questions", nargs="+", default=[], metavar="NAME",
                        help="named questions the queries section asks (default: every one)")
    parser.add_argument("--write", type=Path, help="also write the tables, with the command, to this file")
    parser.add_argument("--work", type=Path, help="folder for corpora and builds (default: a temporary one)")
    args = parser.parse_args(argv)
    known = {q.name for q in list_queries()}
    if unknown := sorted(set(args.questions) - known):
        parser.error(f"no named question {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
    work = args.work or Path(tempfile.mkdtemp(prefix="tradekg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = sections.Bench(work, sorted(args.sizes), pyshacl_docs=args.pyshacl_docs,
                            rdflib_docs=args.rdflib_docs, questions=args.questions,
                            exhaustive_docs=args.exhaustive_docs)
    command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    today = time.strftime("%Y-%m-%d")
    out = [f"# tradekg benchmark\n\n`{command.strip()}` on {sections.machine()}, {today}.\n"]
    failed = False
    try:
        for name in args.only:
            began = time.perf_counter()
            title, header, rows, notes = getattr(bench, name)()
            text = f"## {title}\n\n{markdown_table(header, rows)}\n" + "".join(f"\n{n}\n" for n in notes)
            print(text + f"\n({name}: {time.perf_counter() - began:.0f} s)\n", flush=True)
            out.append(text)
            failed = failed or bench.failed
    except RuntimeError as err:  # a build or load that failed: its command and output, no traceback
        print(f"benchmark stopped: {err}", file=sys.stderr)
        failed = True
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.write:
        args.write.write_text("\n".join(out), encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
