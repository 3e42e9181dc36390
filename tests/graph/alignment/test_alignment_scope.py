"""Which documents a measure is compared with: its own jurisdiction's line, and the caps on what is kept."""

from __future__ import annotations

from graph.alignment import AlignmentSettings, MeasureEntry, align_measures
from loaders import Level

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
