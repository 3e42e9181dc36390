"""Connecting to a Neo4j server: settings, an opened driver, and driver errors in plain words.

The command line reads ``NEO4J_URI``, ``NEO4J_USER``, ``NEO4J_PASSWORD`` and
``NEO4J_DATABASE`` into :class:`Neo4jSettings` (nothing below ``graph/cli.py`` reads the
environment) and opens the official driver with :func:`connect`, which checks that the
server answers and turns the driver's exceptions, inside its ``with`` block too, into
:class:`Neo4jConnectionError` and :class:`Neo4jQueryError` that say what to do. The
password is never printed: it is left out of the settings' ``repr`` and of every message,
and so is anything written before ``@`` in the URI (``bolt://user:secret@host``), which
messages show as ``bolt://***@host`` (:func:`redact_uri`).

Examples
--------
>>> Neo4jSettings(user="neo4j", password="s3cret")
Neo4jSettings(uri='bolt://localhost:7687', user='neo4j', database=None)
>>> Neo4jSettings(uri="bolt://neo4j:s3cret@db.example:7687")
Neo4jSettings(uri='bolt://***@db.example:7687', user=None, database=None)
>>> Neo4jSettings(user="neo4j", password="s3cret").auth
('neo4j', 's3cret')
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as neo4j_errors

from graph.neo4j.errors import Neo4jConnectionError, Neo4jQueryError

__all__ = [
    "DEFAULT_URI",
    "Neo4jSettings",
    "connect",
    "redact_uri",
    "translate_errors",
]

DEFAULT_URI = "bolt://localhost:7687"
"""Where a local Neo4j (``tradekg neo4j serve``, Desktop, Docker) listens by default."""

_SCHEMES = frozenset({"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"})


def redact_uri(uri: str) -> str:
    """The URI with any user information (``user:password@``) replaced by ``***@``.

    Examples
    --------
    >>> redact_uri("neo4j+s://neo4j:s3cret@abcd.databases.neo4j.io")
    'neo4j+s://***@abcd.databases.neo4j.io'
    >>> redact_uri("bolt://localhost:7687"), redact_uri("no scheme:x@y")
    ('bolt://localhost:7687', '***@y')
    """
    scheme, sep, rest = uri.partition("://")
    if not sep:
        scheme, rest = "", uri
    authority_end = min((i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0),
                        default=len(rest))
    authority = rest[:authority_end]
    if "@" not in authority:
        return uri
    shown = "***@" + authority.rpartition("@")[2] + rest[authority_end:]
    return f"{scheme}{sep}{shown}"


@dataclass(frozen=True, repr=False)
class Neo4jSettings:
    """Where and as whom to connect.

    Attributes
    ----------
    uri : str
        ``bolt://``, ``neo4j://`` or ``neo4j+s://`` (Aura) address.
    user, password : str or None
        Basic authentication; both None means no authentication (the bundled server).
        A password without a user logs in as ``neo4j``.
    database : str or None
        The database to use; None is the server's default (``neo4j``).
    """

    uri: str = DEFAULT_URI
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    database: str | None = None

    def __repr__(self) -> str:
        return (f"Neo4jSettings(uri={self.shown_uri!r}, user={self.user!r}, "
                f"database={self.database!r})")

    @property
    def shown_uri(self) -> str:
        """The URI as messages show it: without user information (see :func:`redact_uri`)."""
        return redact_uri(self.uri)

    @property
    def auth(self) -> tuple[str, str] | None:
        """The driver's ``auth`` argument."""
        if self.user is None and self.password is None:
            return None
        return (self.user or "neo4j", self.password or "")


def _without_uri(message: str, settings: Neo4jSettings) -> str:
    """A driver's message with the URI, should it quote it, shown without its user information."""
    return message.replace(settings.uri, settings.shown_uri)


def _refused(uri: str) -> str:
    return (f"Neo4j at {uri} refused the connection. Start a local server with `tradekg neo4j serve` "
            'or set NEO4J_URI; see README, "Neo4j".')


