"""SHACL shapes compiled to SPARQL: one SELECT per shape and constraint component.

pySHACL, the reference engine, walks the data node by node in Python: minutes for half a
million triples. :func:`compile_shapes` turns every constraint of a shapes graph into one
SPARQL SELECT that returns all its offending focus nodes (and values) at once, for
pyoxigraph to run; :func:`graph.rdf.validate.validate_store` runs them and words the
results exactly as the pySHACL path does.

The translation is driven by the shapes graph, and covers what ``ontology/shapes.ttl``
uses: targets ``sh:targetClass`` (with the ontology's subclasses), ``sh:targetSubjectsOf``
and SHACL-AF ``sh:SPARQLTarget``; property shapes on an IRI or an ``sh:inversePath``;
``sh:minCount``, ``sh:maxCount``, ``sh:datatype``, ``sh:class``, ``sh:in``, ``sh:pattern``,
``sh:minLength``, ``sh:minInclusive``, ``sh:nodeKind``, ``sh:node`` (with pySHACL's nested
results), ``sh:or``, ``sh:qualifiedValueShape`` with ``sh:qualifiedMinCount``,
``sh:languageIn``, ``sh:uniqueLang``, ``sh:lessThanOrEquals`` and ``sh:sparql`` (with
``sh:prefixes`` and ``{?value}`` in messages; their ``FILTER NOT EXISTS`` run as ``MINUS``
where that means the same, :mod:`graph.rdf.sparql_rewrite`). Anything else raises
:class:`~graph.errors.UnsupportedShapeError` naming the shape and the construct, so a
constraint is never skipped in silence.

Where pySHACL reads literals with rdflib's rules (is ``" 12 "^^xsd:integer`` an integer?
how does ``"abc"^^xsd:integer`` compare with 1?), the query only narrows the values down:
it returns those SPARQL cannot vouch for, and :mod:`graph.rdf.shacl_values` decides them
(:attr:`CompiledConstraint.check`). Inside ``sh:or``, ``sh:node`` and
``sh:qualifiedValueShape`` a constraint must be decidable in SPARQL alone.

The ontology is read as schema, where pySHACL mixes it into the data: its
``rdfs:subClassOf`` closure for ``sh:class`` and ``sh:targetClass`` (a tradekg graph holds
no subclass triples of its own, and none in the data are followed), and the types of its
individuals for ``sh:class``. Its own triples are not validated as data; the shipped
ontology conforms on its own, so that changes no report. Shape terms (classes, lists,
patterns) are written into the queries as SPARQL terms; values of the data never are.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import NoReturn

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from graph.errors import UnsupportedShapeError
from graph.rdf.shacl_values import (
    datatype_matches,
    less_than_or_equals,
    min_inclusive_holds,
    min_length_holds,
    pattern_matches,
)
from graph.rdf.sparql_rewrite import not_exists_as_minus

__all__ = ["CompiledConstraint", "CompiledShapes", "Row", "compile_shapes"]

Row = Mapping[str, Node]
"""One solution of a compiled query: variable name (``this``, ``value``, …) to rdflib term."""

_Check = Callable[[Row], bool]

_TYPE = f"<{RDF.type}>"
_XSD_STRING = f"<{XSD.string}>"

_CANONICAL = {
    XSD.integer: "^(0|-?[1-9][0-9]*)$",
    XSD.decimal: "^-?[0-9]+([.][0-9]+)?$",
    XSD.boolean: "^(true|false|1|0)$",
    XSD.date: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$",
}
"""Lexical forms SPARQL may accept as well-typed without asking rdflib (a subset of what
rdflib accepts: days 29 to 31, signs, spaces and other digits go to Python)."""

_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}

_COMPONENTS = {
    SH.minCount: "MinCountConstraintComponent",
    SH.maxCount: "MaxCountConstraintComponent",
    SH.datatype: "DatatypeConstraintComponent",
    SH["class"]: "ClassConstraintComponent",
    SH["in"]: "InConstraintComponent",
    SH.pattern: "PatternConstraintComponent",
    SH.minLength: "MinLengthConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent",
    SH.node: "NodeConstraintComponent",
    SH["or"]: "OrConstraintComponent",
    SH.uniqueLang: "UniqueLangConstraintComponent",
    SH.qualifiedValueShape: "QualifiedMinCountConstraintComponent",
    SH.lessThanOrEquals: "LessThanOrEqualsConstraintComponent",
    SH.sparql: "SPARQLConstraintComponent",
}
"""The constraint parameters compiled, with the component pySHACL reports for each."""

_VALUE_TESTS = (SH.datatype, SH["class"], SH["in"], SH.pattern, SH.minLength, SH.minInclusive,
                SH.nodeKind, SH.languageIn, SH.node, SH["or"])
"""Parameters that test each value node on its own (one result per offending value)."""

_SINGLE = (*_COMPONENTS, SH.path, SH.qualifiedMinCount, SH.severity)
"""Parameters a shape may give at most once here."""

_SUPPORTED = {*_COMPONENTS, SH.path, SH.qualifiedMinCount, SH.property, SH.targetClass,
              SH.targetSubjectsOf, SH.target, SH.message, SH.severity, SH.name, SH.description,
              SH.order, SH.group}
"""Every ``sh:`` predicate a shape may carry; any other is refused by name."""

_SPARQL_FEATURES = (
    (re.compile(r"\$PATH\b"), "$PATH in a SPARQL query"),
    (re.compile(r"[?$](currentShape|shapesGraph)\b"), "$currentShape or $shapesGraph in a SPARQL query"),
    (re.compile(r"[?$]failure\b"), "?failure in a SPARQL query"),
    (re.compile(r"^\s*(PREFIX|BASE)\b", re.IGNORECASE), "PREFIX or BASE inside sh:select (use sh:prefixes)"),
)


@dataclass(frozen=True, slots=True)
class CompiledConstraint:
    """One constraint of one shape, as a SPARQL SELECT over the data.

    Attributes
    ----------
    shape : rdflib.URIRef or rdflib.BNode
        The shape the constraint belongs to (reported as ``sh:sourceShape``).
    label : str
        The shape in words: ``tkgsh:Measure-title``, or where an anonymous shape sits.
    path : rdflib.URIRef or rdflib.BNode or None
        The shape's ``sh:path`` node (a blank node for ``sh:inversePath``); None on node shapes.
    component : str
        The SHACL constraint component, ``MinCountConstraintComponent``.
    messages : tuple of str
        The shape's ``sh:message`` texts (and a SPARQL constraint's), sorted.
    severity : rdflib.URIRef
        ``sh:Violation`` unless the shape says otherwise.
    query : str
        The SELECT: ``?this`` is the focus node, ``?value`` the offending value where SHACL
        reports one (``?other`` the value compared with, for ``sh:lessThanOrEquals``).
    check : callable or None
        For candidates SPARQL cannot decide: given a row, True when it is a violation.
        None when every row is one.
    substitute : bool
        True for SPARQL constraints, whose messages name variables (``{?value}``).
    details : tuple of CompiledConstraint
        For ``sh:node``: the nested shape's constraints on the value nodes; their results
        whose focus is a row's value are reported with that row, as pySHACL nests them.
    """

    shape: URIRef | BNode
    label: str
    path: URIRef | BNode | None
    component: str
    messages: tuple[str, ...]
    severity: URIRef
    query: str
    check: _Check | None = None
    substitute: bool = False
    details: tuple[CompiledConstraint, ...] = ()


@dataclass(frozen=True, slots=True)
class CompiledShapes:
    """A shapes graph compiled once, to validate any number of stores.

    Attributes
    ----------
    constraints : tuple of CompiledConstraint
        The constraints of the shapes that have targets; nested ones sit in ``details``.
    """

    constraints: tuple[CompiledConstraint, ...]

    def __len__(self) -> int:
        return len(self.constraints)

    def walk(self) -> Iterator[CompiledConstraint]:
        """Every compiled constraint, nested ``details`` included (depth first)."""
        stack = list(reversed(self.constraints))
        while stack:
            constraint = stack.pop()
            yield constraint
            stack.extend(reversed(constraint.details))


def compile_shapes(shapes: Graph, ontology: Graph) -> CompiledShapes:
    """Compile a SHACL shapes graph to SPARQL queries.

    Parameters
    ----------
    shapes : rdflib.Graph
        The shapes (``graph.rdf.validate.load_shapes()``).
    ontology : rdflib.Graph
        The ontology whose ``rdfs:subClassOf`` closure ``sh:class`` and ``sh:targetClass``
        follow (``graph.rdf.validate.load_ontology()``).

    Returns
    -------
    CompiledShapes

    Raises
    ------
    UnsupportedShapeError
        When a shape uses a construct this compiler does not translate, or a SPARQL query
        of the shapes does not parse.

    Examples
    --------
    >>> shapes = Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:Thing a sh:NodeShape ; sh:targetClass ex:Thing ;
    ...         sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "needs a name" ] .''')
    >>> compiled = compile_shapes(shapes, Graph())
    >>> [(c.label, c.component, c.messages) for c in compiled.constraints]
    [('the anonymous shape on ex:name of ex:Thing', 'MinCountConstraintComponent', ('needs a name',))]
    >>> print(compiled.constraints[0].query)
    SELECT ?this WHERE {
      ?this <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/Thing> .
      FILTER NOT EXISTS { ?this <http://example.org/name> ?_v1 . }
    }
    >>> compile_shapes(Graph().parse(format="turtle", data='''
    ...     @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
    ...     ex:S sh:targetNode ex:a ; sh:closed true .'''), Graph())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.errors.UnsupportedShapeError: ex:S uses sh:targetNode, which the SPARQL validator ...
    """
    return _Compiler(shapes, ontology).compile()


@dataclass(frozen=True, slots=True)
class _Path:
    """A property shape's path: one IRI, forward or inverse."""

    predicate: URIRef

    inverse: bool

    def triple(self, subject: str, value: str) -> str:
        """The triple pattern from ``?subject`` along the path to ``?value``."""
        if self.inverse:
            return f"?{value} {_term(self.predicate)} ?{subject} ."
        return f"?{subject} {_term(self.predicate)} ?{value} ."


@dataclass(frozen=True, slots=True)
class _Focus:
    """The focus nodes of a shape in one context, as a pattern binding one variable.

    ``branches`` are unioned; each writes a group pattern binding the variable it is given
    (instances of classes, subjects of a predicate, a SPARQL target, or the value nodes of a
    parent shape, for ``sh:node``). ``only_class`` is set when the focus nodes are the
    instances of one class: then one triple pattern does, with no sub-SELECT.
    """

    branches: tuple[Callable[[str], str], ...]
    prefixes: tuple[tuple[str, str], ...] = ()
    depth: int = 0
    only_class: URIRef | None = None

    def values(self, path: _Path) -> _Focus:
        """The value nodes along ``path`` of these focus nodes, as focus nodes."""
        outer = f"_f{self.depth}"

        def branch(var: str) -> str:
            return f"{{ {self.pattern(outer)} {path.triple(outer, var)} }}"
        return _Focus((branch,), self.prefixes, self.depth + 1)

    def pattern(self, var: str) -> str:
        """A pattern binding ``?var`` to each focus node once (a sub-SELECT, or one triple)."""
        if self.only_class is not None:
            return f"?{var} {_TYPE} {_term(self.only_class)} ."
        union = " UNION ".join(branch(var) for branch in self.branches)
        return f"{{ SELECT DISTINCT ?{var} WHERE {{ {union} }} }}"


def _instances_of(classes: tuple[URIRef, ...]) -> Callable[[str], str]:
    listed = " ".join(_term(c) for c in classes)
    return lambda var: f"{{ ?{var} {_TYPE} ?_t . VALUES ?_t {{ {listed} }} }}"


def _subjects_of(predicate: Node) -> Callable[[str], str]:
    return lambda var: f"{{ ?{var} {_term(predicate)} ?_o . }}"


def _selected(select: str) -> Callable[[str], str]:
    def branch(var: str) -> str:
        head = "?this" if var == "this" else f"(?this AS ?{var})"
        return f"{{ SELECT {head} WHERE {{ {{ {select} }} }} }}"
    return branch


@dataclass(frozen=True, slots=True)
class _Test:
    """A value test: ``ok(var)`` is a SPARQL expression true for values that surely pass;
    ``passes`` decides the others in Python (None: ``ok`` is exact)."""

    ok: Callable[[str], str]
    passes: Callable[[Node], bool] | None = None
    members: Callable[[str], str] | None = None
    """A graph pattern the passing values match, when ``ok`` is only "matches it" (sh:class):
    at the top level the query removes them with ``MINUS``, a set operation, instead of an
    ``EXISTS`` tried value by value (minutes instead of seconds on a national corpus)."""


def _term(node: Node) -> str:
    """A shapes-graph term written as SPARQL (pyoxigraph escapes it)."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        datatype = node.datatype or XSD.string
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(datatype))))
    raise TypeError(f"no SPARQL term for {node!r}")


def _stringlike(v: str) -> str:
    return f'(isIRI(?{v}) || (isLiteral(?{v}) && (LANG(?{v}) != "" || DATATYPE(?{v}) = {_XSD_STRING})))'


def _prologue(prefixes: Mapping[str, str]) -> str:
    return "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in sorted(prefixes.items()))


def _violation_check(passes: Callable[[Node], bool], row: Row) -> bool:
    return not passes(row["value"])


def _pair_check(row: Row) -> bool:
    return not less_than_or_equals(row["value"], row["other"])


class _Compiler:
    """One compilation: the shapes, the ontology, fresh variable names."""

    def __init__(self, shapes: Graph, ontology: Graph) -> None:
        self.shapes = shapes
        self.ontology = ontology
        self._fresh = itertools.count(1)
        self._probe = ox.Store()

    # ------------------------------------------------------------ the shapes graph

    def compile(self) -> CompiledShapes:
        targeted = {s for p in (SH.targetClass, SH.targetSubjectsOf, SH.target, SH.targetNode,
                                SH.targetObjectsOf) for s in self.shapes.subjects(p, None)}
        classes = {RDFS.Class, *self.shapes.transitive_subjects(RDFS.subClassOf, RDFS.Class)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in self.shapes.subjects(RDF.type, kind):
                if any(t in classes for t in self.shapes.objects(shape, RDF.type)):
                    self._unsupported(shape, "an implicit class target (a shape that is an rdfs:Class)")
        constraints: list[CompiledConstraint] = []
        for shape in sorted(targeted, key=str):
            assert isinstance(shape, URIRef | BNode)
            constraints.extend(self._shape(shape, self._targets(shape), ()))
        return CompiledShapes(tuple(constraints))

    def _name(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return node.n3(self.shapes.namespace_manager)
        path = self.shapes.value(node, SH.path)
        on = f" on {path.n3(self.shapes.namespace_manager)}" if isinstance(path, URIRef) else ""
        parent = next(iter(self.shapes.subjects(SH.property, node)), None)
        return f"the anonymous shape{on}" + (f" of {self._name(parent)}" if parent is not None else "")

    def _unsupported(self, shape: Node, construct: str) -> NoReturn:
        raise UnsupportedShapeError(self._name(shape), construct)

    def _short(self, term: Node) -> str:
        return term.n3(self.shapes.namespace_manager) if isinstance(term, URIRef) else str(term)

    def _var(self, stem: str = "v") -> str:
        return f"_{stem}{next(self._fresh)}"

    def _one(self, shape: Node, parameter: Node) -> Node | None:
        return self.shapes.value(shape, parameter)

    def _check_predicates(self, shape: Node) -> None:
        predicates = list(self.shapes.predicates(shape, None))
        for predicate in sorted(set(predicates), key=str):
            if str(predicate).startswith(str(SH)) and predicate not in _SUPPORTED:
                self._unsupported(shape, self._short(predicate))
            if predicate in _SINGLE and predicates.count(predicate) > 1:
                self._unsupported(shape, f"more than one {self._short(predicate)}")

    def _path(self, shape: Node) -> _Path | None:
        path = self._one(shape, SH.path)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return _Path(path, inverse=False)
        inverse = self.shapes.value(path, SH.inversePath)
        only_inverse = len(set(self.shapes.predicates(path))) == 1
        if isinstance(path, BNode) and isinstance(inverse, URIRef) and only_inverse:
            return _Path(inverse, inverse=True)
        self._unsupported(shape, "an sh:path other than an IRI or sh:inversePath of an IRI")

    def _messages(self, shape: Node, *more: Node) -> tuple[str, ...]:
        messages = {str(m) for node in (shape, *more) for m in self.shapes.objects(node, SH.message)}
        if not messages:
            self._unsupported(shape, "a constraint without sh:message (pySHACL would word one itself)")
        return tuple(sorted(messages))

    def _list(self, shape: Node, head: Node) -> list[Node]:
        if head != RDF.nil and self.shapes.value(head, RDF.first) is None:
            self._unsupported(shape, "a list parameter that is not an RDF list")
        return list(Collection(self.shapes, head))

    def _int(self, shape: Node, parameter: URIRef) -> int:
        value = self._one(shape, parameter)
        if not (isinstance(value, Literal) and isinstance(value.value, int) and value.value >= 0):
            self._unsupported(shape, f"{self._short(parameter)} that is not an integer >= 0")
        assert isinstance(value, Literal)
        return int(value.value)

    def _prefixes(self, shape: Node, node: Node) -> dict[str, str]:
        found: dict[str, str] = {}
        for source in self.shapes.objects(node, SH.prefixes):
            if self.shapes.value(source, OWL.imports) is not None:
                self._unsupported(shape, "sh:prefixes with owl:imports")
            for declaration in self.shapes.objects(source, SH.declare):
                name = str(self.shapes.value(declaration, SH.prefix))
                namespace = str(self.shapes.value(declaration, SH.namespace))
                if found.get(name, namespace) != namespace:
                    self._unsupported(shape, f"two namespaces for the prefix {name}:")
                found[name] = namespace
        return found

    def _select(self, shape: Node, node: Node, allowed: set[URIRef]) -> str:
        for predicate in set(self.shapes.predicates(node, None)):
            if predicate not in allowed:
                self._unsupported(shape, f"{self._short(predicate)} on a SPARQL target "
                                         "or constraint")
        text = self.shapes.value(node, SH.select)
        if not isinstance(text, Literal):
            self._unsupported(shape, "a SPARQL target or constraint without sh:select")
        for pattern, feature in _SPARQL_FEATURES:
            if pattern.search(str(text)):
                self._unsupported(shape, feature)
        return not_exists_as_minus(str(text))

    # ------------------------------------------------------------ the ontology

    def _subclasses(self, cls: Node) -> tuple[URIRef, ...]:
        found = {cls}
        frontier = [cls]
        while frontier:
            for sub in self.ontology.subjects(RDFS.subClassOf, frontier.pop()):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    frontier.append(sub)
        return tuple(sorted((c for c in found if isinstance(c, URIRef)), key=str))

    def _instances(self, classes: tuple[URIRef, ...]) -> tuple[URIRef, ...]:
        return tuple(sorted({s for c in classes for s in self.ontology.subjects(RDF.type, c)
                             if isinstance(s, URIRef)}, key=str))

    # ------------------------------------------------------------ targets and shapes

    def _targets(self, shape: Node) -> _Focus:
        for unsupported in (SH.targetNode, SH.targetObjectsOf):
            if self._one(shape, unsupported) is not None:
                self._unsupported(shape, self._short(unsupported))
        branches: list[Callable[[str], str]] = []
        classes: list[tuple[URIRef, ...]] = []
        prefixes: dict[str, str] = {}
        for cls in sorted(self.shapes.objects(shape, SH.targetClass), key=str):
            classes.append(self._subclasses(cls))
            branches.append(_instances_of(classes[-1]))
        for predicate in sorted(self.shapes.objects(shape, SH.targetSubjectsOf), key=str):
            branches.append(_subjects_of(predicate))
        for target in sorted(self.shapes.objects(shape, SH.target), key=str):
            is_sparql = (target, RDF.type, SH.SPARQLTarget) in self.shapes or self._one(target, SH.select)
            if not is_sparql:
                self._unsupported(shape, "an sh:target that is not an sh:SPARQLTarget")
            branches.append(_selected(self._select(shape, target, {RDF.type, SH.select, SH.prefixes})))
            for name, namespace in self._prefixes(shape, target).items():
                if prefixes.get(name, namespace) != namespace:
                    self._unsupported(shape, f"two namespaces for the prefix {name}:")
                prefixes[name] = namespace
        only = classes[0][0] if len(branches) == 1 and len(classes) == 1 and len(classes[0]) == 1 else None
        return _Focus(tuple(branches), tuple(sorted(prefixes.items())), only_class=only)

    def _shape(self, shape: Node, focus: _Focus, stack: tuple[Node, ...]) -> list[CompiledConstraint]:
        """The constraints of ``shape`` (and its property shapes) on the nodes of ``focus``."""
        if shape in stack:
            self._unsupported(shape, "a shape that reaches itself through sh:node or sh:property")
        assert isinstance(shape, URIRef | BNode)
        self._check_predicates(shape)
        path = self._path(shape)
        out: list[CompiledConstraint] = []
        if path is not None:
            out.extend(self._counts(shape, focus, path))
        elif any(self._one(shape, p) is not None for p in (SH.minCount, SH.maxCount, SH.uniqueLang,
                                                          SH.qualifiedValueShape, SH.lessThanOrEquals)):
            self._unsupported(shape, "a cardinality, sh:uniqueLang or property-pair constraint "
                                     "on a node shape")
        for parameter in _VALUE_TESTS:
            node = self._one(shape, parameter)
            if node is None:
                continue
            test = self._test(shape, parameter, node, stack)
            if test is None:
                continue
            details: tuple[CompiledConstraint, ...] = ()
            if parameter == SH.node:
                inner = focus.values(path) if path is not None else focus
                details = tuple(self._shape(node, inner, (*stack, shape)))
            values = path.triple("this", "value") if path is not None else "BIND(?this AS ?value)"
            if test.members is not None:
                keep = f"  MINUS {{ {test.members('value')} }}"
            else:
                keep = f"  FILTER(!COALESCE({test.ok('value')}, false))"
            query = f"SELECT ?this ?value WHERE {{\n  {focus.pattern('this')}\n  {values}\n{keep}\n}}"
            check = None if test.passes is None else functools.partial(_violation_check, test.passes)
            out.append(self._constraint(shape, parameter, focus, query, check=check, details=details))
        sparql = sorted(self.shapes.objects(shape, SH.sparql), key=str)
        if sparql and path is not None:
            self._unsupported(shape, "sh:sparql on a property shape")
        for constraint in sparql:
            out.append(self._sparql(shape, constraint, focus))
        for prop in sorted(self.shapes.objects(shape, SH.property), key=str):
            if path is not None:
                self._unsupported(shape, "sh:property on a property shape")
            out.extend(self._shape(prop, focus, (*stack, shape)))
        return out

    def _constraint(self, shape: URIRef | BNode, parameter: URIRef, focus: _Focus, body: str, *,
                    check: _Check | None = None, details: tuple[CompiledConstraint, ...] = (),
                    messages: tuple[str, ...] | None = None, prefixes: Mapping[str, str] | None = None,
                    substitute: bool = False) -> CompiledConstraint:
        query = _prologue({**dict(focus.prefixes), **(prefixes or {})}) + body
        try:
            self._probe.query(query)
        except SyntaxError as err:
            construct = f"a SPARQL query pyoxigraph cannot parse ({err})"
            raise UnsupportedShapeError(self._name(shape), construct) from err
        path = self._one(shape, SH.path)
        severity = self._one(shape, SH.severity)
        return CompiledConstraint(
            shape=shape, label=self._name(shape), path=path if isinstance(path, URIRef | BNode) else None,
            component=_COMPONENTS[parameter], messages=messages or self._messages(shape),
            severity=severity if isinstance(severity, URIRef) else SH.Violation, query=query,
            check=check, substitute=substitute, details=details)

    # ------------------------------------------------------------ counts on a path

    def _counts(self, shape: URIRef | BNode, focus: _Focus, path: _Path) -> Iterator[CompiledConstraint]:
        this = focus.pattern("this")
        v = self._var()
        values = path.triple("this", v)
        if self._one(shape, SH.minCount) is not None and (n := self._int(shape, SH.minCount)) > 0:
            if n == 1:
                body = f"SELECT ?this WHERE {{\n  {this}\n  FILTER NOT EXISTS {{ {values} }}\n}}"
            else:
                body = (f"SELECT ?this WHERE {{\n  {this}\n  OPTIONAL {{ {values} }}\n}}\n"
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?{v}) < {n})")
            yield self._constraint(shape, SH.minCount, focus, body)
        if self._one(shape, SH.maxCount) is not None:
            n = self._int(shape, SH.maxCount)
            if n == 1:  # a self-join is a third faster than grouping every focus node
                w = self._var()
                body = (f"SELECT DISTINCT ?this WHERE {{\n  {this}\n  {values}\n  {path.triple('this', w)}\n"
                        f"  FILTER(!sameTerm(?{v}, ?{w}))\n}}")
            else:
                body = (f"SELECT ?this WHERE {{\n  {this}\n  {values}\n}}\n"
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?{v}) > {n})")
            yield self._constraint(shape, SH.maxCount, focus, body)
        unique = self._one(shape, SH.uniqueLang)
        if unique is not None:
            if not (isinstance(unique, Literal) and isinstance(unique.value, bool)):
                self._unsupported(shape, "sh:uniqueLang that is not a boolean")
            assert isinstance(unique, Literal)
            if unique.value:
                body = (f"SELECT ?this WHERE {{\n  {this}\n  {values}\n"
                        f'  FILTER(isLiteral(?{v}) && LANG(?{v}) != "")\n'
                        f"  BIND(LCASE(LANG(?{v})) AS ?_lang)\n}}\n"
                        f"GROUP BY ?this ?_lang HAVING (COUNT(DISTINCT ?{v}) > 1)")
                yield self._constraint(shape, SH.uniqueLang, focus, body)
        qualified = self._one(shape, SH.qualifiedValueShape)
        if (qualified is None) != (self._one(shape, SH.qualifiedMinCount) is None):
            self._unsupported(shape, "sh:qualifiedValueShape without sh:qualifiedMinCount, or the reverse")
        if qualified is not None and (n := self._int(shape, SH.qualifiedMinCount)) > 0:
            conforms = f"FILTER(!{self._violates(qualified, v, (shape,))})"
            if n == 1:
                body = f"SELECT ?this WHERE {{\n  {this}\n  FILTER NOT EXISTS {{ {values} {conforms} }}\n}}"
            else:
                body = (f"SELECT ?this WHERE {{\n  {this}\n  OPTIONAL {{ {values} {conforms} }}\n}}\n"
                        f"GROUP BY ?this HAVING (COUNT(DISTINCT ?{v}) < {n})")
            yield self._constraint(shape, SH.qualifiedValueShape, focus, body)
        other = self._one(shape, SH.lessThanOrEquals)
        if other is not None:
            if not isinstance(other, URIRef):
                self._unsupported(shape, "sh:lessThanOrEquals that is not an IRI")
            canonical = _CANONICAL[XSD.integer]
            surely = " && ".join([
                "isLiteral(?value) && isLiteral(?other)",
                f"DATATYPE(?value) = <{XSD.integer}> && DATATYPE(?other) = <{XSD.integer}>",
                f'REGEX(STR(?value), "{canonical}") && REGEX(STR(?other), "{canonical}")',
                "?value <= ?other"])
            body = (f"SELECT ?this ?value ?other WHERE {{\n  {this}\n  {path.triple('this', 'value')}\n"
                    f"  ?this {_term(other)} ?other .\n  FILTER(!COALESCE({surely}, false))\n}}")
            yield self._constraint(shape, SH.lessThanOrEquals, focus, body, check=_pair_check)

    # ------------------------------------------------------------ value tests

    def _test(self, shape: Node, parameter: Node, node: Node, stack: tuple[Node, ...]) -> _Test | None:
        """The value test of one parameter; None when it passes every value (length 0)."""
        nm = self.shapes.namespace_manager
        if parameter == SH.datatype:
            if node == RDF.langString:
                return _Test(lambda v: f'(isLiteral(?{v}) && LANG(?{v}) != "")')
            if node == XSD.string:
                return _Test(lambda v: f'(isLiteral(?{v}) && LANG(?{v}) = "" && '
                                       f"DATATYPE(?{v}) = {_XSD_STRING})")
            if not isinstance(node, URIRef):
                self._unsupported(shape, "sh:datatype that is not an IRI")
            canonical = _CANONICAL.get(node)
            datatype = node

            def well_typed(v: str) -> str:
                if canonical is None:
                    return "false"
                return (f"(isLiteral(?{v}) && DATATYPE(?{v}) = {_term(datatype)} && "
                        f'REGEX(STR(?{v}), "{canonical}"))')
            return _Test(well_typed, lambda value: datatype_matches(value, datatype))
        if parameter == SH["class"]:
            classes = self._subclasses(node)
            listed = " ".join(_term(c) for c in classes)
            instances = self._instances(classes)
            t = self._var("t")

            def typed(v: str) -> str:
                return f"?{v} {_TYPE} ?{t} . VALUES ?{t} {{ {listed} }}"

            def is_instance(v: str) -> str:
                named = "".join(f" || sameTerm(?{v}, {_term(i)})" for i in instances)
                return f"(EXISTS {{ {typed(v)} }}{named})"
            return _Test(is_instance, members=None if instances else typed)
        if parameter == SH["in"]:
            members = self._list(shape, node)
            if any(isinstance(m, BNode) for m in members):
                self._unsupported(shape, "a blank node in sh:in")
            return _Test(lambda v: "(" + (" || ".join(f"sameTerm(?{v}, {_term(m)})" for m in members)
                                          or "false") + ")")
        if parameter == SH.pattern:
            if not isinstance(node, Literal):
                self._unsupported(shape, "sh:pattern that is not a string")
            try:
                compiled = re.compile(str(node))
            except re.error as err:
                construct = f"sh:pattern Python cannot compile ({err})"
                raise UnsupportedShapeError(self._name(shape), construct) from err
            pattern = _term(Literal(str(node)))
            return _Test(lambda v: f"({_stringlike(v)} && REGEX(STR(?{v}), {pattern}))",
                         lambda value: pattern_matches(value, compiled))
        if parameter == SH.minLength:
            length = self._int(shape, SH.minLength)
            if length == 0:
                return None
            return _Test(lambda v: f"({_stringlike(v)} && STRLEN(STR(?{v})) >= {length})",
                         lambda value: min_length_holds(value, length))
        if parameter == SH.minInclusive:
            if not isinstance(node, Literal):
                self._unsupported(shape, "sh:minInclusive that is not a literal")
            minimum = node
            numeric = minimum.datatype if minimum.datatype in (XSD.integer, XSD.decimal) else None

            def at_least(v: str) -> str:
                if numeric is None:
                    return "false"
                return (f"(isLiteral(?{v}) && DATATYPE(?{v}) = {_term(numeric)} && "
                        f'REGEX(STR(?{v}), "{_CANONICAL[numeric]}") && ?{v} >= {_term(minimum)})')
            return _Test(at_least, lambda value: min_inclusive_holds(value, minimum))
        if parameter == SH.nodeKind:
            if node not in _NODE_KINDS:
                self._unsupported(shape, f"sh:nodeKind {node.n3(nm)}")
            kind = _NODE_KINDS[node]  # type: ignore[index]
            return _Test(lambda v: kind.format(v=f"?{v}"))
        if parameter == SH.languageIn:
            tags = sorted({str(t).lower() for t in self._list(shape, node)})
            listed = ", ".join(_term(Literal(t)) for t in tags)
            if "*" in tags:
                return _Test(lambda v: f'(isLiteral(?{v}) && LANG(?{v}) != "")')
            return _Test(lambda v: f'(isLiteral(?{v}) && LANG(?{v}) != "" && '
                                   f"(LCASE(LANG(?{v})) IN ({listed}) || "
                                   f'LCASE(STRBEFORE(LANG(?{v}), "-")) IN ({listed})))')
        if parameter == SH.node:
            return _Test(lambda v: f"!{self._violates(node, v, (*stack, shape))}")
        members = self._list(shape, node)  # sh:or
        if not members:
            self._unsupported(shape, "an empty sh:or")
        return _Test(lambda v: "(" + " || ".join(f"!{self._violates(m, v, (*stack, shape))}"
                                                 for m in members) + ")")

    def _violates(self, shape: Node, var: str, stack: tuple[Node, ...]) -> str:
        """A SPARQL expression: ``?var`` does not conform to ``shape`` (exact tests only).

        What ``sh:or``, ``sh:node`` and ``sh:qualifiedValueShape`` ask of a nested shape.
        """
        if shape in stack:
            self._unsupported(shape, "a shape that reaches itself through sh:node, sh:or or sh:property")
        self._check_predicates(shape)
        path = self._path(shape)
        parts: list[str] = []
        for parameter in sorted(set(self.shapes.predicates(shape, None)), key=str):
            if parameter in _VALUE_TESTS:
                node = self._one(shape, parameter)
                assert node is not None
                test = self._test(shape, parameter, node, (*stack, shape))
                if test is None:
                    continue
                if test.passes is not None:
                    self._unsupported(shape, f"{self._short(parameter)} inside sh:or, "
                                             "sh:node or sh:qualifiedValueShape")
                if path is None:
                    parts.append(f"!COALESCE({test.ok(var)}, false)")
                else:
                    v = self._var()
                    parts.append(f"EXISTS {{ {path.triple(var, v)} FILTER(!COALESCE({test.ok(v)}, false)) }}")
            elif parameter == SH.minCount and path is not None:
                n = self._int(shape, SH.minCount)
                if n > 1:
                    self._unsupported(shape, "sh:minCount above 1 inside sh:or, sh:node or "
                                             "sh:qualifiedValueShape")
                if n == 1:
                    parts.append(f"NOT EXISTS {{ {path.triple(var, self._var())} }}")
            elif parameter == SH.property:
                if path is not None:
                    self._unsupported(shape, "sh:property on a property shape")
                parts.extend(self._violates(p, var, (*stack, shape))
                             for p in sorted(self.shapes.objects(shape, SH.property), key=str))
            elif parameter in _COMPONENTS:
                self._unsupported(shape, f"{self._short(parameter)} inside sh:or, "
                                         "sh:node or sh:qualifiedValueShape")
        return "(" + " || ".join(parts) + ")" if parts else "false"

    # ------------------------------------------------------------ SPARQL constraints

    def _sparql(self, shape: URIRef | BNode, constraint: Node, focus: _Focus) -> CompiledConstraint:
        select = self._select(shape, constraint, {RDF.type, SH.select, SH.message, SH.prefixes})
        head = re.search(r"SELECT\s+(.*?)\s*(WHERE\b|\{)", select, re.IGNORECASE | re.DOTALL)
        if head is None or not re.search(r"[?$]this\b|\*", head.group(1)):
            self._unsupported(shape, "a SPARQL constraint whose SELECT does not return $this")
        body = f"SELECT DISTINCT * WHERE {{\n  {focus.pattern('this')}\n  {{ {select} }}\n}}"
        prefixes = self._prefixes(shape, constraint)
        for name, namespace in focus.prefixes:
            if prefixes.get(name, namespace) != namespace:
                self._unsupported(shape, f"two namespaces for the prefix {name}:")
        return self._constraint(shape, SH.sparql, focus, body, messages=self._messages(shape, constraint),
                                prefixes=prefixes, substitute=True)

