"""Serve a build's browsable site (``DIR/site``, ``DIR/views``) over HTTP on loopback.

``tradekg serve`` runs it beside the Oxigraph SPARQL endpoint, so one command gives a
person both the pages and the query endpoint. Static files only; nothing is written.
A request whose ``Host`` is not a loopback name or the address it listens on gets
``403`` (:mod:`graph.host_header`: the defence against DNS rebinding).
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self

from graph.host_header import host_allowed, refusal_line
from loaders.errors import TradeKGError

__all__ = ["SiteServer"]


_POLL = 0.1
"""Seconds between the serving thread's checks for a stop: how long stopping may take."""


class _QuietHandler(SimpleHTTPRequestHandler):
    """Static files to requests naming this server in their ``Host``, without a log line each."""

    def __init__(self, *args: object, bind_host: str, **kwargs: object) -> None:
        self.bind_host = bind_host
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        """Drop request logs; the command prints the addresses once instead."""

    def _host_refused(self) -> bool:
        """Answer 403 to a request with a foreign (or no, or two) ``Host``; True if it was refused."""
        hosts = self.headers.get_all("Host") or []
        address = self.server.server_address
        port = int(address[1]) if isinstance(address, tuple) else 0
        if len(hosts) == 1 and host_allowed(hosts[0], bind_host=self.bind_host, port=port):
            return False
        body = refusal_line(self.bind_host, port).encode("utf-8")
        self.send_response(403)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return True

    def do_GET(self) -> None:
        """A file of the site, or 403 for a foreign ``Host``."""
        if not self._host_refused():
            super().do_GET()

    def do_HEAD(self) -> None:
        """The headers of a file of the site, or 403 for a foreign ``Host``."""
        if not self._host_refused():
            super().do_HEAD()


class SiteServer:
    """A static HTTP server for a build's output directory, in a background thread.

    Parameters
    ----------
    directory : Path
        An output directory of ``tradekg build`` (holding ``site/`` and ``views/``).
    port : int, default 0
        Port to listen on; 0 picks a free one.
    host : str, default "127.0.0.1"
        Address to bind; loopback unless the user says otherwise.

    Examples
    --------
    >>> import urllib.request
    >>> with SiteServer(SEED_OUT) as site:
    ...     page = urllib.request.urlopen(site.index_url).read().decode("utf-8")
    >>> "海关总署" in page
    True
    """

    def __init__(self, directory: Path, *, port: int = 0, host: str = "127.0.0.1") -> None:
        if not (directory / "site" / "index.html").is_file():
            raise TradeKGError(f"{directory}/site/index.html not found; run `tradekg build` first")
        handler = functools.partial(_QuietHandler, directory=str(directory), bind_host=host)
        try:
            self._server = ThreadingHTTPServer((host, port), handler)
        except OSError as err:
            raise TradeKGError(f"cannot serve the site on {host}:{port}: {err.strerror}") from err
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": _POLL},
                                        daemon=True)

    @property
    def url(self) -> str:
        """Base URL of the server."""
        host, port = self._server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else host
        return f"http://{name}:{port}/"

    @property
    def index_url(self) -> str:
        """URL of the site's index page."""
        return f"{self.url}site/index.html"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
