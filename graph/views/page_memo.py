"""The pages of the previous build, kept when what they draw has not changed.

A view's page is laid out before it is drawn, which costs far more than finding out
whether anything it shows changed. :class:`PageMemo` remembers, for every page of a
folder, the :meth:`~graph.views.render.ViewRenderer.fingerprint` it was made from
(``.pages.json`` in the folder); a rebuild whose fingerprint for a page is the same reads
the page back instead of making it again.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     memo = PageMemo(Path(tmp))
...     memo.page("a.html", "f1", lambda: "made")
...     (Path(tmp) / "a.html").write_text("made")
...     memo.save()
...     again = PageMemo(Path(tmp))
...     again.page("a.html", "f1", lambda: "made anew"), again.page("a.html", "f2", lambda: "changed")
'made'
4
('made', 'changed')
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from graph.atomic_files import write_atomic

__all__ = ["PageMemo"]

_FILE = ".pages.json"


class PageMemo:
    """Fingerprints of the pages in ``folder``, from the last build that wrote them.

    Parameters
    ----------
    folder : Path
        A folder of pages (``OUT/views``).
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            self._before: dict[str, str] = json.loads((folder / _FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self._before = {}
        self._now: dict[str, str] = {}
        self.reused = 0
        """How many pages were read back instead of made."""

    def page(self, name: str, fingerprint: str, make: Callable[[], str]) -> str:
        """The page ``name``: the previous one when its fingerprint is the same, else ``make()``."""
        self._now[name] = fingerprint
        if self._before.get(name) == fingerprint:
            try:
                text = (self.folder / name).read_text(encoding="utf-8")
            except OSError:
                pass
            else:
                self.reused += 1
                return text
        return make()

    def fingerprint(self, name: str) -> str | None:
        """The fingerprint page ``name`` was asked for with in this build, or None."""
        return self._now.get(name)

    def adopt(self, name: str, fingerprint: str, *, reused: bool) -> None:
        """Record a page another process asked its copy of this memo for (see :meth:`page`)."""
        self._now[name] = fingerprint
        self.reused += reused

    def save(self) -> None:
        """Record the fingerprints of the pages asked for since this memo was made."""
        write_atomic(self.folder / _FILE, json.dumps(self._now, sort_keys=True, indent=0))
