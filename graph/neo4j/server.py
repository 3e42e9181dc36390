"""A real Neo4j 5 server without Docker: the embedded DBMS of ``launcher/Launcher.java`` as a child process.

``Launcher.java`` is run as a single-file Java program (with the jars of
:mod:`graph.neo4j.jars`) that starts an embedded DBMS, prints its ``bolt://`` URI and
stays up until its standard input is closed. :class:`Neo4jServer` wraps that process.

The server is closed to other web pages and other machines: the ``neo4j`` user needs a
password (given, kept in the data folder by :mod:`graph.neo4j.credentials`, or for a
temporary folder generated and held in memory only), sent to the launcher on its standard
input (never on its command line, which ``ps`` shows to every user); ``LOAD CSV`` cannot
read local files; Bolt listens on 127.0.0.1 unless told otherwise; Bolt over WebSocket
and the HTTP API are off unless asked for.
"""

from __future__ import annotations

import contextlib
import errno
import queue
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

from graph.neo4j.credentials import (
    DEFAULT_USER,
    check_password,
    credentials_file,
    ensure_credentials,
    generate_password,
)
from graph.neo4j.errors import Neo4jServerError
from graph.neo4j.jars import ensure_neo4j_jars, java_command, launcher_dir, output_tail
from graph.sparql.server import busy_port_message

__all__ = ["DEFAULT_HOST", "Neo4jServer", "check_port_free"]

DEFAULT_HOST = "127.0.0.1"
"""Where Bolt listens unless told otherwise: this machine only."""

_BIND_FAILED = "bind-failed "
_LAUNCHER_PREFIX = "Launcher: "


def check_port_free(host: str, port: int, option: str = "--port") -> None:
    """Raise unless a server could listen on ``host:port`` now.

    Binds a socket the way servers do (``SO_REUSEADDR``, so a port left in TIME_WAIT by a
    stopped server counts as free) and closes it again. Port 0 is always free.

    Parameters
    ----------
    host : str
        The address to listen on (``127.0.0.1``, ``0.0.0.0``, a host name).
    port : int
        The port; 0 is not checked.
    option : str
        The option that sets the port, named in the message.

    Raises
    ------
    Neo4jServerError
        ``port N on HOST is in use; pass --port 0 for a free one``, or why ``host`` cannot
        be listened on (it does not resolve, it is not an address of this machine).

    Examples
    --------
    >>> with socket.socket() as taken:
    ...     taken.bind(("127.0.0.1", 0)); taken.listen()
    ...     port = taken.getsockname()[1]
    ...     check_port_free("127.0.0.1", port)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jServerError: port ... on 127.0.0.1 is in use; pass --port 0 for a free one
    """
    if port == 0:
        return
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        raise Neo4jServerError(f"cannot listen on {host}: the host name does not resolve") from error
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise Neo4jServerError(busy_port_message(host, port, option)) from error
            raise Neo4jServerError(f"cannot listen on {host}:{port}: {error.strerror}") from error


