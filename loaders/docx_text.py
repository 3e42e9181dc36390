"""Take the text of a Word ``.docx`` file with python-docx: paragraphs and tables in document order.

Each paragraph of the body becomes one line; each table row becomes one line with its
cells separated by tabs (a cell merged across columns counted once), so a task-division
table reads as :mod:`loaders.task_tables` expects. Headers, footers, footnotes and
comments are left out. The result is the *extracted text*: spans and lines of the
documents read from a ``.docx`` point into it, and the site shows it.

An old Word ``.doc`` or WPS ``.wps`` file is an OLE2 compound file, not a zip package;
:func:`is_old_office_file` tells it by its first bytes, and :data:`OLD_WORD` says why it
is not read.
"""

from __future__ import annotations

import io
import zipfile
from importlib.metadata import version
from typing import TYPE_CHECKING

from loaders.errors import DocumentFormatError

if TYPE_CHECKING:
    from docx.table import Table

__all__ = ["OLD_WORD", "extract_docx_text", "is_docx", "is_old_office_file"]

OLD_WORD = "old Word .doc/.wps files are not read; save as .docx, text or HTML"
"""Why a ``.doc`` or ``.wps`` file is not read."""

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_DOCUMENT_PART = "word/document.xml"
_MAX_UNPACKED = 200_000_000
"""Bytes a .docx may unpack to: a 20 MB file of repeated XML must not fill the memory."""


def is_docx(data: bytes) -> bool:
    """Tell whether a file's bytes are a Word ``.docx`` package (a zip with ``word/document.xml``).

    Examples
    --------
    >>> is_docx(b"PK\\x03\\x04 not really a zip"), is_docx(b"%PDF-1.7")
    (False, False)
    """
    if not data.startswith(_ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            return _DOCUMENT_PART in package.namelist()
    except zipfile.BadZipFile:
        return False


def is_old_office_file(data: bytes) -> bool:
    """Tell whether a file's bytes are an OLE2 compound file: old Word ``.doc``, WPS ``.wps``, ...

    Examples
    --------
    >>> header = b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"
    >>> is_old_office_file(header + bytes(504)), is_old_office_file(b"PK")
    (True, False)
    """
    return data.startswith(_OLE2_MAGIC)


def extractor() -> str:
    """The extractor named in a ``.docx`` file's ``extracted_text`` finding, e.g. ``python-docx 1.2.0``."""
    return f"python-docx {version('python-docx')}"


def _row_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):  # a merged cell repeats: count it once
                continue
            seen.append(cell._tc)
            cells.append("".join(p.text.strip() for p in cell.paragraphs))
        if any(cells):
            lines.append("\t".join(cells))
    return lines


def extract_docx_text(data: bytes, path: str = "<bytes>") -> tuple[str, str]:
    """The text of a ``.docx`` file, one line per paragraph or table row, and the extractor.

    Parameters
    ----------
    data : bytes
        The ``.docx`` file.
    path : str, default "<bytes>"
        Named in error messages.

    Returns
    -------
    (str, str)
        The extracted text and the extractor (e.g. ``"python-docx 1.2.0"``).

    Raises
    ------
    DocumentFormatError
        When the file is not a Word package python-docx can open, or unpacks to more than
        200 MB.

    Examples
    --------
    >>> import docx
    >>> made = docx.Document()
    >>> _ = made.add_paragraph("一、重点任务")
    >>> _ = made.add_paragraph("1.推进“两步申报”改革。（海关总署负责）")
    >>> saved = io.BytesIO()
    >>> made.save(saved)
    >>> text, read_with = extract_docx_text(saved.getvalue())
    >>> text
    '一、重点任务\\n1.推进“两步申报”改革。（海关总署负责）'
    >>> read_with.startswith("python-docx ")
    True
    """
    import docx  # imported here: only .docx files need it
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            unpacked = sum(info.file_size for info in package.infolist())
        if unpacked > _MAX_UNPACKED:
            raise DocumentFormatError(path, f"the .docx unpacks to {unpacked:,} bytes; the limit is "
                                            f"{_MAX_UNPACKED:,}")
        document = docx.Document(io.BytesIO(data))
    # A damaged package: not a zip, a part missing, XML that does not parse, not a document.
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as err:
        raise DocumentFormatError(path, f"cannot read the Word file ({type(err).__name__}: {err}); "
                                        "save it again as .docx, or as text") from err
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend(_row_lines(block))
        else:
            lines.append(block.text.rstrip())
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines), extractor()
