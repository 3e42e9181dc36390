"""graph/analysis: the analysts' tables on the seed graph, pinned to counts read off the two documents.

The national notice 署岸发〔2021〕85号 has 27 measures; the Chongqing plan (transmitted by
渝口岸物流发〔2021〕6号) has 17, where the first agency listed leads (排名第一的单位为牵头单位).
Values marked "by hand" were counted in loaders/sample_corpus/ before they were pinned.
"""

from __future__ import annotations

import csv
import shutil
from fractions import Fraction
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
import rdflib
from click.testing import CliRunner

from graph.analysis import (
    TABLES,
    AnalysisOutputError,
    agency_centrality,
    agency_communities,
    agency_load,
    agency_pairs,
    analyze_graph,
    bridging_agencies,
    lead_concentration,
    write_analysis,
)
from graph.analysis.bridges import BRIDGE_COLUMNS, THROUGH
from graph.analysis.centrality import CENTRALITY_COLUMNS
from graph.analysis.communities import COMMUNITY_COLUMNS
from graph.analysis.concentration import CONCENTRATION_COLUMNS
from graph.analysis.pairs import PAIR_COLUMNS
from graph.analysis.workload import LOAD_COLUMNS
from graph.cli import main
from graph.projection import agency_graph, agency_hierarchy, measure_agency_graph, read_graph
from graph.query_library import get_query
from graph.rdf.store import open_store
from graph.sparql.local import run_named

GACC, CQ_CUSTOMS, CQ_PORT_OFFICE, MOT = "cn.gacc", "cq.customs", "cq.port-logistics", "cn.mot"


@pytest.fixture(scope="module")
def rdf(seed_out: Path) -> rdflib.Graph:
    return read_graph(seed_out)


@pytest.fixture(scope="module")
def net(rdf: rdflib.Graph) -> nx.Graph:
    return measure_agency_graph(rdf)


@pytest.fixture(scope="module")
def agencies(net: nx.Graph) -> nx.Graph:
    return agency_graph(net)


@pytest.fixture(scope="module")
def load(net: nx.Graph) -> pd.DataFrame:
    return agency_load(net)


def row(frame: pd.DataFrame, key: str) -> dict:
    [record] = frame[frame["key"] == key].to_dict("records")
    return record


# ---------------------------------------------------------------- load


def test_gacc_leads_nine_national_measures_and_is_listed_in_all_but_one(load: pd.DataFrame) -> None:
    # By hand: 海关总署 leads 1, 3, 4, 6, 8, 13, 22, 23, 24 (负责 alone or 牵头); it is listed in
    # every measure but 11 (各地区人民政府负责); it participates under 市场监管总局牵头 in 12.
    gacc = row(load, GACC)
    assert (gacc["involved"], gacc["led"], gacc["joined"]) == (26, 9, 17)
    assert (gacc["joint"], gacc["participant"], gacc["guide"]) == (16, 1, 0)
    assert (gacc["national"], gacc["local"], gacc["national_share"]) == (26, 0, 1.0)
    assert load.loc[0, "key"] == GACC


def test_chongqing_customs_is_its_own_local_node(load: pd.DataFrame) -> None:
    # By hand: 重庆海关 is listed in Chongqing measures 1, 2, 3, 5, 6, 7, 10, 11, 13, 15, 17 and
    # first (so lead) in 1, 2, 3, 6.
    customs = row(load, CQ_CUSTOMS)
    assert (customs["agency"], customs["involved"], customs["led"], customs["local"], customs["national"]) == (
        "中华人民共和国重庆海关", 11, 4, 11, 0)
    assert customs["level"] == "provincial"


def test_chongqing_port_office_leads_eleven_of_fourteen(load: pd.DataFrame) -> None:
    # By hand: 市政府口岸物流办 is listed in every Chongqing measure but 2, 3, 6 and first in
    # 4, 5, 7, 8, 10, 11, 12, 13, 15, 16, 17.
    office = row(load, CQ_PORT_OFFICE)
    assert (office["involved"], office["led"], office["participant"], office["local_share"]) == (14, 11, 3, 1.0)


