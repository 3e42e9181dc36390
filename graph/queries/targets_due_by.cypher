// What is due by a date?
// Cypher twin of targets_due_by.rq: same parameter ($date, a date), columns and order.
MATCH (m)-[:HAS_TARGET]->(t:Target)
MATCH (m)-[:PART_OF]->(d:Document)
WHERE t.due_date <= $date AND t.text IS NOT NULL
  AND m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL
RETURN toString(t.due_date) AS due, coalesce(d.identifier, d.title) AS document, m.number AS number,
       m.title AS title, t.text AS target
ORDER BY due, document, size(number), number, target
