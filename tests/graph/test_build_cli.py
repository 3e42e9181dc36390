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


def old_word_folder(tmp_path: Path) -> Path:
    """Three old Word files and a WPS file: what a user downloads from a ministry's site."""
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in ("a.doc", "b.doc", "c.doc", "d.wps"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    return folder


def test_a_missing_path_is_one_error_before_anything_is_written(tmp_path: Path) -> None:
    code, out, err = run("build", str(tmp_path / "policies"), "--out", str(tmp_path / "build"))
    assert (code, out, err) == (1, "", f"Error: no such file or folder: {tmp_path / 'policies'}\n")
    assert not (tmp_path / "build").exists()


def test_a_folder_of_old_word_files_names_what_it_holds_and_writes_nothing(tmp_path: Path) -> None:
    folder = old_word_folder(tmp_path)
    code, out, err = run("build", str(folder), "--out", str(tmp_path / "build"))
    assert (code, out) == (1, "")
    assert err == (f"Error: no file tradekg reads in {folder} (found: 3 .doc, 1 .wps); tradekg reads "
                   ".docx, .htm, .html, .pdf, .shtml, .text, .txt and .xhtml files\n")
    assert not (tmp_path / "build").exists()


def test_an_old_word_file_named_alone_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    doc = old_word_folder(tmp_path) / "a.doc"
    code, out, err = run("build", str(doc), "--out", str(tmp_path / "build"))
    assert (code, out) == (1, "")
    assert err == f"Error: {doc}: old Word .doc/.wps files are not read; save as .docx, text or HTML\n"
    assert not (tmp_path / "build").exists()


def test_an_old_word_file_named_beside_good_files_is_skipped_with_its_reason(tmp_path: Path) -> None:
    doc = old_word_folder(tmp_path) / "a.doc"
    plan = tmp_path / "plan.txt"
    plan.write_text("某方案\n一、任务\n1.甲任务。（海关总署负责）\n", encoding="utf-8")
    code, out, err = run("build", str(doc), str(plan), "--out", str(tmp_path / "build"))
    assert code == 1  # as for any file that could not be read: the rest builds, the exit says so
    assert "1 measures" in out
    assert f"  error: {doc}: old Word .doc/.wps files are not read; save as .docx, text or HTML" in out
    assert f"Error: {doc} was not built; see {tmp_path / 'build'}/report.json" in err
    report = json.loads((tmp_path / "build" / "report.json").read_text(encoding="utf-8"))
    assert report["failed_files"] == [str(doc)] and report["documents"] == 1
    assert [(f["kind"], f["message"]) for f in report["findings"] if f["file"] == str(doc)] == [
        ("unsupported_format", "old Word .doc/.wps files are not read; save as .docx, text or HTML")]


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
    start = lines.index("Unresolved agencies (tradekg agencies unresolved --out rows.csv lists them to fill in):")
    printed = [line.split()[0] for line in lines[start + 1:] if line.startswith("  ")][:2]
    assert printed == ["某某协调办", "某某测试局"]
    asked = CliRunner().invoke(main, ["query", "unresolved_agencies", str(tmp_path / "out"), "-f", "csv"])
    assert sorted(row["agency"] for row in csv.DictReader(asked.stdout.splitlines())) == printed


# ---------------------------------------------------------------- portable source names, --excel

DATA = Path(__file__).resolve().parents[1] / "data"
BOM = b"\xef\xbb\xbf"


def read_rows(path: Path, encoding: str = "utf-8") -> list[dict[str, str]]:
    with open(path, encoding=encoding, newline="") as handle:
        return list(csv.DictReader(handle))


def source_files(out: Path, table: str = "documents") -> list[str]:
    return sorted({row["source_file"] for row in read_rows(out / "tables" / f"{table}.csv")})


def corpus_with_subfolder(root: Path) -> Path:
    """``root/plan.txt`` and ``root/sub/plan.txt``: two documents, two files of one name."""
    (root / "sub").mkdir(parents=True)
    (root / "plan.txt").write_bytes((DATA / "henan_port_plan.txt").read_bytes())
    (root / "sub" / "plan.txt").write_bytes((DATA / "zhejiang_opinion.txt").read_bytes())
    return root


def test_sample_build_names_each_file_by_its_name_alone(tmp_path: Path) -> None:
    assert run("build", "-q", "-j", "1", "--out", str(tmp_path / "out"))[0] == 0
    out = tmp_path / "out"
    expected = ["chongqing-2021-6_cross-border-trade-plan.txt", "gacc-2021-85_cross-border-trade-notice.txt"]
    for table in ("documents", "measures", "responsibilities"):
        assert source_files(out, table) == expected, table
    graph = (out / "graph.ttl").read_text(encoding="utf-8")
    assert 'dcterms:title "chongqing-2021-6_cross-border-trade-plan.txt"' in graph
    assert "site-packages" not in graph and "sample_corpus" not in graph


def test_a_file_in_a_subfolder_is_named_by_its_path_below_the_folder_given(tmp_path: Path) -> None:
    corpus = corpus_with_subfolder(tmp_path / "corpus")
    assert run("build", "-q", "-j", "1", str(corpus), "--out", str(tmp_path / "out"))[0] == 0
    for table in ("documents", "measures", "responsibilities"):
        assert source_files(tmp_path / "out", table) == ["plan.txt", "sub/plan.txt"], table
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert 'dcterms:title "sub/plan.txt"' in graph and str(tmp_path) not in graph


def test_a_file_given_itself_is_named_by_its_file_name(tmp_path: Path) -> None:
    corpus = corpus_with_subfolder(tmp_path / "corpus")
    assert run("build", "-q", "-j", "1", str(corpus / "sub" / "plan.txt"), "--out", str(tmp_path / "out"))[0] == 0
    assert source_files(tmp_path / "out") == ["plan.txt"]


def test_the_same_corpus_in_another_place_gives_the_same_bytes(tmp_path: Path) -> None:
    here = corpus_with_subfolder(tmp_path / "here" / "corpus")
    there = corpus_with_subfolder(tmp_path / "elsewhere" / "deeper" / "copy")
    names = ["graph.ttl", "graph.nt", *(f"tables/{name}.csv" for name in TABLES)]
    assert run("build", "-q", "-j", "1", str(here), "--out", str(tmp_path / "a"))[0] == 0
    assert run("build", "-q", "-j", "1", str(there), "--out", str(tmp_path / "b"))[0] == 0
    fresh = {name: (tmp_path / "a" / name).read_bytes() for name in names}
    assert run("build", "-q", "-j", "1", str(there), "--out", str(tmp_path / "a"))[0] == 0  # a's cache: here's
    for name in names:
        assert fresh[name] == (tmp_path / "b" / name).read_bytes(), name
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_cached_page_never_shows_the_name_a_build_from_another_folder_gave(tmp_path: Path) -> None:
    corpus = corpus_with_subfolder(tmp_path / "corpus")
    assert run("build", "-q", "-j", "1", str(corpus), "--out", str(tmp_path / "out"))[0] == 0
    assert run("build", "-q", "-j", "1", str(corpus / "sub"), "--out", str(tmp_path / "out"))[0] == 0
    assert run("build", "-q", "-j", "1", str(corpus / "sub"), "--out", str(tmp_path / "fresh"))[0] == 0
    assert source_files(tmp_path / "out") == ["plan.txt"]
    pages = sorted(p.name for p in (tmp_path / "fresh" / "site").glob("doc-*.html"))
    assert pages
    for name in pages:
        page = (tmp_path / "out" / "site" / name).read_text(encoding="utf-8")
        assert "sub/plan.txt" not in page, name
        assert page == (tmp_path / "fresh" / "site" / name).read_text(encoding="utf-8"), name


def test_excel_tables_start_with_a_bom_and_hold_the_same_rows(tmp_path: Path) -> None:
    assert run("build", "-q", "-j", "1", "--out", str(tmp_path / "plain"))[0] == 0
    assert run("build", "-q", "-j", "1", "--excel", "--out", str(tmp_path / "excel"))[0] == 0
    for name in TABLES:
        plain, excel = tmp_path / "plain" / "tables" / f"{name}.csv", tmp_path / "excel" / "tables" / f"{name}.csv"
        assert excel.read_bytes().startswith(BOM + b"agency" if name == "agencies" else BOM + b"doc_id"), name
        assert not plain.read_bytes().startswith(BOM), name
        assert read_rows(excel, "utf-8-sig") == read_rows(plain), name
        assert excel.read_bytes() == BOM + plain.read_bytes(), name
    assert (tmp_path / "excel" / "graph.ttl").read_bytes() == (tmp_path / "plain" / "graph.ttl").read_bytes()


def test_analyze_excel_tables_start_with_a_bom_and_hold_the_same_rows(tmp_path: Path, seed_out: Path) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seed_out, out, symlinks=True)
    assert run("analyze", str(out))[0] == 0
    plain = {p.name: p.read_bytes() for p in sorted((out / "tables" / "analysis").glob("*.csv"))}
    code, stdout, _ = run("analyze", "--excel", str(out))
    assert code == 0 and "Wrote 6 tables" in stdout
    for name, data in plain.items():
        excel = out / "tables" / "analysis" / name
        assert not data.startswith(BOM), name
        assert excel.read_bytes() == BOM + data, name
