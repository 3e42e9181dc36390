"""`tradekg query` as a user runs it: listing, named and ad hoc queries, formats, exit codes, messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from graph.cli import main
from graph.query_library import list_queries


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["query", *args])


def test_list_shows_every_query_with_its_question_and_parameters() -> None:
    result = run("--list")
    assert result.exit_code == 0
    for query in list_queries():
        assert query.name in result.stdout and query.summary in result.stdout
    assert ("measures_led_by  [--param agency (string), include_predecessors (boolean, default false)]"
            in result.stdout)
    assert "    Which measures does an agency lead?" in result.stdout


def test_named_query_prints_an_aligned_table(seed_out: Path) -> None:
    result = run("measures_led_by", str(seed_out), "--param", "agency=海关总署")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["document", "number", "title", "agency_name"]
    assert lines[2].split() == ["署岸发〔2021〕85号", "1", "推进海关全业务领域一体化", "海关总署"]
    assert lines[-1] == "(9 rows)"


def test_named_query_as_csv_and_json(seed_out: Path) -> None:
    result = run("agencies_by_measures_led", str(seed_out), "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[:3] == [["agency", "measures"], ["重庆市人民政府口岸和物流办公室", "11"], ["海关总署", "9"]]
    result = run("targets_due_by", str(seed_out), "-p", "date=2021-12-31", "-f", "json")
    assert [(r["due"], r["number"]) for r in json.loads(result.stdout)] == [("2021-12-31", "5"),
                                                                            ("2021-12-31", "6")]


def test_ad_hoc_sparql_with_a_bound_parameter(seed_out: Path) -> None:
    text = ("SELECT ?key (COUNT(?m) AS ?led) WHERE { ?a dcterms:identifier ?key . ?m tkg:ledBy ?a } "
            "GROUP BY ?key")
    result = run("sparql", text, str(seed_out), "-p", "key=cn.gacc", "-f", "csv")
    assert (result.exit_code, result.stdout) == (0, "key,led\ncn.gacc,9\n")


def test_ad_hoc_sparql_from_a_file(seed_out: Path, tmp_path: Path) -> None:
    query = tmp_path / "documents.rq"
    query.write_text("# How many documents?\nSELECT (COUNT(?d) AS ?n) WHERE { ?d a tkg:PolicyDocument }\n",
                     encoding="utf-8")
    result = run("sparql", str(query), str(seed_out), "-f", "csv")
    assert (result.exit_code, result.stdout) == (0, "n\n3\n")


def test_an_injection_attempt_is_just_a_name_nobody_has(seed_out: Path) -> None:
    result = run("measures_led_by", str(seed_out), "--param", 'agency=x" } ; DROP ALL ; #')
    assert (result.exit_code, result.stdout.splitlines()[-1]) == (0, "(0 rows)")
    after = run("agencies_by_measures_led", str(seed_out), "-f", "csv")
    assert after.stdout.count("\n") == 8  # the graph on disk is untouched (read-only anyway)


@pytest.mark.parametrize("args, code, message", [
    (["who_leads", "DIR"], 2, "Error: no named query 'who_leads'; known: agencies_by_measures_involved"),
    (["measures_led_by", "DIR"], 2, "Error: missing parameter agency; pass --param agency=VALUE"),
    (["measures_led_by", "DIR", "-p", "agency"], 2, "--param 'agency' must be NAME=VALUE"),
    (["targets_due_by", "DIR", "-p", "date=2021年底"], 2, "parameter 'date' must be of type date"),
    (["measures_led_by", "DIR", "-p", "agency=海关总署", "-p", "year=2021"], 2, "unknown parameter year"),
    (["measures_led_by", "DIR", "extra"], 2, "unexpected arguments: extra"),
    (["sparql"], 2, "needs the query text or a .rq file"),
    ([], 2, "name a query"),
    (["--list", "measures_led_by"], 2, "--list takes no query"),
    (["sparql", "SELECT ?x WHERE {", "DIR"], 1, "Error: the SPARQL query does not parse"),
    (["sparql", "SELECT ?m WHERE { ?m tkg:ledBy ?a }", "DIR", "-p", "a=x"], 2,
     "binds only variables of the SELECT"),
    (["sparql", "missing.rq", "DIR"], 1, "Error: cannot read missing.rq"),
    (["measures_led_by", "DIR", "-p", "agency=海关总署", "-p", "agency=商务部"], 2,
     "Error: --param agency given twice"),
    (["sparql", "SELECT ?a WHERE { ?m tkg:ledBy ?a }", "DIR", "-p", "a=<x:1>", "-p", "a=<x:2>"], 2,
     "Error: --param a given twice"),
])
def test_mistakes_get_a_message_and_an_exit_code(seed_out: Path, args: list[str], code: int,
                                                 message: str) -> None:
    result = run(*[str(seed_out) if a == "DIR" else a for a in args])
    assert result.exit_code == code, result.output
    assert message in result.output


def test_query_without_a_built_graph_says_what_to_run(tmp_path: Path) -> None:
    result = run("agency_pairs", str(tmp_path / "nowhere"))
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'nowhere'}/graph.ttl not found; run `tradekg build --out" in result.output


@pytest.mark.parametrize("update", [
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX ex: <http://example.org/>\n# empty the graph\ninsert data { ex:a ex:b ex:c }",
    "DROP ALL",
    "LOAD <http://example.org/data.ttl>",
])
def test_an_update_is_refused_as_an_update(seed_out: Path, update: str) -> None:
    before = run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", str(seed_out), "-f", "csv").stdout
    result = run("sparql", update, str(seed_out))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == "Error: updates are refused: tradekg serves the graph read-only\n"
    assert run("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", str(seed_out), "-f", "csv").stdout == before
