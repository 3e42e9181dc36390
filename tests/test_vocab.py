"""The TKG vocabulary class and ontology/tradekg.ttl agree, and every own term is documented."""

from __future__ import annotations

import inspect

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from loaders import vocab
from loaders.vocab import TKG
from ontology import data_path

NS = str(TKG._NS)


def ontology() -> Graph:
    return Graph().parse(data_path("tradekg.ttl"), format="turtle")


def turtle_terms() -> set[str]:
    """Local names of every tkg: IRI the Turtle mentions, in any position."""
    g = ontology()
    return {str(t)[len(NS):] for triple in g for t in triple
            if isinstance(t, URIRef) and str(t).startswith(NS) and len(str(t)) > len(NS)}


def class_terms() -> set[str]:
    return set(TKG.__annotations__)


def test_every_turtle_term_is_in_the_class() -> None:
    assert turtle_terms() - class_terms() == set()


def test_every_class_term_is_in_the_turtle() -> None:
    assert class_terms() - turtle_terms() == set()


def test_a_misspelt_term_is_an_error_not_a_new_iri() -> None:
    assert TKG.ledBy == URIRef(NS + "ledBy")
    with pytest.raises(AttributeError):
        _ = TKG.ledby


@pytest.mark.parametrize("term", sorted(class_terms()))
def test_every_own_term_has_zh_and_en_labels_and_a_definition(term: str) -> None:
    g = ontology()
    node = URIRef(NS + term)
    assert (node, RDF.type, None) in g, f"tkg:{term} is never declared"
    labels = {lit.language for lit in g.objects(node, RDFS.label) if isinstance(lit, Literal)}
    assert {"zh", "en"} <= labels, f"tkg:{term} lacks an rdfs:label in {sorted({'zh', 'en'} - labels)}"
    definitions = [d for d in g.objects(node, SKOS.definition) if isinstance(d, Literal) and str(d).strip()]
    assert definitions, f"tkg:{term} has no skos:definition"


def test_the_class_comments_are_the_turtle_definitions() -> None:
    g = ontology()
    text = inspect.getsource(vocab)
    for term in class_terms():
        definition = str(g.value(URIRef(NS + term), SKOS.definition))
        assert f"    {term}: URIRef  # {definition}\n" in text, term
