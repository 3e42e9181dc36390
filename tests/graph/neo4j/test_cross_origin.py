"""A web page of another origin, in headless Chromium, cannot reach the bundled Neo4j over Bolt.

The page is served by a small ``http.server`` on its own port (so its origin is not the
Bolt port's) and opens ``ws://127.0.0.1:BOLTPORT``, as a hostile page a user happens to
visit could; if the socket opened, it would send the Bolt handshake. Tests skip when
Chromium (``/usr/bin/chromium``) or Playwright is missing, except under ``CI=true``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from graph.neo4j.server import Neo4jServer

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

PAGE = """<!doctype html><meta charset="utf-8"><title>not Neo4j</title>
<script>
window.outcome = new Promise((resolve) => {
  const seen = {opened: false, received: 0, error: false, code: null};
  const socket = new WebSocket("ws://127.0.0.1:BOLT_PORT");
  socket.binaryType = "arraybuffer";
  socket.onopen = () => {  // the Bolt handshake: magic preamble, then four versions (5.4 first)
    seen.opened = true;
    socket.send(new Uint8Array([0x60, 0x60, 0xB0, 0x17, 0, 0, 4, 5, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 0]));
  };
  socket.onmessage = (event) => { seen.received += event.data.byteLength; };
  socket.onerror = () => { seen.error = true; };
  socket.onclose = (event) => { seen.code = event.code; resolve(seen); };
  setTimeout(() => resolve(Object.assign(seen, {timedOut: true})), 20000);
});
</script>
"""




@pytest.fixture()
def hostile_page(neo4j_server: Neo4jServer) -> Iterator[str]:
    """The URL of a page on another port that opens a WebSocket to the server's Bolt port."""
    body = PAGE.replace("BOLT_PORT", neo4j_server.uri.rpartition(":")[2]).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_page_of_another_origin_gets_no_bolt_over_websocket(browser: Any, hostile_page: str) -> None:
    page = browser.new_page()
    try:
        page.goto(hostile_page)
        outcome = page.evaluate("window.outcome")
    finally:
        page.close()
    # The upgrade is refused: no socket, no handshake answer, so no session and no query.
    assert outcome == {"opened": False, "received": 0, "error": True, "code": 1006}
