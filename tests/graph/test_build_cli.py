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


# ---------------------------------------------------------------- wrong inputs: one message, nothing written


def pdf_folder(tmp_path: Path) -> Path:
    """Three PDFs and a Word file: what a user downloads from a ministry's site."""
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (folder / name).write_bytes(b"%PDF-1.4fake")
    (folder / "d.docx").write_bytes(b"PK\x03\x04")
    return folder


def test_a_missing_path_is_one_error_before_anything_is_written(tmp_path: Path) -> None:
    code, out, err = run("build", str(tmp_path / "policies"), "--out", str(tmp_path / "build"))
    assert (code, out, err) == (1, "", f"Error: no such file or folder: {tmp_path / 'policies'}\n")
    assert not (tmp_path / "build").exists()


def test_a_folder_of_pdfs_names_what_it_holds_and_writes_nothing(tmp_path: Path) -> None:
    folder = pdf_folder(tmp_path)
    code, out, err = run("build", str(folder), "--out", str(tmp_path / "build"))
    assert (code, out) == (1, "")
    assert err == (f"Error: no file tradekg reads in {folder} (found: 3 .pdf, 1 .docx); tradekg reads "
                   ".htm, .html, .shtml, .text, .txt and .xhtml files\n")
    assert not (tmp_path / "build").exists()


def test_a_pdf_named_alone_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    pdf = pdf_folder(tmp_path) / "a.pdf"
    code, out, err = run("build", str(pdf), "--out", str(tmp_path / "build"))
    assert (code, out) == (1, "")
    assert err == f"Error: {pdf}: PDF and Word files are not read yet; save it as text (.txt) or HTML\n"
    assert not (tmp_path / "build").exists()


def test_a_pdf_named_beside_good_files_is_skipped_with_its_reason(tmp_path: Path) -> None:
    pdf = pdf_folder(tmp_path) / "a.pdf"
    plan = tmp_path / "plan.txt"
    plan.write_text("某方案\n一、任务\n1.甲任务。（海关总署负责）\n", encoding="utf-8")
    code, out, err = run("build", str(pdf), str(plan), "--out", str(tmp_path / "build"))
    assert code == 1  # as for any file that could not be read: the rest builds, the exit says so
    assert "1 measures" in out
    assert f"  error: {pdf}: PDF and Word files are not read yet; save it as text (.txt) or HTML" in out
    assert f"Error: {pdf} was not built; see {tmp_path / 'build'}/report.json" in err
    report = json.loads((tmp_path / "build" / "report.json").read_text(encoding="utf-8"))
    assert report["failed_files"] == [str(pdf)] and report["documents"] == 1
    assert [(f["kind"], f["message"]) for f in report["findings"] if f["file"] == str(pdf)] == [
        ("unsupported_format", "PDF and Word files are not read yet; save it as text (.txt) or HTML")]


# ---------------------------------------------------------------- the printed summary


def test_no_summary_line_ends_in_a_colon_with_nothing_after_it(tmp_path: Path) -> None:
    code, out, _ = run("build", "--out", str(tmp_path))
    assert code == 0
    assert "Findings: 0 error(s), 0 warning(s), 4 note(s) (all in report.json)." in out.splitlines()
    lines = out.splitlines()
    for line, after in zip(lines, [*lines[1:], ""], strict=True):
        assert not line.endswith(":") or after.startswith("  "), line


def test_an_unresolved_issuer_is_listed_with_the_unresolved_agencies(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text("某方案\n一、任务\n1.甲任务。（海关总署、某某协调办负责）\n"
                                     "某某测试局\n2021年9月1日\n", encoding="utf-8")
    code, out, _ = run("build", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert code == 0, out
    lines = out.splitlines()
    assert "3 agencies, 2 unresolved;" in out
    start = lines.index("Unresolved agencies (add them to ontology/agencies.csv):")
    printed = [line.split()[0] for line in lines[start + 1:] if line.startswith("  ")][:2]
    assert printed == ["某某协调办", "某某测试局"]
    asked = CliRunner().invoke(main, ["query", "unresolved_agencies", str(tmp_path / "out"), "-f", "csv"])
    assert sorted(row["agency"] for row in csv.DictReader(asked.stdout.splitlines())) == printed
