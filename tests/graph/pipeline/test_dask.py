"""The per-file stage on a real Dask cluster (two worker processes) gives the bytes of a local build."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.pipeline import build
from tests.graph.pipeline.test_states import outputs

SAMPLE = Path(__file__).resolve().parents[3] / "loaders" / "sample_corpus"
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two single-threaded worker processes."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        yield cluster.scheduler_address.removeprefix("tcp://")


def _outputs(out: Path) -> dict[str, bytes]:
    """Every file a user opens (through OUT's links into its current state), the report aside."""
    found = outputs(out)
    del found["report.json"]
    return found


@pytest.mark.dask
def test_dask_build_gives_the_bytes_of_a_local_build(scheduler: str, tmp_path: Path) -> None:
    inputs = [SAMPLE, *([CORPUS] if CORPUS.is_dir() else [])]
    on_dask = build(inputs, tmp_path / "dask", executor=f"dask://{scheduler}")
    local = build(inputs, tmp_path / "local", jobs=1)
    assert on_dask.report.timing["executor"] == f"dask://{scheduler}"
    assert on_dask.report.documents == local.report.documents
    assert on_dask.report.triples == local.report.triples
    assert _outputs(tmp_path / "dask") == _outputs(tmp_path / "local")


@pytest.mark.dask
def test_cli_runs_on_dask_and_an_unreachable_scheduler_is_named(scheduler: str, tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", "-q", "--out", str(tmp_path / "a"), "--executor", f"dask://{scheduler}"])
    assert done.exit_code == 0, done.output
    refused = CliRunner().invoke(main, ["build", "-q", "--out", str(tmp_path / "b"), "--executor", "dask://127.0.0.1:9"])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")


def test_an_unknown_executor_is_named(tmp_path: Path) -> None:
    done = CliRunner().invoke(main, ["build", "-q", "--out", str(tmp_path), "--executor", "spark://x:1"])
    assert done.exit_code == 1
    assert "unknown executor 'spark://x:1'; use `local` or dask://HOST:PORT" in done.output
