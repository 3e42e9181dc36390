"""The browsable site: an index of documents, measures and agencies, and source-text pages.

``tradekg build`` writes it into ``OUT/site/`` beside the network views in ``OUT/views/``;
:class:`SiteServer` serves both on loopback for ``tradekg serve``.
"""

from __future__ import annotations

from graph.site.server import SiteServer
from graph.site.source_text import marked_parts, source_texts
from graph.site.write import write_site

__all__ = ["SiteServer", "marked_parts", "source_texts", "write_site"]
