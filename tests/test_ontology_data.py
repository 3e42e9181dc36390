"""Integrity of the ontology data files: agency authority file, gazetteer and concept scheme.

These tests read ``ontology/agencies.csv``, ``ontology/places.csv`` and ``ontology/concepts.ttl``
with the standard library and rdflib only, so they pin the data independently of the loaders.

Alias rules pinned here (the loaders rely on them):

* an alias is *context-bound* when it starts with 省, 市, 区 or 县 and sits on a provincial,
  municipal or district entry; it is only used for documents of that entry's jurisdiction
  (省X also inside that province's cities) and may recur on entries of other jurisdictions;
* every other alias is *global*: aliases of national entries (市场监管总局 starts with 市 but is
  national) and of collective actors, and all region-prefixed forms. A global alias is unique in the
  whole file and never equals another entry's ``name_zh``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology"
DATA = Path(__file__).resolve().parent / "data"

TKG = Namespace("https://w3id.org/tradekg/ontology#")
TKGC = Namespace("https://w3id.org/tradekg/id/concept/")

AGENCY_HEADER = ["key", "name_zh", "name_en", "kind", "level", "jurisdiction", "parent", "aliases",
                 "valid_from", "valid_to", "successors"]
PLACE_HEADER = ["key", "name_zh", "name_en", "type", "admin_code", "parent", "aliases"]
KINDS = {"agency", "enterprise", "institution", "collective"}
LEVELS = {"national", "provincial", "municipal", "district"}
PLACE_TYPES = {"country", "province", "municipality", "sar", "city", "district", "region", "port",
               "corridor", "river", "zone"}
KEY_RE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*$")
CONTEXT_PREFIXES = ("省", "市", "区", "县")
# first key segment -> first two digits of the jurisdiction code (CN for national bodies)
KEY_REGION = {"cn": "CN", "ah": "34", "cq": "50", "sd": "37", "xj": "65"}

Row = dict[str, str]
Rows = list[Row]


def _words(text: str) -> list[str]:
    """Split a whitespace-separated block of Chinese labels (keeps long lists readable)."""
    return text.split()


def _read_csv(path: Path) -> tuple[list[str], Rows]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _aliases(row: Row) -> list[str]:
    return row["aliases"].split("|") if row["aliases"] else []


def _is_context_bound(alias: str, row: Row) -> bool:
    return (alias.startswith(CONTEXT_PREFIXES) and row["kind"] != "collective"
            and row["level"] in {"provincial", "municipal", "district"})


@pytest.fixture(scope="module")
def agencies() -> Rows:
    header, rows = _read_csv(ONTOLOGY / "agencies.csv")
    assert header == AGENCY_HEADER
    return rows


@pytest.fixture(scope="module")
def places() -> Rows:
    header, rows = _read_csv(ONTOLOGY / "places.csv")
    assert header == PLACE_HEADER
    return rows


@pytest.fixture(scope="module")
def by_key(agencies: Rows) -> dict[str, Row]:
    return {r["key"]: r for r in agencies}


@pytest.fixture(scope="module")
def concepts() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY / "concepts.ttl", format="turtle")
    return g


def _resolver(agencies: Rows):
    """A minimal context-aware resolver mirroring the alias rules in the module docstring."""
    global_index: dict[str, str] = {}
    context_index: dict[str, Rows] = defaultdict(list)
    for row in agencies:
        global_index[row["name_zh"]] = row["key"]
        for alias in _aliases(row):
            if _is_context_bound(alias, row):
                context_index[alias].append(row)
            else:
                global_index[alias] = row["key"]

    def resolve(surface: str, jurisdiction: str) -> str | None:
        surface = re.sub(r"\s+", "", surface)
        if surface in global_index:
            return global_index[surface]
        hits = [r for r in context_index.get(surface, []) if r["jurisdiction"] == jurisdiction]
        if not hits and surface.startswith("省") and jurisdiction != "CN":
            province = jurisdiction[:2] + "0000"
            hits = [r for r in context_index.get(surface, []) if r["jurisdiction"] == province]
        return hits[0]["key"] if len(hits) == 1 else None

    return resolve


# --------------------------------------------------------------------------- agencies.csv


def test_agency_header_is_exact() -> None:
    with (ONTOLOGY / "agencies.csv").open(encoding="utf-8") as f:
        assert f.readline().rstrip("\r\n") == ",".join(AGENCY_HEADER)


def test_agency_keys_are_unique_well_formed_and_sorted(agencies: Rows) -> None:
    keys = [r["key"] for r in agencies]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert [k for k in keys if not KEY_RE.match(k)] == []
    assert keys == sorted(keys)


def test_agency_kinds_and_levels_come_from_the_allowed_sets(agencies: Rows) -> None:
    assert {r["kind"] for r in agencies} <= KINDS
    for r in agencies:
        if r["kind"] == "collective":
            assert r["key"].startswith("col."), r["key"]
            assert (r["level"], r["jurisdiction"], r["parent"]) == ("", "", ""), r["key"]
        else:
            assert r["level"] in LEVELS, r["key"]
            assert r["jurisdiction"], r["key"]
            assert not r["key"].startswith("col."), r["key"]


def test_agency_names_are_present_and_unique(agencies: Rows) -> None:
    assert all(r["name_zh"] and r["name_en"] for r in agencies)
    names = Counter(r["name_zh"] for r in agencies)
    assert [n for n, c in names.items() if c > 1] == []


def test_every_agency_parent_exists_and_hierarchy_has_no_cycle(by_key: dict[str, Row]) -> None:
    for key, row in by_key.items():
        assert row["parent"] == "" or row["parent"] in by_key, key
        seen, current = {key}, row["parent"]
        while current:
            assert current not in seen, f"cycle through {key}"
            seen.add(current)
            current = by_key[current]["parent"]


def test_every_agency_jurisdiction_is_a_place_admin_code(agencies: Rows,
                                                         places: Rows) -> None:
    codes = {p["admin_code"] for p in places if p["admin_code"]}
    for r in agencies:
        assert r["jurisdiction"] == "" or r["jurisdiction"] in codes, r["key"]


def test_agency_key_prefix_matches_jurisdiction(agencies: Rows) -> None:
    for r in agencies:
        if r["kind"] == "collective":
            continue
        region = KEY_REGION[r["key"].split(".")[0]]
        assert r["jurisdiction"].startswith(region), r["key"]
        assert (r["level"] == "national") == (r["jurisdiction"] == "CN"), r["key"]


def test_aliases_are_clean(agencies: Rows) -> None:
    for r in agencies:
        aliases = _aliases(r)
        assert all(aliases), f"empty alias in {r['key']}"
        assert len(aliases) == len(set(aliases)), r["key"]
        assert r["name_zh"] not in aliases, r["key"]
        for a in aliases:
            assert len(a) >= 2, (r["key"], a)
            assert not re.search(r"\s", a), (r["key"], a)


def test_global_aliases_are_unique_and_never_another_entrys_name(agencies: Rows) -> None:
    names = {r["name_zh"]: r["key"] for r in agencies}
    owner: dict[str, str] = {}
    for r in agencies:
        for a in _aliases(r):
            if _is_context_bound(a, r):
                continue
            assert a not in owner, f"global alias {a} on {owner.get(a)} and {r['key']}"
            owner[a] = r["key"]
            other = names.get(a, r["key"])
            assert other == r["key"], f"alias {a} of {r['key']} is the name of {other}"


def test_context_bound_aliases_are_unique_within_a_jurisdiction(agencies: Rows) -> None:
    names = {r["name_zh"] for r in agencies}
    global_aliases = {a for r in agencies for a in _aliases(r) if not _is_context_bound(a, r)}
    seen: dict[tuple[str, str], str] = {}
    for r in agencies:
        for a in _aliases(r):
            if not _is_context_bound(a, r):
                continue
            slot = (a, r["jurisdiction"])
            assert slot not in seen, f"{a} on {seen.get(slot)} and {r['key']}"
            seen[slot] = r["key"]
            assert a not in names and a not in global_aliases, (r["key"], a)


def test_collective_actor_names_and_aliases_are_global(agencies: Rows) -> None:
    collectives = [r for r in agencies if r["kind"] == "collective"]
    assert len(collectives) >= 25
    for name in _words("""
            各地区人民政府 相关地区人民政府 有关地区人民政府 各省级人民政府 各有关省级人民政府
            各地区 各部门 各有关部门 有关部门 相关部门 各有关部门和单位 各口岸经营单位 各市政府
            各区县政府 各区市 各区、市政府 有关区、市政府 各市 省有关部门 省政府有关部门
            市相关部门 试点城市政府 相关行业主管部门 专班成员单位
            省十大新兴产业推进组工作专班成员单位"""):
        assert name in {r["name_zh"] for r in collectives}, name


# ---- spot facts


def test_chongqing_customs_is_a_customs_district_of_gacc(by_key: dict[str, Row]) -> None:
    row = by_key["cq.customs"]
    assert row["name_zh"] == "中华人民共和国重庆海关"
    assert row["parent"] == "cn.gacc"
    assert (row["level"], row["jurisdiction"]) == ("provincial", "500000")
    assert "重庆海关" in _aliases(row)
    assert by_key["ah.customs"]["parent"] == "cn.gacc"
    assert by_key["cn.gacc"]["name_zh"] == "海关总署"


def test_ndrc_short_form_is_global_and_municipal_form_is_chongqing_bound(
        agencies: Rows, by_key: dict[str, Row]) -> None:
    ndrc = by_key["cn.ndrc"]
    assert ndrc["name_zh"] == "国家发展和改革委员会"
    assert "发展改革委" in _aliases(ndrc) and not _is_context_bound("发展改革委", ndrc)
    assert [r["key"] for r in agencies if "发展改革委" in _aliases(r)] == ["cn.ndrc"]
    cq_ndrc = by_key["cq.ndrc"]
    assert cq_ndrc["name_zh"] == "重庆市发展和改革委员会"
    assert "市发展改革委" in _aliases(cq_ndrc) and _is_context_bound("市发展改革委", cq_ndrc)
    assert "市发展改革委" in _aliases(by_key["sd.jinan.ndrc"])


def test_chongqing_port_logistics_office_has_its_short_forms(by_key: dict[str, Row]) -> None:
    row = by_key["cq.port-logistics"]
    assert row["name_zh"] == "重庆市人民政府口岸和物流办公室"
    assert {"市政府口岸物流办", "市口岸物流办"} <= set(_aliases(row))
    assert row["parent"] == "cq.gov"


@pytest.mark.parametrize(("key", "parent"), [
    ("cn.nra", "cn.mot"), ("cn.caac", "cn.mot"), ("cn.nea", "cn.ndrc"), ("cn.safe", "cn.pbc"),
    ("cn.nmpa", "cn.samr"), ("cn.mofcom", "cn.state-council"), ("cn.gacc", "cn.state-council"),
    ("sd.comms", "cn.miit"), ("sd.pbc", "cn.pbc"), ("ah.pbc", "cn.pbc"), ("ah.safe", "cn.safe"),
    ("ah.sinosure", "cn.sinosure"), ("sd.commerce", "sd.gov"), ("sd.jinan.miit", "sd.jinan.gov"),
    ("sd.qingdao.st", "sd.qingdao.gov"), ("ah.commerce", "ah.gov"),
])
def test_parent_organisations(by_key: dict[str, Row], key: str, parent: str) -> None:
    assert by_key[key]["parent"] == parent


def test_state_council_is_covered(agencies: Rows) -> None:
    names = {r["name_zh"] for r in agencies} | {a for r in agencies for a in _aliases(r)}
    required = _words("""
        国务院 国务院办公厅 外交部 国防部 国家发展和改革委员会 教育部 科学技术部 工业和信息化部
        国家民族事务委员会 公安部 国家安全部 民政部 司法部 财政部 人力资源和社会保障部 自然资源部
        生态环境部 住房和城乡建设部 交通运输部 水利部 农业农村部 商务部 文化和旅游部
        国家卫生健康委员会 退役军人事务部 应急管理部 中国人民银行 审计署 国资委 海关总署 税务总局
        市场监管总局 金融监管总局 证监会 广电总局 体育总局 统计局 国际发展合作署 医保局 参事室
        机关事务管理局 粮食和储备局 能源局 国防科工局 烟草局 移民局 林草局 铁路局 民航局 邮政局
        文物局 中医药局 疾控局 矿山安监局 消防救援局 外汇局 药监局 知识产权局 数据局 中央网信办
        国家互联网信息办公室 中央编办 银保监会 国铁集团 贸促会 全国工商联 最高人民法院
        最高人民检察院 共青团中央 国家移民管理局 海事局 国家密码管理局 人力资源社会保障部
        卫生健康委 住房城乡建设部 工信部 退役军人部 应急部""")
    assert [n for n in required if n not in names] == []


def test_every_clause_body_of_seeds_and_corpus_resolves(agencies: Rows) -> None:
    resolve = _resolver(agencies)
    lines = [ln for ln in (DATA / "clause_bodies.tsv").read_text(encoding="utf-8").splitlines()
             if ln and not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    assert len(rows) > 300
    wrong = [(r["document"], r["surface"], r["key"], resolve(r["surface"], r["jurisdiction"]))
             for r in rows if resolve(r["surface"], r["jurisdiction"]) != r["key"]]
    assert wrong == []


@pytest.mark.parametrize(("surface", "jurisdiction", "key"), [
    ("市发展改革委", "500000", "cq.ndrc"),
    ("市发展改革委", "370100", "sd.jinan.ndrc"),
    ("市发展改革委", "370200", "sd.qingdao.ndrc"),
    ("省发展改革委", "370100", "sd.ndrc"),      # a province's 省X inside its cities
    ("省商务厅", "340000", "ah.commerce"),
    ("省商务厅", "370000", "sd.commerce"),
    ("市场监管总局", "500000", "cn.samr"),      # starts with 市 but national: global
    ("发展改革委", "370000", "cn.ndrc"),
    ("市口岸物流办", "500000", "cq.port-logistics"),
    ("市口岸物流办", "370100", "sd.jinan.port-logistics"),
])
def test_context_aware_resolution(agencies: Rows, surface: str, jurisdiction: str,
                                  key: str) -> None:
    assert _resolver(agencies)(surface, jurisdiction) == key


def test_context_bound_alias_does_not_resolve_outside_its_jurisdiction(agencies: Rows) -> None:
    resolve = _resolver(agencies)
    assert resolve("市政府口岸物流办", "CN") is None
    assert resolve("省商务厅", "500000") is None


# --------------------------------------------------------------------------- places.csv


def test_place_header_is_exact() -> None:
    with (ONTOLOGY / "places.csv").open(encoding="utf-8") as f:
        assert f.readline().rstrip("\r\n") == ",".join(PLACE_HEADER)


def test_place_keys_types_codes_and_parents(places: Rows) -> None:
    keys = [p["key"] for p in places]
    assert [k for k, n in Counter(keys).items() if n > 1] == []
    assert [k for k in keys if not KEY_RE.match(k)] == []
    assert keys == sorted(keys)
    assert {p["type"] for p in places} <= PLACE_TYPES
    codes = [p["admin_code"] for p in places if p["admin_code"]]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert all(c == "CN" or re.fullmatch(r"\d{6}", c) for c in codes)
    key_set = set(keys)
    for p in places:
        assert p["parent"] == "" or (p["parent"] in key_set and p["parent"] != p["key"]), p["key"]
        assert p["name_zh"] and p["name_en"], p["key"]


def test_place_aliases_are_clean_and_unique(places: Rows) -> None:
    names = {p["name_zh"] for p in places}
    assert len(names) == len(places)
    seen: set[str] = set()
    for p in places:
        for a in _aliases(p):
            assert len(a) >= 2 and not re.search(r"\s", a), (p["key"], a)
            assert a not in seen and a not in names, (p["key"], a)
            seen.add(a)


def test_gazetteer_covers_china_provinces_and_cities(places: Rows) -> None:
    by_key = {p["key"]: p for p in places}
    assert by_key["cn"]["admin_code"] == "CN"
    provincial = [p for p in places if p["type"] in {"province", "municipality", "sar"}]
    assert len(provincial) == 34
    assert all(p["parent"] == "cn" for p in provincial)
    municipalities = {p["name_zh"] for p in places if p["type"] == "municipality"}
    assert municipalities == {"北京市", "天津市", "上海市", "重庆市"}
    assert sum(1 for p in places if p["type"] == "city" and p["parent"] == "cn-sd") == 16
    assert sum(1 for p in places if p["type"] == "city" and p["parent"] == "cn-ah") == 16
    for code in ["500000", "340000", "340100", "370000", "370100", "370200", "370212", "370214"]:
        assert code in {p["admin_code"] for p in places}, code


def test_places_named_in_the_seeds_are_present(places: Rows) -> None:
    labels = {p["name_zh"] for p in places} | {a for p in places for a in _aliases(p)}
    for name in _words("""
            京津冀 粤港澳大湾区 果园港 长三角 长江 川渝 西部陆海新通道 新加坡 东盟 上海
            成渝地区双城经济圈 两江新区 黄河流域 日本 韩国 中国（安徽）自由贸易试验区
            青岛西海岸新区"""):
        assert name in labels, name


# --------------------------------------------------------------------------- concepts.ttl


def _concepts(g: Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


def test_concept_scheme_parses_and_has_titles(concepts: Graph) -> None:
    scheme = TKGC.scheme
    assert (scheme, RDF.type, SKOS.ConceptScheme) in concepts
    titles = {t.language for t in concepts.objects(scheme, DCTERMS.title) if isinstance(t, Literal)}
    assert {"zh", "en"} <= titles


def test_every_concept_has_one_zh_and_one_en_preflabel_and_is_in_the_scheme(concepts: Graph) -> None:
    subjects = _concepts(concepts)
    assert 50 <= len(subjects) <= 100
    for c in subjects:
        assert str(c).startswith(str(TKGC)), c
        assert (c, RDF.type, TKG.Concept) in concepts, c
        assert (c, SKOS.inScheme, TKGC.scheme) in concepts, c
        langs = Counter(lbl.language for lbl in concepts.objects(c, SKOS.prefLabel)
                        if isinstance(lbl, Literal))
        assert langs == Counter({"zh": 1, "en": 1}), c
        assert any(True for _ in concepts.objects(c, SKOS.definition)), c
        for b in concepts.objects(c, SKOS.broader):
            assert (b, RDF.type, SKOS.Concept) in concepts, (c, b)
            assert (b, SKOS.topConceptOf, TKGC.scheme) in concepts, (c, b)


def test_concept_labels_are_matchable_and_unambiguous(concepts: Graph) -> None:
    owner: dict[str, URIRef] = {}
    for c in _concepts(concepts):
        labels = [lbl for lbl in concepts.objects(c, SKOS.prefLabel)
                  if isinstance(lbl, Literal) and lbl.language != "en"]
        labels += [lbl for lbl in concepts.objects(c, SKOS.altLabel) if isinstance(lbl, Literal)]
        for lbl in labels:
            text = str(lbl)
            assert len(text) >= 2 and text == text.strip(), (c, text)
            assert not re.search(r"[“”\"]", text), (c, text)
            assert text not in {"申报", "通关", "口岸", "海关", "物流"}, (c, text)
            assert owner.setdefault(text, c) == c, f"label {text} on {owner[text]} and {c}"


@pytest.mark.parametrize("label", _words("""
    单一窗口 提前申报 两步申报 两段准入 船边直提 抵港直装 主动披露 经认证的经营者 AEO 汇总征税
    预裁定 自报自缴 关税保证保险 智能审图 海运电子提单 空运电子运单 电子放货平台 多式联运 组合港
    一站式阳光价格 车船直取 离港确认 抵港确认 联动接卸 先声明后验证 第三方检验结果采信
    检查放行+风险监测 企业协调员 关铁通 安智贸 预约查验 非侵入式检查 智能卡口 无人集卡 智能理货
    自动化码头 收费目录清单公示 海外仓 跨境电商 国际中转集拼 TIR公约运输 原产地证书自助打印
    沪渝直达快线 出口退税 经核准出口商 原产地自主声明 原产地区域累积 关税减让"""))
def test_seed_and_rcep_instruments_are_concepts(concepts: Graph, label: str) -> None:
    labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in concepts.objects(None, p)}
    assert label in labels


def test_political_slogans_are_not_concepts(concepts: Graph) -> None:
    labels = {str(o) for p in (SKOS.prefLabel, SKOS.altLabel) for o in concepts.objects(None, p)}
    assert labels.isdisjoint({"四个意识", "两个维护", "放管服", "一带一路", "四个自信"})
