"""Bulk import with ``neo4j-admin database import full``, run from the same Maven jars as the server.

The jars hold ``neo4j-admin`` (``org.neo4j.cli.AdminTool``), so the bulk CSV importer
runs without a Neo4j distribution.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.neo4j.errors import Neo4jServerError
from graph.neo4j.jars import ensure_neo4j_jars, java_command, output_tail

__all__ = ["AdminImportResult", "run_admin_import"]


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
    command = java_command(
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
            f"  {' '.join(command)}\n{output_tail(output)}\n"
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
