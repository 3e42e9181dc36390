"""The HTML views as a person sees them: Debian's Chromium, driven by Playwright, network cut off.

Every page is opened from ``file://`` with every other request aborted and recorded.
Tests skip when Chromium (``/usr/bin/chromium``) or Playwright is missing, except under
``CI=true``, where a missing browser is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.pipeline import build
from graph.projection import (
    agency_graph,
    agency_node,
    concept_graph,
    document_graph,
    ego_graph,
    measure_agency_graph,
    measure_concepts,
    read_graph,
)
from graph.views.names import agency_page, document_page

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent.parent / "data"




@dataclass
class Visit:
    """A page with what it tried to fetch, logged and opened as dialogs."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened: list[Visit] = []

    def open_page(path: Path, *, stable: bool = True) -> Visit:
        page = context.new_page()
        v = Visit(page)
        opened.append(v)

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                v.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("console", lambda m: v.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: v.errors.append(str(e)))
        page.on("dialog", lambda d: (v.dialogs.append(d.message), d.dismiss()))
        page.goto(path.resolve().as_uri())
        if stable:
            page.wait_for_selector("body[data-stable=true]", state="attached", timeout=60_000)
        return v

    yield open_page
    context.close()


@pytest.fixture(scope="module")
def seed_base(seed_out: Path) -> nx.Graph:
    return measure_agency_graph(read_graph(seed_out))


def _expected_graphs(out: Path) -> dict[str, nx.Graph]:
    g = read_graph(out)
    base = measure_agency_graph(g)
    docs = base.graph["documents"]
    expected = {"agencies.html": agency_graph(base), "concepts.html": concept_graph(g)}
    for doc in {d["document"] for _, d in base.nodes(data=True) if d["kind"] == "measure"}:
        expected[document_page(doc, docs[doc]["label_zh"])] = document_graph(base, doc)
    for node, attrs in base.nodes(data=True):
        if attrs["kind"] == "agency":
            expected[agency_page(attrs["key"])] = ego_graph(base, node)
    return expected


def test_every_view_draws_the_whole_projection_offline(seed_out: Path, visit: Any) -> None:
    expected = _expected_graphs(seed_out)
    assert sorted(expected) == sorted(p.name for p in seed_out.glob("views/*.html"))
    for name, net in sorted(expected.items()):
        v = visit(seed_out / "views" / name)
        sizes = v.page.evaluate("[tkg.nodes.length, tkg.edges.length, tkg.nodeView.length]")
        assert sizes == [net.number_of_nodes(), net.number_of_edges(), net.number_of_nodes()], name
        assert v.requests == [], name
        assert v.errors == [], name
        v.page.close()


def test_site_pages_load_offline_and_sort(seed_out: Path, seed_base: nx.Graph, visit: Any) -> None:
    for page in sorted(seed_out.glob("site/*.html")):
        v = visit(page, stable=False)
        assert v.requests == [] and v.errors == [], page.name
        v.page.close()
    v = visit(seed_out / "site" / "index.html", stable=False)
    led = "#agencies-table thead th:nth-child(6)"
    v.page.click(led)
    v.page.click(led)  # descending
    first = v.page.inner_text("#agencies-table tbody tr:first-child td:nth-child(6)")
    assert int(first) == max(d["measures_led"] for _, d in seed_base.nodes(data=True))
    v.page.fill("input[data-filter-for=measures-table]", "海关总署")
    shown = v.page.evaluate("[...document.querySelectorAll('#measures-table tbody tr')].filter(r => !r.hidden).length")
    assert 0 < shown < 44


def _shown_measures(v: Visit, query: str) -> list[str]:
    v.page.fill("input[data-filter-for=measures-table]", query)
    return v.page.evaluate("""[...document.querySelectorAll('#measures-table tbody tr')].filter(r => !r.hidden)
        .map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent)""")


