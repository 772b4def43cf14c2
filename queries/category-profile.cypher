// name: category-profile
// description: What kinds of documents each agency cites: documents and citations per category, and the share.
// param: agency_id: agency = null -- one agency (default: every agency)
// param: year: int = null -- only citations from this year
// column: agency_id: str -- the agency's id
// column: agency: str -- its canonical name
// column: category: str -- the document category
// column: laws: int -- distinct documents of that category it cites
// column: citations: int -- times it cites them
// column: share: float -- citations / all its citations
// order: agency, agency_id, citations DESC, category
MATCH (a:Agency)-[c:CITES]->(l:Law)
WHERE ($agency_id IS NULL OR a.id = $agency_id)
  AND ($year IS NULL OR c.year = $year)
WITH a, l.category AS category, count(DISTINCT l) AS laws, sum(c.count) AS citations
WITH a, collect({category: category, laws: laws, citations: citations}) AS profile, sum(citations) AS total
UNWIND profile AS p
RETURN a.id AS agency_id, a.name AS agency, p.category AS category, p.laws AS laws,
       p.citations AS citations, toFloat(p.citations) / total AS share
ORDER BY agency, agency_id, citations DESC, category
