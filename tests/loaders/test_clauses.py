"""Each clause form of extraction-rules.md, quoted, with the roles it must give."""

from __future__ import annotations

import pytest

from loaders import parse_responsibility_clause
from loaders.clauses import find_parentheses, looks_like_body, read_bare_agency_list

KNOWN = {"工业和信息化部", "交通运输部", "海关总署", "商务部", "市场监管总局", "税务总局", "民航局",
         "铁路局", "国铁集团", "发展改革委", "人民银行", "银保监会", "药监局", "住房城乡建设部"}


def roles(text: str, **kwargs: bool) -> list[tuple[str, str, int]]:
    clause = parse_responsibility_clause(text, is_known=KNOWN.__contains__, **kwargs)
    assert clause is not None, text
    return [(r.name, r.role.value, r.rank) for r in clause.responsibilities]


@pytest.mark.parametrize(("text", "expected"), [
    ("（海关总署负责）", [("海关总署", "lead", 1)]),
    ("（海关总署、税务总局按职责分工负责）", [("海关总署", "joint", 1), ("税务总局", "joint", 2)]),
    ("（海关总署牵头，商务部、市场监管总局等相关部门按职责分工负责）",
     [("海关总署", "lead", 1), ("商务部", "participant", 2), ("市场监管总局", "participant", 3)]),
    ("（交通运输部、海关总署、民航局、铁路局、国铁集团和各地区人民政府按职责分工负责）",
     [("交通运输部", "joint", 1), ("海关总署", "joint", 2), ("民航局", "joint", 3),
      ("铁路局", "joint", 4), ("国铁集团", "joint", 5), ("各地区人民政府", "joint", 6)]),
    ("（海关总署、交通运输部及相关地区人民政府按职责分工负责）",
     [("海关总署", "joint", 1), ("交通运输部", "joint", 2), ("相关地区人民政府", "joint", 3)]),
    ("（负责部门：住房城乡建设部）", [("住房城乡建设部", "lead", 1)]),
    ("（负责部门：药监局、海关总署；适用范围：重庆自贸试验区）",
     [("药监局", "joint", 1), ("海关总署", "joint", 2)]),
    ("（X局牵头，Y局、Z局参与）", [("X局", "lead", 1), ("Y局", "participant", 2), ("Z局", "participant", 3)]),
    ("（X局牵头，Y局配合）", [("X局", "lead", 1), ("Y局", "participant", 2)]),
    ("（X局、Y局牵头负责）", [("X局", "lead", 1), ("Y局", "lead", 2)]),
    ("（X局会同有关部门负责）", [("X局", "lead", 1)]),
    ("（X局、Y局会同有关部门负责）", [("X局", "lead", 1), ("Y局", "lead", 2)]),
    ("（X局、Y局指导）", [("X局", "guide", 1), ("Y局", "guide", 2)]),
    ("（X局指导，Y局参与）", [("X局", "guide", 1), ("Y局", "participant", 2)]),
    ("（X局、Y局等和各有关省级人民政府负责）",
     [("X局", "joint", 1), ("Y局", "joint", 2), ("各有关省级人民政府", "joint", 3)]),
    ("（X局、Y局，各省级人民政府按职责分工负责）",
     [("X局", "joint", 1), ("Y局", "joint", 2), ("各省级人民政府", "joint", 3)]),
    ("（牵头单位：X局；责任单位：Y局、Z局）",
     [("X局", "lead", 1), ("Y局", "participant", 2), ("Z局", "participant", 3)]),
    ("（牵头单位：X局）", [("X局", "lead", 1)]),
    ("（责任单位：X局、Y局）", [("X局", "joint", 1), ("Y局", "joint", 2)]),
    ("（责任单位：X局）", [("X局", "lead", 1)]),
    ("（配合单位：Y局）", [("Y局", "lead", 1)]),
    ("（X局负责，Y局配合）", [("X局", "lead", 1), ("Y局", "participant", 2)]),
    ("（X局牵头，Y局落实）", [("X局", "lead", 1), ("Y局", "participant", 2)]),
    ("（X局牵头，Y局具体实施）", [("X局", "lead", 1), ("Y局", "participant", 2)]),
    ("（X局牵头，Y局按职责分工配合）", [("X局", "lead", 1), ("Y局", "participant", 2)]),
    ("（2022年底前，牵头单位：X局）", [("X局", "lead", 1)]),
    ("(X局、Y局负责)", [("X局", "joint", 1), ("Y局", "joint", 2)]),
    ("（各区、市政府负责）", [("各区、市政府", "lead", 1)]),
    ("（有关区、市政府，X局负责）", [("有关区、市政府", "joint", 1), ("X局", "joint", 2)]),
    ("（省“十强产业”协调推进机制牵头部门负责）", [("省“十强产业”协调推进机制牵头部门", "lead", 1)]),
    ("（专班牵头单位牵头，专班成员单位按职责分工配合）",
     [("专班牵头单位", "lead", 1), ("专班成员单位", "participant", 2)]),
    ("（工业和信息化部牵头，各地区、各部门按职能分工负责）",
     [("工业和信息化部", "lead", 1), ("各地区", "participant", 2), ("各部门", "participant", 3)]),
    ("（X局、Y局分工负责，各部门、各市政府配合）",
     [("X局", "lead", 1), ("Y局", "lead", 2), ("各部门", "participant", 3), ("各市政府", "participant", 4)]),
    ("（责任单位：崂山区政府，市贸促会、市财政局）",
     [("崂山区政府", "joint", 1), ("市贸促会", "joint", 2), ("市财政局", "joint", 3)]),
])
def test_clause_form_gives_roles_and_ranks(text: str, expected: list[tuple[str, str, int]]) -> None:
    assert roles(text) == expected


