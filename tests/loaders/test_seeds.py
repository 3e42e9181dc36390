"""The two seed documents: exact documents, measures, roles, ranks and identity facts.

The expectations below were read off the documents themselves (loaders/sample_corpus/), not
off the loader's output: each measure's clause as printed, with the role pattern it implies.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.pipeline import sample_corpus
from loaders import CorpusLoad, ReferenceData, load_corpus

NATIONAL = "署岸发〔2021〕85号"
CQ_NOTICE = "渝口岸物流发〔2021〕6号"
CQ_PLAN = "2021年重庆市促进跨境贸易便利化工作方案（2021-03-16）"

# measure number -> (agencies as written, pattern): L = one lead; J = all joint;
# LP = first leads, the rest participate.
NATIONAL_CLAUSES: dict[str, tuple[str, str]] = {
    "1": ("海关总署", "L"), "2": ("海关总署 发展改革委 财政部 商务部 税务总局", "J"),
    "3": ("海关总署", "L"), "4": ("海关总署", "L"), "5": ("海关总署 税务总局", "J"),
    "6": ("海关总署 商务部 市场监管总局", "LP"), "7": ("海关总署 市场监管总局", "J"),
    "8": ("海关总署", "L"), "9": ("海关总署 交通运输部 相关地区人民政府", "J"),
    "10": ("发展改革委 财政部 交通运输部 商务部 海关总署 市场监管总局 各地区人民政府", "J"),
    "11": ("各地区人民政府", "L"),
    "12": ("市场监管总局 发展改革委 商务部 海关总署 交通运输部 各地区人民政府", "LP"),
    "13": ("海关总署 交通运输部 发展改革委 商务部 税务总局 人民银行 银保监会 各地区人民政府", "LP"),
    "14": ("交通运输部 海关总署 民航局 铁路局 国铁集团 各地区人民政府", "J"),
    "15": ("交通运输部 海关总署 各地区人民政府", "J"), "16": ("海关总署 民航局 各地区人民政府", "J"),
    "17": ("交通运输部 发展改革委 海关总署 国铁集团 各地区人民政府", "J"),
    "18": ("海关总署 交通运输部 卫生健康委 市场监管总局 各地区人民政府", "J"),
    "19": ("海关总署 交通运输部 发展改革委 财政部 商务部 市场监管总局", "J"),
    "20": ("海关总署 交通运输部 民航局 国铁集团 各地区人民政府", "J"),
    "21": ("海关总署 交通运输部 各地区人民政府", "J"), "22": ("海关总署", "L"),
    "23": ("海关总署", "L"), "24": ("海关总署", "L"), "25": ("海关总署 商务部 各地区人民政府", "J"),
    "26": ("交通运输部 商务部 海关总署 各地区人民政府", "J"),
    "27": ("海关总署 发展改革委 交通运输部 商务部 国铁集团", "J"),
}
# The Chongqing plan's first clause says 排名第一的单位为牵头单位，下同: every clause is LP.
CQ_CLAUSES: dict[str, str] = {
    "1": "重庆海关 市政府口岸物流办 重庆港务物流集团", "2": "重庆海关", "3": "重庆海关",
    "4": "市政府口岸物流办 市交通局 重庆港务物流集团",
    "5": "市政府口岸物流办 重庆海关 市交通局 重庆港务物流集团", "6": "重庆海关",
    "7": "市政府口岸物流办 重庆海关 重庆港务物流集团",
    "8": "市政府口岸物流办 市发展改革委 市财政局 市交通局 市市场监管局",
    "9": "两江新区管委会 市政府口岸物流办 重庆港务物流集团",
    "10": "市政府口岸物流办 重庆海关 重庆铁路口岸公司 中铁联集重庆分公司",
    "11": "市政府口岸物流办 重庆海关 各口岸经营单位", "12": "市政府口岸物流办 各口岸经营单位",
    "13": "市政府口岸物流办 重庆海关", "14": "市交通局 市政府口岸物流办 市经济信息委 重庆铁路办事处",
    "15": "市政府口岸物流办 重庆海关", "16": "市政府口岸物流办 市交通局", "17": "市政府口岸物流办 重庆海关",
}


def _expected_roles(names: list[str], pattern: str) -> list[tuple[str, str, int]]:
    if pattern == "J":
        return [(n, "joint", i) for i, n in enumerate(names, 1)]
    return [(n, "lead" if i == 1 else "participant", i) for i, n in enumerate(names, 1)]


@pytest.fixture(scope="module")
def seeds(reference_data: ReferenceData) -> CorpusLoad:
    return load_corpus([sample_corpus()], reference_data)


def docs_by_id(load: CorpusLoad) -> dict[str, object]:
    return {d.doc_id: d for d in load.documents}


def test_two_documents_plus_the_transmitted_plan(seeds: CorpusLoad) -> None:
    docs = docs_by_id(seeds)
    assert sorted(docs) == sorted([NATIONAL, CQ_NOTICE, CQ_PLAN])
    assert docs[CQ_NOTICE].transmits == CQ_PLAN
    assert docs[CQ_PLAN].transmitted_by == CQ_NOTICE
    assert len(docs[CQ_NOTICE].measures) == 0


def test_measure_counts_27_and_17(seeds: CorpusLoad) -> None:
    docs = docs_by_id(seeds)
    assert [m.number for m in docs[NATIONAL].measures] == [str(i) for i in range(1, 28)]
    assert [m.number for m in docs[CQ_PLAN].measures] == [str(i) for i in range(1, 18)]


def test_137_responsibilities_28_lead_67_joint_42_participant(seeds: CorpusLoad) -> None:
    rows = [r for d in seeds.documents for r in d.responsibilities]
    assert len(rows) == 137
    assert Counter(r.role.value for r in rows) == {"lead": 28, "joint": 67, "participant": 42}


def test_national_roles_and_ranks_measure_by_measure(seeds: CorpusLoad) -> None:
    doc = docs_by_id(seeds)[NATIONAL]
    for measure in doc.measures:
        names, pattern = NATIONAL_CLAUSES[measure.number]
        expected = (_expected_roles(names.split(), pattern) if pattern != "L"
                    else [(names, "lead", 1)])
        got = [(r.as_written, r.role.value, r.rank) for r in measure.responsibilities]
        assert got == expected, measure.number


def test_xiatong_rule_applies_to_later_measures(seeds: CorpusLoad) -> None:
    doc = docs_by_id(seeds)[CQ_PLAN]
    for measure in doc.measures:
        expected = _expected_roles(CQ_CLAUSES[measure.number].split(), "LP")
        got = [(r.as_written, r.role.value, r.rank) for r in measure.responsibilities]
        assert got == expected, measure.number
    assert [(r.kind, r.from_measure) for r in doc.rules] == [("first_listed_leads", "1")]


def test_document_facts(seeds: CorpusLoad) -> None:
    docs = docs_by_id(seeds)
    national, notice, plan = docs[NATIONAL], docs[CQ_NOTICE], docs[CQ_PLAN]
    assert national.title == "关于进一步深化跨境贸易便利化改革优化口岸营商环境的通知"
    assert national.date.isoformat() == "2021-08-20"
    assert national.addressees == ("各省、自治区、直辖市人民政府",)
    assert [i.name_zh for i in national.issuers] == [
        "海关总署", "国家发展和改革委员会", "财政部", "交通运输部", "商务部", "国家卫生健康委员会",
        "国家税务总局", "国家市场监督管理总局", "国家铁路局", "中国民用航空局"]
    assert national.jurisdiction == "CN"
    assert notice.title == "关于印发2021年重庆市促进跨境贸易便利化工作方案的通知"
    assert notice.date.isoformat() == "2021-03-16"
    assert notice.addressees == ("各区县（自治县）人民政府", "市政府有关部门", "有关单位")
    assert [i.name_zh for i in notice.issuers] == ["重庆市人民政府口岸和物流办公室", "中华人民共和国重庆海关"]
    assert plan.title == "2021年重庆市促进跨境贸易便利化工作方案"
    assert plan.jurisdiction == "500000"
    assert [(c.title, c.number) for c in plan.cites] == [
        ("优化营商环境条例", None),
        ("国务院关于优化口岸营商环境促进跨境贸易便利化工作方案的通知", "国发〔2018〕37号")]


def test_same_document_twice_loads_once(seeds: CorpusLoad) -> None:
    assert [d.doc_id for d in seeds.documents].count(NATIONAL) == 1
    duplicate = [f for f in seeds.findings if f.kind == "duplicate"]
    assert len(duplicate) == 1 and duplicate[0].line == 65


def test_issuer_and_clause_name_are_one_node(seeds: CorpusLoad) -> None:
    docs = docs_by_id(seeds)
    office = docs[CQ_NOTICE].issuers[0]
    written = [r for r in docs[CQ_PLAN].responsibilities if r.as_written == "市政府口岸物流办"]
    assert written and {r.agency.key for r in written} == {office.key}


def test_chongqing_commission_is_not_the_national_one(seeds: CorpusLoad) -> None:
    docs = docs_by_id(seeds)
    local = next(r.agency for r in docs[CQ_PLAN].responsibilities if r.as_written == "市发展改革委")
    national = next(r.agency for r in docs[NATIONAL].responsibilities if r.as_written == "发展改革委")
    assert local.key != national.key
    assert (local.name_zh, national.name_zh) == ("重庆市发展和改革委员会", "国家发展和改革委员会")


def test_chongqing_customs_is_part_of_gacc(seeds: CorpusLoad, reference_data: ReferenceData) -> None:
    customs = next(r.agency for r in docs_by_id(seeds)[CQ_PLAN].responsibilities
                   if r.as_written == "重庆海关")
    assert customs.name_zh == "中华人民共和国重庆海关"
    assert next(p.name_zh for p in reference_data.agencies.parents(customs)) == "海关总署"


def test_national_signatories_are_the_clause_agencies(seeds: CorpusLoad) -> None:
    doc = docs_by_id(seeds)[NATIONAL]
    clause_keys = {r.agency.key for r in doc.responsibilities}
    assert {i.key for i in doc.issuers} <= clause_keys | {"cn.nhc", "cn.nra", "cn.caac"}
    signer = {i.name_zh: i.key for i in doc.issuers}
    by_name = {r.agency.name_zh: r.agency.key for r in doc.responsibilities}
    assert all(by_name[name] == key for name, key in signer.items() if name in by_name)
    assert len(set(signer) & set(by_name)) == 10


def test_every_agency_of_the_seeds_is_resolved(seeds: CorpusLoad) -> None:
    assert all(r.agency.resolved for d in seeds.documents for r in d.responsibilities)


def test_targets_of_measure_5(seeds: CorpusLoad) -> None:
    measure = docs_by_id(seeds)[NATIONAL].measures[4]
    assert [(t.due.isoformat(), t.metric, t.value, t.unit, t.comparator) for t in measure.targets] == [
        ("2021-12-31", "税务部门办理正常出口退税的平均时间", 7.0, "个工作日", "<="),
        ("2022-12-31", "税务部门办理正常出口退税的平均时间", 6.0, "个工作日", "<=")]


def test_concepts_and_places_of_measures(seeds: CorpusLoad) -> None:
    doc = docs_by_id(seeds)[NATIONAL]
    measure2 = doc.measures[1]
    assert {c.label for c in measure2.concepts} >= {"提前申报", "两步申报", "船边直提", "抵港直装"}
    assert {p.label for p in doc.measures[8].places} == {"京津冀", "粤港澳大湾区"}
    cq = docs_by_id(seeds)[CQ_PLAN]
    assert {p.label for p in cq.measures[16].places} >= {"西部陆海新通道", "新加坡"}


def test_spans_point_at_the_clause_in_the_file(seeds: CorpusLoad) -> None:
    doc = docs_by_id(seeds)[CQ_PLAN]
    r = doc.measures[0].responsibilities[0]
    text = Path(r.span.file).read_text(encoding="utf-8")
    assert text[r.span.start:r.span.end] == r.clause
    assert r.clause == "（重庆海关、市政府口岸物流办、重庆港务物流集团负责，排名第一的单位为牵头单位，下同）"
    m = doc.measures[0]
    assert text[m.span.start:m.span.end].startswith("1．深入推进通关模式改革。")
