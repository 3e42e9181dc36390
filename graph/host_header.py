"""Which ``Host`` headers tradekg's local HTTP servers answer to: the defence against DNS rebinding.

A web page from anywhere can make the reader's browser send requests to
``http://127.0.0.1:7878/``, but cannot read the answers: the browser's same-origin rule
keeps them from the page. With DNS rebinding the page's own name (``evil.example``) is
made to resolve to 127.0.0.1, and the answers are then the page's to read; the one trace
left is the ``Host`` header, which still says ``evil.example``. So ``tradekg serve`` and
the site server answer only requests whose ``Host`` is a loopback name (``localhost``,
``127.0.0.1``, ``[::1]``) or the address they were told to listen on, with their port;
every other request gets ``403 Forbidden`` and one line saying why. When listening on
every address (``--host 0.0.0.0``), any IP address is accepted too: a name is what a
rebinding attack needs, an address the browser connects to as itself.

Examples
--------
>>> host_allowed("127.0.0.1:7878", bind_host="127.0.0.1", port=7878)
True
>>> host_allowed("evil.example:7878", bind_host="127.0.0.1", port=7878)
False
"""

from __future__ import annotations

import ipaddress

__all__ = ["LOOPBACK_NAMES", "host_allowed", "refusal_line"]

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
"""The names by which this machine reaches itself, as written in a ``Host`` header."""

_WILDCARDS = frozenset({"", "0.0.0.0", "::", "[::]"})


def _as_written(host: str) -> str:
    """A bind address as a ``Host`` header writes it: lower case, IPv6 in brackets."""
    host = host.strip().lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name[1:-1] if name.startswith("[") and name.endswith("]") else name)
    except ValueError:
        return False
    return True


def host_allowed(header: str | None, *, bind_host: str, port: int) -> bool:
    """Whether a server listening on ``bind_host:port`` should answer a request with this ``Host``.

    Parameters
    ----------
    header : str or None
        The request's ``Host`` header; None when it had none (or more than one).
    bind_host : str
        The address the server listens on, as the user gave it (``127.0.0.1``, ``::1``,
        a name, ``0.0.0.0``).
    port : int
        The port it listens on; the header must name it (or none, when it is 80).

    Returns
    -------
    bool

    Examples
    --------
    >>> [host_allowed(h, bind_host="127.0.0.1", port=8000)
    ...  for h in ("localhost:8000", "[::1]:8000", "LOCALHOST:8000", "localhost:8001", "localhost", None)]
    [True, True, True, False, False, False]
    >>> host_allowed("kg.lan:8000", bind_host="kg.lan", port=8000)
    True
    >>> [host_allowed(h, bind_host="0.0.0.0", port=80) for h in ("192.168.1.9", "evil.example")]
    [True, False]
    """
    if not header:
        return False
    value = header.strip().lower()
    if value.startswith("["):
        name, _, rest = value.partition("]")
        name += "]"
        given_port = rest[1:] if rest.startswith(":") else ("" if not rest else "x")
    else:
        name, sep, given_port = value.rpartition(":")
        if not sep:
            name, given_port = value, ""
    if given_port == "":
        given_port = "80"
    if not given_port.isdigit() or int(given_port) != port:
        return False
    if name in LOOPBACK_NAMES or name == _as_written(bind_host):
        return True
    return bind_host.strip().lower() in _WILDCARDS and _is_address(name)


def refusal_line(bind_host: str, port: int) -> str:
    """The one-line body of the ``403`` answer to a request with a foreign ``Host``.

    Examples
    --------
    >>> print(refusal_line("127.0.0.1", 7878), end="")
    This server answers only to Host localhost:7878, 127.0.0.1:7878 or [::1]:7878 (DNS rebinding protection).
    """
    names = list(dict.fromkeys([*LOOPBACK_NAMES, _as_written(bind_host)]))
    names = [n for n in names if n not in _WILDCARDS]
    listed = ", ".join(f"{n}:{port}" for n in names[:-1]) + f" or {names[-1]}:{port}"
    return f"This server answers only to Host {listed} (DNS rebinding protection).\n"
