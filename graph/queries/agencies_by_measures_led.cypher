// Which agencies lead the most measures?
// Cypher twin of agencies_by_measures_led.rq: same columns and order.
MATCH (m:Measure)-[:LED_BY]->(a:Agency)
WHERE a.name_zh IS NOT NULL
WITH a, count(DISTINCT m) AS measures
RETURN a.name_zh AS agency, measures
ORDER BY measures DESC, agency
