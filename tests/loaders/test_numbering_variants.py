"""Numbering variants: 1. 1． 1、 （1） （一） 一、, full-width digits, runs across sections."""

from __future__ import annotations

import pytest

from loaders import ReferenceData, parse_document


def measures(text: str, ref: ReferenceData) -> list[tuple[str, str, str]]:
    doc = parse_document(text, reference=ref).documents[0]
    return [(m.number, m.label, m.title) for m in doc.measures]


@pytest.mark.parametrize("mark", ["1.", "1．", "1、", "１．", "1 .", "1﹒"])
def test_arabic_measure_marks(mark: str, reference_data: ReferenceData) -> None:
    second = mark.replace("1", "2").replace("１", "２")
    text = f"某方案\n一、任务\n{mark}甲任务。（海关总署负责）\n{second}乙任务。（商务部负责）\n"
    assert [n for n, _, _ in measures(text, reference_data)] == ["1", "2"]


def test_items_numbered_with_the_small_full_stop_under_sections(reference_data: ReferenceData) -> None:
    text = ("某省数字口岸建设实施方案\n一、总体要求\n到2025年，口岸数字化水平明显提升。\n"
            "二、重点任务\n（一）夯实网络基础\n"
            "1﹒推进口岸区域5G网络覆盖。（省通信管理局、各市人民政府按职责分工负责）\n"
            "2﹒完善国际通信出入口。（省通信管理局负责）\n"
            "（二）提升通关效率\n"
            "3﹒推广“提前申报”。（海关总署牵头，省商务厅配合）\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(m.number, m.label) for m in doc.measures] == [("1", "1."), ("2", "2."), ("3", "3.")]
    assert [m.section for m in doc.measures] == ["2.1", "2.1", "2.2"]
    first = doc.measures[0].responsibilities
    assert [(r.as_written, r.role.value, r.rank) for r in first] == [
        ("省通信管理局", "joint", 1), ("各市人民政府", "joint", 2)]


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


@pytest.mark.parametrize("mark", ["{n}.", "{n}、", "（{n}）", "第{n}条 ", "{cn}、", "（{cn}）", "第{cn}条 "])
def test_measure_numbers_past_999_are_measures_of_their_own(mark: str, reference_data: ReferenceData) -> None:
    numerals = {998: "九百九十八", 999: "九百九十九", 1000: "一千", 1001: "一千零一", 1002: "一千零二"}
    body = "".join(f"{mark.format(n=n, cn=cn)}任务{n}。（海关总署负责）\n" for n, cn in numerals.items())
    doc = parse_document("某方案\n" + body, reference=reference_data).documents[0]
    assert [(m.number, len(m.responsibilities)) for m in doc.measures] == [
        (str(n), 1) for n in numerals]
    assert doc.measures[2].label == mark.format(n=1000, cn="一千").strip()


def test_articles_hold_their_sub_points(reference_data: ReferenceData) -> None:
    text = ("某办法\n第一条 为规范口岸管理，制定本办法。\n第二条 海关应当：\n（一）推行提前申报（海关总署负责）；\n"
            "（二）推广两步申报（海关总署牵头，商务部配合）。\n第三条 本办法自印发之日起施行。\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(m.number, m.label, m.section) for m in doc.measures] == [("1", "（一）", "2"), ("2", "（二）", "2")]
    assert [(s.number, s.label) for s in doc.sections] == [("2", "第二条")]


def test_number_too_long_to_read_is_a_warning(reference_data: ReferenceData) -> None:
    text = "某方案\n1.甲任务。（海关总署负责）\n12345678901.乙任务。（商务部负责）\n"
    result = parse_document(text, path="plan.txt", reference=reference_data)
    assert [(m.number, len(m.responsibilities)) for m in result.documents[0].measures] == [("1", 2)]
    assert [(f.severity.value, f.kind, f.line, f.message) for f in result.findings
            if f.kind == "unread_number"] == [
        ("warning", "unread_number", 3, "line 3 opens with the number 12345678901, longer than 9 digits, which "
         "is not read as a measure number; its text is read as part of the numbered item before it")]
