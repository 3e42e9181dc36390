"""Measure alignment on the two seeds: the pairs a careful reader links, with their evidence, in one order."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from graph.alignment import AlignedPair, AlignmentSettings, MeasureEntry, align_measures, measure_entries
from graph.pipeline.run import sample_corpus
from loaders import Level, ReferenceData, TradeKGError, load_corpus

SEED_PAIRS = Path(__file__).parents[2] / "data" / "alignment_seeds.tsv"
NATIONAL = "署岸发〔2021〕85号"
CHONGQING = "2021年重庆市促进跨境贸易便利化工作方案（2021-03-16）"


@pytest.fixture(scope="module")
def reference() -> ReferenceData:
    return ReferenceData.default()


@pytest.fixture(scope="module")
def entries(reference: ReferenceData) -> list[MeasureEntry]:
    settings = AlignmentSettings.default()
    documents = load_corpus([sample_corpus()], reference).documents
    return [e for d in documents for e in measure_entries(d, reference.agencies, reference.gazetteer, settings)]


@pytest.fixture(scope="module")
def pairs(entries: list[MeasureEntry]) -> list[AlignedPair]:
    return align_measures(entries)


def _seed_pairs() -> dict[tuple[str, str], str]:
    lines = [line.rstrip("\n").split("\t") for line in SEED_PAIRS.read_text(encoding="utf-8").splitlines(True)
             if line.strip() and not line.startswith("#")]
    assert lines[0] == ["local_measure", "national_measure", "strength", "why"]
    return {(local, national): strength for local, national, strength, _ in lines[1:]}


def test_seed_pairs_found_with_precision_and_recall(pairs: list[AlignedPair]) -> None:
    judged = _seed_pairs()
    strong = {k for k, v in judged.items() if v == "strong"}
    found = {(p.measure_number, p.aligned_measure_number) for p in pairs}
    assert {(p.doc_id, p.aligned_doc_id) for p in pairs} == {(CHONGQING, NATIONAL)}
    recall = len(found & strong) / len(strong)
    precision = len(found & set(judged)) / len(found)
    assert recall >= 10 / 13, sorted(strong - found)
    assert precision >= 0.75, sorted(found - set(judged))


def test_two_step_declaration_pair_carries_its_evidence(pairs: list[AlignedPair]) -> None:
    [pair] = [p for p in pairs if (p.measure_number, p.aligned_measure_number) == ("1", "2")]
    assert [c.rsplit("/", 1)[1] for c in pair.shared_concepts] == [
        "advance-declaration", "direct-loading-on-arrival", "shipside-direct-pickup", "two-step-declaration"]
    assert pair.shared_agencies == ("cn.gacc",)  # 重庆海关 counts as 海关总署 through its parent
    assert "船边直提" in pair.phrase and "抵港直装" in pair.phrase
    assert 0.18 <= pair.score < 1


def test_smart_port_equipment_pair_is_found(pairs: list[AlignedPair]) -> None:
    [pair] = [p for p in pairs if (p.measure_number, p.aligned_measure_number) == ("9", "15")]
    assert pair.phrase == "智能卡口 无人集卡 智能理货"
    assert pair.shared_agencies == ()


def test_the_responsibility_clause_is_not_compared(entries: list[MeasureEntry]) -> None:
    [first] = [e for e in entries if e.doc_id == CHONGQING and e.number == "1"]
    assert "排名第一" not in first.text and "重庆海关" not in first.text
    assert first.level is Level.PROVINCIAL
    assert first.agencies == {"cq.customs", "cq.port-logistics", "cq.port-logistics-group", "cn.gacc"}


def test_same_entries_in_any_order_give_the_same_pairs(entries: list[MeasureEntry],
                                                      pairs: list[AlignedPair]) -> None:
    shuffled = list(entries)
    random.Random(7).shuffle(shuffled)
    assert align_measures(shuffled) == pairs
    numbers = [(p.doc_id, int(p.measure_number)) for p in pairs]
    assert numbers == sorted(numbers)


def test_documents_of_one_level_are_never_paired(entries: list[MeasureEntry]) -> None:
    national = [e for e in entries if e.level is Level.NATIONAL]
    assert national and align_measures(national) == []


def test_a_broken_settings_file_names_file_and_key(tmp_path: Path) -> None:
    broken = tmp_path / "alignment.toml"
    broken.write_text('version = 1\nlevels = ["national"]\n', encoding="utf-8")
    with pytest.raises(TradeKGError, match=r"alignment\.toml.*'text'"):
        AlignmentSettings.from_toml(broken)
    broken.write_text("levels = [", encoding="utf-8")
    with pytest.raises(TradeKGError, match="cannot read the alignment settings"):
        AlignmentSettings.from_toml(broken)
