"""No control character of a document reaches the terminal, a CSV or an HTML file raw; the graph keeps it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.control_characters import escape_controls, escape_controls_in_code

RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.mark.parametrize(("text", "shown"), [
    ("\x1b[2J", "\\x1b[2J"), ("a\x00b", "a\\x00b"), ("\x07", "\\x07"), ("\x9b31m", "\\x9b31m"),
    ("\x7f", "\\x7f"), ("\r", "\\x0d"), ("一\t二\n", "一\t二\n"), ("海关总署", "海关总署"),
])
def test_control_characters_are_shown_as_escapes(text: str, shown: str) -> None:
    assert escape_controls(text) == shown


def test_code_escapes_keep_the_json_value() -> None:
    value = "x\x1b\x85\x00"
    code = escape_controls_in_code(json.dumps(value, ensure_ascii=False))
    assert RAW_CONTROL.search(code) is None and json.loads(code) == value


def test_the_build_summary_prints_no_escape_sequence(hostile_build: tuple[Path, str]) -> None:
    _, printed = hostile_build
    assert RAW_CONTROL.search(printed) is None
    assert "  \\x1b[2J某某测试局  (1x, first at " in printed


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_query_output_holds_no_raw_control_character(hostile_build: tuple[Path, str], fmt: str) -> None:
    out, _ = hostile_build
    result = CliRunner().invoke(main, ["query", "sparql", "SELECT ?t WHERE { ?m a tkg:Measure ; dcterms:title ?t } "
                                       "ORDER BY ?t", str(out), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert RAW_CONTROL.search(result.stdout) is None
    if fmt == "json":  # JSON escapes, so the data read back is the exact text
        assert any("\x1b]0" in row["t"] for row in json.loads(result.stdout))
    else:
        assert "\\x1b]0" in result.stdout


def test_html_pages_hold_no_raw_control_character(hostile_build: tuple[Path, str]) -> None:
    out, _ = hostile_build
    pages = sorted([*(out / "views").glob("*.html"), *(out / "site").glob("*.html")])
    assert len(pages) >= 4
    for page in pages:
        assert RAW_CONTROL.search(page.read_text(encoding="utf-8")) is None, page.name
    document = next(p for p in (out / "site").glob("doc-*.html"))
    assert "实施方案\\x1b[31m" in document.read_text(encoding="utf-8")


def test_an_error_message_prints_no_escape_sequence(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "gone\x1b[2J")])
    assert result.exit_code == 1
    assert "gone\\x1b[2J/graph.ttl not found" in result.output
    assert RAW_CONTROL.search(result.output) is None
