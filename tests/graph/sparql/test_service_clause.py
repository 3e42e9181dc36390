"""SERVICE clauses are found as SPARQL's grammar sees them, and refused unless allowed: no request leaves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyparsing import ParseResults
from rdflib import Graph
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

from graph.cli import main
from graph.errors import ServiceClauseError
from graph.sparql.local import run_query, run_query_rdflib
from graph.sparql.service_clause import service_targets
from tests.graph.sparql.conftest import Listener


def rdflib_sees_service(query: str) -> bool:
    """Whether rdflib's SPARQL parser finds a ServiceGraphPattern (the reference for the lexer)."""
    def walk(node: object) -> Iterator[str]:
        if isinstance(node, CompValue):
            yield node.name
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list | tuple | ParseResults):
            for value in node:
                yield from walk(value)

    return "ServiceGraphPattern" in set(walk(parseQuery(query)))


QUERIES = {
    "plain": ("SELECT * WHERE { SERVICE <http://x/s> { ?s ?p ?o } }", ["<http://x/s>"]),
    "lower case, silent": ("select * where { service silent <http://x/s> { ?s ?p ?o } }", ["<http://x/s>"]),
    "touching punctuation": ("SELECT * WHERE { ?a ?b ?c .SERVICE<http://x/s>{ ?s ?p ?o } }", ["<http://x/s>"]),
    "a variable names it": ("SELECT * WHERE { VALUES ?e { <http://x/s> } SERVICE ?e { ?s ?p ?o } }", ["?e"]),
    "prefixed name": ("PREFIX ex: <http://x/> SELECT * WHERE { SERVICE ex:s { ?s ?p ?o } }", ["ex:s"]),
    "nested in OPTIONAL": ("SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE <http://x/s> { ?s ?p ?o } } }",
                           ["<http://x/s>"]),
    "in a string": ("SELECT * WHERE { ?s ?p 'SERVICE <http://x/s> { ?s ?p ?o }' }", []),
    "in a long string": ('SELECT * WHERE { ?s ?p """a\nSERVICE <http://x/s> {}""" }', []),
    "in a comment": ("SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/s> { ?s ?p ?o }", []),
    "in an IRI": ("SELECT * WHERE { ?s <http://x/SERVICE> ?o }", []),
    "a variable": ("SELECT ?service WHERE { ?service ?p ?o }", []),
    "a local name": ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:SERVICE ?o }", []),
    "a prefix": ("PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o }", []),
}


@pytest.mark.parametrize("name", QUERIES)
def test_service_is_found_where_the_grammar_has_it(name: str) -> None:
    query, targets = QUERIES[name]
    assert service_targets(query) == targets
    assert rdflib_sees_service(query) == bool(targets)


def test_a_unicode_escape_spelling_service_counts() -> None:
    query = r"SELECT * WHERE { \u0053ERVICE <http://x/s> { ?s ?p ?o } }"
    assert rdflib_sees_service(query) and service_targets(query) == ["<http://x/s>"]


def test_an_embedded_query_with_service_sends_no_request(listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    with pytest.raises(ServiceClauseError, match=f"<{listener.url}> over HTTP; tradekg runs such queries "
                                                 "only with --allow-service"):
        run_query(ox.Store(), query)
    with pytest.raises(ServiceClauseError):
        run_query_rdflib(Graph(), query)
    assert listener.paths == []
    run_query(ox.Store(), query, allow_service=True)  # allowed: the request goes out
    assert len(listener.paths) == 1


def test_query_sparql_refuses_service_unless_allowed(seed_out: Path, listener: Listener) -> None:
    query = f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?x ?p ?o }} }}"
    refused = CliRunner().invoke(main, ["query", "sparql", query, str(seed_out)])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: the query has a SERVICE clause, which would send it to "
                                     f"<{listener.url}> over HTTP")
    assert "--allow-service" in refused.output and listener.paths == []
    allowed = CliRunner().invoke(main, ["query", "sparql", query, str(seed_out), "--allow-service"])
    assert allowed.exit_code == 0, allowed.output
    assert len(listener.paths) == 1


def test_service_in_a_string_is_just_text(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["query", "sparql",
                                       "SELECT ('SERVICE <http://x/> {}' AS ?t) WHERE {}", str(seed_out)])
    assert result.exit_code == 0, result.output
    assert "SERVICE <http://x/> {}" in result.stdout
