"""A projection's nodes and edges as vis-network records: drawing, tooltip data and filter facets.

Each record keeps what vis-network draws (``label``, ``shape``, ``color``, ``x``/``y``)
beside plain data the page's script reads: ``info`` (shown as text in tooltips and the
details panel, never as HTML), ``facets`` (document, level and role, for the filters)
and ``search`` (the labels the search box matches). Node ids are the node's position in
the projection, so records are small and their order is the projection's.

Examples
--------
>>> from graph.projection import read_graph, measure_agency_graph
>>> from graph.views.style import load_styles
>>> net = measure_agency_graph(read_graph(SEED_OUT))
>>> records = vis_records(net, net, load_styles(), {n: (0, 0) for n in net})
>>> len(records.nodes), len(records.edges)
(72, 137)
>>> gacc = next(r for r in records.nodes if r["info"]["label_zh"] == "海关总署")
>>> gacc["facets"]["level"], gacc["facets"]["role"]
(['national'], ['joint', 'lead', 'participant'])
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.projection import ROLES
from graph.views.names import agency_page, document_page
from graph.views.style import Styles, edge_style_key, node_category

__all__ = ["VisRecords", "measure_label", "vis_records"]

_MAX_LABEL = 16
_MAX_LISTED = 30
"""At most this many measures are named in an edge's tooltip; the rest are counted."""