@pytest.mark.parametrize("text", ["（区、市）", "（地、州、盟）", "（此件公开发布）", "（一）", "（含技工院校）",
                                  "（PPP）", "（国办发〔2016〕82号）", "（RCEP）", "（TBT协定）",
                                  "（国务院口岸工作部际联席会议办公室）", "（以下简称“园区”）", "（负责）",
                                  "（企业负责）", "（2021年底前完成）"])
def test_parenthesis_that_is_not_a_clause(text: str) -> None:
    assert parse_responsibility_clause(text) is None


def test_first_listed_leads_by_rule() -> None:
    clause = parse_responsibility_clause(
        "（重庆海关、市政府口岸物流办、重庆港务物流集团负责，排名第一的单位为牵头单位，下同）")
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("重庆海关", "lead"), ("市政府口岸物流办", "participant"), ("重庆港务物流集团", "participant")]
    assert clause.first_listed_leads and clause.onward


@pytest.mark.parametrize("wording", ["排在第一位的部门为牵头部门，下同", "列第一位者为牵头单位，下同",
                                     "列第一位者为牵头部门，下同"])
def test_other_wordings_of_the_lead_rule(wording: str) -> None:
    clause = parse_responsibility_clause(f"（X局、Y局负责，{wording}）")
    assert [r.role.value for r in clause.responsibilities] == ["lead", "participant"]
    assert clause.onward
    same = parse_responsibility_clause(f"（X局、Y局负责。{wording}）")
    assert [r.role.value for r in same.responsibilities] == ["lead", "participant"]


def test_rule_in_force_makes_first_listed_lead() -> None:
    assert roles("（甲局、乙局、丙局负责）", first_listed_leads=True) == [
        ("甲局", "lead", 1), ("乙局", "participant", 2), ("丙局", "participant", 3)]
    # An explicit lead wins over the document rule.
    assert roles("（甲局牵头，乙局配合）", first_listed_leads=True) == [
        ("甲局", "lead", 1), ("乙局", "participant", 2)]


def test_rule_without_xiatong_applies_to_its_clause_only() -> None:
    clause = parse_responsibility_clause("（X局、Y局负责，排名第一的单位为牵头单位）")
    assert clause.first_listed_leads and not clause.onward


