r"""Render one projection as a self-contained pyvis page: no CDN, no request, escaped data.

pyvis' own templates fetch Bootstrap and vis-network from CDNs and do not escape what
they insert. :class:`ViewRenderer` gives pyvis the project's template
(``graph/templates/network.html``) in a Jinja2 environment with autoescape on, and hands
it vis-network's JavaScript and CSS (shipped inside the pyvis package) to inline. Node
and edge data travel as JSON in a ``<script type="application/json">`` block (``tojson``
escapes ``<``, ``>``, ``&`` and ``'``), and the page's script writes document text with
``textContent`` only. A Content-Security-Policy allows only the page's own scripts (by
hash) and no connection at all, so markup that slipped into a document still cannot run.

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
>>> "https://" in html.split("<script>", 1)[0]
False
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup
from pyvis.network import Network

from graph.views.layout import positions as layout_positions
from graph.views.style import Styles, legend, load_styles
from graph.views.vis_data import vis_records

__all__ = ["PHYSICS_LIMIT", "VIS_VERSION", "Assets", "Page", "ViewRenderer"]

VIS_VERSION = "9.1.2"
"""The vis-network build inlined from the pyvis package (``pyvis/lib/vis-9.1.2/``)."""

PHYSICS_LIMIT = 300
"""Above this many nodes a page draws the precomputed layout as is, with physics off."""

_FACET_LABELS = (("document", "文件 Document"), ("level", "级别 Level"), ("role", "角色 Role"))


@dataclass(frozen=True, slots=True)
class Assets:
    """The JavaScript and CSS a page inlines, read once per renderer."""

    vis_js: Markup
    vis_css: Markup
    app_js: Markup
    app_css: Markup

    @classmethod
    def packaged(cls) -> Assets:
        """vis-network from the pyvis package; the view script and CSS from ``graph/static``."""
        vis = files("pyvis").joinpath(f"lib/vis-{VIS_VERSION}")
        static = files("graph").joinpath("static")
        return cls(
            vis_js=_inline_script(vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")),
            vis_css=_inline_style(_drop_unused_rules(vis.joinpath("vis-network.css").read_text(encoding="utf-8"))),
            app_js=_inline_script(static.joinpath("network.js").read_text(encoding="utf-8")),
            app_css=_inline_style(static.joinpath("network.css").read_text(encoding="utf-8")),
        )

    @property
    def script_hashes(self) -> str:
        """CSP source list allowing exactly the two inlined scripts."""
        return " ".join(f"'sha256-{_sha256(s)}'" for s in (self.vis_js, self.app_js))


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _inline_script(source: str) -> Markup:
    """Packaged JavaScript made safe to inline: no source-map fetch, no early ``</script``."""
    source = re.sub(r"//[#@] sourceMappingURL=\S*", "", source)
    return Markup(re.sub(r"</(script)", r"<\\/\1", source, flags=re.IGNORECASE))


_UNUSED_VIS_UI = re.compile(r"vis-(navigation|manipulation|edit-mode|configuration|color-picker|close)")


def _drop_unused_rules(css: str) -> str:
    """vis-network's CSS without the rules of the UIs the views switch off.

    Manipulation, navigation buttons, the configurator and the colour picker are never
    enabled; their rules carry ~195 KB of base64 icons that every page would repeat.

    Examples
    --------
    >>> _drop_unused_rules(".vis-overlay{top:0}div.vis-manipulation{height:28px}")
    '.vis-overlay{top:0}'
    """
    rules = re.findall(r"[^{}]+\{[^{}]*\}", css)
    if "".join(rules) != css.strip():  # not the flat stylesheet we know: keep it whole
        return css
    return "".join(r for r in rules if not _UNUSED_VIS_UI.search(r))


def _inline_style(source: str) -> Markup:
    source = re.sub(r"/\*[#@] sourceMappingURL=[^*]*\*/", "", source)
    return Markup(re.sub(r"</(style)", r"<\\/\1", source, flags=re.IGNORECASE))


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
    """

    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    nav: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class ViewRenderer:
    """Renders projections to HTML with pyvis and the project's template.

    Parameters
    ----------
    styles : Styles
        Colours and shapes (:func:`~graph.views.style.load_styles`).
    assets : Assets
        The scripts and CSS to inline.
    """

    def __init__(self, styles: Styles, assets: Assets) -> None:
        self.styles = styles
        self.assets = assets
        self.environment = Environment(loader=PackageLoader("graph", "templates"), autoescape=True,
                                       undefined=StrictUndefined, keep_trailing_newline=True)
        self.environment.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}

    @classmethod
    def default(cls) -> ViewRenderer:
        """A renderer with the shipped styles and assets."""
        return cls(load_styles(), Assets.packaged())

    def render(self, net: nx.Graph, base: nx.Graph, page: Page, *,
               positions: Mapping[Hashable, tuple[int, int]] | None = None, links: bool = True) -> str:
        """Render a projection as one self-contained HTML page.

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
        pos = positions if positions is not None else layout_positions(net)
        records = vis_records(net, base, self.styles, pos, links=links)
        pyvis_net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
        for record in records.nodes:
            options = dict(record)
            node_id, label, shape, color = (options.pop(k) for k in ("id", "label", "shape", "color"))
            pyvis_net.add_node(node_id, label=label, shape=shape, color=color, **options)
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
            "nodes": {"borderWidth": 1, "font": {"face": "sans-serif"}},
            "edges": {"smooth": False, "selectionWidth": 2},
        }
        return {
            "title_zh": page.title_zh, "title_en": page.title_en,
            "description_zh": page.description_zh, "description_en": page.description_en,
            "nav": page.nav, "notes": page.notes, "options": options,
            "legend": legend(self.styles, records.categories, records.edge_keys),
            "facets": records.facets, "facet_labels": _FACET_LABELS,
            "assets": self.assets, "script_hashes": self.assets.script_hashes,
        }
