"""Measure alignment in a build: tables/alignment.csv, the reified triples, Neo4j rows, the report."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.alignment import AlignedPair
from graph.alignment.outputs import alignment_ntriples
from graph.rdf.validate import validate_store
from graph.tables import TABLES
from loaders.triples import measure_iri
from loaders.vocab import TKG

NATIONAL = "署岸发〔2021〕85号"
CHONGQING = "2021年重庆市促进跨境贸易便利化工作方案（2021-03-16）"


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "tables" / "alignment.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_alignment_table_has_the_two_step_declaration_pair_with_its_evidence(seed_out: Path) -> None:
    rows = _rows(seed_out)
    assert list(rows[0]) == list(TABLES["alignment"]) == [
        "doc_id", "measure_number", "aligned_doc_id", "aligned_measure_number", "score",
        "shared_concepts", "shared_agencies"]
    assert len(rows) == 16
    assert {(r["doc_id"], r["aligned_doc_id"]) for r in rows} == {(CHONGQING, NATIONAL)}
    [first] = [r for r in rows if (r["measure_number"], r["aligned_measure_number"]) == ("1", "2")]
    assert first == {"doc_id": CHONGQING, "measure_number": "1", "aligned_doc_id": NATIONAL,
                     "aligned_measure_number": "2", "score": "0.396",
                     "shared_concepts": "提前申报|抵港直装|船边直提|两步申报", "shared_agencies": "cn.gacc"}
    [smart] = [r for r in rows if (r["measure_number"], r["aligned_measure_number"]) == ("9", "15")]
    assert (smart["shared_concepts"], smart["shared_agencies"]) == ("无人集卡|智能卡口|智能理货", "")


def test_graph_holds_one_measure_alignment_per_row(seed_store: ox.Store, seed_out: Path) -> None:
    alignments = list(seed_store.quads_for_pattern(None, ox.NamedNode(str(TKG.localMeasure)), None))
    assert len(alignments) == len(_rows(seed_out)) == 16
    local = ox.NamedNode(str(measure_iri(CHONGQING, "1")))
    aligned = [q.object.value for q in seed_store.quads_for_pattern(local, ox.NamedNode(str(TKG.alignedWith)),
                                                                   None)]
    assert aligned == [str(measure_iri(NATIONAL, "2"))]


def test_measure_alignment_shapes_pass_and_catch_a_missing_score() -> None:
    pair = AlignedPair(CHONGQING, "1", NATIONAL, "2", 0.396, (), ("cn.gacc",), "船边直提")
    lines = list(alignment_ntriples([pair]))
    store = ox.Store()
    store.bulk_load("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    assert validate_store(store).violations == ()
    broken = ox.Store()
    broken.bulk_load("".join(line for line in lines if "alignmentScore" not in line).encode("utf-8"),
                     format=ox.RdfFormat.N_TRIPLES)
    [violation] = validate_store(broken).violations
    assert "score" in violation.message


def test_report_counts_pairs_and_untaken_national_measures(seed_out: Path) -> None:
    report = json.loads((seed_out / "report.json").read_text(encoding="utf-8"))
    assert (report["aligned_pairs"], report["untaken_national_measures"]) == (16, 16)
    assert report["timing"]["seconds"]["alignment"] >= 0


def test_neo4j_rows_have_aligned_with_from_local_to_national(seed_out: Path) -> None:
    from graph.neo4j.rows import read_property_graph

    graph = read_property_graph(seed_out)
    aligned = [r for r in graph.relationships if r.type == "ALIGNED_WITH"]
    assert len(aligned) == 16
    [first] = [r for r in aligned if r.start == str(measure_iri(CHONGQING, "1"))]
    assert (first.start_label, first.end_label, first.end) == ("Measure", "Measure", str(measure_iri(NATIONAL, "2")))
    assert first.properties["score"] == pytest.approx(0.396)
    assert first.properties["shared_agencies"] == ["cn.gacc"]
    assert sorted(first.properties["shared_concepts"]) == sorted(["提前申报", "抵港直装", "船边直提", "两步申报"])


def test_side_by_side_page_links_aligned_measures_with_evidence(seed_out: Path) -> None:
    from graph.views.alignment_view import alignment_page_name

    page = seed_out / "site" / alignment_page_name(CHONGQING, NATIONAL)
    html = page.read_text(encoding="utf-8")
    assert html.count('class="align-link"') == 2 * 16  # each pair linked from both sides
    assert ('<a class="align-link" href="#h-2" title="得分 score 0.396 · 共同概念 concepts: '
            '提前申报、抵港直装、船边直提、两步申报 · 共同机构 agencies: cn.gacc · 短语 phrase: '
            '进口货物 船边直提 和出口货物 抵港直装">→ 2 (0.396)</a>') in html
    assert 'id="h-27" class="unaligned"' in html
    assert "<script src=\"../assets/sortable.js\"></script>" in html and "http" not in html.split("<body>")[1]


def test_the_site_lists_the_side_by_side_pages_and_the_index_links_the_list(seed_out: Path) -> None:
    from graph.views.alignment_view import alignment_page_name

    listing = (seed_out / "site" / "alignment.html").read_text(encoding="utf-8")
    assert ("<tr><td>2021年重庆市促进跨境贸易便利化工作方案</td><td>署岸发〔2021〕85号</td>"
            '<td class="num">16</td><td class="num">0.456</td>') in listing
    assert f'<a href="{alignment_page_name(CHONGQING, NATIONAL)}">' in listing
    assert "16 aligned measure pairs between 1 pairs of documents" in listing
    index = (seed_out / "site" / "index.html").read_text(encoding="utf-8")
    assert '<a href="alignment.html">措施对应</a>' in index


def test_two_documents_sharing_fewer_measures_than_min_pairs_get_no_page() -> None:
    from graph.alignment import AlignedPair
    from graph.views.alignment_view import AlignedDocument, alignment_page_name, alignment_pages

    docs = {"渝": AlignedDocument("渝", "重庆方案", (("1", "甲"), ("2", "乙"), ("3", "丙"))),
            "国": AlignedDocument("国", "全国通知", (("1", "甲"), ("2", "乙"), ("3", "丙"))),
            "署": AlignedDocument("署", "海关通知", (("1", "甲"),))}
    pairs = [AlignedPair("渝", n, "国", n, 0.5, (), (), "") for n in "123"]
    pairs.append(AlignedPair("渝", "1", "署", "1", 0.3, (), (), ""))
    pages = alignment_pages(pairs, docs, {}, min_pairs=3)
    assert sorted(pages) == sorted(["alignment.html", alignment_page_name("渝", "国")])
    assert "4 aligned measure pairs between 2 pairs of documents; the 1 with at least 3" in pages["alignment.html"]
