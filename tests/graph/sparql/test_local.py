"""Named questions on the seed graph, embedded: exact answers, engine parity, parameters as data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from graph.errors import QueryError, QueryParameterError
from graph.query_library import get_query, list_queries
from graph.sparql.local import bind_parameters, run_named, run_named_rdflib, run_query, run_query_rdflib

ANSWERS = json.loads((Path(__file__).parents[2] / "data" / "sparql_answers.json").read_text(encoding="utf-8"))
"""Exact answers on the seed corpus, checked against the two documents by hand."""

NATIONAL = "署岸发〔2021〕85号"
CHONGQING_PLAN = "2021年重庆市促进跨境贸易便利化工作方案"
INJECTION = 'x" } ; DROP ALL ; #'
SAMPLE_VALUES = {"agency": "海关总署", "concept": "单一窗口", "date": "2021-12-31", "document": NATIONAL,
                 "include_predecessors": "true", "target": NATIONAL}


def numbers(store: ox.Store, name: str, **values: str) -> list[tuple[str, str]]:
    rows = run_named(store, get_query(name), values).records()
    return [(r["document"], r["number"]) for r in rows]  # type: ignore[misc]


@pytest.mark.parametrize("case", ANSWERS, ids=lambda c: f"{c['query']}{c['parameters'] or ''}")
def test_named_query_gives_the_pinned_answer(seed_store: ox.Store, case: dict) -> None:
    result = run_named(seed_store, get_query(case["query"]), case["parameters"])
    assert list(result.columns) == case["columns"]
    assert [list(row) for row in result.rows] == case["rows"]


def test_gacc_leads_nine_national_measures(seed_store: ox.Store) -> None:
    # 负责 alone: 1, 3, 4, 8, 22, 23, 24; 海关总署牵头: 6, 13 (署岸发〔2021〕85号).
    expected = [(NATIONAL, n) for n in ("1", "3", "4", "6", "8", "13", "22", "23", "24")]
    assert numbers(seed_store, "measures_led_by", agency="海关总署") == expected


@pytest.mark.parametrize("name", ["海关总署", "中华人民共和国海关总署", "cn.gacc",
                                  "https://w3id.org/tradekg/id/agency/cn.gacc"])
def test_agency_parameter_takes_name_alias_key_or_iri(seed_store: ox.Store, name: str) -> None:
    assert len(numbers(seed_store, "measures_led_by", agency=name)) == 9


def test_chongqing_customs_leads_by_the_first_listed_rule(seed_store: ox.Store) -> None:
    # 排名第一的单位为牵头单位，下同: 重庆海关 is listed first in measures 1, 2, 3 and 6.
    assert numbers(seed_store, "measures_led_by", agency="重庆海关") == [
        (CHONGQING_PLAN, n) for n in ("1", "2", "3", "6")]


def test_single_window_measures_with_their_leads(seed_store: ox.Store) -> None:
    rows = run_named(seed_store, get_query("measures_concerning"), {"concept": "单一窗口"}).rows
    assert [(r[0], r[1], r[3]) for r in rows] == [
        (CHONGQING_PLAN, "7", "重庆市人民政府口岸和物流办公室"),
        (CHONGQING_PLAN, "8", "重庆市人民政府口岸和物流办公室"),
        (CHONGQING_PLAN, "10", "重庆市人民政府口岸和物流办公室"),
        (CHONGQING_PLAN, "11", "重庆市人民政府口岸和物流办公室"),
        (CHONGQING_PLAN, "17", "重庆市人民政府口岸和物流办公室"),
        (NATIONAL, "5", ""),  # 海关总署、税务总局按职责分工负责: joint, no lead
        (NATIONAL, "6", "海关总署"),
        (NATIONAL, "11", "各地区人民政府"),
        (NATIONAL, "13", "海关总署"),
        (NATIONAL, "16", ""),
        (NATIONAL, "25", ""),
    ]
    english = run_named(seed_store, get_query("measures_concerning"), {"concept": "Single Window"}).rows
    assert english == rows


def test_most_frequent_partners(seed_store: ox.Store) -> None:
    rows = run_named(seed_store, get_query("agency_pairs")).rows
    assert rows[:2] == [("交通运输部", "海关总署", 13), ("各地区人民政府", "海关总署", 12)]
    assert all(a < b for a, b, _ in rows)


def test_roles_of_the_busiest_agency(seed_store: ox.Store) -> None:
    top = run_named(seed_store, get_query("agencies_by_measures_involved")).records()[0]
    # Every national measure but 11 lists 海关总署: 9 lead, participant in 12, joint in 16.
    assert top == {"agency": "海关总署", "measures": 26, "lead": 9, "joint": 16, "participant": 1,
                   "guide": 0}


def test_due_dates_are_compared_as_dates(seed_store: ox.Store) -> None:
    def due(date: str) -> list[object]:
        return [r[0] for r in run_named(seed_store, get_query("targets_due_by"), {"date": date}).rows]

    assert due("2021-12-30") == []
    assert due("2021-12-31") == ["2021-12-31", "2021-12-31"]
    assert due("2030-01-01") == ["2021-12-31", "2021-12-31", "2022-12-31"]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_pyoxigraph_and_rdflib_give_the_same_rows(seed_store: ox.Store, seed_rdflib: Graph, query) -> None:
    values = {p.name: SAMPLE_VALUES[p.name] for p in query.parameters}
    embedded = run_named(seed_store, query, values)
    reference = run_named_rdflib(seed_rdflib, query, values)
    assert embedded.columns == reference.columns
    assert sorted(embedded.rows, key=repr) == sorted(reference.rows, key=repr)
    assert embedded.rows == reference.rows  # ORDER BY with tie-breakers: the same order too


@pytest.mark.parametrize("document", [CHONGQING_PLAN, NATIONAL, "国发〔2018〕37号", "优化营商环境条例",
                                      "https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021"
                                      "%E3%80%9585%E5%8F%B7"])
def test_document_citations_finds_a_document_every_way_on_both_engines(seed_store: ox.Store, seed_rdflib: Graph,
                                                                       document: str) -> None:
    # a document named by its 文号, its title or its IRI, in the corpus or only cited: both engines agree
    query = get_query("document_citations")
    embedded = run_named(seed_store, query, {"document": document})
    assert embedded.rows == run_named_rdflib(seed_rdflib, query, {"document": document}).rows
    assert embedded.rows, document
    if document.startswith("https://"):
        assert embedded.rows == run_named(seed_store, query, {"document": NATIONAL}).rows


@pytest.mark.parametrize("query", [q for q in list_queries() if any(p.type == "string" for p in q.parameters)],
                         ids=lambda q: q.name)
def test_a_parameter_that_looks_like_sparql_is_data(seed_store: ox.Store, seed_rdflib: Graph, query) -> None:
    values = {p.name: INJECTION if p.type == "string" else SAMPLE_VALUES[p.name] for p in query.parameters}
    before = len(seed_store)
    assert run_named(seed_store, query, values).rows == []
    assert run_named_rdflib(seed_rdflib, query, values).rows == []
    assert len(seed_store) == before


def test_ad_hoc_query_binds_strings_and_iris(seed_store: ox.Store) -> None:
    text = "SELECT ?agency ?n WHERE { ?a skos:prefLabel ?agency . ?m tkg:ledBy ?a } "
    counted = ("SELECT ?agency (COUNT(?m) AS ?n) WHERE { ?a skos:prefLabel ?agency . ?m tkg:ledBy ?a }"
               " GROUP BY ?agency")
    assert run_query(seed_store, counted, bind_parameters({"agency": "海关总署"})).rows == []  # no @zh
    lang = bind_parameters({})
    lang["agency"] = ox.Literal("海关总署", language="zh")
    assert run_query(seed_store, counted, lang).rows == [("海关总署", 9)]
    iri = bind_parameters({"a": "<https://w3id.org/tradekg/id/agency/cn.gacc>"})
    rows = run_query(seed_store, "SELECT ?a (COUNT(?m) AS ?n) WHERE { ?m tkg:ledBy ?a } GROUP BY ?a", iri).rows
    assert rows == [("https://w3id.org/tradekg/id/agency/cn.gacc", 9)]
    assert run_query(seed_store, text, {}).columns == ("agency", "n")


def test_rdflib_and_pyoxigraph_agree_on_ad_hoc_bindings(seed_store: ox.Store, seed_rdflib: Graph) -> None:
    text = "SELECT ?key ?label WHERE { ?a dcterms:identifier ?key ; skos:prefLabel ?label } ORDER BY ?label"
    bound = bind_parameters({"key": "cn.gacc"})
    assert run_query(seed_store, text, bound).rows == run_query_rdflib(seed_rdflib, text, bound).rows == [
        ("cn.gacc", "General Administration of Customs"), ("cn.gacc", "海关总署")]


def test_binding_a_variable_outside_the_select_clause_says_how_to_fix_it(seed_store: ox.Store) -> None:
    with pytest.raises(QueryParameterError, match="add each parameter to it"):
        run_query(seed_store, "SELECT ?m WHERE { ?m tkg:ledBy ?a }", bind_parameters({"a": "x"}))


def test_a_query_that_does_not_parse_is_a_query_error(seed_store: ox.Store) -> None:
    with pytest.raises(QueryError, match="does not parse"):
        run_query(seed_store, "SELECT ?m WHERE { ?m tkg:ledBy ")


@pytest.mark.parametrize("values, message", [
    ({}, "missing parameter agency; pass --param agency=VALUE"),
    ({"agency": "海关总署", "year": "2021"}, "unknown parameter year; this query takes agency (string)"),
])
def test_parameters_are_checked_against_the_header(seed_store: ox.Store, values: dict, message: str) -> None:
    with pytest.raises(QueryParameterError, match=re.escape(message)):
        run_named(seed_store, get_query("measures_led_by"), values)


@pytest.mark.parametrize("value", ["2021年底", "2021-13-01", INJECTION])
def test_a_date_parameter_must_be_a_date(seed_store: ox.Store, value: str) -> None:
    with pytest.raises(QueryParameterError, match="must be of type date"):
        run_named(seed_store, get_query("targets_due_by"), {"date": value})