def test_site_measures_filter_finds_concepts_other_names_and_clauses(seed_out: Path, visit: Any) -> None:
    base = measure_agency_graph(read_graph(seed_out / "graph.ttl"))
    concepts = measure_concepts(read_graph(seed_out / "graph.ttl"))
    single_window = sorted(f"{base.graph['documents'][base.nodes[m]['document']]['label_zh']} "
                           f"{base.nodes[m]['number']}" for m, labels in concepts.items() if "单一窗口" in labels)
    assert len(single_window) == 11
    v = visit(seed_out / "site" / "index.html", stable=False)
    assert sorted(_shown_measures(v, "单一窗口")) == single_window
    assert sorted(_shown_measures(v, "single window")) == single_window
    # 发展改革委 is an alias of 国家发展和改革委员会, which the table shows by its full name only.
    ndrc = sorted(f"{base.graph['documents'][base.nodes[m]['document']]['label_zh']} {base.nodes[m]['number']}"
                  for m in base.neighbors(agency_node("cn.ndrc")))
    assert ndrc and set(ndrc) <= set(_shown_measures(v, "发展改革委"))
    # Words of a clause that the row does not show: 排名第一的单位为牵头单位 in the Chongqing plan.
    assert len(_shown_measures(v, "排名第一的单位为牵头单位")) >= 1
    assert v.errors == []


def test_site_document_page_numbers_each_measure_once(seed_out: Path, visit: Any) -> None:
    page = next(seed_out.glob("site/doc-2021-85-*.html"))
    v = visit(page, stable=False)
    first = v.page.inner_text(".measure-index li:first-child")
    assert first == "1. 推进海关全业务领域一体化"
    assert v.page.evaluate("getComputedStyle(document.querySelector('.measure-index li')).listStyleType") == "none"


def test_concept_map_reads_at_the_zoom_that_fits_the_page(seed_out: Path, visit: Any) -> None:
    v = visit(seed_out / "views" / "concepts.html")
    state = v.page.evaluate("""() => {
        const scale = tkg.network.getScale();
        const threshold = tkg.network.body.nodes[tkg.nodes.getIds()[0]].options.scaling.label.drawThreshold;
        const of = kind => tkg.nodes.get({filter: n => n.info.kind === kind});
        const sw = of('concept').find(n => n.info.label_zh === '单一窗口');
        const sizes = of('concept').map(n => n.font.size);
        return {scale, threshold, sw: sw.font.size * scale, smallest: Math.min(...sizes), largest: Math.max(...sizes),
                swSize: sw.font.size, measure: 12 * scale};
    }""")
    assert state["swSize"] == state["largest"] > state["smallest"]  # sized by links: 单一窗口 has the most
    assert state["sw"] >= state["threshold"]  # drawn at the fitted zoom
    assert state["measure"] < state["threshold"] - 1  # measure labels wait for a closer zoom
    assert v.errors == []


def test_view_search_finds_an_agency_by_its_other_names(seed_out: Path, visit: Any) -> None:
    v = visit(seed_out / "views" / "agencies.html")
    for query in ("发展改革委", "发改委"):
        v.page.fill("#tkg-search", query)
        assert "国家发展和改革委员会" in v.page.inner_text("#tkg-search-results"), query
    assert v.errors == []


@pytest.mark.parametrize("view", ["agencies.html", "concepts.html", "agency-cn.gacc.html"])
def test_search_finds_gacc_by_chinese_and_english_name(seed_out: Path, visit: Any, view: str) -> None:
    v = visit(seed_out / "views" / view)
    gacc = v.page.evaluate("tkg.nodes.get({filter: n => n.info.label_zh === '海关总署'})[0].id")
    for query in ("海关总署", "general administration of customs"):
        v.page.fill("#tkg-search", query)
        assert "找到" in v.page.inner_text("#tkg-search-status")
        assert "海关总署" in v.page.inner_text("#tkg-search-results")
        assert gacc in v.page.evaluate("tkg.network.getSelectedNodes()")
    assert v.errors == []


def _hover(v: Visit, node_id: int) -> str:
    point = v.page.evaluate(
        """id => { const p = tkg.network.canvasToDOM(tkg.network.getPosition(id));
                   const r = document.getElementById('tkg-network').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y, at: tkg.network.getNodeAt(p)}; }""", node_id)
    assert point["at"] == node_id, "another node covers this one"
    v.page.mouse.move(point["x"] - 30, point["y"] - 30)
    v.page.mouse.move(point["x"], point["y"], steps=4)
    v.page.wait_for_selector("#tkg-tooltip:not([hidden])", timeout=5_000)
    return str(v.page.inner_text("#tkg-tooltip"))


