"""Every document of ../shared/corpus builds; counts and a sample of rows are pinned.

The counts were checked against the corpus manifest (SOURCES.tsv: responsibility
parentheses per file) and the sample rows against the texts.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from loaders import CorpusLoad, ReferenceData, Severity, load_corpus

CORPUS = Path(__file__).parents[3] / "shared" / "corpus"

# file prefix -> (doc_id, measures, responsibilities, lead, joint, participant, guide)
EXPECTED = {
    "01": ("安徽省关于加快对接《区域全面经济伙伴关系协定》（RCEP）经贸新规则扎实推进高水平开放实施意见"
           "（2022-03-23）", 24, 71, 31, 0, 40, 0),
    "02": ("发改高技〔2020〕1922号", 19, 61, 31, 10, 20, 0),
    "03": ("03_sd-fgw2024_scenario-innovation-ten-industries（2024-10-28）", 27, 48, 14, 34, 0, 0),
    "04": ("数字山东2019行动方案（2019-03-15）", 21, 198, 96, 3, 99, 0),
    "05": ("05_jinan2019_advanced-manufacturing-digital-economy-measures（2019-01-03）", 26, 50, 13, 37, 0,
           0),
    "06": ("06_sd2020_industrial-big-data-plan（2020-12-10）", 20, 33, 10, 23, 0, 0),
    "07": ("山东省“十四五”教育事业发展规划（2021-10-21）", 56, 184, 56, 0, 128, 0),
    "08": ("数字山东2021行动方案（2021-04-15）", 21, 60, 37, 17, 6, 0),
    "09": ("加快数字化高质量发展打造数字先锋城市推进方案（2021-09-15）", 19, 68, 3, 65, 0, 0),
    "10": ("10_sd2022_intelligent-manufacturing-upgrade-plan（2022-08-18）", 14, 30, 5, 25, 0, 0),
    "11": ("山东省制造业创新能力提升三年行动计划（2023—2025 年）（2023-04-29）", 28, 52, 52, 0, 0, 0),
    "12": ("青政办字〔2023〕13号", 11, 30, 6, 24, 0, 0),
    "13": ("支持国家级工业互联网平台高质量发展若干措施（2023-11-28）", 17, 34, 4, 30, 0, 0),
    "14": ("济南市新一代人工智能高质量发展行动计划（2024-2026 年）（2024-06-27）", 21, 56, 4, 52, 0, 0),
    "15": ("15_sd2024_sci-tech-led-industrial-chains-plan（2024-04-29）", 8, 31, 8, 9, 14, 0),
    "16": ("16_qingdao2024_marine-ai-model-cluster-plan（2024-06-06）", 18, 125, 0, 125, 0, 0),
}

# The first responsibility row of each file: (measure, agency, as written, role, rank, clause).
FIRST_ROWS = {
    "01": ("1", "中华人民共和国合肥海关", "合肥海关", "lead", 1, "（合肥海关负责）"),
    "02": ("3", "国家发展和改革委员会", "发展改革委", "lead", 1,
           "（发展改革委、工业和信息化部、中央网信办牵头，各地区、各部门负责）"),
    "03": ("1", "山东省发展和改革委员会", "省发展改革委", "joint", 1,
           "(省发展改革委、省科技厅、省“十强产业”协调推进机制牵头部门负责)"),
    "04": ("1", "山东省大数据局", "省大数据局", "lead", 1, "（省大数据局、省政府办公厅牵头，各有关部门、各市政府配合）"),
    "05": ("1", "济南市经济和信息化委员会", "市经济和信息化委", "joint", 1, "（责任单位：市经济和信息化委、市统计局）"),
    "07": ("2.1", "中共山东省委教育工作委员会", "省委教育工委", "lead", 1,
           "（省委教育工委、省委宣传部、团省委负责，列第一位者为牵头部门，下同）"),
    "11": ("1", "山东省工业和信息化厅", "省工业和信息化厅", "lead", 1, "（牵头单位：省工业和信息化厅、省科技厅）"),
    "12": ("1", "青岛市崂山区人民政府", "崂山区政府", "joint", 1,
           "（责任单位：崂山区政府，市自然资源和规划局、市发展改革委、市工业和信息化局、市财政局）"),
    "15": ("1", "山东省科学技术厅", "省科技厅", "lead", 1, "（省科技厅牵头，省发展改革委、省工业和信息化厅配合）"),
    "16": ("1.1", "青岛市科学技术局", "市科技局", "joint", 1,
           "（责任单位：市科技局、市工业和信息化局，青岛海洋科技中心、崂山实验室、中国科学院海洋研究所）"),
}

pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the checkout")


@pytest.fixture(scope="module")
def corpus(reference_data: ReferenceData) -> CorpusLoad:
    return load_corpus([CORPUS], reference_data)


def _docs(load: CorpusLoad, prefix: str) -> list:  # type: ignore[type-arg]
    return [d for d in load.documents if Path(d.source_file).name.startswith(prefix)
            and d.measures]


def test_every_corpus_document_builds(corpus: CorpusLoad) -> None:
    assert not corpus.failed_files
    assert len(corpus.files) == 16
    assert not [f for f in corpus.findings if f.severity is Severity.ERROR]
    assert all(r.agency.resolved for d in corpus.documents for r in d.responsibilities)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_corpus_document_counts(corpus: CorpusLoad, prefix: str) -> None:
    (doc,) = _docs(corpus, prefix)
    doc_id, n_measures, n_resp, lead, joint, participant, guide = EXPECTED[prefix]
    roles = Counter(r.role.value for r in doc.responsibilities)
    assert (doc.doc_id, len(doc.measures), len(doc.responsibilities)) == (doc_id, n_measures, n_resp)
    assert [roles[r] for r in ("lead", "joint", "participant", "guide")] == [lead, joint, participant, guide]


@pytest.mark.parametrize("prefix", sorted(FIRST_ROWS))
def test_corpus_first_rows(corpus: CorpusLoad, prefix: str) -> None:
    (doc,) = _docs(corpus, prefix)
    measure = next(m for m in doc.measures if m.responsibilities)
    r = measure.responsibilities[0]
    assert (measure.number, r.agency.name_zh, r.as_written, r.role.value, r.rank, r.clause) == FIRST_ROWS[prefix]


def test_anhui_notice_transmits_its_plan(corpus: CorpusLoad) -> None:
    notice = next(d for d in corpus.documents if d.doc_id == "皖开放办〔2022〕6号")
    assert notice.transmits == EXPECTED["01"][0]
    assert [i.name_zh for i in notice.issuers] == ["安徽省推进“三地一区”建设领导小组改革开放新高地执行小组办公室"]


def test_context_resolves_provincial_and_municipal_names(corpus: CorpusLoad) -> None:
    names = {(Path(d.source_file).name[:2], r.as_written): r.agency.name_zh
             for d in corpus.documents for r in d.responsibilities}
    assert names["01", "省商务厅"] == "安徽省商务厅"
    assert names["04", "省商务厅"] == "山东省商务厅"
    assert names["09", "市发展改革委"] == "济南市发展和改革委员会"
    assert names["16", "市发展改革委"] == "青岛市发展和改革委员会"
