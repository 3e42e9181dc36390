"""Cypher on Neo4j: the named questions' Cypher twins, or any Cypher, with values as ``$parameters``.

Each named query ``graph/queries/NAME.rq`` has a twin ``NAME.cypher`` that asks the same
question of the property graph :mod:`graph.neo4j.rows` loads: same parameters, same
columns in the same order, same row order (the parity tests check it). The twin's
parameters and columns are the ones the ``.rq`` header declares, so a value is checked and
converted (a ``date`` parameter becomes a Neo4j date) the same way for both engines.

Statements run in read transactions (``routing_="r"``): the server refuses a write in them,
so an ad hoc ``DETACH DELETE`` fails instead of deleting. Values are sent as parameters,
never pasted: ``$agency`` compared with ``x'}) DETACH DELETE n //`` is a comparison with
that text.

Examples
--------
>>> q = get_cypher("measures_led_by")
>>> q.summary, [p.name for p in q.parameters], q.columns
('Which measures does an agency lead?', ['agency', 'include_predecessors'], \
('document', 'number', 'title', 'agency_name'))
>>> cypher_parameters({"agency": "市场监管总局"}, q.parameters)
{'agency': '市场监管总局', 'include_predecessors': False}
>>> cypher_parameters({"date": "2021-12-31"}, get_cypher("targets_due_by").parameters)
{'date': datetime.date(2021, 12, 31)}
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, LiteralString, cast

import neo4j

from graph.errors import UnknownQueryError
from graph.neo4j.errors import Neo4jQueryError
from graph.query_library import Iri, Parameter, ParameterValue, convert_parameters, get_query, list_queries
from graph.results import QueryResult, Value

__all__ = [
    "CypherQuery",
    "cypher_parameters",
    "cypher_value",
    "get_cypher",
    "list_cypher",
    "run_cypher",
    "run_named_cypher",
]

@dataclass(frozen=True, slots=True)
class CypherQuery:
    """A Cypher twin of a named query.

    Attributes
    ----------
    name : str
        The shared file stem.
    text : str
        The Cypher statement (``//`` comments included).
    summary : str
        The question, from the ``.rq`` header.
    parameters : tuple of Parameter
        Declared in the ``.rq`` header.
    columns : tuple of str
        The result columns the ``.rq`` header announces.
    """

    name: str
    text: str
    summary: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]


def get_cypher(name: str) -> CypherQuery:
    """The Cypher twin of the named query ``name``.

    Raises
    ------
    UnknownQueryError
        When there is no such named query, or it has no ``.cypher`` twin.

    Examples
    --------
    >>> get_cypher("../etc/passwd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.UnknownQueryError: no named query '../etc/passwd'; known: ...
    """
    named = get_query(name)
    entry = files("graph").joinpath("queries", f"{named.name}.cypher")
    if not entry.is_file():
        have = ", ".join(q.name for q in list_cypher())
        raise UnknownQueryError(f"the named query {name!r} has no Cypher twin; these have: {have}")
    return CypherQuery(named.name, entry.read_text(encoding="utf-8"), named.summary,
                       named.parameters, named.columns)


def list_cypher() -> list[CypherQuery]:
    """Every named query that has a Cypher twin, sorted by name.

    Examples
    --------
    >>> "agency_pairs" in [q.name for q in list_cypher()]
    True
    """
    found = []
    for named in list_queries():
        entry = files("graph").joinpath("queries", f"{named.name}.cypher")
        if entry.is_file():
            found.append(CypherQuery(named.name, entry.read_text(encoding="utf-8"), named.summary,
                                     named.parameters, named.columns))
    return found


def _native(value: ParameterValue) -> Any:
    return value.value if isinstance(value, Iri) else value


def cypher_parameters(values: Mapping[str, str],
                      parameters: Sequence[Parameter] | None = None) -> dict[str, Any]:
    """Turn ``name=value`` strings into Cypher parameter values.

    Parameters
    ----------
    values : mapping of str to str
        As the user typed them.
    parameters : sequence of Parameter, optional
        A named query's declared parameters: then each is required, checked and converted
        as for SPARQL (:func:`graph.query_library.convert_parameters`): ``date`` to a date,
        ``integer`` to an int, ``string`` and ``iri`` stay text. Without them (ad hoc
        Cypher) every value is a string.

    Returns
    -------
    dict
        For ``execute_query(parameters_=...)``.

    Raises
    ------
    QueryParameterError
        When a declared parameter is missing, unknown or of the wrong type.

    Examples
    --------
    >>> cypher_parameters({"agency": "x'}) DETACH DELETE n //"})
    {'agency': "x'}) DETACH DELETE n //"}
    """
    typed = convert_parameters(values, parameters)  # the same checks and types as SPARQL
    if parameters is None:
        return dict(values)
    return {name: _native(value) for name, value in typed.items()}


def cypher_value(value: Any) -> Value:
    """A Neo4j result value as a plain cell, as :func:`graph.sparql.value_of` gives them.

    Booleans become ``"true"``/``"false"`` and dates their ISO text (the lexical forms
    SPARQL gives), lists are joined with ``"; "``, a node is its ``iri`` (or its
    element id), a relationship its type.

    Examples
    --------
    >>> cypher_value(True), cypher_value(3), cypher_value(["a", "b"]), cypher_value(None)
    ('true', 3, 'a; b', None)
    """
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return "; ".join(str(cypher_value(v)) for v in value)
    if isinstance(value, neo4j.graph.Node):
        return str(value.get("iri", value.element_id))
    if isinstance(value, neo4j.graph.Relationship):
        return value.type
    if hasattr(value, "iso_format"):
        return str(value.iso_format())
    return str(value)


_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)


def run_cypher(driver: neo4j.Driver, text: str, parameters: Mapping[str, Any] | None = None, *,
               database: str | None = None) -> QueryResult:
    """Run one Cypher statement in a read transaction.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver.
    text : str
        The statement; values belong in ``parameters``, referred to as ``$name``.
    parameters : mapping, optional
        Parameter values.
    database : str or None
        The database; None is the server's default.

    Returns
    -------
    QueryResult
        The columns as the statement names them, one row per record.

    Raises
    ------
    Neo4jQueryError
        When the statement tries to write.
    neo4j.exceptions.Neo4jError
        From the server (a syntax error, an unknown function);
        :func:`graph.neo4j.connection.connect` translates them.
    """
    # The text is the user's own statement or a shipped file; values never enter it.
    try:
        records, _, keys = driver.execute_query(
            cast(LiteralString, _COMMENT.sub("", text).strip()), parameters_=dict(parameters or {}),
            database_=database, routing_=neo4j.RoutingControl.READ)
    except neo4j.exceptions.ClientError as err:
        if err.code == "Neo.ClientError.Statement.AccessMode":
            raise Neo4jQueryError("`tradekg query cypher` only reads; the statement tried to write "
                                  "(use cypher-shell or Neo4j Browser to change the database)") from err
        raise
    return QueryResult(tuple(keys), [tuple(cypher_value(r[k]) for k in keys) for r in records])


def run_named_cypher(driver: neo4j.Driver, query: CypherQuery, values: Mapping[str, str] | None = None, *,
                     database: str | None = None) -> QueryResult:
    """Run a named query's Cypher twin with its parameters checked and converted.

    Raises
    ------
    QueryParameterError
        When a parameter is missing, unknown or of the wrong type.
    """
    parameters = cypher_parameters(values or {}, query.parameters)
    return run_cypher(driver, query.text, parameters, database=database)
