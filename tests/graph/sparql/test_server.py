"""The Oxigraph server process: found, started on a free loopback port, stopped cleanly."""

from __future__ import annotations

import os
import socket
import urllib.request
from pathlib import Path

import pytest

from graph.errors import GraphFileError, OxigraphServerError
from graph.sparql.server import OxigraphServer, load_store

pytestmark = pytest.mark.oxigraph_server


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.usefixtures("oxigraph_command")
def test_server_starts_on_loopback_and_stops(seed_out: Path, tmp_path: Path) -> None:
    load_store(tmp_path / "store", seed_out / "graph.ttl")
    with OxigraphServer(tmp_path / "store") as server:
        pid = server.pid
        assert pid is not None and pid_alive(pid)
        assert server.query_url.startswith("http://127.0.0.1:") and server.query_url.endswith("/query")
        with urllib.request.urlopen(server.query_url + "?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D", timeout=10) as r:
            assert b"true" in r.read()
    assert not pid_alive(pid)
    with pytest.raises(OxigraphServerError, match="not running"):
        _ = server.url


@pytest.mark.usefixtures("oxigraph_command")
def test_two_servers_get_two_ports() -> None:
    with OxigraphServer(read_only=False) as one, OxigraphServer(read_only=False) as two:
        assert one.url != two.url


def test_a_read_only_server_needs_a_store() -> None:
    with pytest.raises(ValueError, match="needs the location"):
        OxigraphServer()


@pytest.mark.usefixtures("oxigraph_command")
def test_loading_a_broken_file_names_its_line_without_a_backtrace(tmp_path: Path) -> None:
    bad = tmp_path / "graph.ttl"
    bad.write_text("<http://x/a> <http://x/b> <http://x/c> .\n<http://x/a> <http://x/b> .\n", encoding="utf-8")
    with pytest.raises(GraphFileError) as rejected:
        load_store(tmp_path / "store", bad)
    assert str(rejected.value) == (f"{bad} line 2: not valid Turtle (. is not a valid RDF object); "
                                   f"rebuild it with `tradekg build --out {tmp_path}`")


@pytest.mark.usefixtures("oxigraph_command")
def test_a_busy_port_is_one_line_without_a_backtrace(seed_out: Path, tmp_path: Path) -> None:
    load_store(tmp_path / "store", seed_out / "graph.ttl")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = OxigraphServer(tmp_path / "store", port=port)
        with pytest.raises(OxigraphServerError) as refused:
            server.start()
    assert str(refused.value) == f"port {port} on 127.0.0.1 is in use; pass --port 0 for a free one"
    assert server.pid is None


@pytest.mark.usefixtures("oxigraph_command")
def test_a_server_that_cannot_start_keeps_its_log_and_says_where(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "CURRENT").write_text("not a store\n", encoding="utf-8")
    server = OxigraphServer(tmp_path / "store")
    with pytest.raises(OxigraphServerError) as failed:
        server.start()
    message = str(failed.value)
    assert message.startswith("the Oxigraph server exited at start: ") and "Stack backtrace" not in message
    assert server.kept_log is not None and message.endswith(f"; see {server.kept_log}")
    assert server.kept_log.read_text(encoding="utf-8")  # what it said is all there
    server.kept_log.unlink()
