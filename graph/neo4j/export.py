"""The property graph as files for Neo4j's own tools: a Cypher script or neo4j-admin CSV.

Both come from the rows of :mod:`graph.neo4j.rows`, like the loader, so a database
filled by ``cypher-shell -f tradekg.cypher``, by ``neo4j-admin database import full`` or
by ``tradekg neo4j load`` holds the same nodes, labels, relationships and properties.

* ``cypher`` writes ``tradekg.cypher``: the loader's constraints and batched ``UNWIND
  [...] AS row MERGE ...`` statements, one statement per line, with the rows written as
  Cypher literals by :func:`cypher_literal` (this is a script for ``cypher-shell``, not
  a query built from user input; the literal writer escapes every quote, backslash and
  control character). Running it twice changes nothing.
* ``admin-csv`` writes one node file per label and one relationship file per type in the
  header format of ``neo4j-admin database import full`` (``iri:ID``, ``:LABEL``,
  ``:START_ID``, ``:END_ID``, ``:TYPE``, typed columns such as ``rank:int``,
  ``resolved:boolean``, ``due_date:date``, ``aliases:string[]``), plus
  ``neo4j-admin-import.sh`` with the command that imports them into a new database.
"""

from __future__ import annotations

import csv
import datetime
import math
import shlex
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.errors import UnknownFormatError
from graph.neo4j.errors import Neo4jExportError
from graph.neo4j.mapping import IDENTIFIER, Neo4jMapping
from graph.neo4j.rows import PropertyGraph, Value
from graph.neo4j.statements import constraint_statements, node_statement, relationship_statement

__all__ = [
    "CSV_TYPES",
    "EXPORT_FORMATS",
    "AdminCsvFiles",
    "cypher_literal",
    "cypher_statements",
    "export_neo4j",
    "write_admin_csv",
    "write_cypher",
]

CYPHER_FILE = "tradekg.cypher"
IMPORT_SCRIPT = "neo4j-admin-import.sh"

CSV_TYPES = {"string": "string", "integer": "int", "float": "double", "boolean": "boolean",
             "date": "date", "string[]": "string[]"}
"""neo4j-admin column type for each mapping property type."""

