"""Why an HTTP request never reached its SPARQL endpoint, in words a user can act on.

``urllib`` reports every such failure as ``<urlopen error [Errno -2] Name or service not
known>`` or the like: a name that does not resolve, a port nobody listens on, a timeout
and a TLS failure call for different fixes, so :func:`unreachable_reason` names which
one it was. Used by :mod:`graph.sparql.remote` and :mod:`graph.sparql.push`.

Examples
--------
>>> import socket, urllib.error
>>> error = urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))
>>> unreachable_reason("http://no-such-host.invalid/sparql", error)
'the host name no-such-host.invalid does not resolve (check the URL, or the DNS settings of this machine)'
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.parse

__all__ = ["unreachable_reason"]


def unreachable_reason(url: str, error: OSError | ValueError) -> str:
    """What went wrong when a request to ``url`` failed before any HTTP answer.

    Parameters
    ----------
    url : str
        The URL asked for.
    error : OSError or ValueError
        What ``urllib.request.urlopen`` raised (a ``URLError`` wraps the cause in
        ``reason``; a ``ValueError`` means the URL itself is unusable).

    Returns
    -------
    str
        One clause, without the URL's path: the host, and what to check.

    Examples
    --------
    >>> unreachable_reason("http://127.0.0.1:1/sparql", ConnectionRefusedError(111, "Connection refused"))
    '127.0.0.1:1 refused the connection (is the server running, on that port?)'
    >>> unreachable_reason("ftp//x", ValueError("unknown url type: 'ftp//x'"))
    "'ftp//x' is not an http:// or https:// URL"
    """
    if isinstance(error, ValueError):
        return f"{url!r} is not an http:// or https:// URL"
    cause: object = error.reason if isinstance(error, urllib.error.URLError) else error
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or url
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        port = None
    where = f"{host}:{port}" if port is not None else host
    if isinstance(cause, socket.gaierror):
        return f"the host name {host} does not resolve (check the URL, or the DNS settings of this machine)"
    if isinstance(cause, ConnectionRefusedError):
        return f"{where} refused the connection (is the server running, on that port?)"
    if isinstance(cause, TimeoutError):
        return f"{where} did not answer in time"
    if isinstance(cause, ssl.SSLError):
        return f"the TLS connection to {where} failed: {getattr(cause, 'reason', None) or cause}"
    if isinstance(cause, OSError) and cause.strerror:
        return f"{where}: {cause.strerror}"
    return f"{where}: {cause}"
