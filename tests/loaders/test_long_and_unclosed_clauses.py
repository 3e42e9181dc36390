"""Clauses of any length are read; a bracket that never closes is a warning with line and column;
repeated findings are capped with a count; hostile bracket shapes stay linear in what they keep."""

from __future__ import annotations

import json
from itertools import pairwise

from loaders import ReferenceData, Severity, parse_document
from loaders.clauses import find_parentheses
from loaders.normalize import normalize_width
from loaders.records import FINDINGS_PER_KIND

HEAD = "关于推进口岸工作的通知\n署岸发〔2099〕1号\n一、重点任务\n"


def unknown_bodies(n: int) -> list[str]:
    """Distinct names of bodies the authority file does not know: 国家第1号事务局 …"""
    return [f"国家第{i}号事务局" for i in range(1, n + 1)]


def test_clause_of_200_bodies_is_read_in_full(reference_data: ReferenceData) -> None:
    names = unknown_bodies(200)
    clause = f"（{'、'.join(names)}按职责分工负责）"
    assert len(clause) > 2000
    text = HEAD + "1.甲任务。（海关总署负责）\n2.乙任务。" + clause + "\n3.丙任务。（商务部负责）\n"
    result = parse_document(text, path="plan.txt", reference=reference_data)
    (doc,) = result.documents
    assert [(m.number, len(m.responsibilities)) for m in doc.measures] == [("1", 1), ("2", 200), ("3", 1)]
    rows = doc.measures[1].responsibilities
    assert [(r.as_written, r.role.value, r.rank) for r in rows] == [(n, "joint", i) for i, n in enumerate(names, 1)]
    assert {r.clause for r in rows} == {clause}
    assert [f.kind for f in result.findings if f.severity is not Severity.INFO] == ["no_jurisdiction"]


def test_labelled_clause_over_400_characters_closes(reference_data: ReferenceData) -> None:
    helpers = unknown_bodies(60)
    clause = f"（牵头单位：海关总署；配合单位：{'、'.join(helpers)}）"
    assert len(clause) > 400
    text = HEAD + "1.甲任务。" + clause + "\n"
    result = parse_document(text, path="plan.txt", reference=reference_data)
    got = [(r.as_written, r.role.value) for r in result.documents[0].responsibilities]
    assert got == [("海关总署", "lead"), *((n, "participant") for n in helpers)]
    assert not [f for f in result.findings if "never closes" in f.message]


def test_unclosed_bracket_is_a_warning_with_line_and_column(reference_data: ReferenceData) -> None:
    text = (HEAD + "1.甲任务。（海关总署负责）\n2.乙任务。（商务部、负责\n3.丙任务（见附件。\n"
            "4.丁任务。（海关总署负责）\n")
    result = parse_document(text, path="plan.txt", reference=reference_data)
    assert [m.number for m in result.documents[0].measures] == ["1", "4"]
    found = [(f.severity, f.kind, f.file, f.line, f.message, f.text) for f in result.findings
             if "never closes" in f.message]
    assert found == [
        (Severity.WARNING, "broken_clause", "plan.txt", 5,
         "（ opened at line 5, column 7 never closes; the responsibility clause it opens was not read",
         "（商务部、负责"),
        (Severity.WARNING, "unclosed_parenthesis", "plan.txt", 6,
         "（ opened at line 6, column 6 never closes", "（见附件。"),
    ]


def test_stray_closing_bracket_does_not_swallow_the_measures_between(reference_data: ReferenceData) -> None:
    text = (HEAD + "1.甲任务（海关总署负责\n2.乙任务。（海关总署负责）\n3.丙任务。（商务部负责）多余的括号）\n")
    result = parse_document(text, path="plan.txt", reference=reference_data)
    doc = result.documents[0]
    assert [(m.number, [r.as_written for r in m.responsibilities]) for m in doc.measures] == [
        ("2", ["海关总署"]), ("3", ["商务部"])]
    assert [(f.kind, f.line) for f in result.findings if "never closes" in f.message] == [("broken_clause", 4)]


def test_brackets_on_one_long_line_are_kept_once_each() -> None:
    # The benchmark's unclosed_parens shape: a "（" every 500 characters that never closes.
    piece = ("（海关总署负责推进口岸通关便利化改革" + "持续优化口岸营商环境提升跨境贸易便利化水平" * 30)[:500]
    line = normalize_width(piece * 400)
    parens = find_parentheses(line)
    assert len(parens) == 400 and not any(p.closed for p in parens)
    assert sum(len(p.inner) for p in parens) < len(line)
    assert all(a.end <= b.start for a, b in pairwise(parens))


def test_repeated_findings_are_capped_with_a_count(reference_data: ReferenceData) -> None:
    piece = ("（海关总署负责推进口岸通关便利化改革" + "持续优化口岸营商环境提升跨境贸易便利化水平" * 30)[:500]
    text = HEAD + piece * 400 + "\n"
    result = parse_document(text, path="long.txt", reference=reference_data)
    broken = [f for f in result.findings if f.kind == "broken_clause"]
    assert len(broken) == FINDINGS_PER_KIND + 1 == 21
    assert [f.message for f in broken[:2]] == [
        "（ opened at line 4, column 1 never closes; the responsibility clause it opens was not read",
        "（ opened at line 4, column 501 never closes; the responsibility clause it opens was not read"]
    assert (broken[-1].severity, broken[-1].line, broken[-1].message) == (
        Severity.WARNING, 4, "… and 380 more of this kind (broken_clause); the first 20 are listed")
    assert all(len(f.text or "") <= 81 for f in broken)
    report = json.dumps([[f.kind, f.line, f.message, f.text] for f in result.findings], ensure_ascii=False)
    assert len(report) < 10_000


def test_cap_counts_each_kind_apart(reference_data: ReferenceData) -> None:
    doubtful = [f"第{i}批试点" for i in range(1, 31)]
    text = HEAD + f"1.甲任务。（海关总署、{'、'.join(doubtful)}负责）\n"
    result = parse_document(text, path="plan.txt", reference=reference_data)
    assert len(result.documents[0].responsibilities) == 31
    flagged = [f for f in result.findings if f.kind == "doubtful_agency"]
    assert [f.message for f in flagged[:1]] == [
        "'第1批试点' in a responsibility clause does not look like the name of a body; kept as an "
        "unresolved agency"]
    assert len(flagged) == 21
    assert (flagged[-1].file, flagged[-1].message) == (
        "plan.txt", "… and 10 more of this kind (doubtful_agency); the first 20 are listed")
    assert [f.kind for f in result.findings if f.kind != "doubtful_agency"] == ["no_jurisdiction"]
