// name: agencies-citing
// description: Agencies that cite a document, with the years they cite it in, citations and reports.
// param: law_id: law -- the cited document: id, full title, short name, Traditional or partial name
// param: year_from: int = null -- count only citations from this year on
// param: year_to: int = null -- count only citations up to this year
// column: agency_id: str -- the agency's id
// column: agency: str -- its canonical name
// column: years: list[int] -- the years it cites the document in, within the year range, ascending
// column: first_year: int -- the first year it ever cites the document (whatever the range)
// column: last_year: int -- the last year it ever cites the document (whatever the range)
// column: citations: int -- times it cites the document within the year range
// column: reports: int -- its reports that cite the document within the year range
// order: citations DESC, agency, agency_id
// note: Reads the Agency -CITES-> Law projection (one edge per agency, law and year), so
//   reports without an issuer or a year are not counted. year_from and year_to choose the
//   agencies (those citing in the range) and what is counted; first_year and last_year are
//   over all years, so an agency that first cited the document in 2022 says 2022 in a
//   2023–2024 range.
MATCH (a:Agency)-[c:CITES]->(:Law {id: $law_id})
WITH a, c
ORDER BY c.year
WITH a, min(c.year) AS first_year, max(c.year) AS last_year, collect(c) AS edges
WITH a, first_year, last_year,
     [c IN edges WHERE ($year_from IS NULL OR c.year >= $year_from) AND ($year_to IS NULL OR c.year <= $year_to)] AS inside
WHERE size(inside) > 0
RETURN a.id AS agency_id, a.name AS agency, [c IN inside | c.year] AS years, first_year, last_year,
       reduce(n = 0, c IN inside | n + c.count) AS citations,
       reduce(n = 0, c IN inside | n + size(c.reports)) AS reports
ORDER BY citations DESC, agency, agency_id
