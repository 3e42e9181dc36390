"""The benchmark asks every named question: each parameter without a default has a value."""

from __future__ import annotations

from benchmarks.sections import PARAMETERS
from graph.query_library import list_queries


def test_every_required_parameter_has_a_benchmark_value() -> None:
    missing = [(q.name, p.name) for q in list_queries() for p in q.parameters
               if p.default is None and p.name not in PARAMETERS.get(q.name, {})]
    assert missing == []
