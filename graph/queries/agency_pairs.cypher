// Which agencies must work together most often?
// Cypher twin of agency_pairs.rq: pairs of agencies listed for the same measures, each
// pair once with the two names in code-point order; same columns and order.
MATCH (a:Agency)<-[:RESPONSIBLE]-(m:Measure)-[:RESPONSIBLE]->(b:Agency)
WHERE a.name_zh IS NOT NULL AND b.name_zh IS NOT NULL AND a.name_zh < b.name_zh
WITH a, b, count(DISTINCT m) AS measures
RETURN a.name_zh AS agency_a, b.name_zh AS agency_b, measures
ORDER BY measures DESC, agency_a, agency_b
