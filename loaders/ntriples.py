"""N-Triples text of the graph's terms, written as Oxigraph writes it (the same escapes, no ``^^xsd:string``).

:data:`TEXT_LITERALS` makes literals as N-Triples text, for :func:`loaders.triples.iter_ntriples`,
which streams a document's triples as lines without building an rdflib term per value:
the text is what a corpus build sorts, caches and bulk-loads. :func:`quoted` escapes a
lexical form; the escapes are those of Oxigraph's writer (``\\b \\t \\n \\f \\r``, ``\\"``,
``\\\\``, other control characters as ``\\uXXXX``).

Examples
--------
>>> TEXT_LITERALS.zh('海关"总署"\\n')
'"海关\\\\"总署\\\\"\\\\n"@zh'
>>> TEXT_LITERALS.integer(3)
'"3"^^<http://www.w3.org/2001/XMLSchema#integer>'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rdflib import XSD, Literal, URIRef

__all__ = ["RDFLIB_LITERALS", "TEXT_LITERALS", "RdflibLiterals", "TextLiterals", "quoted", "when_datatype"]

_ESCAPES = {i: f"\\u{i:04X}" for i in [*range(0x20), 0x7F]}
_ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r",
                 ord('"'): '\\"', ord("\\"): "\\\\"})


def quoted(text: str) -> str:
    """A lexical form between quotes, escaped for N-Triples.

    Examples
    --------
    >>> quoted("a\\tb")
    '"a\\\\tb"'
    """
    return '"' + text.translate(_ESCAPES) + '"'


def when_datatype(value: str) -> str:
    """The XSD datatype of an ISO date (10 characters), year-month (7) or year (4).

    Examples
    --------
    >>> [when_datatype(v).rsplit("#", 1)[1] for v in ("2018-04-10", "2018-04", "2018")]
    ['date', 'gYearMonth', 'gYear']
    """
    return str({10: XSD.date, 7: XSD.gYearMonth}.get(len(value), XSD.gYear))


class RdflibLiterals:
    """Literals as rdflib terms: what :func:`loaders.triples.iter_triples` yields."""

    @staticmethod
    def zh(text: str) -> Literal:
        """Chinese text, tagged ``@zh``."""
        return Literal(text, lang="zh")

    @staticmethod
    def tagged(text: str, language: str) -> Literal:
        """Text in another language."""
        return Literal(text, lang=language)

    @staticmethod
    def string(text: str) -> Literal:
        """A plain string (an identifier, a number as printed, a code)."""
        return Literal(text)

    @staticmethod
    def integer(value: int) -> Literal:
        """An ``xsd:integer``."""
        # Lexical form given directly: rdflib's cast from a Python int is the slow path.
        return Literal(str(value), datatype=XSD.integer, normalize=False)

    @staticmethod
    def boolean(value: bool) -> Literal:
        """An ``xsd:boolean``."""
        return Literal(value)

    @staticmethod
    def date(value: dt.date) -> Literal:
        """An ``xsd:date``."""
        return Literal(value, datatype=XSD.date)

    @staticmethod
    def decimal(value: float | Decimal) -> Literal:
        """An ``xsd:decimal``."""
        return Literal(Decimal(str(value)))

    @staticmethod
    def when(value: str) -> Literal:
        """An ISO date, year-month or year as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
        return Literal(value, datatype=URIRef(when_datatype(value)), normalize=False)


_INTEGER = f"^^<{XSD.integer}>"
_BOOLEAN = f"^^<{XSD.boolean}>"
_DATE = f"^^<{XSD.date}>"


class TextLiterals:
    """Literals as N-Triples text: the same values as :class:`RdflibLiterals`, already written."""

    @staticmethod
    def zh(text: str) -> str:
        """Chinese text, tagged ``@zh``."""
        return quoted(text) + "@zh"

    @staticmethod
    def tagged(text: str, language: str) -> str:
        """Text in another language."""
        return f"{quoted(text)}@{language}"

    @staticmethod
    def string(text: str) -> str:
        """A plain string."""
        return quoted(text)

    @staticmethod
    def integer(value: int) -> str:
        """An ``xsd:integer``."""
        return f'"{value}"{_INTEGER}'

    @staticmethod
    def boolean(value: bool) -> str:
        """An ``xsd:boolean``."""
        return f'"{"true" if value else "false"}"{_BOOLEAN}'

    @staticmethod
    def date(value: dt.date) -> str:
        """An ``xsd:date``."""
        return f'"{value.isoformat()}"{_DATE}'

    @staticmethod
    def when(value: str) -> str:
        """An ISO date, year-month or year as ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
        return f'{quoted(value)}^^<{when_datatype(value)}>'

    @staticmethod
    def decimal(value: float | Decimal) -> str:
        """An ``xsd:decimal``, with rdflib's lexical form (decimals are rare: ask rdflib)."""
        literal = RdflibLiterals.decimal(value)
        return f"{quoted(str(literal))}^^<{literal.datatype}>"


RDFLIB_LITERALS = RdflibLiterals()
"""Literals as rdflib terms."""

TEXT_LITERALS = TextLiterals()
"""Literals as N-Triples text."""
