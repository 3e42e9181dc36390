"""Side-by-side pages of aligned measures: a local plan's measures beside a higher-level document's.

One page per (local document, higher-level document) pair with at least ``min_pairs``
aligned measures (:func:`graph.alignment.align_measures`; ``[pages] min_pairs`` in
``ontology/alignment.toml``), and ``alignment.html`` listing them, written into
``OUT/site/`` with the site's
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
from graph.views.names import ALIGNMENT_INDEX, document_slug
from loaders.triples import document_iri

__all__ = ["ALIGNMENT_INDEX", "AlignedDocument", "alignment_page_name", "alignment_pages"]


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
                    concept_labels: Mapping[str, str], *, min_pairs: int = 1,
                    assets: PageAssets | None = None) -> dict[str, str]:
    """The side-by-side pages of ``pairs`` and their list; file name -> HTML, in name order.

    Parameters
    ----------
    pairs : sequence of AlignedPair
        As :func:`graph.alignment.align_measures` gives them.
    documents : mapping of str to AlignedDocument
        Every document the pairs name, by identifier.
    concept_labels : mapping of str to str
        Each concept IRI's preferred label, for the evidence.
    min_pairs : int, default 1
        Two documents get a page when at least this many of their measures align; the
        list (:data:`ALIGNMENT_INDEX`, written when there are pairs) counts the others.
    assets : PageAssets, optional
        The shipped ones by default.

    Examples
    --------
    >>> pair = AlignedPair("渝", "1", "国", "2", 0.4, (), ("cn.gacc",), "<b>两步申报</b>")
    >>> docs = {"渝": AlignedDocument("渝", "重庆方案", (("1", "推进改革"),)),
    ...         "国": AlignedDocument("国", "全国通知", (("1", "甲"), ("2", "乙")))}
    >>> pages = alignment_pages([pair], docs, {})
    >>> side = pages[alignment_page_name("渝", "国")]
    >>> 'href="#h-2"' in side, "&lt;b&gt;两步申报" in side, "<b>两步申报" in side
    (True, True, False)
    >>> sorted(alignment_pages([pair], docs, {}, min_pairs=2))
    ['alignment.html']
    """
    assets = assets or PageAssets.packaged()
    grouped: dict[tuple[str, str], list[AlignedPair]] = defaultdict(list)
    for pair in pairs:
        grouped[(pair.doc_id, pair.aligned_doc_id)].append(pair)
    if not grouped:
        return {}
    templates = site_templates()
    template = templates.get_template("site_alignment.html")
    pages = {}
    listed: list[dict[str, Any]] = []
    for (local_id, higher_id), found in sorted(grouped.items()):
        if len(found) < min_pairs:
            continue
        local_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        higher_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for p in found:
            evidence = _evidence(p, concept_labels)
            local_links[p.measure_number].append(
                {"number": p.aligned_measure_number, "score": p.score, "evidence": evidence})
            higher_links[p.aligned_measure_number].append(
                {"number": p.measure_number, "score": p.score, "evidence": evidence})
        name = alignment_page_name(local_id, higher_id)
        pages[name] = template.render(
            assets=assets, pairs=len(found), local=_side(documents[local_id], local_links),
            higher=_side(documents[higher_id], higher_links))
        listed.append({"page": name, "local": documents[local_id].label,
                       "higher": documents[higher_id].label, "pairs": len(found),
                       "best": max(p.score for p in found)})
    listed.sort(key=lambda row: (-row["pairs"], row["local"], row["higher"]))
    pages[ALIGNMENT_INDEX] = templates.get_template("site_alignment_index.html").render(
        assets=assets, listed=listed, pairs=len(pairs), document_pairs=len(grouped), min_pairs=min_pairs)
    return dict(sorted(pages.items()))
