"""Open policy-document files: plain text in any supported encoding, HTML pages, PDF and Word files.

:func:`read_document` only opens and decodes; parsing is :func:`loaders.parse_document`'s
job, so tests and doctests can pass text inline. What a file is, its first bytes say, not
its name: a PDF's text layer is read by :func:`loaders.pdf_text.extract_pdf_text`, a
``.docx`` by :func:`loaders.docx_text.extract_docx_text`, and for both the text the parser
reads, which spans point into, is that extracted text. An old Word ``.doc`` or ``.wps``
file is refused. A line ends at ``\\n``, ``\\r\\n`` or a
lone ``\\r`` (old Mac files): :func:`line_starts` and :func:`unify_line_breaks` say so for
everything that counts lines or splits text into them.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from loaders.encodings import decode_bytes
from loaders.errors import DocumentFormatError, EmptyDocumentError
from loaders.html_text import extract_html_text, looks_like_html

__all__ = ["SUFFIXES", "SourceText", "line_starts", "read_document", "unify_line_breaks"]

SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml", ".pdf", ".docx"})
"""File name endings read as documents when a directory is given."""

_EXTRACTED_SUFFIXES = {".pdf": "PDF", ".docx": "Word .docx"}
"""Suffixes whose files must hold what they say: a ``.pdf`` that is not a PDF is not decoded as text."""

_MAX_BYTES = 20_000_000
_LINE_BREAK = re.compile(r"\r\n?|\n")
_LONE_CR = re.compile(r"\r(?!\n)")


def line_starts(text: str) -> list[int]:
    """The offsets where the lines of ``text`` start; ``\\r\\n`` and a lone ``\\r`` end a line too.

    Examples
    --------
    >>> line_starts("一\\n二\\r\\n三\\r四")
    [0, 2, 5, 7]
    """
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def unify_line_breaks(text: str) -> str:
    """``text`` with each lone ``\\r`` made ``\\n``: same length, so offsets stay right.

    Examples
    --------
    >>> unify_line_breaks("一\\r二\\r\\n三")
    '一\\n二\\r\\n三'
    """
    return _LONE_CR.sub("\n", text) if "\r" in text else text


@dataclass(frozen=True, slots=True)
class SourceText:
    """A decoded file, ready to parse.

    ``text`` is what the parser reads. For plain text it is the decoded file; for HTML it
    is the page's readable text and ``offsets[i]`` is the position of ``text[i]`` in the
    decoded markup, so spans can point into the file either way. For a PDF or ``.docx``
    file it is the extracted text, ``extractor`` names what extracted it (``pypdf 7.1.0``)
    and ``encoding`` is ``"pdf"`` or ``"docx"``; spans point into the extracted text.
    """

    path: str
    text: str
    encoding: str
    offsets: tuple[int, ...] | None = None
    html_title: str | None = None
    markup: str | None = None
    digest: str | None = None
    extractor: str | None = None

    def source_offset(self, index: int) -> int:
        """Map an offset in ``text`` to an offset in the decoded file.

        Examples
        --------
        >>> SourceText("a.txt", "口岸", "utf-8").source_offset(1)
        1
        """
        if self.offsets is None:
            return index
        if index >= len(self.offsets):
            return (self.offsets[-1] + 1) if self.offsets else 0
        return self.offsets[index]

    def line_of(self, index: int) -> int:
        """The 1-based line of the file where ``text[index]`` stands.

        Examples
        --------
        >>> ends = ("\\n", "\\r", "\\r\\n")
        >>> [SourceText("a.txt", f"一{end}二", "utf-8").line_of(len(end) + 1) for end in ends]
        [2, 2, 2]
        """
        raw = self.markup if self.markup is not None else self.text
        return len(_LINE_BREAK.findall(raw, 0, self.source_offset(index))) + 1


def _read_regular_file(path: Path, name: str) -> bytes:
    """The bytes of a regular file; a FIFO is opened without blocking and refused, unread."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise DocumentFormatError(name, "not a regular file (a FIFO, socket or device); only "
                                            "files are read")
        if info.st_size > _MAX_BYTES:
            raise DocumentFormatError(name, f"file is {info.st_size:,} bytes; the limit is "
                                            f"{_MAX_BYTES:,} for one document")
        return handle.read()


def _extracted_source(data: bytes, name: str, digest: str) -> SourceText | None:
    """A PDF or ``.docx`` file's extracted text; None for a file to decode as text or HTML."""
    from loaders import docx_text, pdf_text  # imported here: only PDF and Word files need them

    suffix = Path(name).suffix.lower()
    if docx_text.is_old_office_file(data):
        raise DocumentFormatError(name, docx_text.OLD_WORD)
    if pdf_text.is_pdf(data):
        text, extractor = pdf_text.extract_pdf_text(data, name)
        encoding = "pdf"
    elif docx_text.is_docx(data):
        text, extractor = docx_text.extract_docx_text(data, name)
        encoding = "docx"
    elif suffix in _EXTRACTED_SUFFIXES:
        raise DocumentFormatError(name, f"named {suffix} but is not a {_EXTRACTED_SUFFIXES[suffix]} "
                                        "file (its first bytes say otherwise); save it again")
    else:
        return None
    if not text.strip():
        raise EmptyDocumentError(name, "the file holds no text")
    return SourceText(name, text, encoding, digest=digest, extractor=extractor)


def read_document(path: str | Path) -> SourceText:
    """Open and decode one document file.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` file (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16), an HTML page, a PDF
        with a text layer or a Word ``.docx`` file.

    Returns
    -------
    SourceText

    Raises
    ------
    DocumentFormatError
        If the file cannot be read or decoded, is not a regular file (a FIFO, socket or
        device: opened without waiting, and not read), is a PDF without a text layer, an
        old Word ``.doc``/``.wps`` file, or is named ``.pdf``/``.docx`` but is not one.
    EmptyDocumentError
        If it holds no text.

    Examples
    --------
    >>> import tempfile, docx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     made = docx.Document()
    ...     _ = made.add_paragraph("1.推进改革。（海关总署负责）")
    ...     made.save(Path(tmp) / "plan.docx")
    ...     source = read_document(Path(tmp) / "plan.docx")
    >>> source.text, source.encoding, source.extractor  # doctest: +ELLIPSIS
    ('1.推进改革。（海关总署负责）', 'docx', 'python-docx ...')
    """
    name = str(path)
    try:
        data = _read_regular_file(Path(path), name)
    except OSError as err:
        raise DocumentFormatError(name, f"cannot read the file: {err.strerror}") from err
    if len(data) > _MAX_BYTES:
        raise DocumentFormatError(name, f"file is {len(data):,} bytes; the limit is "
                                        f"{_MAX_BYTES:,} for one document")
    digest = hashlib.sha256(data).hexdigest()
    extracted = _extracted_source(data, name, digest)
    if extracted is not None:
        return extracted
    text, encoding = decode_bytes(data, name)
    if looks_like_html(text):
        page = extract_html_text(text)
        source = SourceText(name, page.text, encoding, page.offsets, page.title, text, digest)
    else:
        source = SourceText(name, text, encoding, digest=digest)
    if not source.text.strip():
        raise EmptyDocumentError(name, "the file holds no text")
    return source
