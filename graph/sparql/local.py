"""SPARQL on the built graph without a server: parameters bound, never pasted, results as rows.

pyoxigraph runs the queries (``Store.query(substitutions=...)``); rdflib runs the same
text with ``initBindings=`` so tests can check that both engines agree. Either way a
parameter's value travels as an RDF term next to the query, so a name such as
``x" } ; DROP ALL ; #`` is a string to compare with, never SPARQL.

pyoxigraph binds only variables of the ``SELECT`` clause, so a query projects each
parameter (the named queries put them first); :func:`run_named` leaves those columns
out of its result, which then has the columns the query's header announces.

A query with a ``SERVICE`` clause would make the engine fetch another endpoint over
HTTP; both functions refuse it unless called with ``allow_service=True``
(:mod:`graph.sparql.service_clause`). An update is refused with its own message
(:mod:`graph.sparql.read_only`): the graph is only read.

Result cells are plain Python values: integers for ``xsd:integer`` (and its subtypes),
the lexical form for every other literal, the IRI for named nodes, None when unbound.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import XSD, BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib import Variable as RdfVariable
from rdflib.plugins.sparql.sparql import SPARQLError
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from graph.errors import QueryError, QueryParameterError
from graph.query_library import Iri, NamedQuery, Parameter, ParameterValue, convert_parameters
from graph.rdf.serialize import PREFIXES
from graph.results import QueryResult, Value
from graph.sparql.read_only import refuse_update
from graph.sparql.service_clause import refuse_service

__all__ = [
    "Bindings",
    "bind_parameters",
    "result_from_solutions",
    "run_named",
    "run_named_rdflib",
    "run_query",
    "run_query_rdflib",
    "value_of",
]

_INTEGER_TYPES = frozenset(
    str(XSD[t]) for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                      "positiveInteger", "nonPositiveInteger", "negativeInteger",
                      "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte"))

Bindings = dict[str, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]
"""Parameter values as RDF terms, by variable name (without ``?``)."""


def _term(value: ParameterValue) -> ox.NamedNode | ox.Literal:
    if isinstance(value, Iri):
        return ox.NamedNode(value.value)
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(str(XSD.boolean)))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(str(XSD.integer)))
    if isinstance(value, datetime.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(str(XSD.date)))
    return ox.Literal(value)


def bind_parameters(values: Mapping[str, str],
                    parameters: Sequence[Parameter] | None = None) -> Bindings:
    """Turn ``name=value`` strings into RDF terms for binding.

    The values are checked and typed by :func:`graph.query_library.convert_parameters`,
    as for Cypher, then written as RDF terms.

    Parameters
    ----------
    values, parameters
        As for :func:`~graph.query_library.convert_parameters`: the strings typed, and
        what a named query declares (None for an ad hoc query).

    Returns
    -------
    Bindings

    Raises
    ------
    QueryParameterError
        When a declared parameter is missing, an unknown one is given, or a value does not
        fit its type.

    Examples
    --------
    >>> bound = bind_parameters({"name": "海关总署", "it": "<https://w3id.org/x>"})
    >>> bound["name"], bound["it"]
    (<Literal value=海关总署 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>, \
<NamedNode value=https://w3id.org/x>)
    >>> from graph.query_library import Parameter
    >>> bind_parameters({"date": "2021-12-31"}, [Parameter("date", "date", "a day")])
    {'date': <Literal value=2021-12-31 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#date>>}
    >>> bind_parameters({"date": "end of 2021"}, [Parameter("date", "date", "a day")])
    Traceback (most recent call last):
    ...
    graph.errors.QueryParameterError: parameter 'date' must be of type date (a day); got 'end of 2021'
    """
    bound: Bindings = {}
    for name, value in convert_parameters(values, parameters).items():
        try:
            bound[name] = _term(value)
        except ValueError as err:
            raise QueryParameterError(f"parameter {name!r}: {values[name]} is not a valid IRI") from err
    return bound


def value_of(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> Value:
    """A result cell as a plain Python value.

    Examples
    --------
    >>> value_of(ox.Literal("3", datatype=ox.NamedNode(str(XSD.integer))))
    3
    >>> value_of(ox.Literal("海关总署", language="zh")), value_of(ox.NamedNode("http://x/a"))
    ('海关总署', 'http://x/a')
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        if term.datatype.value in _INTEGER_TYPES:
            return int(term.value)
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


def _rdflib_value(term: Node | None) -> Value:
    if term is None:
        return None
    if isinstance(term, RdfLiteral):
        if term.datatype is not None and str(term.datatype) in _INTEGER_TYPES:
            return int(str(term))
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def result_from_solutions(solutions: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    """Rows from pyoxigraph's answer to a query (embedded, or parsed from HTTP).

    ``ASK`` gives one column ``ask`` with ``"true"`` or ``"false"``; ``CONSTRUCT`` and
    ``DESCRIBE`` give ``subject``, ``predicate``, ``object`` in N-Triples form.
    """
    if isinstance(solutions, ox.QueryBoolean):
        return QueryResult(("ask",), [("true" if bool(solutions) else "false",)])
    if isinstance(solutions, ox.QueryTriples):
        return QueryResult(("subject", "predicate", "object"),
                           [(str(t.subject), str(t.predicate), str(t.object)) for t in solutions])
    columns = tuple(v.value for v in solutions.variables)
    return QueryResult(columns, [tuple(value_of(solution[c]) for c in columns) for solution in solutions])


def run_query(store: ox.Store, query: str, bindings: Bindings | None = None, *,
              allow_service: bool = False) -> QueryResult:
    """Run a SPARQL query on a pyoxigraph store, with values bound by substitution.

    Parameters
    ----------
    store : pyoxigraph.Store
        The graph, e.g. from :func:`graph.rdf.store.open_store`.
    query : str
        SPARQL 1.1 query text; the prefixes of :data:`graph.rdf.PREFIXES` are predefined.
    bindings : Bindings, optional
        Values for variables of the ``SELECT`` clause.
    allow_service : bool, default False
        Run a query with a ``SERVICE`` clause, which sends requests to the endpoints it
        names; refused by default.

    Returns
    -------
    QueryResult

    Raises
    ------
    UpdateRefusedError
        When the text is a SPARQL update (the graph is only read).
    ServiceClauseError
        When the query has a ``SERVICE`` clause and ``allow_service`` is False.
    QueryError
        When the query does not parse or cannot be run.
    QueryParameterError
        When a bound variable is not in the ``SELECT`` clause.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("http://x/m1"), ox.NamedNode("http://x/by"), ox.Literal("海关总署")))
    >>> run_query(store, "SELECT ?name ?m WHERE { ?m <http://x/by> ?name }",
    ...           bind_parameters({"name": 'x" } ; DROP ALL ; #'})).rows
    []
    >>> run_query(store, "SELECT ?name ?m WHERE { ?m <http://x/by> ?name }",
    ...           bind_parameters({"name": "海关总署"})).rows
    [('海关总署', 'http://x/m1')]
    """
    refuse_update(query)
    if not allow_service:
        refuse_service(query)
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): term for name, term in (bindings or {}).items()}
    try:
        answer = store.query(query, prefixes=PREFIXES, substitutions=substitutions or None)
        return result_from_solutions(answer)
    except SyntaxError as err:
        raise QueryError(f"the SPARQL query does not parse: {err}") from err
    except RuntimeError as err:
        if "projection" in str(err):
            raise QueryParameterError(
                f"{err}; pyoxigraph binds only variables of the SELECT clause, so add each "
                "parameter to it (e.g. SELECT ?agency ?number ...)") from err
        raise QueryError(f"the SPARQL query failed: {err}") from err
    except (OSError, ValueError) as err:
        raise QueryError(f"the SPARQL query failed: {err}") from err


def _to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Identifier:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise QueryParameterError("rdflib cannot bind an RDF-star triple")
    if term.language:
        return RdfLiteral(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):  # rdflib parses "x" as a literal without datatype
        return RdfLiteral(term.value)
    return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))


