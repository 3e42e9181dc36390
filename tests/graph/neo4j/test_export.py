"""Tests of graph.neo4j.export: the Cypher script and neo4j-admin CSV, run for real."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import neo4j
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.neo4j.admin_import import run_admin_import
from graph.neo4j.connection import Neo4jSettings
from graph.neo4j.errors import Neo4jExportError
from graph.neo4j.export import cypher_literal, write_admin_csv, write_cypher
from graph.neo4j.mapping import load_mapping
from graph.neo4j.rows import PropertyGraph, project_turtle
from graph.neo4j.server import Neo4jServer

TRICKY = "x'}) DETACH DELETE n //"
STRINGS = [TRICKY, "海关总署", 'double " quote', "back\\slash", "\\' escaped already", "\\u0041 not A",
           "line\nbreak\r\ttab", "nul\x00 bell\x07 del\x7f", "sep\u2028arator", "𠮷野家 (outside the BMP)", ""]


def statements(script: Path) -> list[str]:
    """The script's statements: every line that is not a comment, without its ``;``."""
    lines = script.read_text(encoding="utf-8").splitlines()
    return [line.removesuffix(";") for line in lines if line.strip() and not line.startswith("//")]


@pytest.mark.parametrize(("value", "literal"), [
    (None, "null"), (True, "true"), (False, "false"), (42, "42"), (-1.5, "-1.5"),
    ("it's", "'it\\'s'"), ("a\\b", "'a\\\\b'"), ("\n\t", "'\\n\\t'"), ("\x01", "'\\u0001'"),
    (datetime.date(2021, 12, 31), "date('2021-12-31')"), (["a", 1], "['a', 1]"),
    ({"end": 1, "iri": "x"}, "{`end`: 1, `iri`: 'x'}"),
])
def test_cypher_literal(value: Any, literal: str) -> None:
    assert cypher_literal(value) == literal


@pytest.mark.parametrize("value", [float("nan"), float("inf"), {"bad key": 1}, {"a`b": 1}, object()])
def test_cypher_literal_refuses_what_it_cannot_write(value: Any) -> None:
    with pytest.raises(Neo4jExportError):
        cypher_literal(value)


def test_script_has_one_statement_per_line(seed_property_graph: PropertyGraph, tmp_path: Path) -> None:
    [script] = write_cypher(seed_property_graph, load_mapping(), tmp_path)
    found = statements(script)
    assert found[0].startswith("CREATE CONSTRAINT tradekg_document_iri IF NOT EXISTS")
    assert all(s.startswith(("CREATE CONSTRAINT", "UNWIND [")) for s in found)


def test_admin_csv_headers_follow_neo4j_admin(seed_property_graph: PropertyGraph, tmp_path: Path) -> None:
    files = write_admin_csv(seed_property_graph, load_mapping(), tmp_path)
    headers = {p.name: next(csv.reader(p.open(encoding="utf-8"))) for p in files.nodes + files.relationships}
    assert all(h[:2] == ["iri:ID", ":LABEL"] for name, h in headers.items() if name.startswith("nodes-"))
    assert all(h[:3] == [":START_ID", ":END_ID", ":TYPE"]
               for name, h in headers.items() if name.startswith("relationships-"))
    assert headers["nodes-Agency.csv"] == ["iri:ID", ":LABEL", "key:string", "name_zh:string", "name_en:string",
                                           "aliases:string[]", "level:string", "resolved:boolean",
                                           "valid_from:string", "valid_to:string"]
    assert headers["nodes-Target.csv"][3:5] == ["due_date:date", "metric:string"]
    assert headers["relationships-RESPONSIBLE.csv"][3:7] == ["iri:string", "role:string", "rank:int",
                                                             "clause_index:int"]
    assert "neo4j-admin database import full neo4j" in files.script.read_text(encoding="utf-8")


@pytest.mark.neo4j
def test_cypher_literals_round_trip(neo4j_driver: neo4j.Driver, neo4j_settings: Neo4jSettings) -> None:
    for text in STRINGS:
        records, _, _ = neo4j_driver.execute_query(f"RETURN {cypher_literal(text)} AS v",  # type: ignore[arg-type]
                                                   database_=neo4j_settings.database)
        assert records[0]["v"] == text
    records, _, _ = neo4j_driver.execute_query(
        f"RETURN {cypher_literal({'d': datetime.date(2021, 12, 31), 'l': STRINGS})} AS v",  # type: ignore[arg-type]
        database_=neo4j_settings.database)
    assert records[0]["v"]["l"] == STRINGS and records[0]["v"]["d"].to_native() == datetime.date(2021, 12, 31)


