"""The Oxigraph server process: found, started on a free loopback port, stopped cleanly."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

import pytest

from graph.errors import OxigraphServerError
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
def test_loading_a_broken_file_reports_oxigraph_s_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://x/a> <http://x/b> .\n", encoding="utf-8")
    with pytest.raises(OxigraphServerError, match=r"`oxigraph load` of .*bad\.ttl"):
        load_store(tmp_path / "store", bad)
