"""Tests of graph.neo4j.server against a real embedded Neo4j 5 (Maven Central jars)."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.neo4j.admin_import import run_admin_import
from graph.neo4j.errors import Neo4jServerError
from graph.neo4j.jars import default_jars_dir, ensure_neo4j_jars
from graph.neo4j.server import Neo4jServer

pytestmark = pytest.mark.neo4j

TRICKY = "x'}) DETACH DELETE n //"
AGENCY = "海关总署"


def require_java_and_maven() -> None:
    """Skip when java or mvn is missing, but fail on CI, where they must be installed."""
    missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
    if not missing:
        return
    message = f"{' and '.join(missing)} not on PATH; the Neo4j server tests need both"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture(scope="module")
def server() -> Iterator[Neo4jServer]:
    require_java_and_maven()
    with Neo4jServer() as running:
        yield running


@pytest.fixture(scope="module")
def driver(server: Neo4jServer) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(server.uri, auth=None) as opened:
        yield opened


def test_uri_is_local_bolt(server: Neo4jServer) -> None:
    host_port = server.uri.removeprefix("bolt://")
    assert host_port.startswith("127.0.0.1:")
    assert int(host_port.split(":")[1]) > 0


def test_return_one(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_parameters_with_quotes_and_chinese_round_trip(driver: neo4j.Driver) -> None:
    driver.execute_query("CREATE (:Bystander {name: 'still here'})")
    try:
        driver.execute_query(
            "CREATE (n:Probe {name: $name, agency: $agency})", name=TRICKY, agency=AGENCY
        )
        records, _, _ = driver.execute_query(
            "MATCH (n:Probe {name: $name}) RETURN n.name AS name, n.agency AS agency", name=TRICKY
        )
        assert [(r["name"], r["agency"]) for r in records] == [(TRICKY, AGENCY)]
        # The parameter was data, not Cypher: nothing was deleted.
        records, _, _ = driver.execute_query("MATCH (n:Bystander) RETURN count(n) AS n")
        assert records[0]["n"] == 1
    finally:
        driver.execute_query("MATCH (n) WHERE n:Probe OR n:Bystander DETACH DELETE n")


def test_uniqueness_constraint(driver: neo4j.Driver) -> None:
    driver.execute_query(
        "CREATE CONSTRAINT agency_id_unique IF NOT EXISTS FOR (a:Agency) REQUIRE a.id IS UNIQUE"
    )
    try:
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties"
        )
        found = {r["name"]: r for r in records}
        assert "agency_id_unique" in found
        assert found["agency_id_unique"]["type"] == "UNIQUENESS"
        assert found["agency_id_unique"]["labelsOrTypes"] == ["Agency"]
        assert found["agency_id_unique"]["properties"] == ["id"]

        driver.execute_query("CREATE (:Agency {id: 'gacc', name: $name})", name=AGENCY)
        with pytest.raises(neo4j.exceptions.ConstraintError):
            driver.execute_query("CREATE (:Agency {id: 'gacc'})")
    finally:
        driver.execute_query("MATCH (a:Agency) DETACH DELETE a")
        driver.execute_query("DROP CONSTRAINT agency_id_unique IF EXISTS")


def test_cached_jars_need_no_maven(server: Neo4jServer, monkeypatch: pytest.MonkeyPatch) -> None:
    # The fixture fetched (or found) the jars; a second call must not run Maven at all.
    monkeypatch.setenv("PATH", "")
    assert ensure_neo4j_jars() == default_jars_dir()


def test_missing_maven_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(Neo4jServerError, match="mvn"):
        ensure_neo4j_jars(tmp_path / "jars")


def test_stop_ends_the_java_process_and_removes_temporary_data() -> None:
    require_java_and_maven()
    server = Neo4jServer()
    with server:
        pid = server.pid
        data_dir = server.data_dir
        assert pid is not None and pid_alive(pid)
        assert data_dir is not None and (data_dir / "data" / "databases" / "neo4j").is_dir()
    assert server.returncode == 0  # Clean shutdown after stdin was closed.
    assert not pid_alive(pid)
    assert not data_dir.exists()
    with pytest.raises(Neo4jServerError):
        _ = server.uri
    server.stop()  # A second stop is harmless.


def test_port_in_use_is_reported_with_the_log() -> None:
    require_java_and_maven()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Neo4jServer(port=port)
        with pytest.raises(Neo4jServerError, match="exited with status") as raised:
            server.start()
    assert str(port) in str(raised.value)
    assert server.returncode not in (None, 0)


def test_startup_timeout_is_reported_and_leaves_no_process() -> None:
    require_java_and_maven()
    server = Neo4jServer(startup_timeout=0.5)
    with pytest.raises(Neo4jServerError, match=r"did not report ready within 0\.5 s"):
        server.start()
    assert server.pid is not None and not pid_alive(server.pid)
    assert server.data_dir is not None and not server.data_dir.exists()


def test_admin_import_then_serve(tmp_path: Path) -> None:
    require_java_and_maven()
    nodes = tmp_path / "nodes.csv"
    nodes.write_text(
        "id:ID,name,:LABEL\n"
        f"gacc,{AGENCY},Agency\n"
        'mofcom,"Ministry ""of"" Commerce",Agency\n'
        "m1,Cross-border e-commerce pilot,Measure\n",
        encoding="utf-8",
    )
    relationships = tmp_path / "relationships.csv"
    relationships.write_text(
        ":START_ID,:END_ID,:TYPE\ngacc,m1,ISSUED\nmofcom,m1,ISSUED\n", encoding="utf-8"
    )
    home = tmp_path / "home"

    result = run_admin_import(home, [nodes], [relationships])

    assert (result.nodes, result.relationships, result.properties) == (3, 2, 6)
    assert result.database_dir == home.resolve() / "data" / "databases" / "neo4j"
    assert result.database_dir.is_dir()
    with (
        Neo4jServer(data_dir=home) as server,
        neo4j.GraphDatabase.driver(server.uri, auth=None) as driver,
    ):
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        assert records[0]["n"] == 3
        records, _, _ = driver.execute_query(
            "MATCH (a:Agency)-[:ISSUED]->(m:Measure) RETURN a.name AS name ORDER BY name"
        )
        assert [r["name"] for r in records] == ['Ministry "of" Commerce', AGENCY]
    assert home.is_dir()  # A data_dir given by the caller is kept.

    with pytest.raises(Neo4jServerError, match="import failed"):
        run_admin_import(home, [nodes], [relationships])  # The store exists already.
