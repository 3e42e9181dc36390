"""Tests for scripts/score_extraction.py on a tiny hand-made truth and table."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "score_extraction.py"

TRUTH = (
    "file\tmeasure_number\tagency_as_written\trole\trank\topen_ended\n"
    "a.txt\t1\t市商务局\tlead\t1\tfalse\n"
    "a.txt\t1\t市口岸办\tparticipant\t2\tfalse\n"
    "a.txt\t2\t重庆海关\tlead\t1\tfalse\n"
    "b.txt\t1\t省财政厅\tjoint\t1\tfalse\n"
)

# a.txt: measure 1 both agencies right, 市口岸办 with the wrong role; measure 2
# missed; one spurious agency.  b.txt: right.  c.txt: not in the truth, ignored.
TABLE = (
    "doc_id,measure_number,agency,agency_as_written,role,rank,open_ended,resolved,"
    "clause,source_file,start,end\n"
    "d,1,X,市商务局,lead,1,false,true,（市商务局牵头，市口岸办配合）,docs/a.txt,0,1\n"
    "d,1,Y,市口岸办,joint,2,false,true,（市商务局牵头，市口岸办配合）,docs/a.txt,0,1\n"
    "d,3,Z,有关部门,lead,1,false,true,（有关部门负责）,docs/a.txt,0,1\n"
    "e,1,W,省财政厅,joint,1,false,true,（省财政厅、省商务厅负责）,b.txt,0,1\n"
    "f,1,V,市财政局,lead,1,false,true,（市财政局负责）,c.txt,0,1\n"
)

SOURCES = "file\turl\ttitle\tlevel\tsplit\na.txt\tu\tt\tmunicipal\tdev\nb.txt\tu\tt\tprovincial\ttest\n"


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    """Import the script as a module."""
    spec = importlib.util.spec_from_file_location("score_extraction", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_extraction"] = module
    spec.loader.exec_module(module)
    return module


def write_inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Write the truth, table and sources files into tmp_path."""
    truth, table, sources = tmp_path / "truth.tsv", tmp_path / "resp.csv", tmp_path / "s.tsv"
    truth.write_text(TRUTH, encoding="utf-8")
    table.write_text(TABLE, encoding="utf-8")
    sources.write_text(SOURCES, encoding="utf-8")
    return truth, table, sources


def test_total_counts_and_f1(scorer: ModuleType, tmp_path: Path) -> None:
    """Agency: tp 3, fp 1, fn 1; agency+role: tp 2, fp 2, fn 2."""
    truth, table, _ = write_inputs(tmp_path)
    scores, misses = scorer.score(scorer.read_truth(truth), scorer.read_extracted(table))
    total = scores[-1]
    assert total.file == "TOTAL"
    assert (total.agency.tp, total.agency.fp, total.agency.fn) == (3, 1, 1)
    assert total.agency.precision == pytest.approx(0.75)
    assert total.agency.f1 == pytest.approx(0.75)
    assert (total.role.tp, total.role.fp, total.role.fn) == (2, 2, 2)
    assert total.role.f1 == pytest.approx(0.5)
    kinds = sorted((m.kind, m.key.measure_number, m.key.agency_as_written) for m in misses)
    assert kinds == [
        ("missing", "1", "市口岸办"),
        ("missing", "2", "重庆海关"),
        ("spurious", "1", "市口岸办"),
        ("spurious", "3", "有关部门"),
    ]
    assert [s.file for s in scores] == ["a.txt", "b.txt", "TOTAL"]


def test_split_selects_files(scorer: ModuleType, tmp_path: Path) -> None:
    """--split test keeps b.txt only, a perfect score."""
    truth, table, sources = write_inputs(tmp_path)
    files = scorer.read_split(sources, "test")
    scores, misses = scorer.score(scorer.read_truth(truth), scorer.read_extracted(table), files)
    assert [s.file for s in scores] == ["b.txt", "TOTAL"]
    assert (scores[-1].role.tp, scores[-1].role.fp, scores[-1].role.fn) == (1, 0, 0)
    assert scores[-1].role.f1 == pytest.approx(1.0)
    assert misses == []


def test_main_prints_table(
    scorer: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line prints the total row and the misses."""
    truth, table, sources = write_inputs(tmp_path)
    assert scorer.main([str(truth), str(table), "--split", "dev", "--sources", str(sources)]) == 0
    out = capsys.readouterr().out
    assert "TOTAL" in out and "spurious" in out and "（有关部门负责）" in out
