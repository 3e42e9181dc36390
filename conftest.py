"""Doctest namespace: examples in docstrings get the shipped reference data as REFERENCE."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest
from _pytest.doctest import DoctestItem

from loaders import ReferenceData


@pytest.fixture(scope="session")
def reference_data() -> ReferenceData:
    """The authority file, gazetteer and concept scheme shipped in ontology/ (loaded once)."""
    return ReferenceData.default()


@pytest.fixture(autouse=True)
def _doctest_namespace(doctest_namespace: dict, reference_data: ReferenceData) -> None:
    doctest_namespace["REFERENCE"] = reference_data


@pytest.fixture(scope="session")
def seed_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of the bundled sample corpus (graph, tables, views, site), made once."""
    from graph.pipeline import build, sample_corpus

    out = tmp_path_factory.mktemp("seed-out")
    build([sample_corpus()], out)
    return out


@pytest.fixture(autouse=True)
def _graph_doctest_namespace(request: pytest.FixtureRequest, doctest_namespace: dict) -> None:
    """Doctests under graph/ get SEED_OUT (built lazily: other tests never pay for it)."""
    if isinstance(request.node, DoctestItem) and request.node.name.split(".")[0] == "graph":
        doctest_namespace["SEED_OUT"] = request.getfixturevalue("seed_out")
        doctest_namespace["Counter"] = Counter


REAL_COMPONENTS = ("neo4j", "oxigraph_server", "browser", "notebook", "dask")
"""Markers of tests that need a real component; in CI (CI=true) they must not skip."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:  # type: ignore[type-arg]
    """In CI a skipped real-component test is a failure: the component must be installed."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if (report.skipped and os.environ.get("CI") == "true"
            and any(item.get_closest_marker(m) for m in REAL_COMPONENTS)):
        report.outcome = "failed"
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"CI=true: a real-component test may not skip ({reason})"
    return report
