"""The declared mapping from RDF to a property graph: ``ontology/neo4j-mapping.toml`` read and checked.

Neo4j cannot hold RDF as it is: a property graph has labelled nodes with properties and
typed relationships with properties, and no node in the middle of a qualified link. The
mapping file says, as data, which RDF class becomes which label, which predicate which
relationship type, which datatype property (or path of properties) which node property,
and that each ``tkg:Responsibility`` node becomes one ``RESPONSIBLE`` relationship.
:func:`load_mapping` reads it into a :class:`Neo4jMapping`; :mod:`graph.neo4j.rows`
turns an RDF graph into rows through it.

Why TOML: it is read by the standard library (:mod:`tomllib`), it allows the comments
that explain each entry beside it, and a mapping of a few dozen entries stays readable
as one table per label; a Turtle (R2RML-style) mapping would be longer and would need
its own interpreter, JSON allows no comments.

Examples
--------
>>> mapping = load_mapping()
>>> "Measure" in mapping.labels and "RESPONSIBLE" in mapping.relationship_types
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.neo4j.errors import MappingError
from ontology import data_path

__all__ = [
    "IDENTIFIER",
    "MAPPING_FILE",
    "PROPERTY_TYPES",
    "Neo4jMapping",
    "NodeSpec",
    "PropertySpec",
    "RelationshipSpec",
    "Step",
    "load_mapping",
]

MAPPING_FILE = "neo4j-mapping.toml"

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
"""What a label, relationship type or property name must look like (a plain Cypher name)."""

PROPERTY_TYPES = ("string", "integer", "float", "boolean", "date", "string[]")
"""Types a mapped property may declare."""





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
        ('Document', 'CitedDocument', 'Section')
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
        ('RESPONSIBLE', 'ALIGNED_WITH', 'LED_BY')
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
    ['RESPONSIBLE', 'ALIGNED_WITH', 'SUCCEEDED_BY']
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


