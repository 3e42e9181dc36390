"""The shapes compiled to SPARQL report what pySHACL reports: on the seed, the corpus, and broken graphs."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, SKOS, XSD

from graph.cli import main
from graph.errors import UnsupportedShapeError
from graph.rdf.shacl_sparql import CompiledShapes, compile_shapes
from graph.rdf.validate import (
    ValidationReport,
    load_ontology,
    load_shapes,
    validate_directory,
    validate_graph,
    validate_store,
)
from tests.graph.rdf.test_validate import BREAKAGES, GACC, ID, TKG, measure, responsibility

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
"""The development corpus, beside the repository (``../shared/corpus``)."""

RAILWAY = URIRef(ID + "agency/cn.china-railway")

# Edits pySHACL accepts, so the SPARQL engine must too.
ACCEPTED = [
    # An instance of a subclass of tkg:Agency (tkg:Enterprise) is an agency for sh:class and sh:targetClass.
    ([(RAILWAY, RDF.type, TKG.Agency)], []),
    # rdflib reads " 2 " as the integer 2 (Python's int), though it is not XSD's lexical form.
    ([(responsibility(2), TKG.rank, None)], [(responsibility(2), TKG.rank, Literal(" 2 ", datatype=XSD.integer,
                                                                                    normalize=False))]),
    # Python's $ matches before a final newline.
    ([(measure(8), TKG.number, None)], [(measure(8), TKG.number, Literal("8\n"))]),
    # sh:languageIn ("zh") accepts zh-Hans.
    ([(GACC, SKOS.prefLabel, Literal("海关总署", lang="zh"))], [(GACC, SKOS.prefLabel, Literal("海关总署", lang="zh-Hans"))]),
]


def edited(seed: Path, edits: list) -> str:
    """The seed graph with edits applied, as N-Triples (what both engines read from a build)."""
    g = Graph().parse(seed / "graph.nt", format="nt")
    for remove, add, *_ in edits:
        for pattern in remove:
            g.remove(pattern)
        for triple in add:
            g.add(triple)
    return g.serialize(format="nt")


def both(ntriples: str) -> tuple[ValidationReport, ValidationReport]:
    """The reports of pySHACL and of the SPARQL engine on the same N-Triples."""
    store = ox.Store()
    store.load(ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    return validate_graph(Graph().parse(data=ntriples, format="nt")), validate_store(store)


@pytest.fixture(scope="module")
def compiled() -> CompiledShapes:
    return compile_shapes(load_shapes(), load_ontology())


@pytest.fixture(scope="module")
def broken(seed_out: Path) -> tuple[ValidationReport, ValidationReport]:
    return both(edited(seed_out, BREAKAGES))


def test_both_engines_find_the_seed_build_conforming(seed_out: Path) -> None:
    assert both((seed_out / "graph.nt").read_text(encoding="utf-8")) == (ValidationReport(True, ()),) * 2


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no development corpus at {CORPUS}")
def test_both_engines_agree_on_the_development_corpus(tmp_path_factory: pytest.TempPathFactory) -> None:
    from graph.pipeline import build

    out = tmp_path_factory.mktemp("corpus-out")
    build([CORPUS], out, validate=False)
    assert (out / "store" / "CURRENT").is_file()  # so the default engine reads the build's store
    assert validate_directory(out) == validate_directory(out, engine="pyshacl") == ValidationReport(True, ())


def test_both_engines_agree_on_a_graph_broken_every_way(broken: tuple[ValidationReport, ValidationReport]) -> None:
    reference, sparql = broken
    assert sparql == reference
    assert not sparql.conforms and len(sparql.violations) == 41


@pytest.mark.parametrize("remove, add, shape, node, path, words", BREAKAGES, ids=lambda x: None)
def test_the_sparql_engine_reports_each_breakage(
        broken: tuple[ValidationReport, ValidationReport], remove: list, add: list, shape: str, node: URIRef,
        path: str | None, words: str) -> None:
    found = [v for v in broken[1].violations if v.shape == shape and v.focus == str(node)]
    assert found and found[0].path == path and words in found[0].message


def test_the_breakages_violate_every_component_the_shapes_use(
        broken: tuple[ValidationReport, ValidationReport], compiled: CompiledShapes) -> None:
    used = {c.component for c in compiled.walk()}
    assert used == {v.component for v in broken[1].violations}
    assert len(used) == 15


def test_nested_results_of_sh_node_are_reported_with_their_parent(
        broken: tuple[ValidationReport, ValidationReport]) -> None:
    nested = [(v.focus, v.component, v.value) for v in broken[1].violations if v.shape == "tkgsh:CitedDocument"]
    untyped = ID + "doc/%E5%9B%BD%E5%8F%91%E3%80%942018%E3%80%9537%E5%8F%B7"  # 国发〔2018〕37号, its type removed
    # once under each of dcterms:references, eli:cites and eli:implements
    assert nested == [('"国发〔2018〕37号"', "ClassConstraintComponent", None),
                      *[(untyped, "ClassConstraintComponent", None)] * 3]


def test_ill_typed_literals_are_violations_as_in_pyshacl(broken: tuple[ValidationReport, ValidationReport]) -> None:
    typed = {(v.shape, v.component, v.value) for v in broken[1].violations
             if v.component in ("DatatypeConstraintComponent", "MinInclusiveConstraintComponent")}
    assert typed == {
        ("tkgsh:Responsibility-rank", "DatatypeConstraintComponent", f'"abc"^^<{XSD.integer}>'),
        ("tkgsh:Responsibility-rank", "MinInclusiveConstraintComponent", f'"abc"^^<{XSD.integer}>'),
        ("tkgsh:Responsibility-rank", "MinInclusiveConstraintComponent", f'"0"^^<{XSD.integer}>'),
        ("tkgsh:Target-dueDate", "DatatypeConstraintComponent", f'"2021-02-30"^^<{XSD.date}>'),
        ("tkgsh:Agency-resolved", "DatatypeConstraintComponent", f'"true"^^<{XSD.boolean}>'),  # "TRUE", as rdflib words it
        ("tkgsh:Measure-title", "DatatypeConstraintComponent", '"深化改革"'),
    }


def test_sparql_constraint_messages_name_the_value(broken: tuple[ValidationReport, ValidationReport]) -> None:
    [violation] = [v for v in broken[1].violations
                   if v.shape == "tkgsh:LedByMatchesLeads" and v.focus == str(measure(6))]
    assert violation.message == (f"tkg:ledBy names {ID}agency/cn.mof, but no responsibility of this measure "
                                 "gives it role tkg:Lead")


def test_what_pyshacl_accepts_the_sparql_engine_accepts(seed_out: Path) -> None:
    assert both(edited(seed_out, ACCEPTED)) == (ValidationReport(True, ()),) * 2


def test_the_ontology_conforms_on_its_own_so_mixing_it_in_changes_nothing() -> None:
    store = ox.Store()
    store.load(load_ontology().serialize(format="nt").encode(), format=ox.RdfFormat.N_TRIPLES)
    assert validate_store(store) == validate_graph(load_ontology()) == ValidationReport(True, ())


def test_a_compiled_constraint_keeps_shape_path_component_message_severity_and_query(
        compiled: CompiledShapes) -> None:
    [c] = [c for c in compiled.walk()
           if c.label == "tkgsh:Responsibility-measure" and c.component == "MaxCountConstraintComponent"]
    assert c.shape == URIRef("https://w3id.org/tradekg/shapes#Responsibility-measure")
    assert isinstance(c.path, BNode) and c.severity == SH.Violation and c.check is None
    assert c.messages == ("a responsibility belongs to exactly one measure (^tkg:responsibility)",)
    v, w = re.findall(r"\?_v[0-9]+", c.query)[:2]
    assert c.query == (f"SELECT DISTINCT ?this WHERE {{\n  ?this <{RDF.type}> <{TKG.Responsibility}> .\n"
                       f"  {v} <{TKG.responsibility}> ?this .\n  {w} <{TKG.responsibility}> ?this .\n"
                       f"  FILTER(!sameTerm({v}, {w}))\n}}")


def test_sparql_constraints_run_with_minus_for_not_exists(compiled: CompiledShapes) -> None:
    sparql = [c for c in compiled.walk() if c.component == "SPARQLConstraintComponent"]
    assert [c.label for c in sparql] == ["tkgsh:LeadsAreLedBy", "tkgsh:LedByMatchesLeads",
                                         "tkgsh:ResponsibleAgencyMatches"]
    assert all("MINUS" in c.query and "NOT EXISTS" not in c.query for c in sparql)
    assert all(c.query.startswith("PREFIX tkg: <https://w3id.org/tradekg/ontology#>\n") for c in sparql)


def test_shapes_compiled_once_validate_many_stores(seed_out: Path, compiled: CompiledShapes) -> None:
    store = ox.Store()
    store.bulk_load(path=str(seed_out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert validate_store(store, compiled=compiled) == validate_store(store) == ValidationReport(True, ())
    with pytest.raises(ValueError, match="not both"):
        validate_store(store, compiled=compiled, shapes=load_shapes())


SHAPES_HEAD = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:message "m" ; """


