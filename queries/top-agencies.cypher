// name: top-agencies
// description: The agencies citing the most distinct documents, optionally in a year and categories.
// param: year: int = null -- only citations from this year
// param: categories: list[str] = null -- only documents of these categories (法律, 行政法规, …)
// param: limit: int = 20 -- at most this many rows
// column: agency_id: str -- the agency's id
// column: agency: str -- its canonical name
// column: laws: int -- distinct documents it cites
// column: reports: int -- its reports citing them
// column: citations: int -- times it cites them
// order: laws DESC, citations DESC, agency, agency_id
MATCH (a:Agency)-[c:CITES]->(l:Law)
WHERE ($year IS NULL OR c.year = $year)
  AND ($categories IS NULL OR l.category IN $categories)
WITH a, count(DISTINCT l) AS laws, sum(c.count) AS citations, collect(c.reports) AS report_lists
UNWIND report_lists AS report_list
UNWIND report_list AS report
WITH a, laws, citations, count(DISTINCT report) AS reports
RETURN a.id AS agency_id, a.name AS agency, laws, reports, citations
ORDER BY laws DESC, citations DESC, agency, agency_id
LIMIT $limit
