"""The site server answers only to its own names (no DNS rebinding), with the build's pages."""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest

from graph.site.server import SiteServer


def fetch(site: SiteServer, host: str, method: str = "GET") -> tuple[int, bytes]:
    port = int(site.url.rstrip("/").rpartition(":")[2])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, "/site/index.html", headers={"Host": host.format(port=port)})
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, body


@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}"])
def test_loopback_names_get_the_pages(seed_out: Path, host: str) -> None:
    with SiteServer(seed_out) as site:
        status, body = fetch(site, host)
    assert status == 200 and "海关总署" in body.decode("utf-8")


@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "localhost:1"])
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_foreign_host_gets_403_and_one_line(seed_out: Path, host: str, method: str) -> None:
    with SiteServer(seed_out) as site:
        status, body = fetch(site, host, method)
        port = site.url.rstrip("/").rpartition(":")[2]
    assert status == 403
    if method == "GET":
        assert body.decode() == (f"This server answers only to Host localhost:{port}, 127.0.0.1:{port} "
                                 f"or [::1]:{port} (DNS rebinding protection).\n")
