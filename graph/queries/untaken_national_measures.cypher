// Which national measures does no local measure take up?
// Cypher twin of untaken_national_measures.rq: same columns and order.
MATCH (m:Measure)-[:PART_OF]->(d:Document)-[:JURISDICTION]->(:Place {place_type: 'country'})
WHERE m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL
  AND NOT EXISTS { MATCH (:Measure)-[:ALIGNED_WITH]->(m) }
RETURN DISTINCT coalesce(d.identifier, d.title) AS document, m.number AS number, m.title AS title
ORDER BY document, size(number), number
