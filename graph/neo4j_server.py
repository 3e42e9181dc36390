"""A real Neo4j 5 server without Docker: embedded Neo4j jars from Maven Central.

The jars are fetched once with Maven (``graph/launcher/pom.xml``) into a cache folder;
``graph/launcher/Launcher.java`` is then run as a single-file Java program that starts an
embedded DBMS with a Bolt connector on 127.0.0.1, prints its ``bolt://`` URI and stays up
until its standard input is closed. :class:`Neo4jServer` wraps that process.

The same jars also hold ``neo4j-admin`` (``org.neo4j.cli.AdminTool``), so the bulk CSV
importer runs without a Neo4j distribution: see :func:`run_admin_import`.

Needs ``java`` from a JDK 17 or 21 (single-file source launch compiles ``Launcher.java``
at each start) and, for the first fetch only, ``mvn`` on ``PATH``.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from loaders.errors import TradeKGError

__all__ = [
    "JVM_OPTIONS",
    "NEO4J_VERSION",
    "AdminImportResult",
    "Neo4jServer",
    "Neo4jServerError",
    "default_jars_dir",
    "ensure_neo4j_jars",
    "launcher_dir",
    "run_admin_import",
]

#: Version of ``org.neo4j:neo4j`` fetched; keep in step with ``graph/launcher/pom.xml``.
NEO4J_VERSION = "5.26.28"

#: JVM flags Neo4j 5 needs on Java 17+ (the ones its own start scripts pass).
JVM_OPTIONS: tuple[str, ...] = tuple(
    arg
    for package in (
        "java.nio",
        "java.io",
        "sun.nio.ch",
        "java.lang",
        "java.util",
        "java.util.concurrent",
    )
    for arg in ("--add-opens", f"java.base/{package}=ALL-UNNAMED")
)

_MARKER = ".tradekg-complete"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_TAIL_LINES = 25


class Neo4jServerError(TradeKGError):
    """The Neo4j jars could not be fetched, or the server or importer failed."""


def launcher_dir() -> Path:
    """Return the folder holding ``pom.xml`` and ``Launcher.java``.

    Returns
    -------
    Path
        ``graph/launcher`` inside the installed package.

    Examples
    --------
    >>> (launcher_dir() / "Launcher.java").is_file()
    True
    """
    return Path(__file__).parent / "launcher"


def default_jars_dir() -> Path:
    """Return the default jar folder, ``~/.cache/tradekg/neo4j-<version>/jars``.

    Returns
    -------
    Path
        The folder :func:`ensure_neo4j_jars` fills when given no ``cache_dir``.
    """
    return Path.home() / ".cache" / "tradekg" / f"neo4j-{NEO4J_VERSION}" / "jars"


def _marker_text() -> str:
    """Return what the completion marker holds: the version and the POM's digest."""
    pom = (launcher_dir() / "pom.xml").read_bytes()
    return f"neo4j {NEO4J_VERSION}\npom sha256 {hashlib.sha256(pom).hexdigest()}\n"


