"""The questions analysts ask of the graph, answered as pandas DataFrames from its networkx projections.

Which agencies carry the most measures, leading or joining, nationally or locally
(:func:`agency_load`)? Which sit at the centre of the co-responsibility network
(:func:`agency_centrality`)? Which work together as communities
(:func:`agency_communities`), and which pairs most often (:func:`agency_pairs`)? Which
bridge national and local documents (:func:`bridging_agencies`)? How concentrated is
leadership (:func:`lead_concentration`)? Every table documents its columns and sorts its
rows with tie-breakers down to a unique key, so the same graph gives the same table.
:func:`analyze_graph` computes them all and :func:`write_analysis` writes them as CSV;
``tradekg analyze`` does both and prints :func:`headline` and :func:`summary_lines`.

All tables are computed from :mod:`graph.projection`, never from the RDF directly.

Examples
--------
>>> from graph.projection import agency_graph, measure_agency_graph, read_graph
>>> net = measure_agency_graph(read_graph(SEED_OUT))
>>> load = agency_load(net)
>>> load.set_index("key").loc["cn.gacc", ["involved", "led", "joined"]].to_dict()
{'involved': 26, 'led': 9, 'joined': 17}
>>> agency_communities(agency_graph(net), seed=42)["community"].nunique()
2
"""

from graph.analysis.bridges import bridging_agencies
from graph.analysis.centrality import agency_centrality
from graph.analysis.communities import DEFAULT_SEED, agency_communities
from graph.analysis.concentration import lead_concentration
from graph.analysis.headline import format_table, headline, summary_lines
from graph.analysis.pairs import agency_pairs
from graph.analysis.suite import TABLES, analyze_graph, write_analysis
from graph.analysis.workload import agency_load
from graph.errors import AnalysisOutputError

__all__ = [
    "DEFAULT_SEED",
    "TABLES",
    "AnalysisOutputError",
    "agency_centrality",
    "agency_communities",
    "agency_load",
    "agency_pairs",
    "analyze_graph",
    "bridging_agencies",
    "format_table",
    "headline",
    "lead_concentration",
    "summary_lines",
    "write_analysis",
]
