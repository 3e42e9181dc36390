"""A real Neo4j 5 server without Docker: the embedded DBMS of ``launcher/Launcher.java`` as a child process.

``Launcher.java`` is run as a single-file Java program (with the jars of
:mod:`graph.neo4j.jars`) that starts an embedded DBMS with a Bolt connector on
127.0.0.1, prints its ``bolt://`` URI and stays up until its standard input is closed.
:class:`Neo4jServer` wraps that process.
"""

from __future__ import annotations

import contextlib
import queue
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from types import TracebackType
from typing import Self

from graph.neo4j.errors import Neo4jServerError
from graph.neo4j.jars import ensure_neo4j_jars, java_command, launcher_dir, output_tail

__all__ = ["Neo4jServer"]


class Neo4jServer:
    """A Neo4j 5 DBMS in a child ``java`` process, reachable over Bolt without auth.

    Use it as a context manager, or call :meth:`start` and :meth:`stop`. The child
    exits when its standard input closes, so it does not outlive this Python process
    even when that one is killed.

    Parameters
    ----------
    port : int
        Bolt port on 127.0.0.1; 0 lets the launcher pick a free one.
    data_dir : Path or None
        The DBMS home (store in ``data/databases/neo4j``, Neo4j's logs in ``logs``), kept
        after :meth:`stop`. None uses a temporary folder removed by :meth:`stop`.
    jars_dir : Path or None
        Folder of Neo4j jars; None fetches or reuses them with :func:`ensure_neo4j_jars`.
    startup_timeout : float
        Seconds to wait for the ``bolt://`` line before giving up.

    Attributes
    ----------
    data_dir : Path or None
        The DBMS home in use, once started.
    log_path : Path or None
        The launcher's standard error (Neo4j's user log), once started.

    Examples
    --------
    A sketch (not run as a doctest, it needs Java)::

        with Neo4jServer() as server:
            with neo4j.GraphDatabase.driver(server.uri, auth=None) as driver:
                driver.execute_query("RETURN 1")
    """

    def __init__(
        self,
        *,
        port: int = 0,
        data_dir: Path | None = None,
        jars_dir: Path | None = None,
        startup_timeout: float = 120.0,
    ) -> None:
        if not 0 <= port <= 65535:
            raise ValueError(f"port must be between 0 and 65535, not {port}")
        self._port = port
        self._given_data_dir = Path(data_dir) if data_dir is not None else None
        self._jars_dir = Path(jars_dir) if jars_dir is not None else None
        self._startup_timeout = startup_timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._temporary_dir: Path | None = None
        self._uri: str | None = None
        self.data_dir: Path | None = None
        self.log_path: Path | None = None

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
            This server, with :attr:`uri` set.

        Raises
        ------
        Neo4jServerError
            When the jars cannot be had, ``java`` is missing, or the server does not
            report ready within ``startup_timeout`` (the message ends with its log).
        """
        if self._process is not None:
            raise Neo4jServerError("this Neo4j server was already started")
        jars = self._jars_dir if self._jars_dir is not None else ensure_neo4j_jars()
        try:
            if self._given_data_dir is not None:
                self._given_data_dir.mkdir(parents=True, exist_ok=True)
                self.data_dir = self._given_data_dir.resolve()
            else:
                self._temporary_dir = Path(tempfile.mkdtemp(prefix="tradekg-neo4j-"))
                self.data_dir = self._temporary_dir
            command = java_command(
                jars,
                str(launcher_dir() / "Launcher.java"),
                "--port",
                str(self._port),
                "--data",
                str(self.data_dir),
            )
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
            self._uri = self._read_uri(self._process)
        except BaseException:
            # Also on KeyboardInterrupt: never leave a half-started JVM behind. It reads
            # stdin only once ready, so send SIGTERM at once rather than wait for it.
            self.stop(timeout=0)
            raise
        return self

    def _read_uri(self, process: subprocess.Popen[bytes]) -> str:
        """Return the launcher's ``bolt://`` line, or raise with the log's tail."""
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
                return line
            if not line:  # End of output: the launcher is exiting; give it time to.
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=10)
            status = process.poll()
            problem = f"exited with status {status}" if status is not None else f"printed {line!r}"
        raise Neo4jServerError(
            f"the Neo4j launcher {problem}; last lines of {self.log_path}:\n{self._log_tail()}"
        )

    def _log_tail(self) -> str:
        """Return the end of the launcher log, for error messages."""
        if self.log_path is None:
            return "(no log)"
        try:
            return output_tail(self.log_path.read_text(encoding="utf-8", errors="replace"))
        except OSError as error:
            return f"(log unreadable: {error})"

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
