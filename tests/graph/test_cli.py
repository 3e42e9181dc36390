"""The `tradekg` command as a whole: one error boundary, and every environment setting in --help."""

from __future__ import annotations

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
