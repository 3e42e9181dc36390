"""`tradekg build` as a user runs it: outputs, summary, exit codes, byte-identical output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from graph.cli import main
from graph.tables import TABLES


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_sample_corpus_writes_graph_tables_report(tmp_path: Path) -> None:
    code, out, _ = run("build", "--out", str(tmp_path))
    assert code == 0
    assert ("Read 2 file(s): 3 documents, 44 measures, 137 responsibilities "
            "(28 lead, 67 joint, 42 participant, 0 guide).") in out
    assert "0 unresolved" in out
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert (report["documents"], report["measures"], report["responsibilities"], report["ok"]) == (
        3, 44, 137, True)
    for name, header in TABLES.items():
        with open(tmp_path / "tables" / f"{name}.csv", encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert tuple(table[0]) == header
    with open(tmp_path / "tables" / "responsibilities.csv", encoding="utf-8", newline="") as handle:
        responsibilities = list(csv.DictReader(handle))
    assert len(responsibilities) == 137
    first = responsibilities[0]
    assert (first["measure_number"], first["agency"], first["agency_as_written"], first["role"],
            first["rank"], first["open_ended"], first["resolved"]) == (
        "1", "中华人民共和国重庆海关", "重庆海关", "lead", "1", "false", "true")
    assert (tmp_path / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")


def test_two_builds_give_the_same_bytes(tmp_path: Path) -> None:
    assert run("build", "-q", "--out", str(tmp_path / "a"))[0] == 0
    assert run("build", "-q", "--out", str(tmp_path / "b"))[0] == 0
    for name in ("graph.ttl", "tables/responsibilities.csv", "tables/agencies.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_build_with_a_bad_file_still_writes_and_exits_1(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "plan.txt").write_text("某方案\n一、任务\n1.甲任务。（海关总署负责）\n", encoding="utf-8")
    code, out, err = run("build", str(corpus), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "1 measures" in out
    assert f"Error: {corpus / 'empty.txt'} was not built" in err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["failed_files"] == [str(corpus / "empty.txt")]
    assert report["findings"][0]["message"] == "the file holds no text"


def test_missing_input_is_reported(tmp_path: Path) -> None:
    code, _, err = run("build", str(tmp_path / "nope"), "--out", str(tmp_path / "out"))
    assert code == 1
    assert "nope" in err


def test_help_lists_build() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "build" in out
    code, out, _ = run("build", "--help")
    assert "OUT/tables/responsibilities.csv" in out
