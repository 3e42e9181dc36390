"""The scripts and styles the pages use, written once per output folder (``OUT/assets/``).

Every view and site page links the same few files instead of inlining them: vis-network
(from the pyvis package, its source-map line and the CSS of the UIs the views switch off
removed), the views' script and CSS, and the site's sortable tables. The pages' Content
Security Policy allows scripts from ``'self'`` only (the folder they are in), so a page
opened from disk still runs nothing but these files, and asks for nothing on the network.

Examples
--------
>>> assets = PageAssets.packaged()
>>> sorted(assets.files)
['network.css', 'network.js', 'site.css', 'sortable.js', 'vis-network.css', 'vis-network.min.js']
>>> "sourceMappingURL" in assets.files["vis-network.min.js"]
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from graph.atomic_files import write_atomic

__all__ = ["ASSETS_DIR", "VIS_VERSION", "PageAssets"]

ASSETS_DIR = "assets"
"""Folder of ``OUT`` the assets are written into, beside ``views/`` and ``site/``."""

VIS_VERSION = "9.1.2"
"""The vis-network build shipped inside the pyvis package (``pyvis/lib/vis-9.1.2/``)."""

_UNUSED_VIS_UI = re.compile(r"vis-(navigation|manipulation|edit-mode|configuration|color-picker|close)")


def _drop_unused_rules(css: str) -> str:
    """vis-network's CSS without the rules of the UIs the views switch off.

    Manipulation, navigation buttons, the configurator and the colour picker are never
    enabled; their rules carry ~195 KB of base64 icons.

    Examples
    --------
    >>> _drop_unused_rules(".vis-overlay{top:0}div.vis-manipulation{height:28px}")
    '.vis-overlay{top:0}'
    """
    rules = re.findall(r"[^{}]+\{[^{}]*\}", css)
    if "".join(rules) != css.strip():  # not the flat stylesheet we know: keep it whole
        return css
    return "".join(r for r in rules if not _UNUSED_VIS_UI.search(r))


def _without_source_map(source: str) -> str:
    """A packaged script or stylesheet without its source-map reference (which would be fetched)."""
    source = re.sub(r"//[#@] sourceMappingURL=\S*", "", source)
    return re.sub(r"/\*[#@] sourceMappingURL=[^*]*\*/", "", source)


@dataclass(frozen=True, slots=True)
class PageAssets:
    """The asset files by name, and where pages find them.

    Attributes
    ----------
    files : dict of str to str
        File name -> text.
    href : str
        The folder's address relative to a page in ``views/`` or ``site/``.
    """

    files: dict[str, str]
    href: str = f"../{ASSETS_DIR}/"

    @classmethod
    def packaged(cls) -> PageAssets:
        """vis-network from the pyvis package; the rest from ``graph/static``."""
        vis = files("pyvis").joinpath(f"lib/vis-{VIS_VERSION}")
        static = files("graph").joinpath("static")
        script = vis.joinpath("vis-network.min.js").read_text(encoding="utf-8")
        style = vis.joinpath("vis-network.css").read_text(encoding="utf-8")
        texts = {"vis-network.min.js": _without_source_map(script),
                 "vis-network.css": _drop_unused_rules(_without_source_map(style))}
        for name in ("network.js", "network.css", "sortable.js", "site.css"):
            texts[name] = static.joinpath(name).read_text(encoding="utf-8")
        return cls(texts)

    def write(self, out: Path) -> list[Path]:
        """Write the files into ``OUT/assets/`` (``out`` is the build's output folder); return them.

        A file that already holds the same text is left alone.
        """
        folder = out / ASSETS_DIR
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for name in sorted(self.files):
            path = folder / name
            data = self.files[name].encode("utf-8")
            if not path.is_file() or path.read_bytes() != data:
                write_atomic(path, data)
            written.append(path)
        return written
