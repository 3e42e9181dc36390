"""How the views look: node categories, colours, edge styles and legends, from a data file.

The colours and labels live in ``graph/static/view_styles.json``; this module reads them
and decides which category a node falls in (an agency's type and level, a measure's
national or local document), so every view draws the same thing the same way.

Examples
--------
>>> styles = load_styles()
>>> node_category({"kind": "agency", "agency_type": "agency", "level": "national"})
'national'
>>> node_category({"kind": "measure", "level": "provincial"})
'measure_local'
>>> styles.nodes["national"]["color"]
'#1f5fa8'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

__all__ = ["LegendItem", "Styles", "edge_style_key", "legend", "load_styles", "node_category"]


@dataclass(frozen=True, slots=True)
class Styles:
    """The drawing rules of ``view_styles.json``: by node category, by edge relation or role."""

    nodes: dict[str, dict[str, Any]]
    edges: dict[str, dict[str, Any]]
    levels: dict[str, dict[str, str]]
    kinds: dict[str, dict[str, str]]


@dataclass(frozen=True, slots=True)
class LegendItem:
    """One line of a view's legend: a swatch and its bilingual label."""

    kind: str
    """``node`` or ``edge``."""
    key: str
    label_zh: str
    label_en: str
    color: str
    shape: str
    dashes: bool


def load_styles() -> Styles:
    """Read the shipped ``graph/static/view_styles.json``.

    Examples
    --------
    >>> sorted(load_styles().edges)[:3]
    ['concerns', 'contains', 'guide']
    """
    raw = json.loads(files("graph").joinpath("static/view_styles.json").read_text(encoding="utf-8"))
    return Styles(nodes=raw["nodes"], edges=raw["edges"], levels=raw["levels"], kinds=raw["kinds"])


def node_category(attrs: dict[str, Any]) -> str:
    """The legend category of a projection node.

    Agencies go by type first (enterprise, institution, collective actor), then by
    level; an agency with neither is ``unknown``. Measures are ``measure_national`` when
    their document speaks for the whole country, else ``measure_local``.

    Examples
    --------
    >>> node_category({"kind": "agency", "agency_type": "enterprise", "level": "national"})
    'enterprise'
    >>> node_category({"kind": "agency", "agency_type": "agency", "level": None})
    'unknown'
    >>> node_category({"kind": "concept"})
    'concept'
    """
    kind = attrs["kind"]
    if kind == "measure":
        return "measure_national" if attrs.get("level") == "national" else "measure_local"
    if kind != "agency":
        return str(kind)
    if attrs.get("agency_type") in ("enterprise", "institution", "collective"):
        return str(attrs["agency_type"])
    return str(attrs.get("level") or "unknown")


def edge_style_key(attrs: dict[str, Any]) -> str:
    """The style entry of an edge: its role for a responsibility, else its relation.

    Examples
    --------
    >>> edge_style_key({"relation": "responsible", "role": "lead"})
    'lead'
    >>> edge_style_key({"relation": "shares", "weight": 3})
    'shares'
    """
    if attrs.get("relation") == "responsible":
        return str(attrs.get("role") or "joint")
    return str(attrs.get("relation"))


def legend(styles: Styles, categories: Iterable[str], edge_keys: Iterable[str]) -> list[LegendItem]:
    """Legend lines for the node categories and edge styles a view uses, in style-file order.

    Examples
    --------
    >>> [i.label_en for i in legend(load_styles(), {"national", "collective"}, {"lead"})]
    ['national agency', 'collective actor', 'lead']
    """
    wanted_nodes, wanted_edges = set(categories), set(edge_keys)
    items = [LegendItem("node", k, v["label_zh"], v["label_en"], v["color"], v["shape"], False)
             for k, v in styles.nodes.items() if k in wanted_nodes]
    items += [LegendItem("edge", k, v["label_zh"], v["label_en"], v["color"], "line", bool(v["dashes"]))
              for k, v in styles.edges.items() if k in wanted_edges]
    return items
