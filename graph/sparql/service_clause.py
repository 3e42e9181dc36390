r"""Find the ``SERVICE`` clauses of a SPARQL text, so that a query cannot make tradekg fetch a URL.

``SERVICE <http://…> { … }`` makes the engine that runs a query send it to another
endpoint over HTTP and join the answer in: pyoxigraph, rdflib and the Oxigraph server all
do so. A query typed by a person, or pasted from a web page, could thus reach any address
this machine can (a service on the local network, a cloud metadata endpoint) and show
the answer. tradekg refuses such queries (:func:`refuse_service`) unless the user allows
them (``--allow-service``).

The check reads the query as SPARQL's lexer does, not as a string: ``SERVICE`` counts as
a keyword only outside string literals, comments and IRIs, and not as part of a variable
(``?service``) or a prefixed name (``ex:SERVICE``). Keywords are case-insensitive and may
touch punctuation (``.SERVICE<http://…>{`` is one). The text is read twice, as written
and with its ``\u``/``\U`` escapes expanded (SPARQL 1.1 §19.2, which rdflib follows and
Oxigraph does not), and a ``SERVICE`` found either way counts; a text that does not
parse may be refused where an engine would have failed anyway, never the other way round.

Examples
--------
>>> service_targets("SELECT * WHERE { SERVICE <http://10.0.0.1/sparql> { ?s ?p ?o } }")
['<http://10.0.0.1/sparql>']
>>> service_targets('SELECT * WHERE { ?m rdfs:label "SERVICE <http://x/>" } # SERVICE <http://y/>')
[]
"""

from __future__ import annotations

import re

from graph.errors import ServiceClauseError

__all__ = ["refuse_service", "service_targets"]

_TOKEN = re.compile(r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               | '(?:[^'\\\n\r]|\\.)*'
               | "(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<variable>[?$]\w*)
    | (?P<word>(?:[\w:%.\-]|\\.)+)
    | (?P<space>\s+)
    | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
"""SPARQL's lexical units, as far as finding keywords needs: what may hide a word, and words."""

_UNICODE_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _expand_escapes(text: str) -> str:
    def char(found: re.Match[str]) -> str:
        code = int(found.group(1) or found.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else found.group()

    return _UNICODE_ESCAPE.sub(char, text)


def _targets(text: str) -> list[str]:
    """What each ``SERVICE`` keyword of ``text`` names (``?`` when nothing follows it)."""
    tokens = [(m.lastgroup, m.group()) for m in _TOKEN.finditer(text)
              if m.lastgroup not in ("space", "comment")]
    found = []
    for index, (kind, value) in enumerate(tokens):
        if kind != "word" or ":" in value:  # a prefixed name or blank node is never a keyword
            continue
        pieces = re.split(r"[^\w]+", value)
        if not any(piece.upper() == "SERVICE" for piece in pieces):
            continue
        after = [v for _, v in tokens[index + 1:index + 3]]
        if after and after[0].upper() == "SILENT":
            after = after[1:]
        found.append(after[0] if after else "?")
    return found


def service_targets(query: str) -> list[str]:
    """The endpoints the ``SERVICE`` clauses of a SPARQL text name, in order.

    Parameters
    ----------
    query : str
        SPARQL query or update text.

    Returns
    -------
    list of str
        Each clause's IRI, prefixed name or variable as written (``SILENT`` skipped);
        empty when the text has no ``SERVICE`` clause.

    Examples
    --------
    >>> service_targets("SELECT * { ?s ?p ?o .service SILENT ?where {} }")
    ['?where']
    >>> service_targets("SELECT ?service WHERE { ?service ex:SERVICE 'SERVICE' }")
    []
    >>> service_targets(r"SELECT * { \\u0053ERVICE <http://x/> {} }")   # as rdflib reads it
    ['<http://x/>']
    """
    found = _targets(query)
    expanded = _expand_escapes(query)
    if expanded != query:
        found += [t for t in _targets(expanded) if t not in found]
    return found


def refuse_service(query: str, *, option: str = "--allow-service") -> None:
    """Raise when a SPARQL text has a ``SERVICE`` clause.

    Parameters
    ----------
    query : str
        SPARQL text.
    option : str
        What allows such queries, named in the message.

    Raises
    ------
    ServiceClauseError
        Naming the endpoints the query would contact.

    Examples
    --------
    >>> refuse_service("SELECT * { ?s ?p ?o }")
    >>> refuse_service("SELECT * { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    graph.errors.ServiceClauseError: the query has a SERVICE clause, which would send it to \
<http://169.254.169.254/> over HTTP; tradekg runs such queries only with --allow-service
    """
    targets = service_targets(query)
    if targets:
        raise ServiceClauseError(targets, option)