@dataclass(frozen=True, slots=True)
class VisRecords:
    """What a view hands to vis-network, plus the choices its filters offer."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    facets: dict[str, list[tuple[str, str]]]
    """Filter name -> (value, bilingual label) choices present in the records."""
    categories: set[str]
    edge_keys: set[str]


def _short(text: str | None, limit: int = _MAX_LABEL) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _doc_label(net: nx.Graph, doc: str | None) -> str | None:
    attrs = net.graph.get("documents", {}).get(doc or "", {})
    return attrs.get("label_zh") or doc


def measure_label(net: nx.Graph, node: Hashable) -> str:
    """A measure as a reader cites it: document number, measure number and title.

    Examples
    --------
    >>> from graph.projection import read_graph, measure_agency_graph
    >>> net = measure_agency_graph(read_graph(SEED_OUT))
    >>> measure_label(net, next(iter(net)))
    '2021年重庆市促进跨境贸易便利化工作方案 第1项 深入推进通关模式改革'
    """
    attrs = net.nodes[node]
    return f"{_doc_label(net, attrs['document'])} 第{attrs['number']}项 {attrs['title'] or ''}".strip()


def _measures_around(net: nx.Graph, base: nx.Graph, node: Hashable) -> set[Hashable]:
    """The measures a node stands for: measure neighbours, measures on its edges, and (for
    an agency) its measures in the base projection."""
    found = {m for m in net[node] if net.nodes[m]["kind"] == "measure"}
    for _, _, data in net.edges(node, data=True):
        found.update(data.get("measures") or ())
    if net.nodes[node]["kind"] == "agency" and node in base:
        found.update(base[node])
    return found


def _node_facets(net: nx.Graph, base: nx.Graph, node: Hashable) -> dict[str, list[str]]:
    attrs = net.nodes[node]
    kind = attrs["kind"]
    if kind in ("measure", "section"):
        facets = {"document": [attrs["document"]]}
        if kind == "measure":
            facets["level"] = [attrs["level"] or "none"]
            facets["role"] = sorted({d["role"] for _, _, d in base.edges(node, data=True)}
                                    if node in base else set())
        return facets
    measures = _measures_around(net, base, node)
    facets = {"document": sorted({base.nodes[m]["document"] for m in measures if m in base})}
    if kind == "agency":
        facets["level"] = [attrs["level"] or "none"]
        facets["role"] = sorted({d["role"] for _, _, d in base.edges(node, data=True)}
                                if node in base else set())
    return facets


def _node_info(net: nx.Graph, node: Hashable, styles: Styles, links: bool) -> dict[str, Any]:
    attrs = net.nodes[node]
    kind = attrs["kind"]
    category = node_category(attrs)
    info: dict[str, Any] = {
        "kind": kind,
        "kind_zh": styles.kinds[kind]["label_zh"],
        "kind_en": styles.kinds[kind]["label_en"],
        "category_zh": styles.nodes[category]["label_zh"],
        "category_en": styles.nodes[category]["label_en"],
        "label_zh": attrs["label_zh"],
        "label_en": attrs["label_en"],
    }
    if attrs.get("level"):
        info["level_zh"] = styles.levels[attrs["level"]]["label_zh"]
        info["level_en"] = styles.levels[attrs["level"]]["label_en"]
    if kind in ("measure", "section"):
        info["document"] = _doc_label(net, attrs["document"])
    if kind == "measure":
        section = net.graph.get("sections", {}).get(attrs["section"] or "", {})
        info.update(number=attrs["number"], title=attrs["title"], text=attrs["text"],
                    section=section.get("label_zh"), citation=measure_label(net, node))
        info["clauses"] = sorted({d["clause"] for _, _, d in net.edges(node, data=True)
                                  if d.get("clause")})
        if links:
            doc = net.graph["documents"].get(attrs["document"], {})
            info["source_href"] = (f"../site/{document_page(attrs['document'], doc.get('label_zh'))}"
                                   f"#m-{attrs['number']}")
    if kind in ("agency", "concept"):
        info.update(measures=attrs["measures"])
    if kind == "agency":
        info.update(measures_led=attrs["measures_led"], key=attrs["key"],
                    resolved=bool(attrs["resolved"]))
        if links and attrs["key"]:
            info["href"] = agency_page(attrs["key"])
    return {k: v for k, v in info.items() if v is not None}


def _node_label(net: nx.Graph, node: Hashable) -> str:
    attrs = net.nodes[node]
    if attrs["kind"] == "measure":
        return f"{attrs['number']}. {_short(attrs['title'], 12)}"
    return _short(attrs["label_zh"] or attrs["label_en"] or str(node))


def _node_size(attrs: Mapping[str, Any]) -> float:
    if attrs["kind"] == "agency":
        return round(10 + 7 * math.sqrt(attrs["measures_led"]), 1)
    if attrs["kind"] == "concept":
        return round(8 + 4 * math.sqrt(attrs["measures"]), 1)
    return 12


def _edge_info(base: nx.Graph, data: Mapping[str, Any], styles: Styles, key: str) -> dict[str, Any]:
    style = styles.edges[key]
    info: dict[str, Any] = {"relation_zh": style["label_zh"], "relation_en": style["label_en"]}
    if data.get("relation") == "responsible":
        info.update(role=data["role"], rank=data.get("rank"), clause=data.get("clause"))
    if data.get("measures"):
        shown = data["measures"][:_MAX_LISTED]
        info.update(weight=data["weight"],
                    measures=[measure_label(base, m) if m in base else str(m) for m in shown])
        if len(data["measures"]) > len(shown):
            info["measures"].append(f"…（另有 {len(data['measures']) - len(shown)} 项 more）")
    return {k: v for k, v in info.items() if v is not None}


def vis_records(net: nx.Graph, base: nx.Graph, styles: Styles,
                positions: Mapping[Hashable, tuple[int, int]], *, links: bool = True) -> VisRecords:
    """Turn a projection into vis-network node and edge records.

    Parameters
    ----------
    net : networkx.Graph
        The projection to draw (any from :mod:`graph.projection`).
    base : networkx.Graph
        The full :func:`~graph.projection.measure_agency_graph`, for an agency's documents
        and roles and for naming the measures behind an aggregated edge.
    styles : Styles
        Colours and shapes.
    positions : mapping
        Node -> (x, y) in pixels.
    links : bool, default True
        Give agencies a link to their page and measures a link to their source text.

    Returns
    -------
    VisRecords
    """
    ids = {node: i for i, node in enumerate(net)}
    nodes: list[dict[str, Any]] = []
    categories: set[str] = set()
    for node, attrs in net.nodes(data=True):
        category = node_category(attrs)
        categories.add(category)
        style = styles.nodes[category]
        record: dict[str, Any] = {
            "id": ids[node], "label": _node_label(net, node), "shape": style["shape"],
            "color": {"background": style["color"], "border": "#55606e",
                      "highlight": {"background": style["color"], "border": "#000000"}},
            "font": {"color": style["font"], "size": 14 if attrs["kind"] != "measure" else 12},
            "x": positions[node][0], "y": positions[node][1],
            "info": _node_info(net, node, styles, links),
            "facets": _node_facets(net, base, node),
            "search": " ".join(x for x in (attrs["label_zh"], attrs["label_en"], attrs.get("key"),
                                           attrs.get("title")) if x).lower(),
        }
        if style["shape"] not in ("box", "ellipse"):
            record["size"] = _node_size(attrs)
        if attrs["kind"] == "measure":
            record["widthConstraint"] = {"maximum": 140}
        if attrs["kind"] == "agency" and attrs["resolved"] is False:
            record["shapeProperties"] = {"borderDashes": [4, 3]}
            record["borderWidth"] = 2
        nodes.append(record)
    edges: list[dict[str, Any]] = []
    edge_keys: set[str] = set()
    for i, (u, v, data) in enumerate(net.edges(data=True)):
        key = edge_style_key(data)
        edge_keys.add(key)
        style = styles.edges[key]
        width = style["width"]
        if data.get("weight"):
            width = round(min(1 + 1.2 * (data["weight"] - 1), 12), 1)
        record = {"id": i, "from": ids[u], "to": ids[v], "width": width, "dashes": style["dashes"],
                  "color": {"color": style["color"], "highlight": "#000000", "opacity": 0.85},
                  "info": _edge_info(base, data, styles, key), "facets": {}}
        if "length" in style:
            record["length"] = style["length"]
        if data.get("relation") == "responsible":
            record["facets"]["role"] = [data["role"]]
        if data.get("measures"):
            record["facets"]["document"] = sorted({base.nodes[m]["document"] for m in data["measures"]
                                                   if m in base})
        edges.append(record)
    return VisRecords(nodes, edges, _facet_choices(net, nodes, styles), categories, edge_keys)


def _facet_choices(net: nx.Graph, nodes: list[dict[str, Any]],
                   styles: Styles) -> dict[str, list[tuple[str, str]]]:
    present: dict[str, set[str]] = {"document": set(), "level": set(), "role": set()}
    for record in nodes:
        for facet, values in record["facets"].items():
            present[facet].update(values)
    docs = net.graph.get("documents", {})
    doc_order = sorted(present["document"], key=lambda d: (docs.get(d, {}).get("issued") or "",
                                                           _doc_label(net, d) or ""))
    return {
        "document": [(d, _doc_label(net, d) or d) for d in doc_order],
        "level": [(k, f"{v['label_zh']} {v['label_en']}") for k, v in styles.levels.items()
                  if k in present["level"]],
        "role": [(r, f"{styles.edges[r]['label_zh']} {r}") for r in ROLES if r in present["role"]],
    }
