"""Files written whole or not at all: to a temporary name beside the final one, then renamed over it.

Every file a build writes goes through here: the graph files, the tables, the report,
the pages, the assets, the cache entries and the store's bookkeeping. A reader (or the
next build) sees the previous file or the new one, never half of one, whatever stops the
writer: a kill, a full disk, Ctrl-C. The old file is never opened for writing, which
also keeps safe a file that is hard-linked from another state of the output folder (see
:mod:`graph.pipeline.states`).

A failed write raises :class:`OSError` naming the final path (``error.filename``), not
the temporary one, so the message a user sees says which output could not be written.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     path = write_atomic(Path(tmp) / "a.txt", "first")
...     with AtomicFile(path) as handle:
...         _ = handle.write("sec")
...         _ = handle.write("ond")
...     path.read_text(), sorted(p.name for p in Path(tmp).iterdir())
('second', ['a.txt'])
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO

__all__ = ["AtomicFile", "partial_name", "write_atomic"]

_COUNTER = itertools.count()
"""Makes each temporary name of this process unique (threads of one process write too)."""


def partial_name(path: Path) -> Path:
    """The temporary name a write of ``path`` uses: hidden, beside it, unique to this writer.

    Examples
    --------
    >>> partial_name(Path("out/graph.nt")).name.startswith(".graph.nt.")
    True
    >>> partial_name(Path("out/graph.nt")).suffix
    '.partial'
    """
    return path.with_name(f".{path.name}.{os.getpid()}.{next(_COUNTER)}.partial")


def _write_chunk(handle: IO[bytes] | IO[str], data: bytes | str) -> None:
    """Write one chunk: the single place where output bytes reach a file (a test can make it fail)."""
    handle.write(data)  # type: ignore[arg-type]  # bytes to a binary handle, str to a text one


def _named(error: OSError, path: Path) -> OSError:
    """The same error, naming ``path`` (a failed ``write`` names no file)."""
    if error.filename is not None and not str(error.filename).endswith(".partial"):
        return error
    return type(error)(error.errno, error.strerror or str(error), str(path))


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text is UTF-8) to ``path`` whole, or leave ``path`` as it was.

    Parameters
    ----------
    path : Path
        The final name; its folder is created if needed.
    data : bytes or str
        The whole content.

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    OSError
        When the file cannot be written (``filename`` is ``path``); the temporary file is
        removed and ``path`` is left as it was.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    partial = partial_name(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as handle:
            _write_chunk(handle, payload)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise _named(error, path) from error
    return path


class AtomicFile:
    """A text file written in pieces and renamed to its final name when the block ends without an error.

    Parameters
    ----------
    path : Path
        The final name; its folder is created if needed.
    newline : str, default "\\n"
        As for :func:`open`; ``""`` for the :mod:`csv` module.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_atomic(Path(tmp) / "a.txt", "old")
    ...     try:
    ...         with AtomicFile(path) as handle:
    ...             _ = handle.write("new, but")
    ...             raise KeyboardInterrupt
    ...     except KeyboardInterrupt:
    ...         pass
    ...     path.read_text(), len(list(Path(tmp).iterdir()))
    ('old', 1)
    """

    def __init__(self, path: Path, *, newline: str = "\n") -> None:
        self.path = path
        self._partial = partial_name(path)
        self._newline = newline
        self._handle: IO[str] | None = None

    def __enter__(self) -> AtomicFile:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self._partial, "w", encoding="utf-8", newline=self._newline)
        except OSError as error:
            raise _named(error, self.path) from error
        return self

    def write(self, text: str) -> int:
        """Write ``text``; an error names the final path."""
        assert self._handle is not None, "use AtomicFile in a with block"
        try:
            _write_chunk(self._handle, text)
        except OSError as error:
            raise _named(error, self.path) from error
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        """Write each of ``lines`` (they keep their own line ends)."""
        for line in lines:
            self.write(line)

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        assert self._handle is not None
        try:
            self._handle.close()  # flushes the last buffer: a full disk can show here
            if kind is None:
                os.replace(self._partial, self.path)
        except OSError as error:
            self._partial.unlink(missing_ok=True)
            if kind is None:
                raise _named(error, self.path) from error
            return  # the error that ended the block is the one to report
        except BaseException:
            self._partial.unlink(missing_ok=True)
            raise
        if kind is not None:
            self._partial.unlink(missing_ok=True)
