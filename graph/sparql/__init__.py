"""SPARQL: the embedded engine, remote endpoints, Graph Store pushes and the Oxigraph server.

``local`` runs queries on an embedded pyoxigraph store (and on rdflib, the reference
engine) with values bound, never pasted; ``remote`` runs them on any SPARQL 1.1 endpoint
over HTTP, with values put in the text as escaped terms by ``substitution``; ``push`` sends
a built graph to a Graph Store Protocol endpoint; ``server``
runs the Oxigraph server, and ``gateway`` the checked front door ``tradekg serve`` puts
before it; ``service_clause`` finds the ``SERVICE`` clauses that the embedded engines
and the gateway refuse unless allowed, ``read_only`` the updates they always refuse;
``unreachable`` says why an endpoint could not be reached. Results are :class:`graph.results.QueryResult`
whatever the route, as for Cypher.
"""

from graph.sparql.gateway import SparqlGateway, private_loopback_address
from graph.sparql.local import (
    Bindings,
    bind_parameters,
    run_named,
    run_named_rdflib,
    run_query,
    run_query_rdflib,
    value_of,
)
from graph.sparql.push import PushResult, push_graph
from graph.sparql.read_only import is_update, refuse_update
from graph.sparql.remote import query_endpoint, run_named_remote
from graph.sparql.server import OxigraphServer, free_port, load_store, oxigraph_binary
from graph.sparql.service_clause import refuse_service, service_targets

__all__ = [
    "Bindings",
    "OxigraphServer",
    "PushResult",
    "SparqlGateway",
    "bind_parameters",
    "free_port",
    "is_update",
    "load_store",
    "oxigraph_binary",
    "private_loopback_address",
    "push_graph",
    "query_endpoint",
    "refuse_service",
    "refuse_update",
    "run_named",
    "run_named_rdflib",
    "run_named_remote",
    "run_query",
    "run_query_rdflib",
    "service_targets",
    "value_of",
]
