// How is a document organised?
// Cypher twin of measures_by_section.rq: same parameter ($document), columns and order.
MATCH (d:Document)
WHERE $document IN [d.iri, d.identifier, d.title]
MATCH (m:Measure)-[:PART_OF]->(d)
WHERE m.number IS NOT NULL AND m.title IS NOT NULL
OPTIONAL MATCH (m)-[:IN_SECTION]->(s:Section)
WHERE s.number IS NOT NULL AND s.title IS NOT NULL
RETURN coalesce(s.number, '') AS section_number, coalesce(s.title, '') AS section,
       m.number AS number, m.title AS title
ORDER BY size(number), number
