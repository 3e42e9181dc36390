"""A folder of generated pages brought to exactly the pages of this build.

A page whose file already holds the same bytes is left alone (so a rebuild rewrites only
what changed), a new or changed one is written to a temporary name and renamed, and a
page of an earlier build that this build did not make (a removed document, an agency no
longer named) is deleted: the folder ends as a fresh build would leave it.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     folder = Path(tmp) / "views"
...     _ = write_page_folder(folder, {"a.html": "A", "b.html": "B"})
...     _ = write_page_folder(folder, {"a.html": "A2"})
...     sorted((p.name, p.read_text()) for p in folder.iterdir())
[('a.html', 'A2')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from graph.atomic_files import write_atomic

__all__ = ["write_page", "write_page_folder"]


def write_page(path: Path, text: str) -> Path:
    """Write one page, unless its file already holds these bytes; whole or not at all."""
    data = text.encode("utf-8")
    try:
        same = path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        same = False
    if not same:
        write_atomic(path, data)
    return path


def write_page_folder(folder: Path, pages: Mapping[str, str], *, suffix: str = ".html",
                      keep: Iterable[str] = ()) -> dict[str, Path]:
    """Write ``pages`` (file name -> text) into ``folder`` and delete its other ``*suffix`` files.

    Parameters
    ----------
    folder : Path
        Created if needed.
    pages : mapping of str to str
        File name -> text.
    suffix : str, default ".html"
        The ending of the files the folder's pages have.
    keep : iterable of str
        Names of pages already written into the folder this build (and to keep).

    Returns
    -------
    dict of str to Path
        File name -> path of every page written or kept, in name order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written = {name: folder / name for name in keep}
    for name in sorted(pages):
        written[name] = write_page(folder / name, pages[name])
    for stale in folder.glob(f"*{suffix}"):
        if stale.name not in written:
            stale.unlink()
    return dict(sorted(written.items()))
