"""CSV cells a spreadsheet shows as text: every writer, the graph unchanged (OWASP's CSV injection)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.csv_cells import FORMULA_STARTS, spreadsheet_cell
from graph.rdf.store import open_store
from graph.sparql.local import run_query


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cells(rows: list[dict[str, str]]) -> list[str]:
    return [value for row in rows for value in row.values()]


def no_formula_starts(values: list[str]) -> bool:
    """True when no cell would start a formula (numbers aside) and none holds a raw control character."""
    risky = [v for v in values if v.startswith(FORMULA_STARTS) and not re.fullmatch(r"-?\d+(\.\d+)?", v)]
    raw = [v for v in values if re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", v)]
    return not risky and not raw


@pytest.mark.parametrize(("text", "written"), [
    ("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-1+1", "'-1+1"), ("@SUM(A1)", "'@SUM(A1)"), ("\t=1", "'\t=1"),
    ("\r=1", "\\x0d=1"), ("海关总署", "海关总署"), ("-0.5", "-0.5"), ("+3", "+3"), ("1e-5", "1e-5"),
    ("-", "'-"), ("", ""),
])
def test_a_cell_that_would_run_gets_a_quote_in_front(text: str, written: str) -> None:
    assert spreadsheet_cell(text) == written


@pytest.mark.parametrize("number", [-0.5, -3, 0, 12.25, None])
def test_numbers_are_written_as_numbers(number: float | None) -> None:
    assert spreadsheet_cell(number) is number


def test_build_tables_neutralise_formulas_and_keep_the_graph_exact(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    documents = read_csv(out / "tables" / "documents.csv")
    assert documents[0]["title"].startswith("'=HYPERLINK")
    assert documents[0]["title"].endswith("\\x1b[31m")
    measures = read_csv(out / "tables" / "measures.csv")
    assert [m["title"][:2] for m in measures] == ["'+", "'@", "推进"]
    agencies = [r["agency"] for r in read_csv(out / "tables" / "responsibilities.csv")]
    assert "'-1+1办" in agencies and "\\x1b[2J某某测试局" in agencies
    assert [r["n_measures"] for r in documents] == ["3"]  # counts stay numbers
    for name in ("documents", "measures", "responsibilities", "agencies"):
        assert no_formula_starts(cells(read_csv(out / "tables" / f"{name}.csv"))), name
    titles = run_query(open_store(out), "SELECT ?t WHERE { ?d a tkg:PolicyDocument ; dcterms:title ?t }")
    assert titles.rows[0][0].startswith('=HYPERLINK')  # the graph keeps the exact text
    assert titles.rows[0][0].endswith("\x1b[31m")


def test_analysis_tables_neutralise_formulas(hostile_build: tuple[Path, str], tmp_path: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(hostile_build[0], out)
    result = CliRunner().invoke(main, ["analyze", str(out)])
    assert result.exit_code == 0, result.output
    load = read_csv(out / "tables" / "analysis" / "agency_load.csv")
    names = [row["agency"] for row in load]
    assert "'-1+1办" in names and "\\x1b[2J某某测试局" in names
    for path in sorted((out / "tables" / "analysis").glob("*.csv")):
        assert no_formula_starts(cells(read_csv(path))), path.name
    assert "\x1b" not in result.stdout


def test_query_csv_neutralises_formulas(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    result = CliRunner().invoke(main, [
        "query", "sparql", "SELECT ?t (-0.5 AS ?score) WHERE { ?d a tkg:PolicyDocument ; dcterms:title ?t }",
        str(out), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert rows[0]["t"].startswith("'=HYPERLINK") and rows[0]["t"].endswith("\\x1b[31m")
    assert rows[0]["score"] == "-0.5"
