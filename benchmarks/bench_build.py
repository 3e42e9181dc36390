"""Benchmark the main job: parse, triples, Turtle, tables on a synthetic corpus.

Run ``python benchmarks/bench_build.py [N ...]``; each N is a corpus of N copies of the
national seed notice with distinct document numbers (27 measures, 92 responsibilities
each). Prints a table of seconds per stage and peak memory (RSS of this process).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from graph import build, sample_corpus
from loaders import ReferenceData

SEED = (sample_corpus() / "gacc-2021-85_cross-border-trade-notice.txt").read_text(encoding="utf-8")


def make_corpus(directory: Path, n: int) -> None:
    """Write n distinct copies of the national notice (one copy of its doubled text each)."""
    half = SEED[: SEED.index("关于进一步深化", 10)]
    for i in range(n):
        text = half.replace("署岸发〔2021〕85号", f"署岸发〔2021〕{1000 + i}号")
        (directory / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(sizes: list[int]) -> None:
    """Print one row per corpus size."""
    reference = ReferenceData.default()
    print(f"{'documents':>9} {'measures':>9} {'resp.':>8} {'triples':>9} {'build s':>8} "
          f"{'docs/s':>7} {'peak MiB':>9}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus, out = Path(tmp) / "corpus", Path(tmp) / "out"
            corpus.mkdir()
            make_corpus(corpus, n)
            start = time.perf_counter()
            result = build([corpus], out, reference=reference)
            seconds = time.perf_counter() - start
            r = result.report
            print(f"{r.documents:>9} {r.measures:>9} {r.responsibilities:>8} {r.triples:>9} "
                  f"{seconds:>8.2f} {n / seconds:>7.1f} {peak_rss_mb():>9.0f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10, 100, 500])
