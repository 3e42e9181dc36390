"""A projection's nodes and edges as vis-network records: drawing, tooltip data and filter facets.

Each record keeps what vis-network draws (``label``, ``group``, ``x``/``y``; what a
group looks like is said once per page, in :attr:`VisRecords.groups`) beside plain data
the page's script reads: ``info`` (shown as text in tooltips and the details panel, never
as HTML; categories, levels and relations by key, named once in
:attr:`VisRecords.labels`) and ``facets`` (document, level and role, for the filters;
documents by a short key of the page). Node ids are the node's position in
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

__all__ = [
    "MAX_DOCUMENT_CHOICES",
    "FacetCache",
    "VisRecords",
    "measure_clauses",
    "measure_label",
    "vis_records",
]

_MAX_LABEL = 16
_MAX_LISTED = 10
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
    groups: dict[str, dict[str, Any]]
    """vis-network group options by node category (shape, colours, font)."""
    labels: dict[str, dict[str, list[str]]]
    """Bilingual names of the categories, levels and relations the records name by key."""


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


FacetCache = dict[Hashable, tuple[set[str], list[str]]]
"""An agency's documents and roles in one base projection, by node: worked out once per base."""


def _base_facets(base: nx.Graph, node: Hashable, cache: FacetCache | None) -> tuple[set[str], list[str]]:
    """The documents and roles of an agency's measures in the base projection."""
    found = cache.get(node) if cache is not None else None
    if found is None:
        if node in base:
            found = ({base.nodes[m]["document"] for m in base[node]},
                     sorted({d["role"] for _, _, d in base.edges(node, data=True)}))
        else:
            found = (set(), [])
        if cache is not None:
            cache[node] = found
    return found


MAX_DOCUMENT_CHOICES = 200
"""A page whose nodes stand for more documents than this offers no document filter (a list of
thousands of documents filters nothing a person can read, and would be most of the page)."""


def _few_documents(net: nx.Graph, base: nx.Graph, cache: FacetCache | None) -> bool:
    """True when the page's nodes stand for at most :data:`MAX_DOCUMENT_CHOICES` documents."""
    seen: set[str] = set()
    for node, attrs in net.nodes(data=True):
        if attrs["kind"] == "agency":
            seen |= _base_facets(base, node, cache)[0]
        elif attrs.get("document"):
            seen.add(attrs["document"])
        if len(seen) > MAX_DOCUMENT_CHOICES:
            return False
    return True


def _node_facets(net: nx.Graph, base: nx.Graph, node: Hashable,
                 cache: FacetCache | None, documents_too: bool = True) -> dict[str, list[str]]:
    facets = _all_facets(net, base, node, cache, documents_too)
    if not documents_too:
        facets.pop("document", None)
    return facets


def _all_facets(net: nx.Graph, base: nx.Graph, node: Hashable,
                cache: FacetCache | None, documents_too: bool) -> dict[str, list[str]]:
    attrs = net.nodes[node]
    kind = attrs["kind"]
    if kind == "agency":
        documents, roles = _base_facets(base, node, cache)
        if not documents_too:
            return {"level": [attrs["level"] or "none"], "role": roles}
        around = {m for m in net[node] if net.nodes[m]["kind"] == "measure"}
        for _, _, data in net.edges(node, data=True):
            around.update(data.get("measures") or ())
        documents = documents | {base.nodes[m]["document"] for m in around if m in base}
        return {"document": sorted(documents), "level": [attrs["level"] or "none"], "role": roles}
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


def _node_info(net: nx.Graph, node: Hashable, links: bool, clauses: list[str] | None) -> dict[str, Any]:
    attrs = net.nodes[node]
    kind = attrs["kind"]
    category = node_category(attrs)
    info: dict[str, Any] = {
        "kind": kind,
        "category": category,
        "label_zh": attrs["label_zh"],
        "label_en": attrs["label_en"],
        "level": attrs.get("level"),
    }
    if kind in ("measure", "section"):
        info["document"] = _doc_label(net, attrs["document"])
    if kind == "measure":
        section = net.graph.get("sections", {}).get(attrs["section"] or "", {})
        info.update(number=attrs["number"], title=attrs["title"], text=attrs["text"],
                    section=section.get("label_zh"))
        info["clauses"] = clauses
        if links:
            doc = net.graph["documents"].get(attrs["document"], {})
            info["source_href"] = (f"../site/{document_page(attrs['document'], doc.get('label_zh'))}"
                                   f"#m-{attrs['number']}")
    if kind in ("agency", "concept"):
        info.update(measures=attrs["measures"])
    if kind == "agency":
        info.update(measures_led=attrs["measures_led"], key=attrs["key"],
                    resolved=bool(attrs["resolved"]))
        if attrs.get("aliases"):
            info["aliases"] = attrs["aliases"].split("|")
        if attrs.get("dissolved"):
            info["dissolved"] = attrs["dissolved"]
            info["successors"] = attrs["successors"].split("|") if attrs.get("successors") else []
        if links and attrs["key"]:
            info["href"] = agency_page(attrs["key"])
    return {k: v for k, v in info.items() if v is not None}


def measure_clauses(net: nx.Graph, node: Hashable) -> list[str]:
    """A measure's clauses in the order they stand in its text (by clause index)."""
    found = {d.get("clause_index") or 0: d["clause"]
             for _, _, d in net.edges(node, data=True) if d.get("clause")}
    return [found[i] for i in sorted(found)]


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


