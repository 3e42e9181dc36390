"""HTML views: pyvis networks of the projections, self-contained and safe to open offline.

:func:`write_views` writes them all; each view has its own module (``agency_network``,
``document_network``, ``concept_map``, ``agency_pages``) over :mod:`graph.views.render`.
"""

from __future__ import annotations

from graph.views.render import Page, ViewRenderer
from graph.views.write import AGGREGATE_ABOVE, write_views

__all__ = ["AGGREGATE_ABOVE", "Page", "ViewRenderer", "write_views"]
