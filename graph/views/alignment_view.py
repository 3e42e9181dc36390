"""Side-by-side pages of aligned measures: a local plan's measures beside a higher-level document's.

One page per (local document, higher-level document) pair that has aligned measures
(:func:`graph.alignment.align_measures`), written into ``OUT/site/`` with the site's
template and assets (``site_base.html``, ``OUT/assets/site.css``): no script, nothing
fetched, text autoescaped and its control characters made visible. Each aligned measure
links to its counterpart on the other side; a link's ``title`` (shown on hover) gives the
evidence: score, shared concepts, shared agencies and the best-matching phrase.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.alignment.pairs import AlignedPair
from graph.site.write import site_templates
from graph.views.assets import PageAssets
from graph.views.names import document_slug
from loaders.triples import document_iri

__all__ = ["AlignedDocument", "alignment_page_name", "alignment_pages"]


@dataclass(frozen=True, slots=True)
class AlignedDocument:
    """What a side-by-side page shows of one document: its label and measures (number, title)."""

    doc_id: str
    label: str
    measures: tuple[tuple[str, str], ...]


def alignment_page_name(local: str, higher: str) -> str:
    """The file name of the side-by-side page of two documents, under ``site/``.

    Examples
    --------
    >>> alignment_page_name("渝", "国").startswith("align-")
    True
    """
    return (f"align-{document_slug(str(document_iri(local)), None)}-"
            f"{document_slug(str(document_iri(higher)), None)}.html")


def _evidence(pair: AlignedPair, concept_labels: Mapping[str, str]) -> str:
    concepts = "、".join(concept_labels.get(c, c) for c in pair.shared_concepts) or "—"
    agencies = ", ".join(pair.shared_agencies) or "—"
    return (f"得分 score {pair.score} · 共同概念 concepts: {concepts} · "
            f"共同机构 agencies: {agencies} · 短语 phrase: {pair.phrase or '—'}")


def _side(document: AlignedDocument, links: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {"label": document.label,
            "measures": [{"number": n, "title": t, "links": links.get(n, [])} for n, t in document.measures]}


def alignment_pages(pairs: Sequence[AlignedPair], documents: Mapping[str, AlignedDocument],
                    concept_labels: Mapping[str, str], *, assets: PageAssets | None = None) -> dict[str, str]:
    """The side-by-side pages of ``pairs``; file name -> HTML, in name order.

    Parameters
    ----------
    pairs : sequence of AlignedPair
        As :func:`graph.alignment.align_measures` gives them.
    documents : mapping of str to AlignedDocument
        Every document the pairs name, by identifier.
    concept_labels : mapping of str to str
        Each concept IRI's preferred label, for the evidence.
    assets : PageAssets, optional
        The shipped ones by default.

    Examples
    --------
    >>> pair = AlignedPair("渝", "1", "国", "2", 0.4, (), ("cn.gacc",), "<b>两步申报</b>")
    >>> docs = {"渝": AlignedDocument("渝", "重庆方案", (("1", "推进改革"),)),
    ...         "国": AlignedDocument("国", "全国通知", (("1", "甲"), ("2", "乙")))}
    >>> [html] = alignment_pages([pair], docs, {}).values()
    >>> 'href="#h-2"' in html, "&lt;b&gt;两步申报" in html, "<b>两步申报" in html
    (True, True, False)
    """
    assets = assets or PageAssets.packaged()
    grouped: dict[tuple[str, str], list[AlignedPair]] = defaultdict(list)
    for pair in pairs:
        grouped[(pair.doc_id, pair.aligned_doc_id)].append(pair)
    template = site_templates().get_template("site_alignment.html")
    pages = {}
    for (local_id, higher_id), found in sorted(grouped.items()):
        local_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        higher_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in found:
            evidence = _evidence(p, concept_labels)
            local_links[p.measure_number].append(
                {"number": p.aligned_measure_number, "score": p.score, "evidence": evidence})
            higher_links[p.aligned_measure_number].append(
                {"number": p.measure_number, "score": p.score, "evidence": evidence})
        pages[alignment_page_name(local_id, higher_id)] = template.render(
            assets=assets, pairs=len(found), local=_side(documents[local_id], local_links),
            higher=_side(documents[higher_id], higher_links))
    return dict(sorted(pages.items()))
