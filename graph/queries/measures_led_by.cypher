// Which measures does an agency lead?
// Cypher twin of measures_led_by.rq: same parameter ($agency), columns and order.
MATCH (a:Agency)
WHERE $agency IN [a.iri, a.key, a.name_zh, a.name_en] + coalesce(a.aliases, [])
  AND a.name_zh IS NOT NULL
MATCH (m:Measure)-[:LED_BY]->(a)
MATCH (m)-[:PART_OF]->(d:Document)
WHERE m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL
RETURN coalesce(d.identifier, d.title) AS document, m.number AS number, m.title AS title,
       a.name_zh AS agency_name
ORDER BY document, size(number), number, agency_name
