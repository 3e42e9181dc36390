"""Which documents a measure is compared with: its own jurisdiction's line, and the caps on what is kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from graph.alignment import AlignmentSettings, MeasureEntry, align_measures
from loaders import Level, TradeKGError
from ontology import data_path

TEXT = "推进 国际贸易 单一窗口 标准版 应用 拓展 地方特色功能"
CONCEPTS = frozenset({"c:single-window"})


def entry(doc_id: str, number: str, level: Level, jurisdictions: tuple[str, ...]) -> MeasureEntry:
    return MeasureEntry(doc_id, number, 0, level, TEXT, CONCEPTS, frozenset(), jurisdictions)


def test_a_city_plan_answers_its_province_and_the_nation_not_another_province() -> None:
    jinan = entry("济南方案", "1", Level.MUNICIPAL, ("370100", "370000", "CN"))
    pairs = align_measures([
        jinan,
        entry("山东方案", "3", Level.PROVINCIAL, ("370000", "CN")),
        entry("安徽方案", "3", Level.PROVINCIAL, ("340000", "CN")),
        entry("国家通知", "5", Level.NATIONAL, ("CN",)),
    ])
    assert sorted((p.doc_id, p.aligned_doc_id) for p in pairs) == [
        ("安徽方案", "国家通知"), ("山东方案", "国家通知"), ("济南方案", "国家通知"), ("济南方案", "山东方案")]


def test_caps_keep_the_best_two_of_a_document_and_three_in_all() -> None:
    settings = AlignmentSettings.default()
    local = entry("重庆方案", "1", Level.PROVINCIAL, ("500000", "CN"))
    national = [entry(f"通知{d}", str(n), Level.NATIONAL, ("CN",)) for d in "甲乙" for n in range(1, 5)]
    pairs = align_measures([local, *national], settings)
    assert (settings.per_document, settings.per_measure) == (2, 3)
    # all scores tie: the first two measures of the first document (乙 sorts before 甲), then
    # the first of the next
    assert [(p.aligned_doc_id, p.aligned_measure_number) for p in pairs] == [
        ("通知乙", "1"), ("通知乙", "2"), ("通知甲", "1")]


def test_a_plan_is_scored_against_its_likeliest_documents_when_its_line_holds_more() -> None:
    """With candidate_documents=2 of three national notices, the notice least like the plan is
    never scored, though one of its measures would have paired; with the setting None it is."""
    plan = MeasureEntry("重庆方案", "1", 0, Level.PROVINCIAL, TEXT, CONCEPTS, frozenset(), ("500000", "CN"))
    near = [MeasureEntry(f"通知{d}", "1", 0, Level.NATIONAL, TEXT, CONCEPTS, frozenset(), ("CN",)) for d in "甲乙"]
    far = [MeasureEntry("通知丙", str(n), n, Level.NATIONAL, text, CONCEPTS, frozenset(), ("CN",))
           for n, text in enumerate(["推进 国际贸易 单一窗口 建设", "加强 知识产权 保护 执法",
                                      "优化 口岸 收费 目录 清单", "开展 港口 危险货物 检查"], start=1)]
    settings = replace(AlignmentSettings.default(), candidate_documents=2)
    chosen = align_measures([plan, *near, *far], settings)
    assert [(p.aligned_doc_id, p.aligned_measure_number) for p in chosen] == [("通知乙", "1"), ("通知甲", "1")]
    every = align_measures([plan, *near, *far], replace(settings, candidate_documents=None))
    assert [(p.aligned_doc_id, p.aligned_measure_number) for p in every] == [
        ("通知丙", "1"), ("通知乙", "1"), ("通知甲", "1")]
    # a line of no more documents than the setting is scored whole, as the seeds are
    assert align_measures([plan, *near, *far], replace(settings, candidate_documents=3)) == every


def test_candidate_documents_must_be_a_positive_whole_number(tmp_path: Path) -> None:
    text = data_path("alignment.toml").read_text(encoding="utf-8")
    assert "candidate_documents = 80" in text
    broken = tmp_path / "alignment.toml"
    broken.write_text(text.replace("candidate_documents = 80", "candidate_documents = 0"), encoding="utf-8")
    with pytest.raises(TradeKGError, match=r"alignment\.toml.*candidate_documents must be a whole number"):
        AlignmentSettings.from_toml(broken)
    broken.write_text(text.replace("candidate_documents = 80\n", ""), encoding="utf-8")
    assert AlignmentSettings.from_toml(broken).candidate_documents is None
