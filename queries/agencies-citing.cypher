// name: agencies-citing
// description: Agencies that cite a document, with the years they cite it in, citations and reports.
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// param: year_from: int = null -- count only citations from this year on
// param: year_to: int = null -- count only citations up to this year
// column: agency_id: str -- the agency's id
// column: agency: str -- its canonical name
// column: years: list[int] -- the years it cites the document in, ascending
// column: first_year: int -- the first of them
// column: last_year: int -- the last of them
// column: citations: int -- times it cites the document, all years together
// column: reports: int -- its reports that cite the document
// order: citations DESC, agency, agency_id
// note: Reads the Agency -CITES-> Law projection (one edge per agency, law and year), so
//   reports without an issuer or a year are not counted.
MATCH (a:Agency)-[c:CITES]->(:Law {id: $law_id})
WHERE ($year_from IS NULL OR c.year >= $year_from)
  AND ($year_to IS NULL OR c.year <= $year_to)
WITH a, c
ORDER BY c.year
WITH a, collect(c.year) AS years, min(c.year) AS first_year, max(c.year) AS last_year,
     sum(c.count) AS citations, sum(size(c.reports)) AS reports
RETURN a.id AS agency_id, a.name AS agency, years, first_year, last_year, citations, reports
ORDER BY citations DESC, agency, agency_id
