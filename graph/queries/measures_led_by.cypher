// Which measures does an agency lead?
// Cypher twin of measures_led_by.rq: same parameters ($agency, $include_predecessors),
// columns and order; predecessors reach the agency along SUCCEEDED_BY.
MATCH (a:Agency)
WHERE $agency IN [a.iri, a.key, a.name_zh, a.name_en] + coalesce(a.aliases, [])
  AND a.name_zh IS NOT NULL
MATCH (leader:Agency)-[:SUCCEEDED_BY*0..]->(a)
WHERE (leader = a OR $include_predecessors) AND leader.name_zh IS NOT NULL
WITH DISTINCT a, leader
MATCH (m:Measure)-[:LED_BY]->(leader)
MATCH (m)-[:PART_OF]->(d:Document)
WHERE m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL
RETURN coalesce(d.identifier, d.title) AS document, m.number AS number, m.title AS title,
       leader.name_zh AS agency_name
ORDER BY document, size(number), number, agency_name