@pytest.mark.parametrize("body, shape, construct", [
    ("sh:closed true .", "ex:S", "sh:closed"),
    ("sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:flags \"i\" ; sh:message \"m\" ] .",
     "the anonymous shape on ex:p of ex:S", "sh:flags"),
    ("sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message \"m\" ] .", "the anonymous shape of ex:S",
     "an sh:path other than an IRI or sh:inversePath of an IRI"),
    ("sh:or ( [ sh:path ex:p ; sh:maxCount 1 ] ) .", "the anonymous shape on ex:p",
     "sh:maxCount inside sh:or, sh:node or sh:qualifiedValueShape"),
    ("sh:or ( [ sh:path ex:p ; sh:datatype ex:D ] ) .", "the anonymous shape on ex:p",
     "sh:datatype inside sh:or, sh:node or sh:qualifiedValueShape"),
    ("sh:property [ sh:path ex:p ; sh:class ex:C , ex:D ; sh:message \"m\" ] .",
     "the anonymous shape on ex:p of ex:S", "more than one sh:class"),
    ("sh:sparql [ sh:select \"SELECT $this WHERE { $this ex:p ?failure }\" ] .", "ex:S",
     "?failure in a SPARQL query"),
])
def test_an_unsupported_construct_names_the_shape_and_the_construct(body: str, shape: str, construct: str) -> None:
    shapes = Graph().parse(data=SHAPES_HEAD + body, format="turtle")
    with pytest.raises(UnsupportedShapeError) as caught:
        compile_shapes(shapes, Graph())
    assert (caught.value.shape, caught.value.construct) == (shape, construct)
    assert str(caught.value) == (f"{shape} uses {construct}, which the SPARQL validator does not compile; "
                                 "validate with --engine pyshacl, or rewrite the shape")


