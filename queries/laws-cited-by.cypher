// name: laws-cited-by
// description: Documents an agency cites, optionally in one year and in some categories.
// param: agency_id: agency -- the citing agency: id, full name, short name or alias
// param: year: int = null -- only citations from this year
// param: categories: list[str] = null -- only documents of these categories (法律, 行政法规, …)
// column: law_id: str -- the document's id
// column: title: str -- its canonical title
// column: category: str -- its category
// column: years: list[int] -- the years the agency cites it in, ascending
// column: citations: int -- times cited
// column: reports: int -- the agency's reports citing it
// order: citations DESC, title, law_id
MATCH (:Agency {id: $agency_id})-[c:CITES]->(l:Law)
WHERE ($year IS NULL OR c.year = $year)
  AND ($categories IS NULL OR l.category IN $categories)
WITH l, c
ORDER BY c.year
WITH l, collect(c.year) AS years, sum(c.count) AS citations, sum(size(c.reports)) AS reports
RETURN l.id AS law_id, l.title AS title, l.category AS category, years, citations, reports
ORDER BY citations DESC, title, law_id