def test_load_adds_up_to_the_responsibilities_of_the_build(load: pd.DataFrame) -> None:
    assert tuple(load.columns) == LOAD_COLUMNS
    assert len(load) == 28
    assert (load["involved"].sum(), load["led"].sum()) == (137, 28)
    assert (load["involved"] == load["led"] + load["joined"]).all()
    assert (load["joined"] == load["joint"] + load["participant"] + load["guide"]).all()
    assert (load["involved"] == load["national"] + load["local"]).all()
    assert load["national"].sum() + load["local"].sum() == 137


def test_load_matches_the_named_sparql_query_row_for_row(load: pd.DataFrame, seed_out: Path) -> None:
    sparql = run_named(open_store(seed_out), get_query("agencies_by_measures_involved"))
    ours = [(r["agency"], r["involved"], r["led"], r["joint"], r["participant"], r["guide"])
            for r in load.to_dict("records")]
    assert ours == [tuple(r) for r in sparql.rows]


# ---------------------------------------------------------------- pairs


def test_heaviest_pair_is_transport_and_customs_with_thirteen_measures(agencies: nx.Graph) -> None:
    # By hand: 交通运输部 is listed in national measures 9, 10, 12, 13, 14, 15, 17, 18, 19, 20, 21,
    # 26, 27, and 海关总署 in each of them.
    pairs = agency_pairs(agencies)
    assert tuple(pairs.columns) == PAIR_COLUMNS
    first = pairs.iloc[0].to_dict()
    assert (first["agency_a"], first["agency_b"], first["measures"], first["jaccard"]) == (
        "交通运输部", "海关总署", 13, 0.5)
    assert pairs.iloc[1][["agency_a", "agency_b", "measures"]].tolist() == ["各地区人民政府", "海关总署", 12]
    assert len(pairs) == agencies.number_of_edges() == 89


def test_pairs_match_the_named_sparql_query_row_for_row(agencies: nx.Graph, seed_out: Path) -> None:
    sparql = run_named(open_store(seed_out), get_query("agency_pairs"))
    ours = agency_pairs(agencies)[["agency_a", "agency_b", "measures"]]
    assert [tuple(r) for r in ours.itertuples(index=False)] == [tuple(r) for r in sparql.rows]


# ---------------------------------------------------------------- centrality


def test_degree_and_strength_of_customs(agencies: nx.Graph) -> None:
    # By hand: 海关总署 shares a measure with each of the 14 other bodies of the national notice;
    # summing (bodies listed - 1) over its 26 measures gives 65.
    centrality = agency_centrality(agencies)
    assert tuple(centrality.columns) == CENTRALITY_COLUMNS
    gacc = row(centrality, GACC)
    assert (gacc["partners"], gacc["strength"], gacc["degree_centrality"]) == (14, 65, round(14 / 27, 6))


def test_betweenness_puts_the_port_office_first_unweighted_and_customs_first_weighted(agencies: nx.Graph) -> None:
    centrality = agency_centrality(agencies)
    assert centrality.loc[0, "key"] == CQ_PORT_OFFICE
    # 36 of the 351 pairs of other agencies route through it (normalised by 27 * 26 / 2).
    assert row(centrality, CQ_PORT_OFFICE)["betweenness"] == round(float(Fraction(36, 351)), 6) == 0.102564
    assert row(centrality, GACC)["betweenness"] == row(centrality, MOT)["betweenness"] == 0.042688
    weighted = centrality.sort_values("betweenness_weighted", ascending=False, kind="mergesort")
    assert weighted.iloc[0]["key"] == GACC
    assert row(centrality, GACC)["betweenness_weighted"] == 0.144824


