"""`tradekg serve`'s gateway in front of a real Oxigraph server: Host checked, SERVICE refused, the rest passed on."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.sparql.gateway import SparqlGateway, private_loopback_address
from graph.sparql.server import OxigraphServer, load_store
from tests.graph.sparql.conftest import Listener

pytestmark = pytest.mark.oxigraph_server

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def gateway(oxigraph_server: OxigraphServer) -> Iterator[SparqlGateway]:
    """The gateway on a free loopback port, in front of the seed graph's Oxigraph server."""
    with SparqlGateway(oxigraph_server.url) as front:
        yield front


def ask(url: str, method: str = "GET", path: str = "/query", *, host: str | None = None,
        body: bytes | None = None, content_type: str | None = None) -> tuple[int, bytes]:
    """One request with the Host header given (the URL's own by default); status and body."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Host": host or parts.netloc, "Accept": "text/csv"}
    if content_type:
        headers["Content-Type"] = content_type
    connection.request(method, path, body=body, headers=headers)
    answer = connection.getresponse()
    data = answer.read()
    connection.close()
    return answer.status, data


def query_path(query: str) -> str:
    return "/query?" + urllib.parse.urlencode({"query": query})


def test_the_bare_oxigraph_server_follows_service_and_any_host(oxigraph_server: OxigraphServer,
                                                               listener: Listener) -> None:
    """What the gateway is for: Oxigraph alone answers a foreign Host and fetches a SERVICE URL."""
    status, _ = ask(oxigraph_server.url, path=query_path(COUNT), host="evil.example")
    assert status == 200
    ask(oxigraph_server.url, path=query_path(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert len(listener.paths) == 1


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]"])
def test_loopback_names_with_the_port_are_answered(gateway: SparqlGateway, name: str) -> None:
    status, body = ask(gateway.url, path=query_path(COUNT), host=f"{name}:{gateway.port}")
    assert status == 200 and body.startswith(b"n\r\n")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "localhost:1", "127.0.0.1.evil.example:{port}"])
def test_a_foreign_host_gets_403_and_one_line(gateway: SparqlGateway, host: str) -> None:
    status, body = ask(gateway.url, path=query_path(COUNT), host=host.format(port=gateway.port))
    assert status == 403
    assert body.decode() == (f"This server answers only to Host localhost:{gateway.port}, "
                             f"127.0.0.1:{gateway.port} or [::1]:{gateway.port} (DNS rebinding protection).\n")


@pytest.mark.parametrize("route", ["get", "form", "sparql-query", "update"])
def test_service_is_refused_on_every_route_and_no_request_leaves(gateway: SparqlGateway, listener: Listener,
                                                                 route: str) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    if route == "get":
        status, body = ask(gateway.url, path=query_path(query))
    elif route == "form":
        status, body = ask(gateway.url, "POST", body=urllib.parse.urlencode({"query": query}).encode(),
                           content_type="application/x-www-form-urlencoded")
    elif route == "sparql-query":
        status, body = ask(gateway.url, "POST", body=query.encode(), content_type="Application/SPARQL-Query; x=1")
    else:
        update = f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
        status, body = ask(gateway.url, "POST", "/update", body=update.encode(),
                           content_type="application/sparql-update")
    assert status == 403
    assert body.decode().startswith("SERVICE clauses are refused: this endpoint does not query other endpoints")
    assert body.decode().endswith("start `tradekg serve --allow-service` to allow them.\n")
    assert listener.paths == []


def test_a_body_of_an_unknown_sparql_type_is_refused(gateway: SparqlGateway) -> None:
    status, _ = ask(gateway.url, "POST", body=COUNT.encode(), content_type="application/sparql-query-x")
    assert status == 415


def test_service_in_a_string_and_the_query_page_pass(gateway: SparqlGateway) -> None:
    status, body = ask(gateway.url, path=query_path("SELECT ('SERVICE <http://x/> {}' AS ?t) {}"))
    assert status == 200 and b"SERVICE <http://x/> {}" in body
    status, page = ask(gateway.url, path="/")
    assert status == 200 and b"<html" in page.lower()


def test_service_passes_when_allowed(oxigraph_server: OxigraphServer, listener: Listener) -> None:
    with SparqlGateway(oxigraph_server.url, allow_service=True) as front:
        status, _ = ask(front.url, path=query_path(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
    assert status == 200 and len(listener.paths) == 1


def test_the_server_behind_listens_on_a_private_loopback_address() -> None:
    address = private_loopback_address()
    assert address.startswith("127.")
    if sys.platform.startswith("linux"):
        assert address != "127.0.0.1"


def test_tradekg_serve_checks_host_and_service(seed_out: Path, listener: Listener) -> None:
    """The command as a user runs it: a child process, Ctrl-C to stop."""
    process = subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()", "serve",
                                str(seed_out), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        endpoint = re.search(r"SPARQL endpoint: (http://\S+)", "".join(lines))
        assert endpoint, lines
        url = endpoint.group(1).removesuffix("query")
        assert ask(url, path=query_path(COUNT))[0] == 200
        assert ask(url, path=query_path(COUNT), host="evil.example")[0] == 403
        status, _ = ask(url, path=query_path(f"SELECT * {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"))
        assert status == 403 and listener.paths == []
        site = re.search(r"Site: +(http://\S+)", "".join(lines) + process.stdout.readline())
        if site:
            assert ask(site.group(1), path="/site/index.html", host="evil.example")[0] == 403
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_a_busy_port_is_one_line(oxigraph_server: OxigraphServer, gateway: SparqlGateway) -> None:
    from graph.errors import OxigraphServerError

    with pytest.raises(OxigraphServerError) as refused:
        SparqlGateway(oxigraph_server.url, port=gateway.port)
    assert str(refused.value) == f"port {gateway.port} on 127.0.0.1 is in use; pass --port 0 for a free one"


def test_a_store_loads_behind_a_private_address(seed_out: Path, tmp_path: Path) -> None:
    load_store(tmp_path / "store", seed_out / "graph.ttl")
    with OxigraphServer(tmp_path / "store", host=private_loopback_address()) as server, \
            SparqlGateway(server.url) as front:
        assert ask(front.url, path=query_path("ASK { ?s ?p ?o }"))[1].strip() == b"true"


REFUSED_UPDATE = b"updates are refused: tradekg serves the graph read-only\n"


@pytest.mark.parametrize("route", ["update-form", "update-body", "update-in-query", "update-in-url",
                                   "store-put", "store-delete"])
def test_updates_are_refused_on_every_route(gateway: SparqlGateway, route: str) -> None:
    update = "DELETE WHERE { ?s ?p ?o }"
    form = urllib.parse.urlencode({"update": update}).encode()
    status, body = {
        "update-form": lambda: ask(gateway.url, "POST", "/update", body=form,
                                   content_type="application/x-www-form-urlencoded"),
        "update-body": lambda: ask(gateway.url, "POST", "/update", body=update.encode(),
                                   content_type="application/sparql-update"),
        "update-in-query": lambda: ask(gateway.url, path=query_path(update)),
        "update-in-url": lambda: ask(gateway.url, "POST", "/update?" + form.decode()),
        "store-put": lambda: ask(gateway.url, "PUT", "/store?default", body=b"<x:a> <x:b> <x:c> .",
                                 content_type="text/turtle"),
        "store-delete": lambda: ask(gateway.url, "DELETE", "/store?default"),
    }[route]()
    assert (status, body) == (403, REFUSED_UPDATE)
    status, body = ask(gateway.url, path=query_path(COUNT))
    assert status == 200 and int(body.split()[1]) > 4000  # the graph is all there


def serve_in_a_child(directory: Path, *args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """`tradekg serve DIR ARGS` as a user starts it; the process and its lines up to the ready line."""
    process = subprocess.Popen([sys.executable, "-c", "from graph.cli import main; main()", "serve",
                                str(directory), *args],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines: list[str] = []
    while not lines or (lines[-1] and not lines[-1].startswith("Press Ctrl-C")):
        lines.append(process.stdout.readline())
    return process, lines


def children(pid: int) -> list[int]:
    """The process ids of a process's children (Linux: /proc)."""
    found = Path(f"/proc/{pid}/task").glob("*/children")
    return [int(child) for path in found for child in path.read_text().split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").is_file() and Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def test_tradekg_serve_refuses_updates(seed_out: Path) -> None:
    process, lines = serve_in_a_child(seed_out, "--port", "0")
    try:
        endpoint = re.search(r"SPARQL endpoint: (http://\S+)", "".join(lines))
        assert endpoint, lines
        url = endpoint.group(1).removesuffix("query")
        status, body = ask(url, "POST", "/update", body=b"DROP ALL", content_type="application/sparql-update")
        assert (status, body) == (403, REFUSED_UPDATE)
        assert ask(url, path=query_path("ASK { ?s ?p ?o }"))[1].strip() == b"true"
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the child processes in /proc")
def test_tradekg_serve_stops_cleanly_on_sigterm(seed_out: Path) -> None:
    process, lines = serve_in_a_child(seed_out, "--port", "0")
    oxigraph, store, log = 0, Path("/nonexistent"), Path("/nonexistent")
    try:
        assert lines[-1] == "Press Ctrl-C to stop.\n", lines
        [oxigraph] = children(process.pid)
        command = Path(f"/proc/{oxigraph}/cmdline").read_text().split("\0")
        store = Path(command[command.index("--location") + 1])
        log = Path(os.readlink(f"/proc/{oxigraph}/fd/1"))
        assert store.is_dir() and store.parent.name.startswith("tradekg-serve-") and log.is_file()
        process.send_signal(signal.SIGTERM)
        stopped = time.monotonic()
        while alive(oxigraph) and time.monotonic() - stopped < 2:
            time.sleep(0.02)
        assert not alive(oxigraph), "the Oxigraph server outlived `tradekg serve` by 2 s"
        _, err = process.communicate(timeout=30)
    finally:  # whatever happened, leave no process or folder behind
        if process.poll() is None:
            process.kill()
            process.communicate()
        if oxigraph and alive(oxigraph):
            os.kill(oxigraph, signal.SIGKILL)
        if store.parent.name.startswith("tradekg-serve-") and store.parent.exists():
            shutil.rmtree(store.parent, ignore_errors=True)
            log.unlink(missing_ok=True)
    assert (process.returncode, err) == (0, "Stopped the SPARQL server.\n")
    assert not store.parent.exists() and not log.exists()


def test_tradekg_serve_on_a_busy_port_is_one_line_and_starts_nothing(seed_out: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "serve",
                               str(seed_out), "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == f"Error: port {port} on 127.0.0.1 is in use; pass --port 0 for a free one\n"
