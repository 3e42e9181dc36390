"""The HTML outputs of a build: the network views in ``OUT/views/`` and the site in ``OUT/site/``.

Both are drawn from the graph the build just wrote (``OUT/graph.ttl``), through
:mod:`graph.projection`, so they show exactly what the RDF graph says.

Examples
--------
>>> written = write_html(SEED_OUT, {})
>>> written["views"].name, written["site"].name
('agencies.html', 'index.html')
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from graph.projection import read_graph
from graph.site import source_texts, write_site
from graph.views import write_views

__all__ = ["write_html"]


def write_html(out: Path, digests: Mapping[str, str]) -> dict[str, Path]:
    """Write the views and the site of the graph in ``out``.

    Parameters
    ----------
    out : Path
        A build's output directory (holding ``graph.ttl``).
    digests : mapping of str to str
        SHA-256 digest by source file path, so the site can show each document's text.

    Returns
    -------
    dict of str to Path
        ``views`` -> the agency network page, ``site`` -> the site's index page.
    """
    g = read_graph(out)
    write_views(g, out / "views")
    write_site(g, out / "site", sources=source_texts(digests))
    return {"views": out / "views" / "agencies.html", "site": out / "site" / "index.html"}
