"""Tests of `tradekg neo4j load|serve` as a user runs them: messages, exit codes, Ctrl-C."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import neo4j
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.neo4j.connection import Neo4jSettings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def env_for(settings: Neo4jSettings) -> dict[str, str]:
    return {"NEO4J_URI": settings.uri, "NEO4J_USER": settings.user or "",
            "NEO4J_PASSWORD": settings.password or "", "NEO4J_DATABASE": settings.database or ""}


def test_refused_connection_says_what_to_do(seed_out: Path) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    done = CliRunner().invoke(main, ["neo4j", "load", str(seed_out)],
                              env={"NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "s3cret-pw"})
    assert done.exit_code == 1
    assert done.output == (f"Error: Neo4j at {uri} refused the connection. Start a local server with "
                           '`tradekg neo4j serve` or set NEO4J_URI; see README, "Neo4j".\n')
    assert "s3cret-pw" not in done.output


def test_default_address_is_local_bolt(seed_out: Path) -> None:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 7687)) == 0:
            pytest.skip("something listens on port 7687 here")
    done = CliRunner().invoke(main, ["query", "cypher", "agency_pairs"],
                              env={"NEO4J_URI": "", "NEO4J_USER": "", "NEO4J_PASSWORD": ""})
    assert done.exit_code == 1
    assert done.output.startswith("Error: Neo4j at bolt://localhost:7687 refused the connection.")


def test_address_that_is_not_bolt_is_named(seed_out: Path) -> None:
    done = CliRunner().invoke(main, ["neo4j", "load", str(seed_out)], env={"NEO4J_URI": "localhost:7687"})
    assert done.exit_code == 1 and "NEO4J_URI localhost:7687 is not a Neo4j address" in done.output


def test_batch_size_must_be_positive(seed_out: Path) -> None:
    done = CliRunner().invoke(main, ["neo4j", "load", str(seed_out), "--batch-size", "0"])
    assert done.exit_code == 2 and "--batch-size" in done.output


@pytest.mark.neo4j
def test_load_command_reports_then_changes_nothing(neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings,
                                                   seed_out: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["neo4j", "load", str(seed_out)], env=env_for(neo4j_settings))
    assert first.exit_code == 0, first.output
    assert f"into Neo4j at {neo4j_settings.uri}" in first.output
    assert "Nodes created: Document" in first.output and "Measure 44" in first.output
    assert "RESPONSIBLE 137, ALIGNED_WITH 16, LED_BY 28" in first.output
    second = runner.invoke(main, ["neo4j", "load", str(seed_out), "--batch-size", "7"],
                           env=env_for(neo4j_settings))
    assert second.exit_code == 0 and "Nothing changed" in second.output
    wiped = runner.invoke(main, ["neo4j", "load", str(seed_out), "--wipe", "-q"], env=env_for(neo4j_settings))
    assert wiped.exit_code == 0 and wiped.output == ""


@pytest.mark.neo4j
def test_serve_prints_the_exports_once_and_load_finds_the_password(neo4j_uri: str, tmp_path: Path,
                                                                    seed_out: Path) -> None:
    del neo4j_uri  # only so that this test skips (and fails on CI) like the others without Java
    data = tmp_path / "db"
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_USER", "TRADEKG_NEO4J_DATA")}
    process = subprocess.Popen(
        [sys.executable, "-c", "from graph.cli import main; main()", "neo4j", "serve", "--port", "0",
         "--data", str(data)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout

    def read_stdout() -> None:
        for line in stdout:
            lines.put(line)

    reader = threading.Thread(target=read_stdout, daemon=True)
    reader.start()
    try:
        seen: list[str] = []
        while not any("Press Ctrl-C" in line for line in seen):
            seen.append(lines.get(timeout=120))
        listening = next(line for line in seen if "is listening at" in line)
        uri = re.search(r"at (bolt://\S+) \(user neo4j, with a password\)\.$", listening.rstrip())[1]  # type: ignore[index]
        assert uri.startswith("bolt://127.0.0.1:")
        exports = [line.strip() for line in seen if line.strip().startswith("export ")]
        password = exports[-1].removeprefix("export NEO4J_PASSWORD=")
        assert exports == [f"export NEO4J_URI={uri}", "export NEO4J_USER=neo4j", f"export NEO4J_PASSWORD={password}"]
        assert len(password) >= 32
        assert f"Password kept in {data.resolve() / 'tradekg-credentials'} (readable by you only).\n" in seen
        assert oct((data / "tradekg-credentials").stat().st_mode & 0o777) == "0o600"

        with neo4j.GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        runner = CliRunner()
        bare = {"NEO4J_URI": uri, "NEO4J_USER": "", "NEO4J_PASSWORD": "", "NEO4J_DATABASE": ""}
        refused = runner.invoke(main, ["query", "cypher", "RETURN 1 AS one"], env=bare)
        assert (refused.exit_code, refused.output) == (1, (
            f"Error: Neo4j at {uri} asks for a user name and password; set NEO4J_USER and NEO4J_PASSWORD, or "
            "TRADEKG_NEO4J_DATA to the folder of `tradekg neo4j serve --data DIR`\n"))
        loaded = runner.invoke(main, ["neo4j", "load", str(seed_out), "--neo4j-data", str(data)], env=bare)
        assert loaded.exit_code == 0, loaded.output
        assert loaded.output.startswith(f"Loaded {seed_out}/graph.ttl into Neo4j at {uri}.")
        asked = runner.invoke(main, ["query", "cypher", "MATCH (m:Measure) RETURN count(m) AS n", "-f", "csv"],
                              env={**bare, "TRADEKG_NEO4J_DATA": str(data)})
        assert (asked.exit_code, asked.output) == (0, "n\n44\n")
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        process.wait(timeout=60)
        err = process.stderr.read()
        reader.join(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Stopped Neo4j." in err
    assert (data / "data" / "databases" / "neo4j").is_dir()  # --data is kept
    printed = "".join(seen) + "".join(lines.get() for _ in range(lines.qsize()))
    assert printed.count(password) == 1 and password not in err  # printed once, and only there
    holding = [p.name for p in data.rglob("*") if p.is_file() and password.encode() in p.read_bytes()]
    assert holding == ["tradekg-credentials"]  # not in Neo4j's logs, nor the launcher's


def test_serve_on_a_busy_port_is_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = CliRunner().invoke(main, ["neo4j", "serve", "--port", str(port)], env={"NEO4J_PASSWORD": ""})
    assert done.exit_code == 1
    assert done.output == f"Error: port {port} on 127.0.0.1 is in use; pass --port 0 for a free one\n"


def test_serve_refuses_a_short_neo4j_password() -> None:
    done = CliRunner().invoke(main, ["neo4j", "serve", "--port", "0"], env={"NEO4J_PASSWORD": "short"})
    assert (done.exit_code, done.output) == (1, "Error: NEO4J_PASSWORD is 5 characters long; Neo4j needs at "
                                                "least 8\n")


def test_neo4j_data_without_credentials_says_how_to_get_them(seed_out: Path, tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["neo4j", "load", str(seed_out), "--neo4j-data", str(tmp_path)],
                              env={"NEO4J_PASSWORD": ""})
    assert done.exit_code == 1
    assert done.output == (f"Error: {tmp_path}/tradekg-credentials does not exist: {tmp_path} is not a data "
                           f"folder of `tradekg neo4j serve --data {tmp_path}` (start it once), or set "
                           "NEO4J_PASSWORD\n")


def test_a_malformed_credentials_file_is_named_with_its_line(tmp_path: Path) -> None:
    (tmp_path / "tradekg-credentials").write_text("# comment\nNEO4J_USER=neo4j\npassword: s3cret-pw-1\n",
                                                  encoding="utf-8")
    done = CliRunner().invoke(main, ["query", "cypher", "RETURN 1", "--neo4j-data", str(tmp_path)],
                              env={"NEO4J_PASSWORD": ""})
    assert done.exit_code == 1
    assert done.output == (f"Error: {tmp_path}/tradekg-credentials:3: expected NEO4J_USER=NAME or "
                           "NEO4J_PASSWORD=SECRET\n")
    assert "s3cret" not in done.output


@pytest.mark.parametrize("command", [["neo4j", "load"], ["query"]])
def test_neo4j_data_shows_its_environment_variable(command: list[str]) -> None:
    shown = CliRunner().invoke(main, [*command, "--help"], terminal_width=200)
    assert shown.exit_code == 0 and "env var: TRADEKG_NEO4J_DATA" in shown.output


@pytest.mark.neo4j
def test_a_question_on_an_empty_database_prints_its_table_and_nothing_else(
        neo4j_clean: neo4j.Driver, neo4j_settings: Neo4jSettings, tmp_path: Path) -> None:
    # Neo4j warns that the labels and properties do not exist yet; the driver would log each
    # warning to the terminal. Run as a user does, so that the log reaches the real stderr.
    tradekg = shutil.which("tradekg")
    assert tradekg is not None, "the tradekg command is not installed"
    done = subprocess.run([tradekg, "query", "cypher", "measures_concerning", "--param", "concept=Single Window"],
                          env={**os.environ, **env_for(neo4j_settings)}, cwd=tmp_path, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("document  number  title  lead\n"
                                          "--------  ------  -----  ----\n"
                                          "(0 rows)\n", "")
