// name: co-cited
// description: Documents cited in the same reports as a given document.
// param: law_id: law -- the document: id, full title, short name, Traditional or partial name
// param: year: int = null -- only reports of this year
// param: limit: int = 20 -- at most this many rows
// column: law_id: str -- the co-cited document's id
// column: title: str -- its canonical title
// column: category: str -- its category
// column: reports: int -- reports citing both
// column: citations: int -- times the co-cited document is cited in those reports
// order: reports DESC, citations DESC, title, law_id
// note: Counts every report, with or without an issuer or a year (Report -CITES-> Law).
MATCH (l:Law {id: $law_id})<-[:CITES]-(r:Report)-[c:CITES]->(o:Law)
WHERE o <> l AND ($year IS NULL OR r.year = $year)
WITH o, count(DISTINCT r) AS reports, sum(c.count) AS citations
RETURN o.id AS law_id, o.title AS title, o.category AS category, reports, citations
ORDER BY reports DESC, citations DESC, title, law_id
LIMIT $limit
