"""The RDF graph as networkx graphs: the one declared mapping from triples to nodes and edges.

Every networkx view of tradekg (the HTML views, the site, analysis metrics) comes from
here, so they cannot drift from the RDF graph. The mapping is declared twice over: the
SPARQL queries in ``graph/queries/projection/`` say what is read (their variables are
the attribute names), and :data:`NODE_ATTRIBUTES` says what every node carries.

Nodes are keyed by IRI (as ``str``) and carry every attribute of
:data:`NODE_ATTRIBUTES` (``None`` where it does not apply); ``kind`` is one of
:data:`KINDS`. Levels and roles are plain words (``"national"``, ``"lead"``). Nodes and
edges are inserted in a fixed order (kind, document, number, label), so the same RDF
graph gives the same networkx graph, node for node and edge for edge.

Examples
--------
>>> g = read_graph(SEED_OUT)
>>> net = measure_agency_graph(g)
>>> net.number_of_nodes(), net.number_of_edges()
(72, 137)
>>> gacc = agency_node("cn.gacc")
>>> net.nodes[gacc]["label_zh"], net.nodes[gacc]["label_en"], net.nodes[gacc]["measures_led"]
('海关总署', 'General Administration of Customs', 9)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any, Final, TypeAlias

import networkx as nx
import pyoxigraph as ox
import rdflib
from rdflib.namespace import XSD
from rdflib.query import ResultRow

from graph.rdf.store import open_rdflib
from loaders.triples import agency_iri

__all__ = [
    "KINDS",
    "LEVELS",
    "NODE_ATTRIBUTES",
    "ROLES",
    "Node",
    "Source",
    "agency_graph",
    "agency_hierarchy",
    "agency_node",
    "collapse_measures",
    "concept_graph",
    "document_graph",
    "ego_graph",
    "measure_agency_graph",
    "measure_concepts",
    "read_graph",
    "strongest_edges",
    "top_agencies",
]

Node: TypeAlias = str
"""A node key: the IRI of the resource, as a string."""

Source: TypeAlias = rdflib.Graph | ox.Store
"""Where a projection reads the RDF: an rdflib graph (small graphs, tests) or an Oxigraph
store (a build's ``OUT/store``); the same graph gives the same projection either way."""

KINDS: Final = ("document", "section", "concept", "measure", "agency")
"""Node kinds, in the order nodes are inserted."""

ROLES: Final = ("lead", "joint", "participant", "guide")
"""Roles of a responsibility, strongest first."""

LEVELS: Final = ("national", "provincial", "municipal", "district")
"""Administrative levels of agencies and of measures (their document's jurisdiction)."""

NODE_ATTRIBUTES: Final = (
    "kind", "label_zh", "label_en", "level", "document", "section", "title", "text", "number",
    "printed", "key", "agency_type", "resolved", "aliases", "source_file", "start", "end", "line",
    "measures", "measures_led", "dissolved", "successors",
)
"""Attributes every node carries (``None`` or 0 where they do not apply).

``document`` and ``section`` are IRIs; ``agency_type`` is ``agency``, ``enterprise``,
``institution`` or ``collective``; an agency's ``aliases`` are its other names, sorted and
``|``-separated as in the authority file; a dissolved agency's ``dissolved`` is the date of
the change (2018-04-10) and ``successors`` the bodies its duties passed to, ``|``-separated
sorted; ``measures`` and ``measures_led`` count an agency's
(or a concept's) measures in the graph the node belongs to.
"""

_PLACE_LEVELS: Final = {"country": "national", "province": "provincial",
                        "municipality": "provincial", "city": "municipal", "district": "district"}
_DOCUMENT_FIELDS: Final = ("identifier", "issued", "jurisdiction", "jurisdiction_label", "place_type",
                           "transmits", "transmitted_by", "source_name")
_AGENCY_TYPES: Final = {"Enterprise": "enterprise", "PublicInstitution": "institution",
                        "CollectiveActor": "collective"}


def read_graph(path: str | Path) -> rdflib.Graph:
    """Read the RDF graph a build wrote.

    Parameters
    ----------
    path : str or Path
        A build's output directory (its ``graph.ttl`` is read) or a Turtle file.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    GraphNotFoundError
        If there is no such directory or file.

    Examples
    --------
    >>> len(read_graph(SEED_OUT)) > 4000
    True
    >>> read_graph("/nonexistent")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.GraphNotFoundError: /nonexistent/graph.ttl not found; run `tradekg build ...` first
    """
    file = Path(path)
    if file.suffix == ".ttl" and file.is_file():
        return rdflib.Graph().parse(file, format="turtle")
    return open_rdflib(file)


def agency_node(key: str) -> Node:
    """The node key of an agency from its authority-file key.

    Examples
    --------
    >>> agency_node("cn.gacc")
    'https://w3id.org/tradekg/id/agency/cn.gacc'
    """
    return str(agency_iri(key))


@dataclass(frozen=True, slots=True)
class _Fetched:
    """A store with the rows of some projection queries read ahead (see :func:`_fetch`)."""

    source: Source
    rows: dict[str, list[dict[str, Any]]]


def _fetch(g: Source, names: Sequence[str], threads: int) -> Source | _Fetched:
    """``g`` with the rows of the queries ``names`` read ahead by ``threads`` threads, for an Oxigraph store.

    pyoxigraph lets go of the GIL while it evaluates, so the queries of one projection run
    side by side on the cores (the responsibilities of a large corpus take as long as the
    rest together). With one thread, or for rdflib's graphs, each query is read when it is
    needed.
    """
    if threads <= 1 or not isinstance(g, ox.Store):
        return g
    memo: dict[str, str] = {}  # one string object per value across the queries (see _query)
    with ThreadPoolExecutor(max_workers=threads, thread_name_prefix="projection") as pool:
        found = list(pool.map(lambda name: list(_query(g, name, memo)), names))
    return _Fetched(g, dict(zip(names, found, strict=True)))


def _query(g: Source | _Fetched, name: str, memo: dict[str, str] | None = None) -> Iterator[dict[str, Any]]:
    """Run a declared projection query; rows as dicts of Python values (absent -> missing).

    Equal strings of a store's rows (an agency's IRI on each of its 40,000 responsibilities,
    a clause on each body it lists) come out as one object, kept in ``memo``: a large
    corpus's graph holds each once, and so does its pickle. Rows read ahead are handed
    over and let go one at a time.
    """
    if isinstance(g, _Fetched):
        if name in g.rows:
            rows = g.rows.pop(name)
            rows.reverse()
            while rows:
                yield rows.pop()
            return
        g = g.source
    text = files("graph").joinpath(f"queries/projection/{name}.rq").read_text(encoding="utf-8")
    if isinstance(g, ox.Store):
        solutions = g.query(text)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        one: dict[str, str] = {} if memo is None else memo
        for solution in solutions:
            values: dict[str, Any] = {}
            for k in names:
                if (term := solution[k]) is not None:
                    value = _ox_python(term)
                    values[k] = one.setdefault(value, value) if isinstance(value, str) else value
            yield values
        return
    for row in g.query(text):
        assert isinstance(row, ResultRow)
        yield {k: _python(v) for k, v in row.asdict().items()}


def _python(term: rdflib.term.Node) -> Any:
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        return value.isoformat() if hasattr(value, "isoformat") else value
    return str(term)


_INTEGER = str(XSD.integer)
_BOOLEAN = str(XSD.boolean)


def _ox_python(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Any:
    """The value :func:`_python` gives for the same term read by rdflib (the types the queries read)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype == _INTEGER:
            return int(term.value)
        if datatype == _BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode) else str(term)


def _local(iri: str | None) -> str | None:
    """The lowercased local name of a vocabulary term (tkg:Lead -> 'lead')."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1].lower() if iri else None


def _number_key(number: str | None) -> tuple[tuple[int, str], ...]:
    """Natural order of measure numbers: 2 < 10, 2.3 < 2.10."""
    return tuple((int(p), "") if p.isdigit() else (1 << 30, p)
                 for p in re.split(r"[.\s]", number or ""))


def _empty(kind: str) -> dict[str, Any]:
    attrs: dict[str, Any] = dict.fromkeys(NODE_ATTRIBUTES)
    attrs.update(kind=kind, measures=0, measures_led=0)
    return attrs


def _documents(g: Source | _Fetched) -> dict[Node, dict[str, Any]]:
    docs: dict[Node, dict[str, Any]] = {}
    for row in _query(g, "documents"):
        doc = docs.setdefault(row["node"], {**_empty("document"), **dict.fromkeys(_DOCUMENT_FIELDS)})
        doc.update({k: v for k, v in row.items() if k != "node"})
        doc["label_zh"] = row.get("identifier") or row.get("title")
        doc["level"] = _PLACE_LEVELS.get(row.get("place_type") or "")
    return docs


def _sections(g: Source | _Fetched) -> dict[Node, dict[str, Any]]:
    sections: dict[Node, dict[str, Any]] = {}
    for row in _query(g, "sections"):
        attrs = sections.setdefault(row["node"], _empty("section"))
        attrs.update(document=row["document"], number=row.get("number"),
                     printed=row.get("printed"), title=row.get("title"),
                     label_zh=f"{row.get('printed') or ''}{row.get('title') or ''}",
                     section=row.get("parent"))
    return sections


def _agencies(g: Source | _Fetched) -> dict[Node, dict[str, Any]]:
    agencies: dict[Node, dict[str, Any]] = {}
    for row in _query(g, "agencies"):
        attrs = agencies.setdefault(row["node"], _empty("agency"))
        kind = _AGENCY_TYPES.get(row["class"].rsplit("#", 1)[-1])
        attrs["agency_type"] = kind or attrs["agency_type"] or "agency"
        attrs.update(key=row.get("key"), label_zh=row.get("label_zh"),
                     label_en=row.get("label_en"), level=_local(row.get("level")),
                     resolved=row.get("resolved"), parent=row.get("parent"))
    aliases: dict[Node, set[str]] = {}
    for row in _query(g, "agency_aliases"):
        aliases.setdefault(row["node"], set()).add(row["alias"])
    for node, names in aliases.items():
        if node in agencies:
            agencies[node]["aliases"] = "|".join(sorted(names))
    changes: dict[Node, tuple[set[str], set[str]]] = {}
    for row in _query(g, "agency_successors"):
        dates, successors = changes.setdefault(row["node"], (set(), set()))
        dates.add(str(row["dissolved"]))
        successors.add(str(row["successor"]))
    for node, (dates, successors) in changes.items():
        if node in agencies:
            agencies[node]["dissolved"] = min(dates)
            agencies[node]["successors"] = "|".join(sorted(successors))
    return agencies


def _measures(g: Source | _Fetched, docs: dict[Node, dict[str, Any]], *,
              texts: bool = True) -> dict[Node, dict[str, Any]]:
    measures: dict[Node, dict[str, Any]] = {}
    for row in _query(g, "measures" if texts else "measures_brief"):
        attrs = measures.setdefault(row["node"], _empty("measure"))
        doc = docs.get(row["document"], {})
        attrs.update({k: v for k, v in row.items() if k != "node"})
        attrs["label_zh"] = row.get("title") or row.get("number")
        attrs["level"] = doc.get("level")
    return measures


def _node_order(node: Node, attrs: dict[str, Any],
                docs: dict[Node, dict[str, Any]]) -> tuple[Any, ...]:
    doc = docs.get(attrs.get("document") or "", {})
    return (KINDS.index(attrs["kind"]), doc.get("issued") or "", doc.get("label_zh") or "",
            _number_key(attrs.get("number")), attrs.get("label_zh") or "", node)


def _ordered(nodes: dict[Node, dict[str, Any]], edges: Iterable[tuple[Node, Node, dict[str, Any]]],
             graph_attrs: dict[str, Any]) -> nx.Graph:
    """A graph with nodes and edges inserted in the canonical order."""
    docs = graph_attrs.get("documents", {})
    rank = {n: i for i, n in enumerate(sorted(nodes, key=lambda n: _node_order(n, nodes[n], docs)))}
    net = nx.Graph(**graph_attrs)
    net.add_nodes_from((n, nodes[n]) for n in sorted(nodes, key=rank.__getitem__))
    oriented = [(u, v, d) if rank[u] <= rank[v] else (v, u, d) for u, v, d in edges]
    net.add_edges_from(sorted(oriented, key=lambda e: (rank[e[0]], rank[e[1]])))
    return net


def measure_agency_graph(g: Source, *, texts: bool = True, threads: int = 1) -> nx.Graph:
    """Project the RDF graph to the bipartite graph of measures and their agencies.

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        A tradekg graph (see :func:`read_graph`).
    texts : bool, default True
        Read each measure's text, printed label and source span; False leaves them
        ``None`` (the corpus-wide views name measures but never show their sentences).
    threads : int, default 1
        Queries read at once from a pyoxigraph store; worth it on a large on-disk store
        (the build's corpus-wide views use 3), not on a small one. The graph is the same.

    Returns
    -------
    networkx.Graph
        Measure nodes (``kind="measure"``) and agency nodes (``kind="agency"``; only
        agencies listed for at least one measure); one edge per measure and agency with
        ``role``, ``rank``, ``clause``, ``clause_index``, ``as_written``. An agency listed
        twice for one measure keeps its strongest role. ``net.graph["documents"]`` and
        ``net.graph["sections"]`` hold the documents and sections by IRI.

    Examples
    --------
    >>> net = measure_agency_graph(read_graph(SEED_OUT))
    >>> sorted({d["kind"] for _, d in net.nodes(data=True)})
    ['agency', 'measure']
    >>> m = next(n for n, d in net.nodes(data=True) if d["kind"] == "measure")
    >>> net.nodes[m]["number"], net.nodes[m]["level"], net.nodes[m]["title"]
    ('1', 'provincial', '深入推进通关模式改革')
    >>> [(net.nodes[a]["label_zh"], d["role"], d["rank"]) for _, a, d in net.edges(m, data=True)]
    [('中华人民共和国重庆海关', 'lead', 1), ('重庆市人民政府口岸和物流办公室', 'participant', 2), \
('重庆港务物流集团有限公司', 'participant', 3)]
    """
    read = _fetch(g, ["responsibilities", "measures" if texts else "measures_brief", "documents", "sections",
                   "agencies", "agency_aliases", "agency_successors"], threads)
    docs = _documents(read)
    sections = _sections(read)
    measures = _measures(read, docs, texts=texts)
    agencies = _agencies(read)
    best: dict[tuple[Node, Node], dict[str, Any]] = {}
    for row in _query(read, "responsibilities"):
        measure, agency = row["measure"], row["agency"]
        if measure not in measures:
            continue
        edge = {"relation": "responsible", "role": _local(row["role"]), "rank": row.get("rank"),
                "clause": row.get("clause"), "clause_index": row.get("clause_index"),
                "as_written": row.get("as_written")}
        if agency not in agencies:  # listed but not described: keep it, flagged unresolved
            agencies[agency] = _empty("agency")
            agencies[agency].update(label_zh=row.get("as_written"), resolved=False,
                                    agency_type="agency")
        old = best.get((measure, agency))
        if old is None or _edge_strength(edge) < _edge_strength(old):
            best[(measure, agency)] = edge
    listed = {a for _, a in best}
    nodes = {**measures, **{a: agencies[a] for a in listed}}
    for (measure, agency), edge in best.items():
        nodes[agency]["measures"] += 1
        nodes[agency]["measures_led"] += edge["role"] == "lead"
        nodes[measure]["measures"] = 1
    for attrs in nodes.values():
        attrs.pop("parent", None)
    return _ordered(nodes, ((m, a, e) for (m, a), e in best.items()),
                    {"documents": docs, "sections": sections})


def _edge_strength(edge: dict[str, Any]) -> tuple[int, int, int]:
    role = edge["role"]
    return (ROLES.index(role) if role in ROLES else len(ROLES), edge.get("clause_index") or 0,
            edge.get("rank") or 0)


def _base(source: Source | nx.Graph) -> nx.Graph:
    return source if isinstance(source, nx.Graph) else measure_agency_graph(source)


def _copy_nodes(net: nx.Graph, keep: Iterable[Node]) -> dict[Node, dict[str, Any]]:
    return {n: dict(net.nodes[n]) for n in keep}


def agency_graph(source: Source | nx.Graph) -> nx.Graph:
    """Project to the weighted co-responsibility graph of agencies.

    Parameters
    ----------
    source : rdflib.Graph, pyoxigraph.Store or networkx.Graph
        The RDF graph, or a :func:`measure_agency_graph` already built from it.

    Returns
    -------
    networkx.Graph
        Agency nodes; an edge joins two agencies listed for the same measure, with
        ``weight`` (the number of measures they share) and ``measures`` (their IRIs, in
        canonical order).

    Examples
    --------
    >>> A = agency_graph(read_graph(SEED_OUT))
    >>> A.number_of_nodes(), A.number_of_edges()
    (28, 89)
    >>> gacc, mot = agency_node("cn.gacc"), agency_node("cn.mot")
    >>> A.edges[gacc, mot]["weight"]
    13
    """
    net = _base(source)
    agencies = [n for n, d in net.nodes(data=True) if d["kind"] == "agency"]
    shared: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    order = {n: i for i, n in enumerate(net)}
    for measure, attrs in net.nodes(data=True):
        if attrs["kind"] != "measure":
            continue
        listed = sorted(net[measure], key=order.__getitem__)
        for i, u in enumerate(listed):
            for v in listed[i + 1:]:
                shared[(u, v)].append(measure)
    edges = [(u, v, {"relation": "shares", "weight": len(ms),
                     "measures": sorted(ms, key=order.__getitem__)})
             for (u, v), ms in shared.items()]
    return _ordered(_copy_nodes(net, agencies), edges, dict(net.graph))


def measure_concepts(g: Source) -> dict[Node, list[str]]:
    """The labels (Chinese, then English) of the concepts each measure concerns, for search.

    Examples
    --------
    >>> found = measure_concepts(read_graph(SEED_OUT))
    >>> sum("单一窗口" in labels for labels in found.values())
    11
    """
    labels: dict[Node, set[str]] = {}
    for row in _query(g, "concepts"):
        labels.setdefault(row["measure"], set()).update(
            v for v in (row.get("label_zh"), row.get("label_en")) if v)
    return {measure: sorted(names) for measure, names in sorted(labels.items())}


def agency_hierarchy(g: Source) -> nx.DiGraph:
    """Project to the tree of agencies and the bodies they belong to (``org:subOrganizationOf``).

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        A tradekg graph.

    Returns
    -------
    networkx.DiGraph
        Every agency of the graph, listed for a measure or not (a parent such as 国务院
        usually is not), with the attributes of :data:`NODE_ATTRIBUTES` (``measures`` and
        ``measures_led`` are 0 here); an edge from each agency to its parent with
        ``relation="sub_organization_of"``. Nodes in label order, then IRI.

    Examples
    --------
    >>> H = agency_hierarchy(read_graph(SEED_OUT))
    >>> [H.nodes[p]["label_zh"] for p in H.successors(agency_node("cq.customs"))]
    ['海关总署']
    >>> sorted(H.nodes[c]["label_zh"] for c in H.predecessors(agency_node("cn.mot")))
    ['中国民用航空局', '国家铁路局']
    """
    agencies = _agencies(g)
    tree = nx.DiGraph()
    for node in sorted(agencies, key=lambda n: (agencies[n]["label_zh"] or "", n)):
        tree.add_node(node, **{k: v for k, v in agencies[node].items() if k != "parent"})
    tree.add_edges_from((n, agencies[n]["parent"], {"relation": "sub_organization_of"})
                        for n in tree if agencies[n].get("parent") in agencies)
    return tree


def concept_graph(g: Source, base: nx.Graph | None = None) -> nx.Graph:
    """Project to concepts, the measures that concern them, and those measures' agencies.

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        A tradekg graph.
    base : networkx.Graph, optional
        Its :func:`measure_agency_graph`, when already made.

    Returns
    -------
    networkx.Graph
        Concept nodes (``kind="concept"``), measures that concern at least one concept,
        and the agencies listed for them. Concept–measure edges have
        ``relation="concerns"``; measure–agency edges are as in
        :func:`measure_agency_graph`. A concept's ``measures`` counts its measures.

    Examples
    --------
    >>> C = concept_graph(read_graph(SEED_OUT))
    >>> sorted({d["kind"] for _, d in C.nodes(data=True)})
    ['agency', 'concept', 'measure']
    >>> sw = "https://w3id.org/tradekg/id/concept/single-window"
    >>> C.nodes[sw]["label_zh"], C.nodes[sw]["label_en"], C.nodes[sw]["measures"]
    ('单一窗口', 'Single Window', 11)
    """
    net = base if base is not None else measure_agency_graph(g)
    concepts: dict[Node, dict[str, Any]] = {}
    edges: list[tuple[Node, Node, dict[str, Any]]] = []
    for row in _query(g, "concepts"):
        if row["measure"] not in net:
            continue
        attrs = concepts.setdefault(row["node"], _empty("concept"))
        attrs.update(label_zh=row.get("label_zh"), label_en=row.get("label_en"))
        attrs["measures"] += 1
        edges.append((row["node"], row["measure"], {"relation": "concerns"}))
    measures = {m for _, m, _ in edges}
    agencies = {a for m in measures for a in net[m]}
    # The graph copies every attribute dict it is given, so measures and their edges go in
    # as the base holds them (at 10,000 documents a copy first would be half a gigabyte more).
    edges += [(m, a, net.edges[m, a]) for m in measures for a in net[m]]
    nodes = {**concepts, **{m: net.nodes[m] for m in measures}, **_copy_nodes(net, agencies)}
    for a in agencies:
        nodes[a]["measures"] = sum(1 for m in net[a] if m in measures)
        nodes[a]["measures_led"] = sum(1 for m in net[a] if m in measures
                                       and net.edges[m, a]["role"] == "lead")
    return _ordered(nodes, edges, dict(net.graph))


def document_graph(source: Source | nx.Graph, document: Node) -> nx.Graph:
    """Project one document: its sections, its measures and their agencies.

    Parameters
    ----------
    source : rdflib.Graph, pyoxigraph.Store or networkx.Graph
        The RDF graph, or a :func:`measure_agency_graph` built from it.
    document : str
        The document's IRI.

    Returns
    -------
    networkx.Graph
        Section nodes (each joined to its parent section with ``relation="contains"``),
        measure nodes (joined to their section the same way) and agency nodes (joined to
        measures as in :func:`measure_agency_graph`; ``measures`` and ``measures_led``
        count this document only). Empty if the document has no measures.

    Examples
    --------
    >>> net = measure_agency_graph(read_graph(SEED_OUT))
    >>> doc = next(d for d, a in net.graph["documents"].items() if a["identifier"] == "署岸发〔2021〕85号")
    >>> D = document_graph(net, doc)
    >>> sorted(Counter(d["kind"] for _, d in D.nodes(data=True)).items())
    [('agency', 15), ('measure', 27), ('section', 6)]
    """
    net = _base(source)
    measures = [n for n, d in net.nodes(data=True) if d["kind"] == "measure" and d["document"] == document]
    agencies = {a for m in measures for a in net[m]}
    sections = {n: dict(a) for n, a in net.graph["sections"].items() if a["document"] == document}
    used: set[Node] = set()
    for m in measures:
        s = net.nodes[m]["section"]
        while s in sections and s not in used:
            used.add(s)
            s = sections[s]["section"]
    nodes = {**{s: sections[s] for s in used}, **_copy_nodes(net, [*measures, *agencies])}
    edges = [(m, a, dict(net.edges[m, a])) for m in measures for a in net[m]]
    edges += [(sections[s]["section"], s, {"relation": "contains"}) for s in used
              if sections[s]["section"] in used]
    edges += [(net.nodes[m]["section"], m, {"relation": "contains"}) for m in measures
              if net.nodes[m]["section"] in used]
    for a in agencies:
        nodes[a]["measures"] = sum(1 for m in net[a] if m in nodes)
        nodes[a]["measures_led"] = sum(1 for m in net[a] if m in nodes and net.edges[m, a]["role"] == "lead")
    return _ordered(nodes, edges, dict(net.graph))


def ego_graph(source: Source | nx.Graph, agency: Node, radius: int = 2) -> nx.Graph:
    """An agency's neighbourhood in the measure–agency graph.

    Parameters
    ----------
    source : rdflib.Graph, pyoxigraph.Store or networkx.Graph
        The RDF graph, or a :func:`measure_agency_graph` built from it.
    agency : str
        The agency's IRI (see :func:`agency_node`).
    radius : int, default 2
        2 gives the agency, its measures and the agencies it shares them with.

    Returns
    -------
    networkx.Graph
        The induced subgraph, in canonical order; attributes as in the source.

    Raises
    ------
    KeyError
        If the agency is not in the graph.

    Examples
    --------
    >>> net = measure_agency_graph(read_graph(SEED_OUT))
    >>> E = ego_graph(net, agency_node("cn.gacc"))
    >>> sorted(Counter(d["kind"] for _, d in E.nodes(data=True)).items())
    [('agency', 15), ('measure', 26)]
    """
    net = _base(source)
    if agency not in net:
        raise KeyError(agency)
    keep = nx.single_source_shortest_path_length(net, agency, cutoff=radius)
    return _ordered(_copy_nodes(net, keep), _edges_within(net, keep), dict(net.graph))


def _edges_within(net: nx.Graph, keep: Mapping[Node, Any]) -> Iterator[tuple[Node, Node, dict[str, Any]]]:
    """The edges of ``net`` between nodes of ``keep``, each once, with a copy of its data.

    The induced subgraph's edges, read from the adjacency directly: a ``subgraph`` view
    checks every neighbour through its filter, which dominated drawing a large agency's page.
    """
    seen: set[Node] = set()
    for u in keep:
        seen.add(u)
        for v, data in net.adj[u].items():
            if v in keep and (v not in seen or v == u):
                yield u, v, dict(data)


def collapse_measures(net: nx.Graph) -> nx.Graph:
    """Replace measure nodes by weighted edges between the nodes they join.

    For a graph too large to draw, each measure is dropped and every pair of its
    neighbours of different kinds (a concept and an agency, a section and an agency) is
    joined instead; ``weight`` counts the measures behind an edge and ``measures`` lists
    them. Edges between other nodes are kept as they are.

    Parameters
    ----------
    net : networkx.Graph
        A projection from this module.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> C = concept_graph(read_graph(SEED_OUT))
    >>> K = collapse_measures(C)
    >>> sorted(Counter(d["kind"] for _, d in K.nodes(data=True)).items())
    [('agency', 25), ('concept', 67)]
    >>> sw, gacc = "https://w3id.org/tradekg/id/concept/single-window", agency_node("cn.gacc")
    >>> K.edges[sw, gacc]["weight"]
    5
    """
    order = {n: i for i, n in enumerate(net)}
    keep = [n for n, d in net.nodes(data=True) if d["kind"] != "measure"]
    weights: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    for m, attrs in net.nodes(data=True):
        if attrs["kind"] != "measure":
            continue
        around = sorted(net[m], key=order.__getitem__)
        for i, u in enumerate(around):
            for v in around[i + 1:]:
                if net.nodes[u]["kind"] != net.nodes[v]["kind"]:
                    weights[(u, v)].append(m)
    edges = [(u, v, {"relation": "via_measures", "weight": len(ms), "measures": ms})
             for (u, v), ms in weights.items()]
    edges += [(u, v, dict(d)) for u, v, d in net.edges(data=True)
              if net.nodes[u]["kind"] != "measure" and net.nodes[v]["kind"] != "measure"]
    return _ordered(_copy_nodes(net, keep), edges, dict(net.graph))


def top_agencies(net: nx.Graph, keep: int) -> nx.Graph:
    """Keep the ``keep`` agencies listed for the most measures, every other node, and their edges.

    For a view of a corpus too large to read: the agencies left out still have their own
    pages. Ties go to the agency first in canonical order, so the choice is stable.

    Parameters
    ----------
    net : networkx.Graph
        A projection from this module.
    keep : int
        How many agencies to keep.

    Returns
    -------
    networkx.Graph

    Examples
    --------
    >>> A = agency_graph(read_graph(SEED_OUT))
    >>> T = top_agencies(A, 3)
    >>> sorted(T.nodes[n]["label_zh"] for n in T)
    ['交通运输部', '海关总署', '重庆市人民政府口岸和物流办公室']
    """
    order = {n: i for i, n in enumerate(net)}
    agencies = [n for n, d in net.nodes(data=True) if d["kind"] == "agency"]
    chosen = set(sorted(agencies, key=lambda n: (-net.nodes[n]["measures"], order[n]))[:keep])
    nodes = [n for n, d in net.nodes(data=True) if d["kind"] != "agency" or n in chosen]
    edges = ((u, v, dict(d)) for u, v, d in net.subgraph(nodes).edges(data=True))
    return _ordered(_copy_nodes(net, nodes), edges, dict(net.graph))


def strongest_edges(net: nx.Graph, keep: int) -> nx.Graph:
    """Keep the ``keep`` edges of greatest ``weight`` (ties in canonical order), and every node.

    Examples
    --------
    >>> A = agency_graph(read_graph(SEED_OUT))
    >>> S = strongest_edges(A, 1)
    >>> [(S.nodes[u]["label_zh"], S.nodes[v]["label_zh"], d["weight"]) for u, v, d in S.edges(data=True)]
    [('交通运输部', '海关总署', 13)]
    """
    edges = list(net.edges(data=True))
    ranked = sorted(range(len(edges)), key=lambda i: (-(edges[i][2].get("weight") or 1), i))[:keep]
    kept = ((edges[i][0], edges[i][1], dict(edges[i][2])) for i in sorted(ranked))
    return _ordered(_copy_nodes(net, net), kept, dict(net.graph))
