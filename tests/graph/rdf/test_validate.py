"""SHACL validation: the seed graph conforms; each kind of breakage is named with shape, node and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from graph.cli import main
from graph.rdf.validate import ValidationReport, validate_directory, validate_graph

TKG = Namespace("https://w3id.org/tradekg/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")
ID = "https://w3id.org/tradekg/id/"
NATIONAL = ID + "doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7"
NOTICE = URIRef(ID + "doc/%E6%B8%9D%E5%8F%A3%E5%B2%B8%E7%89%A9%E6%B5%81%E5%8F%91%E3%80%942021%E3%80%956%E5%8F%B7")
PLAN = URIRef(ID + "doc/2021%E5%B9%B4%E9%87%8D%E5%BA%86%E5%B8%82%E4%BF%83%E8%BF%9B%E8%B7%A8%E5%A2%83%E8%B4%B8"
              "%E6%98%93%E4%BE%BF%E5%88%A9%E5%8C%96%E5%B7%A5%E4%BD%9C%E6%96%B9%E6%A1%88%EF%BC%882021-03-16%EF%BC%89")
CITED = URIRef(ID + "doc/%E4%BC%98%E5%8C%96%E8%90%A5%E5%95%86%E7%8E%AF%E5%A2%83%E6%9D%A1%E4%BE%8B")  # 优化营商环境条例
CITED_BY_NUMBER = URIRef(ID + "doc/%E5%9B%BD%E5%8F%91%E3%80%942018%E3%80%9537%E5%8F%B7")  # 国发〔2018〕37号
MEASURE = URIRef(f"{NATIONAL}/measure/13")
TARGET = URIRef(f"{NATIONAL}/measure/5/target/1")
SECOND_TARGET = URIRef(f"{NATIONAL}/measure/5/target/2")
SELECTOR = URIRef(f"{NATIONAL}/measure/5/target/2#selector")
GACC = URIRef(ID + "agency/cn.gacc")
MOF = URIRef(ID + "agency/cn.mof")
MOT = URIRef(ID + "agency/cn.mot")
RAILWAY = URIRef(ID + "agency/cn.china-railway")


def measure(number: int) -> URIRef:
    return URIRef(f"{NATIONAL}/measure/{number}")


def responsibility(number: int) -> URIRef:
    return URIRef(f"{NATIONAL}/measure/{number}/responsibility/1-1")


# One breakage per node, so one validation run reports them all; together they violate every
# constraint component ontology/shapes.ttl uses (tests/graph/rdf/test_shacl_sparql.py checks).
BREAKAGES = [
    ([(measure(13), DCTERMS.title, None)], [], "tkgsh:Measure-title", measure(13), "dcterms:title",
     "a measure has exactly one title"),
    ([(measure(12), TKG.inDocument, None)], [], "tkgsh:Measure-inDocument", measure(12), "tkg:inDocument",
     "exactly one policy document"),
    ([(measure(11), TKG.responsibility, None)], [], "tkgsh:Measure-responsibility", measure(11),
     "tkg:responsibility", "at least one responsibility"),
    ([], [(measure(10), TKG.number, Literal("十"))], "tkgsh:Measure-number", measure(10), "tkg:number",
     "exactly one number"),
    ([(responsibility(9), TKG.role, None)], [(responsibility(9), TKG.role, TKG.National)],
     "tkgsh:Responsibility-role", responsibility(9), "tkg:role",
     "tkg:Lead, tkg:Joint, tkg:Participant or tkg:Guide"),
    ([(responsibility(8), TKG.rank, None)], [(responsibility(8), TKG.rank, Literal(0))],
     "tkgsh:Responsibility-rank", responsibility(8), "tkg:rank", "a positive xsd:integer"),
    ([(responsibility(7), TKG.agency, None)], [], "tkgsh:Responsibility-agency", responsibility(7),
     "tkg:agency", "exactly one agency"),
    ([(MOF, SKOS.prefLabel, Literal("财政部", lang="zh"))], [], "tkgsh:Agency-prefLabelZh", MOF,
     "skos:prefLabel", "a skos:prefLabel tagged @zh"),
    ([(TARGET, TKG.dueDate, None), (TARGET, TKG.targetValue, None)], [], "tkgsh:Target", TARGET, None,
     "a due date (tkg:dueDate) or a value (tkg:targetValue)"),
    ([], [(measure(6), TKG.ledBy, MOF)], "tkgsh:LedByMatchesLeads", measure(6), None,
     "no responsibility of this measure gives it role tkg:Lead"),
    ([(measure(4), TKG.ledBy, GACC)], [], "tkgsh:LeadsAreLedBy", measure(4), None,
     "the measure lacks tkg:ledBy"),
    ([(measure(3), DCTERMS.title, None)], [(measure(3), DCTERMS.title, Literal("深化改革"))],
     "tkgsh:Measure-title", measure(3), "dcterms:title", "language-tagged"),
    ([(responsibility(4), TKG.rank, None)], [], "tkgsh:Responsibility-rank", responsibility(4), "tkg:rank",
     "exactly one rank"),
    ([], [(responsibility(3), TKG.agency, MOF)], "tkgsh:Responsibility-agency", responsibility(3),
     "tkg:agency", "exactly one agency"),
    ([(responsibility(5), TKG.rank, None)], [(responsibility(5), TKG.rank, Literal("abc", datatype=XSD.integer))],
     "tkgsh:Responsibility-rank", responsibility(5), "tkg:rank", "a positive xsd:integer"),
    ([(SECOND_TARGET, TKG.dueDate, None)],
     [(SECOND_TARGET, TKG.dueDate, Literal("2021-02-30", datatype=XSD.date))],
     "tkgsh:Target-dueDate", SECOND_TARGET, "tkg:dueDate", "an xsd:date"),
    ([(MOT, TKG.resolved, None)], [(MOT, TKG.resolved, Literal("TRUE", datatype=XSD.boolean, normalize=False))],
     "tkgsh:Agency-resolved", MOT, "tkg:resolved", "(tkg:resolved, xsd:boolean)"),
    ([], [(RAILWAY, SKOS.prefLabel, Literal("China Railway Group", lang="en"))], "tkgsh:Agency-prefLabel",
     RAILWAY, "skos:prefLabel", "at most one skos:prefLabel per language"),
    ([(NOTICE, DCTERMS.identifier, None)], [(NOTICE, DCTERMS.identifier, Literal(""))],
     "tkgsh:PolicyDocument-identifier", NOTICE, "dcterms:identifier", "at most one document number"),
    ([(CITED, DCTERMS.title, None)], [], "tkgsh:LegalResource", CITED, None,
     "needs a title (dcterms:title) or a document number"),
    ([(CITED_BY_NUMBER, RDF.type, None)], [], "tkgsh:PolicyDocument-references", PLAN, "dcterms:references",
     "a document of the corpus or an eli:LegalResource"),
    ([], [], "tkgsh:CitedDocument", CITED_BY_NUMBER, None, "is typed: a tkg:PolicyDocument of the corpus or an "
     "eli:LegalResource, never a bare node"),
    ([], [(URIRef(NATIONAL), DCTERMS.references, Literal("国发〔2018〕37号"))], "tkgsh:PolicyDocument-references",
     URIRef(NATIONAL), "dcterms:references", "must be an IRI"),
    ([(SELECTOR, OA.start, None)], [(SELECTOR, OA.start, Literal(1500))], "tkgsh:TextPositionSelector-start",
     SELECTOR, "oa:start", "<= its oa:end"),
    ([], [(measure(2), TKG.concerns, Literal("单一窗口", lang="zh"))], "tkgsh:Measure-concerns", measure(2),
     "tkg:concerns", "must be a tkg:Concept"),
    ([], [(measure(1), TKG.responsibility, responsibility(14))], "tkgsh:Responsibility-measure",
     responsibility(14), "(path)", "belongs to exactly one measure"),
]


def copy(seed: Graph) -> Graph:
    g = Graph()
    for triple in seed:
        g.add(triple)
    return g


@pytest.fixture(scope="module")
def broken_report(seed_rdflib: Graph) -> ValidationReport:
    g = copy(seed_rdflib)
    for remove, add, *_ in BREAKAGES:
        for pattern in remove:
            g.remove(pattern)
        for triple in add:
            g.add(triple)
    return validate_graph(g)


def test_the_seed_graph_conforms(seed_out: Path) -> None:
    report = validate_directory(seed_out)
    assert report.conforms and report.violations == ()


@pytest.mark.parametrize("remove, add, shape, node, path, words", BREAKAGES, ids=lambda x: None)
def test_a_broken_graph_is_reported_with_shape_node_and_reason(
        broken_report: ValidationReport, remove: list, add: list, shape: str, node: URIRef,
        path: str | None, words: str) -> None:
    assert not broken_report.conforms
    found = [v for v in broken_report.violations if v.shape == shape and v.focus == str(node)]
    assert found, [v.describe() for v in broken_report.violations]
    assert found[0].path == path
    assert words in found[0].message
    text = found[0].describe()
    assert shape in text and str(node) in text and words in text


def test_nothing_else_is_reported(broken_report: ValidationReport) -> None:
    expected = {(shape, str(node)) for *_, shape, node, _path, _words in BREAKAGES}
    # Dropping measure 11's responsibilities also breaks the agreement of its shortcuts, and so
    # do the agencies added to measures 1 and 3; the literal cited fails tkgsh:CitedDocument too.
    extra = {(v.shape, v.focus) for v in broken_report.violations} - expected
    assert extra == {("tkgsh:ResponsibleAgencyMatches", str(measure(11))),
                     ("tkgsh:LedByMatchesLeads", str(measure(11))),
                     ("tkgsh:Responsibility-measure", str(responsibility(11))),
                     ("tkgsh:ResponsibleAgencyMatches", str(measure(7))),
                     ("tkgsh:ResponsibleAgencyMatches", str(measure(1))),
                     ("tkgsh:ResponsibleAgencyMatches", str(measure(3))),
                     ("tkgsh:LeadsAreLedBy", str(measure(3))),
                     ("tkgsh:CitedDocument", '"国发〔2018〕37号"'),
                     # the untyped 国发〔2018〕37号 is reached by eli:cites and eli:implements too
                     ("tkgsh:PolicyDocument-cites", str(PLAN)), ("tkgsh:PolicyDocument-implements", str(PLAN))}


def test_an_undescribed_agency_is_named_as_the_value(seed_rdflib: Graph) -> None:
    ghost = URIRef(ID + "agency/xx.ghost")
    g = copy(seed_rdflib)
    g.set((responsibility(1), TKG.agency, ghost))
    report = validate_graph(g)
    [violation] = [v for v in report.violations if v.shape == "tkgsh:Responsibility-agency"]
    assert violation.value == str(ghost)
    assert violation.component == "ClassConstraintComponent"


def test_validate_cli_prints_each_violation_and_exits_1(seed_out: Path, seed_rdflib: Graph,
                                                         tmp_path: Path) -> None:
    g = copy(seed_rdflib)
    g.remove((MEASURE, DCTERMS.title, None))
    g.add((URIRef(ID + "doc/x"), RDF.type, TKG.PolicyDocument))
    g.serialize(tmp_path / "graph.ttl", format="turtle")
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "Violation of tkgsh:Measure-title (MinCountConstraintComponent)" in result.stdout
    assert f"  node:    {MEASURE}" in result.stdout
    assert "  path:    dcterms:title" in result.stdout
    assert "  problem: a measure has exactly one title (dcterms:title), language-tagged" in result.stdout
    assert "Violation of tkgsh:PolicyDocument-title" in result.stdout
    assert result.stdout.rstrip().endswith(
        "The graph does not conform: 2 violations of 2 shapes (ontology/shapes.ttl).")


def test_validate_cli_on_the_seed_graph(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(seed_out)])
    assert (result.exit_code, result.stdout) == (
        0, "The graph conforms to the SHACL shapes (ontology/shapes.ttl).\n")


def test_validate_cli_without_a_graph_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: {tmp_path}/graph.ttl not found; run `tradekg build --out {tmp_path}` first" in result.output


def test_build_fails_when_its_own_graph_is_invalid(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import graph.pipeline.documents

    real = graph.pipeline.documents.iter_ntriples

    def without_measure_titles(document, digests, gazetteer):  # type: ignore[no-untyped-def]
        for line in real(document, digests, gazetteer):
            subject, predicate, _ = line.split(" ", 2)
            if not (predicate == f"<{DCTERMS.title}>" and "/measure/" in subject):
                yield line

    monkeypatch.setattr(graph.pipeline.documents, "iter_ntriples", without_measure_titles)
    result = CliRunner().invoke(main, ["build", "-q", "--jobs", "1", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Violation of tkgsh:Measure-title (MinCountConstraintComponent)" in result.stderr
    assert "The graph does not conform: 44 violations of 1 shape" in result.stderr
    assert f"Error: the graph written to {tmp_path}/graph.ttl is not valid" in result.stderr
