"""The RDF graph as property-graph rows, through the declared mapping of :mod:`graph.neo4j.mapping`.

Neo4j cannot hold RDF as it is: a property graph has labelled nodes with properties and
typed relationships with properties, and no node in the middle of a qualified link. The
mapping file says, as data, which RDF class becomes which label, which predicate which
relationship type, which datatype property (or path of properties) which node property,
and that each ``tkg:Responsibility`` node becomes one ``RESPONSIBLE`` relationship. This
module reads the mapping and turns an RDF graph into :class:`NodeRow` and
:class:`RelationshipRow` records; the Neo4j loader and both exports write those rows and
nothing else, so the three cannot drift apart.

Why TOML: it is read by the standard library (:mod:`tomllib`), it allows the comments
that explain each entry beside it, and a mapping of a few dozen entries stays readable
as one table per label; a Turtle (R2RML-style) mapping would be longer and would need
its own interpreter, JSON allows no comments.

No query text is assembled here: the RDF is read by matching triples on the IRIs the
mapping names (one pass over the graph keeps only the predicates the mapping uses), so
no value from the data or from a user ever becomes part of a query.

Examples
--------
>>> pg = project_turtle('''
... @prefix tkg: <https://w3id.org/tradekg/ontology#> .
... @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
... <http://x/m1> a tkg:Measure ; tkg:number "1" ; tkg:ledBy <http://x/gacc> .
... <http://x/gacc> a tkg:Agency ; skos:prefLabel "海关总署"@zh, "GACC"@en .
... ''')
>>> for n in pg.nodes:
...     print(n.label, n.iri, n.properties)
Measure http://x/m1 {'number': '1'}
Agency http://x/gacc {'name_zh': '海关总署', 'name_en': 'GACC'}
>>> [(r.type, r.start, r.end) for r in pg.relationships]
[('LED_BY', 'http://x/m1', 'http://x/gacc')]
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import pyoxigraph as ox
from rdflib.namespace import RDF

from graph.neo4j.errors import MappingError
from graph.neo4j.mapping import MAPPING_FILE, Neo4jMapping, PropertySpec, RelationshipSpec, Step, load_mapping
from graph.rdf.store import graph_file

__all__ = [
    "NodeRow",
    "PropertyGraph",
    "RelationshipRow",
    "Value",
    "project",
    "project_turtle",
    "read_property_graph",
]

_RDF_TYPE = str(RDF.type)

Value: TypeAlias = str | int | float | bool | datetime.date | list[str]
"""A property value as the rows carry it (and the Neo4j driver sends it)."""

Term: TypeAlias = str | ox.Literal
"""A resource as the index holds it: an IRI (``_:id`` for a blank node) or a literal.

