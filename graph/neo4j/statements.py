"""The Cypher statements a load and the Cypher export share: constraints and batched ``UNWIND``/``MERGE``.

Values always travel as parameters (``$rows``). Labels and relationship types cannot be
parameters in Cypher, so they are taken from the mapping file only, checked against
:data:`graph.neo4j.mapping.IDENTIFIER` and back-quoted before a statement is built.

Examples
--------
>>> print(node_statement("Agency", ("Enterprise",)))
UNWIND $rows AS row
MERGE (n:`Agency` {iri: row.iri})
SET n:`Enterprise`
WITH n, row WHERE properties(n) <> row.properties
SET n = row.properties
"""

from __future__ import annotations

from collections.abc import Sequence

from graph.neo4j.errors import Neo4jLoadError
from graph.neo4j.mapping import IDENTIFIER, Neo4jMapping

__all__ = ["constraint_statements", "node_statement", "quote_name", "relationship_statement"]


def quote_name(name: str) -> str:
    """Back-quote a label, relationship type or property name for a Cypher statement.

    Cypher takes no parameters for labels and types, so names are pasted into the text;
    only names matching ``^[A-Za-z_][A-Za-z0-9_]*$`` pass, so nothing a name holds can
    end the quoting or add a clause.

    Examples
    --------
    >>> quote_name("LED_BY")
    '`LED_BY`'
    >>> quote_name("Agency`) DETACH DELETE n //")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.neo4j.errors.Neo4jLoadError: 'Agency`) DETACH DELETE n //' is not a plain Cypher name ...
    """
    if not IDENTIFIER.match(name):
        raise Neo4jLoadError(f"{name!r} is not a plain Cypher name ([A-Za-z_][A-Za-z0-9_]*)")
    return f"`{name}`"


def constraint_statements(mapping: Neo4jMapping) -> list[str]:
    """One ``CREATE CONSTRAINT ... IF NOT EXISTS`` per primary label, on ``iri``.

    Examples
    --------
    >>> from graph.neo4j.mapping import load_mapping
    >>> constraint_statements(load_mapping())[0]
    'CREATE CONSTRAINT tradekg_document_iri IF NOT EXISTS FOR (n:`Document`) REQUIRE n.iri IS UNIQUE'
    """
    return [f"CREATE CONSTRAINT tradekg_{label.lower()}_iri IF NOT EXISTS "
            f"FOR (n:{quote_name(label)}) REQUIRE n.iri IS UNIQUE" for label in mapping.primary_labels]


def node_statement(label: str, extra_labels: Sequence[str] = ()) -> str:
    """The batched MERGE of nodes of one label (and set of extra labels).

    Rows are ``{"iri": str, "properties": {"iri": str, ...}}``.
    """
    lines = ["UNWIND $rows AS row", f"MERGE (n:{quote_name(label)} {{iri: row.iri}})"]
    if extra_labels:
        lines.append("SET n" + "".join(f":{quote_name(x)}" for x in extra_labels))
    lines += ["WITH n, row WHERE properties(n) <> row.properties", "SET n = row.properties"]
    return "\n".join(lines)


def relationship_statement(rel_type: str, start_label: str, end_label: str, *, keyed: bool) -> str:
    """The batched MERGE of relationships of one type between two labels.

    Rows are ``{"start": iri, "end": iri, "key": iri or None, "properties": {...}}``; a
    keyed relationship (a reified resource) is merged on its ``iri``, any other is unique
    per start, type and end. The statement returns how many rows found both nodes.

    Examples
    --------
    >>> print(relationship_statement("LED_BY", "Measure", "Agency", keyed=False))
    UNWIND $rows AS row
    MATCH (a:`Measure` {iri: row.start})
    MATCH (b:`Agency` {iri: row.end})
    MERGE (a)-[r:`LED_BY`]->(b)
    WITH r, row, properties(r) <> row.properties AS changed
    FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET r = row.properties)
    RETURN count(*) AS matched
    """
    key = " {iri: row.key}" if keyed else ""
    return "\n".join([
        "UNWIND $rows AS row",
        f"MATCH (a:{quote_name(start_label)} {{iri: row.start}})",
        f"MATCH (b:{quote_name(end_label)} {{iri: row.end}})",
        f"MERGE (a)-[r:{quote_name(rel_type)}{key}]->(b)",
        "WITH r, row, properties(r) <> row.properties AS changed",
        "FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET r = row.properties)",
        "RETURN count(*) AS matched",
    ])
