"""Write the browsable site: an index with sortable tables and one source-text page per document.

``DIR/site/index.html`` links the network views and lists documents, measures and
agencies in tables a reader can sort and filter (plain JavaScript from ``DIR/assets/``,
no CDN).
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

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, StrictUndefined

from graph.control_characters import template_finalize
from graph.projection import ROLES, Source, measure_agency_graph, measure_concepts
from graph.site.source_text import TextPart, marked_parts
from graph.views.assets import PageAssets
from graph.views.names import ALIGNMENT_INDEX, agency_page, document_page
from graph.views.page_folder import write_page_folder
from graph.views.style import Styles, load_styles, node_category

__all__ = ["LIST_MEASURES_UP_TO", "document_site_pages", "site_index_page", "site_templates", "write_site"]

LIST_MEASURES_UP_TO = 5000
"""The site's index lists every measure up to this many; above, each document's page does."""


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


def _measure_records(net: nx.Graph, concepts: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
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
            "search": _measure_search_text(net, listed, concepts.get(node, ())),
        })
    return records


def _measure_search_text(net: nx.Graph, listed: Sequence[tuple[Any, Any, dict[str, Any]]],
                         concepts: Sequence[str]) -> str:
    """What the measures filter matches beyond a row's text: agencies' other names, clauses, concepts."""
    words: list[str] = []
    for _, agency, data in listed:
        attrs = net.nodes[agency]
        words.extend(w for w in (attrs["label_en"], *(attrs.get("aliases") or "").split("|")) if w)
        if data.get("clause"):
            words.append(data["clause"])
    words.extend(concepts)
    return " ".join(dict.fromkeys(words))


def _agency_records(net: nx.Graph, styles: Styles) -> list[dict[str, Any]]:
    records = []
    for _, attrs in net.nodes(data=True):
        if attrs["kind"] != "agency":
            continue
        level = styles.levels.get(attrs["level"] or "none", styles.levels["none"])
        category = styles.nodes[node_category(attrs)]
        records.append({
            "label_zh": attrs["label_zh"], "label_en": attrs["label_en"], "resolved": attrs["resolved"],
            "aliases": " ".join((attrs.get("aliases") or "").split("|")),
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


@functools.cache
def site_templates() -> Environment:
    """The site's templates, autoescaped, control characters made visible (loaded once per process)."""
    return Environment(loader=PackageLoader("graph", "templates"), autoescape=True,
                       undefined=StrictUndefined, keep_trailing_newline=True, finalize=template_finalize)


def document_site_pages(net: nx.Graph, *, sources: Mapping[str, str] | None = None,
                        views_href: str = "../views/", assets: PageAssets | None = None) -> dict[str, str]:
    """The source-text page of every document of a projection; file name -> HTML.

    Parameters
    ----------
    net : networkx.Graph
        A :func:`~graph.projection.measure_agency_graph`; a document's page depends on
        its own measures and agencies only (and on the title of the document it
        transmits), so the graph of one file gives the same pages as the whole corpus's.
    sources : mapping of str to str, optional
        Decoded source text by ``tkg:SourceFile`` IRI; without it a page shows its
        measures' texts instead of the whole document.
    views_href : str, default "../views/"
        Where the network views are, relative to the site.
    assets : PageAssets, optional
        The shipped ones by default.

    Returns
    -------
    dict of str to str
    """
    sources = sources or {}
    assets = assets or PageAssets.packaged()
    template = site_templates().get_template("site_document.html")
    by_document: dict[str, list[dict[str, Any]]] = {}
    for m in _measure_records(net, {}):
        by_document.setdefault(m["iri"], []).append(m)
    pages = {}
    for doc in _doc_records(net):
        own = by_document.get(doc["iri"], [])
        parts, has_source = _document_parts(doc, own, sources)
        pages[doc["page"]] = template.render(assets=assets, doc=doc, measures=own, parts=parts,
                                             has_source=has_source, views_href=views_href)
    return pages


def site_index_page(net: nx.Graph, *, views_href: str = "../views/", assets: PageAssets | None = None,
                    list_measures_up_to: int = LIST_MEASURES_UP_TO,
                    concepts: Mapping[str, Sequence[str]] | None = None,
                    alignment_href: str | None = None) -> str:
    """The site's index: documents, measures and agencies in sortable tables.

    Above ``list_measures_up_to`` measures the index lists documents and agencies only
    (each document's page lists its measures), so the page stays a few megabytes. The
    measures filter also matches the agencies' English and other names, the clauses and
    the labels of the concepts in ``concepts`` (measure IRI -> labels, see
    :func:`graph.projection.measure_concepts`). ``alignment_href``, when given, links the
    list of side-by-side alignment pages.
    """
    measures = _measure_records(net, concepts or {})
    return site_templates().get_template("site_index.html").render(
        assets=assets or PageAssets.packaged(), documents=_doc_records(net),
        measures=measures if len(measures) <= list_measures_up_to else [], measure_count=len(measures),
        agencies=_agency_records(net, load_styles()), views_href=views_href, alignment_href=alignment_href)


def write_site(g: Source, out: Path, *, sources: Mapping[str, str] | None = None,
               views_href: str = "../views/",
               document_pages: Mapping[str, str] | None = None,
               base: nx.Graph | None = None, written: Iterable[str] = ()) -> dict[str, Path]:
    """Write the site's index and document pages.

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        The RDF graph (see :func:`graph.projection.read_graph`).
    out : Path
        Directory to write into (created if needed), usually ``OUT/site``; pages of an
        earlier build that this one does not make are removed.
    sources : mapping of str to str, optional
        Decoded source text by ``tkg:SourceFile`` IRI (see
        :func:`graph.site.source_text.source_texts`). Without it a document page shows
        its measures' texts instead of the whole document.
    views_href : str, default "../views/"
        Where the network views are, relative to the site.
    document_pages : mapping of str to str, optional
        The document pages, file name -> HTML, already made (a build renders each file's
        with :func:`document_site_pages`); by default they are rendered from ``g``.
    base : networkx.Graph, optional
        ``g``'s :func:`~graph.projection.measure_agency_graph`, when already made.
    written : iterable of str
        Names of the pages a build has already written into ``out`` (document and
        alignment pages): kept; the index links the alignment list when it is among them.

    Returns
    -------
    dict of str to Path
        File name -> path of every page written. The same inputs give the same bytes.
    """
    assets = PageAssets.packaged()
    assets.write(out.parent)
    net = base if base is not None else measure_agency_graph(g)
    listed = sum(1 for _, kind in net.nodes(data="kind") if kind == "measure") <= LIST_MEASURES_UP_TO
    written = set(written)
    aligned = ALIGNMENT_INDEX if ALIGNMENT_INDEX in written else None
    pages = {"index.html": site_index_page(net, views_href=views_href, assets=assets,
                                           concepts=measure_concepts(g) if listed else None,
                                           alignment_href=aligned)}
    if document_pages is None:
        pages.update(document_site_pages(net, sources=sources, views_href=views_href, assets=assets))
    else:
        pages.update(document_pages)
    return write_page_folder(out, pages, keep=written)
