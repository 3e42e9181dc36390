// Which local measures take up a higher-level measure, or the measures of a higher-level document?
// Cypher twin of measures_aligned_with.rq: same parameter ($target), columns and order.
MATCH (h:Measure)-[:PART_OF]->(hd:Document)
WHERE ($target = h.iri OR $target IN [hd.iri, hd.identifier, hd.title])
  AND h.number IS NOT NULL AND hd.title IS NOT NULL
MATCH (m:Measure)-[a:ALIGNED_WITH]->(h)
MATCH (m)-[:PART_OF]->(d:Document)
WHERE m.number IS NOT NULL AND m.title IS NOT NULL AND d.title IS NOT NULL AND a.score IS NOT NULL
RETURN coalesce(hd.identifier, hd.title) AS aligned_document, h.number AS aligned_number,
       coalesce(d.identifier, d.title) AS document, m.number AS number, m.title AS title,
       toString(a.score) AS score
ORDER BY aligned_document, size(aligned_number), aligned_number, a.score DESC, document, size(number), number
