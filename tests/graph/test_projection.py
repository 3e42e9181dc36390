"""graph/projection.py: the RDF graph as networkx graphs, counted against the RDF itself."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from rdflib.namespace import RDF

from graph.errors import GraphNotFoundError
from graph.projection import (
    NODE_ATTRIBUTES,
    agency_graph,
    agency_node,
    collapse_measures,
    concept_graph,
    document_graph,
    ego_graph,
    measure_agency_graph,
    read_graph,
)
from loaders.vocab import TKG

GACC = agency_node("cn.gacc")


@pytest.fixture(scope="module")
def rdf(seed_out: Path) -> rdflib.Graph:
    return read_graph(seed_out)


@pytest.fixture(scope="module")
def base(rdf: rdflib.Graph) -> nx.Graph:
    return measure_agency_graph(rdf)


def _kinds(net: nx.Graph) -> dict[str, int]:
    return dict(Counter(d["kind"] for _, d in net.nodes(data=True)))


def test_measure_agency_graph_has_every_measure_and_listed_agency(base: nx.Graph, rdf: rdflib.Graph) -> None:
    assert _kinds(base) == {"measure": 44, "agency": 28}
    assert base.number_of_edges() == 137
    assert base.number_of_edges() == len(set(rdf.subjects(RDF.type, TKG.Responsibility)))


def test_roles_on_edges_match_the_responsibility_count(base: nx.Graph) -> None:
    roles = Counter(d["role"] for _, _, d in base.edges(data=True))
    assert roles == {"lead": 28, "joint": 67, "participant": 42}


def test_gacc_leads_nine_measures_as_tkg_led_by_says(base: nx.Graph, rdf: rdflib.Graph) -> None:
    led = set(rdf.subjects(TKG.ledBy, rdflib.URIRef(GACC)))
    assert base.nodes[GACC]["measures_led"] == len(led) == 9
    assert base.nodes[GACC]["measures"] == len(set(rdf.subjects(TKG.responsibleAgency, rdflib.URIRef(GACC))))


def test_every_node_carries_the_declared_attributes(base: nx.Graph, rdf: rdflib.Graph) -> None:
    for net in (base, concept_graph(rdf), agency_graph(base)):
        for _, attrs in net.nodes(data=True):
            assert set(NODE_ATTRIBUTES) <= set(attrs)


def test_measure_nodes_carry_document_section_and_source_span(base: nx.Graph) -> None:
    measures = [d for _, d in base.nodes(data=True) if d["kind"] == "measure"]
    assert all(d["document"] and d["section"] and d["text"] and d["title"] for d in measures)
    assert all(d["end"] > d["start"] >= 0 for d in measures)
    assert Counter(d["level"] for d in measures) == {"national": 27, "provincial": 17}


def test_agency_edges_count_shared_measures(base: nx.Graph) -> None:
    agencies = agency_graph(base)
    assert (agencies.number_of_nodes(), agencies.number_of_edges()) == (28, 89)
    for u, v, d in agencies.edges(data=True):
        shared = set(base[u]) & set(base[v])
        assert d["weight"] == len(shared) == len(d["measures"])
        assert set(d["measures"]) == shared


def test_concept_graph_links_concepts_measures_and_agencies(rdf: rdflib.Graph) -> None:
    concepts = concept_graph(rdf)
    assert _kinds(concepts) == {"concept": 67, "measure": 37, "agency": 25}
    concerns = [d for _, _, d in concepts.edges(data=True) if d["relation"] == "concerns"]
    assert len(concerns) == len(list(rdf.triples((None, TKG.concerns, None)))) == 96


def test_document_graph_groups_measures_by_section(base: nx.Graph) -> None:
    national = next(d for d, a in base.graph["documents"].items() if a["identifier"] == "署岸发〔2021〕85号")
    doc = document_graph(base, national)
    assert _kinds(doc) == {"section": 6, "measure": 27, "agency": 15}
    for node, attrs in doc.nodes(data=True):
        if attrs["kind"] == "measure":
            assert doc.has_edge(attrs["section"], node)


def test_transmittal_notice_without_measures_gives_an_empty_document_graph(base: nx.Graph) -> None:
    notice = next(d for d, a in base.graph["documents"].items() if a["identifier"] == "渝口岸物流发〔2021〕6号")
    assert document_graph(base, notice).number_of_nodes() == 0


def test_ego_graph_holds_the_agency_its_measures_and_partners(base: nx.Graph) -> None:
    ego = ego_graph(base, GACC)
    assert set(ego[GACC]) == set(base[GACC])
    assert _kinds(ego)["measure"] == base.nodes[GACC]["measures"]
    with pytest.raises(KeyError):
        ego_graph(base, agency_node("no.such"))


def test_collapse_measures_keeps_counts_on_edges(rdf: rdflib.Graph) -> None:
    concepts = concept_graph(rdf)
    folded = collapse_measures(concepts)
    assert "measure" not in _kinds(folded)
    total = sum(d["weight"] for _, _, d in folded.edges(data=True))
    expected = sum(1 for m, d in concepts.nodes(data=True) if d["kind"] == "measure"
                   for c in concepts[m] if concepts.nodes[c]["kind"] == "concept"
                   for a in concepts[m] if concepts.nodes[a]["kind"] == "agency")
    assert total == expected


def test_projection_order_is_the_same_every_time(rdf: rdflib.Graph) -> None:
    first, second = measure_agency_graph(rdf), measure_agency_graph(rdf)
    assert list(first.nodes) == list(second.nodes)
    assert list(first.edges) == list(second.edges)
    kinds = [d["kind"] for _, d in first.nodes(data=True)]
    assert kinds == sorted(kinds, key=["measure", "agency"].index)


def test_read_graph_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GraphNotFoundError, match=r"graph\.ttl"):
        read_graph(tmp_path)
