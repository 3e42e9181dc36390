"""Query parity: each named question gives the same rows in SPARQL (RDF graph) and Cypher (Neo4j)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from importlib.resources import files
from pathlib import Path

import neo4j
import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.neo4j.connection import Neo4jSettings
from graph.neo4j.cypher import get_cypher, list_cypher, run_named_cypher
from graph.neo4j.load import load_property_graph
from graph.neo4j.mapping import load_mapping
from graph.neo4j.rows import PropertyGraph
from graph.query_library import get_query, list_queries
from graph.sparql.local import run_named

TRICKY = "x'}) DETACH DELETE n //"
QUERIES = files("graph").joinpath("queries")
STEMS = sorted({entry.name.rsplit(".", 1)[0] for entry in QUERIES.iterdir()
                if entry.is_file() and entry.name.endswith((".rq", ".cypher"))})

# Parameter values each question is asked with: names, aliases, keys, IRIs, English labels,
# and a value that would be Cypher if it were pasted into the query text.
CASES: dict[str, list[dict[str, str]]] = {
    "measures_led_by": [
        {"agency": "海关总署"}, {"agency": "重庆海关"}, {"agency": "cn.gacc"}, {"agency": "发展改革委"},
        {"agency": "General Administration of Customs"}, {"agency": "市政府口岸物流办"},
        {"agency": "https://w3id.org/tradekg/id/agency/cq.port-logistics"}, {"agency": TRICKY},
        {"agency": "国家市场监督管理总局", "include_predecessors": "true"},
        {"agency": "cn.gacc", "include_predecessors": "true"}, {"agency": "海关总署", "include_predecessors": "false"}],
    "agency_lineage": [
        {"agency": "国家市场监督管理总局"}, {"agency": "质检总局"}, {"agency": "cn.nfra"}, {"agency": "银保监会"},
        {"agency": "海关总署"}, {"agency": TRICKY}],
    "documents_issued_by": [
        {"agency": "海关总署"}, {"agency": "cq.customs"}, {"agency": "重庆市人民政府口岸和物流办公室"},
        {"agency": TRICKY}],
    "measures_concerning": [
        {"concept": "单一窗口"}, {"concept": "Single Window"}, {"concept": "两步申报"},
        {"concept": "https://w3id.org/tradekg/id/concept/single-window"}, {"concept": TRICKY}],
    "targets_due_by": [{"date": "2021-12-31"}, {"date": "2021-06-30"}, {"date": "2030-01-01"}],
    "measures_by_section": [
        {"document": "署岸发〔2021〕85号"}, {"document": "2021年重庆市促进跨境贸易便利化工作方案"},
        {"document": "渝口岸物流发〔2021〕6号"}, {"document": TRICKY}],
    "measures_aligned_with": [
        {"target": "署岸发〔2021〕85号"}, {"target": "2021年重庆市促进跨境贸易便利化工作方案"},
        {"target": "https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7"
                   "/measure/25"}, {"target": TRICKY}],
    "document_citations": [
        {"document": "2021年重庆市促进跨境贸易便利化工作方案"}, {"document": "署岸发〔2021〕85号"},
        {"document": "国发〔2018〕37号"}, {"document": "优化营商环境条例"},
        {"document": "https://w3id.org/tradekg/id/doc/%E7%BD%B2%E5%B2%B8%E5%8F%91%E3%80%942021%E3%80%9585%E5%8F%B7"},
        {"document": TRICKY}],
}


@pytest.fixture(scope="module")
def seed_in_neo4j(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings, neo4j_wipe: Callable[[], None],
                  seed_property_graph: PropertyGraph) -> Iterator[neo4j.Driver]:
    """The seed graph alone in the database for this module's tests; emptied afterwards."""
    neo4j_wipe()
    load_property_graph(neo4j_driver, seed_property_graph, load_mapping(), database=neo4j_settings.database)
    yield neo4j_driver
    neo4j_wipe()


def test_every_query_has_both_twins_and_parameter_cases() -> None:
    pairs = {q.name for q in list_cypher()}
    assert pairs == {q.name for q in list_queries()} == set(STEMS)
    for name in STEMS:
        if get_query(name).parameters:
            assert CASES.get(name), f"add parameter values for {name} to CASES"


@pytest.mark.neo4j
@pytest.mark.parametrize("name", STEMS)
def test_parity(name: str, seed_in_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings,
                seed_store: ox.Store) -> None:
    sparql, cypher = get_query(name), get_cypher(name)
    non_empty = 0
    for values in CASES.get(name, [{}]):
        expected = run_named(seed_store, sparql, values)
        got = run_named_cypher(seed_in_neo4j, cypher, values, database=neo4j_settings.database)
        assert got.columns == expected.columns == sparql.columns, values
        assert got.rows == expected.rows, values
        non_empty += bool(got.rows)
    if name != "unresolved_agencies":  # the seed graph resolves every agency it names
        assert non_empty, f"{name}: every case gave no rows; the comparison proves little"


@pytest.mark.neo4j
def test_query_cypher_command_prints_the_rows(seed_in_neo4j: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                             seed_out: Path) -> None:
    env = {"NEO4J_URI": neo4j_settings.uri, "NEO4J_USER": neo4j_settings.user or "",
           "NEO4J_PASSWORD": neo4j_settings.password or "", "NEO4J_DATABASE": neo4j_settings.database or ""}
    runner = CliRunner()
    cypher = runner.invoke(main, ["query", "cypher", "agencies_by_measures_led", "-f", "csv"], env=env)
    sparql = runner.invoke(main, ["query", "agencies_by_measures_led", str(seed_out), "-f", "csv"])
    assert cypher.exit_code == 0, cypher.output
    assert cypher.output == sparql.output
    assert cypher.output.splitlines()[:2] == ["agency,measures", "重庆市人民政府口岸和物流办公室,11"]

    adhoc = runner.invoke(main, ["query", "cypher", "MATCH (a:Agency {name_zh: $name}) RETURN a.key AS key",
                                 "--param", "name=海关总署"], env=env)
    assert adhoc.exit_code == 0 and "cn.gacc" in adhoc.output

    write = runner.invoke(main, ["query", "cypher", "MATCH (n) DETACH DELETE n"], env=env)
    assert write.exit_code == 1 and "only reads" in write.output
    bad = runner.invoke(main, ["query", "cypher", "targets_due_by", "--param", "date=end of 2021"], env=env)
    assert bad.exit_code == 2 and "must be of type date" in bad.output
    records, _, _ = seed_in_neo4j.execute_query("MATCH (m:Measure) RETURN count(m) AS n",
                                                database_=neo4j_settings.database)
    assert records[0]["n"] == 44
