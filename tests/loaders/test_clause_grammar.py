"""The clause grammar of ontology/clause_grammar.toml: labels by pattern, 等 + class nouns, scope
sentences, deadlines and scores in the clause, and the report of unread parentheses.

Fixtures in tests/data/ are written in the genre's style; each pins one failure of a closed list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import (
    ParseResult,
    PolicyDocument,
    ReferenceData,
    Severity,
    parse_document,
    parse_source,
    read_document,
)
from loaders.clause_grammar import ClauseGrammar
from loaders.clauses import clause_shape, parse_responsibility_clause
from loaders.errors import TradeKGError

DATA = Path(__file__).parents[1] / "data"


def roles(text: str, ref: ReferenceData) -> list[tuple[str, str, int]]:
    clause = parse_responsibility_clause(text, is_known=ref.agencies.is_known)
    assert clause is not None, text
    return [(r.name, r.role.value, r.rank) for r in clause.responsibilities]


def parse(name: str, ref: ReferenceData) -> ParseResult:
    return parse_source(read_document(DATA / name), reference=ref)


def rows(doc: PolicyDocument) -> list[tuple[str, str, str, int, bool]]:
    return [(m.number, r.as_written, r.role.value, r.rank, r.open_ended)
            for m in doc.measures for r in m.responsibilities]


# -- labels ---------------------------------------------------------------------------------

# The labels the closed list read before the grammar, with the strength each had: kept exactly.
FORMER_LABELS = {
    "牵头单位": "lead", "牵头部门": "lead", "牵头责任单位": "lead", "牵头": "lead",
    "负责": "generic", "责任": "generic", "责任主体": "generic", "配合": "support", "参与": "support",
    "负责单位": "generic", "负责部门": "generic", "责任单位": "generic", "责任部门": "generic",
    "主责单位": "generic", "主办单位": "generic", "实施单位": "generic", "实施主体": "generic",
    "配合单位": "support", "配合部门": "support", "参与单位": "support", "参与部门": "support",
    "协办单位": "support", "协同单位": "support", "指导单位": "guide", "指导部门": "guide",
}


@pytest.mark.parametrize(("label", "strength"), sorted(FORMER_LABELS.items()))
def test_former_labels_keep_their_strength(label: str, strength: str) -> None:
    read = ClauseGrammar.default().read_label(f"{label}：甲局")
    assert read is not None and (read.strength, read.label, read.rest) == (strength, label, "甲局")


@pytest.mark.parametrize(("label", "strength"), [
    ("牵头落实单位", "lead"), ("主要责任单位", "generic"), ("协同配合单位", "support"),
    ("责任处室", "generic"), ("牵头督办部门", "lead"), ("具体实施单位", "generic"), ("承办机构", "generic"),
    ("督办单位", "guide"), ("牵头推进部门", "lead"), ("主要配合部门", "support"), ("牵头协调机构", "lead"),
])
def test_unseen_label_takes_the_strength_of_its_role_word(label: str, strength: str) -> None:
    read = ClauseGrammar.default().read_label(f"{label}：甲局")
    assert read is not None and read.strength == strength


@pytest.mark.parametrize("text", ["甲局牵头", "负责人：张三", "重点任务：通关", "牵头单位甲局"])
def test_text_that_is_no_label(text: str) -> None:
    assert ClauseGrammar.default().read_label(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("（牵头落实单位：海关总署；协同配合单位：商务部、财政部）",
     [("海关总署", "lead", 1), ("商务部", "participant", 2), ("财政部", "participant", 3)]),
    ("（主要责任单位：商务部、财政部）", [("商务部", "joint", 1), ("财政部", "joint", 2)]),
    ("（责任处室：综合业务处）", [("综合业务处", "lead", 1)]),
    ("（牵头督办部门：海关总署；责任单位：商务部）", [("海关总署", "lead", 1), ("商务部", "participant", 2)]),
    ("(牵头推进单位:海关总署;配合部门:商务部)", [("海关总署", "lead", 1), ("商务部", "participant", 2)]),
])
def test_labelled_clause_read_by_the_grammar(text: str, expected: list[tuple[str, str, int]],
                                             reference_data: ReferenceData) -> None:
    assert roles(text, reference_data) == expected


def test_deadline_before_a_qualified_label(reference_data: ReferenceData) -> None:
    clause = parse_responsibility_clause("（9月底完成，牵头联络单位：市商务局）")
    assert clause is not None
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [("市商务局", "lead")]
    assert clause.deadline == "9月底完成"


@pytest.mark.parametrize(("text", "deadline"), [
    ("（6月底取得阶段性成效并持续推进，牵头考核单位：市教育局）", "6月底取得阶段性成效并持续推进"),
    ("（2099年底前见到成效，牵头单位：市教育局）", "2099年底前见到成效"),
    ("（持续优化，牵头单位：市教育局）", "持续优化"),
])
def test_progress_phrases_before_a_label_are_a_deadline(text: str, deadline: str) -> None:
    clause = parse_responsibility_clause(text)
    assert clause is not None
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [("市教育局", "lead")]
    assert clause.deadline == deadline


@pytest.mark.parametrize("text", ["（0.5分，牵头单位：海关总署；责任单位：商务部）",
                                  "（（0.5分）牵头单位：海关总署；责任单位：商务部）",
                                  "（牵头单位：海关总署；责任单位：商务部；分值：0.5分）"])
def test_score_in_the_clause_is_not_an_agency(text: str, reference_data: ReferenceData) -> None:
    clause = parse_responsibility_clause(text, is_known=reference_data.agencies.is_known)
    assert clause is not None and clause.score == "0.5分"
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("海关总署", "lead"), ("商务部", "participant")]


def test_leader_label_names_people_not_agencies() -> None:
    clause = parse_responsibility_clause("（牵头市领导：分管副市长；牵头单位：市商务局；责任单位：市财政局）")
    assert clause is not None and clause.people == ("分管副市长",)
    assert [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("市商务局", "lead"), ("市财政局", "participant")]


def test_labels_without_brackets_follow_the_grammar(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、任务\n1.推行提前申报。\n牵头落实单位：海关总署；协同配合单位：商务部。\n"
            "2.推广电子提单。（0.5分）主要责任单位：交通运输部\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(m.number, r.as_written, r.role.value) for m in doc.measures for r in m.responsibilities] == [
        ("1", "海关总署", "lead"), ("1", "商务部", "participant"), ("2", "交通运输部", "lead")]


def test_task_table_role_columns_follow_the_grammar(reference_data: ReferenceData) -> None:
    text = ("某方案\n序号\t重点任务\t牵头落实单位\t协同配合单位\t完成时限\n"
            "1\t推行提前申报。\t海关总署\t商务部、财政部\t2099年底前\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert [(r.as_written, r.role.value) for r in doc.responsibilities] == [
        ("海关总署", "lead"), ("商务部", "participant"), ("财政部", "participant")]


def test_municipal_task_list_with_qualified_labels(reference_data: ReferenceData) -> None:
    result = parse("qingdao_supervision_task_list.txt", reference_data)
    (doc,) = result.documents
    assert rows(doc) == [
        ("1", "市商务局", "lead", 1, False), ("1", "青岛海关", "participant", 2, False),
        ("1", "市交通运输局", "participant", 3, False),
        ("2", "市交通运输局", "joint", 1, False), ("2", "山东港口青岛港集团", "joint", 2, False),
        ("3", "市发展改革委", "lead", 1, False), ("3", "价格收费处", "participant", 2, False),
        ("4", "青岛海关", "lead", 1, False), ("4", "山东港口青岛港集团", "participant", 2, False),
        ("5", "市商务局", "lead", 1, False), ("5", "市大数据局", "participant", 2, False),
        ("6", "市商务局", "lead", 1, False), ("6", "市财政局", "participant", 2, False),
        ("6", "市税务局", "participant", 3, False),
    ]
    assert doc.measures[0].responsibilities[0].agency.name_zh == "青岛市商务局"
    assert [f for f in result.findings if f.severity is not Severity.INFO] == []


# -- 等 + a class noun ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "names"), [
    ("（海关总署等有关部门和单位按职责分工负责）", ["海关总署"]),
    ("（海关总署、商务部等国务院相关部门按职责分工负责）", ["海关总署", "商务部"]),
    ("（省商务厅、省财政厅等省直有关单位负责）", ["省商务厅", "省财政厅"]),
    ("（商务部和海关总署等相关部门负责）", ["商务部", "海关总署"]),
    ("（市商务局和市财政局等相关部门负责）", ["市商务局", "市财政局"]),
    ("（海关总署牵头，商务部等有关部门、单位配合）", ["海关总署", "商务部"]),
    ("（海关总署牵头，商务部等5个部门配合）", ["海关总署", "商务部"]),
    ("（工业和信息化部等部门负责）", ["工业和信息化部"]),
])
def test_class_noun_after_deng_names_no_body(text: str, names: list[str],
                                             reference_data: ReferenceData) -> None:
    clause = parse_responsibility_clause(text, is_known=reference_data.agencies.is_known)
    assert clause is not None
    assert [r.name for r in clause.responsibilities] == names
    assert clause.open_ended


def test_collective_after_deng_and_a_joiner_is_a_body(reference_data: ReferenceData) -> None:
    assert roles("（海关总署牵头，商务部等部门和各地区人民政府按职责分工负责）", reference_data) == [
        ("海关总署", "lead", 1), ("商务部", "participant", 2), ("各地区人民政府", "participant", 3)]


def test_national_notice_with_class_nouns(reference_data: ReferenceData) -> None:
    (doc,) = parse("national_class_noun_notice.txt", reference_data).documents
    assert rows(doc) == [
        ("1", "海关总署", "joint", 1, True), ("1", "商务部", "joint", 2, True),
        ("2", "发展改革委", "lead", 1, True), ("2", "财政部", "participant", 2, True),
        ("2", "交通运输部", "participant", 3, True),
        ("3", "交通运输部", "joint", 1, True), ("3", "国铁集团", "joint", 2, True),
        ("4", "税务总局", "lead", 1, True), ("4", "人民银行", "participant", 2, True),
        ("4", "外汇局", "participant", 3, True),
        ("5", "交通运输部", "joint", 1, True), ("5", "商务部", "joint", 2, True),
        ("5", "各地区人民政府", "joint", 3, True),
    ]
    assert all(r.agency.resolved for r in doc.responsibilities)


# -- scope sentences ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "applies_to"), [
    ("（牵头单位：海关总署；责任单位：商务部，以下各项同）", "以下各项同"),
    ("（责任单位：海关总署、商务部；第1至5项均适用）", "第1至5项均适用"),
    ("（牵头单位：海关总署；责任单位：商务部；本部分下同）", "本部分下同"),
    ("（此项由海关总署负责）", "此项由"),
])
def test_scope_sentence_is_not_an_agency(text: str, applies_to: str, reference_data: ReferenceData) -> None:
    clause = parse_responsibility_clause(text, is_known=reference_data.agencies.is_known)
    assert clause is not None and clause.applies_to == applies_to
    assert {r.name for r in clause.responsibilities} <= {"海关总署", "商务部"}


def test_plan_with_scope_sentences(reference_data: ReferenceData) -> None:
    (doc,) = parse("shandong_scope_sentence_plan.txt", reference_data).documents
    assert rows(doc) == [
        ("1", "济南海关", "lead", 1, False), ("1", "青岛海关", "participant", 2, False),
        ("1", "省商务厅", "participant", 3, False),
        # 以下各项均适用: the lead rule reaches the measures that follow.
        ("2", "青岛海关", "lead", 1, False), ("2", "省交通运输厅", "participant", 2, False),
        ("3", "省发展改革委", "lead", 1, False), ("3", "省财政厅", "participant", 2, False),
        ("4", "省市场监管局", "lead", 1, False),
        ("5", "省商务厅", "lead", 1, True), ("5", "省财政厅", "participant", 2, True),
        ("6", "省商务厅", "lead", 1, False), ("6", "青岛海关", "participant", 2, False),
    ]
    assert doc.measures[2].responsibilities[0].scope == "济南、青岛、烟台片区"
    assert [(r.kind, r.from_measure) for r in doc.rules] == [("first_listed_leads", "1")]


# -- unread parentheses ---------------------------------------------------------------------

def test_clause_shape_names_the_form() -> None:
    assert clause_shape("（挂钩单位：市商务局、市财政局）") == "（挂钩单位：X）"
    assert clause_shape("（2099年6月底前，市商务局统筹推进）") == "（N年N月底前，X统筹推进）"


def test_document_of_mostly_unread_clauses_warns_with_the_shape(reference_data: ReferenceData) -> None:
    result = parse("unread_form_task_list.txt", reference_data)
    unread = [f for f in result.findings if f.kind == "unread_parenthesis"]
    assert [(f.severity, f.line) for f in unread] == [(Severity.INFO, 4), (Severity.INFO, 5), (Severity.INFO, 6)]
    (warning,) = [f for f in result.findings if f.kind == "unread_clauses"]
    assert warning.severity is Severity.WARNING and warning.line == 4
    assert "3 of 4 parentheses" in warning.message and "（挂钩单位：X） (3×)" in warning.message
    assert "ontology/clause_grammar.toml" in warning.message


def test_no_clause_read_gives_the_shape_beside_the_error(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务\n1.甲任务。（挂钩单位：海关总署）\n2.乙任务。（挂钩单位：商务部）\n"
    result = parse_document(text, reference=reference_data)
    kinds = [(f.severity, f.kind) for f in result.findings if f.severity is not Severity.INFO]
    assert (Severity.WARNING, "unread_clauses") in kinds and (Severity.ERROR, "no_measures") in kinds


def test_a_few_unread_parentheses_give_no_warning(reference_data: ReferenceData) -> None:
    text = ("某方案\n一、任务\n1.甲任务。（海关总署负责）\n2.乙任务。（商务部负责）\n"
            "二、保障\n海关总署（国务院口岸工作部际联席会议办公室）要加大宣传。\n")
    result = parse_document(text, reference=reference_data)
    assert [f.kind for f in result.findings if f.kind.startswith("unread")] == ["unread_parenthesis"]


def test_part_left_unbound_is_reported(reference_data: ReferenceData) -> None:
    text = "某方案\n一、任务\n1.甲任务。（海关总署负责，商务部）\n"
    result = parse_document(text, reference=reference_data)
    assert [(f.kind, f.line) for f in result.findings if f.kind == "unread_clause_part"] == [
        ("unread_clause_part", 3)]


# -- the grammar file -----------------------------------------------------------------------

def test_grammar_file_with_an_unknown_strength_is_refused(tmp_path: Path) -> None:
    source = (Path(__file__).parents[2] / "ontology" / "clause_grammar.toml").read_text(encoding="utf-8")
    bad = tmp_path / "grammar.toml"
    bad.write_text(source.replace('"督办" = "guide"', '"督办" = "boss"'), encoding="utf-8")
    with pytest.raises(TradeKGError, match="督办 = 'boss'"):
        ClauseGrammar.from_toml(bad)


def test_a_new_role_word_is_one_line_of_data(tmp_path: Path) -> None:
    source = (Path(__file__).parents[2] / "ontology" / "clause_grammar.toml").read_text(encoding="utf-8")
    extended = tmp_path / "grammar.toml"
    extended.write_text(source.replace('"督办" = "guide"', '"督办" = "guide"\n"挂钩" = "lead"'),
                        encoding="utf-8")
    clause = parse_responsibility_clause("（挂钩单位：市商务局）", grammar=ClauseGrammar.from_toml(extended))
    assert clause is not None and [(r.name, r.role.value) for r in clause.responsibilities] == [
        ("市商务局", "lead")]


def test_missing_grammar_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TradeKGError, match="cannot read the clause grammar"):
        ClauseGrammar.from_toml(tmp_path / "nope.toml")
