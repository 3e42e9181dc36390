"""The named questions through a real Oxigraph server's SPARQL endpoint, and `push` into one."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.errors import GraphStoreError, QueryError
from graph.query_library import get_query, list_queries
from graph.sparql.local import bind_parameters, run_named
from graph.sparql.push import push_graph
from graph.sparql.remote import query_endpoint, run_named_remote
from graph.sparql.server import OxigraphServer

pytestmark = pytest.mark.oxigraph_server

ANSWERS = json.loads((Path(__file__).parents[2] / "data" / "sparql_answers.json").read_text(encoding="utf-8"))
INJECTION = 'x" } ; DROP ALL ; #'
SAMPLE_VALUES = {"agency": "海关总署", "concept": "单一窗口", "date": "2021-12-31",
                 "document": "署岸发〔2021〕85号", "include_predecessors": "true",
                 "target": "署岸发〔2021〕85号"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def triples(seed_store: ox.Store) -> int:
    """How many triples the seed graph has (a few thousand; it changes with the authority files)."""
    return len(seed_store)


@pytest.mark.parametrize("case", ANSWERS, ids=lambda c: f"{c['query']}{c['parameters'] or ''}")
def test_named_query_over_http_gives_the_pinned_answer(oxigraph_server: OxigraphServer, case: dict) -> None:
    result = run_named_remote(oxigraph_server.query_url, get_query(case["query"]), case["parameters"])
    assert list(result.columns) == case["columns"]
    assert [list(row) for row in result.rows] == case["rows"]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_http_and_embedded_give_the_same_rows(oxigraph_server: OxigraphServer, seed_store: ox.Store,
                                              query) -> None:
    values = {p.name: SAMPLE_VALUES[p.name] for p in query.parameters}
    assert run_named_remote(oxigraph_server.query_url, query, values) == run_named(seed_store, query, values)


def test_a_parameter_that_looks_like_sparql_is_data_over_http(oxigraph_server: OxigraphServer,
                                                              triples: int) -> None:
    assert run_named_remote(oxigraph_server.query_url, get_query("measures_led_by"),
                            {"agency": INJECTION}).rows == []
    assert query_endpoint(oxigraph_server.query_url, COUNT).rows == [(triples,)]


def test_the_served_store_is_read_only(oxigraph_server: OxigraphServer, triples: int) -> None:
    request = urllib.request.Request(oxigraph_server.url + "update", method="POST",
                                     data=b"update=DROP%20ALL",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(request, timeout=10)
    assert query_endpoint(oxigraph_server.query_url, COUNT).rows == [(triples,)]


def test_the_query_page_is_served(oxigraph_server: OxigraphServer) -> None:
    assert oxigraph_server.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(oxigraph_server.url, timeout=10) as page:
        assert b"<html" in page.read(2000).lower()


def test_a_bad_query_reports_the_endpoint_message(oxigraph_server: OxigraphServer) -> None:
    with pytest.raises(QueryError, match="answered 400"):
        query_endpoint(oxigraph_server.query_url, "SELECT ?x WHERE { ?x ")


def test_push_puts_the_graph_then_counts_it(oxigraph_rw_server: OxigraphServer, seed_out: Path,
                                            triples: int) -> None:
    result = push_graph(seed_out, oxigraph_rw_server.store_url)
    assert (result.method, result.status in (200, 201, 204)) == ("PUT", True)
    assert query_endpoint(oxigraph_rw_server.query_url, COUNT).rows == [(triples,)]
    push_graph(seed_out, oxigraph_rw_server.store_url)  # PUT again: replaced, not doubled
    assert query_endpoint(oxigraph_rw_server.query_url, COUNT).rows == [(triples,)]
    answer = run_named_remote(oxigraph_rw_server.query_url, get_query("measures_led_by"), {"agency": "海关总署"})
    assert len(answer.rows) == 9


def test_push_into_a_named_graph(oxigraph_rw_server: OxigraphServer, seed_out: Path, triples: int) -> None:
    push_graph(seed_out, oxigraph_rw_server.store_url, graph_iri="https://w3id.org/tradekg/graph/seed")
    assert query_endpoint(oxigraph_rw_server.query_url, COUNT).rows == [(0,)]
    named = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
    assert query_endpoint(oxigraph_rw_server.query_url, named).rows == [(triples,)]


def test_push_cli_reads_credentials_from_the_environment_and_never_prints_them(
        oxigraph_rw_server: OxigraphServer, seed_out: Path, triples: int) -> None:
    env = {"TRADEKG_SPARQL_USER": "analyst", "TRADEKG_SPARQL_PASSWORD": "s3cret-pw"}
    result = CliRunner().invoke(main, ["push", str(seed_out), "--endpoint", oxigraph_rw_server.store_url],
                                env=env)
    assert result.exit_code == 0, result.output
    assert "Sent " in result.stdout and "the default graph" in result.stdout
    assert "s3cret-pw" not in result.output and "analyst" not in result.output
    assert query_endpoint(oxigraph_rw_server.query_url, COUNT).rows == [(triples,)]


def test_push_cli_wants_both_credentials_or_neither(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["push", str(seed_out), "--endpoint", "http://127.0.0.1:9/store"],
                                env={"TRADEKG_SPARQL_USER": "analyst", "TRADEKG_SPARQL_PASSWORD": None})
    assert result.exit_code == 2
    assert "set both TRADEKG_SPARQL_USER and TRADEKG_SPARQL_PASSWORD" in result.output


def test_push_to_a_read_only_server_is_refused(oxigraph_server: OxigraphServer, seed_out: Path) -> None:
    with pytest.raises(GraphStoreError, match=r"PUT .*store\?default was refused: 40\d"):
        push_graph(seed_out, oxigraph_server.store_url)


def test_push_to_nowhere_says_so(seed_out: Path) -> None:
    with pytest.raises(GraphStoreError, match="could not reach the Graph Store endpoint"):
        push_graph(seed_out, "http://127.0.0.1:9/store", timeout=5)


def test_values_are_put_in_the_text_as_escaped_terms() -> None:
    from graph.sparql.substitution import substitute_terms

    text = substitute_terms("# WHERE ?a in a comment\nSELECT ?a WHERE { ?m <http://x/p> ?a } ORDER BY ?a",
                            bind_parameters({"a": INJECTION}))
    term = '"x\\" } ; DROP ALL ; #"'
    assert text == (f"# WHERE ?a in a comment\nSELECT ({term} AS ?a) WHERE {{ ?m <http://x/p> {term} }} "
                    f"ORDER BY ({term})")


def test_a_nested_filter_sees_the_value_over_http(oxigraph_server: OxigraphServer) -> None:
    # A VALUES block first in the WHERE group would leave ?agency unbound in the inner group.
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?agency ?a WHERE { "
             "{ ?a skos:prefLabel ?label . FILTER (STR(?label) = ?agency) } }")
    rows = query_endpoint(oxigraph_server.query_url, query, bind_parameters({"agency": "海关总署"})).rows
    assert rows == [("海关总署", "https://w3id.org/tradekg/id/agency/cn.gacc")]


def test_strings_and_iris_that_name_the_variable_are_left_alone() -> None:
    from graph.sparql.substitution import substitute_terms

    query = "SELECT ?a WHERE { ?m <http://x/?a> \"?a\" , \'\'\'?a\'\'\' . FILTER (?a = 1) } GROUP BY ?a"
    assert substitute_terms(query, bind_parameters({"a": "v"})) == (
        "SELECT (\"v\" AS ?a) WHERE { ?m <http://x/?a> \"?a\" , \'\'\'?a\'\'\' . FILTER (\"v\" = 1) } "
        "GROUP BY (\"v\")")


def test_a_host_name_that_does_not_resolve_is_said_so_not_refused() -> None:
    with pytest.raises(QueryError) as failed:
        query_endpoint("http://no-such-host.invalid/sparql", COUNT)
    assert str(failed.value) == ("could not reach the SPARQL endpoint http://no-such-host.invalid/sparql: "
                                 "the host name no-such-host.invalid does not resolve (check the URL, or "
                                 "the DNS settings of this machine)")


@pytest.mark.parametrize("endpoint, reason", [
    ("http://no-such-host.invalid/sparql",
     "the host name no-such-host.invalid does not resolve (check the URL, or the DNS settings of this machine)"),
    ("http://127.0.0.1:9/store", "127.0.0.1:9 refused the connection (is the server running, on that port?)"),
])
def test_push_cli_says_why_the_endpoint_is_unreachable(seed_out: Path, endpoint: str, reason: str) -> None:
    result = CliRunner().invoke(main, ["push", str(seed_out), "--endpoint", endpoint])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: could not reach the Graph Store endpoint {endpoint}: {reason}\n"
