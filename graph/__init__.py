"""Graph: triples into RDF, Neo4j, networkx projections, pyvis views, queries and the CLI."""
