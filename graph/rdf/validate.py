"""SHACL validation of a built graph against ``ontology/shapes.ttl``, on two engines.

The shapes say what a well-formed graph is (every measure in one document with a number,
a title and responsibilities; every responsibility one agency, one of the four roles and
a positive rank; …). Each violation is a :class:`Violation` that reads in plain words:
which shape, which node, which property, and the shape's own message.

:func:`validate_store` runs the shapes compiled to SPARQL (:mod:`graph.rdf.shacl_sparql`)
on a pyoxigraph store: seconds at any size. :func:`validate_graph` runs pySHACL without
inference on an rdflib graph: the reference engine, minutes for half a million triples.
Both give the same :class:`ValidationReport`, word for word.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from graph.errors import QueryError, UnknownEngineError
from graph.rdf.serialize import PREFIXES
from graph.rdf.shacl_sparql import CompiledConstraint, CompiledShapes, Row, compile_shapes
from graph.rdf.store import open_rdflib, open_store
from loaders.vocab import TKGSH
from ontology import data_path

__all__ = [
    "ENGINES",
    "SHAPES_PREFIX",
    "ValidationReport",
    "Violation",
    "compact_iri",
    "load_ontology",
    "load_shapes",
    "merge_reports",
    "validate_directory",
    "validate_graph",
    "validate_store",
]

SHAPES_PREFIX = str(TKGSH)
"""Namespace of the shapes in ``ontology/shapes.ttl`` (written ``tkgsh:``)."""

ENGINES = ("oxigraph", "pyshacl")
"""Validation engines: the shapes compiled to SPARQL on pyoxigraph, and pySHACL (the reference)."""

_SHORT = {**PREFIXES, "tkgsh": SHAPES_PREFIX, "sh": str(SH)}


def compact_iri(term: object) -> str:
    """A term written compactly with the project's prefixes.

    Examples
    --------
    >>> compact_iri(URIRef("https://w3id.org/tradekg/ontology#ledBy"))
    'tkg:ledBy'
    >>> compact_iri(Literal("x")), compact_iri(URIRef("http://example.org/a"))
    ('"x"', '<http://example.org/a>')
    """
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(_SHORT.items(), key=lambda kv: -len(kv[1])):
            rest = text[len(namespace):]
            if text.startswith(namespace) and rest and all(c.isalnum() or c in "-_." for c in rest):
                return f"{prefix}:{rest}"
        return f"<{text}>"
    if isinstance(term, Literal):
        return term.n3()
    return str(term)


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result, in words.

    Attributes
    ----------
    shape : str
        The shape that was violated (``tkgsh:Measure-title``).
    focus : str
        The node that violates it, as an IRI.
    path : str or None
        The property concerned (``dcterms:title``), when the shape has one.
    message : str
        What is wrong, from the shape's ``sh:message``.
    value : str or None
        The offending value, when there is one.
    severity : str
        ``Violation``, ``Warning`` or ``Info``.
    component : str
        The SHACL constraint component (``MinCountConstraintComponent``).
    """

    shape: str
    focus: str
    path: str | None
    message: str
    value: str | None
    severity: str
    component: str

    def describe(self) -> str:
        """The violation as a few lines of plain words.

        Examples
        --------
        >>> v = Violation("tkgsh:Measure-title", "https://w3id.org/tradekg/id/doc/x/measure/1",
        ...               "dcterms:title", "a measure has exactly one title", None,
        ...               "Violation", "MinCountConstraintComponent")
        >>> print(v.describe())
        Violation of tkgsh:Measure-title (MinCountConstraintComponent)
          node:    https://w3id.org/tradekg/id/doc/x/measure/1
          path:    dcterms:title
          problem: a measure has exactly one title
        """
        lines = [f"{self.severity} of {self.shape} ({self.component})", f"  node:    {self.focus}"]
        if self.path:
            lines.append(f"  path:    {self.path}")
        if self.value:
            lines.append(f"  value:   {self.value}")
        lines.append(f"  problem: {self.message}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class ValidationReport:
    """What validating a graph found.

    Attributes
    ----------
    conforms : bool
        True when no shape is violated.
    violations : tuple of Violation
        Sorted by shape, node and path.
    """

    conforms: bool
    violations: tuple[Violation, ...]

    def summary(self) -> str:
        """One line: valid, or how many violations of how many shapes.

        Examples
        --------
        >>> ValidationReport(True, ()).summary()
        'The graph conforms to the SHACL shapes (ontology/shapes.ttl).'
        """
        if self.conforms:
            return "The graph conforms to the SHACL shapes (ontology/shapes.ttl)."
        shapes = len({v.shape for v in self.violations})
        count = len(self.violations)
        return (f"The graph does not conform: {count} violation{'s' if count != 1 else ''} "
                f"of {shapes} shape{'s' if shapes != 1 else ''} (ontology/shapes.ttl).")


def load_shapes() -> Graph:
    """The SHACL shapes graph shipped as ``ontology/shapes.ttl``."""
    return Graph().parse(data_path("shapes.ttl"), format="turtle")


def load_ontology() -> Graph:
    """The ontology shipped as ``ontology/tradekg.ttl``."""
    return Graph().parse(data_path("tradekg.ttl"), format="turtle")


def _node_text(node: object) -> str:
    return str(node) if isinstance(node, URIRef) else compact_iri(node)


def _violation(shape: Node | None, focus: Node | None, path: Node | None, value: Node | None,
               messages: Iterable[str], severity: Node | None, component: Node | None) -> Violation:
    """One result in words, whichever engine found it."""
    texts = sorted(messages)
    return Violation(
        shape=compact_iri(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
        focus=_node_text(focus),
        path=compact_iri(path) if isinstance(path, URIRef) else (None if path is None else "(path)"),
        message=texts[0] if texts else "(the shape gives no message)",
        value=None if value is None else (_node_text(value) if value != focus else None),
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        component=str(component).rsplit("#", 1)[-1] if component is not None else "",
    )


def _in_order(violations: Iterable[Violation]) -> tuple[Violation, ...]:
    return tuple(sorted(violations, key=lambda v: (v.shape, v.focus, v.path or "", v.value or "", v.message)))


def _violations(results: Graph) -> tuple[Violation, ...]:
    return _in_order(
        _violation(results.value(result, SH.sourceShape), results.value(result, SH.focusNode),
                   results.value(result, SH.resultPath), results.value(result, SH.value),
                   (str(m) for m in results.objects(result, SH.resultMessage)),
                   results.value(result, SH.resultSeverity),
                   results.value(result, SH.sourceConstraintComponent))
        for result in results.subjects(RDF.type, SH.ValidationResult))


def validate_graph(data: Graph, *, shapes: Graph | None = None,
                   ontology: Graph | None = None) -> ValidationReport:
    """Validate a graph against the tradekg shapes.

    Parameters
    ----------
    data : rdflib.Graph
        The graph to check; it is not modified.
    shapes : rdflib.Graph, optional
        SHACL shapes; :func:`load_shapes` by default.
    ontology : rdflib.Graph, optional
        The ontology, mixed in so ``sh:class`` sees subclasses; :func:`load_ontology` by default.

    Returns
    -------
    ValidationReport

    Examples
    --------
    >>> from rdflib import Namespace
    >>> TKG = Namespace("https://w3id.org/tradekg/ontology#")
    >>> g = Graph()
    >>> _ = g.add((URIRef("https://w3id.org/tradekg/id/doc/x"), RDF.type, TKG.PolicyDocument))
    >>> report = validate_graph(g)
    >>> report.conforms, [(v.shape, v.path) for v in report.violations]
    (False, [('tkgsh:PolicyDocument-title', 'dcterms:title')])
    """
    import pyshacl  # imported here: it takes a while to load and only validation needs it

    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        ont_graph=ontology if ontology is not None else load_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
    )
    return ValidationReport(bool(conforms), _violations(results))


_CONFORMING_SEVERITIES = ("Warning", "Info")
"""Severities that leave a graph conforming (pySHACL's ``allow_warnings``)."""


def validate_store(store: ox.Store, *, shapes: Graph | None = None, ontology: Graph | None = None,
                   compiled: CompiledShapes | None = None, threads: int = 4) -> ValidationReport:
    """Validate the default graph of a pyoxigraph store against the tradekg shapes.

    Runs the shapes compiled to SPARQL, one query per shape and constraint component, and
    reports what :func:`validate_graph` (pySHACL) reports for the same triples: the same
    violations, worded the same, in the same order.

    Parameters
    ----------
    store : pyoxigraph.Store
        The graph to check, in the default graph; it is only read (a read-only store will do).
    shapes : rdflib.Graph, optional
        SHACL shapes; :func:`load_shapes` by default.
    ontology : rdflib.Graph, optional
        The ontology whose subclasses ``sh:class`` accepts; :func:`load_ontology` by default.
    compiled : CompiledShapes, optional
        Shapes compiled earlier with :func:`graph.rdf.shacl_sparql.compile_shapes`, to
        validate many stores without compiling again; not together with ``shapes`` or
        ``ontology``.
    threads : int
        Queries run at once (default 4); pyoxigraph lets go of the GIL while it evaluates,
        so an on-disk store answers about twice as fast with 4 as with 1.

    Returns
    -------
    ValidationReport

    Raises
    ------
    UnsupportedShapeError
        When the shapes use a construct the SPARQL compiler does not translate.
    QueryError
        When the store fails a query.

    Notes
    -----
    Where the two engines cannot see the same thing, the report may still differ in words:
    Oxigraph keeps valid literals in canonical form and language tags in lower case, so a
    reported ``"7.0"^^xsd:decimal`` reads ``"7"^^xsd:decimal`` and ``@zh-Hans`` reads
    ``@zh-hans``; blank nodes are named differently; the ontology's own triples are not
    validated as data (see :mod:`graph.rdf.shacl_sparql`). tradekg's graphs have none of
    these in their reports.

    Examples
    --------
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("https://w3id.org/tradekg/id/doc/x"), ox.NamedNode(str(RDF.type)),
    ...                   ox.NamedNode("https://w3id.org/tradekg/ontology#PolicyDocument")))
    >>> report = validate_store(store)
    >>> report.conforms, [(v.shape, v.path, v.component) for v in report.violations]
    (False, [('tkgsh:PolicyDocument-title', 'dcterms:title', 'MinCountConstraintComponent')])
    >>> report == validate_graph(Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES,
    ...                                                         from_graph=ox.DefaultGraph()), format="nt"))
    True
    """
    if compiled is None:
        compiled = compile_shapes(load_shapes() if shapes is None else shapes,
                                  load_ontology() if ontology is None else ontology)
    elif shapes is not None or ontology is not None:
        raise ValueError("pass either compiled shapes or the shapes and ontology to compile, not both")
    run = functools.partial(_results, store)
    if threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            outcomes = list(pool.map(run, compiled.constraints))
    else:
        outcomes = [run(constraint) for constraint in compiled.constraints]
    found: list[Violation] = []
    conforms = True
    for outcome in outcomes:
        for _focus, group in outcome:
            found.extend(group)
            conforms = conforms and group[0].severity in _CONFORMING_SEVERITIES
    return ValidationReport(conforms, _in_order(found))


def _results(store: ox.Store, constraint: CompiledConstraint) -> list[tuple[Node, list[Violation]]]:
    """Each result of one constraint with its focus node, followed by its nested results."""
    nested: defaultdict[Node, list[Violation]] = defaultdict(list)
    for detail in constraint.details:
        for focus, group in _results(store, detail):
            nested[focus].extend(group)
    found = []
    for row in _rows(store, constraint):
        if constraint.check is not None and not constraint.check(row):
            continue
        focus = row["this"]
        value = row.get("value")
        path: Node | None = constraint.path
        messages = constraint.messages
        if constraint.substitute:
            path = row.get("path", path)
            value = focus if value is None else value  # sh:sparql sits on node shapes
            messages = tuple(_substitute(m, row, value, path) for m in messages)
        violation = _violation(constraint.shape, focus, path, value, messages, constraint.severity,
                               SH[constraint.component])
        found.append((focus, [violation, *(nested.get(value, []) if value is not None else [])]))
    return found


def _substitute(message: str, row: Row, value: Node | None, path: Node | None) -> str:
    """Fill ``{?var}`` and ``{$var}`` in a SPARQL constraint's message, as pySHACL does."""
    bound: dict[str, Node] = {k: v for k, v in row.items() if k not in ("this", "path", "value")}
    bound["this"] = row["this"]
    if path is not None:
        bound["path"] = path
    if value is not None:
        bound["value"] = value
    for name, term in bound.items():
        message = re.sub(f"{{[?$]{name}}}", str(term), message)
    return message


def _rows(store: ox.Store, constraint: CompiledConstraint) -> Iterator[Row]:
    try:
        solutions = store.query(constraint.query)
    except (SyntaxError, OSError) as err:
        raise QueryError(f"the validation query of {constraint.label} ({constraint.component}) "
                         f"failed: {err}") from err
    assert isinstance(solutions, ox.QuerySolutions)
    names = [variable.value for variable in solutions.variables]
    for solution in solutions:
        row = {}
        for name in names:
            term = solution[name]
            if term is not None:
                row[name] = _rdflib_term(term)
        yield row


def _rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
    """A pyoxigraph term as rdflib reads the same N-Triples (``"x"`` has no datatype)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"a validation query returned an RDF-star triple ({term})")


def merge_reports(violations: Iterable[Violation]) -> ValidationReport:
    """One report of results found by checks of parts of a graph (duplicates counted once).

    The graph conforms when no result has a severity other than warning or info.

    Examples
    --------
    >>> v = Violation("tkgsh:Measure-title", "x", None, "m", None, "Violation", "MinCountConstraintComponent")
    >>> merge_reports([v, v]).summary()
    'The graph does not conform: 1 violation of 1 shape (ontology/shapes.ttl).'
    """
    found = set(violations)
    return ValidationReport(all(v.severity in _CONFORMING_SEVERITIES for v in found), _in_order(found))


def validate_directory(directory: Path | str, *, engine: str = "oxigraph") -> ValidationReport:
    """Validate the graph ``tradekg build`` wrote into a directory.

    Parameters
    ----------
    directory : Path or str
        An output directory of ``tradekg build``.
    engine : {"oxigraph", "pyshacl"}
        ``oxigraph`` (default) runs :func:`validate_store` on the directory's on-disk store
        (``DIR/store/``, opened read-only), or on ``DIR/graph.nt`` (``graph.ttl``) loaded
        into memory when there is none; ``pyshacl`` runs :func:`validate_graph`, the
        reference, on ``DIR/graph.ttl``.

    Returns
    -------
    ValidationReport

    Raises
    ------
    GraphNotFoundError
        When the directory holds no ``graph.ttl``.
    UnknownEngineError
        When ``engine`` is neither.

    Examples
    --------
    >>> validate_directory(SEED_OUT) == validate_directory(SEED_OUT, engine="pyshacl")
    True
    >>> validate_directory(SEED_OUT, engine="jena")
    Traceback (most recent call last):
    ...
    graph.errors.UnknownEngineError: no validation engine 'jena'; choose oxigraph or pyshacl
    """
    if engine == "oxigraph":
        return validate_store(open_store(directory))
    if engine == "pyshacl":
        return validate_graph(open_rdflib(directory))
    raise UnknownEngineError(engine)