def test_centrality_refuses_the_measure_agency_graph(net: nx.Graph) -> None:
    with pytest.raises(ValueError, match="agency_graph"):
        agency_centrality(net)


# ---------------------------------------------------------------- communities


def test_two_communities_with_seed_42_national_and_chongqing(agencies: nx.Graph, load: pd.DataFrame) -> None:
    communities = agency_communities(agencies, seed=42)
    assert tuple(communities.columns) == COMMUNITY_COLUMNS
    assert communities["community"].nunique() == 2
    sizes = communities.drop_duplicates("community")[["anchor", "community_size"]].values.tolist()
    assert sizes == [["海关总署", 15], ["重庆市人民政府口岸和物流办公室", 13]]
    national = set(load.loc[load["national"] > 0, "key"])
    assert set(communities.loc[communities["community"] == 0, "key"]) == national
    assert (communities["strength_outside"] == 0).all()  # the two documents share no agency


def test_communities_are_the_same_on_every_run(agencies: nx.Graph) -> None:
    pd.testing.assert_frame_equal(agency_communities(agencies, seed=42), agency_communities(agencies, seed=42))


def test_higher_resolution_splits_the_national_agencies(agencies: nx.Graph) -> None:
    communities = agency_communities(agencies, seed=42, resolution=1.5)
    groups = communities.groupby("community")["agency"].apply(frozenset).tolist()
    assert len(groups) == 4
    assert frozenset({"国家税务总局", "中国人民银行", "中国银行保险监督管理委员会"}) in groups


# ---------------------------------------------------------------- bridges


def test_no_agency_is_listed_in_both_documents_under_its_own_name(net: nx.Graph) -> None:
    bridges = bridging_agencies(net)
    assert tuple(bridges.columns) == BRIDGE_COLUMNS
    assert bridges.empty


def test_customs_and_china_railway_bridge_through_their_chongqing_branches(net: nx.Graph, rdf: rdflib.Graph) -> None:
    bridges = bridging_agencies(net, agency_hierarchy(rdf))
    got = bridges[["key", "bridges", "national", "local", "family_national", "family_local", "through"]]
    assert got.to_dict("records") == [
        {"key": GACC, "bridges": THROUGH, "national": 26, "local": 0, "family_national": 26,
         "family_local": 11, "through": "中华人民共和国重庆海关"},
        {"key": "cn.china-railway", "bridges": THROUGH, "national": 4, "local": 0, "family_national": 4,
         "family_local": 2, "through": "中铁联合国际集装箱有限公司重庆分公司; 重庆铁路办事处"},
    ]


# ---------------------------------------------------------------- concentration


def test_lead_concentration_by_scope(net: nx.Graph) -> None:
    # By hand: national leads are 海关总署 9, 市场监管总局 1 (measure 12), 各地区人民政府 1 (11, alone);
    # the other 16 national measures are joint. Chongqing leads: 口岸物流办 11, 重庆海关 4,
    # 市交通局 1 (14), 两江新区管委会 1 (9).
    conc = lead_concentration(net)
    assert tuple(conc.columns) == CONCENTRATION_COLUMNS
    got = conc[["scope", "measures", "measures_led", "lead_agencies", "top_agency", "top_led"]].values.tolist()
    assert got == [["all", 44, 28, 7, "重庆市人民政府口岸和物流办公室", 11],
                   ["national", 27, 11, 3, "海关总署", 9],
                   ["local", 17, 17, 4, "重庆市人民政府口岸和物流办公室", 11]]
    expected_hhi = [Fraction(11**2 + 9**2 + 4**2 + 4, 28**2), Fraction(9**2 + 2, 11**2),
                    Fraction(11**2 + 4**2 + 2, 17**2)]
    assert conc["herfindahl"].tolist() == [round(float(f), 6) for f in expected_hhi]
    assert conc["top_share_of_led"].tolist() == [round(11 / 28, 6), round(9 / 11, 6), round(11 / 17, 6)]
    assert conc["top_share_of_measures"].tolist() == [0.25, round(9 / 27, 6), round(11 / 17, 6)]


