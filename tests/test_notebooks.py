"""notebooks/*.ipynb: stored without outputs, and executed top to bottom on a fresh kernel.

The notebooks run with nbclient on the ``python3`` kernel (ipykernel; jupyter_client runs
it with this interpreter, so no kernelspec needs installing), in a temporary working
directory, with a timeout per cell; any failing cell fails the test. The Cypher section
runs against a real Neo4j in the ``neo4j`` variant and prints how to get one otherwise.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
EXPLORE = NOTEBOOKS / "explore.ipynb"
CELL_TIMEOUT = 90
"""Seconds one cell may take; the whole notebook takes a few seconds on the sample corpus."""
BUDGET = 120
"""Seconds the whole notebook must stay well under (start of the kernel included)."""
NEO4J_VARIABLES = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def execute(path: Path, cwd: Path) -> tuple[dict, float]:
    """Run a notebook on a fresh ``python3`` kernel in ``cwd``; the executed notebook and seconds."""
    nbclient = pytest.importorskip("nbclient")
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(path, as_version=4)
    began = time.perf_counter()
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=CELL_TIMEOUT,
                            resources={"metadata": {"path": str(cwd)}}).execute()
    return notebook, time.perf_counter() - began


def text_outputs(notebook: dict) -> str:
    """Everything the cells printed or returned as text, joined."""
    parts = []
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def stderr_outputs(notebook: dict) -> list[str]:
    return [o["text"] for c in notebook["cells"] for o in c.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"]


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("*.ipynb")), ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code, f"{path.name} has no code cells"
    stored = [i for i, c in enumerate(notebook["cells"])
              if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not stored, (f"{path.name}: cells {stored} carry outputs or execution counts; strip them with "
                        f"`jupyter nbconvert --clear-output --inplace notebooks/{path.name}`")
    assert "widgets" not in notebook["metadata"]
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.fixture()
def without_neo4j(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Neo4j settings in the environment the kernel inherits."""
    for name in NEO4J_VARIABLES:
        monkeypatch.delenv(name, raising=False)


@pytest.mark.notebook
@pytest.mark.usefixtures("without_neo4j")
def test_explore_runs_top_to_bottom_on_a_fresh_kernel(tmp_path: Path) -> None:
    notebook, seconds = execute(EXPLORE, tmp_path)
    assert seconds < BUDGET, f"the notebook took {seconds:.0f} s"
    assert (tmp_path / "out" / "graph.ttl").is_file()
    text = text_outputs(notebook)
    assert "署岸发〔2021〕85号" in text and "推进海关全业务领域一体化" in text  # SPARQL: measures led by 海关总署
    assert "resolution 1.0: 2 communities" in text
    assert "0 remote scripts or stylesheets" in text
    assert "NEO4J_URI is not set" in text and "tradekg neo4j serve" in text
    kinds = {key for cell in notebook["cells"] for output in cell.get("outputs", [])
             for key in output.get("data", {})}
    assert {"image/png", "text/html"} <= kinds
    warned = [t for t in stderr_outputs(notebook) if "Warning" in t]  # e.g. a glyph missing from the font
    assert not warned, warned


@pytest.mark.notebook
@pytest.mark.usefixtures("without_neo4j")
def test_explore_reuses_a_graph_already_built(tmp_path: Path, seed_out: Path) -> None:
    shutil.copytree(seed_out, tmp_path / "out")
    notebook, _ = execute(EXPLORE, tmp_path)
    assert "Using the graph already built in out/" in text_outputs(notebook)


@pytest.fixture()
def neo4j_uri(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A Neo4j 5 of its own (the repository's launcher) whose address the kernel inherits.

    Never the NEO4J_URI of the environment: the notebook loads the sample graph into the
    database it is given, and a test must not leave nodes in someone's server. Skips when
    Java or Maven (for the first jar fetch) is missing; the ``neo4j`` marker turns that
    skip into a failure on CI.
    """
    from graph.neo4j.errors import Neo4jServerError
    from graph.neo4j.jars import ensure_neo4j_jars
    from graph.neo4j.server import Neo4jServer

    try:
        jars = ensure_neo4j_jars()
    except Neo4jServerError as error:
        pytest.skip(f"no Neo4j for the notebook: {error}")
    for name in NEO4J_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    with Neo4jServer(jars_dir=jars) as server:
        monkeypatch.setenv("NEO4J_URI", server.uri)
        monkeypatch.setenv("NEO4J_USER", server.user)
        monkeypatch.setenv("NEO4J_PASSWORD", server.password)
        yield server.uri


@pytest.mark.notebook
@pytest.mark.neo4j
def test_explore_cypher_section_agrees_with_sparql_on_a_real_neo4j(tmp_path: Path, neo4j_uri: str) -> None:
    notebook, _ = execute(EXPLORE, tmp_path)
    text = text_outputs(notebook)
    assert "Cypher and SPARQL agree on the measures 海关总署 leads: True" in text
    assert "Nodes created:" in text
    assert "NEO4J_URI is not set" not in text
