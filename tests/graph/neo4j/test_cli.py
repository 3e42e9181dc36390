"""Tests of `tradekg neo4j load|serve` as a user runs them: messages, exit codes, Ctrl-C."""

from __future__ import annotations

import os
import queue
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
    assert "RESPONSIBLE 137, LED_BY 28" in first.output
    second = runner.invoke(main, ["neo4j", "load", str(seed_out), "--batch-size", "7"],
                           env=env_for(neo4j_settings))
    assert second.exit_code == 0 and "Nothing changed" in second.output
    wiped = runner.invoke(main, ["neo4j", "load", str(seed_out), "--wipe", "-q"], env=env_for(neo4j_settings))
    assert wiped.exit_code == 0 and wiped.output == ""


@pytest.mark.neo4j
def test_serve_prints_the_address_and_stops_on_ctrl_c(neo4j_uri: str, tmp_path: Path) -> None:
    del neo4j_uri  # only so that this test skips (and fails on CI) like the others without Java
    process = subprocess.Popen(
        [sys.executable, "-c", "from graph.cli import main; main()", "neo4j", "serve", "--port", "0",
         "--data", str(tmp_path / "db")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stdout = process.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stdout], daemon=True).start()
    try:
        seen = []
        while not any("Press Ctrl-C" in line for line in seen):
            seen.append(lines.get(timeout=120))
        uri = next(line.split()[-3] for line in seen if "is listening at" in line)
        assert uri.startswith("bolt://127.0.0.1:")
        assert f"  export NEO4J_URI={uri}\n" in seen  # how to use it
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver:
            assert driver.execute_query("RETURN 1 AS one").records[0]["one"] == 1
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "Stopped Neo4j." in err
    assert (tmp_path / "db" / "data" / "databases" / "neo4j").is_dir()  # --data is kept
