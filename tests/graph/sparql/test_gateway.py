"""`tradekg serve`'s gateway in front of a real Oxigraph server: Host checked, SERVICE refused, the rest passed on."""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
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

    with pytest.raises(OxigraphServerError, match=rf"cannot listen on 127\.0\.0\.1:{gateway.port}: "):
        SparqlGateway(oxigraph_server.url, port=gateway.port)


def test_a_store_loads_behind_a_private_address(seed_out: Path, tmp_path: Path) -> None:
    load_store(tmp_path / "store", seed_out / "graph.ttl")
    with OxigraphServer(tmp_path / "store", host=private_loopback_address()) as server, \
            SparqlGateway(server.url) as front:
        assert ask(front.url, path=query_path("ASK { ?s ?p ?o }"))[1].strip() == b"true"
