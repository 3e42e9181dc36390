"""The `tradekg` command as a whole: one error boundary, every environment setting in --help, damaged files."""

from __future__ import annotations

import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.neo4j import DEFAULT_URI


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    found: list[tuple[tuple[str, ...], click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


COMMANDS = _commands(main)
ENVIRONMENT = {
    ("neo4j", "load"): ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"),
    ("query",): ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE"),
    ("push",): ("TRADEKG_SPARQL_USER", "TRADEKG_SPARQL_PASSWORD"),
}


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_converts_errors_in_the_one_place(path: tuple[str, ...], command: click.Command) -> None:
    callback = command.callback
    assert callback is not None and getattr(callback, "__wrapped__", None) is not None, path


@pytest.mark.parametrize(("path", "names"), sorted(ENVIRONMENT.items()))
def test_environment_settings_show_in_help(path: tuple[str, ...], names: tuple[str, ...]) -> None:
    shown = CliRunner().invoke(main, [*path, "--help"], terminal_width=200)
    assert shown.exit_code == 0
    for name in names:
        assert f"env var: {name}" in shown.output


def test_cypher_settings_may_be_given_as_options_too(seed_out: object) -> None:
    done = CliRunner().invoke(main, ["query", "cypher", "agency_pairs", "--neo4j-uri", "localhost:7687"],
                              env={"NEO4J_URI": "bolt://127.0.0.1:1"})
    assert done.exit_code == 1 and "NEO4J_URI localhost:7687 is not a Neo4j address" in done.output


def test_default_neo4j_address_is_the_drivers_default() -> None:
    shown = CliRunner().invoke(main, ["neo4j", "load", "--help"], terminal_width=200)
    assert f"default: {DEFAULT_URI}" in shown.output


# ---------------------------------------------------------------- damaged graph files, unwritable outputs


@pytest.fixture(scope="module")
def damaged_build(seed_out: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the seed build without its store and N-Triples, its graph.ttl broken at line 910."""
    out = tmp_path_factory.mktemp("damaged") / "out"
    shutil.copytree(seed_out, out, ignore=shutil.ignore_patterns("store", "graph.nt"))
    lines = (out / "graph.ttl").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[909] = "this is { not turtle\n"
    (out / "graph.ttl").write_text("".join(lines), encoding="utf-8")
    return out


OXIGRAPH_SAYS = "this is not a valid subject or graph name"
RDFLIB_SAYS = "Keyword 'this' was ancient N3. Now use @forSome and @forAll keywords."


@pytest.mark.parametrize("args, parser", [
    (["validate", "DIR"], OXIGRAPH_SAYS),
    (["validate", "DIR", "--engine", "pyshacl"], RDFLIB_SAYS),
    (["query", "agency_pairs", "DIR"], OXIGRAPH_SAYS),
    (["query", "sparql", "ASK { ?s ?p ?o }", "DIR"], OXIGRAPH_SAYS),
    (["analyze", "DIR"], OXIGRAPH_SAYS),
    (["export", "-f", "nt", "DIR"], OXIGRAPH_SAYS),
    (["export", "-f", "jsonld", "DIR"], RDFLIB_SAYS),
    (["export", "-f", "graphml", "DIR"], RDFLIB_SAYS),
], ids=lambda v: " ".join(v[:3]) if isinstance(v, list) else None)
def test_a_damaged_graph_file_is_one_message_naming_file_and_line(damaged_build: Path, args: list[str],
                                                                  parser: str) -> None:
    result = CliRunner().invoke(main, [str(damaged_build) if a == "DIR" else a for a in args])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {damaged_build}/graph.ttl line 910: not valid Turtle ({parser}); "
                             f"rebuild it with `tradekg build --out {damaged_build}`\n")


@pytest.mark.oxigraph_server
def test_serve_on_a_damaged_graph_file_is_the_same_one_message(damaged_build: Path) -> None:
    result = CliRunner().invoke(main, ["serve", str(damaged_build), "--port", "0"])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: {damaged_build}/graph.ttl line 910: not valid Turtle ({OXIGRAPH_SAYS}); "
                             f"rebuild it with `tradekg build --out {damaged_build}`\n")


def test_export_into_a_missing_folder_says_so(seed_out: Path) -> None:
    result = CliRunner().invoke(main, ["export", "-f", "graphml", str(seed_out), "-o", "/nonexistent/dir/x.graphml"])
    assert (result.exit_code, result.stderr) == (1, "Error: cannot write /nonexistent/dir/x.graphml: no such folder\n")


def test_export_below_a_file_says_so(seed_out: Path, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    target = tmp_path / "notes.txt" / "x.nt"
    result = CliRunner().invoke(main, ["export", "-f", "nt", str(seed_out), "-o", str(target)])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: cannot write {target}: a part of the path is not a folder\n")


def test_a_failed_export_leaves_no_file_behind(damaged_build: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "-f", "nt", str(damaged_build), "-o", str(tmp_path / "g.nt")])
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_a_build_into_an_unwritable_place_is_one_message(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "file" / "out")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and str(tmp_path / "file" / "out") in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