def _unresolved_host(error: BaseException) -> bool:
    """Whether a driver error comes from a host name that does not resolve (DNS), not a refusal."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, socket.gaierror):
            return True
        seen = seen.__cause__ or seen.__context__
    return str(error).startswith("Failed to DNS resolve")


def _does_not_resolve(settings: Neo4jSettings) -> str:
    host = urlsplit(settings.shown_uri).hostname or settings.shown_uri
    return f"Neo4j at {settings.shown_uri}: the host name {host} does not resolve; check NEO4J_URI"


@contextmanager
def translate_errors(settings: Neo4jSettings) -> Iterator[None]:
    """Turn the driver's exceptions raised in the block into tradekg errors.

    Parameters
    ----------
    settings : Neo4jSettings
        Named in the messages (the URI and user, never the password).

    Raises
    ------
    Neo4jConnectionError
        For an unreachable server (a refusal, or a host name that does not resolve) or
        rejected credentials.
    Neo4jQueryError
        For a statement the server rejects.

    Examples
    --------
    >>> with translate_errors(Neo4jSettings()):
    ...     raise neo4j_errors.ServiceUnavailable("Connection refused")
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jConnectionError: Neo4j at bolt://localhost:7687 refused the connection. \
Start a local server with `tradekg neo4j serve` or set NEO4J_URI; see README, "Neo4j".
    >>> with translate_errors(Neo4jSettings(uri="bolt://no-such-host.invalid:7687")):
    ...     raise neo4j_errors.ServiceUnavailable("Failed to DNS resolve address no-such-host.invalid:7687")
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jConnectionError: Neo4j at bolt://no-such-host.invalid:7687: the host name \
no-such-host.invalid does not resolve; check NEO4J_URI
    """
    try:
        yield
    except neo4j_errors.AuthError as err:
        if settings.auth is None:
            raise Neo4jConnectionError(
                f"Neo4j at {settings.shown_uri} asks for a user name and password; set NEO4J_USER and "
                "NEO4J_PASSWORD, or TRADEKG_NEO4J_DATA to the folder of `tradekg neo4j serve --data DIR`"
            ) from err
        raise Neo4jConnectionError(
            f"Neo4j at {settings.shown_uri} rejected the credentials of user {settings.user or 'neo4j'!r}; "
            "set NEO4J_USER and NEO4J_PASSWORD") from err
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as err:
        if _unresolved_host(err):
            raise Neo4jConnectionError(_does_not_resolve(settings)) from err
        raise Neo4jConnectionError(_refused(settings.shown_uri)) from err
    except neo4j_errors.Neo4jError as err:
        raise Neo4jQueryError(f"Neo4j at {settings.shown_uri} rejected a statement: "
                              f"{_without_uri(str(err.message or err), settings)}") from err
    except neo4j_errors.DriverError as err:
        raise Neo4jConnectionError(
            f"Neo4j at {settings.shown_uri}: {_without_uri(str(err), settings)}") from err


@contextmanager
def connect(settings: Neo4jSettings) -> Iterator[neo4j.Driver]:
    """Open a driver, check that the server answers, close it afterwards.

    Parameters
    ----------
    settings : Neo4jSettings
        Address, credentials and database.

    Yields
    ------
    neo4j.Driver
        Use with ``database_=settings.database``.

    Raises
    ------
    Neo4jConnectionError
        When the URI is malformed, the server does not answer or refuses the login; also
        for such errors raised inside the ``with`` block (see :func:`translate_errors`).
    Neo4jQueryError
        For a statement rejected inside the ``with`` block.

    Examples
    --------
    >>> with connect(Neo4jSettings(uri="http://localhost:7474")):
    ...     pass
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jConnectionError: NEO4J_URI http://localhost:7474 is not a Neo4j address; \
use bolt://HOST:7687, neo4j://HOST:7687 or neo4j+s://ID.databases.neo4j.io (Aura)
    """
    problem = Neo4jConnectionError(
        f"NEO4J_URI {settings.shown_uri} is not a Neo4j address; use bolt://HOST:7687, neo4j://HOST:7687 "
        "or neo4j+s://ID.databases.neo4j.io (Aura)")
    if settings.uri.partition("://")[0] not in _SCHEMES:
        raise problem
    if settings.shown_uri != settings.uri:  # the driver's own error would quote the secret
        raise Neo4jConnectionError(
            f"NEO4J_URI {settings.shown_uri} carries a user name or password, which Neo4j's driver "
            "does not read there; put them in NEO4J_USER and NEO4J_PASSWORD and leave them out of "
            "the URI")
    try:
        # The server's notifications ("label does not exist" on an empty database …) would reach
        # the terminal as the driver's log records, one long repr each: not asked for.
        driver = neo4j.GraphDatabase.driver(settings.uri, auth=settings.auth,
                                            notifications_min_severity="OFF")
    except (ValueError, neo4j_errors.ConfigurationError) as err:
        raise problem from err
    with driver, translate_errors(settings):
        driver.verify_connectivity()
        yield driver