Plain strings hash and compare several times faster than pyoxigraph terms, which
matters at a million triples."""


@dataclass(frozen=True, slots=True)
class NodeRow:
    """One node: primary label (its key with ``iri``), extra labels, properties."""

    label: str
    extra_labels: tuple[str, ...]
    iri: str
    properties: dict[str, Value]


@dataclass(frozen=True, slots=True)
class RelationshipRow:
    """One relationship between two nodes given by label and IRI.

    ``key`` is the IRI of the RDF resource the relationship stands for (a reified
    ``tkg:Responsibility``); None for a relationship read from one triple, which is
    unique per start, type and end.
    """

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    properties: dict[str, Value]
    key: str | None = None


@dataclass
class PropertyGraph:
    """Node and relationship rows, in a fixed order (same graph, same rows)."""

    nodes: list[NodeRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)

    def node_counts(self) -> dict[str, int]:
        """Nodes per primary label."""
        counts: dict[str, int] = defaultdict(int)
        for node in self.nodes:
            counts[node.label] += 1
        return dict(counts)

    def relationship_counts(self) -> dict[str, int]:
        """Relationships per type."""
        counts: dict[str, int] = defaultdict(int)
        for rel in self.relationships:
            counts[rel.type] += 1
        return dict(counts)


# ------------------------------------------------------------------------------ the graph


class _Index:
    """The triples of the mapped predicates, by subject (and by object for ``^p`` steps)."""

    def __init__(self, mapping: Neo4jMapping) -> None:
        self.classes = {n.rdf_class for n in mapping.nodes}
        self.classes |= {c for n in mapping.nodes for _, c in n.extra_labels}
        self.classes |= {r.reified_class for r in mapping.relationships if r.reified_class is not None}
        steps = [s for n in mapping.nodes for p in n.properties for s in p.path]
        for r in mapping.relationships:
            steps += [s for p in r.properties for s in p.path]
            steps += [s for s in (r.reified_start, r.reified_end) if s is not None]
        self.inverse_wanted = {s.predicate for s in steps if s.inverse}
        self.predicates = {s.predicate for s in steps}
        self.predicates |= {r.predicate for r in mapping.relationships if r.predicate is not None}
        self.forward: dict[str, dict[Term, list[Term]]] = {p: {} for p in self.predicates}
        self.backward: dict[str, dict[Term, list[Term]]] = {p: {} for p in self.inverse_wanted}
        self.members: dict[str, list[str]] = defaultdict(list)
        self.types: dict[str, set[str]] = defaultdict(set)

    def add(self, triple: ox.Triple | ox.Quad, *, types: bool = True) -> None:
        p = triple.predicate.value
        if p == _RDF_TYPE:
            cls = triple.object
            if types and type(cls) is ox.NamedNode and cls.value in self.classes:
                subject = _key(triple.subject)
                if subject is not None and cls.value not in self.types[subject]:
                    self.types[subject].add(cls.value)
                    self.members[cls.value].append(subject)
            return
        table = self.forward.get(p)
        if table is None:
            return
        subject, obj = _key(triple.subject), triple.object
        value: Term | None = obj if type(obj) is ox.Literal else _key(obj)
        if subject is None or value is None:
            return  # RDF-star quoted triples: tradekg writes none, the mapping maps none
        found = table.get(subject)
        if found is None:
            table[subject] = [value]
        else:
            found.append(value)
        back = self.backward.get(p)
        if back is not None:
            back.setdefault(value, []).append(subject)

    def walk(self, start: Term, path: tuple[Step, ...]) -> list[Term]:
        frontier = [start]
        for step in path:
            table = (self.backward if step.inverse else self.forward)[step.predicate]
            frontier = [o for s in frontier for o in table.get(s, ())]
            if not frontier:
                break
        return frontier


def _key(term: object) -> str | None:
    if type(term) is ox.NamedNode:
        return term.value
    if type(term) is ox.BlankNode:
        return f"_:{term.value}"
    return None


def _text(term: Term) -> str:
    return term if isinstance(term, str) else term.value


def _lang_ok(term: Term, lang: str | None) -> bool:
    if lang is None:
        return True
    if not isinstance(term, ox.Literal) or not term.language:
        return False
    tag = term.language.lower()
    return tag == lang.lower() or tag.startswith(lang.lower() + "-")


def _convert(kind: str, text: str) -> Value:
    if kind == "integer":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise ValueError(f"{text!r} is not an xsd:boolean")
    if kind == "date":
        return datetime.date.fromisoformat(text)
    return text


def _values(index: _Index, subject: Term, specs: tuple[PropertySpec, ...], what: str) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for spec in specs:
        found = sorted({_text(t) for t in index.walk(subject, spec.path) if _lang_ok(t, spec.lang)})
        if not found:
            continue
        if spec.type == "string[]":
            values[spec.name] = found
            continue
        if len(found) > 1:
            raise MappingError(f"{what} {_text(subject)} has {len(found)} values for {spec.name} "
                               f"({', '.join(map(repr, found[:3]))}); the mapping declares one. Declare "
                               f"type = \"string[]\" in {MAPPING_FILE} or fix the graph")
        try:
            values[spec.name] = _convert(spec.type, found[0])
        except ValueError as err:
            raise MappingError(f"{what} {_text(subject)}: {spec.name} = {found[0]!r} is not "
                               f"a valid {spec.type}") from err
    return values


def project(triples: Iterable[ox.Triple | ox.Quad], mapping: Neo4jMapping | None = None) -> PropertyGraph:
    """Turn RDF triples into property-graph rows, as the mapping declares.

    Parameters
    ----------
    triples : iterable of pyoxigraph.Triple or Quad
        The graph (quads' graph names are ignored); read once.
    mapping : Neo4jMapping or None
        The shipped mapping when None.

    Returns
    -------
    PropertyGraph
        Nodes in mapping order then by IRI, each relationship end that is not a node added
        as a node with only its ``iri``; relationships in mapping order then by ends.

    Raises
    ------
    MappingError
        When a resource is an instance of two classes mapped to different labels, a
        single-valued property has two values or a value of the wrong type, or a
        relationship ends at a node of another label than the mapping declares (a
        predicate declared for several end labels takes each end by its label).
    """
    mapping = mapping if mapping is not None else load_mapping()
    index = _Index(mapping)
    for triple in triples:
        index.add(triple)
    for file in mapping.vocabulary:
        for triple in ox.parse(path=str(file)):
            index.add(triple, types=False)
    graph = PropertyGraph()
    label_of: dict[Term, str] = {}
    for spec in mapping.nodes:
        rows = []
        for subject in index.members.get(spec.rdf_class, ()):
            if subject in label_of:
                raise MappingError(f"{_text(subject)} is both a {label_of[subject]} and a {spec.label}; "
                                   "a resource maps to one node")
            label_of[subject] = spec.label
            extra = tuple(x for x, c in spec.extra_labels if c in index.types[subject])
            rows.append(NodeRow(spec.label, extra, _text(subject),
                                _values(index, subject, spec.properties, spec.label)))
        graph.nodes += sorted(rows, key=lambda r: r.iri)
    stubs: dict[str, NodeRow] = {}

    def endpoint(term: Term, label: str, spec: RelationshipSpec) -> str:
        found = label_of.get(term)
        if found is None:
            stubs.setdefault(_text(term), NodeRow(label, (), _text(term), {}))
            label_of[term] = label
        elif found != label:
            raise MappingError(f"{spec.type} must join a {spec.start_label} to a {spec.end_label}, but "
                               f"{_text(term)} is a {found}")
        return _text(term)

    class_of = {n.label: n.rdf_class for n in mapping.nodes}
    for rel_spec in mapping.relationships:
        # A predicate declared again for other end labels (CITES to a Document or to a
        # CitedDocument): each declaration takes the ends of its own label.
        others = {r.end_label for r in mapping.relationships if r is not rel_spec and r.predicate is not None
                  and (r.type, r.predicate, r.start_label) == (rel_spec.type, rel_spec.predicate,
                                                               rel_spec.start_label)}

        def elsewhere(term: Term, others: set[str] = others) -> bool:
            return label_of.get(term) in others

        found = _relationships(index, rel_spec, class_of[rel_spec.start_label], endpoint, elsewhere)
        graph.relationships += sorted(found,
                                      key=lambda r: (r.start, r.end, r.key or ""))
    graph.nodes += sorted(stubs.values(), key=lambda r: (mapping.primary_labels.index(r.label), r.iri))
    return graph


def _relationships(index: _Index, spec: RelationshipSpec, start_class: str,
                   endpoint: Callable[[Term, str, RelationshipSpec], str],
                   elsewhere: Callable[[Term], bool]) -> Iterator[RelationshipRow]:
    if spec.predicate is not None:
        table = index.forward[spec.predicate]
        for subject in index.members.get(start_class, ()):
            for obj in table.get(subject, ()):
                if isinstance(obj, ox.Literal):
                    raise MappingError(f"{spec.type}: {_text(subject)} has a literal where a "
                                       f"{spec.end_label} is expected: {obj}")
                if elsewhere(obj):
                    continue
                yield RelationshipRow(spec.type, spec.start_label, _text(subject), spec.end_label,
                                      endpoint(obj, spec.end_label, spec), {})
        return
    assert spec.reified_class is not None and spec.reified_start and spec.reified_end
    for node in index.members.get(spec.reified_class, ()):
        starts = index.walk(node, (spec.reified_start,))
        ends = index.walk(node, (spec.reified_end,))
        if not starts or not ends:
            raise MappingError(f"{_text(node)} becomes a {spec.type} relationship but has no "
                               f"{'start' if not starts else 'end'}")
        props = _values(index, node, spec.properties, spec.type)
        for s in starts:
            for e in ends:
                yield RelationshipRow(spec.type, spec.start_label, endpoint(s, spec.start_label, spec),
                                      spec.end_label, endpoint(e, spec.end_label, spec),
                                      {"iri": _text(node), **props}, key=_text(node))


def project_turtle(text: str, mapping: Neo4jMapping | None = None) -> PropertyGraph:
    """Project a graph given as Turtle text; see :func:`project`."""
    return project(ox.parse(text, ox.RdfFormat.TURTLE), mapping)


def read_property_graph(source: Path | str, mapping: Neo4jMapping | None = None) -> PropertyGraph:
    """Project a built graph read from disk; see :func:`project`.

    Parameters
    ----------
    source : Path or str
        An output directory of ``tradekg build`` (its ``graph.ttl`` is read) or an RDF
        file (Turtle, N-Triples, ... by extension).
    mapping : Neo4jMapping or None
        The shipped mapping when None.

    Returns
    -------
    PropertyGraph

    Raises
    ------
    GraphNotFoundError
        When a directory holds no ``graph.ttl``.
    MappingError
        When the file cannot be parsed, or the graph does not fit the mapping.

    Examples
    --------
    >>> pg = read_property_graph(SEED_OUT)
    >>> pg.node_counts()["Measure"], pg.relationship_counts()["RESPONSIBLE"]
    (44, 137)
    """
    path = Path(source)
    file = path if path.is_file() else graph_file(path)
    try:
        return project(ox.parse(path=str(file)), mapping)
    except (SyntaxError, OSError, ValueError) as err:
        raise MappingError(f"cannot read the RDF graph {file}: {err}") from err
