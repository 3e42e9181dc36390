"""Tests of graph.neo4j.load against a real Neo4j 5: counts, idempotence, values as data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest

from graph.neo4j.connection import Neo4jSettings
from graph.neo4j.cypher import get_cypher, run_named_cypher
from graph.neo4j.errors import Neo4jLoadError
from graph.neo4j.load import load_property_graph
from graph.neo4j.mapping import load_mapping
from graph.neo4j.rows import PropertyGraph, project_turtle
from graph.neo4j.statements import node_statement, quote_name
from graph.query_library import get_query
from graph.rdf.store import open_store
from graph.sparql.local import run_named

TRICKY = "x'}) DETACH DELETE n //"

P = ("PREFIX tkg: <https://w3id.org/tradekg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> "
     "PREFIX org: <http://www.w3.org/ns/org#> PREFIX eli: <http://data.europa.eu/eli/ontology#> ")
DOCUMENT_ENDS = ("{ ?x a tkg:PolicyDocument } UNION { ?d a tkg:PolicyDocument ; dcterms:references|tkg:transmits ?x "
                 "FILTER NOT EXISTS { ?x a eli:LegalResource } }"
                 " UNION { VALUES ?c { tkg:Measure tkg:Section } ?m a ?c ; tkg:inDocument ?x }")
PLACE_ENDS = ("{ ?x a tkg:Place } UNION { ?m a tkg:Measure ; tkg:mentionsPlace ?x } UNION "
              "{ VALUES ?c { tkg:PolicyDocument tkg:Agency } ?d a ?c ; tkg:jurisdiction ?x } UNION { ?p a tkg:Place ; dcterms:isPartOf ?x }")

# What each label and relationship type stands for in the RDF graph, counted by SPARQL
# (written here, not derived from the mapping): a relationship end the graph does not
# describe still becomes a node, so Document and Place count those ends too.
NODE_COUNTS = {
    "Document": P + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {DOCUMENT_ENDS} }}",
    "CitedDocument": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a eli:LegalResource }",
    "Section": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Section }",
    "Measure": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Measure }",
    "Agency": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Agency }",
    "Concept": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Concept }",
    "Place": P + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {PLACE_ENDS} }}",
    "Target": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Target }",
    "Enterprise": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Agency, tkg:Enterprise }",
    "CollectiveActor": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Agency, tkg:CollectiveActor }",
    "PublicInstitution": P + "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a tkg:Agency, tkg:PublicInstitution }",
}
RELATIONSHIP_COUNTS = {
    "RESPONSIBLE": P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure ; tkg:responsibility ?r . "
                       "?r a tkg:Responsibility ; tkg:agency ?a }",
    "ALIGNED_WITH": P + "SELECT (COUNT(*) AS ?n) WHERE { ?x a tkg:MeasureAlignment ; tkg:localMeasure ?m ; "
                        "tkg:alignedMeasure ?h }",
    "LED_BY": P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure ; tkg:ledBy ?a }",
    "PART_OF": P + "SELECT (COUNT(*) AS ?n) WHERE { { ?m a tkg:Measure ; tkg:inDocument ?d } UNION "
                   "{ ?s a tkg:Section ; tkg:inDocument ?d } UNION { ?p a tkg:Place ; dcterms:isPartOf ?q } }",
    "IN_SECTION": P + "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?c { tkg:Measure tkg:Section } ?x a ?c ; tkg:inSection ?s }",
    "CONCERNS": P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure ; tkg:concerns ?c }",
    "MENTIONS": P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure ; tkg:mentionsPlace ?p }",
    "HAS_TARGET": P + "SELECT (COUNT(*) AS ?n) WHERE { ?m a tkg:Measure ; tkg:hasTarget ?t }",
    "ISSUED_BY": P + "SELECT (COUNT(*) AS ?n) WHERE { ?d a tkg:PolicyDocument ; tkg:issuedBy ?a }",
    "CITES": P + "SELECT (COUNT(*) AS ?n) WHERE { ?d a tkg:PolicyDocument ; dcterms:references ?e }",
    "IMPLEMENTS": P + "SELECT (COUNT(*) AS ?n) WHERE { ?d a tkg:PolicyDocument ; eli:implements ?e }",
    "TRANSMITS": P + "SELECT (COUNT(*) AS ?n) WHERE { ?d a tkg:PolicyDocument ; tkg:transmits ?e }",
    "SUB_ORGANIZATION_OF": P + "SELECT (COUNT(*) AS ?n) WHERE { ?a a tkg:Agency ; org:subOrganizationOf ?b }",
    "SUCCEEDED_BY": P + "SELECT (COUNT(*) AS ?n) WHERE { ?e a org:ChangeEvent ; org:originalOrganization ?a ; "
                        "org:resultingOrganization ?b }",
    "JURISDICTION": P + "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?c { tkg:PolicyDocument tkg:Agency } ?x a ?c ; "
                        "tkg:jurisdiction ?p }",
}


def rdf_count(seed_out: Path, query: str) -> int:
    store = open_store(seed_out)
    return int(next(iter(store.query(query)))["n"].value)


def neo4j_counts(driver: neo4j.Driver, settings: Neo4jSettings) -> tuple[dict[str, int], dict[str, int]]:
    db = settings.database
    labels, _, _ = driver.execute_query(
        "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n", database_=db)
    types, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n", database_=db)
    return {r["label"]: r["n"] for r in labels}, {r["type"]: r["n"] for r in types}


@pytest.fixture()
def loaded(neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings,
           seed_property_graph: PropertyGraph) -> neo4j.Driver:
    """An empty database with the seed graph loaded once."""
    load_property_graph(neo4j_clean, seed_property_graph, load_mapping(), database=neo4j_settings.database)
    return neo4j_clean


def test_every_label_and_type_has_an_rdf_count() -> None:
    mapping = load_mapping()
    assert set(NODE_COUNTS) == set(mapping.labels)
    assert set(RELATIONSHIP_COUNTS) == set(mapping.relationship_types)


def test_statements_take_names_only_from_plain_identifiers() -> None:
    assert quote_name("Agency") == "`Agency`"
    for bad in ("Agency`) DETACH DELETE n //", "Bad Label", "", "1st", "Agency:Enterprise"):
        with pytest.raises(Neo4jLoadError, match="not a plain Cypher name"):
            node_statement(bad)


@pytest.mark.neo4j
def test_seed_counts_equal_the_rdf_graph(loaded: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                         seed_out: Path) -> None:
    labels, types = neo4j_counts(loaded, neo4j_settings)
    expected_labels = {label: rdf_count(seed_out, q) for label, q in NODE_COUNTS.items()}
    expected_types = {rel: rdf_count(seed_out, q) for rel, q in RELATIONSHIP_COUNTS.items()}
    assert labels == {k: v for k, v in expected_labels.items() if v}
    assert types == {k: v for k, v in expected_types.items() if v}
    # Pinned, so that a change in the loaders shows up here too.
    assert (labels["Measure"], types["RESPONSIBLE"], types["LED_BY"]) == (44, 137, 28)
    assert (labels["Agency"], labels["Section"], types["CONCERNS"]) == (39, 13, 96)  # 31 agencies and the 8 bodies of their lineage
    # The national notice cites 5 documents the corpus lacks, the Chongqing plan implements 2 more.
    assert (labels["Document"], labels["CitedDocument"], types["CITES"], types["IMPLEMENTS"]) == (3, 7, 7, 2)


@pytest.mark.neo4j
def test_seed_loads_every_row_as_the_mapping_says(
        loaded: neo4j.Driver, seed_property_graph: PropertyGraph,
        neo4j_snapshot: Callable[[neo4j.Driver], Any], expected_snapshot: Callable[[PropertyGraph], Any]) -> None:
    assert neo4j_snapshot(loaded) == expected_snapshot(seed_property_graph)


@pytest.mark.neo4j
def test_responsibility_becomes_a_relationship_with_role_rank_and_span(
        loaded: neo4j.Driver, neo4j_settings: Neo4jSettings) -> None:
    records, _, _ = loaded.execute_query(
        "MATCH (m:Measure)-[r:RESPONSIBLE]->(a:Agency {key: 'cn.gacc'}) "
        "WHERE m.number = '1' AND (m)-[:PART_OF]->(:Document {identifier: $doc}) "
        "RETURN r.role AS role, r.rank AS rank, r.clause_index AS ci, r.as_written AS w, "
        "r.open_ended AS oe, r.start AS s, r.end AS e, r.line AS line, r.source_file AS file",
        doc="署岸发〔2021〕85号", database_=neo4j_settings.database)
    assert [dict(r) for r in records] == [{
        "role": "lead", "rank": 1, "ci": 1, "w": "海关总署", "oe": False, "s": 972, "e": 980, "line": 14,
        "file": "gacc-2021-85_cross-border-trade-notice.txt"}]


@pytest.mark.neo4j
def test_second_load_changes_nothing(loaded: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                     seed_property_graph: PropertyGraph) -> None:
    before = neo4j_counts(loaded, neo4j_settings)
    again = load_property_graph(loaded, seed_property_graph, load_mapping(), database=neo4j_settings.database)
    assert not again.changed
    assert sum(again.nodes_created.values()) == sum(again.relationships_created.values()) == 0
    assert (again.properties_set, again.labels_added, again.constraints_added) == (0, 0, 0)
    assert neo4j_counts(loaded, neo4j_settings) == before


@pytest.mark.neo4j
def test_first_load_reports_what_it_created(neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                            seed_property_graph: PropertyGraph) -> None:
    summary = load_property_graph(neo4j_clean, seed_property_graph, load_mapping(),
                                  database=neo4j_settings.database, batch_size=50)
    assert summary.nodes_created == seed_property_graph.node_counts()
    assert summary.relationships_created == seed_property_graph.relationship_counts()
    assert summary.constraints_added == len(load_mapping().primary_labels)
    records, _, _ = neo4j_clean.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type WHERE type = 'UNIQUENESS' "
        "RETURN labelsOrTypes[0] AS label, properties", database_=neo4j_settings.database)
    found = {(r["label"], tuple(r["properties"])) for r in records}
    assert found >= {(label, ("iri",)) for label in load_mapping().primary_labels}


@pytest.mark.neo4j
def test_changed_value_is_updated_and_wipe_starts_clean(loaded: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                                         seed_property_graph: PropertyGraph) -> None:
    db = neo4j_settings.database
    loaded.execute_query("MATCH (a:Agency {key: 'cn.gacc'}) SET a.name_zh = 'edited' "
                         "CREATE (:Bystander {name: 'kept'})", database_=db)
    summary = load_property_graph(loaded, seed_property_graph, load_mapping(), database=db)
    assert summary.properties_set > 0 and not sum(summary.nodes_created.values())
    records, _, _ = loaded.execute_query("MATCH (a:Agency {key: 'cn.gacc'}) RETURN a.name_zh AS n", database_=db)
    assert records[0]["n"] == "海关总署"
    wiped = load_property_graph(loaded, seed_property_graph, load_mapping(), database=db, wipe=True)
    assert wiped.nodes_deleted == len(seed_property_graph.nodes)
    assert sum(wiped.nodes_created.values()) == len(seed_property_graph.nodes)
    records, _, _ = loaded.execute_query("MATCH (b:Bystander) RETURN b.name AS n", database_=db)
    assert [r["n"] for r in records] == ["kept"]  # not tradekg's: --wipe leaves it


TINY = f"""@prefix tkg: <https://w3id.org/tradekg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<http://x/doc> a tkg:PolicyDocument ; dcterms:identifier "测试〔2024〕1号" ; dcterms:title "测试"@zh .
<http://x/m1> a tkg:Measure ; tkg:inDocument <http://x/doc> ; tkg:number "1" ; dcterms:title "第一项"@zh ;
    tkg:ledBy <http://x/odd> ; tkg:responsibility <http://x/m1/r1> ; tkg:responsibleAgency <http://x/odd> .
