"""Connection settings and errors: the URI's user information is never printed (no server needed)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.neo4j.connection import Neo4jSettings, connect, redact_uri
from graph.neo4j.errors import Neo4jConnectionError

SECRET_URI = "bolt://analyst:s3cret-pw@127.0.0.1:9"


@pytest.mark.parametrize(("uri", "shown"), [
    ("bolt://analyst:s3cret-pw@127.0.0.1:7687", "bolt://***@127.0.0.1:7687"),
    ("neo4j+s://u:p@abcd.databases.neo4j.io/db?x=1", "neo4j+s://***@abcd.databases.neo4j.io/db?x=1"),
    ("bolt://a:b@c@host:1", "bolt://***@host:1"),
    ("bolt://localhost:7687", "bolt://localhost:7687"),
    ("bolt://localhost:7687/path@x", "bolt://localhost:7687/path@x"),
])
def test_user_information_is_redacted(uri: str, shown: str) -> None:
    assert redact_uri(uri) == shown


def test_settings_repr_hides_the_uri_secret() -> None:
    assert "s3cret" not in repr(Neo4jSettings(uri=SECRET_URI, password="other-secret"))


@pytest.mark.parametrize("uri", [SECRET_URI, "neo4j://analyst:s3cret-pw@127.0.0.1:9",
                                 "http://analyst:s3cret-pw@127.0.0.1:9"])
def test_connect_errors_never_quote_the_secret(uri: str) -> None:
    with pytest.raises(Neo4jConnectionError) as caught, connect(Neo4jSettings(uri=uri)):
        pass
    assert "s3cret-pw" not in str(caught.value) and "analyst" not in str(caught.value)
    assert "***@127.0.0.1:9" in str(caught.value)


def test_the_cli_never_prints_credentials_from_neo4j_uri() -> None:
    result = CliRunner().invoke(main, ["query", "cypher", "RETURN 1 AS one"], env={"NEO4J_URI": SECRET_URI})
    assert result.exit_code == 1
    assert "s3cret-pw" not in result.output and "analyst" not in result.output
    assert result.output.startswith("Error: NEO4J_URI bolt://***@127.0.0.1:9 carries a user name or password")


@pytest.mark.parametrize("command", [["query", "cypher", "RETURN 1 AS one"], ["neo4j", "load"]])
def test_a_host_name_that_does_not_resolve_is_not_called_refused(command: list[str], seed_out: Path) -> None:
    uri = "bolt://no-such-host.invalid:7687"
    arguments = [*command, str(seed_out)] if command[0] == "neo4j" else command
    result = CliRunner().invoke(main, arguments, env={"NEO4J_URI": uri, "NEO4J_USER": "neo4j",
                                                    "NEO4J_PASSWORD": "s3cret-pw"})
    assert result.exit_code == 1
    assert result.output == (f"Error: Neo4j at {uri}: the host name no-such-host.invalid does not resolve; "
                             "check NEO4J_URI\n")
