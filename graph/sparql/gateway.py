"""The front door of ``tradekg serve``: checks each request, then passes it to the Oxigraph server.

The Oxigraph server (:class:`graph.sparql.server.OxigraphServer`) answers whatever
reaches it: a query with a ``SERVICE`` clause makes it fetch the URL named and return
the answer, and it serves any ``Host``. It has no option to refuse either, so
``tradekg serve`` puts :class:`SparqlGateway` in front of it, on the address and port
the user asked for, and runs Oxigraph behind it on a loopback address of its own. The
gateway

- answers only requests whose ``Host`` is a loopback name or the address it listens on
  (:func:`graph.host_header.host_allowed`; others get ``403`` and one line);
- refuses (``403``, one line) every request carrying SPARQL text with a ``SERVICE``
  clause (:func:`graph.sparql.service_clause.service_targets`), unless started with
  ``allow_service=True``: the ``query`` and ``update`` parameters of the URL and of a
  form body, and a body sent as ``application/sparql-query`` or ``-update``;
- refuses (``403``, :data:`graph.errors.UpdateRefusedError.MESSAGE`) every update: a
  request to ``/update``, an ``update`` parameter, an ``application/sparql-update`` body,
  update text sent as a query (:func:`graph.sparql.read_only.is_update`), and writes to
  the Graph Store (``PUT``, ``POST``, ``DELETE``, ``PATCH`` on ``/store``);
- passes everything else on unchanged, streaming the answer back.

The gateway takes its port before the Oxigraph server starts (``upstream`` may be given
later, :meth:`SparqlGateway.route_to`), so a busy port is one line before anything runs.

Behind it, on Linux, Oxigraph listens on a random address of 127.0.0.0/8
(:func:`private_loopback_address`), so that a page cannot guess where to aim a
rebinding attack that skips the gateway; other systems use 127.0.0.1.
"""

from __future__ import annotations

import errno
import http.client
import random
import socket
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Self

from graph.control_characters import escape_controls
from graph.errors import OxigraphServerError, UpdateRefusedError
from graph.host_header import host_allowed, refusal_line
from graph.sparql.read_only import is_update
from graph.sparql.server import busy_port_message
from graph.sparql.service_clause import service_targets

__all__ = ["SparqlGateway", "private_loopback_address"]

_MAX_BODY = 64 * 1024 * 1024
"""Largest request body passed on (bytes); a query is far smaller."""

_HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
                         "trailer", "trailers", "transfer-encoding", "upgrade", "host", "server", "date",
                         "content-length"})
"""Headers that describe one connection, not the message: never copied across the gateway."""

_SPARQL_PARAMETERS = ("query", "update")


def private_loopback_address() -> str:
    """A loopback address for the server behind the gateway: random in 127.0.0.0/8 on Linux.

    Returns
    -------
    str
        ``127.A.B.C`` that can be bound on Linux (every address of 127.0.0.0/8 is this
        machine there); ``127.0.0.1`` elsewhere or when binding fails.

    Examples
    --------
    >>> private_loopback_address().startswith("127.")
    True
    """
    if not sys.platform.startswith("linux"):
        return "127.0.0.1"
    choose = random.SystemRandom()
    address = f"127.{choose.randint(1, 254)}.{choose.randint(0, 255)}.{choose.randint(1, 254)}"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.bind((address, 0))
    except OSError:
        return "127.0.0.1"
    return address


def _media_type(value: str | None) -> str:
    """A ``Content-Type`` as Oxigraph compares it: before any ``;``, trimmed, lower case."""
    return (value or "").split(";", 1)[0].strip().lower()


def _form_fields(text: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(text, keep_blank_values=True, encoding="utf-8", errors="replace")


def _form_values(text: str) -> list[str]:
    fields = _form_fields(text)
    return [v for name in _SPARQL_PARAMETERS for v in fields.get(name, [])]


_WRITES = frozenset({"PUT", "POST", "DELETE", "PATCH"})
"""Methods that change a Graph Store graph (on ``/store``)."""


class _GatewayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], upstream: urllib.parse.SplitResult | None, bind_host: str,
                 allow_service: bool) -> None:
        self.upstream = upstream
        self.bind_host = bind_host
        self.allow_service = allow_service
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _GatewayHandler)


