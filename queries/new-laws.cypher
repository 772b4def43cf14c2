// name: new-laws
// description: Documents cited for the first time (by any agency) in a year.
// param: year: int -- the year
// param: categories: list[str] = null -- only documents of these categories (法律, 行政法规, …)
// param: limit: int = 100 -- at most this many rows
// column: law_id: str -- the document's id
// column: title: str -- its canonical title
// column: category: str -- its category
// column: agencies: int -- agencies citing it that year
// column: citations: int -- times cited that year
// order: agencies DESC, citations DESC, title, law_id
MATCH (:Agency)-[c:CITES]->(l:Law)
WHERE $categories IS NULL OR l.category IN $categories
WITH l, min(c.year) AS first_year
WHERE first_year = $year
MATCH (a:Agency)-[c:CITES]->(l)
WHERE c.year = $year
WITH l, count(DISTINCT a) AS agencies, sum(c.count) AS citations
RETURN l.id AS law_id, l.title AS title, l.category AS category, agencies, citations
ORDER BY agencies DESC, citations DESC, title, law_id
LIMIT $limit