def run_query_rdflib(graph: Graph, query: str, bindings: Bindings | None = None, *,
                     allow_service: bool = False) -> QueryResult:
    """Run a SPARQL query with rdflib's engine, values bound with ``initBindings``.

    The reference engine for the parity tests; see :func:`run_query` for the parameters.
    rdflib follows ``SERVICE`` clauses over the network, so they are refused here too
    unless ``allow_service`` is True.

    Examples
    --------
    >>> g = Graph()
    >>> _ = g.add((URIRef("http://x/m1"), URIRef("http://x/by"), RdfLiteral("海关总署")))
    >>> run_query_rdflib(g, "SELECT ?name ?m WHERE { ?m <http://x/by> ?name }",
    ...                  bind_parameters({"name": "海关总署"})).rows
    [('海关总署', 'http://x/m1')]
    """
    refuse_update(query)
    if not allow_service:
        refuse_service(query)
    init: dict[str, Identifier] = {RdfVariable(name): _to_rdflib(term)
                                   for name, term in (bindings or {}).items()}
    try:
        answer = graph.query(query, initNs=PREFIXES, initBindings=init)
    except (ParseException, SPARQLError) as err:
        raise QueryError(f"rdflib could not run the query: {err}") from err
    if answer.type == "ASK":
        return QueryResult(("ask",), [("true" if answer.askAnswer else "false",)])
    if answer.type != "SELECT":
        return QueryResult(("subject", "predicate", "object"),
                           [tuple(t.n3() for t in triple) for triple in answer])  # type: ignore[union-attr]
    columns = tuple(str(v) for v in answer.vars or ())
    rows = []
    for row in answer:
        assert isinstance(row, ResultRow)
        rows.append(tuple(_rdflib_value(row[c]) for c in columns))
    return QueryResult(columns, rows)


def run_named(store: ox.Store, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a named query on a pyoxigraph store.

    Parameters
    ----------
    store : pyoxigraph.Store
        The graph.
    query : NamedQuery
        From :func:`graph.query_library.get_query`.
    values : mapping of str to str, optional
        Its parameters, as strings; converted to their declared types.

    Returns
    -------
    QueryResult
        With the columns the query's header announces (parameters left out).

    Raises
    ------
    QueryParameterError
        When a parameter is missing, unknown or of the wrong type.
    """
    bindings = bind_parameters(values or {}, query.parameters)
    return run_query(store, query.text, bindings).without(p.name for p in query.parameters)


def run_named_rdflib(graph: Graph, query: NamedQuery, values: Mapping[str, str] | None = None) -> QueryResult:
    """Run a named query with rdflib's engine; see :func:`run_named`."""
    bindings = bind_parameters(values or {}, query.parameters)
    return run_query_rdflib(graph, query.text, bindings).without(p.name for p in query.parameters)
