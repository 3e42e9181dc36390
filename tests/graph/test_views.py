"""graph/views and graph/site without a browser: determinism, escaping, no external resource."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest

from graph.pipeline import build, sample_corpus
from graph.projection import agency_graph, measure_agency_graph, read_graph
from graph.views import Page, ViewRenderer
from graph.views.layout import positions

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def xss_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xss")
    build([DATA / "xss_notice.txt"], out)
    return out


def _pages(out: Path) -> list[Path]:
    return sorted([*out.glob("views/*.html"), *out.glob("site/*.html")])


def test_build_writes_every_view_and_the_site(seed_out: Path) -> None:
    views = sorted(p.name for p in seed_out.glob("views/*.html"))
    assert "agencies.html" in views and "concepts.html" in views
    assert sum(n.startswith("doc-") for n in views) == 2  # the transmittal notice has no measures
    assert sum(n.startswith("agency-") for n in views) == 28
    assert (seed_out / "site" / "index.html").is_file()
    assert len(list(seed_out.glob("site/doc-*.html"))) == 3


def test_same_input_gives_the_same_html_bytes(seed_out: Path, tmp_path: Path) -> None:
    build([sample_corpus()], tmp_path)
    for page in _pages(seed_out):
        again = tmp_path / page.relative_to(seed_out)
        assert again.read_bytes() == page.read_bytes(), page.name


@pytest.mark.parametrize("pattern", [r"""\bsrc\s*=\s*["']?https?:""", r"""\bhref\s*=\s*["']?(https?:|//)""",
                                     r"@import", r"sourceMappingURL", r"cdn\.|unpkg|jsdelivr|cdnjs"])
def test_pages_reference_nothing_outside_themselves(seed_out: Path, pattern: str) -> None:
    for page in [*_pages(seed_out), *seed_out.glob("assets/*")]:
        assert not re.search(pattern, page.read_text(encoding="utf-8")), page.name


def test_scripts_and_styles_are_the_shared_assets_of_the_output_folder(seed_out: Path) -> None:
    for page in _pages(seed_out):
        html = page.read_text(encoding="utf-8")
        linked = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', html)
        assert linked and all(href.startswith("../assets/") for href in linked), page.name
        assert all((page.parent / href).is_file() for href in linked), page.name
        assert len(re.findall(r"<link\b", html)) == sum(href.endswith(".css") for href in linked)
        assert "vis-network" not in html or len(html) < 200_000  # linked, never inlined


def test_pages_forbid_connections_and_foreign_scripts(seed_out: Path) -> None:
    for page in _pages(seed_out):
        html = page.read_text(encoding="utf-8")
        csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
        assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1).split(";")[1]


def test_document_markup_is_escaped_in_views_and_site(xss_out: Path) -> None:
    pages = _pages(xss_out)
    assert len(pages) == 8
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for raw in ("<script>alert(1)", "<img src=x", "<b onmouseover"):
            assert raw not in html, (page.name, raw)
    site_doc = next(xss_out.glob("site/doc-*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in site_doc
    assert "&lt;img src=x onerror=alert(1)&gt;" in site_doc


def test_renderer_output_depends_only_on_its_input(seed_out: Path) -> None:
    base = measure_agency_graph(read_graph(seed_out))
    page = Page("机构", "Agencies", "说明", "About")
    first = ViewRenderer.default().render(agency_graph(base), base, page)
    assert first == ViewRenderer.default().render(agency_graph(base), base, page)


def test_layout_is_deterministic_and_spreads_nodes() -> None:
    net = nx.barabasi_albert_graph(300, 2, seed=1)
    first = positions(net)
    assert first == positions(net)
    assert len(set(first.values())) == 300


def test_site_measure_links_point_at_marked_spans(seed_out: Path) -> None:
    index = (seed_out / "site" / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(doc-[^"#]+\.html)#(m-[^"]+)"', index)
    assert len(links) == 44
    for page, anchor in links:
        text = (seed_out / "site" / page).read_text(encoding="utf-8")
        assert f'<mark id="{anchor}"' in text


def test_site_document_page_shows_the_measure_span_of_the_source(seed_out: Path) -> None:
    page = next(p for p in seed_out.glob("site/doc-2021-85-*.html"))
    html = page.read_text(encoding="utf-8")
    mark = re.search(r'<mark id="m-1"[^>]*>(.*?)</mark>', html, re.S)
    assert mark and "推进海关全业务领域一体化" in mark.group(1) and "（海关总署负责）" in mark.group(1)
    assert html.count("<mark id=") == 27


def test_views_link_agencies_and_measures_to_existing_pages(seed_out: Path) -> None:
    html = (seed_out / "views" / "agencies.html").read_text(encoding="utf-8")
    for href in set(re.findall(r'"href": "([^"]+)"', html)):
        assert (seed_out / "views" / href).is_file()
    doc = next(seed_out.glob("views/doc-2021-85-*.html")).read_text(encoding="utf-8")
    for href in set(re.findall(r'"source_href": "\.\./site/([^"#]+)#', doc)):
        assert (seed_out / "site" / href).is_file()


def test_an_agency_page_keeps_the_partners_sharing_the_most_measures(seed_out: Path) -> None:
    from graph.projection import agency_node, ego_graph, measure_agency_graph, read_graph
    from graph.views.agency_pages import strongest_partners

    base = measure_agency_graph(read_graph(seed_out / "graph.ttl"))
    gacc = agency_node("cn.gacc")
    ego = ego_graph(base, gacc)
    kept = strongest_partners(ego, gacc, 3)
    partners = [kept.nodes[n]["label_zh"] for n, kind in kept.nodes(data="kind") if kind == "agency" and n != gacc]
    # The three agencies `tradekg query agency_pairs` pairs most often with 海关总署.
    assert sorted(partners) == sorted(["交通运输部", "各地区人民政府", "商务部"])
    assert [n for n in kept if kept.nodes[n]["kind"] == "measure"] == \
        [n for n in ego if ego.nodes[n]["kind"] == "measure"]


def test_agency_pages_drawn_in_worker_processes_are_the_same_bytes(seed_out: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.views import agency_pages as module
    from graph.views.page_memo import PageMemo

    base = measure_agency_graph(read_graph(seed_out / "graph.ttl"))
    renderer = ViewRenderer.default()
    here_memo, there_memo = PageMemo(tmp_path / "here"), PageMemo(tmp_path / "there")
    here = module.agency_pages(renderer, base, memo=here_memo)
    monkeypatch.setattr(module, "PARALLEL_FROM", 1)  # the seeds have 28 agencies, fewer than the default
    there = module.agency_pages(renderer, base, memo=there_memo, jobs=2)
    assert list(there) == list(here) and len(here) == 28
    assert there == here
    assert [there_memo.fingerprint(n) for n in there] == [here_memo.fingerprint(n) for n in here]
    assert None not in [there_memo.fingerprint(n) for n in there]
