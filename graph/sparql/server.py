"""The Oxigraph SPARQL server (PyPI package ``oxigraph``) as a child process.

:func:`load_store` fills an on-disk Oxigraph store from ``graph.ttl`` with
``oxigraph load``; :class:`OxigraphServer` runs ``oxigraph serve-read-only`` on it (or
``oxigraph serve``, read-write, for tests of ``tradekg push``) on a loopback port and
stops it on exit. The server offers the SPARQL 1.1 Protocol at ``/query``, the Graph
Store Protocol at ``/store`` (``/update`` too when read-write) and a query page at ``/``.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import socket
import subprocess
import sysconfig
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

from graph.errors import OxigraphServerError
from graph.rdf.store import graph_file_error

__all__ = ["OxigraphServer", "busy_port_message", "free_port", "load_store", "oxigraph_binary"]

_INSTALL_HINT = "install it with `pip install oxigraph` (it ships the `oxigraph` command)"

_BUSY = "Address already in use"
"""How the ``oxigraph`` command says that its port is taken (Rust's words for EADDRINUSE)."""

_BACKTRACE = re.compile(r"\n\s*Stack backtrace:.*", re.DOTALL)
"""What the ``oxigraph`` command appends to an error when RUST_BACKTRACE is set: not for users."""


def busy_port_message(host: str, port: int | str, option: str = "--port") -> str:
    """The one line said when the port asked for is taken (by ``serve`` and ``neo4j serve``).

    Examples
    --------
    >>> busy_port_message("127.0.0.1", 7878)
    'port 7878 on 127.0.0.1 is in use; pass --port 0 for a free one'
    >>> busy_port_message("127.0.0.1", 7474, "--http-port")
    'port 7474 on 127.0.0.1 is in use; pass --http-port 0 for a free one'
    """
    return f"port {port} on {host} is in use; pass {option} 0 for a free one"


def _oxigraph_says(output: str) -> str:
    r"""The ``oxigraph`` command's own message, without its Rust backtrace, on one line.

    Examples
    --------
    >>> _oxigraph_says("Error: Address already in use (os error 98)\n\nStack backtrace:\n   0: main\n")
    'Error: Address already in use (os error 98)'
    """
    return " ".join(_BACKTRACE.sub("", output).split())


def oxigraph_binary() -> Path:
    """Find the ``oxigraph`` command of the ``oxigraph`` package.

    Looks next to this Python's scripts first (a virtual environment's ``bin/``), then on
    ``PATH``.

    Returns
    -------
    Path

    Raises
    ------
    OxigraphServerError
        When it is not installed.
    """
    scripts = Path(sysconfig.get_paths()["scripts"])
    for candidate in (scripts / "oxigraph", scripts / "oxigraph.exe"):
        if candidate.is_file():
            return candidate
    found = shutil.which("oxigraph")
    if found is None:
        raise OxigraphServerError(f"the Oxigraph server is not installed; {_INSTALL_HINT}")
    return Path(found)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that is free on ``host`` right now (the OS picks it).

    Examples
    --------
    >>> 0 < free_port() < 65536
    True
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def load_store(location: Path, graph: Path, *, graph_iri: str | None = None) -> None:
    """Load an RDF file into an on-disk Oxigraph store with ``oxigraph load``.

    Parameters
    ----------
    location : Path
        The store's directory; created if needed. Loading twice adds the triples again
        (a set: nothing is duplicated).
    graph : Path
        A Turtle or N-Triples file (format from its suffix).
    graph_iri : str, optional
        Load into this named graph instead of the default graph.

    Raises
    ------
    GraphFileError
        When the file does not parse (the message has the line and the parser's reason).
    OxigraphServerError
        When the command is missing or fails otherwise (the message has its output).
    """
    command = [str(oxigraph_binary()), "load", "--location", str(location), "--file", str(graph)]
    if graph_iri:
        command += ["--graph", graph_iri]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = _oxigraph_says(done.stderr or done.stdout)
        rejected = re.search(r"Error while loading file .*?: (Parser error .*?)(?: Error: |$)", said)
        if rejected is not None:
            raise graph_file_error(graph, rejected.group(1))
        raise OxigraphServerError(f"`oxigraph load` of {graph} into {location} failed ({done.returncode}): "
                                  f"{said}")


class OxigraphServer:
    """An Oxigraph SPARQL server in a child process, on a loopback port.

    Parameters
    ----------
    location : Path or None
        The store's directory (see :func:`load_store`). Read-only mode needs one; None in
        read-write mode uses a temporary directory removed by :meth:`stop`.
    port : int
        TCP port; 0 (default) picks a free one.
    host : str
        Address to bind; 127.0.0.1 by default, so only this machine can connect.
    read_only : bool
        ``serve-read-only`` (default) or ``serve`` (accepts updates and Graph Store PUT/POST).
    startup_timeout : float
        Seconds to wait for the server to answer.

    Examples
    --------
    A sketch (not run as a doctest: it starts a process)::

        load_store(Path("out/oxigraph"), Path("out/graph.ttl"))
        with OxigraphServer(Path("out/oxigraph")) as server:
            print(server.query_url)   # http://127.0.0.1:PORT/query
    """

    def __init__(self, location: Path | None = None, *, port: int = 0, host: str = "127.0.0.1",
                 read_only: bool = True, startup_timeout: float = 30.0) -> None:
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        if read_only and location is None:
            raise ValueError("a read-only server needs the location of a loaded store")
        self._location = Path(location) if location is not None else None
        self._port = port
        self._host = host
        self._read_only = read_only
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._temporary: Path | None = None
        self._url: str | None = None
        self._log: Path | None = None
        self._keep_log = False
        self.kept_log: Path | None = None
        """The server's log, kept by :meth:`stop` when the server exited by itself or failed to start."""

    @property
    def url(self) -> str:
        """The server's base URL (its query page), ``http://127.0.0.1:PORT/``.

        Raises
        ------
        OxigraphServerError
            When the server is not running.
        """
        if self._url is None:
            raise OxigraphServerError("the Oxigraph server is not running; call start() first")
        return self._url

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    @property
    def update_url(self) -> str:
        """The SPARQL 1.1 Protocol update endpoint (read-write servers only)."""
        return self.url + "update"

    @property
    def store_url(self) -> str:
        """The SPARQL 1.1 Graph Store Protocol endpoint."""
        return self.url + "store"

    @property
    def pid(self) -> int | None:
        """The child's process id, or None before :meth:`start`."""
        return self._process.pid if self._process is not None else None

    def _attempt(self, binary: Path, location: Path, port: int) -> bool:
        """Start on ``port``; True once it answers, False if it exited because the port was taken.

        Raises
        ------
        OxigraphServerError
            When it exited for another reason, or did not answer in time.
        """
        mode = "serve-read-only" if self._read_only else "serve"
        assert self._log is not None
        with self._log.open("ab") as log:
            # A session of its own: Ctrl-C in a terminal reaches only us, and stop() ends it.
            self._process = subprocess.Popen(
                [str(binary), mode, "--location", str(location), "--bind", f"{self._host}:{port}"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True)
        url = f"http://{self._host}:{port}/"
        deadline = time.monotonic() + self._startup_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                said = _oxigraph_says(self._log.read_text(encoding="utf-8", errors="replace"))
                if _BUSY in said:
                    return False
                self._keep_log = True
                raise OxigraphServerError(f"the Oxigraph server exited at start: {said[-500:]}; "
                                          f"see {self._log}")
            try:
                with urllib.request.urlopen(url + "query?query=ASK%7B%7D", timeout=2):
                    self._url = url
                    return True
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.05)
        self._keep_log = True
        raise OxigraphServerError(
            f"the Oxigraph server did not answer on {url} within {self._startup_timeout:g} s; "
            f"see {self._log}")

    def start(self) -> Self:
        """Start the server and wait until it answers queries.

        Returns
        -------
        OxigraphServer
            This server, with :attr:`url` set.

        Raises
        ------
        OxigraphServerError
            When the binary is missing, the port asked for is taken (one line, see
            :func:`busy_port_message`), or the server exits or does not answer in time
            (the message names its log, which is kept).
        """
        if self._process is not None:
            raise OxigraphServerError("this Oxigraph server was already started")
        binary = oxigraph_binary()
        if self._location is None:
            self._temporary = Path(tempfile.mkdtemp(prefix="tradekg-oxigraph-"))
            location = self._temporary / "store"
        else:
            location = self._location
        self._log = Path(tempfile.mkstemp(prefix="tradekg-oxigraph-", suffix=".log")[1])
        try:
            # A port picked by free_port() can be taken before the server binds it: retry.
            for _ in range(5 if self._port == 0 else 1):
                if self._attempt(binary, location, self._port or free_port(self._host)):
                    return self
                self._process = None
            if self._port:
                raise OxigraphServerError(busy_port_message(self._host, self._port))
            self._keep_log = True
            raise OxigraphServerError(f"the Oxigraph server found no free port on {self._host}; "
                                      f"see {self._log}")
        except BaseException:
            self.stop()
            raise

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove temporary files; safe twice.

        The log is removed too, unless the server had exited by itself or failed to start:
        then it stays, as :attr:`kept_log`, for the message that names it.
        """
        process, self._process = self._process, None
        if process is not None and process.poll() is not None and process.returncode != 0:
            self._keep_log = True  # it died on its own: its log says why
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._url = None
        if self._temporary is not None:
            shutil.rmtree(self._temporary, ignore_errors=True)
            self._temporary = None
        if self._log is not None and self._keep_log:
            self.kept_log = self._log
        elif self._log is not None:
            with contextlib.suppress(OSError):
                self._log.unlink()
        self._log = None

    @property
    def log_path(self) -> Path | None:
        """The server's log while it runs (its output), then :attr:`kept_log` if kept."""
        return self._log or self.kept_log

    def wait(self) -> int:
        """Block until the server exits (e.g. on Ctrl-C); its exit status."""
        if self._process is None:
            raise OxigraphServerError("the Oxigraph server is not running")
        return self._process.wait()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"OxigraphServer({self._url or 'stopped'}, location={self._location})"
