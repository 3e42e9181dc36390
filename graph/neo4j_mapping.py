"""The RDF graph as property-graph rows, through the one mapping in ``ontology/neo4j-mapping.toml``.

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
import re
import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeAlias

import pyoxigraph as ox

from graph.store import graph_file
from loaders.errors import TradeKGError
from ontology import data_path

__all__ = [
    "IDENTIFIER",
    "PROPERTY_TYPES",
    "MappingError",
    "Neo4jMapping",
    "NodeRow",
    "NodeSpec",
    "PropertyGraph",
    "PropertySpec",
    "RelationshipRow",
    "RelationshipSpec",
    "Step",
    "Value",
    "load_mapping",
    "project",
    "project_turtle",
    "read_property_graph",
]

MAPPING_FILE = "neo4j-mapping.toml"

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
"""What a label, relationship type or property name must look like (a plain Cypher name)."""

PROPERTY_TYPES = ("string", "integer", "float", "boolean", "date", "string[]")
"""Types a mapped property may declare."""

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Value: TypeAlias = str | int | float | bool | datetime.date | list[str]
"""A property value as the rows carry it (and the Neo4j driver sends it)."""

Term: TypeAlias = str | ox.Literal
"""A resource as the index holds it: an IRI (``_:id`` for a blank node) or a literal.

Plain strings hash and compare several times faster than pyoxigraph terms, which
matters at a million triples."""


class MappingError(TradeKGError):
    """The mapping file is malformed, or the graph does not fit it."""


@dataclass(frozen=True, slots=True)
class Step:
    """One predicate of a property path, walked forwards or (``^p``) backwards."""

    predicate: str
    inverse: bool = False


@dataclass(frozen=True, slots=True)
class PropertySpec:
    """A node or relationship property: its name, the path to its value, type and language."""

    name: str
    path: tuple[Step, ...]
    type: str = "string"
    lang: str | None = None


@dataclass(frozen=True, slots=True)
class NodeSpec:
    """Instances of ``rdf_class`` become nodes labelled ``label`` (plus extra labels)."""

    label: str
    rdf_class: str
    extra_labels: tuple[tuple[str, str], ...]
    properties: tuple[PropertySpec, ...]


@dataclass(frozen=True, slots=True)
class RelationshipSpec:
    """A relationship type between two labels, from a predicate or a reified class."""

    type: str
    start_label: str
    end_label: str
    predicate: str | None
    reified_class: str | None = None
    reified_start: Step | None = None
    reified_end: Step | None = None
    properties: tuple[PropertySpec, ...] = ()


@dataclass(frozen=True)
class Neo4jMapping:
    """The mapping file, parsed and checked.

    Attributes
    ----------
    nodes : tuple of NodeSpec
        In file order; node rows come out in this order.
    relationships : tuple of RelationshipSpec
        In file order.
    vocabulary : tuple of Path
        Ontology files consulted for steps through vocabulary terms.
    """

    nodes: tuple[NodeSpec, ...]
    relationships: tuple[RelationshipSpec, ...]
    vocabulary: tuple[Path, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a node may get: primary labels first, then extra ones.

        Examples
        --------
        >>> load_mapping().labels[:3]
        ('Document', 'Section', 'Measure')
        """
        extra = [x for n in self.nodes for x, _ in n.extra_labels]
        return tuple(dict.fromkeys([n.label for n in self.nodes] + extra))

    @property
    def primary_labels(self) -> tuple[str, ...]:
        """The labels nodes are keyed by (one uniqueness constraint on ``iri`` each)."""
        return tuple(n.label for n in self.nodes)

    @property
    def relationship_types(self) -> tuple[str, ...]:
        """Relationship types, each once, in file order.

        Examples
        --------
        >>> load_mapping().relationship_types[:3]
        ('RESPONSIBLE', 'LED_BY', 'PART_OF')
        """
        return tuple(dict.fromkeys(r.type for r in self.relationships))

    def node_property_types(self, label: str) -> dict[str, str]:
        """Declared property types of the nodes labelled ``label``, by name."""
        return {p.name: p.type for n in self.nodes if n.label == label for p in n.properties}

    def relationship_property_types(self, rel_type: str) -> dict[str, str]:
        """Declared property types of relationships of ``rel_type`` (plus ``iri`` if keyed)."""
        types: dict[str, str] = {}
        for spec in self.relationships:
            if spec.type == rel_type:
                if spec.reified_class is not None:
                    types["iri"] = "string"
                types.update({p.name: p.type for p in spec.properties})
        return types


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


# ------------------------------------------------------------------------------ the file


def _identifier(name: object, what: str) -> str:
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        raise MappingError(f"mapping: {what} {name!r} must match {IDENTIFIER.pattern}")
    return name


def _iri(text: object, prefixes: dict[str, str], where: str) -> str:
    if not isinstance(text, str):
        raise MappingError(f"mapping: {where}: expected prefix:local, got {text!r}")
    if text.startswith("<") and text.endswith(">"):
        return text[1:-1]
    prefix, sep, local = text.partition(":")
    if not sep or prefix not in prefixes:
        raise MappingError(f"mapping: {where}: {text!r} does not start with a declared prefix "
                           f"({', '.join(sorted(prefixes))})")
    return prefixes[prefix] + local


