"""Where the per-document stage runs: this process, a local process pool, or a Dask cluster.

Every route is a standard :class:`concurrent.futures.Executor`, so the build submits the
same function either way. ``--executor dask://HOST:PORT`` uses dask.distributed's
executor (the optional ``[distributed]`` extra); its workers must see the output folder
on a shared filesystem, since they write their results into its cache.

Examples
--------
>>> with open_executor(None, jobs=1) as pool:
...     pool.submit(sum, [1, 2]).result()
3
>>> open_executor("spark://x:1", jobs=2)
Traceback (most recent call last):
...
graph.errors.ExecutorError: unknown executor 'spark://x:1'; use `local` or dask://HOST:PORT
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from graph.errors import ExecutorError

__all__ = ["InlineExecutor", "default_jobs", "open_executor"]


def default_jobs() -> int:
    """The number of cores this process may use (at least 1).

    Examples
    --------
    >>> default_jobs() >= 1
    True
    """
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class InlineExecutor(Executor):
    """Runs each task at once in this process: ``--jobs 1``, easy to debug and to profile."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` now; its result or exception in a done future."""
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # handed to the caller through the future, as pools do
            future.set_exception(error)
        return future


def open_executor(spec: str | None, *, jobs: int) -> AbstractContextManager[Executor]:
    """The executor a build runs its per-document stage on.

    Parameters
    ----------
    spec : str or None
        None or ``local``: this machine, ``jobs`` processes (1 runs in this process);
        ``dask://HOST:PORT``: the Dask scheduler at that address.
    jobs : int
        Worker processes on this machine.

    Returns
    -------
    context manager of Executor

    Raises
    ------
    ExecutorError
        For an unknown spec, when dask.distributed is not installed, or the scheduler
        cannot be reached.
    """
    if spec in (None, "", "local"):
        if jobs <= 1:
            return _inline()
        return ProcessPoolExecutor(max_workers=jobs)
    if spec.startswith("dask://"):
        return _dask(spec.removeprefix("dask://"))
    raise ExecutorError(f"unknown executor {spec!r}; use `local` or dask://HOST:PORT")


@contextmanager
def _inline() -> Iterator[Executor]:
    yield InlineExecutor()


@contextmanager
def _dask(address: str) -> Iterator[Executor]:
    try:
        from distributed import Client
    except ImportError as error:
        raise ExecutorError("--executor dask://... needs dask.distributed: "
                            "pip install 'tradekg[distributed]'") from error
    try:
        client = Client(f"tcp://{address}", timeout="5s")
    except (OSError, TimeoutError) as error:
        raise ExecutorError(f"cannot reach the Dask scheduler at tcp://{address}: {error}") from error
    try:
        yield client.get_executor()
    finally:
        client.close()
