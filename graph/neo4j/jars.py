"""The Neo4j 5 jars from Maven Central, fetched once, and the ``java`` command that runs them.

The jars are fetched once with Maven (``graph/neo4j/launcher/pom.xml``) into a cache folder;
:class:`graph.neo4j.server.Neo4jServer` runs ``launcher/Launcher.java`` with them and
:func:`graph.neo4j.admin_import.run_admin_import` runs ``neo4j-admin`` from the same jars.
Needs ``java`` from a JDK 17 or 21 and, for the first fetch only, ``mvn`` on ``PATH``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from graph.neo4j.errors import Neo4jServerError

__all__ = [
    "JVM_OPTIONS",
    "NEO4J_VERSION",
    "default_jars_dir",
    "ensure_neo4j_jars",
    "java_command",
    "launcher_dir",
    "output_tail",
    "require_tool",
]

#: Version of ``org.neo4j:neo4j`` fetched; keep in step with ``graph/neo4j/launcher/pom.xml``.
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



def launcher_dir() -> Path:
    """Return the folder holding ``pom.xml`` and ``Launcher.java``.

    Returns
    -------
    Path
        ``graph/neo4j/launcher`` inside the installed package.

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


def output_tail(text: str, lines: int = _TAIL_LINES) -> str:
    """Return the last ``lines`` non-blank lines of ``text``, without colour codes."""
    kept = [line for line in _ANSI.sub("", text).splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def require_tool(tool: str, how: str) -> str:
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

    Maven resolves ``graph/neo4j/launcher/pom.xml`` into the user's repository cache
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
    mvn = require_tool("mvn", _MVN_HINT)
    require_tool("java", _JAVA_HINT)
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
                f"  {' '.join(command)}\n{output_tail(done.stdout + done.stderr)}\n"
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


def java_command(jars_dir: Path, *args: str) -> list[str]:
    """Return ``java`` with Neo4j's JVM flags and the jar folder as class path."""
    java = require_tool("java", _JAVA_HINT)
    return [java, *JVM_OPTIONS, "-cp", str(jars_dir / "*"), *args]
