"""Loaders: policy documents in, typed records and RDF triples out.

The path, text and stream variants of one reader: :func:`read_document` opens and
decodes a file, :func:`parse_document` parses text, :func:`load_corpus` reads many files,
:func:`iter_triples` streams a document's triples. No graph-store code lives here.
"""

from __future__ import annotations

from loaders.agencies import AgencyRegistry
from loaders.citation_index import CitationIndex
from loaders.clause_grammar import ClauseGrammar
from loaders.clauses import Clause, ListedAgency, parse_responsibility_clause
from loaders.concepts import ConceptScheme
from loaders.corpus import (
    CorpusLoad,
    DocumentIndex,
    FileParse,
    ManifestHints,
    corpus_files,
    load_corpus,
    parse_file,
)
from loaders.document import DocumentHints, ParseResult, parse_document, parse_source
from loaders.errors import DocumentFormatError, EmptyDocumentError, TradeKGError
from loaders.gazetteer import Gazetteer
from loaders.parse_context import ParseContext
from loaders.reading import SourceText, read_document
from loaders.records import (
    Agency,
    AgencyKind,
    CitedDocument,
    Finding,
    Level,
    Measure,
    PolicyDocument,
    Responsibility,
    Role,
    Section,
    Severity,
    SourceSpan,
    Target,
)
from loaders.reference import ReferenceData
from loaders.triples import Triple, iter_citation_triples, iter_reference_triples, iter_triples

__all__ = [
    "Agency",
    "AgencyKind",
    "AgencyRegistry",
    "CitationIndex",
    "CitedDocument",
    "Clause",
    "ClauseGrammar",
    "ConceptScheme",
    "CorpusLoad",
    "DocumentFormatError",
    "DocumentHints",
    "DocumentIndex",
    "EmptyDocumentError",
    "FileParse",
    "Finding",
    "Gazetteer",
    "Level",
    "ListedAgency",
    "ManifestHints",
    "Measure",
    "ParseContext",
    "ParseResult",
    "PolicyDocument",
    "ReferenceData",
    "Responsibility",
    "Role",
    "Section",
    "Severity",
    "SourceSpan",
    "SourceText",
    "Target",
    "TradeKGError",
    "Triple",
    "corpus_files",
    "iter_citation_triples",
    "iter_reference_triples",
    "iter_triples",
    "load_corpus",
    "parse_document",
    "parse_file",
    "parse_responsibility_clause",
    "parse_source",
    "read_document",
]
