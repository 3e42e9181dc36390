"""Send the built graph to any SPARQL 1.1 Graph Store Protocol endpoint (HTTP PUT or POST).

``PUT`` replaces the target graph with ours (run it twice, get the same store); ``POST``
adds our triples to what is there. The target is the endpoint's default graph, or the
named graph ``graph_iri`` (``?graph=IRI``). Credentials, when given, go in an HTTP Basic
``Authorization`` header and appear in no message.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from graph.errors import GraphStoreError
from graph.rdf.store import graph_file
from graph.sparql.unreachable import unreachable_reason

__all__ = ["PushResult", "graph_store_url", "push_graph"]


@dataclass(frozen=True, slots=True)
class PushResult:
    """What the endpoint answered.

    Attributes
    ----------
    url : str
        The request URL (endpoint and graph selector).
    method : str
        ``PUT`` or ``POST``.
    status : int
        The HTTP status (200, 201 or 204).
    bytes_sent : int
        Size of the Turtle sent.
    """

    url: str
    method: str
    status: int
    bytes_sent: int


def graph_store_url(endpoint: str, graph_iri: str | None = None) -> str:
    """The request URL for the default graph or a named graph of a Graph Store endpoint.

    Examples
    --------
    >>> graph_store_url("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store?default'
    >>> graph_store_url("http://h/store", "https://w3id.org/tradekg/graph/2021")
    'http://h/store?graph=https%3A%2F%2Fw3id.org%2Ftradekg%2Fgraph%2F2021'
    """
    separator = "&" if "?" in endpoint else "?"
    if graph_iri is None:
        return f"{endpoint}{separator}default"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'graph': graph_iri})}"


def push_graph(directory: Path | str, endpoint: str, *, graph_iri: str | None = None,
               replace: bool = True, auth: tuple[str, str] | None = None,
               timeout: float = 300.0) -> PushResult:
    """Send ``DIRECTORY/graph.ttl`` to a Graph Store Protocol endpoint.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.
    endpoint : str
        The Graph Store endpoint, e.g. ``http://127.0.0.1:7878/store`` for Oxigraph.
    graph_iri : str, optional
        A named graph to write; the default graph when None.
    replace : bool
        ``PUT`` (replace the graph, default) or ``POST`` (add to it).
    auth : (str, str), optional
        User and password for HTTP Basic authentication.
    timeout : float
        Seconds to wait for the endpoint.

    Returns
    -------
    PushResult

    Raises
    ------
    GraphNotFoundError
        When the directory holds no graph.
    GraphStoreError
        When the endpoint cannot be reached or answers with an error.
    """
    body = graph_file(directory).read_bytes()
    url = graph_store_url(endpoint, graph_iri)
    method = "PUT" if replace else "POST"
    request = urllib.request.Request(url, data=body, method=method,
                                     headers={"Content-Type": "text/turtle; charset=utf-8"})
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = int(response.status)
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        hint = " (check TRADEKG_SPARQL_USER and TRADEKG_SPARQL_PASSWORD)" if err.code in (401, 403) else ""
        raise GraphStoreError(f"{method} {url} was refused: {err.code} {err.reason}{hint}"
                              + (f": {detail}" if detail else "")) from err
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise GraphStoreError(f"could not reach the Graph Store endpoint {endpoint}: "
                              f"{unreachable_reason(url, err)}") from err
    return PushResult(url, method, status, len(body))
