// name: stale-citations
// description: Citations of documents that were repealed by the report's date, with their successor.
// param: law_id: law = null -- one document (default: all)
// param: agency_id: agency = null -- reports of one agency (default: all)
// param: year: int = null -- reports of one year (default: all)
// column: report_id: str -- the citing report's id
// column: report: str -- its title
// column: year: int -- its reporting year
// column: date: str -- its date: published, else 31 December of its year (ISO)
// column: agency_id: str -- its issuer's id (null if unknown)
// column: agency: str -- its issuer's name
// column: law_id: str -- the repealed document's id
// column: title: str -- its title
// column: repealed: str -- the date it was repealed (from the catalog)
// column: successor: str -- what replaced it, if the catalog says
// order: date, report_id, title, law_id
// note: Validity comes from the catalog (Law.repealed); a document is stale when the
//   report's date is on or after its repeal date. Reports with neither a date nor a year
//   are skipped.
MATCH (r:Report)-[:CITES]->(l:Law)
WHERE l.repealed IS NOT NULL
  AND ($law_id IS NULL OR l.id = $law_id)
  AND ($year IS NULL OR r.year = $year)
WITH r, l, coalesce(toString(r.published), toString(r.year) + '-12-31') AS date
WHERE date >= l.repealed
OPTIONAL MATCH (a:Agency)-[:ISSUED]->(r)
WITH r, l, date, a
WHERE $agency_id IS NULL OR a.id = $agency_id
RETURN r.id AS report_id, r.title AS report, r.year AS year, date, a.id AS agency_id, a.name AS agency,
       l.id AS law_id, l.title AS title, l.repealed AS repealed, l.successor AS successor
ORDER BY date, report_id, title, law_id
