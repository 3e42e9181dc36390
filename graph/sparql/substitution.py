"""Parameter values put in a query's text for an endpoint: each bound variable becomes its term.

The SPARQL 1.1 Protocol has no way to send values beside a query, so for a remote store the
values travel in the text. :func:`substitute_terms` replaces each occurrence of a bound
variable with its RDF term, as pyoxigraph's ``substitutions`` and rdflib's ``initBindings``
pre-bind it for every pattern and filter, nested groups included, so the three routes give
the same rows. A ``VALUES`` block would not: by SPARQL's bottom-up semantics it binds a
variable only in its own group, not in a nested ``{ ... FILTER (... ?agency) }``.

The terms are written by pyoxigraph's N-Triples serializer, which escapes quotes and
backslashes like any RDF writer: a value is always one RDF term, never SPARQL
(``x" } ; DROP ALL ; #`` stays a string). Strings, IRIs and comments of the query are read
as such, so a ``?name`` inside them is left alone.
"""

from __future__ import annotations

import re

from graph.sparql.local import Bindings

__all__ = ["substitute_terms"]

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<word>[A-Za-z]+)
  | (?P<open>[({])
  | (?P<close>[)}])
''', re.VERBOSE | re.DOTALL)

_ENDS_CONDITION = {"HAVING", "LIMIT", "OFFSET", "ORDER", "GROUP", "VALUES"}


def substitute_terms(query: str, bindings: Bindings) -> str:
    """The query with each bound variable replaced by its term.

    In a ``SELECT`` list the variable becomes ``(term AS ?name)``, so the answer keeps the
    column; in ``GROUP BY`` and ``ORDER BY`` it becomes ``(term)``; elsewhere the term.

    Parameters
    ----------
    query : str
        SPARQL text.
    bindings : Bindings
        Terms by variable name, from :func:`graph.sparql.bind_parameters`.

    Returns
    -------
    str

    Examples
    --------
    >>> from graph.sparql.local import bind_parameters
    >>> print(substitute_terms("SELECT ?name WHERE { { ?m ?p ?a FILTER (?a = ?name) } } # ?name",
    ...                        bind_parameters({"name": 'x" } ; #'})))
    SELECT ("x\\" } ; #" AS ?name) WHERE { { ?m ?p ?a FILTER (?a = "x\\" } ; #") } } # ?name
    """
    if not bindings:
        return query
    out: list[str] = []
    position = 0
    clause = ""  # "select" (its list), "condition" (GROUP BY / ORDER BY) or "" (patterns)
    depth = 0    # parentheses and braces open since the clause began
    for token in _TOKEN.finditer(query):
        kind, text = token.lastgroup, token.group()
        if kind == "word":
            word = text.upper()
            if word == "SELECT":
                clause, depth = "select", 0
            elif word == "WHERE" and clause == "select":
                clause = ""
            elif word == "BY" and clause != "select":
                clause, depth = "condition", 0
            elif word in _ENDS_CONDITION and clause == "condition":
                clause = ""
        elif kind == "open":
            if text == "{" and clause == "select" and depth == 0:
                clause = ""
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth < 0 and clause == "condition":
                clause = ""
        elif kind == "var" and text[1:] in bindings:
            term = str(bindings[text[1:]])
            if clause == "select" and depth == 0:
                term = f"({term} AS ?{text[1:]})"
            elif clause == "condition" and depth == 0:
                term = f"({term})"
            out.append(query[position:token.start()])
            out.append(term)
            position = token.end()
    out.append(query[position:])
    return "".join(out)