class _GatewayHandler(BaseHTTPRequestHandler):
    """One request: checked, then relayed to the Oxigraph server (HTTP/1.0: one per connection)."""

    server: _GatewayServer

    def log_message(self, format: str, *args: object) -> None:
        """No log line per request; the command prints the addresses once instead."""

    def _refuse(self, status: int, line: str) -> None:
        body = escape_controls(line).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _sparql_texts(self, body: bytes) -> list[str] | None:
        """Every SPARQL text of the request; None when the body's type hides what it holds."""
        texts = _form_values(urllib.parse.urlsplit(self.path).query)
        if not body:
            return texts
        media = _media_type(self.headers.get("Content-Type"))
        if media == "application/x-www-form-urlencoded":
            return texts + _form_values(body.decode("utf-8", "replace"))
        if media in ("application/sparql-query", "application/sparql-update"):
            return [*texts, body.decode("utf-8", "replace")]
        if "sparql" in media or "form" in media:
            return None
        return texts

    def _relay(self) -> None:
        hosts = self.headers.get_all("Host") or []
        port = self.server.server_address[1]
        if len(hosts) != 1 or not host_allowed(hosts[0], bind_host=self.server.bind_host, port=port):
            self._refuse(403, refusal_line(self.server.bind_host, port))
            return
        if self.headers.get("Transfer-Encoding"):
            self._refuse(411, "Send the request body with a Content-Length, not in chunks.\n")
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            self._refuse(400, "The Content-Length is not a number.\n")
            return
        if not 0 <= length <= _MAX_BODY:
            self._refuse(413, f"The request body is larger than {_MAX_BODY} bytes.\n")
            return
        body = self.rfile.read(length) if length else b""
        texts = self._sparql_texts(body)
        if not self.server.allow_service:
            if texts is None:
                self._refuse(415, "Send SPARQL as application/sparql-query, application/sparql-update "
                                  "or application/x-www-form-urlencoded.\n")
                return
            targets = [t for text in texts for t in service_targets(text)]
            if targets:
                self._refuse(403, f"SERVICE clauses are refused: this endpoint does not query other "
                                  f"endpoints ({', '.join(targets[:3])[:300]}); start `tradekg serve "
                                  "--allow-service` to allow them.\n")
                return
        if self._is_update(body, texts or []):
            self._refuse(403, UpdateRefusedError.MESSAGE + "\n")
            return
        self._forward(body)

    def _is_update(self, body: bytes, texts: list[str]) -> bool:
        """Whether the request would change the graph: an update on any route, or a Graph Store write."""
        path = urllib.parse.urlsplit(self.path).path.rstrip("/")
        if path.endswith("/update") or (path.endswith("/store") and self.command in _WRITES):
            return True
        media = _media_type(self.headers.get("Content-Type"))
        fields = _form_fields(urllib.parse.urlsplit(self.path).query)
        if media == "application/x-www-form-urlencoded" and body:
            fields.update(_form_fields(body.decode("utf-8", "replace")))
        return media == "application/sparql-update" or "update" in fields or any(is_update(t) for t in texts)

    def _forward(self, body: bytes) -> None:
        upstream = self.server.upstream
        if upstream is None:
            self._refuse(503, "The Oxigraph server behind this endpoint is still starting.\n")
            return
        connection = http.client.HTTPConnection(upstream.hostname or "127.0.0.1", upstream.port, timeout=3600)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        headers["Host"] = upstream.netloc
        if body or self.command in ("POST", "PUT"):
            headers["Content-Length"] = str(len(body))
        try:
            connection.request(self.command, self.path, body=body or None, headers=headers)
            answer = connection.getresponse()
        except OSError:
            connection.close()
            self._refuse(502, "The Oxigraph server behind this endpoint did not answer.\n")
            return
        try:
            self.send_response(answer.status, answer.reason)
            for name, value in answer.getheaders():
                if name.lower() not in _HOP_BY_HOP:
                    self.send_header(name, value)
            length = answer.getheader("Content-Length")
            if length is not None:
                self.send_header("Content-Length", length)
            self.end_headers()
            while chunk := answer.read(64 * 1024):
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client went away; nothing to tell it
        finally:
            connection.close()

    def do_GET(self) -> None:
        """Check a GET request, then relay it."""
        self._relay()

    def do_HEAD(self) -> None:
        """Check a HEAD request, then relay it."""
        self._relay()

    def do_POST(self) -> None:
        """Check a POST request, then relay it."""
        self._relay()

    def do_PUT(self) -> None:
        """Check a PUT request, then relay it."""
        self._relay()

    def do_DELETE(self) -> None:
        """Check a DELETE request, then relay it."""
        self._relay()

    def do_OPTIONS(self) -> None:
        """Check a OPTIONS request, then relay it."""
        self._relay()

    def do_PATCH(self) -> None:
        """Check a PATCH request, then relay it."""
        self._relay()


