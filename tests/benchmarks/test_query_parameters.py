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
