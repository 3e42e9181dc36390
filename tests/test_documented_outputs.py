"""Every output the README and docs/ show is what the command prints now.

``scripts/documented_outputs.py`` runs each documented ``tradekg`` command (and the ``curl``
of docs/sparql.md) in a fresh folder with the sample corpus built, as a reader would, and
compares; ``python scripts/documented_outputs.py`` rewrites what differs.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[1]


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("documented_outputs", ROOT / "scripts" / "documented_outputs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


documented_outputs = _script()


def _require_tradekg() -> None:
    if shutil.which("tradekg") is None:
        pytest.fail("the tradekg command is not installed (python3 -m pip install -e .)")


def _skip_unless_ci(reason: str) -> None:
    """A missing real component skips on a laptop and fails on CI, where it must be there."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true and {reason}")
    pytest.skip(reason)


@pytest.mark.parametrize("name", ["docs/sparql.md", "docs/analysis.md"])
@pytest.mark.oxigraph_server
def test_documented_outputs_are_current(name: str) -> None:
    from graph.errors import OxigraphServerError
    from graph.sparql.server import oxigraph_binary

    _require_tradekg()
    try:
        oxigraph_binary()
    except OxigraphServerError as error:
        _skip_unless_ci(str(error))
    mismatches = documented_outputs.run_file(ROOT / name)
    assert [(m.line, m.command, m.rewritten) for m in mismatches] == []


@pytest.mark.parametrize("name", ["README.md", "docs/neo4j.md"])
@pytest.mark.neo4j
def test_documented_outputs_with_neo4j_are_current(name: str) -> None:
    _require_tradekg()
    from graph.neo4j.errors import Neo4jServerError
    from graph.neo4j.jars import ensure_neo4j_jars

    try:
        ensure_neo4j_jars()
    except Neo4jServerError as error:
        _skip_unless_ci(f"no Neo4j for the documented commands: {error}")
    mismatches = documented_outputs.run_file(ROOT / name)
    assert [(m.line, m.command, m.rewritten) for m in mismatches] == []


def test_every_documented_transcript_is_run_or_says_why_not() -> None:
    """A transcript left as written shows another program, or says why it is not run."""
    for name in documented_outputs.DOCUMENTS:
        path = ROOT / name
        lines = path.read_text(encoding="utf-8").splitlines()
        for transcript in documented_outputs.transcripts(path, lines):
            if transcript.runnable:
                continue
            previous = next(line for line in reversed(lines[:transcript.start]) if line.strip())
            others = [c.argv[0] for c in transcript.commands if not documented_outputs._runnable(c.argv)]
            assert documented_outputs.NOT_RUN.match(previous) or others, (name, transcript.start + 1)
