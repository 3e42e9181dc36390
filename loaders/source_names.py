"""The name a source file is shown under: its path below the folder argument it was found in.

Tables and graphs name each file they were read from. A path as found on disk
(``/home/me/policies/2021/plan.txt``, or a folder inside ``site-packages`` for the sample
corpus) ties the outputs to one machine; the name below the argument the user gave
(``2021/plan.txt`` for ``tradekg build /home/me/policies``) is the same wherever the
corpus is kept. The rules:

- a file found in a folder argument is named by its path below that folder, with ``/``
  between the parts on every system;
- a file given itself, or found nowhere below a folder argument, is named by its file name;
- a file below two folder arguments (``corpus`` and ``corpus/sub``) is named below the
  outermost, so the order of the arguments changes nothing.

The paths are compared as written (no link is followed, nothing is opened), as
:func:`loaders.document_files.document_files` builds them: a file found in the folder
``corpus`` is ``corpus/...``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path, PurePath

__all__ = ["source_name", "source_names"]


def source_name(path: str | PurePath, roots: Iterable[str | PurePath]) -> str:
    """The name of ``path`` below the outermost of ``roots`` that holds it, else its file name.

    Parameters
    ----------
    path : str or PurePath
        A file as :func:`loaders.corpus_files` returns it.
    roots : iterable of str or PurePath
        The paths given on the command line (files and folders).

    Returns
    -------
    str
        The path below the folder, parts joined with ``/``; the file name for a file not
        found in any folder of ``roots``.

    Examples
    --------
    >>> source_name("/data/policies/2021/plan.txt", ["/data/policies"])
    '2021/plan.txt'
    >>> source_name("corpus/sub/plan.txt", ["corpus/sub", "corpus"])
    'sub/plan.txt'
    >>> source_name("notes/plan.txt", ["notes/plan.txt"])
    'plan.txt'
    """
    return _name(PurePath(path), {PurePath(r) for r in roots})


def _name(path: PurePath, roots: set[PurePath]) -> str:
    for folder in reversed(path.parents):  # outermost first: "/" or ".", then inwards
        if folder in roots:
            return path.relative_to(folder).as_posix()
    return path.name


def source_names(files: Iterable[str | Path], roots: Iterable[str | PurePath]) -> dict[str, str]:
    """:func:`source_name` of each file, by the file's path as a string.

    Parameters
    ----------
    files : iterable of str or Path
        The files of a corpus.
    roots : iterable of str or PurePath
        The paths given on the command line.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> source_names([Path("corpus/a.txt"), Path("corpus/sub/b.txt"), Path("c.txt")], ["corpus", "c.txt"])
    {'corpus/a.txt': 'a.txt', 'corpus/sub/b.txt': 'sub/b.txt', 'c.txt': 'c.txt'}
    """
    given = {PurePath(r) for r in roots}
    return {str(f): _name(PurePath(f), given) for f in files}
