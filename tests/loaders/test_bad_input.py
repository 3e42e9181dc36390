"""Bad input is reported with file and line; the rest of the corpus still builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.pipeline import sample_corpus
from loaders import ReferenceData, Severity, load_corpus, parse_document

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    for path in sample_corpus().glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def kinds(load) -> list[tuple[str, str, str, int | None]]:  # type: ignore[no-untyped-def]
    return [(f.severity.value, f.kind, Path(f.file).name, f.line) for f in load.findings]


def test_bad_files_are_reported_and_the_rest_builds(corpus: Path, reference_data: ReferenceData) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "garbage.txt").write_bytes("标题\n".encode() + bytes(range(0x80, 0xA0)) * 20)
    (corpus / "no_measures.txt").write_text("关于某事的通知\n各单位：\n请认真做好有关工作。\n", encoding="utf-8")
    load = load_corpus([corpus], reference_data)
    assert len(load.documents) == 3 and sum(len(d.measures) for d in load.documents) == 44
    errors = [k for k in kinds(load) if k[0] == "error"]
    assert errors == [("error", "empty", "empty.txt", None),
                      ("error", "unreadable", "garbage.txt", 2),
                      ("error", "no_measures", "no_measures.txt", 3)]
    assert load.failed_files == sorted(str(corpus / n) for n in ("empty.txt", "garbage.txt",
                                                                 "no_measures.txt"))


def test_gb18030_file_builds_beside_utf8(corpus: Path, reference_data: ReferenceData) -> None:
    plan = (DATA / "henan_port_plan.txt").read_text(encoding="utf-8")
    (corpus / "henan.txt").write_bytes(plan.encode("gb18030"))
    load = load_corpus([corpus], reference_data)
    assert "河南省促进跨境贸易便利化工作方案" in [d.title for d in load.documents]
    assert not load.failed_files


def test_same_document_in_two_files_is_one(corpus: Path, reference_data: ReferenceData) -> None:
    shutil.copy(corpus / "gacc-2021-85_cross-border-trade-notice.txt", corpus / "zz-copy.txt")
    load = load_corpus([corpus], reference_data)
    assert [d.doc_id for d in load.documents].count("署岸发〔2021〕85号") == 1
    dup = [f for f in load.findings if f.kind == "duplicate" and f.file.endswith("zz-copy.txt")
           and "already read from" in f.message]
    assert len(dup) == 1
    assert dup[0].severity is Severity.INFO


def test_broken_clause_is_reported_with_its_line(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、任务\n1.甲任务。（海关总署负责）\n2.乙任务。（商务部、负责\n"
            "3.丙任务。（责任单位：）\n4.丁任务。（海关总署负责）\n")
    result = parse_document(text, path="plan.txt", reference=reference_data)
    assert [m.number for m in result.documents[0].measures] == ["1", "4"]
    broken = [(f.kind, f.line) for f in result.findings if f.kind == "broken_clause"]
    assert broken == [("broken_clause", 4), ("broken_clause", 5)]


def test_unknown_agency_is_kept_unresolved_and_reported(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务\n1.甲任务。（海关总署、国家口岸建设推进办公室按职责分工负责）\n"
    doc = parse_document(text, reference=reference_data).documents[0]
    unknown = doc.responsibilities[1].agency
    assert (unknown.name_zh, unknown.resolved, doc.responsibilities[1].role.value) == (
        "国家口岸建设推进办公室", False, "joint")


def test_parenthesis_naming_a_body_is_listed(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、任务\n1.甲任务。（海关总署负责）\n二、保障\n"
            "海关总署（国务院口岸工作部际联席会议办公室）要会同有关部门加大宣传。\n")
    result = parse_document(text, path="x.txt", reference=reference_data)
    unread = [(f.kind, f.line, f.text) for f in result.findings if f.kind == "unread_parenthesis"]
    assert unread == [("unread_parenthesis", 5, "（国务院口岸工作部际联席会议办公室）")]


def test_missing_path_is_reported(tmp_path: Path, reference_data: ReferenceData) -> None:
    load = load_corpus([tmp_path / "nope.txt", sample_corpus()], reference_data)
    assert len(load.documents) == 3
    assert [(f.kind, Path(f.file).name) for f in load.findings if f.severity is Severity.ERROR] == [
        ("unreadable", "nope.txt")]


def test_numbered_item_without_clause_is_noted(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务\n1.甲。（海关总署负责）\n2.乙没有条款。\n3.丙。（商务部负责）\n"
    result = parse_document(text, path="p.txt", reference=reference_data)
    assert [m.number for m in result.documents[0].measures] == ["1", "3"]
    noted = [(f.kind, f.line) for f in result.findings if f.kind == "item_without_clause"]
    assert noted == [("item_without_clause", 4)]


def test_nested_brackets_inside_a_collective_name(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务\n1.甲。（海关总署负责，各县（市、区）政府落实）\n"
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(r.as_written, r.role.value) for r in doc.responsibilities] == [
        ("海关总署", "lead"), ("各县（市、区）政府", "participant")]
