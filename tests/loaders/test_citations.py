"""Citations: what a document cites, how (cites or implements), and which corpus document it names.

The sentences below are copied from the seeds (loaders/sample_corpus/) and from the policy
texts of the shared development corpus (Anhui, Shandong, Jinan, Qingdao), so each expectation
is what a reader of that sentence would say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.pipeline import sample_corpus
from loaders import CitationIndex, CitedDocument, ReferenceData, load_corpus
from loaders.citation_cues import CitationCues
from loaders.errors import TradeKGError
from loaders.header import find_cited_documents


def cited(text: str) -> list[tuple[str | None, str | None, str]]:
    return [(c.title, c.number, c.relation) for c in find_cited_documents(text, 0, len(text))]


def test_the_seeds_cite_exactly_these_documents() -> None:
    load = load_corpus([sample_corpus()], reference=ReferenceData.default())
    found = {d.doc_id: [(c.title, c.number, c.relation) for c in d.cites] for d in load.documents}
    assert found == {
        "渝口岸物流发〔2021〕6号": [],
        "2021年重庆市促进跨境贸易便利化工作方案（2021-03-16）": [
            ("优化营商环境条例", None, "implements"),
            ("国务院关于优化口岸营商环境促进跨境贸易便利化工作方案的通知", "国发〔2018〕37号", "implements")],
        "署岸发〔2021〕85号": [
            ("港口收费计费办法", None, "cites"), ("技术性贸易壁垒协定", None, "cites"),
            ("实施卫生与植物卫生措施协定", None, "cites"), ("国际公路运输公约", None, "cites"),
            ("区域全面经济伙伴关系协定", None, "cites")],
    }


@pytest.mark.parametrize("text, expected", [
    # 04/08 Shandong: the title ends with its period, still a 规划
    ("为贯彻落实《数字山东发展规划（2018-2022年）》，加快推进数字山东建设，",
     [("数字山东发展规划（2018-2022年）", None, "implements")]),
    # 10 Shandong: one cue for two titles joined by 和
    ("为深入贯彻落实《“十四五”智能制造发展规划》和《山东省“十四五”制造强省建设规划》，",
     [("“十四五”智能制造发展规划", None, "implements"), ("山东省“十四五”制造强省建设规划", None, "implements")]),
    # 12 Qingdao: two titles side by side
    ("为贯彻落实《青岛市加快实体经济振兴发展三年行动方案》《青岛市人工智能创新应用先导区建设实施方案》，",
     [("青岛市加快实体经济振兴发展三年行动方案", None, "implements"),
      ("青岛市人工智能创新应用先导区建设实施方案", None, "implements")]),
    # 13 Qingdao: 根据, titles with their 文号, joined by 和
    ("根据《青岛市先进制造业强市行动计划（2023—2025年）》（青发〔2023〕9号）和《关于加快数字经济高质量发展的实施方案》"
     "（青财经委发〔2023〕3号）等文件要求，制定以下政策措施。",
     [("青岛市先进制造业强市行动计划（2023—2025年）", "青发〔2023〕9号", "implements"),
      ("关于加快数字经济高质量发展的实施方案", "青财经委发〔2023〕3号", "implements")]),
    # 05 Jinan: 按照 … 规定, blanks around the title and its 文号
    ("按照 《济南市促进会展业发展若干措施》 （济政办发 〔2018〕9号）规定，对引进的",
     [("济南市促进会展业发展若干措施", "济政办发〔2018〕9号", "implements")]),
    # 05 Jinan: a title named as a list, not carried out
    ("符合 《济南市十大千亿产业振兴计划》中所列我市十大产业领域的", [("济南市十大千亿产业振兴计划", None, "cites")]),
    # 01 Anhui: 贯彻实施 a provincial regulation; 对接 an agreement only cites it
    ("贯彻实施《安徽省知识产权保护办法》，完善知识产权保护体系，", [("安徽省知识产权保护办法", None, "implements")]),
    ("为加快全面对接《区域全面经济伙伴关系协定》（RCEP）经贸新规则，", [("区域全面经济伙伴关系协定", None, "cites")]),
    # 11 Shandong: 落实 in a measure
    ("落实《万名数字专员进企业工作方案》，开发上线", [("万名数字专员进企业工作方案", None, "implements")]),
    # the national seed: a text to revise and a treaty to work with
    ("修订《港口收费计费办法》。", [("港口收费计费办法", None, "cites")]),
    ("按照《港口收费计费办法》中的标准", [("港口收费计费办法", None, "cites")]),
    # 06 Shandong: （试行） closes the title of a 指南
    ("推广《工业数据分类分级指南（试行）》", [("工业数据分类分级指南（试行）", None, "cites")]),
    # a comma ends a cue's run
    ("为落实《甲方案》，推广《乙办法》。", [("甲方案", None, "implements"), ("乙办法", None, "cites")]),
])
def test_a_cue_before_a_citation_makes_it_implemented(text: str, expected: list) -> None:
    assert cited(text) == expected


def test_a_document_cited_twice_is_implemented_if_either_citation_says_so() -> None:
    assert cited("推广《甲办法》。根据《甲办法》（国发〔2018〕1号），") == [("甲办法", "国发〔2018〕1号", "implements")]


def test_a_cue_table_without_before_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cues.toml"
    path.write_text('[[cue]]\nrelation = "implements"\n', encoding="utf-8")
    with pytest.raises(TradeKGError, match="cue 1: 'before' must be"):
        CitationCues.from_toml(path)
    path.write_text('[[cue]]\nrelation = "obeys"\nbefore = "根据"\n', encoding="utf-8")
    with pytest.raises(TradeKGError, match="relation 'obeys'; a relation is one of cites, implements"):
        CitationCues.from_toml(path)


@pytest.fixture
def index() -> CitationIndex:
    found = CitationIndex()
    found.add("署岸发〔2021〕85号", "署岸发〔2021〕85号", "关于进一步深化跨境贸易便利化改革优化口岸营商环境的通知")
    found.add("数字山东2021行动方案（2021-04-15）", None, "数字山东2021行动方案")
    found.add("甲（2020-01-01）", None, "关于推进口岸工作的意见")
    found.add("乙（2021-01-01）", None, "关于推进口岸工作的意见")
    return found


@pytest.mark.parametrize("citation, expected", [
    (CitedDocument(None, "署岸发〔2021〕85号"), "署岸发〔2021〕85号"),
    (CitedDocument("关于进一步深化跨境贸易便利化改革 优化口岸营商环境的通知", None), "署岸发〔2021〕85号"),
    (CitedDocument("《数字山东2021行动方案》", None), "数字山东2021行动方案（2021-04-15）"),
    (CitedDocument("关于进一步深化跨境贸易便利化改革优化口岸营商环境的通知", "署岸发〔2020〕1号"), None),
    (CitedDocument("关于推进口岸工作的意见", None), None),
    (CitedDocument("优化营商环境条例", None), None),
], ids=["by number", "by title", "by title, no number", "title with another number", "two documents share the title",
        "not in the corpus"])
def test_a_citation_resolves_to_the_one_document_it_names(index: CitationIndex, citation: CitedDocument,
                                                         expected: str | None) -> None:
    assert index.resolve(citation) == expected