def _is_complete(folder: Path) -> bool:
    """Tell whether ``folder`` holds a finished fetch made from the current POM."""
    marker = folder / _MARKER
    try:
        return marker.read_text(encoding="utf-8") == _marker_text()
    except OSError:
        return False


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    """Return the last ``lines`` non-blank lines of ``text``, without colour codes."""
    kept = [line for line in _ANSI.sub("", text).splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def _require(tool: str, how: str) -> str:
    """Return the path of ``tool`` on ``PATH`` or raise :class:`Neo4jServerError`."""
    found = shutil.which(tool)
    if found is None:
        raise Neo4jServerError(f"`{tool}` was not found on PATH; {how}")
    return found


_JAVA_HINT = (
    "install a Java 17 or 21 JDK; the launcher is compiled at start-up, so a JRE without "
    "the jdk.compiler module is not enough (Debian: apt-get install openjdk-17-jdk-headless)."
)
_MVN_HINT = (
    "install Maven (Debian: apt-get install maven), or fetch the jars elsewhere and pass "
    "their folder as jars_dir."
)


def ensure_neo4j_jars(
    cache_dir: Path | None = None,
    *,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Return a folder holding the Neo4j jars, fetching them with Maven the first time.

    Maven resolves ``graph/launcher/pom.xml`` into the user's repository cache
    (``~/.m2/repository``) and copies the runtime jars (about 120 MB) into the folder;
    a marker file then makes later calls return at once. A folder left half-filled, or
    filled from another Neo4j version or POM, is fetched again.

    Parameters
    ----------
    cache_dir : Path or None
        The jar folder itself; :func:`default_jars_dir` when None. The command line passes
        its environment override here.
    progress : callable or None
        Called with a short message before and after a fetch (not when cached).

    Returns
    -------
    Path
        The jar folder, for ``java -cp 'FOLDER/*'``.

    Raises
    ------
    Neo4jServerError
        When ``java`` or ``mvn`` is missing, or Maven fails (no network, artifact not
        found); the message names the command and ends with its last lines of output.
    """
    target = Path(cache_dir) if cache_dir is not None else default_jars_dir()
    if _is_complete(target):
        return target
    mvn = _require("mvn", _MVN_HINT)
    _require("java", _JAVA_HINT)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Fetch into a private sibling and rename it into place, so that a fetch that is
    # interrupted, or two running at once (parallel test workers), never leave a
    # half-filled folder that looks complete.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.partial-", dir=target.parent))
    command = [
        mvn,
        "-q",
        "-B",
        "-Dstyle.color=never",
        "-f",
        str(launcher_dir() / "pom.xml"),
        "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}",
    ]
    if progress is not None:
        progress(f"Fetching Neo4j {NEO4J_VERSION} jars with Maven into {target} (first run only)")
    try:
        try:
            done = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
        except OSError as error:
            raise Neo4jServerError(f"could not run {' '.join(command)}: {error}") from error
        if done.returncode != 0 or not any(staging.glob("neo4j-*.jar")):
            raise Neo4jServerError(
                f"fetching the Neo4j jars failed (exit status {done.returncode}):\n"
                f"  {' '.join(command)}\n{_tail(done.stdout + done.stderr)}\n"
                "Maven needs to reach Maven Central the first time (check the network or a "
                "proxy/mirror in ~/.m2/settings.xml), then works from ~/.m2 offline."
            )
        (staging / _MARKER).write_text(_marker_text(), encoding="utf-8")
        _replace_folder(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if progress is not None:
        progress(f"Neo4j jars ready in {target}")
    return target


def _replace_folder(staging: Path, target: Path) -> None:
    """Move the finished ``staging`` folder to ``target``, replacing a stale fetch."""
    if target.exists():
        if _is_complete(target):
            return  # Another process finished first; its copy is as good as ours.
        unexpected = [p.name for p in target.iterdir() if p.suffix != ".jar" and p.name != _MARKER]
        if unexpected:
            raise Neo4jServerError(
                f"{target} holds files other than jars ({', '.join(sorted(unexpected)[:5])}); "
                "refusing to replace it: remove it or choose another jar folder."
            )
        shutil.rmtree(target)
    try:
        staging.rename(target)
    except OSError:
        if not _is_complete(target):
            raise


def _java_command(jars_dir: Path, *args: str) -> list[str]:
    """Return ``java`` with Neo4j's JVM flags and the jar folder as class path."""
    java = _require("java", _JAVA_HINT)
    return [java, *JVM_OPTIONS, "-cp", str(jars_dir / "*"), *args]


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
            command = _java_command(
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
            return _tail(self.log_path.read_text(encoding="utf-8", errors="replace"))
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


@dataclass(frozen=True)
class AdminImportResult:
    """What :func:`run_admin_import` made.

    Attributes
    ----------
    home : Path
        The DBMS home to serve with ``Neo4jServer(data_dir=home)``.
    database_dir : Path
        The new store, ``home/data/databases/<database>``.
    nodes, relationships, properties : int or None
        Counts from the importer's summary (None if it printed none).
    output : str
        The importer's full output; it also wrote ``home/import.report``.
    """

    home: Path
    database_dir: Path
    nodes: int | None
    relationships: int | None
    properties: int | None
    output: str


def run_admin_import(
    home: Path,
    nodes: Sequence[Path],
    relationships: Sequence[Path] = (),
    *,
    database: str = "neo4j",
    overwrite: bool = False,
    extra_args: Sequence[str] = (),
    jars_dir: Path | None = None,
    timeout: float | None = None,
) -> AdminImportResult:
    """Bulk-load CSV files into a new store with ``neo4j-admin database import full``.

    Runs ``org.neo4j.cli.AdminTool`` from the same Maven jars as :class:`Neo4jServer`,
    with ``NEO4J_HOME=home`` and an empty ``NEO4J_CONF=home/conf``. The importer writes
    an offline store, ``home/data/databases/<database>`` plus its transaction log in
    ``home/data/transactions/<database>``, far faster than Cypher ``CREATE``; serve it
    afterwards with ``Neo4jServer(data_dir=home)``, which opens the default database
    ``neo4j``. No server may be running on ``home`` meanwhile.

    The CSV files use the neo4j-admin header format, e.g. ``id:ID,name,:LABEL`` for
    nodes and ``:START_ID,:END_ID,:TYPE`` for relationships, UTF-8, comma-separated.

    Parameters
    ----------
    home : Path
        The DBMS home; created if missing.
    nodes : sequence of Path
        Node CSV files, each given as its own ``--nodes`` group (header on line 1).
    relationships : sequence of Path
        Relationship CSV files, each its own ``--relationships`` group.
    database : str
        Database name; only ``neo4j`` is served by :class:`Neo4jServer` as it stands.
    overwrite : bool
        Delete an existing store of that name first (``--overwrite-destination``);
        otherwise importing over an existing database fails.
    extra_args : sequence of str
        Further importer options, e.g. ``["--delimiter=TAB", "--skip-bad-relationships"]``.
    jars_dir : Path or None
        Folder of Neo4j jars; None uses :func:`ensure_neo4j_jars`.
    timeout : float or None
        Seconds before the importer is killed; None waits for ever.

    Returns
    -------
    AdminImportResult
        The home, the store folder, the counts the importer reported, and its output.

    Raises
    ------
    Neo4jServerError
        When ``java`` is missing, no node file is given, or the import fails (bad
        header, duplicate id, store already exists...); the message ends with the
        importer's last lines of output.
    """
    if not nodes:
        raise Neo4jServerError("neo4j-admin import needs at least one node file")
    jars = jars_dir if jars_dir is not None else ensure_neo4j_jars()
    home = Path(home).resolve()
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    command = _java_command(
        jars,
        "org.neo4j.cli.AdminTool",
        "database",
        "import",
        "full",
        # The database name goes first: --nodes and --relationships take several
        # files each and would swallow a name placed after them.
        database,
        f"--report-file={home / 'import.report'}",
        f"--overwrite-destination={'true' if overwrite else 'false'}",
        *(f"--nodes={Path(path).resolve()}" for path in nodes),
        *(f"--relationships={Path(path).resolve()}" for path in relationships),
        *extra_args,
    )
    # AdminTool takes its home and configuration folders from these variables only.
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=env,
            cwd=home,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise Neo4jServerError(
            f"neo4j-admin import did not finish within {timeout:g} s:\n  {' '.join(command)}"
        ) from error
    output = done.stdout + done.stderr
    if done.returncode != 0:
        raise Neo4jServerError(
            f"neo4j-admin import failed (exit status {done.returncode}):\n"
            f"  {' '.join(command)}\n{_tail(output)}\n"
            "Check the CSV headers (:ID, :LABEL, :START_ID, :END_ID, :TYPE) and ids; pass "
            "overwrite=True to replace an existing store."
        )

    def count(what: str) -> int | None:
        found = re.search(rf"^\s*(\d+) {what}\s*$", output, re.MULTILINE)
        return int(found.group(1)) if found else None

    return AdminImportResult(
        home=home,
        database_dir=home / "data" / "databases" / database,
        nodes=count("nodes"),
        relationships=count("relationships"),
        properties=count("properties"),
        output=output,
    )
