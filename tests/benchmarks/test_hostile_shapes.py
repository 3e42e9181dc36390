"""The benchmark's long_clause and numbers_past_999 shapes: the size asked for, read back exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.genre import generate_hostile
from loaders import ReferenceData
from loaders.corpus import parse_file


@pytest.mark.parametrize(("kind", "size", "measures", "rows"), [
    ("long_clause", 300, 3, 302),
    ("numbers_past_999", 1200, 1200, 1200),
])
def test_hostile_shape_is_read_as_its_truth(tmp_path: Path, kind: str, size: int, measures: int, rows: int,
                                            reference_data: ReferenceData) -> None:
    truth = generate_hostile(tmp_path, kind, size)
    assert (len(truth.measures), len(truth.responsibilities)) == (measures, rows)
    parsed = parse_file(tmp_path / f"{kind}.txt", reference_data)
    (doc,) = parsed.documents
    assert [m.number for m in doc.measures] == [m.number for m in truth.measures]
    got = [(m.number, r.agency.name_zh, r.as_written, r.role.value, r.rank, r.clause)
           for m in doc.measures for r in m.responsibilities]
    assert got == [(t.measure_number, t.agency, t.agency_as_written, t.role, t.rank, t.clause)
                   for t in truth.responsibilities]
    assert not parsed.findings


def test_long_clause_lists_size_distinct_bodies_in_one_clause(tmp_path: Path) -> None:
    truth = generate_hostile(tmp_path, "long_clause", 500)
    long = [r for r in truth.responsibilities if r.measure_number == "2"]
    assert len({r.agency_as_written for r in long}) == 500 and len({r.clause for r in long}) == 1
    assert len(long[0].clause) > 3000
