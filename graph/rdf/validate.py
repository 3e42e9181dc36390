"""SHACL validation of a built graph: pySHACL with the ontology and ``ontology/shapes.ttl``.

The shapes say what a well-formed graph is (every measure in one document with a number,
a title and responsibilities; every responsibility one agency, one of the four roles and
a positive rank; …). :func:`validate_graph` runs pySHACL without inference and returns
each violation as a :class:`Violation` that reads in plain words: which shape, which
node, which property, and the shape's own message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from graph.rdf.serialize import PREFIXES
from graph.rdf.store import open_rdflib
from loaders.vocab import TKGSH
from ontology import data_path

__all__ = [
    "SHAPES_PREFIX",
    "ValidationReport",
    "Violation",
    "compact_iri",
    "load_ontology",
    "load_shapes",
    "validate_directory",
    "validate_graph",
]

SHAPES_PREFIX = str(TKGSH)
"""Namespace of the shapes in ``ontology/shapes.ttl`` (written ``tkgsh:``)."""

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


def _violations(results: Graph) -> list[Violation]:
    found = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        shape = results.value(result, SH.sourceShape)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        focus = results.value(result, SH.focusNode)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        severity = results.value(result, SH.resultSeverity)
        component = results.value(result, SH.sourceConstraintComponent)
        found.append(Violation(
            shape=compact_iri(shape) if isinstance(shape, URIRef) else "(anonymous shape)",
            focus=_node_text(focus),
            path=compact_iri(path) if isinstance(path, URIRef) else (None if path is None else "(path)"),
            message=messages[0] if messages else "(the shape gives no message)",
            value=None if value is None else (_node_text(value) if value != focus else None),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            component=str(component).rsplit("#", 1)[-1] if component is not None else "",
        ))
    return sorted(found, key=lambda v: (v.shape, v.focus, v.path or "", v.value or "", v.message))


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
    violations = _violations(results)
    return ValidationReport(bool(conforms), tuple(violations))


def validate_directory(directory: Path | str) -> ValidationReport:
    """Validate the graph ``tradekg build`` wrote into a directory (``DIR/graph.ttl``).

    Raises
    ------
    GraphNotFoundError
        When the directory holds no ``graph.ttl``.
    """
    return validate_graph(open_rdflib(directory))
