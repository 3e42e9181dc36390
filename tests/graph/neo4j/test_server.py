"""Tests of graph.neo4j.server against a real embedded Neo4j 5 (Maven Central jars).

Most use the session's server (``neo4j_server`` in ``tests/graph/conftest.py``); the ones
about starting, stopping, a data folder's password and the opt-in connectors start their own.
Neo4j locks a user out for 5 s after 3 failed logins in a row, so these tests fail a login
twice at most.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from graph.neo4j import server as server_module
from graph.neo4j.admin_import import run_admin_import
from graph.neo4j.credentials import credentials_file, ensure_credentials
from graph.neo4j.errors import Neo4jCredentialsError, Neo4jServerError
from graph.neo4j.jars import default_jars_dir, ensure_neo4j_jars
from graph.neo4j.server import Neo4jServer

pytestmark = pytest.mark.neo4j

TRICKY = "x'}) DETACH DELETE n //"
AGENCY = "海关总署"
GIVEN_PASSWORD = "given-password-0123"
UPGRADE = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
           "Origin: http://evil.example\r\n\r\n")
"""A browser's WebSocket upgrade request to the Bolt port, from a page of another origin."""


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


def port_of(uri: str) -> int:
    return int(uri.rpartition(":")[2])


def listen_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on ``port``, from /proc/net/tcp and tcp6."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table, encoding="ascii") as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.partition(":")
                if state != "0A" or int(hex_port, 16) != port:  # 0A: LISTEN
                    continue
                raw = bytes.fromhex(address)
                # The kernel prints each 32-bit word in host (little-endian) order.
                raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
                ip = ipaddress.ip_address(raw)
                mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
                found.add(str(mapped or ip))
    return found


