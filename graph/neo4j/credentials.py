"""The login of a served data folder: ``DATA/tradekg-credentials``, made once, for its owner's eyes only.

``tradekg neo4j serve --data DATA`` runs Neo4j with authentication; unless ``NEO4J_PASSWORD``
is set, the password of the ``neo4j`` user is generated at the first start
(:func:`secrets.token_urlsafe`) and kept in this file (mode 0600), so the next start of
the same folder, ``tradekg neo4j load --neo4j-data DATA`` and ``tradekg query cypher
--neo4j-data DATA`` find it. The file holds two ``NAME=VALUE`` lines after a comment::

    # tradekg neo4j serve: the Neo4j login of this data folder; keep it private.
    NEO4J_USER=neo4j
    NEO4J_PASSWORD=...

:class:`Credentials` never shows the password in its ``repr``.

Examples
--------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> made = ensure_credentials(folder)
>>> made.user, len(made.password) >= 32, oct(credentials_file(folder).stat().st_mode & 0o777)
('neo4j', True, '0o600')
>>> read_credentials(folder) == made, ensure_credentials(folder) == made
(True, True)
>>> made
Credentials(user='neo4j')
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from graph.neo4j.errors import Neo4jCredentialsError

__all__ = [
    "CREDENTIALS_FILE",
    "DEFAULT_USER",
    "MINIMUM_PASSWORD_LENGTH",
    "Credentials",
    "check_password",
    "credentials_file",
    "ensure_credentials",
    "generate_password",
    "read_credentials",
]

CREDENTIALS_FILE = "tradekg-credentials"
"""Name of the credentials file inside a data folder."""

DEFAULT_USER = "neo4j"
"""The user Neo4j creates with every DBMS, and the one ``tradekg neo4j serve`` gives a password."""

MINIMUM_PASSWORD_LENGTH = 8
"""Neo4j's default ``dbms.security.auth_minimum_password_length``."""

_HEADER = "# tradekg neo4j serve: the Neo4j login of this data folder; keep it private.\n"
_USER_KEY = "NEO4J_USER"
_PASSWORD_KEY = "NEO4J_PASSWORD"


@dataclass(frozen=True, repr=False)
class Credentials:
    """A user name and password for Neo4j's basic authentication.

    Attributes
    ----------
    user : str
        The user name, ``neo4j`` for a served data folder.
    password : str
        Never shown by ``repr``.
    """

    user: str
    password: str = field(repr=False)

    def __repr__(self) -> str:
        return f"Credentials(user={self.user!r})"

    @property
    def auth(self) -> tuple[str, str]:
        """The driver's ``auth`` argument, ``(user, password)``."""
        return (self.user, self.password)


def credentials_file(data_dir: Path) -> Path:
    """Return where the credentials of ``data_dir`` are kept.

    Examples
    --------
    >>> credentials_file(Path("db")).as_posix()
    'db/tradekg-credentials'
    """
    return Path(data_dir) / CREDENTIALS_FILE


def generate_password() -> str:
    """Return a new random password: 32 URL-safe characters (192 bits).

    Examples
    --------
    >>> first, second = generate_password(), generate_password()
    >>> len(first), first == second, first.replace("-", "").replace("_", "").isalnum()
    (32, False, True)
    """
    return secrets.token_urlsafe(24)


def check_password(password: str, source: str) -> str:
    """Return ``password`` if Neo4j and the launcher accept it, else raise.

    Parameters
    ----------
    password : str
        The password to check (never quoted in the error).
    source : str
        Where it came from, for the message (``NEO4J_PASSWORD``, a file name).

    Raises
    ------
    Neo4jCredentialsError
        When it is shorter than :data:`MINIMUM_PASSWORD_LENGTH` characters or holds a
        line break (the launcher reads it as one line).

    Examples
    --------
    >>> check_password("long enough", "NEO4J_PASSWORD")
    'long enough'
    >>> check_password("short", "NEO4J_PASSWORD")
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jCredentialsError: NEO4J_PASSWORD is 5 characters long; Neo4j needs at least 8
    """
    if len(password) < MINIMUM_PASSWORD_LENGTH:
        raise Neo4jCredentialsError(f"{source} is {len(password)} characters long; Neo4j needs at least "
                                    f"{MINIMUM_PASSWORD_LENGTH}")
    if "\n" in password or "\r" in password or "\x00" in password:
        raise Neo4jCredentialsError(f"{source} holds a line break or NUL character, which the Neo4j "
                                    "launcher cannot take")
    return password


def read_credentials(data_dir: Path) -> Credentials:
    """Read the credentials of a served data folder.

    A file that other users can read is made private (mode 0600) first.

    Parameters
    ----------
    data_dir : Path
        The ``--data`` folder of ``tradekg neo4j serve``.

    Returns
    -------
    Credentials
        The user and password written at the folder's first start.

    Raises
    ------
    Neo4jCredentialsError
        When the file is missing or unreadable (the message says how to make it), or a
        line is malformed (the message names the file and line, never the password).
    """
    path = credentials_file(data_dir)
    try:
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                path.chmod(0o600)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise Neo4jCredentialsError(
            f"{path} does not exist: {data_dir} is not a data folder of `tradekg neo4j serve --data "
            f"{data_dir}` (start it once), or set NEO4J_PASSWORD") from error
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise Neo4jCredentialsError(f"cannot read {path}: {reason}") from error
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep or key.strip() not in (_USER_KEY, _PASSWORD_KEY):
            raise Neo4jCredentialsError(
                f"{path}:{number}: expected {_USER_KEY}=NAME or {_PASSWORD_KEY}=SECRET")
        values[key.strip()] = value
    if _PASSWORD_KEY not in values:
        raise Neo4jCredentialsError(f"{path}: no {_PASSWORD_KEY}= line")
    password = check_password(values[_PASSWORD_KEY], f"the {_PASSWORD_KEY} of {path}")
    return Credentials(user=values.get(_USER_KEY, DEFAULT_USER).strip() or DEFAULT_USER, password=password)


def ensure_credentials(data_dir: Path) -> Credentials:
    """Return the credentials of ``data_dir``, generating and writing them the first time.

    The file is created with mode 0600 (under a temporary name, then renamed, so it is
    never seen half-written or readable by others).

    Parameters
    ----------
    data_dir : Path
        An existing folder.

    Returns
    -------
    Credentials
        The user ``neo4j`` and the kept (or new) password.

    Raises
    ------
    Neo4jCredentialsError
        When an existing file cannot be read (see :func:`read_credentials`) or the new
        one cannot be written.
    """
    path = credentials_file(data_dir)
    if path.exists():
        return read_credentials(data_dir)
    made = Credentials(user=DEFAULT_USER, password=generate_password())
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(f"{_HEADER}{_USER_KEY}={made.user}\n{_PASSWORD_KEY}={made.password}\n")
        os.replace(partial, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise Neo4jCredentialsError(f"cannot write {path}: {error.strerror}") from error
    return made