@pytest.mark.neo4j
def test_cypher_script_gives_the_loaded_graph(
        neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings, seed_property_graph: PropertyGraph,
        tmp_path: Path, neo4j_snapshot: Callable[[neo4j.Driver], Any],
        expected_snapshot: Callable[[PropertyGraph], Any]) -> None:
    [script] = write_cypher(seed_property_graph, load_mapping(), tmp_path)
    for statement in statements(script):
        neo4j_clean.execute_query(statement, database_=neo4j_settings.database)  # type: ignore[arg-type]
    assert neo4j_snapshot(neo4j_clean) == expected_snapshot(seed_property_graph)
    for statement in statements(script):  # a second run changes nothing
        summary = neo4j_clean.execute_query(statement, database_=neo4j_settings.database).summary  # type: ignore[arg-type]
        assert not summary.counters.contains_updates, statement[:80]


@pytest.mark.neo4j
def test_cypher_script_keeps_hostile_text_as_text(neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                                  tmp_path: Path) -> None:
    turtle = "".join(
        f'<http://x/a{i}> a <https://w3id.org/tradekg/ontology#Agency> ; '
        f'<http://www.w3.org/2004/02/skos/core#prefLabel> {ttl_string(text)}@zh .\n'
        for i, text in enumerate(STRINGS))
    graph = project_turtle(turtle)
    [script] = write_cypher(graph, load_mapping(), tmp_path)
    for statement in statements(script):
        neo4j_clean.execute_query(statement, database_=neo4j_settings.database)  # type: ignore[arg-type]
    records, _, _ = neo4j_clean.execute_query("MATCH (a:Agency) RETURN a.name_zh AS n",
                                              database_=neo4j_settings.database)
    assert sorted(r["n"] for r in records) == sorted(STRINGS)


def ttl_string(text: str) -> str:
    """A Turtle string literal (escapes as in N-Triples)."""
    escaped = "".join(f"\\u{ord(c):04X}" if ord(c) < 0x20 or c in "\"\\\x7f\u2028" else c for c in text)
    return f'"{escaped}"'


@pytest.mark.neo4j
def test_admin_csv_imports_and_serves_the_loaded_graph(
        seed_property_graph: PropertyGraph, tmp_path: Path, neo4j_uri: str,
        neo4j_snapshot: Callable[[neo4j.Driver], Any], expected_snapshot: Callable[[PropertyGraph], Any]) -> None:
    del neo4j_uri  # only so that this test skips (and fails on CI) like the others without Java
    files = write_admin_csv(seed_property_graph, load_mapping(), tmp_path / "csv")
    result = run_admin_import(tmp_path / "home", files.nodes, files.relationships, extra_args=files.extra_args)
    assert result.nodes == len(seed_property_graph.nodes)
    assert result.relationships == len(seed_property_graph.relationships)
    with (Neo4jServer(data_dir=tmp_path / "home") as server,
          neo4j.GraphDatabase.driver(server.uri, auth=server.auth) as driver):
        records, _, _ = driver.execute_query("MATCH (n) RETURN labels(n)[0] AS label, count(*) AS n")
        assert {r["label"]: r["n"] for r in records} == seed_property_graph.node_counts()
        records, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS n")
        assert {r["type"]: r["n"] for r in records} == seed_property_graph.relationship_counts()
        assert neo4j_snapshot(driver) == expected_snapshot(seed_property_graph)


def test_export_command_writes_files(seed_out: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["neo4j", "export", "--format", "cypher", str(tmp_path / "c"), str(seed_out)])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "c" / "tradekg.cypher").is_file()
    done = runner.invoke(main, ["neo4j", "export", "-f", "admin-csv", str(tmp_path / "a"), str(seed_out)])
    assert done.exit_code == 0 and (tmp_path / "a" / "nodes-Measure.csv").is_file()
    wrong = runner.invoke(main, ["neo4j", "export", "-f", "graphml", str(tmp_path / "g"), str(seed_out)])
    assert wrong.exit_code == 2 and "use one of: admin-csv, cypher" in wrong.output
    missing = runner.invoke(main, ["neo4j", "export", "-f", "cypher", str(tmp_path / "m"), str(tmp_path / "none")])
    assert missing.exit_code == 1 and "graph.ttl not found" in missing.output
