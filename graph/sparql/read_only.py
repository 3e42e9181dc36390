"""Tell a SPARQL update from a query, so that the read-only graph refuses it with a reason.

tradekg reads the graph a build wrote and never changes it: ``tradekg query`` runs on
the build's store opened read-only, and ``tradekg serve`` runs Oxigraph in read-only
mode. An update sent there would fail as a query that does not parse, or with Oxigraph's
terse ``The server is read-only``; :func:`refuse_update` says instead what happened
(:class:`graph.errors.UpdateRefusedError`).

An update is recognised by its first keyword after the prologue (``BASE`` and
``PREFIX`` declarations, comments): one of the update operations of SPARQL 1.1 Update
§3 (:data:`UPDATE_KEYWORDS`), or ``WITH``, which starts a ``DELETE``/``INSERT``. The
text need not be a valid update: a broken ``INSERT`` is still refused as an update.

Examples
--------
>>> is_update("PREFIX tkg: <https://w3id.org/tradekg/ontology#>\\n# drop it\\nDELETE WHERE { ?s ?p ?o }")
True
>>> is_update("SELECT * WHERE { ?s <http://x/delete> ?o }"), is_update("ask {}")
(False, False)
"""

from __future__ import annotations

import re

from graph.errors import UpdateRefusedError

__all__ = ["UPDATE_KEYWORDS", "is_update", "refuse_update"]

UPDATE_KEYWORDS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                             "WITH"})
"""Words that start an update operation (SPARQL 1.1 Update §3), ``WITH`` included."""

_PROLOGUE = re.compile(r"""(?:\s+ | \#[^\n\r]* | BASE\s*<[^>]*> | PREFIX\s*[^\s:]*:\s*<[^>]*>)*""",
                       re.IGNORECASE | re.VERBOSE)
"""Whitespace, comments and prologue declarations before a query's or an update's first keyword."""

_WORD = re.compile(r"[A-Za-z]+")


def is_update(text: str) -> bool:
    """Whether a SPARQL text is an update (``INSERT``, ``DELETE``, ``LOAD``, ...) rather than a query.

    Parameters
    ----------
    text : str
        SPARQL text, valid or not.

    Returns
    -------
    bool
        True when its first keyword after the prologue starts an update operation.

    Examples
    --------
    >>> is_update("insert data { <http://x/a> <http://x/b> 1 }"), is_update("LOAD <http://x/>")
    (True, True)
    >>> is_update("PREFIX drop: <http://x/> SELECT ?drop { ?drop drop:a 1 }")
    False
    """
    start = _PROLOGUE.match(text)
    word = _WORD.match(text, start.end() if start else 0)
    return word is not None and word.group().upper() in UPDATE_KEYWORDS


def refuse_update(text: str) -> None:
    """Raise :class:`graph.errors.UpdateRefusedError` when ``text`` is an update.

    Examples
    --------
    >>> refuse_update("SELECT * {}")
    >>> refuse_update("DROP ALL")
    Traceback (most recent call last):
    ...
    graph.errors.UpdateRefusedError: updates are refused: tradekg serves the graph read-only
    """
    if is_update(text):
        raise UpdateRefusedError()
