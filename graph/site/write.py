"""Write the browsable site: an index with sortable tables and one source-text page per document.

``DIR/site/index.html`` links the network views and lists documents, measures and
agencies in tables a reader can sort and filter (plain JavaScript, inlined: no CDN).
Every measure links to ``doc-<slug>.html#m-<number>``, where the document's text is
shown with each measure's span marked.

Examples
--------
>>> from graph.projection import read_graph
>>> written = write_site(read_graph(SEED_OUT), SEED_OUT / "site-doctest")
>>> sorted(written)
['doc-2021-6-dcce3c.html', 'doc-2021-7e7597.html', 'doc-2021-85-271f46.html', 'index.html']
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import networkx as nx
import rdflib
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from graph.projection import ROLES, measure_agency_graph
from graph.site.source_text import TextPart, marked_parts
from graph.views.names import agency_page, document_page
from graph.views.style import Styles, load_styles, node_category

__all__ = ["SiteAssets", "write_site"]


@dataclass(frozen=True, slots=True)
class SiteAssets:
    """The script and CSS every site page inlines."""

    js: Markup
    css: Markup

    @classmethod
    def packaged(cls) -> SiteAssets:
        """``graph/static/sortable.js`` and ``site.css``."""
        static = files("graph").joinpath("static")
        return cls(Markup(static.joinpath("sortable.js").read_text(encoding="utf-8")),
                   Markup(static.joinpath("site.css").read_text(encoding="utf-8")))

    @property
    def script_hashes(self) -> str:
        """CSP source allowing exactly the inlined script."""
        digest = base64.b64encode(hashlib.sha256(self.js.encode("utf-8")).digest()).decode("ascii")
        return f"'sha256-{digest}'"


def _number_sort(number: str | None) -> str:
    """A sort key string that orders 2 before 10 and 2.3 before 2.10."""
    return ".".join(p.zfill(6) if p.isdigit() else p for p in (number or "").split("."))


def _doc_records(net: nx.Graph) -> list[dict[str, Any]]:
    docs = net.graph["documents"]
    counts: dict[str, int] = {}
    for _, attrs in net.nodes(data=True):
        if attrs["kind"] == "measure":
            counts[attrs["document"]] = counts.get(attrs["document"], 0) + 1
    records = []
    def order(item: tuple[str, dict[str, Any]]) -> tuple[str, str, str]:
        return (item[1]["issued"] or "", item[1]["label_zh"] or "", item[0])

    for iri, d in sorted(docs.items(), key=order):
        note = None
        if d.get("transmits") in docs:
            note = f"印发通知，印发《{docs[d['transmits']]['title']}》 transmittal notice"
        elif d.get("transmitted_by") in docs:
            note = f"由 {docs[d['transmitted_by']]['label_zh']} 印发 transmitted by"
        label = d["label_zh"] or iri
        records.append({
            "iri": iri, "label": label, "identifier": d["identifier"], "title": d["title"] or label,
            "issued": d["issued"], "jurisdiction": d["jurisdiction_label"], "measures": counts.get(iri, 0),
            "view": document_page(iri, d["label_zh"]) if counts.get(iri) else None,
            "page": document_page(iri, d["label_zh"]), "note": note, "source_file": d.get("source_file"),
            "source_name": d["source_name"], "start": d.get("start"), "end": d.get("end"),
        })
    return records


def _measure_records(net: nx.Graph) -> list[dict[str, Any]]:
    docs = net.graph["documents"]
    order = {iri: i for i, iri in enumerate(sorted(docs, key=lambda k: (docs[k]["issued"] or "", k)))}
    records = []
    for node, attrs in net.nodes(data=True):
        if attrs["kind"] != "measure":
            continue
        listed = sorted(net.edges(node, data=True),
                        key=lambda e: (ROLES.index(e[2]["role"]) if e[2]["role"] in ROLES else 9,
                                       e[2]["clause_index"] or 0, e[2]["rank"] or 0))
        doc = docs[attrs["document"]]
        records.append({
            "document": doc["label_zh"], "doc_sort": f"{order[attrs['document']]:04d}",
            "number": attrs["number"], "sort": _number_sort(attrs["number"]), "title": attrs["title"],
            "leads": [net.nodes[a]["label_zh"] for _, a, d in listed if d["role"] == "lead"],
            "agencies": [net.nodes[a]["label_zh"] for _, a, _ in listed],
            "href": f"{document_page(attrs['document'], doc['label_zh'])}#m-{attrs['number']}",
            "text": attrs["text"], "start": attrs["start"], "end": attrs["end"],
            "source_file": attrs["source_file"], "iri": attrs["document"],
        })
    return records


def _agency_records(net: nx.Graph, styles: Styles) -> list[dict[str, Any]]:
    records = []
    for _, attrs in net.nodes(data=True):
        if attrs["kind"] != "agency":
            continue
        level = styles.levels.get(attrs["level"] or "none", styles.levels["none"])
        category = styles.nodes[node_category(attrs)]
        records.append({
            "label_zh": attrs["label_zh"], "label_en": attrs["label_en"], "resolved": attrs["resolved"],
            "level": f"{level['label_zh']} {level['label_en']}",
            "type": f"{category['label_zh']} {category['label_en']}",
            "measures": attrs["measures"], "measures_led": attrs["measures_led"],
            "page": agency_page(attrs["key"]) if attrs["key"] else None,
        })
    return sorted(records, key=lambda r: (-r["measures_led"], -r["measures"], r["label_zh"] or ""))


def _document_parts(doc: dict[str, Any], measures: list[dict[str, Any]],
                    sources: Mapping[str, str]) -> tuple[list[TextPart], bool]:
    text = sources.get(doc["source_file"] or "")
    spans = [(m["start"], m["end"], m["number"], m["title"]) for m in measures
             if m["start"] is not None and m["source_file"] == doc["source_file"]]
    if text is not None:
        return marked_parts(text, spans, start=doc["start"] or 0, end=doc["end"]), True
    parts: list[TextPart] = []
    for m in measures:
        parts += [TextPart(m["text"] or m["title"] or "", f"m-{m['number']}", m["number"], m["title"]),
                  TextPart("\n\n")]
    return parts, False


def write_site(g: rdflib.Graph, out: Path, *, sources: Mapping[str, str] | None = None,
               views_href: str = "../views/") -> dict[str, Path]:
    """Write the site's index and document pages.

    Parameters
    ----------
    g : rdflib.Graph
        The RDF graph (see :func:`graph.projection.read_graph`).
    out : Path
        Directory to write into (created if needed), usually ``OUT/site``.
    sources : mapping of str to str, optional
        Decoded source text by ``tkg:SourceFile`` IRI (see
        :func:`graph.site.source_text.source_texts`). Without it a document page shows
        its measures' texts instead of the whole document.
    views_href : str, default "../views/"
        Where the network views are, relative to the site.

    Returns
    -------
    dict of str to Path
        File name -> path of every page written. The same inputs give the same bytes.
    """
    sources = sources or {}
    styles = load_styles()
    env = Environment(loader=PackageLoader("graph", "templates"), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    assets = SiteAssets.packaged()
    net = measure_agency_graph(g)
    documents = _doc_records(net)
    measures = _measure_records(net)
    pages = {"index.html": env.get_template("site_index.html").render(
        assets=assets, documents=documents, measures=measures,
        agencies=_agency_records(net, styles), views_href=views_href)}
    template = env.get_template("site_document.html")
    for doc in documents:
        own = [m for m in measures if m["iri"] == doc["iri"]]
        parts, has_source = _document_parts(doc, own, sources)
        pages[doc["page"]] = template.render(assets=assets, doc=doc, measures=own, parts=parts,
                                             has_source=has_source, views_href=views_href)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in sorted(pages):
        (out / name).write_text(pages[name], encoding="utf-8")
        written[name] = out / name
    return written
