// What does a document cite, and what cites it?
// Cypher twin of document_citations.rq: same parameter ($document), columns and order.
MATCH (d)
WHERE (d:Document OR d:CitedDocument)
  AND ($document IN [d.iri, d.identifier, d.title] OR $document IN coalesce(d.titles, []))
CALL {
  WITH d
  MATCH (d)-[:CITES]->(o)
  RETURN 'cites' AS direction, o, EXISTS { (d)-[:IMPLEMENTS]->(o) } AS implements
  UNION
  WITH d
  MATCH (o:Document)-[:CITES]->(d)
  RETURN 'cited_by' AS direction, o, EXISTS { (o)-[:IMPLEMENTS]->(d) } AS implements
}
RETURN DISTINCT direction, CASE WHEN implements THEN 'implements' ELSE 'cites' END AS relation,
       coalesce(o.identifier, '') AS number, coalesce(o.title, head(o.titles), '') AS title,
       CASE WHEN o:Document THEN 'true' ELSE 'false' END AS in_corpus
ORDER BY direction, relation, number, title