def _edge_info(base: nx.Graph, data: Mapping[str, Any], key: str,
               clauses: list[str] | None) -> dict[str, Any]:
    info: dict[str, Any] = {"relation": key}
    if data.get("relation") == "responsible":
        info.update(role=data["role"], rank=data.get("rank"))
        if clauses and data.get("clause") in clauses:  # named once, on the measure: by position here
            info["clause"] = clauses.index(data["clause"])
    if data.get("measures"):
        shown = data["measures"][:_MAX_LISTED]
        info.update(weight=data["weight"],
                    measures=[measure_label(base, m) if m in base else str(m) for m in shown])
        if len(data["measures"]) > len(shown):
            info["measures"].append(f"…（另有 {len(data['measures']) - len(shown)} 项 more）")
    return {k: v for k, v in info.items() if v is not None}


def vis_records(net: nx.Graph, base: nx.Graph, styles: Styles,
                positions: Mapping[Hashable, tuple[int, int]] | None, *, links: bool = True,
                facet_cache: FacetCache | None = None) -> VisRecords:
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
    positions : mapping or None
        Node -> (x, y) in pixels; None leaves ``x`` and ``y`` out (the page sets them).
    links : bool, default True
        Give agencies a link to their page and measures a link to their source text.
    facet_cache : dict, optional
        Kept for one ``base`` across pages, so an agency's documents and roles are worked
        out once however many pages show it.

    Returns
    -------
    VisRecords
    """
    ids = {node: i for i, node in enumerate(net)}
    clauses_of = {n: measure_clauses(net, n) for n, d in net.nodes(data=True) if d["kind"] == "measure"}
    documents_too = _few_documents(net, base, facet_cache)
    nodes: list[dict[str, Any]] = []
    categories: set[str] = set()
    for node, attrs in net.nodes(data=True):
        category = node_category(attrs)
        categories.add(category)
        record: dict[str, Any] = {
            "id": ids[node], "label": _node_label(net, node), "group": category,
            "info": _node_info(net, node, links, clauses_of.get(node)),
            "facets": _node_facets(net, base, node, facet_cache, documents_too),
        }
        if positions is not None:
            record["x"], record["y"] = positions[node]
        if styles.nodes[category]["shape"] not in ("box", "ellipse"):
            record["size"] = _node_size(attrs)
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
        clauses = clauses_of.get(u) or clauses_of.get(v)
        record = {"id": i, "from": ids[u], "to": ids[v], "width": width, "dashes": style["dashes"],
                  "color": {"color": style["color"]}, "info": _edge_info(base, data, key, clauses),
                  "facets": {}}
        if "length" in style:
            record["length"] = style["length"]
        if data.get("relation") == "responsible":
            record["facets"]["role"] = [data["role"]]
        if data.get("measures") and documents_too:
            record["facets"]["document"] = sorted({base.nodes[m]["document"] for m in data["measures"]
                                                   if m in base})
        edges.append(record)
    choices = _facet_choices(net, [*nodes, *edges], styles)
    _shorten_documents(choices, [*nodes, *edges])
    return VisRecords(nodes, edges, choices, categories, edge_keys, _groups(styles, categories),
                      _labels(styles, categories, edge_keys))


def _groups(styles: Styles, categories: set[str]) -> dict[str, dict[str, Any]]:
    """vis-network node groups, one per category: what every node of it looks like."""
    groups = {}
    for category in sorted(categories):
        style = styles.nodes[category]
        group: dict[str, Any] = {
            "shape": style["shape"],
            "color": {"background": style["color"], "border": "#55606e",
                      "highlight": {"background": style["color"], "border": "#000000"}},
            "font": {"color": style["font"], "size": 12 if category.startswith("measure") else 14},
        }
        if category.startswith("measure"):
            group["widthConstraint"] = {"maximum": 140}
        groups[category] = group
    return groups


def _labels(styles: Styles, categories: set[str], edge_keys: set[str]) -> dict[str, dict[str, list[str]]]:
    """The bilingual names the page's tooltips use, once per page instead of once per node."""
    def pair(entry: Mapping[str, str]) -> list[str]:
        return [entry["label_zh"], entry["label_en"]]

    return {"category": {c: pair(styles.nodes[c]) for c in sorted(categories)},
            "level": {k: pair(v) for k, v in styles.levels.items()},
            "relation": {k: pair(styles.edges[k]) for k in sorted(edge_keys)}}


def _shorten_documents(choices: dict[str, list[tuple[str, str]]], records: list[dict[str, Any]]) -> None:
    """Name documents in facets by a short key of the page (``d1``, ``d2`` …), not by their IRI.

    An agency of a large corpus is in hundreds of documents; its IRIs would be most of the
    page. The filter compares values only, so page-local keys do the same job.
    """
    keys = {iri: f"d{i}" for i, (iri, _) in enumerate(choices["document"], start=1)}
    choices["document"] = [(keys[iri], label) for iri, label in choices["document"]]
    for record in records:
        documents = record["facets"].get("document")
        if documents:
            record["facets"]["document"] = [keys[d] for d in documents]


def _facet_choices(net: nx.Graph, records: list[dict[str, Any]],
                   styles: Styles) -> dict[str, list[tuple[str, str]]]:
    present: dict[str, set[str]] = {"document": set(), "level": set(), "role": set()}
    for record in records:
        for facet, values in record["facets"].items():
            present[facet].update(values)
    docs = net.graph.get("documents", {})
    doc_order = sorted(present["document"], key=lambda d: (docs.get(d, {}).get("issued") or "",
                                                           _doc_label(net, d) or "", d))
    return {
        "document": [(d, _doc_label(net, d) or d) for d in doc_order],
        "level": [(k, f"{v['label_zh']} {v['label_en']}") for k, v in styles.levels.items()
                  if k in present["level"]],
        "role": [(r, f"{styles.edges[r]['label_zh']} {r}") for r in ROLES if r in present["role"]],
    }
