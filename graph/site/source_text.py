"""A document's source text cut into parts, with each measure's span marked for its page.

The graph keeps, for every measure, the character offsets of the text it was read from
(``oa:start``/``oa:end`` of its ``tkg:source``). Cutting the decoded source file at
those offsets gives plain parts and marked parts; the template escapes both. For a PDF
or Word ``.docx`` file the offsets point into the text extracted from it, so that text
is what a document page shows, read again from the file (never its bytes).

Examples
--------
>>> parts = marked_parts("一、任务\\n1. 甲。（海关总署负责）\\n", [(5, 18, "1", "甲")])
>>> [(p.text, p.anchor) for p in parts]
[('一、任务\\n', None), ('1. 甲。（海关总署负责）', 'm-1'), ('\\n', None)]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from loaders import read_document
from loaders.errors import DocumentFormatError
from loaders.triples import source_file_iri

__all__ = ["TextPart", "marked_parts", "source_texts"]


@dataclass(frozen=True, slots=True)
class TextPart:
    """A run of source text; ``anchor`` is set when it is a measure's span."""

    text: str
    anchor: str | None = None
    number: str | None = None
    title: str | None = None


def marked_parts(text: str, spans: Iterable[tuple[int, int, str, str]], *,
                 start: int = 0, end: int | None = None) -> list[TextPart]:
    """Cut ``text[start:end]`` at measure spans.

    Parameters
    ----------
    text : str
        The decoded source file.
    spans : iterable of (start, end, number, title)
        Measure spans (offsets into ``text``); overlapping or out-of-range spans are
        left unmarked.
    start, end : int, optional
        The document's own span within the file (default: all of it).

    Returns
    -------
    list of TextPart

    Examples
    --------
    >>> [p.text for p in marked_parts("abcdef", [(1, 3, "1", "x"), (2, 4, "2", "y")], start=0)]
    ['a', 'bc', 'def']
    """
    end = len(text) if end is None else min(end, len(text))
    parts: list[TextPart] = []
    cursor = start
    for s, e, number, title in sorted(spans):
        if s < cursor or e > end or s >= e:
            continue
        if s > cursor:
            parts.append(TextPart(text[cursor:s]))
        parts.append(TextPart(text[s:e], f"m-{number}", number, title))
        cursor = e
    if cursor < end:
        parts.append(TextPart(text[cursor:end]))
    return parts


def source_texts(digests: Mapping[str, str]) -> dict[str, str]:
    """Read the source files a build used, by source-file IRI.

    Parameters
    ----------
    digests : mapping of str to str
        SHA-256 digest by file path (:attr:`loaders.CorpusLoad.digests`).

    Returns
    -------
    dict of str to str
        ``tkg:SourceFile`` IRI -> decoded text (the markup, for an HTML page; the
        extracted text, for a PDF or ``.docx`` file) that the graph's offsets point into.
        A file that is gone, unreadable or changed since (its digest differs) is left
        out; its pages then show the measure texts only.
    """
    texts: dict[str, str] = {}
    for path, digest in sorted(digests.items()):
        try:
            if hashlib.sha256(Path(path).read_bytes()).hexdigest() != digest:
                continue
            source = read_document(path)
        except (OSError, DocumentFormatError):
            continue
        texts[str(source_file_iri(digest))] = source.markup if source.markup is not None else source.text
    return texts
