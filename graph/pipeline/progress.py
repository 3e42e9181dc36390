r"""Progress of a build, phase by phase: bars on a terminal, plain lines in a log, nothing when quiet.

Every phase (read, graph, store, validate, tables, views, site) is timed; the seconds and
the peak memory go into ``report.json``. On a terminal each phase with a known amount of
work shows a tqdm bar on standard error; otherwise (a log, CI, a pipe) a phase prints one
line when it starts counting, a line at most every few seconds, and one when it ends.

Examples
--------
>>> import io
>>> stream = io.StringIO()
>>> progress = Progress(stream=stream, tty=False)
>>> with progress.phase("read", total=2, unit="files") as advance:
...     advance(2)
>>> stream.getvalue()  # doctest: +ELLIPSIS
'read: 2 files in 0.0 s\n'
>>> sorted(progress.seconds), list(progress.peak_after)
(['read'], ['read'])
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["Progress", "peak_memory_mb"]


def peak_memory_mb() -> float:
    """Peak resident memory of this process and of its finished children, in MiB.

    Examples
    --------
    >>> peak_memory_mb() > 1
    True
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


class Progress:
    """Shows and times the phases of a build.

    Parameters
    ----------
    stream : text stream, optional
        Where progress goes; standard error by default.
    quiet : bool, default False
        Show nothing (phases are still timed).
    tty : bool, optional
        Draw bars; by default when ``stream`` is a terminal.
    every : float, default 5.0
        Seconds between plain lines within a phase.
    """

    def __init__(self, *, stream: TextIO | None = None, quiet: bool = False, tty: bool | None = None,
                 every: float = 5.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.tty = self.stream.isatty() if tty is None else tty
        self.every = every
        self.seconds: dict[str, float] = {}
        """Seconds each phase took, by name, in the order they ran."""
        self.peak_after: dict[str, float] = {}
        """:func:`peak_memory_mb` when each phase ended: the phase where it rises to its last
        value is where the build held the most."""

    @contextmanager
    def phase(self, name: str, *, total: int | None = None,
              unit: str = "items") -> Iterator[Callable[[int], None]]:
        """Time a phase; the block gets a callable to report ``n`` more items done."""
        start = time.perf_counter()
        done = 0
        last = start
        bar = None
        if not self.quiet and self.tty and total:
            from tqdm import tqdm

            bar = tqdm(total=total, desc=name, unit=f" {unit}", file=self.stream, leave=False,
                       dynamic_ncols=True)

        def advance(n: int = 1) -> None:
            nonlocal done, last
            done += n
            if bar is not None:
                bar.update(n)
            elif not self.quiet and not self.tty and total:
                now = time.perf_counter()
                if now - last >= self.every:
                    last = now
                    print(f"{name}: {done}/{total} {unit}", file=self.stream, flush=True)

        try:
            yield advance
        finally:
            if bar is not None:
                bar.close()
            elapsed = time.perf_counter() - start
            self.seconds[name] = self.seconds.get(name, 0.0) + elapsed
            self.peak_after[name] = round(peak_memory_mb(), 1)
            if not self.quiet:
                count = f" {done} {unit} in" if total is not None else ""
                print(f"{name}:{count} {elapsed:.1f} s", file=self.stream, flush=True)