_ARRAY_DELIMITERS = (";", "|", "\u001f")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _string_literal(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ch in "\x7f\u2028\u2029":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_literal(value: Any) -> str:
    r"""Write a value as a Cypher literal.

    Parameters
    ----------
    value : None, bool, int, float, str, datetime.date, list or dict
        A row value; dict keys must be plain Cypher names.

    Returns
    -------
    str

    Raises
    ------
    Neo4jExportError
        For NaN or infinite floats, map keys that are not plain names, other types.

    Examples
    --------
    >>> print(cypher_literal("x'}) DETACH DELETE n //"))
    'x\'}) DETACH DELETE n //'
    >>> print(cypher_literal({"title": "a\\b\n海关", "rank": 1, "ok": True, "end": None}))
    {`title`: 'a\\b\n海关', `rank`: 1, `ok`: true, `end`: null}
    >>> print(cypher_literal([datetime.date(2021, 12, 31), 1.5]))
    [date('2021-12-31'), 1.5]
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Neo4jExportError(f"{value} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return _string_literal(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return f"date('{value.isoformat()}')"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        for key in value:
            if not isinstance(key, str) or not IDENTIFIER.match(key):
                raise Neo4jExportError(f"map key {key!r} is not a plain Cypher name")
        return "{" + ", ".join(f"`{k}`: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise Neo4jExportError(f"no Cypher literal for {type(value).__name__} {value!r}")


def _with_rows(statement: str, rows: list[dict[str, Any]]) -> str:
    head, _, rest = statement.partition("\n")
    assert head == "UNWIND $rows AS row"
    return f"UNWIND {cypher_literal(rows)} AS row " + rest.replace("\n", " ") + ";"


def cypher_statements(graph: PropertyGraph, mapping: Neo4jMapping, *, batch_size: int = 500) -> Iterator[str]:
    """The statements of the Cypher script, each on one line ending with ``;``.

    Examples
    --------
    >>> from graph.neo4j.mapping import load_mapping
    >>> from graph.neo4j.rows import project_turtle
    >>> pg = project_turtle('<http://x/m> a <https://w3id.org/tradekg/ontology#Measure> .')
    >>> lines = list(cypher_statements(pg, load_mapping()))
    >>> lines[-1]
    "UNWIND [{`iri`: 'http://x/m', `properties`: {`iri`: 'http://x/m'}}] AS row MERGE (n:`Measure` \
{iri: row.iri}) WITH n, row WHERE properties(n) <> row.properties SET n = row.properties;"
    """
    for statement in constraint_statements(mapping):
        yield statement + ";"
    nodes: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
    for node in graph.nodes:
        nodes[(node.label, node.extra_labels)].append(
            {"iri": node.iri, "properties": {"iri": node.iri, **node.properties}})
    for (label, extra), rows in nodes.items():
        for i in range(0, len(rows), batch_size):
            yield _with_rows(node_statement(label, extra), rows[i:i + batch_size])
    rels: dict[tuple[str, str, str, bool], list[dict[str, Any]]] = defaultdict(list)
    for rel in graph.relationships:
        rels[(rel.type, rel.start_label, rel.end_label, rel.key is not None)].append(
            {"start": rel.start, "end": rel.end, "key": rel.key, "properties": rel.properties})
    for (rel_type, start, end, keyed), rows in rels.items():
        statement = relationship_statement(rel_type, start, end, keyed=keyed)
        for i in range(0, len(rows), batch_size):
            yield _with_rows(statement, rows[i:i + batch_size])


def write_cypher(graph: PropertyGraph, mapping: Neo4jMapping, out_dir: Path) -> list[Path]:
    """Write ``OUT_DIR/tradekg.cypher``; see :func:`cypher_statements`.

    Returns
    -------
    list of Path
        The one file written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / CYPHER_FILE
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write("// The tradekg graph for Neo4j 5, from `tradekg neo4j export --format cypher`.\n"
                     "// One statement per line; running it again changes nothing. Load it with\n"
                     f"//   cypher-shell -a bolt://localhost:7687 -f {CYPHER_FILE}\n")
        for statement in cypher_statements(graph, mapping):
            handle.write(statement + "\n")
    return [path]


@dataclass
class AdminCsvFiles:
    """What :func:`write_admin_csv` wrote, for ``run_admin_import`` or the script.

    Attributes
    ----------
    nodes, relationships : list of Path
        One file per label, one per relationship type.
    extra_args : list of str
        Importer options the files need (``--array-delimiter``, ``--multiline-fields``).
    script : Path or None
        ``neo4j-admin-import.sh`` with the whole command.
    """

    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    extra_args: list[str] = field(default_factory=list)
    script: Path | None = None

    @property
    def files(self) -> list[Path]:
        """Every file written."""
        return [*self.nodes, *self.relationships, *([self.script] if self.script else [])]


def _array_delimiter(graph: PropertyGraph) -> str:
    texts = [v for n in graph.nodes for v in n.properties.values() if isinstance(v, list)]
    texts += [[x for n in graph.nodes for x in n.extra_labels]]
    for delimiter in _ARRAY_DELIMITERS:
        if not any(delimiter in item for values in texts for item in values):
            return delimiter
    raise Neo4jExportError("every array delimiter neo4j-admin could use occurs in a list value")


def _csv_cell(value: Value | None, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return delimiter.join(value)
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write_admin_csv(graph: PropertyGraph, mapping: Neo4jMapping, out_dir: Path) -> AdminCsvFiles:
    """Write neo4j-admin import files: ``nodes-LABEL.csv`` and ``relationships-TYPE.csv``.

    Node ids are the IRIs (one id space: every IRI is one node), stored as ``iri``.

    Returns
    -------
    AdminCsvFiles

    Examples
    --------
    >>> import tempfile
    >>> from graph.neo4j.mapping import load_mapping
    >>> from graph.neo4j.rows import project_turtle
    >>> pg = project_turtle('''@prefix tkg: <https://w3id.org/tradekg/ontology#> .
    ... <http://x/m> a tkg:Measure ; tkg:number "1" ; tkg:ledBy <http://x/a> .
    ... <http://x/a> a tkg:Agency, tkg:Enterprise ; tkg:resolved true .''')
    >>> files = write_admin_csv(pg, load_mapping(), Path(tempfile.mkdtemp()))
    >>> print(files.nodes[1].read_text(), end="")
    iri:ID,:LABEL,key:string,name_zh:string,name_en:string,aliases:string[],level:string,resolved:boolean,\
valid_from:string,valid_to:string
    http://x/a,Agency;Enterprise,,,,,,true,,
    >>> print(files.relationships[0].read_text(), end="")
    :START_ID,:END_ID,:TYPE
    http://x/m,http://x/a,LED_BY
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    delimiter = _array_delimiter(graph)
    files = AdminCsvFiles()
    if delimiter != ";":
        files.extra_args.append(f"--array-delimiter={delimiter}")
    multiline = False
    by_label: dict[str, list[list[str]]] = defaultdict(list)
    for label in mapping.primary_labels:
        types = mapping.node_property_types(label)
        for node in (n for n in graph.nodes if n.label == label):
            cells = [_csv_cell(node.properties.get(name), delimiter) for name in types]
            multiline = multiline or any("\n" in c or "\r" in c for c in cells)
            by_label[label].append([node.iri, delimiter.join((label, *node.extra_labels)), *cells])
    for label, rows in by_label.items():
        header = ["iri:ID", ":LABEL",
                  *(f"{name}:{CSV_TYPES[kind]}" for name, kind in mapping.node_property_types(label).items())]
        path = out_dir / f"nodes-{label}.csv"
        _write_csv(path, header, rows)
        files.nodes.append(path)
    for rel_type in mapping.relationship_types:
        types = mapping.relationship_property_types(rel_type)
        rows = []
        for rel in (r for r in graph.relationships if r.type == rel_type):
            cells = [_csv_cell(rel.properties.get(name), delimiter) for name in types]
            multiline = multiline or any("\n" in c or "\r" in c for c in cells)
            rows.append([rel.start, rel.end, rel_type, *cells])
        if rows:
            header = [":START_ID", ":END_ID", ":TYPE", *(f"{n}:{CSV_TYPES[k]}" for n, k in types.items())]
            path = out_dir / f"relationships-{rel_type}.csv"
            _write_csv(path, header, rows)
            files.relationships.append(path)
    if multiline:
        files.extra_args.append("--multiline-fields=true")
    files.script = out_dir / IMPORT_SCRIPT
    arguments = [*(f"--nodes={p.name}" for p in files.nodes),
                 *(f"--relationships={p.name}" for p in files.relationships), *files.extra_args]
    files.script.write_text(
        "#!/bin/sh\n# Import these files into a new database `neo4j` (stop the server first; add\n"
        "# --overwrite-destination=true to replace an existing one). Written by\n"
        "# `tradekg neo4j export --format admin-csv`.\nset -e\ncd \"$(dirname \"$0\")\"\n"
        "neo4j-admin database import full neo4j \\\n  "
        + " \\\n  ".join(shlex.quote(a) for a in arguments) + "\n", encoding="utf-8")
    files.script.chmod(0o755)
    return files


EXPORT_FORMATS: dict[str, Callable[[PropertyGraph, Neo4jMapping, Path], list[Path]]] = {
    "cypher": write_cypher,
    "admin-csv": lambda graph, mapping, out: write_admin_csv(graph, mapping, out).files,
}
"""Formats of ``tradekg neo4j export --format``, by name."""


def export_neo4j(graph: PropertyGraph, mapping: Neo4jMapping, fmt: str, out_dir: Path) -> list[Path]:
    """Write the graph in one of :data:`EXPORT_FORMATS` into ``out_dir``.

    Raises
    ------
    UnknownFormatError
        When ``fmt`` is not a known format; the message lists them.

    Examples
    --------
    >>> export_neo4j(PropertyGraph(), None, "graphml", Path("."))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.UnknownFormatError: no Neo4j export format 'graphml'; use one of: admin-csv, cypher
    """
    writer = EXPORT_FORMATS.get(fmt)
    if writer is None:
        known = ", ".join(sorted(EXPORT_FORMATS))
        raise UnknownFormatError(f"no Neo4j export format {fmt!r}; use one of: {known}")
    return writer(graph, mapping, out_dir)
