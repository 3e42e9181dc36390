"""Exceptions raised by tradekg, one hierarchy for the whole project.

The loaders raise these deep down with the file and line they concern; only the command
line (``graph/cli.py``) turns them into messages for people.
"""

from __future__ import annotations

__all__ = ["CorpusPathError", "DocumentFormatError", "EmptyDocumentError", "TradeKGError"]


class TradeKGError(Exception):
    """Base class of every error tradekg raises on purpose."""


class CorpusPathError(TradeKGError):
    """The paths given to read hold nothing to read: a path does not exist, or no file is supported.

    Raised before a build writes anything (:func:`loaders.document_files.check_corpus`).
    """


class DocumentFormatError(TradeKGError):
    """A file could not be read as a policy document (encoding, markup, size).

    Parameters
    ----------
    path : str
        The file, as given by the user.
    reason : str
        What is wrong, in plain words.
    line : int or None
        The 1-based line the problem was found on, when there is one.

    Examples
    --------
    >>> str(DocumentFormatError("a.txt", "not valid UTF-8, GB18030 or UTF-16", line=3))
    'a.txt:3: not valid UTF-8, GB18030 or UTF-16'
    """

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class EmptyDocumentError(DocumentFormatError):
    """A file holds no text at all, or no numbered measure with a responsibility clause."""
