// Which bodies came before an agency, and which after?
// Cypher twin of agency_lineage.rq: same parameter ($agency), columns and order. A
// predecessor reaches the agency along SUCCEEDED_BY, a successor is reached from it;
// depth counts the bodies between, as the SPARQL does.
MATCH (a:Agency)
WHERE $agency IN [a.iri, a.key, a.name_zh, a.name_en] + coalesce(a.aliases, [])
  AND a.name_zh IS NOT NULL
CALL (a) {
  MATCH (other:Agency)-[:SUCCEEDED_BY*1..]->(a)
  WITH DISTINCT other
  MATCH (other)-[:SUCCEEDED_BY*1..]->(between:Agency)-[:SUCCEEDED_BY*0..]->(a)
  WITH other, count(DISTINCT between) AS depth
  MATCH (other)-[r:SUCCEEDED_BY]->(:Agency)-[:SUCCEEDED_BY*0..]->(a)
  RETURN "predecessor" AS relation, other, depth, r.date AS date
  UNION
  MATCH (a)-[:SUCCEEDED_BY*1..]->(other:Agency)
  WITH DISTINCT other
  MATCH (a)-[:SUCCEEDED_BY*0..]->(between:Agency)-[:SUCCEEDED_BY*1..]->(other)
  WITH other, count(DISTINCT between) AS depth
  MATCH (a)-[:SUCCEEDED_BY*0..]->(:Agency)-[r:SUCCEEDED_BY]->(other)
  RETURN "successor" AS relation, other, depth, r.date AS date
}
WITH DISTINCT a, relation, depth, other, date
WHERE other.name_zh IS NOT NULL AND date IS NOT NULL
RETURN a.name_zh AS agency_name, relation, depth, other.name_zh AS body, date
ORDER BY agency_name, relation, depth, body, date
