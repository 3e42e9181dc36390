"""How long the projections and views take on a synthetic 2,000-node graph.

A synthetic corpus (one national and one provincial document; 1,800 measures in 12
sections; 200 agencies; 2-5 responsibilities per measure; 1-3 concepts per measure) is
written as RDF in the tradekg vocabulary, then projected and rendered:

    python benchmarks/bench_views.py            # 2,000 nodes
    python benchmarks/bench_views.py --measures 900 --agencies 100

When Chromium is at /usr/bin/chromium the full 2,000-node page is also opened offline
and the time until it is drawn is measured.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import rdflib
from rdflib import XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from graph.projection import agency_graph, collapse_measures, concept_graph, measure_agency_graph
from graph.views import Page, ViewRenderer
from graph.views.layout import positions
from loaders.triples import agency_iri, document_iri, measure_iri, place_iri
from loaders.vocab import TKG, TKGC

ROLES = [TKG.Lead, TKG.Joint, TKG.Participant, TKG.Guide]


def synthetic_graph(measures: int, agencies: int, seed: int = 0) -> rdflib.Graph:
    rng = random.Random(seed)
    g = rdflib.Graph()
    docs = [("署岸发〔2099〕1号", place_iri("cn"), "country"),
            ("渝口岸发〔2099〕2号", place_iri("cn-cq"), "municipality")]
    for number, place, kind in docs:
        doc = document_iri(number)
        g.add((doc, RDF.type, TKG.PolicyDocument))
        g.add((doc, DCTERMS.identifier, Literal(number)))
        g.add((doc, DCTERMS.title, Literal(f"合成文件 {number}", lang="zh")))
        g.add((doc, DCTERMS.issued, Literal("2099-01-01", datatype=XSD.date)))
        g.add((doc, TKG.jurisdiction, place))
        g.add((place, TKG.placeType, Literal(kind)))
        for s in range(1, 7):
            section = URIRef(f"{doc}/section/{s}")
            g.add((section, RDF.type, TKG.Section))
            g.add((section, TKG.inDocument, doc))
            g.add((section, TKG.number, Literal(str(s))))
            g.add((section, DCTERMS.title, Literal(f"第{s}部分", lang="zh")))
    levels = [TKG.National, TKG.Provincial, TKG.Municipal, TKG.District]
    agency_nodes = []
    for a in range(agencies):
        node = agency_iri(f"syn.a{a:04d}")
        agency_nodes.append(node)
        g.add((node, RDF.type, TKG.Agency))
        g.add((node, DCTERMS.identifier, Literal(f"syn.a{a:04d}")))
        g.add((node, SKOS.prefLabel, Literal(f"合成机构{a}", lang="zh")))
        g.add((node, SKOS.prefLabel, Literal(f"Synthetic agency {a}", lang="en")))
        g.add((node, TKG.level, levels[a % 4]))
        g.add((node, TKG.resolved, Literal(True)))
    concepts = [TKGC[f"syn-{c}"] for c in range(60)]
    for c, node in enumerate(concepts):
        g.add((node, RDF.type, TKG.Concept))
        g.add((node, SKOS.prefLabel, Literal(f"概念{c}", lang="zh")))
    popular = [1.0 / (i + 1) for i in range(agencies)]  # a few agencies carry most measures
    for m in range(measures):
        number, _, _ = docs[m % 2]
        doc = document_iri(number)
        node = measure_iri(number, str(m // 2 + 1))
        g.add((node, RDF.type, TKG.Measure))
        g.add((node, TKG.inDocument, doc))
        g.add((node, TKG.number, Literal(str(m // 2 + 1))))
        g.add((node, DCTERMS.title, Literal(f"合成措施{m}", lang="zh")))
        g.add((node, TKG.text, Literal(f"{m // 2 + 1}. 合成措施{m}的全文。（合成机构负责）", lang="zh")))
        g.add((node, TKG.inSection, URIRef(f"{doc}/section/{m % 6 + 1}")))
        listed = sorted(set(rng.choices(range(agencies), weights=popular, k=rng.randint(2, 5))))
        for rank, a in enumerate(listed, start=1):
            resp = URIRef(f"{node}/responsibility/1-{rank}")
            g.add((node, TKG.responsibility, resp))
            g.add((resp, TKG.agency, agency_nodes[a]))
            g.add((resp, TKG.role, ROLES[0] if rank == 1 else rng.choice(ROLES[1:])))
            g.add((resp, TKG.rank, Literal(rank)))
            g.add((resp, TKG.clause, Literal("（合成机构负责）", lang="zh")))
        for c in rng.sample(range(len(concepts)), rng.randint(1, 3)):
            g.add((node, TKG.concerns, concepts[c]))
    return g


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def browser_draw_time(html: str) -> float | None:
    if not Path("/usr/bin/chromium").exists():
        return None
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "big.html"
        path.write_text(html, encoding="utf-8")
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=args)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-stable=true]", state="attached", timeout=120_000)
        elapsed = time.perf_counter() - start
        browser.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measures", type=int, default=1800)
    parser.add_argument("--agencies", type=int, default=200)
    args = parser.parse_args()
    rows: list[tuple[str, int, int, float, int | None]] = []

    g, t = timed(lambda: synthetic_graph(args.measures, args.agencies))
    rows.append(("synthetic RDF graph (rdflib)", len(g), 0, t, None))
    base, t = timed(lambda: measure_agency_graph(g))
    rows.append(("measure_agency_graph (SPARQL)", base.number_of_nodes(), base.number_of_edges(), t, None))
    agencies, t = timed(lambda: agency_graph(base))
    rows.append(("agency_graph", agencies.number_of_nodes(), agencies.number_of_edges(), t, None))
    concepts, t = timed(lambda: concept_graph(g))
    rows.append(("concept_graph (SPARQL)", concepts.number_of_nodes(), concepts.number_of_edges(), t, None))
    _, t = timed(lambda: positions(base))
    rows.append(("layout (spring, seeded)", base.number_of_nodes(), base.number_of_edges(), t, None))

    renderer = ViewRenderer.default()
    page = Page("合成", "Synthetic", "合成图", "Synthetic graph")
    html, t = timed(lambda: renderer.render(base, base, page))
    rows.append(("render full 2,000-node view", base.number_of_nodes(), base.number_of_edges(), t,
                 len(html.encode())))
    html_agencies, t = timed(lambda: renderer.render(agencies, base, page))
    rows.append(("render agency network", agencies.number_of_nodes(), agencies.number_of_edges(), t,
                 len(html_agencies.encode())))
    folded = collapse_measures(concepts)
    html_folded, t = timed(lambda: renderer.render(folded, base, page))
    rows.append(("render concept map, measures folded", folded.number_of_nodes(), folded.number_of_edges(), t,
                 len(html_folded.encode())))
    drawn = browser_draw_time(html)
    if drawn is not None:
        rows.append(("chromium: open + draw full view", base.number_of_nodes(), base.number_of_edges(), drawn,
                     None))

    print(f"{'step':40} {'nodes':>7} {'edges':>7} {'seconds':>8} {'HTML bytes':>11}")
    for name, nodes, edges, seconds, size in rows:
        print(f"{name:40} {nodes:7d} {edges:7d} {seconds:8.2f} {size if size is not None else '':>11}")


if __name__ == "__main__":
    main()
