// name: adoption
// description: The diffusion of a document: the first (and last) year each agency cites it.
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// column: agency_id: str -- the agency's id
// column: agency: str -- its canonical name
// column: level: str -- central, provincial, municipal, district, street or unknown
// column: first_year: int -- the first year it cites the document
// column: last_year: int -- the last year it cites the document
// column: years_cited: int -- in how many years it cites it
// column: citations: int -- times cited, all years together
// order: first_year, agency, agency_id
MATCH (a:Agency)-[c:CITES]->(:Law {id: $law_id})
WITH a, min(c.year) AS first_year, max(c.year) AS last_year, count(c) AS years_cited, sum(c.count) AS citations
RETURN a.id AS agency_id, a.name AS agency, a.level AS level, first_year, last_year, years_cited, citations
ORDER BY first_year, agency, agency_id
