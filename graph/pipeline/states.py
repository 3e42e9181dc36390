"""The output folder moved from one complete build to the next: a new state, one switch, fixed links.

A build writes everything it makes into a new folder, ``OUT/.tradekg/states/<n>/``:
``graph.ttl``, ``graph.nt``, ``report.json``, ``tables/``, ``views/``, ``site/``,
``assets/``, ``store/`` and the store's bookkeeping. The folder starts as hard links to
the files of the current state (the graph files, the report and the store are
written anew, the store carried over by :mod:`graph.pipeline.store_sync`), so an
unchanged page costs nothing, and since every
write goes to a temporary name and is renamed (:mod:`graph.atomic_files`), a link is
replaced, never the file the current state shares. When the new state is whole and
flushed to disk, one atomic rename points ``OUT/.tradekg/current`` (a symbolic link) at
it. The names a user opens — ``OUT/graph.ttl``, ``OUT/views/``, ``OUT/store/`` and the
rest of :data:`OUTPUT_NAMES` — are relative links into ``.tradekg/current/``, made once.
The older state is then removed.

A build killed at any moment therefore leaves ``OUT`` as the previous build left it, or
as this one did; a build that fails (a full disk, Ctrl-C) removes its unfinished state,
and the next build removes one a kill left behind. Pages of documents no longer read
are not carried over (:func:`graph.views.page_folder.write_page_folder` drops them).

An output folder written by an older tradekg, with real files where the links go, is
moved whole into a first state before anything else: nothing in it is lost, and the
build updates it like any other. One build writes into a folder at a time (a lock on
``OUT/.tradekg/lock``); a read-only or full folder, or one another build holds, is named
in one message before any file is read.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     out = Path(tmp) / "out"
...     with OutputStates(out) as states, states.building() as state:
...         _ = (state / "graph.ttl").write_text("@prefix : <x:> .", encoding="utf-8")
...     (out / "graph.ttl").read_text(encoding="utf-8"), os.readlink(out / "graph.ttl")
('@prefix : <x:> .', '.tradekg/current/graph.ttl')
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from graph.errors import OutputFolderError
from graph.rdf.store import GRAPH_FILE, STORE_DIR

__all__ = ["CURRENT", "OUTPUT_NAMES", "STATES", "STATE_DIR", "SYNC_FILES", "OutputStates", "write_error"]

STATE_DIR = ".tradekg"
"""Folder of ``OUT`` holding the states, the link to the current one and the per-file cache."""

STATES = "states"
"""Folder of :data:`STATE_DIR` holding one folder per build (``states/<n>``)."""

CURRENT = "current"
"""The symbolic link in :data:`STATE_DIR` to the current state (``states/<n>``)."""

OUTPUT_NAMES = (GRAPH_FILE, "graph.nt", "report.json", "tables", "views", "site", "assets", STORE_DIR)
"""What a user opens in ``OUT``: each a link to the same name in the current state."""

SYNC_FILES = ("store.json", "reference.nt")
"""The store's bookkeeping (:mod:`graph.pipeline.store_sync`): in each state, not carried over."""

_REWRITTEN = frozenset({GRAPH_FILE, "graph.nt", "report.json", STORE_DIR, *SYNC_FILES})
"""What every build writes anew, so a new state does not start with the current one's."""

_LEGACY_LEFTOVERS = (".graph.nt.partial", ".graph.ttl.partial", ".store.new", ".store.old")
"""What an older tradekg's unfinished build left in ``OUT``: removed with the migration."""

_FULL = (errno.ENOSPC, errno.EDQUOT)

MIN_FREE = 1 << 20
"""Bytes a folder must have free for a build to start: with less, no build fits (the sample's takes 4 MB)."""


def _disk_full(error: OSError) -> bool:
    return error.errno in _FULL or "No space left on device" in str(error)


def _reason(error: OSError) -> str:
    text = error.strerror or str(error)
    return text[:1].lower() + text[1:]


def _exists(path: Path) -> bool:
    """True for a file, a folder or a link (also a dangling one)."""
    return os.path.lexists(path)


