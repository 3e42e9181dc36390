"""Fixtures of the graph tests: the seed graph opened once, real Oxigraph servers, a real Neo4j.

The seed build itself is the session fixture ``seed_out`` of the root ``conftest.py``.
Server fixtures skip when the ``oxigraph`` command is missing, except on CI
(``CI=true``), where a missing server is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph.errors import OxigraphServerError
from graph.rdf.store import open_rdflib, open_store
from graph.sparql.server import OxigraphServer, load_store, oxigraph_binary

if TYPE_CHECKING:
    import neo4j

    from graph.neo4j.connection import Neo4jSettings
    from graph.neo4j.rows import PropertyGraph
    from graph.neo4j.server import Neo4jServer


CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, which the browser tests drive through Playwright."""

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def missing_browser(reason: str) -> None:
    """Skip a browser test on a laptop without Chromium or Playwright; fail on CI, where they must be."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason} (CI=true: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (a Playwright ``Browser``) for one test module."""
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing_browser(f"{CHROMIUM} not found; apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_browser("playwright is not installed; pip install playwright")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def require_oxigraph() -> Path:
    """The ``oxigraph`` command; skip without it, but fail on CI, where it must be installed."""
    try:
        return oxigraph_binary()
    except OxigraphServerError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and {error}")
        pytest.skip(str(error))


@pytest.fixture()
def oxigraph_command() -> Path:
    """The ``oxigraph`` command (see :func:`require_oxigraph`)."""
    return require_oxigraph()


@pytest.fixture(scope="session")
def seed_store(seed_out: Path) -> ox.Store:
    """The seed graph in an embedded pyoxigraph store (read-only use, please)."""
    return open_store(seed_out)


@pytest.fixture(scope="session")
def seed_rdflib(seed_out: Path) -> Graph:
    """The seed graph parsed by rdflib (read-only use, please)."""
    return open_rdflib(seed_out)


@pytest.fixture(scope="session")
def oxigraph_server(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A read-only Oxigraph server holding the seed graph, on a free loopback port."""
    require_oxigraph()
    location = tmp_path_factory.mktemp("oxigraph") / "store"
    load_store(location, seed_out / "graph.ttl")
    with OxigraphServer(location) as server:
        yield server


@pytest.fixture()
def oxigraph_rw_server() -> Iterator[OxigraphServer]:
    """An empty read-write Oxigraph server (in a temporary store), for push tests."""
    require_oxigraph()
    with OxigraphServer(read_only=False) as server:
        yield server


# ---------------------------------------------------------------- Neo4j


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer]:
    """The bundled Neo4j (:class:`graph.neo4j.server.Neo4jServer`), started once for the session.

    With its defaults: a temporary data folder, a generated password, Bolt on 127.0.0.1.
    Skips when Java or Maven (for the first jar fetch) is missing; the ``neo4j`` marker
    turns that skip into a failure on CI.
    """
    from graph.neo4j.errors import Neo4jServerError
    from graph.neo4j.jars import ensure_neo4j_jars
    from graph.neo4j.server import Neo4jServer

    try:
        jars = ensure_neo4j_jars()
    except Neo4jServerError as error:
        pytest.skip(f"no Neo4j for the tests: {error}")
    with Neo4jServer(jars_dir=jars) as server:
        yield server


@pytest.fixture(scope="session")
def neo4j_settings(request: pytest.FixtureRequest) -> Neo4jSettings:
    """Where and as whom the ``neo4j`` tests connect, for the whole session.

    ``NEO4J_URI`` when set, with ``NEO4J_USER``, ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``;
    otherwise :func:`neo4j_server` with its generated password (authentication is always
    on). The tests empty the database they use: never point NEO4J_URI at data you want
    to keep.
    """
    from graph.neo4j.connection import Neo4jSettings

    given = os.environ.get("NEO4J_URI")
    if given:
        return Neo4jSettings(uri=given, user=os.environ.get("NEO4J_USER") or None,
                             password=os.environ.get("NEO4J_PASSWORD") or None,
                             database=os.environ.get("NEO4J_DATABASE") or None)
    server: Neo4jServer = request.getfixturevalue("neo4j_server")
    return Neo4jSettings(uri=server.uri, user=server.user, password=server.password)


@pytest.fixture(scope="session")
def neo4j_uri(neo4j_settings: Neo4jSettings) -> str:
    """Bolt URI of :func:`neo4j_settings`."""
    return neo4j_settings.uri


@pytest.fixture(scope="session")
def neo4j_driver(neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """One driver for the session (checked to answer)."""
    from graph.neo4j.connection import connect

    with connect(neo4j_settings) as driver:
        yield driver


def wipe_neo4j(driver: neo4j.Driver, database: str | None) -> None:
    """Delete every node and relationship, and the tradekg_* constraints, of the database."""
    from graph.neo4j.mapping import IDENTIFIER

    while driver.execute_query("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n",
                               database_=database).summary.counters.nodes_deleted:
        pass
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for name in (r["name"] for r in records):
        if name.startswith("tradekg_") and IDENTIFIER.match(name):
            driver.execute_query(f"DROP CONSTRAINT {name} IF EXISTS", database_=database)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def neo4j_wipe(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> Callable[[], None]:
    """A function emptying the test database (see :func:`wipe_neo4j`), for wider-scoped fixtures."""
    return lambda: wipe_neo4j(neo4j_driver, neo4j_settings.database)


@pytest.fixture()
def neo4j_clean(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """The session's driver on an empty database, emptied again afterwards (order-independent)."""
    wipe_neo4j(neo4j_driver, neo4j_settings.database)
    yield neo4j_driver
    wipe_neo4j(neo4j_driver, neo4j_settings.database)


Snapshot = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]
"""Every node (labels, iri, properties) and relationship (type, ends, properties), sorted."""


def _native(properties: dict[str, Any]) -> dict[str, Any]:
    return {k: v.to_native() if hasattr(v, "to_native") else v for k, v in properties.items()}


@pytest.fixture(scope="session")
def neo4j_snapshot(neo4j_settings: Neo4jSettings) -> Callable[[neo4j.Driver], Snapshot]:
    """A function reading the whole database as a :data:`Snapshot`, to compare writers."""

    def snapshot(driver: neo4j.Driver) -> Snapshot:
        db = neo4j_settings.database
        nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS l, properties(n) AS p", database_=db)
        rels, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN type(r) AS t, a.iri AS s, b.iri AS e, properties(r) AS p", database_=db)
        return (sorted((tuple(sorted(r["l"])), r["p"]["iri"], _native(r["p"])) for r in nodes),
                sorted((r["t"], r["s"], r["e"], _native(r["p"])) for r in rels))

    return snapshot


@pytest.fixture(scope="session")
def expected_snapshot() -> Callable[[PropertyGraph], Snapshot]:
    """A function giving the :data:`Snapshot` of a database that holds exactly ``graph``."""

    def expected(graph: PropertyGraph) -> Snapshot:
        return (sorted((tuple(sorted((n.label, *n.extra_labels))), n.iri, {"iri": n.iri, **n.properties})
                       for n in graph.nodes),
                sorted((r.type, r.start, r.end, dict(r.properties)) for r in graph.relationships))

    return expected


@pytest.fixture(scope="session")
def seed_property_graph(seed_out: Path) -> PropertyGraph:
    """The seed graph through the Neo4j mapping (read-only use, please)."""
    from graph.neo4j.rows import read_property_graph

    return read_property_graph(seed_out)


# ---------------------------------------------------------------- hostile text


HOSTILE_PLAN = ('=HYPERLINK("http://evil.example/","点击")实施方案\x1b[31m\n一、重点任务\n'
                "1. +推进口岸\x1b]0;pwned\x07数字化。（海关总署负责）\n"
                "2. @SUM(1+1)改革试点。（\x1b[2J某某测试局负责）\n"
                "3. 推进\x85单一窗口。（商务部、-1+1办负责）\n海关总署\n2021年9月1日\n")
"""A plan whose title, measure titles and agency names start formulas and carry ANSI, C1 and BEL codes."""


@pytest.fixture(scope="session")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``tradekg build`` of :data:`HOSTILE_PLAN`, as a user runs it: the output folder and what it printed."""
    from click.testing import CliRunner

    from graph.cli import main

    corpus = tmp_path_factory.mktemp("hostile-corpus")
    (corpus / "plan.txt").write_text(HOSTILE_PLAN, encoding="utf-8")
    out = tmp_path_factory.mktemp("hostile-out")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return out, result.stdout
