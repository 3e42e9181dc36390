// Which agencies did the authority file not know?
// Cypher twin of unresolved_agencies.rq: same columns and order.
MATCH (a:Agency)
WHERE a.resolved = false AND a.key IS NOT NULL AND a.name_zh IS NOT NULL
OPTIONAL MATCH (m:Measure)-[:RESPONSIBLE]->(a)
WITH a, count(DISTINCT m) AS measures
RETURN a.name_zh AS agency, a.key AS key, measures
ORDER BY measures DESC, agency, key
