"""Measuring tools of the benchmarks: a command's wall time and peak memory, medians, tables.

A build is measured as a user runs it, as a separate ``tradekg build`` process; its peak
resident memory is the largest of the process and the worker processes it waited for
(``wait4``). Tables print as GitHub-flavoured Markdown, so the output can be pasted as is
into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import json
import shutil
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Run", "markdown_table", "median_ms", "median_ms_within", "run_build"]

TRADEKG = [sys.executable, "-c", "from graph.cli import main; main()"]
"""The ``tradekg`` command of this interpreter (the checkout's code when run from it)."""


@dataclass(frozen=True, slots=True)
class Run:
    """One measured ``tradekg build``."""

    seconds: float
    peak_mb: float
    report: dict[str, object]

    @property
    def phases(self) -> dict[str, float]:
        """Seconds of each phase, from ``report.json``."""
        timing = self.report.get("timing") or {}
        assert isinstance(timing, dict)
        return dict(timing.get("seconds") or {})


def run_build(paths: Sequence[Path], out: Path, *, fresh: bool = True, extra: Sequence[str] = ()) -> Run:
    """Run ``tradekg build PATHS --out OUT -q`` in a new process; its wall time, peak RSS and report.

    Raises
    ------
    RuntimeError
        When the build fails (its standard error is in the message).
    """
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [*TRADEKG, "build", *map(str, paths), "--out", str(out), "-q", *extra]
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _MEASURED, *command], capture_output=True, check=False)
    seconds = time.perf_counter() - began
    stdout = done.stdout.decode("utf-8", "replace")
    stderr, _, peak_kib = done.stderr.decode("utf-8", "replace").rpartition(_PEAK)
    if done.returncode not in (0, 1) or not peak_kib.strip().isdigit():  # 1: a file was not built
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{stdout}{stderr}")
    if not (out / "report.json").is_file():  # e.g. the disk filled up before the build could end
        raise RuntimeError(f"{' '.join(command)} wrote no report.json ({done.returncode}):\n{stdout}{stderr}")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return Run(seconds, int(peak_kib) / 1024, report)


_PEAK = "\npeak-rss-kib="
_MEASURED = f"""
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
sys.stderr.write({_PEAK!r} + str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""
"""Runs the build and prints its peak RSS (with its workers') last on standard error.

A small process of its own starts the build: Linux carries a process's peak RSS over
``fork`` and ``exec``, so a build started straight from the benchmark, which has grown
by then, would report the benchmark's peak instead of its own."""


class _TimeLimitError(Exception):
    """A call measured by :func:`median_ms_within` ran past its time limit."""


def _interrupt(signum: int, frame: object) -> None:
    raise _TimeLimitError


def median_ms(action: Callable[[], object], *, runs: int = 5) -> float:
    """Median milliseconds of ``runs`` calls of ``action`` (after one warm-up call)."""
    action()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


def median_ms_within(action: Callable[[], object], limit_s: float, *, runs: int = 5) -> float | None:
    """:func:`median_ms`, or ``None`` when any call (warm-up included) runs past ``limit_s`` seconds.

    The call is interrupted by SIGALRM, so this suits pure-Python work such as rdflib's engine.
    """
    def limited() -> None:
        signal.setitimer(signal.ITIMER_REAL, limit_s)
        try:
            action()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)

    previous = signal.signal(signal.SIGALRM, _interrupt)
    try:
        return median_ms(limited, runs=runs)
    except _TimeLimitError:
        return None
    finally:
        signal.signal(signal.SIGALRM, previous)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table; numbers right-aligned.

    Examples
    --------
    >>> print(markdown_table(["n", "s"], [[100, "1.5"]]))
    |   n |   s |
    | --: | --: |
    | 100 | 1.5 |
    """
    cells = [[str(c) for c in header], *([str(c) for c in row] for row in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    numeric = [all(_is_number(r[i]) for r in cells[1:]) for i in range(len(header))]

    def line(row: Sequence[str]) -> str:
        return "| " + " | ".join(c.rjust(w) if numeric[i] else c.ljust(w) for i, (c, w) in
                                 enumerate(zip(row, widths, strict=True))) + " |"

    rule = "| " + " | ".join(("-" * (w - 1) + ":") if numeric[i] else "-" * w
                             for i, w in enumerate(widths)) + " |"
    return "\n".join([line(cells[0]), rule, *(line(r) for r in cells[1:])])


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "").rstrip("×%"))
    except ValueError:
        return False
    return True
