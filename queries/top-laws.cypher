// name: top-laws
// description: The most cited documents (by citing agencies, then citations), optionally in a year and categories.
// param: year: int = null -- only citations from this year
// param: categories: list[str] = null -- only documents of these categories (法律, 行政法规, …)
// param: limit: int = 20 -- at most this many rows
// column: law_id: str -- the document's id
// column: title: str -- its canonical title
// column: category: str -- its category
// column: agencies: int -- agencies citing it
// column: reports: int -- reports citing it
// column: citations: int -- times cited
// order: agencies DESC, citations DESC, title, law_id
MATCH (a:Agency)-[c:CITES]->(l:Law)
WHERE ($year IS NULL OR c.year = $year)
  AND ($categories IS NULL OR l.category IN $categories)
WITH l, count(DISTINCT a) AS agencies, sum(size(c.reports)) AS reports, sum(c.count) AS citations
RETURN l.id AS law_id, l.title AS title, l.category AS category, agencies, reports, citations
ORDER BY agencies DESC, citations DESC, title, law_id
LIMIT $limit
