"""The library of named SPARQL questions: ``graph/queries/NAME.rq`` files and their headers.

Each file starts with a ``#`` comment block: the first line is the question it answers,
the next lines explain it, ``# param NAME (TYPE): text`` lines declare the parameters
(continued on lines indented past the ``#``), and ``# columns:`` names the result columns.
The files are data, read with :mod:`importlib.resources`; a Cypher twin
``NAME.cypher`` may sit beside each one. Values for the parameters are never pasted
into the text: :func:`convert_parameters` checks and types them here, for both engines,
and :mod:`graph.sparql` or :mod:`graph.neo4j` binds them.

Examples
--------
>>> q = get_query("measures_led_by")
>>> q.summary
'Which measures does an agency lead?'
>>> [(p.name, p.type, p.default) for p in q.parameters]
[('agency', 'string', None), ('include_predecessors', 'boolean', 'false')]
>>> q.columns
('document', 'number', 'title', 'agency_name')
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

from graph.errors import QueryParameterError, UnknownQueryError

__all__ = [
    "PARAMETER_TYPES",
    "Iri",
    "NamedQuery",
    "Parameter",
    "ParameterValue",
    "convert_parameters",
    "get_query",
    "list_queries",
    "parse_query",
]

PARAMETER_TYPES = ("string", "date", "integer", "iri", "boolean")
"""Types a parameter may declare; :func:`convert_parameters` converts to them."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_NOT_IN_IRI = re.compile(r'[\s<>"{}|\\^`]')

_PARAM = re.compile(r"^param\s+(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s+\((?P<type>\w+)"
                    r"(?:,\s*default\s+(?P<default>[^)]*?))?\):\s*(?P<text>.*)$")
_BOOLEANS = {"true": True, "false": False}
_COLUMNS = re.compile(r"^columns:\s*(?P<names>.*)$")


@dataclass(frozen=True, slots=True)
class Parameter:
    """A parameter a named query declares.

    Attributes
    ----------
    name : str
        The SPARQL variable it binds (``agency`` binds ``?agency``).
    type : str
        One of :data:`PARAMETER_TYPES`.
    description : str
        What to pass, with examples.
    default : str or None
        The value taken when none is given (``# param NAME (TYPE, default VALUE): ...``);
        None for a required parameter.
    """

    name: str
    type: str
    description: str
    default: str | None = None


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A SPARQL query of the library, with what its header says about it.

    Attributes
    ----------
    name : str
        The file's stem (``measures_led_by``).
    text : str
        The whole file, header included (comments are valid SPARQL).
    summary : str
        The question it answers: the header's first line.
    description : str
        The header's explanation, without parameter and column lines.
    parameters : tuple of Parameter
        Declared parameters, in header order.
    columns : tuple of str
        The result columns the header announces.
    """

    name: str
    text: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Iri:
    """An absolute IRI given as a parameter value (``<https://...>`` or a parameter of type iri)."""

    value: str


ParameterValue = str | bool | int | datetime.date | Iri
"""A parameter value once typed: text, a truth value, an integer, a day or an IRI."""


def _typed(parameter: Parameter, value: str) -> ParameterValue:
    kind = parameter.type
    try:
        if kind == "date":
            return datetime.date.fromisoformat(value)
        if kind == "integer":
            return int(value)
        if kind == "boolean":
            if value.lower() not in _BOOLEANS:
                raise ValueError("not true or false")
            return _BOOLEANS[value.lower()]
        if kind == "iri":
            if ":" not in value or _NOT_IN_IRI.search(value):
                raise ValueError("not an absolute IRI")
            return Iri(value)
    except ValueError as err:
        raise QueryParameterError(
            f"parameter {parameter.name!r} must be of type {kind} ({parameter.description}); "
            f"got {value!r}") from err
    return value


def convert_parameters(values: Mapping[str, str],
                       parameters: Sequence[Parameter] | None = None) -> dict[str, ParameterValue]:
    """Check ``name=value`` strings and give each value its type, for either engine.

    Parameters
    ----------
    values : mapping of str to str
        Parameter values as the user typed them.
    parameters : sequence of Parameter, optional
        What a named query declares. Every declared parameter without a default is then
        required (one with a default takes it when not given), no other is accepted, and
        each value is converted to its declared type (``date`` to a :class:`datetime.date`,
        ``integer`` to an int, ``boolean`` (true or false) to a bool, ``iri`` to an
        :class:`Iri`). Without
        it (an ad hoc query) a value written ``<...>`` is an IRI and any other a string.

    Returns
    -------
    dict of str to ParameterValue

    Raises
    ------
    QueryParameterError
        When a name is not a plain variable name, a declared parameter is missing, an
        unknown one is given, or a value does not fit its type.

    Examples
    --------
    >>> convert_parameters({"name": "海关总署", "it": "<https://w3id.org/x>"})
    {'name': '海关总署', 'it': Iri(value='https://w3id.org/x')}
    >>> convert_parameters({"date": "2021-12-31"}, [Parameter("date", "date", "a day")])
    {'date': datetime.date(2021, 12, 31)}
    >>> convert_parameters({"date": "end of 2021"}, [Parameter("date", "date", "a day")])
    Traceback (most recent call last):
    ...
    graph.errors.QueryParameterError: parameter 'date' must be of type date (a day); got 'end of 2021'
    >>> convert_parameters({}, [Parameter("all", "boolean", "widen", default="false")])
    {'all': False}
    """
    for name in values:
        if not _NAME.match(name):
            raise QueryParameterError(f"parameter name {name!r} must be a plain name such as agency "
                                      "(letters, digits, _)")
    if parameters is None:
        typed: dict[str, ParameterValue] = {}
        for name, value in values.items():
            if value.startswith("<") and value.endswith(">"):
                if ":" not in value or _NOT_IN_IRI.search(value[1:-1]):
                    raise QueryParameterError(f"parameter {name!r}: {value} is not a valid IRI")
                typed[name] = Iri(value[1:-1])
            else:
                typed[name] = value
        return typed
    declared = {p.name: p for p in parameters}
    unknown = sorted(set(values) - set(declared))
    missing = [p.name for p in parameters if p.name not in values and p.default is None]
    takes = ", ".join(f"{p.name} ({p.type})" for p in parameters) or "no parameters"
    if unknown:
        raise QueryParameterError(f"unknown parameter {', '.join(unknown)}; this query takes {takes}")
    if missing:
        raise QueryParameterError(
            "missing parameter " + ", ".join(missing) + "; pass "
            + " ".join(f"--param {p.name}=VALUE" for p in parameters if p.name in missing)
            + " (" + "; ".join(f"{p.name}: {p.description}" for p in parameters if p.name in missing) + ")")
    given = {p.name: values.get(p.name, p.default) for p in parameters}
    return {name: _typed(declared[name], value) for name, value in given.items() if value is not None}


def parse_query(name: str, text: str) -> NamedQuery:
    """Read a query's header comment.

    Parameters
    ----------
    name : str
        The query's name.
    text : str
        The SPARQL text, starting with its ``#`` header.

    Returns
    -------
    NamedQuery

    Raises
    ------
    ValueError
        When the header is missing, or declares a parameter twice or with an unknown type.

    Examples
    --------
    >>> q = parse_query("demo", '''# Which measures are due?
    ... # Lists them.
    ... # param date (date): the day,
    ... #   as YYYY-MM-DD.
    ... # columns: number
    ... SELECT ?number WHERE { ?m <http://x/due> ?d FILTER (?d <= ?date) }''')
    >>> q.summary, q.description
    ('Which measures are due?', 'Lists them.')
    >>> q.parameters
    (Parameter(name='date', type='date', description='the day, as YYYY-MM-DD.', default=None),)
    """
    header: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            break
        header.append(stripped[1:])
    if not header or not header[0].strip():
        raise ValueError(f"query {name!r} must start with a '#' line saying what it answers")
    summary = header[0].strip()
    description: list[str] = []
    params: list[list[str]] = []
    defaults: list[str | None] = []
    columns: tuple[str, ...] = ()
    for raw in header[1:]:
        line = raw.strip()
        param = _PARAM.match(line)
        cols = _COLUMNS.match(line)
        if param:
            if param["type"] not in PARAMETER_TYPES:
                raise ValueError(f"query {name!r}: parameter {param['name']!r} has unknown type "
                                 f"{param['type']!r}; use one of {', '.join(PARAMETER_TYPES)}")
            params.append([param["name"], param["type"], param["text"]])
            defaults.append(param["default"])
        elif cols:
            columns = tuple(c.strip() for c in cols["names"].split(",") if c.strip())
        elif params and raw.startswith("   ") and line:
            params[-1][2] += " " + line
        elif line:
            description.append(line)
    names = [p[0] for p in params]
    if len(set(names)) != len(names):
        raise ValueError(f"query {name!r} declares a parameter twice: {', '.join(names)}")
    for (p_name, p_type, p_text), default in zip(params, defaults, strict=True):
        if default is not None:
            try:
                _typed(Parameter(p_name, p_type, p_text), default)
            except QueryParameterError as err:
                raise ValueError(f"query {name!r}: the default of {p_name!r} does not fit: {err}") from err
    return NamedQuery(
        name=name,
        text=text,
        summary=summary,
        description=" ".join(description),
        parameters=tuple(Parameter(n, t, d, default)
                         for (n, t, d), default in zip(params, defaults, strict=True)),
        columns=columns,
    )


def _folder() -> Traversable:
    return files("graph").joinpath("queries")


def list_queries() -> list[NamedQuery]:
    """Every named query shipped in ``graph/queries/``, sorted by name.

    Examples
    --------
    >>> "agency_pairs" in [q.name for q in list_queries()]
    True
    """
    found = [entry for entry in _folder().iterdir() if entry.name.endswith(".rq") and entry.is_file()]
    return [parse_query(entry.name[:-3], entry.read_text(encoding="utf-8"))
            for entry in sorted(found, key=lambda e: e.name)]


def get_query(name: str) -> NamedQuery:
    """The named query ``name``.

    Parameters
    ----------
    name : str
        A file stem of ``graph/queries/`` (``measures_led_by``).

    Returns
    -------
    NamedQuery

    Raises
    ------
    UnknownQueryError
        When there is no such query; the message lists the ones there are.

    Examples
    --------
    >>> get_query("who_knows")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.UnknownQueryError: no named query 'who_knows'; known: agencies_by_measures_involved, ...
    """
    if re.fullmatch(r"[A-Za-z0-9_]+", name):
        entry = _folder().joinpath(f"{name}.rq")
        if entry.is_file():
            return parse_query(name, entry.read_text(encoding="utf-8"))
    known = ", ".join(q.name for q in list_queries())
    raise UnknownQueryError(f"no named query {name!r}; known: {known} (see `tradekg query --list`)")