def test_implementing_actor_rule_is_recorded() -> None:
    clause = parse_responsibility_clause(
        "（X局指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）")
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("X局", "guide"), ("试点城市政府", "lead")]
    assert clause.implementing_actor == "试点城市政府"


def test_open_ended_lists_are_flagged() -> None:
    assert parse_responsibility_clause("（海关总署牵头，商务部等相关部门按职责分工负责）").open_ended
    assert parse_responsibility_clause("（X局会同有关部门负责）").open_ended
    assert not parse_responsibility_clause("（X局、Y局负责）").open_ended


def test_he_inside_a_name_is_not_split() -> None:
    assert roles("（工业和信息化部、发展改革委负责）") == [
        ("工业和信息化部", "joint", 1), ("发展改革委", "joint", 2)]
    # Unknown names with 和 inside stay whole too.
    assert roles("（省经济和信息化厅负责）") == [("省经济和信息化厅", "lead", 1)]


def test_deng_bumen_he_collective_after_an_open_list() -> None:
    text = ("（海关总署牵头，交通运输部、发展改革委、商务部、税务总局、人民银行、银保监会等部门和"
            "各地区人民政府按职责分工负责）")
    got = roles(text)
    assert [n for n, _, _ in got] == ["海关总署", "交通运输部", "发展改革委", "商务部", "税务总局",
                                      "人民银行", "银保监会", "各地区人民政府"]
    assert {r for _, r, _ in got[1:]} == {"participant"}


def test_scope_and_deadline_are_not_agencies() -> None:
    clause = parse_responsibility_clause("（2022年底前，负责部门：药监局；适用范围：重庆自贸试验区）")
    assert [r.name for r in clause.responsibilities] == ["药监局"]
    assert (clause.scope, clause.deadline) == ("重庆自贸试验区", "2022年底前")


def test_clause_spanning_a_line_break() -> None:
    text = "首用首试。(青岛市绿色低碳高\n质量发展先行区建设办公室负责)(十七)智驾之都"
    parens = find_parentheses(text.replace("(", "（").replace(")", "）"))
    assert roles(parens[0].inner) == [("青岛市绿色低碳高质量发展先行区建设办公室", "lead", 1)]


def test_names_that_do_not_look_like_bodies_are_flagged() -> None:
    clause = parse_responsibility_clause("（X局、年度计划负责）")
    assert clause.doubtful == ("年度计划",)
    assert looks_like_body("重庆港务物流集团") and not looks_like_body("年度计划")


def test_label_whose_list_ends_with_a_verb_and_an_order_note() -> None:
    # The list after a label may end with the verb the label already says; a note on how the
    # bodies are ordered names no body.
    assert roles("（责任单位：甲海关、乙集团、丙中心站按职责分工负责。各相关单位按行政序列排序，下同）") == [
        ("甲海关", "joint", 1), ("乙集团", "joint", 2), ("丙中心站", "joint", 3)]
    assert roles("（甲局、乙局负责，排名不分先后）") == [("甲局", "joint", 1), ("乙局", "joint", 2)]


def test_an_order_note_beside_the_lead_rule_keeps_the_rule() -> None:
    clause = parse_responsibility_clause("（甲局、乙局负责，排列第一的为牵头单位，下同）")
    assert clause is not None
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("甲局", "lead"), ("乙局", "participant")]
    assert clause.first_listed_leads and clause.onward


def test_bare_list_of_known_bodies() -> None:
    known = KNOWN.__contains__
    one = read_bare_agency_list("（海关总署）", is_known=known)
    assert [(r.name, r.role.value) for r in one.responsibilities] == [("海关总署", "lead")]
    two = read_bare_agency_list("（商务部、海关总署等）", is_known=known, first_listed_leads=True)
    assert [(r.name, r.role.value) for r in two.responsibilities] == [("商务部", "lead"), ("海关总署", "participant")]
    assert two.open_ended
    # One name the authority file does not know, or a sentence inside, and it is not a list.
    assert read_bare_agency_list("（海关总署、年度计划）", is_known=known) is None
    assert read_bare_agency_list("（海关总署，2099年底前）", is_known=known) is None
