"""The browsable site: an index of documents, measures and agencies, and source-text pages.

``tradekg build`` writes it into ``OUT/site/`` beside the network views in ``OUT/views/``;
:class:`SiteServer` serves both on loopback for ``tradekg serve``.
"""

from __future__ import annotations

from graph.site.server import SiteServer
from graph.site.source_text import marked_parts, source_texts
from graph.site.write import document_site_pages, site_index_page, write_site

__all__ = [
    "SiteServer",
    "document_site_pages",
    "marked_parts",
    "site_index_page",
    "source_texts",
    "write_site",
]
