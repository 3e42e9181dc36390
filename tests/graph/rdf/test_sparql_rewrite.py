"""FILTER NOT EXISTS becomes MINUS only where the two mean the same, and then gives the same rows."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.namespace import SH

from graph.rdf.sparql_rewrite import not_exists_as_minus
from graph.rdf.validate import load_shapes
from tests.graph.rdf.test_shacl_sparql import edited
from tests.graph.rdf.test_validate import BREAKAGES

PREFIX = "PREFIX tkg: <https://w3id.org/tradekg/ontology#>\n"
SELECTS = sorted(str(s) for s in load_shapes().objects(None, SH.select))


@pytest.fixture(scope="module")
def broken_store(seed_out: Path) -> ox.Store:
    store = ox.Store()
    store.load(edited(seed_out, BREAKAGES).encode(), format=ox.RdfFormat.N_TRIPLES)
    return store


def rows(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(PREFIX + query)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    return sorted(tuple(str(s[n]) for n in names) for s in solutions)


def test_the_shapes_sparql_queries_are_all_rewritten() -> None:
    assert len(SELECTS) == 6
    assert all("MINUS" in not_exists_as_minus(q) and "NOT EXISTS" not in not_exists_as_minus(q) for q in SELECTS)


@pytest.mark.parametrize("query", SELECTS, ids=range(len(SELECTS)))
def test_a_rewritten_query_gives_the_rows_of_the_original(broken_store: ox.Store, query: str) -> None:
    original = rows(broken_store, query)
    assert original  # the broken graph has rows for every one of them
    assert rows(broken_store, not_exists_as_minus(query)) == original


def test_union_branches_and_subqueries_are_rewritten_each_on_its_own() -> None:
    query = ("SELECT ?x WHERE { { ?x :p ?y FILTER NOT EXISTS { ?x :q ?y } } UNION "
             "{ SELECT ?x WHERE { ?x :r ?z FILTER NOT EXISTS { ?z :s ?x } } } }")
    assert not_exists_as_minus(query) == ("SELECT ?x WHERE { { ?x :p ?y MINUS { ?x :q ?y } } UNION "
                                          "{ SELECT ?x WHERE { ?x :r ?z MINUS { ?z :s ?x } } } }")


def test_two_filters_become_two_minus_at_the_end_of_their_group() -> None:
    query = ('SELECT ?x WHERE { ?x :p ?y FILTER NOT EXISTS { ?x :label "}{" } '
             'FILTER regex(?y, "a") FILTER NOT EXISTS { ?y :q ?x } ?x :r ?z }')
    assert not_exists_as_minus(query) == ('SELECT ?x WHERE { ?x :p ?y FILTER regex(?y, "a") ?x :r ?z '
                                          'MINUS { ?x :label "}{" } MINUS { ?y :q ?x } }')


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?x :p ?y OPTIONAL { ?x :q ?a } FILTER NOT EXISTS { ?r :agency ?a } }",
    "SELECT ?x WHERE { ?x :p ?y FILTER NOT EXISTS { ?r :agency ?a } }",
    "SELECT ?x WHERE { ?x :p ?y FILTER(?z > 1) FILTER NOT EXISTS { ?w :q ?z } }",
    "SELECT ?x WHERE { ?x :p ?y FILTER NOT EXISTS { ?x :q ?z FILTER(?z != ?y) } }",
    "SELECT ?x WHERE { ?x :p ?y FILTER (NOT EXISTS { ?x :q ?y }) }",
    "SELECT ?x WHERE { ?x :p ?y BIND(?y AS ?z) FILTER NOT EXISTS { ?x :q ?z } }",
    "SELECT ?x WHERE { ?x :p ?y FILTER NOT EXISTS { ?x :q ?y }",
    "SELECT ?x WHERE { ?x :p ?y OPTIONAL { ?x :q ?z FILTER NOT EXISTS { ?z :r ?y } } }",
], ids=["optional", "no shared variable", "variable only in a filter", "filter inside", "parenthesised",
        "bind", "unbalanced", "inside optional"])
def test_a_query_where_the_two_may_differ_is_left_as_written(query: str) -> None:
    assert not_exists_as_minus(query) == query