def this_machines_other_addresses() -> set[str]:
    """This machine's IPv4 addresses that are not loopback: its host name's, its default route's."""
    found: set[str] = set()
    with contextlib.suppress(socket.gaierror):
        found |= {str(info[4][0]) for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, contextlib.suppress(OSError):
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1; a UDP connect sends nothing, it picks the route
        found.add(probe.getsockname()[0])
    return {address for address in found if not ipaddress.ip_address(address).is_loopback}


def upgrade_answer(port: int) -> bytes:
    """What the Bolt port answers a WebSocket upgrade from another origin, up to its close."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        conn.sendall(UPGRADE.format(port=port).encode("ascii"))
        answer = b""
        while chunk := conn.recv(4096):
            answer += chunk
            if b"101 Switching Protocols" in answer:
                break
    return answer


def login_works(uri: str, auth: tuple[str, str] | None) -> bool:
    try:
        with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
            driver.verify_connectivity()
    except neo4j.exceptions.AuthError:
        return False
    return True


@pytest.fixture(scope="module")
def server(neo4j_server: Neo4jServer) -> Neo4jServer:
    require_java_and_maven()
    return neo4j_server


@pytest.fixture(scope="module")
def driver(server: Neo4jServer) -> Iterator[neo4j.Driver]:
    with neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as opened:
        yield opened


@pytest.fixture(scope="module")
def opened_server() -> Iterator[Neo4jServer]:
    """A server asked for everything that is off by default: every interface, HTTP, WebSocket."""
    require_java_and_maven()
    with Neo4jServer(host="0.0.0.0", http_port=0, websocket=True) as running:
        yield running


def test_uri_is_local_bolt(server: Neo4jServer) -> None:
    host_port = server.uri.removeprefix("bolt://")
    assert host_port.startswith("127.0.0.1:")
    assert int(host_port.split(":")[1]) > 0


def test_return_one(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query("RETURN 1 AS one")
    assert records[0]["one"] == 1


def test_a_driver_without_the_password_is_refused(server: Neo4jServer) -> None:
    assert server.user == "neo4j" and server.auth == ("neo4j", server.password)
    assert len(server.password) >= 32
    with (pytest.raises(neo4j.exceptions.AuthError, match="Unsupported authentication token"),
          neo4j.GraphDatabase.driver(server.uri, auth=None) as anonymous):
        anonymous.verify_connectivity()
    assert not login_works(server.uri, ("neo4j", "neo4j"))  # Neo4j's default password
    assert not login_works(server.uri, ("neo4j", server.password + "x"))
    assert login_works(server.uri, server.auth)
    assert server.password not in repr(server)


def test_load_csv_cannot_read_local_files(driver: neo4j.Driver) -> None:
    with pytest.raises(neo4j.exceptions.ClientError) as refused:
        driver.execute_query("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line")
    assert refused.value.code == "Neo.ClientError.Statement.ExternalResourceFailed"
    assert refused.value.message == ("Cannot load from URL 'file:///etc/passwd': configuration property "
                                     "'dbms.security.allow_csv_import_from_file_urls' is false ()")


def test_bolt_listens_on_loopback_only(server: Neo4jServer) -> None:
    port = port_of(server.uri)
    assert listen_addresses(port) == {"127.0.0.1"}
    for address in this_machines_other_addresses():
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((address, port), timeout=5).close()


def test_websocket_upgrade_is_refused(server: Neo4jServer) -> None:
    answer = upgrade_answer(port_of(server.uri))
    assert answer.startswith(b"HTTP/1.1 403 Forbidden\r\n")
    assert answer.endswith(b"\r\n\r\nBolt over WebSocket and HTTP is turned off on this server\n")


def test_nothing_in_the_data_folder_holds_the_password(server: Neo4jServer) -> None:
    assert server.data_dir is not None and server.credentials_path is None  # temporary: memory only
    secret = server.password.encode("utf-8")
    holding = [p for p in server.data_dir.rglob("*") if p.is_file() and secret in p.read_bytes()]
    assert holding == []
    assert not (server.data_dir / "data" / "dbms" / "auth.ini").exists()  # read once, then removed


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


def test_listening_everywhere_and_http_and_websocket_when_asked(opened_server: Neo4jServer) -> None:
    bolt_port = port_of(opened_server.uri)
    assert opened_server.uri == f"bolt://127.0.0.1:{bolt_port}"  # the address to use from here
    assert listen_addresses(bolt_port) <= {"0.0.0.0", "::"} and listen_addresses(bolt_port)
    assert upgrade_answer(bolt_port).startswith(b"HTTP/1.1 101 Switching Protocols\r\n")

    assert opened_server.http_uri is not None
    with pytest.raises(urllib.error.HTTPError) as unauthorised:
        urllib.request.urlopen(f"{opened_server.http_uri}/db/neo4j/tx/commit", data=b"{}", timeout=30)
    assert unauthorised.value.code == 401
    token = b64encode(f"{opened_server.user}:{opened_server.password}".encode()).decode()
    request = urllib.request.Request(
        f"{opened_server.http_uri}/db/neo4j/tx/commit", data=b'{"statements": [{"statement": "RETURN 1"}]}',
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json",
                 "Origin": "http://evil.example"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200 and b'"row":[1]' in answer.read()
        # Only the server's own origin may read answers in a browser, not any page ("*").
        assert answer.headers["Access-Control-Allow-Origin"] == opened_server.http_uri


def test_second_start_of_a_data_folder_reuses_its_password(tmp_path: Path) -> None:
    require_java_and_maven()
    home = tmp_path / "home"
    with Neo4jServer(data_dir=home) as first:
        password = first.password
        assert first.credentials_path == credentials_file(home.resolve())
    kept = credentials_file(home)
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert kept.read_text(encoding="utf-8").splitlines()[1:] == ["NEO4J_USER=neo4j", f"NEO4J_PASSWORD={password}"]
    with Neo4jServer(data_dir=home) as second:
        assert second.password == password
        assert login_works(second.uri, ("neo4j", password))


def test_a_given_password_wins_and_is_never_written(tmp_path: Path) -> None:
    require_java_and_maven()
    home = tmp_path / "home"
    home.mkdir()
    kept = ensure_credentials(home)  # as a start without NEO4J_PASSWORD would have left it
    before = credentials_file(home).read_bytes()
    with Neo4jServer(data_dir=home, password=GIVEN_PASSWORD) as server:
        assert server.password == GIVEN_PASSWORD and server.credentials_path is None
        assert login_works(server.uri, ("neo4j", GIVEN_PASSWORD))
        assert not login_works(server.uri, kept.auth)
    assert credentials_file(home).read_bytes() == before
    holding = [p for p in home.rglob("*") if p.is_file() and GIVEN_PASSWORD.encode() in p.read_bytes()]
    assert holding == []


def test_too_short_a_password_is_refused_before_java() -> None:
    with pytest.raises(Neo4jCredentialsError, match=r"^the password is 5 characters long; Neo4j needs at least 8$"):
        Neo4jServer(password="short")


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


def test_port_in_use_is_one_line_before_java_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Neo4jServer(port=port)
        with pytest.raises(Neo4jServerError) as raised:
            server.start()
    assert str(raised.value) == f"port {port} on 127.0.0.1 is in use; pass --port 0 for a free one"
    assert server.pid is None  # no JVM was started


def test_port_taken_after_the_check_is_recognised_from_the_launcher(monkeypatch: pytest.MonkeyPatch) -> None:
    require_java_and_maven()
    # Another process takes the port between the check and the JVM's bind.
    monkeypatch.setattr(server_module, "check_port_free", lambda host, port, option="--port": None)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = Neo4jServer(port=port)
        with pytest.raises(Neo4jServerError) as raised:
            server.start()
    assert str(raised.value) == f"port {port} on 127.0.0.1 is in use; pass --port 0 for a free one"
    assert server.returncode not in (None, 0)  # the JVM is gone


def test_startup_timeout_is_reported_with_a_log_that_stays() -> None:
    require_java_and_maven()
    server = Neo4jServer(startup_timeout=0.5)
    with pytest.raises(Neo4jServerError, match=r"^the Neo4j launcher did not report ready within 0\.5 s") as raised:
        server.start()
    assert server.pid is not None and not pid_alive(server.pid)
    assert server.data_dir is not None and not server.data_dir.exists()
    log = server.log_path
    assert log is not None and str(raised.value).endswith(f"; see {log}")
    try:
        assert log.is_file() and not log.is_relative_to(server.data_dir)
        assert "\n" not in str(raised.value)
    finally:
        log.unlink()


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
        neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver,
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
