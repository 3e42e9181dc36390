"""Write the property-graph rows of :mod:`graph.neo4j.rows` into Neo4j, idempotently.

Uniqueness constraints on ``iri`` come first, one per label, so that every ``MERGE`` is
an index lookup; then nodes and relationships go in batched ``UNWIND $rows AS row MERGE
...`` transactions, one statement per label (or relationship type) and batch. A property
is written only where its value differs, so loading the same graph twice creates and
sets nothing the second time (the summary says so), while a changed title is updated.
Nodes and relationships that the graph no longer holds are left alone; ``wipe`` starts
clean instead.

Values always travel as parameters; labels and relationship types, which cannot, come
from the mapping file only (see :mod:`graph.neo4j.statements`).

The statements come from :mod:`graph.neo4j.statements`, which the Cypher export shares.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, LiteralString, cast

import neo4j

from graph.neo4j.errors import Neo4jLoadError
from graph.neo4j.mapping import Neo4jMapping
from graph.neo4j.rows import NodeRow, PropertyGraph, RelationshipRow
from graph.neo4j.statements import constraint_statements, node_statement, quote_name, relationship_statement

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "LoadSummary",
    "load_property_graph",
    "wipe_database",
]

DEFAULT_BATCH_SIZE = 1000
"""Rows per transaction: large enough to amortise round trips, small enough for memory."""


@dataclass
class LoadSummary:
    """What a load changed, from the server's result counters.

    Attributes
    ----------
    nodes_created : dict of str to int
        By primary label.
    relationships_created : dict of str to int
        By relationship type.
    properties_set, labels_added, constraints_added, nodes_deleted : int
        Totals (``nodes_deleted`` by ``wipe``).
    rows : int
        Node and relationship rows sent.
    seconds : float
        Wall time of the load, constraints and wipe included.
    """

    nodes_created: dict[str, int] = field(default_factory=dict)
    relationships_created: dict[str, int] = field(default_factory=dict)
    properties_set: int = 0
    labels_added: int = 0
    constraints_added: int = 0
    nodes_deleted: int = 0
    rows: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        """Whether the load created, set or deleted anything."""
        return bool(sum(self.nodes_created.values()) or sum(self.relationships_created.values())
                    or self.properties_set or self.labels_added or self.nodes_deleted)

    def lines(self) -> list[str]:
        """The summary as lines for people.

        Examples
        --------
        >>> LoadSummary({"Measure": 2}, {"LED_BY": 1}, properties_set=9, rows=3, seconds=0.5).lines()
        ['Sent 3 rows in 0.5 s (6 rows/s).', 'Nodes created: Measure 2 (2 in all).', \
'Relationships created: LED_BY 1 (1 in all).', 'Properties set: 9; labels added: 0; constraints added: 0.']
        """
        rate = self.rows / self.seconds if self.seconds else 0.0
        out = [f"Sent {self.rows} rows in {self.seconds:.1f} s ({rate:.0f} rows/s)."]
        if self.nodes_deleted:
            out.append(f"Wiped {self.nodes_deleted} nodes first.")
        if not self.changed:
            out.append("Nothing changed: the database already holds this graph.")
            return out
        for title, counts in (("Nodes", self.nodes_created), ("Relationships", self.relationships_created)):
            made = ", ".join(f"{k} {v}" for k, v in counts.items() if v) or "none"
            out.append(f"{title} created: {made} ({sum(counts.values())} in all).")
        out.append(f"Properties set: {self.properties_set}; labels added: {self.labels_added}; "
                   f"constraints added: {self.constraints_added}.")
        return out


def _run(driver: neo4j.Driver, statement: str, database: str | None, **params: Any) -> neo4j.EagerResult:
    # The statement is built from the mapping's checked names only (see quote_name); every
    # value is in params. The driver types queries as LiteralString to flag pasted values.
    return driver.execute_query(cast(LiteralString, statement), parameters_=params, database_=database)


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def wipe_database(driver: neo4j.Driver, mapping: Neo4jMapping, *, database: str | None = None,
                  batch_size: int = 10_000) -> int:
    """Delete every node carrying one of the mapping's labels, with its relationships.

    Other nodes are left alone, so a database shared with other data keeps it; the
    uniqueness constraints stay. Deletes in batches to bound transaction memory.

    Returns
    -------
    int
        Nodes deleted.
    """
    deleted = 0
    for label in mapping.labels:
        statement = f"MATCH (n:{quote_name(label)}) WITH n LIMIT $limit DETACH DELETE n"
        while True:
            done = _run(driver, statement, database, limit=batch_size).summary.counters.nodes_deleted
            deleted += done
            if done < batch_size:
                break
    return deleted


def load_property_graph(
    driver: neo4j.Driver,
    graph: PropertyGraph,
    mapping: Neo4jMapping,
    *,
    database: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    wipe: bool = False,
    progress: Callable[[int], None] | None = None,
) -> LoadSummary:
    """Load the rows into Neo4j: constraints, then nodes, then relationships.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver (see :func:`graph.neo4j.connection.connect`).
    graph : PropertyGraph
        From :func:`graph.neo4j.rows.read_property_graph`.
    mapping : Neo4jMapping
        The mapping the rows came from (labels for constraints and wiping).
    database : str or None
        Target database; None is the server's default.
    batch_size : int
        Rows per transaction (default :data:`DEFAULT_BATCH_SIZE`).
    wipe : bool
        Delete the mapping's nodes first (see :func:`wipe_database`).
    progress : callable or None
        Called with the number of rows of each batch written.

    Returns
    -------
    LoadSummary

    Raises
    ------
    Neo4jLoadError
        When ``batch_size`` is below 1, or relationships did not find their nodes.
    neo4j.exceptions.Neo4jError
        From the driver; :func:`graph.neo4j.connection.connect` translates them.
    """
    if batch_size < 1:
        raise Neo4jLoadError(f"the batch size must be at least 1, not {batch_size}")
    began = time.perf_counter()
    summary = LoadSummary(rows=len(graph.nodes) + len(graph.relationships))
    if wipe:
        summary.nodes_deleted = wipe_database(driver, mapping, database=database)
    for statement in constraint_statements(mapping):
        summary.constraints_added += _run(driver, statement, database).summary.counters.constraints_added
    nodes: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes:
        nodes[(node.label, node.extra_labels)].append(_node_row(node))
    created: dict[str, int] = defaultdict(int)
    for (label, extra), rows in nodes.items():
        statement = node_statement(label, extra)
        for batch in _batches(rows, batch_size):
            counters = _run(driver, statement, database, rows=batch).summary.counters
            created[label] += counters.nodes_created
            summary.properties_set += counters.properties_set
            summary.labels_added += counters.labels_added
            if progress is not None:
                progress(len(batch))
    summary.nodes_created = {label: created[label] for label in mapping.primary_labels if label in created}
    groups: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for rel in graph.relationships:
        groups[(rel.type, rel.start_label, rel.end_label, rel.key is not None)].append(_relationship_row(rel))
    made: dict[str, int] = defaultdict(int)
    for (rel_type, start, end, keyed), rows in groups.items():
        statement = relationship_statement(rel_type, start, end, keyed=keyed)
        for batch in _batches(rows, batch_size):
            result = _run(driver, statement, database, rows=batch)
            matched = result.records[0]["matched"]
            if matched != len(batch):
                raise Neo4jLoadError(f"{len(batch) - matched} of {len(batch)} {rel_type} relationships "
                                     f"found no {start} or {end} node to join")
            made[rel_type] += result.summary.counters.relationships_created
            summary.properties_set += result.summary.counters.properties_set
            if progress is not None:
                progress(len(batch))
    summary.relationships_created = {t: made[t] for t in mapping.relationship_types if t in made}
    summary.seconds = time.perf_counter() - began
    return summary


def _node_row(node: NodeRow) -> dict[str, Any]:
    return {"iri": node.iri, "properties": {"iri": node.iri, **node.properties}}


def _relationship_row(rel: RelationshipRow) -> dict[str, Any]:
    return {"start": rel.start, "end": rel.end, "key": rel.key, "properties": rel.properties}
