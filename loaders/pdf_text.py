"""Take the text layer of a PDF with pypdf: pages in order, wrapped lines joined back into paragraphs.

A PDF holds lines as the page shows them, so a measure and its responsibility clause
wrap across two or three lines (``……按职责分工负`` / ``责）``). :func:`extract_pdf_text`
joins a line to the one before it when the one before reaches the right edge of the
text and it starts at the left edge, not indented and not with a number (一、 （一） 1.):
that is a wrapped line, not a new paragraph. A page number alone on a page's first or
last line (``— 3 —``) is dropped, and radicals a font put in place of ideographs are
folded back (:func:`loaders.cjk_radicals.fold_radicals`). The result is the *extracted
text*: spans and lines of the documents read from a PDF point into it, and the site shows it.

A PDF whose pages hold no text (a scan) raises :class:`loaders.errors.DocumentFormatError`
with :data:`NO_TEXT_LAYER`, as does one whose text has no Chinese character in it (fonts
that do not say which characters they draw).
"""

from __future__ import annotations

import io
import logging
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdf
from pypdf.errors import PyPdfError

from loaders.cjk_radicals import fold_radicals
from loaders.errors import DocumentFormatError

__all__ = ["EXTRACTOR", "NO_TEXT_LAYER", "extract_pdf_text", "is_pdf"]

EXTRACTOR = f"pypdf {pypdf.__version__}"
"""The extractor named in a PDF's ``extracted_text`` finding."""

NO_TEXT_LAYER = "the PDF has no text layer (scanned?); run OCR or save it as text"
"""Why a PDF without text is not read."""

NO_CHINESE = ("the PDF's text layer holds no Chinese character (its fonts may not say which "
              "characters they draw); run OCR or save it as text")
"""Why a PDF whose text is not Chinese is not read."""

_RIGHT_SLACK = 1.5
"""A line within this many character widths of the right edge is full (justification, punctuation)."""
_LEFT_SLACK = 0.5
"""A line starting within this many character widths of the left edge is not indented."""

_NUMBERED = re.compile(r"[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百\d]+[）)]"
                       r"|\d+[.．﹒、](?!\d)")
_PAGE_NUMBER = re.compile(r"[-—–－·\s]*(?:第\s*)?\d{1,4}\s*(?:页)?(?:\s*[/／共]\s*\d{1,4}\s*页?)?[-—–－·\s]*")
_HAN = re.compile(r"[\u3400-\u9fff]")

_Matrix = Sequence[float]

# pypdf logs what it repairs in a damaged file; without a handler Python prints each record
# to stderr with no file name. A NullHandler leaves them to whatever logging the caller sets up.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


def is_pdf(data: bytes) -> bool:
    """Tell whether a file's bytes are a PDF: ``%PDF-`` within the first 1024 bytes.

    Examples
    --------
    >>> is_pdf(b"%PDF-1.7\\n..."), is_pdf(b"<html>")
    (True, False)
    """
    return b"%PDF-" in data[:1024]


def _width(text: str) -> float:
    """Width of ``text`` in character widths: Chinese characters and punctuation 1, the rest ½."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" or ch == "\u2003" else 0.5 for ch in text)


@dataclass(slots=True)
class _Line:
    """One line of a page as pypdf extracted it, with where it starts and (about) where it ends."""

    text: str = ""
    start: float | None = None
    end: float | None = None
    size: float = 0.0

    def add(self, text: str, x: float, size: float) -> None:
        if not text:
            return
        if self.start is None and text.strip():
            self.start = x + size * _width(text[: len(text) - len(text.lstrip())])
        if text.strip():
            self.end = x + size * _width(text.rstrip())
            self.size = max(self.size, size)
        self.text += text


@dataclass(slots=True)
class _Page:
    """The lines of one page and its width, collected by pypdf's text visitor."""

    width: float
    lines: list[_Line] = field(default_factory=lambda: [_Line()])

    def visit(self, text: str, cm: _Matrix, tm: _Matrix, _font: Any, font_size: float) -> None:
        a, b = tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3]
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        size = font_size * math.hypot(a, b)
        first, *rest = text.split("\n")
        self.lines[-1].add(first, x, size)
        for piece in rest:
            self.lines.append(_Line())
            self.lines[-1].add(piece, x, size)

    def kept_lines(self) -> list[_Line]:
        """Lines with text, without a page number standing alone at the top or bottom."""
        lines = [line for line in self.lines if line.text.strip()]
        for index in (-1, 0):
            if lines and _PAGE_NUMBER.fullmatch(lines[index].text):
                del lines[index]
        for line in lines:
            line.text = line.text.rstrip()
        return lines

    def edges(self, lines: list[_Line]) -> tuple[float, float]:
        """Left and right edges of the text: the leftmost start; the rightmost end, or the
        page width less the left margin when no line reaches that far (margins are about even)."""
        starts = [line.start for line in lines if line.start is not None]
        ends = [line.end for line in lines if line.end is not None]
        left = min(starts, default=0.0)
        return left, max([*ends, self.width - left])


