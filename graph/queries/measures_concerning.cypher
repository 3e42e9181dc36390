// Which measures concern a trade-facilitation concept, and who leads them?
// Cypher twin of measures_concerning.rq: same parameter ($concept), columns and order.
MATCH (c:Concept)
WHERE $concept IN [c.iri, c.name_zh, c.name_en] + coalesce(c.aliases, [])
MATCH (m:Measure)-[:CONCERNS]->(c)
MATCH (m)-[:PART_OF]->(d:Document)
WHERE m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL
OPTIONAL MATCH (m)-[:LED_BY]->(l:Agency)
WHERE l.name_zh IS NOT NULL
RETURN coalesce(d.identifier, d.title) AS document, m.number AS number, m.title AS title,
       coalesce(l.name_zh, '') AS lead
ORDER BY document, size(number), number, lead
