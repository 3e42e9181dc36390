"""Tests of graph.neo4j.mapping: the declared RDF -> property-graph mapping, without a server."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from graph.neo4j.errors import MappingError
from graph.neo4j.mapping import IDENTIFIER, load_mapping
from graph.neo4j.rows import project_turtle, read_property_graph

PREFIXES = """@prefix tkg: <https://w3id.org/tradekg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def test_mapping_declares_the_labels_and_relationships_of_the_design() -> None:
    mapping = load_mapping()
    assert mapping.primary_labels == ("Document", "CitedDocument", "Section", "Measure", "Agency", "Concept",
                                      "Place", "Target")
    assert {"CollectiveActor", "Enterprise", "PublicInstitution"} <= set(mapping.labels)
    joins = {(r.start_label, r.type, r.end_label) for r in mapping.relationships}
    assert joins >= {
        ("Measure", "LED_BY", "Agency"), ("Measure", "RESPONSIBLE", "Agency"),
        ("Measure", "CONCERNS", "Concept"), ("Agency", "SUB_ORGANIZATION_OF", "Agency"),
        ("Document", "ISSUED_BY", "Agency"), ("Measure", "PART_OF", "Document"),
        ("Measure", "IN_SECTION", "Section"), ("Section", "PART_OF", "Document"),
        ("Document", "CITES", "Document"), ("Document", "TRANSMITS", "Document"),
        ("Measure", "HAS_TARGET", "Target"), ("Measure", "MENTIONS", "Place"),
        ("Document", "CITES", "CitedDocument"), ("Document", "IMPLEMENTS", "Document"),
        ("Document", "IMPLEMENTS", "CitedDocument"),
    }
    responsible = mapping.relationship_property_types("RESPONSIBLE")
    assert list(responsible)[:9] == ["iri", "role", "rank", "clause_index", "as_written", "open_ended",
                                     "clause", "start", "end"]
    assert responsible["rank"] == "integer" and responsible["open_ended"] == "boolean"


def test_every_name_is_a_plain_cypher_identifier() -> None:
    mapping = load_mapping()
    names = [*mapping.labels, *mapping.relationship_types]
    names += [p.name for n in mapping.nodes for p in n.properties]
    names += [p.name for r in mapping.relationships for p in r.properties]
    assert all(IDENTIFIER.match(name) for name in names)


def test_responsibility_node_becomes_one_relationship_with_its_qualifiers() -> None:
    pg = project_turtle(PREFIXES + """
<http://x/m> a tkg:Measure ; tkg:responsibility <http://x/m/r1>, <http://x/m/r2> .
<http://x/m/r1> a tkg:Responsibility ; tkg:agency <http://x/a> ; tkg:role tkg:Lead ; tkg:rank 1 ;
    tkg:clauseIndex 1 ; tkg:openEnded false ; tkg:asWritten "海关总署"@zh .
<http://x/m/r2> a tkg:Responsibility ; tkg:agency <http://x/a> ; tkg:role tkg:Participant ; tkg:rank 1 ;
    tkg:clauseIndex 2 .
<http://x/a> a tkg:Agency .
""")
    rels = [(r.type, r.start, r.end, r.properties) for r in pg.relationships]
    assert rels == [
        ("RESPONSIBLE", "http://x/m", "http://x/a",
         {"iri": "http://x/m/r1", "role": "lead", "rank": 1, "clause_index": 1, "as_written": "海关总署",
          "open_ended": False}),
        ("RESPONSIBLE", "http://x/m", "http://x/a",
         {"iri": "http://x/m/r2", "role": "participant", "rank": 1, "clause_index": 2}),
    ]
    assert sorted(n.label for n in pg.nodes) == ["Agency", "Measure"]  # no Responsibility node


def test_values_are_typed_filtered_by_language_and_lists_sorted() -> None:
    pg = project_turtle(PREFIXES + """
<http://x/a> a tkg:Agency, tkg:Enterprise ; skos:prefLabel "港务物流集团"@zh, "Port Group"@en ;
    skos:altLabel "乙"@zh, "甲"@zh ; tkg:resolved false ; tkg:level tkg:Provincial .
<http://x/t> a tkg:Target ; tkg:dueDate "2021-12-31"^^xsd:date ; tkg:targetValue 7.5 .
""")
    agency, target = pg.nodes[0], pg.nodes[1]
    assert (agency.label, agency.extra_labels) == ("Agency", ("Enterprise",))
    assert agency.properties == {"name_zh": "港务物流集团", "name_en": "Port Group", "aliases": ["乙", "甲"],
                                 "level": "provincial", "resolved": False}
    assert target.properties == {"due_date": datetime.date(2021, 12, 31), "target_value": 7.5}


