// Which agencies are involved in the most measures, and in which roles?
// Cypher twin of agencies_by_measures_involved.rq: distinct measures per agency, then its
// RESPONSIBLE relationships counted by role; same columns and order.
MATCH (m:Measure)-[r:RESPONSIBLE]->(a:Agency)
WHERE a.name_zh IS NOT NULL
WITH a, count(DISTINCT m) AS measures,
     sum(CASE r.role WHEN 'lead' THEN 1 ELSE 0 END) AS lead,
     sum(CASE r.role WHEN 'joint' THEN 1 ELSE 0 END) AS joint,
     sum(CASE r.role WHEN 'participant' THEN 1 ELSE 0 END) AS participant,
     sum(CASE r.role WHEN 'guide' THEN 1 ELSE 0 END) AS guide
RETURN a.name_zh AS agency, measures, lead, joint, participant, guide
ORDER BY measures DESC, lead DESC, agency