def _step(text: object, prefixes: dict[str, str], where: str) -> Step:
    if isinstance(text, str) and text.startswith("^"):
        return Step(_iri(text[1:], prefixes, where), inverse=True)
    return Step(_iri(text, prefixes, where))


def _properties(table: object, prefixes: dict[str, str], where: str) -> tuple[PropertySpec, ...]:
    if not isinstance(table, dict):
        raise MappingError(f"mapping: {where}.properties must be a table")
    specs = []
    for name, entry in table.items():
        here = f"{where}.properties.{name}"
        _identifier(name, "property")
        if not isinstance(entry, dict) or "path" not in entry:
            raise MappingError(f"mapping: {here} needs a path")
        raw = entry["path"] if isinstance(entry["path"], list) else [entry["path"]]
        kind = entry.get("type", "string")
        if kind not in PROPERTY_TYPES:
            raise MappingError(f"mapping: {here}: type {kind!r} is not one of {', '.join(PROPERTY_TYPES)}")
        if name == "iri":
            raise MappingError(f"mapping: {here}: `iri` is the key every node has; choose another name")
        path = tuple(_step(s, prefixes, here) for s in raw)
        specs.append(PropertySpec(name, path, kind, entry.get("lang")))
    return tuple(specs)


def load_mapping(path: Path | None = None) -> Neo4jMapping:
    """Read and check a mapping file.

    Parameters
    ----------
    path : Path or None
        A TOML mapping; None reads the shipped ``ontology/neo4j-mapping.toml``.

    Returns
    -------
    Neo4jMapping

    Raises
    ------
    MappingError
        When the file is not valid TOML, names an undeclared prefix or label, or gives a
        label, type or property a name that is not a plain Cypher identifier.

    Examples
    --------
    >>> m = load_mapping()
    >>> [r.type for r in m.relationships if r.reified_class is not None]
    ['RESPONSIBLE']
    >>> m.node_property_types("Agency")["resolved"]
    'boolean'
    """
    file = Path(path) if path is not None else data_path(MAPPING_FILE)
    try:
        data: dict[str, Any] = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise MappingError(f"cannot read the Neo4j mapping {file}: {err}") from err
    prefixes = data.get("prefixes", {})
    nodes: list[NodeSpec] = []
    for i, entry in enumerate(data.get("nodes", [])):
        where = f"nodes[{i}]"
        label = _identifier(entry.get("label"), f"{where} label")
        extra = tuple((_identifier(x, f"{where} extra label"), _iri(c, prefixes, f"{where}.extra_labels.{x}"))
                      for x, c in entry.get("extra_labels", {}).items())
        nodes.append(NodeSpec(label, _iri(entry.get("class"), prefixes, f"{where}.class"), extra,
                              _properties(entry.get("properties", {}), prefixes, f"{where} ({label})")))
    labels = {n.label for n in nodes}
    if len(labels) != len(nodes):
        raise MappingError("mapping: a label is declared twice in [[nodes]]")
    rels: list[RelationshipSpec] = []
    for i, entry in enumerate(data.get("relationships", [])):
        where = f"relationships[{i}]"
        rel_type = _identifier(entry.get("type"), f"{where} type")
        start, end = entry.get("from"), entry.get("to")
        if start not in labels or end not in labels:
            raise MappingError(f"mapping: {where} ({rel_type}) joins {start!r} to {end!r}; "
                               f"both must be node labels ({', '.join(sorted(labels))})")
        props = _properties(entry.get("properties", {}), prefixes, f"{where} ({rel_type})")
        reified = entry.get("reified")
        if (reified is None) == ("predicate" not in entry):
            raise MappingError(f"mapping: {where} ({rel_type}) needs either predicate or reified")
        if reified is not None:
            rels.append(RelationshipSpec(
                rel_type, start, end, None, _iri(reified.get("class"), prefixes, where),
                _step(reified.get("from"), prefixes, where), _step(reified.get("to"), prefixes, where),
                props))
        else:
            rels.append(RelationshipSpec(rel_type, start, end, _iri(entry["predicate"], prefixes, where),
                                         properties=props))
    vocabulary = tuple(file.parent / name for name in data.get("vocabulary", []))
    return Neo4jMapping(tuple(nodes), tuple(rels), vocabulary)


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
        relationship ends at a node of another label than the mapping declares.
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
        found = _relationships(index, rel_spec, class_of[rel_spec.start_label], endpoint)
        graph.relationships += sorted(found,
                                      key=lambda r: (r.start, r.end, r.key or ""))
    graph.nodes += sorted(stubs.values(), key=lambda r: (mapping.primary_labels.index(r.label), r.iri))
    return graph


def _relationships(index: _Index, spec: RelationshipSpec, start_class: str,
                   endpoint: Callable[[Term, str, RelationshipSpec], str]) -> Iterator[RelationshipRow]:
    if spec.predicate is not None:
        table = index.forward[spec.predicate]
        for subject in index.members.get(start_class, ()):
            for obj in table.get(subject, ()):
                if isinstance(obj, ox.Literal):
                    raise MappingError(f"{spec.type}: {_text(subject)} has a literal where a "
                                       f"{spec.end_label} is expected: {obj}")
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
