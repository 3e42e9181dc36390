"""The project's data: ontology, SHACL shapes, agency authority file, gazetteer, concepts.

Nothing here is code but :func:`data_path`, which finds a data file whether tradekg runs
from a checkout or from an installed package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["data_path"]


def data_path(name: str) -> Path:
    """Path of a data file of this folder, e.g. ``data_path("agencies.csv")``.

    Examples
    --------
    >>> data_path("places.csv").name
    'places.csv'
    """
    return Path(str(files(__name__).joinpath(name)))
