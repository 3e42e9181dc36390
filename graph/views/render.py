r"""Render one projection as a pyvis page that works offline: no CDN, no request, escaped data.

pyvis' own templates fetch Bootstrap and vis-network from CDNs and do not escape what
they insert. :class:`ViewRenderer` gives pyvis the project's template
(``graph/templates/network.html``) in a Jinja2 environment with autoescape on; the page
links vis-network's JavaScript and CSS (shipped inside the pyvis package) and the views'
own script from ``OUT/assets/`` (:mod:`graph.views.assets`), written once per output
folder. Node and edge data travel as JSON in a ``<script type="application/json">``
block (``tojson`` escapes ``<``, ``>``, ``&`` and ``'``), and the page's script writes
document text with ``textContent`` only. A Content-Security-Policy allows scripts from
the output folder only (``'self'``) and no connection at all, so markup that slipped into
a document still cannot run. No control character is written raw (``finalize`` is
:func:`graph.control_characters.template_finalize`).

Examples
--------
>>> import networkx as nx
>>> renderer = ViewRenderer.default()
>>> from graph.projection import NODE_ATTRIBUTES
>>> net = nx.Graph(documents={}, sections={})
>>> net.add_node("a", **{**dict.fromkeys(NODE_ATTRIBUTES), "kind": "concept",
...              "label_zh": "<script>alert(1)</script>", "measures": 0, "measures_led": 0})
>>> html = renderer.render(net, net, Page("测试", "Test", "说明", "About"))
>>> "<script>alert(1)</script>" in html, "\\u003cscript\\u003ealert(1)" in html
(False, True)
>>> html == renderer.render(net, net, Page("测试", "Test", "说明", "About"))
True
>>> "https://" in html, 'src="../assets/vis-network.min.js"' in html
(False, True)
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from pyvis.network import Network

from graph.control_characters import template_finalize
from graph.views.assets import PageAssets
from graph.views.layout import positions as layout_positions
from graph.views.page_memo import PageMemo
from graph.views.style import Styles, legend, load_styles
from graph.views.vis_data import FacetCache, VisRecords, vis_records

__all__ = ["PHYSICS_LIMIT", "Page", "ViewRenderer"]

PHYSICS_LIMIT = 300
"""Above this many nodes a page draws the precomputed layout as is, with physics off."""

LABEL_DRAW_THRESHOLD = 9
"""On a page with ``label_scaling``, labels smaller than this many screen pixels are not drawn."""

_FACET_LABELS = (("document", "文件 Document"), ("level", "级别 Level"), ("role", "角色 Role"))


@dataclass(slots=True)
class Page:
    """What a view says about itself: title, description, links, notes.

    Parameters
    ----------
    title_zh, title_en : str
        The page title in Chinese and English.
    description_zh, description_en : str
        One sentence on what the view shows.
    nav : list of (href, label)
        Links shown under the title (relative).
    notes : list of str
        Extra lines under the legend (e.g. that measures were aggregated).
    label_scaling : bool, default False
        Size the labels of agencies and concepts by their number of links, and draw
        measure labels only once zoomed in (the concept map, whose measures would
        otherwise hide the concepts at the zoom that fits the page).
    """

    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    nav: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    label_scaling: bool = False


class ViewRenderer:
    """Renders projections to HTML with pyvis and the project's template.

    Parameters
    ----------
    styles : Styles
        Colours and shapes (:func:`~graph.views.style.load_styles`).
    assets : PageAssets
        The scripts and CSS pages link (written once per output folder).
    """

    def __init__(self, styles: Styles, assets: PageAssets) -> None:
        self.styles = styles
        self.assets = assets
        self.environment = Environment(loader=PackageLoader("graph", "templates"), autoescape=True,
                                       undefined=StrictUndefined, keep_trailing_newline=True,
                                       finalize=template_finalize)
        self.environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False,
                                                          "separators": (",", ":")}
        self._facet_caches: weakref.WeakKeyDictionary[nx.Graph, FacetCache] = weakref.WeakKeyDictionary()

    @classmethod
    def default(cls) -> ViewRenderer:
        """A renderer with the shipped styles and assets."""
        return cls(load_styles(), PageAssets.packaged())

    def render(self, net: nx.Graph, base: nx.Graph, page: Page, *,
               positions: Mapping[Hashable, tuple[int, int]] | None = None, links: bool = True) -> str:
        """Render a projection as one HTML page.

        Parameters
        ----------
        net : networkx.Graph
            The projection to draw.
        base : networkx.Graph
            The full measure–agency projection (for facets and measure names).
        page : Page
            Title, description and links.
        positions : mapping, optional
            Node -> (x, y); by default a seeded force-directed layout.
        links : bool, default True
            Link agencies to their pages and measures to their source text.

        Returns
        -------
        str
            The page; the same inputs give the same string.
        """
        records = vis_records(net, base, self.styles, None, links=links, facet_cache=self._facets(base))
        return self._html(net, page, records, positions)

    def render_kept(self, net: nx.Graph, base: nx.Graph, page: Page, *, name: str,
                    memo: PageMemo | None) -> str:
        """:meth:`render`, or the previous build's page ``name`` when nothing it draws changed.

        Parameters
        ----------
        net, base, page
            As for :meth:`render`.
        name : str
            The page's file name in its folder.
        memo : PageMemo or None
            The previous pages of the folder; None renders anew.
        """
        records = vis_records(net, base, self.styles, None, facet_cache=self._facets(base))
        if memo is None:
            return self._html(net, page, records, None)
        return memo.page(name, self._fingerprint(net, page, records),
                         lambda: self._html(net, page, records, None))

    def fingerprint(self, net: nx.Graph, base: nx.Graph, page: Page, *, links: bool = True) -> str:
        """A digest of everything :meth:`render` draws, positions aside (they follow from it).

        Two calls give the same digest exactly when :meth:`render` would give the same
        page, so a build can keep a page of the previous build instead of laying it out
        again.

        Examples
        --------
        >>> from graph.projection import NODE_ATTRIBUTES
        >>> net = nx.Graph(documents={}, sections={})
        >>> net.add_node("a", **{**dict.fromkeys(NODE_ATTRIBUTES), "kind": "concept", "label_zh": "甲",
        ...              "measures": 0, "measures_led": 0})
        >>> r, page = ViewRenderer.default(), Page("t", "T", "d", "D")
        >>> r.fingerprint(net, net, page) == r.fingerprint(net, net, Page("t", "T", "d", "D"))
        True
        >>> r.fingerprint(net, net, page) == r.fingerprint(net, net, Page("u", "T", "d", "D"))
        False
        """
        return self._fingerprint(net, page, vis_records(net, base, self.styles, None, links=links,
                                                         facet_cache=self._facets(base)))

    def _facets(self, base: nx.Graph) -> FacetCache:
        """The facet cache of one base projection, kept while the base lives."""
        found = self._facet_caches.get(base)
        if found is None:
            found = self._facet_caches[base] = {}
        return found

    def _fingerprint(self, net: nx.Graph, page: Page, records: VisRecords) -> str:
        edges = [(u, v, d.get("weight"), d.get("relation")) for u, v, d in net.edges(data=True)]
        payload = json.dumps([records.nodes, records.edges, records.facets, sorted(records.categories),
                              sorted(records.edge_keys), asdict(page), [list(net), edges]],
                             sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    def _html(self, net: nx.Graph, page: Page, records: VisRecords,
              positions: Mapping[Hashable, tuple[int, int]] | None) -> str:
        """The page of records laid out (by ``positions``, or a seeded force layout)."""
        # Up to PHYSICS_LIMIT nodes the browser's physics refines the layout: a rough one will do.
        rough = net.number_of_nodes() <= PHYSICS_LIMIT
        pos = positions if positions is not None else layout_positions(net, iterations=30 if rough else 80)
        pyvis_net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
        for node, record in zip(net, records.nodes, strict=True):
            options = dict(record)
            node_id, label = options.pop("id"), options.pop("label")
            options["x"], options["y"] = pos[node]
            pyvis_net.add_node(node_id, label=label, **options)
        for added in pyvis_net.nodes:  # pyvis sets a shape and colour on every node: the group's rule
            added.pop("shape", None)
            added.pop("color", None)
        for record in records.edges:
            options = dict(record)
            source, target = options.pop("from"), options.pop("to")
            pyvis_net.add_edge(source, target, arrows="", **options)
        # pyvis hands `heading` to the template untouched: it carries the page context.
        pyvis_net.heading = self._context(net, page, records)
        pyvis_net.templateEnv = self.environment
        pyvis_net.path = "network.html"
        return str(pyvis_net.generate_html(name="view.html"))

    def _context(self, net: nx.Graph, page: Page, records: Any) -> dict[str, Any]:
        n = net.number_of_nodes()
        physics = {"enabled": 0 < n <= PHYSICS_LIMIT, "solver": "barnesHut",
                   "barnesHut": {"gravitationalConstant": -9000, "centralGravity": 0.25,
                                 "springLength": 130, "springConstant": 0.03, "avoidOverlap": 0.8,
                                 "damping": 0.4},
                   "stabilization": {"enabled": True, "iterations": 250, "fit": True}}
        options = {
            "physics": physics,
            "layout": {"randomSeed": 1, "improvedLayout": False},
            "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": n > 500,
                            "navigationButtons": False, "keyboard": False},
            "nodes": {"borderWidth": 1, "font": {"face": "sans-serif"},
                      **({"scaling": {"label": {"drawThreshold": LABEL_DRAW_THRESHOLD}}}
                         if page.label_scaling else {})},
            "edges": {"smooth": False, "selectionWidth": 2,
                      "color": {"highlight": "#000000", "opacity": 0.85}},
            "groups": records.groups,
        }
        return {
            "title_zh": page.title_zh, "title_en": page.title_en,
            "description_zh": page.description_zh, "description_en": page.description_en,
            "nav": page.nav, "notes": page.notes, "options": options, "label_scaling": page.label_scaling,
            "legend": legend(self.styles, records.categories, records.edge_keys),
            "facets": records.facets, "facet_labels": _FACET_LABELS, "labels": records.labels,
            "assets": self.assets,
        }