def _link_tree(source: Path, target: Path, *, skip: frozenset[str] = frozenset()) -> None:
    """Make ``target`` hold the files of ``source`` as hard links (copies where links cannot be made)."""
    target.mkdir(exist_ok=True)
    with os.scandir(source) as entries:
        for entry in entries:
            if entry.name in skip:
                continue
            made = target / entry.name
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), made)
            elif entry.is_dir():
                _link_tree(Path(entry.path), made)
            else:
                try:
                    os.link(entry.path, made)
                except OSError as error:  # another file system, or one without hard links
                    if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                        raise
                    shutil.copy2(entry.path, made)


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (some file systems cannot sync a folder: then nothing to do)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError as error:
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
            raise
    finally:
        os.close(handle)


def write_error(error: OSError, out: Path, *, state: Path | None, kept: bool) -> OutputFolderError:
    """The message for an error that stopped a build writing into ``out``.

    Parameters
    ----------
    error : OSError
        What the write raised (its ``filename`` says where, when known).
    out : Path
        The output folder.
    state : Path, optional
        The state being written: a file in it is named by its name under ``out``.
    kept : bool
        Whether ``out`` holds a previous build (which stays current).

    Examples
    --------
    >>> full = OSError(errno.ENOSPC, "No space left on device", "out/.tradekg/states/2/graph.nt")
    >>> str(write_error(full, Path("out"), state=Path("out/.tradekg/states/2"), kept=True))
    'no space left on device while writing out/graph.nt; the previous build in out was kept'
    """
    where: Path | None = Path(str(error.filename)) if error.filename else None
    if where is not None and state is not None and where.is_relative_to(state):
        where = out / where.relative_to(state)
    shown = str(where) if where is not None else f"the output folder {out}"
    ending = f"the previous build in {out} was kept" if kept else f"no build was written to {out}"
    if _disk_full(error):
        return OutputFolderError(f"no space left on device while writing {shown}; {ending}")
    return OutputFolderError(f"cannot write {shown}: {_reason(error)}; {ending}")


