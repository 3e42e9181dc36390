"""The benchmark asks every named question: each parameter without a default has a value."""

from __future__ import annotations

from benchmarks.sections import PARAMETERS
from graph.query_library import list_queries


def test_every_required_parameter_has_a_benchmark_value() -> None:
    missing = [(q.name, p.name) for q in list_queries() for p in q.parameters
               if p.default is None and p.name not in PARAMETERS.get(q.name, {})]
    assert missing == []


def test_a_run_past_the_limit_is_reported_as_none_and_a_quick_one_as_its_median() -> None:
    import time

    from benchmarks.measure import median_ms_within

    assert median_ms_within(lambda: time.sleep(1), 0.05, runs=1) is None
    quick = median_ms_within(lambda: None, 5.0, runs=3)
    assert quick is not None and quick < 50


def test_questions_limits_the_queries_section_and_an_unknown_name_is_refused(tmp_path, capsys) -> None:
    import pytest

    from benchmarks.__main__ import main
    from benchmarks.sections import Bench

    with pytest.raises(SystemExit) as stopped:
        main(["--only", "queries", "--questions", "document_citation", "--work", str(tmp_path)])
    assert stopped.value.code == 2
    assert "no named question document_citation; choose from agencies_by_measures_involved" in capsys.readouterr().err
    assert Bench(tmp_path, [100], questions=["document_citations"]).questions == ["document_citations"]