def test_a_constraint_without_a_message_is_refused() -> None:
    shapes = Graph().parse(data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S sh:targetClass ex:C ; sh:property ex:S-p . ex:S-p sh:path ex:p ; sh:minCount 1 .""", format="turtle")
    with pytest.raises(UnsupportedShapeError, match=r"^ex:S-p uses a constraint without sh:message "):
        compile_shapes(shapes, Graph())


def test_validate_cli_engine_both_ways_on_the_seed(seed_out: Path) -> None:
    for engine in ("oxigraph", "pyshacl"):
        result = CliRunner().invoke(main, ["validate", str(seed_out), "--engine", engine])
        assert (result.exit_code, result.stdout) == (
            0, "The graph conforms to the SHACL shapes (ontology/shapes.ttl).\n")


def test_validate_cli_engine_both_ways_on_a_broken_graph(seed_out: Path, tmp_path: Path) -> None:
    (tmp_path / "graph.ttl").write_text(edited(seed_out, BREAKAGES), encoding="utf-8")  # N-Triples is Turtle
    runs = [CliRunner().invoke(main, ["validate", str(tmp_path), "--engine", engine])
            for engine in ("oxigraph", "pyshacl")]
    assert [r.exit_code for r in runs] == [1, 1]
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stdout.endswith("The graph does not conform: 41 violations of 24 shapes (ontology/shapes.ttl).\n")


def test_validate_cli_refuses_an_unknown_engine(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(seed_out), "--engine", "jena"])
    assert result.exit_code == 2
    assert "Invalid value for '--engine': 'jena' is not one of 'oxigraph', 'pyshacl'." in result.output