class OutputStates:
    """The states of one output folder, held for one build (use it as a context manager).

    Entering takes the folder's lock, removes what a killed build left, moves an older
    tradekg's outputs into a first state, and checks that the folder can be written:
    everything that can fail before any file is read fails here, with one message.

    Parameters
    ----------
    out : Path
        The output folder; created if needed.

    Raises
    ------
    OutputFolderError
        When the folder cannot be written, is full, is being written by another build,
        or holds a file where a link to the current state goes.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.root = out / STATE_DIR
        self._lock: int | None = None

    # ------------------------------------------------------------ taking the folder

    def __enter__(self) -> OutputStates:
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            disk = os.statvfs(self.root)
            self._lock = os.open(self.root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise self._unwritable(error) from error
        free = (disk.f_bfree if os.geteuid() == 0 else disk.f_bavail) * disk.f_frsize  # root may use all
        if free < MIN_FREE:
            self._release()
            raise OutputFolderError(f"no space left on device in the output folder {self.out} "
                                    f"({free // 1024} KiB free); free some space, or choose another --out")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            self._release()
            raise OutputFolderError(f"another tradekg build is writing {self.out}; wait for it to end, "
                                    "or choose another --out") from error
        try:
            os.ftruncate(self._lock, 0)
            os.write(self._lock, f"{os.getpid()}\n".encode("ascii"))  # a full disk refuses even this
            self._tidy()
            self._migrate()
        except OSError as error:
            self._release()
            raise self._unwritable(error) from error
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._release()

    def _release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing drops the lock
            self._lock = None

    def _unwritable(self, error: OSError) -> OutputFolderError:
        if _disk_full(error):
            return OutputFolderError(f"no space left on device in the output folder {self.out}; "
                                     "free some space, or choose another --out")
        return OutputFolderError(f"cannot write to the output folder {self.out}: {_reason(error)}; "
                                 "choose another --out")

    # ------------------------------------------------------------ the states

    @property
    def current(self) -> Path | None:
        """The current state's folder, or None before the first build."""
        link = self.root / CURRENT
        if not link.is_symlink():
            return None
        state = self.root / os.readlink(link)
        return state if state.is_dir() else None

    def _states(self) -> list[Path]:
        folder = self.root / STATES
        return sorted(p for p in folder.iterdir() if p.name.isdigit()) if folder.is_dir() else []

    def _next_state(self) -> Path:
        numbers = [int(p.name) for p in self._states()]
        state = self.root / STATES / str(max(numbers, default=0) + 1)
        state.mkdir(parents=True)
        return state

    def _tidy(self) -> None:
        """Remove the states and temporary links a killed build left."""
        current = self.current
        for state in self._states():
            if current is None or state.name != current.name:
                shutil.rmtree(state)
        ours = [self.out.glob(f".{name}.*.link") for name in OUTPUT_NAMES]
        for leftover in [*self.root.glob(f".{CURRENT}.*.new"), *(p for found in ours for p in found)]:
            if leftover.is_symlink():
                leftover.unlink()

    def _link_target(self, name: str) -> str:
        return f"{STATE_DIR}/{CURRENT}/{name}"

    def _link(self, name: str) -> None:
        """Point ``OUT/name`` at the current state's ``name`` (a new link, renamed into place)."""
        temporary = self.out / f".{name}.{os.getpid()}.link"
        temporary.unlink(missing_ok=True)
        os.symlink(self._link_target(name), temporary)
        os.replace(temporary, self.out / name)

    def _in_the_way(self, name: str) -> OutputFolderError:
        return OutputFolderError(f"{self.out / name} is where tradekg keeps a link to its current build, and "
                                 f"it is not that link; move it out of {self.out} and build again")

    def _migrate(self) -> None:
        """Move the outputs of an older tradekg (real files in ``OUT``) into a state, whole."""
        legacy = []
        for name in OUTPUT_NAMES:
            path = self.out / name
            if path.is_symlink():
                if os.readlink(path) != self._link_target(name):
                    raise self._in_the_way(name)
            elif _exists(path):
                legacy.append(name)
        if not legacy:
            return
        state = self.current
        if state is None:
            state = self._next_state()
            self._switch(state)
        for name in legacy:
            if _exists(state / name):
                raise self._in_the_way(name)
            os.rename(self.out / name, state / name)
            self._link(name)
        for name in SYNC_FILES:
            if (self.root / name).is_file() and not _exists(state / name):
                os.rename(self.root / name, state / name)
        for name in _LEGACY_LEFTOVERS:
            leftover = self.out / name
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover)
            elif leftover.is_file():
                leftover.unlink()

    def _switch(self, state: Path) -> None:
        """Point ``.tradekg/current`` at ``state``: one rename, made durable."""
        temporary = self.root / f".{CURRENT}.{os.getpid()}.new"
        temporary.unlink(missing_ok=True)
        os.symlink(f"{STATES}/{state.name}", temporary)
        os.replace(temporary, self.root / CURRENT)
        _fsync_folder(self.root)

    # ------------------------------------------------------------ one build

    @contextmanager
    def building(self) -> Iterator[Path]:
        """A new state to write the build into; it becomes current when the block ends without an error.

        The state starts with hard links to the current state's pages, tables and assets
        (not its graph files, report, store and the store's bookkeeping, which every build
        writes anew). On an error (or Ctrl-C) the new state is removed and
        the current one stays; an :class:`OSError` becomes an :class:`OutputFolderError`
        naming the file (see :func:`write_error`).
        """
        previous = self.current
        state: Path | None = None
        try:
            state = self._next_state()
            if previous is not None:
                _link_tree(previous, state, skip=_REWRITTEN)
            yield state
            self._commit(state)
        except OSError as error:
            if state is not None:
                shutil.rmtree(state, ignore_errors=True)
            raise write_error(error, self.out, state=state, kept=previous is not None) from error
        except BaseException:
            if state is not None:
                shutil.rmtree(state, ignore_errors=True)
            raise
        for old in self._states():
            if old.name != state.name:
                shutil.rmtree(old, ignore_errors=True)  # what is left is removed by the next build

    def _commit(self, state: Path) -> None:
        os.sync()  # every file of the state on disk before the switch makes it current
        for name in OUTPUT_NAMES:
            path = self.out / name
            if not path.is_symlink():
                if _exists(path):
                    raise self._in_the_way(name)
                self._link(name)
        self._switch(state)