class Neo4jServer:
    """A Neo4j 5 DBMS in a child ``java`` process, reachable over Bolt with a password.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. The child
    exits when its standard input closes, so it does not outlive this Python process
    even when that one is killed.

    Parameters
    ----------
    port : int
        Bolt port; 0 lets the launcher pick a free one.
    host : str
        Address Bolt (and HTTP) listen on; ``127.0.0.1`` (default) is this machine only,
        ``0.0.0.0`` every interface.
    data_dir : Path or None
        The DBMS home (store in ``data/databases/neo4j``, Neo4j's logs in ``logs``, the
        password in ``tradekg-credentials``), kept after :meth:`stop`. None uses a
        temporary folder removed by :meth:`stop`, and a password held in memory only.
    password : str or None
        The ``neo4j`` user's password (at least 8 characters); None reads the one kept in
        ``data_dir`` or generates it (:func:`graph.neo4j.credentials.ensure_credentials`).
        A given password is never written to disk.
    http_port : int or None
        Turn on Neo4j's HTTP API on this port (0: a free one); None (default) leaves it off.
    websocket : bool
        Let Bolt over WebSocket through (web clients such as Neo4j Browser; they still need
        the password); off by default, when a WebSocket upgrade gets ``403 Forbidden``.
    jars_dir : Path or None
        Folder of Neo4j jars; None fetches or reuses them with :func:`ensure_neo4j_jars`.
    startup_timeout : float
        Seconds to wait for the ``bolt://`` line before giving up.

    Attributes
    ----------
    user : str
        ``neo4j``.
    data_dir : Path or None
        The DBMS home in use, once started.
    log_path : Path or None
        The launcher's standard error (Neo4j's user log), once started; after a failed
        start of a temporary folder, a copy kept outside it.
    credentials_path : Path or None
        The file the password was read from or written to; None when it was given or
        the folder is temporary.

    Examples
    --------
    A sketch (not run as a doctest, it needs Java)::

        with Neo4jServer() as server:
            with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver:
                driver.execute_query("RETURN 1")
    """

    user: str = DEFAULT_USER

    def __init__(
        self,
        *,
        port: int = 0,
        host: str = DEFAULT_HOST,
        data_dir: Path | None = None,
        password: str | None = None,
        http_port: int | None = None,
        websocket: bool = False,
        jars_dir: Path | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        for name, value in (("port", port), ("http_port", http_port)):
            if value is not None and not 0 <= value <= 65535:
                raise ValueError(f"{name} must be between 0 and 65535, not {value}")
        self._port = port
        self._host = host
        self._given_data_dir = Path(data_dir) if data_dir is not None else None
        self._password = check_password(password, "the password") if password is not None else None
        self._http_port = http_port
        self._websocket = websocket
        self._jars_dir = Path(jars_dir) if jars_dir is not None else None
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._temporary_dir: Path | None = None
        self._uri: str | None = None
        self._http_uri: str | None = None
        self.data_dir: Path | None = None
        self.log_path: Path | None = None
        self.credentials_path: Path | None = None

    @property
    def uri(self) -> str:
        """The Bolt URI, ``bolt://127.0.0.1:PORT``.

        Raises
        ------
        Neo4jServerError
            When the server is not running.
        """
        if self._uri is None:
            raise Neo4jServerError("the Neo4j server is not running; call start() first")
        return self._uri

    @property
    def http_uri(self) -> str | None:
        """The HTTP API's address, ``http://127.0.0.1:PORT``, when ``http_port`` was given and it runs."""
        return self._http_uri

    @property
    def password(self) -> str:
        """The ``neo4j`` user's password: given, or known once :meth:`start` has read or made it.

        Raises
        ------
        Neo4jServerError
            Before :meth:`start` when no password was given.
        """
        if self._password is None:
            raise Neo4jServerError("the Neo4j server has no password yet; call start() first")
        return self._password

    @property
    def auth(self) -> tuple[str, str]:
        """The driver's ``auth`` argument, ``(user, password)`` (see :attr:`password`)."""
        return (self.user, self.password)

    @property
    def pid(self) -> int | None:
        """The process id of the ``java`` child, or None before :meth:`start`."""
        return self._process.pid if self._process is not None else None

    @property
    def returncode(self) -> int | None:
        """The child's exit status once it has ended (0 after a clean stop), else None."""
        return self._process.poll() if self._process is not None else None

    def start(self) -> Self:
        """Start the server and wait until Bolt accepts connections.

        Returns
        -------
        Neo4jServer
            This server, with :attr:`uri` and :attr:`password` set.

        Raises
        ------
        Neo4jServerError
            When a port is in use (one line: ``port N on HOST is in use; pass --port 0
            for a free one``), the jars cannot be had, ``java`` is missing, or the server
            does not report ready within ``startup_timeout``; the message names the log,
            which is kept.
        Neo4jCredentialsError
            When the data folder's credentials file cannot be read or written.
        """
        if self._process is not None:
            raise Neo4jServerError("this Neo4j server was already started")
        check_port_free(self._host, self._port)
        if self._http_port is not None:
            check_port_free(self._host, self._http_port, "--http-port")
        jars = self._jars_dir if self._jars_dir is not None else ensure_neo4j_jars()
        try:
            if self._given_data_dir is not None:
                self._given_data_dir.mkdir(parents=True, exist_ok=True)
                self.data_dir = self._given_data_dir.resolve()
                if self._password is None:
                    self._password = ensure_credentials(self.data_dir).password
                    self.credentials_path = credentials_file(self.data_dir)
            else:
                self._temporary_dir = Path(tempfile.mkdtemp(prefix="tradekg-neo4j-"))
                self.data_dir = self._temporary_dir
                if self._password is None:
                    self._password = generate_password()
            options = ["--port", str(self._port), "--data", str(self.data_dir), "--host", self._host]
            if self._http_port is not None:
                options += ["--http-port", str(self._http_port)]
            if self._websocket:
                options.append("--websocket")
            command = java_command(jars, str(launcher_dir() / "Launcher.java"), *options)
            self.log_path = self.data_dir / "launcher.log"
            # The child writes its log itself; our copy of the handle is not needed after.
            with self.log_path.open("ab") as log:
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    cwd=self.data_dir,
                )
            self._send_password(self._process, self._password)
            self._uri, self._http_uri = self._await_ready(self._process)
        except BaseException:
            # Also on KeyboardInterrupt: never leave a half-started JVM behind. It reads
            # stdin only once ready, so send SIGTERM at once rather than wait for it.
            self.stop(timeout=0)
            raise
        return self

    @staticmethod
    def _send_password(process: subprocess.Popen[bytes], password: str) -> None:
        """Write the password as the first line of the launcher's standard input."""
        assert process.stdin is not None
        with contextlib.suppress(OSError):  # it has exited already: its status says why
            process.stdin.write(password.encode("utf-8") + b"\n")
            process.stdin.flush()

    def _await_ready(self, process: subprocess.Popen[bytes]) -> tuple[str, str | None]:
        """Return the launcher's Bolt and HTTP URIs, or raise saying why it did not start."""
        assert process.stdout is not None
        stdout = process.stdout
        lines: queue.Queue[bytes] = queue.Queue()
        # A thread, because a pipe read cannot time out portably; it ends with the pipe.
        threading.Thread(target=lambda: lines.put(stdout.readline()), daemon=True).start()
        try:
            line = lines.get(timeout=self._startup_timeout).decode("utf-8", "replace").strip()
        except queue.Empty:
            problem = f"did not report ready within {self._startup_timeout:g} s"
        else:
            if line.startswith("bolt://"):
                bolt, _, http = line.partition(" ")
                return bolt, http or None
            if line.startswith(_BIND_FAILED):
                raise Neo4jServerError(self._bind_failure(line.removeprefix(_BIND_FAILED)))
            if not line:  # End of output: the launcher is exiting; give it time to.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
            status = process.poll()
            problem = f"exited with status {status}" if status is not None else f"printed {line!r}"
        cause = self._root_cause()
        log = self.keep_log()
        raise Neo4jServerError(f"the Neo4j launcher {problem}{f': {cause}' if cause else ''}; see {log}")

    def _bind_failure(self, report: str) -> str:
        """The message for the launcher's ``bind-failed HOST:PORT MESSAGE`` line."""
        address, _, message = report.partition(" ")
        host, _, port = address.rpartition(":")
        if "in use" in message.lower():
            http = self._http_port is not None and port == str(self._http_port)
            option = "--http-port" if http else "--port"
            return busy_port_message(host, port, option)
        return f"cannot listen on {address}: {message}"

    def _root_cause(self) -> str:
        """The launcher's own last word in its log (``Launcher: ...``), else the log's last line."""
        if self.log_path is None:
            return ""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        lines = output_tail(text, lines=10_000).splitlines()
        own = [line for line in lines if line.startswith(_LAUNCHER_PREFIX)]
        last = own[-1].removeprefix(_LAUNCHER_PREFIX) if own else (lines[-1] if lines else "")
        return last.strip()

    def keep_log(self) -> Path | None:
        """Make sure the launcher log outlives :meth:`stop`, and return where it is.

        The log of a temporary data folder, which :meth:`stop` removes, is copied to a file
        of its own in the system's temporary folder (and :attr:`log_path` then names the
        copy); a given data folder's log stays where it is. Called when the server fails
        to start; call it when the child ended unexpectedly, before naming the log.

        Returns
        -------
        Path or None
            The log that stays, or None before :meth:`start`.
        """
        if self.log_path is None or self._temporary_dir is None or not self.log_path.is_file():
            return self.log_path
        if not self.log_path.is_relative_to(self._temporary_dir):
            return self.log_path  # copied already
        descriptor, kept = tempfile.mkstemp(prefix="tradekg-neo4j-launcher-", suffix=".log")
        with open(descriptor, "wb") as copy, self.log_path.open("rb") as log:
            shutil.copyfileobj(log, copy)
        self.log_path = Path(kept)
        return self.log_path

    def stop(self, timeout: float = 30.0) -> None:
        """Shut the server down and wait for the child to exit; safe to call twice.

        Closing the child's standard input asks for a clean shutdown; if it has not
        ended within ``timeout`` seconds it gets SIGTERM, then SIGKILL 10 s later.
        A temporary data folder is removed afterwards.

        Parameters
        ----------
        timeout : float
            Seconds to wait for a clean shutdown.
        """
        process = self._process
        if process is not None:
            if process.stdin is not None:
                with contextlib.suppress(OSError):
                    process.stdin.close()
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            if process.stdout is not None:
                process.stdout.close()
        self._uri = None
        self._http_uri = None
        if self._temporary_dir is not None:
            shutil.rmtree(self._temporary_dir, ignore_errors=True)
            self._temporary_dir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = self._uri if self._uri is not None else "stopped"
        return f"Neo4jServer({state}, data_dir={self.data_dir})"
