"""The named-query library: every file declares what it answers, its parameters and an order."""

from __future__ import annotations

import re

import pytest

from graph.errors import UnknownQueryError
from graph.query_library import PARAMETER_TYPES, get_query, list_queries, parse_query

REQUIRED = {
    "measures_led_by": ["agency", "include_predecessors"],
    "agency_lineage": ["agency"],
    "agencies_by_measures_led": [],
    "agencies_by_measures_involved": [],
    "agency_pairs": [],
    "measures_concerning": ["concept"],
    "targets_due_by": ["date"],
    "measures_by_section": ["document"],
    "unresolved_agencies": [],
    "documents_issued_by": ["agency"],
    "measures_aligned_with": ["target"],
    "untaken_national_measures": [],
    "document_citations": ["document"],
}
QUERIES = list_queries()


def test_library_ships_the_required_questions_with_their_parameters() -> None:
    shipped = {q.name: [p.name for p in q.parameters] for q in QUERIES}
    for name, params in REQUIRED.items():
        assert shipped.get(name) == params, name


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_says_what_it_answers(query) -> None:
    assert query.summary.endswith("?"), query.summary
    assert query.description
    assert query.columns
    assert all(p.type in PARAMETER_TYPES and p.description for p in query.parameters)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_query_orders_its_rows(query) -> None:
    assert re.search(r"^ORDER BY ", query.text, re.MULTILINE), query.name


def projection(text: str) -> list[str]:
    """Variables of the SELECT clause, in order: plain ones and `(... AS ?x)` ones."""
    clause = text[text.index("\nSELECT ") + 8: text.index("\nWHERE")]
    names, depth = [], 0
    for token in re.findall(r"\(|\)|AS \?\w+|\?\w+", clause):
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        elif token.startswith("AS ") and depth == 1:
            names.append(token[4:])
        elif token.startswith("?") and depth == 0:
            names.append(token[1:])
    return names


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_parameters_are_projected_first_and_columns_follow(query) -> None:
    projected = projection(query.text)
    params = [p.name for p in query.parameters]
    assert projected[: len(params)] == params
    assert tuple(projected[len(params):]) == query.columns


def test_header_parameters_continue_on_indented_lines() -> None:
    q = get_query("measures_led_by")
    assert q.parameters[0].description.startswith("the agency's Chinese name")
    assert q.parameters[0].description.endswith("or its IRI.")


def test_unknown_query_lists_the_known_ones() -> None:
    with pytest.raises(UnknownQueryError, match="known: agencies_by_measures_involved, "):
        get_query("../cli")


@pytest.mark.parametrize("header, problem", [
    ("SELECT ?x WHERE {}", "must start with a '#' line"),
    ("# Q?\n# param x (float): no\nSELECT ?x WHERE {}", "unknown type 'float'"),
    ("# Q?\n# param x (string): a\n# param x (date): b\nSELECT ?x WHERE {}", "declares a parameter twice"),
])
def test_malformed_headers_are_refused(header: str, problem: str) -> None:
    with pytest.raises(ValueError, match=re.escape(problem)):
        parse_query("bad", header)