# ---------------------------------------------------------------- the suite and the command


def test_analyze_graph_is_deterministic(rdf: rdflib.Graph) -> None:
    first, second = analyze_graph(rdf), analyze_graph(rdf)
    assert list(first) == list(TABLES)
    for name in TABLES:
        pd.testing.assert_frame_equal(first[name], second[name])


def test_write_analysis_reports_an_unwritable_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(AnalysisOutputError, match="cannot write"):
        write_analysis({"t": pd.DataFrame({"a": [1]})}, blocker / "analysis")


@pytest.fixture()
def built(seed_out: Path, tmp_path: Path) -> Path:
    """A private copy of the seed graph (the command writes beside it)."""
    shutil.copy(seed_out / "graph.ttl", tmp_path / "graph.ttl")
    return tmp_path


def test_analyze_command_prints_the_headline_and_writes_every_table(built: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(built)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Agencies by load (10 of 28)")
    assert lines[1].split()[:3] == ["agency", "in", "English"]
    assert lines[3].split()[0] == "海关总署" and lines[3].split()[-6:] == ["9", "17", "26", "0", "100%", "0%"]
    assert "Heaviest pair: 交通运输部 and 海关总署 share 13 measures." in lines
    assert "Communities (Louvain, seed 42): 2, around 海关总署 (15 agencies), " \
           "重庆市人民政府口岸和物流办公室 (13 agencies)." in lines
    folder = built / "tables" / "analysis"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{name}.csv" for name in TABLES)
    with open(folder / "agency_load.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == LOAD_COLUMNS
    assert (rows[0]["agency"], rows[0]["involved"], rows[0]["led"]) == ("海关总署", "26", "9")
    assert len(rows) == 28


def test_analyze_command_writes_the_same_bytes_twice(built: Path) -> None:
    folder = built / "tables" / "analysis"
    assert CliRunner().invoke(main, ["analyze", str(built)]).exit_code == 0
    first = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert CliRunner().invoke(main, ["analyze", str(built)]).exit_code == 0
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == first


def test_analyze_command_top_and_seed_options(built: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(built), "--top", "3", "--seed", "7"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith("Agencies by load (3 of 28)")
    assert result.stdout.splitlines()[6] == ""  # title, header, rule, 3 rows, blank
    assert "Communities (Louvain, seed 7): 2" in result.stdout


def test_analyze_command_without_a_graph_says_what_to_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "graph.ttl not found; run `tradekg build" in result.stderr


def test_analyze_command_rejects_a_top_of_zero(built: Path) -> None:
    result = CliRunner().invoke(main, ["analyze", str(built), "--top", "0"])
    assert result.exit_code == 2
    assert "--top" in result.stderr


# ---------------------------------------------------------------- docs/analysis.md

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis.md"


def test_docs_show_the_real_output_of_tradekg_analyze(seed_out: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").mkdir()
    shutil.copy(seed_out / "graph.ttl", tmp_path / "out" / "graph.ttl")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["analyze"])
    assert result.exit_code == 0, result.output
    text = DOC.read_text(encoding="utf-8")
    shown = text.split("```console\n$ tradekg analyze\n", 1)[1].split("```", 1)[0]
    assert shown == result.stdout, "docs/analysis.md shows stale output; paste `tradekg analyze` again"


def test_docs_name_every_column_of_every_table() -> None:
    text = DOC.read_text(encoding="utf-8")
    columns = {*LOAD_COLUMNS, *CENTRALITY_COLUMNS, *COMMUNITY_COLUMNS, *PAIR_COLUMNS, *BRIDGE_COLUMNS,
               *CONCENTRATION_COLUMNS}
    assert sorted(c for c in columns if f"`{c}`" not in text) == []
    assert sorted(t for t in TABLES if f"`{t}.csv`" not in text) == []
