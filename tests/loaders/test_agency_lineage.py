"""Agencies through time: the authority file's lineage columns, the registry, the graph and the questions.

The fixture ``tests/data/lineage/state_council_2017_inspection_notice.txt`` is a 2017 notice
written for these tests in the genre's style: its bodies (质检总局, 工商总局, 银监会, 保监会,
食药监总局, 国家旅游局) were dissolved by the 2018 State Council reorganisation.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import main
from graph.query_library import get_query
from graph.sparql.local import run_named
from loaders import AgencyRegistry
from loaders.authority_file import AUTHORITY_COLUMNS, LINEAGE_COLUMNS, AuthorityFileError, read_authority_file
from loaders.gazetteer import Gazetteer

NOTICE = Path(__file__).parents[1] / "data" / "lineage"


@pytest.fixture(scope="module")
def registry() -> AgencyRegistry:
    return AgencyRegistry.default()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lineage") / "out"
    result = CliRunner().invoke(main, ["build", "-q", str(NOTICE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    graph = ox.Store()
    graph.load(path=str(built / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    return graph


def _agencies(built: Path) -> dict[str, dict[str, str]]:
    with open(built / "tables" / "agencies.csv", encoding="utf-8", newline="") as handle:
        return {row["agency"]: row for row in csv.DictReader(handle)}


# ------------------------------------------------------------------ the authority file and registry


def test_dissolved_bodies_have_dates_and_successor_keys(registry: AgencyRegistry) -> None:
    aqsiq = registry.resolve("质检总局", "CN")
    assert (aqsiq.key, aqsiq.valid_from, aqsiq.valid_to, aqsiq.successors) == (
        "cn.aqsiq", None, "2018-04-10", ("cn.gacc", "cn.samr"))
    cbirc = registry.resolve("银保监会", "CN")
    assert (cbirc.valid_from, cbirc.valid_to, cbirc.successors) == ("2018-04-08", "2023-05-18", ("cn.nfra",))
    assert registry.resolve("国家数据局", "CN").valid_from == "2023-10-25"
    assert registry.resolve("海关总署", "CN").valid_to is None


@pytest.mark.parametrize(("written", "key"), [
    ("质检总局", "cn.aqsiq"), ("国家质检总局", "cn.aqsiq"), ("工商总局", "cn.saic"), ("银监会", "cn.cbrc"),
    ("保监会", "cn.circ"), ("银保监会", "cn.cbirc"), ("食药监总局", "cn.cfda"), ("国家旅游局", "cn.cnta"),
    ("环境保护部", "cn.mep"), ("环保部", "cn.mep"), ("国土资源部", "cn.mlr"), ("农业部", "cn.moagri"),
    ("文化部", "cn.mocul")])
def test_dissolved_bodies_resolve_by_their_common_names(registry: AgencyRegistry, written: str, key: str) -> None:
    assert registry.resolve(written, "CN").key == key


def test_predecessors_are_derived_and_lineage_is_transitive(registry: AgencyRegistry) -> None:
    samr = registry.get("cn.samr")
    assert samr is not None
    assert [a.key for a in registry.predecessors(samr)] == ["cn.aqsiq", "cn.cfda", "cn.saic"]
    nfra = registry.get("cn.nfra")
    assert nfra is not None
    assert [a.key for a in registry.predecessors(nfra)] == ["cn.cbirc"]
    assert [a.key for a in registry.lineage(nfra)] == ["cn.cbirc", "cn.cbrc", "cn.circ"]
    gacc = registry.get("cn.gacc")
    assert gacc is not None
    assert [a.key for a in registry.predecessors(gacc)] == ["cn.aqsiq"]


def test_rule_made_agencies_have_no_lineage(registry: AgencyRegistry) -> None:
    made = registry.resolve("自治区发展改革委", "150000")
    assert (made.key, made.valid_from, made.valid_to, made.successors) == ("div.150000.ndrc", None, None, ())
    assert registry.lineage(made) == []


def _file(tmp_path: Path, rows: list[str], header: tuple[str, ...] = (*AUTHORITY_COLUMNS, *LINEAGE_COLUMNS)) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(",".join(header) + "\n" + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return path


def test_a_file_without_the_lineage_columns_still_reads(tmp_path: Path) -> None:
    rows = read_authority_file(_file(tmp_path, ["cn.x,某局,,agency,national,CN,,"], AUTHORITY_COLUMNS))
    assert (rows[0].agency.valid_from, rows[0].agency.valid_to, rows[0].agency.successors) == (None, None, ())


@pytest.mark.parametrize(("row", "reason"), [
    ("cn.x,某局,,agency,national,CN,,,2018/04/10,,", "valid_from '2018/04/10' is not an ISO date or year"),
    ("cn.x,某局,,agency,national,CN,,,2019,2018,", "valid_to '2018' is before valid_from '2019'"),
    ("cn.x,某局,,agency,national,CN,,,,,海关总署", "a body with successors needs the valid_to date"),
])
def test_bad_lineage_cells_name_the_line(tmp_path: Path, row: str, reason: str) -> None:
    with pytest.raises(AuthorityFileError, match=reason) as caught:
        read_authority_file(_file(tmp_path, [row]))
    assert caught.value.where.endswith("mine.csv:2")


def test_an_unknown_successor_is_an_error_naming_the_row(tmp_path: Path) -> None:
    path = _file(tmp_path, ["cn.x,某局,,agency,national,CN,,,,2018,不存在的局"])
    with pytest.raises(AuthorityFileError, match=re.escape("successor '不存在的局' of 'cn.x' is neither the key")):
        AgencyRegistry.from_csv(path, Gazetteer.default())


def test_a_users_row_may_name_successors_by_key_or_name(tmp_path: Path) -> None:
    path = _file(tmp_path, ["cn.old,旧局,,agency,national,CN,,,,2018-03,cn.gacc|国家市场监督管理总局"])
    registry = AgencyRegistry.default(overlays=[path])
    old = registry.get("cn.old")
    assert old is not None and old.successors == ("cn.gacc", "cn.samr")
    samr = registry.get("cn.samr")
    assert samr is not None
    assert [a.key for a in registry.predecessors(samr)] == ["cn.aqsiq", "cn.cfda", "cn.old", "cn.saic"]


# ------------------------------------------------------------------ a 2017 notice, built


def test_the_2017_notice_resolves_to_the_bodies_of_its_time(built: Path) -> None:
    with open(built / "tables" / "responsibilities.csv", encoding="utf-8", newline="") as handle:
        leads = [(r["measure_number"], r["agency"]) for r in csv.DictReader(handle) if r["role"] == "lead"]
    assert leads == [("1", "国家质量监督检验检疫总局"), ("2", "国家工商行政管理总局"), ("3", "国家质量监督检验检疫总局"),
                     ("4", "中国保险监督管理委员会"), ("5", "国家食品药品监督管理总局"), ("6", "国家旅游局"),
                     ("7", "海关总署")]


def test_agencies_table_shows_dates_and_successors(built: Path) -> None:
    rows = _agencies(built)
    picked = {name: (rows[name]["valid_from"], rows[name]["valid_to"], rows[name]["successors"]) for name in (
        "国家质量监督检验检疫总局", "国家工商行政管理总局", "中国银行业监督管理委员会", "中国保险监督管理委员会",
        "中国银行保险监督管理委员会", "国家金融监督管理总局", "国家市场监督管理总局", "海关总署", "国家旅游局")}
    assert picked == {
        "国家质量监督检验检疫总局": ("", "2018-04-10", "海关总署|国家市场监督管理总局"),
        "国家工商行政管理总局": ("", "2018-04-10", "国家市场监督管理总局"),
        "中国银行业监督管理委员会": ("", "2018-04-08", "中国银行保险监督管理委员会"),
        "中国保险监督管理委员会": ("", "2018-04-08", "中国银行保险监督管理委员会"),
        "中国银行保险监督管理委员会": ("2018-04-08", "2023-05-18", "国家金融监督管理总局"),
        "国家金融监督管理总局": ("2023-05-18", "", ""),
        "国家市场监督管理总局": ("2018-04-10", "", ""),
        "海关总署": ("", "", ""),
        "国家旅游局": ("", "2018-04-08", "文化和旅游部"),
    }
    assert len(rows) == 18


def test_change_events_in_the_graph(store: ox.Store) -> None:
    answer = store.query("""
        PREFIX org: <http://www.w3.org/ns/org#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX tkg: <https://w3id.org/tradekg/ontology#>
        SELECT ?date (GROUP_CONCAT(DISTINCT ?from_key; separator="|") AS ?from)
               (GROUP_CONCAT(DISTINCT ?to_key; separator="|") AS ?to)
        WHERE { ?e a org:ChangeEvent ; dcterms:date ?date ;
                   org:originalOrganization ?o ; org:resultingOrganization ?r .
                ?o dcterms:identifier ?from_key ; org:changedBy ?e .
                ?r dcterms:identifier ?to_key ; org:resultedFrom ?e . }
        GROUP BY ?e ?date ORDER BY ?date ?from""")
    def keys(term: ox.Literal) -> str:
        return "|".join(sorted(term.value.split("|")))

    events = sorted((str(s["date"].value), keys(s["from"]), keys(s["to"])) for s in answer)
    assert events == [
        ("2018-04-08", "cn.cbrc|cn.circ", "cn.cbirc"),
        ("2018-04-08", "cn.cnta|cn.mocul", "cn.mct"),
        ("2018-04-10", "cn.aqsiq", "cn.gacc|cn.samr"),
        ("2018-04-10", "cn.cfda", "cn.nmpa|cn.samr"),
        ("2018-04-10", "cn.saic", "cn.samr"),
        ("2023-05-18", "cn.cbirc", "cn.nfra"),
    ]


def test_two_builds_give_the_same_bytes(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert CliRunner().invoke(main, ["build", "-q", str(NOTICE), "--out", str(again)]).exit_code == 0
    for name in ("graph.nt", "tables/agencies.csv"):
        assert (built / name).read_bytes() == (again / name).read_bytes(), name


# ------------------------------------------------------------------ the named questions


def test_measures_led_by_samr_with_and_without_predecessors(store: ox.Store) -> None:
    query = get_query("measures_led_by")
    assert run_named(store, query, {"agency": "国家市场监督管理总局"}).rows == []
    assert run_named(store, query, {"agency": "市场监管总局", "include_predecessors": "false"}).rows == []
    rows = run_named(store, query, {"agency": "国家市场监督管理总局", "include_predecessors": "true"}).rows
    assert [(number, leader) for _, number, _, leader in rows] == [
        ("1", "国家质量监督检验检疫总局"), ("2", "国家工商行政管理总局"), ("3", "国家质量监督检验检疫总局"),
        ("5", "国家食品药品监督管理总局")]


def test_measures_led_by_nfra_reaches_through_two_reorganisations(store: ox.Store) -> None:
    rows = run_named(store, get_query("measures_led_by"),
                     {"agency": "cn.nfra", "include_predecessors": "true"}).rows
    assert [(number, leader) for _, number, _, leader in rows] == [("4", "中国保险监督管理委员会")]


def test_agency_lineage_of_nfra_and_of_cbrc(store: ox.Store) -> None:
    query = get_query("agency_lineage")
    assert run_named(store, query, {"agency": "国家金融监督管理总局"}).rows == [
        ("国家金融监督管理总局", "predecessor", 1, "中国银行保险监督管理委员会", "2023-05-18"),
        ("国家金融监督管理总局", "predecessor", 2, "中国保险监督管理委员会", "2018-04-08"),
        ("国家金融监督管理总局", "predecessor", 2, "中国银行业监督管理委员会", "2018-04-08")]
    assert run_named(store, query, {"agency": "银监会"}).rows == [
        ("中国银行业监督管理委员会", "successor", 1, "中国银行保险监督管理委员会", "2018-04-08"),
        ("中国银行业监督管理委员会", "successor", 2, "国家金融监督管理总局", "2023-05-18")]
    assert run_named(store, query, {"agency": "银保监会"}).rows == [
        ("中国银行保险监督管理委员会", "predecessor", 1, "中国保险监督管理委员会", "2018-04-08"),
        ("中国银行保险监督管理委员会", "predecessor", 1, "中国银行业监督管理委员会", "2018-04-08"),
        ("中国银行保险监督管理委员会", "successor", 1, "国家金融监督管理总局", "2023-05-18")]
    assert run_named(store, query, {"agency": "商务部"}).rows == []


def test_a_boolean_parameter_takes_only_true_or_false(store: ox.Store) -> None:
    from graph.errors import QueryParameterError

    with pytest.raises(QueryParameterError, match="must be of type boolean"):
        run_named(store, get_query("measures_led_by"), {"agency": "海关总署", "include_predecessors": "yes"})


# ------------------------------------------------------------------ the views


def test_a_dissolved_body_is_shown_as_such(built: Path) -> None:
    page = (built / "views" / "agency-cn.aqsiq.html").read_text(encoding="utf-8")
    assert ("已于 2018-04-10 撤销，职责划入国家市场监督管理总局、海关总署。"
            "Dissolved 2018-04-10, duties to 国家市场监督管理总局, 海关总署.") in page
    assert '"dissolved":"2018-04-10"' in page and '"successors":["国家市场监督管理总局","海关总署"]' in page
    assert "已于" not in (built / "views" / "agency-cn.gacc.html").read_text(encoding="utf-8")
