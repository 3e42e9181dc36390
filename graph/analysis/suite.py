"""Every analysis table of a built graph, from one set of projections, written as CSV files.

``tradekg analyze DIR`` calls :func:`analyze_graph` on ``DIR/graph.ttl`` and
:func:`write_analysis` into ``DIR/tables/analysis/``: one UTF-8 CSV per table, named for
it, with a header row and without the DataFrame index (``excel=True``: with the UTF-8
byte order mark, for Excel). Text cells go through
:func:`graph.csv_cells.spreadsheet_cell` (a would-be formula gets a ``'`` in front);
numeric columns are written as numbers.

Examples
--------
>>> from graph.projection import read_graph
>>> tables = analyze_graph(read_graph(SEED_OUT))
>>> list(tables) == list(TABLES)
True
>>> {name: len(frame) for name, frame in tables.items()}  # doctest: +NORMALIZE_WHITESPACE
{'agency_load': 28, 'agency_centrality': 28, 'agency_communities': 28, 'agency_pairs': 89,
 'bridging_agencies': 2, 'lead_concentration': 3}
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Final

import pandas as pd

from graph.analysis.bridges import bridging_agencies
from graph.analysis.centrality import agency_centrality
from graph.analysis.communities import DEFAULT_SEED, agency_communities
from graph.analysis.concentration import lead_concentration
from graph.analysis.pairs import agency_pairs
from graph.analysis.workload import agency_load
from graph.csv_cells import spreadsheet_cell
from graph.errors import AnalysisOutputError
from graph.projection import Source, agency_graph, agency_hierarchy, measure_agency_graph

__all__ = ["TABLES", "analyze_graph", "write_analysis"]

TABLES: Final = ("agency_load", "agency_centrality", "agency_communities", "agency_pairs",
                 "bridging_agencies", "lead_concentration")
"""The tables :func:`analyze_graph` returns, in order; each is also its CSV file's stem.

``agency_load``: :func:`~graph.analysis.workload.agency_load`;
``agency_centrality``: :func:`~graph.analysis.centrality.agency_centrality`;
``agency_communities``: :func:`~graph.analysis.communities.agency_communities`;
``agency_pairs``: :func:`~graph.analysis.pairs.agency_pairs`;
``bridging_agencies``: :func:`~graph.analysis.bridges.bridging_agencies` (with the agency tree);
``lead_concentration``: :func:`~graph.analysis.concentration.lead_concentration`.
"""


def analyze_graph(g: Source, *, seed: int = DEFAULT_SEED,
                  resolution: float = 1.0) -> dict[str, pd.DataFrame]:
    """Compute every analysis table of a graph.

    Parameters
    ----------
    g : rdflib.Graph or pyoxigraph.Store
        A tradekg graph (:func:`graph.projection.read_graph`).
    seed : int, default 42
        Seed of the Louvain community detection.
    resolution : float, default 1.0
        Resolution of the Louvain community detection (above 1: smaller communities).

    Returns
    -------
    dict of str to pandas.DataFrame
        The tables of :data:`TABLES`, in that order.
    """
    net = measure_agency_graph(g)
    agencies = agency_graph(net)
    return {
        "agency_load": agency_load(net),
        "agency_centrality": agency_centrality(agencies),
        "agency_communities": agency_communities(agencies, seed=seed, resolution=resolution),
        "agency_pairs": agency_pairs(agencies),
        "bridging_agencies": bridging_agencies(net, agency_hierarchy(g)),
        "lead_concentration": lead_concentration(net),
    }


def write_analysis(tables: Mapping[str, pd.DataFrame], directory: Path, *, excel: bool = False) -> list[Path]:
    """Write each table to ``DIRECTORY/NAME.csv`` (UTF-8, header row, no index).

    Text cells and column names are written as :func:`graph.csv_cells.spreadsheet_cell`
    gives them; the tables themselves are not changed.

    Parameters
    ----------
    tables : mapping of str to pandas.DataFrame
        From :func:`analyze_graph`.
    directory : Path
        Created if needed; files already there are replaced.
    excel : bool, default False
        Start each file with the UTF-8 byte order mark (the ``utf-8-sig`` codec), which
        Excel on Windows needs to show Chinese text; the rows are the same.

    Returns
    -------
    list of Path
        The files written, in the order of ``tables``.

    Raises
    ------
    AnalysisOutputError
        When the directory or a file cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> table = pd.DataFrame({"agency": ["海关总署"], "n": [9]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [p.name for p in write_analysis({"t": table}, Path(tmp))]
    ...     (Path(tmp) / "t.csv").read_text(encoding="utf-8")
    ['t.csv']
    'agency,n\\n海关总署,9\\n'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     [path] = write_analysis({"t": table}, Path(tmp), excel=True)
    ...     path.read_bytes()[:3]
    b'\\xef\\xbb\\xbf'
    """
    written = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for name, frame in tables.items():
            path = directory / f"{name}.csv"
            _spreadsheet_frame(frame).to_csv(path, index=False, encoding="utf-8-sig" if excel else "utf-8",
                                             lineterminator="\n")
            written.append(path)
    except OSError as error:
        where = error.filename or directory
        raise AnalysisOutputError(f"cannot write {where}: {error.strerror or error}") from error
    return written


def _spreadsheet_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text columns and names are spreadsheet-safe cells."""
    text_columns = frame.select_dtypes(include=["object", "string"]).columns
    safe = frame.copy()
    for column in text_columns:
        safe[column] = frame[column].map(spreadsheet_cell)
    safe.columns = [spreadsheet_cell(str(c)) for c in frame.columns]
    return safe
