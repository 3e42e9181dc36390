"""Documents of the genre beyond the seeds: a State Council notice, a provincial plan with
labelled clauses, a 任务分工 table (fixtures in tests/data/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders import PolicyDocument, ReferenceData, parse_source, read_document

DATA = Path(__file__).parents[1] / "data"


def load(name: str, ref: ReferenceData) -> PolicyDocument:
    (doc,) = parse_source(read_document(DATA / name), reference=ref).documents
    return doc


def rows(doc: PolicyDocument) -> list[tuple[str, str, str, int]]:
    return [(m.number, r.as_written, r.role.value, r.rank)
            for m in doc.measures for r in m.responsibilities]


@pytest.fixture(scope="module")
def notice(reference_data: ReferenceData) -> PolicyDocument:
    return load("state_council_port_notice.txt", reference_data)


def test_state_council_notice_header(notice: PolicyDocument) -> None:
    assert (notice.doc_id, notice.title, notice.date.isoformat(), notice.jurisdiction) == (
        "国办发〔2099〕1号", "国务院办公厅关于进一步优化口岸营商环境的通知", "2099-01-05", "CN")
    assert [i.name_zh for i in notice.issuers] == ["国务院办公厅"]
    assert notice.addressees == ("各省、自治区、直辖市人民政府", "国务院各部委、各直属机构")


def test_state_council_notice_rows(notice: PolicyDocument) -> None:
    assert rows(notice) == [
        ("1", "海关总署", "lead", 1), ("1", "交通运输部", "participant", 2),
        # 排在第一位的部门为牵头部门，下同 is in force from measure 1 on.
        ("2", "发展改革委", "lead", 1), ("2", "财政部", "participant", 2),
        ("2", "市场监管总局", "participant", 3), ("2", "各有关省级人民政府", "participant", 4),
        ("3", "海关总署", "lead", 1), ("3", "商务部", "participant", 2), ("3", "各省级人民政府", "participant", 3),
        ("4", "海关总署", "lead", 1), ("4", "农业农村部", "lead", 2),
        ("5", "海关总署", "lead", 1),
        ("6", "商务部", "guide", 1), ("6", "海关总署", "guide", 2), ("6", "各有关省级人民政府", "participant", 3),
        ("7", "国家口岸建设推进办公室", "lead", 1),
    ]
    assert notice.measures[1].responsibilities[0].open_ended
    assert notice.measures[4].responsibilities[0].open_ended
    assert not notice.measures[6].responsibilities[0].agency.resolved


def test_state_council_notice_target(notice: PolicyDocument) -> None:
    (target,) = notice.measures[0].targets
    assert (target.due.isoformat(), target.metric, target.value, target.unit, target.comparator) == (
        "2099-12-31", "进口整体通关时间", 30.0, "小时", "<=")


def test_provincial_plan_with_labelled_clauses(reference_data: ReferenceData) -> None:
    plan = load("henan_port_plan.txt", reference_data)
    assert plan.jurisdiction == "410000"
    assert rows(plan) == [
        ("1", "郑州海关", "joint", 1), ("1", "省商务厅", "joint", 2),
        ("2", "郑州海关", "lead", 1),
        ("3", "省发展改革委", "lead", 1), ("3", "省财政厅", "participant", 2), ("3", "省市场监管局", "participant", 3),
        ("4", "省交通运输厅", "lead", 1), ("4", "郑州海关", "participant", 2),
        ("5", "省商务厅", "lead", 1), ("5", "省大数据局", "participant", 2),
        ("6", "省商务厅", "lead", 1), ("6", "郑州机场集团", "participant", 2),
        ("7", "省发展改革委", "lead", 1), ("7", "郑州国际陆港公司", "participant", 2),
        ("8", "省商务厅", "lead", 1), ("8", "郑州海关", "participant", 2),
        ("9", "省商务厅", "guide", 1), ("9", "各区、市政府", "lead", 2),
    ]
    assert plan.measures[0].responsibilities[0].scope == "中国（河南）自由贸易试验区"
    # Unknown Henan bodies are kept, spelled out in their jurisdiction, and unresolved.
    assert plan.measures[0].responsibilities[1].agency.name_zh == "河南省商务厅"
    assert [(t.text, t.due.isoformat()) for t in plan.measures[1].targets] == [
        ("2099年6月底前，查验准备时间压缩至2小时以内", "2099-06-30"), ("2099年底前", "2099-12-31")]
    assert [c.label for c in plan.measures[0].concepts] == ["两步申报"]


def test_task_division_table(reference_data: ReferenceData) -> None:
    table = load("task_division_table.txt", reference_data)
    assert rows(table) == [
        ("1", "省商务厅", "guide", 1), ("1", "试点城市政府", "lead", 2),
        ("2", "省商务厅", "lead", 1), ("2", "省交通运输厅", "participant", 2), ("2", "省港航集团", "participant", 3),
        ("3", "省交通运输厅", "lead", 1),
        ("4", "省商务厅", "joint", 1), ("4", "省财政厅", "joint", 2),
        ("5", "省港航集团", "lead", 1),
        ("6", "省商务厅", "joint", 1), ("6", "省交通运输厅", "joint", 2),
    ]
    assert [(r.kind, r.actor, r.from_measure) for r in table.rules] == [
        ("implementing_actor", "试点城市政府", "1")]


@pytest.mark.parametrize("name", ["task_table.txt", "task_table.html"])
def test_task_tables_become_measures(name: str, reference_data: ReferenceData) -> None:
    table = load(name, reference_data)
    expected = {
        "task_table.txt": [
            ("1", "海关总署", "lead", 1), ("1", "商务部", "participant", 2), ("1", "财政部", "participant", 3),
            ("2", "交通运输部", "lead", 1), ("2", "海关总署", "participant", 2)],
        "task_table.html": [
            ("1", "合肥海关", "lead", 1), ("1", "省商务厅", "participant", 2),
            ("1", "省交通运输厅", "participant", 3), ("2", "省交通运输厅", "lead", 1),
            ("2", "省港航集团", "participant", 2), ("3", "省发展改革委", "lead", 1),
            ("3", "省市场监管局", "lead", 2)],
    }[name]
    assert rows(table) == expected
    first = table.measures[0]
    assert first.responsibilities[0].clause.startswith("牵头单位：")
    assert [t.due.isoformat() for t in first.targets] == ["2099-12-31" if name.endswith("txt")
                                                          else "2099-06-30"]
    source = (DATA / name).read_text(encoding="utf-8")
    assert "推" in source[first.span.start:first.span.end]


def test_labelled_statements_without_brackets(reference_data: ReferenceData) -> None:
    from loaders import parse_document

    text = ("某方案\n一、任务\n1.推行提前申报。\n牵头单位：海关总署；责任单位：商务部、财政部。\n"
            "2.推广电子提单。责任单位：交通运输部\n")
    doc = parse_document(text, reference=reference_data).documents[0]
    assert rows(doc) == [("1", "海关总署", "lead", 1), ("1", "商务部", "participant", 2),
                         ("1", "财政部", "participant", 3), ("2", "交通运输部", "lead", 1)]
    assert doc.measures[0].responsibilities[0].clause == "牵头单位：海关总署；责任单位：商务部、财政部"


def test_provincial_transmittal_notice_and_its_measures(reference_data: ReferenceData) -> None:
    docs = parse_source(read_document(DATA / "guangdong_measures_notice.txt"),
                        reference=reference_data).documents
    notice, plan = docs
    assert (notice.doc_id, notice.jurisdiction, notice.date.isoformat()) == (
        "粤府办〔2021〕30号", "440000", "2021-09-30")
    assert notice.transmits == plan.doc_id == "广东省进一步优化口岸营商环境促进跨境贸易便利化若干措施（2021-09-30）"
    assert [i.name_zh for i in plan.issuers] == ["广东省人民政府办公厅"]
    assert rows(plan) == [
        ("1", "海关总署广东分署", "joint", 1), ("1", "省商务厅", "joint", 2), ("1", "各地级以上市人民政府", "joint", 3),
        # 广州、深圳市人民政府: the shared suffix belongs to both cities.
        ("2", "省交通运输厅", "lead", 1), ("2", "海关总署广东分署", "lead", 2),
        ("2", "广州市人民政府", "participant", 3), ("2", "深圳市人民政府", "participant", 4),
        ("3", "省发展改革委", "joint", 1), ("3", "省市场监管局", "joint", 2), ("3", "省交通运输厅", "joint", 3),
        ("3", "省商务厅", "joint", 4),
        ("4", "省商务厅", "lead", 1),
    ]
    assert plan.measures[0].responsibilities[1].agency.name_zh == "广东省商务厅"


def test_opinion_with_labelled_clauses_and_semicolon_groups(reference_data: ReferenceData) -> None:
    doc = load("zhejiang_opinion.txt", reference_data)
    assert (doc.doc_id, doc.jurisdiction, [i.name_zh for i in doc.issuers]) == (
        "浙政发〔2022〕8号", "330000", ["浙江省人民政府"])
    assert rows(doc) == [
        ("1", "杭州海关", "joint", 1), ("1", "宁波海关", "joint", 2), ("1", "省商务厅", "joint", 3),
        ("1", "各市、县（市、区）人民政府", "joint", 4),
        ("2", "省港航管理中心", "joint", 1), ("2", "宁波舟山港集团", "joint", 2),
        ("3", "省商务厅", "lead", 1), ("3", "省发展改革委", "participant", 2), ("3", "省财政厅", "participant", 3),
        ("3", "省市场监管局", "participant", 4), ("3", "各设区市政府", "participant", 5),
    ]
    assert doc.measures[2].responsibilities[0].open_ended
    assert [(t.due.isoformat(), t.metric, t.value, t.unit) for t in doc.measures[0].targets] == [
        ("2022-12-31", "进口整体通关时间", 35.0, "小时"), ("2022-12-31", "出口整体通关时间", 1.5, "小时")]


def test_plan_whose_clauses_list_bodies_without_a_verb(reference_data: ReferenceData) -> None:
    # Every clause is a bare list after the end of a sentence: （福州海关）, （福州海关、市商务局）.
    result = parse_source(read_document(DATA / "bare_clause_plan.txt"), reference=reference_data)
    notice, plan = result.documents
    assert (len(notice.measures), plan.title, plan.transmitted_by) == (
        0, "福州市2099年口岸提效工作方案", notice.doc_id)
    assert [(m.number, r.as_written, r.role.value, r.rank, r.agency.name_zh)
            for m in plan.measures for r in m.responsibilities] == [
        ("1", "福州海关", "lead", 1, "中华人民共和国福州海关"),
        ("2", "福州海关", "joint", 1, "中华人民共和国福州海关"),
        ("2", "市商务局", "joint", 2, "福州市商务局"),
        ("3", "市交通运输局", "joint", 1, "福州市交通运输局"),
        ("3", "福州海关", "joint", 2, "中华人民共和国福州海关"),
        ("3", "各区人民政府", "joint", 3, "各区人民政府"),
        ("4", "市商务局", "lead", 1, "福州市商务局"),
        ("5", "市发展改革委", "joint", 1, "福州市发展和改革委员会"),
        ("5", "市市场监管局", "joint", 2, "福州市市场监督管理局"),
        ("5", "市财政局", "joint", 3, "福州市财政局"),
    ]
    # A name glossed in parentheses mid-sentence is not a clause; a bare name the authority
    # file does not know is not read either, and both are reported.
    unread = [(f.kind, f.line) for f in result.findings if f.kind in ("unread_parenthesis", "item_without_clause")]
    assert unread == [("unread_parenthesis", 16), ("unread_parenthesis", 18), ("item_without_clause", 18)]
