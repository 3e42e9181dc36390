// Which documents did an agency issue?
// Cypher twin of documents_issued_by.rq: same parameter ($agency), columns and order.
MATCH (a:Agency)
WHERE $agency IN [a.iri, a.key, a.name_zh, a.name_en] + coalesce(a.aliases, [])
MATCH (d:Document)-[:ISSUED_BY]->(a)
WHERE d.title IS NOT NULL
RETURN DISTINCT coalesce(toString(d.issued), '') AS issued, coalesce(d.identifier, d.title) AS document,
       d.title AS title
ORDER BY issued, document