def _free_measure(v: Visit) -> dict[str, Any]:
    """A measure node no other node covers, focused so it is on screen."""
    return dict(v.page.evaluate(
        """() => { const ms = tkg.nodes.get({filter: n => n.info.kind === 'measure'});
                   for (const m of ms) { tkg.network.focus(m.id, {scale: 1.0, animation: false});
                     const p = tkg.network.canvasToDOM(tkg.network.getPosition(m.id));
                     if (tkg.network.getNodeAt(p) === m.id) { return {id: m.id, info: m.info}; } }
                   return null; }"""))


def test_hovering_a_measure_shows_title_source_sentence_and_clause(seed_out: Path, seed_base: nx.Graph,
                                                                   visit: Any) -> None:
    doc = next(p for p in seed_out.glob("views/doc-2021-85-*.html"))
    v = visit(doc)
    measure = _free_measure(v)
    text = _hover(v, measure["id"])
    assert measure["info"]["text"] in text
    assert measure["info"]["title"] in text
    assert measure["info"]["clauses"][0] in text
    assert v.errors == []


def test_hovering_an_agency_shows_its_english_name(seed_out: Path, visit: Any) -> None:
    v = visit(seed_out / "views" / "agencies.html")
    gacc = v.page.evaluate("tkg.nodes.get({filter: n => n.info.label_zh === '海关总署'})[0].id")
    v.page.evaluate(f"tkg.network.focus({gacc}, {{scale: 1.2, animation: false}})")
    assert "General Administration of Customs" in _hover(v, gacc)


def test_filters_by_level_document_and_role(seed_out: Path, seed_base: nx.Graph, visit: Any) -> None:
    v = visit(seed_out / "views" / "agencies.html")
    v.page.select_option("#tkg-filter-level", "national")
    levels = v.page.evaluate("tkg.nodeView.get().map(n => n.facets.level[0])")
    assert levels and set(levels) == {"national"}
    v.page.select_option("#tkg-filter-level", "")
    assert v.page.evaluate("tkg.nodeView.length") == 28
    doc = next(p for p in seed_out.glob("views/doc-2021-85-*.html"))
    v = visit(doc)
    v.page.select_option("#tkg-filter-role", "lead")
    edges = v.page.evaluate("tkg.edgeView.get().map(e => e.info.role).filter(Boolean)")
    national = {m for m, d in seed_base.nodes(data=True) if d["kind"] == "measure" and d["level"] == "national"}
    leads = sum(1 for u, w, d in seed_base.edges(data=True) if d["role"] == "lead" and {u, w} & national)
    assert set(edges) == {"lead"} and len(edges) == leads
    v.page.select_option("#tkg-filter-role", "")
    assert v.page.evaluate("tkg.edgeView.length") == v.page.evaluate("tkg.edges.length")


def test_markup_in_a_document_shows_as_text_and_never_runs(tmp_path: Path, visit: Any) -> None:
    build([DATA / "xss_notice.txt"], tmp_path)
    for page in sorted([*tmp_path.glob("views/*.html"), *tmp_path.glob("site/*.html")]):
        v = visit(page, stable=page.parent.name == "views")
        assert v.dialogs == [] and v.errors == [] and v.requests == [], page.name
        assert v.page.evaluate("document.querySelectorAll('img, b').length") == 0, page.name
        v.page.close()
    v = visit(next(tmp_path.glob("views/doc-*.html")))
    measure = _free_measure(v)
    text = _hover(v, measure["id"])
    assert ("<script>alert(1)</script>" in text) or ("<b onmouseover=alert(2)>" in text)
    v.page.evaluate(f"tkg.network.selectNodes([{measure['id']}])")
    v.page.evaluate("tkg.search('alert')")
    assert v.dialogs == []
    site = visit(next(tmp_path.glob("site/doc-*.html")), stable=False)
    body = site.page.inner_text("body")
    assert "<script>alert(1)</script>" in body and "<img src=x onerror=alert(1)>" in body
    assert site.dialogs == []
    assert len(v.page.evaluate("tkg.search('script')")) >= 1
    assert v.dialogs == []
