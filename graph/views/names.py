"""File names of the generated pages: one per view, per document and per agency.

Names are ASCII, stable across builds (derived from the document's number and IRI and
the agency's authority-file key) and unique, so links between the views and the site
never break and a rebuild overwrites the same files.

Examples
--------
>>> document_slug("https://w3id.org/tradekg/id/doc/x", "署岸发〔2021〕85号")
'2021-85-c0496c'
>>> agency_slug("cn.gacc")
'cn.gacc'
>>> agency_slug("x.500000.重庆市交通局")
'x.500000-418cde'
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["ALIGNMENT_INDEX", "agency_page", "agency_slug", "document_page", "document_slug"]

ALIGNMENT_INDEX = "alignment.html"
"""The site page (under ``site/``) that lists the side-by-side alignment pages."""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]


def document_slug(iri: str, label: str | None) -> str:
    """A short ASCII name for a document: the ASCII runs of its number or title and a digest.

    Examples
    --------
    >>> document_slug("https://w3id.org/tradekg/id/doc/y", "2021年重庆市促进跨境贸易便利化工作方案")
    '2021-2b7448'
    """
    runs = re.findall(r"[A-Za-z0-9]+", label or "")
    stem = "-".join(runs)[:40]
    return f"{stem}-{_digest(iri)}" if stem else _digest(iri)


def agency_slug(key: str) -> str:
    """A file-safe name for an agency: its key when that is ASCII, else its ASCII part and a digest.

    Examples
    --------
    >>> agency_slug("col.local-governments")
    'col.local-governments'
    """
    if re.fullmatch(r"[A-Za-z0-9._-]+", key):
        return key
    stem = "-".join(re.findall(r"[A-Za-z0-9._-]+", key)).strip(".-")
    return f"{stem}-{_digest(key)}" if stem else _digest(key)


def document_page(iri: str, label: str | None) -> str:
    """The file name of a document's responsibility network (in ``views/``) or text page (in ``site/``).

    Examples
    --------
    >>> document_page("https://w3id.org/tradekg/id/doc/x", "署岸发〔2021〕85号")
    'doc-2021-85-c0496c.html'
    """
    return f"doc-{document_slug(iri, label)}.html"


def agency_page(key: str) -> str:
    """The file name of an agency's ego-network page (in ``views/``).

    Examples
    --------
    >>> agency_page("cn.gacc")
    'agency-cn.gacc.html'
    """
    return f"agency-{agency_slug(key)}.html"
