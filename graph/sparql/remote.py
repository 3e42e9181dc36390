"""SPARQL over HTTP: run a query on a SPARQL 1.1 Protocol endpoint, results as rows.

The protocol has no way to send parameter values beside a query, so values travel in the
text: :func:`graph.sparql.substitution.substitute_terms` puts each bound variable's term,
written by pyoxigraph's N-Triples serializer, where the variable stands (a value is always
one RDF term, never SPARQL). The variable is then bound in every pattern and filter, nested
groups included, as pre-binding does in :mod:`graph.sparql.local`, so both routes give the
same rows.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox

from graph.errors import QueryError
from graph.query_library import NamedQuery
from graph.results import QueryResult
from graph.sparql.local import Bindings, bind_parameters, result_from_solutions
from graph.sparql.substitution import substitute_terms
from graph.sparql.unreachable import unreachable_reason

__all__ = ["query_endpoint", "run_named_remote"]

def query_endpoint(endpoint: str, query: str, bindings: Bindings | None = None, *,
                   auth: tuple[str, str] | None = None, timeout: float = 60.0) -> QueryResult:
    """Run a query on a SPARQL 1.1 Protocol endpoint (HTTP POST, JSON results).

    Parameters
    ----------
    endpoint : str
        The query endpoint, e.g. ``http://127.0.0.1:7878/query``.
    query : str
        SPARQL text.
    bindings : Bindings, optional
        Parameter values, put in the text as terms (see
        :func:`graph.sparql.substitution.substitute_terms`).
    auth : (str, str), optional
        User and password for HTTP Basic authentication.
    timeout : float
        Seconds to wait for the answer.

    Returns
    -------
    QueryResult

    Raises
    ------
    QueryError
        When the endpoint cannot be reached or refuses the query (its message included).
    """
    body = urllib.parse.urlencode({"query": substitute_terms(query, bindings or {})}).encode("utf-8")
    request = urllib.request.Request(endpoint, data=body, method="POST", headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json",
    })
    if auth is not None:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", "replace").strip()[:500]
        raise QueryError(f"{endpoint} answered {err.code} {err.reason}: {detail}") from err
    except (urllib.error.URLError, OSError, ValueError) as err:
        raise QueryError(f"could not reach the SPARQL endpoint {endpoint}: "
                         f"{unreachable_reason(endpoint, err)}") from err
    try:
        solutions = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as err:
        raise QueryError(f"{endpoint} did not answer with SPARQL JSON results: {err}") from err
    return result_from_solutions(solutions)


def run_named_remote(endpoint: str, query: NamedQuery, values: Mapping[str, str] | None = None, *,
                     auth: tuple[str, str] | None = None) -> QueryResult:
    """Run a named query on a SPARQL endpoint; the same rows as :func:`graph.sparql.run_named`.

    Raises
    ------
    QueryParameterError
        When a parameter is missing, unknown or of the wrong type.
    QueryError
        When the endpoint fails.
    """
    bindings = bind_parameters(values or {}, query.parameters)
    result = query_endpoint(endpoint, query.text, bindings, auth=auth)
    return result.without(p.name for p in query.parameters)
