"""Numbering variants: 1. 1． 1、 （1） （一） 一、, full-width digits, runs across sections."""

from __future__ import annotations

import pytest

from loaders import ReferenceData, parse_document


def measures(text: str, ref: ReferenceData) -> list[tuple[str, str, str]]:
    doc = parse_document(text, reference=ref).documents[0]
    return [(m.number, m.label, m.title) for m in doc.measures]


@pytest.mark.parametrize("mark", ["1.", "1．", "1、", "１．", "1 ."])
def test_arabic_measure_marks(mark: str, reference_data: ReferenceData) -> None:
    second = mark.replace("1", "2").replace("１", "２")
    text = f"某方案\n一、任务\n{mark}甲任务。（海关总署负责）\n{second}乙任务。（商务部负责）\n"
    assert [n for n, _, _ in measures(text, reference_data)] == ["1", "2"]


def test_measures_at_chinese_paren_level_running_on(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、甲\n（一）任务一。（海关总署负责）\n（二）任务二。（商务部负责）\n"
            "二、乙\n（三）任务三。（海关总署负责）\n（十二）任务十二。（商务部负责）\n")
    got = measures(text, reference_data)
    assert [(n, label) for n, label, _ in got] == [
        ("1", "（一）"), ("2", "（二）"), ("3", "（三）"), ("12", "（十二）")]


def test_numbering_that_restarts_is_qualified_by_section(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、甲\n1.任务。（海关总署负责）\n2.任务。（商务部负责）\n"
            "二、乙\n1.任务。（海关总署负责）\n2.任务。（商务部负责）\n")
    assert [n for n, _, _ in measures(text, reference_data)] == ["1.1", "1.2", "2.1", "2.2"]


def test_measures_at_top_level(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务一。（海关总署负责）\n二、任务二。（商务部负责）\n"
    assert measures(text, reference_data) == [("1", "一、", "任务一"), ("2", "二、", "任务二")]


def test_sub_points_stay_inside_their_measure(reference_data: ReferenceData) -> None:
    text = ("某方案\n1.总任务：\n（1）甲。（海关总署负责）\n（2）乙。（商务部负责）\n"
            "2.另一任务。（海关总署负责）\n3.第三任务。（商务部负责）\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(m.number, len(m.responsibilities)) for m in doc.measures] == [("1", 2), ("2", 1), ("3", 1)]
    assert [r.clause_index for r in doc.measures[0].responsibilities] == [1, 2]


def test_several_clauses_in_one_measure_mid_paragraph(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、甲\n1.扩大出口。建立清单。（海关总署负责）巩固优势（商务部牵头，海关总署配合）。"
            "深耕市场。（商务部牵头，农业农村部配合）\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    got = [(r.clause_index, r.as_written, r.role.value, r.rank) for r in doc.measures[0].responsibilities]
    assert got == [(1, "海关总署", "lead", 1), (2, "商务部", "lead", 1), (2, "海关总署", "participant", 2),
                   (3, "商务部", "lead", 1), (3, "农业农村部", "participant", 2)]


def test_marker_in_the_middle_of_a_line_after_a_clause(reference_data: ReferenceData) -> None:
    text = "某方案\n(一)任务一。(海关总署负责)(二)任务二\n续行。(商务部负责)\n"
    assert [n for n, _, _ in measures(text, reference_data)] == ["1", "2"]


def test_blank_lines_and_stray_spaces(reference_data: ReferenceData) -> None:
    text = " 某方案 \n\n\n　　一、 任务\n\n　　1． 甲任务。（ 海关总署负责 ）\n\n\u2003\u20032．乙任务。（商务部 负责）\n"
    assert [n for n, _, _ in measures(text, reference_data)] == ["1", "2"]