def test_relationship_end_outside_the_graph_becomes_a_bare_node() -> None:
    pg = project_turtle(PREFIXES + """
<http://x/d> a tkg:PolicyDocument ; dcterms:references <http://x/cited> .
""")
    assert [(n.label, n.iri, n.properties) for n in pg.nodes] == [
        ("Document", "http://x/d", {}), ("Document", "http://x/cited", {})]
    assert [(r.type, r.end) for r in pg.relationships] == [("CITES", "http://x/cited")]


def test_relationship_to_a_node_of_another_label_is_an_error() -> None:
    with pytest.raises(MappingError, match="LED_BY must join a Measure to a Agency, but http://x/p is a Place"):
        project_turtle(PREFIXES + "<http://x/m> a tkg:Measure ; tkg:ledBy <http://x/p> . <http://x/p> a tkg:Place .")


def test_second_value_of_a_single_valued_property_is_an_error() -> None:
    with pytest.raises(MappingError, match="has 2 values for number"):
        project_turtle(PREFIXES + '<http://x/m> a tkg:Measure ; tkg:number "1", "2" .')


def test_resource_of_two_mapped_classes_is_an_error() -> None:
    with pytest.raises(MappingError, match="is both a Measure and a Place"):
        project_turtle(PREFIXES + "<http://x/m> a tkg:Measure, tkg:Place .")


@pytest.mark.parametrize(("entry", "message"), [
    ('[[nodes]]\nlabel = "Bad Label"\nclass = "tkg:Measure"\n', "must match"),
    ('[[nodes]]\nlabel = "M"\nclass = "nope:Measure"\n', "declared prefix"),
    ('[[nodes]]\nlabel = "M"\nclass = "tkg:Measure"\n[nodes.properties]\nn = { path = "tkg:number", type = "int" }\n',
     "type 'int' is not one of"),
    ('[[nodes]]\nlabel = "M"\nclass = "tkg:Measure"\n[[relationships]]\ntype = "X"\nfrom = "M"\nto = "Q"\n'
     'predicate = "tkg:x"\n', "both must be node labels"),
])
def test_malformed_mapping_is_reported(tmp_path: Path, entry: str, message: str) -> None:
    path = tmp_path / "mapping.toml"
    path.write_text('[prefixes]\ntkg = "https://w3id.org/tradekg/ontology#"\n' + entry, encoding="utf-8")
    with pytest.raises(MappingError, match=message):
        load_mapping(path)


def test_seed_projection_is_stable(seed_out: Path) -> None:
    first, second = read_property_graph(seed_out), read_property_graph(seed_out)
    assert first.nodes == second.nodes and first.relationships == second.relationships
    assert first.node_counts()["Measure"] == 44
    assert first.relationship_counts()["RESPONSIBLE"] == 137


def test_a_predicate_declared_for_two_end_labels_gives_each_its_own_ends() -> None:
    from graph.neo4j.rows import project_turtle

    graph = project_turtle("""
        @prefix tkg: <https://w3id.org/tradekg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix eli: <http://data.europa.eu/eli/ontology#> .
        <http://x/plan> a tkg:PolicyDocument ; dcterms:title "方案"@zh ;
            dcterms:references <http://x/notice> , <http://x/law> ; eli:implements <http://x/law> .
        <http://x/notice> a tkg:PolicyDocument ; dcterms:title "通知"@zh .
        <http://x/law> a eli:LegalResource ; dcterms:title "优化营商环境条例"@zh .
    """)
    rels = sorted((r.type, r.end_label, r.end) for r in graph.relationships)
    assert rels == [("CITES", "CitedDocument", "http://x/law"), ("CITES", "Document", "http://x/notice"),
                    ("IMPLEMENTS", "CitedDocument", "http://x/law")]
    [law] = [n for n in graph.nodes if n.label == "CitedDocument"]
    assert law.properties == {"titles": ["优化营商环境条例"]}