class SparqlGateway:
    """The checked front door of an Oxigraph server, in a background thread.

    Parameters
    ----------
    upstream : str or None
        The Oxigraph server's base URL (:attr:`graph.sparql.server.OxigraphServer.url`);
        None to take the port first and give it with :meth:`route_to` before :meth:`start`.
    host : str, default "127.0.0.1"
        Address to listen on, as the user gave it; requests must name it or a loopback
        name in their ``Host``.
    port : int, default 0
        Port to listen on; 0 picks a free one.
    allow_service : bool, default False
        Pass on queries with a ``SERVICE`` clause.

    Raises
    ------
    OxigraphServerError
        When the address cannot be listened on: for a busy port the one line of
        :func:`graph.sparql.server.busy_port_message`.

    Examples
    --------
    A sketch (not run as a doctest: it starts a process)::

        with OxigraphServer(store, host=private_loopback_address()) as oxigraph, \\
                SparqlGateway(oxigraph.url, port=7878) as gateway:
            print(gateway.query_url)   # http://127.0.0.1:7878/query
    """

    def __init__(self, upstream: str | None = None, *, host: str = "127.0.0.1", port: int = 0,
                 allow_service: bool = False) -> None:
        target = urllib.parse.urlsplit(upstream) if upstream is not None else None
        bind = host.strip("[]")
        try:
            self._server = _GatewayServer((bind, port), target, host, allow_service)
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise OxigraphServerError(busy_port_message(host, port)) from err
            raise OxigraphServerError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
        self._host = host
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="tradekg-gateway", daemon=True)

    @property
    def port(self) -> int:
        """The port it listens on."""
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """Base URL (Oxigraph's query page), ``http://HOST:PORT/``."""
        host = self._host if ":" not in self._host or self._host.startswith("[") else f"[{self._host}]"
        return f"http://{host}:{self.port}/"

    @property
    def query_url(self) -> str:
        """The SPARQL 1.1 Protocol query endpoint."""
        return self.url + "query"

    def route_to(self, upstream: str) -> Self:
        """Pass requests on to ``upstream`` (the Oxigraph server's base URL)."""
        self._server.upstream = urllib.parse.urlsplit(upstream)
        return self

    def start(self) -> Self:
        """Start answering requests (in a background thread).

        Raises
        ------
        OxigraphServerError
            When no upstream was given (:meth:`route_to`).
        """
        if self._server.upstream is None:
            raise OxigraphServerError("the gateway has no Oxigraph server to pass requests to; "
                                      "call route_to() first")
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and close the socket."""
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> Self:
        """Start answering, or, without an upstream yet, only hold the port until :meth:`start`."""
        return self.start() if self._server.upstream is not None else self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.stop()
