"""Open policy-document files: plain text in any supported encoding, or HTML pages.

:func:`read_document` only opens and decodes; parsing is :func:`loaders.parse_document`'s
job, so tests and doctests can pass text inline. A line ends at ``\\n``, ``\\r\\n`` or a
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

SUFFIXES = frozenset({".txt", ".text", ".htm", ".html", ".shtml", ".xhtml"})
"""File name endings read as documents when a directory is given."""

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
    decoded markup, so spans can point into the file either way.
    """

    path: str
    text: str
    encoding: str
    offsets: tuple[int, ...] | None = None
    html_title: str | None = None
    markup: str | None = None
    digest: str | None = None

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


def read_document(path: str | Path) -> SourceText:
    """Open and decode one document file.

    Parameters
    ----------
    path : str or Path
        A ``.txt`` file (UTF-8, UTF-8 with BOM, GB18030/GBK, UTF-16) or an HTML page.

    Returns
    -------
    SourceText

    Raises
    ------
    DocumentFormatError
        If the file cannot be read or decoded, or is not a regular file (a FIFO, socket
        or device: opened without waiting, and not read).
    EmptyDocumentError
        If it holds no text.
    """
    name = str(path)
    try:
        data = _read_regular_file(Path(path), name)
    except OSError as err:
        raise DocumentFormatError(name, f"cannot read the file: {err.strerror}") from err
    if len(data) > _MAX_BYTES:
        raise DocumentFormatError(name, f"file is {len(data):,} bytes; the limit is "
                                        f"{_MAX_BYTES:,} for one document")
    text, encoding = decode_bytes(data, name)
    digest = hashlib.sha256(data).hexdigest()
    if looks_like_html(text):
        page = extract_html_text(text)
        source = SourceText(name, page.text, encoding, page.offsets, page.title, text, digest)
    else:
        source = SourceText(name, text, encoding, digest=digest)
    if not source.text.strip():
        raise EmptyDocumentError(name, "the file holds no text")
    return source