<http://x/m1/r1> a tkg:Responsibility ; tkg:agency <http://x/odd> ; tkg:role tkg:Lead ; tkg:rank 1 .
<http://x/odd> a tkg:Agency ; dcterms:identifier "odd" ; skos:prefLabel "{TRICKY}"@zh ; tkg:resolved false .
"""


@pytest.mark.neo4j
def test_parameter_with_cypher_in_it_is_matched_as_text(neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                                         tmp_path: Path) -> None:
    db = neo4j_settings.database
    load_property_graph(neo4j_clean, project_turtle(TINY), load_mapping(), database=db)
    before = neo4j_counts(neo4j_clean, neo4j_settings)
    assert before[0]["Agency"] == 1

    for values in ({"agency": TRICKY}, {"agency": "x'}) DETACH DELETE n RETURN 1 AS document //"}):
        cypher = run_named_cypher(neo4j_clean, get_cypher("measures_led_by"), values, database=db)
        assert neo4j_counts(neo4j_clean, neo4j_settings) == before  # nothing deleted
        (tmp_path / "graph.ttl").write_text(TINY, encoding="utf-8")
        sparql = run_named(open_store(tmp_path), get_query("measures_led_by"), values)
        assert cypher == sparql
    assert cypher.rows == []  # the second value is no agency's name
    found = run_named_cypher(neo4j_clean, get_cypher("measures_led_by"), {"agency": TRICKY}, database=db)
    assert found.rows == [("测试〔2024〕1号", "1", "第一项", TRICKY)]
    unresolved = run_named_cypher(neo4j_clean, get_cypher("unresolved_agencies"), {}, database=db)
    assert unresolved.rows == [(TRICKY, "odd", 1)]
    assert unresolved == run_named(open_store(tmp_path), get_query("unresolved_agencies"))