def _continues(before: _Line, before_right: float, line: _Line, left: float) -> bool:
    """Whether ``line`` is the wrapped rest of ``before``'s paragraph."""
    if before.end is None or line.start is None or line.text[:1].isspace():
        return False
    full = before.end >= before_right - _RIGHT_SLACK * before.size
    at_margin = line.start <= left + _LEFT_SLACK * max(line.size, 1.0)
    return full and at_margin and not _NUMBERED.match(line.text)


def _join(before: str, after: str) -> str:
    """What goes between two parts of one paragraph: nothing in Chinese, a space between Latin words."""
    return " " if before[-1:].isascii() and before[-1:].isalnum() and after[:1].isascii() \
        and after[:1].isalnum() else ""


def _paragraphs(pages: list[_Page]) -> str:
    parts: list[str] = []
    previous: tuple[_Line, float] | None = None
    for page in pages:
        lines = page.kept_lines()
        left, right = page.edges(lines)
        for line in lines:
            if previous is not None:
                before, before_right = previous
                parts.append(_join(before.text, line.text) if _continues(before, before_right, line, left)
                             else "\n")
            parts.append(line.text)
            previous = (line, right)
    return "".join(parts)


def extract_pdf_text(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """The text of a PDF's text layer, paragraphs one per line, and the extractor that read it.

    Parameters
    ----------
    data : bytes
        The PDF file.
    path : str, default "<bytes>"
        Named in error messages.

    Returns
    -------
    (str, str)
        The extracted text and the extractor (:data:`EXTRACTOR`, e.g. ``"pypdf 7.1.0"``).

    Raises
    ------
    DocumentFormatError
        When pypdf cannot read the file (damaged, or encrypted with a password), when no
        page holds text (:data:`NO_TEXT_LAYER`), or when the text holds no Chinese character.

    Examples
    --------
    A page with nothing on it is what a scan looks like without its image:

    >>> writer = pypdf.PdfWriter()
    >>> _ = writer.add_blank_page(width=595, height=842)
    >>> scan = io.BytesIO()
    >>> _ = writer.write(scan)
    >>> extract_pdf_text(scan.getvalue(), "scan.pdf")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    loaders.errors.DocumentFormatError: scan.pdf: the PDF has no text layer (scanned?); run OCR ...
    """
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentFormatError(path, "the PDF is protected by a password; save it without one, "
                                            "or as text")
        pages: list[_Page] = []
        for page in reader.pages:
            collected = _Page(float(page.mediabox.width))
            page.extract_text(visitor_text=collected.visit)
            pages.append(collected)
    # pypdf raises its own errors for most damage, and these plain ones for some.
    except (PyPdfError, ValueError, KeyError, IndexError, TypeError, AttributeError) as err:
        raise DocumentFormatError(path, f"cannot read the PDF ({type(err).__name__}: {err}); "
                                        "save it again as PDF, or as text") from err
    text = fold_radicals(_paragraphs(pages))
    if not text.strip():
        raise DocumentFormatError(path, NO_TEXT_LAYER)
    if not _HAN.search(text):
        raise DocumentFormatError(path, NO_CHINESE)
    return text, EXTRACTOR
