"""The value tests of SHACL decided as pySHACL decides them, on rdflib terms.

:mod:`graph.rdf.shacl_sparql` compiles shapes to SPARQL, and SPARQL decides most value
tests exactly. A few it can only narrow down, because pySHACL, the reference engine,
reads literals with rdflib's own rules: whether ``" 12 "^^xsd:integer`` is well-typed
(Python's ``int`` says yes), how ``"abc"^^xsd:integer`` compares with ``1``, what
Python's ``re`` makes of a pattern. For those the compiled query returns the few
candidate values SPARQL cannot vouch for, and the functions here give the verdict, each
a transcription of the pySHACL 0.40 constraint it names (``pyshacl/constraints/core/``).
Each returns True when the value passes.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

__all__ = [
    "datatype_matches",
    "less_than_or_equals",
    "min_inclusive_holds",
    "min_length_holds",
    "pattern_matches",
    "value_string",
]

_PYTHON_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: datetime.date,
    XSD.time: datetime.time,
    XSD.dateTime: datetime.datetime,
}
"""What the value of a well-typed literal is in Python (``DatatypeConstraintComponent``)."""


def _has_python_type(value: Literal, datatype: URIRef) -> bool:
    expected = _PYTHON_TYPES.get(datatype)
    return True if expected is None else isinstance(value.value, expected)


def datatype_matches(value: Node, datatype: URIRef) -> bool:
    """Whether a value node matches ``sh:datatype``, as pySHACL decides.

    A literal matches when it has the datatype and rdflib does not find it ill-typed;
    ``xsd:string`` accepts literals without datatype, ``rdf:langString`` tagged ones.

    Examples
    --------
    >>> datatype_matches(Literal("12", datatype=XSD.integer), XSD.integer)
    True
    >>> datatype_matches(Literal("abc", datatype=XSD.integer), XSD.integer)
    False
    >>> datatype_matches(Literal(" 12 ", datatype=XSD.integer), XSD.integer)  # int(" 12 ") is 12
    True
    >>> datatype_matches(Literal("海关总署", lang="zh"), RDF.langString)
    True
    >>> datatype_matches(Literal("x"), XSD.string), datatype_matches(Literal("x", lang="en"), XSD.string)
    (True, False)
    """
    if not isinstance(value, Literal):
        return False
    if value.datatype == datatype:
        return value.ill_typed is not True and _has_python_type(value, datatype)
    if datatype == RDFS.Literal:
        return True
    if datatype == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and datatype == XSD.string:
        return _has_python_type(value, datatype)
    if datatype == RDF.langString and value.language:
        return _has_python_type(value, datatype)
    return False


_FORCE_COMPARE_VALUE = (datetime.datetime, datetime.time)


def _compare_literal(first: Literal, second: Literal) -> int:
    """``pyshacl.rdfutil.compare.compare_literal``: 0, 1 or -1; may raise TypeError."""
    if first.eq(second):
        return 0
    if first.value.__class__ in _FORCE_COMPARE_VALUE:
        if first.value == second.value:
            return 0
        if first.value > second.value:
            return 1
    elif first > second:
        return 1
    return -1


def min_inclusive_holds(value: Node, minimum: Literal) -> bool:
    """Whether a value node is at least ``sh:minInclusive``, as pySHACL decides.

    IRIs, blank nodes and values that do not compare with the minimum fail.

    Examples
    --------
    >>> one = Literal(1)
    >>> min_inclusive_holds(Literal(3), one), min_inclusive_holds(Literal(0), one)
    (True, False)
    >>> min_inclusive_holds(Literal("3"), one), min_inclusive_holds(URIRef("http://x/a"), one)
    (False, False)
    """
    if not isinstance(value, Literal):
        return False
    if isinstance(minimum.value, str) != isinstance(value.value, str):
        return False
    try:
        return _compare_literal(value, minimum) >= 0
    except (TypeError, NotImplementedError):
        return False


def value_string(value: Node) -> str:
    """The string pySHACL matches patterns and measures lengths on.

    Examples
    --------
    >>> value_string(Literal("12")), value_string(Literal("01", datatype=XSD.integer))
    ('12', '1')
    """
    if (isinstance(value, Literal) and value.value is not None
            and value.datatype in (None, RDF.langString, XSD.string)):
        return str(value.value)
    return str(value)


def pattern_matches(value: Node, pattern: re.Pattern[str]) -> bool:
    """Whether a value node matches ``sh:pattern`` (Python's ``re.search``), as pySHACL decides.

    Examples
    --------
    >>> digits = re.compile("^[0-9]+$")
    >>> pattern_matches(Literal("12"), digits), pattern_matches(Literal("十二"), digits)
    (True, False)
    >>> pattern_matches(Literal("12\\n"), digits)  # Python's $ matches before a final newline
    True
    """
    if isinstance(value, BNode):
        return False
    text = value_string(value)
    return bool(pattern.match(text) or pattern.search(text))


def min_length_holds(value: Node, length: int) -> bool:
    """Whether a value node's string is at least ``sh:minLength`` long, as pySHACL decides.

    Examples
    --------
    >>> min_length_holds(Literal(""), 1), min_length_holds(Literal("x"), 1), min_length_holds(BNode(), 0)
    (False, True, True)
    """
    if length == 0:
        return True
    if isinstance(value, BNode):
        return False
    return len(value_string(value)) >= length


def _comparable(node: Node) -> tuple[object, bool]:
    if isinstance(node, URIRef):
        return str(node), True
    if isinstance(node, Literal) and isinstance(node.value, str):
        return node.value, True
    return node, False


def less_than_or_equals(value: Node, other: Node) -> bool:
    """Whether a value node is at most one value of the ``sh:lessThanOrEquals`` property.

    A string never compares with a non-string. Where pySHACL stops with an error (a blank
    node, two literals Python cannot order) the value fails here.

    Examples
    --------
    >>> less_than_or_equals(Literal(3), Literal(5)), less_than_or_equals(Literal(5), Literal(3))
    (True, False)
    >>> less_than_or_equals(Literal("3"), Literal(5))
    False
    """
    left, left_is_string = _comparable(value)
    right, right_is_string = _comparable(other)
    if left_is_string != right_is_string:
        return False
    try:
        return bool(left <= right)  # type: ignore[operator]
    except TypeError:
        return False
